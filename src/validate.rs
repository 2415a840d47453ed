//! Validation rules from `#[dynamo(validate(...))]`: what a failed rule reports
//! ([`Violation`]), and the [`Validate`] trait the derives implement so that nested structs
//! check their own fields.
//!
//! Every write (create, put, batch and transaction puts) validates the model before anything
//! is sent, after `set` transforms; [`Model::validate`](crate::Model::validate) runs the same
//! checks without writing. All failing fields are reported at once, in
//! [`Error::Validation`](crate::Error::Validation).
//!
//! ```
//! use dynamoxide::{Attributes, Error, Model};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Attributes, Serialize, Deserialize)]
//! struct Address {
//!     #[dynamo(validate(pattern = "^[0-9]{5}$"))]
//!     zip: String,
//! }
//!
//! #[derive(Model, Serialize, Deserialize)]
//! #[dynamo(table = "people")]
//! struct Person {
//!     #[dynamo(hash_key)]
//!     id: String,
//!     #[dynamo(validate(length(min = 1, max = 40)))]
//!     name: String,
//!     #[dynamo(validate(range(min = 0, max = 150)))]
//!     age: u8,
//!     addresses: Vec<Address>,
//! }
//!
//! let person = Person {
//!     id: "p1".into(),
//!     name: String::new(),
//!     age: 200,
//!     addresses: vec![Address { zip: "12345".into() }, Address { zip: "x".into() }],
//! };
//! let Err(Error::Validation { violations, .. }) = person.validate() else { panic!() };
//! let paths: Vec<&str> = violations.iter().map(|v| v.path.as_str()).collect();
//! assert_eq!(paths, ["name", "age", "addresses[1].zip"]);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

/// One failed rule: where, which rule, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The attribute's path in the stored item: `email`, `address.zip`, `tags[2]`.
    pub path: String,
    /// The rule that failed: `length`, `range`, `pattern`, `one_of`, `non_empty` or the
    /// custom validator's name.
    pub rule: &'static str,
    /// What was expected, for people.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.message, self.rule)
    }
}

/// Where a value sits in the item, built on the stack as validation descends and turned
/// into a string only when a rule fails.
#[derive(Clone, Copy)]
pub enum FieldPath<'a> {
    /// The model itself.
    Root,
    /// A named attribute of a map.
    Field(&'a FieldPath<'a>, &'a str),
    /// An element of a list.
    Index(&'a FieldPath<'a>, usize),
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field(FieldPath::Root, name) => f.write_str(name),
            FieldPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            FieldPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// The failures found so far.
#[derive(Default, Clone, Debug)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// Records that `rule` failed at `path`.
    pub fn push(&mut self, path: &FieldPath<'_>, rule: &'static str, message: String) {
        self.0.push(Violation {
            path: path.to_string(),
            rule,
            message,
        });
    }

    /// `Ok` when nothing failed, else [`Error::Validation`](crate::Error::Validation) for
    /// `model`.
    pub fn into_result(self, model: &'static str) -> crate::Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::Error::Validation {
                model,
                violations: self.0,
            })
        }
    }
}

