//! The application under test: one server per test on a fresh database, an HTTP client
//! that keeps cookies, and helpers that read values out of the returned HTML.

use std::path::Path;
use std::sync::Arc;

use reqwest::header::{HeaderMap, ORIGIN};
use reqwest::{redirect, StatusCode};
use scraper::{Html, Selector};
use tokio::net::TcpListener;
use tokio::sync::OnceCell;

use app::server::abuse::{AbuseSettings, Limit};
use app::server::auth::{hash_password, Role};
use app::server::directory::import_directory;
use app::server::files::{FileStore, LocalFolder};
use app::server::mail::MailSettings;
use app::server::state::{AppState, Settings};
use app::server::store::{now, Store};
use server::config::leptos_options;
use server::demo::DEMO_DIRECTORY;
use server::embed::EmbedAssets;
use server::router::router;

pub use crate::database::{Backend, TestDatabase};

/// The origins allowed to frame the test widget key.
pub const WIDGET_ORIGINS: [&str; 2] = ["https://mvd.example.ru", "http://127.0.0.1:3001"];

/// The password of every staff account that [`TestApp::create_staff`] makes.
pub const STAFF_PASSWORD: &str = "Тестовый пароль 2026";

/// A running Appello on 127.0.0.1 with the demo directory loaded and one widget key for
/// the body `mvd`. The server stops when the test's runtime ends.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDatabase,
    pub widget_key: String,
    /// The state the server runs on, for calling server code directly, such as the job queue.
    pub state: AppState,
    /// A temporary folder that the default test settings write mail into, deleted with the
    /// app. Tests that pass their own [`Settings`] may leave it unused.
    pub outbox: tempfile::TempDir,
    /// A temporary folder that contains the attached files, whatever the settings passed,
    /// unless the app was started by [`spawn_app_with_files`], which leaves it empty.
    pub files: tempfile::TempDir,
}

