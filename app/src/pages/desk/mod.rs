//! The coordinator's desk (`/koordinator/…`): parallel contacts, companies not contacted for
//! long, coverage by industry group and area, the companies' feedback and the do-not-contact
//! list. Computed on the device by the domain's overview rules (the same the server's
//! `/api/desk/…` answers with) from what the sync brought, so it also works offline.
//!
//! Only [`DeskGate`] is in the field shell; it loads the rest (a chunk of its own) for
//! coordinators and admins only.

mod access_request;
mod chart;
mod coverage;
mod data;
mod do_not_contact;
mod export;
mod feedback;
mod kept;
mod parallel;
mod period;
mod plan;
mod stale;
mod texts;
mod units;

use crate::i18n::{I18n, Key};
use crate::services::catalog::CompanyIndex;
use crate::services::records::today;
use crate::services::{CatalogService, Records, SessionService, SyncService};
use crate::store::{DeskContact, DeskRecords};
use data::DeskData;
use kontaktpunkt_domain::{Colleague, Unit};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use std::sync::Arc;
use texts::{T, tr};

/// Why a call to the server (the plan, a liaison) did not answer, as the server's or the
/// desk's own Danish and English text.
fn problem(error: crate::admin_api::AdminError) -> (String, String) {
    use crate::admin_api::AdminError;
    match error {
        AdminError::Offline => texts::both(T::NeedsNetwork),
        AdminError::Unauthorized => texts::both(T::SessionExpired),
        AdminError::Refused { da, en, .. } => (da, en),
        other => {
            leptos::logging::error!("desk: {other:?}");
            texts::both(T::CallFailed)
        }
    }
}

/// The desk's views, one path each (Danish, as every path of the app).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeskView {
    Parallel,
    Stale,
    Coverage,
    Feedback,
    DoNotContact,
    Units,
    Plan,
    AccessRequest,
}

impl DeskView {
    pub const ALL: [Self; 8] = [
        Self::Parallel,
        Self::Stale,
        Self::Coverage,
        Self::Feedback,
        Self::DoNotContact,
        Self::Units,
        Self::Plan,
        Self::AccessRequest,
    ];

    /// The last segment of the view's path.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Parallel => "parallelle",
            Self::Stale => "glemte",
            Self::Coverage => "daekning",
            Self::Feedback => "feedback",
            Self::DoNotContact => "frabedt",
            Self::Units => "enheder",
            Self::Plan => "plan",
            Self::AccessRequest => "aktindsigt",
        }
    }

    /// `/koordinator` alone is the first view.
    pub fn from_slug(slug: Option<&str>) -> Option<Self> {
        match slug {
            None | Some("") => Some(Self::Parallel),
            Some(slug) => Self::ALL.into_iter().find(|v| v.slug() == slug),
        }
    }

    /// The plan and access requests are asked of the server; the rest is computed from the
    /// records on the device.
    fn on_server(self) -> bool {
        matches!(self, Self::Plan | Self::AccessRequest)
    }

    fn title(self) -> T {
        match self {
            Self::Parallel => T::ViewParallel,
            Self::Stale => T::ViewStale,
            Self::Coverage => T::ViewCoverage,
            Self::Feedback => T::ViewFeedback,
            Self::DoNotContact => T::ViewDoNotContact,
            Self::Units => T::ViewUnits,
            Self::Plan => T::ViewPlan,
            Self::AccessRequest => T::ViewAccessRequest,
        }
    }
}

/// The route's component, in the shell: a coordinator or admin gets the desk's chunk, anyone
/// else a sentence saying the desk is not theirs (and never downloads its code).
#[component]
pub fn DeskGate() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let session = expect_context::<SessionService>();
    let allowed = move || session.with(|s| s.is_some_and(|s| s.user.role.sees_desk()));
    view! {
        <Show
            when=allowed
            fallback=move || view! {
                <section class="panel" data-testid="desk-forbidden">
                    <p role="alert">{i18n.tr(Key::DeskForbidden)}</p>
                </section>
            }
        >
            <Suspense fallback=move || view! { <p class="muted">{i18n.tr(Key::CompaniesLoading)}</p> }>
                {move || Suspend::new(async move { desk_page().await })}
            </Suspense>
        </Show>
    }
}

/// The desk's code: split into its own chunk, loaded on the first visit.
/// The desk's facts with the catalog and the records they were made from.
type Made = (Arc<CompanyIndex>, Arc<(DeskRecords<DeskContact>, Vec<Unit>, Vec<Colleague>)>, Arc<DeskData>);

