//! What the user does to records. Every action writes the record(s) AND the outbox entry in
//! one IndexedDB transaction before any network call, then asks the sync service to push.

use crate::i18n::Key;
use crate::outbox::{LocalDoNotContact, OutboxEntry, Queued, Undo};
use crate::services::sync::storage_key;
use crate::services::{LocalStore, SessionService, SyncService};
use crate::store::{
    CompanyMark, CompanyRecords, DeskContact, DeskRecords, LocalWrite, SharedFields, Store, StoredContact,
};
use chrono::{DateTime, NaiveDate, Utc};
use kontaktpunkt_domain::plan::{PlannedContact, PlannedStatus};
use kontaktpunkt_domain::sync::{Change, FieldEdit, SharedField};
use kontaktpunkt_domain::{Colleague, Contact, Cvr, Feedback, Unit};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

/// The device's local date (the user's "today", not UTC's).
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date())
        .unwrap_or_default()
}

/// Now, from the device clock (for display and the feedback's time; the server orders by sequence).
pub fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// The records service: reads and writes of contacts, feedback, flags and shared fields.
#[derive(Clone, Copy)]
pub struct Records {
    pub(super) local: LocalStore,
    pub(super) session: SessionService,
    pub(super) sync: SyncService,
}

/// A company's request not to be contacted, as the user records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoNotContactRequest {
    pub reason: String,
    /// Who at the company asked, if the user noted it.
    pub requested_by: Option<String>,
    /// The units it holds for; empty: every unit.
    pub units: Vec<uuid::Uuid>,
}

impl Records {
    fn store(self) -> Store {
        self.local.get()
    }

    async fn record(self, writes: &[LocalWrite], change: Change, undo: Option<Undo>) -> Result<(), Key> {
        let owner = self.session.user_id_untracked().ok_or(Key::ErrSessionExpired)?;
        let entry = OutboxEntry::new(Uuid::now_v7(), change, owner, now_utc().to_rfc3339(), undo);
        self.store().record(writes, &entry).await.map_err(|e| storage_key(&e))?;
        self.sync.after_local_write().await;
        Ok(())
    }

    /// Saves a new contact (already validated by the form).
    pub async fn log_contact(self, contact: Contact) -> Result<(), Key> {
        let undo = Undo::DeleteContact { id: contact.id };
        let write = LocalWrite::Contact(contact.clone(), None);
        self.record(&[write], Change::ContactCreated { contact }, Some(undo)).await
    }

    /// Replaces a refused entry by the user's corrected contact: a new mutation, one transaction.
    pub async fn fix_contact(self, refused: Queued, contact: Contact) -> Result<(), Key> {
        let owner = refused.owner;
        let change = Change::ContactCreated { contact: contact.clone() };
        let fixed = OutboxEntry::new(
            Uuid::now_v7(),
            change,
            owner,
            now_utc().to_rfc3339(),
            Some(Undo::DeleteContact { id: contact.id }),
        );
        let writes = [LocalWrite::Contact(contact, None)];
        self.store().discard(refused.key, Some((&writes, &fixed))).await.map_err(|e| storage_key(&e))?;
        self.sync.after_local_write().await;
        Ok(())
    }

    pub async fn give_feedback(self, feedback: Feedback) -> Result<(), Key> {
        let undo = Undo::DeleteFeedback { id: feedback.id };
        let write = LocalWrite::Feedback(feedback.clone());
        self.record(&[write], Change::FeedbackCreated { feedback }, Some(undo)).await
    }

    /// Flags the company as not wanting contact (or changes the reason).
    pub async fn set_do_not_contact(
        self,
        company: Cvr,
        request: DoNotContactRequest,
        previous: Option<LocalDoNotContact>,
    ) -> Result<(), Key> {
        let DoNotContactRequest { reason, requested_by, units } = request;
        let user = self.session.user_id_untracked().ok_or(Key::ErrSessionExpired)?;
        let flag = LocalDoNotContact {
            company: company.clone(),
            reason: reason.clone(),
            registered_by: user,
            registered_on: today().to_string(),
            seq: previous.as_ref().map_or(0, |p| p.seq),
            requested_by: requested_by.clone(),
            units: units.clone(),
        };
        let undo = Undo::RestoreDoNotContact { company: company.clone(), previous };
        self.record(
            &[LocalWrite::DoNotContact(flag)],
            Change::DoNotContactSet { company, reason, requested_by, units },
            Some(undo),
        )
        .await
    }

