//! Keys as bytes: equal for equal keys, and the key reads back from them. An identity of up
//! to 64 bytes (the table, the key's names and values) takes no allocation. Batches,
//! transactions and references find duplicates, order results and match DynamoDB's answers
//! with them.

use crate::limits::Decimal;
use crate::model::Model;
use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;
use smallvec::SmallVec;
use std::borrow::Cow;

/// A table and key in one byte string, equal for equal keys (to find duplicates, order
/// results and match DynamoDB's answers): the table, then each key attribute (sorted by name)
/// as its name, a type tag and its value, every part length-prefixed. Numbers are in their
/// canonical spelling ([`canonical_number`]), since DynamoDB keys compare numbers by value.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct KeyIdentity(SmallVec<[u8; INLINE]>);

/// The table and the key, not the bytes.
impl std::fmt::Debug for KeyIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyIdentity")
            .field("table", &self.table())
            .field("key", &self.key())
            .finish()
    }
}

/// The bytes an identity holds without allocating: a 16-character table, a 6-character key
/// name and a UUID fit, with their prefixes and tag (62 bytes). Every write of a batch keeps
/// one until DynamoDB confirms it. (A number key not spelled as a plain integer is respelled
/// first, which allocates.)
const INLINE: usize = 64;

/// The most attributes an item may have for [`KeyIdentity::of_keyed`] to go through them
/// rather than look its key attributes up. Measured on a batch get of 7-attribute items:
/// looking up a hash and a range key took ~700 instructions, going through the item ~200.
/// Natively (the identity included, medians of 9 runs), a pass took 96 ns against the
/// lookups' 111 at 7 attributes and 95 against 106 at 12; about even at 16 (109 against
/// 105), slower at 24 (130 against 107).
const SCANNED: usize = 12;

/// The type tags of key values.
const STRING: u8 = b'S';
const NUMBER: u8 = b'N';
const BINARY: u8 = b'B';
/// Not a key type: checked keys never have one; kept apart all the same.
const OTHER: u8 = b'?';

