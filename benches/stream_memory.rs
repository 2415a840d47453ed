//! Peak heap while reading a partition of 10,000 and of 50,000 items (~1 KB each) from
//! DynamoDB Local: with `.stream()` it stays flat (one page in memory at a time), with
//! `.all()` it grows with the partition. Then the same while writing that many items: through
//! `batch_writer()` it stays flat (the requests in flight and the one being filled), with
//! `batch_put` it grows with the items, which the caller and the batch both hold. Heap is
//! counted by a global allocator wrapper, so the figures are exact for this process and
//! independent of other processes.
//!
//! Run: `scripts/dynamodb-local exec cargo bench --bench stream_memory --features local`
//! (or without the wrapper: the bench starts DynamoDB Local itself).

use dynamoxide::stream::{StreamExt, TryStreamExt};
use dynamoxide::{Db, Model};
use serde::{Deserialize, Serialize};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct CountingAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only the byte counters are added.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grow(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        moved
    }
}

fn grow(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

/// Peak heap above what was live when the measurement started, in bytes.
async fn peak_during<T>(work: impl std::future::Future<Output = T>) -> (T, usize) {
    let baseline = CURRENT.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let value = work.await;
    (value, PEAK.load(Ordering::Relaxed) - baseline)
}

#[derive(Model, Serialize, Deserialize)]
#[dynamo(table = "bench_stream")]
struct Reading {
    #[dynamo(hash_key)]
    sensor: String,
    #[dynamo(range_key)]
    seq: u64,
    payload: String,
}

async fn load(db: &Db, sensor: &str, count: u64) {
    futures_util::stream::iter(0..count)
        .map(|seq| async move {
            let reading = Reading {
                sensor: sensor.to_owned(),
                seq,
                payload: "r".repeat(1_000),
            };
            db.put(&reading).await
        })
        .buffer_unordered(32)
        .try_collect::<Vec<()>>()
        .await
        .expect("readings written");
}

fn reading(sensor: &str, seq: u64) -> Reading {
    Reading {
        sensor: sensor.to_owned(),
        seq,
        payload: "w".repeat(1_000),
    }
}

/// Writes `count` readings as they are made, through a batch writer.
async fn write_each(db: &Db, sensor: &str, count: u64) -> dynamoxide::Result<usize> {
    let mut writer = db.batch_writer();
    for seq in 0..count {
        writer.put(&reading(sensor, seq)).await?;
    }
    writer.finish().await
}

/// Makes `count` readings, then writes them with one `batch_put`.
async fn write_all(db: &Db, sensor: &str, count: u64) -> dynamoxide::Result<usize> {
    let readings: Vec<Reading> = (0..count).map(|seq| reading(sensor, seq)).collect();
    db.batch_put(&readings).await
}

fn mib(bytes: usize) -> String {
    format!("{:.2} MiB", bytes as f64 / (1024.0 * 1024.0))
}

#[tokio::main]
async fn main() -> dynamoxide::Result<()> {
    let db = Db::local()
        .await?
        .with_table_prefix(&format!("bench{}_", std::process::id()))?;
    db.create_table::<Reading>().await?;
    println!("| items | stream: peak heap | stream: time | all(): peak heap |");
    println!("|---:|---:|---:|---:|");
    for (sensor, count) in [("ten_k", 10_000), ("fifty_k", 50_000)] {
        load(&db, sensor, count).await;
        let started = Instant::now();
        let (streamed, stream_peak) = peak_during(async {
            let stream = db.query::<Reading>().hash(sensor).stream();
            stream.try_fold(0u64, |n, _| async move { Ok(n + 1) }).await
        })
        .await;
        let stream_time = started.elapsed();
        assert_eq!(streamed?, count);
        let (all, all_peak) = peak_during(db.query::<Reading>().hash(sensor).all()).await;
        assert_eq!(all?.len() as u64, count);
        println!(
            "| {count} | {} | {:.2?} | {} |",
            mib(stream_peak),
            stream_time,
            mib(all_peak)
        );
    }
    println!();
    println!("| items | batch_writer(): peak heap | batch_writer(): time | batch_put: peak heap | batch_put: time |");
    println!("|---:|---:|---:|---:|---:|");
    for count in [10_000, 50_000] {
        let started = Instant::now();
        let (written, writer_peak) = peak_during(write_each(&db, "writer", count)).await;
        let writer_time = started.elapsed();
        assert_eq!(written? as u64, count);
        let started = Instant::now();
        let (written, batch_peak) = peak_during(write_all(&db, "batch", count)).await;
        let batch_time = started.elapsed();
        assert_eq!(written? as u64, count);
        println!(
            "| {count} | {} | {writer_time:.2?} | {} | {batch_time:.2?} |",
            mib(writer_peak),
            mib(batch_peak)
        );
    }
    db.delete_table::<Reading>().await?;
    Ok(())
}
