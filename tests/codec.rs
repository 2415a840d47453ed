//! The codec against serde_dynamo and against arbitrary input: any value of a model using
//! every attribute shape round-trips unchanged and is stored exactly as serde_dynamo stores
//! it; any attribute map, however wrong, decodes to a value or an error, never a panic.

#[path = "common/hand_written.rs"]
mod hand_written;

use dynamoxide::codec::{self, CodecError, Direction};
use dynamoxide::limits::MAX_ITEM_SIZE;
use dynamoxide::types::AttributeValue;
use dynamoxide::{Error, Item, Model};
use hand_written::{Account, Plan};
use proptest::collection::{btree_map, btree_set, hash_map, vec};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Address {
    street: String,
    zip: u32,
    note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Status {
    Active,
    Suspended(String),
    Moved { to: Address },
    Pair(i16, bool),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Meters(f64);

#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "codec_everything")]
struct Everything {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(range_key)]
    version: u64,
    small: i8,
    signed: i64,
    unsigned: u64,
    ratio: f64,
    single: f32,
    flag: bool,
    letter: char,
    #[serde(with = "serde_bytes")]
    blob: Vec<u8>,
    tags: Vec<String>,
    counts: HashMap<String, i32>,
    by_day: BTreeMap<u16, bool>,
    by_flag: BTreeMap<bool, u8>,
    labels: BTreeSet<String>,
    lucky: BTreeSet<i64>,
    address: Address,
    previous: Vec<Address>,
    status: Status,
    distance: Meters,
    pair: (String, u8),
    nickname: Option<String>,
    unit: (),
}

fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 _.#-]{0,12}"
}

fn finite_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        (-1e100f64..1e100f64),
        (-1.0f64..1.0f64).prop_map(|f| f * 1e-100),
    ]
}

fn address() -> impl Strategy<Value = Address> {
    (text(), any::<u32>(), proptest::option::of(text())).prop_map(|(street, zip, note)| Address {
        street,
        zip,
        note,
    })
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Active),
        text().prop_map(Status::Suspended),
        address().prop_map(|to| Status::Moved { to }),
        (any::<i16>(), any::<bool>()).prop_map(|(a, b)| Status::Pair(a, b)),
    ]
}

prop_compose! {
    fn everything()(
        (id, version, small, signed, unsigned) in (
            "[a-z0-9]{1,20}", any::<u64>(), any::<i8>(), any::<i64>(), any::<u64>(),
        ),
        (ratio, single, flag, letter, blob) in (
            finite_f64(), -1e30f32..1e30f32, any::<bool>(), any::<char>(), vec(any::<u8>(), 0..40),
        ),
        (tags, counts, by_day, by_flag, labels, lucky) in (
            vec(text(), 0..5),
            hash_map(text(), any::<i32>(), 0..5),
            btree_map(any::<u16>(), any::<bool>(), 0..5),
            btree_map(any::<bool>(), any::<u8>(), 0..2),
            btree_set("[a-z]{1,8}", 1..5),
            btree_set(any::<i64>(), 1..5),
        ),
        (address, previous, status, distance, pair, nickname) in (
            address(), vec(address(), 0..3), status(), finite_f64(), (text(), any::<u8>()),
            proptest::option::of(text()),
        ),
    ) -> Everything {
        Everything {
            id, version, small, signed, unsigned, ratio, single, flag, letter, blob, tags,
            counts, by_day, by_flag, labels, lucky, address, previous, status, distance: Meters(distance),
            pair, nickname, unit: (),
        }
    }
}

/// serde_dynamo's item for `model`, adjusted the two ways dynamoxide documents: a `None`
/// attribute is left out instead of stored as NULL, and `#[dynamo(set)]` fields are sets.
fn serde_dynamo_layout(model: &Everything) -> Item {
    let mut item: Item = serde_dynamo::to_item(model).unwrap();
    if model.nickname.is_none() {
        item.remove("nickname");
    }
    for (name, set) in [
        (
            "labels",
            AttributeValue::Ss(model.labels.iter().cloned().collect()),
        ),
        (
            "lucky",
            AttributeValue::Ns(model.lucky.iter().map(i64::to_string).collect()),
        ),
    ] {
        item.insert(name.to_owned(), set);
    }
    item
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_value_round_trips_in_serde_dynamo_layout(model in everything()) {
        let item = codec::to_item(&model).unwrap();
        prop_assert_eq!(&item, &serde_dynamo_layout(&model));
        prop_assert_eq!(codec::from_item::<Everything>(item).unwrap(), model);
    }

    #[test]
    fn items_serde_dynamo_wrote_read_back(model in everything()) {
        let item: Item = serde_dynamo::to_item(&model).unwrap();
        prop_assert_eq!(codec::from_item::<Everything>(item).unwrap(), model);
    }

    #[test]
    fn arbitrary_items_decode_or_fail_without_panicking(item in arbitrary_item()) {
        match codec::from_item::<Everything>(item) {
            Ok(_) => {}
            Err(Error::Codec { direction: Direction::Read, model: "Everything", .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }

    #[test]
    fn a_valid_item_with_one_attribute_corrupted_names_that_attribute(
        model in everything(),
        victim in 0usize..22,
        replacement in attribute_value(),
    ) {
        let mut item = codec::to_item(&model).unwrap();
        let mut names: Vec<String> = item.keys().cloned().collect();
        names.sort();
        let name = names[victim % names.len()].clone();
        item.insert(name.clone(), replacement);
        if let Err(Error::Codec { attribute: Some(path), .. }) =
            codec::from_item::<Everything>(item)
        {
            prop_assert!(path == name || path.starts_with(&format!("{name}.")) ||
                path.starts_with(&format!("{name}[")), "{path} is not under {name}");
        }
    }
}

/// Attribute values of every type, nested a few levels, with numbers far outside every
/// Rust type's range among them.
fn attribute_value() -> impl Strategy<Value = AttributeValue> {
    let leaf = prop_oneof![
        text().prop_map(AttributeValue::S),
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            Just("1e400".to_owned()),
            Just("-99999999999999999999999999999999999999".to_owned()),
            Just("not a number".to_owned()),
            Just("0.5".to_owned()),
        ]
        .prop_map(AttributeValue::N),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null(true)),
        vec(any::<u8>(), 0..8).prop_map(|b| AttributeValue::B(b.into())),
        vec(text(), 0..3).prop_map(AttributeValue::Ss),
        vec(any::<u32>().prop_map(|n| n.to_string()), 0..3).prop_map(AttributeValue::Ns),
    ];
    leaf.prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(AttributeValue::L),
            hash_map(text(), inner, 0..4).prop_map(AttributeValue::M),
        ]
    })
}

