//! The records users make on this device and their outbox, written together.

use super::facts::Entries;
use super::{
    COMPANY_FIELDS, CONTACT_FACTS, CONTACTS, DO_NOT_CONTACT, FEEDBACK, OUTBOX, PLANNED, Store, StoreError,
    finish, to_js,
};
use crate::js::path;
use crate::outbox::{Decision, LocalDoNotContact, OutboxEntry, Queued};
use crate::rules::parse_date;
use chrono::NaiveDate;
use idb::{ObjectStore, TransactionMode};
use kontaktpunkt_domain::contact_person::ContactPerson;
use kontaktpunkt_domain::feedback::Survey;
use kontaktpunkt_domain::overview::ContactFact;
use kontaktpunkt_domain::plan::PlannedContact;
use kontaktpunkt_domain::{Contact, ContactKind, Cvr, Feedback, FollowUp, Purpose};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
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
    CompanyFields(SharedFields),
    /// A planned contact with the user's answer.
    Planned(PlannedContact),
    /// The user deleted their contact.
    DeleteContact(Uuid),
}

/// The municipality's own data on a company, as the device keeps it (one record per company;
/// the change log brings each field on its own). `None` is an empty field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedFields {
    pub company: Cvr,
    /// The key account manager's user id.
    #[serde(default)]
    pub key_account: Option<String>,
    /// Comma-separated, as [`kontaktpunkt_domain::sync::normalize_tags`] stores them.
    #[serde(default)]
    pub tags: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The company's contact persons as the field stores them: a JSON array (see
    /// [`SharedFields::persons`]).
    #[serde(default)]
    pub contact_persons: Option<String>,
}

impl SharedFields {
    pub fn empty(company: Cvr) -> Self {
        Self { company, key_account: None, tags: None, notes: None, contact_persons: None }
    }

    /// The contact persons; none for an empty field (or one this version cannot read).
    pub fn persons(&self) -> Vec<ContactPerson> {
        let parsed = self.contact_persons.as_deref().and_then(|text| js_sys::JSON::parse(text).ok());
        parsed.and_then(|value| serde_wasm_bindgen::from_value(value).ok()).unwrap_or_default()
    }
}

/// The field's stored text for `persons`: a JSON array, or `None` (a cleared field) for none.
/// Encoded by the browser's `JSON`, as the app carries no JSON library of its own.
pub fn encode_persons(persons: &[ContactPerson]) -> Result<Option<String>, StoreError> {
    if persons.is_empty() {
        return Ok(None);
    }
    let text = js_sys::JSON::stringify(&to_js(&persons)?).ok().and_then(|t| t.as_string());
    text.map(Some).ok_or_else(|| StoreError("the contact persons could not be encoded".into()))
}

/// A contact as stored: the `Contact` fields with dates kept as the ISO text they are
/// stored as (reading them needs no date parser), plus the device's follow-up mark.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredContact {
    pub id: Uuid,
    pub company: Cvr,
    pub unit_id: Uuid,
    pub user_id: Uuid,
    pub kind: ContactKind,
    pub purposes: Vec<Purpose>,
    /// `YYYY-MM-DD`; ISO dates sort as text.
    pub date: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub follow_up: Option<StoredFollowUp>,
    #[serde(default)]
    pub follow_up_done_on: Option<String>,
    /// Why it was made although the company asked not to be contacted.
    #[serde(default)]
    pub do_not_contact_reason: Option<String>,
    /// The author shared the notes with every unit.
    #[serde(default)]
    pub notes_shared: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredFollowUp {
    pub due: String,
    #[serde(default)]
    pub note: String,
}

impl StoredContact {
    /// The contact as the coordination and overview rules read it (who, when, how); `None`
    /// if its stored date is not a date.
    pub fn fact(&self) -> Option<ContactFact> {
        contact_fact(&self.company, self.unit_id, self.user_id, &self.date, self.kind)
    }

    /// The domain record again (to re-save it); `None` if a stored date is not a date.
    pub fn to_contact(&self) -> Option<Contact> {
        let follow_up = match &self.follow_up {
            Some(f) => Some(FollowUp { due: parse_date(&f.due)?, note: f.note.clone() }),
            None => None,
        };
        Some(Contact {
            id: self.id,
            company: self.company.clone(),
            unit_id: self.unit_id,
            user_id: self.user_id,
            kind: self.kind,
            purposes: self.purposes.clone(),
            date: parse_date(&self.date)?,
            notes: self.notes.clone(),
            follow_up,
            do_not_contact_reason: self.do_not_contact_reason.clone(),
            notes_shared: self.notes_shared,
        })
    }
}

