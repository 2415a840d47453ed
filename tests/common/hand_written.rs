//! Models whose serde impls are written by hand, and that keep them with
//! `#[dynamo(read_with_serde)]` and `#[dynamo(write_with_serde)]`.

use dynamoxide::Model;
use serde::{Deserialize, Serialize};

/// Items stored before `plan` existed read as the free plan: the `Deserialize` below does
/// it, so the model asks to be read through it.
#[derive(Model, Debug, PartialEq, Serialize)]
#[dynamo(table = "hand_written_accounts", read_with_serde)]
pub struct Account {
    #[dynamo(hash_key)]
    pub id: String,
    pub plan: String,
}

impl<'de> Deserialize<'de> for Account {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Stored {
            id: String,
            plan: Option<String>,
        }
        let stored = Stored::deserialize(deserializer)?;
        Ok(Account {
            id: stored.id,
            plan: stored.plan.unwrap_or_else(|| "free".into()),
        })
    }
}

/// Plans are stored in capitals: the `Serialize` below does it, so the model asks to be
/// written through it.
#[derive(Model, Debug, PartialEq, Deserialize)]
#[dynamo(table = "hand_written_plans", write_with_serde)]
pub struct Plan {
    #[dynamo(hash_key)]
    pub id: String,
    pub name: String,
}

impl Serialize for Plan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut stored = serializer.serialize_struct("Plan", 2)?;
        stored.serialize_field("id", &self.id)?;
        stored.serialize_field("name", &self.name.to_uppercase())?;
        stored.end()
    }
}
