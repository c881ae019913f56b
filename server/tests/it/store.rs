//! The store on both databases: directory import, widget keys, status transitions and the
//! append-only timeline.

use app::server::directory::{import_directory, DirectoryError};
use app::server::keys::new_public_key;
use app::server::store::{now, NewEvent, OrgRow, ServiceRow, Store, StoreError, TransitionUpdate};
use server::demo::DEMO_DIRECTORY;

use crate::helpers::{form_token, spawn_app, Backend, Form, TestDatabase};

/// The same edit of the body `mvd` in every file below: a changed Russian name.
const RENAMED_MVD: &str = r#"
[[body]]
code = "mvd"
level = "federal"
name_ru = "Министерство внутренних дел Российской Федерации (переименовано)"
name_en = "Ministry of Internal Affairs of the Russian Federation"
short_ru = "МВД России"
short_en = "Russian Interior Ministry"
"#;

/// Reads every body and every service, for comparing the directory before and after.
async fn directory_snapshot(store: &Store) -> (Vec<OrgRow>, Vec<ServiceRow>) {
    let orgs = store.list_orgs().await.expect("list_orgs");
    let mut services = Vec::new();
    for org in &orgs {
        services.extend(store.services_of(org.id).await.expect("services_of"));
    }
    (orgs, services)
}

