//! A fresh database per test, on SQLite or PostgreSQL.
//!
//! SQLite databases are files in a temporary folder. PostgreSQL databases are created as
//! `appello_test_<random>` on an admin connection, found in this order:
//!
//! 1. `DATABASE_URL`, when it is a `postgres://` URL (used as is, with no fallback);
//! 2. `postgres://postgres@127.0.0.1:5432/postgres`, unless `APPELLO_TEST_PG_PRIVATE=1`;
//! 3. a private server that the tests start themselves, with its data in
//!    `target/test-pg/data`, listening on 127.0.0.1 only with trust authentication. It keeps
//!    running after the tests, so later runs reuse it. Stop it with
//!    `runuser -u postgres -- /usr/lib/postgresql/<version>/bin/pg_ctl -D target/test-pg/data stop`
//!    (without `runuser -u postgres --` when not root), and delete `target/test-pg` to
//!    start from scratch.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection};
use tokio::sync::OnceCell;

use app::server::secrets::random_token;
use app::server::store::Store;

const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const PRIVATE_ENV: &str = "APPELLO_TEST_PG_PRIVATE";
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The database engine a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A migrated database that exists for one test: the application's store and a pool of
/// its own for checks in plain SQL. A PostgreSQL database is dropped when this is dropped.
pub struct TestDatabase {
    pub store: Store,
    pub raw: RawDb,
    url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// The folder of the SQLite file, deleted on drop.
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        let (url, cleanup) = match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("a temporary folder for the SQLite file");
                let url = format!("sqlite:{}", folder.path().join("appello.db").display());
                (url, Cleanup::Sqlite(folder))
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url().await.to_string();
                let name = format!("appello_test_{}", random_token(6));
                let mut admin = PgConnection::connect(&admin_url).await.expect("the PostgreSQL admin connection");
                sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut admin)
                    .await
                    .unwrap_or_else(|e| panic!("CREATE DATABASE {name} failed: {e}"));
                let _ = admin.close().await;
                let url = database_url(&admin_url, &name);
                (url, Cleanup::Postgres { admin_url, name })
            }
        };

        let store = Store::connect(&url).await.unwrap_or_else(|e| panic!("Store::connect({url}) failed: {e}"));
        store.migrate().await.unwrap_or_else(|e| panic!("migrations failed on {backend:?}: {e}"));
        let raw = RawDb::connect(&url).await;
        TestDatabase { store, raw, url, cleanup }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Cleanup::Postgres { admin_url, name } = &self.cleanup else {
            return;
        };
        // Drop runs inside the test's runtime, where blocking on a future is not allowed,
        // so the DROP runs on a thread with a runtime of its own.
        let (admin_url, name) = (admin_url.clone(), name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            runtime.block_on(drop_database(&admin_url, &name))
        })
        .join();
        match dropped {
            Ok(Ok(())) => {}
            // Best effort: a leftover `appello_test_*` database is harmless.
            Ok(Err(error)) => eprintln!("warning: could not drop test database {}: {error}", self.url),
            Err(_) => eprintln!("warning: the thread dropping test database {} panicked", self.url),
        }
    }
}

async fn drop_database(admin_url: &str, name: &str) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut admin = PgConnection::connect(admin_url).await?;
    // FORCE (PostgreSQL 13 and later) ends the connections that the test's pool still holds.
    sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")).execute(&mut admin).await?;
    admin.close().await?;
    Ok(())
}

