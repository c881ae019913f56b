//! The `appello` command line: serve, migrate, and manage the directory, keys and users.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use app::server::auth::{hash_password, one_time_password, Role};
use app::server::calendar::{format_dates, import_calendar_file, seed_shipped_years, ImportReport};
use app::server::directory::import_directory;
use app::server::keys::{new_public_key, normalize_origins};
use app::server::jobs;
use app::server::mail::MailSettings;
use app::server::oidc::OidcSettings;
use app::server::state::{AppState, Settings};
use app::server::store::{now, redact_url, Audit, Store, StoreError};

use crate::config::{default_database_url, leptos_options, site_root};
use crate::embed::EmbedAssets;
use crate::{demo, router, telemetry};

#[derive(Parser)]
#[command(
    name = "appello",
    version,
    about = "Appello: out-of-court appeals against public bodies, with an embeddable widget"
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Global {
    /// Database: `sqlite:PATH` or `postgres://USER@HOST/DB`. Default: the SQLite file
    /// `appello.db` in the data folder.
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
    /// Folder for the default SQLite database, the mail outbox and the attached files.
    #[arg(long, env = "APPELLO_DATA_DIR", default_value = "data", global = true)]
    data_dir: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations and serve HTTP on LEPTOS_SITE_ADDR (default 127.0.0.1:3000).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// The directory of bodies.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// Widget keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Secret keys of the REST API.
    #[command(subcommand)]
    ApiKeys(crate::cli_api_keys::ApiKeysCommand),
    /// Staff accounts.
    #[command(subcommand)]
    Users(UsersCommand),
    /// The production calendar that deadlines are counted in. Each command first stores the
    /// shipped years that the database lacks.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Load the demo directory, a demo widget key and a demo reviewer, and print how to use them.
    Demo(DemoArgs),
}

#[derive(Args)]
struct ServeArgs {
    /// Also serve the demo agency page, which embeds the demo widget, on this address.
    /// May be given more than once.
    #[arg(long = "demo-site", value_name = "ADDR")]
    demo_sites: Vec<SocketAddr>,
    /// The address agency pages reach this server at, used in the demo page. Default: http://LEPTOS_SITE_ADDR.
    #[arg(long, env = "APPELLO_PUBLIC_URL")]
    public_url: Option<String>,
    /// Send mail through this SMTP server, as `smtp://host:port` (plain, for a local relay),
    /// `smtp://user:password@host:587?tls=required` or `smtps://user:password@host`.
    /// Default: write each message as an .eml file into the `outbox` folder of the data folder.
    #[arg(long, env = "APPELLO_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of the mail.
    #[arg(long, env = "APPELLO_MAIL_FROM", default_value = "Appello <no-reply@appello.localhost>")]
    mail_from: String,
    /// Citizen sign-in through OpenID Connect: the provider's issuer URL. Needs the client ID too.
    #[arg(long, env = "APPELLO_OIDC_ISSUER", requires = "oidc_client_id")]
    oidc_issuer: Option<String>,
    /// The client ID registered at the provider, with the redirect URI PUBLIC_URL/cabinet/oidc/callback.
    #[arg(long, env = "APPELLO_OIDC_CLIENT_ID", requires = "oidc_issuer")]
    oidc_client_id: Option<String>,
    /// The client secret, for a confidential client.
    #[arg(long, env = "APPELLO_OIDC_CLIENT_SECRET", hide_env_values = true)]
    oidc_client_secret: Option<String>,
    /// The text of the sign-in button, such as the provider's name.
    #[arg(long, env = "APPELLO_OIDC_LABEL", default_value = "Госуслуги")]
    oidc_label: String,
    #[command(flatten)]
    abuse: crate::cli_abuse::AbuseArgs,
    #[command(flatten)]
    files: crate::file_store::FileStoreArgs,
}

