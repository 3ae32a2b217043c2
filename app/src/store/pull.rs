//! Stores pages of the server's change log, each page with its new cursor in one transaction.
//!
//! Pages stay JavaScript objects from `JSON.parse` all the way into IndexedDB: no copy through
//! Rust structs, which is what makes a first download of 100,000 companies fast. Their tags
//! and field names come from [`crate::wire`], which tests them against the domain's JSON.

use super::facts::Entries;
use super::{
    COLLEAGUES, COMPANIES, COMPANY_FIELDS, CONTACT_FACTS, CONTACTS, DO_NOT_CONTACT, FEEDBACK, META, PLANNED,
    Store, StoreError, UNITS, finish, to_js,
};
use crate::js::{Timing, prop};
use crate::wire::{ENTITY, RECORD, RecordKind, SEQ};
use idb::TransactionMode;
use js_sys::{Array, Reflect};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use wasm_bindgen::JsValue;

/// `meta` key of the [`SyncMeta`].
const SYNC: &str = "sync";

/// How far this device has pulled the change log, and for whom.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncMeta {
    /// The user the log was pulled for; another user starts from 0.
    pub user_id: Uuid,
    pub cursor: u64,
    /// The first full download has finished.
    pub complete: bool,
    /// When a sync last finished without error (ms since the epoch).
    #[serde(default)]
    pub last_sync_at: Option<f64>,
}

/// What a stored page held.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageStats {
    pub companies: u32,
    pub records: u32,
    /// The CVR numbers of the companies the page stored.
    pub changed_companies: Vec<String>,
    /// The companies the page stored, as stored.
    pub company_records: Vec<JsValue>,
    /// The cursor stored with the page.
    pub cursor: u64,
}

impl Store {
    pub async fn sync_meta(&self) -> Result<Option<SyncMeta>, StoreError> {
        self.get_meta(SYNC).await
    }

    /// How many companies are on the device (a download's progress starts from it).
    pub async fn company_count(&self) -> Result<u64, StoreError> {
        let tx = self.db.transaction(&[COMPANIES], TransactionMode::ReadOnly)?;
        let count = tx.object_store(COMPANIES)?.count(None)?.await?;
        Ok(u64::from(count))
    }

    /// Logout: forgets the session and everything the pulls brought (companies, contacts,
    /// feedback, flags, units, colleagues, company data, the contacts' facts) with the cursor,
    /// in one transaction,
    /// so the next login downloads afresh what its user may see. The outbox and the device id
    /// stay: entries waiting for a user (exported, or another user's) are not this logout's
    /// to drop.
    pub async fn forget_records(&self) -> Result<(), StoreError> {
        let names = [
            COMPANIES,
            UNITS,
            CONTACTS,
            CONTACT_FACTS,
            FEEDBACK,
            DO_NOT_CONTACT,
            COLLEAGUES,
            COMPANY_FIELDS,
            PLANNED,
            META,
        ];
        let tx = self.db.transaction(&names, TransactionMode::ReadWrite)?;
        for name in &names[..names.len() - 1] {
            tx.object_store(name)?.clear()?;
        }
        let meta = tx.object_store(META)?;
        for key in [
            SYNC,
            super::SESSION,
            super::COMPANIES_DOWNLOADED_AT,
            super::catalog::CATALOG,
            super::catalog::CATALOG_RECENT,
            super::catalog::COMPANIES_STAMP,
        ] {
            meta.delete(JsValue::from_str(key))?;
        }
        finish(tx).await
    }

