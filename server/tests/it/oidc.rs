//! Citizen sign-in through OpenID Connect against a real provider. Each test starts
//! `end2end/scripts/oidc-provider.mjs` (oidc-provider with its development sign-in and
//! consent pages) with Node from PATH, which needs `npm ci` run in `end2end` first. The test
//! plays the browser: its client keeps cookies and does not follow redirects, so the test
//! follows each redirect itself and posts the provider's forms as a browser would.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use reqwest::{StatusCode, Url};
use scraper::{Html, Selector};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use app::i18n::Lang;
use app::server::oidc::OidcSettings;
use app::server::state::Settings;

use crate::helpers::{bind_app_port, form_token, spawn_app_on, test_settings, Backend, Form, Page, TestApp};

/// The address that `Form::complaint` files with.
const APPLICANT: &str = "anna.petrova@example.ru";
/// A login name that the test provider gives `email_verified: false`.
const UNVERIFIED: &str = "unverified-anna.petrova@example.ru";
const CLIENT_ID: &str = "appello-test";
const CLIENT_SECRET: &str = "test-client-secret";
/// How long Node may take to load the script, make its signing key and print its port.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
/// More steps than a sign-in at the provider takes (three redirects and two forms), so that a
/// redirect loop fails the test.
const MAX_PROVIDER_STEPS: usize = 20;

/// Where the test provider puts the email claims.
#[derive(Clone, Copy, Debug)]
enum EmailClaims {
    /// In the UserInfo response only, as OpenID Connect Core 1.0 section 5.4 describes when
    /// an access token is issued.
    UserInfoOnly,
    /// Also in the ID token, as many providers send them.
    InIdToken,
}

/// The test provider, running as a child process that is killed when this is dropped.
struct Provider {
    issuer: String,
    /// Contains `oidc-provider.log`, the provider's stderr.
    root: tempfile::TempDir,
    child: Child,
}

impl Provider {
    /// Starts the provider on a free port with one client whose redirect URI is `redirect_uri`,
    /// and waits until it prints that port.
    async fn start(redirect_uri: &str, claims: EmailClaims) -> Provider {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/scripts/oidc-provider.mjs");
        let root = tempfile::tempdir().expect("a temporary folder for the provider's log");
        let log_path = root.path().join("oidc-provider.log");
        let log = std::fs::File::create(&log_path).expect("the provider's log file");
        let mut command = Command::new("node");
        command
            .arg(&script)
            .arg("0")
            .args(["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET, "--redirect-uri", redirect_uri])
            .args(["--parent", &std::process::id().to_string()]);
        if let EmailClaims::InIdToken = claims {
            command.arg("--email-in-id-token");
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("starting `node {}` failed: {e}; is Node.js on PATH?", script.display()));

        let stdout = child.stdout.take().expect("the provider's stdout is piped");
        let first_line = tokio::time::timeout(STARTUP_TIMEOUT, BufReader::new(stdout).lines().next_line()).await;
        let log_text = || std::fs::read_to_string(&log_path).unwrap_or_default();
        let line = match first_line {
            Ok(Ok(Some(line))) => line,
            Ok(Ok(None)) => panic!(
                "the OpenID Connect provider exited before printing its port (if it cannot find \
                 oidc-provider, run `npm ci` in end2end); its log:\n{}",
                log_text()
            ),
            Ok(Err(e)) => panic!("reading the OpenID Connect provider's port failed: {e}"),
            Err(_) => panic!("the OpenID Connect provider printed no port within {STARTUP_TIMEOUT:?}; its log:\n{}", log_text()),
        };
        let port: u16 = line.trim().parse().unwrap_or_else(|e| panic!("the provider printed {line:?}, not a port: {e}"));
        Provider { issuer: format!("http://127.0.0.1:{port}"), root, child }
    }

    fn settings(&self) -> OidcSettings {
        OidcSettings {
            issuer: self.issuer.clone(),
            client_id: CLIENT_ID.to_string(),
            client_secret: Some(CLIENT_SECRET.to_string()),
            label: "Тестовый провайдер".to_string(),
        }
    }

    /// Returns the provider's stderr so far, for failure messages.
    fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("oidc-provider.log")).unwrap_or_default()
    }