#[lazy]
async fn desk_page() -> AnyView {
    view! { <DeskPage /> }.into_any()
}

#[component]
fn DeskPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let records = expect_context::<Records>();
    let catalog = expect_context::<CatalogService>();
    let sync = expect_context::<SyncService>();
    let params = use_params_map();
    kept::Kept::provide();
    let current = Memo::new(move |_| params.with(|p| DeskView::from_slug(p.get_str("vis"))));
    // The records are read again after a sync; a new company catalog (a start's reindex, a
    // sync's companies) only makes the facts again from the records already read.
    let stored = LocalResource::new(move || {
        sync.track_records();
        async move {
            let stored = records.desk_facts().await.ok()?;
            let (units, colleagues) = (records.units().await, records.colleagues().await);
            Some(Arc::new((stored, units, colleagues)))
        }
    });
    // The facts last made, with the catalog and records they were made from: this resource
    // runs again when the records it awaits arrive, and the same inputs need no second making
    // (50 ms at 200,000 contacts).
    let made = StoredValue::new_local(None::<Made>);
    let data = LocalResource::new(move || {
        let index = catalog.index();
        async move {
            let index = index?;
            let stored = stored.await?;
            if let Some((i, s, data)) = made.get_value()
                && Arc::ptr_eq(&i, &index)
                && Arc::ptr_eq(&s, &stored)
            {
                return Some(data);
            }
            let (records, units, colleagues) = &*stored;
            let timing = crate::js::Timing::start("kp:desk-data");
            let companies: Vec<_> = index.companies().collect();
            let data = Arc::new(DeskData::new(
                today(),
                companies.iter(),
                records,
                units.clone(),
                colleagues.clone(),
            ));
            timing.end();
            made.set_value(Some((index, stored, Arc::clone(&data))));
            Some(data)
        }
    });
    let tabs = DeskView::ALL
        .into_iter()
        .map(|view| {
            let href = format!("/koordinator/{}", view.slug());
            view! {
                <a
                    href=href
                    class="desk-tab"
                    data-testid=format!("desk-tab-{}", view.slug())
                    aria-current=move || (current.get() == Some(view)).then_some("page")
                >
                    {tr(i18n, view.title())}
                </a>
            }
        })
        .collect_view();
    view! {
        <section class="desk" aria-labelledby="desk-title" data-testid="desk">
            <h1 id="desk-title">{tr(i18n, T::Title)}</h1>
            <p class="muted">{tr(i18n, T::Intro)}</p>
            <nav class="desk-tabs" aria-label=tr(i18n, T::Views)>
                {tabs}
                // The audit log's contact matters: in the admin chunk, open to coordinators.
                <a href=crate::app::paths::ADMIN_AUDIT class="desk-tab" id="open-audit-log">{tr(i18n, T::AuditLog)}</a>
            </nav>
            // The views the server answers need no records from the device: not waited for, not reloaded by syncs.
            {move || match current.get() {
                Some(DeskView::Plan) => view! { <plan::ContactPlanView /> }.into_any(),
                Some(DeskView::AccessRequest) => view! { <access_request::AccessRequestView /> }.into_any(),
                _ => ().into_any(),
            }}
            <Show when=move || !current.get().is_some_and(DeskView::on_server)>
                <Transition fallback=move || view! { <p class="muted" data-testid="desk-loading">{tr(i18n, T::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        let Some(data) = data.await else {
                            return view! { <p class="panel muted">{tr(i18n, T::WaitingForCompanies)}</p> }.into_any();
                        };
                        match current.get() {
                            Some(DeskView::Parallel) => view! { <parallel::ParallelView data /> }.into_any(),
                            Some(DeskView::Stale) => view! { <stale::StaleView data /> }.into_any(),
                            Some(DeskView::Coverage) => view! { <coverage::CoverageView data /> }.into_any(),
                            Some(DeskView::Feedback) => view! { <feedback::FeedbackView data /> }.into_any(),
                            Some(DeskView::DoNotContact) => view! { <do_not_contact::DoNotContactView data /> }.into_any(),
                            Some(DeskView::Units) => view! { <units::UnitsView data /> }.into_any(),
                            Some(DeskView::Plan | DeskView::AccessRequest) => ().into_any(),
                            None => view! { <p class="panel" data-testid="not-found">{tr(i18n, T::NotFound)}</p> }.into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </section>
    }
}