#[derive(Model, Debug, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "codec_wide")]
struct Wide {
    #[dynamo(hash_key)]
    id: String,
    signed: i128,
    unsigned: u128,
}

proptest! {
    #[test]
    fn integers_wider_than_64_bits_round_trip(signed in -(10i128.pow(37))..10i128.pow(37),
        unsigned in 0..10u128.pow(38)) {
        let wide = Wide { id: "w".into(), signed, unsigned };
        let item = codec::to_item(&wide).unwrap();
        prop_assert_eq!(&item["signed"], &AttributeValue::N(signed.to_string()));
        prop_assert_eq!(codec::from_item::<Wide>(item).unwrap(), wide);
    }
}

/// The schema-driven attribute shapes: time types stored as TTL epoch seconds, integer
/// timestamps, kept unknown attributes.
#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "leases")]
struct Lease {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(ttl)]
    expires: chrono::DateTime<chrono::Utc>,
    started: Option<time::OffsetDateTime>,
    renewed: std::time::SystemTime,
    #[serde(skip)]
    #[dynamo(extra)]
    extra: Item,
}

fn lease() -> impl Strategy<Value = Lease> {
    // Whole seconds within chrono's and time's ranges: a TTL is stored in whole seconds.
    let seconds = -62_000_000_000i64..250_000_000_000;
    let extra_value = prop_oneof![
        text().prop_map(AttributeValue::S),
        any::<i64>().prop_map(|n| AttributeValue::N(n.to_string())),
        any::<bool>().prop_map(AttributeValue::Bool),
    ];
    (
        text(),
        seconds.clone(),
        proptest::option::of(seconds.clone()),
        (0u64..4_000_000_000, 0u32..1_000_000_000),
        hash_map("[a-z]{1,8}_x", extra_value, 0..4),
    )
        .prop_map(|(id, expires, started, (secs, nanos), extra)| Lease {
            id: format!("l{id}"),
            expires: chrono::DateTime::from_timestamp(expires, 0).unwrap(),
            started: started.map(|s| time::OffsetDateTime::from_unix_timestamp(s).unwrap()),
            renewed: std::time::UNIX_EPOCH + std::time::Duration::new(secs, nanos),
            extra: extra.into_iter().collect(),
        })
}

proptest! {
    #[test]
    fn time_types_ttl_seconds_and_extra_attributes_round_trip(lease in lease()) {
        let item = codec::to_item(&lease).unwrap();
        prop_assert_eq!(
            &item["expires"],
            &AttributeValue::N(lease.expires.timestamp().to_string())
        );
        for (name, value) in &lease.extra {
            prop_assert_eq!(&item[name], value);
        }
        prop_assert_eq!(codec::from_item::<Lease>(item).unwrap(), lease);
    }

    #[test]
    fn arbitrary_items_decode_as_a_lease_or_fail_without_panicking(
        mut item in arbitrary_item(),
        expires in attribute_value(),
    ) {
        item.insert("expires".into(), expires);
        match codec::from_item::<Lease>(item) {
            Ok(_) => {}
            Err(Error::Codec { direction: Direction::Read | Direction::Write, .. }) => {}
            Err(other) => prop_assert!(false, "unexpected error {other:?}"),
        }
    }
}

fn arbitrary_item() -> impl Strategy<Value = Item> {
    let names = prop_oneof![
        Just("id"),
        Just("version"),
        Just("small"),
        Just("ratio"),
        Just("letter"),
        Just("blob"),
        Just("counts"),
        Just("by_day"),
        Just("labels"),
        Just("address"),
        Just("status"),
        Just("pair"),
        Just("unit"),
        Just("unknown"),
    ];
    hash_map(names.prop_map(str::to_owned), attribute_value(), 0..16)
}

#[test]
fn a_failed_read_names_the_nested_attribute_and_the_types_involved() {
    let mut item = codec::to_item(&sample()).unwrap();
    let Some(AttributeValue::L(previous)) = item.get_mut("previous") else {
        panic!("previous is a list");
    };
    let Some(AttributeValue::M(second)) = previous.get_mut(1) else {
        panic!("addresses are maps");
    };
    second.insert("zip".into(), AttributeValue::S("12345".into()));
    let error = codec::from_item::<Everything>(item).unwrap_err();
    let Error::Codec {
        attribute: Some(path),
        source: Some(source),
        ..
    } = &error
    else {
        panic!("expected a codec error with its path, got {error:?}");
    };
    assert_eq!(path, "previous[1].zip");
    assert_eq!(
        source.to_string(),
        "expected a number (N), found a string (S)"
    );
    assert!(error.to_string().contains("previous[1].zip"), "{error}");
}

#[test]
fn a_missing_attribute_is_named_however_deep_it_is() {
    let missing = |change: fn(&mut Item)| {
        let mut item = codec::to_item(&sample()).unwrap();
        change(&mut item);
        match codec::from_item::<Everything>(item).unwrap_err() {
            Error::Codec {
                direction: Direction::Read,
                attribute: Some(path),
                message,
                source: Some(source),
                ..
            } => {
                assert_eq!(source.path().as_ref(), Some(&path));
                (path, message)
            }
            other => panic!("expected a read codec error, got {other:?}"),
        }
    };
    let absent = "the stored item has no such attribute".to_owned();
    assert_eq!(
        missing(|item| drop(item.remove("small"))),
        ("small".to_owned(), absent.clone())
    );
    // A field with its own codec (`serde_bytes`) takes another path through serde.
    assert_eq!(
        missing(|item| drop(item.remove("blob"))),
        ("blob".to_owned(), absent.clone())
    );
    assert_eq!(
        missing(|item| {
            let Some(AttributeValue::M(address)) = item.get_mut("address") else {
                panic!("an address is a map");
            };
            address.remove("zip");
        }),
        ("address.zip".to_owned(), absent)
    );
}

