//! The answer to an access-to-documents request (aktindsigt) about one company: every
//! contact in a period, as the server exports it and the desk shows and prints it.

use crate::{ContactKind, Cvr, Purpose};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
