//! The desk: staff sign-in, the body's complaints, and one complaint with its actions.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::Redirect;
use crate::components::{
    href, use_lang, ChoiceField, ComplaintSummary, ErrorSummary, PageError, SiteLayout, TextAreaField, TextField,
    Timeline,
};
use crate::domain::complaint::limits;
use crate::domain::{Action, Field, FieldErrors, RemedyKind};
use crate::loaders::{load_desk_complaint, load_desk_inbox, load_staff};
use crate::model::{ActionOutcome, AppError, DeskComplaint, LoginOutcome, PasswordOutcome, StaffView};

/// Sends an anonymous visitor to the sign-in page and a member with a temporary password
/// to the password page; shows any other error.
fn desk_error_view(error: AppError) -> AnyView {
    let lang = use_lang();
    match error {
        AppError::Unauthorized => view! { <Redirect path=href(lang, "/desk/login")/> }.into_any(),
        error => view! { <PageError error/> }.into_any(),
    }
}

/// Who is signed in, and the sign-out button.
#[component]
fn StaffBar(staff: StaffView) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    view! {
        <div class="staff-bar">
            <span>{(t.desk.signed_in_as)(&staff.email)} " · " {staff.org_name.clone()}</span>
            <form method="post" action=href(lang, "/desk/logout")>
                <input type="hidden" name="csrf" value=staff.csrf_token.clone()/>
                <button type="submit" class="button button--link">{t.desk.logout}</button>
            </form>
        </div>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let outcome = use_context::<LoginOutcome>();
    let email = outcome.as_ref().map(|o| o.email.clone()).unwrap_or_default();
    let errors = outcome.map(|o| o.errors).unwrap_or_default();
    view! {
        <SiteLayout title=t.desk.login_title.to_string()>
            <h1>{t.desk.login_title}</h1>
            <p class="lead">{t.desk.login_intro}</p>
            <form method="post" action=href(lang, "/desk/login") novalidate=true class="narrow-form">
                <ErrorSummary errors=errors.clone()/>
                <input type="hidden" name="lang" value=lang.code()/>
                <TextField field=Field::Email value=email problem=errors.get(Field::Email) kind="email"
                    required=true autocomplete="username"/>
                <TextField field=Field::Password value=String::new() problem=errors.get(Field::Password)
                    kind="password" required=true autocomplete="current-password"/>
                <div class="actions">
                    <button type="submit" class="button button--primary">{t.desk.login_submit}</button>
                </div>
            </form>
        </SiteLayout>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let errors = use_context::<PasswordOutcome>().map(|o| o.errors).unwrap_or_default();
    let content = Suspend::new(async move {
        let staff = match load_staff(lang).await {
            Ok(staff) => staff,
            Err(error) => return desk_error_view(error),
        };
        let csrf = staff.csrf_token.clone();
        view! {
            <StaffBar staff/>
            <h1>{t.desk.password_title}</h1>
            <p class="lead">{t.desk.password_intro}</p>
            <form method="post" action=href(lang, "/desk/password") novalidate=true class="narrow-form">
                <ErrorSummary errors=errors.clone()/>
                <input type="hidden" name="csrf" value=csrf/>
                <TextField field=Field::NewPassword value=String::new() problem=errors.get(Field::NewPassword)
                    kind="password" required=true autocomplete="new-password"/>
                <TextField field=Field::NewPasswordRepeat value=String::new()
                    problem=errors.get(Field::NewPasswordRepeat) kind="password" required=true
                    autocomplete="new-password"/>
                <div class="actions">
                    <button type="submit" class="button button--primary">{t.desk.password_submit}</button>
                </div>
            </form>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.desk.password_title.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
pub fn DeskInboxPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let content = Suspend::new(async move {
        let inbox = match load_desk_inbox(lang).await {
            Ok(inbox) => inbox,
            Err(error) => return desk_error_view(error),
        };
        if inbox.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let title = (t.desk.inbox_title)(&inbox.staff.org_name);
        let rows = inbox
            .items
            .into_iter()
            .map(|item| {
                let link = href(lang, &format!("/desk/c/{}", item.number));
                view! {
                    <tr>
                        <td><a href=link>{item.number}</a></td>
                        <td>{item.received_at}</td>
                        <td>{item.applicant_name}</td>
                        <td>{item.service_name.unwrap_or_default()}</td>
                        <td><span class=format!("status status--{}", item.status.code())>{(t.status_name)(item.status)}</span></td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        let table = if rows.is_empty() {
            view! { <p>{t.desk.inbox_empty}</p> }.into_any()
        } else {
            view! {
                <table class="inbox">
                    <thead>
                        <tr>
                            <th scope="col">{t.desk.col_number}</th>
                            <th scope="col">{t.desk.col_received}</th>
                            <th scope="col">{t.desk.col_applicant}</th>
                            <th scope="col">{t.desk.col_service}</th>
                            <th scope="col">{t.desk.col_status}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
            .into_any()
        };
        view! {
            <StaffBar staff=inbox.staff/>
            <h1>{title}</h1>
            {table}
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.common.nav_desk.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

#[component]
pub fn DeskComplaintPage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let number = use_params_map().get_untracked().get("number").unwrap_or_default();
    let outcome = use_context::<ActionOutcome>();
    let content = Suspend::new(async move {
        let page = match load_desk_complaint(number.clone(), lang).await {
            Ok(page) => page,
            Err(error) => return desk_error_view(error),
        };
        if page.staff.must_change_password {
            return view! { <Redirect path=href(lang, "/desk/password")/> }.into_any();
        }
        let title = (t.status.complaint_title)(&page.complaint.view.number);
        let csrf = page.staff.csrf_token.clone();
        let complaint = page.complaint;
        let summary = complaint.view.clone();
        let events = complaint.view.events.clone();
        view! {
            <StaffBar staff=page.staff/>
            <p><a href=href(lang, "/desk")>{t.desk.back_to_inbox}</a></p>
            <h1>{title}</h1>
            <div class="desk-layout">
                <div>
                    <ComplaintSummary view=summary for_staff=true/>
                    <Applicant complaint=complaint.clone()/>
                    <Timeline events/>
                </div>
                <Actions complaint csrf outcome=outcome.clone()/>
            </div>
        }
        .into_any()
    });
    view! {
        <SiteLayout title=t.common.nav_desk.to_string()>
            <Suspense>{content}</Suspense>
        </SiteLayout>
    }
}

/// The applicant's details, which only staff of the body see.
#[component]
fn Applicant(complaint: DeskComplaint) -> impl IntoView {
    let t = use_lang().texts();
    let d = &t.desk;
    let contacts =
        [complaint.phone.clone(), complaint.email.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ");
    let reply = if complaint.reply_by_email {
        format!("{}: {}", t.form.reply_email, complaint.email.clone().unwrap_or_default())
    } else {
        format!("{}: {}", t.form.reply_post, complaint.postal_address.clone().unwrap_or_default())
    };
    view! {
        <section aria-labelledby="applicant-title">
            <h2 id="applicant-title">{d.applicant}</h2>
            <dl class="facts">
                <dt>{d.applicant}</dt>
                <dd>{complaint.applicant_name.clone()} {complaint.applicant_is_legal.then(|| format!("({})", t.form.legal))}</dd>
                <dt>{d.address}</dt>
                <dd>{complaint.address.clone()}</dd>
                <dt>{d.contacts}</dt>
                <dd>{contacts}</dd>
                <dt>{d.reply_by}</dt>
                <dd>{reply}</dd>
                {complaint.official.clone().map(|o| view! { <dt>{d.official}</dt><dd>{o}</dd> })}
                <dt>{d.arguments}</dt>
                <dd class="prose">{complaint.arguments.clone()}</dd>
            </dl>
        </section>
    }
}

/// The forms for the actions that the complaint's status allows.
#[component]
fn Actions(complaint: DeskComplaint, csrf: String, outcome: Option<ActionOutcome>) -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let d = &t.desk;
    let action_url = href(lang, &format!("/desk/c/{}", complaint.view.number));
    let errors = outcome.as_ref().map(|o| o.errors.clone()).unwrap_or_default();
    let illegal = outcome.as_ref().and_then(|o| o.illegal).map(|(action, status)| {
        let message = (d.illegal_transition)((t.event_name)(action), (t.status_name)(status));
        view! { <p class="form-error" role="alert">{message}</p> }
    });

    let forms = complaint
        .actions
        .iter()
        .map(|action| match action {
            Action::Register => simple_action(&action_url, &csrf, "register", d.action_register).into_any(),
            Action::StartReview => simple_action(&action_url, &csrf, "start_review", d.action_start_review).into_any(),
            _ => {
                let posted = outcome.clone();
                view! { <DecideForm action_url=action_url.clone() csrf=csrf.clone() errors=errors.clone() posted/> }
                    .into_any()
            }
        })
        .collect::<Vec<_>>();
    let empty = forms.is_empty().then(|| view! { <p>{d.no_actions}</p> });
    view! {
        <aside class="actions-panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{d.actions}</h2>
            {illegal}
            {forms}
            {empty}
        </aside>
    }
}

fn simple_action(url: &str, csrf: &str, action: &'static str, label: &'static str) -> impl IntoView {
    view! {
        <form method="post" action=url.to_string() class="action-form">
            <input type="hidden" name="csrf" value=csrf.to_string()/>
            <input type="hidden" name="action" value=action/>
            <button type="submit" class="button button--primary">{label}</button>
        </form>
    }
}

#[component]
fn DecideForm(action_url: String, csrf: String, errors: FieldErrors, posted: Option<ActionOutcome>) -> impl IntoView {
    let t = use_lang().texts();
    let d = &t.desk;
    let outcomes = vec![
        ("satisfied".to_string(), d.outcome_satisfied.to_string()),
        ("refused".to_string(), d.outcome_refused.to_string()),
    ];
    let remedies = RemedyKind::ALL.iter().map(|k| (k.code().to_string(), (t.remedy_kind)(*k).to_string())).collect();
    let (outcome, remedy_kind, text) = posted.map(|p| (p.outcome, p.remedy_kind, p.text)).unwrap_or_default();
    view! {
        <form method="post" action=action_url class="action-form decide-form" novalidate=true>
            <h3>{d.decide_title}</h3>
            <ErrorSummary errors=errors.clone()/>
            <input type="hidden" name="csrf" value=csrf/>
            <input type="hidden" name="action" value="decide"/>
            <ChoiceField field=Field::Outcome selected=vec![outcome] problem=errors.get(Field::Outcome) options=outcomes
                required=true/>
            <ChoiceField field=Field::RemedyKind selected=vec![remedy_kind] problem=errors.get(Field::RemedyKind)
                options=remedies/>
            <TextAreaField field=Field::Reason value=text problem=errors.get(Field::Reason) required=true
                hint=d.decision_text_hint rows=8 maxlength=limits::ARGUMENTS/>
            <div class="actions">
                <button type="submit" class="button button--primary">{d.action_decide}</button>
            </div>
        </form>
    }
}
