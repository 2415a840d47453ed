//! `Query`: the items of one partition of the table or of a secondary index, with a typed key
//! condition (the hash value has the index's hash-key type; range conditions exist only on an
//! index with a range key).

use super::pager::Operation;
use super::read::{Query, Read, Spec};
use crate::codec::{key_value_problem, Numbers};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::expr::{IntoValue, Placeholders, Value};
use crate::index::{self, Index, RangeKeyed};
use crate::model::Model;
use crate::schema::{KeyAttribute, ScalarType};
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::query::QueryInput;
use std::marker::PhantomData;

/// A query that still needs its partition: choose the index, then give the hash value.
/// Made by [`Db::query`].
///
/// ```no_run
/// # use dynamoxide::{Db, Model};
/// # #[derive(Model, serde::Serialize, serde::Deserialize)]
/// # #[dynamo(table = "users")]
/// # #[dynamo(gsi(name = "by_email", hash_key = "email"))]
/// # struct User { #[dynamo(hash_key)] id: String, email: String }
/// # async fn run(db: Db) -> dynamoxide::Result<()> {
/// let users: Vec<User> = db
///     .query::<User>()
///     .index::<user_index::ByEmail>()
///     .hash("a@b.c")
///     .all()
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a query needs its hash value: `.hash(value)`"]
pub struct QueryStart<'db, I> {
    db: &'db Db,
    index: PhantomData<fn() -> I>,
}

#[derive(Clone)]
pub(super) struct QuerySpec {
    hash: Value,
    range: Option<RangeCondition>,
    descending: bool,
    /// A collection query: it reads the whole partition, and its range conditions compare
    /// stored sort keys as they are. A model's query without a range condition keeps to the
    /// model's own items by its range key template's literal prefix (`MEMBER#`).
    pub(super) collection: bool,
}

#[derive(Clone)]
struct RangeCondition {
    operator: RangeOperator,
    operands: Vec<Value>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RangeOperator {
    Compare(&'static str),
    Between,
    BeginsWith,
}

impl RangeOperator {
    /// Whether every value the condition admits starts with what its operand starts with
    /// (`=` and `begins_with`): on a composed key, the template's literal prefix.
    fn keeps_prefix(self) -> bool {
        matches!(
            self,
            RangeOperator::Compare("=") | RangeOperator::BeginsWith
        )
    }
}

impl Db {
    /// Queries `M`'s table (or, after [`index`](QueryStart::index), one of its indexes).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let recent = db.query::<Order>().hash("c1").range_gt(100).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn query<M: Model>(&self) -> QueryStart<'_, M::Table> {
        QueryStart {
            db: self,
            index: PhantomData,
        }
    }
}

impl<'db, I: Index> QueryStart<'db, I> {
    /// Queries the secondary index `J` (a type from the model's generated index module)
    /// instead of the table.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # #[dynamo(lsi(name = "by_total", range_key = "total"))]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64, total: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let biggest = db.query::<Order>().index::<order_index::ByTotal>().hash("c1").descending().first().await?;
    /// # Ok(()) }
    /// ```
    pub fn index<J: Index<Model = I::Model>>(self) -> QueryStart<'db, J> {
        QueryStart {
            db: self.db,
            index: PhantomData,
        }
    }

    /// The partition to read: its hash-key value, of the index's hash-key type.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let orders = db.query::<Order>().hash("c1").all().await?;
    /// # Ok(()) }
    /// ```
    pub fn hash(self, value: impl IntoValue<I::HashKey>) -> Query<'db, I> {
        let spec = QuerySpec {
            hash: Value::of(&value.into_value()),
            range: None,
            descending: false,
            collection: false,
        };
        Read::new(self.db, Spec::Query(spec))
    }
}

macro_rules! range_comparisons {
    ($($method:ident $operator:literal $doc:literal),*) => {
        $(
            #[doc = concat!("Keeps the items whose range key is ", $doc, " `value`.")]
            /// A query has one range condition: a later one replaces it.
            ///
            /// ```no_run
            /// # use dynamoxide::{Db, Model};
            /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
            /// # #[dynamo(table = "orders")]
            /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
            /// # async fn run(db: Db) -> dynamoxide::Result<()> {
            #[doc = concat!("let orders = db.query::<Order>().hash(\"c1\").", stringify!($method), "(7).all().await?;")]
            /// # Ok(()) }
            /// ```
            pub fn $method<V>(self, value: V) -> Self
            where
                I: RangeKeyed,
                V: IntoValue<<I as RangeKeyed>::RangeKey>,
            {
                self.with_range(RangeOperator::Compare($operator), vec![Value::of(&value.into_value())])
            }
        )*
    };
}

