//! The limits DynamoDB enforces on an item, checked before a request is sent: the 400 KB
//! item size, number precision and range, empty sets and nesting depth.

use crate::Item;
use aws_sdk_dynamodb::types::AttributeValue;
use std::fmt;

/// The largest item DynamoDB stores: 400 KB, attribute names included.
pub const MAX_ITEM_SIZE: usize = 400 * 1024;

/// The deepest nesting of lists and maps DynamoDB accepts.
pub const MAX_NESTING_DEPTH: usize = 32;

/// The most significant digits a DynamoDB number keeps.
pub const MAX_NUMBER_DIGITS: usize = 38;

/// A limit an item breaks, with the attribute path at fault.
///
/// ```
/// use dynamoxide::limits::{check_item, LimitViolation};
/// use dynamoxide::types::AttributeValue;
///
/// let item = [("score".to_owned(), AttributeValue::N("NaN".into()))].into();
/// let violation = check_item(&item).unwrap_err();
/// assert!(matches!(violation, LimitViolation::InvalidNumber { ref attribute, .. } if attribute == "score"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitViolation {
    /// The item is larger than [`MAX_ITEM_SIZE`].
    ItemTooLarge {
        /// The item's size as DynamoDB counts it, in bytes.
        size: usize,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A number DynamoDB cannot store (not a number, too precise, or out of range).
    InvalidNumber {
        /// The attribute path (`scores[2]`, `stats.mean`).
        attribute: String,
        /// The number as it was written.
        value: String,
        /// Why it is rejected.
        reason: &'static str,
    },
    /// A string, number or binary set with no members; DynamoDB rejects empty sets.
    EmptySet {
        /// The attribute path.
        attribute: String,
    },
    /// Lists and maps nested deeper than [`MAX_NESTING_DEPTH`].
    TooDeep {
        /// The attribute path where the limit is crossed.
        attribute: String,
    },
}

impl fmt::Display for LimitViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitViolation::ItemTooLarge { size, limit } => {
                write!(
                    f,
                    "the item is {size} bytes; DynamoDB stores at most {limit}"
                )
            }
            LimitViolation::InvalidNumber {
                attribute,
                value,
                reason,
            } => write!(
                f,
                "`{attribute}` holds the number `{value}`, which {reason}"
            ),
            LimitViolation::EmptySet { attribute } => {
                write!(
                    f,
                    "`{attribute}` is an empty set; DynamoDB rejects empty sets"
                )
            }
            LimitViolation::TooDeep { attribute } => write!(
                f,
                "`{attribute}` is nested more than {MAX_NESTING_DEPTH} levels deep"
            ),
        }
    }
}

/// Checks every limit on `item` and returns its size in bytes as DynamoDB counts it.
///
/// ```
/// use dynamoxide::limits::check_item;
/// use dynamoxide::types::AttributeValue;
///
/// let item = [("id".to_owned(), AttributeValue::S("abc".into()))].into();
/// assert_eq!(check_item(&item), Ok(5)); // "id" + "abc"
/// ```
pub fn check_item(item: &Item) -> Result<usize, LimitViolation> {
    let mut size = 0;
    for (name, value) in item {
        size += name.len()
            + top_value_size(value)
                .map_err(|error| error.at(Segment::Attribute(name)).into_violation())?;
    }
    check_size(size)
}

/// The bytes one attribute adds to an item's size, or `None` when it breaks a limit: for a
/// walk that asks [`check_item`] which only when one is broken. Every number in the value is
/// checked on the way: `Some` says they are all ones DynamoDB stores, which the key checks
/// of a stored item rely on (`codec::Numbers::Valid`).
pub(crate) fn attribute_size(name: &str, value: &AttributeValue) -> Option<usize> {
    let value_size = value_size::<Broken>(value, 1).ok()?;
    Some(name.len() + value_size)
}

/// `size` if an item of that many bytes is within DynamoDB's 400 KB.
pub(crate) fn check_size(size: usize) -> Result<usize, LimitViolation> {
    if size > MAX_ITEM_SIZE {
        return Err(LimitViolation::ItemTooLarge {
            size,
            limit: MAX_ITEM_SIZE,
        });
    }
    Ok(size)
}

