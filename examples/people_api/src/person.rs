//! The stored model and the request bodies that make or change it.

use chrono::{DateTime, Utc};
use dynamoxide::transform::{trim, trim_lowercase};
use dynamoxide::Model;
use serde::{Deserialize, Deserializer, Serialize};

/// A person as stored and as the API returns it.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "people", timestamps)]
pub struct Person {
    /// A UUID v7, given by `POST`.
    #[dynamo(hash_key, auto = uuid_v7)]
    pub id: String,
    #[dynamo(set = trim, validate(length(min = 1, max = 100)))]
    pub name: String,
    #[dynamo(set = trim_lowercase, validate(pattern = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"))]
    pub email: String,
    #[dynamo(validate(range(min = 0, max = 150)))]
    pub age: Option<u32>,
    /// Counts writes; `PUT` and `PATCH` may require it.
    #[dynamo(version)]
    pub version: u64,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// The body of `POST /people`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub age: Option<u32>,
}

/// The body of `PUT /people/{id}`: the whole person, and the version it replaces.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PersonReplacement {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub age: Option<u32>,
    pub version: u64,
}

/// The body of `PATCH /people/{id}`: the fields to change (`"age": null` removes the age),
/// and optionally the version it applies to.
#[derive(Deserialize, Debug, Default)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    pub name: Option<String>,
    pub email: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub age: Option<Option<u32>>,
    pub version: Option<u64>,
}

impl NewPerson {
    /// The person to create (its id and timestamps are filled in on write).
    pub fn into_person(self) -> Person {
        Person {
            id: String::new(),
            name: self.name,
            email: self.email,
            age: self.age,
            version: 0,
            created_at: None,
            updated_at: None,
        }
    }
}

impl PersonReplacement {
    /// The person stored at `id` after the replacement (the version is checked, not written).
    pub fn into_person(self, id: String) -> (Person, u64) {
        let person = Person {
            id,
            name: self.name,
            email: self.email,
            age: self.age,
            version: self.version,
            created_at: None,
            updated_at: None,
        };
        (person, self.version)
    }
}

/// A field that is present (even as `null`) is `Some`: `Some(None)` for `null`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}