    /// Stops the provider and waits until it has exited, so that nothing listens on its port.
    async fn stop(&mut self) {
        self.child.kill().await.expect("the provider process is killed");
    }
}

/// An app whose citizens sign in at a test provider, and the folder it writes mail into.
struct OidcApp {
    app: TestApp,
    provider: Provider,
    _outbox: tempfile::TempDir,
}

impl OidcApp {
    async fn start(backend: Backend, claims: EmailClaims) -> OidcApp {
        // The provider registers the app's redirect URI, so the app's port is bound first.
        let port = bind_app_port().await;
        let provider = Provider::start(&format!("{}/cabinet/oidc/callback", port.address), claims).await;
        let outbox = tempfile::tempdir().expect("a temporary outbox folder");
        let settings = Settings { oidc: Some(provider.settings()), ..test_settings(outbox.path()) };
        let app = spawn_app_on(backend, port, settings).await;
        OidcApp { app, provider, _outbox: outbox }
    }

    /// Starts a sign-in with `client` and checks the redirect to the provider: returns the
    /// authorization URL and the state that the `appello_oidc` cookie contains.
    async fn start_sign_in(&self, client: &reqwest::Client) -> (Url, String) {
        let page = self.app.get_with(client, "/cabinet/oidc/start").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "the sign-in redirects to the provider; page:\n{}", page.main_text());
        let location = page.location().expect("the redirect has a Location");
        let url = Url::parse(location).unwrap_or_else(|e| panic!("the provider's URL {location:?} is invalid: {e}"));
        assert!(
            url.as_str().starts_with(&format!("{}/auth?", self.provider.issuer)),
            "the redirect goes to the provider's authorization endpoint: {url}"
        );

        let param = |name: &str| url.query_pairs().find(|(n, _)| n == name).map(|(_, v)| v.into_owned());
        assert_eq!(param("response_type").as_deref(), Some("code"), "the authorization code flow is used");
        assert_eq!(param("code_challenge_method").as_deref(), Some("S256"), "a PKCE challenge is sent");
        assert!(param("nonce").is_some_and(|n| !n.is_empty()), "a nonce is sent");
        let scopes = param("scope").unwrap_or_default();
        assert!(scopes.split(' ').any(|s| s == "email"), "the email scope is requested: {scopes:?}");

        let state = param("state").expect("the authorization URL has a state");
        let cookie = page
            .headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("appello_oidc="))
            .unwrap_or_else(|| panic!("the sign-in sets the appello_oidc cookie; headers: {:?}", page.headers));
        assert!(cookie.starts_with(&format!("appello_oidc={state};")), "the cookie contains the state: {cookie}");
        assert!(cookie.contains("Path=/cabinet/oidc"), "the cookie goes to the callback only: {cookie}");
        (url, state)
    }

    /// Starts a sign-in with `client` and signs in at the provider as `login`, then returns
    /// the callback URL that the provider redirects to, not yet requested.
    async fn sign_in_at_provider(&self, client: &reqwest::Client, login: &str) -> Url {
        let (mut url, _) = self.start_sign_in(client).await;
        let callback = format!("{}/cabinet/oidc/callback?", self.app.address);
        for _ in 0..MAX_PROVIDER_STEPS {
            if url.as_str().starts_with(&callback) {
                return url;
            }
            let page = self.send_to_provider(client.get(url.clone()), &url).await;
            if page.status.is_redirection() {
                url = next_url(&url, &page);
                continue;
            }
            assert_eq!(page.status, StatusCode::OK, "the provider's page {url} opens; log:\n{}", self.provider.log());

            let (action, mut fields) = provider_form(&page, &url);
            if fields.iter().any(|(name, value)| name == "prompt" && value == "login") {
                fields.push(("login".to_string(), login.to_string()));
                fields.push(("password".to_string(), "any password".to_string()));
            }
            let posted = self.send_to_provider(client.post(action.clone()).form(&fields), &action).await;
            assert!(
                posted.status.is_redirection(),
                "the provider's form at {action} redirects, not {}; log:\n{}",
                posted.status,
                self.provider.log()
            );
            url = next_url(&action, &posted);
        }
        panic!("the provider did not redirect to {callback} within {MAX_PROVIDER_STEPS} steps; log:\n{}", self.provider.log());
    }

    /// Sends a request to the provider, failing the test with the provider's log if it fails.
    async fn send_to_provider(&self, request: reqwest::RequestBuilder, url: &Url) -> Page {
        match request.send().await {
            Ok(response) => read_page(Ok(response), url).await,
            Err(e) => panic!("the request to {url} failed: {e:?}; provider log:\n{}", self.provider.log()),
        }
    }

    /// Requests the callback URL with `client`, as the browser does after the provider.
    async fn callback(&self, client: &reqwest::Client, url: &Url) -> Page {
        read_page(client.get(url.clone()).send().await, url).await
    }

    async fn citizen_sessions(&self) -> i64 {
        self.app.db.raw.count("citizen_sessions").await
    }

    /// Checks that `page` is the failed sign-in: status 400, the message, and no session cookie.
    fn assert_rejected(&self, page: &Page, case: &str) {
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{case}: status; page:\n{}", page.main_text());
        let message = Lang::Ru.texts().cabinet.oidc_failed;
        assert!(page.main_text().contains(message), "{case}: the page explains the failure:\n{}", page.main_text());
        assert!(!sets_cookie(page, "appello_citizen"), "{case}: no session cookie is set");
        let log = self.provider.log();
        assert!(!log.contains("server error"), "{case}: the provider had no server error; log:\n{log}");
    }
}