/// Feedback as the company screen shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct StoredFeedback {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub satisfaction: u8,
    pub relevant: bool,
    #[serde(default)]
    pub comment: String,
    /// The survey's answers (questions version 2 and later).
    #[serde(default)]
    pub survey: Option<Survey>,
}

impl StoredFeedback {
    /// Whether the company found the contact relevant; `None` when it did not answer.
    pub fn relevance(&self) -> Option<bool> {
        self.survey.map_or(Some(self.relevant), |s| s.relevant.as_bool())
    }
}

/// What a search result shows from the records: the do-not-contact mark and the last contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyMark {
    pub flagged: bool,
    /// `YYYY-MM-DD` of the newest contact by any unit.
    pub last_contact: Option<String>,
}

/// Everything the company screen shows from the store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanyRecords {
    pub contacts: Vec<StoredContact>,
    pub feedback: Vec<StoredFeedback>,
    pub do_not_contact: Option<LocalDoNotContact>,
    pub shared: Option<SharedFields>,
    /// Planned contacts with the company, of every unit.
    pub planned: Vec<PlannedContact>,
}

impl Store {
    /// Writes the user's records and their outbox entry in ONE transaction, before any
    /// network call: either both are on the device or neither is (a contact's facts too).
    pub async fn record(&self, writes: &[LocalWrite], entry: &OutboxEntry) -> Result<(), StoreError> {
        let tx = self.db.transaction(
            &[CONTACTS, CONTACT_FACTS, FEEDBACK, DO_NOT_CONTACT, COMPANY_FIELDS, PLANNED, OUTBOX],
            TransactionMode::ReadWrite,
        )?;
        for write in writes {
            apply_write(&tx, write)?;
        }
        tx.object_store(OUTBOX)?.add(&to_js(entry)?, None)?;
        finish(tx).await
    }

    /// The contacts, feedback and do-not-contact flag of one company.
    pub async fn company_records(&self, cvr: &Cvr) -> Result<CompanyRecords, StoreError> {
        let tx = self.db.transaction(
            &[CONTACTS, FEEDBACK, DO_NOT_CONTACT, COMPANY_FIELDS, PLANNED],
            TransactionMode::ReadOnly,
        )?;
        let key = || idb::Query::Key(JsValue::from_str(cvr.as_str()));
        let contacts = tx.object_store(CONTACTS)?.index("company")?.get_all(Some(key()), None)?.await?;
        let feedback = tx.object_store(FEEDBACK)?.index("company")?.get_all(Some(key()), None)?.await?;
        let flag = tx.object_store(DO_NOT_CONTACT)?.get(key())?.await?;
        let shared = tx.object_store(COMPANY_FIELDS)?.get(key())?.await?;
        let planned = tx.object_store(PLANNED)?.index("company")?.get_all(Some(key()), None)?.await?;
        let contacts = contacts
            .into_iter()
            .map(|v| Ok(serde_wasm_bindgen::from_value(v)?))
            .collect::<Result<_, StoreError>>()?;
        let feedback = feedback
            .into_iter()
            .map(|v| Ok(serde_wasm_bindgen::from_value(v)?))
            .collect::<Result<_, StoreError>>()?;
        let do_not_contact = flag.map(serde_wasm_bindgen::from_value).transpose()?;
        let shared = shared.map(serde_wasm_bindgen::from_value).transpose()?;
        let planned = planned
            .into_iter()
            .map(|v| Ok(serde_wasm_bindgen::from_value(v)?))
            .collect::<Result<_, StoreError>>()?;
        Ok(CompanyRecords { contacts, feedback, do_not_contact, shared, planned })
    }