#[derive(Subcommand)]
enum OrgsCommand {
    /// Print each body's code and Russian name, separated by a tab, one body a line, by code.
    List,
    /// Create or update bodies and services from a directory file (TOML, the format of
    /// server/demo/directory.toml). Nothing is written unless the whole file is valid.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Issue a public widget key for a body and print it.
    Create {
        /// The body's code, as `appello orgs list` prints it.
        #[arg(long)]
        org: String,
        /// A site allowed to embed the widget, as scheme://host[:port]. Repeat for several.
        #[arg(long = "origin", required = true)]
        origins: Vec<String>,
    },
    /// Revoke a key; its widget stops working at once.
    Revoke { key: String },
    /// Replace a key with a new one and print the new key. The old key keeps working for the
    /// overlap, so that sites can switch without a gap.
    Rotate {
        key: String,
        /// Days the old key keeps working beside the new one, 0 to 30.
        #[arg(long, default_value_t = app::server::platform::DEFAULT_OVERLAP_DAYS)]
        overlap_days: i64,
    },
    /// Switch a key's widget off: its page shows a message with a link to the portal and accepts
    /// no complaints. Unlike revocation, `keys enable` switches it on again.
    Disable {
        key: String,
        /// Why, for the operators and the body's agency admins; the widget page does not show it.
        #[arg(long)]
        reason: String,
    },
    /// Switch a key's widget on again after `keys disable`.
    Enable { key: String },
    /// Print each key, oldest first, one a line. The fields, separated by tabs, are the key,
    /// the body code, its state (active, revoked, or expires:TIME after a rotation), the
    /// creation date (UTC), the origins, the last use (UTC, or -) and the widget loads and
    /// complaints of the last 30 days.
    List,
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Create a staff account and print its one-time password.
    Create {
        /// reviewer, agency_admin or operator.
        #[arg(long)]
        role: String,
        /// The body's code; required for reviewer and agency_admin.
        #[arg(long)]
        org: Option<String>,
        #[arg(long)]
        email: String,
        /// Also show the complaints of the bodies under --org (for the staff of a head body).
        #[arg(long)]
        include_subordinates: bool,
        /// Full name, "Фамилия Имя Отчество", printed on the reasoned replies this user
        /// decides; required for reviewer and agency_admin.
        #[arg(long)]
        name: Option<String>,
        /// Position, printed before the name on the reasoned replies; required for reviewer
        /// and agency_admin.
        #[arg(long)]
        position: Option<String>,
    },
    /// Set the full name or position of an existing account; what is not given stays.
    #[command(group = clap::ArgGroup::new("profile").required(true).multiple(true).args(["name", "position"]))]
    Update {
        #[arg(long)]
        email: String,
        /// Full name, "Фамилия Имя Отчество".
        #[arg(long)]
        name: Option<String>,
        /// Position, printed before the name on the reasoned replies.
        #[arg(long)]
        position: Option<String>,
    },
    /// Print each staff account, by e-mail, one a line. The fields, separated by tabs, are the
    /// e-mail, the role, the body code or "-", "must-change-password" or "-", the full name
    /// or "-", and the position or "-".
    List,
    /// Give a user a new one-time password, to be changed at the next sign-in, and end
    /// their sessions.
    ResetPassword {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Print each stored year, one a line: year, status, number of non-working days, source.
    List,
    /// Replace a whole year with the dates of a calendar file (the format of
    /// app/calendar/2026.txt). Nothing is written unless the whole file is valid.
    Import { file: PathBuf },
    /// Print the non-working dates of a stored year, one YYYY-MM-DD date a line.
    Export { year: i32 },
}

#[derive(Args)]
struct DemoArgs {
    /// Origins allowed to embed the demo widget.
    #[arg(long = "origin", default_values = ["http://127.0.0.1:3001", "http://localhost:3001"])]
    origins: Vec<String>,
    /// The portal's address, for the printed links.
    #[arg(long, default_value = "http://127.0.0.1:3000")]
    portal_url: String,
    /// The demo agency page's address, for the printed links.
    #[arg(long, default_value = "http://127.0.0.1:3001")]
    site_url: String,
}

/// The reason a command ended early.
enum Failure {
    /// A failure, with the message shown to the user.
    Message(String),
    /// The reader of stdout has gone away, as in `appello orgs list | head -1`.
    StdoutClosed,
}

impl<E: fmt::Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure::Message(error.to_string())
    }
}