#[test]
fn an_attribute_stored_under_a_serde_alias_reads_into_its_field() {
    #[derive(Model, Serialize, Deserialize, Debug, PartialEq)]
    #[dynamo(table = "codec_renamed")]
    struct Renamed {
        #[dynamo(hash_key)]
        id: String,
        #[serde(alias = "nick")]
        name: String,
    }
    let item = Item::from([
        ("id".to_owned(), AttributeValue::S("a".into())),
        ("nick".to_owned(), AttributeValue::S("Ada".into())),
    ]);
    assert_eq!(
        codec::from_item::<Renamed>(item).unwrap(),
        Renamed {
            id: "a".into(),
            name: "Ada".into()
        }
    );
}

#[test]
fn numbers_outside_the_target_type_are_errors_naming_the_number() {
    let mut item = codec::to_item(&sample()).unwrap();
    item.insert("small".into(), AttributeValue::N("300".into()));
    let error = codec::from_item::<Everything>(item).unwrap_err();
    assert!(
        matches!(&error, Error::Codec { attribute: Some(path), message, .. }
            if path == "small" && message == "the number `300` is not a valid i8"),
        "{error:?}"
    );
}

#[test]
fn enum_variants_read_from_strings_and_one_entry_maps_only() {
    let mut item = codec::to_item(&sample()).unwrap();
    item.insert(
        "status".into(),
        AttributeValue::M(HashMap::from([
            ("Suspended".into(), AttributeValue::S("a".into())),
            ("Active".into(), AttributeValue::Null(true)),
        ])),
    );
    let error = codec::from_item::<Everything>(item).unwrap_err();
    assert!(
        matches!(&error, Error::Codec { attribute: Some(path), .. } if path == "status"),
        "{error:?}"
    );
}

#[test]
fn a_write_error_names_the_attribute() {
    #[derive(Model, Serialize, Deserialize)]
    #[dynamo(table = "codec_bad_keys")]
    struct BadKeys {
        #[dynamo(hash_key)]
        id: String,
        by_point: HashMap<(u8, u8), String>,
    }
    let error = codec::to_item(&BadKeys {
        id: "a".into(),
        by_point: HashMap::from([((1, 2), "x".into())]),
    })
    .err()
    .unwrap();
    let Error::Codec {
        direction: Direction::Write,
        attribute: Some(path),
        source: Some(source),
        ..
    } = &error
    else {
        panic!("expected a write codec error, got {error:?}");
    };
    assert_eq!(path, "by_point");
    assert!(source.to_string().contains("map key"), "{source}");
    let _: &CodecError = source;
}

fn sample() -> Everything {
    let address = |zip| Address {
        street: "Main St".into(),
        zip,
        note: None,
    };
    Everything {
        id: "e1".into(),
        version: 1,
        small: -3,
        signed: i64::MIN,
        unsigned: u64::MAX,
        ratio: 0.1,
        single: 1.5,
        flag: true,
        letter: 'ß',
        blob: vec![0, 1, 2],
        tags: vec!["a".into()],
        counts: HashMap::from([("x".into(), 1)]),
        by_day: BTreeMap::from([(7, true)]),
        by_flag: BTreeMap::from([(false, 1)]),
        labels: BTreeSet::from(["l".into()]),
        lucky: BTreeSet::from([7]),
        address: address(1),
        previous: vec![address(2), address(3)],
        status: Status::Moved { to: address(4) },
        distance: Meters(2.5),
        pair: ("p".into(), 9),
        nickname: Some("n".into()),
        unit: (),
    }
}

#[derive(Model, Debug, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "nicknames")]
struct Nicknamed {
    #[dynamo(hash_key)]
    id: String,
    #[dynamo(set = dynamoxide::transform::trim)]
    nickname: Option<String>,
    #[dynamo(default = "plain".to_owned())]
    tier: Option<String>,
    note: Option<String>,
}

#[test]
fn no_optional_none_is_stored_whatever_writes_it() {
    let stored = |nickname: Option<&str>| {
        let item = codec::to_item(&Nicknamed {
            id: "n1".into(),
            nickname: nickname.map(str::to_owned),
            tier: None,
            note: None,
        })
        .unwrap();
        let mut names: Vec<String> = item.keys().cloned().collect();
        names.sort();
        (names, item)
    };
    // The serializer leaves `note` out, the `set` rule's write-back `nickname`; the default
    // fills `tier`.
    let (names, item) = stored(None);
    assert_eq!(names, ["id", "tier"], "{item:?}");
    assert_eq!(item["tier"], AttributeValue::S("plain".into()));
    let (names, item) = stored(Some("  ada "));
    assert_eq!(names, ["id", "nickname", "tier"], "{item:?}");
    assert_eq!(item["nickname"], AttributeValue::S("ada".into()));
}

#[derive(Model, Debug, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "profiles")]
struct WithExtra {
    #[dynamo(hash_key)]
    id: String,
    nickname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    motto: Option<String>,
    #[dynamo(extra)]
    #[serde(skip)]
    extra: Item,
}

#[test]
fn extra_attributes_never_stand_in_for_the_schemas_own() {
    let extra: Item = [
        ("nickname", "from extra"),
        ("motto", "from extra"),
        ("shoe_size", "42"),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_owned(), AttributeValue::S(text.to_owned())))
    .collect();
    let item = codec::to_item(&WithExtra {
        id: "p1".into(),
        nickname: None,
        motto: None,
        extra,
    })
    .unwrap();
    let mut names: Vec<&str> = item.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(names, ["id", "shoe_size"], "{item:?}");
}