/// Wraps a response, or fails the test with the request's error.
async fn read_page(response: reqwest::Result<reqwest::Response>, url: &Url) -> Page {
    let response = response.unwrap_or_else(|e| panic!("the request to {url} failed: {e:?}"));
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap_or_else(|e| panic!("the body from {url} is not text: {e}"));
    Page { status, headers, body }
}

/// Resolves the `Location` of a redirect from `url`, which may be relative.
fn next_url(url: &Url, page: &Page) -> Url {
    let location = page.location().unwrap_or_else(|| panic!("the redirect from {url} has no Location"));
    url.join(location).unwrap_or_else(|e| panic!("the Location {location:?} from {url} is invalid: {e}"))
}

/// Returns the action of the page's only form and its hidden fields, as a browser would post them.
fn provider_form(page: &Page, url: &Url) -> (Url, Vec<(String, String)>) {
    let html = Html::parse_document(&page.body);
    let form_selector = Selector::parse("form").expect("valid selector");
    let forms: Vec<_> = html.select(&form_selector).collect();
    assert_eq!(forms.len(), 1, "the provider's page {url} has one form:\n{}", page.body);

    let action = forms[0].attr("action").unwrap_or_default();
    let action = url.join(action).unwrap_or_else(|e| panic!("the form action {action:?} is invalid: {e}"));
    let hidden = Selector::parse("input[type=hidden]").expect("valid selector");
    let fields = forms[0]
        .select(&hidden)
        .filter_map(|input| Some((input.attr("name")?.to_string(), input.attr("value").unwrap_or_default().to_string())))
        .collect();
    (action, fields)
}

/// Tells whether `page` sets cookie `name` to a value. Clearing the cookie does not count.
fn sets_cookie(page: &Page, name: &str) -> bool {
    let prefix = format!("{name}=");
    page.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.starts_with(&prefix) && !v.starts_with(&format!("{prefix};")))
}

/// Signs in through the provider and checks that the cabinet shows the complaint filed
/// earlier with the same address.
async fn sign_in_shows_complaints(backend: Backend, claims: EmailClaims) {
    let oidc = OidcApp::start(backend, claims).await;
    let receipt = oidc.app.file_complaint(&Form::complaint("mvd", &form_token())).await;
    let client = oidc.app.new_client();

    let callback = oidc.sign_in_at_provider(&client, APPLICANT).await;
    let page = oidc.callback(&client, &callback).await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "the callback opens a session ({claims:?}); page:\n{}\nprovider log:\n{}",
        page.main_text(),
        oidc.provider.log()
    );
    assert_eq!(page.location(), Some("/cabinet"), "the callback leads to the cabinet");
    assert!(sets_cookie(&page, "appello_citizen"), "the callback sets the session cookie");

    let cabinet = oidc.app.get_with(&client, "/cabinet").await;
    assert_eq!(cabinet.status, StatusCode::OK, "the cabinet opens; page:\n{}", cabinet.main_text());
    let text = cabinet.main_text();
    assert!(text.contains(&format!("Вы вошли как {APPLICANT}")), "the cabinet names the citizen:\n{text}");
    assert!(text.contains(&receipt.number), "the cabinet lists complaint {}:\n{text}", receipt.number);
    assert_eq!(oidc.citizen_sessions().await, 1, "one citizen session is stored");
}

