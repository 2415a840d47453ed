//! Key attributes of every supported kind: newtypes, UUIDs, dates; and `#[dynamo(crate)]`.

mod common;

use common::fresh_db;
use dynamoxide::types::{AttributeValue, ScalarAttributeType};
use dynamoxide::{KeyScalar, Model, ModelKey, ScalarType};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
struct TenantId(String);

impl KeyScalar for TenantId {
    const SCALAR_TYPE: ScalarType = ScalarType::String;
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "tenants")]
struct Tenant {
    #[dynamo(hash_key)]
    id: TenantId,
    #[dynamo(range_key)]
    day: chrono::NaiveDate,
    owner: uuid::Uuid,
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "sessions")]
struct Session {
    #[dynamo(hash_key)]
    id: uuid::Uuid,
    started: chrono::DateTime<chrono::Utc>,
}

#[tokio::test]
async fn newtype_and_date_keys_round_trip() {
    let db = fresh_db().await;
    let table = db.create_table::<Tenant>().await.unwrap();
    assert!(table
        .attribute_definitions()
        .iter()
        .all(|definition| definition.attribute_type() == &ScalarAttributeType::S));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let tenant = Tenant {
        id: TenantId("acme".into()),
        day,
        owner: uuid::Uuid::new_v4(),
    };
    db.create(&tenant).await.unwrap();
    let key = TenantKey::new(TenantId("acme".into()), day);
    assert_eq!(
        key.to_item().unwrap()["day"],
        AttributeValue::S("2026-11-23".into())
    );
    assert_eq!(db.get::<Tenant>(key).await.unwrap(), Some(tenant));
}

#[tokio::test]
async fn uuid_keys_are_stored_as_strings() {
    let db = fresh_db().await;
    db.create_table::<Session>().await.unwrap();
    let id = uuid::Uuid::new_v4();
    let session = Session {
        id,
        started: chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
    };
    db.create(&session).await.unwrap();
    assert_eq!(
        SessionKey::new(id).to_item().unwrap()["id"],
        AttributeValue::S(id.to_string())
    );
    assert_eq!(db.get::<Session>(id).await.unwrap(), Some(session));
}

mod renamed_crate {
    extern crate dynamoxide as odm;

    #[derive(odm::Model, serde::Serialize, serde::Deserialize)]
    #[dynamo(table = "renamed", crate = "odm")]
    pub struct Renamed {
        #[dynamo(hash_key)]
        pub id: u32,
    }
}

#[test]
fn crate_attribute_names_the_path_generated_code_uses() {
    use renamed_crate::{Renamed, RenamedKey};
    assert_eq!(Renamed::SCHEMA.table_name, "renamed");
    assert_eq!(
        RenamedKey::from(7).to_item().unwrap()["id"],
        AttributeValue::N("7".into())
    );
}
