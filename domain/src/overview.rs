//! The coordinator's overview: (A) parallel contacts, (B) companies not contacted for long,
//! (C) coverage by industry group and area, and the feedback aggregates.
//!
//! Pure functions over plain facts (callers pass `today` and the period); the server computes
//! the desk endpoints with them and the app can compute the same views from its local store.

use crate::company::EmployeeInterval;
use crate::contact::ContactKind;
use crate::cvr::Cvr;
use crate::feedback::{Feedback, Frequency, Survey};
use crate::reference::{INDUSTRY_GROUPS, UNKNOWN_INDUSTRY_GROUP, industry_group_of_section};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// Default window of (A): contacts by different units this many days apart are parallel.
pub const DEFAULT_PARALLEL_DAYS: i64 = 30;
/// Default of (B): a company not contacted for this many months is "not contacted for long".
pub const DEFAULT_STALE_MONTHS: u32 = 12;
/// (C): a group is far below when its share is under this fraction of the municipality's share.
pub const FAR_BELOW_FRACTION: f64 = 0.5;

/// One contact as the overview sees it: no notes, only who, when and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactFact {
    pub company: Cvr,
    pub unit_id: Uuid,
    pub user_id: Uuid,
    pub date: NaiveDate,
    pub kind: ContactKind,
    /// A planned contact (from the contact plan) rather than a logged one; it counts too.
    #[serde(default)]
    pub planned: bool,
}

/// (A) A company contacted by two or more different units within the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ParallelCase {
    pub company: Cvr,
    /// The distinct units involved, sorted.
    pub units: Vec<Uuid>,
    /// The contacts that are parallel to another unit's contact, oldest first.
    pub contacts: Vec<ContactFact>,
}

/// Companies with contacts in `from..=to` by two or more different units whose dates lie at
/// most `window_days` apart. Same unit twice is not parallel. Sorted by CVR number.
pub fn parallel_cases(
    contacts: &[ContactFact],
    from: NaiveDate,
    to: NaiveDate,
    window_days: i64,
) -> Vec<ParallelCase> {
    let mut by_company: BTreeMap<&Cvr, Vec<&ContactFact>> = BTreeMap::new();
    for contact in contacts.iter().filter(|c| c.date >= from && c.date <= to) {
        by_company.entry(&contact.company).or_default().push(contact);
    }
    let mut cases = Vec::new();
    for (company, mut list) in by_company {
        list.sort_by_key(|c| (c.date, c.unit_id));
        let mut parallel = vec![false; list.len()];
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                if (list[j].date - list[i].date).num_days() > window_days {
                    break;
                }
                if list[i].unit_id != list[j].unit_id {
                    parallel[i] = true;
                    parallel[j] = true;
                }
            }
        }
        let chosen: Vec<ContactFact> =
            list.iter().zip(&parallel).filter(|(_, p)| **p).map(|(c, _)| (*c).clone()).collect();
        if chosen.is_empty() {
            continue;
        }
        let units: BTreeSet<Uuid> = chosen.iter().map(|c| c.unit_id).collect();
        cases.push(ParallelCase {
            company: company.clone(),
            units: units.into_iter().collect(),
            contacts: chosen,
        });
    }
    cases
}

/// A count for one calendar month ("2026-11").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCount {
    pub month: String,
    pub count: u64,
}

