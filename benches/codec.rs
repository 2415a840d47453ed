//! CPU cost of dynamoxide's codec and expression building, beside hand-written
//! `serde_dynamo` and `aws-sdk-dynamodb` code doing the same work.
//!
//! Run: `cargo bench --bench codec`

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use dynamoxide::types::AttributeValue;
use dynamoxide::{codec, Db, Item, Model};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::hint::black_box;

/// A realistic 10-attribute model: strings, numbers, a list, a map, a bool, a set and a
/// timestamp.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "bench_profiles")]
struct Profile {
    #[dynamo(hash_key)]
    id: String,
    name: String,
    email: String,
    age: u32,
    score: f64,
    active: bool,
    tags: Vec<String>,
    settings: HashMap<String, String>,
    roles: BTreeSet<String>,
    created_at: DateTime<Utc>,
}

fn profile() -> Profile {
    Profile {
        id: "user-0001".into(),
        name: "Ada Lovelace".into(),
        email: "ada@example.com".into(),
        age: 36,
        score: 97.25,
        active: true,
        tags: vec!["math".into(), "poetry".into(), "engines".into()],
        settings: HashMap::from([
            ("theme".to_owned(), "dark".to_owned()),
            ("lang".to_owned(), "en".to_owned()),
        ]),
        roles: BTreeSet::from(["admin".to_owned(), "author".to_owned()]),
        created_at: Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
    }
}

/// What hand-written SDK code does to store a `Profile`: no checks of any kind.
fn to_attributes(profile: &Profile) -> Item {
    let mut item = HashMap::with_capacity(10);
    item.insert("id".into(), AttributeValue::S(profile.id.clone()));
    item.insert("name".into(), AttributeValue::S(profile.name.clone()));
    item.insert("email".into(), AttributeValue::S(profile.email.clone()));
    item.insert("age".into(), AttributeValue::N(profile.age.to_string()));
    item.insert("score".into(), AttributeValue::N(profile.score.to_string()));
    item.insert("active".into(), AttributeValue::Bool(profile.active));
    item.insert(
        "tags".into(),
        AttributeValue::L(
            profile
                .tags
                .iter()
                .cloned()
                .map(AttributeValue::S)
                .collect(),
        ),
    );
    item.insert(
        "settings".into(),
        AttributeValue::M(
            profile
                .settings
                .iter()
                .map(|(key, value)| (key.clone(), AttributeValue::S(value.clone())))
                .collect(),
        ),
    );
    item.insert(
        "roles".into(),
        AttributeValue::Ss(profile.roles.iter().cloned().collect()),
    );
    item.insert(
        "created_at".into(),
        AttributeValue::S(
            profile
                .created_at
                .to_rfc3339_opts(SecondsFormat::AutoSi, true),
        ),
    );
    item
}

/// What hand-written SDK code does to read a `Profile` back: each attribute taken out by
/// name and matched on its type.
fn from_attributes(mut item: Item) -> Option<Profile> {
    let mut string = |name: &str| match item.remove(name)? {
        AttributeValue::S(text) => Some(text),
        _ => None,
    };
    let (id, name, email, created_at) = (
        string("id")?,
        string("name")?,
        string("email")?,
        string("created_at")?,
    );
    let number = |value: Option<AttributeValue>| match value? {
        AttributeValue::N(text) => Some(text),
        _ => None,
    };
    let strings = |values: Vec<AttributeValue>| -> Option<Vec<String>> {
        values
            .into_iter()
            .map(|value| match value {
                AttributeValue::S(text) => Some(text),
                _ => None,
            })
            .collect()
    };
    Some(Profile {
        id,
        name,
        email,
        age: number(item.remove("age"))?.parse().ok()?,
        score: number(item.remove("score"))?.parse().ok()?,
        active: matches!(item.remove("active")?, AttributeValue::Bool(true)),
        tags: match item.remove("tags")? {
            AttributeValue::L(tags) => strings(tags)?,
            _ => return None,
        },
        settings: match item.remove("settings")? {
            AttributeValue::M(settings) => settings
                .into_iter()
                .map(|(key, value)| match value {
                    AttributeValue::S(text) => Some((key, text)),
                    _ => None,
                })
                .collect::<Option<_>>()?,
            _ => return None,
        },
        roles: match item.remove("roles")? {
            AttributeValue::Ss(roles) => roles.into_iter().collect(),
            _ => return None,
        },
        created_at: created_at.parse().ok()?,
    })
}

