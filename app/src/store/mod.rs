//! The device's local store: the IndexedDB database `kontaktpunkt`.
//!
//! This is the only module that touches IndexedDB. The schema is versioned: [`upgrade`] runs
//! one step per version and never rewrites an earlier one, so existing data survives.
//! The records the user makes and the outbox live in [`records`]; the change-log pull in [`pull`].

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;
mod catalog;
mod desk;
mod facts;
mod pull;
mod records;

pub use catalog::CompaniesStamp;
pub use desk::{DeskRecords, StoredAnswer};
pub use facts::DeskContact;
pub use pull::{PageStats, StoringPage, SyncMeta};
pub use records::{CompanyMark, CompanyRecords, LocalWrite, SharedFields, StoredContact, encode_persons};

use idb::{Database, Factory, IndexParams, KeyPath, ObjectStoreParams, Request as _, TransactionMode};
use kontaktpunkt_domain::api::LoginResponse;
use kontaktpunkt_domain::{Colleague, Unit, User};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

/// Name of the IndexedDB database.
pub const DB_NAME: &str = "kontaktpunkt";
/// Schema version; bump it together with a new step in [`upgrade`].
pub const DB_VERSION: u32 = 6;

/// Object store of companies, keyed by `cvr`.
const COMPANIES: &str = "companies";
/// Key-value object store for small records (out-of-line keys below).
const META: &str = "meta";
/// Contacts keyed by `id`, index `company`.
const CONTACTS: &str = "contacts";
/// Feedback keyed by `id`, index `company`.
const FEEDBACK: &str = "feedback";
/// Do-not-contact flags keyed by `company`.
const DO_NOT_CONTACT: &str = "do_not_contact";
/// Units keyed by `id`.
const UNITS: &str = "units";
/// Queued mutations, auto-increment `key` = the order the user acted in.
const OUTBOX: &str = "outbox";
/// Colleagues keyed by `id` (name and unit, to name authors and key account managers).
const COLLEAGUES: &str = "colleagues";
/// The municipality's own data on a company (key account, tags, notes), keyed by `company`.
const COMPANY_FIELDS: &str = "company_fields";
/// Planned contacts of published contact plans, keyed by `id`, index `company`.
const PLANNED: &str = "planned";
/// The contacts' facts as the desk reads them, packed: a log of byte arrays under
/// auto-increment keys, written with every change to `contacts` (see [`facts`]).
const CONTACT_FACTS: &str = "contact_facts";

/// `meta` key of the logged-in [`Session`].
const SESSION: &str = "session";
/// `meta` key of the time (ISO 8601) the v1 company download finished.
const COMPANIES_DOWNLOADED_AT: &str = "companies_downloaded_at";
/// `meta` key of this browser profile's device id (made once).
const DEVICE_ID: &str = "device_id";

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

impl StoreError {
    /// The device is out of storage space: the user must be told, nothing was written.
    pub fn is_quota(&self) -> bool {
        self.0.contains("QuotaExceeded")
    }
}

/// Removes everything Kontaktpunkt keeps in this browser profile, for a device an admin
/// revoked: the database (records, outbox, session and device id, after closing `store`'s
/// connection; other tabs close theirs when asked) and the service worker's caches. Works in
/// a page and in the service worker (through the global scope, which both have).
pub async fn wipe_local_data(store: Store) -> Result<(), StoreError> {
    store.close();
    Factory::new()?.delete(DB_NAME)?.await?;
    let caches = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("caches"))
        .map_err(|e| StoreError(format!("no caches: {e:?}")))?;
    if caches.is_undefined() {
        return Ok(());
    }
    let caches: web_sys::CacheStorage = caches.unchecked_into();
    let names = js_sys::Array::from(&settled(caches.keys()).await?);
    for name in names.iter().filter_map(|name| name.as_string()) {
        settled(caches.delete(&name)).await?;
    }
    Ok(())
}

async fn settled(promise: js_sys::Promise) -> Result<JsValue, StoreError> {
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| StoreError(format!("caches: {e:?}")))
}

