//! The REST API under `/api/v1` for the bodies' information systems, authenticated by secret
//! keys (`Authorization: Bearer sk_...`). Every handler is registered through utoipa-axum, so
//! a route cannot exist without its entry in the OpenAPI document served at
//! `/api/v1/openapi.json`.

pub mod auth;
pub mod complaints;
pub mod model;
pub mod problem;

use std::sync::Arc;

use axum::extract::Request;
use axum::routing::{any, get};
use axum::{Json, Router};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::OpenApi as OpenApiDocument;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::router::ServerState;
use problem::{request_lang, ApiError, FieldProblem, Problem};

/// The parts of the document that no handler describes.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Appello REST API",
        version = "1",
        description = "Complaints of one body for its information system. Every request carries a \
            secret key of the body in `Authorization: Bearer sk_...`; an agency admin issues keys at \
            /desk/platform/api-keys. Errors are problem details (RFC 9457) with `title` and `detail` \
            in the language of `Accept-Language` (Russian by default, or English)."
    ),
    modifiers(&BearerScheme),
    security(("bearer" = [])),
    components(schemas(Problem, FieldProblem)),
    tags((name = "complaints", description = "The complaints of the key's body"))
)]
struct ApiDoc;

/// Adds the bearer key scheme that every operation requires.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut OpenApiDocument) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some("A secret key of the body: `sk_` and 40 hex digits.".to_string());
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// Builds the API's routes and their OpenAPI document.
pub fn routes() -> (Router<ServerState>, OpenApiDocument) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(complaints::list_complaints, complaints::create_complaint))
        .routes(routes!(complaints::get_complaint))
        .routes(routes!(complaints::get_attachment))
        .routes(routes!(complaints::post_transition))
        .split_for_parts()
}

// NOTE: the API sends no CORS headers, so a browser page on another origin cannot read its
// responses. Each key has a rate limit (`--limit-api-per-key`), checked in `auth::Caller`.
/// Builds the API router: the documented routes, the document itself, and a problem-details
/// 404 for any other address under `/api/`.
pub fn router() -> Router<ServerState> {
    let (routes, document) = routes();
    let document = Arc::new(document);
    routes
        .route("/api/v1/openapi.json", get(move || async move { Json(document.as_ref().clone()) }))
        .route("/api/{*rest}", any(unknown_route))
}

async fn unknown_route(request: Request) -> ApiError {
    let lang = request_lang(request.headers());
    ApiError::not_found(lang, lang.api_texts().route_not_found)
}
