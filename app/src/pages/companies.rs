//! The start screen (`/`, `/?q=…`): company search, offline. The query lives in the URL, so
//! Back, reload and a shared link show the same results; the scroll position of the list is
//! kept for the browser tab, so Back from a company lands where the user was.

use crate::components::company_card::CompanyCard;
use crate::components::download_progress::DownloadProgress;
use crate::i18n::{I18n, Key, cached_count, company_count, showing_first};
use crate::services::catalog::{Catalog, CompanyIndex};
use crate::services::{CatalogService, Records, SyncService};
use crate::store::CompanyMark;
use gloo_storage::{SessionStorage, Storage as _};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use std::sync::{Arc, Mutex};

/// sessionStorage keys: the last search URL (for "Tilbage til søgning") and its scroll position.
const LAST_SEARCH: &str = "kontaktpunkt.last-search";
const SEARCH_SCROLL: &str = "kontaktpunkt.search-scroll";

/// The search the user last had in this tab (`/` if none), for links back to it.
pub fn last_search_url() -> String {
    SessionStorage::get::<String>(LAST_SEARCH).unwrap_or_else(|_| crate::app::paths::SEARCH.to_owned())
}

/// How many search results are shown at once.
const SHOWN_RESULTS: usize = 50;

/// What the screen shows; changes only when the catalog changes phase.
#[derive(Clone, PartialEq)]
enum Phase {
    Busy(Key),
    Downloading,
    Ready,
    Failed(Key),
}

/// The company list: downloads it on first use, then searches it offline.
#[component]
pub fn CompaniesPage() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let catalog = expect_context::<CatalogService>();

    let phase = Memo::new(move |_| {
        catalog.with(|c| match c {
            Catalog::Idle | Catalog::Loading => Phase::Busy(Key::CompaniesLoading),
            Catalog::WaitingForNetwork => Phase::Busy(Key::DownloadWaitsForNetwork),
            Catalog::Downloading { .. } => Phase::Downloading,
            Catalog::Ready(_) => Phase::Ready,
            Catalog::Failed(key) => Phase::Failed(*key),
        })
    });
    let progress = move |pick: fn(u64, u64) -> u64| {
        Signal::derive(move || {
            catalog.with(|c| match c {
                Catalog::Downloading { done, total } => pick(*done, *total),
                _ => 0,
            })
        })
    };

    view! {
        <section class="companies" aria-labelledby="companies-title">
            <h1 id="companies-title" class="visually-hidden">{i18n.tr(Key::CompaniesTitle)}</h1>
            {move || match phase.get() {
                Phase::Busy(key) => view! { <p class="panel muted" role="status">{i18n.tr(key)}</p> }.into_any(),
                Phase::Downloading => view! {
                    <div class="panel">
                        <DownloadProgress done=progress(|done, _| done) total=progress(|_, total| total) />
                    </div>
                }
                .into_any(),
                Phase::Failed(key) => view! {
                    <div class="panel" role="alert">
                        <p class="error">{i18n.tr(Key::DownloadFailed)} " " {i18n.tr(key)}</p>
                        <button type="button" class="button" on:click=move |_| catalog.ensure()>
                            {i18n.tr(Key::TryAgain)}
                        </button>
                    </div>
                }
                .into_any(),
                Phase::Ready => match untrack(|| catalog.with(|c| match c {
                    Catalog::Ready(index) => Some(Arc::clone(index)),
                    _ => None,
                })) {
                    Some(index) => view! { <CompanySearch index /> }.into_any(),
                    None => ().into_any(),
                },
            }}
        </section>
    }
}

