//! The `appello` command line: serve, migrate, and manage the directory, keys and users.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use app::server::auth::{hash_password, one_time_password, Role};
use app::server::calendar::{format_dates, import_calendar_file, seed_shipped_years, ImportReport};
use app::server::directory::import_directory;
use app::server::keys::{new_public_key, normalize_origins};
use app::server::state::{AppState, Settings};
use app::server::store::{now, redact_url, Store, StoreError};

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
    /// Folder for the default SQLite database.
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
}

#[derive(Subcommand)]
enum OrgsCommand {
    /// Print each body's code and name, one body a line.
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

/// A failure that ends the command, with the message the user sees.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(error.to_string())
    }
}

pub async fn run() -> ExitCode {
    let cli = Cli::parse();
    telemetry::init();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> Result<(), Failure> {
    let url = cli.global.database_url.clone().unwrap_or_else(|| default_database_url(&cli.global.data_dir));
    let store = Store::connect(&url)
        .await
        .map_err(|e| Failure(format!("cannot open the database {}: {e}", redact_url(&url))))?;
    store.migrate().await?;

    match cli.command {
        Command::Serve(args) => serve(store, args).await,
        Command::Migrate => {
            println!("migrations applied ({})", store.backend());
            Ok(())
        }
        Command::Orgs(OrgsCommand::List) => {
            for org in store.list_orgs().await? {
                println!("{}\t{}", org.code, org.name_ru);
            }
            Ok(())
        }
        Command::Orgs(OrgsCommand::Import { file }) => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))?;
            let counts = import_directory(&store, &text, now()).await?;
            println!("imported {} bodies and {} services", counts.orgs, counts.services);
            Ok(())
        }
        Command::Keys(KeysCommand::Create { org, origins }) => {
            let org = find_org(&store, &org).await?;
            let origins = normalize_origins(&origins)?;
            let key = new_public_key();
            store.create_widget_key(org.id, &key, &origins, "cli", now()).await?;
            println!("{key}");
            Ok(())
        }
        Command::Keys(KeysCommand::Revoke { key }) => match store.revoke_widget_key(key.trim(), "cli", now()).await {
            Ok(()) => {
                println!("revoked {}", key.trim());
                Ok(())
            }
            Err(StoreError::NotFound) => Err(Failure(format!("no widget key {:?}; check the key", key.trim()))),
            Err(StoreError::Conflict(_)) => Err(Failure(format!("widget key {:?} is already revoked", key.trim()))),
            Err(e) => Err(e.into()),
        },
        Command::Users(UsersCommand::Create { role, org, email, include_subordinates }) => {
            create_user(&store, &role, org.as_deref(), &email, include_subordinates).await
        }
        Command::Calendar(command) => calendar(&store, command).await,
        Command::Demo(args) => {
            let data = demo::load(&store, &args.origins).await?;
            print_demo(&args, &data);
            Ok(())
        }
    }
}

async fn find_org(store: &Store, code: &str) -> Result<app::server::store::OrgRow, Failure> {
    match store.org_by_code(code.trim()).await {
        Ok(org) => Ok(org),
        Err(StoreError::NotFound) => {
            Err(Failure(format!("no body with code {:?}; `appello orgs list` prints the codes", code.trim())))
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
) -> Result<(), Failure> {
    let role = Role::from_code(role.trim())
        .ok_or_else(|| Failure(format!("unknown role {role:?}; use reviewer, agency_admin or operator")))?;
    let email = app::domain::text::email(email)
        .map_err(|_| Failure(format!("{email:?} is not an e-mail address; write it as name@example.ru")))?;
    let org_id = match (role, org) {
        (Role::Operator, None) => None,
        (Role::Operator, Some(_)) => return Err(Failure("an operator belongs to no body; drop --org".into())),
        (_, None) => return Err(Failure(format!("--org is required for the role {}", role.code()))),
        (_, Some(code)) => Some(find_org(store, code).await?.id),
    };
    let password = one_time_password();
    let hash = hash_password(password.clone()).await?;
    match store.create_user(&email, &hash, role.code(), org_id, true, "cli", now()).await {
        Ok(user_id) => {
            if include_subordinates {
                store.set_include_subordinates(user_id, true).await?;
            }
            println!("created {} {email}", role.code());
            println!("one-time password: {password}");
            println!("(it must be changed at the first sign-in)");
            Ok(())
        }
        Err(StoreError::Conflict(_)) => Err(Failure(format!("a user with e-mail {email} already exists"))),
        Err(e) => Err(e.into()),
    }
}

async fn calendar(store: &Store, command: CalendarCommand) -> Result<(), Failure> {
    seed_shipped_years(store).await?;
    match command {
        CalendarCommand::List => {
            for year in store.calendar_years().await? {
                println!("{}\t{}\t{}\t{}", year.year, year.status, year.days_off.len(), year.source);
            }
            Ok(())
        }
        CalendarCommand::Import { file } => {
            let text =
                std::fs::read_to_string(&file).map_err(|e| Failure(format!("cannot read {}: {e}", file.display())))?;
            let report = import_calendar_file(store, &text, "cli", now())
                .await
                .map_err(|e| Failure(format!("{}: {e}; nothing was changed", file.display())))?;
            print_import(&report);
            Ok(())
        }
        CalendarCommand::Export { year } => match store.calendar_year(year).await {
            Ok(row) => {
                print!("{}", format_dates(&row.days_off));
                Ok(())
            }
            Err(StoreError::NotFound) => Err(Failure(format!(
                "no calendar for {year} in the database; `appello calendar list` prints the stored years"
            ))),
            Err(e) => Err(e.into()),
        },
    }
}

fn print_import(report: &ImportReport) {
    let verb = if report.replaced { "replaced" } else { "stored" };
    println!("{verb} the calendar of {}: {}, {} non-working days", report.year, report.status, report.days_off);
    println!("  source: {}", report.source);
    if report.replaced {
        println!("  now non-working: {}", list_dates(&report.added));
        println!("  now working: {}", list_dates(&report.removed));
    }
    println!("  working Saturdays and Sundays: {}", list_dates(&report.working_weekend_days));
}

fn list_dates(dates: &[impl std::fmt::Display]) -> String {
    if dates.is_empty() {
        return "none".to_string();
    }
    dates.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
}

fn print_demo(args: &DemoArgs, data: &demo::DemoData) {
    println!("Demo data loaded.");
    println!("  Portal:               {}/", args.portal_url);
    println!("  Desk (staff):         {}/desk", args.portal_url);
    println!("  Demo agency page:     {}/  (embeds the widget)", args.site_url);
    println!("  Widget key:           {}", data.widget_key);
    println!("  Reviewer sign-in:     {}", data.reviewer_email);
    println!("  Reviewer password:    {}", data.reviewer_password);
}

async fn serve(store: Store, args: ServeArgs) -> Result<(), Failure> {
    let options = leptos_options();
    let addr = options.site_addr;
    let embed = EmbedAssets::load(&site_root(&options).join("embed"));
    let state = AppState::new(options, store.clone(), Settings::default()).await?;

    if !args.demo_sites.is_empty() {
        let Some(key) = demo::demo_key(&store).await? else {
            return Err(Failure("--demo-site needs the demo data; run `appello demo` first".into()));
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
        tokio::net::TcpListener::bind(addr).await.map_err(|e| Failure(format!("cannot listen on {addr}: {e}")))?;
    tracing::info!(%addr, backend = store.backend(), "appello listening");
    axum::serve(listener, router::router(state, embed)).with_graceful_shutdown(shutdown_signal()).await?;
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
