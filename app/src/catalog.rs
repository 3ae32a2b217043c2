//! The company catalog: downloads the municipality's companies once, keeps them in the local
//! store, and searches them in memory as the user types.

use crate::api::{self, ApiError};
use crate::i18n::Key;
use crate::state::AppState;
use kontaktpunkt_domain::search::{SearchQuery, company_search_text, normalize};
use kontaktpunkt_domain::{Company, Cvr};
use leptos::prelude::*;
use std::sync::Arc;

/// Companies per download request (the server allows up to 5000).
const PAGE_SIZE: u32 = 2000;

/// Where the company list on this device stands.
#[derive(Debug, Clone, Default)]
pub enum Catalog {
    /// Nothing started yet.
    #[default]
    Idle,
    /// The list is not on the device and there is no network to get it.
    WaitingForNetwork,
    /// Downloading: `done` of `total` companies are stored.
    Downloading { done: u64, total: u64 },
    /// Reading the stored list into memory.
    Loading,
    /// Ready to search.
    Ready(Arc<CompanyIndex>),
    /// The download or the store failed; the user can try again.
    Failed(Key),
}

impl AppState {
    /// Makes the company list ready: from the store if it is complete there, otherwise by
    /// downloading (the rest of) it first. Does nothing while that is already under way.
    pub fn ensure_companies(self) {
        let idle = self
            .catalog
            .with_untracked(|c| matches!(c, Catalog::Idle | Catalog::WaitingForNetwork | Catalog::Failed(_)));
        let Some(token) = self.session.with_untracked(|s| s.as_ref().map(|s| s.token.clone())) else {
            return;
        };
        if !idle {
            return;
        }
        self.catalog.set(Catalog::Loading);
        leptos::task::spawn_local(async move {
            let outcome = self.load_companies(&token).await;
            if let Err(failure) = outcome {
                self.catalog.set(failure);
            }
        });
    }

    async fn load_companies(self, token: &str) -> Result<(), Catalog> {
        let store = self.store();
        let downloaded = store.companies_downloaded_at().await.map_err(storage_failed)?;
        if downloaded.is_none() {
            self.download_companies(token).await?;
        }
        self.catalog.set(Catalog::Loading);
        let companies = store.companies().await.map_err(storage_failed)?;
        // Logged out meanwhile: keep the list for the next login, but in the store only.
        if self.session.with_untracked(Option::is_none) {
            return Err(Catalog::Idle);
        }
        self.catalog.set(Catalog::Ready(Arc::new(CompanyIndex::new(companies))));
        Ok(())
    }

    /// Downloads page by page, each page stored with its cursor in one transaction, so an
    /// interrupted download continues where it stopped.
    async fn download_companies(self, token: &str) -> Result<(), Catalog> {
        let store = self.store();
        let mut after: Option<Cvr> = store.companies_cursor().await.map_err(storage_failed)?;
        let mut done =
            if after.is_some() { store.company_count().await.map_err(storage_failed)? } else { 0 };
        loop {
            if !self.online.get_untracked() {
                return Err(Catalog::WaitingForNetwork);
            }
            let page = match api::companies(token, after.as_ref(), PAGE_SIZE).await {
                Ok(page) => page,
                Err(ApiError::Offline) => return Err(Catalog::WaitingForNetwork),
                Err(error) => {
                    leptos::logging::warn!("company download failed: {error:?}");
                    self.handle_api_error(&error).await;
                    return Err(if error == ApiError::Unauthorized {
                        Catalog::Idle
                    } else {
                        Catalog::Failed(error.key())
                    });
                }
            };
            let finished_at =
                page.next_after.is_none().then(|| String::from(js_sys::Date::new_0().to_iso_string()));
            store
                .save_company_page(&page.companies, page.next_after.as_ref(), finished_at.as_deref())
                .await
                .map_err(storage_failed)?;
            done += page.companies.len() as u64;
            self.catalog.set(Catalog::Downloading { done, total: page.total.max(done) });
            match page.next_after {
                Some(next) => after = Some(next),
                None => return Ok(()),
            }
        }
    }
}

fn storage_failed(error: crate::store::StoreError) -> Catalog {
    leptos::logging::error!("local store: {}", error.0);
    Catalog::Failed(Key::ErrStorage)
}

/// One company with its search keys, computed once when the list is loaded.
#[derive(Debug)]
struct Entry {
    company: Company,
    name: String,
    text: String,
}

/// The companies in memory, sorted by name, ready to search.
#[derive(Debug)]
pub struct CompanyIndex {
    entries: Vec<Entry>,
}

/// The companies a search shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResult {
    /// How many companies match in all.
    pub matches: usize,
    /// The best `limit` of them: by rank, then by name.
    pub companies: Vec<Company>,
}

impl CompanyIndex {
    pub fn new(companies: Vec<Company>) -> Self {
        let mut entries: Vec<Entry> = companies
            .into_iter()
            .map(|company| Entry {
                name: normalize(&company.name),
                text: company_search_text(&company),
                company,
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.company.cvr.cmp(&b.company.cvr)));
        Self { entries }
    }

    /// How many companies are stored.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The best `limit` matches of `input`, by rank, then name.
    pub fn search(&self, input: &str, limit: usize) -> SearchResult {
        let query = SearchQuery::new(input);
        // Entries are in name order, so collecting by rank keeps name order within a rank.
        let mut by_rank: [Vec<&Company>; 3] = Default::default();
        let mut matches = 0;
        for entry in &self.entries {
            if let Some(rank) = query.rank(&entry.name, &entry.text) {
                matches += 1;
                let bucket = &mut by_rank[usize::from(rank.min(2))];
                if bucket.len() < limit {
                    bucket.push(&entry.company);
                }
            }
        }
        let companies = by_rank.into_iter().flatten().take(limit).cloned().collect();
        SearchResult { matches, companies }
    }
}
