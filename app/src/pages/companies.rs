//! The start screen (`/`, `/?q=…&branche=…&post=…&ikke-kontaktet=1`): company search, offline. The query lives in the URL, so
//! Back, reload and a shared link show the same results; the scroll position of the list is
//! kept for the browser tab, so Back from a company lands where the user was.

use crate::components::company_card::CompanyCard;
use crate::components::download_progress::DownloadProgress;
use crate::i18n::{I18n, Key, cached_count, company_count, industry_group_name, showing_first};
use crate::services::catalog::{Catalog, CompanyIndex};
use crate::services::records::today;
use crate::services::{CatalogService, Records, SyncService};
use crate::store::CompanyMark;
use gloo_storage::{SessionStorage, Storage as _};
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::reference::INDUSTRY_GROUPS;
use kontaktpunkt_domain::search_filter::{CompanyFilter, not_contacted_cutoff};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// sessionStorage keys: the last search URL (for "Tilbage til søgning") and its scroll position.
const LAST_SEARCH: &str = "kontaktpunkt.last-search";
const SEARCH_SCROLL: &str = "kontaktpunkt.search-scroll";

/// The search the user last had in this tab (`/` if none), for links back to it.
pub fn last_search_url() -> String {
    SessionStorage::get::<String>(LAST_SEARCH).unwrap_or_else(|_| crate::app::paths::SEARCH.to_owned())
}

/// How many search results are shown at once: more than a phone's screen holds, few enough
/// that a keystroke draws them at once.
const SHOWN_RESULTS: usize = 20;

/// How long typing must pause before the URL gets the query.
/// A URL replace costs the browser 5–15 ms, so it waits for a pause, not a gap between letters.
const QUERY_TO_URL_AFTER: std::time::Duration = std::time::Duration::from_millis(1_000);

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
                // The index follows the catalog: a sync that brings companies updates the
                // list in place, the query and scroll position kept.
                Phase::Ready => {
                    let index = Signal::derive(move || catalog.index().unwrap_or_default());
                    view! { <CompanySearch index /> }.into_any()
                }
            }}
        </section>
    }
}