fn fail(message: String) -> Failure {
    Failure::Message(message)
}

/// Writes `text` to stdout. Unlike `print!`, which panics, a closed stdout ends the
/// command quietly with exit code 0, as a tool that SIGPIPE ends does.
fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::StdoutClosed),
        Err(error) => Err(fail(format!("cannot write to stdout: {error}"))),
    }
}

/// Writes one line to stdout through [`write_stdout`], returning from the calling
/// function when stdout is closed.
macro_rules! out {
    ($($arg:tt)*) => {
        write_stdout(&format!("{}\n", format_args!($($arg)*)))?
    };
}

/// Writes one line to stderr; a closed stderr is ignored, since there is nowhere to report it.
fn note(line: fmt::Arguments) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match execute(cli).await {
        Ok(()) | Err(Failure::StdoutClosed) => ExitCode::SUCCESS,
        Err(Failure::Message(message)) => {
            note(format_args!("error: {message}"));
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), Failure> {
    let url = cli.global.database_url.clone().unwrap_or_else(|| default_database_url(&cli.global.data_dir));
    let store =
        Store::connect(&url).await.map_err(|e| fail(format!("cannot open the database {}: {e}", redact_url(&url))))?;
    store.migrate().await?;
    let database = OpenedDatabase::new(cli.global.database_url.as_deref(), &cli.global.data_dir);

    match cli.command {
        Command::Serve(args) => serve(store, args, &cli.global.data_dir).await,
        Command::Migrate => {
            out!("migrations applied ({})", store.backend());
            Ok(())
        }
        Command::Orgs(OrgsCommand::List) => list_orgs(&store, &database).await,
        Command::Orgs(OrgsCommand::Import { file }) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| fail(format!("cannot read {}: {e}", file.display())))?;
            let counts = import_directory(&store, &text, now())
                .await
                .map_err(|e| fail(format!("{}: {e}; nothing was changed", file.display())))?;
            out!("imported bodies: {}, services: {}", counts.orgs, counts.services);
            Ok(())
        }
        Command::Keys(KeysCommand::Create { org, origins }) => {
            let org = find_org(&store, &org).await?;
            let origins = normalize_origins(&origins)?;
            let key = new_public_key();
            store.create_widget_key(org.id, &key, &origins, "cli", now()).await?;
            out!("{key}");
            Ok(())
        }
        Command::Keys(KeysCommand::Revoke { key }) => match store.revoke_widget_key(key.trim(), "cli", now()).await {
            Ok(()) => {
                out!("revoked {}", key.trim());
                Ok(())
            }
            Err(StoreError::NotFound) => Err(fail(format!("no widget key {:?}; check the key", key.trim()))),
            Err(StoreError::Conflict(_)) => Err(fail(format!("widget key {:?} is already revoked", key.trim()))),
            Err(e) => Err(e.into()),
        },
        Command::Keys(KeysCommand::Rotate { key, overlap_days }) => {
            let key = key.trim();
            if !(0..=app::server::platform::MAX_OVERLAP_DAYS).contains(&overlap_days) {
                return Err(fail(format!(
                    "--overlap-days {overlap_days} is out of range; give 0 to {} days",
                    app::server::platform::MAX_OVERLAP_DAYS
                )));
            }
            let fresh = new_public_key();
            let until = now() + chrono::Duration::days(overlap_days);
            match store.rotate_widget_key(key, &fresh, until, &Audit::local("cli"), now()).await {
                Ok(_) => {
                    out!("{fresh}");
                    Ok(())
                }
                Err(StoreError::NotFound) => Err(fail(format!("no widget key {key:?}; check the key"))),
                Err(StoreError::Conflict(why)) => Err(fail(format!("widget key {key:?} cannot be rotated: {why}"))),
                Err(e) => Err(e.into()),
            }
        }
        Command::Keys(KeysCommand::Disable { key, reason }) => {
            out!("{}", crate::cli_widget_switch::run(&store, &key, Some(&reason)).await.map_err(fail)?);
            Ok(())
        }
        Command::Keys(KeysCommand::Enable { key }) => {
            out!("{}", crate::cli_widget_switch::run(&store, &key, None).await.map_err(fail)?);
            Ok(())
        }
        Command::Keys(KeysCommand::List) => list_keys(&store, &database).await,
        Command::ApiKeys(command) => crate::cli_api_keys::run(&store, command).await.map_err(fail),
        Command::Users(UsersCommand::Create { role, org, email, include_subordinates, name, position }) => {
            let profile = (name.as_deref(), position.as_deref());
            create_user(&store, &role, org.as_deref(), &email, include_subordinates, profile).await
        }
        Command::Users(UsersCommand::Update { email, name, position }) => {
            update_user(&store, &email, name.as_deref(), position.as_deref()).await
        }
        Command::Users(UsersCommand::List) => list_users(&store, &database).await,
        Command::Users(UsersCommand::ResetPassword { email }) => reset_password(&store, &email).await,
        Command::Calendar(command) => calendar(&store, command).await,
        Command::Demo(args) => {
            let data = demo::load(&store, &args.origins).await?;
            print_demo(&args, &data)
        }
    }
}

