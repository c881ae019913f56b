//! The REST API under `/api/v1`: keys and scopes, each endpoint's contract against the served
//! OpenAPI document, pagination, idempotent creation, bad input, and one body's key against
//! another body's complaints.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use app::domain::{Field, Problem, Status};
use app::i18n::Lang;
use app::server::api_keys::{create_key, KeyRequest};
use app::server::store::{now, AuditActor};

use crate::helpers::{form_token, spawn_app, Backend, Form, TestApp};
use crate::steps::{file, file_in, snapshot, Staff, INFO_ANSWER};

const READ: &str = "complaints:read";
const WRITE: &str = "complaints:write";

/// Issues a key of body `org` with `scopes` directly through the service, as the desk does.
async fn issue_key(app: &TestApp, org: &str, scopes: &[&str]) -> String {
    let org = app.store().org_by_code(org).await.unwrap_or_else(|e| panic!("body {org}: {e}"));
    let request = KeyRequest::parse("Тестовая система", scopes).expect("a valid key request");
    let by = AuditActor { actor: "test".to_string(), ip: None };
    create_key(&app.state, org.id, &request, &by, now()).await.expect("the key is created").secret
}

/// A response with its body read as JSON where it is JSON.
struct Reply {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    json: Value,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// Returns the `field` names of a 422's `errors`.
    fn error_fields(&self) -> Vec<String> {
        let errors = self.json["errors"].as_array().cloned().unwrap_or_default();
        errors.iter().map(|e| e["field"].as_str().unwrap_or_default().to_string()).collect()
    }

    fn error_detail(&self, field: &str) -> String {
        let errors = self.json["errors"].as_array().cloned().unwrap_or_default();
        let found = errors.iter().find(|e| e["field"] == field);
        found.and_then(|e| e["detail"].as_str()).unwrap_or_default().to_string()
    }
}

/// A request to the API, built step by step.
struct Call {
    request: reqwest::RequestBuilder,
}

fn call(app: &TestApp, method: Method, path: &str) -> Call {
    Call { request: app.new_client().request(method, app.url(path)) }
}

impl Call {
    fn key(mut self, key: &str) -> Self {
        self.request = self.request.bearer_auth(key);
        self
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.request = self.request.header(name, value);
        self
    }

    fn json(mut self, body: &Value) -> Self {
        self.request = self.request.json(body);
        self
    }

    fn raw(mut self, content_type: &str, body: &str) -> Self {
        self.request = self.request.header("content-type", content_type).body(body.to_string());
        self
    }

    async fn send(self) -> Reply {
        let response = self.request.send().await.expect("the API request is sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("the response body is read");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, json }
    }
}

/// Builds a valid complaint as an agency's system sends it.
fn complaint_body() -> Value {
    json!({
        "grounds": ["service_deadline"],
        "subject": "Паспорт не выдан в срок: заявление подано 2 октября в отделение по вопросам миграции.",
        "arguments": "Паспорт выдаётся в течение 10 рабочих дней. Срок истёк, паспорт не выдан.",
        "applicant_kind": "person",
        "surname": "Иванов",
        "first_name": "Пётр",
        "address": "119021, г. Москва, ул. Льва Толстого, д. 7",
        "email": "petr.ivanov@example.ru",
        "reply_by": "email"
    })
}

/// Creates a complaint through the API and returns its number, failing unless it is created.
async fn create(app: &TestApp, key: &str, idempotency_key: &str) -> String {
    let reply = call(app, Method::POST, "/api/v1/complaints")
        .key(key)
        .header("idempotency-key", idempotency_key)
        .json(&complaint_body())
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "creation through the API: {}", reply.json);
    reply.json["complaint"]["number"].as_str().expect("the number").to_string()
}

/// Fetches the served OpenAPI document.
async fn openapi(app: &TestApp) -> Value {
    let reply = call(app, Method::GET, "/api/v1/openapi.json").send().await;
    assert_eq!(reply.status, StatusCode::OK, "the OpenAPI document is served");
    reply.json
}