    /// The do-not-contact mark and last contact date of each of `cvrs` (a page of search
    /// results), in one read-only transaction. Only the contacts' `date` is read.
    pub async fn company_marks(&self, cvrs: &[Cvr]) -> Result<Vec<(Cvr, CompanyMark)>, StoreError> {
        let tx = self.db.transaction(&[CONTACTS, DO_NOT_CONTACT], TransactionMode::ReadOnly)?;
        let contacts = tx.object_store(CONTACTS)?.index("company")?;
        let flags = tx.object_store(DO_NOT_CONTACT)?;
        // Every request is made before any is awaited: IndexedDB answers them one after
        // another without a round trip to the page between. Each is a future at once, so its
        // answer is listened for before it can come.
        let mut asked = Vec::with_capacity(cvrs.len());
        for cvr in cvrs {
            let key = || idb::Query::Key(JsValue::from_str(cvr.as_str()));
            let flag = flags.get(key())?.into_future();
            asked.push((cvr, flag, contacts.get_all(Some(key()), None)?.into_future()));
        }
        let mut marks = Vec::with_capacity(asked.len());
        for (cvr, flag, contacts) in asked {
            let flagged = flag.await?.is_some();
            let dates = contacts.await?;
            let last_contact = dates.iter().filter_map(|c| crate::js::prop(c, "date").as_string()).max();
            marks.push((cvr.clone(), CompanyMark { flagged, last_contact }));
        }
        Ok(marks)
    }

    /// The companies (CVR numbers, sorted, each once) with a contact by any unit on or after `since`
    /// (`YYYY-MM-DD`), for the search screen's "not contacted" filter. Read from the packed
    /// contact facts, not the whole contacts.
    pub async fn contacted_since(&self, since: &str) -> Result<Vec<String>, StoreError> {
        let since = parse_date(since).ok_or_else(|| StoreError(format!("not a date: {since}")))?;
        let tx = self.db.transaction(&[CONTACT_FACTS], TransactionMode::ReadOnly)?;
        let records = super::facts::records(tx.object_store(CONTACT_FACTS)?.get_all(None, None)?.await?)?;
        let mut cvrs: Vec<String> = super::facts::read(&records)
            .into_iter()
            .filter(|c| c.fact.date >= since)
            .map(|c| c.fact.company.to_string())
            .collect();
        // Sorted for a binary search: less code in the shell than a hash set, as fast here.
        cvrs.sort_unstable();
        cvrs.dedup();
        Ok(cvrs)
    }

    /// The whole outbox, in the order the user acted.
    pub async fn outbox(&self) -> Result<Vec<Queued>, StoreError> {
        Ok(self.outbox_raw().await?.into_iter().map(|(q, _)| q).collect())
    }

