//! End to end against DynamoDB Local: the same workloads through dynamoxide and through
//! hand-written aws-sdk-dynamodb code (items built and read field by field, pages and
//! unprocessed items handled by hand), alternating A/B in one process run. For each side it
//! reports items/s and the client's CPU time per item (this process's user + system time,
//! from `getrusage`: DynamoDB Local runs in its own process and is not counted), the ratios
//! dynamoxide/raw of all rounds together with a 95% interval (a bootstrap over the rounds),
//! and each ratio's median and range round by round; then what that CPU is made of: user and
//! system time and context switches per item, page faults in all.
//!
//! Run: `scripts/dynamodb-local exec cargo bench --bench e2e --features local`
//! (or without the wrapper: the bench starts DynamoDB Local itself). `E2E_SCALE=0.1` runs a
//! tenth of every workload, `E2E_ROUNDS=N` sets the A/B rounds (default 9, a quick look: one
//! round's ratio lands up to ~60% from the median on a shared machine, and BENCHMARKS.md
//! judges the goals on 40), `E2E_ONLY=batch` runs only the workloads whose name contains
//! `batch`, `E2E_ONLY="batch put|scan"` those whose name contains either.
//!
//! `E2E_SIDE=A` (or `B`) runs one side alone: each workload once unmeasured, then
//! `E2E_ROUNDS` times, with a call of [`callgrind_boundary`] before each workload. That is
//! for `scripts/e2e-instructions`, which counts each side's instructions per item under
//! callgrind: a count that does not move with the machine's load.

use aws_sdk_dynamodb::types::{
    AttributeValue, KeysAndAttributes, Put, PutRequest, TransactWriteItem, WriteRequest,
};
use aws_sdk_dynamodb::Client;
use dynamoxide::stream::{StreamExt, TryStreamExt};
use dynamoxide::{Db, Item, Model};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::error::Error;
use std::future::Future;
use std::time::{Duration, Instant};

type BenchResult<T = ()> = Result<T, Box<dyn Error + Send + Sync>>;

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "e2e_orders")]
struct Order {
    #[dynamo(hash_key)]
    customer: String,
    #[dynamo(range_key)]
    number: u64,
    status: String,
    total: f64,
    lines: Vec<String>,
    note: Option<String>,
    placed_at: i64,
}

fn order(customer: String, number: u64) -> Order {
    Order {
        customer,
        number,
        status: if number.is_multiple_of(3) {
            "shipped"
        } else {
            "open"
        }
        .to_owned(),
        total: number as f64 * 1.25,
        lines: vec![
            format!("sku-{}", number % 97),
            format!("sku-{}", number % 89),
        ],
        note: number
            .is_multiple_of(2)
            .then(|| "leave at the door".to_owned()),
        placed_at: 1_763_900_000 + number as i64,
    }
}

/// What hand-written SDK code does to store an `Order`.
fn to_attributes(order: &Order) -> Item {
    let mut item = HashMap::with_capacity(7);
    item.insert("customer".into(), AttributeValue::S(order.customer.clone()));
    item.insert("number".into(), AttributeValue::N(order.number.to_string()));
    item.insert("status".into(), AttributeValue::S(order.status.clone()));
    item.insert("total".into(), AttributeValue::N(order.total.to_string()));
    item.insert(
        "lines".into(),
        AttributeValue::L(order.lines.iter().cloned().map(AttributeValue::S).collect()),
    );
    if let Some(note) = &order.note {
        item.insert("note".into(), AttributeValue::S(note.clone()));
    }
    item.insert(
        "placed_at".into(),
        AttributeValue::N(order.placed_at.to_string()),
    );
    item
}

