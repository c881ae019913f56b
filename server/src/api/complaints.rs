//! The complaint endpoints: list, read, files, create, and staff actions. Each one checks
//! the key and its scope first, and treats another body's complaint as missing, so that a
//! key cannot learn that it exists.

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::de::DeserializeOwned;
use uuid::Uuid;

use app::domain::{ComplaintInput, ComplaintNumber, Field, Problem as FieldProblemKind, Status};
use app::i18n::Lang;
use app::server::api_keys::Scope;
use app::server::complaints::{self, Channel, SubmitError};
use app::server::desk::DeskError;
use app::server::files::{content_disposition, FileKind};
use app::server::state::AppState;
use app::server::store::{now, ApiComplaintFilter, ComplaintRow, StoreError};
use app::server::time::moscow;
use app::server::workflow::{act_as, Actor, StaffAction};

use super::auth::Caller;
use super::model::{
    ComplaintDetail, ComplaintList, ComplaintSummary, CreatedComplaint, ListParams, NewComplaintRequest, NoticeLang,
    TransitionRequest,
};
use super::problem::{ApiError, FieldProblem, Problem};

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;
/// The largest JSON body read, as for the HTML forms.
const MAX_BODY_BYTES: usize = 512 * 1024;
const CHANNELS: [&str; 4] = ["portal", "widget", "api", "paper"];

/// `GET /api/v1/complaints`
#[utoipa::path(
    get,
    path = "/api/v1/complaints",
    tag = "complaints",
    summary = "List the body's complaints",
    description = "Complaints of the key's body, oldest change first, a page at a time. A complaint \
        changed while you page moves to the end of the list, so polling with `updated_since` and \
        following `next_cursor` sees every change. Needs `complaints:read`.",
    params(ListParams),
    responses(
        (status = 200, description = "One page of complaints", body = ComplaintList),
        (status = 400, description = "An invalid filter or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key, or an invalid or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks `complaints:read`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_complaints(
    State(state): State<AppState>,
    caller: Caller,
    RawQuery(query): RawQuery,
) -> Result<Json<ComplaintList>, ApiError> {
    caller.require(Scope::ComplaintsRead)?;
    let mut filter = parse_list_query(query.as_deref().unwrap_or_default(), caller.lang)?;
    filter.org_id = caller.key.org_id;
    let limit = filter.limit;
    // One more than a page shows whether another page follows.
    filter.limit = limit + 1;

    let mut rows = state.store.api_complaints(&filter).await.map_err(|e| ApiError::internal(caller.lang, e))?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = match (more, rows.last()) {
        (true, Some(last)) => Some(encode_cursor(last.updated_at, last.id)),
        _ => None,
    };
    Ok(Json(ComplaintList { items: rows.into_iter().map(ComplaintSummary::from).collect(), next_cursor }))
}

/// Reads the list's query string into a filter, with a message naming each bad parameter.
fn parse_list_query(query: &str, lang: Lang) -> Result<ApiComplaintFilter, ApiError> {
    let t = lang.api_texts();
    let mut filter = ApiComplaintFilter { limit: DEFAULT_LIMIT, ..Default::default() };
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let value = value.trim();
        match name.as_ref() {
            "status" => {
                let status =
                    Status::from_code(value).ok_or_else(|| ApiError::bad_query(lang, (t.unknown_status)(value)))?;
                filter.status = Some(status.code());
            }
            "channel" => {
                let channel = CHANNELS.into_iter().find(|c| *c == value);
                filter.channel = Some(channel.ok_or_else(|| ApiError::bad_query(lang, (t.unknown_channel)(value)))?);
            }
            "received_from" => {
                let day =
                    parse_day(value).ok_or_else(|| ApiError::bad_query(lang, (t.bad_date)("received_from", value)))?;
                filter.received_from = Some(moscow_midnight(day));
            }
            "received_to" => {
                let next_day = parse_day(value)
                    .and_then(|day| day.checked_add_days(Days::new(1)))
                    .ok_or_else(|| ApiError::bad_query(lang, (t.bad_date)("received_to", value)))?;
                filter.received_before = Some(moscow_midnight(next_day));
            }
            "updated_since" => {
                let since = DateTime::parse_from_rfc3339(value)
                    .map_err(|_| ApiError::bad_query(lang, (t.bad_datetime)(value)))?;
                filter.updated_since = Some(since.with_timezone(&Utc));
            }
            "limit" => {
                filter.limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| ApiError::bad_query(lang, (t.bad_limit)(value)))?;
            }
            "cursor" => {
                filter.after = Some(decode_cursor(value).ok_or_else(|| ApiError::bad_query(lang, t.bad_cursor))?)
            }
            other => return Err(ApiError::bad_query(lang, (t.unknown_parameter)(other))),
        }
    }
    Ok(filter)
}

