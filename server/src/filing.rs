//! The files of a complaint form: the errors a rejected form shows on its file field.

use app::domain::{ComplaintInput, Field, FieldErrors, Problem};
use app::server::files::{check_uploads, Upload};

/// Returns the errors of a form whose files could not be read in full, such as a body over
/// the size limit. Only fields in `posted`, the ones read before the cut, get their problems,
/// and the file field gets `problem`. Such a form is never stored.
pub(crate) fn unread_upload_errors(input: &ComplaintInput, posted: &[(String, String)], problem: Problem) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for error in input.parse().err().unwrap_or_default().iter() {
        // A field after the cut, such as the consent box below the files, was never received.
        if posted.iter().any(|(name, _)| name == error.field.name()) {
            errors.push(error.field, error.problem.clone());
        }
    }
    errors.push(Field::Files, problem);
    errors
}

/// Returns the problem of the posted files, if any, for a form rejected before its files
/// were checked.
pub(crate) fn upload_problem(files: &[Upload]) -> Option<Problem> {
    check_uploads(files, 0).err()
}

/// Adds to the errors of a rejected form that its `posted_files` files were not kept, unless
/// the file field already shows a problem. A browser never fills a file input again, so
/// the citizen must choose the files again.
pub(crate) fn with_files_not_kept(mut errors: FieldErrors, posted_files: usize) -> FieldErrors {
    if posted_files > 0 && errors.get(Field::Files).is_none() {
        errors.push(Field::Files, Problem::FilesNotKept { count: posted_files });
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_not_kept_added_for_posted_files() {
        let errors = with_files_not_kept(FieldErrors::single(Field::Subject, Problem::Missing), 2);
        assert_eq!(errors.get(Field::Files), Some(Problem::FilesNotKept { count: 2 }));
        assert_eq!(errors.get(Field::Subject), Some(Problem::Missing));
    }

    #[test]
    fn files_not_kept_skipped_without_files() {
        let errors = with_files_not_kept(FieldErrors::single(Field::Subject, Problem::Missing), 0);
        assert_eq!(errors.get(Field::Files), None);
    }

    #[test]
    fn files_not_kept_keeps_file_problem() {
        let problem = Problem::FileTypeNotAllowed { name: "a.pdf".to_string() };
        let errors = with_files_not_kept(FieldErrors::single(Field::Files, problem.clone()), 1);
        assert_eq!(errors.get(Field::Files), Some(problem));
    }
}
