//! The outbox (`/udbakke`): every entry not yet synced or refused, with the reason; the user
//! may correct a refused contact (on the company's screen) or discard an entry after
//! confirming. Also where a refused logout lands, with the export that permits it.

use crate::app::paths;
use crate::components::status_badge::StatusBadge;
use crate::components::sync_status::format_time;
use crate::i18n::{I18n, Key, Lang};
use crate::outbox::{ChangeKind, EntryStatus, Queued};
use crate::services::{CatalogService, Records, SessionService, SyncService};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use leptos_router::{LazyRoute, lazy_route};

/// The outbox is a lazy route (a chunk of its own, kept by the service worker for offline use).
pub struct OutboxScreen;

#[lazy_route]
impl LazyRoute for OutboxScreen {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <OutboxPage /> }.into_any()
    }
}

#[component]
fn OutboxPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let sync = expect_context::<SyncService>();
    let records = expect_context::<Records>();
    let session = expect_context::<SessionService>();
    let entries = LocalResource::new(move || {
        sync.track_records();
        async move { records.outbox_entries().await }
    });
    let export = Action::new_local(move |_: &()| async move {
        if let Err(key) = records.export_outbox().await {
            sync.report(key);
        }
    });
    let navigate = use_navigate();
    let logout = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            if session.logout(false).await {
                navigate(paths::SEARCH, NavigateOptions::default());
            }
        }
    });
    let persisted = move || sync.persisted();

    view! {
        <section class="outbox" aria-labelledby="outbox-title">
            <div class="detail-nav">
                <a id="back-to-search" class="button button-small" href=crate::pages::companies::last_search_url>
                    <span aria-hidden="true">"← "</span>
                    {i18n.tr(Key::BackToSearch)}
                </a>
            </div>
            <h1 id="outbox-title">{i18n.tr(Key::OutboxTitle)}</h1>
            <Show when=move || session.logout_refused()>
                <div class="banner banner-warn" role="alert" data-testid="logout-refused">
                    <p>{i18n.tr(Key::LogoutRefused)}</p>
                    <Show when=move || sync.exported()>
                        <p>{i18n.tr(Key::Exported)}</p>
                        <button type="button" id="logout-confirm" class="button" on:click=move |_| { logout.dispatch_local(()); }>
                            {i18n.tr(Key::LogOut)}
                        </button>
                    </Show>
                </div>
            </Show>
            <p
                class="muted"
                data-testid="storage-persisted"
                data-persisted=move || match persisted() {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                }
            >
                {move || i18n.t(if persisted() == Some(true) { Key::StoragePersisted } else { Key::StorageNotPersisted })}
            </p>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::CompaniesLoading)}</p> }>
                {move || Suspend::new(async move {
                    match entries.await {
                        Err(key) => view! { <p class="panel error" role="alert">{i18n.tr(key)}</p> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="panel muted">{i18n.tr(Key::OutboxEmpty)}</p>
                            <ul class="outbox-list" data-testid="outbox"></ul>
                        }
                        .into_any(),
                        Ok(list) => view! {
                            <button type="button" id="export-outbox" class="button" on:click=move |_| { export.dispatch_local(()); }>
                                {i18n.tr(Key::ExportOutbox)}
                            </button>
                            <ul class="outbox-list" data-testid="outbox">
                                <For each=move || list.clone() key=|entry| (entry.key, entry.status) let:entry>
                                    <OutboxItem entry />
                                </For>
                            </ul>
                        }
                        .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// `li[data-testid=outbox-entry][data-status]`: what the entry is, its reason, its buttons.
#[component]
fn OutboxItem(entry: Queued) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let catalog = expect_context::<CatalogService>();
    let records = expect_context::<Records>();
    let sync = expect_context::<SyncService>();
    let session = expect_context::<SessionService>();
    let rejected = entry.status == EntryStatus::Rejected;
    let confirming = RwSignal::new(false);
    let company = entry.company.clone().map(|cvr| match catalog.company(&cvr) {
        Some(company) => format!("{} ({cvr})", company.name),
        None => cvr.to_string(),
    });
    let when = js_sys::Date::parse(&entry.created_at);
    let reason = entry.reason.clone();
    // Only the owner may change an entry; another user's entries just wait for them.
    let own = session.user_id_untracked() == Some(entry.owner);
    let fix_href = (rejected && entry.kind == ChangeKind::ContactCreated)
        .then_some(entry.company.as_ref())
        .flatten()
        .map(|cvr| paths::company_fixing(cvr, entry.key));
    let discard = Action::new_local(move |entry: &Queued| {
        let entry = entry.clone();
        async move {
            confirming.set(false);
            if let Err(key) = records.discard(entry).await {
                sync.report(key);
            }
        }
    });
    let kind = entry.kind;
    let (status, id) = (entry.status, entry.id.to_string());
    view! {
        <li
            class="outbox-entry"
            class:outbox-rejected=rejected
            data-testid="outbox-entry"
            data-status=if rejected { "rejected" } else { "pending" }
            data-id=id
        >
            <div class="contact-head">
                <strong>{i18n.tr(change_key(kind))}</strong>
                {company.map(|label| view! { <span>{label}</span> })}
                <StatusBadge status=Some(status) />
            </div>
            {(!when.is_nan()).then(|| view! { <p class="muted small">{move || format_time(i18n.lang.get(), when)}</p> })}
            {reason.map(|reason| {
                let code = reason.code.clone();
                view! {
                    <p class="error reason" data-testid="outbox-reason" data-code=code>
                        {move || if i18n.lang.get() == Lang::En { reason.en.clone() } else { reason.da.clone() }}
                    </p>
                }
            })}
            {own.then(|| view! {
                <div class="button-row">
                    {fix_href.map(|href| view! {
                        <a class="button button-small outbox-fix" href=href>{i18n.tr(Key::Fix)}</a>
                    })}
                    <Show
                        when=move || confirming.get()
                        fallback=move || view! {
                            <button type="button" class="button button-small outbox-discard" on:click=move |_| confirming.set(true)>
                                {i18n.tr(Key::Discard)}
                            </button>
                        }
                    >
                        <p class="small">{i18n.tr(Key::DiscardQuestion)}</p>
                        <button
                            type="button"
                            class="button button-small button-danger outbox-discard-confirm"
                            on:click={
                                let entry = entry.clone();
                                move |_| { discard.dispatch_local(entry.clone()); }
                            }
                        >
                            {i18n.tr(Key::ConfirmDiscard)}
                        </button>
                        <button type="button" class="button button-small outbox-discard-cancel" on:click=move |_| confirming.set(false)>
                            {i18n.tr(Key::Cancel)}
                        </button>
                    </Show>
                </div>
            })}
        </li>
    }
}

fn change_key(kind: ChangeKind) -> Key {
    match kind {
        ChangeKind::ContactCreated => Key::ChangeContact,
        ChangeKind::ContactUpdated => Key::ChangeContactUpdated,
        ChangeKind::ContactDeleted => Key::ChangeContactDeleted,
        ChangeKind::FeedbackCreated => Key::ChangeFeedback,
        ChangeKind::FollowUpCompleted => Key::ChangeFollowUp,
        ChangeKind::DoNotContactSet => Key::ChangeDncSet,
        ChangeKind::DoNotContactCleared => Key::ChangeDncCleared,
        ChangeKind::CompanyFieldsEdited => Key::ChangeCompanyEdit,
        ChangeKind::PlannedContactAnswered => Key::ChangePlannedAnswer,
    }
}
