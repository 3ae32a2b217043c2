//! What the companies answered: feedback on visits and meetings, and requests not to be
//! contacted at all.

use crate::notes::{DO_NOT_CONTACT_REASONS, feedback_comment};
use crate::pick::{DemoRng, stream, weighted_index, weighted_sample};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use kontaktpunkt_domain::feedback::{Frequency, Score, Survey, YesNo};
use kontaktpunkt_domain::{Contact, ContactKind, Cvr, DoNotContact, Feedback};
use rand::Rng;
use std::collections::{BTreeMap, BTreeSet};
use uuid::{Builder, Uuid};

/// Share of visits and meetings in the last year the company gave feedback on.
const FEEDBACK_SHARE: f64 = 0.25;
/// Days before today the feedback form's second version (the survey) came into use.
const SURVEY_SINCE_DAYS: i64 = 90;
/// Seed part of the survey answers' own random stream (see [`survey`]).
const SURVEY_STREAM: u64 = 0x5e7;
/// Fewest contacts in the last year before a company plausibly asks to be left alone.
const MIN_CONTACTS_BEFORE_REQUEST: usize = 3;

/// Chooses companies that asked not to be contacted and removes the contacts logged on or
/// after the day they asked, so the list is never broken in the demo data.
///
/// Companies with contacts from several units in one month are left out: they are the demo's
/// example of parallel contacts, which the coordinator should still find.
pub fn do_not_contact(
    rng: &mut DemoRng,
    count: usize,
    contacts: &mut Vec<Contact>,
    coordinator: Uuid,
    today: NaiveDate,
) -> Vec<DoNotContact> {
    let year_start = today - TimeDelta::days(364);
    let parallel = parallel_companies(contacts);
    let mut recent: BTreeMap<&Cvr, Vec<NaiveDate>> = BTreeMap::new();
    for contact in contacts.iter().filter(|c| c.date >= year_start) {
        recent.entry(&contact.company).or_default().push(contact.date);
    }
    let candidates: Vec<(&Cvr, &Vec<NaiveDate>)> = recent
        .iter()
        .filter(|(cvr, dates)| dates.len() >= MIN_CONTACTS_BEFORE_REQUEST && !parallel.contains(**cvr))
        .map(|(cvr, dates)| (*cvr, dates))
        .collect();
    let weights: Vec<f64> = candidates.iter().map(|(_, dates)| dates.len() as f64).collect();
    let chosen = weighted_sample(rng, &weights, count);
    // More requests than reasons repeat the reasons: companies ask for the same things.
    let list: Vec<DoNotContact> = chosen
        .into_iter()
        .zip(DO_NOT_CONTACT_REASONS.iter().cycle())
        .map(|(index, reason)| {
            let (cvr, dates) = candidates[index];
            // The request follows a contact by a few days.
            let trigger = dates[rng.random_range(0..dates.len())];
            let registered_on = (trigger + TimeDelta::days(rng.random_range(1..=10))).min(today);
            DoNotContact {
                company: cvr.clone(),
                reason: (*reason).to_owned(),
                registered_by: coordinator,
                registered_on,
                requested_by: None,
                units: vec![],
            }
        })
        .collect();
    let since: BTreeMap<Cvr, NaiveDate> = list.iter().map(|d| (d.company.clone(), d.registered_on)).collect();
    contacts.retain(|c| since.get(&c.company).is_none_or(|registered| c.date < *registered));
    list
}

/// Companies contacted by two or more units within one calendar month.
pub fn parallel_companies(contacts: &[Contact]) -> BTreeSet<Cvr> {
    let mut units: BTreeMap<(&Cvr, i32, u32), BTreeSet<Uuid>> = BTreeMap::new();
    for c in contacts {
        units.entry((&c.company, c.date.year(), c.date.month())).or_default().insert(c.unit_id);
    }
    units.into_iter().filter(|(_, u)| u.len() >= 2).map(|((cvr, _, _), _)| cvr.clone()).collect()
}