/// A value whose parts carry validation rules: structs deriving
/// [`Attributes`](crate::Attributes), and lists, maps, options and boxes of them.
pub trait Validate {
    /// Checks every rule below `path`, recording each failure.
    fn validate_at(&self, path: &FieldPath<'_>, violations: &mut Violations);
}

impl<T: Validate> Validate for Option<T> {
    fn validate_at(&self, path: &FieldPath<'_>, violations: &mut Violations) {
        if let Some(value) = self {
            value.validate_at(path, violations);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_at(&self, path: &FieldPath<'_>, violations: &mut Violations) {
        (**self).validate_at(path, violations);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, path: &FieldPath<'_>, violations: &mut Violations) {
        for (index, value) in self.iter().enumerate() {
            value.validate_at(&FieldPath::Index(path, index), violations);
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    fn validate_at(&self, path: &FieldPath<'_>, violations: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&FieldPath::Field(path, key), violations);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, path: &FieldPath<'_>, violations: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&FieldPath::Field(path, key), violations);
        }
    }
}

/// Anything `length(...)` and `non_empty` can measure: strings (in characters), lists,
/// sets and maps (in entries).
#[diagnostic::on_unimplemented(
    message = "`length` and `non_empty` cannot measure `{Self}`",
    label = "not a string, list, set or map",
    note = "length rules apply to strings, Vec, sets and maps"
)]
pub trait HasLength {
    /// Characters of a string, entries of a collection.
    fn length(&self) -> usize;
}

impl HasLength for String {
    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl HasLength for str {
    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl HasLength for Box<str> {
    fn length(&self) -> usize {
        self.chars().count()
    }
}

impl<T> HasLength for Vec<T> {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<T, S> HasLength for HashSet<T, S> {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<T> HasLength for BTreeSet<T> {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<K, V, S> HasLength for HashMap<K, V, S> {
    fn length(&self) -> usize {
        self.len()
    }
}

impl<K, V> HasLength for BTreeMap<K, V> {
    fn length(&self) -> usize {
        self.len()
    }
}

/// The checks the derive calls, one per rule. Not a stable API.
#[doc(hidden)]
pub mod rules {
    use super::{FieldPath, HasLength, Violations};

    pub fn length<T: HasLength + ?Sized>(
        value: &T,
        min: Option<usize>,
        max: Option<usize>,
        path: &FieldPath<'_>,
        violations: &mut Violations,
    ) {
        let length = value.length();
        let message = match (min, max) {
            (Some(min), Some(max)) if length < min || length > max => {
                format!("length must be between {min} and {max}, is {length}")
            }
            (Some(min), None) if length < min => {
                format!("length must be at least {min}, is {length}")
            }
            (None, Some(max)) if length > max => {
                format!("length must be at most {max}, is {length}")
            }
            _ => return,
        };
        violations.push(path, "length", message);
    }

    pub fn non_empty<T: HasLength + ?Sized>(
        value: &T,
        path: &FieldPath<'_>,
        violations: &mut Violations,
    ) {
        if value.length() == 0 {
            violations.push(path, "non_empty", "must not be empty".to_owned());
        }
    }

    pub fn range<T: PartialOrd + std::fmt::Display>(
        value: &T,
        min: Option<T>,
        max: Option<T>,
        path: &FieldPath<'_>,
        violations: &mut Violations,
    ) {
        use std::cmp::Ordering::{Equal, Greater, Less};
        // Incomparable (NaN) fails every bound.
        let below = min
            .as_ref()
            .is_some_and(|min| !matches!(value.partial_cmp(min), Some(Greater | Equal)));
        let above = max
            .as_ref()
            .is_some_and(|max| !matches!(value.partial_cmp(max), Some(Less | Equal)));
        if !(below || above) {
            return;
        }
        let message = match (min, max) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}, is {value}"),
            (Some(min), None) => format!("must be at least {min}, is {value}"),
            (None, Some(max)) => format!("must be at most {max}, is {value}"),
            (None, None) => return,
        };
        violations.push(path, "range", message);
    }

    /// `regex` is the compiled pattern, or why it could not be compiled (a pattern the
    /// derive accepts can still exceed the regex size limit).
    pub fn pattern(
        value: &str,
        regex: &Result<regex::Regex, regex::Error>,
        path: &FieldPath<'_>,
        violations: &mut Violations,
    ) {
        let regex = match regex {
            Ok(regex) => regex,
            Err(error) => {
                violations.push(
                    path,
                    "pattern",
                    format!("the pattern cannot be used: {error}"),
                );
                return;
            }
        };
        if !regex.is_match(value) {
            violations.push(path, "pattern", format!("must match `{}`", regex.as_str()));
        }
    }

    pub fn one_of<T: PartialEq + std::fmt::Debug + ?Sized>(
        value: &T,
        options: &[&T],
        path: &FieldPath<'_>,
        violations: &mut Violations,
    ) {
        if !options.contains(&value) {
            violations.push(path, "one_of", format!("must be one of {options:?}"));
        }
    }

    pub fn custom(
        checked: Result<(), String>,
        name: &'static str,
        path: &FieldPath<'_>,
        violations: &mut Violations,
    ) {
        if let Err(message) = checked {
            violations.push(path, name, message);
        }
    }

    /// Autoref specialization on a type alone: whether `T` implements
    /// [`Validate`](super::Validate), so an update decodes a value to validate only then.
    pub struct Probe<T: ?Sized>(std::marker::PhantomData<fn() -> Box<T>>);

    impl<T: ?Sized> Probe<T> {
        pub fn new() -> Self {
            Probe(std::marker::PhantomData)
        }
    }

    impl<T: ?Sized> Default for Probe<T> {
        fn default() -> Self {
            Self::new()
        }
    }

    pub trait ProbeNested {
        fn __dynamoxide_has_nested_rules(&self) -> bool {
            true
        }
    }

    impl<T: super::Validate + ?Sized> ProbeNested for &Probe<T> {}

    pub trait ProbeNothing {
        fn __dynamoxide_has_nested_rules(&self) -> bool {
            false
        }
    }

    impl<T: ?Sized> ProbeNothing for Probe<T> {}

    /// Autoref specialization: values whose type implements [`Validate`](super::Validate)
    /// validate their parts; any other value has nothing to check.
    pub struct Nested<'a, T: ?Sized>(pub &'a T);

    pub trait ValidateNested {
        fn __dynamoxide_validate_nested(&self, path: &FieldPath<'_>, violations: &mut Violations);
    }

    impl<T: super::Validate + ?Sized> ValidateNested for &Nested<'_, T> {
        fn __dynamoxide_validate_nested(&self, path: &FieldPath<'_>, violations: &mut Violations) {
            self.0.validate_at(path, violations);
        }
    }

    pub trait NothingNested {
        fn __dynamoxide_validate_nested(
            &self,
            _path: &FieldPath<'_>,
            _violations: &mut Violations,
        ) {
        }
    }

    impl<T: ?Sized> NothingNested for Nested<'_, T> {}
}