fn parse_day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// Returns the first instant of `day` in Moscow, where the bodies' days are counted.
fn moscow_midnight(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    moscow()
        .from_local_datetime(&midnight)
        .single()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| midnight.and_utc())
}

/// Encodes the cursor after a complaint: its `updated_at` in microseconds and its id,
/// hex-encoded so that clients treat it as opaque.
fn encode_cursor(updated_at: DateTime<Utc>, id: Uuid) -> String {
    hex::encode(format!("{}:{}", updated_at.timestamp_micros(), id.simple()))
}

fn decode_cursor(cursor: &str) -> Option<(DateTime<Utc>, Uuid)> {
    let text = String::from_utf8(hex::decode(cursor).ok()?).ok()?;
    let (micros, id) = text.split_once(':')?;
    let updated_at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
    Some((updated_at, Uuid::parse_str(id).ok()?))
}

/// `GET /api/v1/complaints/{number}`
#[utoipa::path(
    get,
    path = "/api/v1/complaints/{number}",
    tag = "complaints",
    summary = "Read one complaint",
    description = "The complaint with the applicant's details, its whole timeline (internal steps \
        included) and its files. Needs `complaints:read`.",
    params(("number" = String, Path, description = "The complaint number, `YYYY-NNNNN-NNNNN`")),
    responses(
        (status = 200, description = "The complaint", body = ComplaintDetail),
        (status = 401, description = "No key, or an invalid or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks `complaints:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint at the key's body", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_complaint(
    State(state): State<AppState>,
    caller: Caller,
    Path(number): Path<String>,
) -> Result<Json<ComplaintDetail>, ApiError> {
    caller.require(Scope::ComplaintsRead)?;
    let row = own_complaint(&state, &caller, &number).await?;
    Ok(Json(detail(&state, row).await.map_err(|e| ApiError::internal(caller.lang, e))?))
}

/// Finds the complaint `number` if it belongs to the caller's body, else returns a 404.
async fn own_complaint(state: &AppState, caller: &Caller, number: &str) -> Result<ComplaintRow, ApiError> {
    let not_found = || ApiError::not_found(caller.lang, (caller.lang.api_texts().complaint_not_found)(number));
    let Ok(number) = ComplaintNumber::parse(number) else {
        return Err(not_found());
    };
    match state.store.complaint_by_number(number.as_str()).await {
        Ok(row) if row.org_id == caller.key.org_id => Ok(row),
        Ok(_) => {
            tracing::warn!(key_id = %caller.key.id, "api key asked for another body's complaint");
            Err(not_found())
        }
        Err(StoreError::NotFound) => Err(not_found()),
        Err(error) => Err(ApiError::internal(caller.lang, error)),
    }
}

/// Loads what the full complaint shows besides its row.
async fn detail(state: &AppState, row: ComplaintRow) -> Result<ComplaintDetail, StoreError> {
    let summary = state.store.api_complaint(&row.number).await?;
    let grounds = state.store.complaint_grounds(row.id).await?;
    let events = state.store.api_complaint_events(row.id).await?;
    let attachments = state.store.complaint_attachments(row.id).await?;
    Ok(ComplaintDetail::new(row, summary, grounds, events, attachments))
}

/// `GET /api/v1/complaints/{number}/attachments/{id}`
#[utoipa::path(
    get,
    path = "/api/v1/complaints/{number}/attachments/{id}",
    tag = "complaints",
    summary = "Download a file of a complaint",
    description = "The content of a file attached to the complaint. Needs `complaints:read`.",
    params(
        ("number" = String, Path, description = "The complaint number"),
        ("id" = Uuid, Path, description = "The file id from the complaint's `attachments`"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
        )),
        (status = 401, description = "No key, or an invalid or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks `complaints:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint at the key's body, or no such file", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_attachment(
    State(state): State<AppState>,
    caller: Caller,
    Path((number, id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    caller.require(Scope::ComplaintsRead)?;
    let row = own_complaint(&state, &caller, &number).await?;
    let lang = caller.lang;
    let missing = || ApiError::not_found(lang, lang.api_texts().file_not_found);
    let id = Uuid::parse_str(&id).map_err(|_| missing())?;
    let attachment = match state.store.complaint_attachment(row.id, id).await {
        Ok(attachment) => attachment,
        Err(StoreError::NotFound) => return Err(missing()),
        Err(error) => return Err(ApiError::internal(lang, error)),
    };
    let bytes = state.settings.files.get(&attachment.storage_key).await.map_err(|e| ApiError::internal(lang, e))?;
    let kind = FileKind::from_content_type(&attachment.content_type)
        .ok_or_else(|| ApiError::internal(lang, "a stored file has an unknown content type"))?;
    let disposition = HeaderValue::from_str(&content_disposition(&attachment.filename, kind))
        .map_err(|_| ApiError::internal(lang, "a file name does not fit a header"))?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(kind.content_type())),
        (header::CONTENT_DISPOSITION, disposition),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    Ok((headers, Body::from(bytes)).into_response())
}

/// `POST /api/v1/complaints`
#[utoipa::path(
    post,
    path = "/api/v1/complaints",
    tag = "complaints",
    summary = "Create a complaint received by the body",
    description = "Files a complaint that reached the body through its own channels, with the \
        rules of the portal's form. The complaint gets channel `api`, shows in the applicant's \
        cabinet by e-mail, and the applicant gets the same notices as for any channel. A \
        repeated request with the same `Idempotency-Key` returns the complaint created first, \
        with status 200; the same key with another subject or arguments gets 409 and stores \
        nothing. Needs `complaints:write`.",
    params(("Idempotency-Key" = String, Header, description = "A unique value per complaint, such as a UUID: 8 to 200 printable ASCII characters")),
    request_body(content = NewComplaintRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The complaint is created", body = CreatedComplaint, headers(("Location" = String, description = "The complaint's address"))),
        (status = 200, description = "An earlier request with this Idempotency-Key created the complaint", body = CreatedComplaint),
        (status = 400, description = "No Idempotency-Key, or a body that is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key, or an invalid or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks `complaints:write`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The Idempotency-Key already created a complaint with another subject or arguments; nothing is stored", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each listed in `errors`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_complaint(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    caller.require(Scope::ComplaintsWrite)?;
    let lang = caller.lang;
    let t = lang.api_texts();
    let request: NewComplaintRequest = parse_json(&headers, &body, lang)?;
    let idempotency_key = headers.get("idempotency-key").map(|v| v.to_str().unwrap_or_default().trim());
    let idempotency_key = match idempotency_key {
        None => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency-key",
                t.idempotency_title,
                t.idempotency_key_missing,
            ))
        }
        Some(key) if (8..=200).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => key,
        Some(_) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency-key",
                t.idempotency_title,
                t.idempotency_key_invalid,
            ))
        }
    };

    let org = state.store.org_by_id(caller.key.org_id).await.map_err(|e| ApiError::internal(lang, e))?;
    // The idempotency key replaces the form token: the same body and key give the same
    // token, so the store's unique token returns the complaint created first.
    let form_token =
        state.derivation_key.keyed_hash("api-idempotency", &format!("{}:{idempotency_key}", org.id))[..32].to_string();
    let notice_lang = match request.lang {
        NoticeLang::Ru => Lang::Ru,
        NoticeLang::En => Lang::En,
    };
    let input = complaint_input(request, &org.code, form_token);
    // What the complaint stores of this request, to tell a retry from another complaint that
    // reuses the key.
    let sent = (
        app::domain::text::required(&input.subject, usize::MAX).unwrap_or_default(),
        app::domain::text::required(&input.arguments, usize::MAX).unwrap_or_default(),
    );
    let channel = Channel::Api { key_id: caller.key.id, org_id: caller.key.org_id };
    let receipt = match complaints::submit(&state, &input, channel, notice_lang, now()).await {
        Ok(receipt) => receipt,
        Err(SubmitError::Invalid(errors)) => return Err(ApiError::from_field_errors(lang, &errors, |name| name)),
        Err(SubmitError::Store(error)) => return Err(ApiError::internal(lang, error)),
        // The API files no attachments, so the file store is never written here.
        Err(SubmitError::Files(error)) => return Err(ApiError::internal(lang, error)),
    };

    let row = state.store.complaint_by_number(&receipt.number).await.map_err(|e| ApiError::internal(lang, e))?;
    if receipt.duplicate && (row.subject != sent.0 || row.arguments != sent.1) {
        return Err(ApiError::new(StatusCode::CONFLICT, "idempotency-key", t.idempotency_reused_title, t.idempotency_reused));
    }
    let complaint = detail(&state, row).await.map_err(|e| ApiError::internal(lang, e))?;
    let status = if receipt.duplicate { StatusCode::OK } else { StatusCode::CREATED };
    let location = HeaderValue::from_str(&format!("/api/v1/complaints/{}", receipt.number))
        .map_err(|e| ApiError::internal(lang, e))?;
    let body = CreatedComplaint { access_code: receipt.access_code, duplicate: receipt.duplicate, complaint };
    Ok((status, [(header::LOCATION, location)], Json(body)).into_response())
}

