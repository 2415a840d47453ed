//! A query or scan rendered once ([`Plan`]) and sent page after page ([`Pager`]), honouring
//! "at most `limit` items" across pages and remembering where to resume.

use super::cursor;
use super::span;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::expr::{NameMap, ValueMap};
use crate::schema::KeyAttribute;
use crate::Item;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::scan::builders::ScanFluentBuilder;
use aws_sdk_dynamodb::types::{AttributeValue, Select};
use tracing::Instrument;

/// What kind of request a plan sends.
#[derive(Debug, Clone)]
pub(crate) enum Operation {
    Query {
        key_condition: String,
        descending: bool,
        /// The partition queried: a cursor must resume inside it.
        hash: (&'static str, AttributeValue),
    },
    Scan {
        /// `(segment, total_segments)` of a parallel scan.
        segment: Option<(i32, i32)>,
    },
}

/// Everything of a read request but where it starts and how many items it evaluates.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub table: String,
    pub index: Option<&'static str>,
    pub operation: Operation,
    pub filter: Option<String>,
    /// Whether the filter may drop items the key condition reads.
    pub filter_drops: bool,
    pub projection: Option<String>,
    pub names: Option<NameMap>,
    pub values: Option<ValueMap>,
    pub consistent_read: bool,
    pub count_only: bool,
    /// The attributes of the index's `LastEvaluatedKey`: the table's key, then the index's.
    pub position: Vec<KeyAttribute>,
    /// Identifies the table, index, operation and segment in cursors.
    pub scope: u64,
    /// At most this many items in all.
    pub limit: Option<usize>,
    /// DynamoDB's `Limit`: at most this many items evaluated per request.
    pub page_size: Option<usize>,
}

/// One response, reduced to what paging needs.
struct Response {
    items: Vec<Item>,
    count: usize,
    last_evaluated_key: Option<Item>,
}

/// Sends a `Query` or `Scan` request (their outputs are different types with the same
/// fields) and keeps what paging needs.
macro_rules! send_page {
    ($request:expr, $operation:literal, $table:expr) => {{
        let output = $request
            .send()
            .instrument(span($operation, $table))
            .await
            .map_err(|error| Error::from_sdk($operation, $table, error))?;
        Response {
            count: usize::try_from(output.count).unwrap_or(0),
            items: output.items.unwrap_or_default(),
            last_evaluated_key: output.last_evaluated_key,
        }
    }};
}

/// What queries and scans send alike (their SDK builders are different types with the
/// same setters): the table, index, expressions, consistency, `Select`, start and `Limit`.
macro_rules! read_parameters {
    ($builder:expr, $plan:expr, $start:expr, $remaining:expr) => {
        $builder
            .table_name(&$plan.table)
            .set_index_name($plan.index.map(str::to_owned))
            .set_filter_expression($plan.filter.clone())
            .set_projection_expression($plan.projection.clone())
            .set_expression_attribute_names($plan.names.clone())
            .set_expression_attribute_values($plan.values.clone())
            .set_consistent_read($plan.consistent_read.then_some(true))
            .set_select($plan.count_only.then_some(Select::Count))
            .set_exclusive_start_key($start)
            .set_limit($plan.request_limit($remaining))
    };
}

impl Plan {
    /// The SDK builder of a query request starting at `start`, with `remaining` items still
    /// wanted (the plan's limit for the first request).
    pub(crate) fn query_request(
        &self,
        db: &Db,
        start: Option<Item>,
        remaining: Option<usize>,
    ) -> QueryFluentBuilder {
        let Operation::Query {
            key_condition,
            descending,
            ..
        } = &self.operation
        else {
            unreachable!("a scan plan made a query request");
        };
        read_parameters!(db.client().query(), self, start, remaining)
            .key_condition_expression(key_condition)
            .scan_index_forward(!descending)
    }

    /// The SDK builder of a scan request, as [`query_request`](Plan::query_request).
    pub(crate) fn scan_request(
        &self,
        db: &Db,
        start: Option<Item>,
        remaining: Option<usize>,
    ) -> ScanFluentBuilder {
        let Operation::Scan { segment } = &self.operation else {
            unreachable!("a query plan made a scan request");
        };
        read_parameters!(db.client().scan(), self, start, remaining)
            .set_segment(segment.map(|(segment, _)| segment))
            .set_total_segments(segment.map(|(_, total)| total))
    }

