//! The S3 file store against a real S3-compatible server. The tests check the contract of
//! `FileStore` on the S3 store and on the local folder alike, the start-up check, and an
//! answer's file on its way through the app into a bucket and back. Each test starts its own
//! server, `end2end/scripts/s3-server.mjs` (s3rver), with Node from PATH, which needs `npm ci`
//! run in `end2end` first.

use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use app::domain::Status;
use app::server::files::{FileStore, LocalFolder};
use app::server::files_s3::{S3Settings, S3Store};

use crate::helpers::{spawn_app_with_files, Backend, Receipt, TestApp};
use crate::steps::{complaint, file_in, Staff, INFO_ANSWER};

on_both_backends!(answer_file_round_trips_through_s3);

/// The bucket that the test server creates.
const BUCKET: &str = "appello-test";
/// The only access key ID that s3rver 3.7 accepts, used as the secret too: a fixed test value.
/// s3rver does not verify signatures, so only a wrong key ID makes its requests fail.
const S3RVER_KEY: &str = "S3RVER";
/// An access key ID that s3rver rejects with 403.
const UNKNOWN_KEY_ID: &str = "UNKNOWN-KEY-ID";
/// How long Node may take to load the script and print its port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
const REVIEWER: &str = "reviewer@mvd.example.ru";
const PDF_NAME: &str = "Копия заявления.pdf";

/// The S3 test server, running as a child process that is killed when this is dropped.
struct S3Server {
    port: u16,
    /// Contains `objects/`, the server's folder, and `s3-server.log`, its stderr.
    _root: tempfile::TempDir,
    _child: Child,
}

impl S3Server {
    /// Starts the server on a free port and waits until it prints that port. Panics with the
    /// server's log when it cannot start, so a missing s3rver fails the test instead of
    /// skipping it.
    async fn start() -> S3Server {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/scripts/s3-server.mjs");
        let root = tempfile::tempdir().expect("a temporary folder for the S3 server");
        let log_path = root.path().join("s3-server.log");
        let log = std::fs::File::create(&log_path).expect("the S3 server's log file");
        let mut child = Command::new("node")
            .arg(&script)
            .arg("0")
            .arg(root.path().join("objects"))
            .arg(BUCKET)
            .arg("--exit-with-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting `node {}` failed: {e}; is Node.js on PATH?", script.display()));

        let stdout = child.stdout.take().expect("the S3 server's stdout is piped");
        let first_line = tokio::time::timeout(STARTUP_TIMEOUT, BufReader::new(stdout).lines().next_line()).await;
        let log_text = || std::fs::read_to_string(&log_path).unwrap_or_default();
        let line = match first_line {
            Ok(Ok(Some(line))) => line,
            Ok(Ok(None)) => panic!(
                "the S3 server exited before printing its port (if it cannot find s3rver, run `npm ci` \
                 in end2end); its log:\n{}",
                log_text()
            ),
            Ok(Err(e)) => panic!("reading the S3 server's port failed: {e}"),
            Err(_) => panic!("the S3 server printed no port within {STARTUP_TIMEOUT:?}; its log:\n{}", log_text()),
        };
        let port = line.trim().parse().unwrap_or_else(|e| panic!("the S3 server printed {line:?}, not a port: {e}"));
        S3Server { port, _root: root, _child: child }
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Returns settings that reach this server's bucket, with `prefix`.
    fn settings(&self, prefix: &str) -> S3Settings {
        S3Settings {
            endpoint: self.endpoint(),
            bucket: BUCKET.to_string(),
            region: "us-east-1".to_string(),
            access_key_id: S3RVER_KEY.to_string(),
            secret_access_key: S3RVER_KEY.to_string(),
            prefix: prefix.to_string(),
            allow_http: true,
        }
    }

    async fn store(&self, prefix: &str) -> S3Store {
        S3Store::connect(&self.settings(prefix))
            .await
            .unwrap_or_else(|e| panic!("connecting to the test bucket failed: {e}"))
    }
}

fn not_found(result: std::io::Result<Bytes>) -> bool {
    matches!(result, Err(error) if error.kind() == std::io::ErrorKind::NotFound)
}

