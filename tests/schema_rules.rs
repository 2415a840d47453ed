//! Schema rules against DynamoDB Local: validation on every write path (nothing written on
//! failure, every failing field reported), `set`/`get` transforms, read and write defaults.

mod common;

use dynamoxide::types::AttributeValue;
use dynamoxide::validate::Violation;
use dynamoxide::{Attributes, Db, Error, Model};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Attributes, Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    #[dynamo(validate(pattern = "^[0-9]{5}$"))]
    zip: String,
    #[dynamo(validate(non_empty))]
    city: String,
}

fn no_profanity(bio: &str) -> Result<(), String> {
    if bio.contains("darn") {
        Err("must be polite".to_owned())
    } else {
        Ok(())
    }
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "members")]
struct Member {
    #[dynamo(hash_key, validate(length(min = 2)))]
    id: String,
    #[dynamo(validate(length(min = 1, max = 20)))]
    name: String,
    #[dynamo(
        set = dynamoxide::transform::trim_lowercase,
        validate(pattern = "^[^@ ]+@[^@ ]+$")
    )]
    email: String,
    #[dynamo(validate(range(min = 13, max = 130)))]
    age: u32,
    #[dynamo(validate(range(min = -5.5, max = 5)))]
    score: f64,
    #[dynamo(default = "member", validate(one_of = ["admin", "member"]))]
    role: Option<String>,
    #[dynamo(validate(one_of = [1, 2, 3]))]
    tier: u8,
    #[dynamo(validate(non_empty, length(max = 3)))]
    tags: BTreeSet<String>,
    #[dynamo(validate = no_profanity)]
    bio: Option<String>,
    addresses: Vec<Address>,
    #[dynamo(get = dynamoxide::transform::uppercase)]
    nickname: String,
    #[dynamo(default)]
    logins: u64,
    #[dynamo(default_with = default_plan)]
    plan: String,
    #[dynamo(force_default, default = 2)]
    schema_version: u32,
}

fn default_plan() -> String {
    "free".to_owned()
}

fn valid_member(id: &str) -> Member {
    Member {
        id: id.to_owned(),
        name: "Ada".to_owned(),
        email: "ada@example.com".to_owned(),
        age: 36,
        score: 1.5,
        role: Some("admin".to_owned()),
        tier: 2,
        tags: BTreeSet::from(["math".to_owned()]),
        bio: None,
        addresses: vec![Address {
            zip: "12345".to_owned(),
            city: "London".to_owned(),
        }],
        nickname: "countess".to_owned(),
        logins: 3,
        plan: "pro".to_owned(),
        schema_version: 2,
    }
}

/// Every rule of `Member` broken at once.
fn invalid_member(id: &str) -> Member {
    Member {
        id: id.to_owned(),
        name: String::new(),
        email: "  not an email ".to_owned(),
        age: 7,
        score: f64::NAN,
        role: Some("owner".to_owned()),
        tier: 9,
        tags: BTreeSet::new(),
        bio: Some("darn it".to_owned()),
        addresses: vec![
            Address {
                zip: "12345".to_owned(),
                city: "London".to_owned(),
            },
            Address {
                zip: "1234".to_owned(),
                city: String::new(),
            },
        ],
        ..valid_member(id)
    }
}

fn expected_failures() -> Vec<(&'static str, &'static str)> {
    vec![
        ("name", "length"),
        ("email", "pattern"),
        ("age", "range"),
        ("score", "range"),
        ("role", "one_of"),
        ("tier", "one_of"),
        ("tags", "non_empty"),
        ("bio", "no_profanity"),
        ("addresses[1].zip", "pattern"),
        ("addresses[1].city", "non_empty"),
    ]
}

fn failures(error: Error) -> Vec<(String, &'static str)> {
    match error {
        Error::Validation { model, violations } => {
            assert_eq!(model, "Member");
            violations
                .into_iter()
                .map(|Violation { path, rule, .. }| (path, rule))
                .collect()
        }
        other => panic!("expected a validation error, got {other}"),
    }
}