/// The database a command opened, as messages name it.
struct OpenedDatabase {
    /// The URL without its password, or for the default SQLite file its absolute path,
    /// because a relative one depends on the current folder.
    name: String,
    /// Whether it is the SQLite file in the data folder, used when DATABASE_URL is not set.
    is_default_file: bool,
}

impl OpenedDatabase {
    fn new(database_url: Option<&str>, data_dir: &Path) -> OpenedDatabase {
        match database_url {
            Some(url) => OpenedDatabase { name: redact_url(url), is_default_file: false },
            None => {
                let data_dir = std::path::absolute(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
                OpenedDatabase { name: default_database_url(&data_dir), is_default_file: true }
            }
        }
    }
}

/// Writes to stderr that a list is empty and how to fill it, keeping stdout empty.
fn note_empty(what: &str, database: &OpenedDatabase, remedy: &str) {
    let folder_hint = if database.is_default_file {
        " The default database is data/appello.db in the current folder, so run appello from the \
         repository root or set DATABASE_URL."
    } else {
        ""
    };
    note(format_args!("no {what} in the database {}; {remedy}.{folder_hint}", database.name));
}

async fn list_orgs(store: &Store, database: &OpenedDatabase) -> Result<(), Failure> {
    let mut orgs = store.list_orgs().await?;
    if orgs.is_empty() {
        note_empty("bodies", database, "load them with `appello demo` or `appello orgs import FILE`");
        return Ok(());
    }
    orgs.sort_by(|a, b| a.code.cmp(&b.code));
    for org in orgs {
        out!("{}\t{}", org.code, org.name_ru);
    }
    Ok(())
}

async fn list_keys(store: &Store, database: &OpenedDatabase) -> Result<(), Failure> {
    let keys = store.list_widget_keys().await?;
    if keys.is_empty() {
        note_empty("widget keys", database, "issue one with `appello keys create`");
        return Ok(());
    }
    let at = now();
    let since = app::server::time::moscow_date(at) - chrono::Duration::days(29);
    let ids: Vec<_> = keys.iter().map(|k| k.id).collect();
    let days = store.widget_key_days(&ids, since).await?;
    for key in keys {
        let status = match (key.revoked_at, key.expires_at) {
            (Some(_), _) => "revoked".to_string(),
            (None, Some(until)) => format!("expires:{}", until.format("%Y-%m-%dT%H:%MZ")),
            (None, None) if key.disabled_at.is_some() => "switched-off".to_string(),
            (None, None) => "active".to_string(),
        };
        let last_used = key.last_used_at.map_or("-".to_string(), |at| at.format("%Y-%m-%dT%H:%MZ").to_string());
        let loads: i64 = days.iter().filter(|d| d.key_id == key.id).map(|d| d.loads).sum();
        let submissions: i64 = days.iter().filter(|d| d.key_id == key.id).map(|d| d.submissions).sum();
        out!(
            "{}\t{}\t{status}\t{}\t{}\t{last_used}\t{loads}\t{submissions}",
            key.public_key,
            key.org_code,
            key.created_at.format("%Y-%m-%d"),
            key.origins.join(" ")
        );
    }
    Ok(())
}

async fn list_users(store: &Store, database: &OpenedDatabase) -> Result<(), Failure> {
    let users = store.list_users().await?;
    if users.is_empty() {
        note_empty("staff accounts", database, "create one with `appello users create`");
        return Ok(());
    }
    let code_of: HashMap<_, _> = store.list_orgs().await?.into_iter().map(|o| (o.id, o.code)).collect();
    for user in users {
        let org = user.org_id.and_then(|id| code_of.get(&id)).map_or("-", String::as_str);
        let password = if user.must_change_password { "must-change-password" } else { "-" };
        let name = user.full_name.as_deref().unwrap_or("-");
        let position = user.position.as_deref().unwrap_or("-");
        out!("{}\t{}\t{org}\t{password}\t{name}\t{position}", user.email, user.role);
    }
    Ok(())
}

/// Parses an e-mail address given on the command line as the sign-in form does.
fn parse_email(email: &str) -> Result<String, Failure> {
    app::domain::text::email(email)
        .map_err(|_| fail(format!("{email:?} is not an e-mail address; write it as name@example.ru")))
}

/// The maximum length of a staff member's full name, in characters.
const FULL_NAME_MAX: usize = 200;
/// The maximum length of a position, in characters. The limit is an estimate that leaves
/// room for a position followed by the full name of its department.
const POSITION_MAX: usize = 300;

/// Parses the value of `--name` or `--position`: one line, trimmed, not empty, at most `max`
/// characters.
fn parse_profile_text(option: &str, raw: &str, max: usize) -> Result<String, Failure> {
    use app::domain::Problem;

    app::domain::text::required_line(raw, max).map_err(|problem| match problem {
        Problem::Missing => fail(format!("{option} is empty; give the text, in quotes if it has spaces")),
        Problem::TooLong { max } => {
            fail(format!("{option} is too long: {} characters, at most {max} are allowed", raw.trim().chars().count()))
        }
        _ => fail(format!("{option} must be one line of text without tabs or control characters")),
    })
}

/// Parses `--name` and `--position` that were given, leaving the others `None`.
fn parse_profile(name: Option<&str>, position: Option<&str>) -> Result<app::server::store::StaffProfile, Failure> {
    Ok(app::server::store::StaffProfile {
        full_name: name.map(|raw| parse_profile_text("--name", raw, FULL_NAME_MAX)).transpose()?,
        position: position.map(|raw| parse_profile_text("--position", raw, POSITION_MAX)).transpose()?,
    })
}

async fn update_user(store: &Store, email: &str, name: Option<&str>, position: Option<&str>) -> Result<(), Failure> {
    let email = parse_email(email)?;
    let profile = parse_profile(name, position)?;
    let unknown = || fail(format!("no user with e-mail {email}; `appello users list` prints the accounts"));
    let user = match store.user_by_email(&email).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => return Err(unknown()),
        Err(e) => return Err(e.into()),
    };