/// Search-as-you-type over the companies in memory, with filters (industry group, area, not
/// contacted for 12 months) and "Vis flere" until every match is shown. The query and the
/// filters live in the URL (`q`, `branche`, `post`, `ikke-kontaktet=1`).
#[component]
fn CompanySearch(index: Signal<Arc<CompanyIndex>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let cached = move || index.with(|index| index.len());
    let areas = index.with_untracked(|index| index.postal_codes().to_vec());
    let params = use_query_map();
    let url_query = Memo::new(move |_| params.with(|p| p.get("q").unwrap_or_default()));
    // What the box holds. The URL follows it once typing pauses, or before the user leaves
    // the list: a URL replace per letter costs more than the search itself.
    let query = RwSignal::new(url_query.get_untracked());
    let unwritten = StoredValue::new(None::<TimeoutHandle>);
    let forget_unwritten = move || {
        if let Some(timer) = unwritten.try_update_value(Option::take).flatten() {
            timer.clear();
        }
    };
    // Back, Forward or a link changed the URL's query: it wins over one not yet written.
    Effect::new(move || {
        let in_url = url_query.get();
        if in_url != query.get_untracked() {
            forget_unwritten();
            query.set(in_url);
        }
    });
    let filter = Memo::new(move |_| params.with(filter_of));
    let contacted = recently_contacted(filter);
    let shown = RwSignal::new(SHOWN_RESULTS);
    // A new search or filter starts from the first page of results again.
    Effect::new(move |before: Option<(String, CompanyFilter)>| {
        let now = (query.get(), filter.get());
        // Only when it differs: a set would make the search run again for the same letter.
        if before.is_some_and(|before| before != now) && shown.get_untracked() != SHOWN_RESULTS {
            shown.set(SHOWN_RESULTS);
        }
        now
    });
    let result = Memo::new(move |_| {
        // A User Timing step the search bench reads: the index's share of a keystroke.
        let timing = crate::js::Timing::start("kp:search");
        let limit = shown.get();
        let found = query.with(|q| {
            index.with(|index| {
                filter.with(|filter| {
                    if !filter.is_active() {
                        return index.search_all(q, limit);
                    }
                    contacted.with(|recent| {
                        let contacted_recently = |cvr: &str| {
                            recent
                                .as_ref()
                                .is_some_and(|r| r.binary_search_by(|c| c.as_str().cmp(cvr)).is_ok())
                        };
                        index.search(q, |c| filter.accepts(c, || contacted_recently(c.cvr)), limit)
                    })
                })
            })
        });
        timing.end();
        found
    });
    let marks = result_marks(result);
    let navigate = use_navigate();
    // Each change replaces the URL's query (no history entry per letter or filter), with the
    // box's query as it stands. Several keys in one navigation: the query map updates only
    // after it.
    let set_params = move |changes: &[(&'static str, Option<String>)]| {
        forget_unwritten();
        let mut map = params.get_untracked();
        let typed = [("q", Some(query.get_untracked()))];
        for (key, value) in typed.iter().chain(changes) {
            map.remove(key);
            if let Some(value) = value.clone().filter(|v| !v.is_empty()) {
                map.insert(*key, value);
            }
        }
        let url = format!("{}{}", crate::app::paths::SEARCH, map.to_query_string());
        navigate(&url, NavigateOptions { replace: true, scroll: false, ..NavigateOptions::default() });
    };
    let write = set_params.clone();
    let write_query = move || {
        if unwritten.with_value(Option::is_some) {
            write(&[]);
        }
    };
    let write = write_query.clone();
    let on_input = move |ev: leptos::ev::Event| {
        query.set(event_target_value(&ev));
        forget_unwritten();
        let timer = set_timeout_with_handle(write.clone(), QUERY_TO_URL_AFTER).ok();
        unwritten.set_value(timer);
    };
    // Before a tap on a result opens it (the router's click handler runs after this one), on
    // leaving the box, and before a reload.
    let write = write_query.clone();
    let on_result_click = move |_| write();
    let write = write_query.clone();
    let on_blur = move |_| write();
    let write = write_query.clone();
    let pagehide = window_event_listener(leptos::ev::pagehide, move |_| write());
    on_cleanup(move || {
        pagehide.remove();
        forget_unwritten();
    });
    let set = set_params.clone();
    let set_param = move |key: &'static str, value: Option<String>| set(&[(key, value)]);
    let set = set_param.clone();
    let on_industry = move |ev: leptos::ev::Event| set("branche", Some(event_target_value(&ev)));
    let set = set_param.clone();
    let on_area = move |ev: leptos::ev::Event| set("post", Some(event_target_value(&ev)));
    let on_not_contacted = move |ev: leptos::ev::Event| {
        set_param("ikke-kontaktet", event_target_checked(&ev).then(|| "1".to_owned()))
    };
    let clear_filters = move |_| set_params(&[("branche", None), ("post", None), ("ikke-kontaktet", None)]);
    remember_search_and_scroll(shown);
    let matches = move || result.with(|r| r.matches);
    let listed = move || result.with(|r| r.companies.len());
    let active = move || filter.with(CompanyFilter::is_active);
    let group = move || filter.with(|f| f.industry_group);
    let area = move || filter.with(|f| f.postal_code.clone());

    view! {
        <div class="search">
            <p class="muted" data-testid="company-count" data-count=move || cached().to_string()>
                {move || cached_count(i18n.lang.get(), cached() as u64)}
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
                on:blur=on_blur
            />
            <details class="search-filters" data-testid="search-filters" prop:open=active>
                <summary>{i18n.tr(Key::FiltersLabel)}</summary>
                <div class="search-filter-row">
                    <div class="field">
                        <label for="filter-industry">{i18n.tr(Key::FilterIndustry)}</label>
                        <select id="filter-industry" on:change=on_industry aria-controls="company-results">
                            <option value="" selected=move || group().is_none()>{i18n.tr(Key::AllIndustries)}</option>
                            {INDUSTRY_GROUPS
                                .iter()
                                .map(|&(number, _, _)| view! {
                                    <option value=number.to_string() selected=move || group() == Some(number)>
                                        {move || industry_group_name(i18n.lang.get(), number)}
                                    </option>
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter-area">{i18n.tr(Key::FilterArea)}</label>
                        <select id="filter-area" on:change=on_area aria-controls="company-results">
                            <option value="" selected=move || area().is_none()>{i18n.tr(Key::AllAreas)}</option>
                            {areas
                                .into_iter()
                                .map(|(code, town)| {
                                    let label = format!("{code} {town}");
                                    let value = code.clone();
                                    view! { <option value=value selected=move || area().as_deref() == Some(code.as_str())>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <label class="check">
                        <input
                            type="checkbox"
                            id="filter-not-contacted"
                            prop:checked=move || filter.with(|f| f.not_contacted)
                            on:change=on_not_contacted
                        />
                        <span>{i18n.tr(Key::FilterNotContacted)}</span>
                    </label>
                    <button type="button" id="filter-clear" class="button button-small" hidden=move || !active() on:click=clear_filters>
                        {i18n.tr(Key::ClearFilters)}
                    </button>
                </div>
            </details>
        </div>
        <p class="result-count" aria-live="polite" data-testid="result-count" data-count=move || matches().to_string()>
            {move || match matches() {
                0 => i18n.t(Key::NoResults).to_owned(),
                n if n > listed() => {
                    let lang = i18n.lang.get();
                    format!("{} · {}", company_count(lang, n as u64), showing_first(lang, listed()))
                }
                n => company_count(i18n.lang.get(), n as u64),
            }}
        </p>
        <ul id="company-results" class="results" on:click=on_result_click>
            // One card per place in the list, kept while the list is shown: a keystroke
            // changes the companies in the places, not the cards. A language switch makes
            // them again, with their labels in the new language.
            {move || {
                let lang = i18n.lang.get();
                view! {
                    <For each=move || 0..listed() key=|place| *place let:place>
                        {
                            let company = Memo::new(move |_| result.with(|r| r.companies.get(place).cloned()));
                            let mark = Signal::derive(move || {
                                company.with(|c| c.as_ref().and_then(|c| marks.with(|m| m.get(&c.cvr).cloned())))
                            });
                            view! { <CompanyCard company mark lang /> }
                        }
                    </For>
                }
            }}
        </ul>
        <button
            type="button"
            id="show-more"
            data-testid="show-more"
            class="button show-more"
            hidden=move || matches() <= listed()
            on:click=move |_| shown.update(|n| *n += SHOWN_RESULTS)
        >
            {i18n.tr(Key::ShowMore)}
        </button>
    }
}

/// The filters in the search URL; values that are not a group, a postal code or `1` are
/// ignored rather than refused (a hand-edited link still searches).
fn filter_of(params: &ParamsMap) -> CompanyFilter {
    CompanyFilter {
        industry_group: params
            .get_str("branche")
            .and_then(|g| g.parse().ok())
            .filter(|g| INDUSTRY_GROUPS.iter().any(|(number, _, _)| number == g)),
        postal_code: params
            .get("post")
            .filter(|code| code.len() == 4 && code.bytes().all(|b| b.is_ascii_digit())),
        not_contacted: params.get_str("ikke-kontaktet") == Some("1"),
    }
}

/// The CVR numbers contacted since the "not contacted" cut-off, read from the device while
/// that filter is on (again when the local records change); `None` until read.
fn recently_contacted(filter: Memo<CompanyFilter>) -> RwSignal<Option<Arc<Vec<String>>>> {
    let records = expect_context::<Records>();
    let sync = expect_context::<SyncService>();
    let contacted = RwSignal::new(None);
    Effect::new(move || {
        if !filter.with(|f| f.not_contacted) {
            return;
        }
        sync.track_records();
        let Some(cutoff) = not_contacted_cutoff(today()) else { return };
        leptos::task::spawn_local(async move {
            if let Ok(found) = records.contacted_since(cutoff.to_string()).await {
                contacted.set(Some(Arc::new(found)));
            }
        });
    });
    contacted
}

/// The do-not-contact marks and last contact dates of the shown results, read from the
/// device for the results not read yet, and again for all when the local records change (a
/// read that started before that change is dropped).
fn result_marks(result: Memo<crate::services::catalog::SearchResult>) -> RwSignal<HashMap<Cvr, CompanyMark>> {
    let records = expect_context::<Records>();
    let sync = expect_context::<SyncService>();
    let marks = RwSignal::new(HashMap::new());
    let records_changed = RwSignal::new(0u32);
    Effect::new(move || {
        sync.track_records();
        records_changed.update(|n| *n = n.wrapping_add(1));
    });
    Effect::new(move |read_for: Option<u32>| {
        let now = records_changed.get();
        if read_for.is_some_and(|then| then != now) || marks.with_untracked(|m| m.len() > MARKS_KEPT) {
            marks.set(HashMap::new());
        }
        let unread: Vec<Cvr> = result.with(|r| {
            marks.with_untracked(|m| {
                r.companies.iter().map(|c| &c.cvr).filter(|c| !m.contains_key(*c)).cloned().collect()
            })
        });
        if !unread.is_empty() {
            leptos::task::spawn_local(async move {
                let found = records.company_marks(unread).await;
                if records_changed.get_untracked() == now {
                    marks.update(|m| m.extend(found));
                }
            });
        }
        now
    });
    marks
}

/// How many companies' marks are kept before they are read afresh.
const MARKS_KEPT: usize = 2_000;

/// Keeps this search's URL and, when the screen is left, its scroll position and how many
/// results were shown for the tab; puts both back when the screen comes back with the same
/// search (Back from a company lands where the user was, also after "Vis flere").
fn remember_search_and_scroll(shown: RwSignal<usize>) {
    let location = use_location();
    let current = move || url_of(location.pathname.get_untracked(), &location.search.get_untracked());
    // (URL, scroll position, results shown) as last seen on this screen; plain Rust, so it
    // outlives cleanup.
    let seen = Arc::new(Mutex::new((current(), window().scroll_y().unwrap_or(0.0), SHOWN_RESULTS)));
    if let Ok((saved_url, y, listed)) = SessionStorage::get::<(String, f64, usize)>(SEARCH_SCROLL)
        && saved_url == current()
    {
        shown.set(listed.clamp(SHOWN_RESULTS, MAX_RESTORED_RESULTS));
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
    let on_shown = Arc::clone(&seen);
    Effect::new(move || {
        let listed = shown.get();
        if let Ok(mut seen) = on_shown.lock() {
            seen.2 = listed;
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

/// The most results a return to the list draws again at once.
const MAX_RESTORED_RESULTS: usize = 1_000;

/// `/?q=…` from a location's path and query string (with or without its `?`).
fn url_of(path: String, search: &str) -> String {
    match search.trim_start_matches('?') {
        "" => path,
        query => format!("{path}?{query}"),
    }
}
