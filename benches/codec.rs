//! CPU cost of dynamoxide's codec and expression building, beside hand-written
//! `serde_dynamo` and `aws-sdk-dynamodb` code doing the same work.
//!
//! Run: `cargo bench --bench codec`

use chrono::{DateTime, TimeZone, Utc};
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

fn codec_benches(c: &mut Criterion) {
    let model = profile();
    let mut group = c.benchmark_group("struct to item");
    group.bench_function("dynamoxide codec::to_item", |b| {
        b.iter(|| codec::to_item(black_box(&model)).unwrap())
    });
    group.bench_function("serde_dynamo::to_item", |b| {
        b.iter(|| serde_dynamo::to_item::<_, Item>(black_box(&model)).unwrap())
    });
    group.finish();

    let item = codec::to_item(&model).unwrap();
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
