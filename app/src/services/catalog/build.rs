//! The catalog's indexing: every company after a first download or a stale snapshot, or the
//! few a sync changed beside the rest, and the snapshot kept for the next start.
//!
//! A chunk of its own: a start from a fresh snapshot, the usual one, needs none of it, so the
//! field shell does not carry it. The service worker precaches it with every chunk.

use super::{Catalog, CatalogService, storage_failed};
use crate::split::in_chunk;
use crate::store::{CompaniesStamp, Store};
use kontaktpunkt_domain::search::CompanyIndex;
use leptos::prelude::*;
use std::sync::Arc;

in_chunk!(
    catalog_build,
    /// Indexes what the store holds now; `Err(Unloaded)` when the chunk could not be fetched.
    pub(super) async fn rebuild(catalog: CatalogService, store: Store) -> () {
        catalog.rebuild(store).await
    }
);

impl CatalogService {
    async fn rebuild(self, store: Store) {
        // A first download hands over what it stored, indexed: nothing to read back. (It
        // filled an empty store, so it is the whole store even if an older index is shown.)
        if let Some(download) = self.sync.take_downloaded() {
            let _ = self.sync.take_changed_companies(); // all of them, in the download
            return self.keep(Arc::new(download.index), download.stamp).await;
        }
        // A sync brought a few companies: index only those, beside the rest.
        let current = self.index_untracked();
        let changed = self.sync.take_changed_companies().filter(|cvrs| !cvrs.is_empty());
        if let (Some(current), Some(cvrs)) = (current, changed) {
            match store.companies_stamped_by(&cvrs).await {
                Ok((stamp, companies)) => {
                    if let Some(index) = current.with_changes(companies) {
                        return self.keep(Arc::new(index), stamp).await;
                    }
                }
                Err(error) => leptos::logging::warn!("reading the changed companies: {error:?}"),
            }
        }
        if self.index_untracked().is_none() {
            self.catalog.set(Catalog::Loading);
        }
        let read = crate::js::Timing::start("kp:catalog-read");
        let stamped = store.companies_stamped().await;
        read.end();
        let (stamp, companies) = match stamped {
            Ok(stamped) => stamped,
            // A stale snapshot still serves; without one the user is told.
            Err(error) if self.index_untracked().is_some() => {
                return leptos::logging::warn!("reading the companies: {error:?}");
            }
            Err(error) => return self.catalog.set(storage_failed(error)),
        };
        let built = crate::js::Timing::start("kp:catalog-built");
        let index = CompanyIndex::new(companies);
        built.end();
        self.keep(Arc::new(index), stamp).await;
    }

    /// Shows `index` and keeps it as the snapshot of the companies at `stamp`.
    async fn keep(self, index: Arc<CompanyIndex>, stamp: CompaniesStamp) {
        if !self.show(Arc::clone(&index)) {
            return;
        }
        // Only a speed-up for the next start: a full device keeps working without it, so the
        // list is drawn first, before the snapshot's copy and write hold the main thread.
        crate::js::sleep(0).await;
        if self.session.user_id_untracked().is_none() {
            return; // logged out meanwhile: the logout removed the companies too
        }
        let saved = crate::js::Timing::start("kp:catalog-saved");
        let store = self.local.get();
        let kept_base = self.kept.with_value(|kept| {
            kept.as_ref().filter(|(before, _)| before.shares_base(&index)).map(|&(_, base)| base)
        });
        let written = match kept_base.zip(index.recent_snapshot()) {
            // The big layer's snapshot is stored already: only the companies synced since.
            Some((base, recent)) => store.save_catalog_recent(stamp, base, &recent).await.map(|()| base),
            None => store.save_catalog_snapshot(stamp, &index.to_snapshot()).await,
        };
        saved.end();
        match written {
            Ok(base) => self.kept.set_value(Some((index, base))),
            Err(error) => leptos::logging::warn!("saving the company snapshot: {error:?}"),
        }
    }
}
