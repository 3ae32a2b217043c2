use crate::app::paths;
use crate::i18n::{I18n, Key, Lang, last_synced, other_users_waiting, pending_count, rejected_count};
use crate::services::{SessionService, SyncService};
use leptos::prelude::*;

/// The sync bar: pending count, last good sync, errors in plain words, "Synkronisér nu".
/// The two buttons stay put while the texts change, so focus survives a sync.
#[component]
pub fn SyncBar() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let sync = expect_context::<SyncService>();
    let session = expect_context::<SessionService>();
    let pending = move || sync.counts().pending;
    let rejected = move || sync.counts().rejected;
    let others = move || sync.counts().other_users;
    view! {
        <section class="sync-bar" aria-label=i18n.tr(Key::Outbox)>
            <div class="sync-row">
                <span class="sync-status">
                    <span
                        class="sync-pending"
                        class:sync-pending-some={move || pending() > 0}
                        data-testid="pending-count"
                        role="status"
                        data-count=move || pending().to_string()
                    >
                        {move || match pending() {
                            // Not "everything is synced" while the first download runs.
                            0 if sync.download().is_some() => i18n.t(Key::Downloading).to_owned(),
                            0 => i18n.t(Key::AllSynced).to_owned(),
                            n => pending_count(i18n.lang.get(), n),
                        }}
                    </span>
                    {move || (rejected() != 0).then(|| view! {
                        <a class="badge badge-danger link-button" href=paths::OUTBOX>
                            {move || rejected_count(i18n.lang.get(), rejected())}
                        </a>
                    })}
                    <span
                        class="sync-last muted"
                        data-testid="last-sync"
                        data-time=move || sync.last_sync().map(|t| (t as u64).to_string()).unwrap_or_default()
                    >
                        {move || match sync.last_sync() {
                            Some(ms) => last_synced(i18n.lang.get(), &format_time(i18n.lang.get(), ms)),
                            None => i18n.t(Key::NeverSynced).to_owned(),
                        }}
                    </span>
                </span>
                <span class="sync-actions">
                    <a id="open-my-work" class="button button-small" href=paths::MY_WORK>{i18n.tr(Key::MyWork)}</a>
                    <a id="open-outbox" class="button button-small" href=paths::OUTBOX>{i18n.tr(Key::Outbox)}</a>
                    <button
                        type="button"
                        id="sync-now"
                        class="button button-small"
                        aria-busy=move || sync.running().to_string()
                        disabled=move || sync.running()
                        on:click=move |_| sync.sync_now()
                    >
                        {i18n.tr(Key::SyncNow)}
                    </button>
                </span>
            </div>
            {move || sync.problem().map(|key| view! {
                <div class="sync-problem" role="alert">
                    <p class="error" data-testid="sync-error">{i18n.tr(key)}</p>
                    {move || sync.needs_login().then(|| view! {
                        <button type="button" id="relogin" class="button button-small" on:click=move |_| session.ask_relogin()>
                            {i18n.tr(Key::LogInAgain)}
                        </button>
                    })}
                </div>
            })}
            {move || (others() != 0).then(|| view! {
                <p class="muted sync-note" data-testid="other-users-waiting" data-count=move || others().to_string()>
                    {move || other_users_waiting(i18n.lang.get(), others())}
                </p>
            })}
            {move || (sync.persisted() == Some(false)).then(|| view! {
                <p class="muted sync-note">{i18n.tr(Key::StorageNotPersisted)}</p>
            })}
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
