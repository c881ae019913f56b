//! The reasoned reply as a printable page: `/status/reply` for the applicant (posted with the
//! number and access code, since the status page keeps no session) and
//! `/desk/c/{number}/reply` for staff of the body. The PDF of the same document is served
//! by the server's handlers at the same addresses with `.pdf` appended.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::desk::{desk_error_view, StaffBar};
use super::Redirect;
use crate::components::{href, use_lang, SiteLayout};
use crate::i18n::Lang;
use crate::model::AppError;
use crate::reply::{ApplicantReply, Block, DeskReply, ReplyDocument};

/// Loads the reply to a complaint of the staff member's body, with `document: None` before the decision.
#[server(prefix = "/fn", endpoint = "desk_reply")]
pub async fn load_desk_reply(number: String, lang: Lang) -> Result<DeskReply, AppError> {
    use crate::loaders::ssr;
    use crate::server::desk::{self, DeskError};
    use crate::server::reply::{self, ReplyError};

    let state = ssr::state()?;
    let session = ssr::session(&state).await?;
    let staff = desk::staff_view(&state, &session, lang).await.map_err(|error| match error {
        DeskError::NotFound => AppError::NotFound,
        DeskError::Forbidden => AppError::Forbidden,
        other => ssr::internal(other),
    })?;
    let document = match reply::for_staff(&state, &session, &number).await {
        Ok(document) => Some(document),
        Err(ReplyError::NoDecision) => None,
        Err(ReplyError::NotFound) => return Err(AppError::NotFound),
        Err(ReplyError::Forbidden) => return Err(AppError::Forbidden),
        Err(ReplyError::Store(error)) => return Err(ssr::internal(error)),
    };
    Ok(DeskReply { staff, number, document })
}

/// Gives the response a 404 status, for a page that explains why there is nothing to show.
fn set_not_found() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

/// Renders the document itself in Russian, because the body issues it in Russian whatever the
/// language of the page around it.
#[component]
pub fn ReplyDocumentView(document: ReplyDocument) -> impl IntoView {
    let layout = document.layout(Lang::Ru);
    view! {
        <article class="reply" lang="ru" aria-labelledby="reply-title">
            <div class="reply__addressee">{blocks(layout.addressee)}</div>
            <h2 id="reply-title" class="reply__title">{layout.title}</h2>
            <p class="reply__subtitle">{layout.subtitle}</p>
            {blocks(layout.blocks)}
            <div class="reply__signature">{blocks(layout.signature)}</div>
        </article>
    }
}

fn blocks(blocks: Vec<Block>) -> impl IntoView {
    blocks
        .into_iter()
        .map(|block| match block {
            Block::Heading(text) => view! { <h3 class="reply__heading">{text}</h3> }.into_any(),
            Block::Field { label, value } if value.is_empty() => {
                view! { <p class="reply__field"><strong>{label} ":"</strong></p> }.into_any()
            }
            Block::Field { label, value } => view! {
                <p class="reply__field"><strong>{label} ":"</strong> " " <span class="prose">{value}</span></p>
            }
            .into_any(),
            Block::Strong(text) => view! { <p><strong>{text}</strong></p> }.into_any(),
            Block::Paragraph(text) => view! { <p class="prose">{text}</p> }.into_any(),
            Block::List(items) => view! {
                <ul class="reply__list">{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul>
            }
            .into_any(),
        })
        .collect_view()
}

/// Renders the hidden fields that identify the complaint in the applicant's forms.
fn credentials(number: &str, code: &str, lang: Lang) -> impl IntoView {
    view! {
        <input type="hidden" name="number" value=number.to_string()/>
        <input type="hidden" name="code" value=code.to_string()/>
        <input type="hidden" name="lang" value=lang.code()/>
    }
}

/// Renders the status page's buttons that open the reply and download its PDF.
#[component]
pub fn ApplicantReplyLinks(number: String, code: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <section class="reply-links" aria-labelledby="reply-links-title">
            <h2 id="reply-links-title">{t.reply.title}</h2>
            <p>{t.reply.available}</p>
            <div class="reply-links__buttons">
                <form method="post" action=href(lang, "/status/reply")>
                    {credentials(&number, &code, lang)}
                    <button type="submit" class="button button--primary">{t.reply.title}</button>
                </form>
                <form method="post" action=href(lang, "/status/reply.pdf")>
                    {credentials(&number, &code, lang)}
                    <button type="submit" class="button">{t.reply.download_pdf}</button>
                </form>
            </div>
        </section>
    }
}

/// Renders the desk's links to the reply page and its PDF.
#[component]
pub fn DeskReplyLinks(number: String) -> impl IntoView {
    view! { <ReplyLinks base=format!("/desk/c/{number}") number/> }
}

