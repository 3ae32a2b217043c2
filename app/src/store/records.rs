//! The records users make on this device and their outbox, written together.

use super::{CONTACTS, DO_NOT_CONTACT, FEEDBACK, OUTBOX, Store, StoreError, finish, to_js};
use crate::outbox::{Decision, EntryStatus, LocalDoNotContact, OutboxEntry, Undo};
use chrono::NaiveDate;
use idb::{ObjectStore, TransactionMode};
use kontaktpunkt_domain::{Contact, Cvr, Feedback};
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// Property on a stored contact that marks its follow-up done on this device.
const FOLLOW_UP_DONE_ON: &str = "follow_up_done_on";

/// A change to the local records that goes with an outbox entry.
#[derive(Debug, Clone)]
pub enum LocalWrite {
    /// Put a contact; `Some(date)` marks its follow-up done.
    Contact(Contact, Option<NaiveDate>),
    Feedback(Feedback),
    DoNotContact(LocalDoNotContact),
    ClearDoNotContact(Cvr),
}

/// A contact as stored, with the device's follow-up mark.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredContact {
    pub contact: Contact,
    pub follow_up_done_on: Option<NaiveDate>,
}

/// Everything the company screen shows from the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanyRecords {
    pub contacts: Vec<StoredContact>,
    pub feedback: Vec<Feedback>,
    pub do_not_contact: Option<LocalDoNotContact>,
}

#[derive(Deserialize)]
struct FollowUpMark {
    #[serde(default)]
    follow_up_done_on: Option<NaiveDate>,
}

impl Store {
    /// Writes the user's records and their outbox entry in ONE transaction, before any
    /// network call: either both are on the device or neither is.
    pub async fn record(&self, writes: &[LocalWrite], entry: &OutboxEntry) -> Result<(), StoreError> {
        let tx =
            self.db.transaction(&[CONTACTS, FEEDBACK, DO_NOT_CONTACT, OUTBOX], TransactionMode::ReadWrite)?;
        for write in writes {
            apply_write(&tx, write)?;
        }
        tx.object_store(OUTBOX)?.add(&to_js(entry)?, None)?;
        finish(tx).await
    }

    /// The contacts, feedback and do-not-contact flag of one company.
    pub async fn company_records(&self, cvr: &Cvr) -> Result<CompanyRecords, StoreError> {
        let tx = self.db.transaction(&[CONTACTS, FEEDBACK, DO_NOT_CONTACT], TransactionMode::ReadOnly)?;
        let key = || idb::Query::Key(JsValue::from_str(cvr.as_str()));
        let contacts = tx.object_store(CONTACTS)?.index("company")?.get_all(Some(key()), None)?.await?;
        let feedback = tx.object_store(FEEDBACK)?.index("company")?.get_all(Some(key()), None)?.await?;
        let flag = tx.object_store(DO_NOT_CONTACT)?.get(key())?.await?;
        let contacts = contacts
            .into_iter()
            .map(|value| {
                let mark: FollowUpMark = serde_wasm_bindgen::from_value(value.clone())?;
                Ok(StoredContact {
                    contact: serde_wasm_bindgen::from_value(value)?,
                    follow_up_done_on: mark.follow_up_done_on,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let feedback = feedback
            .into_iter()
            .map(|v| Ok(serde_wasm_bindgen::from_value(v)?))
            .collect::<Result<_, StoreError>>()?;
        let do_not_contact = flag.map(serde_wasm_bindgen::from_value).transpose()?;
        Ok(CompanyRecords { contacts, feedback, do_not_contact })
    }

    /// The whole outbox, in the order the user acted.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let values = tx.object_store(OUTBOX)?.get_all(None, None)?.await?;
        values.into_iter().map(|value| Ok(serde_wasm_bindgen::from_value(value)?)).collect()
    }

    /// Applies the server's answers to the pushed entries, in one transaction.
    pub async fn apply_decisions(
        &self,
        decisions: &[Decision],
        pushed: &[OutboxEntry],
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        let outbox = tx.object_store(OUTBOX)?;
        for decision in decisions {
            match decision {
                Decision::Remove { key } => drop(outbox.delete(JsValue::from_f64(*key as f64))?),
                Decision::Reject { key, reason } => {
                    if let Some(entry) = pushed.iter().find(|e| e.key == Some(*key)) {
                        let rejected = OutboxEntry {
                            status: EntryStatus::Rejected,
                            reason: Some(reason.clone()),
                            ..entry.clone()
                        };
                        outbox.put(&to_js(&rejected)?, None)?;
                    }
                }
                Decision::Keep { .. } => {}
            }
        }
        finish(tx).await
    }

    /// Removes an entry the user chose to discard and takes its local effect back, in one
    /// transaction. `replacement` (a fixed version) is queued in its place when given.
    pub async fn discard(
        &self,
        entry: &OutboxEntry,
        replacement: Option<(&[LocalWrite], &OutboxEntry)>,
    ) -> Result<(), StoreError> {
        let Some(key) = entry.key else { return Ok(()) };
        let tx =
            self.db.transaction(&[CONTACTS, FEEDBACK, DO_NOT_CONTACT, OUTBOX], TransactionMode::ReadWrite)?;
        let outbox = tx.object_store(OUTBOX)?;
        outbox.delete(JsValue::from_f64(key as f64))?;
        match (&entry.undo, replacement) {
            (_, Some((writes, fixed))) => {
                for write in writes {
                    apply_write(&tx, write)?;
                }
                outbox.add(&to_js(fixed)?, None)?;
            }
            (Some(Undo::DeleteContact { id }), None) => {
                drop(tx.object_store(CONTACTS)?.delete(JsValue::from_str(&id.to_string()))?)
            }
            (Some(Undo::DeleteFeedback { id }), None) => {
                drop(tx.object_store(FEEDBACK)?.delete(JsValue::from_str(&id.to_string()))?)
            }
            (Some(Undo::RestoreContact { contact }), None) => {
                drop(tx.object_store(CONTACTS)?.put(&to_js(contact)?, None)?)
            }
            (Some(Undo::RestoreDoNotContact { company, previous }), None) => {
                let store = tx.object_store(DO_NOT_CONTACT)?;
                match previous {
                    Some(flag) => drop(store.put(&to_js(flag)?, None)?),
                    None => drop(store.delete(JsValue::from_str(company.as_str()))?),
                }
            }
            (None, None) => {}
        }
        finish(tx).await
    }
}

fn apply_write(tx: &idb::Transaction, write: &LocalWrite) -> Result<(), StoreError> {
    let put = |store: ObjectStore, value: JsValue| -> Result<(), StoreError> {
        store.put(&value, None)?;
        Ok(())
    };
    match write {
        LocalWrite::Contact(contact, done_on) => {
            let value = to_js(contact)?;
            if let Some(day) = done_on {
                let _ = js_sys::Reflect::set(&value, &FOLLOW_UP_DONE_ON.into(), &day.to_string().into());
            }
            put(tx.object_store(CONTACTS)?, value)
        }
        LocalWrite::Feedback(feedback) => put(tx.object_store(FEEDBACK)?, to_js(feedback)?),
        LocalWrite::DoNotContact(flag) => put(tx.object_store(DO_NOT_CONTACT)?, to_js(flag)?),
        LocalWrite::ClearDoNotContact(cvr) => {
            tx.object_store(DO_NOT_CONTACT)?.delete(JsValue::from_str(cvr.as_str()))?;
            Ok(())
        }
    }
}