    match store.update_user_profile(user.id, &profile, "cli", now()).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(unknown()),
        Err(e) => return Err(e.into()),
    }
    let user = store.user_by_email(&email).await?;
    out!("updated {} {email}", user.role);
    out!("name: {}", user.full_name.as_deref().unwrap_or("-"));
    out!("position: {}", user.position.as_deref().unwrap_or("-"));
    Ok(())
}

async fn reset_password(store: &Store, email: &str) -> Result<(), Failure> {
    let email = parse_email(email)?;
    let unknown = || fail(format!("no user with e-mail {email}; `appello users list` prints the accounts"));
    let user = match store.user_by_email(&email).await {
        Ok(user) => user,
        Err(StoreError::NotFound) => return Err(unknown()),
        Err(e) => return Err(e.into()),
    };

    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    match store.reset_password(user.id, &hash, "cli", now()).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(unknown()),
        Err(e) => return Err(e.into()),
    }
    out!("reset the password of {} {email}", user.role);
    out!("one-time password: {password}");
    out!("(it must be changed at the next sign-in; the user's sessions have ended)");
    Ok(())
}

async fn find_org(store: &Store, code: &str) -> Result<app::server::store::OrgRow, Failure> {
    match store.org_by_code(code.trim()).await {
        Ok(org) => Ok(org),
        Err(StoreError::NotFound) => {
            Err(fail(format!("no body with code {:?}; `appello orgs list` prints the codes", code.trim())))
        }
        Err(e) => Err(e.into()),
    }
}

