//! Attached files in a bucket of an S3-compatible object storage, through the `object_store`
//! crate, which signs the requests (Signature Version 4) and retries failed ones.

use std::fmt;
use std::io;
use std::time::Duration;

use bytes::Bytes;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::list::{PaginatedListOptions, PaginatedListStore};
use object_store::path::Path;
use object_store::{ClientOptions, ObjectStoreExt, RetryConfig};

use super::files::{FileFuture, FileStore};

/// How long one request may take, from connecting to the last byte of the body. A file is at
/// most 10 MB, which takes about 8 seconds at 10 Mbit/s.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a failed request is retried, and for how long in all. The `object_store` default
/// of 10 retries within 3 minutes would hold an applicant's request, or the start-up check, for
/// minutes when the storage is down.
const MAX_RETRIES: usize = 2;
const RETRY_TIMEOUT: Duration = Duration::from_secs(15);

/// The bucket's address and the access key that signs the requests.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// The storage's address, `https://HOST[:PORT]`. Requests use path-style addressing,
    /// `ENDPOINT/BUCKET/KEY`, not a bucket subdomain.
    pub endpoint: String,
    pub bucket: String,
    /// The region the requests are signed for, such as `ru-central1`.
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
    /// A folder inside the bucket that every key goes under, such as `appello/attachments`;
    /// empty for the top of the bucket.
    pub prefix: String,
    /// Whether an `http://` endpoint is accepted. Off by default, because over plain HTTP the
    /// files cross the network unencrypted.
    pub allow_http: bool,
}

impl fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Settings")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"[redacted]")
            .field("prefix", &self.prefix)
            .field("allow_http", &self.allow_http)
            .finish()
    }
}

/// A reason the S3 store cannot be used. The messages never contain the secret key.
#[derive(Debug, thiserror::Error)]
pub enum S3Error {
    #[error("invalid S3 setting: {0}")]
    InvalidSetting(String),
    #[error(
        "the list request to S3 bucket {bucket:?} at {endpoint} failed: {source}; \
         check the endpoint, bucket name, region and access key"
    )]
    BucketUnavailable { endpoint: String, bucket: String, source: object_store::Error },
}

/// Files kept as objects in an S3 bucket, one object per key, under the configured prefix.
pub struct S3Store {
    client: AmazonS3,
    endpoint: String,
    bucket: String,
    prefix: Option<Path>,
}

impl fmt::Debug for S3Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Store")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix.as_ref().map(Path::as_ref))
            .finish()
    }
}

impl S3Store {
    /// Builds the client without sending a request; see [`S3Store::connect`] for the check.
    pub fn new(settings: &S3Settings) -> Result<S3Store, S3Error> {
        let invalid = |message: String| Err(S3Error::InvalidSetting(message));
        let endpoint = settings.endpoint.trim_end_matches('/').to_string();
        if endpoint.starts_with("http://") {
            if !settings.allow_http {
                return invalid(format!(
                    "the endpoint {endpoint} uses plain HTTP; use https://, or allow plain HTTP \
                     with APPELLO_S3_ALLOW_HTTP=true (--s3-allow-http)"
                ));
            }
        } else if !endpoint.starts_with("https://") {
            return invalid(format!("the endpoint {endpoint:?} must start with https:// or http://"));
        }
        for (name, value) in [
            ("bucket", &settings.bucket),
            ("region", &settings.region),
            ("access key ID", &settings.access_key_id),
            ("secret access key", &settings.secret_access_key),
        ] {
            if value.trim().is_empty() {
                return invalid(format!("the {name} is missing"));
            }
        }
        let prefix = settings.prefix.trim_matches('/');
        let prefix = if prefix.is_empty() {
            None
        } else {
            let parsed = Path::parse(prefix).map_err(|error| {
                S3Error::InvalidSetting(format!("the key prefix {prefix:?} is not a valid object key: {error}"))
            })?;
            Some(parsed)
        };

        let retry = RetryConfig { max_retries: MAX_RETRIES, retry_timeout: RETRY_TIMEOUT, ..RetryConfig::default() };
        let options = ClientOptions::new()
            .with_timeout(REQUEST_TIMEOUT)
            .with_connect_timeout(CONNECT_TIMEOUT)
            .with_allow_http(settings.allow_http);
        let client = AmazonS3Builder::new()
            .with_endpoint(&endpoint)
            .with_virtual_hosted_style_request(false)
            .with_bucket_name(&settings.bucket)
            .with_region(&settings.region)
            .with_access_key_id(&settings.access_key_id)
            .with_secret_access_key(&settings.secret_access_key)
            .with_client_options(options)
            .with_retry(retry)
            .build()
            .map_err(|error| S3Error::InvalidSetting(error.to_string()))?;
        Ok(S3Store { client, endpoint, bucket: settings.bucket.clone(), prefix })
    }

    /// Builds the client and checks the bucket with [`S3Store::check`].
    pub async fn connect(settings: &S3Settings) -> Result<S3Store, S3Error> {
        let store = S3Store::new(settings)?;
        store.check().await?;
        Ok(store)
    }