/// Builds the portal form's input for an API request, so that the same rules check it.
fn complaint_input(request: NewComplaintRequest, own_org: &str, form_token: String) -> ComplaintInput {
    ComplaintInput {
        form_token,
        org: request.org.unwrap_or_else(|| own_org.to_string()),
        service: request.service.unwrap_or_default(),
        official: request.official.unwrap_or_default(),
        grounds: request.grounds,
        ground_other: request.ground_other.unwrap_or_default(),
        subject: request.subject,
        arguments: request.arguments,
        applicant_kind: request.applicant_kind,
        surname: request.surname.unwrap_or_default(),
        first_name: request.first_name.unwrap_or_default(),
        patronymic: request.patronymic.unwrap_or_default(),
        legal_name: request.legal_name.unwrap_or_default(),
        address: request.address,
        phone: request.phone.unwrap_or_default(),
        email: request.email.unwrap_or_default(),
        reply_by: request.reply_by,
        postal_address: request.postal_address.unwrap_or_default(),
        // The body received the complaint itself and processes the applicant's data under
        // the law on complaints, so there is no portal checkbox to tick.
        consent: true,
        website: String::new(),
        received_on: String::new(),
    }
}

/// `POST /api/v1/complaints/{number}/transitions`
#[utoipa::path(
    post,
    path = "/api/v1/complaints/{number}/transitions",
    tag = "complaints",
    summary = "Take a staff action on a complaint",
    description = "Applies one action with the rules of the desk: the complaint's status must \
        allow it, and the step is recorded on the timeline with the key that took it. Needs \
        `complaints:write`.",
    params(("number" = String, Path, description = "The complaint number")),
    request_body(content = TransitionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The action is applied; the complaint as it is now", body = ComplaintDetail),
        (status = 400, description = "A body that is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key, or an invalid or revoked one", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The key lacks `complaints:write`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such complaint at the key's body", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The complaint's status does not allow the action", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each listed in `errors`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn post_transition(
    State(state): State<AppState>,
    caller: Caller,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ComplaintDetail>, ApiError> {
    caller.require(Scope::ComplaintsWrite)?;
    let lang = caller.lang;
    let row = own_complaint(&state, &caller, &number).await?;
    let request: TransitionRequest = parse_json(&headers, &body, lang)?;
    // The desk names an unknown action as a problem of the whole form; here it is `action`.
    let rename = |name: &'static str| if name == Field::Form.name() { "action" } else { name };
    let action = StaffAction::parse(|name| request.value(name))
        .map_err(|errors| ApiError::from_field_errors(lang, &errors, rename))?;

    let actor = Actor::ApiKey { key_id: caller.key.id, org_id: caller.key.org_id };
    match act_as(&state, actor, &row.number, &action, now()).await {
        Ok(()) => {}
        Err(DeskError::Invalid(errors)) => return Err(ApiError::from_field_errors(lang, &errors, rename)),
        Err(DeskError::Illegal(illegal)) => {
            let status = (lang.texts().status_name)(illegal.from);
            let detail = (lang.api_texts().illegal_transition)(request.action.trim(), status);
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "illegal-transition",
                lang.api_texts().conflict_title,
                detail,
            ));
        }
        Err(DeskError::NotFound | DeskError::Forbidden) => {
            return Err(ApiError::not_found(lang, (lang.api_texts().complaint_not_found)(&row.number)))
        }
        Err(DeskError::Store(error)) => return Err(ApiError::internal(lang, error)),
    }
    tracing::info!(key_id = %caller.key.id, action = action.action().code(), "api action applied");
    let row = state.store.complaint_by_number(&row.number).await.map_err(|e| ApiError::internal(lang, e))?;
    Ok(Json(detail(&state, row).await.map_err(|e| ApiError::internal(lang, e))?))
}