/// Links to the reply page and its PDF under `base`, the complaint's page on the desk or in
/// the cabinet, for a reader whose session opens them.
#[component]
pub fn ReplyLinks(base: String, number: String) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let page = href(lang, &format!("{base}/reply"));
    let pdf = href(lang, &format!("{base}/reply.pdf"));
    view! {
        <section class="reply-links" aria-labelledby="reply-links-title">
            <h2 id="reply-links-title">{t.reply.title}</h2>
            <ul class="reply-links__list">
                <li><a href=page>{t.reply.title}</a></li>
                <li><a href=pdf download=format!("reply-{number}.pdf")>{t.reply.download_pdf}</a></li>
            </ul>
        </section>
    }
}

/// `/status/reply`: the reply the applicant opened from the status page.
#[component]
pub fn StatusReplyPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let back_to_status = view! { <p class="reply-actions"><a href=href(lang, "/status")>{t.common.nav_status}</a></p> };
    let (title, content) = match use_context::<ApplicantReply>() {
        Some(ApplicantReply::Found { document, code }) => {
            let number = document.number.clone();
            let content = view! {
                <div class="reply-actions">
                    <h1>{t.reply.title}</h1>
                    {t.reply.issued_in_russian.map(|note| view! { <p class="note">{note}</p> })}
                    <p class="note">{t.reply.print_hint}</p>
                    <div class="reply-links__buttons">
                        <form method="post" action=href(lang, "/status/reply.pdf")>
                            {credentials(&number, &code, lang)}
                            <button type="submit" class="button button--primary">{t.reply.download_pdf}</button>
                        </form>
                        <form method="post" action=href(lang, "/status")>
                            {credentials(&number, &code, lang)}
                            <button type="submit" class="button">{t.reply.back_to_complaint}</button>
                        </form>
                    </div>
                </div>
                <ReplyDocumentView document/>
            }
            .into_any();
            (format!("{} — {}", t.reply.title, (t.status.complaint_title)(&number)), content)
        }
        Some(ApplicantReply::NoDecision { number, code }) => {
            set_not_found();
            let content = view! {
                <h1>{t.reply.no_decision_title}</h1>
                <p>{t.reply.no_decision}</p>
                <form method="post" action=href(lang, "/status") class="reply-actions">
                    {credentials(&number, &code, lang)}
                    <button type="submit" class="button">{t.reply.back_to_complaint}</button>
                </form>
            }
            .into_any();
            (t.reply.no_decision_title.to_string(), content)
        }
        Some(ApplicantReply::NotFound) => {
            set_not_found();
            let content = view! {
                <h1>{t.common.not_found_title}</h1>
                <p>{t.reply.not_found}</p>
                {back_to_status}
            }
            .into_any();
            (t.common.not_found_title.to_string(), content)
        }
        None => {
            let content = view! {
                <h1>{t.reply.title}</h1>
                <p>{t.reply.open_from_status}</p>
                {back_to_status}
            }
            .into_any();
            (t.reply.title.to_string(), content)
        }
    };
    view! { <SiteLayout title>{content}</SiteLayout> }
}

/// `/desk/c/{number}/reply`: the reply to a complaint of the staff member's body.
#[component]
pub fn DeskReplyPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let number = use_params_map().get_untracked().get("number").unwrap_or_default();
    let content = Suspend::new(async move {
        let page = match load_desk_reply(number, lang).await {
            Ok(page) => page,
            Err(error) => return desk_error_view(error),
        };
        if page.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let complaint_path = href(lang, &format!("/desk/c/{}", page.number));
        let back = view! { <p class="reply-actions"><a href=complaint_path>{t.reply.back_to_complaint}</a></p> };
        let Some(document) = page.document else {
            set_not_found();
            return view! {
                <StaffBar staff=page.staff/>
                {back}
                <h1>{t.reply.no_decision_title}</h1>
                <p>{t.reply.no_decision}</p>
            }
            .into_any();
        };
        let pdf = href(lang, &format!("/desk/c/{}/reply.pdf", page.number));
        let download = format!("reply-{}.pdf", page.number);
        view! {
            <StaffBar staff=page.staff/>
            {back}
            <div class="reply-actions">
                <h1>{t.reply.title} " — " {(t.status.complaint_title)(&page.number)}</h1>
                {t.reply.issued_in_russian.map(|note| view! { <p class="note">{note}</p> })}
                <p class="note">{t.reply.print_hint}</p>
                <p><a class="button button--primary" href=pdf download=download>{t.reply.download_pdf}</a></p>
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