impl KeyIdentity {
    /// The identity of the key with these attributes in `table`. Keys of one or two
    /// attributes (every valid key) are ordered without a list of their own.
    fn new<'a>(
        table: &str,
        key: impl IntoIterator<Item = (&'a str, &'a AttributeValue)>,
    ) -> KeyIdentity {
        let mut key = key.into_iter().fuse();
        match (key.next(), key.next(), key.next()) {
            (None, _, _) => KeyIdentity::of_sorted(table, &[]),
            (Some(only), None, _) => KeyIdentity::of_sorted(table, &[only]),
            (Some(a), Some(b), None) if a.0 <= b.0 => KeyIdentity::of_sorted(table, &[a, b]),
            (Some(a), Some(b), None) => KeyIdentity::of_sorted(table, &[b, a]),
            (Some(a), Some(b), Some(c)) => {
                let mut attributes = vec![a, b, c];
                attributes.extend(key);
                attributes.sort_unstable_by(|a, b| a.0.cmp(b.0));
                KeyIdentity::of_sorted(table, &attributes)
            }
        }
    }

    /// The identity of the key with these attributes, sorted by name, in `table`: written in
    /// place in one pass when it fits, else counted and written into one allocation of its
    /// exact size.
    fn of_sorted(table: &str, attributes: &[(&str, &AttributeValue)]) -> KeyIdentity {
        let write = |out: &mut [u8]| -> Option<usize> {
            let mut at = 0;
            put(out, &mut at, table.as_bytes())?;
            for (name, value) in attributes {
                put(out, &mut at, name.as_bytes())?;
                let (tag, bytes) = tagged(value);
                *out.get_mut(at)? = tag;
                at += 1;
                put(out, &mut at, &bytes)?;
            }
            Some(at)
        };
        let mut buffer = [0; INLINE];
        if let Some(length) = write(&mut buffer) {
            return KeyIdentity(SmallVec::from_buf_and_len(buffer, length));
        }
        let prefixed = |length: usize| prefix_size(length) + length;
        let length = attributes
            .iter()
            .fold(prefixed(table.len()), |length, (name, value)| {
                length + prefixed(name.len()) + 1 + prefixed(tagged(value).1.len())
            });
        let mut bytes = vec![0; length];
        write(&mut bytes).expect("the identity's length was counted");
        KeyIdentity(SmallVec::from_vec(bytes))
    }

    /// The identity of the key with these attributes (its attributes, no others) in `table`.
    pub(crate) fn of_attributes(table: &str, key: &[(&str, &AttributeValue)]) -> KeyIdentity {
        KeyIdentity::new(table, key.iter().copied())
    }

    /// The identity of `key` (its attributes, no others) in `table`.
    pub(crate) fn of_key(table: &str, key: &Item) -> KeyIdentity {
        KeyIdentity::new(
            table,
            key.iter().map(|(name, value)| (name.as_str(), value)),
        )
    }

    /// The identity of the key of `item`, whose key attributes are `names`.
    fn of_item<'a>(
        table: &str,
        names: impl IntoIterator<Item = &'a str>,
        item: &'a Item,
    ) -> KeyIdentity {
        KeyIdentity::new(
            table,
            names
                .into_iter()
                .filter_map(|name| Some((name, item.get(name)?))),
        )
    }

    /// The identity of the key of `item`, a stored item of `M`.
    pub(crate) fn of_stored<M: Model>(table: &str, item: &Item) -> KeyIdentity {
        let range = M::SCHEMA.range_key.map(|key| key.name);
        KeyIdentity::of_keyed(table, M::SCHEMA.hash_key.name, range, item)
    }

    /// The identity of the key of `item`, whose key attributes are `hash` and `range`. An
    /// item of up to [`SCANNED`] attributes is gone through once, until both are found,
    /// instead of looked up by name: a lookup hashes the name with SipHash, which costs more
    /// than comparing the names of a dozen attributes.
    fn of_keyed(table: &str, hash: &str, range: Option<&str>, item: &Item) -> KeyIdentity {
        if item.len() > SCANNED {
            return KeyIdentity::of_item(table, std::iter::once(hash).chain(range), item);
        }
        let wanted = 1 + usize::from(range.is_some());
        let mut key = [None, None];
        let mut found = 0;
        for (name, value) in item {
            let slot = if name == hash {
                0
            } else if range == Some(name.as_str()) {
                1
            } else {
                continue;
            };
            key[slot] = Some((name.as_str(), value));
            found += 1;
            if found == wanted {
                break;
            }
        }
        KeyIdentity::new(table, key.into_iter().flatten())
    }

    /// The table.
    pub(crate) fn table(&self) -> &str {
        self.parts().0
    }

    /// The key, as an item.
    pub(crate) fn key(&self) -> Item {
        self.parts()
            .1
            .map(|(name, tag, bytes)| (name.to_owned(), untagged(tag, bytes)))
            .collect()
    }

    /// Whether `item` (a whole item or a key) in `table` has this key.
    pub(crate) fn is_key_of(&self, table: &str, item: &Item) -> bool {
        let (own_table, mut attributes) = self.parts();
        own_table == table
            && attributes.all(|(name, tag, bytes)| {
                item.get(name)
                    .is_some_and(|value| tagged(value) == (tag, Cow::Borrowed(bytes)))
            })
    }

    /// The table, and each attribute's name, tag and value bytes.
    fn parts(&self) -> (&str, impl Iterator<Item = (&str, u8, &[u8])>) {
        let mut rest = self.0.as_slice();
        let table = text(take(&mut rest));
        let attributes = std::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            let name = text(take(&mut rest));
            let (tag, after_tag) = rest.split_first().expect("a tag follows each name");
            rest = after_tag;
            Some((name, *tag, take(&mut rest)))
        });
        (table, attributes)
    }
}

/// Whether each of `identities` is the first of its key, or `None` when every one is: which
/// to keep of a batch's keys given more than once. The set holds references, 8 bytes a
/// bucket against an identity's 80, so a large batch's stays in the cache. Keys are hashed
/// with foldhash, several times faster than std's SipHash on keys and randomly seeded, but
/// only minimally resistant to flooding with colliding keys (its docs: not for programs
/// whose random state an attacker could reverse-engineer by studying them); the set lives
/// for one batch.
pub(super) fn first_occurrences<'a>(
    identities: impl IntoIterator<Item = &'a KeyIdentity, IntoIter: Clone + ExactSizeIterator>,
) -> Option<Vec<bool>> {
    let identities = identities.into_iter();
    let mut seen: foldhash::HashSet<&KeyIdentity> =
        foldhash::HashSet::with_capacity_and_hasher(identities.len(), Default::default());
    seen.extend(identities.clone());
    if seen.len() == identities.len() {
        return None;
    }
    seen.clear();
    Some(identities.map(|identity| seen.insert(identity)).collect())
}