async fn sign_in_email_from_userinfo(backend: Backend) {
    sign_in_shows_complaints(backend, EmailClaims::UserInfoOnly).await;
}

async fn sign_in_email_in_id_token(backend: Backend) {
    sign_in_shows_complaints(backend, EmailClaims::InIdToken).await;
}

/// Checks that a callback requested by a browser other than the one that started the sign-in,
/// with its own sign-in cookie or none, is rejected and leaves the original sign-in usable.
async fn callback_from_other_browser(backend: Backend) {
    let oidc = OidcApp::start(backend, EmailClaims::UserInfoOnly).await;
    let victim = oidc.app.new_client();
    let callback = oidc.sign_in_at_provider(&victim, APPLICANT).await;

    let attacker = oidc.app.new_client();
    oidc.start_sign_in(&attacker).await;
    let page = oidc.callback(&attacker, &callback).await;
    oidc.assert_rejected(&page, "another browser's sign-in cookie");

    let page = oidc.callback(&oidc.app.new_client(), &callback).await;
    oidc.assert_rejected(&page, "no sign-in cookie");
    assert_eq!(oidc.citizen_sessions().await, 0, "no citizen session is stored");

    let page = oidc.callback(&victim, &callback).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the browser that started the sign-in still finishes it");
}

/// Checks that the same code and state used a second time are rejected, even with the
/// sign-in cookie sent again.
async fn callback_replayed(backend: Backend) {
    let oidc = OidcApp::start(backend, EmailClaims::UserInfoOnly).await;
    let client = oidc.app.new_client();
    let callback = oidc.sign_in_at_provider(&client, APPLICANT).await;
    let state = callback.query_pairs().find(|(n, _)| n == "state").map(|(_, v)| v.into_owned()).expect("a state");
    let page = oidc.callback(&client, &callback).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "the first callback opens a session; page:\n{}", page.main_text());

    // This browser is signed in, so the failure renders its cabinet and not the sign-in message.
    let page = oidc.callback(&client, &callback).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST, "a replay in the same browser is rejected");
    assert!(!sets_cookie(&page, "appello_citizen"), "a replay in the same browser opens no session");

    let with_cookie = oidc.app.new_client().get(callback.clone()).header("cookie", format!("appello_oidc={state}"));
    let page = read_page(with_cookie.send().await, &callback).await;
    oidc.assert_rejected(&page, "replay with the sign-in cookie");
    assert_eq!(oidc.citizen_sessions().await, 1, "only the first callback stored a session");
}

/// Checks that an account whose e-mail address the provider has not verified is rejected,
/// whether the claims come in the ID token or from UserInfo.
async fn unverified_email(backend: Backend) {
    for claims in [EmailClaims::UserInfoOnly, EmailClaims::InIdToken] {
        let oidc = OidcApp::start(backend, claims).await;
        let client = oidc.app.new_client();
        let callback = oidc.sign_in_at_provider(&client, UNVERIFIED).await;
        let page = oidc.callback(&client, &callback).await;
        oidc.assert_rejected(&page, &format!("unverified e-mail ({claims:?})"));
        assert_eq!(oidc.citizen_sessions().await, 0, "no citizen session is stored ({claims:?})");
    }
}

/// Checks that with the provider down, starting a sign-in shows the failure page, not a 500.
async fn provider_down(backend: Backend) {
    let mut oidc = OidcApp::start(backend, EmailClaims::UserInfoOnly).await;
    oidc.provider.stop().await;

    let page = oidc.app.get_with(&oidc.app.new_client(), "/cabinet/oidc/start").await;
    oidc.assert_rejected(&page, "provider down");
    assert!(!sets_cookie(&page, "appello_oidc"), "no sign-in cookie is set");
    assert_eq!(oidc.app.db.raw.count("oidc_logins").await, 0, "no sign-in is stored");
}

on_both_backends!(
    sign_in_email_from_userinfo,
    sign_in_email_in_id_token,
    callback_from_other_browser,
    callback_replayed,
    unverified_email,
    provider_down,
);
