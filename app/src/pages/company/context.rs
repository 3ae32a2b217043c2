//! What the company screen's parts share: the company, its records on the device, and which
//! form is open. Provided by the screen to its parts only.

use crate::outbox::{EntryStatus, Queued};
use crate::store::CompanyRecords;
use kontaktpunkt_domain::{Colleague, Contact, Cvr};
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

    pub fn unit_name(&self, id: Uuid) -> Option<&str> {
        self.unit_names.iter().find(|(u, _)| *u == id).map(|(_, name)| name.as_str())
    }

    pub fn colleague(&self, id: Uuid) -> Option<&Colleague> {
        self.colleagues.iter().find(|c| c.id == id)
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
}

use crate::i18n::Key;
