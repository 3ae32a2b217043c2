use crate::catalog::Catalog;
use crate::components::contact_list::status_badge;
use crate::components::sync_status::format_time;
use crate::html::{Html, clicked_action};
use crate::i18n::{Key, Lang, text};
use crate::outbox::{ChangeKind, EntryStatus, Queued};
use crate::state::{AppState, Screen};
use kontaktpunkt_domain::Cvr;
use leptos::prelude::*;
use uuid::Uuid;

/// The outbox: every entry not yet synced or refused, with the reason; the user may fix a
/// refused contact or discard an entry (after confirming). Also where a refused logout lands.
/// The list is rendered as HTML with one delegated click handler (see [`crate::html`]).
#[component]
pub fn OutboxPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (i18n, sync) = (state.i18n, state.sync);
    let entries = RwSignal::new(None::<Vec<Queued>>);
    let confirming = RwSignal::new(None::<u64>);
    Effect::new(move || {
        sync.revision.track();
        leptos::task::spawn_local(async move {
            match state.outbox_entries().await {
                Ok(list) => entries.set(Some(list)),
                Err(key) => sync.problem.set(Some(key)),
            }
        });
    });
    let empty = move || entries.with(|e| e.as_ref().is_some_and(Vec::is_empty));
    let me = state.session.with_untracked(|s| s.as_ref().map(|s| s.user.id));
    let list = move || {
        let lang = i18n.lang.get();
        let confirm = confirming.get();
        entries.with(|e| {
            state.catalog.with(|catalog| {
                let name = |cvr: &Cvr| match catalog {
                    Catalog::Ready(index) => index.get(cvr).map(|c| c.name.clone()),
                    _ => None,
                };
                render(e.as_deref().unwrap_or_default(), lang, me, confirm, name)
            })
        })
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, _)) = clicked_action(&ev) else { return };
        match action.as_str() {
            "export" => leptos::task::spawn_local(async move {
                if let Err(key) = state.export_outbox().await {
                    sync.problem.set(Some(key));
                }
            }),
            "logout" => leptos::task::spawn_local(state.logout()),
            _ => {}
        }
    };
    let on_entry_click = move |ev: leptos::ev::MouseEvent| {
        let Some((action, key)) = clicked_action(&ev) else { return };
        let Ok(key) = key.parse::<u64>() else { return };
        let Some(entry) =
            entries.with_untracked(|e| e.as_ref().and_then(|e| e.iter().find(|q| q.key == key).cloned()))
        else {
            return;
        };
        match action.as_str() {
            "discard" => confirming.set(Some(key)),
            "discard-cancel" => confirming.set(None),
            "discard-confirm" => leptos::task::spawn_local(async move {
                confirming.set(None);
                if let Err(key) = state.discard(entry).await {
                    sync.problem.set(Some(key));
                }
            }),
            "fix" => leptos::task::spawn_local(async move {
                if let (Some(contact), Some(cvr)) =
                    (state.refused_contact(&entry).await, entry.company.clone())
                {
                    state.fixing.set(Some((entry, contact)));
                    state.screen.set(Screen::Company(cvr));
                }
            }),
            _ => {}
        }
    };

    view! {
        <section class="outbox" aria-labelledby="outbox-title">
            <div class="detail-nav">
                <button
                    type="button"
                    id="back-to-search"
                    class="button button-small"
                    on:click=move |_| state.screen.set(Screen::Search)
                >
                    <span aria-hidden="true">"← "</span>
                    {i18n.tr(Key::BackToSearch)}
                </button>
            </div>
            <h1 id="outbox-title">{i18n.tr(Key::OutboxTitle)}</h1>
            <div on:click=on_click inner_html=move || notes(i18n.lang.get(), state.logout_refused.get(), sync.exported.get(), sync.persisted.get(), empty())></div>
            <ul class="outbox-list" data-testid="outbox" on:click=on_entry_click inner_html=list></ul>
        </section>
    }
}

