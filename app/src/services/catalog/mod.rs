//! The company catalog: downloads the municipality's companies once, keeps them in the local
//! store with a snapshot of their search index, and searches them in memory as the user types.

use crate::i18n::Key;
use crate::services::{LocalStore, Network, SessionService, SyncService};
pub use kontaktpunkt_domain::search::{CompanyIndex, SearchResult};
use kontaktpunkt_domain::{Company, Cvr};
use leptos::prelude::*;
use std::sync::Arc;
use uuid::Uuid;

mod build;

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

impl Catalog {
    fn index(&self) -> Option<Arc<CompanyIndex>> {
        match self {
            Self::Ready(index) => Some(Arc::clone(index)),
            _ => None,
        }
    }
}

/// The company catalog service; the only writer of the catalog's state.
#[derive(Clone, Copy)]
pub struct CatalogService {
    catalog: RwSignal<Catalog>,
    /// The catalog whose snapshot the store holds, and that write's id: a catalog that
    /// shares its big layer only needs its recent layer kept.
    kept: StoredValue<Option<(Arc<CompanyIndex>, f64)>>,
    local: LocalStore,
    session: SessionService,
    network: Network,
    sync: SyncService,
}

impl CatalogService {
    pub fn new(local: LocalStore, session: SessionService, network: Network, sync: SyncService) -> Self {
        let service = Self {
            catalog: RwSignal::new(Catalog::Idle),
            kept: StoredValue::new(None),
            local,
            session,
            network,
            sync,
        };
        service.follow_sync();
        service
    }

    /// Reactive: the catalog, read with `f`.
    pub fn with<T>(self, f: impl FnOnce(&Catalog) -> T) -> T {
        self.catalog.with(f)
    }

    /// Reactive: the search catalog, once it is ready.
    pub fn index(self) -> Option<Arc<CompanyIndex>> {
        self.catalog.with(Catalog::index)
    }

    fn index_untracked(self) -> Option<Arc<CompanyIndex>> {
        self.catalog.with_untracked(Catalog::index)
    }

    /// The company with this CVR number, if the catalog is loaded and has it.
    pub fn company(self, cvr: &Cvr) -> Option<Company> {
        self.catalog.with(|c| match c {
            Catalog::Ready(index) => index.get(cvr),
            _ => None,
        })
    }

    /// Follows what the sync service reports: download progress, why a download stopped,
    /// companies that changed; and the network coming back and another user logging in.
    fn follow_sync(self) {
        let not_ready = move || self.index_untracked().is_none();
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
                self.kept.set_value(None);
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

    /// Makes the stored companies searchable: at a start from the snapshot the last build
    /// left (one read, no indexing), then, if a sync has changed the companies since or there
    /// is no snapshot, by indexing them again and keeping the result as the next snapshot.
    async fn reload(self) {
        match self.companies_on_device().await {
            Ok(true) => {}
            Ok(false) => return,
            Err(failure) => return self.catalog.set(failure),
        }
        let store = self.local.get();
        if self.index_untracked().is_none() {
            let read = crate::js::Timing::start("kp:snapshot-read");
            let snapshot = store.catalog_snapshot().await;
            read.end();
            let decoded = crate::js::Timing::start("kp:snapshot-decoded");
            let snapshot = snapshot.map(|found| {
                found.map(|s| {
                    (CompanyIndex::from_snapshot_parts(&s.bytes, s.recent.as_deref()), s.base, s.fresh)
                })
            });
            decoded.end();
            match snapshot {
                Ok(Some((index, base, fresh))) => match index {
                    Ok(index) => {
                        let index = Arc::new(index);
                        self.kept.set_value(Some((Arc::clone(&index), base)));
                        if !self.show(index) || fresh {
                            return;
                        }
                    }
                    Err(error) => leptos::logging::warn!("{error}; indexing the companies again"),
                },
                Ok(None) => {}
                Err(error) => leptos::logging::warn!("company snapshot: {error:?}"),
            }
        }
        // Any indexing (and the snapshot's write) is code of its own chunk: a start from a
        // fresh snapshot, the usual one, needs none of it.
        if build::rebuild(self, store).await.is_err() {
            leptos::logging::warn!("the catalog's indexing could not be loaded");
            if self.index_untracked().is_none() {
                self.catalog.set(Catalog::Failed(Key::ErrOffline));
            }
        }
    }

    /// Shows `index`, unless the user logged out meanwhile: the list then stays for the next
    /// login, in the store only. Whether it was shown.
    fn show(self, index: Arc<CompanyIndex>) -> bool {
        if self.session.user_id_untracked().is_none() {
            self.catalog.set(Catalog::Idle);
            self.kept.set_value(None);
            return false;
        }
        self.catalog.set(Catalog::Ready(index));
        true
    }
}

fn storage_failed(error: crate::store::StoreError) -> Catalog {
    Catalog::Failed(crate::services::sync::storage_key(&error))
}