/// The month key of a date ("2026-11").
pub fn month_key(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// (A) trend: per calendar month from `from` to `to` (both included, every month listed), how
/// many companies had contacts from two or more different units within that month.
pub fn parallel_by_month(contacts: &[ContactFact], from: NaiveDate, to: NaiveDate) -> Vec<MonthCount> {
    let mut units: HashMap<(String, &Cvr), HashSet<Uuid>> = HashMap::new();
    for contact in contacts.iter().filter(|c| c.date >= from && c.date <= to) {
        units.entry((month_key(contact.date), &contact.company)).or_default().insert(contact.unit_id);
    }
    let mut counts: BTreeMap<String, u64> = months_between(from, to).into_iter().map(|m| (m, 0)).collect();
    for ((month, _), set) in units {
        if set.len() >= 2 {
            *counts.entry(month).or_default() += 1;
        }
    }
    counts.into_iter().map(|(month, count)| MonthCount { month, count }).collect()
}

/// Every month key from `from`'s month to `to`'s month.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut months = Vec::new();
    let mut day = from.with_day(1).unwrap_or(from);
    while day <= to {
        months.push(month_key(day));
        match day.checked_add_months(Months::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    months
}

/// A company as the overview sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyFact {
    pub cvr: Cvr,
    pub name: String,
    pub postal_code: String,
    pub town: String,
    /// Six-digit DB07 code.
    pub industry_code: String,
    pub employees: EmployeeInterval,
    /// False for ceased companies: never counted as forgotten nor in the population.
    pub active: bool,
}

/// The DB07 section letter of a six-digit (or two-digit-prefixed) DB07 code, from its division.
/// DB07's own "uoplyst" code (999999) is section X, which maps to group 11.
pub fn db07_section(code: &str) -> Option<char> {
    if code.starts_with("9999") {
        return Some('X');
    }
    let division: u8 = code.get(..2)?.parse().ok()?;
    Some(match division {
        1..=3 => 'A',
        5..=9 => 'B',
        10..=33 => 'C',
        35 => 'D',
        36..=39 => 'E',
        41..=43 => 'F',
        45..=47 => 'G',
        49..=53 => 'H',
        55..=56 => 'I',
        58..=63 => 'J',
        64..=66 => 'K',
        68 => 'L',
        69..=75 => 'M',
        77..=82 => 'N',
        84 => 'O',
        85 => 'P',
        86..=88 => 'Q',
        90..=93 => 'R',
        94..=96 => 'S',
        97..=98 => 'T',
        99 => 'U',
        _ => return None,
    })
}

/// The 10-group number of a DB07 code (11 "Uoplyst" when the code has no known section).
pub fn industry_group_of_code(code: &str) -> u8 {
    db07_section(code).map_or(UNKNOWN_INDUSTRY_GROUP, industry_group_of_section)
}

/// Filters of (B); `None` means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaleFilter {
    /// Only these employee intervals.
    pub employees: Option<Vec<EmployeeInterval>>,
    /// Only this industry group (1–11).
    pub industry_group: Option<u8>,
    /// Only this postal code.
    pub postal_code: Option<String>,
}

/// (B) An active company without any contact since the cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaleCompany {
    pub cvr: Cvr,
    pub name: String,
    pub postal_code: String,
    pub town: String,
    pub industry_code: String,
    pub industry_group: u8,
    pub employees: EmployeeInterval,
    /// The last contact ever; `None` when never contacted.
    pub last_contact: Option<NaiveDate>,
}

/// (B) Active companies whose last contact is more than `months` months before `today`
/// (contacted on the cut-off day itself is not stale), never-contacted included; ceased
/// companies never. Never-contacted first, then oldest last contact first, then CVR.
pub fn stale_companies(
    companies: &[CompanyFact],
    last_contact: &HashMap<Cvr, NaiveDate>,
    today: NaiveDate,
    months: u32,
    filter: &StaleFilter,
) -> Vec<StaleCompany> {
    let cutoff = today.checked_sub_months(Months::new(months)).unwrap_or(NaiveDate::MIN);
    let mut stale: Vec<StaleCompany> = companies
        .iter()
        .filter(|c| c.active)
        .filter(|c| filter.employees.as_ref().is_none_or(|e| e.contains(&c.employees)))
        .filter(|c| filter.industry_group.is_none_or(|g| industry_group_of_code(&c.industry_code) == g))
        .filter(|c| filter.postal_code.as_ref().is_none_or(|p| *p == c.postal_code))
        .filter_map(|c| {
            let last = last_contact.get(&c.cvr).copied();
            if last.is_some_and(|d| d >= cutoff) {
                return None;
            }
            Some(StaleCompany {
                cvr: c.cvr.clone(),
                name: c.name.clone(),
                postal_code: c.postal_code.clone(),
                town: c.town.clone(),
                industry_code: c.industry_code.clone(),
                industry_group: industry_group_of_code(&c.industry_code),
                employees: c.employees,
                last_contact: last,
            })
        })
        .collect();
    stale.sort_by(|a, b| a.last_contact.cmp(&b.last_contact).then_with(|| a.cvr.cmp(&b.cvr)));
    stale
}

/// (C) One row of coverage: a group's population and how many of it were contacted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageRow {
    /// Group number ("1"…"11"), DB07 section letter, or postal code.
    pub key: String,
    /// Group name, section letter, or town.
    pub label: String,
    /// Active companies in the group.
    pub population: u64,
    /// Of those, contacted in the period.
    pub contacted: u64,
    /// `contacted / population` (0 for an empty group).
    pub share: f64,
    /// Share under [`FAR_BELOW_FRACTION`] of the municipality's share (never for an empty group).
    pub far_below: bool,
}

