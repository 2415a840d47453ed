//! The people API, as an AWS Lambda function behind API Gateway or as a local HTTP server.
//!
//! ```sh
//! scripts/dynamodb-local exec cargo run -p people_api     # http://127.0.0.1:3000/people
//! ```
//!
//! At start-up it looks for `AWS_LAMBDA_RUNTIME_API`, which the Lambda runtime sets:
//!
//! - **Inside Lambda** it serves API Gateway (REST or HTTP API) events through
//!   `lambda_http`, on the DynamoDB of the function's region and credentials
//!   (`Db::from_env`). Routes are the same as locally: a REST API's stage name is not part
//!   of the path (`AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH`). The `people` table must exist
//!   (create it at deploy time, e.g. with `db.sync_table::<Person>()` from a deploy step).
//! - **Elsewhere** it serves HTTP on `127.0.0.1:$PEOPLE_API_PORT` (3000; `0` picks a free
//!   port) on DynamoDB Local: the one `DYNAMODB_ENDPOINT` names, or one it starts itself. It
//!   creates the table if missing, and prints `listening on http://…` once it accepts
//!   requests. Ctrl-C stops it.
//!
//! `PEOPLE_TABLE_PREFIX` puts a prefix before the table name in both modes (`staging_`).

use dynamoxide::local::DynamoDbLocal;
use dynamoxide::Db;
use people_api::{app, Person};
use std::error::Error;

type BoxError = Box<dyn Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let in_lambda = std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some();
    if in_lambda {
        // Before any thread exists: `/prod/people` reaches the router as `/people`.
        std::env::set_var("AWS_LAMBDA_HTTP_IGNORE_STAGE_IN_PATH", "true");
    }
    let runtime = tokio::runtime::Runtime::new()?;
    let prefix = std::env::var("PEOPLE_TABLE_PREFIX").unwrap_or_default();
    if in_lambda {
        runtime.block_on(serve_lambda(&prefix))
    } else {
        runtime.block_on(serve_locally(&prefix))
    }
}

async fn serve_lambda(prefix: &str) -> Result<(), BoxError> {
    let db = Db::from_env().await.with_table_prefix(prefix)?;
    lambda_http::run(app(db)).await
}

async fn serve_locally(prefix: &str) -> Result<(), BoxError> {
    let port: u16 = match std::env::var("PEOPLE_API_PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 3000,
    };
    let server = DynamoDbLocal::start().await?;
    let db = server.db().with_table_prefix(prefix)?;
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