impl From<idb::Error> for StoreError {
    fn from(error: idb::Error) -> Self {
        match error {
            idb::Error::DomException(e) => Self(format!("{}: {}", e.name(), e.message())),
            other => Self(other.to_string()),
        }
    }
}

impl From<serde_wasm_bindgen::Error> for StoreError {
    fn from(error: serde_wasm_bindgen::Error) -> Self {
        Self(format!("stored data has an unexpected shape: {error}"))
    }
}

/// Called when another tab needs this connection closed to upgrade the schema.
type ClosedHook = Rc<RefCell<Option<Box<dyn Fn()>>>>;

/// An open connection to the local database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: Rc<Database>,
    on_closed: ClosedHook,
}

impl Store {
    /// Opens (and if needed creates or upgrades) the database. `on_blocked` runs when the
    /// upgrade must wait for another tab that still has the old version open.
    pub async fn open(on_blocked: impl FnOnce() + 'static) -> Result<Self, StoreError> {
        let factory = Factory::new()?;
        let mut request = factory.open(DB_NAME, Some(DB_VERSION))?;
        request.on_upgrade_needed(|event| {
            let tx = idb::Event::target(&event).ok().and_then(|r| r.transaction());
            let result = event.old_version().and_then(|old| {
                idb::DatabaseEvent::database(&event).and_then(|db| upgrade(&db, tx.as_ref(), old))
            });
            if let Err(error) = result {
                leptos::logging::error!("IndexedDB upgrade failed: {error}");
                // Abort so the database stays at its old version and the next start retries.
                if let Some(tx) = idb::Event::target(&event).ok().and_then(|r| r.transaction()) {
                    let _ = tx.abort();
                }
            }
        });
        request.on_blocked(move |_| on_blocked());
        let mut db = request.await?;
        let on_closed: ClosedHook = Rc::default();
        let hook = Rc::clone(&on_closed);
        // Another tab running a newer version needs this connection closed to upgrade.
        db.on_version_change(move |event| {
            if let Some(db) = event.target().and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok()) {
                db.close();
            }
            if let Some(f) = hook.borrow().as_ref() {
                f();
            }
        });
        Ok(Self { db: Rc::new(db), on_closed })
    }

    /// Closes the connection (the service worker's, which must not block a later upgrade).
    pub fn close(&self) {
        self.db.close();
    }

    /// Runs `f` if another tab closes this connection for a schema upgrade.
    pub fn on_closed(&self, f: impl Fn() + 'static) {
        *self.on_closed.borrow_mut() = Some(Box::new(f));
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

    /// This browser profile's device id, made on first use.
    pub async fn device_id(&self) -> Result<Uuid, StoreError> {
        if let Some(id) = self.get_meta(DEVICE_ID).await? {
            return Ok(id);
        }
        let id = Uuid::now_v7();
        self.put_meta(DEVICE_ID, &to_js(&id)?).await?;
        Ok(id)
    }

    /// When the v1 company download finished, if it did (before the change-log pull).
    pub async fn companies_downloaded_at(&self) -> Result<Option<String>, StoreError> {
        self.get_meta(COMPANIES_DOWNLOADED_AT).await
    }

    /// Every unit the device knows, for names next to contacts.
    pub async fn units(&self) -> Result<Vec<Unit>, StoreError> {
        let tx = self.db.transaction(&[UNITS], TransactionMode::ReadOnly)?;
        let values = tx.object_store(UNITS)?.get_all(None, None)?.await?;
        values.into_iter().map(|value| Ok(serde_wasm_bindgen::from_value(value)?)).collect()
    }

    /// Every colleague the device knows.
    pub async fn colleagues(&self) -> Result<Vec<Colleague>, StoreError> {
        let tx = self.db.transaction(&[COLLEAGUES], TransactionMode::ReadOnly)?;
        let values = tx.object_store(COLLEAGUES)?.get_all(None, None)?.await?;
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
fn upgrade(db: &Database, tx: Option<&idb::Transaction>, old: u32) -> Result<(), idb::Error> {
    let keyed = |path: &str| {
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_single(path)));
        params
    };
    if old < 1 {
        let companies = db.create_object_store(COMPANIES, keyed("cvr"))?;
        companies.create_index("name", KeyPath::new_single("name"), Some(IndexParams::new()))?;
        db.create_object_store(META, ObjectStoreParams::new())?;
    }
    if old < 2 {
        // The sync engine: the user's records, what the change log brings, and the outbox.
        let contacts = db.create_object_store(CONTACTS, keyed("id"))?;
        contacts.create_index("company", KeyPath::new_single("company"), Some(IndexParams::new()))?;
        let feedback = db.create_object_store(FEEDBACK, keyed("id"))?;
        feedback.create_index("company", KeyPath::new_single("company"), Some(IndexParams::new()))?;
        feedback.create_index("contact_id", KeyPath::new_single("contact_id"), Some(IndexParams::new()))?;
        db.create_object_store(DO_NOT_CONTACT, keyed("company"))?;
        db.create_object_store(UNITS, keyed("id"))?;
        let mut outbox = keyed("key");
        outbox.auto_increment(true);
        db.create_object_store(OUTBOX, outbox)?;
    }
    if old < 3 {
        // Shared company data and colleagues; existing records and the outbox stay as they are.
        db.create_object_store(COLLEAGUES, keyed("id"))?;
        db.create_object_store(COMPANY_FIELDS, keyed("company"))?;
    }
    if old < 4 {
        // The contact plan: what consultants are to contact (their own and other units').
        let planned = db.create_object_store(PLANNED, keyed("id"))?;
        planned.create_index("company", KeyPath::new_single("company"), Some(IndexParams::new()))?;
    }
    if old < 5
        && let Some(tx) = tx
    {
        // Nothing reads these two indexes (the catalog orders names itself), and each costs
        // the browser a write per record on every pull: 8,800 on the demo's first sync.
        tx.object_store(COMPANIES)?.delete_index("name")?;
        tx.object_store(FEEDBACK)?.delete_index("contact_id")?;
    }
    if old < 6 {
        // The desk's facts of every contact, packed, so it need not read whole contacts.
        let mut params = ObjectStoreParams::new();
        params.auto_increment(true);
        let facts = db.create_object_store(CONTACT_FACTS, params)?;
        if old >= 2
            && let Some(tx) = tx
        {
            fill_contact_facts(tx.object_store(CONTACTS)?, facts)?;
        }
    }
    Ok(())
}

