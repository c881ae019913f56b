//! `appello api-keys`: secret keys of the REST API from the command line, with the same
//! checks and audit entries as the page at /desk/platform/api-keys.

use std::io::Write;

use clap::Subcommand;
use uuid::Uuid;

use app::server::api_keys::{create_key_in, KeyRequest, KeyRequestError, MAX_NAME_CHARS};
use app::server::secrets::{random_token, DerivationKey};
use app::server::store::{now, AuditActor, Store, StoreError};

#[derive(Subcommand)]
pub enum ApiKeysCommand {
    /// Issue a secret key for a body and print it. The key is shown this once.
    Create {
        /// The body's code, as `appello orgs list` prints it.
        #[arg(long)]
        org: String,
        /// The name of the key: the system it is for, such as the body's case system.
        #[arg(long)]
        name: String,
        /// complaints:read or complaints:write. Repeat for both.
        #[arg(long = "scope", required = true)]
        scopes: Vec<String>,
    },
    /// Print each key, newest first, one a line. The fields, separated by tabs, are the id,
    /// the key's first characters, the body code, active or revoked, the scopes, the creation
    /// date (UTC), the last use (UTC, or `never`) and the name.
    List {
        /// Only the keys of this body.
        #[arg(long)]
        org: Option<String>,
    },
    /// Revoke a key by the id that `list` prints; the next request with it is rejected.
    Revoke { id: String },
}

/// Runs one `api-keys` command; the error is the message for standard error.
pub async fn run(store: &Store, command: ApiKeysCommand) -> Result<(), String> {
    let by = AuditActor { actor: "cli".to_string(), ip: None };
    match command {
        ApiKeysCommand::Create { org, name, scopes } => {
            let org = find_org(store, &org).await?;
            let request = KeyRequest::parse(&name, &scopes).map_err(|errors| describe(&errors))?;
            let derivation_key = derivation_key(store).await?;
            let created = create_key_in(store, &derivation_key, org.id, &request, &by, now())
                .await
                .map_err(|e| format!("the key was not created: {e}"))?;
            eprintln!("note: the key is shown once; store it now (id {})", created.row.id);
            print_line(&created.secret)
        }
        ApiKeysCommand::List { org } => {
            let org_id = match org {
                Some(code) => Some(find_org(store, &code).await?.id),
                None => None,
            };
            let keys = store.list_api_keys(org_id).await.map_err(|e| format!("the keys could not be read: {e}"))?;
            if keys.is_empty() {
                eprintln!("note: no API keys; issue one with `appello api-keys create`");
            }
            for key in keys {
                let state = if key.revoked_at.is_some() { "revoked" } else { "active" };
                let last_used =
                    key.last_used_at.map_or("never".to_string(), |at| at.format("%Y-%m-%d %H:%M").to_string());
                print_line(&format!(
                    "{}\t{}\t{}\t{state}\t{}\t{}\t{last_used}\t{}",
                    key.id,
                    key.prefix,
                    key.org_code,
                    key.scopes.replace(' ', ","),
                    key.created_at.format("%Y-%m-%d"),
                    key.name
                ))?;
            }
            Ok(())
        }
        ApiKeysCommand::Revoke { id } => {
            let parsed = Uuid::parse_str(id.trim()).map_err(|_| {
                format!("{:?} is not a key id; copy the first field of `appello api-keys list`", id.trim())
            })?;
            match store.revoke_api_key(parsed, None, &by, now()).await {
                Ok(key) => print_line(&format!("revoked {} ({})", key.id, key.prefix)),
                Err(StoreError::NotFound) => Err(format!("no API key with id {parsed}; check `appello api-keys list`")),
                Err(StoreError::Conflict(_)) => Err(format!("API key {parsed} is already revoked")),
                Err(e) => Err(format!("the key was not revoked: {e}")),
            }
        }
    }
}

async fn find_org(store: &Store, code: &str) -> Result<app::server::store::OrgRow, String> {
    match store.org_by_code(code.trim()).await {
        Ok(org) => Ok(org),
        Err(StoreError::NotFound) => Err(format!("no body with code {:?}; see `appello orgs list`", code.trim())),
        Err(e) => Err(format!("the body could not be read: {e}")),
    }
}

/// Reads the instance's derivation key, creating it on first use as the server does.
async fn derivation_key(store: &Store) -> Result<DerivationKey, String> {
    let hex = store
        .setting_or_insert("derivation_key", &random_token(32))
        .await
        .map_err(|e| format!("the derivation key could not be read: {e}"))?;
    DerivationKey::from_hex(&hex).ok_or_else(|| "the stored derivation key is not 32 bytes of hex".to_string())
}

fn describe(errors: &[KeyRequestError]) -> String {
    let parts: Vec<String> = errors
        .iter()
        .map(|error| match error {
            KeyRequestError::NameMissing => "--name is empty; name the system the key is for".to_string(),
            KeyRequestError::NameTooLong => {
                format!("--name must be at most {MAX_NAME_CHARS} characters without control characters")
            }
            KeyRequestError::NoScope => "give --scope complaints:read and/or --scope complaints:write".to_string(),
            KeyRequestError::UnknownScope(scope) => {
                format!("--scope {scope:?} is unknown; use complaints:read or complaints:write")
            }
        })
        .collect();
    parts.join("; ")
}

fn print_line(text: &str) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{text}") {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(format!("cannot write to stdout: {error}")),
    }
}
