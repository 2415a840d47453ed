//! Single-table design against DynamoDB Local: three models in one table with key templates
//! and a shared GSI, the entity type written and checked, collection queries, index keys kept
//! in step by updates, and the table created from all models.

mod common;

use common::fresh_db;
use dynamoxide::types::AttributeValue;
use dynamoxide::{codec, Collection, Db, Error, Item, Model, ModelKey};
use serde::{Deserialize, Serialize};

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
#[dynamo(gsi(
    name = "gsi1",
    hash_key(attribute = "gsi1pk", template = "PLAN#{plan}"),
    range_key(attribute = "gsi1sk", template = "ORG#{id}")
))]
struct Org {
    id: String,
    name: String,
    plan: String,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "app",
    hash_key = "ORG#{org_id}",
    range_key = "MEMBER#{user_id}"
)]
#[dynamo(gsi(
    name = "gsi1",
    hash_key(attribute = "gsi1pk", template = "USER#{email}"),
    range_key(attribute = "gsi1sk", template = "ORG#{org_id}")
))]
#[dynamo(gsi(name = "by_role", hash_key = "role", projection = keys_only))]
struct Member {
    org_id: String,
    user_id: String,
    email: Option<String>,
    role: String,
    #[dynamo(version)]
    version: u64,
}

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "app",
    hash_key = "ORG#{org_id}",
    range_key = "INVOICE#{number}"
)]
struct Invoice {
    org_id: String,
    number: u64,
    total_cents: i64,
    paid: bool,
}

/// A model declared by mistake over Org's items (same templates, its own entity name).
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#ORG")]
struct OrgSettings {
    id: String,
    theme: Option<String>,
}

/// Seats of a team: the team's name is followed by literal text in the sort key.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(
    table = "app",
    hash_key = "ORG#{org_id}",
    range_key = "TEAM#{team}#SEATS"
)]
struct Seats {
    org_id: String,
    team: String,
    count: u32,
}

/// A model that claims Org's entity name.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(
    table = "app",
    hash_key = "ORG#{id}",
    range_key = "#ORG",
    entity = "Org"
)]
struct Impostor {
    id: String,
}

/// What the keys-only `by_role` index holds of a member.
#[derive(Deserialize, Debug, PartialEq)]
struct RoleEntry {
    role: String,
    pk: String,
    sk: String,
}

/// A pair whose separator can overlap with a value (`#X#`).
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "app", hash_key = "P#{a}#X#{b}", range_key = "PAIR")]
struct Pair {
    a: String,
    b: String,
}

/// Tickets keyed by a plain field, with an index key composed from it and a status.
#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "tickets")]
#[dynamo(gsi(
    name = "by_status",
    hash_key(attribute = "gsi1pk", template = "ORG#{org_id}#STATUS#{status}")
))]
struct Ticket {
    #[dynamo(hash_key)]
    org_id: String,
    #[dynamo(range_key)]
    number: u64,
    status: String,
}

mod billing {
    /// Settings of the billing side, with the default entity name `Settings`.
    #[derive(dynamoxide::Model, serde::Serialize, serde::Deserialize)]
    #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#BILLING")]
    pub struct Settings {
        pub id: String,
    }
}

mod profile {
    /// Settings of the profile side: another model with the same Rust name.
    #[derive(dynamoxide::Model, serde::Serialize, serde::Deserialize)]
    #[dynamo(table = "app", hash_key = "ORG#{id}", range_key = "#PROFILE")]
    pub struct Settings {
        pub id: String,
    }
}

#[derive(Collection, Debug, PartialEq)]
enum OrgItems {
    Org(Org),
    Member(Member),
    Invoice(Invoice),
}

/// A model whose key does not fit the table the others declare.
#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "app")]
struct Stray {
    #[dynamo(hash_key)]
    pk: u64,
}

fn org(id: &str, plan: &str) -> Org {
    Org {
        id: id.into(),
        name: format!("{id} inc."),
        plan: plan.into(),
    }
}