async fn directory_import_updates(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let store = &db.store;

    let counts = import_directory(store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    assert_eq!(counts.orgs, DEMO_DIRECTORY.matches("[[body]]").count(), "bodies counted");
    assert_eq!(counts.services, DEMO_DIRECTORY.matches("[[body.service]]").count(), "services counted");
    assert_eq!(db.raw.count("orgs").await, counts.orgs as i64, "bodies stored");
    assert_eq!(db.raw.count("services").await, counts.services as i64, "services stored");
    let mvd = store.org_by_code("mvd").await.expect("mvd");
    let moscow = store.org_by_code("mvd-moscow").await.expect("mvd-moscow");
    assert_eq!(moscow.parent_id, Some(mvd.id), "a territorial body points at its parent");
    let passport = service(store, &mvd, "mvd-passport").await;

    let update = format!(
        "{RENAMED_MVD}\n\
         [[body.service]]\ncode = \"mvd-passport\"\nname_ru = \"Выдача паспорта гражданина РФ\"\nname_en = \"Internal passport\"\n\n\
         [[body.service]]\ncode = \"mvd-weapons-licence\"\nname_ru = \"Выдача лицензии на приобретение оружия\"\nname_en = \"Firearms licence\"\n"
    );
    let counts = import_directory(store, &update, now()).await.expect("the update imports");
    assert_eq!((counts.orgs, counts.services), (1, 2), "rows written by the update");

    let renamed = store.org_by_code("mvd").await.expect("mvd");
    assert_eq!(renamed.id, mvd.id, "a re-imported body keeps its id");
    assert_eq!(
        renamed.name_ru, "Министерство внутренних дел Российской Федерации (переименовано)",
        "the name is updated"
    );
    assert_eq!(db.raw.count("orgs").await, DEMO_DIRECTORY.matches("[[body]]").count() as i64, "no body is added");
    let updated = service(store, &mvd, "mvd-passport").await;
    assert_eq!(updated.id, passport.id, "a re-imported service keeps its id");
    assert_eq!(updated.name_ru, "Выдача паспорта гражданина РФ", "the service name is updated");
    service(store, &mvd, "mvd-weapons-licence").await;
    let moscow = store.org_by_code("mvd-moscow").await.expect("mvd-moscow");
    assert_eq!(moscow.parent_id, Some(mvd.id), "a body missing from the update is left as it was");
}

async fn service(store: &Store, org: &OrgRow, code: &str) -> ServiceRow {
    let services = store.services_of(org.id).await.expect("services_of");
    services.into_iter().find(|s| s.code == code).unwrap_or_else(|| panic!("service {code} of {}", org.code))
}

async fn bad_directory_changes_nothing(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import_directory(&db.store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    let before = directory_snapshot(&db.store).await;

    // Each file starts with a valid change to mvd, which must not be applied either.
    let second_body = |fields: &str| format!("{RENAMED_MVD}\n[[body]]\n{fields}\n");
    let cases = [
        ("broken TOML", format!("{RENAMED_MVD}\n[[body]\ncode = ")),
        (
            "unknown level",
            second_body("code = \"gibdd\"\nlevel = \"galactic\"\nname_ru = \"ГИБДД\"\nname_en = \"Traffic police\"\nshort_ru = \"ГИБДД\"\nshort_en = \"Traffic police\""),
        ),
        (
            "code used twice",
            second_body("code = \"mvd\"\nlevel = \"federal\"\nname_ru = \"МВД\"\nname_en = \"MVD\"\nshort_ru = \"МВД\"\nshort_en = \"MVD\""),
        ),
        (
            "unknown parent",
            second_body("code = \"gibdd\"\nlevel = \"federal\"\nparent = \"no-such-body\"\nname_ru = \"ГИБДД\"\nname_en = \"Traffic police\"\nshort_ru = \"ГИБДД\"\nshort_en = \"Traffic police\""),
        ),
        (
            "empty name",
            second_body("code = \"gibdd\"\nlevel = \"federal\"\nname_ru = \" \"\nname_en = \"Traffic police\"\nshort_ru = \"ГИБДД\"\nshort_en = \"Traffic police\""),
        ),
    ];
    for (case, text) in cases {
        let result = import_directory(&db.store, &text, now()).await;
        assert!(result.is_err(), "{case}: the import should fail, got {result:?}");
        assert!(directory_snapshot(&db.store).await == before, "{case}: the directory must be unchanged");
    }
}

/// Builds a federal body without services for a directory file.
fn body(code: &str, parent: Option<&str>) -> String {
    let parent = parent.map(|p| format!("parent = \"{p}\"\n")).unwrap_or_default();
    format!(
        "[[body]]\ncode = \"{code}\"\nlevel = \"federal\"\n{parent}name_ru = \"Орган {code}\"\n\
         name_en = \"Body {code}\"\nshort_ru = \"{code}\"\nshort_en = \"{code}\"\n"
    )
}

async fn import_rejects_moved_service(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import_directory(&db.store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    let before = directory_snapshot(&db.store).await;

    let moved = format!(
        "{RENAMED_MVD}\n{}\n[[body.service]]\ncode = \"mvd-passport\"\nname_ru = \"Паспорт\"\nname_en = \"Passport\"\n",
        body("dup-svc", None)
    );
    let error = import_directory(&db.store, &moved, now()).await.expect_err("a file that moves a service");
    match &error {
        DirectoryError::ServiceOfOtherBody { service, owner, body } => {
            assert_eq!(service, "mvd-passport", "the service");
            assert_eq!(owner, "mvd", "the body that owns it");
            assert_eq!(body, "dup-svc", "the body in the file");
        }
        other => panic!("expected ServiceOfOtherBody, got {other:?}"),
    }
    let message = error.to_string();
    for part in ["\"mvd-passport\"", "\"mvd\"", "\"dup-svc\""] {
        assert!(message.contains(part), "{part} in the message: {message}");
    }
    assert!(directory_snapshot(&db.store).await == before, "the directory must be unchanged");
}

async fn import_rejects_parent_cycles(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import_directory(&db.store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    let before = directory_snapshot(&db.store).await;

    // Each file also renames mvd, which must not be applied either.
    let cases = [
        (
            "two new bodies",
            format!("{RENAMED_MVD}\n{}\n{}", body("a-body", Some("b-body")), body("b-body", Some("a-body"))),
            "a-body → b-body → a-body",
        ),
        (
            "three new bodies",
            format!(
                "{RENAMED_MVD}\n{}\n{}\n{}",
                body("c-body", Some("a-body")),
                body("a-body", Some("b-body")),
                body("b-body", Some("c-body"))
            ),
            "a-body → b-body → c-body → a-body",
        ),
        (
            "a stored child as parent",
            RENAMED_MVD.replace("level = \"federal\"", "level = \"federal\"\nparent = \"mvd-moscow\""),
            "mvd → mvd-moscow → mvd",
        ),
        (
            "through a stored body",
            format!(
                "{}\n{}",
                body("mvd-moscow-north", Some("mvd-moscow")),
                RENAMED_MVD.replace("level = \"federal\"", "level = \"federal\"\nparent = \"mvd-moscow-north\"")
            ),
            "mvd → mvd-moscow-north → mvd-moscow → mvd",
        ),
    ];
    for (case, text, cycle) in cases {
        let error = import_directory(&db.store, &text, now()).await.expect_err(case);
        assert!(matches!(error, DirectoryError::ParentCycle { .. }), "{case}: expected ParentCycle, got {error:?}");
        assert!(error.to_string().contains(cycle), "{case}: {cycle} in the message: {error}");
        assert!(directory_snapshot(&db.store).await == before, "{case}: the directory must be unchanged");
    }

    let moved = format!("{}\n{}", body("mvd-moscow", Some("fns")), body("fns", None));
    import_directory(&db.store, &moved, now()).await.expect("a new parent without a cycle");
    let fns = db.store.org_by_code("fns").await.expect("fns");
    let moscow = db.store.org_by_code("mvd-moscow").await.expect("mvd-moscow");
    assert_eq!(moscow.parent_id, Some(fns.id), "the new parent is stored");
}

async fn widget_key_origins_stored_once(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    import_directory(&db.store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    let mvd = db.store.org_by_code("mvd").await.expect("mvd");
    let key = new_public_key();
    let origins = ["https://b.example.ru", "https://a.example.ru", "https://b.example.ru"].map(String::from);

    db.store.create_widget_key(mvd.id, &key, &origins, "test", now()).await.expect("a key with a repeated origin");
    let row = db.store.widget_key(&key).await.expect("lookup");
    assert_eq!(row.origins, ["https://a.example.ru", "https://b.example.ru"], "each origin once");
    let listed = db.store.list_widget_keys().await.expect("list_widget_keys");
    assert_eq!(listed, vec![row], "the listed key equals the key found");
}

async fn widget_key_lifecycle(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let store = &db.store;
    import_directory(store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    let fns = store.org_by_code("fns").await.expect("fns");
    let key = new_public_key();
    let origins = ["https://www.nalog.example.ru".to_string(), "https://lkfl.nalog.example.ru".to_string()];
    let audit = "SELECT COUNT(*) FROM audit_log WHERE target = $1";

    let id = store.create_widget_key(fns.id, &key, &origins, "operator@appello.example", now()).await.expect("create");
    let row = store.widget_key(&key).await.expect("lookup");
    assert_eq!(row.id, id, "the key found is the key created");
    assert_eq!(row.org_code, "fns", "the key's body");
    assert_eq!(row.origins, ["https://lkfl.nalog.example.ru", "https://www.nalog.example.ru"], "origins, sorted");
    assert_eq!(row.revoked_at, None, "a new key is live");
    assert_eq!(
        db.raw.count_with(&format!("{audit} AND action = 'widget_key.create'"), &key).await,
        1,
        "creation audited"
    );

    let again = store.create_widget_key(fns.id, &key, &origins, "test", now()).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "the same key twice: {again:?}");

    store.revoke_widget_key(&key, "operator@appello.example", now()).await.expect("revoke");
    let revoked = store.widget_key(&key).await.expect("a revoked key is still found");
    assert!(revoked.revoked_at.is_some(), "revocation time stored");
    assert_eq!(
        db.raw.count_with(&format!("{audit} AND action = 'widget_key.revoke'"), &key).await,
        1,
        "revocation audited"
    );

    let twice = store.revoke_widget_key(&key, "test", now()).await;
    assert!(matches!(twice, Err(StoreError::Conflict(_))), "a second revocation: {twice:?}");
    assert_eq!(
        store.widget_key(&key).await.expect("lookup").revoked_at,
        revoked.revoked_at,
        "the first revocation time stays"
    );
    assert_eq!(
        db.raw.count_with(&format!("{audit} AND action = 'widget_key.revoke'"), &key).await,
        1,
        "one revocation audited"
    );

    let unknown = new_public_key();
    assert!(matches!(store.widget_key(&unknown).await, Err(StoreError::NotFound)), "lookup of an unknown key");
    assert!(
        matches!(store.revoke_widget_key(&unknown, "test", now()).await, Err(StoreError::NotFound)),
        "revocation of an unknown key"
    );
}

fn staff_event(action: &'static str) -> NewEvent {
    NewEvent {
        action,
        actor_kind: "staff",
        actor_user_id: None,
        actor_api_key_id: None,
        note: None,
        message: None,
        at: now(),
        internal: false,
    }
}

async fn stale_transition_rejected(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let store = app.store();
    let before = store.complaint_by_number(&receipt.number).await.expect("complaint");

    // As if another reviewer had registered the complaint first: `from` no longer matches.
    let update = TransitionUpdate { decided_at: Some(now()), outcome: Some("refused"), ..Default::default() };
    let stale = store.apply_transition(before.id, "registered", "refused", &update, &staff_event("refuse")).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "a stale status: {stale:?}");
    assert_eq!(
        store.complaint_by_number(&receipt.number).await.expect("complaint"),
        before,
        "the complaint is unchanged"
    );
    assert_eq!(app.event_count(&receipt.number).await, 1, "no event written");

    let update = TransitionUpdate { registered_at: Some(now()), ..Default::default() };
    store
        .apply_transition(before.id, "submitted", "registered", &update, &staff_event("register"))
        .await
        .expect("a current status");
    let events = store.complaint_events(before.id).await.expect("events");
    let last = events.last().expect("events");
    assert_eq!((last.seq, last.action.as_str()), (2, "register"), "the new event follows the submission");
    assert_eq!(
        (last.from_status.as_deref(), last.to_status.as_str()),
        (Some("submitted"), "registered"),
        "the event records the move"
    );

    let repeated =
        store.apply_transition(before.id, "submitted", "registered", &update, &staff_event("register")).await;
    assert!(matches!(repeated, Err(StoreError::Conflict(_))), "the same move again: {repeated:?}");
    assert_eq!(app.event_count(&receipt.number).await, 2, "no event written by the repeated move");
}

async fn events_append_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let receipt = app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let row = app.store().complaint_by_number(&receipt.number).await.expect("complaint");
    let before = app.store().complaint_events(row.id).await.expect("events");

    for statement in ["UPDATE complaint_events SET note = 'edited'", "DELETE FROM complaint_events"] {
        let result = app.db.raw.execute(statement).await;
        match result {
            Err(error) => assert!(error.to_string().contains("append-only"), "{statement}: unexpected error {error}"),
            Ok(rows) => panic!("{statement} should be rejected, changed {rows} rows"),
        }
        assert_eq!(
            app.store().complaint_events(row.id).await.expect("events"),
            before,
            "{statement}: events unchanged"
        );
    }
}

on_both_backends!(
    directory_import_updates,
    bad_directory_changes_nothing,
    import_rejects_moved_service,
    import_rejects_parent_cycles,
    widget_key_origins_stored_once,
    widget_key_lifecycle,
    stale_transition_rejected,
    events_append_only,
);