impl<'db, I: Index, O> Read<'db, I, O, super::read::QueryKind> {
    range_comparisons!(
        range_eq "=" "equal to",
        range_lt "<" "less than",
        range_le "<=" "less than or equal to",
        range_gt ">" "greater than",
        range_ge ">=" "greater than or equal to"
    );

    /// Keeps the items whose range key lies between `low` and `high`, both included.
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let orders = db.query::<Order>().hash("c1").range_between(10, 20).all().await?;
    /// # Ok(()) }
    /// ```
    pub fn range_between<V>(self, low: V, high: V) -> Self
    where
        I: RangeKeyed,
        V: IntoValue<<I as RangeKeyed>::RangeKey>,
    {
        let operands = vec![Value::of(&low.into_value()), Value::of(&high.into_value())];
        self.with_range(RangeOperator::Between, operands)
    }

    /// Keeps the items whose range key starts with `prefix` (string and binary range keys;
    /// on a number key it is an [`Error::InvalidRequest`] before anything is sent).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "events")]
    /// # struct Event { #[dynamo(hash_key)] stream: String, #[dynamo(range_key)] at: String }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let november = db.query::<Event>().hash("s1").range_begins_with("2026-11").all().await?;
    /// # Ok(()) }
    /// ```
    pub fn range_begins_with<V>(self, prefix: V) -> Self
    where
        I: RangeKeyed,
        V: IntoValue<<I as RangeKeyed>::RangeKey>,
    {
        self.with_range(
            RangeOperator::BeginsWith,
            vec![Value::of(&prefix.into_value())],
        )
    }

    /// Reads the partition in descending range-key order (cursors of a descending query
    /// resume only descending queries).
    ///
    /// ```no_run
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// # async fn run(db: Db) -> dynamoxide::Result<()> {
    /// let newest_first = db.query::<Order>().hash("c1").descending().all().await?;
    /// # Ok(()) }
    /// ```
    pub fn descending(mut self) -> Self {
        if let Spec::Query(spec) = &mut self.spec {
            spec.descending = true;
        }
        self
    }

    /// The SDK request of the first page, to inspect or adjust and send by hand.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let request = db.query::<Order>().hash("c1").range_ge(5).limit(10).into_sdk().unwrap();
    /// assert_eq!(request.get_key_condition_expression().as_deref(), Some("#n0 = :v0 AND #n1 >= :v1"));
    /// assert_eq!(request.get_limit(), &Some(10));
    /// ```
    pub fn into_sdk(self) -> Result<QueryFluentBuilder> {
        let plan = self.plan(false)?;
        plan.check_page_size()?;
        Ok(plan.query_request(self.db, None, plan.limit))
    }

    /// The exact input of the first page's request, without sending it.
    ///
    /// ```
    /// # use dynamoxide::{Db, Model};
    /// # #[derive(Model, serde::Serialize, serde::Deserialize)]
    /// # #[dynamo(table = "orders")]
    /// # struct Order { #[dynamo(hash_key)] customer: String, #[dynamo(range_key)] number: u64 }
    /// let db = Db::for_endpoint("http://localhost:8000");
    /// let input = db.query::<Order>().hash("c1").descending().into_input().unwrap();
    /// assert_eq!(input.scan_index_forward(), Some(false));
    /// ```
    pub fn into_input(self) -> Result<QueryInput> {
        super::built(self.into_sdk()?.as_input().clone().build())
    }

    fn with_range(mut self, operator: RangeOperator, operands: Vec<Value>) -> Self {
        if let Spec::Query(spec) = &mut self.spec {
            spec.range = Some(RangeCondition { operator, operands });
        }
        self
    }
}