#[derive(Model, Debug, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "notes")]
struct FlattenedFirst {
    #[dynamo(hash_key)]
    id: String,
    #[serde(flatten)]
    more: HashMap<String, String>,
    note: Option<String>,
}

#[test]
fn a_later_none_replaces_an_earlier_entry_of_its_name() {
    let item = codec::to_item(&FlattenedFirst {
        id: "n1".into(),
        more: HashMap::from([
            ("note".to_owned(), "from the map".to_owned()),
            ("tag".to_owned(), "kept".to_owned()),
        ]),
        note: None,
    })
    .unwrap();
    assert!(!item.contains_key("note"), "{item:?}");
    assert_eq!(item["tag"], AttributeValue::S("kept".into()));
}

/// Defines a model of every field type the derive reads without serde (and some it reads
/// through serde beside them), with the struct attributes given.
macro_rules! order_model {
    ($name:ident, $table:literal $(, #[$attr:meta])*) => {
        #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[dynamo(table = $table)]
        #[serde(rename_all = "camelCase")]
        $(#[$attr])*
        struct $name {
            #[dynamo(hash_key)]
            customer_id: String,
            #[dynamo(range_key)]
            number: u64,
            total: f64,
            ratio: f32,
            small: i8,
            wide: i128,
            paid: bool,
            lines: Vec<String>,
            counts: Vec<u32>,
            note: Option<String>,
            #[serde(rename = "when")]
            placed_at: Option<i64>,
            flags: Vec<Option<bool>>,
            nested: Option<Vec<String>>,
            labels: BTreeSet<String>,
            address: Address,
            size: usize,
        }
    };
}

order_model!(DirectOrder, "direct_orders");
// `expecting` only words the error for an item that is not a map at all, which never
// reaches the model; a serde attribute the derive does not know to leave reading alone
// keeps it from generating a reader, so this twin reads through serde.
order_model!(SerdeOrder, "serde_orders", #[serde(expecting = "an order")]);

const ORDER_ATTRIBUTES: [&str; 16] = [
    "customerId",
    "number",
    "total",
    "ratio",
    "small",
    "wide",
    "paid",
    "lines",
    "counts",
    "note",
    "when",
    "flags",
    "nested",
    "labels",
    "address",
    "size",
];

fn direct_order() -> impl Strategy<Value = DirectOrder> {
    (
        (
            text(),
            any::<u64>(),
            finite_f64(),
            -1e30f32..1e30f32,
            any::<i8>(),
        ),
        (
            -(10i128.pow(37))..10i128.pow(37),
            any::<bool>(),
            vec(text(), 0..3),
        ),
        (
            vec(any::<u32>(), 0..3),
            proptest::option::of(text()),
            any::<Option<i64>>(),
        ),
        (
            vec(any::<Option<bool>>(), 0..3),
            proptest::option::of(vec(text(), 0..3)),
        ),
        (btree_set(text(), 0..3), address(), any::<u32>()),
    )
        .prop_map(
            |(
                (customer_id, number, total, ratio, small),
                (wide, paid, lines),
                (counts, note, placed_at),
                (flags, nested),
                (labels, address, size),
            )| DirectOrder {
                customer_id: format!("c{customer_id}"),
                number,
                total,
                ratio,
                small,
                wide,
                paid,
                lines,
                counts,
                note,
                placed_at,
                flags,
                nested,
                labels,
                address,
                size: size as usize,
            },
        )
}

/// Values of the shapes the reader converts itself as well as arbitrary ones: lists of
/// strings, numbers and booleans, and a `NULL` of `false`.
fn order_value() -> impl Strategy<Value = AttributeValue> {
    let element = prop_oneof![
        text().prop_map(AttributeValue::S),
        any::<u32>().prop_map(|n| AttributeValue::N(n.to_string())),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null(true)),
    ];
    prop_oneof![
        attribute_value(),
        vec(element, 0..4).prop_map(AttributeValue::L),
        Just(AttributeValue::Null(false)),
    ]
}

/// The outcome of a read, the same for both models when they read alike: the value's fields
/// (its `Debug` text without the model's name), or the attribute at fault and the message.
fn outcome<M: Model + std::fmt::Debug>(item: Item, name: &str) -> Result<String, String> {
    match codec::from_item::<M>(item) {
        Ok(order) => Ok(format!("{order:?}").replacen(name, "", 1)),
        Err(Error::Codec {
            attribute, message, ..
        }) => Err(format!("{attribute:?}: {message}")),
        Err(other) => Err(format!("unexpected error {other:?}")),
    }
}

proptest! {
    /// One attribute of a stored order taken away or replaced by any value, unknown ones
    /// added: the generated reader gives what serde gives, value or error alike.
    #[test]
    fn the_generated_reader_reads_an_item_as_serde_does(
        order in direct_order(),
        at in 0..ORDER_ATTRIBUTES.len(),
        replacement in proptest::option::of(order_value()),
        unknown in hash_map("[a-z]{1,6}_u", order_value(), 0..3),
    ) {
        let mut item = codec::to_item(&order).unwrap();
        let name = ORDER_ATTRIBUTES[at];
        match replacement {
            Some(value) => item.insert(name.to_owned(), value),
            None => item.remove(name),
        };
        item.extend(unknown);
        prop_assert_eq!(
            outcome::<DirectOrder>(item.clone(), "DirectOrder"),
            outcome::<SerdeOrder>(item, "SerdeOrder")
        );
    }

    /// Several attributes taken away or replaced: whether the item reads, and what it reads
    /// into, is serde's answer. (With several faults, each reader may name another first.)
    #[test]
    fn the_generated_reader_accepts_exactly_what_serde_accepts(
        order in direct_order(),
        changes in hash_map(
            proptest::sample::select(ORDER_ATTRIBUTES.to_vec()),
            proptest::option::of(order_value()),
            0..5,
        ),
    ) {
        let mut item = codec::to_item(&order).unwrap();
        for (name, value) in changes {
            match value {
                Some(value) => item.insert(name.to_owned(), value),
                None => item.remove(name),
            };
        }
        let direct = outcome::<DirectOrder>(item.clone(), "DirectOrder");
        let serde = outcome::<SerdeOrder>(item, "SerdeOrder");
        prop_assert_eq!(direct.is_ok(), serde.is_ok(), "{:?} against {:?}", direct, serde);
        if direct.is_ok() {
            prop_assert_eq!(direct, serde);
        }
    }
}

/// `order` as the twin that reads and writes through serde.
fn serde_twin(order: DirectOrder) -> SerdeOrder {
    let DirectOrder {
        customer_id,
        number,
        total,
        ratio,
        small,
        wide,
        paid,
        lines,
        counts,
        note,
        placed_at,
        flags,
        nested,
        labels,
        address,
        size,
    } = order;
    SerdeOrder {
        customer_id,
        number,
        total,
        ratio,
        small,
        wide,
        paid,
        lines,
        counts,
        note,
        placed_at,
        flags,
        nested,
        labels,
        address,
        size,
    }
}

/// The outcome of a write, the same for both twins when they write alike: the item, or the
/// attribute at fault and what is wrong.
fn written<M: Model>(order: &M) -> Result<Item, String> {
    codec::to_item(order).map_err(|error| match error {
        Error::Codec {
            attribute, message, ..
        } => format!("{attribute:?}: {message}"),
        Error::InvalidItem { violation, .. } => format!("{violation}"),
        other => format!("unexpected error {other:?}"),
    })
}

proptest! {
    /// Any order: the generated writer stores the item serde's serializer stores.
    #[test]
    fn the_generated_writer_writes_what_serde_writes(order in direct_order()) {
        let direct = written(&order);
        prop_assert!(direct.is_ok(), "{:?}", direct);
        prop_assert_eq!(direct, written(&serde_twin(order)));
    }

    /// A float DynamoDB cannot store in one of the fields written without serde: the same
    /// error from both writers. (With several, the one named depends on the order the
    /// item's map iterates in, whichever wrote it.)
    #[test]
    fn the_generated_writer_refuses_what_serde_refuses(
        order in direct_order(),
        fault in prop_oneof![Just(f64::NAN), Just(f64::NEG_INFINITY), Just(1e200)],
        in_ratio in any::<bool>(),
    ) {
        let order = match in_ratio {
            true => DirectOrder { ratio: fault as f32, ..order },
            false => DirectOrder { total: fault, ..order },
        };
        let direct = written(&order);
        prop_assert!(direct.is_err(), "{:?}", direct);
        prop_assert_eq!(direct, written(&serde_twin(order)));
    }
}

#[test]
fn only_the_twin_without_serde_attributes_gets_generated_code() {
    const { assert!(<DirectOrder as Model>::__GENERATED_READER) };
    const { assert!(!<SerdeOrder as Model>::__GENERATED_READER) };
    const { assert!(<DirectOrder as Model>::__GENERATED_WRITER) };
    const { assert!(!<SerdeOrder as Model>::__GENERATED_WRITER) };
}

/// Defines a model of field types the writer hands to serde beside ones it writes itself
/// (pointer-sized and 128-bit integers, a nested option, bytes, sets, a unit stored as
/// `NULL` in an attribute that is not optional), with the struct attributes given.
macro_rules! kinds_model {
    ($name:ident, $table:literal $(, #[$attr:meta])*) => {
        #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[dynamo(table = $table)]
        $(#[$attr])*
        struct $name {
            #[dynamo(hash_key)]
            id: String,
            signed: isize,
            wide: u128,
            maybe: Option<Option<u8>>,
            bytes: Vec<u8>,
            letter: char,
            tags: HashSet<String>,
            grid: Vec<Vec<i16>>,
            nothing: (),
        }
    };
}

kinds_model!(DirectKinds, "direct_kinds");
kinds_model!(SerdeKinds, "serde_kinds", #[serde(expecting = "kinds")]);

proptest! {
    /// Any value, a `u128` beyond DynamoDB's 38 digits included: the same item, or the same
    /// error, from both writers.
    #[test]
    fn the_generated_writer_writes_every_kind_as_serde_does(
        id in text(),
        signed in any::<isize>(),
        wide in any::<u128>(),
        maybe in any::<Option<Option<u8>>>(),
        bytes in vec(any::<u8>(), 0..4),
        letter in any::<char>(),
        tags in proptest::collection::hash_set(text(), 0..3),
        grid in vec(vec(any::<i16>(), 0..3), 0..3),
    ) {
        let direct = DirectKinds {
            id: format!("k{id}"),
            signed,
            wide,
            maybe,
            bytes,
            letter,
            tags,
            grid,
            nothing: (),
        };
        let DirectKinds { id, signed, wide, maybe, bytes, letter, tags, grid, nothing } =
            direct.clone();
        let serde = SerdeKinds { id, signed, wide, maybe, bytes, letter, tags, grid, nothing };
        const { assert!(<DirectKinds as Model>::__GENERATED_WRITER) };
        const { assert!(!<SerdeKinds as Model>::__GENERATED_WRITER) };
        let item = written(&direct);
        if let Ok(item) = &item {
            prop_assert_eq!(item.get("nothing"), Some(&AttributeValue::Null(true)));
            prop_assert_eq!(item.contains_key("maybe"), maybe.flatten().is_some());
        }
        prop_assert_eq!(item, written(&serde));
    }
}

/// Defines a model of the field types whose size the generated writer tells itself
/// (strings, booleans, every integer and float, options and lists of them), and a list of
/// lists, whose size it leaves to the walk, and no schema rule that changes the item: its
/// item's size is the writer's unless the list of lists has an element. With the struct
/// attributes given.
macro_rules! sized_model {
    ($name:ident, $table:literal $(, #[$attr:meta])*) => {
        #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[dynamo(table = $table)]
        $(#[$attr])*
        struct $name {
            #[dynamo(hash_key)]
            id: String,
            #[dynamo(range_key)]
            at: i64,
            padding: String,
            total: f64,
            ratio: f32,
            wide: u128,
            negative: i128,
            small: u8,
            paid: bool,
            note: Option<String>,
            scores: Vec<f64>,
            grid: Vec<Vec<u16>>,
            maybe: Option<Vec<Option<i32>>>,
        }
    };
}

sized_model!(SizedOrder, "sized_orders");
sized_model!(WalkedOrder, "walked_orders", #[serde(expecting = "an order")]);

impl SizedOrder {
    fn walked(self) -> WalkedOrder {
        let SizedOrder {
            id,
            at,
            padding,
            total,
            ratio,
            wide,
            negative,
            small,
            paid,
            note,
            scores,
            grid,
            maybe,
        } = self;
        WalkedOrder {
            id,
            at,
            padding,
            total,
            ratio,
            wide,
            negative,
            small,
            paid,
            note,
            scores,
            grid,
            maybe,
        }
    }
}

/// Floats DynamoDB stores, those at its bounds among them.
fn storable_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        finite_f64(),
        Just(-0.0),
        // The largest float spelled below 1E+126, all 126 digits of it.
        Just(f64::from_bits(1e126f64.to_bits() - 1)),
        Just(-9.99e125),
        Just(1e125),
        Just(1e-130),
        Just(-1e-130),
        Just(f64::from_bits(1e-130f64.to_bits() + 1)),
        any::<f32>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(f64::from),
    ]
}

/// Numbers of up to 38 significant digits, some of them 39 digits long.
fn storable_u128() -> impl Strategy<Value = u128> {
    prop_oneof![
        0..10u128.pow(38),
        (1..=3u128).prop_map(|times| times * 10u128.pow(38)),
        Just(u128::MAX / 10 * 10),
    ]
}

/// Negative numbers of up to 38 significant digits, some of them 39 digits long.
fn storable_negative_i128() -> impl Strategy<Value = i128> {
    prop_oneof![
        -(10i128.pow(38)) + 1..=0,
        Just(-(10i128.pow(38))),
        Just(i128::MIN / 10 * 10),
    ]
}

fn sized_order() -> impl Strategy<Value = SizedOrder> {
    (
        (text(), any::<i64>(), text(), storable_f64()),
        (
            any::<f32>().prop_filter("finite", |f| f.is_finite()),
            storable_u128(),
            storable_negative_i128(),
            any::<u8>(),
            any::<bool>(),
        ),
        (
            proptest::option::of(text()),
            vec(storable_f64(), 0..3),
            // A list of lists leaves the whole item to the walk: most orders have none.
            prop_oneof![3 => Just(Vec::new()), 1 => vec(vec(any::<u16>(), 0..3), 1..3)],
            proptest::option::of(vec(any::<Option<i32>>(), 0..3)),
        ),
    )
        .prop_map(
            |(
                (id, at, padding, total),
                (ratio, wide, negative, small, paid),
                (note, scores, grid, maybe),
            )| SizedOrder {
                id: format!("o{id}"),
                at,
                padding,
                total,
                ratio,
                wide,
                negative,
                small,
                paid,
                note,
                scores,
                grid,
                maybe,
            },
        )
}

/// One number DynamoDB refuses, in one of the fields whose size the writer tells itself.
#[derive(Debug, Clone)]
enum Fault {
    Total(f64),
    Ratio(f32),
    Wide(u128),
    Negative(i128),
    Score(f64),
}

fn fault() -> impl Strategy<Value = Fault> {
    let float = prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(1e126),
        Just(-1e200),
        // The largest float below 1E-130.
        Just(f64::from_bits(1e-130f64.to_bits() - 1)),
        Just(1e-131),
        Just(-1e-300),
        Just(5e-324),
    ];
    prop_oneof![
        float.clone().prop_map(Fault::Total),
        prop_oneof![Just(f32::NAN), Just(f32::INFINITY)].prop_map(Fault::Ratio),
        // 39 significant digits: 39 digits, the last one not zero.
        (10u128.pow(38) + 1..=u128::MAX - 10).prop_map(|n| Fault::Wide(n / 10 * 10 + 1 + n % 9)),
        (i128::MIN + 10..=-(10i128.pow(38)) - 1)
            .prop_map(|n| Fault::Negative(n / 10 * 10 - 1 - (n % 9).abs())),
        float.prop_map(Fault::Score),
    ]
}

proptest! {
    /// Any order within DynamoDB's limits: the item whose size the writer told is the item
    /// the limits' walk passes. One number DynamoDB refuses: the same error from both.
    #[test]
    fn the_writer_that_sizes_the_item_refuses_what_the_walk_refuses(
        order in sized_order(),
        fault in proptest::option::of(fault()),
    ) {
        const { assert!(<SizedOrder as Model>::__GENERATED_WRITER) };
        const { assert!(!<SizedOrder as Model>::__RULES_CHANGE_ITEM) };
        const { assert!(!<WalkedOrder as Model>::__GENERATED_WRITER) };
        let order = match fault.clone() {
            None => order,
            Some(Fault::Total(total)) => SizedOrder { total, ..order },
            Some(Fault::Ratio(ratio)) => SizedOrder { ratio, ..order },
            Some(Fault::Wide(wide)) => SizedOrder { wide, ..order },
            Some(Fault::Negative(negative)) => SizedOrder { negative, ..order },
            Some(Fault::Score(score)) => {
                let mut scores = order.scores.clone();
                scores.push(score);
                SizedOrder { scores, ..order }
            }
        };
        let sized = written(&order);
        prop_assert_eq!(sized.is_ok(), fault.is_none(), "{:?}", sized);
        prop_assert_eq!(sized, written(&order.walked()));
    }

    /// An order padded to DynamoDB's 400 KB, a byte under and a byte over: the same item
    /// from both writers within the limit, and over it the same size, which the writer told
    /// for one and the walk found for the other.
    #[test]
    fn the_size_the_writer_tells_is_the_size_the_walk_finds(order in sized_order()) {
        let unpadded = codec::to_item(&order.clone().walked()).unwrap();
        let size = dynamoxide::limits::check_item(&unpadded).unwrap() - order.padding.len();
        for over in [-1, 0, 1] {
            let padding = "x".repeat((MAX_ITEM_SIZE as isize - size as isize + over) as usize);
            let order = SizedOrder { padding, ..order.clone() };
            let sized = written(&order);
            match over {
                1 => prop_assert!(sized.is_err(), "over by one byte: {:?}", sized.map(|item| item.len())),
                _ => prop_assert!(sized.is_ok(), "{:?}", sized),
            }
            prop_assert_eq!(sized, written(&order.walked()));
        }
    }
}

/// Defines a model whose fields serde leaves out when they are empty, with the struct
/// attributes given.
macro_rules! skipping_model {
    ($name:ident, $table:literal $(, #[$attr:meta])*) => {
        #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[dynamo(table = $table)]
        $(#[$attr])*
        struct $name {
            #[dynamo(hash_key)]
            id: String,
            #[serde(skip_serializing_if = "String::is_empty", default)]
            status: String,
            #[serde(skip_serializing_if = "Vec::is_empty", default)]
            lines: Vec<u32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<String>,
            #[serde(skip_serializing_if = "BTreeSet::is_empty", default)]
            labels: BTreeSet<String>,
            #[serde(skip_serializing_if = "item", default)]
            count: u32,
        }
    };
}

/// Whether `count` is zero: named like a local of the generated writer, which must not
/// shadow it.
fn item(count: &u32) -> bool {
    *count == 0
}

skipping_model!(DirectSkipping, "direct_skipping");
skipping_model!(SerdeSkipping, "serde_skipping", #[serde(expecting = "a model")]);

#[test]
fn the_generated_writer_leaves_out_what_skip_serializing_if_leaves_out() {
    const { assert!(<DirectSkipping as Model>::__GENERATED_WRITER) };
    const { assert!(!<SerdeSkipping as Model>::__GENERATED_WRITER) };
    for (status, lines, note, labels, count) in [
        ("", vec![], None, vec![], 0),
        ("open", vec![], Some("n"), vec!["a"], 0),
        ("", vec![1, 2], Some(""), vec![], 3),
        ("open", vec![3], None, vec!["b", "c"], 4),
    ] {
        let labels: BTreeSet<String> = labels.into_iter().map(str::to_owned).collect();
        let direct = DirectSkipping {
            id: "s1".into(),
            status: status.into(),
            lines: lines.clone(),
            note: note.map(str::to_owned),
            labels: labels.clone(),
            count,
        };
        let serde = SerdeSkipping {
            id: "s1".into(),
            status: status.into(),
            lines,
            note: note.map(str::to_owned),
            labels: labels.clone(),
            count,
        };
        let item = codec::to_item(&direct).unwrap();
        assert_eq!(item.contains_key("status"), !status.is_empty(), "{item:?}");
        assert_eq!(item.contains_key("labels"), !labels.is_empty(), "{item:?}");
        assert_eq!(item.contains_key("count"), count != 0, "{item:?}");
        assert_eq!(item, codec::to_item(&serde).unwrap());
    }
}

#[test]
fn a_stored_order_reads_back_through_the_generated_reader() {
    let order = DirectOrder {
        customer_id: "c1".into(),
        number: 7,
        total: 12.5,
        ratio: 0.25,
        small: -3,
        wide: -(10i128.pow(30)),
        paid: true,
        lines: vec!["sku-1".into(), "sku-2".into()],
        counts: vec![1, 2],
        note: None,
        placed_at: Some(1_763_900_000),
        flags: vec![Some(true), None],
        nested: Some(vec![]),
        labels: ["a".to_owned()].into(),
        address: Address {
            street: "Main".into(),
            zip: 1,
            note: None,
        },
        size: 3,
    };
    let mut item = codec::to_item(&order).unwrap();
    assert_eq!(item["when"], AttributeValue::N("1763900000".into()));
    assert_eq!(
        codec::from_item::<DirectOrder>(item.clone()).unwrap(),
        order
    );
    item.insert(
        "lines".into(),
        AttributeValue::Ss(vec!["sku-1".into(), "sku-2".into()]),
    );
    item.insert(
        "counts".into(),
        AttributeValue::Ns(vec!["1".into(), "2".into()]),
    );
    assert_eq!(
        codec::from_item::<DirectOrder>(item.clone()).unwrap(),
        order
    );
    item.insert(
        "counts".into(),
        AttributeValue::L(vec![
            AttributeValue::N("1".into()),
            AttributeValue::S("2".into()),
        ]),
    );
    let Err(Error::Codec {
        attribute, message, ..
    }) = codec::from_item::<DirectOrder>(item)
    else {
        panic!("a string among the counts reads");
    };
    assert_eq!(attribute.as_deref(), Some("counts[1]"));
    assert_eq!(message, "expected a number (N), found a string (S)");
}

/// A type spelled like one the reader converts itself, but another: read through serde.
mod shadowing {
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct String(pub std::string::String);
}

type Sku = String;

/// Fields whose stored shape the schema changes (`set`, `number`), a type alias, a type
/// that shadows `String`, a raw identifier and a `rename_all` rule, read by the generated
/// reader.
#[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
#[dynamo(table = "codec_shapes")]
#[serde(rename_all = "PascalCase")]
struct Shapes {
    #[dynamo(hash_key)]
    id: Sku,
    #[dynamo(set)]
    tags: Vec<String>,
    #[dynamo(number)]
    amount: String,
    label: shadowing::String,
    r#type: Option<u8>,
}

#[test]
fn stored_shapes_aliases_and_shadowed_names_read_through_the_generated_reader() {
    const { assert!(<Shapes as Model>::__GENERATED_READER) };
    const { assert!(<Shapes as Model>::__GENERATED_WRITER) };
    let shapes = Shapes {
        id: "s1".into(),
        tags: vec!["a".into(), "b".into()],
        amount: "12.50".into(),
        label: shadowing::String("x".into()),
        r#type: Some(3),
    };
    let mut item = codec::to_item(&shapes).unwrap();
    assert_eq!(item["Amount"], AttributeValue::N("12.50".into()));
    assert!(matches!(&item["Tags"], AttributeValue::Ss(tags) if tags.len() == 2));
    assert_eq!(item["Type"], AttributeValue::N("3".into()));
    assert_eq!(codec::from_item::<Shapes>(item.clone()).unwrap(), shapes);
    item.remove("Tags");
    item.remove("Type");
    let read = codec::from_item::<Shapes>(item).unwrap();
    assert_eq!((read.tags, read.r#type), (vec![], None));
}

#[test]
fn read_with_serde_reads_through_a_hand_written_deserialize() {
    const { assert!(!<Account as Model>::__GENERATED_READER) };
    let item = Item::from([("id".to_owned(), AttributeValue::S("a1".into()))]);
    let account = codec::from_item::<Account>(item).unwrap();
    assert_eq!(account.plan, "free");
}

#[test]
fn write_with_serde_writes_through_a_hand_written_serialize() {
    const { assert!(!<Plan as Model>::__GENERATED_WRITER) };
    let item = codec::to_item(&Plan {
        id: "p1".into(),
        name: "pro".into(),
    })
    .unwrap();
    assert_eq!(item["name"], AttributeValue::S("PRO".into()));
}

/// A model derived where a user's trait is in scope whose blanket impl gives every type
/// methods with the names generated code might pick: the generated reader, writer and rules
/// must call their own methods, not be made ambiguous by these.
mod beside_a_blanket_trait {
    use dynamoxide::Model;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeSet;

    pub trait Fields {
        fn read_field(&self) -> &'static str {
            "the user's read_field"
        }
        fn present_field(&self) -> &'static str {
            "the user's present_field"
        }
        fn write_field(&self) -> &'static str {
            "the user's write_field"
        }
        fn validate_nested(&self) -> &'static str {
            "the user's validate_nested"
        }
        fn has_nested_rules(&self) -> &'static str {
            "the user's has_nested_rules"
        }
        fn get(&self) -> &'static str {
            "the user's get"
        }
        fn remove(&self) -> &'static str {
            "the user's remove"
        }
        fn as_str(&self) -> &'static str {
            "the user's as_str"
        }
        fn is_some(&self) -> &'static str {
            "the user's is_some"
        }
        fn insert(&self) -> &'static str {
            "the user's insert"
        }
        fn entry(&self) -> &'static str {
            "the user's entry"
        }
    }

    impl<T: ?Sized> Fields for T {}

    #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[dynamo(table = "labelled")]
    pub struct Labelled {
        #[dynamo(hash_key)]
        pub id: String,
        #[dynamo(validate(range(max = 10)))]
        pub count: u32,
        #[dynamo(validate(length(max = 20)))]
        pub note: Option<String>,
        pub tags: BTreeSet<String>,
        pub lines: Vec<String>,
        #[dynamo(default = "plain".to_owned())]
        pub kind: String,
    }

    /// Models with key templates, in a collection.
    #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[dynamo(table = "shelves", hash_key = "SHELF#{id}", range_key = "#SHELF")]
    pub struct Shelf {
        pub id: String,
    }

    #[derive(Model, Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[dynamo(
        table = "shelves",
        hash_key = "SHELF#{shelf}",
        range_key = "BOOK#{isbn}"
    )]
    pub struct Book {
        pub shelf: String,
        pub isbn: String,
    }

    #[derive(dynamoxide::Collection, Debug, PartialEq)]
    pub enum ShelfItems {
        Shelf(Shelf),
        Book(Book),
    }
}