/// Checks every limit on one value in an expression (it alone cannot exceed an item's
/// size). `path` names it in a violation; it is only rendered when there is one.
pub(crate) fn check_value(
    value: &AttributeValue,
    path: impl FnOnce() -> String,
) -> Result<(), LimitViolation> {
    let size = top_value_size(value)
        .map_err(|error| error.at(Segment::Attribute(&path())).into_violation())?;
    check_size(size).map(|_| ())
}

/// Checks that `value` is a number DynamoDB stores: at most 38 significant digits and a
/// magnitude between 1E-130 and 9.99…E+125 (or zero).
///
/// ```
/// use dynamoxide::limits::check_number;
///
/// assert!(check_number("18446744073709551615").is_ok());
/// assert!(check_number("1e126").is_err());
/// assert!(check_number("inf").is_err());
/// ```
pub fn check_number(value: &str) -> Result<(), &'static str> {
    stored_number_size(value).map(|_| ())
}

/// Bytes `value` occupies as a stored number: one per two significant digits (leading and
/// trailing zeros trimmed), plus one; or why DynamoDB refuses it ([`check_number`]).
fn stored_number_size(value: &str) -> Result<usize, &'static str> {
    plain_number_size(value).unwrap_or_else(|| decimal_number_size(value))
}

/// The bytes an integer adds to an item, spelled as `itoa` writes it (an optional minus,
/// then digits without leading zeros), or `None` when DynamoDB cannot store it (an `i128` or
/// `u128` of more than 38 significant digits): [`stored_number_size`] without its parse.
pub(crate) fn integer_size(text: &str) -> Option<usize> {
    let digits = text.strip_prefix('-').unwrap_or(text).as_bytes();
    debug_assert!(
        digits.iter().all(u8::is_ascii_digit) && (digits == b"0" || digits[0] != b'0'),
        "`{text}` is not an integer as itoa writes it"
    );
    let trailing = digits
        .iter()
        .rev()
        .take_while(|digit| **digit == b'0')
        .count();
    if trailing == digits.len() {
        return Some(2); // zero: one digit
    }
    sized(digits.len() - trailing, digits.len() as i64 - 1).ok()
}

/// The bytes a float adds to an item, `text` being how Rust displays `value`, or `None` when
/// DynamoDB cannot store it (not finite, or spelled outside 1E-130..1E+126): told by the
/// value, against the floats nearest either bound, rather than by parsing `text`. Rust
/// spells a float with the shortest digits that round back to it, so its spelling lies on
/// the same side of a bound as it does of that bound's float (`1e126f64`, a little under
/// 10^126, is spelled as 1 and 126 zeros, and refused).
pub(crate) fn float_size(value: impl Into<f64>, text: &str) -> Option<usize> {
    let magnitude = value.into().abs();
    if magnitude == 0.0 {
        return Some(2); // zero: one digit
    }
    if !(1e-130..1e126).contains(&magnitude) {
        return None;
    }
    // The significant digits: those from the first nonzero digit to the last one, the point
    // not counted.
    let digits = text.as_bytes();
    let first = digits.iter().position(|byte| matches!(byte, b'1'..=b'9'))?;
    let last = digits
        .iter()
        .rposition(|byte| matches!(byte, b'1'..=b'9'))?;
    let point_between = digits[first..last].contains(&b'.');
    Some(number_bytes(last + 1 - first - usize::from(point_between)))
}

/// [`stored_number_size`] of any spelling of a number, by way of its [`Decimal`] parts.
fn decimal_number_size(value: &str) -> Result<usize, &'static str> {
    let decimal = Decimal::parse(value).ok_or("is not a finite decimal number")?;
    let Some((leading, significant)) = decimal.significant() else {
        return Ok(2); // zero: one digit
    };
    let scale = decimal.integer.len() as i64 - 1 - leading as i64 + decimal.exponent;
    sized(significant, scale)
}