    /// Lists at most one key under the prefix: one request, which fails when the endpoint is
    /// unreachable, the bucket is missing, or the access key is rejected.
    pub async fn check(&self) -> Result<(), S3Error> {
        let options = PaginatedListOptions { max_keys: Some(1), ..PaginatedListOptions::default() };
        let prefix = self.prefix.as_ref().map(|prefix| format!("{prefix}/"));
        match self.client.list_paginated(prefix.as_deref(), options).await {
            Ok(_) => Ok(()),
            Err(source) => {
                Err(S3Error::BucketUnavailable { endpoint: self.endpoint.clone(), bucket: self.bucket.clone(), source })
            }
        }
    }

    /// Returns the object's location: the prefix, then the key. Keys follow the rule of
    /// [`FileStore`], checked here as the local folder checks them, so both stores accept the
    /// same keys.
    fn location_of(&self, key: &str) -> io::Result<Path> {
        let valid = !key.is_empty()
            && key.split('/').all(|part| !part.is_empty())
            && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-' || b == b'/');
        if !valid {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("invalid file key {key:?}")));
        }
        let full = match &self.prefix {
            Some(prefix) => format!("{prefix}/{key}"),
            None => key.to_string(),
        };
        Path::parse(full).map_err(|error| io::Error::new(io::ErrorKind::InvalidInput, error))
    }
}

/// Maps a storage error to `io::Error`, keeping a missing object as `NotFound`.
fn io_error(error: object_store::Error) -> io::Error {
    match error {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, error),
        other => io::Error::other(other),
    }
}

impl FileStore for S3Store {
    fn put<'a>(&'a self, key: &'a str, bytes: Bytes) -> FileFuture<'a, ()> {
        Box::pin(async move {
            let location = self.location_of(key)?;
            self.client.put(&location, bytes.into()).await.map_err(io_error)?;
            Ok(())
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> FileFuture<'a, Bytes> {
        Box::pin(async move {
            let location = self.location_of(key)?;
            let object = self.client.get(&location).await.map_err(io_error)?;
            object.bytes().await.map_err(io_error)
        })
    }

    fn delete<'a>(&'a self, key: &'a str) -> FileFuture<'a, ()> {
        Box::pin(async move {
            let location = self.location_of(key)?;
            // S3 returns 204 for a delete of a missing key, but some compatible stores return 404.
            match self.client.delete(&location).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(error) => Err(io_error(error)),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> S3Settings {
        S3Settings {
            endpoint: "https://storage.example.ru".to_string(),
            bucket: "appello-files".to_string(),
            region: "ru-central1".to_string(),
            access_key_id: "test-key-id".to_string(),
            secret_access_key: "test-secret-value".to_string(),
            prefix: String::new(),
            allow_http: false,
        }
    }

    #[test]
    fn debug_redacts_secret() {
        let text = format!("{:?}", settings());
        assert!(!text.contains("test-secret-value"), "{text}");
        assert!(text.contains("[redacted]"), "{text}");
        assert!(text.contains("test-key-id"), "{text}");
    }

    #[test]
    fn new_rejects_plain_http_unless_allowed() {
        let plain = S3Settings { endpoint: "http://127.0.0.1:9000".to_string(), ..settings() };
        let error = S3Store::new(&plain).expect_err("http:// without allow_http");
        assert!(error.to_string().contains("plain HTTP"), "{error}");
        let allowed = S3Settings { allow_http: true, ..plain };
        assert!(S3Store::new(&allowed).is_ok(), "http:// with allow_http");
    }

    #[test]
    fn new_rejects_missing_values() {
        let cases = [
            (S3Settings { endpoint: "storage.example.ru".to_string(), ..settings() }, "must start with https://"),
            (S3Settings { bucket: " ".to_string(), ..settings() }, "the bucket is missing"),
            (S3Settings { access_key_id: String::new(), ..settings() }, "the access key ID is missing"),
            (S3Settings { secret_access_key: String::new(), ..settings() }, "the secret access key is missing"),
            (S3Settings { prefix: "a//b".to_string(), ..settings() }, "the key prefix"),
        ];
        for (case, expected) in cases {
            let error = S3Store::new(&case).expect_err(expected);
            assert!(error.to_string().contains(expected), "{error} should contain {expected:?}");
        }
    }

    #[test]
    fn location_adds_prefix() {
        let store = S3Store::new(&S3Settings { prefix: "/appello/files/".to_string(), ..settings() }).expect("store");
        assert_eq!(store.location_of("0a/1b-2c").expect("a valid key").as_ref(), "appello/files/0a/1b-2c");
        let bare = S3Store::new(&settings()).expect("store");
        assert_eq!(bare.location_of("0a/1b-2c").expect("a valid key").as_ref(), "0a/1b-2c");
        let invalid = bare.location_of("../escape").expect_err("a key with dots");
        assert_eq!(invalid.kind(), io::ErrorKind::InvalidInput);
    }
}
