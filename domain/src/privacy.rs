//! The answers of the data protection tools, as the server sends them and the admin's
//! screens read them: a contact person found ([`ContactPersonMatch`]), everything stored about
//! one ([`ContactPersonExport`]), what an erasure changed ([`ErasureReport`]), the retention
//! list ([`RetentionList`]); and the answer to an access-to-documents request (aktindsigt)
//! about one company: every contact in a period, as the desk shows and prints it.

use crate::accounts::AuditEntry;
use crate::contact_person::ContactPerson;
use crate::sync::ConflictRecord;
use crate::{ContactKind, Cvr, Purpose};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One contact person of one company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPersonMatch {
    /// The person's id (`{cvr}-{hash of the name}`), for export and erasure.
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company: Cvr,
    pub company_name: String,
    pub person: ContactPerson,
    /// When the company's list of contact persons was last changed.
    pub changed_at: DateTime<Utc>,
    /// The last contact with the company, if any.
    pub last_contact: Option<NaiveDate>,
}

/// A contact with the person's company; its notes only where they name the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedContact {
    pub id: Uuid,
    pub date: NaiveDate,
    pub kind: ContactKind,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub user_id: Uuid,
    pub user_name: String,
    pub purposes: Vec<Purpose>,
    /// The notes, follow-up note or do-not-contact reason name the person.
    pub mentions_person: bool,
    /// The notes, when they name the person.
    pub notes: Option<String>,
}

/// A follow-up promised on a contact with the person's company.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedFollowUp {
    pub contact_id: Uuid,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
    /// The follow-up note, when it names the person.
    pub note: Option<String>,
}

/// Feedback from the person's company whose comment names the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedFeedback {
    pub id: Uuid,
    pub contact_id: Uuid,
    pub submitted_at: DateTime<Utc>,
    pub comment: String,
}

/// `GET /api/admin/privacy/contact-persons/{id}`: everything stored about one contact person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPersonExport {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company: Cvr,
    pub company_name: String,
    /// The person's entries in the company's list (normally one).
    pub records: Vec<ContactPerson>,
    /// When and by whom the company's list was last changed.
    pub changed_at: DateTime<Utc>,
    pub changed_by: Option<Uuid>,
    pub last_contact: Option<NaiveDate>,
    /// Every contact with the company (contacts do not name their participants); the notes
    /// of those that name the person.
    pub contacts: Vec<ExportedContact>,
    pub follow_ups: Vec<ExportedFollowUp>,
    /// Feedback whose comment names the person.
    pub feedback: Vec<ExportedFeedback>,
    /// Conflict records whose values hold or name the person.
    pub conflicts: Vec<ConflictRecord>,
    /// The company's shared note, if it names the person.
    pub company_note: Option<String>,
    /// Audit entries about the person (this export's included).
    pub audit: Vec<AuditEntry>,
}

/// What an erasure changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErasureReport {
    /// The erased person's id.
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company: Cvr,
    /// The change-log sequence of the company's new contact-person list: a device that has
    /// pulled up to here no longer holds the person.
    pub seq: u64,
    /// Rows rewritten, by table (only tables where something changed).
    pub scrubbed: BTreeMap<String, u64>,
}

/// `POST /api/admin/privacy/contact-persons/{id}/erase`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// Why (e.g. the person's request, or the retention rule); 1–500 characters. Kept in the
    /// audit log with the person's name, phone and e-mail removed.
    pub reason: String,
}

/// `GET /api/admin/privacy/retention`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionList {
    pub years: u32,
    /// Persons untouched since before this day are listed.
    pub cutoff: NaiveDate,
    pub persons: Vec<ContactPersonMatch>,
}

/// The CSV's columns, in Danish (the request is answered in Danish).
pub const ACCESS_REQUEST_CSV_HEADER: [&str; 13] = [
    "Dato",
    "Type",
    "Enhed",
    "Konsulent",
    "Formål",
    "Noter",
    "Noter tilbageholdt",
    "Opfølgning senest",
    "Opfølgningsnote",
    "Opfølgning udført",
    "Begrundelse trods frabedt kontakt",
    "Tilfredshed",
    "Tilbagemelding",
];

/// One feedback on a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessFeedback {
    pub satisfaction: u8,
    /// `None` when withheld (another unit's contact, for a coordinator).
    pub comment: Option<String>,
}

/// One contact of the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequestContact {
    pub id: Uuid,
    pub date: NaiveDate,
    pub kind: ContactKind,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub user_name: String,
    pub purposes: Vec<Purpose>,
    /// `None` when withheld (another unit's contact, for a coordinator).
    pub notes: Option<String>,
    pub follow_up_due: Option<NaiveDate>,
    pub follow_up_note: Option<String>,
    pub follow_up_done_on: Option<NaiveDate>,
    pub do_not_contact_reason: Option<String>,
    pub feedback: Vec<AccessFeedback>,
}

/// The JSON form of the export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessRequestExport {
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub company: Cvr,
    pub company_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Oldest first.
    pub contacts: Vec<AccessRequestContact>,
}

/// One contact as a CSV row under [`ACCESS_REQUEST_CSV_HEADER`]; withheld notes are marked.
pub fn access_request_csv_row(contact: &AccessRequestContact) -> Vec<String> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let purposes: Vec<&str> = contact.purposes.iter().map(|p| p.as_str()).collect();
    let satisfaction: Vec<String> = contact.feedback.iter().map(|f| f.satisfaction.to_string()).collect();
    let comments: Vec<&str> = contact.feedback.iter().filter_map(|f| f.comment.as_deref()).collect();
    vec![
        contact.date.to_string(),
        contact.kind.as_str().to_owned(),
        contact.unit_name.clone(),
        contact.user_name.clone(),
        purposes.join(", "),
        contact.notes.clone().unwrap_or_default(),
        if contact.notes.is_none() { "ja".to_owned() } else { String::new() },
        date(contact.follow_up_due),
        contact.follow_up_note.clone().unwrap_or_default(),
        date(contact.follow_up_done_on),
        contact.do_not_contact_reason.clone().unwrap_or_default(),
        satisfaction.join(", "),
        comments.join(" | "),
    ]
}
