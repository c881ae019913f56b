//! Files that applicants attach when they file a complaint or answer a request: where the
//! bytes are kept, which files are accepted, and the limits on them. The rows that describe
//! the files are in the store.

use std::fmt;
use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;

use bytes::Bytes;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::store::NewAttachment;
use crate::domain::Problem;

pub use crate::domain::files::{FileKind, MAX_COMPLAINT_BYTES, MAX_FILES_PER_ANSWER, MAX_FILE_BYTES};
use crate::domain::files::MEGABYTE;

/// The maximum size of a request with files: every file at its limit, plus the form's text.
pub const MAX_UPLOAD_BYTES: u64 = MAX_FILES_PER_ANSWER as u64 * MAX_FILE_BYTES + MEGABYTE;

/// The future returned by [`FileStore`] methods, boxed so that the trait can be used as
/// `dyn FileStore`.
pub type FileFuture<'a, T> = Pin<Box<dyn Future<Output = io::Result<T>> + Send + 'a>>;

/// A key-value store for the bytes of attached files. Keys are made of lowercase hex
/// digits, `-` and `/`, so they are valid both as relative paths and as S3 object keys.
pub trait FileStore: Send + Sync + fmt::Debug {
    /// Stores `bytes` under `key`, replacing what was there.
    fn put<'a>(&'a self, key: &'a str, bytes: Bytes) -> FileFuture<'a, ()>;
    /// Reads the bytes stored under `key`; a missing key is `io::ErrorKind::NotFound`.
    fn get<'a>(&'a self, key: &'a str) -> FileFuture<'a, Bytes>;
    /// Deletes what is stored under `key`; a missing key is not an error.
    fn delete<'a>(&'a self, key: &'a str) -> FileFuture<'a, ()>;
}

/// Files kept in a local folder, one file per key, with `/` in a key making subfolders.
#[derive(Clone, Debug)]
pub struct LocalFolder {
    root: PathBuf,
}

impl LocalFolder {
    /// Keeps files under `root`, which is created on the first write.
    pub fn new(root: impl Into<PathBuf>) -> LocalFolder {
        LocalFolder { root: root.into() }
    }

    fn path_of(&self, key: &str) -> io::Result<PathBuf> {
        let valid = !key.is_empty()
            && key.split('/').all(|part| !part.is_empty())
            && key.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-' || b == b'/');
        if !valid {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("invalid file key {key:?}")));
        }
        Ok(self.root.join(key))
    }
}

impl FileStore for LocalFolder {
    fn put<'a>(&'a self, key: &'a str, bytes: Bytes) -> FileFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path_of(key)?;
            if let Some(folder) = path.parent() {
                tokio::fs::create_dir_all(folder).await?;
            }
            // Written beside the target and renamed, so a reader never sees half a file.
            let partial = path.with_extension("partial");
            tokio::fs::write(&partial, &bytes).await?;
            tokio::fs::rename(&partial, &path).await
        })
    }

    fn get<'a>(&'a self, key: &'a str) -> FileFuture<'a, Bytes> {
        Box::pin(async move { Ok(Bytes::from(tokio::fs::read(self.path_of(key)?).await?)) })
    }

    fn delete<'a>(&'a self, key: &'a str) -> FileFuture<'a, ()> {
        Box::pin(async move {
            match tokio::fs::remove_file(self.path_of(key)?).await {
                Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
                other => other,
            }
        })
    }
}

/// A file as posted. For a file over [`MAX_FILE_BYTES`], `bytes` holds only its start,
/// and `size` its real length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub filename: String,
    pub size: u64,
    pub bytes: Bytes,
}

/// A file that passed the checks, with its display name and sniffed type.
#[derive(Clone, Debug)]
pub struct AcceptedFile {
    pub filename: String,
    pub kind: FileKind,
    pub bytes: Bytes,
}

