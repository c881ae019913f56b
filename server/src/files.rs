//! Files attached to a complaint or to an applicant's answer: reading the multipart form
//! that carries them, and the downloads for the cabinet, the desk and the status page.

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use bytes::{Bytes, BytesMut};
use uuid::Uuid;

use app::components::href;
use app::domain::Problem;
use app::server::auth::current_session;
use app::server::citizen;
use app::server::complaints::applicant_complaint;
use app::server::desk::visible_org_ids;
use app::server::files::{
    content_disposition, FileKind, Upload, MAX_COMPLAINT_BYTES, MAX_FILES_PER_ANSWER, MAX_FILE_BYTES, MAX_UPLOAD_BYTES,
};
use app::server::lang::from_request;
use app::server::state::AppState;
use app::server::store::{now, ComplaintRow, StoreError};

use crate::forms::{read_form, render, server_error, PostedForm, MAX_FORM_BYTES};

/// How many first bytes of a file are kept once it is known to be rejected, enough to sniff.
const SNIFF_BYTES: usize = 16;

/// A form with files as posted: its text fields, its files, and the problem that stopped the
/// reading of the files, if any. The problem is reported on the files field, and then
/// nothing is stored.
pub(crate) struct UploadForm {
    pub(crate) form: PostedForm,
    pub(crate) files: Vec<Upload>,
    pub(crate) problem: Option<Problem>,
}

/// Reads a form that may carry files in its `files` field, either `multipart/form-data` (the
/// complaint form and the answer form) or `application/x-www-form-urlencoded` (clients that
/// send no files).
pub(crate) async fn read_upload_form(request: Request) -> Result<UploadForm, Response> {
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let Ok(boundary) = multer::parse_boundary(content_type) else {
        let form = read_form(request).await?;
        return Ok(UploadForm { form, files: Vec::new(), problem: None });
    };

    let (parts, body) = request.into_parts();
    let constraints = multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(MAX_UPLOAD_BYTES));
    let mut multipart = multer::Multipart::with_constraints(body.into_data_stream(), boundary, constraints);
    let mut pairs = Vec::new();
    let mut files = Vec::new();
    let mut text_bytes = 0;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => return read_failed(parts, pairs, files, error),
        };
        let name = field.name().unwrap_or_default().to_string();
        let Some(filename) = field.file_name().map(str::to_string) else {
            match field.text().await {
                Ok(value) => {
                    text_bytes += value.len();
                    if text_bytes > MAX_FORM_BYTES {
                        return Err(too_large());
                    }
                    pairs.push((name, value));
                }
                Err(error) => return read_failed(parts, pairs, files, error),
            }
            continue;
        };
        if name != "files" {
            continue;
        }

        // Beyond the file limit or the count limit only the first bytes are kept, because
        // the file is rejected anyway and must not fill the memory.
        let keep_all = files.len() < MAX_FILES_PER_ANSWER;
        let mut bytes = BytesMut::new();
        let mut size: u64 = 0;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if keep_all && size <= MAX_FILE_BYTES {
                        bytes.extend_from_slice(&chunk);
                    } else if bytes.len() < SNIFF_BYTES {
                        let missing = (SNIFF_BYTES - bytes.len()).min(chunk.len());
                        bytes.extend_from_slice(&chunk[..missing]);
                    }
                }
                Ok(None) => break,
                Err(error) => return read_failed(parts, pairs, files, error),
            }
        }
        // Browsers send an empty part without a name when no file is chosen.
        if filename.is_empty() && size == 0 {
            continue;
        }
        files.push(Upload { filename, size, bytes: bytes.freeze() });
    }
    Ok(UploadForm { form: PostedForm::new(parts, pairs), files, problem: None })
}

/// Turns a multipart error into the form read so far with the size problem, or into 400
/// for a body that is not valid multipart.
fn read_failed(
    parts: Parts,
    pairs: Vec<(String, String)>,
    files: Vec<Upload>,
    error: multer::Error,
) -> Result<UploadForm, Response> {
    match error {
        multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
            // The message names the complaint's limit, which is what the citizen can act on: a
            // body over the request limit is over it too.
            let problem = Problem::UploadTooLarge { max_mb: MAX_COMPLAINT_BYTES / (1024 * 1024) };
            Ok(UploadForm { form: PostedForm::new(parts, pairs), files, problem: Some(problem) })
        }
        other => {
            tracing::warn!(error = %other, "malformed multipart form rejected");
            Err((
                StatusCode::BAD_REQUEST,
                "Форма с файлами повреждена: отправьте её ещё раз. / The form with files is malformed: send it again.",
            )
                .into_response())
        }
    }
}