fn member(org: &str, user: &str, email: Option<&str>) -> Member {
    Member {
        org_id: org.into(),
        user_id: user.into(),
        email: email.map(str::to_owned),
        role: "dev".into(),
        version: 0,
    }
}

fn invoice(org: &str, number: u64) -> Invoice {
    Invoice {
        org_id: org.into(),
        number,
        total_cents: 1_000 * number as i64,
        paid: number.is_multiple_of(2),
    }
}

async fn app(db: &Db) {
    db.create_table::<Org>()
        .with::<Member>()
        .with::<Invoice>()
        .await
        .expect("the shared table is created");
}

async fn raw(db: &Db, pk: &str, sk: &str) -> Item {
    db.client()
        .get_item()
        .table_name(db.table_name::<Org>())
        .key("pk", AttributeValue::S(pk.into()))
        .key("sk", AttributeValue::S(sk.into()))
        .send()
        .await
        .unwrap()
        .item
        .expect("the item exists")
}

async fn seed(db: &Db) {
    db.create(&org("acme", "pro")).await.unwrap();
    db.create(&org("globex", "free")).await.unwrap();
    for (user, email) in [
        ("u1", Some("ada@acme.io")),
        ("u2", Some("bob@acme.io")),
        ("u3", None),
    ] {
        db.create(&member("acme", user, email)).await.unwrap();
    }
    db.create(&member("globex", "u1", Some("ada@globex.io")))
        .await
        .unwrap();
    for number in 1..=4 {
        db.create(&invoice("acme", number)).await.unwrap();
    }
}

#[tokio::test]
async fn items_store_composed_keys_and_their_entity_type() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let stored = raw(&db, "ORG#acme", "MEMBER#u1").await;
    let s = |text: &str| AttributeValue::S(text.into());
    assert_eq!(stored["__type"], s("Member"));
    assert_eq!(stored["gsi1pk"], s("USER#ada@acme.io"));
    assert_eq!(stored["gsi1sk"], s("ORG#acme"));
    assert_eq!(stored["org_id"], s("acme"), "the fields are stored too");

    let without_email = raw(&db, "ORG#acme", "MEMBER#u3").await;
    assert!(
        !without_email.contains_key("gsi1pk"),
        "a member without an email is not in the sparse index"
    );
    let invoice = raw(&db, "ORG#acme", "INVOICE#3").await;
    assert_eq!(invoice["__type"], s("Invoice"));

    let key = Member::key(&member("acme", "u1", None));
    assert_eq!(
        key.to_item().unwrap(),
        Item::from([
            ("pk".to_owned(), s("ORG#acme")),
            ("sk".to_owned(), s("MEMBER#u1"))
        ])
    );
    assert_eq!(MemberKey::from_item(&key.to_item().unwrap()).unwrap(), key);

    let read = db.get::<Member>(("acme", "u1")).await.unwrap();
    assert_eq!(
        read,
        Some(Member {
            version: 1,
            ..member("acme", "u1", Some("ada@acme.io"))
        })
    );
    let read = db.get::<Org>("globex").await.unwrap().expect("org exists");
    assert_eq!(read.plan, "free");
    assert_eq!(db.get::<Invoice>(("acme", 9u64)).await.unwrap(), None);
}

#[tokio::test]
async fn a_collection_query_returns_every_model_of_the_partition_typed() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let items = db
        .query_collection::<OrgItems>()
        .hash("acme")
        .all()
        .await
        .unwrap();
    // Sort keys: "#ORG" < "INVOICE#…" < "MEMBER#…".
    let mut expected = vec![OrgItems::Org(org("acme", "pro"))];
    expected.extend((1..=4).map(|n| OrgItems::Invoice(invoice("acme", n))));
    expected.extend(
        [
            ("u1", Some("ada@acme.io")),
            ("u2", Some("bob@acme.io")),
            ("u3", None),
        ]
        .map(|(user, email)| {
            OrgItems::Member(Member {
                version: 1,
                ..member("acme", user, email)
            })
        }),
    );
    assert_eq!(items, expected);

    let invoices_only = db
        .query_collection::<OrgItems>()
        .hash("acme")
        .range_begins_with("INVOICE#")
        .count()
        .await
        .unwrap();
    assert_eq!(invoices_only, 4);
    let other_org = db
        .query_collection::<OrgItems>()
        .hash("globex")
        .all()
        .await
        .unwrap();
    assert_eq!(other_org.len(), 2);
}

