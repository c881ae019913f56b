//! The citizen's cabinet: `/cabinet` (sign-in by an e-mailed code or through OpenID Connect,
//! then every complaint filed with the verified address), `/cabinet/link/{token}` (sign-in by
//! the e-mailed link), `/cabinet/c/{number}` (one complaint, with the applicant's forms) and
//! `/cabinet/c/{number}/reply` (its reasoned reply). The forms post to the server's handlers.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::reply::ReplyDocumentView;
use super::status::ApplicantComplaint;
use super::Redirect;
use crate::components::{href, use_lang, ErrorSummary, SiteLayout, TextField, UrgencyBadge};
use crate::domain::deadlines::Urgency;
use crate::domain::{Field, FieldErrors, Problem};
use crate::i18n::Lang;
use crate::model::{
    AppError, ApplicantAccess, ApplicantOutcome, ApplicantPost, CabinetComplaintPage, CabinetOutcome, CabinetPage, CitizenView,
    ComplaintView,
};
use crate::reply::ReplyDocument;

#[cfg(feature = "ssr")]
async fn citizen_session(
    state: &crate::server::state::AppState,
) -> Result<Option<crate::server::citizen::CitizenSession>, AppError> {
    use crate::loaders::ssr;
    let parts = use_context::<http::request::Parts>().ok_or_else(|| ssr::internal("request parts missing"))?;
    crate::server::citizen::current(state, &parts.headers, crate::server::store::now()).await.map_err(ssr::internal)
}

#[cfg(feature = "ssr")]
fn citizen_view(session: &crate::server::citizen::CitizenSession) -> CitizenView {
    CitizenView { email: session.email.clone(), csrf_token: session.csrf_token.clone() }
}

/// Loads the signed-in citizen's complaints, or only the sign-in options when no citizen is signed in.
#[server(prefix = "/fn", endpoint = "cabinet")]
pub async fn load_cabinet(lang: Lang) -> Result<CabinetPage, AppError> {
    use crate::loaders::ssr;

    let state = ssr::state()?;
    let oidc_label = state.settings.oidc.as_ref().map(|o| o.label.clone());
    let Some(session) = citizen_session(&state).await? else {
        return Ok(CabinetPage { citizen: None, complaints: Vec::new(), oidc_label });
    };
    let complaints = crate::server::citizen::complaints(&state, &session, lang).await.map_err(ssr::store_error)?;
    Ok(CabinetPage { citizen: Some(citizen_view(&session)), complaints, oidc_label })
}

/// Loads one complaint of the signed-in citizen. Another citizen's complaint is `NotFound`, like a number that does not exist.
#[server(prefix = "/fn", endpoint = "cabinet_complaint")]
pub async fn load_cabinet_complaint(number: String, lang: Lang) -> Result<CabinetComplaintPage, AppError> {
    use crate::loaders::ssr;

    let state = ssr::state()?;
    let session = citizen_session(&state).await?.ok_or(AppError::Unauthorized)?;
    let row = crate::server::citizen::complaint(&state, &session, &number).await.map_err(ssr::store_error)?;
    let view = crate::server::views::complaint_view(&state, &row, lang, false).await.map_err(ssr::store_error)?;
    Ok(CabinetComplaintPage { citizen: citizen_view(&session), view })
}

/// Loads the reasoned reply to a complaint of the signed-in citizen, or `None` before the decision.
#[server(prefix = "/fn", endpoint = "cabinet_reply")]
pub async fn load_cabinet_reply(number: String) -> Result<(CitizenView, Option<ReplyDocument>), AppError> {
    use crate::loaders::ssr;
    use crate::server::reply::ReplyError;

    let state = ssr::state()?;
    let session = citizen_session(&state).await?.ok_or(AppError::Unauthorized)?;
    match crate::server::reply::for_citizen(&state, &session, &number).await {
        Ok(document) => Ok((citizen_view(&session), Some(document))),
        Err(ReplyError::NoDecision) => Ok((citizen_view(&session), None)),
        Err(ReplyError::NotFound | ReplyError::Forbidden) => Err(AppError::NotFound),
        Err(ReplyError::Store(error)) => Err(ssr::internal(error)),
    }
}

