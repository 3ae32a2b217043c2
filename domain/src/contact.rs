//! Contacts with companies and requests not to be contacted (feedback: [`crate::feedback`]).

use crate::cvr::Cvr;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest free-text note on a contact, in characters.
pub const MAX_NOTES_CHARS: usize = 4000;
/// Longest feedback comment or reason text, in characters.
pub const MAX_COMMENT_CHARS: usize = 2000;

/// How the contact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    Visit,
    Phone,
    Meeting,
    Event,
    Email,
}

impl ContactKind {
    pub const ALL: [Self; 5] = [Self::Visit, Self::Phone, Self::Meeting, Self::Event, Self::Email];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visit => "visit",
            Self::Phone => "phone",
            Self::Meeting => "meeting",
            Self::Event => "event",
            Self::Email => "email",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Why the unit contacted the company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Rekruttering.
    Recruitment,
    /// Virksomhedspraktik.
    JobTraining,
    /// Løntilskud.
    WageSubsidy,
    /// Fastholdelse af medarbejdere.
    Retention,
    /// Erhvervsudvikling og vækst.
    BusinessDevelopment,
    /// Erhvervspraktik for elever.
    PupilPlacement,
    /// Unge i job eller uddannelse.
    YouthEmployment,
    /// Andet.
    Other,
}

impl Purpose {
    pub const ALL: [Self; 8] = [
        Self::Recruitment,
        Self::JobTraining,
        Self::WageSubsidy,
        Self::Retention,
        Self::BusinessDevelopment,
        Self::PupilPlacement,
        Self::YouthEmployment,
        Self::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recruitment => "recruitment",
            Self::JobTraining => "job_training",
            Self::WageSubsidy => "wage_subsidy",
            Self::Retention => "retention",
            Self::BusinessDevelopment => "business_development",
            Self::PupilPlacement => "pupil_placement",
            Self::YouthEmployment => "youth_employment",
            Self::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// Something the consultant promised to do after the contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FollowUp {
    pub due: NaiveDate,
    pub note: String,
}

/// One logged interaction between a unit and a company. Owned by its author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Made by the client (UUIDv7) so a retried save can never create a second copy.
    pub id: Uuid,
    pub company: Cvr,
    pub unit_id: Uuid,
    pub user_id: Uuid,
    pub kind: ContactKind,
    pub purposes: Vec<Purpose>,
    pub date: NaiveDate,
    pub notes: String,
    pub follow_up: Option<FollowUp>,
    /// Why the unit contacted a company that has asked not to be contacted (the company may
    /// have called us). Required when the company was flagged on or before the contact's
    /// date ([`needs_do_not_contact_reason`]); added to protocol v1 later, so it is optional on
    /// the wire and absent when `None`. Visible to every unit, like the flag itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_not_contact_reason: Option<String>,
    /// The author shares the notes (and the follow-up's note) with every unit. Unshared notes
    /// reach only the author's unit: they can touch on health and social matters. Added to
    /// protocol v1 later, so absent on the wire when `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub notes_shared: bool,
}

/// Whether a contact dated `date` needs a [`Contact::do_not_contact_reason`]: the company's
/// do-not-contact flag (`flagged_since`: the date it was registered, `None` when not flagged)
/// was registered on or before that date. Flags hold for the whole municipality, so every
/// unit's contacts are in scope. A contact dated before the request was made needs none.
pub fn needs_do_not_contact_reason(date: NaiveDate, flagged_since: Option<NaiveDate>) -> bool {
    flagged_since.is_some_and(|since| since <= date)
}

/// Why a contact on a company that asked not to be contacted cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DoNotContactError {
    #[error("the company has asked not to be contacted: confirm the contact and give a reason")]
    ReasonMissing,
}

impl Contact {
    /// The do-not-contact rule: with the company flagged since `flagged_since`, a contact on
    /// or after that date carries a non-blank reason.
    pub fn check_do_not_contact(&self, flagged_since: Option<NaiveDate>) -> Result<(), DoNotContactError> {
        let given = self.do_not_contact_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
        if needs_do_not_contact_reason(self.date, flagged_since) && !given {
            return Err(DoNotContactError::ReasonMissing);
        }
        Ok(())
    }
}

