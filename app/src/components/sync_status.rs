use crate::html::{Html, clicked_action};
use crate::i18n::{Key, Lang, last_synced, other_users_waiting, pending_count, rejected_count, text};
use crate::state::{AppState, Screen};
use leptos::prelude::*;

/// The sync bar: pending count, last good sync, errors in plain words, "Synkronisér nu".
/// Its texts are HTML (see [`crate::html`]); the two buttons stay put so focus survives a sync.
#[component]
pub fn SyncBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (i18n, sync) = (state.i18n, state.sync);
    let status = move || {
        let lang = i18n.lang.get();
        let counts = sync.counts.get();
        let mut h = Html::default();
        h.raw("<span class=\"sync-pending")
            .raw(if counts.pending > 0 { " sync-pending-some" } else { "" })
            .raw("\" data-testid=\"pending-count\" role=\"status\" data-count=\"")
            .raw(&counts.pending.to_string())
            .raw("\">")
            .text(&match counts.pending {
                0 => text(lang, Key::AllSynced).to_owned(),
                n => pending_count(lang, n),
            })
            .raw("</span>");
        if counts.rejected > 0 {
            h.button("badge badge-danger link-button", "outbox", "", &rejected_count(lang, counts.rejected));
        }
        let last = sync.last_sync.get();
        h.raw("<span class=\"sync-last muted\" data-testid=\"last-sync\" data-time=\"")
            .raw(&last.map(|t| (t as u64).to_string()).unwrap_or_default())
            .raw("\">")
            .text(&match last {
                Some(ms) => last_synced(lang, &format_time(lang, ms)),
                None => text(lang, Key::NeverSynced).to_owned(),
            })
            .raw("</span>");
        h.finish()
    };
    let notes = move || {
        let lang = i18n.lang.get();
        let mut h = Html::default();
        if let Some(key) = sync.problem.get() {
            h.raw(
                "<div class=\"sync-problem\" role=\"alert\"><p class=\"error\" data-testid=\"sync-error\">",
            )
            .text(text(lang, key))
            .raw("</p>");
            if sync.needs_login.get() {
                h.raw("<button type=\"button\" id=\"relogin\" class=\"button button-small\" data-action=\"relogin\">")
                    .text(text(lang, Key::LogInAgain))
                    .raw("</button>");
            }
            h.raw("</div>");
        }
        let others = sync.counts.with(|c| c.other_users);
        if others > 0 {
            h.raw("<p class=\"muted sync-note\" data-testid=\"other-users-waiting\" data-count=\"")
                .raw(&others.to_string())
                .raw("\">")
                .text(&other_users_waiting(lang, others))
                .raw("</p>");
        }
        if sync.persisted.get() == Some(false) {
            h.el("p", "muted sync-note", text(lang, Key::StorageNotPersisted));
        }
        h.finish()
    };
    let on_click = move |ev: leptos::ev::MouseEvent| match clicked_action(&ev).map(|(a, _)| a).as_deref() {
        Some("outbox") => state.screen.set(Screen::Outbox),
        Some("relogin") => state.relogin.set(true),
        _ => {}
    };
    view! {
        <section class="sync-bar" aria-label=i18n.tr(Key::Outbox) on:click=on_click>
            <div class="sync-row">
                <span class="sync-status" inner_html=status></span>
                <span class="sync-actions">
                    <button type="button" id="open-outbox" class="button button-small" on:click=move |_| state.screen.set(Screen::Outbox)>
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
                        {i18n.tr(Key::SyncNow)}
                    </button>
                </span>
            </div>
            <div inner_html=notes></div>
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
