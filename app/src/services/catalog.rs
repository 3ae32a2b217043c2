//! The company catalog: downloads the municipality's companies once, keeps them in the local
//! store, and searches them in memory as the user types.

use crate::i18n::Key;
use crate::services::{LocalStore, Network, SessionService, SyncService};
use kontaktpunkt_domain::search::{SearchIndex, SearchQuery, company_search_text, normalize};
use kontaktpunkt_domain::{Company, Cvr};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

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

/// The company catalog service; the only writer of the catalog's state.
#[derive(Clone, Copy)]
pub struct CatalogService {
    catalog: RwSignal<Catalog>,
    local: LocalStore,
    session: SessionService,
    network: Network,
    sync: SyncService,
}

impl CatalogService {
    pub fn new(local: LocalStore, session: SessionService, network: Network, sync: SyncService) -> Self {
        let service = Self { catalog: RwSignal::new(Catalog::Idle), local, session, network, sync };
        service.follow_sync();
        service
    }

    /// Reactive: the catalog, read with `f`.
    pub fn with<T>(self, f: impl FnOnce(&Catalog) -> T) -> T {
        self.catalog.with(f)
    }

    /// The company with this CVR number, if the catalog is loaded and has it.
    pub fn company(self, cvr: &Cvr) -> Option<Company> {
        self.catalog.with(|c| match c {
            Catalog::Ready(index) => index.get(cvr).cloned(),
            _ => None,
        })
    }

    /// Follows what the sync service reports: download progress, why a download stopped,
    /// companies that changed; and the network coming back and another user logging in.
    fn follow_sync(self) {
        let not_ready = move || self.catalog.with_untracked(|c| !matches!(c, Catalog::Ready(_)));
        Effect::new(move || {
            if let Some((done, total)) = self.sync.download()
                && not_ready()
            {
                self.catalog.set(Catalog::Downloading { done, total });
            }
        });
        Effect::new(move || {
            let problem = self.sync.problem();
            let waiting =
                self.catalog.with_untracked(|c| matches!(c, Catalog::Downloading { .. } | Catalog::Loading));
            if let Some(key) = problem
                && waiting
            {
                self.catalog.set(if key == Key::ErrOffline {
                    Catalog::WaitingForNetwork
                } else {
                    Catalog::Failed(key)
                });
            }
        });
        Effect::new(move |first: Option<()>| {
            self.sync.track_companies();
            if first.is_some() {
                leptos::task::spawn_local(self.reload());
            }
        });
        Effect::new(move |was: Option<bool>| {
            let online = self.network.online();
            if online && was == Some(false) {
                self.ensure();
            }
            online
        });
        // Whatever screen a logged-in user starts on needs the companies; another user's
        // login starts from the store again.
        Effect::new(move |was: Option<Option<Uuid>>| {
            let user = self.session.user_id();
            if was.is_some_and(|was| was != user) {
                self.catalog.set(Catalog::Idle);
            }
            if user.is_some() {
                self.ensure();
            }
            user
        });
    }

    /// Makes the company list ready: from the store if the first sync has brought it (or the
    /// v1 download did), otherwise it waits for the sync, which shows its progress here.
    /// Does nothing while that is already under way.
    pub fn ensure(self) {
        let idle = self
            .catalog
            .with_untracked(|c| matches!(c, Catalog::Idle | Catalog::WaitingForNetwork | Catalog::Failed(_)));
        if !idle || self.session.user_id_untracked().is_none() {
            return;
        }
        self.catalog.set(Catalog::Loading);
        leptos::task::spawn_local(async move {
            match self.companies_on_device().await {
                Ok(true) => self.reload().await,
                Ok(false) => {
                    self.catalog.set(if self.network.online_untracked() {
                        Catalog::Downloading { done: 0, total: 0 }
                    } else {
                        Catalog::WaitingForNetwork
                    });
                    self.sync.sync_now();
                }
                Err(failure) => self.catalog.set(failure),
            }
        });
    }

    /// Whether the whole company list is on the device (companies are the whole
    /// municipality's, so a list another user's first sync brought serves this user too).
    async fn companies_on_device(self) -> Result<bool, Catalog> {
        let store = self.local.get();
        let synced = store.sync_meta().await.map_err(storage_failed)?;
        if synced.is_some_and(|m| m.complete) {
            return Ok(true);
        }
        Ok(store.companies_downloaded_at().await.map_err(storage_failed)?.is_some())
    }

    /// Reads the stored companies into the search index (after a sync brought new ones).
    async fn reload(self) {
        match self.companies_on_device().await {
            Ok(true) => {}
            Ok(false) => return,
            Err(failure) => return self.catalog.set(failure),
        }
        let first = self.catalog.with_untracked(|c| !matches!(c, Catalog::Ready(_)));
        if first {
            self.catalog.set(Catalog::Loading);
        }
        match self.local.get().companies().await {
            // Logged out meanwhile: keep the list for the next login, but in the store only.
            Ok(_) if self.session.user_id_untracked().is_none() => self.catalog.set(Catalog::Idle),
            Ok(companies) => self.catalog.set(Catalog::Ready(Arc::new(CompanyIndex::new(companies)))),
            Err(error) => self.catalog.set(storage_failed(error)),
        }
    }
}

fn storage_failed(error: crate::store::StoreError) -> Catalog {
    Catalog::Failed(crate::services::sync::storage_key(&error))
}

/// The companies in memory, sorted by name (then CVR), with the domain's search index over
/// them: an entry id of the index is a position in `companies`.
#[derive(Debug)]
pub struct CompanyIndex {
    companies: Vec<Company>,
    index: SearchIndex,
    /// Each postal code with a town, in code order: the area filter's choices.
    postal_codes: Vec<(String, String)>,
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
        let mut keyed: Vec<(String, String, Company)> = companies
            .into_iter()
            .map(|company| (normalize(&company.name), company_search_text(&company), company))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.2.cvr.cmp(&b.2.cvr)));
        let (entries, companies): (_, Vec<Company>) =
            keyed.into_iter().map(|(name, text, company)| ((name, text), company)).unzip();
        let mut towns = std::collections::BTreeMap::new();
        for company in &companies {
            towns.entry(company.address.postal_code.as_str()).or_insert(company.address.town.as_str());
        }
        let postal_codes = towns.into_iter().map(|(code, town)| (code.to_owned(), town.to_owned())).collect();
        Self { postal_codes, index: SearchIndex::new(entries), companies }
    }

    /// How many companies are stored.
    pub fn len(&self) -> usize {
        self.companies.len()
    }

    /// Every company on the device, in name order.
    pub fn companies(&self) -> impl Iterator<Item = &Company> {
        self.companies.iter()
    }

    /// The company with this CVR number, if it is on the device.
    pub fn get(&self, cvr: &Cvr) -> Option<&Company> {
        self.companies.iter().find(|c| &c.cvr == cvr)
    }

    /// The postal codes of the companies with a town for each, in code order (the area
    /// filter's choices), found once when the list is loaded.
    pub fn postal_codes(&self) -> &[(String, String)] {
        &self.postal_codes
    }

    /// The best `limit` matches of `input` that `accept` lets through, by rank, then name.
    pub fn search(&self, input: &str, accept: impl Fn(&Company) -> bool, limit: usize) -> SearchResult {
        let accepted = |id: u32| self.companies.get(id as usize).is_some_and(&accept);
        let hits = self.index.search(&SearchQuery::new(input), accepted, limit);
        let companies = hits.ids.iter().filter_map(|&id| self.companies.get(id as usize)).cloned().collect();
        SearchResult { matches: hits.matches, companies }
    }
}