/// Why a contact cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactError {
    #[error("choose at least one purpose")]
    NoPurpose,
    #[error("the same purpose is chosen twice")]
    DuplicatePurpose,
    #[error("the contact date is in the future")]
    DateInFuture,
    #[error("the notes are longer than {max} characters")]
    NotesTooLong { max: usize },
    #[error("the follow-up is due before the contact took place")]
    FollowUpBeforeContact,
    #[error("the follow-up note is longer than {max} characters")]
    FollowUpNoteTooLong { max: usize },
    #[error("the reason for contacting despite the do-not-contact request is longer than {max} characters")]
    DoNotContactReasonTooLong { max: usize },
}

impl Contact {
    /// Checks the contact against the house rules; `today` is the author's local date.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Vec<ContactError>> {
        let mut errors = Vec::new();
        if self.purposes.is_empty() {
            errors.push(ContactError::NoPurpose);
        }
        let mut purposes = self.purposes.clone();
        purposes.sort();
        purposes.dedup();
        if purposes.len() != self.purposes.len() {
            errors.push(ContactError::DuplicatePurpose);
        }
        if self.date > today {
            errors.push(ContactError::DateInFuture);
        }
        if self.notes.chars().count() > MAX_NOTES_CHARS {
            errors.push(ContactError::NotesTooLong { max: MAX_NOTES_CHARS });
        }
        if let Some(follow_up) = &self.follow_up {
            if follow_up.due < self.date {
                errors.push(ContactError::FollowUpBeforeContact);
            }
            if follow_up.note.chars().count() > MAX_COMMENT_CHARS {
                errors.push(ContactError::FollowUpNoteTooLong { max: MAX_COMMENT_CHARS });
            }
        }
        if self.do_not_contact_reason.as_ref().is_some_and(|r| r.chars().count() > MAX_COMMENT_CHARS) {
            errors.push(ContactError::DoNotContactReasonTooLong { max: MAX_COMMENT_CHARS });
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A company's request not to be contacted by the municipality ("frabedt sig kontakt").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoNotContact {
    pub company: Cvr,
    pub reason: String,
    pub registered_by: Uuid,
    pub registered_on: NaiveDate,
    /// Who at the company asked (a name or a role); personal data, erased with the person.
    /// Added to protocol v1 later: absent when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    /// The units the request holds for; empty: every unit. Absent on the wire when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Uuid>,
}

impl DoNotContact {
    /// Whether the request holds for `unit` (a user without a unit is held to every request).
    pub fn covers(&self, unit: Option<Uuid>) -> bool {
        flag_covers(&self.units, unit)
    }
}

/// Whether a do-not-contact request for `units` (empty: every unit) holds for `unit`.
pub fn flag_covers(units: &[Uuid], unit: Option<Uuid>) -> bool {
    units.is_empty() || unit.is_none_or(|unit| units.contains(&unit))
}

/// Longest "who at the company asked", in characters.
pub const MAX_REQUESTED_BY_CHARS: usize = 200;

/// What happened to a do-not-contact flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FlagAction {
    /// The company asked not to be contacted (again).
    Set,
    /// The request was lifted.
    Lifted,
}