/// Writes the facts of every contact already on the device into the new facts log, inside
/// the upgrade's transaction: an upgraded device's desk shows what it showed before. If it
/// fails, the upgrade is aborted (the database stays at its old version; the next start retries).
fn fill_contact_facts(contacts: idb::ObjectStore, facts: idb::ObjectStore) -> Result<(), idb::Error> {
    let all = contacts.get_all(None, None)?;
    wasm_bindgen_futures::spawn_local(async move {
        let filled = async {
            let mut entries = facts::Entries::default();
            for contact in all.await? {
                entries.stored(&contact);
            }
            entries.append(&facts)
        };
        if let Err(error) = filled.await {
            leptos::logging::error!("IndexedDB upgrade failed filling the contact facts: {}", error.0);
            let _ = facts.transaction().abort();
        }
    });
    Ok(())
}

/// Commits a read-write transaction and waits until it is durable (or reports why not,
/// naming `QuotaExceededError` when the device is full).
async fn finish(tx: idb::Transaction) -> Result<(), StoreError> {
    // A second handle on the same transaction: the first is consumed by the commit, and an
    // abort's cause (e.g. the quota) is only readable on the transaction itself.
    let raw: Option<web_sys::IdbTransaction> =
        tx.store_names().first().and_then(|name| tx.object_store(name).ok()).map(|s| s.transaction().into());
    let result = tx.commit()?.await?;
    if result.is_committed() {
        return Ok(());
    }
    let cause = raw.and_then(|t| t.error()).map(|e| format!("{}: {}", e.name(), e.message()));
    Err(StoreError(cause.unwrap_or_else(|| "transaction aborted".into())))
}

/// Plain JS objects (not `Map`s), so IndexedDB key paths and indexes can see the fields.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, StoreError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}