/// Checks `body` against the schema that the document gives for `method path` and `status`.
fn assert_matches_schema(document: &Value, path: &str, method: &str, status: u16, body: &Value) {
    let problems = schema_problems(document, path, method, status, body);
    assert!(problems.is_empty(), "{method} {path} {status} does not match its schema: {problems:#?}\nbody: {body}");
}

/// Lists where `body` breaks the schema that the document gives for `method path` and `status`.
fn schema_problems(document: &Value, path: &str, method: &str, status: u16, body: &Value) -> Vec<String> {
    let content = &document["paths"][path][method]["responses"][status.to_string()]["content"];
    let schema = content["application/json"]["schema"]
        .as_object()
        .or_else(|| content["application/problem+json"]["schema"].as_object())
        .unwrap_or_else(|| panic!("{method} {path} documents no JSON schema for {status}"));
    // The document is the root resource, so that `#/components/schemas/...` resolves.
    let mut root = document.clone();
    for (name, value) in schema {
        root[name] = value.clone();
    }
    let validator = jsonschema::draft202012::new(&root).unwrap_or_else(|e| panic!("the schema compiles: {e}"));
    validator.iter_errors(body).map(|e| format!("{} at {}", e, e.instance_path)).collect()
}

async fn openapi_lists_every_route(backend: Backend) {
    let app = spawn_app(backend).await;
    let document = openapi(&app).await;
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "OpenAPI 3.1: {}", document["openapi"]);
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer", "the bearer scheme");
    assert!(document["components"]["schemas"]["Problem"].is_object(), "the problem details schema");
    let broken = json!({ "items": [{ "number": 5 }] });
    let problems = schema_problems(&document, "/api/v1/complaints", "get", 200, &broken);
    assert!(!problems.is_empty(), "the schema check rejects a list that breaks the schema");

    let expected = [
        ("get", "/api/v1/complaints"),
        ("post", "/api/v1/complaints"),
        ("get", "/api/v1/complaints/{number}"),
        ("get", "/api/v1/complaints/{number}/attachments/{id}"),
        ("post", "/api/v1/complaints/{number}/transitions"),
    ];
    let mut documented = Vec::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            documented.push((method.clone(), path.clone()));
        }
    }
    documented.sort();
    let mut routed: Vec<(String, String)> = expected.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    routed.sort();
    assert_eq!(documented, routed, "the documented operations are exactly the API's routes");

    // Every documented operation is routed: without a key it returns 401, not 404 or 405.
    for (method, path) in &documented {
        let concrete =
            path.replace("{number}", "2026-00001-00001").replace("{id}", "0190a5d4-0000-7000-8000-000000000000");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("an HTTP method");
        let reply = call(&app, method.clone(), &concrete).send().await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {concrete} without a key");
        assert_eq!(reply.content_type(), "application/problem+json", "{method} {concrete}: problem JSON");
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Bearer realm=\"appello\""),
            "{method} {concrete}: challenge"
        );
        assert_matches_schema(&document, path, &method.as_str().to_lowercase(), 401, &reply.json);
    }

    // An address the document does not list is a problem-details 404, not the HTML page.
    let reply = call(&app, Method::GET, "/api/v1/complaint-list").send().await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "an undocumented address");
    assert_eq!(reply.content_type(), "application/problem+json", "an undocumented address: problem JSON");
}

