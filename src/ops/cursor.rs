//! Pagination cursors: a `LastEvaluatedKey` as an opaque, URL-safe string that round-trips
//! exactly (strings, numbers as their decimal text, binaries as their bytes).
//!
//! Layout before base64 (URL-safe alphabet, no padding): a format version byte, the 64-bit
//! scope of the request that made it (table, index, operation, segment), the number of key
//! attributes, then per attribute a type tag, a 16-bit length and the value's bytes, and
//! last a 64-bit FNV-1a checksum of everything before it.
//!
//! The checksum finds altered and truncated cursors; it is not a signature. A cursor forged
//! by someone who knows this layout can only move where a read of the same query starts:
//! DynamoDB still applies the key condition, and a query's partition is checked here.

use crate::codec::{key_value_problem, Numbers};
use crate::error::{Error, Result};
use crate::schema::{KeyAttribute, ScalarType};
use crate::Item;
use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

const FORMAT: u8 = 1;
const CHECKSUM_LENGTH: usize = 8;

/// Longest key value DynamoDB stores (a partition key), in bytes.
const MAX_VALUE_LENGTH: usize = 2048;

/// A 64-bit FNV-1a hash: stable across Rust versions and platforms, unlike `std`'s hashers.
pub(crate) fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Encodes `position` (a `LastEvaluatedKey` holding exactly `attributes`) for `scope`.
pub(crate) fn encode(scope: u64, attributes: &[KeyAttribute], position: &Item) -> Result<String> {
    let mut bytes = vec![FORMAT];
    bytes.extend_from_slice(&scope.to_le_bytes());
    // At most four: the table's hash and range keys and an index's.
    bytes.push(attributes.len() as u8);
    for attribute in attributes {
        let value: &[u8] = match (position.get(attribute.name), attribute.scalar_type) {
            (Some(AttributeValue::S(text)), ScalarType::String) => text.as_bytes(),
            (Some(AttributeValue::N(number)), ScalarType::Number) => number.as_bytes(),
            (Some(AttributeValue::B(blob)), ScalarType::Binary) => blob.as_ref(),
            _ => {
                return Err(Error::InvalidCursor {
                    reason: format!(
                        "the position to resume from has no {} key attribute `{}`",
                        attribute.scalar_type.as_str(),
                        attribute.name
                    ),
                })
            }
        };
        let length = u16::try_from(value.len()).map_err(|_| Error::InvalidCursor {
            reason: format!(
                "the key attribute `{}` is too long for a cursor",
                attribute.name
            ),
        })?;
        bytes.push(tag_of(attribute.scalar_type));
        bytes.extend_from_slice(&length.to_le_bytes());
        bytes.extend_from_slice(value);
    }
    let checksum = fingerprint([bytes.as_slice()]);
    bytes.extend_from_slice(&checksum.to_le_bytes());
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Decodes a cursor made by [`encode`] for the same `scope` and `attributes`.
pub(crate) fn decode(cursor: &str, scope: u64, attributes: &[KeyAttribute]) -> Result<Item> {
    let invalid = |reason: &str| Error::InvalidCursor {
        reason: reason.to_owned(),
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| invalid("it is not URL-safe base64, so dynamoxide did not make it"))?;
    if bytes.len() < 1 + 8 + 1 + CHECKSUM_LENGTH {
        return Err(invalid("it is too short to be one dynamoxide made"));
    }
    let (body, checksum) = bytes.split_at(bytes.len() - CHECKSUM_LENGTH);
    if fingerprint([body]).to_le_bytes() != checksum {
        return Err(invalid(
            "its checksum does not match: it was altered or truncated",
        ));
    }
    let mut reader = Reader(body);
    if reader.byte()? != FORMAT {
        return Err(invalid("it was made by another version of dynamoxide"));
    }
    if reader.take(8)? != scope.to_le_bytes() {
        return Err(invalid(
            "it belongs to another table, index or kind of request",
        ));
    }
    if usize::from(reader.byte()?) != attributes.len() {
        return Err(invalid(
            "it holds another number of key attributes than this index has",
        ));
    }
    let mut position = Item::with_capacity(attributes.len());
    for attribute in attributes {
        let tag = reader.byte()?;
        let length = u16::from_le_bytes([reader.byte()?, reader.byte()?]);
        let raw = reader.take(usize::from(length))?;
        if tag != tag_of(attribute.scalar_type) {
            return Err(invalid(
                "its key attributes have other types than this index's",
            ));
        }
        let value = match attribute.scalar_type {
            ScalarType::String => AttributeValue::S(utf8(raw)?),
            ScalarType::Number => AttributeValue::N(utf8(raw)?),
            ScalarType::Binary => AttributeValue::B(Blob::new(raw)),
        };
        if let Some(problem) = key_value_problem(
            &value,
            attribute.scalar_type,
            MAX_VALUE_LENGTH,
            Numbers::Unchecked,
        ) {
            return Err(Error::InvalidCursor {
                reason: format!("its `{}` {problem}", attribute.name),
            });
        }
        position.insert(attribute.name.to_owned(), value);
    }
    if !reader.0.is_empty() {
        return Err(invalid("it has bytes after its last key attribute"));
    }
    Ok(position)
}

fn tag_of(scalar_type: ScalarType) -> u8 {
    match scalar_type {
        ScalarType::String => b'S',
        ScalarType::Number => b'N',
        ScalarType::Binary => b'B',
    }
}

fn utf8(raw: &[u8]) -> Result<String> {
    String::from_utf8(raw.to_vec()).map_err(|_| Error::InvalidCursor {
        reason: "a key value in it is not UTF-8".to_owned(),
    })
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(Error::InvalidCursor {
                reason: "it ends inside a key attribute".to_owned(),
            });
        }
        let (taken, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(taken)
    }

    fn byte(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTRIBUTES: &[KeyAttribute] = &[
        KeyAttribute {
            name: "pk",
            scalar_type: ScalarType::Binary,
        },
        KeyAttribute {
            name: "sk",
            scalar_type: ScalarType::Number,
        },
        KeyAttribute {
            name: "email",
            scalar_type: ScalarType::String,
        },
    ];

    fn position() -> Item {
        Item::from([
            (
                "pk".to_owned(),
                AttributeValue::B(Blob::new(vec![0, 255, 7])),
            ),
            ("sk".to_owned(), AttributeValue::N("-12.500e3".to_owned())),
            ("email".to_owned(), AttributeValue::S("ä@b.c".to_owned())),
        ])
    }

    #[test]
    fn round_trips_binary_numeric_and_string_keys_exactly() {
        let cursor = encode(42, ATTRIBUTES, &position()).unwrap();
        assert!(cursor
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(decode(&cursor, 42, ATTRIBUTES).unwrap(), position());
    }

    #[test]
    fn every_altered_byte_is_detected() {
        let cursor = encode(42, ATTRIBUTES, &position()).unwrap();
        let bytes = URL_SAFE_NO_PAD.decode(&cursor).unwrap();
        for index in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[index] ^= 0x01;
            let error = decode(&URL_SAFE_NO_PAD.encode(&altered), 42, ATTRIBUTES).unwrap_err();
            assert!(matches!(error, Error::InvalidCursor { .. }), "byte {index}");
        }
        let truncated = &cursor[..cursor.len() - 3];
        assert!(matches!(
            decode(truncated, 42, ATTRIBUTES),
            Err(Error::InvalidCursor { .. })
        ));
    }

    #[test]
    fn a_cursor_of_another_scope_or_shape_is_refused() {
        let cursor = encode(42, ATTRIBUTES, &position()).unwrap();
        let Err(Error::InvalidCursor { reason }) = decode(&cursor, 43, ATTRIBUTES) else {
            panic!("a foreign cursor was accepted");
        };
        assert!(reason.contains("another table"), "{reason}");
        assert!(decode(&cursor, 42, &ATTRIBUTES[..2]).is_err());
        assert!(decode("not a cursor!", 42, ATTRIBUTES).is_err());
        assert!(decode("", 42, ATTRIBUTES).is_err());
    }

    #[test]
    fn fingerprints_separate_their_parts() {
        assert_ne!(
            fingerprint([b"ab".as_slice(), b"c"]),
            fingerprint([b"a".as_slice(), b"bc"])
        );
    }
}