fn assert_every_failure(error: Error) {
    let expected: Vec<(String, &'static str)> = expected_failures()
        .into_iter()
        .map(|(path, rule)| (path.to_owned(), rule))
        .collect();
    assert_eq!(failures(error), expected);
}

async fn members_db() -> Db {
    let db = common::fresh_db().await;
    db.create_table::<Member>().await.unwrap();
    db
}

/// The item with hash key `id` of `M`'s table, read with the SDK.
async fn raw_item<M: Model>(db: &Db, id: &str) -> Option<dynamoxide::Item> {
    db.client()
        .get_item()
        .table_name(db.table_name::<M>())
        .key("id", AttributeValue::S(id.to_owned()))
        .consistent_read(true)
        .send()
        .await
        .unwrap()
        .item
}

#[tokio::test]
async fn validate_reports_every_failing_field_with_its_path() {
    assert!(valid_member("m-valid").validate().is_ok());
    assert_every_failure(invalid_member("m1").validate().unwrap_err());
    let Error::Validation { violations, .. } = invalid_member("m1").validate().unwrap_err() else {
        unreachable!()
    };
    assert_eq!(
        violations[0].message, "length must be between 1 and 20, is 0",
        "{violations:?}"
    );
    assert_eq!(violations[2].message, "must be between 13 and 130, is 7");
    assert_eq!(violations[7].message, "must be polite");
}

#[tokio::test]
async fn create_and_put_refuse_invalid_models_and_write_nothing() {
    let db = members_db().await;
    assert_every_failure(db.create(&invalid_member("m1")).await.unwrap_err());
    assert!(raw_item::<Member>(&db, "m1").await.is_none());

    let stored = valid_member("m2");
    db.put(&stored).await.unwrap();
    let mut changed = invalid_member("m2");
    changed.nickname = "changed".to_owned();
    assert_every_failure(db.put(&changed).await.unwrap_err());
    let read = db.get::<Member>("m2").await.unwrap().unwrap();
    assert_eq!(read.nickname, "COUNTESS", "the stored item is unchanged");
}

#[tokio::test]
async fn batch_and_transaction_writes_validate_before_sending() {
    let db = members_db().await;
    let items = vec![valid_member("m1"), invalid_member("m2"), valid_member("m3")];
    assert_every_failure(db.batch_put(&items).await.unwrap_err());
    let error = db
        .transact()
        .put(&valid_member("m4"))
        .put(&invalid_member("m5"))
        .await
        .unwrap_err();
    assert_every_failure(error);
    let stored = db.scan::<Member>().all().await.unwrap();
    assert!(stored.is_empty(), "nothing was written: {stored:?}");
}

#[tokio::test]
async fn a_short_key_is_a_validation_error_too() {
    let db = members_db().await;
    let error = db.create(&valid_member("m")).await.unwrap_err();
    assert_eq!(failures(error), vec![("id".to_owned(), "length")]);
}

#[tokio::test]
async fn set_transforms_apply_before_validation_and_storage() {
    let db = members_db().await;
    let mut member = valid_member("m1");
    member.email = "  Ada@Example.COM ".to_owned();
    db.create(&member).await.unwrap();
    let raw = raw_item::<Member>(&db, "m1").await.unwrap();
    assert_eq!(raw["email"], AttributeValue::S("ada@example.com".into()));
    assert_eq!(member.validate().map_err(failures).err(), None);
}

#[tokio::test]
async fn get_transforms_apply_on_every_read() {
    let db = members_db().await;
    db.create(&valid_member("m1")).await.unwrap();
    let raw = raw_item::<Member>(&db, "m1").await.unwrap();
    assert_eq!(raw["nickname"], AttributeValue::S("countess".into()));
    let read = db.get::<Member>("m1").await.unwrap().unwrap();
    assert_eq!(read.nickname, "COUNTESS");
    let scanned = db.scan::<Member>().all().await.unwrap();
    assert_eq!(scanned[0].nickname, "COUNTESS");
}

#[tokio::test]
async fn write_defaults_fill_none_and_force_default_overwrites() {
    let db = members_db().await;
    let mut member = valid_member("m1");
    member.role = None;
    member.schema_version = 1;
    db.create(&member).await.unwrap();
    let raw = raw_item::<Member>(&db, "m1").await.unwrap();
    assert_eq!(raw["role"], AttributeValue::S("member".into()));
    assert_eq!(raw["schema_version"], AttributeValue::N("2".into()));
    let read = db.get::<Member>("m1").await.unwrap().unwrap();
    assert_eq!(read.role.as_deref(), Some("member"));
}

#[tokio::test]
async fn read_defaults_fill_attributes_the_stored_item_lacks() {
    let db = members_db().await;
    db.create(&valid_member("m1")).await.unwrap();
    db.client()
        .update_item()
        .table_name(db.table_name::<Member>())
        .key("id", AttributeValue::S("m1".into()))
        .update_expression("REMOVE #logins, #plan, #role")
        .expression_attribute_names("#logins", "logins")
        .expression_attribute_names("#plan", "plan")
        .expression_attribute_names("#role", "role")
        .send()
        .await
        .unwrap();
    let read = db.get::<Member>("m1").await.unwrap().unwrap();
    assert_eq!(read.logins, 0);
    assert_eq!(read.plan, "free");
    assert_eq!(read.role.as_deref(), Some("member"));
}

#[tokio::test]
async fn updates_validate_and_transform_the_values_they_set() {
    let db = members_db().await;
    db.create(&valid_member("m1")).await.unwrap();
    let error = db
        .update::<Member>("m1")
        .set(Member::AGE, 500)
        .set(Member::NAME, "")
        .set(Member::ROLE, "owner")
        .await
        .unwrap_err();
    assert_eq!(
        failures(error),
        vec![
            ("age".to_owned(), "range"),
            ("name".to_owned(), "length"),
            ("role".to_owned(), "one_of"),
        ]
    );
    let unchanged = db.get::<Member>("m1").await.unwrap().unwrap();
    assert_eq!(unchanged.age, 36);

    let error = db
        .update::<Member>("m1")
        .set(
            Member::ADDRESSES,
            vec![Address {
                zip: "x".into(),
                city: String::new(),
            }],
        )
        .await
        .unwrap_err();
    assert_eq!(
        failures(error),
        vec![
            ("addresses[0].zip".to_owned(), "pattern"),
            ("addresses[0].city".to_owned(), "non_empty"),
        ]
    );

    // A value set inside a nested struct is checked against that struct's rules.
    let error = db
        .update::<Member>("m1")
        .set(Member::ADDRESSES.at(0).then(Address::ZIP), "x")
        .set(Member::ADDRESSES.at(0).then(Address::CITY), "Paris")
        .await
        .unwrap_err();
    assert_eq!(
        failures(error),
        vec![("addresses[0].zip".to_owned(), "pattern")]
    );
    assert_eq!(
        db.get::<Member>("m1").await.unwrap().unwrap().addresses[0].zip,
        "12345"
    );

    db.update::<Member>("m1")
        .set(Member::EMAIL, "  Ada@Lovelace.ORG ")
        .set(
            Member::TAGS,
            BTreeSet::from(["a".to_owned(), "b".to_owned()]),
        )
        .await
        .unwrap();
    let raw = raw_item::<Member>(&db, "m1").await.unwrap();
    assert_eq!(raw["email"], AttributeValue::S("ada@lovelace.org".into()));
    assert!(matches!(&raw["tags"], AttributeValue::Ss(tags) if tags.len() == 2));
}

type Labels = std::collections::HashSet<String>;

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "profiles")]
struct Profile {
    #[dynamo(hash_key)]
    id: String,
    name: String,
    #[dynamo(set)]
    labels: Labels,
    #[serde(skip)]
    #[dynamo(extra)]
    extra: dynamoxide::Item,
}