/// [`stored_number_size`] of a number spelled as Rust writes integers and floats (an
/// optional minus, digits, and a point and more digits or not, no exponent), without taking
/// it apart into a [`Decimal`]; `None` for any other spelling.
fn plain_number_size(value: &str) -> Option<Result<usize, &'static str>> {
    let digits = value.strip_prefix('-').unwrap_or(value).as_bytes();
    let point = digits
        .iter()
        .position(|byte| !byte.is_ascii_digit())
        .unwrap_or(digits.len());
    let (integer, fraction) = match digits.split_at(point) {
        (integer, []) => (integer, &[][..]),
        (integer, [b'.', fraction @ ..]) if fraction.iter().all(u8::is_ascii_digit) => {
            (integer, fraction)
        }
        _ => return None,
    };
    if integer.is_empty() || (fraction.is_empty() && point < digits.len()) {
        return None; // no digits before the point, or none after it
    }
    let nonzero = |byte: &u8| *byte != b'0';
    let leading = match integer.iter().position(nonzero) {
        Some(at) => at,
        None => match fraction.iter().position(nonzero) {
            Some(at) => integer.len() + at,
            None => return Some(Ok(2)), // zero: one digit
        },
    };
    let trailing = match fraction.iter().rev().position(nonzero) {
        Some(at) => at,
        None => fraction.len() + integer.iter().rev().position(nonzero).unwrap_or(0),
    };
    let significant = integer.len() + fraction.len() - leading - trailing;
    Some(sized(
        significant,
        integer.len() as i64 - 1 - leading as i64,
    ))
}

/// The stored size of a nonzero number of `significant` digits whose first is at the power
/// of ten `scale`, or why DynamoDB refuses it.
fn sized(significant: usize, scale: i64) -> Result<usize, &'static str> {
    if significant > MAX_NUMBER_DIGITS {
        return Err("has more than 38 significant digits");
    }
    if scale > 125 {
        return Err("is larger than DynamoDB's largest number (9.99E+125)");
    }
    if scale < -130 {
        return Err("is smaller than DynamoDB's smallest positive number (1E-130)");
    }
    Ok(number_bytes(significant))
}

/// The bytes DynamoDB stores a number of `significant` digits in: one per two digits, plus
/// one.
fn number_bytes(significant: usize) -> usize {
    significant.div_ceil(2) + 1
}

/// A decimal number as written: its sign, the digits before and after the point, and the
/// power of ten of its exponent.
pub(crate) struct Decimal<'a> {
    pub(crate) negative: bool,
    pub(crate) integer: &'a str,
    pub(crate) fraction: &'a str,
    /// Clamped to ±1,000,000, far outside DynamoDB's range either way, so that arithmetic
    /// on it cannot overflow.
    pub(crate) exponent: i64,
}