/// One entry in the history of a company's do-not-contact flag: nothing set or lifted is
/// forgotten, also when a later request replaces the current one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoNotContactEvent {
    pub action: FlagAction,
    /// Why; `None` for a lifting without a reason (apps from before reasons were asked for).
    pub reason: Option<String>,
    /// Who set or lifted it.
    pub user_id: Uuid,
    /// The change-log sequence of the change, when known.
    pub seq: Option<u64>,
    /// When the server recorded it.
    pub at: DateTime<Utc>,
    /// Who at the company asked, for a setting that named them (personal data, erased with
    /// the person). Absent when `None`, so earlier entries keep their shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    /// The units a setting held for; empty: every unit (and every lifting). Absent when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units: Vec<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn contact() -> Contact {
        Contact {
            id: Uuid::nil(),
            company: Cvr::parse("25052943").expect("valid"),
            unit_id: Uuid::nil(),
            user_id: Uuid::nil(),
            kind: ContactKind::Visit,
            purposes: vec![Purpose::Recruitment],
            date: day(2026, 11, 20),
            notes: "Talte om elever".into(),
            follow_up: None,
            do_not_contact_reason: None,
            notes_shared: false,
        }
    }

    #[test]
    fn a_contact_on_or_after_the_flag_date_needs_a_reason_one_before_it_does_not() {
        let flagged = Some(day(2026, 11, 20));
        assert!(needs_do_not_contact_reason(day(2026, 11, 20), flagged), "same day");
        assert!(needs_do_not_contact_reason(day(2026, 11, 25), flagged), "later");
        assert!(!needs_do_not_contact_reason(day(2026, 11, 19), flagged), "before the request");
        assert!(!needs_do_not_contact_reason(day(2026, 11, 25), None), "not flagged");
    }

    #[test]
    fn a_blank_reason_does_not_count_as_confirmation() {
        let flagged = Some(day(2026, 11, 1));
        assert_eq!(contact().check_do_not_contact(flagged), Err(DoNotContactError::ReasonMissing));
        let blank = Contact { do_not_contact_reason: Some("  ".into()), ..contact() };
        assert_eq!(blank.check_do_not_contact(flagged), Err(DoNotContactError::ReasonMissing));
        let given = Contact { do_not_contact_reason: Some("Virksomheden ringede selv".into()), ..contact() };
        assert_eq!(given.check_do_not_contact(flagged), Ok(()));
        assert_eq!(contact().check_do_not_contact(None), Ok(()));
    }

    #[test]
    fn the_reason_is_absent_from_the_json_when_none_and_old_records_still_decode() {
        let json = serde_json::to_value(contact()).unwrap();
        assert!(json.get("do_not_contact_reason").is_none(), "no reason, no field: {json}");
        let old: Contact = serde_json::from_value(json).unwrap();
        assert_eq!(old.do_not_contact_reason, None);
        let given = Contact { do_not_contact_reason: Some("Ringede selv".into()), ..contact() };
        let json = serde_json::to_value(&given).unwrap();
        assert_eq!(json["do_not_contact_reason"], "Ringede selv");
        assert_eq!(serde_json::from_value::<Contact>(json).unwrap(), given);
    }

    #[test]
    fn the_reason_has_a_length_limit() {
        let long = Contact { do_not_contact_reason: Some("x".repeat(MAX_COMMENT_CHARS + 1)), ..contact() };
        assert_eq!(
            long.validate(day(2026, 11, 23)),
            Err(vec![ContactError::DoNotContactReasonTooLong { max: MAX_COMMENT_CHARS }])
        );
    }

    #[test]
    fn a_plain_contact_is_valid() {
        assert_eq!(contact().validate(day(2026, 11, 23)), Ok(()));
    }

    #[test]
    fn a_contact_needs_a_purpose() {
        let c = Contact { purposes: vec![], ..contact() };
        assert_eq!(c.validate(day(2026, 11, 23)), Err(vec![ContactError::NoPurpose]));
    }

    #[test]
    fn a_purpose_cannot_repeat() {
        let c = Contact { purposes: vec![Purpose::Other, Purpose::Other], ..contact() };
        assert_eq!(c.validate(day(2026, 11, 23)), Err(vec![ContactError::DuplicatePurpose]));
    }

    #[test]
    fn a_contact_cannot_be_in_the_future() {
        assert_eq!(contact().validate(day(2026, 11, 19)), Err(vec![ContactError::DateInFuture]));
        assert_eq!(contact().validate(day(2026, 11, 20)), Ok(()));
    }

    #[test]
    fn notes_have_a_length_limit_in_characters_not_bytes() {
        let at_limit = Contact { notes: "æ".repeat(MAX_NOTES_CHARS), ..contact() };
        assert_eq!(at_limit.validate(day(2026, 11, 23)), Ok(()));
        let over = Contact { notes: "a".repeat(MAX_NOTES_CHARS + 1), ..contact() };
        assert_eq!(
            over.validate(day(2026, 11, 23)),
            Err(vec![ContactError::NotesTooLong { max: MAX_NOTES_CHARS }])
        );
    }

    #[test]
    fn a_follow_up_cannot_be_due_before_the_contact() {
        let early = FollowUp { due: day(2026, 11, 19), note: String::new() };
        let c = Contact { follow_up: Some(early), ..contact() };
        assert_eq!(c.validate(day(2026, 11, 23)), Err(vec![ContactError::FollowUpBeforeContact]));
        let later = FollowUp { due: day(2026, 12, 1), note: "Ring igen".into() };
        let c = Contact { follow_up: Some(later), ..contact() };
        assert_eq!(c.validate(day(2026, 11, 23)), Ok(()));
    }

    #[test]
    fn all_errors_are_reported_at_once() {
        let c = Contact { purposes: vec![], date: day(2027, 1, 1), ..contact() };
        assert_eq!(
            c.validate(day(2026, 11, 23)),
            Err(vec![ContactError::NoPurpose, ContactError::DateInFuture])
        );
    }

    #[test]
    fn kinds_and_purposes_round_trip_through_text() {
        for kind in ContactKind::ALL {
            assert_eq!(ContactKind::parse(kind.as_str()), Some(kind));
        }
        for purpose in Purpose::ALL {
            assert_eq!(Purpose::parse(purpose.as_str()), Some(purpose));
            assert_eq!(serde_json::to_string(&purpose).unwrap(), format!("\"{}\"", purpose.as_str()));
        }
    }

    #[test]
    fn flag_history_entries_keep_their_json_shape() {
        let event = DoNotContactEvent {
            action: FlagAction::Lifted,
            reason: None,
            user_id: Uuid::nil(),
            seq: Some(7),
            at: DateTime::from_timestamp(1_790_000_000, 0).expect("valid"),
            requested_by: None,
            units: vec![],
        };
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            serde_json::json!({
                "action": "lifted",
                "reason": null,
                "user_id": "00000000-0000-0000-0000-000000000000",
                "seq": 7,
                "at": "2026-09-21T14:13:20Z"
            })
        );
        let set = DoNotContactEvent {
            action: FlagAction::Set,
            reason: Some("For mange opkald".into()),
            requested_by: Some("Direktør Lis Holm".into()),
            units: vec![Uuid::from_u128(1)],
            ..event
        };
        assert_eq!(
            serde_json::to_value(&set).unwrap(),
            serde_json::json!({
                "action": "set",
                "reason": "For mange opkald",
                "user_id": "00000000-0000-0000-0000-000000000000",
                "seq": 7,
                "at": "2026-09-21T14:13:20Z",
                "requested_by": "Direktør Lis Holm",
                "units": ["00000000-0000-0000-0000-000000000001"]
            })
        );
        let read: DoNotContactEvent = serde_json::from_value(serde_json::json!({
            "action": "lifted", "reason": null, "user_id": "00000000-0000-0000-0000-000000000000",
            "seq": null, "at": "2026-09-21T14:13:20Z"
        }))
        .unwrap();
        assert_eq!((read.requested_by, read.units), (None, vec![]), "an entry from before reads as before");
    }

    #[test]
    fn a_request_for_named_units_holds_for_those_units_only() {
        let (jobcenter, school) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert!(flag_covers(&[], Some(school)), "no units named: every unit");
        assert!(flag_covers(&[jobcenter], Some(jobcenter)));
        assert!(!flag_covers(&[jobcenter], Some(school)));
        assert!(flag_covers(&[jobcenter], None), "a user without a unit is held to it");
    }
}
