//! The `serve` options that choose where attached files are kept: the `attachments` folder of
//! the data folder (the default) or a bucket of an S3-compatible object storage.

use std::path::Path;
use std::sync::Arc;

use clap::Args;

use app::server::files::{FileStore, LocalFolder};
use app::server::files_s3::{S3Settings, S3Store};

/// The file-store options of `serve`. Debug is not derived, so that the secret key cannot
/// reach a log through it.
#[derive(Args, Clone)]
pub struct FileStoreArgs {
    /// Keep attached files in this bucket of an S3-compatible storage instead of the
    /// `attachments` folder of the data folder. Needs the endpoint and the access key too.
    #[arg(long, env = "APPELLO_S3_BUCKET")]
    s3_bucket: Option<String>,
    /// The storage's address, as https://HOST[:PORT]. Requests use path-style addressing
    /// (ENDPOINT/BUCKET/KEY).
    #[arg(long, env = "APPELLO_S3_ENDPOINT")]
    s3_endpoint: Option<String>,
    /// The region that requests are signed for.
    #[arg(long, env = "APPELLO_S3_REGION", default_value = "us-east-1")]
    s3_region: String,
    /// The access key ID.
    #[arg(long, env = "APPELLO_S3_ACCESS_KEY_ID")]
    s3_access_key_id: Option<String>,
    /// The secret access key. Prefer the environment variable: other users of the machine can
    /// read command-line arguments.
    #[arg(long, env = "APPELLO_S3_SECRET_ACCESS_KEY", hide_env_values = true)]
    s3_secret_access_key: Option<String>,
    /// A folder inside the bucket for the files, such as `appello/attachments`. Default: the
    /// top of the bucket.
    #[arg(long, env = "APPELLO_S3_PREFIX", default_value = "")]
    s3_prefix: String,
    /// Accept an http:// endpoint, which sends the files unencrypted. For a storage on the
    /// same host or in tests only.
    #[arg(long, env = "APPELLO_S3_ALLOW_HTTP")]
    s3_allow_http: bool,
}

impl FileStoreArgs {
    /// Returns the S3 settings when a bucket is given, `None` for the local folder. Fails when
    /// S3 options are given without a bucket, or a bucket without the rest.
    pub fn s3_settings(&self) -> Result<Option<S3Settings>, String> {
        let Some(bucket) = self.s3_bucket.clone().filter(|bucket| !bucket.is_empty()) else {
            let s3_options = [
                ("APPELLO_S3_ENDPOINT (--s3-endpoint)", self.s3_endpoint.is_some()),
                ("APPELLO_S3_ACCESS_KEY_ID (--s3-access-key-id)", self.s3_access_key_id.is_some()),
                ("APPELLO_S3_SECRET_ACCESS_KEY (--s3-secret-access-key)", self.s3_secret_access_key.is_some()),
            ];
            if let Some((name, _)) = s3_options.iter().find(|(_, is_set)| *is_set) {
                return Err(format!(
                    "{name} is set but APPELLO_S3_BUCKET (--s3-bucket) is not; set the bucket to keep \
                     attached files in S3, or unset the S3 options to keep them in the data folder"
                ));
            }
            return Ok(None);
        };
        let required = |value: &Option<String>, name: &str| match value {
            Some(value) if !value.is_empty() => Ok(value.clone()),
            _ => Err(format!("{name} is missing: keeping attached files in S3 bucket {bucket:?} needs it")),
        };
        Ok(Some(S3Settings {
            endpoint: required(&self.s3_endpoint, "APPELLO_S3_ENDPOINT (--s3-endpoint)")?,
            access_key_id: required(&self.s3_access_key_id, "APPELLO_S3_ACCESS_KEY_ID (--s3-access-key-id)")?,
            secret_access_key: required(
                &self.s3_secret_access_key,
                "APPELLO_S3_SECRET_ACCESS_KEY (--s3-secret-access-key)",
            )?,
            bucket,
            region: self.s3_region.clone(),
            prefix: self.s3_prefix.clone(),
            allow_http: self.s3_allow_http,
        }))
    }

    /// Opens the chosen store. For S3 this sends one list request and fails when it fails, so
    /// that a wrong setting stops the start instead of the first upload.
    pub async fn open(&self, data_dir: &Path) -> Result<Arc<dyn FileStore>, String> {
        match self.s3_settings()? {
            None => {
                let folder = data_dir.join("attachments");
                tracing::info!(folder = %folder.display(), "attached files go to the local folder");
                Ok(Arc::new(LocalFolder::new(folder)))
            }
            Some(settings) => {
                let store = S3Store::connect(&settings).await.map_err(|error| error.to_string())?;
                tracing::info!(
                    endpoint = %settings.endpoint,
                    bucket = %settings.bucket,
                    prefix = %settings.prefix,
                    "attached files go to S3"
                );
                Ok(Arc::new(store))
            }
        }
    }
}