    /// The outbox with each stored entry as it is (the push sends their `mutation`s untouched).
    pub async fn outbox_raw(&self) -> Result<Vec<(Queued, JsValue)>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let values = tx.object_store(OUTBOX)?.get_all(None, None)?.await?;
        values.into_iter().map(|value| Ok((serde_wasm_bindgen::from_value(value.clone())?, value))).collect()
    }

    /// The whole outbox as pretty JSON, for the user to keep as a file.
    pub async fn outbox_json(&self) -> Result<String, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        let values = tx.object_store(OUTBOX)?.get_all(None, None)?.await?;
        let list: js_sys::Array = values.into_iter().collect();
        js_sys::JSON::stringify_with_replacer_and_space(&list, &JsValue::NULL, &JsValue::from_f64(2.0))
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| StoreError("the outbox could not be written as JSON".into()))
    }

    /// The contact a queued "contact created" entry carries (to correct a refused one).
    pub async fn queued_contact(&self, key: u64) -> Result<Option<Contact>, StoreError> {
        let Some(entry) = self.outbox_entry(key).await? else { return Ok(None) };
        let contact = path(&entry, &["mutation", "change", "contact"]);
        if !contact.is_object() {
            return Ok(None);
        }
        Ok(serde_wasm_bindgen::from_value::<StoredContact>(contact)?.to_contact())
    }

    async fn outbox_entry(&self, key: u64) -> Result<Option<JsValue>, StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly)?;
        Ok(tx.object_store(OUTBOX)?.get(JsValue::from_f64(key as f64))?.await?)
    }

    /// Applies the server's answers to the pushed entries, in one transaction.
    pub async fn apply_decisions(
        &self,
        decisions: &[Decision],
        pushed: &[(Queued, JsValue)],
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction(&[OUTBOX], TransactionMode::ReadWrite)?;
        let outbox = tx.object_store(OUTBOX)?;
        for decision in decisions {
            match decision {
                Decision::Remove { key } => drop(outbox.delete(JsValue::from_f64(*key as f64))?),
                Decision::Reject { key, reason } => {
                    if let Some((_, entry)) = pushed.iter().find(|(q, _)| q.key == *key) {
                        set(entry, "status", &JsValue::from_str("rejected"));
                        set(entry, "reason", &to_js(reason)?);
                        outbox.put(entry, None)?;
                    }
                }
                Decision::Keep { .. } => {}
            }
        }
        finish(tx).await
    }

    /// Removes the entry `key` and takes its local effect back (its `undo`) — or, when
    /// `replacement` is given (the user corrected it), writes that and queues it instead.
    /// One transaction either way.
    pub async fn discard(
        &self,
        key: u64,
        replacement: Option<(&[LocalWrite], &OutboxEntry)>,
    ) -> Result<(), StoreError> {
        let Some(entry) = self.outbox_entry(key).await? else { return Ok(()) };
        let tx = self.db.transaction(
            &[CONTACTS, CONTACT_FACTS, FEEDBACK, DO_NOT_CONTACT, COMPANY_FIELDS, PLANNED, OUTBOX],
            TransactionMode::ReadWrite,
        )?;
        let outbox = tx.object_store(OUTBOX)?;
        outbox.delete(JsValue::from_f64(key as f64))?;
        if let Some((writes, fixed)) = replacement {
            for write in writes {
                apply_write(&tx, write)?;
            }
            outbox.add(&to_js(fixed)?, None)?;
            return finish(tx).await;
        }
        // The undo as written by `Undo`'s serde form: { kind, id | contact | company, previous }.
        let undo = path(&entry, &["undo"]);
        let field = |name: &str| path(&undo, &[name]);
        let mut facts = Entries::default();
        match path(&undo, &["kind"]).as_string().as_deref() {
            Some("delete_contact") => {
                facts.deleted(&field("id"));
                tx.object_store(CONTACTS)?.delete(field("id"))?;
            }
            Some("delete_feedback") => drop(tx.object_store(FEEDBACK)?.delete(field("id"))?),
            Some("restore_contact") => {
                facts.stored(&field("contact"));
                tx.object_store(CONTACTS)?.put(&field("contact"), None)?;
            }
            Some(kind @ ("restore_do_not_contact" | "restore_company_fields")) => {
                let name = if kind == "restore_do_not_contact" { DO_NOT_CONTACT } else { COMPANY_FIELDS };
                let store = tx.object_store(name)?;
                let previous = field("previous");
                if previous.is_object() {
                    store.put(&previous, None)?;
                } else {
                    store.delete(field("company"))?;
                }
            }
            _ => {}
        }
        facts.append(&tx.object_store(CONTACT_FACTS)?)?;
        finish(tx).await
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

fn apply_write(tx: &idb::Transaction, write: &LocalWrite) -> Result<(), StoreError> {
    let put = |store: ObjectStore, value: JsValue| -> Result<(), StoreError> {
        store.put(&value, None)?;
        Ok(())
    };
    // A contact's facts go into the facts log with the contact (see `super::facts`).
    let facts = |entries: Entries| entries.append(&tx.object_store(CONTACT_FACTS)?);
    let mut entries = Entries::default();
    match write {
        LocalWrite::Contact(contact, done_on) => {
            let value = to_js(contact)?;
            if let Some(day) = done_on {
                let _ = js_sys::Reflect::set(&value, &FOLLOW_UP_DONE_ON.into(), &day.to_string().into());
            }
            entries.contact(contact);
            facts(entries)?;
            put(tx.object_store(CONTACTS)?, value)
        }
        LocalWrite::Feedback(feedback) => put(tx.object_store(FEEDBACK)?, to_js(feedback)?),
        LocalWrite::DoNotContact(flag) => put(tx.object_store(DO_NOT_CONTACT)?, to_js(flag)?),
        LocalWrite::CompanyFields(fields) => put(tx.object_store(COMPANY_FIELDS)?, to_js(fields)?),
        LocalWrite::Planned(item) => put(tx.object_store(PLANNED)?, to_js(item)?),
        LocalWrite::DeleteContact(id) => {
            entries.gone(*id);
            facts(entries)?;
            tx.object_store(CONTACTS)?.delete(JsValue::from_str(&id.to_string()))?;
            Ok(())
        }
        LocalWrite::ClearDoNotContact(cvr) => {
            tx.object_store(DO_NOT_CONTACT)?.delete(JsValue::from_str(cvr.as_str()))?;
            Ok(())
        }
    }
}

/// A stored contact's facts as the coordination and overview rules read them; `None` if its
/// stored date (`YYYY-MM-DD`) is not a date.
pub(super) fn contact_fact(
    company: &Cvr,
    unit_id: Uuid,
    user_id: Uuid,
    date: &str,
    kind: ContactKind,
) -> Option<ContactFact> {
    Some(ContactFact {
        company: company.clone(),
        unit_id,
        user_id,
        date: parse_date(date)?,
        kind,
        planned: false,
    })
}
