//! The pull: the change log read page by page from the cursor on, each page stored with its
//! cursor, and a first download's companies indexed on the way.
//!
//! Its code is a chunk of its own, fetched on the first sync: a phone paints its first screen
//! before it needs it, and a sync waits on the network anyway. The service worker precaches it
//! after the first paint, like every chunk.

use super::{Downloaded, Stop, SyncService};
use crate::api;
use crate::js::prop;
use crate::split::in_chunk;
use crate::store::{CompaniesStamp, PageStats, Store, StoringPage, SyncMeta};
use kontaktpunkt_domain::Company;
use kontaktpunkt_domain::search::{CompanyIndex, newest_per_company};
use kontaktpunkt_domain::sync::{ChangesPage, MAX_PULL_PAGE, advance_cursor};
use leptos::prelude::*;
use uuid::Uuid;

in_chunk!(
    sync_pull,
    /// Pulls every page after the user's cursor; whether companies changed. `Err(Unloaded)`
    /// when the chunk cannot be fetched, which stops the sync as the network would
    /// ([`Stop::from`]), to be tried again.
    pub(super) async fn pull(
        sync: SyncService,
        store: Store,
        token: String,
        user_id: Uuid,
    ) -> Result<bool, Stop> {
        sync.pull_pages(store, token, user_id).await
    }
);

impl SyncService {
    async fn pull_pages(self, store: Store, token: String, user_id: Uuid) -> Result<bool, Stop> {
        // Pull the change log from the cursor on, each page stored with its cursor.
        let mut meta = store.sync_meta().await?.filter(|m| m.user_id == user_id).unwrap_or(SyncMeta {
            user_id,
            cursor: 0,
            complete: false,
            last_sync_at: None,
        });
        let mut companies = false;
        // While downloading: the companies on the device, counted once, then page by page.
        let mut download =
            Download { here: if meta.complete { 0 } else { store.company_count().await? }, fill: None };
        // Into an empty device, the pages' companies are all its companies: keep them.
        if !meta.complete && meta.cursor == 0 && download.here == 0 {
            download.fill = Some(Fill::default());
            self.downloaded.set_value(None);
        }
        let mut next = Some(api::changes_started(&token, meta.cursor, MAX_PULL_PAGE));
        // The page before, still committing while the next one downloads and is queued.
        let mut storing: Option<(StoringPage, Option<u64>)> = None;
        let mut stuck = false;
        loop {
            let waited = crate::js::Timing::start("kp:page-awaited");
            let page = next.take().ok_or(Stop::NoProgress)?.await?;
            waited.end();
            let highest =
                page.changes.iter().filter_map(|c| prop(&c, "seq").as_f64()).fold(0.0, f64::max) as u64;
            let summary = ChangesPage {
                changes: Vec::new(),
                cursor: page.cursor.max(highest),
                has_more: page.has_more,
                latest: page.latest,
                companies: page.companies,
            };
            let before = meta.cursor;
            meta.cursor = advance_cursor(meta.cursor, &summary);
            if !page.has_more {
                meta.complete = true;
                meta.last_sync_at = Some(js_sys::Date::now());
            }
            // The next page downloads while this one is stored (a first sync is many pages).
            if page.has_more && meta.cursor != before {
                next = Some(api::changes_started(&token, meta.cursor, MAX_PULL_PAGE));
            }
            // Queued behind the page before, which must have stored `before` as its cursor.
            let after = storing.as_ref().map(|_| before);
            let queued = store.store_changes(&page.changes, &meta, after)?;
            if let Some((previous, progress)) = storing.take() {
                companies |= self.page_stored(previous.stored().await?, &mut download, progress).await;
            }
            // The companies so far are indexed while a page without companies commits.
            if queued.stats.companies == 0
                && let Some(fill) = &mut download.fill
                && !fill.index()
            {
                download.fill = None;
            }
            // A first download shows its progress until its last page.
            let progress = (!meta.complete).then(|| page.companies.unwrap_or(0));
            storing = Some((queued, progress));
            if !page.has_more {
                break;
            }
            if meta.cursor == before {
                stuck = true; // "More" but no way forward: store what came, then try again later.
                break;
            }
        }
        if let Some((last, progress)) = storing.take() {
            companies |= self.page_stored(last.stored().await?, &mut download, progress).await;
        }
        if stuck {
            return Err(Stop::NoProgress);
        }
        // The pages' contacts made the facts log longer; a long one is compacted (one count
        // when it is not). A log left long is only slower to read: the sync went well.
        if let Err(error) = store.compact_contact_facts().await {
            leptos::logging::warn!("the contact facts were not compacted: {}", error.0);
        }
        if let Some(mut fill) = download.fill.filter(|_| meta.complete)
            && fill.index()
            && let (Some(index), Some(stamp)) = (fill.indexed, fill.stamp)
        {
            self.downloaded.set_value(Some(Downloaded { index, stamp }));
        }
        let first = self.download.get_untracked().is_some();
        self.download.set(None);
        if companies || first {
            self.after_change(true).await;
        }
        Ok(companies)
    }

    /// After a page is committed: the catalog hears of its companies, a first download's
    /// progress moves on (`progress`: the municipality's company count, 0 when the server did
    /// not say), and views reload if it brought other records. Whether it stored companies.
    async fn page_stored(self, stats: PageStats, download: &mut Download, progress: Option<u64>) -> bool {
        let companies = stats.companies > 0;
        download.here += u64::from(stats.companies);
        if companies {
            self.note_changed_companies(stats.changed_companies);
            // Decoded now, while the next page commits, not read back after the last one.
            if let Some(fill) = &mut download.fill {
                let decoded: Result<Vec<Company>, _> =
                    stats.company_records.into_iter().map(serde_wasm_bindgen::from_value).collect();
                match decoded {
                    Ok(decoded) => {
                        fill.pending.extend(decoded);
                        fill.stamp = Some(CompaniesStamp::at(stats.cursor));
                    }
                    Err(error) => {
                        leptos::logging::warn!("a downloaded company: {error}");
                        download.fill = None; // the catalog reads the store instead
                    }
                }
            }
        }
        if let Some(total) = progress {
            // Without the server's count, no numbers rather than wrong ones.
            self.download.set(Some((download.here.min(total), total)));
        }
        if stats.records > 0 && !companies {
            self.after_change(false).await;
        }
        companies
    }
}

/// A pull's download: the companies on the device, and while it fills an empty device, what
/// it stored for the catalog.
struct Download {
    here: u64,
    fill: Option<Fill>,
}

/// The companies a download into an empty device stored: indexed while a later page commits,
/// those since then still to index, and the stamp of the last page that stored any.
#[derive(Default)]
struct Fill {
    indexed: Option<CompanyIndex>,
    pending: Vec<Company>,
    stamp: Option<CompaniesStamp>,
}

impl Fill {
    /// Indexes the companies that came since the last call, beside those before. False when
    /// too many came for that: the catalog must then index the store itself.
    fn index(&mut self) -> bool {
        if self.pending.is_empty() {
            return true;
        }
        let built = crate::js::Timing::start("kp:catalog-built");
        let pending = newest_per_company(std::mem::take(&mut self.pending));
        let indexed = match &self.indexed {
            None => Some(CompanyIndex::new(pending)),
            Some(index) => index.with_changes(pending),
        };
        built.end();
        self.indexed = indexed;
        self.indexed.is_some()
    }
}