/// Writes `part` at `at` in `out` (moving `at` past it) after its length, in seven-bit
/// groups, lowest first, the high bit set on every group but the last: one byte below 128,
/// so names and short keys take one. `None`, writing nothing, when `out` has no room for it.
fn put(out: &mut [u8], at: &mut usize, part: &[u8]) -> Option<()> {
    let end = *at + prefix_size(part.len()) + part.len();
    let out = out.get_mut(*at..end)?;
    let mut length = part.len();
    let mut written = 0;
    while length >= 0x80 {
        out[written] = (length & 0x7f) as u8 | 0x80;
        written += 1;
        length >>= 7;
    }
    out[written] = length as u8;
    out[written + 1..].copy_from_slice(part);
    *at = end;
    Some(())
}

/// The bytes of the prefix [`put`] writes before a part of `length` bytes.
fn prefix_size(length: usize) -> usize {
    (usize::BITS - length.leading_zeros()).div_ceil(7).max(1) as usize
}

/// The next length-prefixed part of `rest`, which moves past it.
fn take<'a>(rest: &mut &'a [u8]) -> &'a [u8] {
    let mut length = 0;
    let mut shift = 0;
    loop {
        let (&group, after) = rest.split_first().expect("a length prefix");
        *rest = after;
        length |= usize::from(group & 0x7f) << shift;
        if group < 0x80 {
            break;
        }
        shift += 7;
    }
    let (part, after) = rest.split_at(length);
    *rest = after;
    part
}

/// A part written from a `&str`.
fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("written from a str")
}

fn tagged(value: &AttributeValue) -> (u8, Cow<'_, [u8]>) {
    match value {
        AttributeValue::S(text) => (STRING, Cow::Borrowed(text.as_bytes())),
        AttributeValue::N(number) => match canonical_number(number) {
            Cow::Borrowed(number) => (NUMBER, Cow::Borrowed(number.as_bytes())),
            Cow::Owned(number) => (NUMBER, Cow::Owned(number.into_bytes())),
        },
        AttributeValue::B(blob) => (BINARY, Cow::Borrowed(blob.as_ref())),
        _ => (
            OTHER,
            Cow::Borrowed(crate::codec::type_name(value).as_bytes()),
        ),
    }
}

/// `number` in one spelling per value: no `+`, no exponent, no leading zeros before the
/// point nor trailing zeros after it, and zero as `0`; `1`, `+1`, `1.0`, `10E-1` and `0.1e1`
/// are all `1`. A string that is not a number is given back as it is.
fn canonical_number(number: &str) -> Cow<'_, str> {
    let plain = number.bytes().all(|byte| byte.is_ascii_digit())
        && !number.is_empty()
        && (number == "0" || !number.starts_with('0'));
    if plain {
        return Cow::Borrowed(number);
    }
    // DynamoDB's numbers lie between 1E-130 and 1E126: a larger exponent is no number.
    let Some(decimal) = Decimal::parse(number).filter(|d| (-400..=400).contains(&d.exponent))
    else {
        return Cow::Borrowed(number);
    };
    let Some((leading, length)) = decimal.significant() else {
        return Cow::Owned("0".to_owned());
    };
    let digits = format!("{}{}", decimal.integer, decimal.fraction);
    let significant = &digits[leading..leading + length];
    // Where the point falls, counted in significant digits from the first one.
    let point = decimal.integer.len() as i64 - leading as i64 + decimal.exponent;
    let mut canonical = String::with_capacity(length + 4);
    if decimal.negative {
        canonical.push('-');
    }
    let length = length as i64;
    if point <= 0 {
        canonical.push_str("0.");
        canonical.extend(std::iter::repeat_n('0', (-point) as usize));
        canonical.push_str(significant);
    } else if point >= length {
        canonical.push_str(significant);
        canonical.extend(std::iter::repeat_n('0', (point - length) as usize));
    } else {
        let (before, after) = significant.split_at(point as usize);
        canonical.push_str(before);
        canonical.push('.');
        canonical.push_str(after);
    }
    Cow::Owned(canonical)
}