impl<'a> Decimal<'a> {
    /// The parts of `value`, or `None` when it is not a finite decimal number. One pass over
    /// the bytes: every number written to DynamoDB goes through here.
    pub(crate) fn parse(value: &'a str) -> Option<Decimal<'a>> {
        let bytes = value.as_bytes();
        let signed = matches!(bytes.first(), Some(b'-' | b'+'));
        let digits_from = |at: usize| {
            at + bytes[at..]
                .iter()
                .take_while(|byte| byte.is_ascii_digit())
                .count()
        };
        let integer_start = usize::from(signed);
        let integer_end = digits_from(integer_start);
        let (fraction_start, fraction_end) = match bytes.get(integer_end) {
            Some(b'.') => (integer_end + 1, digits_from(integer_end + 1)),
            _ => (integer_end, integer_end),
        };
        if integer_end == integer_start && fraction_end == fraction_start {
            return None;
        }
        let exponent = match bytes.get(fraction_end) {
            None => 0,
            Some(b'e' | b'E') => exponent(&value[fraction_end + 1..])?,
            Some(_) => return None,
        };
        Some(Decimal {
            negative: bytes.first() == Some(&b'-'),
            integer: &value[integer_start..integer_end],
            fraction: &value[fraction_start..fraction_end],
            exponent,
        })
    }

    /// How many zeros lead the digits (before and after the point taken together), and how
    /// many digits follow from the first significant one to the last; `None` for zero.
    pub(crate) fn significant(&self) -> Option<(usize, usize)> {
        let (integer, fraction) = (self.integer.as_bytes(), self.fraction.as_bytes());
        let nonzero = |byte: &u8| *byte != b'0';
        let leading = match integer.iter().position(nonzero) {
            Some(at) => at,
            None => integer.len() + fraction.iter().position(nonzero)?,
        };
        let trailing = match fraction.iter().rev().position(nonzero) {
            Some(at) => at,
            None => fraction.len() + integer.iter().rev().position(nonzero).unwrap_or(0),
        };
        Some((leading, integer.len() + fraction.len() - leading - trailing))
    }
}

/// The exponent written after `e`: an optional sign and at least one digit, clamped to
/// ±1,000,000.
fn exponent(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let magnitude = digits.bytes().fold(0, |magnitude: i64, digit| {
        (magnitude * 10 + i64::from(digit - b'0')).min(1_000_000)
    });
    Some(if text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

enum Segment<'a> {
    Attribute(&'a str),
    Index(usize),
}

enum OwnedSegment {
    Attribute(String),
    Index(usize),
}

/// A violation found below the top of the item, with the path collected on the way out
/// (innermost segment first).
struct Nested {
    path: Vec<OwnedSegment>,
    kind: NestedKind,
}

enum NestedKind {
    Number { value: String, reason: &'static str },
    EmptySet,
    TooDeep,
}

impl Nested {
    fn new(kind: NestedKind) -> Self {
        Nested {
            path: Vec::new(),
            kind,
        }
    }

    fn into_violation(self) -> LimitViolation {
        let mut attribute = String::new();
        for segment in self.path.into_iter().rev() {
            match segment {
                OwnedSegment::Attribute(name) => {
                    if !attribute.is_empty() {
                        attribute.push('.');
                    }
                    attribute.push_str(&name);
                }
                OwnedSegment::Index(index) => attribute.push_str(&format!("[{index}]")),
            }
        }
        match self.kind {
            NestedKind::Number { value, reason } => LimitViolation::InvalidNumber {
                attribute,
                value,
                reason,
            },
            NestedKind::EmptySet => LimitViolation::EmptySet { attribute },
            NestedKind::TooDeep => LimitViolation::TooDeep { attribute },
        }
    }
}

/// What the size walk reports when a value breaks a limit: [`Nested`] says which and where,
/// [`Broken`] only that one is.
trait Found: Sized {
    fn number(value: &str, reason: &'static str) -> Self;
    fn empty_set() -> Self;
    fn too_deep() -> Self;
    fn at(self, segment: Segment) -> Self;
}

impl Found for Nested {
    fn number(value: &str, reason: &'static str) -> Self {
        Nested::new(NestedKind::Number {
            value: value.to_owned(),
            reason,
        })
    }
    fn empty_set() -> Self {
        Nested::new(NestedKind::EmptySet)
    }
    fn too_deep() -> Self {
        Nested::new(NestedKind::TooDeep)
    }
    fn at(mut self, segment: Segment) -> Self {
        self.path.push(match segment {
            Segment::Attribute(name) => OwnedSegment::Attribute(name.to_owned()),
            Segment::Index(index) => OwnedSegment::Index(index),
        });
        self
    }
}

/// That a value breaks some limit, nothing more: nothing to build or carry on the way out.
struct Broken;

impl Found for Broken {
    fn number(_: &str, _: &'static str) -> Self {
        Broken
    }
    fn empty_set() -> Self {
        Broken
    }
    fn too_deep() -> Self {
        Broken
    }
    fn at(self, _: Segment) -> Self {
        Broken
    }
}

/// The size of `value` at the top of an item, or the limit it breaks and where below it.
/// The walk first only asks whether a limit is broken, which is what a value within every
/// limit (nearly all) costs; only on a violation does it walk again to say which.
fn top_value_size(value: &AttributeValue) -> Result<usize, Nested> {
    value_size::<Broken>(value, 1).map_err(|Broken| {
        value_size::<Nested>(value, 1).expect_err("the second walk finds what the first one did")
    })
}

fn checked_number<F: Found>(value: &str) -> Result<usize, F> {
    stored_number_size(value).map_err(|reason| F::number(value, reason))
}

fn non_empty<T, F: Found>(set: &[T]) -> Result<(), F> {
    if set.is_empty() {
        Err(F::empty_set())
    } else {
        Ok(())
    }
}

fn value_size<F: Found>(value: &AttributeValue, depth: usize) -> Result<usize, F> {
    const CONTAINER_OVERHEAD: usize = 3;
    Ok(match value {
        AttributeValue::S(text) => text.len(),
        AttributeValue::N(number) => checked_number(number)?,
        AttributeValue::B(blob) => blob.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::Ss(set) => {
            non_empty(set)?;
            set.iter().map(String::len).sum()
        }
        AttributeValue::Ns(set) => {
            non_empty(set)?;
            let mut size = 0;
            for number in set {
                size += checked_number(number)?;
            }
            size
        }
        AttributeValue::Bs(set) => {
            non_empty(set)?;
            set.iter().map(|blob| blob.as_ref().len()).sum()
        }
        AttributeValue::L(list) => {
            if depth >= MAX_NESTING_DEPTH && !list.is_empty() {
                return Err(F::too_deep());
            }
            let mut size = CONTAINER_OVERHEAD;
            for (index, element) in list.iter().enumerate() {
                size += 1 + value_size::<F>(element, depth + 1)
                    .map_err(|error| error.at(Segment::Index(index)))?;
            }
            size
        }
        AttributeValue::M(map) => {
            if depth >= MAX_NESTING_DEPTH && !map.is_empty() {
                return Err(F::too_deep());
            }
            let mut size = CONTAINER_OVERHEAD;
            for (name, element) in map {
                size += 1
                    + name.len()
                    + value_size::<F>(element, depth + 1)
                        .map_err(|error| error.at(Segment::Attribute(name)))?;
            }
            size
        }
        // A variant added to the SDK after this release: let the service judge it.
        _ => 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, value: AttributeValue) -> Item {
        [(name.to_owned(), value)].into()
    }

    #[test]
    fn numbers_dynamodb_accepts() {
        for ok in [
            "0",
            "-0.000",
            "18446744073709551615",
            "-9223372036854775808",
            "1.5",
            "1e-130",
            "9.9999999999999999999999999999999999999E+125",
            "12345678901234567890123456789012345678",
            "100000000000000000000000000000000000000000",
            "0.30000000000000004",
            "+1",
            "1.",
            ".5",
            "1E+5",
            "2e-0",
        ] {
            assert_eq!(check_number(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn numbers_dynamodb_rejects() {
        for bad in [
            "",
            "NaN",
            "inf",
            "-inf",
            "1e",
            "1e+",
            "1e5x",
            "+-1",
            "-",
            ".",
            " 1",
            "1 ",
            "1.2.3",
            "abc",
            "1e126",
            "1e-131",
            "1e99999999999999999999",
            "123456789012345678901234567890123456789",
        ] {
            assert!(check_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nested_violation_names_the_path() {
        let value = AttributeValue::M(
            [(
                "stats".to_owned(),
                AttributeValue::L(vec![
                    AttributeValue::N("1".into()),
                    AttributeValue::Ss(Vec::new()),
                ]),
            )]
            .into(),
        );
        assert_eq!(
            check_item(&item("profile", value)),
            Err(LimitViolation::EmptySet {
                attribute: "profile.stats[1]".into()
            })
        );
    }

    #[test]
    fn size_counts_names_and_values() {
        let value = AttributeValue::M([("ab".to_owned(), AttributeValue::Bool(true))].into());
        // "m" + map overhead 3 + (1 + "ab" + bool 1)
        assert_eq!(check_item(&item("m", value)), Ok(1 + 3 + 1 + 2 + 1));
        assert_eq!(
            check_item(&item("n", AttributeValue::N("12345".into()))),
            Ok(1 + 4)
        );
    }

    #[test]
    fn a_number_takes_a_byte_per_two_significant_digits_plus_one() {
        for (number, size) in [
            ("0", 2),
            ("-0.000", 2),
            ("7", 2),
            ("12", 2),
            ("123", 3),
            ("1200", 2),
            ("0.0012", 2),
            ("-1.25e10", 3),
            ("100E-5", 2),
            ("12345678901234567890123456789012345678", 20),
        ] {
            assert_eq!(stored_number_size(number), Ok(size), "{number}");
        }
    }

    #[test]
    fn plain_numbers_take_the_size_a_full_parse_gives() {
        let tiny = format!("0.{}1", "0".repeat(129));
        let too_tiny = format!("0.{}1", "0".repeat(130));
        let huge = format!("9{}", "0".repeat(125));
        let too_huge = format!("1{}", "0".repeat(126));
        for number in [
            "0",
            "-0",
            "0.000",
            "7",
            "-7",
            "10",
            "1200",
            "007",
            "-9223372036854775808",
            "18446744073709551615",
            "12345678901234567890123456789012345678",
            "123456789012345678901234567890123456789",
            "10000000000000000000000000000000000000000",
            "1.5",
            "-1.25",
            "6248.75",
            "0.1",
            "0.000123",
            "100.0100",
            "1234567890123456789.0123456789012345678",
            "1234567890123456789.01234567890123456789",
            "0.30000000000000004",
            "1200.000",
            "00.50",
            "-0.5",
            "0.00012345678901234567890123456789012345678",
            "0.000123456789012345678901234567890123456789",
            &tiny,
            &too_tiny,
            &huge,
            &too_huge,
        ] {
            assert_eq!(
                plain_number_size(number),
                Some(decimal_number_size(number)),
                "{number}"
            );
        }
        // Sizes worked out by hand: one byte per two significant digits, plus one.
        for (number, size) in [
            ("6248.75", 4),
            ("1200.000", 2),
            ("0.000123", 3),
            ("-0.5", 2),
        ] {
            assert_eq!(plain_number_size(number), Some(Ok(size)), "{number}");
        }
        assert_eq!(
            plain_number_size(&too_tiny),
            Some(Err(
                "is smaller than DynamoDB's smallest positive number (1E-130)"
            ))
        );
        for not_plain in [
            "", "-", ".", "-.", "1.", ".5", "-.5", "1e3", "1E-3", "+1", "1.2.3", "1x", " 1", "1 ",
            "--1", "NaN", "inf",
        ] {
            assert_eq!(plain_number_size(not_plain), None, "{not_plain}");
        }
    }

    /// Whether `number` is spelled as Rust writes numbers: `-?digits(.digits)?`.
    fn spelled_plainly(number: &str) -> bool {
        let unsigned = number.strip_prefix('-').unwrap_or(number);
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        match unsigned.split_once('.') {
            Some((integer, fraction)) => digits(integer) && digits(fraction),
            None => digits(unsigned),
        }
    }

    proptest::proptest! {
        /// Any string of digits, points and minus signs: the one-pass size agrees with the
        /// size by way of a `Decimal` whenever it gives one, and gives one for every number
        /// spelled as Rust writes them.
        #[test]
        fn the_plain_size_agrees_with_the_decimal_size(
            number in "-?[0-9.]{0,44}|-?[0-9]{1,44}(\\.[0-9]{1,44})?",
        ) {
            let plain = plain_number_size(&number);
            if let Some(size) = plain {
                proptest::prop_assert_eq!(size, decimal_number_size(&number));
            }
            proptest::prop_assert_eq!(plain.is_some(), spelled_plainly(&number), "{}", number);
        }
    }

    /// Floats of every kind, and those on either side of each power of ten DynamoDB's range
    /// runs to or past.
    fn floats() -> impl proptest::strategy::Strategy<Value = f64> {
        use proptest::strategy::Strategy;
        // Parsed, not `powi`: the float nearest each power, not one a few units off.
        let power = (-140i32..140).prop_map(|power| format!("1e{power}").parse::<f64>().unwrap());
        proptest::prop_oneof![
            proptest::num::f64::ANY,
            power.clone(),
            power.clone().prop_map(|f| f64::from_bits(f.to_bits() - 1)),
            power.prop_map(|f| f64::from_bits(f.to_bits() + 1)),
        ]
    }

    proptest::proptest! {
        /// Any float, as Rust displays it, and any integer, as itoa writes it: the size told
        /// without a parse is the size the parse gives, and `None` where it refuses.
        #[test]
        fn sizes_told_without_a_parse_agree_with_the_parse(
            float in floats(),
            wide in proptest::num::u128::ANY,
            negative in proptest::num::i128::ANY,
            power in 0u32..39,
        ) {
            let text = float.to_string();
            proptest::prop_assert_eq!(
                float_size(float, &text),
                stored_number_size(&text).ok(),
                "{}",
                text
            );
            for text in [
                wide.to_string(),
                negative.to_string(),
                (10u128.pow(power) * (wide % 4)).to_string(),
            ] {
                proptest::prop_assert_eq!(
                    integer_size(&text),
                    stored_number_size(&text).ok(),
                    "{}",
                    text
                );
            }
        }
    }

    #[test]
    fn item_over_400_kb_is_rejected() {
        let big = item("blob", AttributeValue::S("x".repeat(MAX_ITEM_SIZE)));
        assert_eq!(
            check_item(&big),
            Err(LimitViolation::ItemTooLarge {
                size: MAX_ITEM_SIZE + 4,
                limit: MAX_ITEM_SIZE
            })
        );
    }

    #[test]
    fn nesting_deeper_than_32_is_rejected() {
        let mut value = AttributeValue::N("1".into());
        for _ in 0..40 {
            value = AttributeValue::L(vec![value]);
        }
        assert!(matches!(
            check_item(&item("deep", value)),
            Err(LimitViolation::TooDeep { .. })
        ));
    }
}