/// Search-as-you-type over the companies in memory.
#[component]
fn CompanySearch(index: Arc<CompanyIndex>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let cached = index.len();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| p.get("q").unwrap_or_default()));
    let result = Memo::new(move |_| query.with(|q| index.search(q, SHOWN_RESULTS)));
    let marks = result_marks(result);
    let navigate = use_navigate();
    // Each keystroke replaces the URL's query (no history entry per letter).
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let url = if text.is_empty() {
            crate::app::paths::SEARCH.to_owned()
        } else {
            format!("/?q={}", js_sys::encode_uri_component(&text))
        };
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..NavigateOptions::default() });
    };
    remember_search_and_scroll();
    let matches = move || result.with(|r| r.matches);

    view! {
        <div class="search">
            <p class="muted" data-testid="company-count" data-count=cached.to_string()>
                {move || cached_count(i18n.lang.get(), cached as u64)}
            </p>
            <label for="company-search">{i18n.tr(Key::SearchLabel)}</label>
            <input
                id="company-search"
                type="search"
                autocomplete="off"
                autocapitalize="none"
                spellcheck="false"
                enterkeyhint="search"
                placeholder=i18n.tr(Key::SearchPlaceholder)
                aria-controls="company-results"
                prop:value=move || query.get()
                on:input=on_input
            />
        </div>
        <p class="result-count" aria-live="polite" data-testid="result-count" data-count=move || matches().to_string()>
            {move || match matches() {
                0 => i18n.t(Key::NoResults).to_owned(),
                n if n > SHOWN_RESULTS => {
                    let lang = i18n.lang.get();
                    format!("{} · {}", company_count(lang, n as u64), showing_first(lang, SHOWN_RESULTS))
                }
                n => company_count(i18n.lang.get(), n as u64),
            }}
        </p>
        <ul id="company-results" class="results">
            <For each=move || result.get().companies key=|company| company.cvr.clone() let:company>
                <CompanyCard
                    mark=Signal::derive({
                        let cvr = company.cvr.clone();
                        move || marks.with(|m| m.iter().find(|(c, _)| *c == cvr).map(|(_, mark)| mark.clone()))
                    })
                    company
                />
            </For>
        </ul>
    }
}

/// The do-not-contact marks and last contact dates of the shown results, read from the
/// device whenever the results or the local records change (the newest read wins).
fn result_marks(
    result: Memo<crate::services::catalog::SearchResult>,
) -> RwSignal<Vec<(kontaktpunkt_domain::Cvr, CompanyMark)>> {
    let records = expect_context::<Records>();
    let sync = expect_context::<SyncService>();
    let marks = RwSignal::new(Vec::new());
    let latest = StoredValue::new(0u32);
    Effect::new(move || {
        sync.track_records();
        let cvrs: Vec<_> = result.with(|r| r.companies.iter().map(|c| c.cvr.clone()).collect());
        latest.update_value(|n| *n += 1);
        let asked = latest.get_value();
        leptos::task::spawn_local(async move {
            let found = records.company_marks(cvrs).await;
            if latest.get_value() == asked {
                marks.set(found);
            }
        });
    });
    marks
}

/// Keeps this search's URL and, when the screen is left, its scroll position for the tab;
/// puts the scroll position back when the screen comes back with the same search.
fn remember_search_and_scroll() {
    let location = use_location();
    let current = move || url_of(location.pathname.get_untracked(), &location.search.get_untracked());
    // (URL, scroll position) as last seen on this screen; plain Rust, so it outlives cleanup.
    let seen = Arc::new(Mutex::new((current(), window().scroll_y().unwrap_or(0.0))));
    if let Ok((saved_url, y)) = SessionStorage::get::<(String, f64)>(SEARCH_SCROLL)
        && saved_url == current()
    {
        // After the results are drawn.
        request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
    }
    let on_query = Arc::clone(&seen);
    Effect::new(move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if path == crate::app::paths::SEARCH {
            let url = url_of(path, &search);
            let _ = SessionStorage::set(LAST_SEARCH, &url);
            if let Ok(mut seen) = on_query.lock() {
                seen.0 = url;
            }
        }
    });
    let on_scroll = Arc::clone(&seen);
    let listener = window_event_listener(leptos::ev::scroll, move |_| {
        if let Ok(mut seen) = on_scroll.lock() {
            seen.1 = window().scroll_y().unwrap_or(0.0);
        }
    });
    on_cleanup(move || {
        listener.remove();
        if let Ok(seen) = seen.lock() {
            let _ = SessionStorage::set(SEARCH_SCROLL, &*seen);
        }
    });
}

/// `/?q=…` from a location's path and query string (with or without its `?`).
fn url_of(path: String, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path,
        query => format!("{path}?{query}"),
    }
}
