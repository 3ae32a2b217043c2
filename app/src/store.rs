//! The device's local store: the IndexedDB database `kontaktpunkt`.
//!
//! This is the only module that touches IndexedDB. The schema is versioned: [`upgrade`] runs
//! one step per version, so a later version (the sync engine's outbox, contacts, …) adds a step
//! `if old < 2 { … }` and never rewrites an earlier one.

use idb::{Database, Factory, IndexParams, KeyPath, ObjectStoreParams, Request as _, TransactionMode};
use kontaktpunkt_domain::api::LoginResponse;
use kontaktpunkt_domain::{Company, Cvr, Unit, User};
use serde::{Deserialize, Serialize};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Name of the IndexedDB database.
pub const DB_NAME: &str = "kontaktpunkt";
/// Schema version; bump it together with a new step in [`upgrade`].
pub const DB_VERSION: u32 = 1;

/// Object store of companies, keyed by `cvr`, with an index `name`.
const COMPANIES: &str = "companies";
/// Key-value object store for small records (out-of-line keys below).
const META: &str = "meta";

/// `meta` key of the logged-in [`Session`].
const SESSION: &str = "session";
/// `meta` key of the time (ISO 8601) the company download finished.
const COMPANIES_DOWNLOADED_AT: &str = "companies_downloaded_at";
/// `meta` key of the last CVR stored by an unfinished company download, to resume after it.
const COMPANIES_CURSOR: &str = "companies_cursor";

/// Who is logged in on this device; kept so a reload while offline stays logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    pub user: User,
    pub unit: Option<Unit>,
}

impl From<LoginResponse> for Session {
    fn from(login: LoginResponse) -> Self {
        Self { token: login.token, user: login.user, unit: login.unit }
    }
}

/// Something went wrong in the browser's storage; the detail is for the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError(pub String);

impl From<idb::Error> for StoreError {
    fn from(error: idb::Error) -> Self {
        Self(error.to_string())
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        Self(format!("stored data has an unexpected shape: {error}"))
    }
}

/// An open connection to the local database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Rc<Database>,
}

impl Store {
    /// Opens (and if needed creates or upgrades) the database.
    pub async fn open() -> Result<Self, StoreError> {
        let factory = Factory::new()?;
        let mut request = factory.open(DB_NAME, Some(DB_VERSION))?;
        request.on_upgrade_needed(|event| {
            let result = event
                .old_version()
                .and_then(|old| idb::DatabaseEvent::database(&event).and_then(|db| upgrade(&db, old)));
            if let Err(error) = result {
                leptos::logging::error!("IndexedDB upgrade failed: {error}");
                // Abort so the database stays at its old version and the next start retries.
                if let Some(tx) = idb::Event::target(&event).ok().and_then(|r| r.transaction()) {
                    let _ = tx.abort();
                }
            }
        });
        let mut db = request.await?;
        // Another tab running a newer version needs this connection closed to upgrade.
        db.on_version_change(|event| {
            if let Some(db) = event.target().and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok()) {
                db.close();
            }
        });
        Ok(Self { db: Rc::new(db) })
    }

    /// The stored session, if someone is logged in on this device.
    pub async fn session(&self) -> Result<Option<Session>, StoreError> {
        self.get_meta(SESSION).await
    }

    pub async fn save_session(&self, session: &Session) -> Result<(), StoreError> {
        self.put_meta(SESSION, &to_js(session)?).await
    }

    pub async fn clear_session(&self) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.object_store(META)?.delete(JsValue::from_str(SESSION))?;
        finish(tx).await
    }

    /// When the company download finished, if it has.
    pub async fn companies_downloaded_at(&self) -> Result<Option<String>, StoreError> {
        self.get_meta(COMPANIES_DOWNLOADED_AT).await
    }

    /// Where an interrupted company download should continue (the last CVR it stored).
    pub async fn companies_cursor(&self) -> Result<Option<Cvr>, StoreError> {
        self.get_meta(COMPANIES_CURSOR).await
    }

    /// Stores one downloaded page of companies and the download's progress, in one transaction:
    /// either the page and its cursor are both saved or neither is.
    ///
    /// `finished_at` is set on the last page and marks the company list as complete.
    pub async fn save_company_page(
        &self,
        companies: &[Company],
        cursor: Option<&Cvr>,
        finished_at: Option<&str>,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[COMPANIES, META], TransactionMode::ReadWrite)?;
        let store = tx.object_store(COMPANIES)?;
        for company in companies {
            store.put(&to_js(company)?, None)?;
        }
        let meta = tx.object_store(META)?;
        let cursor_key = JsValue::from_str(COMPANIES_CURSOR);
        match cursor {
            Some(cvr) => drop(meta.put(&JsValue::from_str(cvr.as_str()), Some(&cursor_key))?),
            None => drop(meta.delete(cursor_key)?),
        }
        if let Some(at) = finished_at {
            meta.put(&JsValue::from_str(at), Some(&JsValue::from_str(COMPANIES_DOWNLOADED_AT)))?;
        }
        finish(tx).await
    }

    /// How many companies are stored.
    pub async fn company_count(&self) -> Result<u64, StoreError> {
        let tx = self.db.transaction(&[COMPANIES], TransactionMode::ReadOnly)?;
        let count = tx.object_store(COMPANIES)?.count(None)?.await?;
        Ok(u64::from(count))
    }

    /// Every stored company, in CVR order.
    pub async fn companies(&self) -> Result<Vec<Company>, StoreError> {
        let tx = self.db.transaction(&[COMPANIES], TransactionMode::ReadOnly)?;
        let values = tx.object_store(COMPANIES)?.get_all(None, None)?.await?;
        values.into_iter().map(|value| Ok(serde_wasm_bindgen::from_value(value)?)).collect()
    }

    async fn get_meta<T: serde::de::DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let value = tx.object_store(META)?.get(JsValue::from_str(key))?.await?;
        Ok(value.map(serde_wasm_bindgen::from_value).transpose()?)
    }

    async fn put_meta(&self, key: &str, value: &JsValue) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        tx.object_store(META)?.put(value, Some(&JsValue::from_str(key)))?;
        finish(tx).await
    }
}

/// One step per schema version. `old` is 0 for a new database.
fn upgrade(db: &Database, old: u32) -> Result<(), idb::Error> {
    if old < 1 {
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_single("cvr")));
        let companies = db.create_object_store(COMPANIES, params)?;
        companies.create_index("name", KeyPath::new_single("name"), Some(IndexParams::new()))?;
        db.create_object_store(META, ObjectStoreParams::new())?;
    }
    Ok(())
}

/// Commits a read-write transaction and waits until it is durable (or reports why not).
async fn finish(tx: idb::Transaction) -> Result<(), StoreError> {
    let result = tx.commit()?.await?;
    if result.is_committed() { Ok(()) } else { Err(StoreError("transaction aborted".into())) }
}

/// Plain JS objects (not `Map`s), so IndexedDB key paths and indexes can see the fields.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}