#[tokio::test]
async fn a_model_query_reads_only_its_own_items() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let members = db.query::<Member>().hash("acme").all().await.unwrap();
    let users: Vec<&str> = members.iter().map(|m| m.user_id.as_str()).collect();
    assert_eq!(users, ["u1", "u2", "u3"]);
    let input = db.query::<Member>().hash("acme").into_input().unwrap();
    assert_eq!(
        input.key_condition_expression(),
        Some("#n0 = :v0 AND begins_with(#n1, :v1)"),
        "the sort key prefix keeps the query to members"
    );

    let invoice = db
        .query::<Invoice>()
        .hash("acme")
        .range_eq(3u64)
        .all()
        .await
        .unwrap();
    assert_eq!(invoice, [invoice_fixture(3)]);

    let orgs = db.scan::<Org>().all().await.unwrap();
    let mut ids: Vec<String> = orgs.into_iter().map(|org| org.id).collect();
    ids.sort();
    assert_eq!(ids, ["acme", "globex"], "a scan filters by the entity type");

    let by_email = db
        .query::<Member>()
        .index::<member_index::Gsi1>()
        .hash("ada@acme.io")
        .all()
        .await
        .unwrap();
    assert_eq!(by_email.len(), 1);
    assert_eq!(by_email[0].org_id, "acme");
    let pro = db
        .query::<Org>()
        .index::<org_index::Gsi1>()
        .hash("pro")
        .all()
        .await
        .unwrap();
    assert_eq!(
        pro,
        [org("acme", "pro")],
        "the shared index holds both models"
    );
}

fn invoice_fixture(number: u64) -> Invoice {
    invoice("acme", number)
}

#[tokio::test]
async fn reading_another_models_item_is_a_typed_error() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let error = db.get::<OrgSettings>("acme").await.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::WrongEntity { model: "OrgSettings", expected: "OrgSettings", found: Some(found) }
                if found == "Org"
        ),
        "{error:?}"
    );
    let member_item = raw(&db, "ORG#acme", "MEMBER#u2").await;
    let error = codec::from_item::<Org>(member_item).unwrap_err();
    assert!(
        matches!(&error, Error::WrongEntity { expected: "Org", found: Some(found), .. } if found == "Member"),
        "{error:?}"
    );
    let mut unmarked = raw(&db, "ORG#acme", "MEMBER#u2").await;
    unmarked.remove("__type");
    assert!(matches!(
        codec::from_item::<Member>(unmarked),
        Err(Error::WrongEntity { found: None, .. })
    ));
}

#[tokio::test]
async fn updates_keep_composed_index_keys_in_step() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    db.update::<Member>(("acme", "u2"))
        .set(Member::EMAIL, "robert@acme.io")
        .await
        .unwrap();
    let stored = raw(&db, "ORG#acme", "MEMBER#u2").await;
    assert_eq!(
        stored["gsi1pk"],
        AttributeValue::S("USER#robert@acme.io".into())
    );
    let found = db
        .query::<Member>()
        .index::<member_index::Gsi1>()
        .hash("robert@acme.io")
        .first()
        .await
        .unwrap();
    assert_eq!(found.map(|m| m.user_id), Some("u2".to_owned()));

    db.update::<Member>(("acme", "u2"))
        .remove(Member::EMAIL)
        .await
        .unwrap();
    let stored = raw(&db, "ORG#acme", "MEMBER#u2").await;
    assert!(
        !stored.contains_key("gsi1pk"),
        "removing the email leaves the index"
    );

    db.update::<Member>(("acme", "u3"))
        .set(Member::EMAIL, "cy@acme.io")
        .set(Member::ROLE, "admin")
        .await
        .unwrap();
    let stored = raw(&db, "ORG#acme", "MEMBER#u3").await;
    assert_eq!(
        stored["gsi1pk"],
        AttributeValue::S("USER#cy@acme.io".into())
    );

    db.update::<Org>("acme")
        .set(Org::PLAN, "enterprise")
        .await
        .unwrap();
    let stored = raw(&db, "ORG#acme", "#ORG").await;
    assert_eq!(
        stored["gsi1pk"],
        AttributeValue::S("PLAN#enterprise".into())
    );
}