impl TestApp {
    pub fn store(&self) -> &Store {
        &self.db.store
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Builds a client with its own, empty cookie store, as a second browser would have.
    pub fn new_client(&self) -> reqwest::Client {
        new_client()
    }

    pub async fn get(&self, path: &str) -> Page {
        self.get_with(&self.client, path).await
    }

    pub async fn get_with(&self, client: &reqwest::Client, path: &str) -> Page {
        let response = client.get(self.url(path)).send().await.unwrap_or_else(|e| panic!("GET {path} failed: {e}"));
        Page::read(response).await
    }

    /// Posts `fields` and `files` (name and content each) as `multipart/form-data`, as a
    /// browser does with a form that has a file input, from this site, with `cookie` if given.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, Vec<u8>)],
        cookie: Option<&str>,
    ) -> Page {
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            form = form.text(name.to_string(), value.to_string());
        }
        for (filename, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.clone())
                .file_name(filename.to_string())
                .mime_str("application/octet-stream")
                .expect("a valid MIME type");
            form = form.part("files", part);
        }
        let mut request = self.new_client().post(self.url(path)).multipart(form).header("origin", &self.address);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("multipart POST {path} failed: {e}"));
        Page::read(response).await
    }

    /// Returns how many files the file store holds, in all its subfolders.
    pub fn stored_file_count(&self) -> usize {
        fn count(folder: &Path) -> usize {
            let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
            entries
                .filter_map(Result::ok)
                .map(|entry| if entry.path().is_dir() { count(&entry.path()) } else { 1 })
                .sum()
        }
        count(self.files.path())
    }

    /// Posts a form as a browser on this site does, with this site as `Origin`.
    pub async fn post_form(&self, path: &str, form: &Form) -> Page {
        self.post_form_from(&self.client, path, form, Some(&self.address)).await
    }

    /// Posts a form with `client`, with the `Origin` header set to `origin` when given.
    pub async fn post_form_from(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &Form,
        origin: Option<&str>,
    ) -> Page {
        let mut request = client.post(self.url(path)).form(&form.pairs);
        if let Some(origin) = origin {
            request = request.header(ORIGIN, origin);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("POST {path} failed: {e}"));
        Page::read(response).await
    }

    /// Files `form` on the portal and returns the receipt, failing the test unless it is accepted.
    pub async fn file_complaint(&self, form: &Form) -> Receipt {
        let org = form.get("org").expect("the complaint form names its body");
        let page = self.post_form(&format!("/complaint/{org}"), form).await;
        page.receipt()
    }

    /// Creates a staff account with [`STAFF_PASSWORD`] directly in the store.
    pub async fn create_staff(&self, email: &str, org_code: &str, must_change_password: bool) {
        let org = self.store().org_by_code(org_code).await.unwrap_or_else(|e| panic!("body {org_code}: {e}"));
        self.store()
            .create_user(
                email,
                staff_password_hash().await,
                Role::Reviewer.code(),
                Some(org.id),
                must_change_password,
                "test",
                now(),
            )
            .await
            .unwrap_or_else(|e| panic!("creating staff account {email} failed: {e}"));
    }

    /// Signs in with `client` and fails the test unless a session opens: the desk, or the
    /// password page for a member whose password is temporary.
    pub async fn sign_in_with(&self, client: &reqwest::Client, email: &str) {
        let form = Form::new().set("email", email).set("password", STAFF_PASSWORD);
        let page = self.post_form_from(client, "/desk/login", &form, Some(&self.address)).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email} should redirect; page:\n{}",
            page.main_text()
        );
        let expected = match self.store().user_by_email(email).await {
            Ok(user) if user.must_change_password => "/desk/password",
            _ => "/desk",
        };
        assert_eq!(page.location(), Some(expected), "where the sign-in of {email} leads");
    }

    /// Creates a reviewer of `org_code` and signs in with the app's main client.
    pub async fn sign_in_reviewer(&self, email: &str, org_code: &str) {
        self.create_staff(email, org_code, false).await;
        self.sign_in_with(&self.client, email).await;
    }

    /// Posts a desk action on a complaint with the CSRF token read from its desk page.
    pub async fn desk_action(&self, number: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = self.get(&format!("/desk/c/{number}")).await.csrf();
        let mut form = Form::new().set("csrf", &csrf);
        for (name, value) in fields {
            form = form.add(name, value);
        }
        self.post_form(&format!("/desk/c/{number}"), &form).await
    }

    /// Opens the complaint's status page as the applicant does, with the number and code.
    pub async fn status_page(&self, receipt: &Receipt) -> Page {
        let form = Form::new().set("number", &receipt.number).set("code", &receipt.access_code);
        self.post_form("/status", &form).await
    }

    /// Reads the stored status of a complaint.
    pub async fn stored_status(&self, number: &str) -> String {
        self.store().complaint_by_number(number).await.unwrap_or_else(|e| panic!("complaint {number}: {e}")).status
    }

    /// Counts the events on a complaint's timeline.
    pub async fn event_count(&self, number: &str) -> i64 {
        let sql = "SELECT COUNT(*) FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id \
                   WHERE c.number = $1";
        self.db.raw.count_with(sql, number).await
    }
}

/// Where the test server finds the embed loader files.
pub enum Embed<'a> {
    /// An empty folder, so the loader routes return 503.
    Missing,
    Folder(&'a Path),
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn(backend, Embed::Missing, None, None).await
}

pub async fn spawn_app_with(backend: Backend, embed: Embed<'_>) -> TestApp {
    spawn(backend, embed, None, None).await
}

/// Starts the app with `settings` in place of [`test_settings`].
pub async fn spawn_app_with_settings(backend: Backend, settings: Settings) -> TestApp {
    spawn(backend, Embed::Missing, Some(settings), None).await
}