/// Checks the contract of [`FileStore`] that the app relies on, for any store.
async fn check_contract(store: &dyn FileStore, case: &str) {
    let key = "0a1b/2c3d-4e5f";
    let first = Bytes::from_static(b"%PDF-1.4 first version");
    let second = Bytes::from_static(b"%PDF-1.4 second, longer version of the file");

    assert!(not_found(store.get(key).await), "{case}: a key never written is NotFound");
    store.put(key, first.clone()).await.unwrap_or_else(|e| panic!("{case}: put failed: {e}"));
    assert_eq!(store.get(key).await.expect("get after put"), first, "{case}: get returns what put stored");

    store.put(key, second.clone()).await.unwrap_or_else(|e| panic!("{case}: second put failed: {e}"));
    assert_eq!(store.get(key).await.expect("get after replace"), second, "{case}: put replaces");

    let binary: Bytes = (0..=255u8).cycle().take(70_000).collect::<Vec<u8>>().into();
    store.put("0a1b/ff", binary.clone()).await.unwrap_or_else(|e| panic!("{case}: binary put failed: {e}"));
    assert_eq!(store.get("0a1b/ff").await.expect("get binary"), binary, "{case}: every byte value comes back");
    assert_eq!(store.get(key).await.expect("get beside"), second, "{case}: a second key leaves the first alone");

    store.delete(key).await.unwrap_or_else(|e| panic!("{case}: delete failed: {e}"));
    assert!(not_found(store.get(key).await), "{case}: a deleted key is NotFound");
    store.delete(key).await.unwrap_or_else(|e| panic!("{case}: deleting a missing key failed: {e}"));
    store.delete("0a1b/ff").await.unwrap_or_else(|e| panic!("{case}: delete failed: {e}"));

    for invalid in ["../escape", "", "0a//1b", "ABC", "0a/"] {
        let error = store.put(invalid, Bytes::new()).await.expect_err("an invalid key is rejected");
        assert_eq!(error.kind(), std::io::ErrorKind::InvalidInput, "{case}: put {invalid:?}");
    }
}

#[tokio::test]
async fn s3_store_contract() {
    let server = S3Server::start().await;
    let store = server.store("").await;
    check_contract(&store, "S3").await;
}

#[tokio::test]
async fn local_folder_contract() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    check_contract(&LocalFolder::new(folder.path()), "local folder").await;
}

#[tokio::test]
async fn s3_prefix_places_keys() {
    let server = S3Server::start().await;
    let prefixed = server.store("/ab/cd/").await;
    let bare = server.store("").await;

    prefixed.put("01/02", Bytes::from_static(b"under the prefix")).await.expect("put under the prefix");
    let read = bare.get("ab/cd/01/02").await.expect("the object is stored at PREFIX/KEY");
    assert_eq!(read, Bytes::from_static(b"under the prefix"), "the object's bytes");
    assert!(not_found(bare.get("01/02").await), "nothing is stored at the key without the prefix");
}

#[tokio::test]
async fn s3_connect_rejects_missing_bucket() {
    let server = S3Server::start().await;
    let settings = S3Settings { bucket: "no-such-bucket".to_string(), ..server.settings("") };
    let error = S3Store::connect(&settings).await.expect_err("a missing bucket fails the check");
    let message = error.to_string();
    assert!(message.contains("\"no-such-bucket\""), "the message names the bucket: {message}");
    assert!(message.contains(&server.endpoint()), "the message names the endpoint: {message}");
}

#[tokio::test]
async fn s3_connect_rejects_unknown_key() {
    let server = S3Server::start().await;
    let secret = "secret-value-for-the-test";
    let settings = S3Settings {
        access_key_id: UNKNOWN_KEY_ID.to_string(),
        secret_access_key: secret.to_string(),
        ..server.settings("")
    };
    let error = S3Store::connect(&settings).await.expect_err("an unknown access key fails the check");
    let message = error.to_string();
    assert!(message.contains("list request to S3 bucket"), "the message says what failed: {message}");
    assert!(!message.contains(secret), "the message leaves out the secret: {message}");
}