/// Checks the files of one answer against the type and size limits, given the bytes the
/// complaint's earlier files take. The error names the first file that fails.
pub fn check_uploads(uploads: &[Upload], stored_bytes: u64) -> Result<Vec<AcceptedFile>, Problem> {
    if uploads.len() > MAX_FILES_PER_ANSWER {
        return Err(Problem::TooManyFiles { max: MAX_FILES_PER_ANSWER });
    }
    let mut total = stored_bytes;
    let mut accepted = Vec::with_capacity(uploads.len());
    for upload in uploads {
        let filename = display_filename(&upload.filename);
        if upload.size > MAX_FILE_BYTES {
            return Err(Problem::FileTooLarge { name: filename, max_mb: MAX_FILE_BYTES / MEGABYTE });
        }
        let Some(kind) = FileKind::sniff(&upload.bytes) else {
            return Err(Problem::FileTypeNotAllowed { name: filename });
        };
        if total + upload.size > MAX_COMPLAINT_BYTES {
            let left_kb = MAX_COMPLAINT_BYTES.saturating_sub(total) / 1024;
            return Err(Problem::ComplaintFilesFull {
                name: filename,
                max_mb: MAX_COMPLAINT_BYTES / MEGABYTE,
                left_kb,
            });
        }
        total += upload.size;
        accepted.push(AcceptedFile { filename, kind, bytes: upload.bytes.clone() });
    }
    Ok(accepted)
}

/// Writes accepted files to `store` under fresh keys in the folder of `complaint_id` and
/// returns their rows. When a write fails, the files already written are deleted.
pub async fn put_files(
    store: &dyn FileStore,
    complaint_id: Uuid,
    files: Vec<AcceptedFile>,
) -> io::Result<Vec<NewAttachment>> {
    let mut written = Vec::with_capacity(files.len());
    for file in files {
        let id = Uuid::now_v7();
        let storage_key = format!("{}/{}", complaint_id.simple(), id.simple());
        let bytes = file.bytes.clone();
        let sha256 = match tokio::task::spawn_blocking(move || hex::encode(Sha256::digest(&bytes))).await {
            Ok(digest) => digest,
            Err(error) => {
                delete_files(store, &written).await;
                return Err(io::Error::other(error));
            }
        };
        let size_bytes = i64::try_from(file.bytes.len()).unwrap_or(i64::MAX);
        if let Err(error) = store.put(&storage_key, file.bytes).await {
            tracing::error!(%error, %complaint_id, key = %storage_key, "attached file could not be stored");
            delete_files(store, &written).await;
            return Err(error);
        }
        written.push(NewAttachment {
            id,
            filename: file.filename,
            content_type: file.kind.content_type(),
            size_bytes,
            sha256,
            storage_key,
        });
    }
    Ok(written)
}

/// Deletes files whose rows were not stored, logging the ones that stay behind.
pub async fn delete_files(store: &dyn FileStore, attachments: &[NewAttachment]) {
    for attachment in attachments {
        if let Err(error) = store.delete(&attachment.storage_key).await {
            tracing::error!(%error, key = %attachment.storage_key, "orphaned attached file could not be deleted");
        }
    }
}

/// The maximum length of a kept file name, in characters.
const MAX_FILENAME_CHARS: usize = 150;

/// Turns a posted file name into one safe to show: the last path component, without
/// control characters, trimmed and shortened; "file" when nothing is left.
pub fn display_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base.chars().filter(|c| !c.is_control()).collect();
    let trimmed = cleaned.trim().trim_start_matches('.').trim();
    if trimmed.is_empty() {
        return "file".to_string();
    }
    trimmed.chars().take(MAX_FILENAME_CHARS).collect()
}

