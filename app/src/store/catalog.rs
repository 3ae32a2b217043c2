//! The company catalog's snapshot: the whole search catalog (companies and index) as one
//! value, so a start reads it in one request instead of reading and indexing every company.
//! A stamp written with every page that changes companies tells whether the snapshot is
//! still what the companies are.

use super::{COMPANIES, META, Store, StoreError};
use idb::TransactionMode;
use js_sys::{Object, Reflect, Uint8Array};
use kontaktpunkt_domain::Company;
use wasm_bindgen::{JsCast, JsValue};

/// `meta` key of the snapshot: `{ stamp, bytes }`.
pub(super) const CATALOG: &str = "catalog_snapshot";
/// `meta` key of the cursor of the last pulled page that changed companies.
pub(super) const COMPANIES_STAMP: &str = "companies_stamp";

/// A stored snapshot, and whether the companies have changed since it was made.
pub struct CatalogSnapshot {
    pub bytes: Vec<u8>,
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
    /// The snapshot the last index build left, if any.
    pub async fn catalog_snapshot(&self) -> Result<Option<CatalogSnapshot>, StoreError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let meta = tx.object_store(META)?;
        // Both requests before either is awaited: one consistent read.
        let (snapshot, stamp) =
            (meta.get(JsValue::from_str(CATALOG))?, meta.get(JsValue::from_str(COMPANIES_STAMP))?);
        let (Some(snapshot), stamp) = (snapshot.await?, CompaniesStamp::of(stamp.await?)) else {
            return Ok(None);
        };
        let bytes = Reflect::get(&snapshot, &JsValue::from_str("bytes"))
            .ok()
            .and_then(|b| b.dyn_into::<Uint8Array>().ok())
            .ok_or_else(|| StoreError("the company snapshot has no bytes".into()))?;
        let made_from = CompaniesStamp::of(Reflect::get(&snapshot, &JsValue::from_str("stamp")).ok());
        Ok(Some(CatalogSnapshot { bytes: bytes.to_vec(), fresh: made_from == stamp }))
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

    /// Keeps `bytes` as the snapshot of the companies as they were at `stamp`.
    pub async fn save_catalog_snapshot(&self, stamp: CompaniesStamp, bytes: &[u8]) -> Result<(), StoreError> {
        let value = Object::new();
        let _ = Reflect::set(&value, &JsValue::from_str("stamp"), &stamp.to_js());
        let _ = Reflect::set(&value, &JsValue::from_str("bytes"), &Uint8Array::from(bytes));
        self.put_meta(CATALOG, &value).await
    }
}