    /// Stores the entries of one page (`ChangeEntry` objects as parsed from JSON) and `meta`
    /// with the new cursor, in one transaction. Tombstones delete; unknown entities are skipped.
    /// The page's contacts and deletions go into the contact facts log as one record, in the
    /// same transaction.
    ///
    /// The page's writes are queued at once; the returned [`StoringPage`] finishes them (the
    /// reads that merge into stored records, the cursor, the commit) on its own, so the next
    /// page can be queued while the browser commits this one. A page queued behind one still
    /// committing passes that page's cursor as `after`: IndexedDB runs the two transactions in
    /// the order they were made, and this one aborts, storing nothing, unless the stored cursor
    /// is `after` — so a page is never kept when the one before it was lost.
    pub fn store_changes(
        &self,
        changes: &Array,
        meta: &SyncMeta,
        after: Option<u64>,
    ) -> Result<StoringPage, StoreError> {
        let queued = Timing::start("kp:page-queued");
        let stores =
            [COMPANIES, UNITS, CONTACTS, FEEDBACK, DO_NOT_CONTACT, COLLEAGUES, COMPANY_FIELDS, PLANNED];
        let tx = self
            .db
            .transaction(&[&stores[..], &[CONTACT_FACTS, META]].concat(), TransactionMode::ReadWrite)?;
        let meta_store = tx.object_store(META)?;
        // First in the transaction, so it is answered before anything is committed.
        let stored_cursor = after.map(|_| meta_store.get(JsValue::from_str(SYNC))).transpose()?;
        let [companies, units, contacts, feedback, flags, colleagues, shared, planned] =
            stores.map(|n| tx.object_store(n));
        let (companies, units, contacts, feedback, flags, colleagues, shared, planned) =
            (companies?, units?, contacts?, feedback?, flags?, colleagues?, shared?, planned?);
        let mut stats = PageStats { cursor: meta.cursor, ..PageStats::default() };
        let mut follow_ups = Vec::new();
        let mut fields = Vec::new();
        let mut facts = Entries::default();
        for change in changes.iter() {
            let record = prop(&change, RECORD);
            let entity = prop(&record, ENTITY).as_string().unwrap_or_default();
            let Some(kind) = RecordKind::of(&entity) else {
                leptos::logging::warn!("skipping a change of unknown entity {entity:?}");
                continue;
            };
            // The record's data, by the field names the wire table gives for its kind.
            let data = |i: usize| prop(&record, kind.fields()[i]);
            match kind {
                RecordKind::Company => {
                    let company = data(0);
                    companies.put(&company, None)?;
                    stats.companies += 1;
                    stats.changed_companies.extend(prop(&company, "cvr").as_string());
                    stats.company_records.push(company);
                }
                RecordKind::Unit => drop(units.put(&data(0), None)?),
                RecordKind::Colleague => drop(colleagues.put(&data(0), None)?),
                RecordKind::Contact => {
                    let contact = data(0);
                    contacts.put(&contact, None)?;
                    facts.stored(&contact);
                }
                RecordKind::ContactDeleted => {
                    let id = data(0);
                    facts.deleted(&id);
                    contacts.delete(id)?;
                }
                RecordKind::Feedback => drop(feedback.put(&data(0), None)?),
                RecordKind::DoNotContact => {
                    // Keep the flag's sequence: lifting it must quote the version the user saw.
                    let entry = data(0);
                    let _ = Reflect::set(&entry, &JsValue::from_str("seq"), &prop(&change, SEQ));
                    flags.put(&entry, None)?;
                }
                RecordKind::DoNotContactCleared => drop(flags.delete(data(0))?),
                // Marked on the contact after the page's contacts are in (below).
                RecordKind::FollowUpCompleted => follow_ups.push((data(0), data(1))),
                // Merged into the company's one record after the loop (read, then write).
                RecordKind::CompanyField => fields.push((data(0), data(1), data(2))),
                RecordKind::PlannedContact => drop(planned.put(&data(0), None)?),
            }
            stats.records += 1;
        }
        facts.append(&tx.object_store(CONTACT_FACTS)?)?;
        queued.end();
        let meta = to_js(meta)?;
        let cursor = prop(&meta, "cursor");
        let stamp_companies = stats.companies > 0;
        let done = crate::js::started(async move {
            if let (Some(read), Some(after)) = (stored_cursor, after) {
                let stored = read.await?.map(|m| prop(&m, "cursor").as_f64());
                if stored != Some(Some(after as f64)) {
                    let _ = tx.abort();
                    return Err(StoreError("the page before this one was not stored".into()));
                }
            }
            merge_into_stored(&contacts, follow_ups, &shared, fields).await?;
            if stamp_companies {
                // The catalog's snapshot is current only if it was made at this stamp.
                meta_store.put(&cursor, Some(&JsValue::from_str(super::catalog::COMPANIES_STAMP)))?;
            }
            meta_store.put(&meta, Some(&JsValue::from_str(SYNC)))?;
            let committed = Timing::start("kp:page-committed");
            finish(tx).await?;
            committed.end();
            Ok(())
        });
        Ok(StoringPage { stats, done: Box::pin(done) })
    }
}

/// A page whose writes are queued: what it holds, and its commit (see [`Store::store_changes`]).
pub struct StoringPage {
    pub stats: PageStats,
    done: Committing,
}

/// The rest of a page's transaction, already under way; `None` if it was dropped unfinished.
type Committing = std::pin::Pin<Box<dyn std::future::Future<Output = Option<Result<(), StoreError>>>>>;

impl StoringPage {
    /// Waits until the page and its cursor are committed.
    pub async fn stored(self) -> Result<PageStats, StoreError> {
        match self.done.await {
            Some(result) => result.map(|()| self.stats),
            None => Err(StoreError("storing the page stopped".into())),
        }
    }
}

/// The page's follow-up completions and company fields, merged into the records they change:
/// read and written inside the page's transaction (it stays open while requests are pending).
/// Every read is asked for before the first is awaited: one round trip, not one each.
async fn merge_into_stored(
    contacts: &idb::ObjectStore,
    follow_ups: Vec<(JsValue, JsValue)>,
    shared: &idb::ObjectStore,
    fields: Vec<(JsValue, JsValue, JsValue)>,
) -> Result<(), StoreError> {
    let reads = follow_ups
        .iter()
        .map(|(contact_id, _)| contacts.get(contact_id.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    for (read, (_, done_on)) in reads.into_iter().zip(follow_ups) {
        if let Some(contact) = read.await? {
            let _ = Reflect::set(&contact, &JsValue::from_str("follow_up_done_on"), &done_on);
            contacts.put(&contact, None)?;
        }
    }
    // One record per company holding each field under its own name (`key_account`, …):
    // the page's fields grouped by company, each company read once.
    let mut companies_changed: Vec<(JsValue, Vec<(JsValue, JsValue)>)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (company, field, value) in fields {
        let key = company.as_string().unwrap_or_default();
        let slot = *at.entry(key).or_insert_with(|| {
            companies_changed.push((company, Vec::new()));
            companies_changed.len() - 1
        });
        companies_changed[slot].1.push((field, value));
    }
    let reads = companies_changed
        .iter()
        .map(|(company, _)| shared.get(company.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    for (read, (company, changes)) in reads.into_iter().zip(companies_changed) {
        let current = match read.await? {
            Some(current) => current,
            None => {
                let fresh = js_sys::Object::new();
                let _ = Reflect::set(&fresh, &JsValue::from_str("company"), &company);
                fresh.into()
            }
        };
        for (field, value) in changes {
            let value = if value.is_undefined() { JsValue::NULL } else { value };
            let _ = Reflect::set(&current, &field, &value);
        }
        shared.put(&current, None)?;
    }
    Ok(())
}
