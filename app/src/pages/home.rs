//! The portal's home page: what Appello is for, and the bodies one can complain about.

use leptos::prelude::*;

use crate::components::{href, use_lang, PageError, SiteLayout};
use crate::loaders::load_directory;
use crate::model::OrgSummary;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let t = lang.texts();
    let directory = Suspend::new(async move {
        match load_directory(lang).await {
            Ok(orgs) => view! { <Directory orgs/> }.into_any(),
            Err(error) => view! { <PageError error/> }.into_any(),
        }
    });
    view! {
        <SiteLayout title=t.home.title.to_string()>
            <h1>{t.home.title}</h1>
            <p class="lead">{t.home.intro}</p>
            <p>{t.home.who_can}</p>
            <p class="note">{t.home.deadlines}</p>
            <Suspense>{directory}</Suspense>
        </SiteLayout>
    }
}

/// The bodies grouped by level; territorial bodies are listed under their parent.
#[component]
fn Directory(orgs: Vec<OrgSummary>) -> impl IntoView {
    let t = use_lang().texts();
    let levels =
        [("federal", t.home.level_federal), ("regional", t.home.level_regional), ("municipal", t.home.level_municipal)];
    let sections = levels
        .into_iter()
        .map(|(level, heading)| {
            let top: Vec<_> = orgs
                .iter()
                .filter(|o| {
                    o.level == level && o.parent_code.as_ref().is_none_or(|p| !orgs.iter().any(|x| &x.code == p))
                })
                .cloned()
                .collect();
            let items = top
                .into_iter()
                .map(|org| {
                    let children: Vec<_> =
                        orgs.iter().filter(|o| o.parent_code.as_deref() == Some(org.code.as_str())).cloned().collect();
                    let nested = (!children.is_empty()).then(|| {
                        let links =
                            children.into_iter().map(|child| view! { <li><OrgLink org=child/></li> }).collect_view();
                        view! { <ul class="org-list org-list--nested">{links}</ul> }
                    });
                    view! { <li><OrgLink org/>{nested}</li> }
                })
                .collect_view();
            view! {
                <section class="org-group">
                    <h3>{heading}</h3>
                    <ul class="org-list">{items}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="choose-body">
            <h2 id="choose-body">{t.home.choose_body}</h2>
            {sections}
        </section>
    }
}

#[component]
fn OrgLink(org: OrgSummary) -> impl IntoView {
    let lang = use_lang();
    let path = format!("/complaint/{}", org.code);
    view! {
        <a href=href(lang, &path)>
            <span class="org-list__short">{org.short_name}</span>
            <span class="org-list__name">{org.name}</span>
        </a>
    }
}
