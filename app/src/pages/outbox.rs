use crate::catalog::Catalog;
use crate::components::sync_status::format_time;
use crate::i18n::Key;
use crate::outbox::{EntryStatus, OutboxEntry};
use crate::state::{AppState, Screen};
use kontaktpunkt_domain::sync::Change;
use leptos::prelude::*;

/// The outbox: every entry not yet synced or refused, with the reason; the user may fix a
/// refused contact or discard an entry (after confirming). Also where a refused logout lands.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (i18n, sync) = (state.i18n, state.sync);
    let entries = RwSignal::new(None::<Vec<OutboxEntry>>);
    Effect::new(move || {
        sync.revision.track();
        leptos::task::spawn_local(async move {
            match state.outbox_entries().await {
                Ok(list) => entries.set(Some(list)),
                Err(key) => sync.problem.set(Some(key)),
            }
        });
    });
    let export = Action::new_local(move |_: &()| async move {
        if let Err(key) = state.export_outbox().await {
            sync.problem.set(Some(key));
        }
    });
    let logout = Action::new_local(move |_: &()| state.logout());
    let empty = move || entries.with(|e| e.as_ref().is_some_and(Vec::is_empty));

    view! {
        <section class="outbox" aria-labelledby="outbox-title">
            <div class="detail-nav">
                <button type="button" id="back-to-search" class="button button-small" on:click=move |_| state.screen.set(Screen::Search)>
                    <span aria-hidden="true">"← "</span>{move || i18n.t(Key::BackToSearch)}
                </button>
            </div>
            <h1 id="outbox-title">{move || i18n.t(Key::OutboxTitle)}</h1>
            <Show when=move || state.logout_refused.get()>
                <div class="banner banner-warn" role="alert" data-testid="logout-refused">
                    <p>{move || i18n.t(Key::LogoutRefused)}</p>
                    <Show when=move || sync.exported.get()>
                        <p>{move || i18n.t(Key::Exported)}</p>
                        <button type="button" id="logout-confirm" class="button" on:click=move |_| { logout.dispatch_local(()); }>
                            {move || i18n.t(Key::LogOut)}
                        </button>
                    </Show>
                </div>
            </Show>
            <p class="muted" data-testid="storage-persisted" data-persisted=move || sync.persisted.get().map(|p| p.to_string())>
                {move || match sync.persisted.get() {
                    Some(true) => i18n.t(Key::StoragePersisted),
                    _ => i18n.t(Key::StorageNotPersisted),
                }}
            </p>
            <Show when=move || empty()>
                <p class="panel muted">{move || i18n.t(Key::OutboxEmpty)}</p>
            </Show>
            <ul class="outbox-list" data-testid="outbox">
                <For each=move || entries.get().unwrap_or_default() key=|e| (e.key, e.status) let:entry>
                    <OutboxItem entry />
                </For>
            </ul>
            <Show when=move || !empty()>
                <button type="button" id="export-outbox" class="button" disabled=move || export.pending().get()
                    on:click=move |_| { export.dispatch_local(()); }>
                    {move || i18n.t(Key::ExportOutbox)}
                </button>
            </Show>
        </section>
    }
}

#[component]
fn OutboxItem(entry: OutboxEntry) -> impl IntoView {
    let state = expect_context::<AppState>();
    let i18n = state.i18n;
    let mine = state.session.with_untracked(|s| s.as_ref().map(|s| s.user.id)) == Some(entry.owner);
    let rejected = entry.status == EntryStatus::Rejected;
    let what = change_key(&entry.mutation.change);
    let company = entry.company().cloned();
    let name = company.as_ref().and_then(|cvr| {
        state.catalog.with_untracked(|c| match c {
            Catalog::Ready(index) => index.get(cvr).map(|c| c.name.clone()),
            _ => None,
        })
    });
    let label = match (&name, &company) {
        (Some(name), Some(cvr)) => format!("{name} ({cvr})"),
        (None, Some(cvr)) => cvr.to_string(),
        _ => String::new(),
    };
    let when = js_sys::Date::parse(&entry.created_at);
    let reason = entry.reason.clone();
    let fixable = rejected && mine && matches!(entry.mutation.change, Change::ContactCreated { .. });
    let confirming = RwSignal::new(false);
    let stored = StoredValue::new(entry.clone());
    let discard = Action::new_local(move |_: &()| async move {
        if let Err(key) = state.discard(stored.get_value()).await {
            state.sync.problem.set(Some(key));
        }
    });
    let open = company.clone();
    let fix = move |_| {
        state.fixing.set(Some(stored.get_value()));
        if let Some(cvr) = open.clone() {
            state.screen.set(Screen::Company(cvr));
        }
    };

    view! {
        <li class="outbox-entry" class:outbox-rejected=rejected data-testid="outbox-entry"
            data-status=if rejected { "rejected" } else { "pending" } data-id=entry.mutation.id.to_string()>
            <div class="contact-head">
                <strong>{move || i18n.t(what)}</strong>
                <span>{label}</span>
                <span class=if rejected { "badge badge-danger" } else { "badge badge-pending" }>
                    {move || i18n.t(if rejected { Key::StatusRejected } else { Key::StatusPending })}
                </span>
            </div>
            {(!when.is_nan()).then(|| view! { <p class="muted small">{move || format_time(i18n.lang.get(), when)}</p> })}
            {reason.map(|r| view! {
                <p class="error reason" data-testid="outbox-reason" data-code=r.code.clone()>
                    {move || if i18n.lang.get() == crate::i18n::Lang::En { r.en.clone() } else { r.da.clone() }}
                </p>
            })}
            {mine.then(|| view! {
                <div class="button-row">
                    {fixable.then(|| view! {
                        <button type="button" class="button button-small outbox-fix" on:click=fix.clone()>{move || i18n.t(Key::Fix)}</button>
                    })}
                    {move || if confirming.get() {
                        view! {
                            <p class="small">{move || i18n.t(Key::DiscardQuestion)}</p>
                            <button type="button" class="button button-small button-danger outbox-discard-confirm"
                                disabled=move || discard.pending().get()
                                on:click=move |_| { discard.dispatch_local(()); }>
                                {move || i18n.t(Key::ConfirmDiscard)}
                            </button>
                            <button type="button" class="button button-small" on:click=move |_| confirming.set(false)>
                                {move || i18n.t(Key::Cancel)}
                            </button>
                        }.into_any()
                    } else {
                        view! {
                            <button type="button" class="button button-small outbox-discard" on:click=move |_| confirming.set(true)>
                                {move || i18n.t(Key::Discard)}
                            </button>
                        }.into_any()
                    }}
                </div>
            })}
        </li>
    }
}

fn change_key(change: &Change) -> Key {
    match change {
        Change::ContactCreated { .. } => Key::ChangeContact,
        Change::ContactUpdated { .. } => Key::ChangeContactUpdated,
        Change::ContactDeleted { .. } => Key::ChangeContactDeleted,
        Change::FeedbackCreated { .. } => Key::ChangeFeedback,
        Change::FollowUpCompleted { .. } => Key::ChangeFollowUp,
        Change::DoNotContactSet { .. } => Key::ChangeDncSet,
        Change::DoNotContactCleared { .. } => Key::ChangeDncCleared,
        Change::CompanyFieldsEdited { .. } => Key::ChangeCompanyEdit,
    }
}