/// Feedback on about a quarter of last year's visits and meetings, given the same day.
pub fn feedback(rng: &mut DemoRng, contacts: &[Contact], today: NaiveDate) -> Vec<Feedback> {
    let year_start = today - TimeDelta::days(364);
    let mut all: Vec<Feedback> = contacts
        .iter()
        .filter(|c| c.date >= year_start && matches!(c.kind, ContactKind::Visit | ContactKind::Meeting))
        .filter_map(|contact| {
            if !rng.random_bool(FEEDBACK_SHARE) {
                return None;
            }
            // Filled in on the consultant's phone right after the visit, or later that day.
            let submitted_at = contact_time(contact.id)? + TimeDelta::minutes(rng.random_range(10..=120));
            let satisfaction = 1 + weighted_index(rng, &[3.0, 5.0, 12.0, 35.0, 45.0]) as u8;
            let relevant_share = [0.25, 0.4, 0.7, 0.92, 0.97][usize::from(satisfaction - 1)];
            let mut random = [0u8; 10];
            rng.fill(&mut random);
            let millis = u64::try_from(submitted_at.timestamp_millis()).ok()?;
            let id = Builder::from_unix_timestamp_millis(millis, &random).into_uuid();
            let relevant = rng.random_bool(relevant_share);
            let comment = feedback_comment(rng, satisfaction);
            let mut feedback = Feedback {
                id,
                contact_id: contact.id,
                company: contact.company.clone(),
                submitted_at,
                satisfaction,
                relevant,
                comment,
                questions: kontaktpunkt_domain::feedback::FIRST_QUESTIONS,
                survey: None,
            };
            if contact.date > today - TimeDelta::days(SURVEY_SINCE_DAYS) {
                let survey = survey(id, satisfaction, relevant);
                feedback = Feedback::current(
                    id,
                    contact.id,
                    contact.company.clone(),
                    submitted_at,
                    satisfaction,
                    feedback.comment,
                    survey,
                );
            }
            Some(feedback)
        })
        .collect();
    all.sort_by_key(|f| f.id);
    all
}

/// Answers to the survey (questions version 2), drawn from a stream of the feedback's own so
/// the rest of the demo stays as it was before the survey existed. Happier companies answer
/// higher; some leave questions unanswered.
fn survey(id: Uuid, satisfaction: u8, relevant: bool) -> Survey {
    let (high, low) = id.as_u64_pair();
    let mut rng = stream(high ^ low, SURVEY_STREAM);
    let score = |rng: &mut DemoRng| {
        if rng.random_bool(0.1) {
            return Score::NoAnswer;
        }
        let around = i32::from(satisfaction) + rng.random_range(-1..=1);
        Score::Rated(u8::try_from(around.clamp(1, 5)).unwrap_or(3))
    };
    let one_organisation = score(&mut rng);
    let dialogue = score(&mut rng);
    let labour_help = if rng.random_bool(0.4) { Score::NotRelevant } else { score(&mut rng) };
    let frequency = match weighted_index(&mut rng, &[1.0, 6.0, 2.0, 1.0]) {
        0 => Frequency::TooOften,
        1 => Frequency::AboutRight,
        2 => Frequency::TooRarely,
        _ => Frequency::NoAnswer,
    };
    let relevant = if rng.random_bool(0.08) {
        YesNo::NoAnswer
    } else if relevant {
        YesNo::Yes
    } else {
        YesNo::No
    };
    let may_contact = [YesNo::Yes, YesNo::No, YesNo::NoAnswer][weighted_index(&mut rng, &[6.0, 3.0, 1.0])];
    Survey { relevant, one_organisation, frequency, dialogue, labour_help, may_contact }
}

/// The moment a contact was logged, as its UUIDv7 records it.
fn contact_time(id: Uuid) -> Option<DateTime<Utc>> {
    let (seconds, nanos) = id.get_timestamp()?.to_unix();
    DateTime::from_timestamp(i64::try_from(seconds).ok()?, nanos)
}
