//! The people API, as an AWS Lambda function behind API Gateway or as a local HTTP server.
//!
//! ```sh
//! scripts/dynamodb-local exec cargo run -p people_api     # http://127.0.0.1:3000/people
//! ```
//!
//! At start-up it looks for `AWS_LAMBDA_RUNTIME_API`, which the Lambda runtime sets:
//!
//! - **Inside Lambda** it serves API Gateway events (REST API, or HTTP API on any stage)
//!   through `lambda_http`, on the DynamoDB of the function's region and credentials
//!   (`Db::from_env`). The stage is not part of the routed path, and the links it returns
//!   carry it. The `people` table must exist: create it at deploy time, e.g. with
//!   `db.sync_table::<Person>()` in a deploy step. Build it with
//!   `cargo lambda build --release -p people_api`. (`cargo lambda watch` sets
//!   `AWS_LAMBDA_RUNTIME_API` too: it then talks to the AWS account of your credentials.)
//! - **Elsewhere** it serves HTTP on `127.0.0.1:$PEOPLE_API_PORT` (3000; `0` picks a free
//!   port) on DynamoDB Local: the one `DYNAMODB_ENDPOINT` names, or one it starts itself. It
//!   creates the table if missing, prints `listening on http://…` once it accepts requests,
//!   and stops on Ctrl-C (SIGINT).
//!
//! `PEOPLE_TABLE_PREFIX` puts a prefix before the table name in both modes (`staging_`).

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::Db;
use people_api::{app, lambda_app, Person};
use std::error::Error;

type BoxError = Box<dyn Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let prefix = std::env::var("PEOPLE_TABLE_PREFIX").unwrap_or_default();
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        let db = Db::from_env().await.with_table_prefix(&prefix)?;
        return lambda_http::run(lambda_app(db)).await;
    }
    let port: u16 = match std::env::var("PEOPLE_API_PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 3000,
    };
    let server = DynamoDbLocal::start().await?;
    let db = server.db().with_table_prefix(&prefix)?;
    db.create_table::<Person>().if_not_exists().await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app(db))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
