use crate::catalog::{Catalog, CompanyIndex};
use crate::components::company_card::CompanyCard;
use crate::components::download_progress::DownloadProgress;
use crate::i18n::{Key, cached_count, company_count, showing_first};
use crate::state::AppState;
use leptos::prelude::*;
use std::sync::Arc;

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
    let state = expect_context::<AppState>();
    let i18n = state.i18n;
    state.ensure_companies();

    let catalog = state.catalog;
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
                        <button type="button" class="button" on:click=move |_| state.ensure_companies()>
                            {i18n.tr(Key::TryAgain)}
                        </button>
                    </div>
                }
                .into_any(),
                Phase::Ready => match catalog.with_untracked(|c| match c {
                    Catalog::Ready(index) => Some(Arc::clone(index)),
                    _ => None,
                }) {
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
    let state = expect_context::<AppState>();
    let i18n = state.i18n;
    let cached = index.len();
    // Kept in the app state, so coming back from a company finds the same results.
    let query = state.search;
    let result = Memo::new(move |_| query.with(|q| index.search(q, SHOWN_RESULTS)));
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
                bind:value=query
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
                <CompanyCard company />
            </For>
        </ul>
    }
}
