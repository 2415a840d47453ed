//! Bulk import: generates a JSON-lines file of 100,000 sensor readings, then imports it
//! through a batch writer (25 items a request, 8 requests in flight, unprocessed items
//! retried), showing a progress bar and the final throughput. Each line is written as it is
//! read, so memory stays bounded however large the file is.
//!
//! ```sh
//! scripts/dynamodb-local exec cargo run --release --example bulk_import
//! BULK_IMPORT_ROWS=5000 scripts/dynamodb-local exec cargo run --example bulk_import   # quick
//! ```
//!
//! Runs against `DYNAMODB_ENDPOINT` when it is set (the script sets it), otherwise starts
//! DynamoDB Local itself.

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::ops::BatchWriter;
use dynamoxide::Model;
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;
use std::time::Instant;

#[derive(Model, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[dynamo(table = "example_readings")]
struct Reading {
    #[dynamo(hash_key)]
    sensor: String,
    #[dynamo(range_key)]
    seq: u64,
    celsius: f64,
    note: Option<String>,
}

fn generate(path: &Path, rows: u64) -> std::io::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for seq in 0..rows {
        let reading = Reading {
            sensor: format!("sensor-{:03}", seq % 250),
            seq,
            celsius: 15.0 + (seq % 200) as f64 / 10.0,
            note: (seq % 97 == 0).then(|| "calibrated".to_owned()),
        };
        serde_json::to_writer(&mut out, &reading)?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Puts every line of the file at `path` through `writer`.
async fn import(
    path: &Path,
    writer: &mut BatchWriter,
    bar: &ProgressBar,
) -> Result<(), Box<dyn std::error::Error>> {
    let lines = BufReader::new(std::fs::File::open(path)?).lines();
    for (line_number, line) in (1u64..).zip(lines) {
        let reading: Reading =
            serde_json::from_str(&line?).map_err(|error| format!("line {line_number}: {error}"))?;
        writer.put(&reading).await?;
        bar.set_position(writer.written() as u64);
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rows: u64 = match std::env::var("BULK_IMPORT_ROWS") {
        Ok(rows) => rows.parse()?,
        Err(_) => 100_000,
    };
    let path = std::env::temp_dir().join(format!("dynamoxide-bulk-{}.jsonl", std::process::id()));
    generate(&path, rows)?;
    println!("generated {rows} rows in {}", path.display());

    let server = DynamoDbLocal::start().await?;
    let db = server.db();
    db.create_table::<Reading>().if_not_exists().await?;

    let bar = ProgressBar::new(rows);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos}/{len} rows  {per_sec}  eta {eta}",
    )?);
    let started = Instant::now();
    let mut writer = db.batch_writer().concurrency(8);
    // On a bad line or a failed request, the writes already sent are still waited for, so
    // that the error tells exactly what was not written.
    let read = import(&path, &mut writer, &bar).await;
    let imported = writer.finish().await;
    read?;
    let imported = imported? as u64;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    println!(
        "imported {imported} rows in {:.2?}: {:.0} rows/s",
        elapsed,
        imported as f64 / elapsed.as_secs_f64()
    );

    let stored = db.scan::<Reading>().parallel(4).count().await?;
    println!("the table holds {stored} items");
    assert_eq!(stored as u64, rows);

    db.delete_table::<Reading>().await?;
    std::fs::remove_file(&path)?;
    println!("table and file deleted; done");
    Ok(())
}