/// A port on 127.0.0.1 bound before the app starts on it, so that a test can hand the app's
/// address to another server first, such as the redirect URI of an OpenID Connect client.
pub struct AppPort {
    listener: TcpListener,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub address: String,
}

pub async fn bind_app_port() -> AppPort {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port on 127.0.0.1");
    let address = format!("http://{}", listener.local_addr().expect("the bound address"));
    AppPort { listener, address }
}

/// Starts the app with `settings` on a port bound by [`bind_app_port`].
pub async fn spawn_app_on(backend: Backend, port: AppPort, settings: Settings) -> TestApp {
    spawn(backend, Embed::Missing, Some(settings), Some(port)).await
}

/// Returns the settings of a test server: the defaults, except that mail goes into `outbox`
/// instead of the default `data/outbox`, which is relative to the working folder and so would
/// put files into the source tree.
pub fn test_settings(outbox: &Path) -> Settings {
    let from = Settings::default().mail.from().to_string();
    // Tests file many complaints from 127.0.0.1 without a proof of work; abuse.rs sets small limits.
    let roomy = Limit::new(10_000, 3600);
    let abuse = AbuseSettings {
        complaints_per_ip: roomy,
        complaints_per_ip_without_pow: roomy,
        complaints_per_widget_key: roomy,
        status_per_ip: roomy,
        api_per_key: roomy,
        ..AbuseSettings::default()
    };
    Settings { mail: MailSettings::Outbox { folder: outbox.to_path_buf(), from }, abuse, ..Settings::default() }
}

/// Starts the app with `files` as its file store in place of a temporary folder.
pub async fn spawn_app_with_files(backend: Backend, files: Arc<dyn FileStore>) -> TestApp {
    spawn_with_files(backend, Embed::Missing, None, None, Some(files)).await
}

async fn spawn(backend: Backend, embed: Embed<'_>, settings: Option<Settings>, port: Option<AppPort>) -> TestApp {
    spawn_with_files(backend, embed, settings, port, None).await
}

/// Starts the app on a fresh database, with [`test_settings`] unless `settings` is given, on
/// `port` or else on a free port, with `file_store` or else a temporary folder for files. Its
/// public URL is always the address it listens on.
async fn spawn_with_files(
    backend: Backend,
    embed: Embed<'_>,
    settings: Option<Settings>,
    port: Option<AppPort>,
    file_store: Option<Arc<dyn FileStore>>,
) -> TestApp {
    let db = TestDatabase::create(backend).await;
    import_directory(&db.store, DEMO_DIRECTORY, now()).await.expect("the demo directory imports");
    let mvd = db.store.org_by_code("mvd").await.expect("the demo directory has mvd");
    let widget_key = app::server::keys::new_public_key();
    let origins: Vec<String> = WIDGET_ORIGINS.iter().map(|o| o.to_string()).collect();
    db.store.create_widget_key(mvd.id, &widget_key, &origins, "test", now()).await.expect("widget key");

    let outbox = tempfile::tempdir().expect("a temporary outbox folder");
    let port = match port {
        Some(port) => port,
        None => bind_app_port().await,
    };
    let mut settings = settings.unwrap_or_else(|| test_settings(outbox.path()));
    // Links in e-mail and the OpenID Connect redirect URI start with the public URL.
    settings.public_url = port.address.clone();
    let files = tempfile::tempdir().expect("a temporary folder for attached files");
    settings.files = file_store.unwrap_or_else(|| Arc::new(LocalFolder::new(files.path())));
    let state = AppState::new(leptos_options(), db.store.clone(), settings).await.expect("AppState::new");
    let empty = tempfile::tempdir().expect("a temporary folder");
    let assets = match embed {
        Embed::Missing => EmbedAssets::load(empty.path()),
        Embed::Folder(folder) => EmbedAssets::load(folder),
    };
    let AppPort { listener, address } = port;
    // With the peer's address, as `appello serve` runs it, so audit entries carry it.
    let app = router(state.clone(), assets).into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("the test server runs");
    });

    TestApp { address, client: new_client(), db, widget_key, state, outbox, files }
}

