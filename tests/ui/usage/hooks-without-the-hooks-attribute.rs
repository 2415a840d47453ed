use dynamoxide::hooks::{HookResult, WriteEvent};
use dynamoxide::{Hooks, Model};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "notes")]
struct Note {
    #[dynamo(hash_key)]
    id: String,
}

// Without #[dynamo(hooks)] these would never run: the derive's empty implementation
// makes this one a conflict.
impl Hooks for Note {
    fn before_write(_: &WriteEvent<'_, Self>) -> HookResult {
        Err("never".into())
    }
}

fn main() {}