async fn keys_authenticate_and_revoke(backend: Backend) {
    let app = spawn_app(backend).await;
    let key = issue_key(&app, "mvd", &[READ]).await;

    let reply = call(&app, Method::GET, "/api/v1/complaints").key(&key).send().await;
    assert_eq!(reply.status, StatusCode::OK, "a valid key: {}", reply.json);

    let wrong = format!("sk_{}", "0".repeat(40));
    for (case, value) in [("unknown key", wrong.as_str()), ("not a key", "pk_123"), ("empty", "")] {
        let reply = call(&app, Method::GET, "/api/v1/complaints")
            .header("authorization", &format!("Bearer {value}"))
            .send()
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{case}: status");
        assert_eq!(reply.content_type(), "application/problem+json", "{case}: media type");
        assert!(reply.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")), "{case}: challenge");
        assert_eq!(reply.json["status"], 401, "{case}: status member");
        assert_eq!(reply.json["title"], "Нужен ключ API", "{case}: Russian by default");
    }

    let english =
        call(&app, Method::GET, "/api/v1/complaints").header("accept-language", "en-GB,en;q=0.9").send().await;
    assert_eq!(english.json["title"], "API key required", "English by Accept-Language");

    let row = app.store().list_api_keys(None).await.expect("keys").into_iter().next().expect("one key");
    assert!(row.last_used_at.is_some(), "the use is recorded");
    assert!(key.starts_with(&row.prefix), "the stored prefix starts the key");
    let stored_plain = app.db.raw.count_with("SELECT COUNT(*) FROM api_keys WHERE secret_hash = $1", &key).await;
    assert_eq!(stored_plain, 0, "the key itself is not stored");

    let by = AuditActor { actor: "test".to_string(), ip: None };
    app.store().revoke_api_key(row.id, None, &by, now()).await.expect("the key is revoked");
    let reply = call(&app, Method::GET, "/api/v1/complaints").key(&key).send().await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "a revoked key on the next request");
    assert!(
        reply.json["detail"].as_str().is_some_and(|d| d.contains("отозван")),
        "the detail says why: {}",
        reply.json
    );
    assert_eq!(app.db.raw.count_with("SELECT COUNT(*) FROM audit_log WHERE action = $1", "api_key.revoke").await, 1);
}

