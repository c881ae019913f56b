//! Pieces shared by the pages: layouts, form fields, the error summary, the timeline.

mod access;
mod fields;
mod layout;
mod timeline;

pub use access::{accessible_requested, keep_accessible, AccessibleSwitch, ACCESSIBLE_COOKIE, ACCESSIBLE_PARAM};
pub use fields::{
    CheckboxField, ChoiceField, ErrorSummary, FieldError, FieldScope, FileField, SelectField, TextAreaField, TextField,
};
pub use layout::{href, use_lang, PageError, SiteLayout, WidgetLayout};
pub use timeline::{ComplaintNotices, ComplaintSummary, DeadlineList, Timeline, UrgencyBadge};