/// `admin_url` with its database replaced by `name`.
fn database_url(admin_url: &str, name: &str) -> String {
    let mut url = reqwest::Url::parse(admin_url).expect("the PostgreSQL admin URL is a valid URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// A pool on the test database for checks that the store has no method for.
pub enum RawDb {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl RawDb {
    /// Returns the URL of this database for the `appello` binary's `--database-url`.
    // NOTE: a password in the PostgreSQL admin URL is not carried over, because sqlx keeps it
    // out of its connection options' getters.
    pub fn url(&self) -> String {
        match self {
            RawDb::Sqlite(pool) => format!("sqlite:{}", pool.connect_options().get_filename().display()),
            RawDb::Postgres(pool) => {
                let options = pool.connect_options();
                let database = options.get_database().unwrap_or_default();
                format!(
                    "postgres://{}@{}:{}/{database}",
                    options.get_username(),
                    options.get_host(),
                    options.get_port()
                )
            }
        }
    }

    async fn connect(url: &str) -> RawDb {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url).expect("SQLite URL");
            let pool = SqlitePoolOptions::new().max_connections(2).connect_with(options).await.expect("SQLite pool");
            RawDb::Sqlite(pool)
        } else {
            let pool = PgPoolOptions::new().max_connections(2).connect(url).await.expect("PostgreSQL pool");
            RawDb::Postgres(pool)
        }
    }

    /// Counts the rows in `table`.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let result = match self {
            RawDb::Sqlite(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
            RawDb::Postgres(pool) => sqlx::query_scalar(&sql).fetch_one(pool).await,
        };
        result.unwrap_or_else(|e| panic!("{sql} failed: {e}"))
    }

    /// Runs `sql`, a `SELECT COUNT(*)` with one text parameter `$1`, and returns the count.
    pub async fn count_with(&self, sql: &str, param: &str) -> i64 {
        let result = match self {
            RawDb::Sqlite(pool) => sqlx::query_scalar(sql).bind(param).fetch_one(pool).await,
            RawDb::Postgres(pool) => sqlx::query_scalar(sql).bind(param).fetch_one(pool).await,
        };
        result.unwrap_or_else(|e| panic!("{sql} with {param:?} failed: {e}"))
    }

    /// Runs a statement and returns the number of rows it changed, or the database's error.
    pub async fn execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        match self {
            RawDb::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
            RawDb::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|r| r.rows_affected()),
        }
    }
}

/// Finds, once per test process, the admin URL of the PostgreSQL server to use.
async fn postgres_admin_url() -> &'static str {
    static ADMIN_URL: OnceCell<String> = OnceCell::const_new();
    ADMIN_URL.get_or_init(find_postgres).await
}

async fn find_postgres() -> String {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            if let Err(error) = probe(&url).await {
                panic!("DATABASE_URL is set to a PostgreSQL server that cannot be reached: {error}; check the URL or unset DATABASE_URL");
            }
            eprintln!("PostgreSQL tests use DATABASE_URL as the admin connection");
            return url;
        }
    }
    if std::env::var(PRIVATE_ENV).as_deref() != Ok("1") {
        match probe(DEFAULT_ADMIN_URL).await {
            Ok(()) => {
                eprintln!("PostgreSQL tests use {DEFAULT_ADMIN_URL}");
                return DEFAULT_ADMIN_URL.to_string();
            }
            Err(error) => eprintln!("no PostgreSQL at {DEFAULT_ADMIN_URL} ({error}); starting a private server"),
        }
    }
    let url = PrivateServer::locate().ensure_running().await;
    eprintln!("PostgreSQL tests use the private server at {url}");
    url
}

async fn probe(url: &str) -> Result<(), String> {
    let options = PgConnectOptions::from_str(url).map_err(|e| format!("invalid URL: {e}"))?;
    match tokio::time::timeout(CONNECT_TIMEOUT, options.connect()).await {
        Ok(Ok(connection)) => {
            let _ = connection.close().await;
            Ok(())
        }
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err(format!("connection timed out after {CONNECT_TIMEOUT:?}")),
    }
}

/// A PostgreSQL server of the tests' own under `target/test-pg`.
// NOTE: nothing locks the folder, so two test processes that start the server at the same
// moment may both run initdb on it. Run one `cargo test` at a time the first time.
struct PrivateServer {
    bin: PathBuf,
    root: PathBuf,
    as_root: bool,
}

impl PrivateServer {
    fn locate() -> PrivateServer {
        PrivateServer { bin: postgres_bin_folder(), root: target_folder().join("test-pg"), as_root: running_as_root() }
    }