async fn create_user(
    store: &Store,
    role: &str,
    org: Option<&str>,
    email: &str,
    include_subordinates: bool,
    (name, position): (Option<&str>, Option<&str>),
) -> Result<(), Failure> {
    let role = Role::from_code(role.trim())
        .ok_or_else(|| fail(format!("unknown role {role:?}; use reviewer, agency_admin or operator")))?;
    let email = parse_email(email)?;
    let profile = parse_profile(name, position)?;
    // The reasoned reply names the official who decided by position and full name, and only
    // reviewers and agency admins decide.
    if role != Role::Operator {
        for (option, value) in [("--name", &profile.full_name), ("--position", &profile.position)] {
            if value.is_none() {
                return Err(fail(format!(
                    "{option} is required for the role {}: the reasoned reply names the official who decided",
                    role.code()
                )));
            }
        }
    }
    let org_id = match (role, org) {
        (Role::Operator, None) => None,
        (Role::Operator, Some(_)) => return Err(fail("an operator belongs to no body; drop --org".into())),
        (_, None) => return Err(fail(format!("--org is required for the role {}", role.code()))),
        (_, Some(code)) => Some(find_org(store, code).await?.id),
    };
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    match store.create_user_with_profile(&email, &hash, role.code(), org_id, true, &profile, "cli", now()).await {
        Ok(user_id) => {
            if include_subordinates {
                store.set_include_subordinates(user_id, true).await?;
            }
            out!("created {} {email}", role.code());
            out!("one-time password: {password}");
            out!("(it must be changed at the first sign-in)");
            Ok(())
        }
        Err(StoreError::Conflict(_)) => Err(fail(format!("a user with e-mail {email} already exists"))),
        Err(e) => Err(e.into()),
    }
}

async fn calendar(store: &Store, command: CalendarCommand) -> Result<(), Failure> {
    seed_shipped_years(store).await?;
    match command {
        CalendarCommand::List => {
            for year in store.calendar_years().await? {
                out!("{}\t{}\t{}\t{}", year.year, year.status, year.days_off.len(), year.source);
            }
            Ok(())
        }
        CalendarCommand::Import { file } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| fail(format!("cannot read {}: {e}", file.display())))?;
            let report = import_calendar_file(store, &text, "cli", now())
                .await
                .map_err(|e| fail(format!("{}: {e}; nothing was changed", file.display())))?;
            print_import(&report)
        }
        CalendarCommand::Export { year } => match store.calendar_year(year).await {
            Ok(row) => write_stdout(&format_dates(&row.days_off)),
            Err(StoreError::NotFound) => Err(fail(format!(
                "no calendar for {year} in the database; `appello calendar list` prints the stored years"
            ))),
            Err(e) => Err(e.into()),
        },
    }
}

fn print_import(report: &ImportReport) -> Result<(), Failure> {
    let verb = if report.replaced { "replaced" } else { "stored" };
    out!("{verb} the calendar of {}: {}, {} non-working days", report.year, report.status, report.days_off);
    out!("  source: {}", report.source);
    if report.replaced {
        out!("  now non-working: {}", list_dates(&report.added));
        out!("  now working: {}", list_dates(&report.removed));
    }
    out!("  working Saturdays and Sundays: {}", list_dates(&report.working_weekend_days));
    Ok(())
}

