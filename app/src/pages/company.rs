use crate::catalog::Catalog;
use crate::components::contact_form::ContactForm;
use crate::components::contact_list::ContactList;
use crate::components::do_not_contact::DoNotContactPanel;
use crate::components::shared_fields::SharedFieldsPanel;
use crate::html::Html;
use crate::i18n::{Key, Lang, text};
use crate::outbox::{ChangeKind, EntryStatus};
use crate::state::{AppState, Screen};
use crate::store::CompanyRecords;
use kontaktpunkt_domain::{Colleague, Company, Cvr, EmployeeInterval};
use leptos::prelude::*;
use uuid::Uuid;

/// What the company screen shows from the device, reloaded whenever local data changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanyData {
    pub records: CompanyRecords,
    /// Outbox status of the records (contact and feedback ids) that are not synced yet.
    pub unsynced: Vec<(Uuid, EntryStatus)>,
    /// Outbox status of a do-not-contact change for this company.
    pub flag_unsynced: Option<EntryStatus>,
    /// Outbox status of an edit of the company's shared fields.
    pub fields_unsynced: Option<EntryStatus>,
    pub unit_names: Vec<(Uuid, String)>,
    pub colleagues: Vec<Colleague>,
}

impl CompanyData {
    pub fn status(&self, id: Uuid) -> Option<EntryStatus> {
        self.unsynced.iter().find(|(r, _)| *r == id).map(|(_, s)| *s)
    }

    pub fn unit_name(&self, id: Uuid) -> Option<&str> {
        self.unit_names.iter().find(|(u, _)| *u == id).map(|(_, name)| name.as_str())
    }

    pub fn colleague(&self, id: Uuid) -> Option<&Colleague> {
        self.colleagues.iter().find(|c| c.id == id)
    }
}

/// The company screen's shared state, provided to its parts.
#[derive(Clone, Copy)]
pub struct CompanyCtx {
    pub cvr: StoredValue<Cvr>,
    pub data: RwSignal<Option<CompanyData>>,
    /// The contact whose feedback form is open.
    pub feedback_for: RwSignal<Option<Uuid>>,
    /// The contact just saved (offers feedback).
    pub saved: RwSignal<Option<Uuid>>,
    /// A short confirmation ("Tak for jeres tilbagemelding.").
    pub notice: RwSignal<Option<Key>>,
}

/// One company: register facts, do-not-contact, who else has contacted it, and logging a contact.
#[component]
pub fn CompanyPage(cvr: Cvr) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = state.i18n;
    let company: Option<Company> = state.catalog.with_untracked(|c| match c {
        Catalog::Ready(index) => index.get(&cvr).cloned(),
        _ => None,
    });
    let ctx = CompanyCtx {
        cvr: StoredValue::new(cvr.clone()),
        data: RwSignal::new(None),
        feedback_for: RwSignal::new(None),
        saved: RwSignal::new(None),
        notice: RwSignal::new(None),
    };
    provide_context(ctx);
    Effect::new(move || {
        state.sync.revision.track();
        let cvr = ctx.cvr.get_value();
        leptos::task::spawn_local(async move {
            match load(state, cvr).await {
                Ok(data) => ctx.data.set(Some(data)),
                Err(key) => state.sync.problem.set(Some(key)),
            }
        });
    });
    // A new screen: start at its top, and tell screen readers where they are.
    window().scroll_to_with_x_and_y(0.0, 0.0);
    request_animation_frame(|| {
        if let Some(heading) = document().get_element_by_id("company-title") {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(heading).focus();
        }
    });
    let back = move |_| state.screen.set(Screen::Search);
    let cvr_text = cvr.to_string();
    let cvr_attr = cvr_text.clone();

    view! {
        <article class="company-detail" data-testid="company-detail" data-cvr=cvr_attr aria-labelledby="company-title">
            <nav class="detail-nav">
                <button type="button" id="back-to-search" class="button button-small" on:click=back>
                    <span aria-hidden="true">"← "</span>
                    {i18n.tr(Key::BackToSearch)}
                </button>
                <a class="skip-link" href="#contact-form">{i18n.tr(Key::LogContact)}</a>
            </nav>
            <header class="panel company-facts-panel" inner_html=move || facts(i18n.lang.get(), company.as_ref(), &cvr_text)></header>
            <DoNotContactPanel />
            <SharedFieldsPanel />
            <ContactList />
            <ContactForm />
        </article>
    }
}

async fn load(state: AppState, cvr: Cvr) -> Result<CompanyData, Key> {
    let records = state.company_records(cvr.clone()).await?;
    let entries = state.outbox_entries().await?;
    let mut data = CompanyData { records, ..CompanyData::default() };
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
    data.unit_names = state.units().await.into_iter().map(|u| (u.id, u.name)).collect();
    data.colleagues = state.colleagues().await;
    data.colleagues.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    if let Some(unit) = state.session.with_untracked(|s| s.as_ref().and_then(|s| s.unit.clone()))
        && data.unit_name(unit.id).is_none()
    {
        data.unit_names.push((unit.id, unit.name));
    }
    Ok(data)
}

/// Name and register facts as HTML (`h1#company-title` first, for focus after opening).
fn facts(lang: Lang, company: Option<&Company>, cvr: &str) -> String {
    let t = |key| text(lang, key);
    let mut h = Html::default();
    h.raw("<h1 id=\"company-title\" tabindex=\"-1\">");
    let Some(c) = company else {
        h.text(cvr).raw("</h1>").el("p", "muted", t(Key::CompanyNotFound));
        return h.finish();
    };
    h.text(&c.name).raw("</h1><div class=\"company-head\">");
    if c.advertising_protected {
        h.raw("<span class=\"badge badge-warn\" data-testid=\"advertising-protected\" title=\"")
            .text(t(Key::AdvertisingProtectedHint))
            .raw("\">")
            .text(t(Key::AdvertisingProtected))
            .raw("</span>");
    }
    if !c.active {
        h.el("span", "badge", t(Key::Inactive));
    }
    h.raw("</div><dl class=\"facts\">");
    let address = format!("{}, {} {}", c.address.street, c.address.postal_code, c.address.town);
    let industry = format!("{} ({})", c.industry.text, c.industry.code);
    let mut fact = |key, value: &str, class: &str| {
        h.raw("<div>").el("dt", "", t(key)).el("dd", class, value).raw("</div>");
    };
    fact(Key::Cvr, c.cvr.as_str(), "company-cvr");
    fact(Key::Address, &address, "");
    fact(Key::Industry, &industry, "");
    if c.employees != EmployeeInterval::Unknown {
        fact(Key::Employees, c.employees.label(), "");
    }
    h.raw("</dl>");
    h.finish()
}