/// Parses a JSON request body into `T`: 415 for another media type, 400 for text that is not
/// JSON, 422 naming the field for a missing, unknown or mistyped field.
fn parse_json<T: DeserializeOwned>(headers: &HeaderMap, body: &Bytes, lang: Lang) -> Result<T, ApiError> {
    let t = lang.api_texts();
    let media_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            t.media_type_title,
            t.media_type,
        ));
    }
    if body.len() > MAX_BODY_BYTES {
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "body-too-large", t.bad_json_title, t.body_too_large));
    }

    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => return Ok(value),
            Err(trailing) => {
                let cause = without_position(&trailing.to_string());
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "invalid-json",
                    t.bad_json_title,
                    (t.bad_json)(&cause),
                ));
            }
        },
        Err(error) => error,
    };
    let path = error.path().to_string();
    let inner = error.into_inner();
    let cause = without_position(&inner.to_string());
    if !inner.is_data() {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid-json", t.bad_json_title, (t.bad_json)(&cause)));
    }

    let problem = if let Some(field) = quoted_name(&cause, "missing field `") {
        let detail = match Field::from_name(&field) {
            Some(known) => (lang.texts().problem)(known, FieldProblemKind::Missing),
            None => (t.field_missing)(&field),
        };
        FieldProblem { field, detail }
    } else if let Some(field) = quoted_name(&cause, "unknown field `") {
        FieldProblem { detail: (t.field_unknown)(&field), field }
    } else {
        FieldProblem { detail: (t.field_type)(&path, &cause), field: path }
    };
    Err(ApiError::invalid(lang, vec![problem]))
}

