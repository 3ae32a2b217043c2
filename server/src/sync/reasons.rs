//! Why a pushed mutation is refused: stable codes with Danish and English texts.
//!
//! Codes are part of the protocol (devices may act on them); texts are shown to the user.

use kontaktpunkt_domain::contact_person::{ContactPersonError, MAX_CONTACT_PERSONS, MAX_PERSON_FIELD_CHARS};
use kontaktpunkt_domain::sync::Reason;
use kontaktpunkt_domain::{ContactError, CvrError, FeedbackError};

fn reason(code: &str, da: impl Into<String>, en: impl Into<String>) -> Reason {
    Reason { code: code.to_owned(), da: da.into(), en: en.into() }
}

/// The mutation is not JSON of a v1 mutation.
pub fn malformed(detail: &str) -> Reason {
    reason(
        "malformed",
        "Ændringen kunne ikke læses af serveren. Opdatér appen.",
        format!("The server could not read this change ({detail}). Update the app."),
    )
}

pub fn invalid_cvr(error: &CvrError) -> Reason {
    reason("invalid_cvr", format!("Ugyldigt CVR-nummer ({error})."), format!("Invalid CVR number: {error}."))
}

pub fn unknown_company() -> Reason {
    reason("unknown_company", "Virksomheden findes ikke i registret.", "The company is not in the register.")
}

pub fn unknown_unit() -> Reason {
    reason("unknown_unit", "En af de valgte enheder findes ikke.", "One of the chosen units does not exist.")
}

pub fn id_in_use() -> Reason {
    reason(
        "id_in_use",
        "Ændringens id er allerede brugt af en anden bruger.",
        "The change's id is already used by another user.",
    )
}

pub fn not_own_contact() -> Reason {
    reason(
        "not_author",
        "Kun den, der registrerede kontakten, kan ændre eller slette den.",
        "Only the author of a contact may change or delete it.",
    )
}

/// A follow-up of someone else's contact, by a user who is not a coordinator of its unit.
pub fn not_own_follow_up() -> Reason {
    reason(
        "not_author",
        "Kun den, der registrerede kontakten, eller en koordinator i samme enhed kan afslutte opfølgningen.",
        "Only the author of the contact or a coordinator of its unit may complete the follow-up.",
    )
}

/// Feedback on a contact another unit made.
pub fn not_own_unit() -> Reason {
    reason(
        "not_own_unit",
        "Tilbagemeldinger kan kun registreres på kontakter fra din egen enhed.",
        "Feedback can only be recorded on contacts of your own unit.",
    )
}

/// Lifting a do-not-contact flag is for coordinators and admins.
pub fn may_not_lift_flag() -> Reason {
    reason(
        "not_coordinator",
        "Kun en koordinator eller administrator kan ophæve, at virksomheden har frabedt sig kontakt.",
        "Only a coordinator or admin may lift a do-not-contact flag.",
    )
}

/// A new contact on a company that asked not to be contacted, without the reason it was
/// made anyway.
pub fn do_not_contact_reason_missing() -> Reason {
    reason(
        "do_not_contact",
        "Virksomheden har frabedt sig kontakt. Bekræft kontakten, og skriv hvorfor den alligevel var \
         nødvendig (fx at virksomheden selv ringede).",
        "The company has asked not to be contacted. Confirm the contact and say why it was needed \
         anyway (e.g. the company called us).",
    )
}

/// The mutation id was used before for a different change.
pub fn id_reused() -> Reason {
    reason(
        "id_reused",
        "Ændringens id er allerede brugt til en anden ændring. Opdatér appen.",
        "The change's id was already used for a different change. Update the app.",
    )
}

pub fn wrong_author() -> Reason {
    reason(
        "wrong_author",
        "Kontakten skal være registreret af dig selv.",
        "A contact must be recorded by the user who pushes it.",
    )
}

pub fn wrong_unit() -> Reason {
    reason("wrong_unit", "Kontakten skal høre til din egen enhed.", "A contact must belong to your own unit.")
}

pub fn unknown_contact() -> Reason {
    reason("unknown_contact", "Kontakten findes ikke (længere).", "The contact does not exist (any more).")
}

pub fn contact_exists() -> Reason {
    reason(
        "contact_exists",
        "En kontakt med dette id findes allerede.",
        "A contact with this id already exists.",
    )
}

pub fn feedback_exists() -> Reason {
    reason(
        "feedback_exists",
        "En tilbagemelding med dette id findes allerede.",
        "Feedback with this id already exists.",
    )
}

pub fn contact_has_feedback_already() -> Reason {
    reason(
        "feedback_given",
        "Virksomheden har allerede givet tilbagemelding på denne kontakt.",
        "The company has already given feedback on this contact.",
    )
}

pub fn company_mismatch() -> Reason {
    reason(
        "company_mismatch",
        "Tilbagemeldingen gælder en anden virksomhed end kontakten.",
        "The feedback names another company than its contact.",
    )
}

pub fn contact_has_feedback() -> Reason {
    reason(
        "contact_has_feedback",
        "Kontakten har en tilbagemelding fra virksomheden og kan ikke slettes.",
        "The contact has feedback from the company and cannot be deleted.",
    )
}

pub fn no_follow_up() -> Reason {
    reason("no_follow_up", "Kontakten har ingen opfølgning.", "The contact has no follow-up.")
}

pub fn date_in_future() -> Reason {
    reason("date_in_future", "Datoen ligger i fremtiden.", "The date is in the future.")
}