/// The refused-logout notice (with export and, once exported, logout), the storage
/// persistence answer, and the export button.
fn notes(lang: Lang, refused: bool, exported: bool, persisted: Option<bool>, empty: bool) -> String {
    let t = |key| text(lang, key);
    let mut h = Html::default();
    if refused {
        h.raw("<div class=\"banner banner-warn\" role=\"alert\" data-testid=\"logout-refused\">").el(
            "p",
            "",
            t(Key::LogoutRefused),
        );
        if exported {
            h.el("p", "", t(Key::Exported))
                .raw("<button type=\"button\" id=\"logout-confirm\" class=\"button\" data-action=\"logout\">")
                .text(t(Key::LogOut))
                .raw("</button>");
        }
        h.raw("</div>");
    }
    h.raw("<p class=\"muted\" data-testid=\"storage-persisted\" data-persisted=\"")
        .raw(match persisted {
            Some(true) => "true",
            Some(false) => "false",
            None => "",
        })
        .raw("\">")
        .text(t(if persisted == Some(true) { Key::StoragePersisted } else { Key::StorageNotPersisted }))
        .raw("</p>");
    if empty {
        h.el("p", "panel muted", t(Key::OutboxEmpty));
    } else {
        h.raw("<button type=\"button\" id=\"export-outbox\" class=\"button\" data-action=\"export\">")
            .text(t(Key::ExportOutbox))
            .raw("</button>");
    }
    h.finish()
}

/// `li[data-testid=outbox-entry][data-status]` per entry, with its reason and buttons.
fn render(
    entries: &[Queued],
    lang: Lang,
    me: Option<Uuid>,
    confirming: Option<u64>,
    name: impl Fn(&Cvr) -> Option<String>,
) -> String {
    let t = |key| text(lang, key);
    let mut h = Html::default();
    for entry in entries {
        let rejected = entry.status == EntryStatus::Rejected;
        let key = entry.key.to_string();
        h.raw("<li class=\"outbox-entry")
            .raw(if rejected { " outbox-rejected" } else { "" })
            .raw("\" data-testid=\"outbox-entry\" data-status=\"")
            .raw(if rejected { "rejected" } else { "pending" })
            .raw("\" data-id=\"")
            .text(&entry.id.to_string())
            .raw("\"><div class=\"contact-head\">")
            .el("strong", "", t(change_key(entry.kind)));
        if let Some(cvr) = &entry.company {
            let label = match name(cvr) {
                Some(name) => format!("{name} ({cvr})"),
                None => cvr.to_string(),
            };
            h.el("span", "", &label);
        }
        status_badge(&mut h, lang, Some(entry.status));
        h.raw("</div>");
        let when = js_sys::Date::parse(&entry.created_at);
        if !when.is_nan() {
            h.el("p", "muted small", &format_time(lang, when));
        }
        if let Some(reason) = &entry.reason {
            h.raw("<p class=\"error reason\" data-testid=\"outbox-reason\" data-code=\"")
                .text(&reason.code)
                .raw("\">")
                .text(if lang == Lang::En { &reason.en } else { &reason.da })
                .raw("</p>");
        }
        // Only the owner may change an entry; another user's entries just wait for them.
        if Some(entry.owner) == me {
            h.raw("<div class=\"button-row\">");
            if rejected && entry.kind == ChangeKind::ContactCreated {
                h.button("outbox-fix", "fix", &key, t(Key::Fix));
            }
            if confirming == Some(entry.key) {
                h.el("p", "small", t(Key::DiscardQuestion))
                    .button(
                        "button-danger outbox-discard-confirm",
                        "discard-confirm",
                        &key,
                        t(Key::ConfirmDiscard),
                    )
                    .button("outbox-discard-cancel", "discard-cancel", &key, t(Key::Cancel));
            } else {
                h.button("outbox-discard", "discard", &key, t(Key::Discard));
            }
            h.raw("</div>");
        }
        h.raw("</li>");
    }
    h.finish()
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
    }
}
