//! The pages of the portal, the widget and the desk.

mod admin;
mod api_keys;
mod cabinet;
mod complaint;
mod desk;
mod desk_complaint;
mod desk_inbox;
mod home;
mod paper;
mod platform;
mod reply;
mod status;
mod webhooks;
mod widget;
mod widget_switch;

pub use admin::{AdminCalendarYearPage, AdminPage};
pub use api_keys::{ApiKeyOutcome, ApiKeysPage};
pub use cabinet::{CabinetComplaintPage, CabinetLinkPage, CabinetPage, CabinetReplyPage};
pub use complaint::{ComplaintForm, ComplaintPage, FormHeading, ReceiptView};
pub use desk::{LoginPage, PasswordPage};
pub use desk_complaint::DeskComplaintPage;
pub use desk_inbox::DeskInboxPage;
pub use paper::PaperPage;
pub use platform::{AdminAuditPage, AdminKeysPage, KeyFormOutcome, PlatformPage};
pub use reply::{ApplicantReplyLinks, DeskReplyLinks, ReplyLinks, DeskReplyPage, ReplyDocumentView, StatusReplyPage};
pub use home::HomePage;
pub use status::StatusPage;
pub use widget::WidgetPage;
pub use webhooks::{
    EndpointProblem, WebhookDeliveriesPage, WebhookOutcome, WebhooksPage, EVENT_CREATED, EVENT_STATUS_CHANGED,
    WEBHOOKS_PATH,
};

use leptos::prelude::*;

use crate::components::{PageError, SiteLayout};
use crate::model::AppError;

/// Sends the browser to `path` (a 302 on the server) and shows a link in case it does not follow.
#[component]
pub fn Redirect(path: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(location)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::HeaderValue::from_str(&path))
    {
        response.insert_header(http::header::LOCATION, location);
        response.set_status(http::StatusCode::FOUND);
    }
    view! { <p><a href=path.clone()>{path.clone()}</a></p> }
}

/// The page for an address that matches no route.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = crate::components::use_lang().texts();
    view! {
        <SiteLayout title=t.common.not_found_title.to_string()>
            <PageError error=AppError::NotFound/>
        </SiteLayout>
    }
}
