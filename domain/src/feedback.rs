//! The company's feedback on one contact, given on the consultant's phone, and the versioned
//! questions it answers.
//!
//! Every answer stores the version of the questions it was given, so a later change of the
//! questions never mixes unlike answers in the coordinator's figures:
//! - **Version 1** (the first form): satisfaction 1–5, "did the contact make sense" as a
//!   checkbox (so "no answer" could not be told from "no"), a comment.
//! - **Version 2**: modelled on the themes of the national business-climate survey (DI's
//!   "Lokal Erhvervsvenlighed"): satisfaction with this contact 1–5, the contact's relevance,
//!   the municipality as one coordinated organisation 1–5, contact frequency, dialogue and
//!   information 1–5, the jobcenter's help with labour 1–5 or not relevant, what the
//!   municipality could do better (the comment), and whether we may contact them about the
//!   answers. Every choice except satisfaction can be left unanswered ("ønsker ikke at svare").

use crate::contact::MAX_COMMENT_CHARS;
use crate::cvr::Cvr;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The first form's version; records made before versions existed carry it implicitly.
pub const FIRST_QUESTIONS: u16 = 1;
/// The questions the app gives today.
pub const CURRENT_QUESTIONS: u16 = 2;

/// A yes/no question's answer, where not answering is an explicit choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    Yes,
    No,
    /// "Ønsker ikke at svare", or left blank.
    NoAnswer,
}

impl YesNo {
    pub const ALL: [Self; 3] = [Self::Yes, Self::No, Self::NoAnswer];

    /// `Some(true)` for yes, `Some(false)` for no, `None` when not answered.
    pub fn as_bool(self) -> Option<bool> {
        match self {
            Self::Yes => Some(true),
            Self::No => Some(false),
            Self::NoAnswer => None,
        }
    }
}

/// How often the municipality contacts the company, as the company sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    TooOften,
    AboutRight,
    TooRarely,
    NoAnswer,
}

impl Frequency {
    pub const ALL: [Self; 4] = [Self::TooOften, Self::AboutRight, Self::TooRarely, Self::NoAnswer];
}

/// A 1–5 question's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Score {
    /// 1 (very poor) … 5 (very good).
    Rated(u8),
    /// Offered only where a question may not apply (the jobcenter's help with labour).
    NotRelevant,
    NoAnswer,
}

impl Score {
    /// The score when one was given.
    pub fn rated(self) -> Option<u8> {
        match self {
            Self::Rated(n) => Some(n),
            Self::NotRelevant | Self::NoAnswer => None,
        }
    }
}

/// Version 2's answers beyond satisfaction and the comment, which every version has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Survey {
    /// Did the contact make sense for the company?
    pub relevant: YesNo,
    /// Does the company experience the municipality as one coordinated organisation?
    pub one_organisation: Score,
    pub frequency: Frequency,
    /// Dialogue and information from the municipality.
    pub dialogue: Score,
    /// The jobcenter's help with finding labour (may be not relevant).
    pub labour_help: Score,
    /// May the municipality contact the company about its answers?
    pub may_contact: YesNo,
}

impl Default for Survey {
    fn default() -> Self {
        Self {
            relevant: YesNo::NoAnswer,
            one_organisation: Score::NoAnswer,
            frequency: Frequency::NoAnswer,
            dialogue: Score::NoAnswer,
            labour_help: Score::NoAnswer,
            may_contact: YesNo::NoAnswer,
        }
    }
}

/// The company's own answer to the feedback form. One per contact (the server refuses a
/// second).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Feedback {
    pub id: Uuid,
    /// The contact the feedback is about.
    pub contact_id: Uuid,
    pub company: Cvr,
    pub submitted_at: DateTime<Utc>,
    /// Satisfaction with this contact: 1 (very dissatisfied) … 5 (very satisfied).
    pub satisfaction: u8,
    /// Version 1's "did the contact make sense" checkbox. From version 2 on it is `true` only
    /// when [`Survey::relevant`] is yes, so readers that know only version 1 never count an
    /// unanswered question as "relevant"; use [`Feedback::relevance`] to read it.
    pub relevant: bool,
    /// Version 1: a free comment; version 2: "what could the municipality do better?".
    pub comment: String,
    /// The version of the questions the company was given.
    #[serde(default = "first_questions")]
    pub questions: u16,
    /// Version 2's further answers; absent for version 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<Survey>,
}