fn too_large() -> Response {
    (StatusCode::PAYLOAD_TOO_LARGE, "Форма слишком большая. / The form is too large.").into_response()
}

/// `GET /cabinet/c/{number}/files/{id}`: a file of the signed-in citizen's complaint.
pub async fn get_cabinet_file(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let lang = from_request(&parts.uri, &parts.headers);
    let session = match citizen::current(&state, &parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Redirect::to(&href(lang, "/cabinet")).into_response(),
        Err(error) => return server_error(error),
    };
    match citizen::complaint(&state, &session, &number).await {
        Ok(row) => send_file(&state, parts, &row, &id).await,
        Err(StoreError::NotFound) => {
            tracing::warn!("file of a complaint of another address rejected");
            not_found(&state, parts).await
        }
        Err(error) => server_error(error),
    }
}

/// `GET /desk/c/{number}/files/{id}`: a file of a complaint of the reader's body or of a
/// body under it.
pub async fn get_desk_file(
    State(state): State<AppState>,
    Path((number, id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let lang = from_request(&parts.uri, &parts.headers);
    let session = match current_session(&state, &parts.headers, now()).await {
        Ok(Some(session)) => session,
        Ok(None) => return Redirect::to(&href(lang, "/desk/login")).into_response(),
        Err(error) => return server_error(error),
    };
    if session.user().must_change_password {
        return Redirect::to(&href(lang, "/desk/password")).into_response();
    }
    let row = match app::domain::ComplaintNumber::parse(&number) {
        Ok(number) => match state.store.complaint_by_number(number.as_str()).await {
            Ok(row) => row,
            Err(StoreError::NotFound) => return not_found(&state, parts).await,
            Err(error) => return server_error(error),
        },
        Err(_) => return not_found(&state, parts).await,
    };
    let visible = match visible_org_ids(&state, &session).await {
        Ok(ids) => ids,
        Err(app::server::desk::DeskError::Store(error)) => return server_error(error),
        Err(_) => Vec::new(),
    };
    if !visible.contains(&row.org_id) {
        tracing::warn!(user_id = %session.user().id, "file of another body's complaint rejected");
        return not_found(&state, parts).await;
    }
    send_file(&state, parts, &row, &id).await
}

/// `POST /status/files/{id}`: a file of the complaint that the posted number and access
/// code open. A POST, so that the code stays out of addresses and logs.
pub async fn post_status_file(State(state): State<AppState>, Path(id): Path<String>, request: Request) -> Response {
    let form = match read_form(request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    let (number, code) = (form.value("number"), form.value("code"));
    let parts = form.parts;
    match applicant_complaint(&state, &number, &code).await {
        Ok(row) => send_file(&state, parts, &row, &id).await,
        Err(app::server::complaints::LookupError::Invalid(_)) => not_found(&state, parts).await,
        Err(app::server::complaints::LookupError::Store(error)) => server_error(error),
    }
}

/// Sends the file `id` of the complaint `row` as a download, or 404 when the complaint has no
/// such file. Files carry personal data, so no cache keeps them.
async fn send_file(state: &AppState, parts: Parts, row: &ComplaintRow, id: &str) -> Response {
    let Ok(id) = Uuid::parse_str(id) else {
        return not_found(state, parts).await;
    };
    let attachment = match state.store.complaint_attachment(row.id, id).await {
        Ok(attachment) => attachment,
        Err(StoreError::NotFound) => return not_found(state, parts).await,
        Err(error) => return server_error(error),
    };
    let bytes: Bytes = match state.settings.files.get(&attachment.storage_key).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, attachment_id = %attachment.id, "attached file could not be read from the store");
            return server_error("the file store failed");
        }
    };
    let Some(kind) = FileKind::from_content_type(&attachment.content_type) else {
        return server_error("a stored file has an unknown content type");
    };
    let Ok(disposition) = HeaderValue::from_str(&content_disposition(&attachment.filename, kind)) else {
        return server_error("a file name does not fit a header");
    };
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type())),
        (header::CONTENT_DISPOSITION, disposition),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    (headers, Body::from(bytes)).into_response()
}

async fn not_found(state: &AppState, parts: Parts) -> Response {
    let lang = from_request(&parts.uri, &parts.headers);
    render(state, parts, lang, StatusCode::NOT_FOUND, || {}).await
}