    fn data(&self) -> PathBuf {
        self.root.join("data")
    }

    fn port_file(&self) -> PathBuf {
        self.root.join("port")
    }

    fn url(port: u16) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/postgres")
    }

    /// Starts the server unless it already runs, and returns its admin URL.
    async fn ensure_running(&self) -> String {
        let recorded_port = std::fs::read_to_string(self.port_file()).ok().and_then(|p| p.trim().parse::<u16>().ok());
        if let Some(port) = recorded_port {
            if probe(&Self::url(port)).await.is_ok() {
                return Self::url(port);
            }
        }

        let port = match (recorded_port, self.data().join("PG_VERSION").exists()) {
            (Some(port), true) => port,
            _ => self.init(),
        };
        let log = self.root.join("server.log");
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                self.data().as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "start".as_ref(),
            ],
        );

        let url = Self::url(port);
        if let Err(error) = probe(&url).await {
            panic!(
                "the private PostgreSQL server started but connecting to {url} failed: {error}; see {}",
                log.display()
            );
        }
        url
    }

    /// Creates the data folder and returns the port written into its configuration.
    fn init(&self) -> u16 {
        if self.root.exists() {
            std::fs::remove_dir_all(&self.root)
                .unwrap_or_else(|e| panic!("cannot clear {} for a new server: {e}", self.root.display()));
        }
        std::fs::create_dir_all(&self.root).unwrap_or_else(|e| panic!("cannot create {}: {e}", self.root.display()));
        if self.as_root {
            // initdb refuses to run as root, so the server runs as `postgres`, which must own the folder.
            let status = Command::new("chown").arg("postgres:postgres").arg(&self.root).status();
            assert!(
                status.as_ref().is_ok_and(|s| s.success()),
                "chown postgres:postgres {} failed: {status:?}",
                self.root.display()
            );
        }

        self.run(
            "initdb",
            &[
                "-D".as_ref(),
                self.data().as_os_str(),
                "--auth=trust".as_ref(),
                "--username=postgres".as_ref(),
                "--encoding=UTF8".as_ref(),
                "--locale=C".as_ref(),
                "--no-sync".as_ref(),
            ],
        );

        let port = spare_port();
        // The data is thrown away, so durability settings are off to make CREATE DATABASE fast.
        let settings = format!(
            "\n# Added by the Appello integration tests.\n\
             listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = ''\n\
             max_connections = 200\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
        );
        let config = self.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&config).expect("initdb wrote postgresql.conf");
        text.push_str(&settings);
        std::fs::write(&config, text).expect("postgresql.conf is writable");
        std::fs::write(self.port_file(), port.to_string()).expect("the port file is writable");
        port
    }

    /// Runs a PostgreSQL program, as the `postgres` user when the tests run as root.
    fn run(&self, program: &str, args: &[&std::ffi::OsStr]) {
        let path = self.bin.join(program);
        let mut command = if self.as_root {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(&path);
            command
        } else {
            Command::new(&path)
        };
        command.args(args);
        let output = command.output().unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
        assert!(
            output.status.success(),
            "{program} failed ({}):\n{}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Finds the `bin` folder of the newest PostgreSQL under `/usr/lib/postgresql`.
fn postgres_bin_folder() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| {
                    let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
                    let bin = entry.path().join("bin");
                    bin.join("initdb").exists().then_some((version, bin))
                })
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "no PostgreSQL server responds and no initdb was found under /usr/lib/postgresql/*/bin; \
             install PostgreSQL or set DATABASE_URL to a postgres:// admin URL"
        ),
    }
}

/// Returns the cargo target folder, found from the test binary in `target/<profile>/deps/`.
pub fn target_folder() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors().nth(3).map(Path::to_path_buf).expect("the test binary lies in target/<profile>/deps")
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the effective user of this process.
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Returns a TCP port on 127.0.0.1 that nothing listens on right now.
fn spare_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
    listener.local_addr().expect("the bound address").port()
}