/// (C) Coverage of the active companies in a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    pub population: u64,
    pub contacted: u64,
    /// The municipality's share, the average groups are compared with.
    pub share: f64,
    /// By Statistics Denmark's 10 groups (+ 11 "Uoplyst"), every group listed, by number.
    pub by_industry_group: Vec<CoverageRow>,
    /// By DB07 section (drill-down), sections with companies, by letter ("?" unknown).
    pub by_section: Vec<CoverageRow>,
    /// By postal code (with its town), by code.
    pub by_area: Vec<CoverageRow>,
}

/// (C) Share of active companies contacted (any contact in the period, `contacted` holds
/// their CVR numbers) by industry group, section and postal code, against the municipality.
pub fn coverage(companies: &[CompanyFact], contacted: &HashSet<Cvr>) -> Coverage {
    let active: Vec<&CompanyFact> = companies.iter().filter(|c| c.active).collect();
    let population = active.len() as u64;
    let reached = active.iter().filter(|c| contacted.contains(&c.cvr)).count() as u64;
    let share = ratio(reached, population);
    let mut groups: BTreeMap<u8, (u64, u64)> = INDUSTRY_GROUPS.iter().map(|g| (g.0, (0, 0))).collect();
    let mut sections: BTreeMap<char, (u64, u64)> = BTreeMap::new();
    let mut areas: BTreeMap<&str, (&str, u64, u64)> = BTreeMap::new();
    for company in &active {
        let hit = u64::from(contacted.contains(&company.cvr));
        let section = db07_section(&company.industry_code);
        let group =
            groups.entry(section.map_or(UNKNOWN_INDUSTRY_GROUP, industry_group_of_section)).or_default();
        *group = (group.0 + 1, group.1 + hit);
        let sec = sections.entry(section.unwrap_or('?')).or_default();
        *sec = (sec.0 + 1, sec.1 + hit);
        let area = areas.entry(&company.postal_code).or_insert((&company.town, 0, 0));
        area.1 += 1;
        area.2 += hit;
    }
    let row = |key: String, label: String, population: u64, contacted: u64| {
        let group_share = ratio(contacted, population);
        CoverageRow {
            key,
            label,
            population,
            contacted,
            share: group_share,
            far_below: population > 0 && group_share < share * FAR_BELOW_FRACTION,
        }
    };
    let group_name = |n: u8| INDUSTRY_GROUPS.iter().find(|g| g.0 == n).map_or("", |g| g.1).to_owned();
    Coverage {
        population,
        contacted: reached,
        share,
        by_industry_group: groups
            .into_iter()
            .map(|(n, (p, c))| row(n.to_string(), group_name(n), p, c))
            .collect(),
        by_section: sections.into_iter().map(|(s, (p, c))| row(s.to_string(), s.to_string(), p, c)).collect(),
        by_area: areas
            .into_iter()
            .map(|(code, (town, p, c))| row(code.to_owned(), town.to_owned(), p, c))
            .collect(),
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 { 0.0 } else { part as f64 / whole as f64 }
}

/// What one unit did in a period: its contacts and the distinct companies they reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitActivity {
    pub unit_id: Uuid,
    /// Logged contacts in the period (planned ones are not counted here).
    pub contacts: u64,
    pub companies: u64,
}

/// Each unit's logged contacts and companies reached in `from..=to`, for every unit in
/// `units` (a unit without contacts has zeros), in the order of `units`.
pub fn unit_activity(
    contacts: &[ContactFact],
    units: &[Uuid],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<UnitActivity> {
    let mut by_unit: HashMap<Uuid, (u64, HashSet<&Cvr>)> = HashMap::new();
    for contact in contacts.iter().filter(|c| !c.planned && c.date >= from && c.date <= to) {
        let entry = by_unit.entry(contact.unit_id).or_default();
        entry.0 += 1;
        entry.1.insert(&contact.company);
    }
    units
        .iter()
        .map(|unit| {
            let (contacts, companies) = by_unit.get(unit).map_or((0, 0), |(n, set)| (*n, set.len() as u64));
            UnitActivity { unit_id: *unit, contacts, companies }
        })
        .collect()
}

/// One feedback answer as the aggregates see it (no comment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackFact {
    /// The unit of the contact the feedback is about.
    pub unit_id: Uuid,
    /// The day it was submitted.
    pub date: NaiveDate,
    /// 1–5.
    pub satisfaction: u8,
    /// `None` when the company did not answer (possible from questions version 2 on).
    pub relevant: Option<bool>,
    /// Version 2's further answers; `None` for answers to version 1.
    pub survey: Option<Survey>,
}

impl FeedbackFact {
    /// The fact of one feedback record and the unit of its contact.
    pub fn of(feedback: &Feedback, unit_id: Uuid) -> Self {
        Self {
            unit_id,
            date: feedback.submitted_at.date_naive(),
            satisfaction: feedback.satisfaction,
            relevant: feedback.relevance(),
            survey: feedback.survey,
        }
    }
}