    /// Lifts the flag as the user saw it (its sequence travels along, so a newer flag survives),
    /// saying why the company may be contacted again.
    pub async fn lift_do_not_contact(self, flag: LocalDoNotContact, reason: String) -> Result<(), Key> {
        let change = Change::DoNotContactCleared {
            company: flag.company.clone(),
            seen_seq: flag.seq,
            reason: Some(reason),
        };
        let write = LocalWrite::ClearDoNotContact(flag.company.clone());
        let undo = Undo::RestoreDoNotContact { company: flag.company.clone(), previous: Some(flag) };
        self.record(&[write], change, Some(undo)).await
    }

    /// Accepts or declines one of the user's planned contacts (a declined one says why): on
    /// the device at once, to the server with the next sync.
    pub async fn answer_planned(
        self,
        mut item: PlannedContact,
        accepted: bool,
        reason: Option<String>,
    ) -> Result<(), Key> {
        item.status = if accepted { PlannedStatus::Accepted } else { PlannedStatus::Declined };
        item.answer = reason.clone();
        let change = Change::PlannedContactAnswered { item: item.id, accepted, reason };
        self.record(&[LocalWrite::Planned(item)], change, None).await
    }

    /// The change-log cursor the device has pulled to: the base of an edit begun now.
    pub async fn sync_cursor(self) -> u64 {
        self.store().sync_meta().await.ok().flatten().map_or(0, |meta| meta.cursor)
    }

    /// Saves the fields the user changed (none: nothing is queued, `Ok(false)`). `base_seq` is
    /// [`Self::sync_cursor`] from when the form opened, so the server can tell concurrent edits.
    pub async fn edit_company_fields(
        self,
        previous: Option<SharedFields>,
        edited: SharedFields,
        base_seq: u64,
    ) -> Result<bool, Key> {
        let company = edited.company.clone();
        let before = previous.clone().unwrap_or_else(|| SharedFields::empty(company.clone()));
        let fields = changed_fields(&before, &edited);
        if fields.is_empty() {
            return Ok(false);
        }
        let change = Change::CompanyFieldsEdited { company: company.clone(), base_seq, fields };
        let undo = Undo::RestoreCompanyFields { company, previous };
        self.record(&[LocalWrite::CompanyFields(edited)], change, Some(undo)).await?;
        Ok(true)
    }

    pub async fn complete_follow_up(self, stored: StoredContact) -> Result<(), Key> {
        let contact = stored.to_contact().ok_or(Key::ErrStorage)?;
        let done_on = today();
        let change = Change::FollowUpCompleted { contact_id: contact.id, done_on };
        let undo = Undo::RestoreContact { contact: contact.clone() };
        self.record(&[LocalWrite::Contact(contact, Some(done_on))], change, Some(undo)).await
    }

    /// Saves the user's edit of one of their own contacts (`previous` as stored): a follow-up
    /// already marked done stays done; the server refuses an edit of someone else's contact.
    pub async fn update_contact(self, previous: StoredContact, contact: Contact) -> Result<(), Key> {
        let before = previous.to_contact().ok_or(Key::ErrStorage)?;
        let done_on = previous.follow_up_done_on.as_deref().and_then(crate::rules::parse_date);
        let write = LocalWrite::Contact(contact.clone(), done_on);
        self.record(
            &[write],
            Change::ContactUpdated { contact },
            Some(Undo::RestoreContact { contact: before }),
        )
        .await
    }

    /// Deletes one of the user's own contacts: gone from this device at once, a tombstone for
    /// every other device after the sync (the server refuses it for a contact with feedback).
    pub async fn delete_contact(self, stored: StoredContact) -> Result<(), Key> {
        let contact = stored.to_contact().ok_or(Key::ErrStorage)?;
        let change = Change::ContactDeleted { id: contact.id };
        let write = LocalWrite::DeleteContact(contact.id);
        self.record(&[write], change, Some(Undo::RestoreContact { contact })).await
    }

    /// Drops an entry the user chose to discard and takes back its effect on this device.
    pub async fn discard(self, entry: Queued) -> Result<(), Key> {
        self.store().discard(entry.key, None).await.map_err(|e| storage_key(&e))?;
        self.sync.after_local_write().await;
        Ok(())
    }