impl QuerySpec {
    /// The key condition, the key attributes a filter may not name, and whether the key
    /// condition keeps to the model's own items (by its range template's literal prefix).
    pub(super) fn render<I: Index>(
        &self,
        placeholders: &mut Placeholders,
    ) -> Result<(Operation, Vec<&'static str>, bool)> {
        let (hash_key, range_key) = index::keys::<I>();
        // The model's range key template; a collection's sort keys belong to several
        // templates, so its range conditions compare stored sort keys as they are.
        let range_template = range_key
            .as_ref()
            .and_then(|key| <I::Model as Model>::SCHEMA.template(key.name))
            .filter(|_| !self.collection);
        let prefix = range_template
            .map(|template| template.prefix())
            .filter(|prefix| !prefix.is_empty());
        let hash_value = key_value::<I>(&self.hash, &hash_key, 2048, Some(false))?;
        let hash_name = placeholders.name(hash_key.name);
        let hash_placeholder =
            placeholders.value(Value::raw(hash_value.clone()), &attribute_path(&hash_key))?;
        let mut rendered = format!("{hash_name} = {hash_placeholder}");
        let mut key_names = vec![hash_key.name];
        if let Some(range_key) = &range_key {
            key_names.push(range_key.name);
        }
        if let (Some(range), Some(range_key)) = (&self.range, &range_key) {
            let name = placeholders.name(range_key.name);
            let mut operands = Vec::with_capacity(range.operands.len());
            let compose = (!self.collection).then_some(range.operator == RangeOperator::BeginsWith);
            if let Some(template) = range_template.filter(|_| !range.operator.keeps_prefix()) {
                if template.parts.iter().any(|part| {
                    matches!(
                        part,
                        crate::TemplatePart::Field {
                            scalar_type: ScalarType::Number,
                            ..
                        }
                    )
                }) {
                    return Err(Error::InvalidRequest {
                        reason: format!(
                            "`{}` is composed by `{template}` from a number, stored as text \
                             (`10` sorts before `9`): compare it with range_eq or \
                             range_begins_with, or compose it from a zero-padded string",
                            range_key.name
                        ),
                    });
                }
            }
            for operand in &range.operands {
                let value = key_value::<I>(operand, range_key, 1024, compose)?;
                operands.push(placeholders.value(Value::raw(value), &attribute_path(range_key))?);
            }
            let condition = match range.operator {
                RangeOperator::Compare(operator) => format!("{name} {operator} {}", operands[0]),
                RangeOperator::Between => {
                    format!("{name} BETWEEN {} AND {}", operands[0], operands[1])
                }
                RangeOperator::BeginsWith => {
                    if range_key.scalar_type == ScalarType::Number {
                        return Err(Error::InvalidRequest {
                            reason: format!(
                                "begins_with needs a string or binary range key; `{}` is a number",
                                range_key.name
                            ),
                        });
                    }
                    format!("begins_with({name}, {})", operands[0])
                }
            };
            rendered.push_str(" AND ");
            rendered.push_str(&condition);
        }
        if let (Some(range_key), Some(prefix), None) = (&range_key, prefix, &self.range) {
            let name = placeholders.name(range_key.name);
            let value = Value::raw(aws_sdk_dynamodb::types::AttributeValue::S(
                prefix.to_owned(),
            ));
            let placeholder = placeholders.value(value, &attribute_path(range_key))?;
            rendered.push_str(&format!(" AND begins_with({name}, {placeholder})"));
        }
        let own_items = prefix.is_some()
            && self
                .range
                .as_ref()
                .is_none_or(|range| range.operator.keeps_prefix());
        let operation = Operation::Query {
            key_condition: rendered,
            descending: self.descending,
            hash: (hash_key.name, hash_value),
        };
        Ok((operation, key_names, own_items))
    }
}

fn attribute_path(key: &KeyAttribute) -> crate::expr::DocumentPath {
    crate::expr::DocumentPath::attribute(key.name)
}

/// A key condition value, checked like a key: DynamoDB rejects empty or mistyped ones. For a
/// key a template composes (unless `compose` is `None`), the value is the template's field
/// value(s); `Some(true)` (a `begins_with` prefix) leaves out the text after the last value.
fn key_value<I: Index>(
    value: &Value,
    key: &KeyAttribute,
    max_length: usize,
    compose: Option<bool>,
) -> Result<aws_sdk_dynamodb::types::AttributeValue> {
    let invalid = |reason: String| Error::InvalidKey {
        model: <I::Model as Model>::SCHEMA.model_name,
        attribute: key.name.to_owned(),
        reason,
    };
    let value = value
        .get()
        .map_err(|message| invalid(format!("cannot be serialized: {message}")))?;
    let template = <I::Model as Model>::SCHEMA.template(key.name);
    let composed = match (template, compose) {
        (Some(template), Some(prefix)) => aws_sdk_dynamodb::types::AttributeValue::S(
            template.compose_values(value, prefix).map_err(invalid)?,
        ),
        _ => value.clone(),
    };
    match key_value_problem(&composed, key.scalar_type, max_length, Numbers::Unchecked) {
        Some(problem) => Err(invalid(format!("in the key condition {problem}"))),
        None => Ok(composed),
    }
}
