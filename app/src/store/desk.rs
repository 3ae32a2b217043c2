//! What the coordinator's desk (and "my work") reads: every contact, feedback answer,
//! do-not-contact flag and planned contact on the device, in one read-only transaction (one consistent picture).
//!
//! The desk reads each contact as a [`DeskContact`] from the packed facts log (see
//! [`super::facts`]): the notes, purposes and follow-ups of 200,000 contacts are never read.

use super::facts::{self, DeskContact};
use super::records::StoredContact;
use super::{CONTACT_FACTS, CONTACTS, DO_NOT_CONTACT, FEEDBACK, PLANNED, Store, StoreError};
use crate::js::Timing;
use crate::outbox::LocalDoNotContact;
use idb::TransactionMode;
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::feedback::Survey;
use kontaktpunkt_domain::plan::PlannedContact;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::JsValue;

/// A feedback answer as stored (the domain's `Feedback`, its time kept as text).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredAnswer {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub company: Cvr,
    /// RFC 3339; its first ten characters are the day.
    pub submitted_at: String,
    pub satisfaction: u8,
    pub relevant: bool,
    #[serde(default)]
    pub comment: String,
    /// The survey's answers (questions version 2 and later).
    #[serde(default)]
    pub survey: Option<Survey>,
}

impl StoredAnswer {
    /// Whether the company found the contact relevant; `None` when it did not answer.
    pub fn relevance(&self) -> Option<bool> {
        self.survey.map_or(Some(self.relevant), |s| s.relevant.as_bool())
    }
}

/// Every record the desk's overviews (with [`DeskContact`]) and "my work" (with
/// [`StoredContact`]) are computed from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeskRecords<C = StoredContact> {
    pub contacts: Vec<C>,
    pub answers: Vec<StoredAnswer>,
    pub flags: Vec<LocalDoNotContact>,
    /// Every planned contact of published plans (the user's own and other units').
    pub planned: Vec<PlannedContact>,
}

impl Store {
    /// Every record, each contact read whole as `C` (its other fields are never read).
    pub async fn desk_records<C: DeserializeOwned>(&self) -> Result<DeskRecords<C>, StoreError> {
        let tx =
            self.db.transaction(&[CONTACTS, FEEDBACK, DO_NOT_CONTACT, PLANNED], TransactionMode::ReadOnly)?;
        let contacts = tx.object_store(CONTACTS)?.get_all(None, None)?;
        let rest = others(&tx)?;
        let contacts = contacts.await?;
        Ok(DeskRecords { contacts: decode(contacts)?, ..rest.await? })
    }

    /// Every record, each contact read as its facts from the facts log: what the desk's
    /// overviews count, without reading a whole contact.
    pub async fn desk_facts(&self) -> Result<DeskRecords<DeskContact>, StoreError> {
        let tx = self
            .db
            .transaction(&[CONTACT_FACTS, FEEDBACK, DO_NOT_CONTACT, PLANNED], TransactionMode::ReadOnly)?;
        let read = Timing::start("kp:desk-facts-read");
        let records = tx.object_store(CONTACT_FACTS)?.get_all(None, None)?;
        let rest = others(&tx)?;
        let records = records.await?;
        read.end();
        let decoded = Timing::start("kp:desk-facts-decoded");
        let contacts = facts::read(&facts::records(records)?);
        decoded.end();
        let others = Timing::start("kp:desk-others");
        let rest = rest.await?;
        others.end();
        Ok(DeskRecords { contacts, ..rest })
    }
}

/// The answers, flags and planned contacts in `tx`: asked for at once, read when awaited
/// (one round trip for all, after the contacts asked for before them).
fn others<C>(
    tx: &idb::Transaction,
) -> Result<impl std::future::Future<Output = Result<DeskRecords<C>, StoreError>>, StoreError> {
    let planned = tx.object_store(PLANNED)?.get_all(None, None)?;
    let answers = tx.object_store(FEEDBACK)?.get_all(None, None)?;
    let flags = tx.object_store(DO_NOT_CONTACT)?.get_all(None, None)?;
    Ok(async move {
        let (planned, answers, flags) = (planned.await?, answers.await?, flags.await?);
        Ok(DeskRecords {
            contacts: Vec::new(),
            answers: decode(answers)?,
            flags: decode(flags)?,
            planned: decode(planned)?,
        })
    })
}

fn decode<T: DeserializeOwned>(values: Vec<JsValue>) -> Result<Vec<T>, StoreError> {
    values.into_iter().map(|value| Ok(serde_wasm_bindgen::from_value(value)?)).collect()
}