/// A planned contact the server does not know (or whose plan is gone).
pub fn unknown_planned_contact() -> Reason {
    reason(
        "unknown_planned_contact",
        "Den planlagte kontakt findes ikke (længere).",
        "The planned contact does not exist (any more).",
    )
}

/// Only the consultant a planned contact is assigned to answers it.
pub fn not_your_planned_contact() -> Reason {
    reason(
        "not_your_planned_contact",
        "Kun den konsulent, den planlagte kontakt er tildelt, kan acceptere eller afvise den.",
        "Only the consultant a planned contact is assigned to may accept or decline it.",
    )
}

/// The plan is still a draft: nothing to answer yet.
pub fn plan_not_published() -> Reason {
    reason(
        "plan_not_published",
        "Kontaktplanen er ikke offentliggjort endnu.",
        "The contact plan is not published yet.",
    )
}

pub fn too_long(what_da: &str, what_en: &str, max: usize) -> Reason {
    reason(
        "too_long",
        format!("{what_da} er længere end {max} tegn."),
        format!("The {what_en} is longer than {max} characters."),
    )
}

pub fn invalid_fields(da: &str, en: &str) -> Reason {
    reason("invalid_fields", da, en)
}

/// A contact-person list that breaks the rules; `None`: the value is not such a list at all.
pub fn invalid_contact_persons(error: Option<&ContactPersonError>) -> Reason {
    let Some(error) = error else {
        return invalid_fields(
            "Kontaktpersonerne kunne ikke læses.",
            "The contact persons could not be read.",
        );
    };
    let da = match *error {
        ContactPersonError::TooMany => format!("Der kan højst være {MAX_CONTACT_PERSONS} kontaktpersoner."),
        ContactPersonError::MissingName { person } => {
            format!("Kontaktperson {} mangler et navn.", person + 1)
        }
        ContactPersonError::TooLong { person } => {
            format!("Et felt hos kontaktperson {} er længere end {MAX_PERSON_FIELD_CHARS} tegn.", person + 1)
        }
        ContactPersonError::InvalidPhone { person } => {
            format!("Kontaktperson {} har et ugyldigt telefonnummer.", person + 1)
        }
        ContactPersonError::InvalidEmail { person } => {
            format!("Kontaktperson {} har en ugyldig e-mailadresse.", person + 1)
        }
        ContactPersonError::DuplicateName { person } => {
            format!("Kontaktperson {} har samme navn som en anden.", person + 1)
        }
    };
    invalid_fields(&da, &capitalised(&format!("{error}.")))
}

/// The first error gives the code; the texts name every problem.
pub fn invalid_contact(errors: &[ContactError]) -> Reason {
    let (code, _) = contact_error(errors.first());
    let da: Vec<&str> = errors.iter().map(|e| contact_error(Some(e)).1).collect();
    let en: Vec<String> = errors.iter().map(ToString::to_string).collect();
    reason(code, da.join(" "), capitalised(&en.join("; ")))
}

fn contact_error(error: Option<&ContactError>) -> (&'static str, &'static str) {
    match error {
        Some(ContactError::NoPurpose) => ("no_purpose", "Vælg mindst ét formål."),
        Some(ContactError::DuplicatePurpose) => ("duplicate_purpose", "Det samme formål er valgt to gange."),
        Some(ContactError::DateInFuture) => ("date_in_future", "Kontaktens dato ligger i fremtiden."),
        Some(ContactError::NotesTooLong { .. }) => ("too_long", "Noterne er for lange."),
        Some(ContactError::FollowUpBeforeContact) => {
            ("follow_up_before_contact", "Opfølgningen ligger før kontakten.")
        }
        Some(ContactError::FollowUpNoteTooLong { .. }) => ("too_long", "Opfølgningens note er for lang."),
        Some(ContactError::DoNotContactReasonTooLong { .. }) => {
            ("too_long", "Begrundelsen for kontakten trods frabedt kontakt er for lang.")
        }
        None => ("invalid_contact", "Kontakten er ugyldig."),
    }
}

pub fn invalid_feedback(errors: &[FeedbackError]) -> Reason {
    let code = match errors.first() {
        Some(FeedbackError::SatisfactionOutOfRange) => "satisfaction_out_of_range",
        Some(FeedbackError::CommentTooLong { .. }) => "too_long",
        Some(FeedbackError::QuestionsMismatch) => "questions_mismatch",
        Some(FeedbackError::ScoreOutOfRange) => "score_out_of_range",
        None => "invalid_feedback",
    };
    let da: Vec<&str> = errors
        .iter()
        .map(|e| match e {
            FeedbackError::SatisfactionOutOfRange => "Tilfredsheden skal være mellem 1 og 5.",
            FeedbackError::CommentTooLong { .. } => "Kommentaren er for lang.",
            FeedbackError::QuestionsMismatch => "Svarene passer ikke til spørgeskemaets version.",
            FeedbackError::ScoreOutOfRange => "En vurdering skal være mellem 1 og 5.",
        })
        .collect();
    let en: Vec<String> = errors.iter().map(ToString::to_string).collect();
    reason(code, da.join(" "), capitalised(&en.join("; ")))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_reasons_take_the_first_code_and_list_every_problem() {
        let r = invalid_contact(&[ContactError::NoPurpose, ContactError::DateInFuture]);
        assert_eq!(r.code, "no_purpose");
        assert_eq!(r.da, "Vælg mindst ét formål. Kontaktens dato ligger i fremtiden.");
        assert_eq!(r.en, "Choose at least one purpose; the contact date is in the future.");
    }
}