#[tokio::test]
async fn serve_stops_when_bucket_fails() {
    let server = S3Server::start().await;
    let data = tempfile::tempdir().expect("a temporary data folder");
    let secret = "secret-value-for-the-serve-test";
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_appello"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .env("APPELLO_S3_BUCKET", BUCKET)
        .env("APPELLO_S3_ENDPOINT", server.endpoint())
        .env("APPELLO_S3_ALLOW_HTTP", "true")
        .env("APPELLO_S3_ACCESS_KEY_ID", UNKNOWN_KEY_ID)
        .env("APPELLO_S3_SECRET_ACCESS_KEY", secret)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(60), output)
        .await
        .expect("appello serve ends within a minute")
        .expect("appello serve runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "serve fails: {}\n{stderr}", output.status);
    assert!(stderr.contains("list request to S3 bucket"), "stderr says why:\n{stderr}");
    assert!(!stderr.contains(secret), "stderr leaves out the secret:\n{stderr}");
    assert!(!stdout.contains(secret), "stdout leaves out the secret:\n{stdout}");
}

#[tokio::test]
async fn serve_rejects_bucket_without_endpoint() {
    let data = tempfile::tempdir().expect("a temporary data folder");
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_appello"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("serve")
        .env_remove("DATABASE_URL")
        .env_remove("APPELLO_S3_ENDPOINT")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("APPELLO_S3_BUCKET", BUCKET)
        .env("APPELLO_S3_ACCESS_KEY_ID", S3RVER_KEY)
        .env("APPELLO_S3_SECRET_ACCESS_KEY", S3RVER_KEY)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(60), output)
        .await
        .expect("appello serve ends within a minute")
        .expect("appello serve runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "serve fails: {}\n{stderr}", output.status);
    assert!(stderr.contains("APPELLO_S3_ENDPOINT (--s3-endpoint) is missing"), "stderr names the setting:\n{stderr}");
}

async fn post_status_file(app: &TestApp, id: &str, receipt: &Receipt) -> (StatusCode, Vec<u8>) {
    let form = [("number", receipt.number.as_str()), ("code", receipt.access_code.as_str()), ("lang", "ru")];
    let path = format!("/status/files/{id}");
    let response = app.new_client().post(app.url(&path)).form(&form).header("origin", &app.address).send().await;
    let response = response.unwrap_or_else(|e| panic!("POST {path} failed: {e}"));
    let status = response.status();
    (status, response.bytes().await.expect("the body is read").to_vec())
}

async fn answer_file_round_trips_through_s3(backend: Backend) {
    let server = S3Server::start().await;
    // The prefix is made of hex digits, so that the store without a prefix accepts PREFIX/KEY.
    let app = spawn_app_with_files(backend, Arc::new(server.store("ab/cd").await)).await;
    let staff = Staff::reviewer(&app, REVIEWER, "mvd").await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;
    // Every byte value, so that a text conversion anywhere on the way would show.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend((0..=255u8).cycle().take(200_000));

    let fields = [
        ("number", receipt.number.as_str()),
        ("code", receipt.access_code.as_str()),
        ("lang", "ru"),
        ("action", "answer_info"),
        ("answer", INFO_ANSWER),
    ];
    let page = app.post_multipart("/status", &fields, &[(PDF_NAME, pdf.clone())], None).await;
    assert_eq!(page.status, StatusCode::OK, "the answer with a file: page:\n{}", page.main_text());
    assert_eq!(app.stored_status(&receipt.number).await, "under_review", "the status after the answer");

    let row = complaint(&app, &receipt.number).await;
    let stored = app.store().complaint_attachments(row.id).await.expect("the attachments are read");
    assert_eq!(stored.len(), 1, "one attachment row");
    assert_eq!(app.stored_file_count(), 0, "nothing is written to the local folder");

    let bare = server.store("").await;
    let object = bare.get(&format!("ab/cd/{}", stored[0].storage_key)).await.expect("the object is in S3");
    assert_eq!(object.as_ref(), pdf.as_slice(), "the object in the bucket has the uploaded bytes");

    let (status, body) = post_status_file(&app, &stored[0].id.to_string(), &receipt).await;
    assert_eq!(status, StatusCode::OK, "the download's status");
    assert_eq!(body, pdf, "the download has the uploaded bytes");
}