#[tokio::test]
async fn the_shared_table_is_the_union_of_its_models() {
    let db = fresh_db().await;
    let input = db
        .create_table::<Org>()
        .with::<Member>()
        .with::<Invoice>()
        .into_input()
        .unwrap();
    let mut attributes: Vec<(&str, &str)> = input
        .attribute_definitions()
        .iter()
        .map(|a| (a.attribute_name(), a.attribute_type().as_str()))
        .collect();
    attributes.sort();
    assert_eq!(
        attributes,
        [
            ("gsi1pk", "S"),
            ("gsi1sk", "S"),
            ("pk", "S"),
            ("role", "S"),
            ("sk", "S")
        ]
    );
    let names: Vec<&str> = input
        .global_secondary_indexes()
        .iter()
        .map(|index| index.index_name())
        .collect();
    assert_eq!(names, ["gsi1", "by_role"], "gsi1 once");

    let error = db
        .create_table::<Org>()
        .with::<Stray>()
        .into_input()
        .unwrap_err();
    assert!(
        matches!(&error, Error::TableConflict { table, reason } if table == "app" && reason.contains("Stray")),
        "{error:?}"
    );
    assert_eq!(
        OrgItems::SCHEMAS
            .iter()
            .map(|s| s.model_name)
            .collect::<Vec<_>>(),
        ["Org", "Member", "Invoice"]
    );
    assert_eq!(OrgItems::ENTITIES, ["Org", "Member", "Invoice"]);
}

#[tokio::test]
async fn an_update_of_a_missing_key_writes_a_whole_item() {
    let db = fresh_db().await;
    app(&db).await;
    db.update::<Member>(("acme", "u9"))
        .set(Member::ROLE, "ops")
        .await
        .unwrap();
    let stored = raw(&db, "ORG#acme", "MEMBER#u9").await;
    assert_eq!(stored["__type"], AttributeValue::S("Member".into()));
    let member = db.get::<Member>(("acme", "u9")).await.unwrap();
    assert_eq!(
        member,
        Some(Member {
            role: "ops".into(),
            version: 1,
            ..member_fixture("acme", "u9")
        }),
        "the key fields are written from the key"
    );
    db.update::<Invoice>(("acme", 77u64))
        .set(Invoice::PAID, true)
        .set(Invoice::TOTAL_CENTS, 5)
        .await
        .unwrap();
    let invoice = db.get::<Invoice>(("acme", 77u64)).await.unwrap().unwrap();
    assert_eq!(
        (invoice.org_id.as_str(), invoice.number),
        ("acme", 77),
        "numbers too"
    );

    let stored = raw(&db, "ORG#acme", "MEMBER#u9").await;
    assert_eq!(
        stored["gsi1sk"],
        AttributeValue::S("ORG#acme".into()),
        "an index key made of key fields is written too"
    );
    db.update::<Member>(("acme", "u9"))
        .set(Member::EMAIL, "nine@acme.io")
        .await
        .unwrap();
    let found = db
        .query::<Member>()
        .index::<member_index::Gsi1>()
        .hash("nine@acme.io")
        .all()
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        1,
        "the member joins the index once its email is set"
    );
}

fn member_fixture(org: &str, user: &str) -> Member {
    member(org, user, None)
}