#[tokio::test]
async fn extra_attributes_are_kept_on_read_and_written_back() {
    let db = common::fresh_db().await;
    db.create_table::<Profile>().await.unwrap();
    db.client()
        .put_item()
        .table_name(db.table_name::<Profile>())
        .item("id", AttributeValue::S("p1".into()))
        .item("name", AttributeValue::S("Ada".into()))
        .item("legacy_flag", AttributeValue::Bool(true))
        .item("notes", AttributeValue::S("from the old system".into()))
        .send()
        .await
        .unwrap();
    let mut profile = db.get::<Profile>("p1").await.unwrap().unwrap();
    assert_eq!(profile.extra.len(), 2);
    assert_eq!(profile.extra["legacy_flag"], AttributeValue::Bool(true));
    assert!(profile.labels.is_empty());

    profile.name = "Ada L.".into();
    profile.labels = Labels::from(["math".to_owned()]);
    profile.extra.insert(
        "name".into(),
        AttributeValue::S("ignored: the schema owns it".into()),
    );
    db.put(&profile).await.unwrap();
    let db_item = raw_item::<Profile>(&db, "p1").await.unwrap();
    assert_eq!(db_item["name"], AttributeValue::S("Ada L.".into()));
    assert_eq!(db_item["legacy_flag"], AttributeValue::Bool(true));
    assert_eq!(
        db_item["notes"],
        AttributeValue::S("from the old system".into())
    );
    assert_eq!(db_item["labels"], AttributeValue::Ss(vec!["math".into()]));
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "handles")]
struct Handle {
    #[dynamo(hash_key)]
    id: String,
    nickname: Option<String>,
    #[serde(skip)]
    #[dynamo(extra)]
    extra: dynamoxide::Item,
}