/// Builds the `Content-Disposition` value of a download: an ASCII `filename` for old clients,
/// with the extension of the sniffed type, and the full name in UTF-8 as `filename*` (RFC 6266).
pub fn content_disposition(filename: &str, kind: FileKind) -> String {
    let stem = match filename.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => filename,
    };
    let ascii: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') { c } else { '_' })
        .collect();
    let ascii = if ascii.trim_matches(['_', ' ', '.']).is_empty() { "file".to_string() } else { ascii };
    let full = format!("{stem}.{}", kind.extension());
    let encoded: String = full
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}.{}\"; filename*=UTF-8''{encoded}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(name: &str, bytes: &[u8]) -> Upload {
        Upload { filename: name.to_string(), size: bytes.len() as u64, bytes: Bytes::copy_from_slice(bytes) }
    }

    #[test]
    fn sniff_recognizes_magic_bytes() {
        let cases: [(&[u8], Option<FileKind>); 8] = [
            (b"%PDF-1.7\n", Some(FileKind::Pdf)),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0x00], Some(FileKind::Jpeg)),
            (&[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00], Some(FileKind::Png)),
            (b"%PDF", None),
            (&[0xFF, 0xD8], None),
            (&[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A], None),
            (b"plain text, named report.pdf", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(FileKind::sniff(bytes), expected, "sniff({bytes:?})");
        }
    }

    #[test]
    fn check_rejects_text_named_pdf() {
        let result = check_uploads(&[upload("scan.pdf", b"not a pdf")], 0);
        assert_eq!(result.err(), Some(Problem::FileTypeNotAllowed { name: "scan.pdf".to_string() }));
    }

    #[test]
    fn check_rejects_oversized_file() {
        let big =
            Upload { filename: "big.pdf".to_string(), size: MAX_FILE_BYTES + 1, bytes: Bytes::from_static(b"%PDF-") };
        assert_eq!(
            check_uploads(&[big], 0).err(),
            Some(Problem::FileTooLarge { name: "big.pdf".to_string(), max_mb: 10 })
        );
    }

    #[test]
    fn check_rejects_sixth_file() {
        let files: Vec<Upload> = (0..6).map(|i| upload(&format!("{i}.pdf"), b"%PDF-1.4")).collect();
        assert_eq!(check_uploads(&files, 0).err(), Some(Problem::TooManyFiles { max: 5 }));
        assert!(check_uploads(&files[..5], 0).is_ok(), "five files pass");
    }

    #[test]
    fn check_counts_stored_bytes() {
        let file = upload("a.png", &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        let stored = MAX_COMPLAINT_BYTES - 4;
        let expected = Problem::ComplaintFilesFull { name: "a.png".to_string(), max_mb: 20, left_kb: 0 };
        assert_eq!(check_uploads(std::slice::from_ref(&file), stored).err(), Some(expected));
        assert!(check_uploads(&[file], MAX_COMPLAINT_BYTES - 8).is_ok(), "a file that fills the limit exactly passes");
    }

    #[test]
    fn display_filename_strips_paths_and_controls() {
        assert_eq!(display_filename("C:\\Users\\anna\\скан.pdf"), "скан.pdf");
        assert_eq!(display_filename("../../etc/passwd"), "passwd");
        assert_eq!(display_filename("a\u{0}b\nc.png"), "abc.png");
        assert_eq!(display_filename("  "), "file");
        assert_eq!(display_filename(".hidden"), "hidden");
    }

    #[test]
    fn content_disposition_is_ascii_safe() {
        let value = content_disposition("Справка \"1\".pdf", FileKind::Pdf);
        assert!(value.is_ascii(), "{value}");
        assert!(value.starts_with("attachment; filename=\""), "{value}");
        assert!(
            !value["attachment; filename=\"".len()..].split("\";").next().unwrap_or_default().contains('"'),
            "{value}"
        );
        assert!(value.contains("filename*=UTF-8''%D0%A1"), "{value}");
        assert_eq!(
            content_disposition("photo.exe", FileKind::Png),
            "attachment; filename=\"photo.png\"; filename*=UTF-8''photo.png"
        );
    }

    #[tokio::test]
    async fn local_folder_round_trip() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let store = LocalFolder::new(folder.path());
        store.put("0a/1b-2c", Bytes::from_static(b"%PDF-1.4")).await.expect("put");
        assert_eq!(store.get("0a/1b-2c").await.expect("get"), Bytes::from_static(b"%PDF-1.4"));
        store.delete("0a/1b-2c").await.expect("delete");
        assert_eq!(store.get("0a/1b-2c").await.err().map(|e| e.kind()), Some(io::ErrorKind::NotFound));
        store.delete("0a/1b-2c").await.expect("deleting a missing key is fine");
        assert!(store.put("../escape", Bytes::new()).await.is_err(), "a key with dots is rejected");
    }
}
