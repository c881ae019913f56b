//! The `appello` binary on both databases: the directory, key and user commands, the hint
//! on an empty database, a closed stdout, and the demo widget key.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use app::server::auth::{hash_password, verify_password};
use app::server::directory::import_directory;
use app::server::store::{now, redact_url, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use sqlx::types::Uuid;

use crate::helpers::{Backend, TestDatabase};
use server::demo::{self, DEMO_DIRECTORY, DEMO_REVIEWER, DEMO_REVIEWER_NAME, DEMO_REVIEWER_POSITION};

/// Builds `appello --database-url URL ARGS...` with only error logs, so that stderr contains
/// what the command itself writes there.
fn appello(db: &TestDatabase, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_appello"));
    command.arg("--database-url").arg(db.raw.url()).args(args).env("RUST_LOG", "error");
    command
}

/// Runs `appello ARGS...` on the test database and returns what it printed.
fn run(db: &TestDatabase, args: &[&str]) -> Output {
    appello(db, args).output().unwrap_or_else(|e| panic!("running appello {args:?} failed: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the output is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_success(output: &Output, what: &str) {
    assert!(output.status.success(), "{what} failed with {}: {}", output.status, stderr(output));
}

fn time(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap_or_else(|e| panic!("{text:?} is not a time: {e}")).with_timezone(&Utc)
}

async fn with_demo_directory(backend: Backend) -> TestDatabase {
    let db = TestDatabase::create(backend).await;
    import_directory(&db.store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    db
}

fn write_file(folder: &Path, name: &str, text: &str) -> String {
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path.to_str().expect("a UTF-8 path").to_string()
}

async fn orgs_list_sorted_by_code(backend: Backend) {
    let db = with_demo_directory(backend).await;

    let list = run(&db, &["orgs", "list"]);
    assert_success(&list, "orgs list");
    assert_eq!(stderr(&list), "", "nothing on stderr");
    let lines: Vec<String> = stdout(&list).lines().map(str::to_string).collect();

    let mut expected: Vec<String> =
        db.store.list_orgs().await.expect("list_orgs").iter().map(|o| format!("{}\t{}", o.code, o.name_ru)).collect();
    expected.sort();
    assert_eq!(lines, expected, "code, a tab and the Russian name, by code");
    assert_eq!(lines.first().map(String::as_str), Some("fns\tФедеральная налоговая служба"), "the first line");
}

async fn orgs_list_empty_hints_database(backend: Backend) {
    let db = TestDatabase::create(backend).await;

    let list = run(&db, &["orgs", "list"]);
    assert_success(&list, "orgs list on an empty database");
    assert_eq!(stdout(&list), "", "nothing on stdout");
    let hint = stderr(&list);
    assert!(hint.contains("no bodies in the database"), "the hint says the list is empty: {hint}");
    assert!(hint.contains(&redact_url(&db.raw.url())), "the hint names the database: {hint}");
    assert!(hint.contains("`appello demo`"), "the hint names the demo command: {hint}");
    assert!(hint.contains("`appello orgs import FILE`"), "the hint names the import command: {hint}");
    assert!(!hint.contains("repository root"), "no folder advice for a database given by URL: {hint}");
}

/// The default database is a SQLite file whatever the backend under test, so this test runs once.
#[test]
fn default_database_hint_is_absolute() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let list = Command::new(env!("CARGO_BIN_EXE_appello"))
        .args(["orgs", "list"])
        .current_dir(folder.path())
        .env_remove("DATABASE_URL")
        .env_remove("APPELLO_DATA_DIR")
        .env("RUST_LOG", "error")
        .output()
        .expect("running appello orgs list");

    assert_success(&list, "orgs list in an empty folder");
    assert_eq!(stdout(&list), "", "nothing on stdout");
    let expected = format!("sqlite:{}", folder.path().join("data").join("appello.db").display());
    assert!(stderr(&list).contains(&expected), "the hint names {expected}: {}", stderr(&list));
    assert!(stderr(&list).contains("run appello from the repository root"), "the hint: {}", stderr(&list));
    assert!(folder.path().join("data/appello.db").exists(), "the database is created in the current folder");
}

async fn closed_stdout_ends_quietly(backend: Backend) {
    let db = with_demo_directory(backend).await;
    demo::load(&db.store, &["http://127.0.0.1:3001".to_string()]).await.expect("the demo data loads");
    let folder = tempfile::tempdir().expect("a temporary folder");
    let directory = write_file(folder.path(), "directory.toml", DEMO_DIRECTORY);

    let commands: [&[&str]; 9] = [
        &["orgs", "list"],
        &["orgs", "import", &directory],
        &["keys", "list"],
        &["users", "list"],
        &["users", "reset-password", "--email", DEMO_REVIEWER],
        &["calendar", "list"],
        &["calendar", "export", "2026"],
        &["migrate"],
        &["demo"],
    ];
    for args in commands {
        // A pipe whose reader is gone before the command starts, as after `| head -1` has quit.
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let output = appello(&db, args)
            .env("RUST_LOG", "off")
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap_or_else(|e| panic!("running appello {args:?} failed: {e}"));

        assert_eq!(output.status.code(), Some(0), "the exit code of {args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output), "", "{args:?} writes nothing to stderr");
    }
}

async fn orgs_import_reports_counts_and_rejections(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let folder = tempfile::tempdir().expect("a temporary folder");
    let directory = write_file(folder.path(), "directory.toml", DEMO_DIRECTORY);

    let import = run(&db, &["orgs", "import", &directory]);
    assert_success(&import, "orgs import");
    let bodies = DEMO_DIRECTORY.matches("[[body]]").count();
    let services = DEMO_DIRECTORY.matches("[[body.service]]").count();
    assert_eq!(stdout(&import), format!("imported bodies: {bodies}, services: {services}\n"), "the counts");

    let moved = write_file(
        folder.path(),
        "moved.toml",
        "[[body]]\ncode = \"dup-svc\"\nlevel = \"federal\"\nname_ru = \"Дубль\"\nname_en = \"Duplicate\"\n\
         short_ru = \"Дубль\"\nshort_en = \"Dup\"\n\n\
         [[body.service]]\ncode = \"mvd-passport\"\nname_ru = \"Паспорт\"\nname_en = \"Passport\"\n",
    );
    let rejected = run(&db, &["orgs", "import", &moved]);
    assert_eq!(rejected.status.code(), Some(1), "the exit code of a file that moves a service");
    assert_eq!(stdout(&rejected), "", "nothing on stdout");
    let message = stderr(&rejected);
    for part in ["\"mvd-passport\"", "body \"mvd\"", "body \"dup-svc\"", "nothing was changed"] {
        assert!(message.contains(part), "{part} in the message: {message}");
    }
    assert!(
        matches!(db.store.org_by_code("dup-svc").await, Err(StoreError::NotFound)),
        "the body of the rejected file is not created"
    );
}

async fn keys_create_drops_duplicate_origins(backend: Backend) {
    let db = with_demo_directory(backend).await;

    let create = run(
        &db,
        &[
            "keys",
            "create",
            "--org",
            "mvd",
            "--origin",
            "https://dup.example.ru",
            "--origin",
            "https://DUP.example.ru:443",
            "--origin",
            "http://127.0.0.1:3001/",
        ],
    );
    assert_success(&create, "keys create with repeated origins");
    let key = stdout(&create).trim().to_string();
    let row = db.store.widget_key(&key).await.unwrap_or_else(|e| panic!("the printed key {key:?}: {e}"));
    assert_eq!(row.origins, ["http://127.0.0.1:3001", "https://dup.example.ru"], "each origin stored once");
    assert_eq!(
        db.raw
            .count_with("SELECT COUNT(*) FROM audit_log WHERE action = 'widget_key.create' AND target = $1", &key)
            .await,
        1,
        "the creation is audited"
    );

    let bad = run(
        &db,
        &["keys", "create", "--org", "mvd", "--origin", "https://mvd.example.ru", "--origin", "mvd.example.ru"],
    );
    assert_eq!(bad.status.code(), Some(1), "the exit code of a bad origin");
    assert!(stderr(&bad).contains("\"mvd.example.ru\" is not an origin"), "the bad origin is named: {}", stderr(&bad));
    assert_eq!(db.raw.count("widget_keys").await, 1, "no key is created for a bad origin");
}

async fn keys_list_prints_each_key(backend: Backend) {
    let db = with_demo_directory(backend).await;
    let store = &db.store;
    let empty = run(&db, &["keys", "list"]);
    assert_success(&empty, "keys list without keys");
    assert_eq!(stdout(&empty), "", "nothing on stdout without keys");
    assert!(stderr(&empty).contains("no widget keys"), "a hint without keys: {}", stderr(&empty));

    let mvd = store.org_by_code("mvd").await.expect("mvd");
    let fns = store.org_by_code("fns").await.expect("fns");
    let origins = ["https://www.nalog.example.ru".to_string(), "https://lkfl.nalog.example.ru".to_string()];
    store
        .create_widget_key(fns.id, "pk_0000000000000000000000f2", &origins, "test", time("2026-02-01T09:00:00Z"))
        .await
        .expect("the fns key");
    store
        .create_widget_key(
            mvd.id,
            "pk_0000000000000000000000m1",
            &["https://mvd.example.ru".to_string()],
            "test",
            time("2026-01-15T23:30:00Z"),
        )
        .await
        .expect("the mvd key");
    store.revoke_widget_key("pk_0000000000000000000000m1", "test", now()).await.expect("revoke");

    let list = run(&db, &["keys", "list"]);
    assert_success(&list, "keys list");
    let printed = stdout(&list);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        [
            "pk_0000000000000000000000m1\tmvd\trevoked\t2026-01-15\thttps://mvd.example.ru\t-\t0\t0",
            "pk_0000000000000000000000f2\tfns\tactive\t2026-02-01\thttps://lkfl.nalog.example.ru https://www.nalog.example.ru\t-\t0\t0",
        ],
        "one key a line, oldest first"
    );
}

async fn keys_rotate_keeps_old_key_for_overlap(backend: Backend) {
    let db = with_demo_directory(backend).await;
    let fns = db.store.org_by_code("fns").await.expect("fns");
    let old = "pk_0000000000000000000000f3";
    db.store
        .create_widget_key(fns.id, old, &["https://nalog.example.ru".to_string()], "test", now())
        .await
        .expect("key");

    for (bad, expected) in [("31", "out of range; give 0 to 30 days"), ("-1", "out of range")] {
        let refused = run(&db, &["keys", "rotate", old, &format!("--overlap-days={bad}")]);
        assert!(!refused.status.success(), "--overlap-days {bad} is refused");
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains(expected),
            "--overlap-days {bad}: {}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
    assert_eq!(db.store.list_widget_keys().await.expect("keys").len(), 1, "a refused rotation adds no key");

    let rotated = run(&db, &["keys", "rotate", old, "--overlap-days", "3"]);
    assert_success(&rotated, "keys rotate");
    let fresh = stdout(&rotated).trim().to_string();
    assert!(app::server::keys::is_public_key_shape(&fresh), "prints the new key: {fresh:?}");
    let old_row = db.store.widget_key(old).await.expect("old key");
    let new_row = db.store.widget_key(&fresh).await.expect("new key");
    assert!(old_row.is_active(now()), "the old key works during the overlap");
    assert!(new_row.is_active(now()), "the new key works at once");
    assert!(!old_row.is_active(now() + chrono::Duration::days(3)), "the old key stops after three days");
    assert_eq!(old_row.replaced_by.as_deref(), Some(fresh.as_str()));
    assert_eq!(new_row.origins, old_row.origins, "the new key has the old one's origins");

    let twice = run(&db, &["keys", "rotate", old]);
    assert!(!twice.status.success(), "a rotated key is not rotated again");
    assert!(String::from_utf8_lossy(&twice.stderr).contains("already rotated"));
    let unknown = run(&db, &["keys", "rotate", "pk_000000000000000000000000"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no widget key"));

    let list = stdout(&run(&db, &["keys", "list"]));
    assert!(
        list.lines().any(|l| l.starts_with(old) && l.contains("\texpires:")),
        "the list shows the end of the overlap:\n{list}"
    );
}

async fn create_user(store: &Store, email: &str, org: Option<&str>, role: &str, must_change: bool) -> Uuid {
    let org_id = match org {
        Some(code) => Some(store.org_by_code(code).await.unwrap_or_else(|e| panic!("body {code}: {e}")).id),
        None => None,
    };
    let hash = hash_password("Старый пароль 2026".to_string()).await.expect("the password hashes");
    store
        .create_user(email, &hash, role, org_id, must_change, "test", now())
        .await
        .unwrap_or_else(|e| panic!("creating {email} failed: {e}"))
}

async fn users_list_prints_accounts(backend: Backend) {
    let db = with_demo_directory(backend).await;
    create_user(&db.store, "operator@appello.example", None, "operator", false).await;
    create_user(&db.store, "admin.fns@appello.example", Some("fns"), "agency_admin", true).await;
    create_user(&db.store, "reviewer.mvd@appello.example", Some("mvd"), "reviewer", false).await;

    let list = run(&db, &["users", "list"]);
    assert_success(&list, "users list");
    let printed = stdout(&list);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines,
        [
            "admin.fns@appello.example\tagency_admin\tfns\tmust-change-password\t-\t-",
            "operator@appello.example\toperator\t-\t-\t-\t-",
            "reviewer.mvd@appello.example\treviewer\tmvd\t-\t-\t-",
        ],
        "one account a line, by e-mail"
    );
}

const NAME: &str = "Соколова Марина Андреевна";
const POSITION: &str = "главный специалист-эксперт отдела по вопросам миграции";

/// Runs `appello ARGS...`, expects exit code 1 and nothing on stdout, and returns stderr.
fn run_failing(db: &TestDatabase, args: &[&str]) -> String {
    let output = run(db, args);
    assert_eq!(output.status.code(), Some(1), "the exit code of {args:?}: {}", stderr(&output));
    assert_eq!(stdout(&output), "", "{args:?} prints nothing on stdout");
    stderr(&output)
}

async fn users_create_records_name_and_position(backend: Backend) {
    let db = with_demo_directory(backend).await;
    let reviewer = ["users", "create", "--role", "reviewer", "--org", "mvd", "--email", "reviewer.mvd@appello.example"];

    let create = run(&db, &[&reviewer[..], &["--name", &format!(" {NAME} "), "--position", POSITION]].concat());
    assert_success(&create, "users create with a name and position");
    let list = run(&db, &["users", "list"]);
    assert_eq!(
        stdout(&list),
        format!("reviewer.mvd@appello.example\treviewer\tmvd\tmust-change-password\t{NAME}\t{POSITION}\n"),
        "the name, trimmed, and the position come last"
    );

    let operator = run(&db, &["users", "create", "--role", "operator", "--email", "operator@appello.example"]);
    assert_success(&operator, "users create for an operator without a name");
    let user = db.store.user_by_email("operator@appello.example").await.expect("the operator");
    assert_eq!((user.full_name, user.position), (None, None), "an operator may have neither");
}

async fn users_create_rejects_bad_name(backend: Backend) {
    let db = with_demo_directory(backend).await;
    let email = "admin.mvd@appello.example";
    let admin = ["users", "create", "--role", "agency_admin", "--org", "mvd", "--email", email];
    let too_long_name = "Я".repeat(201);
    let too_long_position = "д".repeat(301);

    let cases: [(&str, Vec<&str>, &str); 6] = [
        ("no name", vec!["--position", POSITION], "--name is required for the role agency_admin"),
        ("no position", vec!["--name", NAME], "--position is required for the role agency_admin"),
        ("blank name", vec!["--name", "  ", "--position", POSITION], "--name is empty"),
        ("blank position", vec!["--name", NAME, "--position", ""], "--position is empty"),
        (
            "long name",
            vec!["--name", &too_long_name, "--position", POSITION],
            "--name is too long: 201 characters, at most 200 are allowed",
        ),
        (
            "long position",
            vec!["--name", NAME, "--position", &too_long_position],
            "--position is too long: 301 characters, at most 300 are allowed",
        ),
    ];
    for (case, options, expected) in cases {
        let message = run_failing(&db, &[&admin[..], &options[..]].concat());
        assert!(message.contains(expected), "{case}: {expected:?} in the message: {message}");
    }
    let line_break = run_failing(&db, &[&admin[..], &["--name", "Соколова\nМарина", "--position", POSITION]].concat());
    assert!(line_break.contains("--name must be one line"), "a line break is rejected: {line_break}");
    assert_eq!(db.raw.count("staff_users").await, 0, "no account is created");
}

async fn users_update_sets_name_and_position(backend: Backend) {
    let db = with_demo_directory(backend).await;
    let email = "reviewer.mvd@appello.example";
    let user_id = create_user(&db.store, email, Some("mvd"), "reviewer", false).await;

    let update = run(&db, &["users", "update", "--email", " Reviewer.MVD@appello.example ", "--name", NAME]);
    assert_success(&update, "users update --name");
    assert_eq!(
        stdout(&update),
        format!("updated reviewer {email}\nname: {NAME}\nposition: -\n"),
        "the account as it is now"
    );

    let update = run(&db, &["users", "update", "--email", email, "--position", POSITION]);
    assert_success(&update, "users update --position");
    let user = db.store.user_by_email(email).await.expect("the user");
    assert_eq!(user.full_name.as_deref(), Some(NAME), "the name set first stays");
    assert_eq!(user.position.as_deref(), Some(POSITION), "the position");
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'user.update' AND actor = 'cli' AND target = $1";
    assert_eq!(db.raw.count_with(audit, &user_id.to_string()).await, 2, "each update is audited");

    let message = run_failing(&db, &["users", "update", "--email", email, "--name", " "]);
    assert!(message.contains("--name is empty"), "a blank name is rejected: {message}");
    let message = run_failing(&db, &["users", "update", "--email", "nobody@appello.example", "--name", NAME]);
    assert!(message.contains("no user with e-mail nobody@appello.example"), "the e-mail is named: {message}");

    let nothing = run(&db, &["users", "update", "--email", email]);
    assert_eq!(nothing.status.code(), Some(2), "clap rejects an update without --name or --position");
    assert!(stderr(&nothing).contains("--name"), "the usage names the options: {}", stderr(&nothing));
    assert_eq!(db.raw.count_with(audit, &user_id.to_string()).await, 2, "failed updates are not audited");
}

async fn users_reset_password_ends_sessions(backend: Backend) {
    let db = with_demo_directory(backend).await;
    let store = &db.store;
    let user_id = create_user(store, "reviewer.mvd@appello.example", Some("mvd"), "reviewer", false).await;
    let other_id = create_user(store, "reviewer.fns@appello.example", Some("fns"), "reviewer", false).await;
    let expires = now() + Duration::hours(8);
    store.create_session("hash-of-the-user", user_id, "csrf-1", now(), expires).await.expect("the user's session");
    store.create_session("hash-of-another", other_id, "csrf-2", now(), expires).await.expect("another session");

    let reset = run(&db, &["users", "reset-password", "--email", " Reviewer.MVD@appello.example "]);
    assert_success(&reset, "users reset-password");
    let printed = stdout(&reset);
    let password = printed
        .lines()
        .find_map(|line| line.strip_prefix("one-time password: "))
        .unwrap_or_else(|| panic!("no one-time password printed: {printed}"))
        .to_string();

    let user = store.user_by_email("reviewer.mvd@appello.example").await.expect("the user");
    assert!(verify_password(password.clone(), user.password_hash.clone()).await, "the printed password signs in");
    assert!(
        !verify_password("Старый пароль 2026".to_string(), user.password_hash).await,
        "the old password no longer signs in"
    );
    assert!(user.must_change_password, "the new password must be changed");
    assert!(
        matches!(store.live_session("hash-of-the-user", now()).await, Err(StoreError::NotFound)),
        "the user's session has ended"
    );
    assert!(store.live_session("hash-of-another", now()).await.is_ok(), "another user's session goes on");
    let audit = "SELECT COUNT(*) FROM audit_log WHERE action = 'user.reset_password' AND actor = 'cli' AND target = $1";
    assert_eq!(db.raw.count_with(audit, &user_id.to_string()).await, 1, "the reset is audited");
}

async fn users_reset_password_unknown_email(backend: Backend) {
    let db = with_demo_directory(backend).await;

    let reset = run(&db, &["users", "reset-password", "--email", "nobody@appello.example"]);
    assert_eq!(reset.status.code(), Some(1), "the exit code for an unknown e-mail");
    assert_eq!(stdout(&reset), "", "nothing on stdout");
    assert!(
        stderr(&reset).contains("no user with e-mail nobody@appello.example"),
        "the e-mail is named: {}",
        stderr(&reset)
    );
    assert_eq!(
        db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1", "user.reset_password").await,
        0,
        "nothing is audited"
    );
}

async fn demo_names_existing_reviewer(backend: Backend) {
    let db = with_demo_directory(backend).await;
    // A demo database from before names were recorded.
    create_user(&db.store, DEMO_REVIEWER, Some("mvd"), "reviewer", false).await;

    demo::load(&db.store, &["http://127.0.0.1:3001".to_string()]).await.expect("the demo data loads");
    let user = db.store.user_by_email(DEMO_REVIEWER).await.expect("the demo reviewer");
    assert_eq!(user.full_name.as_deref(), Some(DEMO_REVIEWER_NAME), "the demo name is filled in");
    assert_eq!(user.position.as_deref(), Some(DEMO_REVIEWER_POSITION), "the demo position is filled in");

    let update = run(&db, &["users", "update", "--email", DEMO_REVIEWER, "--name", NAME]);
    assert_success(&update, "users update of the demo reviewer");
    demo::load(&db.store, &["http://127.0.0.1:3001".to_string()]).await.expect("the demo data loads again");
    let user = db.store.user_by_email(DEMO_REVIEWER).await.expect("the demo reviewer");
    assert_eq!(user.full_name.as_deref(), Some(NAME), "a name set by hand is kept");
}

async fn demo_replaces_revoked_key(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let store = &db.store;
    let origins = ["http://127.0.0.1:3001".to_string(), "http://localhost:3001".to_string()];

    let first = demo::load(store, &origins).await.expect("the first demo load").widget_key;
    let again = demo::load(store, &origins).await.expect("the second demo load").widget_key;
    assert_eq!(again, first, "a live key with the same origins is kept");

    store.revoke_widget_key(&first, "operator", now()).await.expect("revoke the demo key");
    let replaced = demo::load(store, &origins).await.expect("the demo load after revoking").widget_key;
    assert_ne!(replaced, first, "a revoked key is replaced");
    let row = store.widget_key(&replaced).await.expect("the new key is stored");
    assert_eq!(row.revoked_at, None, "the new key is active");
    assert_eq!(row.org_code, "mvd", "the new key's body");
    assert_eq!(row.origins, origins, "the new key's origins");
    assert_eq!(demo::demo_key(store).await.expect("demo_key"), Some(replaced.clone()), "the new key is remembered");

    store.replace_setting("demo_widget_key", "pk_000000000000000000000000").await.expect("forget the key");
    let missing = demo::load(store, &origins).await.expect("the demo load with a missing key").widget_key;
    assert_ne!(missing, "pk_000000000000000000000000", "a missing key is not reused");
    assert_eq!(store.widget_key(&missing).await.expect("the new key is stored").revoked_at, None, "and is active");
    assert_eq!(demo::demo_key(store).await.expect("demo_key"), Some(missing), "and remembered");
}

on_both_backends!(
    keys_rotate_keeps_old_key_for_overlap,
    orgs_list_sorted_by_code,
    orgs_list_empty_hints_database,
    closed_stdout_ends_quietly,
    orgs_import_reports_counts_and_rejections,
    keys_create_drops_duplicate_origins,
    keys_list_prints_each_key,
    users_list_prints_accounts,
    users_create_records_name_and_position,
    users_create_rejects_bad_name,
    users_update_sets_name_and_position,
    users_reset_password_ends_sessions,
    users_reset_password_unknown_email,
    demo_names_existing_reviewer,
    demo_replaces_revoked_key,
);