#[tokio::test]
async fn an_extra_attribute_never_fills_an_optional_field_left_none() {
    let db = common::fresh_db().await;
    db.create_table::<Handle>().await.unwrap();
    let handle = Handle {
        id: "h1".into(),
        nickname: None,
        extra: [
            ("nickname", AttributeValue::S("from extra".into())),
            ("shoe_size", AttributeValue::N("42".into())),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect(),
    };
    for write in ["put", "upsert"] {
        match write {
            "put" => db.put(&handle).await.unwrap(),
            _ => db.upsert(&handle).await.map(|_| ()).unwrap(),
        }
        let stored = raw_item::<Handle>(&db, "h1").await.unwrap();
        assert!(!stored.contains_key("nickname"), "{write}: {stored:?}");
        assert_eq!(
            stored["shoe_size"],
            AttributeValue::N("42".into()),
            "{write}"
        );
        let read = db.get::<Handle>("h1").await.unwrap().unwrap();
        assert_eq!(read.nickname, None, "{write}");
        assert_eq!(read.extra.len(), 1, "{write}: {:?}", read.extra);
    }
}

#[tokio::test]
async fn without_an_extra_field_unknown_attributes_are_ignored() {
    let db = members_db().await;
    db.create(&valid_member("m1")).await.unwrap();
    db.client()
        .update_item()
        .table_name(db.table_name::<Member>())
        .key("id", AttributeValue::S("m1".into()))
        .update_expression("SET unknown_attribute = :v")
        .expression_attribute_values(":v", AttributeValue::N("1".into()))
        .send()
        .await
        .unwrap();
    let read = db.get::<Member>("m1").await.unwrap().unwrap();
    assert_eq!(read.name, "Ada");
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "pictures")]
struct Picture {
    #[dynamo(hash_key)]
    id: String,
    pixels: Vec<u8>,
    thumbnail: Option<Vec<u8>>,
}