/// What hand-written SDK code does to read an `Order` back.
fn from_attributes(mut item: Item) -> BenchResult<Order> {
    fn string(item: &mut Item, name: &str) -> BenchResult<String> {
        match item.remove(name) {
            Some(AttributeValue::S(text)) => Ok(text),
            other => Err(format!("`{name}` is not a string: {other:?}").into()),
        }
    }
    fn number<T: std::str::FromStr>(item: &mut Item, name: &str) -> BenchResult<T> {
        match item.remove(name) {
            Some(AttributeValue::N(text)) => text
                .parse()
                .map_err(|_| format!("`{name}` is not a valid number").into()),
            other => Err(format!("`{name}` is not a number: {other:?}").into()),
        }
    }
    let lines = match item.remove("lines") {
        Some(AttributeValue::L(lines)) => lines
            .into_iter()
            .map(|line| match line {
                AttributeValue::S(text) => Ok(text),
                other => Err(format!("a line is not a string: {other:?}").into()),
            })
            .collect::<BenchResult<Vec<String>>>()?,
        other => return Err(format!("`lines` is not a list: {other:?}").into()),
    };
    Ok(Order {
        customer: string(&mut item, "customer")?,
        number: number(&mut item, "number")?,
        status: string(&mut item, "status")?,
        total: number(&mut item, "total")?,
        lines,
        note: item
            .contains_key("note")
            .then(|| string(&mut item, "note"))
            .transpose()?,
        placed_at: number(&mut item, "placed_at")?,
    })
}

fn key(customer: &str, number: u64) -> Item {
    HashMap::from([
        (
            "customer".to_owned(),
            AttributeValue::S(customer.to_owned()),
        ),
        ("number".to_owned(), AttributeValue::N(number.to_string())),
    ])
}

/// One side of the comparison: dynamoxide, or the raw SDK on its own table.
struct Sides {
    db: Db,
    raw: Client,
    raw_table: String,
}

/// What this process has used so far, every thread together.
#[derive(Default, Clone, Copy)]
struct Usage {
    user: Duration,
    system: Duration,
    /// Context switches, voluntary (a thread parked) and involuntary (preempted).
    switches: u64,
    page_faults: u64,
}

impl Usage {
    fn now() -> Usage {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage fills the struct it is given; RUSAGE_SELF is always valid.
        let usage = unsafe {
            libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
            usage.assume_init()
        };
        let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
        Usage {
            user: time(usage.ru_utime),
            system: time(usage.ru_stime),
            switches: (usage.ru_nvcsw + usage.ru_nivcsw) as u64,
            page_faults: (usage.ru_minflt + usage.ru_majflt) as u64,
        }
    }