    pub async fn company_records(self, cvr: Cvr) -> Result<CompanyRecords, Key> {
        self.store().company_records(&cvr).await.map_err(|e| storage_key(&e))
    }

    /// The do-not-contact mark and last contact of each company of a page of search results
    /// (none when the store cannot be read: the marks are extra, the results still show).
    pub async fn company_marks(self, cvrs: Vec<Cvr>) -> Vec<(Cvr, CompanyMark)> {
        self.store().company_marks(&cvrs).await.unwrap_or_default()
    }

    /// The companies contacted on or after `since` (`YYYY-MM-DD`), for the "not contacted"
    /// search filter (sorted).
    pub async fn contacted_since(self, since: String) -> Result<Vec<String>, Key> {
        self.store().contacted_since(&since).await.map_err(|e| storage_key(&e))
    }

    /// The refused "contact created" entry with this outbox key and the contact it carries,
    /// to correct it in the form.
    pub async fn refused_contact(self, key: u64) -> Option<(Queued, Contact)> {
        let entry = self.store().outbox().await.ok()?.into_iter().find(|q| q.key == key)?;
        let contact = self.store().queued_contact(key).await.ok().flatten()?;
        Some((entry, contact))
    }

    pub async fn outbox_entries(self) -> Result<Vec<Queued>, Key> {
        self.store().outbox().await.map_err(|e| storage_key(&e))
    }

    /// Every contact (each read whole as `C`), feedback answer and flag on the device, for
    /// "my work".
    pub async fn desk_records<C: serde::de::DeserializeOwned>(self) -> Result<DeskRecords<C>, Key> {
        self.store().desk_records().await.map_err(|e| storage_key(&e))
    }

    /// Every contact's facts (from the packed facts log, not the whole contacts), feedback
    /// answer, flag and planned contact on the device, for the coordinator's desk.
    pub async fn desk_facts(self) -> Result<DeskRecords<DeskContact>, Key> {
        self.store().desk_facts().await.map_err(|e| storage_key(&e))
    }

    pub async fn units(self) -> Vec<Unit> {
        self.store().units().await.unwrap_or_default()
    }

    pub async fn colleagues(self) -> Vec<Colleague> {
        self.store().colleagues().await.unwrap_or_default()
    }

    /// Saves the whole outbox as a JSON file the user keeps (before logging out with entries).
    pub async fn export_outbox(self) -> Result<(), Key> {
        let json = self.store().outbox_json().await.map_err(|e| storage_key(&e))?;
        download(&format!("kontaktpunkt-udbakke-{}.json", today()), "application/json", &json)
            .map_err(|_| Key::ErrExport)?;
        self.sync.mark_exported();
        Ok(())
    }
}

/// The edits that turn `before` into `after`, one per field that differs.
fn changed_fields(before: &SharedFields, after: &SharedFields) -> Vec<FieldEdit> {
    [
        (SharedField::KeyAccount, &before.key_account, &after.key_account),
        (SharedField::Tags, &before.tags, &after.tags),
        (SharedField::ContactPersons, &before.contact_persons, &after.contact_persons),
        (SharedField::Notes, &before.notes, &after.notes),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(field, _, new)| FieldEdit { field, value: new.clone() })
    .collect()
}

/// Offers `text` as a file download of MIME type `mime`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link = document().create_element("a")?;
    link.set_attribute("href", &url)?;
    link.set_attribute("download", name)?;
    link.unchecked_ref::<web_sys::HtmlElement>().click();
    // Revoked later: some browsers read the URL only after the click has returned.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(60));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_sent_and_a_cleared_field_sends_none() {
        let cvr = Cvr::parse("25052943").expect("valid CVR");
        let before = SharedFields {
            tags: Some("eksport".into()),
            notes: Some("Ring før".into()),
            ..SharedFields::empty(cvr.clone())
        };
        let after = SharedFields { tags: Some("eksport, grøn".into()), notes: None, ..before.clone() };
        assert_eq!(
            changed_fields(&before, &after),
            vec![
                FieldEdit { field: SharedField::Tags, value: Some("eksport, grøn".into()) },
                FieldEdit { field: SharedField::Notes, value: None },
            ]
        );
        assert!(changed_fields(&before, &before).is_empty());
    }
}