fn codec_benches(c: &mut Criterion) {
    let model = profile();
    let mut group = c.benchmark_group("struct to item");
    group.bench_function("dynamoxide codec::to_item", |b| {
        b.iter(|| codec::to_item(black_box(&model)).unwrap())
    });
    group.bench_function("serde_dynamo::to_item", |b| {
        b.iter(|| serde_dynamo::to_item::<_, Item>(black_box(&model)).unwrap())
    });
    group.bench_function("hand-written, no checks", |b| {
        b.iter(|| to_attributes(black_box(&model)))
    });
    group.finish();

    let item = codec::to_item(&model).unwrap();
    assert_eq!(to_attributes(&model), item, "the same item both ways");
    assert_eq!(from_attributes(item.clone()), Some(model.clone()));
    let mut group = c.benchmark_group("item to struct");
    group.bench_function("dynamoxide codec::from_item", |b| {
        b.iter_batched(
            || item.clone(),
            |item| codec::from_item::<Profile>(item).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("serde_dynamo::from_item", |b| {
        b.iter_batched(
            || serde_dynamo::to_item::<_, Item>(&model).unwrap(),
            |item| serde_dynamo::from_item::<_, Profile>(item).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("hand-written, no checks", |b| {
        b.iter_batched(
            || item.clone(),
            |item| from_attributes(item).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn expression_benches(c: &mut Criterion) {
    let db = Db::for_endpoint("http://127.0.0.1:8000");
    let mut group = c.benchmark_group("update with 5 actions and a condition");
    group.bench_function("dynamoxide update builder", |b| {
        b.iter(|| {
            db.update::<Profile>(black_box("user-0001"))
                .set(Profile::NAME, "Ada King")
                .set(Profile::EMAIL, "ada@king.example")
                .increment(Profile::AGE, 1)
                .append(Profile::TAGS, ["analyst".to_owned()])
                .set(Profile::ACTIVE, false)
                .condition(Profile::AGE.lt(150).and(Profile::ACTIVE.eq(true)))
                .into_sdk()
                .unwrap()
        })
    });
    group.bench_function("hand-written aws-sdk-dynamodb", |b| {
        b.iter(|| {
            db.client()
                .update_item()
                .table_name("bench_profiles")
                .key("id", AttributeValue::S(black_box("user-0001").to_owned()))
                .update_expression(
                    "SET #name = :name, #email = :email, #age = if_not_exists(#age, :zero) + :one, \
                     #tags = list_append(if_not_exists(#tags, :empty), :tags), #active = :false",
                )
                .condition_expression("(#age < :max AND #active = :true)")
                .expression_attribute_names("#name", "name")
                .expression_attribute_names("#email", "email")
                .expression_attribute_names("#age", "age")
                .expression_attribute_names("#tags", "tags")
                .expression_attribute_names("#active", "active")
                .expression_attribute_values(":name", AttributeValue::S("Ada King".into()))
                .expression_attribute_values(":email", AttributeValue::S("ada@king.example".into()))
                .expression_attribute_values(":zero", AttributeValue::N("0".into()))
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .expression_attribute_values(":empty", AttributeValue::L(Vec::new()))
                .expression_attribute_values(
                    ":tags",
                    AttributeValue::L(vec![AttributeValue::S("analyst".into())]),
                )
                .expression_attribute_values(":false", AttributeValue::Bool(false))
                .expression_attribute_values(":max", AttributeValue::N("150".into()))
                .expression_attribute_values(":true", AttributeValue::Bool(true))
        })
    });
    group.finish();
}

criterion_group!(benches, codec_benches, expression_benches);
criterion_main!(benches);
