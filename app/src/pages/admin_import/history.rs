//! The recent imports; a pending one can be taken up again while no other is under way.

use super::preview::format_text;
use super::texts::{T, bytes, t, time};
use super::{Calls, Page, Problem};
use crate::i18n::number;
use kontaktpunkt_domain::import::{ImportEntry, ImportStatus};
use leptos::prelude::*;
use uuid::Uuid;

/// The list, kept on screen while it is reloaded after each call.
#[component]
pub fn History() -> impl IntoView {
    let page = expect_context::<Page>();
    let lang = page.lang;
    let list = move || {
        Suspend::new(async move {
            match page.history.await {
                Err(problem) => {
                    let key = match problem {
                        Problem::Text(key) => key,
                        Problem::Session => T::ErrSession,
                        Problem::Server { .. } => T::ErrServer,
                    };
                    view! { <p class="muted">{page.tr(key)}</p> }.into_any()
                }
                Ok(entries) if entries.is_empty() => {
                    view! { <p class="muted">{page.tr(T::NoImports)}</p> }.into_any()
                }
                Ok(entries) => view! {
                    <ul class="import-entries" data-testid="import-history">
                        <For
                            each=move || entries.clone()
                            key=shown
                            children=|entry| view! { <Entry entry /> }
                        />
                    </ul>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || t(lang.get(), T::Loading)}</p> }>
            {list}
        </Transition>
    }
}

/// What an entry shows that can change: a reloaded list redraws an entry whose state or
/// counts changed (a `<For>` keeps the rows whose keys stay).
fn shown(e: &ImportEntry) -> (Uuid, ImportStatus, [u64; 4]) {
    let s = &e.summary;
    (e.id, e.status, [s.new, s.changed, s.ceased, s.rejected])
}

/// One import: when, its state, what it holds and what it does.
#[component]
fn Entry(entry: ImportEntry) -> impl IntoView {
    let page = expect_context::<Page>();
    let calls = expect_context::<Calls>();
    let lang = page.lang;
    let ImportEntry { id, format, full, status, uploaded_by, uploaded_at, file_bytes, summary, .. } = entry;
    let (text, badge) = match status {
        ImportStatus::Applied => (T::StatusApplied, "badge badge-ok"),
        ImportStatus::Pending => (T::StatusPending, "badge badge-pending"),
        ImportStatus::Discarded => (T::StatusDiscarded, "badge"),
    };
    let what = move || {
        let lang = lang.get();
        let mut what = t(lang, format_text(format)).to_owned();
        if full {
            what = format!("{what}, {}", t(lang, T::FullBadge));
        }
        format!("{what} · {} · {uploaded_by}", bytes(lang, file_bytes as f64))
    };
    let counts = move || {
        let lang = lang.get();
        [
            (T::New, summary.new),
            (T::Changed, summary.changed),
            (T::Ceased, summary.ceased),
            (T::Rejected, summary.rejected),
        ]
        .map(|(key, n)| format!("{}: {}", t(lang, key), number(lang, n)))
        .join(" · ")
    };
    let resume = (status == ImportStatus::Pending).then(|| {
        view! {
            <button
                type="button"
                class="button button-small"
                data-id=id.to_string()
                disabled=move || !page.choosing()
                on:click=move |_| {
                    calls.resume.dispatch_local(id);
                }
            >
                {page.tr(T::Resume)}
            </button>
        }
    });
    view! {
        <li
            class="import-entry"
            data-testid="import-history-entry"
            data-status=status.as_str()
            data-id=id.to_string()
        >
            <div class="contact-head">
                <strong>{move || time(lang.get(), uploaded_at)}</strong>
                <span class=badge>{page.tr(text)}</span>
            </div>
            <p class="small">{what}</p>
            <p class="small muted">{counts}</p>
            {resume}
        </li>
    }
}
