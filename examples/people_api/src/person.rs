//! The stored model, and the request bodies that make or change it, read field by field so
//! that every missing or mistyped field is reported, not only serde's first.

use crate::problem::FieldError;
use chrono::{DateTime, Utc};
use dynamoxide::transform::{trim, trim_lowercase};
use dynamoxide::Model;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A person as stored and as the API returns it.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "people", timestamps)]
pub struct Person {
    /// A UUID v7, given by `POST`.
    #[dynamo(hash_key, auto = uuid_v7)]
    pub id: String,
    /// 1 to 100 characters, trimmed.
    #[dynamo(set = trim, validate(length(min = 1, max = 100)))]
    pub name: String,
    /// An email address (at most 254 characters), lower-cased.
    #[dynamo(
        set = trim_lowercase,
        validate(length(max = 254), pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    )]
    pub email: String,
    /// 0 to 150, when known.
    #[dynamo(validate(range(min = 0, max = 150)))]
    pub age: Option<u32>,
    /// Counts writes; `PUT` requires it and `PATCH` may.
    #[dynamo(version)]
    pub version: u64,
    /// When `POST` created the person.
    pub created_at: Option<DateTime<Utc>>,
    /// When the person last changed.
    pub updated_at: Option<DateTime<Utc>>,
}

/// The fields a client writes: the body of `POST` (no version) and of `PUT` (with the
/// version it replaces).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonFields {
    /// The name, as sent (the model trims it).
    pub name: String,
    /// The email address, as sent (the model lower-cases it).
    pub email: String,
    /// The age, if given.
    pub age: Option<u32>,
    /// The version a `PUT` replaces.
    pub version: Option<u64>,
}

/// The body of `PATCH /people/{id}`: the fields to change (`"age": null` removes the age)
/// and, optionally, the version it applies to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonPatch {
    /// A new name.
    pub name: Option<String>,
    /// A new email address.
    pub email: Option<String>,
    /// A new age; `Some(None)` removes the age.
    pub age: Option<Option<u32>>,
    /// The version the patch applies to; any version when `None`.
    pub version: Option<u64>,
}

impl PersonFields {
    /// Reads a `POST` body (`version` not allowed) or a `PUT` body (`version` required).
    pub fn read(body: &Value, with_version: bool) -> Result<Self, Vec<FieldError>> {
        let known: &[&str] = if with_version {
            &["name", "email", "age", "version"]
        } else {
            &["name", "email", "age"]
        };
        let mut fields = Fields::new(body, known)?;
        let name = fields.required(Fields::string, "name");
        let email = fields.required(Fields::string, "email");
        let age = fields.optional(Fields::age, "age").flatten();
        let version = if with_version {
            fields.required(Fields::version, "version")
        } else {
            None
        };
        fields.finish()?;
        Ok(PersonFields {
            name: name.expect("checked"),
            email: email.expect("checked"),
            age,
            version,
        })
    }

    /// The person stored at `id` with these fields (timestamps are filled in on write).
    pub fn into_person(self, id: String) -> Person {
        Person {
            id,
            name: self.name,
            email: self.email,
            age: self.age,
            version: self.version.unwrap_or(0),
            created_at: None,
            updated_at: None,
        }
    }
}

impl PersonPatch {
    /// Reads a `PATCH` body; it must change at least one field.
    pub fn read(body: &Value) -> Result<Self, Vec<FieldError>> {
        let mut fields = Fields::new(body, &["name", "email", "age", "version"])?;
        let patch = PersonPatch {
            name: fields.optional(Fields::string, "name"),
            email: fields.optional(Fields::string, "email"),
            age: fields.optional(Fields::age, "age"),
            version: fields.optional(Fields::version, "version"),
        };
        fields.finish()?;
        if patch.name.is_none() && patch.email.is_none() && patch.age.is_none() {
            return Err(vec![FieldError::new(
                "",
                "non_empty",
                "nothing to change: give name, email or age",
            )]);
        }
        Ok(patch)
    }
}

/// A JSON object read field by field, collecting every error.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    errors: Vec<FieldError>,
}

impl<'a> Fields<'a> {
    fn new(body: &'a Value, known: &[&str]) -> Result<Self, Vec<FieldError>> {
        let Value::Object(object) = body else {
            return Err(vec![FieldError::new(
                "",
                "type",
                "the body must be a JSON object",
            )]);
        };
        let errors = object
            .keys()
            .filter(|key| !known.contains(&key.as_str()))
            .map(|key| FieldError::new(key, "unknown", "no such field"))
            .collect();
        Ok(Fields { object, errors })
    }

    /// A field that must be present and not null.
    fn required<T>(
        &mut self,
        read: fn(&Value) -> Result<T, &'static str>,
        name: &str,
    ) -> Option<T> {
        match self.object.get(name) {
            None | Some(Value::Null) => {
                self.errors
                    .push(FieldError::new(name, "required", "is required"));
                None
            }
            Some(value) => self.read(read, name, value),
        }
    }

    /// A field that may be absent (`None`); `null` is `Some` of what `read` makes of it.
    fn optional<T>(
        &mut self,
        read: fn(&Value) -> Result<T, &'static str>,
        name: &str,
    ) -> Option<T> {
        let value = self.object.get(name)?;
        self.read(read, name, value)
    }

    fn read<T>(
        &mut self,
        read: fn(&Value) -> Result<T, &'static str>,
        name: &str,
        value: &Value,
    ) -> Option<T> {
        match read(value) {
            Ok(value) => Some(value),
            Err(expected) => {
                self.errors.push(FieldError::new(name, "type", expected));
                None
            }
        }
    }

    fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    fn string(value: &Value) -> Result<String, &'static str> {
        value.as_str().map(str::to_owned).ok_or("must be a string")
    }

    /// An age, or `null` for none.
    fn age(value: &Value) -> Result<Option<u32>, &'static str> {
        const EXPECTED: &str = "must be a whole number from 0, or null";
        match value {
            Value::Null => Ok(None),
            value => {
                let number = value.as_u64().ok_or(EXPECTED)?;
                u32::try_from(number).map(Some).map_err(|_| EXPECTED)
            }
        }
    }

    /// A version: 1 or more (0 would mean "no stored person").
    fn version(value: &Value) -> Result<u64, &'static str> {
        value
            .as_u64()
            .filter(|version| *version >= 1)
            .ok_or("must be the stored version, a whole number from 1")
    }
}