/// Responses, average satisfaction and share "relevant" of one unit or month, and the means
/// of the questions only version 2 asks (over the answers that gave a score, so versions are
/// compared like with like).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackAggregate {
    /// Unit id or month ("2026-11"); "all" for the total.
    pub key: String,
    pub responses: u64,
    /// Mean of 1–5; `None` without responses.
    pub average_satisfaction: Option<f64>,
    /// Share answering that the contact was relevant, of those who answered the question;
    /// `None` without such answers.
    pub relevant_share: Option<f64>,
    /// Responses to questions version 2 (the ones the means below come from).
    #[serde(default)]
    pub survey_responses: u64,
    /// "One coordinated organisation", mean of 1–5.
    #[serde(default)]
    pub average_one_organisation: Option<f64>,
    /// Dialogue and information, mean of 1–5.
    #[serde(default)]
    pub average_dialogue: Option<f64>,
    /// The jobcenter's help with labour, mean of 1–5 ("not relevant" left out).
    #[serde(default)]
    pub average_labour_help: Option<f64>,
    /// Contacted too often, about right, too rarely: counts.
    #[serde(default)]
    pub frequency: [u64; 3],
}

/// The feedback aggregates of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackSummary {
    pub total: FeedbackAggregate,
    /// By unit, units with responses, by unit id.
    pub by_unit: Vec<FeedbackAggregate>,
    /// By month, every month of the period (empty months with 0 responses).
    pub by_month: Vec<FeedbackAggregate>,
}

/// Aggregates the answers submitted in `from..=to` in total, by unit and by month.
pub fn feedback_summary(answers: &[FeedbackFact], from: NaiveDate, to: NaiveDate) -> FeedbackSummary {
    /// A running mean of the answers that gave a value.
    #[derive(Default, Clone, Copy)]
    struct Mean {
        n: u64,
        sum: u64,
    }
    impl Mean {
        fn add(&mut self, value: Option<u8>) {
            if let Some(v) = value {
                self.n += 1;
                self.sum += u64::from(v);
            }
        }
        fn get(self) -> Option<f64> {
            (self.n > 0).then(|| self.sum as f64 / self.n as f64)
        }
    }
    #[derive(Default, Clone, Copy)]
    struct Acc {
        n: u64,
        satisfaction: Mean,
        relevant: Mean,
        surveys: u64,
        one_organisation: Mean,
        dialogue: Mean,
        labour_help: Mean,
        frequency: [u64; 3],
    }
    impl Acc {
        fn add(&mut self, a: &FeedbackFact) {
            self.n += 1;
            self.satisfaction.add(Some(a.satisfaction));
            self.relevant.add(a.relevant.map(u8::from));
            if let Some(survey) = &a.survey {
                self.surveys += 1;
                self.one_organisation.add(survey.one_organisation.rated());
                self.dialogue.add(survey.dialogue.rated());
                self.labour_help.add(survey.labour_help.rated());
                let slot = match survey.frequency {
                    Frequency::TooOften => Some(0),
                    Frequency::AboutRight => Some(1),
                    Frequency::TooRarely => Some(2),
                    Frequency::NoAnswer => None,
                };
                if let Some(i) = slot {
                    self.frequency[i] += 1;
                }
            }
        }
        fn finish(self, key: String) -> FeedbackAggregate {
            FeedbackAggregate {
                key,
                responses: self.n,
                average_satisfaction: self.satisfaction.get(),
                relevant_share: self.relevant.get(),
                survey_responses: self.surveys,
                average_one_organisation: self.one_organisation.get(),
                average_dialogue: self.dialogue.get(),
                average_labour_help: self.labour_help.get(),
                frequency: self.frequency,
            }
        }
    }
    let mut total = Acc::default();
    let mut by_unit: BTreeMap<Uuid, Acc> = BTreeMap::new();
    let mut by_month: BTreeMap<String, Acc> =
        months_between(from, to).into_iter().map(|m| (m, Acc::default())).collect();
    for answer in answers.iter().filter(|a| a.date >= from && a.date <= to) {
        total.add(answer);
        by_unit.entry(answer.unit_id).or_default().add(answer);
        by_month.entry(month_key(answer.date)).or_default().add(answer);
    }
    FeedbackSummary {
        total: total.finish("all".to_owned()),
        by_unit: by_unit.into_iter().map(|(u, a)| a.finish(u.to_string())).collect(),
        by_month: by_month.into_iter().map(|(m, a)| a.finish(m)).collect(),
    }
}

#[cfg(test)]
mod tests;