#[tokio::test]
async fn byte_vectors_are_stored_as_binaries() {
    let db = common::fresh_db().await;
    db.create_table::<Picture>().await.unwrap();
    let picture = Picture {
        id: "p1".into(),
        pixels: vec![0, 1, 254, 255],
        thumbnail: Some(vec![7]),
    };
    db.create(&picture).await.unwrap();
    let stored = raw_item::<Picture>(&db, "p1").await.unwrap();
    assert_eq!(
        stored["pixels"],
        AttributeValue::B(vec![0, 1, 254, 255].into())
    );
    assert_eq!(stored["thumbnail"], AttributeValue::B(vec![7].into()));
    assert_eq!(db.get::<Picture>("p1").await.unwrap(), Some(picture));

    db.update::<Picture>("p1")
        .set(Picture::PIXELS, vec![9, 9])
        .condition(Picture::THUMBNAIL.eq(vec![7]))
        .await
        .unwrap();
    let stored = raw_item::<Picture>(&db, "p1").await.unwrap();
    assert_eq!(stored["pixels"], AttributeValue::B(vec![9, 9].into()));

    // A binary is not a list: appending to it is refused before sending.
    let error = db
        .update::<Picture>("p1")
        .append(Picture::PIXELS, [1u8])
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidExpression { .. }), "{error}");
}

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "prices")]
struct Price {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(number)]
    amount: rust_decimal::Decimal,
    #[dynamo(number)]
    fee: Option<rust_decimal::Decimal>,
}

#[tokio::test]
async fn decimals_are_stored_as_numbers_with_every_digit() {
    use std::str::FromStr;
    let db = common::fresh_db().await;
    db.create_table::<Price>().await.unwrap();
    let amount = rust_decimal::Decimal::from_str("1234567890123456789.012345678").unwrap();
    let price = Price {
        id: "p1".into(),
        amount,
        fee: Some(rust_decimal::Decimal::from_str("-0.0000000000000000000000000001").unwrap()),
    };
    db.create(&price).await.unwrap();
    let stored = raw_item::<Price>(&db, "p1").await.unwrap();
    assert_eq!(
        stored["amount"],
        AttributeValue::N("1234567890123456789.012345678".into())
    );
    assert_eq!(
        stored["fee"],
        AttributeValue::N("-0.0000000000000000000000000001".into())
    );
    assert_eq!(db.get::<Price>("p1").await.unwrap(), Some(price));

    // Updates and conditions compare numbers, not strings.
    let more = rust_decimal::Decimal::from_str("99999999999999999999.99999999").unwrap();
    db.update::<Price>("p1")
        .set(Price::AMOUNT, more)
        .condition(Price::AMOUNT.gt(rust_decimal::Decimal::from(9)))
        .await
        .unwrap();
    let stored = raw_item::<Price>(&db, "p1").await.unwrap();
    assert_eq!(
        stored["amount"],
        AttributeValue::N("99999999999999999999.99999999".into())
    );
    assert_eq!(db.get::<Price>("p1").await.unwrap().unwrap().amount, more);

    let nine = rust_decimal::Decimal::from(9);
    let filtered = db
        .scan::<Price>()
        .filter(
            Price::AMOUNT
                .between(nine, more)
                .and(Price::AMOUNT.is_in([more, nine])),
        )
        .all()
        .await
        .unwrap();
    assert_eq!(filtered.len(), 1, "between and IN compare numbers");

    // The value comes back; its scale may not (AWS trims trailing zeros, DynamoDB Local
    // keeps them).
    let ten = rust_decimal::Decimal::from_str("10.00").unwrap();
    db.update::<Price>("p1")
        .set(Price::AMOUNT, ten)
        .await
        .unwrap();
    let read = db.get::<Price>("p1").await.unwrap().unwrap().amount;
    assert_eq!(read, ten);
}
