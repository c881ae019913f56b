//! Domain types shared by the server and the WebAssembly front end, so that a form is
//! checked by the same rules in the browser and on the server.

pub mod calendar;
pub mod colour;
pub mod complaint;
pub mod deadlines;
pub mod field;
pub mod files;
pub mod ground;
pub mod number;
// SHA-256 comes with the `ssr` and `hydrate` features.
#[cfg(any(feature = "ssr", feature = "hydrate"))]
pub mod pow;
pub mod status;
pub mod text;

pub use complaint::{ApplicantKind, ComplaintInput, NewComplaint, ReplyChannel};
pub use field::{Field, FieldError, FieldErrors, Problem};
pub use ground::Ground;
pub use number::{AccessCode, ComplaintNumber};
pub use status::{Action, IllegalTransition, Outcome, RemedyKind, Status, UnansweredReason};
