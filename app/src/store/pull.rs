//! Stores pages of the server's change log, each page with its new cursor in one transaction.
//!
//! Pages stay JavaScript objects from `JSON.parse` all the way into IndexedDB: no copy through
//! Rust structs, which is what makes a first download of 100,000 companies fast.

use super::{
    COLLEAGUES, COMPANIES, COMPANY_FIELDS, CONTACTS, DO_NOT_CONTACT, FEEDBACK, META, Store, StoreError,
    UNITS, finish, to_js,
};
use crate::js::prop;
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageStats {
    pub companies: u32,
    pub records: u32,
}

impl Store {
    pub async fn sync_meta(&self) -> Result<Option<SyncMeta>, StoreError> {
        self.get_meta(SYNC).await
    }

    /// Stores the entries of one page (`ChangeEntry` objects as parsed from JSON) and `meta`
    /// with the new cursor, in one transaction. Tombstones delete; unknown entities are skipped.
    pub async fn apply_changes(&self, changes: &Array, meta: &SyncMeta) -> Result<PageStats, StoreError> {
        let names = [COMPANIES, UNITS, CONTACTS, FEEDBACK, DO_NOT_CONTACT, COLLEAGUES, COMPANY_FIELDS, META];
        let tx = self.db.transaction(&names, TransactionMode::ReadWrite)?;
        let [companies, units, contacts, feedback, flags, colleagues, shared, meta_store] =
            names.map(|n| tx.object_store(n));
        let (companies, units, contacts, feedback, flags, colleagues, shared) =
            (companies?, units?, contacts?, feedback?, flags?, colleagues?, shared?);
        let mut stats = PageStats::default();
        let mut follow_ups = Vec::new();
        let mut fields = Vec::new();
        for change in changes.iter() {
            let record = prop(&change, "record");
            let entity = prop(&record, "entity").as_string().unwrap_or_default();
            match entity.as_str() {
                "company" => {
                    companies.put(&prop(&record, "company"), None)?;
                    stats.companies += 1;
                }
                "unit" => drop(units.put(&prop(&record, "unit"), None)?),
                "colleague" => drop(colleagues.put(&prop(&record, "colleague"), None)?),
                "contact" => drop(contacts.put(&prop(&record, "contact"), None)?),
                "contact_deleted" => drop(contacts.delete(prop(&record, "id"))?),
                "feedback" => drop(feedback.put(&prop(&record, "feedback"), None)?),
                "do_not_contact" => {
                    // Keep the flag's sequence: lifting it must quote the version the user saw.
                    let entry = prop(&record, "entry");
                    let _ = Reflect::set(&entry, &JsValue::from_str("seq"), &prop(&change, "seq"));
                    flags.put(&entry, None)?;
                }
                "do_not_contact_cleared" => drop(flags.delete(prop(&record, "company"))?),
                // Marked on the contact after the page's contacts are in (below).
                "follow_up_completed" => follow_ups.push(record),
                // Merged into the company's one record after the loop (read, then write).
                "company_field" => fields.push(record),
                other => {
                    leptos::logging::warn!("skipping a change of unknown entity {other:?}");
                    continue;
                }
            }
            stats.records += 1;
        }
        for record in follow_ups {
            // Read and write inside the same transaction: it stays open while requests are pending.
            if let Some(contact) = contacts.get(prop(&record, "contact_id"))?.await? {
                let _ = Reflect::set(
                    &contact,
                    &JsValue::from_str("follow_up_done_on"),
                    &prop(&record, "done_on"),
                );
                contacts.put(&contact, None)?;
            }
        }
        for record in fields {
            // One record per company holding each field under its own name (`key_account`, …).
            let company = prop(&record, "company");
            let current = match shared.get(company.clone())?.await? {
                Some(current) => current,
                None => {
                    let fresh = js_sys::Object::new();
                    let _ = Reflect::set(&fresh, &JsValue::from_str("company"), &company);
                    fresh.into()
                }
            };
            let value = prop(&record, "value");
            let value = if value.is_undefined() { JsValue::NULL } else { value };
            let _ = Reflect::set(&current, &prop(&record, "field"), &value);
            shared.put(&current, None)?;
        }
        meta_store?.put(&to_js(meta)?, Some(&JsValue::from_str(SYNC)))?;
        finish(tx).await?;
        Ok(stats)
    }
}
