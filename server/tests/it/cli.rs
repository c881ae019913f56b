//! The `appello` binary on both databases: the demo widget key.

use app::server::store::now;

use crate::helpers::{Backend, TestDatabase};
use server::demo;

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

on_both_backends!(demo_replaces_revoked_key);