fn untagged(tag: u8, bytes: &[u8]) -> AttributeValue {
    match tag {
        STRING => AttributeValue::S(text(bytes).to_owned()),
        NUMBER => AttributeValue::N(text(bytes).to_owned()),
        BINARY => AttributeValue::B(bytes.to_vec().into()),
        _ => AttributeValue::Null(true),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(pairs: &[(&str, AttributeValue)]) -> Item {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.clone()))
            .collect()
    }

    #[test]
    fn equal_keys_have_equal_identities_whatever_the_order() {
        let a = key(&[
            ("pk", AttributeValue::S("a".into())),
            ("sk", AttributeValue::N("1".into())),
        ]);
        let b = key(&[
            ("sk", AttributeValue::N("1".into())),
            ("pk", AttributeValue::S("a".into())),
        ]);
        assert_eq!(KeyIdentity::of_key("t", &a), KeyIdentity::of_key("t", &b));
        assert_ne!(KeyIdentity::of_key("t", &a), KeyIdentity::of_key("u", &a));
    }

    #[test]
    fn parts_never_run_together() {
        let ab = key(&[("k", AttributeValue::S("ab".into()))]);
        let number = key(&[("k", AttributeValue::N("ab".into()))]);
        assert_ne!(
            KeyIdentity::of_key("t", &ab),
            KeyIdentity::of_key("t", &number)
        );
        let split = key(&[
            ("k", AttributeValue::S("a".into())),
            ("kb", AttributeValue::S("".into())),
        ]);
        assert_ne!(
            KeyIdentity::of_key("t", &ab),
            KeyIdentity::of_key("t", &split)
        );
    }

    #[test]
    fn numbers_equal_in_value_have_one_spelling() {
        for (spelling, canonical) in [
            ("1", "1"),
            ("+1", "1"),
            ("1.0", "1"),
            ("10E-1", "1"),
            ("0.1e1", "1"),
            ("007", "7"),
            ("1e2", "100"),
            ("1.50", "1.5"),
            ("0.001", "0.001"),
            ("1E-3", "0.001"),
            ("-2.50e1", "-25"),
            ("-0.0", "0"),
            ("1e-9223372036854775808", "1e-9223372036854775808"),
            ("1e999", "1e999"),
            ("é1", "é1"),
            ("1.2.3", "1.2.3"),
            ("0", "0"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567890",
            ),
        ] {
            assert_eq!(canonical_number(spelling), canonical, "{spelling}");
        }
        let one = key(&[("n", AttributeValue::N("1".into()))]);
        let respelled = key(&[("n", AttributeValue::N("1.0".into()))]);
        assert_eq!(
            KeyIdentity::of_key("t", &one),
            KeyIdentity::of_key("t", &respelled)
        );
        assert!(KeyIdentity::of_key("t", &one).is_key_of("t", &respelled));
    }

    #[test]
    fn the_table_and_key_read_back() {
        let original = key(&[
            ("pk", AttributeValue::S("ORG#1".into())),
            ("sk", AttributeValue::N("42".into())),
            ("blob", AttributeValue::B(vec![0, 255].into())),
        ]);
        let identity = KeyIdentity::of_key("app", &original);
        assert_eq!(identity.table(), "app");
        assert_eq!(identity.key(), original);
    }

    #[test]
    fn debug_shows_the_table_and_key() {
        let identity =
            KeyIdentity::of_key("orders", &key(&[("n", AttributeValue::N("1.50".into()))]));
        let shown = format!("{identity:?}");
        assert!(
            shown.starts_with("KeyIdentity { table: \"orders\", key: "),
            "{shown}"
        );
        assert!(shown.contains("N(\"1.5\")"), "{shown}");
    }

    #[test]
    fn long_parts_read_back_and_small_keys_stay_inline() {
        for length in [0, 1, 127, 128, 300, 16_383, 16_384, 70_000] {
            let original = key(&[
                ("pk", AttributeValue::S("x".repeat(length))),
                ("sk", AttributeValue::B(vec![7; length].into())),
            ]);
            let identity = KeyIdentity::of_key(&"t".repeat(length), &original);
            assert_eq!(identity.table(), "t".repeat(length), "{length}");
            assert_eq!(identity.key(), original, "{length}");
            assert!(identity.is_key_of(&"t".repeat(length), &original));
            let (mut written, mut at) = (vec![0; length + 3], 0);
            assert_eq!(put(&mut written, &mut at, &vec![1; length]), Some(()));
            assert_eq!(at, prefix_size(length) + length, "{length}");
            let (mut short, mut at) = (vec![0; prefix_size(length) + length - 1], 0);
            assert_eq!(put(&mut short, &mut at, &vec![1; length]), None, "{length}");
            assert_eq!((at, short.iter().any(|byte| *byte != 0)), (0, false));
        }
        // A one-byte table and name, a tag and three one-byte prefixes take 6 bytes: a value
        // of 58 fills the inline 64.
        for (length, spilled) in [(57, false), (58, false), (59, true)] {
            let original = key(&[("k", AttributeValue::S("x".repeat(length)))]);
            let identity = KeyIdentity::of_key("t", &original);
            assert_eq!(identity.0.spilled(), spilled, "{length}");
            assert_eq!(identity.key(), original, "{length}");
        }
        let small = key(&[(
            "id",
            AttributeValue::S("9b2e6f0c-4a51-4b7e-9c1d-2f3a4b5c6d7e".into()),
        )]);
        assert!(!KeyIdentity::of_key("production_orders", &small).0.spilled());
    }

    #[test]
    fn an_item_matches_on_its_table_and_key_attributes_only() {
        let item = key(&[
            ("pk", AttributeValue::S("a".into())),
            ("sk", AttributeValue::N("1".into())),
            ("name", AttributeValue::S("Ada".into())),
        ]);
        let identity = KeyIdentity::of_item("t", ["pk", "sk"], &item);
        assert_eq!(identity.key().len(), 2);
        assert!(identity.is_key_of("t", &item));
        assert!(!identity.is_key_of("u", &item));
        let other = key(&[
            ("pk", AttributeValue::S("a".into())),
            ("sk", AttributeValue::N("2".into())),
        ]);
        assert!(!identity.is_key_of("t", &other));
        let typed_apart = key(&[
            ("pk", AttributeValue::S("a".into())),
            ("sk", AttributeValue::S("1".into())),
        ]);
        assert!(!identity.is_key_of("t", &typed_apart));
    }

    #[test]
    fn a_stored_items_key_is_found_whatever_its_width() {
        let (hash, range) = (
            ("pk", AttributeValue::S("a".into())),
            ("sk", AttributeValue::N("1".into())),
        );
        for width in 0..=SCANNED + 8 {
            // Names as long as the key's, and one that starts like it, among the others.
            let others: Vec<(String, AttributeValue)> = (0..width)
                .map(|n| {
                    (
                        format!("{}{n}", ["p", "s", "pk"][n % 3]),
                        AttributeValue::S(n.to_string()),
                    )
                })
                .collect();
            let with = |key_attributes: &[&(&str, AttributeValue)]| -> Item {
                let mut item: Item = others.iter().cloned().collect();
                item.extend(
                    key_attributes
                        .iter()
                        .map(|(name, value)| (name.to_string(), value.clone())),
                );
                item
            };
            let both = KeyIdentity::of_key("t", &key(&[hash.clone(), range.clone()]));
            let hash_only = KeyIdentity::of_key("t", &key(std::slice::from_ref(&hash)));
            let item = with(&[&hash, &range]);
            assert_eq!(
                KeyIdentity::of_keyed("t", "pk", Some("sk"), &item),
                both,
                "{width}"
            );
            assert_eq!(
                KeyIdentity::of_keyed("t", "pk", None, &item),
                hash_only,
                "{width}"
            );
            let without_range = with(&[&hash]);
            assert_eq!(
                KeyIdentity::of_keyed("t", "pk", Some("sk"), &without_range),
                hash_only,
                "{width}"
            );
            let without_hash = with(&[&range]);
            assert_eq!(
                KeyIdentity::of_keyed("t", "pk", Some("sk"), &without_hash),
                KeyIdentity::of_key("t", &key(std::slice::from_ref(&range))),
                "{width}"
            );
        }
    }

    #[test]
    fn first_occurrences_marks_the_first_of_each_key() {
        let identity =
            |id: &str| KeyIdentity::of_key("t", &key(&[("id", AttributeValue::S(id.into()))]));
        let unique: Vec<KeyIdentity> = ["a", "b", "c"].map(identity).into();
        assert_eq!(first_occurrences(&unique), None);
        let repeated: Vec<KeyIdentity> = ["a", "b", "a", "c", "b", "b"].map(identity).into();
        assert_eq!(
            first_occurrences(&repeated),
            Some(vec![true, true, false, true, false, false])
        );
        assert_eq!(
            first_occurrences(repeated.iter().rev()),
            Some(vec![true, false, true, true, false, false])
        );
        assert_eq!(first_occurrences(&[]), None);
    }
}