#[test]
fn a_blanket_trait_in_scope_leaves_the_generated_code_alone() {
    use beside_a_blanket_trait::{Book, Labelled, ShelfItems};
    use dynamoxide::{Collection, ModelKey};
    const { assert!(<Labelled as Model>::__GENERATED_READER) };
    const { assert!(<Labelled as Model>::__GENERATED_WRITER) };
    let labelled = Labelled {
        id: "l1".into(),
        count: 3,
        note: None,
        tags: BTreeSet::from(["a".to_owned()]),
        lines: vec!["l".to_owned()],
        kind: "special".to_owned(),
    };
    {
        use beside_a_blanket_trait::Fields;
        let calls = [
            labelled.write_field(),
            labelled.read_field(),
            labelled.present_field(),
            labelled.validate_nested(),
            labelled.has_nested_rules(),
            labelled.get(),
            labelled.remove(),
            labelled.as_str(),
            labelled.is_some(),
            labelled.insert(),
            labelled.entry(),
        ];
        assert!(calls.iter().all(|call| call.starts_with("the user's")));
    }
    let mut item = codec::to_item(&labelled).unwrap();
    assert_eq!(item["count"], AttributeValue::N("3".into()));
    assert!(!item.contains_key("note"));
    assert_eq!(
        codec::from_item::<Labelled>(item.clone()).unwrap(),
        labelled
    );
    item.remove("kind");
    assert_eq!(codec::from_item::<Labelled>(item).unwrap().kind, "plain");
    let too_many = Labelled {
        count: 11,
        ..labelled
    };
    let error = codec::to_item(&too_many).unwrap_err();
    assert!(matches!(error, Error::Validation { .. }), "{error:?}");
    let book = Book {
        shelf: "s1".into(),
        isbn: "978".into(),
    };
    let key = Model::key(&book).to_item().unwrap();
    assert_eq!(key["pk"], AttributeValue::S("SHELF#s1".into()));
    assert_eq!(key["sk"], AttributeValue::S("BOOK#978".into()));
    let item = codec::to_item(&book).unwrap();
    assert_eq!(ShelfItems::from_item(item).unwrap(), ShelfItems::Book(book));
}