#[tokio::test]
async fn writes_leave_another_models_item_alone() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let error = db
        .update::<OrgSettings>("acme")
        .set(OrgSettings::THEME, "dark")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::WrongEntity { found: Some(ref found), .. } if found == "Org"),
        "{error:?}"
    );
    let error = db
        .put(&OrgSettings {
            id: "acme".into(),
            theme: None,
        })
        .await
        .unwrap_err();
    assert!(matches!(error, Error::WrongEntity { .. }), "{error:?}");
    let error = db.delete::<OrgSettings>("acme").await.unwrap_err();
    assert!(matches!(error, Error::WrongEntity { .. }), "{error:?}");
    assert_eq!(
        db.get::<Org>("acme").await.unwrap(),
        Some(org("acme", "pro")),
        "the org is untouched"
    );
}

#[tokio::test]
async fn key_values_holding_the_text_after_them_are_refused() {
    let db = fresh_db().await;
    app(&db).await;
    let seats = Seats {
        org_id: "acme".into(),
        team: "core#SEATSx".into(),
        count: 3,
    };
    let error = db.create(&seats).await.unwrap_err();
    assert!(
        error.to_string().contains("cannot contain `#SEATS`"),
        "{error}"
    );
    let error = db.get::<Seats>(("acme", "core#SEATSx")).await.unwrap_err();
    assert!(matches!(error, Error::InvalidKey { .. }), "{error:?}");

    let fine = Seats {
        team: "core#east".into(),
        ..seats
    };
    db.create(&fine).await.unwrap();
    let stored = raw(&db, "ORG#acme", "TEAM#core#east#SEATS").await;
    assert_eq!(stored["team"], AttributeValue::S("core#east".into()));
    let key = SeatsKey::from_item(&SeatsKey::new("acme", "core#east").to_item().unwrap()).unwrap();
    assert_eq!(key.team, "core#east", "the key reads back exactly");
    assert_eq!(
        db.get::<Seats>(("acme", "core#east")).await.unwrap(),
        Some(fine)
    );
}

#[tokio::test]
async fn a_keys_only_index_of_an_entity_model_holds_the_entity_type() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;
    assert_eq!(
        Member::SCHEMA.indexes[1].projection,
        dynamoxide::Projection::Include(&["__type"])
    );
    let devs = db
        .query::<Member>()
        .index::<member_index::ByRole>()
        .hash("dev")
        .partial::<RoleEntry>()
        .all()
        .await
        .unwrap();
    assert_eq!(devs.len(), 4, "every member, none filtered away");
    assert!(devs.iter().all(|entry| entry.sk.starts_with("MEMBER#")));
}

#[tokio::test]
async fn limits_cursors_and_range_conditions_with_templates() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let input = db
        .query::<Invoice>()
        .hash("acme")
        .limit(2)
        .into_input()
        .unwrap();
    assert_eq!(
        input.limit(),
        Some(2),
        "the entity check drops nothing here"
    );
    let scan = db.scan::<Invoice>().limit(2).into_input().unwrap();
    assert_eq!(scan.limit(), None, "a scan's entity check does drop items");
    let first_two = db
        .query::<Invoice>()
        .hash("acme")
        .limit(2)
        .all()
        .await
        .unwrap();
    assert_eq!(first_two, [invoice("acme", 1), invoice("acme", 2)]);

    let page = db
        .query_collection::<OrgItems>()
        .hash("acme")
        .limit(3)
        .page(None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3);
    let rest = db
        .query_collection::<OrgItems>()
        .hash("acme")
        .page(page.next_cursor.as_deref())
        .await
        .unwrap();
    assert_eq!(page.items.len() + rest.items.len(), 8);
    assert!(rest.next_cursor.is_none());

    let error = db
        .query::<Invoice>()
        .hash("acme")
        .range_gt(2u64)
        .all()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    let three = db
        .query::<Invoice>()
        .hash("acme")
        .range_eq(3u64)
        .all()
        .await
        .unwrap();
    assert_eq!(three, [invoice("acme", 3)]);
}