async fn list_contract_and_filters(backend: Backend) {
    let app = spawn_app(backend).await;
    let document = openapi(&app).await;
    let key = issue_key(&app, "mvd", &[READ, WRITE]).await;
    let portal = file(&app).await;
    let through_api = create(&app, &key, "list-contract-0001").await;
    let other_body = app.file_complaint(&Form::complaint("fns", &form_token())).await;

    let reply = call(&app, Method::GET, "/api/v1/complaints").key(&key).send().await;
    assert_eq!(reply.status, StatusCode::OK, "the list: {}", reply.json);
    assert_matches_schema(&document, "/api/v1/complaints", "get", 200, &reply.json);
    let numbers: Vec<&str> =
        reply.json["items"].as_array().expect("items").iter().filter_map(|i| i["number"].as_str()).collect();
    assert_eq!(
        numbers,
        vec![portal.number.as_str(), through_api.as_str()],
        "the body's complaints, oldest change first"
    );
    assert!(!numbers.contains(&other_body.number.as_str()), "another body's complaint is not listed");
    assert_eq!(reply.json["next_cursor"], Value::Null, "one page only");

    let by_channel = call(&app, Method::GET, "/api/v1/complaints?channel=api").key(&key).send().await;
    let items = by_channel.json["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "channel=api: {}", by_channel.json);
    assert_eq!(items[0]["channel"], "api");

    let by_status = call(&app, Method::GET, "/api/v1/complaints?status=registered").key(&key).send().await;
    assert_eq!(by_status.json["items"].as_array().map(Vec::len), Some(0), "no registered complaint yet");

    let today = chrono::Utc::now().with_timezone(&app::server::time::moscow()).date_naive();
    let tomorrow = today.succ_opt().expect("a next day");
    let received_today = format!("/api/v1/complaints?received_from={today}&received_to={today}");
    let reply = call(&app, Method::GET, &received_today).key(&key).send().await;
    assert_eq!(reply.json["items"].as_array().map(Vec::len), Some(2), "received today: {}", reply.json);
    let received_tomorrow = format!("/api/v1/complaints?received_from={tomorrow}");
    let reply = call(&app, Method::GET, &received_tomorrow).key(&key).send().await;
    assert_eq!(reply.json["items"].as_array().map(Vec::len), Some(0), "received from tomorrow");

    let bad = [
        ("status=closed", "status"),
        ("channel=fax", "channel"),
        ("received_from=5.03.2026", "received_from"),
        ("updated_since=yesterday", "updated_since"),
        ("limit=500", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("order=desc", "order"),
    ];
    for (query, name) in bad {
        let reply = call(&app, Method::GET, &format!("/api/v1/complaints?{query}")).key(&key).send().await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: status");
        assert_eq!(reply.content_type(), "application/problem+json", "{query}: media type");
        let detail = reply.json["detail"].as_str().unwrap_or_default();
        assert!(detail.contains(name), "{query}: the detail names the parameter: {detail}");
        assert_matches_schema(&document, "/api/v1/complaints", "get", 400, &reply.json);
    }
}

async fn list_pages_with_cursor(backend: Backend) {
    let app = spawn_app(backend).await;
    let key = issue_key(&app, "mvd", &[READ, WRITE]).await;
    let mut created = Vec::new();
    for index in 0..7 {
        created.push(create(&app, &key, &format!("paging-{index:04}")).await);
    }

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/api/v1/complaints?limit=3&cursor={cursor}"),
            None => "/api/v1/complaints?limit=3".to_string(),
        };
        let reply = call(&app, Method::GET, &path).key(&key).send().await;
        assert_eq!(reply.status, StatusCode::OK, "page {pages}: {}", reply.json);
        let items = reply.json["items"].as_array().cloned().unwrap_or_default();
        assert!(items.len() <= 3, "page {pages} holds at most the limit");
        seen.extend(items.iter().filter_map(|i| i["number"].as_str().map(str::to_string)));
        pages += 1;
        if pages == 1 {
            // A complaint created while the client pages comes last, so no page shifts.
            created.push(create(&app, &key, "paging-late").await);
        }
        match reply.json["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
        assert!(pages < 10, "the pages end");
    }
    assert_eq!(pages, 3, "8 complaints in pages of 3");
    assert_eq!(seen, created, "every complaint once, in the order of change");

    // Only the complaints changed since the fifth one's change.
    let fifth = app.store().api_complaint(&created[4]).await.expect("the fifth complaint");
    let since = fifth.updated_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let path = format!("/api/v1/complaints?limit=2&updated_since={}", since.replace('+', "%2B"));
    let first = call(&app, Method::GET, &path).key(&key).send().await;
    let page: Vec<String> = first.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["number"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(page, created[4..6].to_vec(), "updated_since, first page");
    let next = first.json["next_cursor"].as_str().expect("a second page");
    let second = call(&app, Method::GET, &format!("{path}&cursor={next}")).key(&key).send().await;
    let page: Vec<String> = second.json["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["number"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(page, created[6..].to_vec(), "updated_since, second page");
    assert_eq!(second.json["next_cursor"], Value::Null, "updated_since, no third page");
}

async fn create_is_idempotent(backend: Backend) {
    let app = spawn_app(backend).await;
    let document = openapi(&app).await;
    let key = issue_key(&app, "mvd", &[WRITE, READ]).await;
    let before = app.db.raw.count("complaints").await;

    let send = || {
        call(&app, Method::POST, "/api/v1/complaints")
            .key(&key)
            .header("idempotency-key", "ext-2026-000123")
            .json(&complaint_body())
            .send()
    };
    let first = send().await;
    assert_eq!(first.status, StatusCode::CREATED, "the first request: {}", first.json);
    assert_matches_schema(&document, "/api/v1/complaints", "post", 201, &first.json);
    let number = first.json["complaint"]["number"].as_str().expect("a number").to_string();
    assert_eq!(first.header("location"), Some(format!("/api/v1/complaints/{number}").as_str()), "Location");
    assert_eq!(first.json["duplicate"], false);
    let access_code = first.json["access_code"].as_str().expect("the access code on creation").to_string();
    assert_eq!(first.json["complaint"]["channel"], "api");
    assert_eq!(first.json["complaint"]["org"], "mvd");
    assert_eq!(first.json["complaint"]["status"], "submitted");
    assert_eq!(first.json["complaint"]["events"][0]["actor"]["kind"], "applicant");
    assert!(
        first.json["complaint"]["events"][0]["actor"]["api_key_id"].is_string(),
        "the key is recorded on the event"
    );

    let again = send().await;
    assert_eq!(again.status, StatusCode::OK, "the repeated request: {}", again.json);
    assert_matches_schema(&document, "/api/v1/complaints", "post", 200, &again.json);
    assert_eq!(again.json["complaint"]["number"], number.as_str(), "the same complaint");
    assert_eq!(again.json["duplicate"], true);
    assert_eq!(again.json["access_code"], access_code.as_str(), "the same access code within a day");
    assert_eq!(app.db.raw.count("complaints").await, before + 1, "one complaint for two requests");

    let mut changed = complaint_body();
    changed["subject"] = Value::String("Другой предмет жалобы с тем же ключом".to_string());
    let reused = call(&app, Method::POST, "/api/v1/complaints")
        .key(&key)
        .header("idempotency-key", "ext-2026-000123")
        .json(&changed)
        .send()
        .await;
    assert_eq!(reused.status, StatusCode::CONFLICT, "another complaint with a used key: {}", reused.json);
    assert!(reused.json["detail"].as_str().is_some_and(|d| d.contains("Idempotency-Key")), "{}", reused.json);
    assert_eq!(app.db.raw.count("complaints").await, before + 1, "the reused key stores nothing");

    let row = app.store().complaint_by_number(&number).await.expect("stored");
    let notices =
        app.db.raw.count_with("SELECT COUNT(*) FROM jobs WHERE payload LIKE $1", &format!("%{}%", row.id)).await;
    assert_eq!(notices, 1, "one notice queued, as for the portal");
    let cabinet = app.store().complaint_numbers_of_email("petr.ivanov@example.ru", 10).await.expect("cabinet list");
    assert_eq!(cabinet, vec![number.clone()], "the complaint shows in the applicant's cabinet");
    let status_page = app.status_page(&crate::helpers::Receipt { number: number.clone(), access_code }).await;
    assert_eq!(status_page.status, StatusCode::OK, "the number and code open the status page");

    let other = call(&app, Method::POST, "/api/v1/complaints")
        .key(&key)
        .header("idempotency-key", "ext-2026-000124")
        .json(&complaint_body())
        .send()
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "another idempotency key creates another complaint");
    assert_ne!(other.json["complaint"]["number"], number.as_str());

    // Another body's key with the same idempotency key gets its own complaint.
    let fns_key = issue_key(&app, "fns", &[WRITE]).await;
    let foreign = call(&app, Method::POST, "/api/v1/complaints")
        .key(&fns_key)
        .header("idempotency-key", "ext-2026-000123")
        .json(&complaint_body())
        .send()
        .await;
    assert_eq!(foreign.status, StatusCode::CREATED, "the same idempotency key at another body");
    assert_eq!(foreign.json["complaint"]["org"], "fns");
}

async fn create_rejects_bad_input(backend: Backend) {
    let app = spawn_app(backend).await;
    let document = openapi(&app).await;
    let key = issue_key(&app, "mvd", &[WRITE]).await;
    let before = app.db.raw.count("complaints").await;
    let jobs_before = app.db.raw.count("jobs").await;
    let post = |body: Value, idempotency: Option<&str>| {
        let mut call = call(&app, Method::POST, "/api/v1/complaints").key(&key).json(&body);
        if let Some(value) = idempotency {
            call = call.header("idempotency-key", value);
        }
        call.send()
    };

    let mut missing = complaint_body();
    missing.as_object_mut().expect("an object").remove("subject");
    let reply = post(missing, Some("bad-input-0001")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "missing subject: {}", reply.json);
    assert_eq!(reply.error_fields(), vec!["subject"], "missing subject: the field");
    let expected = (Lang::Ru.texts().problem)(Field::Subject, Problem::Missing);
    assert_eq!(reply.error_detail("subject"), expected, "missing subject: the portal's message");
    assert_matches_schema(&document, "/api/v1/complaints", "post", 422, &reply.json);

    let mut invalid = complaint_body();
    invalid["email"] = json!("not-an-address");
    invalid["grounds"] = json!(["no_such_ground"]);
    invalid["applicant_kind"] = json!("robot");
    let reply = post(invalid, Some("bad-input-0002")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "invalid values: {}", reply.json);
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["applicant_kind", "email", "grounds"], "invalid values: every field named");
    for field in ["applicant_kind", "email", "grounds"] {
        assert!(!reply.error_detail(field).is_empty(), "{field}: a message");
    }

    let english = call(&app, Method::POST, "/api/v1/complaints")
        .key(&key)
        .header("idempotency-key", "bad-input-0003")
        .header("accept-language", "en")
        .json(&json!({ "grounds": [], "subject": "", "arguments": "x", "applicant_kind": "person", "address": "", "reply_by": "post" }))
        .send()
        .await;
    assert_eq!(english.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(english.json["title"], "Invalid request data", "English title");
    assert!(
        english.error_fields().contains(&"postal_address".to_string()),
        "post needs a postal address: {}",
        english.json
    );

    let mut wrong_type = complaint_body();
    wrong_type["grounds"] = json!("service_deadline");
    let reply = post(wrong_type, Some("bad-input-0004")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "grounds not a list: {}", reply.json);
    assert_eq!(reply.error_fields(), vec!["grounds"], "grounds not a list: the field");

    let mut unknown = complaint_body();
    unknown["surnname"] = json!("Иванов");
    let reply = post(unknown, Some("bad-input-0005")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown field: {}", reply.json);
    assert_eq!(reply.error_fields(), vec!["surnname"], "an unknown field is named");

    let reply = call(&app, Method::POST, "/api/v1/complaints")
        .key(&key)
        .header("idempotency-key", "bad-input-0006")
        .raw("application/json", "{\"subject\": ")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "truncated JSON");
    assert_eq!(reply.json["type"], "/api/v1/problems/invalid-json");
    assert_matches_schema(&document, "/api/v1/complaints", "post", 400, &reply.json);

    let reply = call(&app, Method::POST, "/api/v1/complaints")
        .key(&key)
        .header("idempotency-key", "bad-input-0007")
        .raw("text/plain", "subject=x")
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "not JSON");
    assert_matches_schema(&document, "/api/v1/complaints", "post", 415, &reply.json);

    let reply = post(complaint_body(), None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "no Idempotency-Key");
    assert!(
        reply.json["detail"].as_str().is_some_and(|d| d.contains("Idempotency-Key")),
        "names the header: {}",
        reply.json
    );
    let reply = post(complaint_body(), Some("short")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "a too short Idempotency-Key");

    let mut foreign_org = complaint_body();
    foreign_org["org"] = json!("fns");
    let reply = post(foreign_org, Some("bad-input-0008")).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "another body's code: {}", reply.json);
    assert_eq!(reply.error_fields(), vec!["org"]);

    assert_eq!(app.db.raw.count("complaints").await, before, "nothing stored by any rejected request");
    assert_eq!(app.db.raw.count("jobs").await, jobs_before, "no notice queued by any rejected request");
}