fn list_dates(dates: &[impl std::fmt::Display]) -> String {
    if dates.is_empty() {
        return "none".to_string();
    }
    dates.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
}

fn print_demo(args: &DemoArgs, data: &demo::DemoData) -> Result<(), Failure> {
    out!("Demo data loaded.");
    out!("  Portal:               {}/", args.portal_url);
    out!("  Citizen's cabinet:    {}/cabinet", args.portal_url);
    out!("  Desk (staff):         {}/desk", args.portal_url);
    out!("  Demo agency page:     {}/  (embeds the widget)", args.site_url);
    out!("  Widget key:           {}", data.widget_key);
    out!("  Reviewer sign-in:     {}", data.reviewer_email);
    out!("  Reviewer password:    {}", data.reviewer_password);
    Ok(())
}

/// Builds the settings of `serve` from its arguments and environment.
async fn settings(args: &ServeArgs, addr: SocketAddr, data_dir: &Path) -> Result<Settings, Failure> {
    let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
    let public_url = public_url.trim_end_matches('/').to_string();
    if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
        return Err(fail(format!("the public URL {public_url:?} must start with http:// or https://")));
    }
    let mail = match &args.smtp_url {
        Some(url) => MailSettings::Smtp { url: url.clone(), from: args.mail_from.clone() },
        None => MailSettings::Outbox { folder: data_dir.join("outbox"), from: args.mail_from.clone() },
    };
    let oidc = match (&args.oidc_issuer, &args.oidc_client_id) {
        (Some(issuer), Some(client_id)) => Some(OidcSettings {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            client_secret: args.oidc_client_secret.clone().filter(|s| !s.is_empty()),
            label: args.oidc_label.clone(),
        }),
        _ => None,
    };
    let files = args.files.open(data_dir).await.map_err(fail)?;
    Ok(Settings { public_url, mail, oidc, files, abuse: args.abuse.settings(), ..Settings::default() })
}

async fn serve(store: Store, args: ServeArgs, data_dir: &Path) -> Result<(), Failure> {
    let options = leptos_options();
    let addr = options.site_addr;
    let embed = EmbedAssets::load(&site_root(&options).join("embed"));
    let settings = settings(&args, addr, data_dir).await?;
    match &settings.mail {
        MailSettings::Smtp { .. } => tracing::info!("mail goes through SMTP"),
        MailSettings::Outbox { folder, .. } => tracing::info!(outbox = %folder.display(), "mail goes to the outbox folder"),
    }
    let state = AppState::new(options, store.clone(), settings).await?;
    if let MailSettings::Outbox { folder, .. } = &state.settings.mail {
        note(format_args!("Mail (sign-in codes, notices) is written to {} as .eml files.", folder.display()));
    }
    let (stop_worker, worker_stopped) = tokio::sync::oneshot::channel::<()>();
    let worker = tokio::spawn(jobs::run_worker(state.clone(), async move {
        let _ = worker_stopped.await;
    }));

    if !args.demo_sites.is_empty() {
        let Some(key) = demo::demo_key(&store).await? else {
            return Err(fail("--demo-site needs the demo data; run `appello demo` first".into()));
        };
        let public_url = args.public_url.clone().unwrap_or_else(|| format!("http://{addr}"));
        for site in args.demo_sites {
            let (url, key) = (public_url.clone(), key.clone());
            tokio::spawn(async move {
                if let Err(error) = demo::serve_site(site, url, key).await {
                    tracing::error!(%site, %error, "demo agency site stopped");
                }
            });
        }
    }

    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|e| fail(format!("cannot listen on {addr}: {e}")))?;
    tracing::info!(%addr, backend = store.backend(), "appello listening");
    let service = router::router(state, embed).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await?;
    let _ = stop_worker.send(());
    if let Err(error) = worker.await {
        tracing::error!(%error, "the job worker failed");
    }
    store.close().await;
    tracing::info!("appello stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM, so that requests in flight finish before the exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
