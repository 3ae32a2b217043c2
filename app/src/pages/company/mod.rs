//! One company's screen (`/virksomhed/{cvr}`): register facts, do-not-contact, the
//! municipality's own details, who else has contacted it, and logging a contact.

mod contact_form;
mod contact_list;
mod context;
mod dnc_texts;
mod do_not_contact;
mod facts;
mod feedback_form;
mod fields;
mod handover_texts;
mod labels;
mod shared_fields;
mod shared_form;
mod visit_summary;

use crate::i18n::{I18n, Key};
use crate::outbox::{ChangeKind, EntryStatus};
use crate::services::catalog::Catalog;
use crate::services::{CatalogService, Records, SessionService, SyncService};
use contact_form::ContactForm;
use contact_list::ContactList;
use context::{CompanyCtx, CompanyData};
use do_not_contact::DoNotContactPanel;
use facts::CompanyFacts;
use feedback_form::FeedbackForm;
use kontaktpunkt_domain::{ContactKind, Cvr};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::{LazyRoute, lazy_route};
use shared_fields::SharedFieldsPanel;
use visit_summary::VisitSummary;

/// The company screen is a lazy route: its code is a chunk of its own, fetched when a company
/// is first opened (the service worker keeps it, so it opens offline), so the start — login,
/// search, sync — loads less.
pub struct CompanyScreen;

#[lazy_route]
impl LazyRoute for CompanyScreen {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <CompanyRoute /> }.into_any()
    }
}

/// The route: parses the CVR number of the URL (and a refused contact to correct, `?ret=`).
#[component]
fn CompanyRoute() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let cvr = Memo::new(move |_| params.with(|p| p.get("cvr")));
    move || {
        let text = cvr.get().unwrap_or_default();
        let fixing = query.with_untracked(|q| q.get("ret")).and_then(|key| key.parse::<u64>().ok());
        match Cvr::parse(&text) {
            Ok(cvr) => view! { <CompanyPage cvr fixing /> }.into_any(),
            Err(_) => view! { <facts::UnknownCompany cvr=text /> }.into_any(),
        }
    }
}

/// One company: register facts, do-not-contact, who else has contacted it, and logging a contact.
#[component]
fn CompanyPage(cvr: Cvr, fixing: Option<u64>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let catalog = expect_context::<CatalogService>();
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let sync = expect_context::<SyncService>();
    let ctx = CompanyCtx {
        cvr: StoredValue::new(cvr.clone()),
        data: RwSignal::new(None),
        feedback_for: RwSignal::new(None),
        saved: RwSignal::new(None),
        notice: RwSignal::new(None),
        fixing: RwSignal::new(None),
        editing: RwSignal::new(None),
        open_form: RwSignal::new(0),
    };
    provide_context(ctx);
    if let Some(key) = fixing {
        leptos::task::spawn_local(async move {
            let refused = records.refused_contact(key).await;
            ctx.fixing.set(refused.filter(|(_, contact)| contact.company == ctx.cvr.get_value()));
        });
    }
    Effect::new(move || {
        sync.track_records();
        let cvr = ctx.cvr.get_value();
        leptos::task::spawn_local(async move {
            match load(records, session, cvr).await {
                Ok(data) => ctx.data.set(Some(data)),
                Err(key) => sync.report(key),
            }
        });
    });
    // Ready, still loading (a deep link right after start), or not on this device.
    let company = Memo::new(move |_| {
        catalog.with(|c| match c {
            Catalog::Ready(index) => Some(index.get(&ctx.cvr.get_value())),
            _ => None,
        })
    });
    // A new screen: start at its top, and tell screen readers where they are.
    window().scroll_to_with_x_and_y(0.0, 0.0);
    request_animation_frame(|| {
        if let Some(heading) = document().get_element_by_id("company-title") {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(heading).focus();
        }
    });
    let cvr_text = cvr.to_string();
    let cvr_attr = cvr_text.clone();

    view! {
        <article class="company-detail" data-testid="company-detail" data-cvr=cvr_attr aria-labelledby="company-title">
            <nav class="detail-nav">
                <a id="back-to-search" class="button button-small" href=crate::pages::companies::last_search_url>
                    <span aria-hidden="true">"← "</span>
                    {i18n.tr(Key::BackToSearch)}
                </a>
                <a class="skip-link" href="#contact-form">{i18n.tr(Key::LogContact)}</a>
            </nav>
            {move || match company.get() {
                None => view! { <p class="panel muted" role="status">{i18n.tr(Key::CompaniesLoading)}</p> }.into_any(),
                Some(None) => view! { <facts::UnknownCompany cvr=cvr_text.clone() /> }.into_any(),
                Some(Some(company)) => view! {
                    <CompanyFacts company />
                    <DoNotContactPanel>
                        <VisitSummary />
                    </DoNotContactPanel>
                    <SharedFieldsPanel />
                    <ContactList />
                    <ContactForm />
                }
                .into_any(),
            }}
            // Outside the company's block, so a sync that re-reads the company never resets
            // the company's answers while it holds the phone.
            {move || ctx.feedback_for.get().map(|contact_id| {
                let kind = ctx.data.with_untracked(|d| d.as_ref().and_then(|d| d.contact(contact_id).map(|c| c.kind)));
                view! { <FeedbackForm contact_id kind=kind.unwrap_or(ContactKind::Visit) /> }
            })}
        </article>
    }
}

async fn load(records: Records, session: SessionService, cvr: Cvr) -> Result<CompanyData, Key> {
    let company_records = records.company_records(cvr.clone()).await?;
    let entries = records.outbox_entries().await?;
    let mut data = CompanyData { records: company_records, ..CompanyData::default() };
    for entry in &entries {
        // A refused entry outweighs a pending one for the same record.
        let mark = |slot: &mut Option<EntryStatus>| {
            if *slot != Some(EntryStatus::Rejected) {
                *slot = Some(entry.status);
            }
        };
        if let Some(id) = entry.record_id {
            match data.unsynced.iter_mut().find(|(r, _)| *r == id) {
                Some((_, status)) => {
                    let mut slot = Some(*status);
                    mark(&mut slot);
                    *status = slot.unwrap_or(entry.status);
                }
                None => data.unsynced.push((id, entry.status)),
            }
        }
        if matches!(entry.kind, ChangeKind::DoNotContactSet | ChangeKind::DoNotContactCleared)
            && entry.company.as_ref() == Some(&cvr)
        {
            mark(&mut data.flag_unsynced);
        }
        if entry.kind == ChangeKind::CompanyFieldsEdited && entry.company.as_ref() == Some(&cvr) {
            mark(&mut data.fields_unsynced);
        }
    }
    data.unit_names = records.units().await.into_iter().map(|u| (u.id, u.name)).collect();
    data.colleagues = records.colleagues().await;
    data.colleagues.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    if let Some(unit) = session.with_untracked(|s| s.and_then(|s| s.unit.clone()))
        && data.unit_name(unit.id).is_none()
    {
        data.unit_names.push((unit.id, unit.name));
    }
    Ok(data)
}