/// Builds a client that keeps cookies and does not follow redirects, so tests see each 302/303.
fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(redirect::Policy::none())
        .build()
        .expect("the HTTP client builds")
}

/// Hashes [`STAFF_PASSWORD`] with Argon2 once per process, because hashing is slow in a
/// debug build.
async fn staff_password_hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async { hash_password(STAFF_PASSWORD.to_string()).await.expect("the password hashes") }).await
}

/// A form to post: name and value pairs in order, names may repeat.
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub pairs: Vec<(String, String)>,
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }

    /// Builds a complete, valid complaint about a passport issued late, as a citizen would file it.
    pub fn complaint(org: &str, form_token: &str) -> Form {
        Form::new()
            .set("form_token", form_token)
            .set("lang", "ru")
            .set("org", org)
            .set("service", "")
            .set("official", "Инспектор отдела по вопросам миграции Сидоров П. А.")
            .add("grounds", "service_deadline")
            .add("grounds", "extra_documents")
            .set("ground_other", "")
            .set(
                "subject",
                "Паспорт гражданина Российской Федерации не выдан в срок: заявление о замене подано \
                 2 октября в отделение по вопросам миграции ОМВД России по району Хамовники.",
            )
            .set(
                "arguments",
                "Паспорт по месту жительства выдаётся в течение 10 рабочих дней. Срок истёк, паспорт \
                 не выдан. Кроме того, от меня потребовали справку с места работы, которой нет в \
                 перечне документов административного регламента.",
            )
            .set("applicant_kind", "person")
            .set("surname", "Петрова")
            .set("first_name", "Анна")
            .set("patronymic", "Сергеевна")
            .set("legal_name", "")
            .set("address", "119021, г. Москва, ул. Льва Толстого, д. 5, кв. 12")
            .set("phone", "+7 (916) 123-45-67")
            .set("email", "anna.petrova@example.ru")
            .set("reply_by", "email")
            .set("postal_address", "")
            .set("consent", "on")
            .set("website", "")
    }

    /// Replaces every value of `name` with one `value`, or adds it.
    pub fn set(self, name: &str, value: &str) -> Form {
        self.without(name).add(name, value)
    }

    /// Adds a value, keeping any others of the same name.
    pub fn add(mut self, name: &str, value: &str) -> Form {
        self.pairs.push((name.to_string(), value.to_string()));
        self
    }

    pub fn without(mut self, name: &str) -> Form {
        self.pairs.retain(|(n, _)| n != name);
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Generates a form token as the server issues them: 32 hex digits.
pub fn form_token() -> String {
    app::server::secrets::random_token(16)
}

/// What the applicant receives after filing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    pub number: String,
    pub access_code: String,
}