    /// DynamoDB's `Limit` for a request when `remaining` items are still wanted. Without a
    /// filter that drops items every evaluated item is returned, so asking for exactly the
    /// rest costs no extra reads; with one, a request evaluates `page_size` items (or 1 MB)
    /// and the pager keeps the first `remaining` matches.
    fn request_limit(&self, remaining: Option<usize>) -> Option<i32> {
        let evaluate = match (self.filter_drops, remaining) {
            (false, Some(remaining)) => {
                Some(self.page_size.map_or(remaining, |p| p.min(remaining)))
            }
            _ => self.page_size,
        };
        evaluate.map(|n| i32::try_from(n.max(1)).unwrap_or(i32::MAX))
    }

    async fn send(
        &self,
        db: &Db,
        start: Option<Item>,
        remaining: Option<usize>,
    ) -> Result<Response> {
        Ok(match self.operation {
            Operation::Query { .. } => {
                send_page!(
                    self.query_request(db, start, remaining),
                    "Query",
                    &self.table
                )
            }
            Operation::Scan { .. } => {
                send_page!(self.scan_request(db, start, remaining), "Scan", &self.table)
            }
        })
    }

    /// The position a cursor encodes, decoded and checked against this plan: a query's
    /// cursor must resume inside the queried partition.
    pub(crate) fn resume_from(&self, cursor: &str) -> Result<Item> {
        let position = cursor::decode(cursor, self.scope, &self.position)?;
        if let Operation::Query {
            hash: (name, value),
            ..
        } = &self.operation
        {
            if position.get(*name) != Some(value) {
                return Err(Error::InvalidCursor {
                    reason: format!("it resumes another partition than this query's `{name}`"),
                });
            }
        }
        Ok(position)
    }

    /// A page, and a request to send, need a limit of at least one item.
    pub(crate) fn check_page_size(&self) -> Result<()> {
        if self.limit == Some(0) {
            return Err(Error::InvalidRequest {
                reason: "a page of at most 0 items: give `limit` at least 1".to_owned(),
            });
        }
        Ok(())
    }

    /// The cursor for a position.
    pub(crate) fn cursor(&self, position: &Item) -> Result<String> {
        cursor::encode(self.scope, &self.position, position)
    }
}

/// Sends a plan's requests one after the other.
pub(crate) struct Pager<'db> {
    db: &'db Db,
    plan: Plan,
    /// Where the next request starts; `None` after the last page.
    next: Option<Item>,
    started: bool,
    /// How many more items the caller wants, when limited.
    remaining: Option<usize>,
}

impl<'db> Pager<'db> {
    pub(crate) fn new(db: &'db Db, plan: Plan, start: Option<Item>) -> Self {
        let remaining = plan.limit;
        Pager {
            db,
            plan,
            next: start,
            started: false,
            remaining,
        }
    }

    /// No more requests to send: the last page was read, or the limit reached.
    pub(crate) fn is_done(&self) -> bool {
        self.remaining == Some(0) || (self.started && self.next.is_none())
    }

    /// Where a read resuming after the items returned so far would start; `None` when the
    /// last page has been read.
    pub(crate) fn resume_position(&self) -> Option<&Item> {
        self.next.as_ref()
    }

    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The next request's items (possibly none, when a filter dropped them all), never more
    /// than the limit leaves.
    pub(crate) async fn next_items(&mut self) -> Result<Vec<Item>> {
        let response = self.next_response().await?;
        let mut items = response.items;
        match self.remaining {
            Some(remaining) if items.len() > remaining => {
                items.truncate(remaining);
                // Resume right after the last item kept, not after the page DynamoDB read.
                let last = items.last().expect("the limit is not zero");
                self.next = Some(self.position_of(last)?);
            }
            _ => self.next = response.last_evaluated_key,
        }
        self.consume(items.len());
        Ok(items)
    }

    /// The next request's count of matching items (a `Select::Count` plan).
    pub(crate) async fn next_count(&mut self) -> Result<usize> {
        let response = self.next_response().await?;
        self.next = response.last_evaluated_key;
        let count = match self.remaining {
            Some(remaining) => response.count.min(remaining),
            None => response.count,
        };
        self.consume(count);
        Ok(count)
    }

    async fn next_response(&mut self) -> Result<Response> {
        self.started = true;
        self.plan
            .send(self.db, self.next.take(), self.remaining)
            .await
    }

    fn consume(&mut self, n: usize) {
        if let Some(remaining) = &mut self.remaining {
            *remaining -= n;
        }
    }

    fn position_of(&self, item: &Item) -> Result<Item> {
        self.plan
            .position
            .iter()
            .map(|attribute| match item.get(attribute.name) {
                Some(value) => Ok((attribute.name.to_owned(), value.clone())),
                None => Err(Error::InvalidCursor {
                    reason: format!("a returned item has no key attribute `{}`", attribute.name),
                }),
            })
            .collect()
    }
}