    fn since(self, start: Usage) -> Usage {
        Usage {
            user: self.user.saturating_sub(start.user),
            system: self.system.saturating_sub(start.system),
            switches: self.switches.saturating_sub(start.switches),
            page_faults: self.page_faults.saturating_sub(start.page_faults),
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Totals {
    items: u64,
    wall: Duration,
    used: Usage,
}

impl Totals {
    fn items_per_second(&self) -> f64 {
        self.items as f64 / self.wall.as_secs_f64()
    }

    fn cpu_micros_per_item(&self) -> f64 {
        self.per_item(self.used.user + self.used.system)
    }

    fn per_item(&self, time: Duration) -> f64 {
        time.as_secs_f64() * 1e6 / self.items as f64
    }

    /// User and system CPU and context switches per item, and page faults in all: what the
    /// CPU figure is made of.
    fn made_of(&self) -> String {
        format!(
            "{:.1} | {:.1} | {:.2} | {}",
            self.per_item(self.used.user),
            self.per_item(self.used.system),
            self.used.switches as f64 / self.items as f64,
            self.used.page_faults,
        )
    }
}

impl std::ops::AddAssign for Totals {
    fn add_assign(&mut self, round: Totals) {
        self.items += round.items;
        self.wall += round.wall;
        self.used.user += round.used.user;
        self.used.system += round.used.system;
        self.used.switches += round.used.switches;
        self.used.page_faults += round.used.page_faults;
    }
}

async fn measure<F: Future<Output = BenchResult<u64>>>(work: F) -> BenchResult<Totals> {
    let (used, started) = (Usage::now(), Instant::now());
    let items = work.await?;
    Ok(Totals {
        items,
        wall: started.elapsed(),
        used: Usage::now().since(used),
    })
}

/// The median of `ratios` and their range, as `1.02× (0.97–1.08)`.
fn spread(mut ratios: Vec<f64>) -> String {
    ratios.sort_by(f64::total_cmp);
    let middle = ratios.len() / 2;
    let median = if ratios.len().is_multiple_of(2) {
        (ratios[middle - 1] + ratios[middle]) / 2.0
    } else {
        ratios[middle]
    };
    format!(
        "{median:.2}× ({:.2}–{:.2})",
        ratios[0],
        ratios[ratios.len() - 1]
    )
}

/// The 95% interval of `ratio` (of A's totals to B's) over the rounds, as `[1.01–1.07]`: a
/// paired bootstrap, which draws the rounds again with replacement 10,000 times, each round's
/// A and B together, and takes the middle 95% of the ratios of the draws' totals. It says how
/// far the ratio of all rounds moves with which rounds the sitting happened to give; it
/// cannot say how another sitting would differ. Seeded, so the same rounds give the same
/// interval.
fn interval(rounds: &[(Totals, Totals)], ratio: impl Fn(&Totals, &Totals) -> f64) -> String {
    const DRAWS: usize = 10_000;
    let mut random = fastrand::Rng::with_seed(0x5eed);
    let mut ratios: Vec<f64> = (0..DRAWS)
        .map(|_| {
            let (a, b) = totals(rounds.iter().map(|_| &rounds[random.usize(..rounds.len())]));
            ratio(&a, &b)
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    format!(
        "[{:.2}–{:.2}]",
        ratios[DRAWS / 40],
        ratios[DRAWS - DRAWS / 40 - 1]
    )
}

/// Each side's totals over `rounds`.
fn totals<'a>(rounds: impl IntoIterator<Item = &'a (Totals, Totals)>) -> (Totals, Totals) {
    let (mut a, mut b) = (Totals::default(), Totals::default());
    for (a_round, b_round) in rounds {
        a += *a_round;
        b += *b_round;
    }
    (a, b)
}

/// A's throughput over B's.
fn throughput_ratio(a: &Totals, b: &Totals) -> f64 {
    a.items_per_second() / b.items_per_second()
}

/// A's CPU per item over B's.
fn cpu_ratio(a: &Totals, b: &Totals) -> f64 {
    a.cpu_micros_per_item() / b.cpu_micros_per_item()
}

/// What a run measures: both sides side by side, or one alone (`E2E_SIDE`).
#[derive(Clone, Copy)]
enum Measured {
    Both,
    A,
    B,
}

/// Runs both sides `rounds` times, swapping which goes first every round, and prints one
/// table row: the ratios of all rounds together with their 95% intervals ([`interval`]),
/// then the median and range of the ratios round by round. What each side's CPU is made of
/// goes into `made_of`, a row of the table printed after. With one side measured, runs only
/// that one ([`one_side`]).
async fn compare<A, AF, B, BF>(
    name: &str,
    rounds: usize,
    measured: Measured,
    made_of: &mut Vec<String>,
    mut dx: A,
    mut raw: B,
) -> BenchResult
where
    A: FnMut() -> AF,
    AF: Future<Output = BenchResult<u64>>,
    B: FnMut() -> BF,
    BF: Future<Output = BenchResult<u64>>,
{
    if !selected(name) {
        return Ok(());
    }
    match measured {
        Measured::A => return one_side(name, rounds, dx).await,
        Measured::B => return one_side(name, rounds, raw).await,
        Measured::Both => {}
    }
    // One unmeasured run of each side first: DynamoDB Local's JVM compiles a request path
    // the first times it serves it, which would otherwise slow whichever side goes first.
    dx().await?;
    raw().await?;
    let mut measured_rounds = Vec::with_capacity(rounds);
    for round in 0..rounds {
        measured_rounds.push(if round % 2 == 0 {
            let a_round = measure(dx()).await?;
            (a_round, measure(raw()).await?)
        } else {
            let b_round = measure(raw()).await?;
            (measure(dx()).await?, b_round)
        });
    }
    let (a, b) = totals(&measured_rounds);
    let by_round = |ratio: fn(&Totals, &Totals) -> f64| {
        spread(measured_rounds.iter().map(|(a, b)| ratio(a, b)).collect())
    };
    println!(
        "| {name} | {:.0} | {:.0} | {:.2}× {} | {:.1} | {:.1} | {:.2}× {} | {} | {} |",
        a.items_per_second(),
        b.items_per_second(),
        throughput_ratio(&a, &b),
        interval(&measured_rounds, throughput_ratio),
        a.cpu_micros_per_item(),
        b.cpu_micros_per_item(),
        cpu_ratio(&a, &b),
        interval(&measured_rounds, cpu_ratio),
        by_round(throughput_ratio),
        by_round(cpu_ratio),
    );
    made_of.push(format!("| {name} | {} | {} |", a.made_of(), b.made_of()));
    Ok(())
}

/// Whether the workload `name` runs: its name contains one of the `|`-separated parts of
/// `E2E_ONLY`, or that names none.
fn selected(name: &str) -> bool {
    let only = setting("E2E_ONLY", String::new());
    let parts: Vec<&str> = only
        .split('|')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    parts.is_empty() || parts.iter().any(|part| name.contains(part))
}

/// Where callgrind starts a new profile (`--dump-before=*callgrind_boundary`): each
/// workload's instructions land in a profile of their own.
#[inline(never)]
fn callgrind_boundary() {
    std::hint::black_box(());
}

/// Runs one side of a workload once unmeasured and `rounds` times more, in a profile of its
/// own, and prints how many items one round handles.
async fn one_side<F, FF>(name: &str, rounds: usize, mut side: F) -> BenchResult
where
    F: FnMut() -> FF,
    FF: Future<Output = BenchResult<u64>>,
{
    callgrind_boundary();
    side().await?;
    let mut items = 0;
    for _ in 0..rounds {
        items = side().await?;
    }
    println!("| {name} | {items} |");
    Ok(())
}

async fn dx_put(db: &Db, orders: &[Order]) -> BenchResult<u64> {
    for order in orders {
        db.put(order).await?;
    }
    Ok(orders.len() as u64)
}

async fn raw_put(sides: &Sides, orders: &[Order]) -> BenchResult<u64> {
    for order in orders {
        sides
            .raw
            .put_item()
            .table_name(&sides.raw_table)
            .set_item(Some(to_attributes(order)))
            .send()
            .await?;
    }
    Ok(orders.len() as u64)
}

async fn dx_get(db: &Db, orders: &[Order]) -> BenchResult<u64> {
    for order in orders {
        let found = db
            .get::<Order>((order.customer.as_str(), order.number))
            .await?;
        assert!(found.is_some(), "order {} was stored", order.number);
    }
    Ok(orders.len() as u64)
}

async fn raw_get(sides: &Sides, orders: &[Order]) -> BenchResult<u64> {
    for order in orders {
        let output = sides
            .raw
            .get_item()
            .table_name(&sides.raw_table)
            .set_key(Some(key(&order.customer, order.number)))
            .send()
            .await?;
        let item = output.item.ok_or("the order was stored")?;
        from_attributes(item)?;
    }
    Ok(orders.len() as u64)
}

async fn dx_query(db: &Db, customer: &str, times: usize) -> BenchResult<u64> {
    let mut read = 0;
    for _ in 0..times {
        read += db.query::<Order>().hash(customer).all().await?.len() as u64;
    }
    Ok(read)
}

/// Reads the partition into a `Vec<Order>` each time, as `all()` does.
async fn raw_query(sides: &Sides, customer: &str, times: usize) -> BenchResult<u64> {
    let mut read = 0;
    for _ in 0..times {
        let mut orders = Vec::new();
        let mut start = None;
        loop {
            let output = sides
                .raw
                .query()
                .table_name(&sides.raw_table)
                .key_condition_expression("#c = :c")
                .expression_attribute_names("#c", "customer")
                .expression_attribute_values(":c", AttributeValue::S(customer.to_owned()))
                .set_exclusive_start_key(start)
                .send()
                .await?;
            for item in output.items.unwrap_or_default() {
                orders.push(from_attributes(item)?);
            }
            start = output.last_evaluated_key;
            if start.is_none() {
                break;
            }
        }
        read += orders.len() as u64;
    }
    Ok(read)
}

async fn dx_batch_put(db: &Db, orders: &[Order]) -> BenchResult<u64> {
    db.batch_put(orders).concurrency(8).await?;
    Ok(orders.len() as u64)
}

async fn dx_batch_writer(db: &Db, orders: &[Order]) -> BenchResult<u64> {
    let mut writer = db.batch_writer().concurrency(8);
    for order in orders {
        writer.put(order).await?;
    }
    Ok(writer.finish().await? as u64)
}

async fn raw_batch_put(sides: &Sides, orders: &[Order]) -> BenchResult<u64> {
    futures_util::stream::iter(orders.chunks(25))
        .map(|chunk| async move {
            let mut writes: Vec<WriteRequest> = chunk
                .iter()
                .map(|order| {
                    let put = PutRequest::builder()
                        .set_item(Some(to_attributes(order)))
                        .build()?;
                    Ok(WriteRequest::builder().put_request(put).build())
                })
                .collect::<BenchResult<_>>()?;
            let mut backoff = Duration::from_millis(10);
            while !writes.is_empty() {
                let output = sides
                    .raw
                    .batch_write_item()
                    .request_items(&sides.raw_table, writes)
                    .send()
                    .await?;
                writes = output
                    .unprocessed_items
                    .and_then(|mut tables| tables.remove(&sides.raw_table))
                    .unwrap_or_default();
                if !writes.is_empty() {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                }
            }
            BenchResult::Ok(())
        })
        .buffer_unordered(8)
        .try_collect::<Vec<()>>()
        .await?;
    Ok(orders.len() as u64)
}

async fn dx_batch_get(db: &Db, orders: &[Order]) -> BenchResult<u64> {
    let keys = orders
        .iter()
        .map(|order| (order.customer.as_str(), order.number));
    let found = db.batch_get::<Order, _>(keys).concurrency(8).await?;
    assert_eq!(found.len(), orders.len(), "every order was stored");
    Ok(found.len() as u64)
}

/// Reads the orders 100 keys to a request, 8 requests in flight, into one `Vec` (in the
/// order the requests finish: dynamoxide's `batch_get` gives them in the keys' order).
async fn raw_batch_get(sides: &Sides, orders: &[Order]) -> BenchResult<u64> {
    let pages: Vec<Vec<Order>> = futures_util::stream::iter(orders.chunks(100))
        .map(|chunk| async move {
            let mut keys: Vec<Item> = chunk
                .iter()
                .map(|order| key(&order.customer, order.number))
                .collect();
            let mut read = Vec::with_capacity(keys.len());
            let mut backoff = Duration::from_millis(10);
            while !keys.is_empty() {
                let request = KeysAndAttributes::builder().set_keys(Some(keys)).build()?;
                let output = sides
                    .raw
                    .batch_get_item()
                    .request_items(&sides.raw_table, request)
                    .send()
                    .await?;
                let items = output
                    .responses
                    .and_then(|mut tables| tables.remove(&sides.raw_table))
                    .unwrap_or_default();
                for item in items {
                    read.push(from_attributes(item)?);
                }
                keys = output
                    .unprocessed_keys
                    .and_then(|mut tables| tables.remove(&sides.raw_table))
                    .map(|unread| unread.keys)
                    .unwrap_or_default();
                if !keys.is_empty() {
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                }
            }
            BenchResult::Ok(read)
        })
        .buffer_unordered(8)
        .try_collect()
        .await?;
    let found: Vec<Order> = pages.into_iter().flatten().collect();
    assert_eq!(found.len(), orders.len(), "every order was stored");
    Ok(found.len() as u64)
}

/// Writes the orders in transactions of `TRANSACTION_SIZE` puts, one after another.
async fn dx_transact(db: &Db, orders: &[Order]) -> BenchResult<u64> {
    for group in orders.chunks(TRANSACTION_SIZE) {
        let transaction = group
            .iter()
            .fold(db.transact(), |transaction, order| transaction.put(order));
        transaction.commit().await?;
    }
    Ok(orders.len() as u64)
}

async fn raw_transact(sides: &Sides, orders: &[Order]) -> BenchResult<u64> {
    for group in orders.chunks(TRANSACTION_SIZE) {
        let puts = group
            .iter()
            .map(|order| {
                let put = Put::builder()
                    .table_name(&sides.raw_table)
                    .set_item(Some(to_attributes(order)))
                    .build()?;
                Ok(TransactWriteItem::builder().put(put).build())
            })
            .collect::<BenchResult<Vec<_>>>()?;
        sides
            .raw
            .transact_write_items()
            .set_transact_items(Some(puts))
            .send()
            .await?;
    }
    Ok(orders.len() as u64)
}

/// Puts per transaction in the transactions workload.
const TRANSACTION_SIZE: usize = 10;

async fn dx_scan(db: &Db) -> BenchResult<u64> {
    let read = db
        .scan::<Order>()
        .stream()
        .try_fold(0u64, |n, _| async move { Ok(n + 1) })
        .await?;
    Ok(read)
}

async fn raw_scan(sides: &Sides) -> BenchResult<u64> {
    let mut read = 0;
    let mut start = None;
    loop {
        let output = sides
            .raw
            .scan()
            .table_name(&sides.raw_table)
            .set_exclusive_start_key(start)
            .send()
            .await?;
        for item in output.items.unwrap_or_default() {
            from_attributes(item)?;
            read += 1;
        }
        start = output.last_evaluated_key;
        if start.is_none() {
            return Ok(read);
        }
    }
}

fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> BenchResult {
    let scale: f64 = setting("E2E_SCALE", 1.0);
    let rounds: usize = setting("E2E_ROUNDS", 9);
    let measured = match setting("E2E_SIDE", String::new()).as_str() {
        "" => Measured::Both,
        "A" => Measured::A,
        "B" => Measured::B,
        other => return Err(format!("E2E_SIDE is `{other}`: A, B or unset").into()),
    };
    let scaled = |n: f64| ((n * scale) as u64).max(1);
    let run = std::process::id();
    let db = Db::local()
        .await?
        .with_table_prefix(&format!("e2e{run}_dx_"))?;
    let raw_db = db.clone().with_table_prefix(&format!("e2e{run}_raw_"))?;
    db.create_table::<Order>().await?;
    raw_db.create_table::<Order>().await?;
    let sides = Sides {
        raw: raw_db.client().clone(),
        raw_table: raw_db.table_name::<Order>().into_owned(),
        db,
    };

    let singles: Vec<Order> = (0..scaled(5_000.0))
        .map(|n| order(format!("single-{}", n % 50), n))
        .collect();
    let partition: Vec<Order> = (0..scaled(1_000.0))
        .map(|n| order("partition".to_owned(), n))
        .collect();
    let batch: Vec<Order> = (0..scaled(20_000.0))
        .map(|n| order(format!("batch-{}", n / 1_000), n))
        .collect();
    let transacted: Vec<Order> = (0..scaled(2_000.0))
        .map(|n| order(format!("transacted-{}", n / 100), n))
        .collect();
    let query_times = 5;
    dx_batch_put(&sides.db, &partition).await?;
    raw_batch_put(&sides, &partition).await?;

    if let Measured::Both = measured {
        println!(
            "{rounds} A/B rounds; A = dynamoxide, B = hand-written aws-sdk-dynamodb; CPU is the \
             client process's user + system time\n"
        );
        println!(
            "| workload | A items/s | B items/s | A/B throughput [95% interval] | A CPU µs/item \
             | B CPU µs/item | A/B CPU [95% interval] | throughput, rounds: median (range) \
             | CPU, rounds: median (range) |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    } else {
        println!("one side alone, {rounds} rounds after one unmeasured\n");
        println!("| workload | items per round |\n|---|---:|");
    }
    let db = &sides.db;
    let sides = &sides;
    let mut made_of = Vec::new();
    compare(
        &format!("sequential put {}", singles.len()),
        rounds,
        measured,
        &mut made_of,
        || dx_put(db, &singles),
        || raw_put(sides, &singles),
    )
    .await?;
    compare(
        &format!("sequential get {}", singles.len()),
        rounds,
        measured,
        &mut made_of,
        || dx_get(db, &singles),
        || raw_get(sides, &singles),
    )
    .await?;
    compare(
        &format!("query a {}-item partition ×{query_times}", partition.len()),
        rounds,
        measured,
        &mut made_of,
        || dx_query(db, "partition", query_times),
        || raw_query(sides, "partition", query_times),
    )
    .await?;
    let batch_put = format!("batch put {} (8 in flight)", batch.len());
    compare(
        &batch_put,
        rounds,
        measured,
        &mut made_of,
        || dx_batch_put(db, &batch),
        || raw_batch_put(sides, &batch),
    )
    .await?;
    compare(
        &format!("batch writer {} (8 in flight)", batch.len()),
        rounds,
        measured,
        &mut made_of,
        || dx_batch_writer(db, &batch),
        || raw_batch_put(sides, &batch),
    )
    .await?;
    compare(
        "scan the table",
        rounds,
        measured,
        &mut made_of,
        || dx_scan(db),
        || raw_scan(sides),
    )
    .await?;
    // After the scan, which they would change (the transactions) or follow (the reads):
    // the workloads above are measured as in the runs BENCHMARKS.md records before them.
    let batch_get = format!("batch get {} (8 in flight)", batch.len());
    if selected(&batch_get) && !selected(&batch_put) {
        // What the batch get reads, which the batch put stores when it runs.
        dx_batch_put(db, &batch).await?;
        raw_batch_put(sides, &batch).await?;
    }
    compare(
        &batch_get,
        rounds,
        measured,
        &mut made_of,
        || dx_batch_get(db, &batch),
        || raw_batch_get(sides, &batch),
    )
    .await?;
    compare(
        &format!(
            "transactions of {TRANSACTION_SIZE} puts, {}",
            transacted.len()
        ),
        rounds,
        measured,
        &mut made_of,
        || dx_transact(db, &transacted),
        || raw_transact(sides, &transacted),
    )
    .await?;

    if !made_of.is_empty() {
        println!(
            "\nWhat the CPU is made of, all rounds together (page faults: the total over the \
             measured rounds)\n"
        );
        println!(
            "| workload | A user µs/item | A system µs/item | A switches/item | A faults \
             | B user µs/item | B system µs/item | B switches/item | B faults |"
        );
        println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for row in made_of {
            println!("{row}");
        }
    }
    // Ends the last workload's profile: what follows is cleanup.
    callgrind_boundary();
    db.delete_table::<Order>().await?;
    raw_db.delete_table::<Order>().await?;
    Ok(())
}
