use crate::i18n::{Key, Lang, last_synced, other_users_waiting, pending_count, rejected_count};
use crate::state::{AppState, Screen};
use leptos::prelude::*;

/// The sync bar: pending count, last good sync, errors in plain words, "Synkronisér nu".
#[component]
pub fn SyncBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (i18n, sync) = (state.i18n, state.sync);
    let pending = move || sync.counts.with(|c| c.pending);
    let rejected = move || sync.counts.with(|c| c.rejected);
    let others = move || sync.counts.with(|c| c.other_users);
    let last = move || match sync.last_sync.get() {
        Some(ms) => last_synced(i18n.lang.get(), &format_time(i18n.lang.get(), ms)),
        None => i18n.t(Key::NeverSynced).to_owned(),
    };
    view! {
        <section class="sync-bar" aria-label=i18n.tr(Key::Outbox)>
            <div class="sync-row">
                <span
                    class="sync-pending"
                    class:sync-pending-some=move || { pending() > 0 }
                    data-testid="pending-count"
                    data-count=move || pending().to_string()
                    role="status"
                >
                    {move || match pending() {
                        0 => i18n.t(Key::AllSynced).to_owned(),
                        n => pending_count(i18n.lang.get(), n),
                    }}
                </span>
                <button type="button" class="badge badge-danger link-button" hidden=move || rejected() == 0
                    on:click=move |_| state.screen.set(Screen::Outbox)>
                    {move || rejected_count(i18n.lang.get(), rejected())}
                </button>
                <span class="sync-last muted" data-testid="last-sync" data-time=move || sync.last_sync.get().map(|t| (t as u64).to_string())>
                    {last}
                </span>
                <span class="sync-actions">
                    <button
                        type="button"
                        id="open-outbox"
                        class="button button-small"
                        aria-current=move || (state.screen.get() == Screen::Outbox).then_some("page")
                        on:click=move |_| state.screen.set(Screen::Outbox)
                    >
                        {i18n.tr(Key::Outbox)}
                    </button>
                    <button
                        type="button"
                        id="sync-now"
                        class="button button-small"
                        aria-busy=move || sync.running.get().to_string()
                        disabled=move || sync.running.get()
                        on:click=move |_| state.sync_now()
                    >
                        {move || i18n.t(if sync.running.get() { Key::Syncing } else { Key::SyncNow })}
                    </button>
                </span>
            </div>
            {move || sync.problem.get().map(|key| view! {
                <div class="sync-problem" role="alert">
                    <p class="error" data-testid="sync-error">{i18n.tr(key)}</p>
                    <button type="button" id="relogin" class="button button-small" hidden=move || !sync.needs_login.get()
                        on:click=move |_| state.relogin.set(true)>
                        {i18n.tr(Key::LogInAgain)}
                    </button>
                </div>
            })}
            <p class="muted sync-note" data-testid="other-users-waiting" data-count=move || others().to_string() hidden=move || others() == 0>
                {move || other_users_waiting(i18n.lang.get(), others())}
            </p>
            <p class="muted sync-note" hidden=move || sync.persisted.get() != Some(false)>{i18n.tr(Key::StorageNotPersisted)}</p>
        </section>
    }
}

/// "23.11. kl. 14:05" / "23/11 14:05" in the device's time zone.
pub fn format_time(lang: Lang, ms: f64) -> String {
    let d = js_sys::Date::new(&ms.into());
    let (day, month, h, m) = (d.get_date(), d.get_month() + 1, d.get_hours(), d.get_minutes());
    match lang {
        Lang::Da => format!("{day}.{month}. kl. {h:02}:{m:02}"),
        Lang::En => format!("{day}/{month} {h:02}:{m:02}"),
    }
}