async fn transitions_follow_desk_rules(backend: Backend) {
    let app = spawn_app(backend).await;
    let document = openapi(&app).await;
    let key = issue_key(&app, "mvd", &[READ, WRITE]).await;
    let read_only = issue_key(&app, "mvd", &[READ]).await;
    let receipt = file(&app).await;
    let path = format!("/api/v1/complaints/{}/transitions", receipt.number);
    let transition = |key: &str, body: Value| call(&app, Method::POST, &path).key(key).json(&body).send();

    let before = snapshot(&app, &receipt.number).await;
    let reply = transition(&read_only, json!({ "action": "register" })).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "a read-only key: {}", reply.json);
    assert!(reply.json["detail"].as_str().is_some_and(|d| d.contains("complaints:write")), "names the scope");
    assert_matches_schema(&document, "/api/v1/complaints/{number}/transitions", "post", 403, &reply.json);
    assert_eq!(snapshot(&app, &receipt.number).await, before, "nothing changes for a read-only key");

    let reply = transition(&key, json!({ "action": "register" })).await;
    assert_eq!(reply.status, StatusCode::OK, "register: {}", reply.json);
    assert_matches_schema(&document, "/api/v1/complaints/{number}/transitions", "post", 200, &reply.json);
    assert_eq!(reply.json["status"], "registered");
    let last = reply.json["events"].as_array().and_then(|e| e.last()).cloned().expect("an event");
    assert_eq!(last["action"], "register");
    assert_eq!(last["actor"]["kind"], "staff");
    assert_eq!(last["actor"]["api_key_name"], "Тестовая система", "the key that acted is recorded");
    assert!(last["actor"]["email"].is_null(), "no staff member acted");

    let before = snapshot(&app, &receipt.number).await;
    let reply = transition(&key, json!({ "action": "remedy", "message": "Паспорт выдан." })).await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "remedy before a decision: {}", reply.json);
    assert_eq!(reply.json["type"], "/api/v1/problems/illegal-transition");
    let detail = reply.json["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("remedy"), "the detail names the action: {detail}");
    assert!(detail.contains("Зарегистрирована"), "the detail names the status: {detail}");
    assert_matches_schema(&document, "/api/v1/complaints/{number}/transitions", "post", 409, &reply.json);

    let reply = transition(&key, json!({ "action": "decide", "outcome": "satisfied" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "decide without fields: {}", reply.json);
    let mut fields = reply.error_fields();
    fields.sort();
    assert_eq!(fields, vec!["reason", "remedy_kind"], "decide: the missing fields are named");
    assert_matches_schema(&document, "/api/v1/complaints/{number}/transitions", "post", 422, &reply.json);

    let reply = transition(&key, json!({ "action": "archive" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown action");
    assert_eq!(reply.error_fields(), vec!["action"], "an unknown action is an error of `action`");

    let reply = transition(&key, json!({ "action": "redirect", "target_org": "no-such-body" })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "redirect to an unknown body");
    assert_eq!(reply.error_fields(), vec!["target_org"]);

    let reply = transition(&key, json!({ "action": 5 })).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "action not a string");
    assert_eq!(reply.error_fields(), vec!["action"]);

    let reply = call(&app, Method::POST, &path).key(&key).raw("application/json", "[").send().await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "bad JSON");
    assert_eq!(snapshot(&app, &receipt.number).await, before, "nothing changes after rejected actions");

    for (action, fields) in [
        ("start_review", json!({ "action": "start_review" })),
        ("decide", json!({ "action": "decide", "outcome": "refused", "reason": "Срок выдачи паспорта не нарушен." })),
    ] {
        let reply = transition(&key, fields).await;
        assert_eq!(reply.status, StatusCode::OK, "{action}: {}", reply.json);
    }
    assert_eq!(app.stored_status(&receipt.number).await, "refused", "the decision is stored");
    let notices = app.db.raw.count_with("SELECT COUNT(*) FROM jobs WHERE payload LIKE $1", "%refuse%").await;
    assert_eq!(notices, 1, "the applicant is notified of the decision, as from the desk");
}

async fn attachments_download(backend: Backend) {
    let app = spawn_app(backend).await;
    let document = openapi(&app).await;
    let staff = Staff::reviewer(&app, "reviewer@mvd.example.ru", "mvd").await;
    let key = issue_key(&app, "mvd", &[READ]).await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;
    let pdf = b"%PDF-1.4\n% answer\n".to_vec();
    let fields = [
        ("number", receipt.number.as_str()),
        ("code", receipt.access_code.as_str()),
        ("lang", "ru"),
        ("action", "answer_info"),
        ("answer", INFO_ANSWER),
    ];
    let page = app.post_multipart("/status", &fields, &[("заявление.pdf", pdf.clone())], None).await;
    assert_eq!(page.status, StatusCode::OK, "the applicant's answer with a file");

    let reply = call(&app, Method::GET, &format!("/api/v1/complaints/{}", receipt.number)).key(&key).send().await;
    assert_eq!(reply.status, StatusCode::OK, "the complaint: {}", reply.json);
    assert_matches_schema(&document, "/api/v1/complaints/{number}", "get", 200, &reply.json);
    let attachment = reply.json["attachments"][0].clone();
    assert_eq!(attachment["content_type"], "application/pdf");
    assert_eq!(attachment["size_bytes"], pdf.len());
    let actions: Vec<&str> =
        reply.json["events"].as_array().expect("events").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, vec!["submit", "register", "start_review", "request_info", "answer_info"], "the timeline");
    assert_eq!(reply.json["applicant"]["surname"], "Петрова", "the applicant's details");

    let url = attachment["url"].as_str().expect("a download URL");
    let response = app.new_client().get(app.url(url)).bearer_auth(&key).send().await.expect("the download");
    assert_eq!(response.status(), StatusCode::OK, "the download");
    assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert_eq!(response.bytes().await.expect("bytes").to_vec(), pdf, "the same bytes");

    let missing = format!("/api/v1/complaints/{}/attachments/0190a5d4-0000-7000-8000-000000000000", receipt.number);
    let reply = call(&app, Method::GET, &missing).key(&key).send().await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "an unknown file");
    assert_matches_schema(&document, "/api/v1/complaints/{number}/attachments/{id}", "get", 404, &reply.json);
}

async fn other_body_sees_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let staff = Staff::reviewer(&app, "reviewer@mvd.example.ru", "mvd").await;
    let mvd_key = issue_key(&app, "mvd", &[READ, WRITE]).await;
    let fns_key = issue_key(&app, "fns", &[READ, WRITE]).await;
    let receipt = file_in(&app, &staff, Status::InfoRequested).await;
    let pdf = b"%PDF-1.4\n% answer\n".to_vec();
    let fields = [
        ("number", receipt.number.as_str()),
        ("code", receipt.access_code.as_str()),
        ("action", "answer_info"),
        ("answer", INFO_ANSWER),
    ];
    app.post_multipart("/status", &fields, &[("a.pdf", pdf)], None).await;
    let own = call(&app, Method::GET, &format!("/api/v1/complaints/{}", receipt.number)).key(&mvd_key).send().await;
    let file_url = own.json["attachments"][0]["url"].as_str().expect("the file's URL").to_string();
    let missing_number = "2026-00000-00001";
    let before = snapshot(&app, &receipt.number).await;

    let number = receipt.number.as_str();
    let requests = [
        (Method::GET, format!("/api/v1/complaints/{number}"), None),
        (Method::GET, file_url.clone(), None),
        (Method::POST, format!("/api/v1/complaints/{number}/transitions"), Some(json!({ "action": "start_review" }))),
        (Method::POST, format!("/api/v1/complaints/{number}/transitions"), Some(json!({ "action": "nonsense" }))),
    ];
    for (method, path, body) in requests {
        let mut request = call(&app, method.clone(), &path).key(&fns_key);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let foreign = request.send().await;
        assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{method} {path} with another body's key");
        let missing_path = path.replace(number, missing_number);
        let mut request = call(&app, method.clone(), &missing_path).key(&fns_key);
        if let Some(body) = &body {
            request = request.json(body);
        }
        let missing = request.send().await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{method} {missing_path}");
        assert_eq!(
            foreign.json["detail"].as_str().map(|d| d.replace(number, "N")),
            missing.json["detail"].as_str().map(|d| d.replace(missing_number, "N")),
            "{method} {path}: another body's complaint reads as a missing one"
        );
    }
    assert_eq!(snapshot(&app, &receipt.number).await, before, "another body's key changes nothing");

    let list = call(&app, Method::GET, "/api/v1/complaints?limit=200").key(&fns_key).send().await;
    assert_eq!(list.json["items"].as_array().map(Vec::len), Some(0), "another body's list is empty: {}", list.json);
}

async fn api_ignores_foreign_origin(backend: Backend) {
    let app = spawn_app(backend).await;
    let key = issue_key(&app, "mvd", &[WRITE]).await;
    // The same-origin check of the HTML forms does not apply: a bearer key is no ambient cookie.
    let reply = call(&app, Method::POST, "/api/v1/complaints")
        .key(&key)
        .header("origin", "https://mvd.example.ru")
        .header("idempotency-key", "origin-0001")
        .json(&complaint_body())
        .send()
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "a call from the body's own site: {}", reply.json);
}

on_both_backends!(
    openapi_lists_every_route,
    keys_authenticate_and_revoke,
    list_contract_and_filters,
    list_pages_with_cursor,
    create_is_idempotent,
    create_rejects_bad_input,
    transitions_follow_desk_rules,
    attachments_download,
    other_body_sees_nothing,
    api_ignores_foreign_origin,
);