fn first_questions() -> u16 {
    FIRST_QUESTIONS
}

/// Why feedback cannot be saved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedbackError {
    #[error("satisfaction must be between 1 and 5")]
    SatisfactionOutOfRange,
    #[error("the comment is longer than {max} characters")]
    CommentTooLong { max: usize },
    #[error("the answers do not fit the version of the questions they name")]
    QuestionsMismatch,
    #[error("a score must be between 1 and 5")]
    ScoreOutOfRange,
}

impl Feedback {
    /// Version 2 feedback with its survey; `relevant` follows the survey's answer.
    pub fn current(
        id: Uuid,
        contact_id: Uuid,
        company: Cvr,
        submitted_at: DateTime<Utc>,
        satisfaction: u8,
        comment: String,
        survey: Survey,
    ) -> Self {
        Self {
            id,
            contact_id,
            company,
            submitted_at,
            satisfaction,
            relevant: survey.relevant == YesNo::Yes,
            comment,
            questions: CURRENT_QUESTIONS,
            survey: Some(survey),
        }
    }

    /// Whether the company found the contact relevant: `None` when it did not answer
    /// (possible from version 2 on).
    pub fn relevance(&self) -> Option<bool> {
        match &self.survey {
            Some(survey) => survey.relevant.as_bool(),
            None => Some(self.relevant),
        }
    }

