//! Stored attribute names are the names serde writes, in items and in the key schema.

mod common;

use common::fresh_db;
use dynamoxide::types::{AttributeValue, KeyType};
use dynamoxide::{Model, ModelKey};
use serde::{Deserialize, Serialize};

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "profiles")]
#[serde(rename_all = "camelCase")]
struct Profile {
    #[dynamo(hash_key)]
    user_id: String,
    #[dynamo(range_key)]
    #[serde(rename = "SK")]
    section_name: String,
    display_name: String,
    r#type: String,
    #[serde(rename = "status")]
    account_state: Option<String>,
}

#[tokio::test]
async fn serde_renames_reach_the_key_schema_and_the_item() {
    let db = fresh_db().await;
    let table = db.create_table::<Profile>().await.unwrap();
    let keys: Vec<_> = table
        .key_schema()
        .iter()
        .map(|key| (key.attribute_name().to_owned(), key.key_type().clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("userId".to_owned(), KeyType::Hash),
            ("SK".to_owned(), KeyType::Range)
        ]
    );

    let profile = Profile {
        user_id: "u1".into(),
        section_name: "main".into(),
        display_name: "Ada".into(),
        r#type: "person".into(),
        account_state: Some("active".into()),
    };
    db.create(&profile).await.unwrap();

    let key = ProfileKey::new("u1", "main").to_item().unwrap();
    assert_eq!(
        key,
        [
            ("userId".to_owned(), AttributeValue::S("u1".into())),
            ("SK".to_owned(), AttributeValue::S("main".into()))
        ]
        .into()
    );
    let raw = db
        .client()
        .get_item()
        .table_name(db.table_name::<Profile>())
        .set_key(Some(key))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    let mut names: Vec<_> = raw.keys().cloned().collect();
    names.sort();
    assert_eq!(names, ["SK", "displayName", "status", "type", "userId"]);

    assert_eq!(
        db.get::<Profile>(("u1", "main")).await.unwrap(),
        Some(profile)
    );
}

#[test]
fn schema_lists_stored_names_and_presence() {
    use dynamoxide::Presence;
    let attributes: Vec<_> = Profile::SCHEMA
        .attributes
        .iter()
        .map(|a| (a.field_name, a.name, a.presence))
        .collect();
    assert_eq!(
        attributes,
        [
            ("user_id", "userId", Presence::Required),
            ("section_name", "SK", Presence::Required),
            ("display_name", "displayName", Presence::Required),
            ("type", "type", Presence::Required),
            ("account_state", "status", Presence::Optional),
        ]
    );
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "pascal_items")]
#[serde(rename_all = "PascalCase")]
struct PascalItem {
    #[dynamo(hash_key)]
    item_id: String,
    #[serde(default)]
    nick_name: Option<String>,
}

#[tokio::test]
async fn pascal_case_names_and_defaulted_options_match_serde() {
    let db = fresh_db().await;
    let table = db.create_table::<PascalItem>().await.unwrap();
    assert_eq!(table.key_schema()[0].attribute_name(), "ItemId");
    let item = PascalItem {
        item_id: "p1".into(),
        nick_name: None,
    };
    db.create(&item).await.unwrap();
    let raw = db
        .client()
        .get_item()
        .table_name(db.table_name::<PascalItem>())
        .key("ItemId", AttributeValue::S("p1".into()))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    assert_eq!(
        raw.len(),
        1,
        "a defaulted `None` is not stored either: {raw:?}"
    );
    db.update::<PascalItem>("p1")
        .set(PascalItem::NICK_NAME, "pip")
        .await
        .unwrap();
    let read = db.get::<PascalItem>("p1").await.unwrap().unwrap();
    assert_eq!(read.nick_name.as_deref(), Some("pip"));
}

/// A private model in a module: its index types are usable exactly where the model is.
mod private_models {
    use dynamoxide::Model;
    use serde::{Deserialize, Serialize};

    #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[dynamo(table = "accounts")]
    #[dynamo(gsi(name = "accounts-by-email.v2", hash_key = "email", projection = all))]
    #[serde(rename_all = "camelCase")]
    pub(super) struct AccountRecord {
        #[dynamo(hash_key)]
        pub(super) account_id: String,
        pub(super) email: String,
    }
}

#[tokio::test]
async fn index_types_of_a_private_model_in_a_module_are_usable_beside_it() {
    use private_models::{account_record_index, AccountRecord};
    let db = fresh_db().await;
    db.create_table::<AccountRecord>().await.unwrap();
    let account = AccountRecord {
        account_id: "a1".into(),
        email: "a@b.c".into(),
    };
    db.create(&account).await.unwrap();
    let found = db
        .query::<AccountRecord>()
        .index::<account_record_index::AccountsByEmailV2>()
        .hash("a@b.c")
        .all()
        .await
        .unwrap();
    assert_eq!(found, [account]);
    let index = AccountRecord::SCHEMA.indexes[0];
    assert_eq!(
        (index.name, index.hash_key.name),
        ("accounts-by-email.v2", "email")
    );
}

/// `pub(self)` models and raw field names work in index definitions.
mod self_visible {
    use dynamoxide::Model;
    use serde::{Deserialize, Serialize};

    #[derive(Model, Serialize, Deserialize)]
    #[dynamo(table = "things")]
    #[dynamo(gsi(name = "by_type", hash_key = "type"))]
    #[dynamo(gsi(name = "self", hash_key = "kind"))]
    #[allow(clippy::needless_pub_self)]
    pub(self) struct Thing {
        #[dynamo(hash_key)]
        id: String,
        r#type: String,
        kind: String,
    }

    #[test]
    fn index_types_are_generated() {
        let _: thing_index::ByType = thing_index::ByType;
        let _: thing_index::IndexSelf = thing_index::IndexSelf;
        assert_eq!(Thing::SCHEMA.indexes[0].hash_key.name, "type");
    }
}