/// Returns the name between backticks after `marker` in a serde message.
fn quoted_name(message: &str, marker: &str) -> Option<String> {
    let rest = message.split_once(marker)?.1;
    Some(rest.split('`').next()?.to_string())
}

/// Strips the " at line L column C" suffix from a serde_json message, because it means
/// nothing to a client that built the JSON with a library.
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips() {
        let at = DateTime::from_timestamp_micros(1_767_000_000_123_456).expect("a valid instant");
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(at, id)), Some((at, id)));
        assert_eq!(decode_cursor("zz"), None);
        assert_eq!(decode_cursor(&hex::encode("12:not-a-uuid")), None);
    }

    #[test]
    fn list_query_rejects_each_bad_parameter() {
        let cases = [
            ("status=closed", "status"),
            ("channel=fax", "channel"),
            ("received_from=01.03.2026", "received_from"),
            ("received_to=2026-02-30", "received_to"),
            ("updated_since=yesterday", "updated_since"),
            ("limit=201", "limit"),
            ("limit=0", "limit"),
            ("cursor=abc", "cursor"),
            ("sort=number", "sort"),
        ];
        for (query, name) in cases {
            let error = parse_list_query(query, Lang::En).expect_err(query);
            assert_eq!(error.problem.status, 400, "{query}");
            assert!(error.problem.detail.contains(name), "{query}: {}", error.problem.detail);
        }
    }

    #[test]
    fn received_to_includes_the_whole_day() {
        let filter = parse_list_query("received_from=2026-03-01&received_to=2026-03-01", Lang::Ru).expect("valid");
        let from = filter.received_from.expect("from");
        let before = filter.received_before.expect("to");
        assert_eq!(from.to_rfc3339(), "2026-02-28T21:00:00+00:00", "midnight in Moscow is 21:00 UTC the day before");
        assert_eq!((before - from).num_hours(), 24);
    }
}
