//! The only parts of the pages that run in the browser. Everything else is rendered on the
//! server and works without JavaScript; these islands add live validation and, in the
//! widget, report the page height to the embedding site.

#[cfg(feature = "hydrate")]
mod dom;
#[cfg(feature = "hydrate")]
mod draft;
#[cfg(feature = "hydrate")]
mod pow;
#[cfg(feature = "hydrate")]
mod upload;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "hydrate")]
pub use draft::forget_after_receipt;

use crate::i18n::Lang;

/// Which validation rules a form follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormKind {
    Complaint,
    StatusLookup,
}

/// Wraps a server-rendered form. In the browser it checks the whole form before it is sent,
/// with the same rules and messages as the server, sends nothing while errors remain, and
/// updates each message as its field is corrected. Without WebAssembly the form posts as is.
#[island]
pub fn FormEnhancer(kind: FormKind, lang: Lang, children: Children) -> impl IntoView {
    let root = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(element) = root.get() {
            dom::enhance_form(element.into(), kind, lang);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind, lang);
    view! { <div class="enhanced-form" node_ref=root>{children()}</div> }
}

/// Posts the page height to the embedding page whenever it changes, so that the loader can
/// size the iframe. Messages go to `parent_origin` only, which the server has checked
/// against the key's origins.
#[island]
pub fn HeightReporter(parent_origin: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| dom::report_height(&parent_origin));
    #[cfg(not(feature = "hydrate"))]
    let _ = parent_origin;
}
