//! The accepted types and the limits of attached files, shared by the server and the browser,
//! so that the browser can reject a file choice before it uploads anything. The server runs
//! the same checks on what it receives.

use super::Problem;

pub const MEGABYTE: u64 = 1024 * 1024;
/// The largest accepted file.
pub const MAX_FILE_BYTES: u64 = 10 * MEGABYTE;
/// How many files one post may carry: a complaint as filed, or one answer.
pub const MAX_FILES_PER_ANSWER: usize = 5;
/// How many bytes of files one complaint may carry in all, as filed and over all its answers.
pub const MAX_COMPLAINT_BYTES: u64 = 20 * MEGABYTE;

/// The file types accepted, as recognized from their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Jpeg,
    Png,
}

impl FileKind {
    /// Recognizes the type from the content's magic bytes; `None` for anything else.
    pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
        if bytes.starts_with(b"%PDF-") {
            Some(FileKind::Pdf)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(FileKind::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(FileKind::Png)
        } else {
            None
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Png => "image/png",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<FileKind> {
        [FileKind::Pdf, FileKind::Jpeg, FileKind::Png].into_iter().find(|kind| kind.content_type() == content_type)
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Jpeg => "jpg",
            FileKind::Png => "png",
        }
    }
}

/// Checks the count, the size of each file and the total of files given as `(name, size in
/// bytes)`, on top of `stored_bytes` already attached. The error names the first file that
/// fails, with the same problems as the server reports.
pub fn check_sizes<'a>(files: impl IntoIterator<Item = (&'a str, u64)>, stored_bytes: u64) -> Result<(), Problem> {
    let files: Vec<(&str, u64)> = files.into_iter().collect();
    if files.len() > MAX_FILES_PER_ANSWER {
        return Err(Problem::TooManyFiles { max: MAX_FILES_PER_ANSWER });
    }
    let mut total = stored_bytes;
    for (name, size) in files {
        if size > MAX_FILE_BYTES {
            return Err(Problem::FileTooLarge { name: name.to_string(), max_mb: MAX_FILE_BYTES / MEGABYTE });
        }
        if total + size > MAX_COMPLAINT_BYTES {
            return Err(Problem::ComplaintFilesFull {
                name: name.to_string(),
                max_mb: MAX_COMPLAINT_BYTES / MEGABYTE,
                left_kb: MAX_COMPLAINT_BYTES.saturating_sub(total) / 1024,
            });
        }
        total += size;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_sizes_passes_files_within_limits() {
        let files = [("a.pdf", MAX_FILE_BYTES), ("b.png", MAX_FILE_BYTES)];
        assert_eq!(check_sizes(files, 0), Ok(()));
    }

    #[test]
    fn check_sizes_rejects_sixth_file() {
        let files = vec![("a.pdf", 1); MAX_FILES_PER_ANSWER + 1];
        assert_eq!(check_sizes(files, 0), Err(Problem::TooManyFiles { max: MAX_FILES_PER_ANSWER }));
    }

    #[test]
    fn check_sizes_names_oversized_file() {
        let files = [("a.pdf", 1), ("big.pdf", MAX_FILE_BYTES + 1)];
        let expected = Problem::FileTooLarge { name: "big.pdf".to_string(), max_mb: MAX_FILE_BYTES / MEGABYTE };
        assert_eq!(check_sizes(files, 0), Err(expected));
    }

    #[test]
    fn check_sizes_names_file_over_total() {
        let files = [("a.pdf", MAX_FILE_BYTES), ("b.pdf", MAX_FILE_BYTES), ("c.pdf", 1)];
        let expected = Problem::ComplaintFilesFull {
            name: "c.pdf".to_string(),
            max_mb: MAX_COMPLAINT_BYTES / MEGABYTE,
            left_kb: 0,
        };
        assert_eq!(check_sizes(files, 0), Err(expected));
    }

    #[test]
    fn check_sizes_counts_stored_bytes() {
        let expected = Problem::ComplaintFilesFull {
            name: "a.pdf".to_string(),
            max_mb: MAX_COMPLAINT_BYTES / MEGABYTE,
            left_kb: 1,
        };
        assert_eq!(check_sizes([("a.pdf", 2048)], MAX_COMPLAINT_BYTES - 1024), Err(expected));
    }
}
