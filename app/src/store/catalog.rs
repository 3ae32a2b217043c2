//! The company catalog's snapshot: the whole search catalog (companies and index) as one
//! value, so a start reads it in one request instead of reading and indexing every company.
//! A stamp written with every page that changes companies tells whether the snapshot is
//! still what the companies are. After a sync that changed a few companies only their layer
//! is kept again, beside the snapshot it was built on: writing the whole municipality's
//! snapshot held the main thread for over 100 ms.

use super::{COMPANIES, META, Store, StoreError};
use idb::TransactionMode;
use js_sys::{Object, Reflect, Uint8Array};
use kontaktpunkt_domain::Company;
use wasm_bindgen::{JsCast, JsValue};

/// `meta` key of the snapshot: `{ stamp, bytes, base }` (`base`: an id of this write).
pub(super) const CATALOG: &str = "catalog_snapshot";
/// `meta` key of the companies synced since, indexed: `{ stamp, bytes, base }`, read only
/// with the snapshot whose `base` it names.
pub(super) const CATALOG_RECENT: &str = "catalog_recent";
/// `meta` key of the cursor of the last pulled page that changed companies.
pub(super) const COMPANIES_STAMP: &str = "companies_stamp";

/// A stored snapshot, and whether the companies have changed since it was made.
pub struct CatalogSnapshot {
    pub bytes: Vec<u8>,
    /// The recent layer kept beside it since.
    pub recent: Option<Vec<u8>>,
    /// Which write of the snapshot this is, for a recent layer to name.
    pub base: f64,
    pub fresh: bool,
}

/// Which state of the companies something was made from (`None`: no pull has changed them,
/// e.g. the old one-off download).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompaniesStamp(Option<f64>);

impl CompaniesStamp {
    /// The companies as the pulled page with this cursor left them.
    pub fn at(cursor: u64) -> Self {
        Self(Some(cursor as f64))
    }

    fn of(value: Option<JsValue>) -> Self {
        Self(value.and_then(|v| v.as_f64()))
    }

    fn to_js(self) -> JsValue {
        self.0.map_or(JsValue::NULL, JsValue::from_f64)
    }
}

impl Store {
    /// The snapshot the last index build left, if any, with the recent layer kept for it.
    pub async fn catalog_snapshot(&self) -> Result<Option<CatalogSnapshot>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let meta = tx.object_store(META)?;
        // Every request before any is awaited: one consistent read.
        let (snapshot, recent, stamp) = (
            meta.get(JsValue::from_str(CATALOG))?,
            meta.get(JsValue::from_str(CATALOG_RECENT))?,
            meta.get(JsValue::from_str(COMPANIES_STAMP))?,
        );
        let (Some(snapshot), recent, stamp) =
            (snapshot.await?, recent.await?, CompaniesStamp::of(stamp.await?))
        else {
            return Ok(None);
        };
        let bytes =
            bytes_of(&snapshot).ok_or_else(|| StoreError("the company snapshot has no bytes".into()))?;
        let base = field(&snapshot, "base").and_then(|b| b.as_f64()).unwrap_or(f64::NAN);
        let recent = recent.filter(|r| field(r, "base").and_then(|b| b.as_f64()) == Some(base));
        let made_from = CompaniesStamp::of(field(recent.as_ref().unwrap_or(&snapshot), "stamp"));
        Ok(Some(CatalogSnapshot {
            bytes,
            recent: recent.as_ref().and_then(bytes_of),
            base,
            fresh: made_from == stamp,
        }))
    }

    /// Every stored company, in CVR order, with the stamp of the state they are in.
    pub async fn companies_stamped(&self) -> Result<(CompaniesStamp, Vec<Company>), StoreError> {
        let tx = self.db.transaction(&[COMPANIES, META], TransactionMode::ReadOnly)?;
        let all = tx.object_store(COMPANIES)?.get_all(None, None)?;
        let stamp = tx.object_store(META)?.get(JsValue::from_str(COMPANIES_STAMP))?;
        let (values, stamp) = (all.await?, CompaniesStamp::of(stamp.await?));
        let companies =
            values.into_iter().map(serde_wasm_bindgen::from_value).collect::<Result<Vec<Company>, _>>()?;
        Ok((stamp, companies))
    }

    /// The stored companies with these CVR numbers (those a pull just brought), with the
    /// stamp of the state they are in.
    pub async fn companies_stamped_by(
        &self,
        cvrs: &[String],
    ) -> Result<(CompaniesStamp, Vec<Company>), StoreError> {
        let tx = self.db.transaction(&[COMPANIES, META], TransactionMode::ReadOnly)?;
        let store = tx.object_store(COMPANIES)?;
        let reads =
            cvrs.iter().map(|cvr| store.get(JsValue::from_str(cvr))).collect::<Result<Vec<_>, _>>()?;
        let stamp = tx.object_store(META)?.get(JsValue::from_str(COMPANIES_STAMP))?;
        let mut companies = Vec::with_capacity(reads.len());
        for read in reads {
            if let Some(value) = read.await? {
                companies.push(serde_wasm_bindgen::from_value::<Company>(value)?);
            }
        }
        Ok((CompaniesStamp::of(stamp.await?), companies))
    }

    /// Keeps `bytes` as the snapshot of the companies as they were at `stamp`, in place of
    /// the last one and its recent layer; the id of this write.
    pub async fn save_catalog_snapshot(
        &self,
        stamp: CompaniesStamp,
        bytes: &[u8],
    ) -> Result<f64, StoreError> {
        let base = js_sys::Date::now() + js_sys::Math::random();
        let tx = self.db.transaction(&[META], TransactionMode::ReadWrite)?;
        let meta = tx.object_store(META)?;
        meta.put(&record(stamp, bytes, base), Some(&JsValue::from_str(CATALOG)))?;
        meta.delete(JsValue::from_str(CATALOG_RECENT))?;
        super::finish(tx).await?;
        Ok(base)
    }

    /// Keeps `bytes` as the recent layer of the companies as they were at `stamp`, beside the
    /// snapshot written as `base`.
    pub async fn save_catalog_recent(
        &self,
        stamp: CompaniesStamp,
        base: f64,
        bytes: &[u8],
    ) -> Result<(), StoreError> {
        self.put_meta(CATALOG_RECENT, &record(stamp, bytes, base)).await
    }
}

fn record(stamp: CompaniesStamp, bytes: &[u8], base: f64) -> Object {
    let value = Object::new();
    let _ = Reflect::set(&value, &JsValue::from_str("stamp"), &stamp.to_js());
    let _ = Reflect::set(&value, &JsValue::from_str("bytes"), &Uint8Array::from(bytes));
    let _ = Reflect::set(&value, &JsValue::from_str("base"), &JsValue::from_f64(base));
    value
}

fn field(record: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(record, &JsValue::from_str(name)).ok()
}

fn bytes_of(record: &JsValue) -> Option<Vec<u8>> {
    field(record, "bytes").and_then(|b| b.dyn_into::<Uint8Array>().ok()).map(|b| b.to_vec())
}