#[tokio::test]
async fn batches_transactions_and_upserts_with_templated_models() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;

    let members = db
        .batch_get::<Member, _>([("acme", "u1"), ("acme", "u2"), ("acme", "nobody")])
        .await
        .unwrap();
    let mut users: Vec<&str> = members.iter().map(|m| m.user_id.as_str()).collect();
    users.sort();
    assert_eq!(users, ["u1", "u2"]);

    db.transact()
        .create(&invoice("globex", 1))
        .update(db.update::<Org>("globex").set(Org::PLAN, "pro"))
        .await
        .unwrap();
    let stored = raw(&db, "ORG#globex", "INVOICE#1").await;
    assert_eq!(stored["__type"], AttributeValue::S("Invoice".into()));
    assert_eq!(
        raw(&db, "ORG#globex", "#ORG").await["gsi1pk"],
        AttributeValue::S("PLAN#pro".into())
    );

    let mut ada = db.get::<Member>(("acme", "u1")).await.unwrap().unwrap();
    ada.email = None;
    db.upsert(&ada).await.unwrap();
    let stored = raw(&db, "ORG#acme", "MEMBER#u1").await;
    assert!(
        !stored.contains_key("gsi1pk"),
        "upserting without the email leaves the index"
    );
}

#[tokio::test]
async fn models_sharing_a_table_need_their_own_entity_names() {
    let db = fresh_db().await;
    let error = db
        .create_table::<Org>()
        .with::<Impostor>()
        .into_input()
        .unwrap_err();
    assert!(
        matches!(&error, Error::TableConflict { reason, .. } if reason.contains("same entity name")),
        "{error:?}"
    );
    let input = db
        .create_table::<Org>()
        .with_collection::<OrgItems>()
        .into_input()
        .unwrap();
    assert_eq!(
        input.global_secondary_indexes().len(),
        2,
        "gsi1 and by_role"
    );
}

#[tokio::test]
async fn values_that_would_move_the_separator_are_refused() {
    let db = fresh_db().await;
    app(&db).await;
    let overlapping = Pair {
        a: "k#X".into(),
        b: "z".into(),
    };
    let error = db.create(&overlapping).await.unwrap_err();
    assert!(
        error.to_string().contains("end with its beginning"),
        "{error}"
    );
    let other = Pair {
        a: "k".into(),
        b: "X#z".into(),
    };
    db.create(&other).await.unwrap();
    assert_eq!(db.get::<Pair>(("k", "X#z")).await.unwrap(), Some(other));
}

#[tokio::test]
async fn index_keys_are_recomposed_from_plain_key_fields() {
    let db = fresh_db().await;
    db.create_table::<Ticket>().await.unwrap();
    db.create(&Ticket {
        org_id: "acme".into(),
        number: 1,
        status: "new".into(),
    })
    .await
    .unwrap();
    db.update::<Ticket>(("acme", 1u64))
        .set(Ticket::STATUS, "open")
        .await
        .unwrap();
    let open = db
        .query::<Ticket>()
        .index::<ticket_index::ByStatus>()
        .hash(("acme".to_owned(), "open".to_owned()))
        .all()
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
}

#[tokio::test]
async fn models_of_one_name_in_one_table_need_entity_names_of_their_own() {
    let db = fresh_db().await;
    let error = db
        .create_table::<billing::Settings>()
        .with::<profile::Settings>()
        .into_input()
        .unwrap_err();
    assert!(
        matches!(&error, Error::TableConflict { reason, .. } if reason.contains("same entity name")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_transaction_condition_check_needs_the_models_own_item() {
    let db = fresh_db().await;
    app(&db).await;
    seed(&db).await;
    let error = db
        .transact()
        .condition_check::<OrgSettings>("acme", OrgSettings::ID.exists())
        .create(&invoice("acme", 50))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::TransactionCanceled { .. }),
        "{error:?}"
    );
    assert_eq!(db.get::<Invoice>(("acme", 50u64)).await.unwrap(), None);
}