/// A response with its body read.
pub struct Page {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Page {
    async fn read(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.text().await.expect("the response body is text");
        Page { status, headers, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// Returns the text of every element that `css` matches, each with its whitespace collapsed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"));
        self.html().select(&selector).map(|e| collapse(&e.text().collect::<String>())).collect()
    }

    /// Returns the text of the first element that `css` matches.
    pub fn text(&self, css: &str) -> Option<String> {
        self.texts(css).into_iter().next()
    }

    pub fn has(&self, css: &str) -> bool {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"));
        self.html().select(&selector).next().is_some()
    }

    /// Returns the value of attribute `attr` on the first element that `css` matches.
    pub fn attr(&self, css: &str, attr: &str) -> Option<String> {
        let selector = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"));
        self.html().select(&selector).next().and_then(|e| e.attr(attr).map(str::to_string))
    }

    /// Returns the value of the form control `name`: an input's `value` or a textarea's text.
    pub fn field_value(&self, name: &str) -> Option<String> {
        if let Some(value) = self.attr(&format!("input[name=\"{name}\"]"), "value") {
            return Some(value);
        }
        let selector = Selector::parse(&format!("textarea[name=\"{name}\"]")).expect("valid selector");
        self.html().select(&selector).next().map(|e| e.text().collect::<String>())
    }

    /// Tells whether the checkbox or radio button `name` with `value` is checked.
    pub fn is_checked(&self, name: &str, value: &str) -> bool {
        self.has(&format!("input[name=\"{name}\"][value=\"{value}\"][checked]"))
    }

    /// Returns the error message shown under field `name`, if one is shown.
    pub fn field_error(&self, name: &str) -> Option<String> {
        let css = format!("p.field__error#error-{name}:not([hidden])");
        self.text(&css).filter(|t| !t.is_empty())
    }

    /// Returns the messages listed in the error summary at the top of the form.
    pub fn summary_errors(&self) -> Vec<String> {
        self.texts("#error-summary li")
    }

    /// Returns the text of `<main>`, for failure messages and for checks on a page's content.
    pub fn main_text(&self) -> String {
        self.text("main").unwrap_or_else(|| self.body.chars().take(2000).collect())
    }

    /// Returns the hidden CSRF token of the first staff form on the page.
    pub fn csrf(&self) -> String {
        match self.attr("input[name=\"csrf\"]", "value") {
            Some(token) if !token.is_empty() => token,
            _ => panic!("no CSRF token on the page (status {}):\n{}", self.status, self.main_text()),
        }
    }

    /// Returns the complaint number and access code of a receipt page.
    pub fn receipt(&self) -> Receipt {
        assert_eq!(self.status, StatusCode::OK, "the complaint should be accepted; page:\n{}", self.main_text());
        let number = self.text("[data-testid=\"complaint-number\"]");
        let access_code = self.text("[data-testid=\"access-code\"]");
        match (number, access_code) {
            (Some(number), Some(access_code)) => Receipt { number, access_code },
            _ => panic!("the receipt lacks the number or the access code:\n{}", self.main_text()),
        }
    }

    /// Returns the sources of the `frame-ancestors` directive of the page's CSP, sorted.
    pub fn frame_ancestors(&self) -> Option<Vec<String>> {
        let policy = self.header("content-security-policy")?;
        let directive = policy.split(';').map(str::trim).find(|d| d.starts_with("frame-ancestors"))?;
        let mut sources: Vec<String> = directive.split_whitespace().skip(1).map(str::to_string).collect();
        sources.sort();
        Some(sources)
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Tells whether `text` has the shape of a complaint number, `YYYY-NNNNN-NNNNN`.
pub fn is_complaint_number(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let lengths_ok = parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 5 && parts[2].len() == 5;
    lengths_ok && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// Tells whether `text` has the shape of an access code, `XXXXX-XXXXX` in Crockford's base32.
pub fn is_access_code(text: &str) -> bool {
    const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    match text.split_once('-') {
        Some((a, b)) => a.len() == 5 && b.len() == 5 && a.chars().chain(b.chars()).all(|c| ALPHABET.contains(c)),
        None => false,
    }
}

/// Returns the current year in UTC, the year that new complaint numbers start with.
pub fn current_year() -> String {
    now().format("%Y").to_string()
}

impl TestApp {
    /// Creates a staff account of `role` with [`STAFF_PASSWORD`] directly in the store, bound
    /// to the body `org_code` when given, and returns its id.
    pub async fn create_member(&self, email: &str, role: Role, org_code: Option<&str>) -> sqlx::types::Uuid {
        let org_id = match org_code {
            Some(code) => Some(self.store().org_by_code(code).await.unwrap_or_else(|e| panic!("body {code}: {e}")).id),
            None => None,
        };
        self.store()
            .create_user(email, staff_password_hash().await, role.code(), org_id, false, "test", now())
            .await
            .unwrap_or_else(|e| panic!("creating the {} account {email} failed: {e}", role.code()))
    }
}
