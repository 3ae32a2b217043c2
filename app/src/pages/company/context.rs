//! What the company screen's parts share: the company, its records on the device, and which
//! form is open. Provided by the screen to its parts only.

use crate::outbox::{EntryStatus, Queued};
use crate::rules::parse_date;
use crate::store::{CompanyRecords, StoredContact};
use chrono::NaiveDate;
use kontaktpunkt_domain::overview::ContactFact;
use kontaktpunkt_domain::plan::PlannedContact;
use kontaktpunkt_domain::{Colleague, Contact, ContactKind, Cvr};
use leptos::prelude::*;
use uuid::Uuid;

/// What the company screen shows from the device, reloaded whenever local data changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompanyData {
    pub records: CompanyRecords,
    /// Outbox status of the records (contact and feedback ids) that are not synced yet.
    pub unsynced: Vec<(Uuid, EntryStatus)>,
    /// Outbox status of a do-not-contact change for this company.
    pub flag_unsynced: Option<EntryStatus>,
    /// Outbox status of an edit of the company's shared fields.
    pub fields_unsynced: Option<EntryStatus>,
    pub unit_names: Vec<(Uuid, String)>,
    pub colleagues: Vec<Colleague>,
}

impl CompanyData {
    pub fn status(&self, id: Uuid) -> Option<EntryStatus> {
        self.unsynced.iter().find(|(r, _)| *r == id).map(|(_, s)| *s)
    }

    /// The contact with this id, if the device holds it.
    pub fn contact(&self, id: Uuid) -> Option<&StoredContact> {
        self.records.contacts.iter().find(|c| c.id == id)
    }

    pub fn unit_name(&self, id: Uuid) -> Option<&str> {
        self.unit_names.iter().find(|(u, _)| *u == id).map(|(_, name)| name.as_str())
    }

    pub fn colleague(&self, id: Uuid) -> Option<&Colleague> {
        self.colleagues.iter().find(|c| c.id == id)
    }

    /// The company's contacts as the coordination rules read them (who, when, how), with
    /// the contact plan's proposed and accepted ones as planned contacts on their first day.
    pub fn facts(&self) -> Vec<ContactFact> {
        let logged = self.records.contacts.iter().filter_map(StoredContact::fact);
        let planned = self.open_planned().map(|p| ContactFact {
            company: p.company.clone(),
            unit_id: p.unit_id,
            user_id: p.user_id,
            date: p.from,
            kind: ContactKind::Visit,
            planned: true,
        });
        logged.chain(planned).collect()
    }

    /// The planned contacts still to be made (proposed or accepted).
    pub fn open_planned(&self) -> impl Iterator<Item = &PlannedContact> {
        self.records.planned.iter().filter(|p| p.status.counts_as_planned())
    }

    /// Since when the company has asked `unit` not to contact it, if it has (a request for
    /// other units only does not count). A stored date that does not read as one counts as
    /// "always": the confirmation is asked rather than skipped.
    pub fn flagged_since(&self, unit: Option<Uuid>) -> Option<NaiveDate> {
        self.records
            .do_not_contact
            .as_ref()
            .filter(|f| kontaktpunkt_domain::flag_covers(&f.units, unit))
            .map(|f| parse_date(&f.registered_on).unwrap_or(NaiveDate::MIN))
    }

    /// "Karen Jensen (Jobcenter)", or what of it the device knows.
    pub fn person_and_unit(&self, user: Uuid) -> Option<String> {
        let colleague = self.colleague(user)?;
        Some(match colleague.unit_id.and_then(|u| self.unit_name(u)) {
            Some(unit) => format!("{} ({unit})", colleague.display_name),
            None => colleague.display_name.clone(),
        })
    }
}

/// The company screen's shared state, provided to its parts.
#[derive(Clone, Copy)]
pub struct CompanyCtx {
    pub cvr: StoredValue<Cvr>,
    pub data: RwSignal<Option<CompanyData>>,
    /// The contact whose feedback form is open.
    pub feedback_for: RwSignal<Option<Uuid>>,
    /// The contact just saved (offers feedback).
    pub saved: RwSignal<Option<Uuid>>,
    /// A short confirmation ("Tak for jeres tilbagemelding.").
    pub notice: RwSignal<Option<Key>>,
    /// A refused contact the user is correcting in the contact form (from the outbox's "Ret").
    pub fixing: RwSignal<Option<(Queued, Contact)>>,
    /// One of the user's own contacts being edited in the contact form ("Ret").
    pub editing: RwSignal<Option<StoredContact>>,
    /// Counts presses of "Log kontakt" at the top: the form opens (scrolls into view) on each.
    pub open_form: RwSignal<u32>,
}

use crate::i18n::Key;