/// Checks whether an e-mailed sign-in link still works, without using it: the page requires a button press first.
#[server(prefix = "/fn", endpoint = "cabinet_link")]
pub async fn load_cabinet_link(token: String) -> Result<bool, AppError> {
    use crate::loaders::ssr;

    let state = ssr::state()?;
    crate::server::citizen::link_is_valid(&state, &token, crate::server::store::now()).await.map_err(ssr::internal)
}

/// Renders a cabinet loader's error: the sign-in page for a missing session, else the error page.
fn cabinet_error_view(error: AppError, lang: Lang) -> AnyView {
    match error {
        AppError::Unauthorized => view! { <Redirect path=href(lang, "/cabinet")/> }.into_any(),
        other => view! { <crate::components::PageError error=other/> }.into_any(),
    }
}

/// `/cabinet`.
#[component]
pub fn CabinetPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let outcome = use_context::<CabinetOutcome>();
    let content = Suspend::new(async move {
        let page = match load_cabinet(lang).await {
            Ok(page) => page,
            Err(error) => return cabinet_error_view(error, lang),
        };
        match (page.citizen, outcome) {
            (_, Some(CabinetOutcome::CodeSent { email, errors })) => view! { <CodeForm email errors/> }.into_any(),
            // Too many codes for a valid address: the code form stays, since the last code still works.
            (None, Some(CabinetOutcome::EmailRejected { email, errors }))
                if matches!(errors.get(Field::Email), Some(Problem::TooManyAttempts { .. }))
                    && crate::domain::text::email(&email).is_ok() =>
            {
                let limited = errors.get(Field::Email).map(|problem| (t.problem)(Field::Email, problem)).unwrap_or_default();
                let email = crate::domain::text::email(&email).unwrap_or(email);
                view! { <CodeForm email errors=FieldErrors::new() limited/> }.into_any()
            }
            // A citizen already signed in who, say, replays a sign-in still learns that it failed.
            (Some(citizen), outcome) => view! {
                {outcome.as_ref().and_then(outcome_notice)}
                <ComplaintList citizen complaints=page.complaints/>
            }
            .into_any(),
            (None, outcome) => view! { <SignIn outcome oidc_label=page.oidc_label/> }.into_any(),
        }
    });
    view! {
        <SiteLayout title=t.cabinet.nav.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// Renders the notice that a sign-out or a failed sign-in left, if any.
fn outcome_notice(outcome: &CabinetOutcome) -> Option<AnyView> {
    let c = &use_lang().texts().cabinet;
    match outcome {
        CabinetOutcome::SignedOutEverywhere { sessions } => {
            Some(view! { <p class="note" role="status">{(c.signed_out_everywhere)(*sessions)}</p> }.into_any())
        }
        CabinetOutcome::LinkInvalid => Some(view! { <p class="form-error" role="alert">{c.link_invalid}</p> }.into_any()),
        CabinetOutcome::OidcFailed => Some(view! { <p class="form-error" role="alert">{c.oidc_failed}</p> }.into_any()),
        CabinetOutcome::EmailRejected { .. } | CabinetOutcome::CodeSent { .. } => None,
    }
}

/// Renders the e-mail form, with the identity provider's button when one is configured.
#[component]
fn SignIn(outcome: Option<CabinetOutcome>, oidc_label: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let c = &t.cabinet;
    let (email, errors) = match &outcome {
        Some(CabinetOutcome::EmailRejected { email, errors }) => (email.clone(), errors.clone()),
        _ => (String::new(), FieldErrors::new()),
    };
    let notice = outcome.and_then(|outcome| outcome_notice(&outcome));
    let oidc = oidc_label.map(|label| {
        view! {
            <p class="cabinet-oidc">
                <a class="button" href=href(lang, "/cabinet/oidc/start")>{(c.oidc_button)(&label)}</a>
            </p>
        }
    });
    view! {
        <h1>{c.sign_in_title}</h1>
        {notice}
        <p class="lead">{c.sign_in_intro}</p>
        <form method="post" action=href(lang, "/cabinet/login") novalidate=true class="narrow-form">
            <ErrorSummary errors=errors.clone()/>
            <input type="hidden" name="lang" value=lang.code()/>
            <TextField field=Field::Email value=email problem=errors.get(Field::Email) required=true kind="email"
                autocomplete="email"/>
            <div class="actions">
                <button type="submit" class="button button--primary">{c.send_code}</button>
            </div>
        </form>
        {oidc}
    }
}

/// Renders the code form, after a code was sent to `email`.
#[component]
fn CodeForm(
    email: String,
    errors: FieldErrors,
    /// Why no new code was sent, shown in place of the "code sent" line.
    #[prop(optional, into)]
    limited: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let c = &t.cabinet;
    let lead = match limited {
        Some(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
        None => view! { <p class="lead" role="status">{(c.code_sent)(&email)}</p> }.into_any(),
    };
    view! {
        <h1>{c.code_title}</h1>
        {lead}
        <form method="post" action=href(lang, "/cabinet/verify") novalidate=true class="narrow-form">
            <ErrorSummary errors=errors.clone()/>
            <input type="hidden" name="lang" value=lang.code()/>
            <input type="hidden" name="email" value=email.clone()/>
            <TextField field=Field::LoginCode value=String::new() problem=errors.get(Field::LoginCode) required=true
                hint=c.code_hint autocomplete="one-time-code"/>
            <div class="actions">
                <button type="submit" class="button button--primary">{c.confirm}</button>
            </div>
        </form>
        // The expired-code message tells the citizen to request a new code, which this form does.
        <form method="post" action=href(lang, "/cabinet/login") class="actions">
            <input type="hidden" name="lang" value=lang.code()/>
            <input type="hidden" name="email" value=email.clone()/>
            <button type="submit" class="button button--small">{c.resend_code}</button>
        </form>
        <p><a href=href(lang, "/cabinet")>{c.other_email}</a></p>
    }
}

/// Renders who is signed in, with the sign-out buttons.
#[component]
fn CitizenBar(citizen: CitizenView) -> impl IntoView {
    let lang = use_lang();
    let c = &lang.texts().cabinet;
    view! {
        <div class="staff-bar">
            <span>{(c.signed_in_as)(&citizen.email)}</span>
            <form method="post" action=href(lang, "/cabinet/logout")>
                <input type="hidden" name="csrf" value=citizen.csrf_token.clone()/>
                <input type="hidden" name="lang" value=lang.code()/>
                <button type="submit" class="button button--small">{c.sign_out}</button>
            </form>
            <form method="post" action=href(lang, "/cabinet/logout")>
                <input type="hidden" name="csrf" value=citizen.csrf_token.clone()/>
                <input type="hidden" name="lang" value=lang.code()/>
                <input type="hidden" name="everywhere" value="1"/>
                <button type="submit" class="button button--small">{c.sign_out_everywhere}</button>
            </form>
        </div>
    }
}

/// Returns the deadline the current status runs against, if any.
fn current_deadline(view: &ComplaintView) -> Option<(String, Option<Urgency>)> {
    view.deadlines.iter().find(|d| d.urgency.is_some()).map(|d| (d.date.clone(), d.urgency))
}

#[component]
fn ComplaintList(citizen: CitizenView, complaints: Vec<ComplaintView>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let c = &t.cabinet;
    let d = &t.desk;
    let body = if complaints.is_empty() {
        view! { <p class="note">{c.empty}</p> }.into_any()
    } else {
        let rows = complaints
            .into_iter()
            .map(|view| {
                let link = href(lang, &format!("/cabinet/c/{}", view.number));
                let deadline = current_deadline(&view).map(|(date, urgency)| {
                    view! {
                        {date} " "
                        {urgency.filter(|u| *u != Urgency::Upcoming).map(|u| view! { <UrgencyBadge urgency=u/> })}
                    }
                });
                view! {
                    <tr>
                        <td class="inbox__number"><a href=link>{view.number.clone()}</a></td>
                        <td>{view.org_name.clone()}</td>
                        <td>{view.received_at.clone()}</td>
                        <td><strong class="status">{(t.status_name)(view.status)}</strong></td>
                        <td>{deadline}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="inbox">
                    <thead>
                        <tr>
                            <th scope="col">{d.col_number}</th>
                            <th scope="col">{t.inbox.col_body}</th>
                            <th scope="col">{d.col_received}</th>
                            <th scope="col">{d.col_status}</th>
                            <th scope="col">{c.col_deadline}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <CitizenBar citizen/>
        <h1>{c.title}</h1>
        <p class="lead">{c.intro}</p>
        {body}
    }
}

/// `/cabinet/link/{token}`: a button that uses the e-mailed link, so that mail scanners that
/// fetch links open no session.
#[component]
pub fn CabinetLinkPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let c = &t.cabinet;
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    let rejected = matches!(use_context::<CabinetOutcome>(), Some(CabinetOutcome::LinkInvalid));
    let content = Suspend::new(async move {
        let valid = !rejected && load_cabinet_link(token.clone()).await.unwrap_or(false);
        if !valid {
            set_status(http_status::GONE);
            return view! {
                <h1>{c.link_title}</h1>
                <p class="form-error" role="alert">{c.link_invalid}</p>
                <p><a class="button button--primary" href=href(lang, "/cabinet")>{c.sign_in_title}</a></p>
            }
            .into_any();
        }
        view! {
            <h1>{c.link_title}</h1>
            <p class="lead">{c.link_intro}</p>
            <form method="post" action=href(lang, &format!("/cabinet/link/{token}"))>
                <input type="hidden" name="lang" value=lang.code()/>
                <button type="submit" class="button button--primary">{c.link_button}</button>
            </form>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=c.link_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// The HTTP status codes the cabinet's pages set, as plain numbers so that the page compiles
/// for the browser too.
mod http_status {
    pub const GONE: u16 = 410;
    pub const NOT_FOUND: u16 = 404;
}

/// Sets the response status while rendering on the server.
fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) =
        (use_context::<leptos_axum::ResponseOptions>(), http::StatusCode::from_u16(_code))
    {
        response.set_status(status);
    }
}

/// `/cabinet/c/{number}`: one complaint. A form post that was rejected renders this page with
/// its outcome in the context.
#[component]
pub fn CabinetComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let number = use_params_map().get_untracked().get("number").unwrap_or_default();
    let posted = use_context::<ApplicantPost>().unwrap_or(ApplicantPost {
        action: String::new(),
        errors: FieldErrors::new(),
        illegal: None,
        answer: String::new(),
    });
    let content = Suspend::new(async move {
        let page = match load_cabinet_complaint(number, lang).await {
            Ok(page) => page,
            Err(error) => return cabinet_error_view(error, lang),
        };
        let csrf = page.citizen.csrf_token.clone();
        // After a rejected post, the page shows what was typed and why it was rejected.
        let outcome = ApplicantOutcome {
            view: page.view,
            action: posted.action,
            errors: posted.errors,
            illegal: posted.illegal,
            answer: posted.answer,
            access: ApplicantAccess::Cabinet { csrf },
        };
        view! {
            <CitizenBar citizen=page.citizen/>
            <ApplicantComplaint outcome/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.cabinet.title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// `/cabinet/c/{number}/reply`: the reasoned reply, printable, with its PDF.
#[component]
pub fn CabinetReplyPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let number = use_params_map().get_untracked().get("number").unwrap_or_default();
    let content = Suspend::new(async move {
        let (citizen, document) = match load_cabinet_reply(number.clone()).await {
            Ok(found) => found,
            Err(error) => return cabinet_error_view(error, lang),
        };
        let back = view! {
            <p class="reply-actions"><a href=href(lang, &format!("/cabinet/c/{number}"))>{t.reply.back_to_complaint}</a></p>
        };
        let Some(document) = document else {
            set_status(http_status::NOT_FOUND);
            return view! {
                <CitizenBar citizen/>
                {back}
                <h1>{t.reply.no_decision_title}</h1>
                <p>{t.reply.no_decision}</p>
            }
            .into_any();
        };
        let pdf = href(lang, &format!("/cabinet/c/{number}/reply.pdf"));
        view! {
            <CitizenBar citizen/>
            {back}
            <div class="reply-actions">
                <h1>{t.reply.title} " — " {(t.status.complaint_title)(&number)}</h1>
                {t.reply.issued_in_russian.map(|note| view! { <p class="note">{note}</p> })}
                <p class="note">{t.reply.print_hint}</p>
                <p><a class="button button--primary" href=pdf download=format!("reply-{number}.pdf")>{t.reply.download_pdf}</a></p>
            </div>
            <ReplyDocumentView document/>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.reply.title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}