    pub fn validate(&self) -> Result<(), Vec<FeedbackError>> {
        let mut errors = Vec::new();
        if !(1..=5).contains(&self.satisfaction) {
            errors.push(FeedbackError::SatisfactionOutOfRange);
        }
        if self.comment.chars().count() > MAX_COMMENT_CHARS {
            errors.push(FeedbackError::CommentTooLong { max: MAX_COMMENT_CHARS });
        }
        match (self.questions, &self.survey) {
            (FIRST_QUESTIONS, None) => {}
            (CURRENT_QUESTIONS, Some(survey)) => {
                if self.relevant != (survey.relevant == YesNo::Yes) {
                    errors.push(FeedbackError::QuestionsMismatch);
                }
                let scores = [survey.one_organisation, survey.dialogue, survey.labour_help];
                if scores.iter().any(|s| s.rated().is_some_and(|n| !(1..=5).contains(&n))) {
                    errors.push(FeedbackError::ScoreOutOfRange);
                }
                // "Not relevant" is offered only for the jobcenter's help.
                if [survey.one_organisation, survey.dialogue].contains(&Score::NotRelevant) {
                    errors.push(FeedbackError::QuestionsMismatch);
                }
            }
            _ => errors.push(FeedbackError::QuestionsMismatch),
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(satisfaction: u8, comment: &str) -> Feedback {
        Feedback {
            id: Uuid::nil(),
            contact_id: Uuid::nil(),
            company: Cvr::parse("25052943").expect("valid"),
            submitted_at: DateTime::from_timestamp(1_790_000_000, 0).expect("valid"),
            satisfaction,
            relevant: true,
            comment: comment.into(),
            questions: FIRST_QUESTIONS,
            survey: None,
        }
    }

    fn current(survey: Survey) -> Feedback {
        let base = first(4, "Færre skemaer");
        Feedback::current(base.id, base.contact_id, base.company, base.submitted_at, 4, base.comment, survey)
    }

    #[test]
    fn satisfaction_is_one_to_five() {
        assert_eq!(first(1, "").validate(), Ok(()));
        assert_eq!(first(5, "").validate(), Ok(()));
        assert_eq!(first(0, "").validate(), Err(vec![FeedbackError::SatisfactionOutOfRange]));
        assert_eq!(first(6, "").validate(), Err(vec![FeedbackError::SatisfactionOutOfRange]));
    }

    #[test]
    fn comments_have_a_length_limit() {
        let long = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            first(3, &long).validate(),
            Err(vec![FeedbackError::CommentTooLong { max: MAX_COMMENT_CHARS }])
        );
    }

    #[test]
    fn a_record_without_a_version_is_the_first_form() {
        let json = serde_json::json!({
            "id": Uuid::nil(), "contact_id": Uuid::nil(), "company": "25052943",
            "submitted_at": "2026-09-21T14:13:20Z", "satisfaction": 3, "relevant": false, "comment": ""
        });
        let feedback: Feedback = serde_json::from_value(json).expect("a version 1 record");
        assert_eq!(feedback.questions, FIRST_QUESTIONS);
        assert_eq!(feedback.survey, None);
        assert_eq!(feedback.relevance(), Some(false));
        assert_eq!(feedback.validate(), Ok(()));
        // Version 1 records keep their exact shape on the wire.
        assert_eq!(serde_json::to_value(first(3, "")).unwrap().get("survey"), None);
    }

    #[test]
    fn an_unanswered_relevance_is_neither_yes_nor_no() {
        let feedback = current(Survey::default());
        assert_eq!(feedback.relevance(), None);
        assert!(!feedback.relevant, "version 1 readers must not count it as relevant");
        assert_eq!(feedback.validate(), Ok(()));
        let yes = current(Survey { relevant: YesNo::Yes, ..Survey::default() });
        assert_eq!((yes.relevance(), yes.relevant), (Some(true), true));
        let no = current(Survey { relevant: YesNo::No, ..Survey::default() });
        assert_eq!((no.relevance(), no.relevant), (Some(false), false));
    }

    #[test]
    fn version_two_answers_round_trip_through_json() {
        let survey = Survey {
            relevant: YesNo::Yes,
            one_organisation: Score::Rated(2),
            frequency: Frequency::TooRarely,
            dialogue: Score::NoAnswer,
            labour_help: Score::NotRelevant,
            may_contact: YesNo::No,
        };
        let feedback = current(survey);
        let json = serde_json::to_value(&feedback).unwrap();
        assert_eq!(json["questions"], 2);
        assert_eq!(json["survey"]["one_organisation"], serde_json::json!({ "rated": 2 }));
        assert_eq!(json["survey"]["labour_help"], "not_relevant");
        assert_eq!(json["survey"]["frequency"], "too_rarely");
        let back: Feedback = serde_json::from_value(json).unwrap();
        assert_eq!(back, feedback);
    }

    #[test]
    fn answers_must_fit_their_version() {
        let mut no_survey = current(Survey::default());
        no_survey.survey = None;
        assert_eq!(no_survey.validate(), Err(vec![FeedbackError::QuestionsMismatch]));

        let mut unknown = first(3, "");
        unknown.questions = 9;
        assert_eq!(unknown.validate(), Err(vec![FeedbackError::QuestionsMismatch]));

        let mut claims_relevant = current(Survey::default());
        claims_relevant.relevant = true;
        assert_eq!(claims_relevant.validate(), Err(vec![FeedbackError::QuestionsMismatch]));

        let out_of_range = current(Survey { dialogue: Score::Rated(6), ..Survey::default() });
        assert_eq!(out_of_range.validate(), Err(vec![FeedbackError::ScoreOutOfRange]));

        let not_relevant = current(Survey { one_organisation: Score::NotRelevant, ..Survey::default() });
        assert_eq!(not_relevant.validate(), Err(vec![FeedbackError::QuestionsMismatch]));
        let labour = current(Survey { labour_help: Score::NotRelevant, ..Survey::default() });
        assert_eq!(labour.validate(), Ok(()));
    }
}
