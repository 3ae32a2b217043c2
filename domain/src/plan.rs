//! The contact plan (kontaktplan): who should contact which companies in a month or quarter.
//!
//! [`suggest`] is a pure rule over plain facts (callers pass `today` and the period): it ranks
//! the companies that deserve a contact and assigns each to a unit and consultant, within a
//! capacity per consultant. The same facts always give the same plan (ties by CVR number, unit
//! and user id). Every suggestion carries structured [`PlanReason`]s that the app words in
//! Danish or English; [`reasons_da`] and [`reasons_en`] do the same for the server's CSV.
//!
//! Priority (the `score`): time since the last contact (never contacted highest), company size
//! (employee interval), an under-covered industry group ([`crate::overview::coverage`]'s
//! `far_below`), an open follow-up. Never a do-not-contact company, never a ceased one; a company
//! contacted in the last [`DEFAULT_RECENT_DAYS`] days or with a planned contact is skipped.
//!
//! Assignment, in order: the company's key account manager; else the unit with the most past
//! contacts with the company (an existing relationship); else the unit with the most contacts in
//! the company's industry group (its focus); else whoever has the lightest load. Within a unit
//! the least-loaded consultant; nobody above capacity (a balanced workload).

use crate::EmployeeInterval;
use crate::cvr::Cvr;
use crate::overview::{CompanyFact, ContactFact, Coverage, industry_group_of_code};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// A company contacted this recently (days before `today`) is not suggested.
pub const DEFAULT_RECENT_DAYS: i64 = 90;
/// Suggestions per consultant when the coordinator names no capacity.
pub const DEFAULT_CAPACITY: u32 = 10;
/// Most suggestions one consultant may get in one plan.
pub const MAX_CAPACITY: u32 = 200;
/// Longest plan period in days (a quarter, with room for 31-day months).
pub const MAX_PERIOD_DAYS: i64 = 92;
/// Longest answer (why a planned contact is declined), in characters.
pub const MAX_ANSWER_CHARS: usize = 500;

/// Points of the priority score.
const NEVER_CONTACTED_POINTS: u32 = 40;
const MAX_MONTH_POINTS: u32 = 36;
const UNDER_COVERED_POINTS: u32 = 10;
const OPEN_FOLLOW_UP_POINTS: u32 = 15;

/// A consultant who can be given planned contacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consultant {
    pub user_id: Uuid,
    pub unit_id: Uuid,
}

/// Everything the rule reads, as plain facts.
#[derive(Debug, Clone, Default)]
pub struct PlanFacts {
    /// Every company, active and ceased.
    pub companies: Vec<CompanyFact>,
    /// Logged contacts (any date: the history gives relationships and focus) and planned ones
    /// (`planned`, dated at their plan's first day).
    pub contacts: Vec<ContactFact>,
    /// Companies that asked not to be contacted.
    pub do_not_contact: HashSet<Cvr>,
    /// Company → its key account manager's user id.
    pub key_accounts: HashMap<Cvr, Uuid>,
    /// Companies with a follow-up that is not done.
    pub open_follow_ups: HashSet<Cvr>,
    /// Who may be assigned.
    pub consultants: Vec<Consultant>,
    /// Industry groups (1–11) far below the municipality's coverage ([`under_covered_groups`]).
    pub under_covered: BTreeSet<u8>,
}

/// The plan's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanSettings {
    pub today: NaiveDate,
    /// The plan's period, both days included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Most suggestions per consultant.
    pub capacity: u32,
    /// Companies contacted within this many days before `today` are skipped.
    pub recent_days: i64,
}

/// Why a company is suggested, or why it went to whom. The app words these in its language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanReason {
    /// No contact was ever logged with the company.
    NeverContacted,
    /// Whole months since the last logged contact.
    SinceLastContact { months: u32, last: NaiveDate },
    /// The company's size (only for companies with employees).
    CompanySize { employees: EmployeeInterval },
    /// The company's industry group (1–11) is far below the municipality's coverage.
    UnderCoveredGroup { group: u8 },
    /// A follow-up promised to the company is not done.
    OpenFollowUp,
    /// Assigned to the company's key account manager.
    KeyAccount,
    /// Assigned to the unit with the most past contacts with the company.
    ExistingRelationship { contacts: u32 },
    /// Assigned to the unit with the most contacts in the company's industry group.
    IndustryFocus { group: u8, contacts: u32 },
    /// Assigned by workload alone (no relationship or focus fitted).
    Workload,
}

/// One suggested planned contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    pub company: Cvr,
    pub unit_id: Uuid,
    pub user_id: Uuid,
    /// Priority; higher first.
    pub score: u32,
    /// The priority reasons first, then how it was assigned.
    pub reasons: Vec<PlanReason>,
}

/// What is wrong with a plan's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the period ends before it begins")]
    PeriodReversed,
    #[error("the period is longer than {MAX_PERIOD_DAYS} days")]
    PeriodTooLong,
    #[error("the period ended before today")]
    PeriodInThePast,
    #[error("the capacity must be from 1 to {MAX_CAPACITY}")]
    CapacityOutOfRange,
}

/// Checks a plan's period and capacity; every problem, in the order above.
pub fn validate(from: NaiveDate, to: NaiveDate, capacity: u32, today: NaiveDate) -> Vec<PlanError> {
    let mut errors = Vec::new();
    if to < from {
        errors.push(PlanError::PeriodReversed);
    } else if (to - from).num_days() + 1 > MAX_PERIOD_DAYS {
        errors.push(PlanError::PeriodTooLong);
    }
    if to < today {
        errors.push(PlanError::PeriodInThePast);
    }
    if !(1..=MAX_CAPACITY).contains(&capacity) {
        errors.push(PlanError::CapacityOutOfRange);
    }
    errors
}

/// The industry groups marked `far_below` in a coverage.
pub fn under_covered_groups(coverage: &Coverage) -> BTreeSet<u8> {
    coverage.by_industry_group.iter().filter(|r| r.far_below).filter_map(|r| r.key.parse().ok()).collect()
}

/// Whole calendar months from `from` to `to` (0 when `to` is not later).
pub fn whole_months(from: NaiveDate, to: NaiveDate) -> u32 {
    let months = (to.year() - from.year()) * 12 + to.month() as i32
        - from.month() as i32
        - i32::from(to.day() < from.day());
    u32::try_from(months).unwrap_or(0)
}

/// Points for a company's size: none for no or one employee or unknown, more for larger.
fn size_points(employees: EmployeeInterval) -> u32 {
    match employees {
        EmployeeInterval::None | EmployeeInterval::One | EmployeeInterval::Unknown => 0,
        EmployeeInterval::From2To4 => 2,
        EmployeeInterval::From5To9 => 4,
        EmployeeInterval::From10To19 => 6,
        EmployeeInterval::From20To49 => 8,
        EmployeeInterval::From50To99 => 10,
        EmployeeInterval::From100To199 => 12,
        EmployeeInterval::From200To499 | EmployeeInterval::From500To999 | EmployeeInterval::From1000 => 14,
    }
}

/// The suggestions for a plan, highest score first (ties by CVR number).
pub fn suggest(facts: &PlanFacts, settings: &PlanSettings) -> Vec<Suggestion> {
    let recent_from = settings.today - chrono::Duration::days(settings.recent_days.max(0));
    let planned_from = settings.from - chrono::Duration::days(settings.recent_days.max(0));
    let groups: HashMap<&Cvr, u8> =
        facts.companies.iter().map(|c| (&c.cvr, industry_group_of_code(&c.industry_code))).collect();

    let mut last: HashMap<&Cvr, NaiveDate> = HashMap::new();
    let mut planned: HashSet<&Cvr> = HashSet::new();
    let mut by_company_unit: HashMap<&Cvr, HashMap<Uuid, u32>> = HashMap::new();
    let mut by_group_unit: HashMap<u8, HashMap<Uuid, u32>> = HashMap::new();
    for contact in &facts.contacts {
        if contact.planned {
            if contact.date >= planned_from {
                planned.insert(&contact.company);
            }
            continue;
        }
        let entry = last.entry(&contact.company).or_insert(contact.date);
        *entry = (*entry).max(contact.date);
        *by_company_unit.entry(&contact.company).or_default().entry(contact.unit_id).or_default() += 1;
        if let Some(group) = groups.get(&contact.company) {
            *by_group_unit.entry(*group).or_default().entry(contact.unit_id).or_default() += 1;
        }
    }

    // Rank the candidates.
    let mut ranked: Vec<(u32, &CompanyFact, Vec<PlanReason>)> = Vec::new();
    for company in &facts.companies {
        if !company.active || facts.do_not_contact.contains(&company.cvr) || planned.contains(&company.cvr) {
            continue;
        }
        let last_contact = last.get(&company.cvr).copied();
        if last_contact.is_some_and(|d| d > recent_from) {
            continue;
        }
        let mut score = 0;
        let mut reasons = Vec::new();
        match last_contact {
            None => {
                score += NEVER_CONTACTED_POINTS;
                reasons.push(PlanReason::NeverContacted);
            }
            Some(last) => {
                let months = whole_months(last, settings.today);
                score += months.min(MAX_MONTH_POINTS);
                reasons.push(PlanReason::SinceLastContact { months, last });
            }
        }
        let size = size_points(company.employees);
        if size > 0 {
            score += size;
            reasons.push(PlanReason::CompanySize { employees: company.employees });
        }
        let group = groups.get(&company.cvr).copied().unwrap_or(crate::reference::UNKNOWN_INDUSTRY_GROUP);
        if facts.under_covered.contains(&group) {
            score += UNDER_COVERED_POINTS;
            reasons.push(PlanReason::UnderCoveredGroup { group });
        }
        if facts.open_follow_ups.contains(&company.cvr) {
            score += OPEN_FOLLOW_UP_POINTS;
            reasons.push(PlanReason::OpenFollowUp);
        }
        ranked.push((score, company, reasons));
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cvr.cmp(&b.1.cvr)));

    // Assign in rank order.
    let mut board = Workload::new(&facts.consultants, settings.capacity);
    // Each group's units by contacts in the group, most first (ties by unit id).
    let focus: HashMap<u8, Vec<(Uuid, u32)>> =
        by_group_unit.into_iter().map(|(group, units)| (group, by_count(units))).collect();
    let mut suggestions = Vec::new();
    for (score, company, mut reasons) in ranked {
        if board.is_full() {
            break;
        }
        let group = groups.get(&company.cvr).copied().unwrap_or(crate::reference::UNKNOWN_INDUSTRY_GROUP);
        let key_account = facts.key_accounts.get(&company.cvr).and_then(|user| board.take_user(*user));
        let assigned = key_account
            .map(|c| (c, PlanReason::KeyAccount))
            .or_else(|| {
                let units = by_company_unit.get(&company.cvr).map(|u| by_count(u.clone()))?;
                units.into_iter().find_map(|(unit, contacts)| {
                    board.take_in_unit(unit).map(|c| (c, PlanReason::ExistingRelationship { contacts }))
                })
            })
            .or_else(|| {
                focus.get(&group)?.iter().find_map(|(unit, contacts)| {
                    board
                        .take_in_unit(*unit)
                        .map(|c| (c, PlanReason::IndustryFocus { group, contacts: *contacts }))
                })
            })
            .or_else(|| board.take_any().map(|c| (c, PlanReason::Workload)));
        let Some((consultant, basis)) = assigned else { continue };
        reasons.push(basis);
        suggestions.push(Suggestion {
            company: company.cvr.clone(),
            unit_id: consultant.unit_id,
            user_id: consultant.user_id,
            score,
            reasons,
        });
    }
    suggestions
}

/// Units by count, most first, ties by unit id.
fn by_count(units: HashMap<Uuid, u32>) -> Vec<(Uuid, u32)> {
    let mut units: Vec<(Uuid, u32)> = units.into_iter().collect();
    units.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    units
}

/// How many suggestions each consultant has, against the capacity.
struct Workload {
    /// Consultants by user id, each once, with their load.
    consultants: Vec<(Consultant, u32)>,
    capacity: u32,
    free: usize,
}

impl Workload {
    fn new(consultants: &[Consultant], capacity: u32) -> Self {
        let mut list: Vec<Consultant> = consultants.to_vec();
        list.sort_by_key(|c| c.user_id);
        list.dedup_by_key(|c| c.user_id);
        let free = if capacity == 0 { 0 } else { list.len() };
        Self { consultants: list.into_iter().map(|c| (c, 0)).collect(), capacity, free }
    }

    fn is_full(&self) -> bool {
        self.free == 0
    }

    /// Gives one more to the least-loaded consultant among those `fits`, ties by user id.
    fn take(&mut self, fits: impl Fn(&Consultant) -> bool) -> Option<Consultant> {
        let capacity = self.capacity;
        let (consultant, load) = self
            .consultants
            .iter_mut()
            .filter(|(c, load)| *load < capacity && fits(c))
            .min_by_key(|(c, load)| (*load, c.user_id))?;
        *load += 1;
        if *load == capacity {
            self.free -= 1;
        }
        Some(*consultant)
    }

    fn take_user(&mut self, user: Uuid) -> Option<Consultant> {
        self.take(|c| c.user_id == user)
    }

    fn take_in_unit(&mut self, unit: Uuid) -> Option<Consultant> {
        self.take(|c| c.unit_id == unit)
    }

    fn take_any(&mut self) -> Option<Consultant> {
        self.take(|_| true)
    }
}

/// Where a planned contact stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlannedStatus {
    /// Suggested, not answered yet.
    Proposed,
    /// The consultant will make the contact.
    Accepted,
    /// The consultant will not (with a reason, usually).
    Declined,
}

impl PlannedStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Proposed, Self::Accepted, Self::Declined].into_iter().find(|s| s.as_str() == text)
    }

    /// Proposed and accepted contacts count as planned (in the parallel-contact warning).
    pub fn counts_as_planned(self) -> bool {
        matches!(self, Self::Proposed | Self::Accepted)
    }
}

/// A planned contact of a published plan, as every device gets it through sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedContact {
    /// The plan item's id: what [`crate::sync::Change::PlannedContactAnswered`] names.
    pub id: Uuid,
    pub plan_id: Uuid,
    pub company: Cvr,
    pub unit_id: Uuid,
    pub user_id: Uuid,
    /// The plan's period, both days included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reasons: Vec<PlanReason>,
    pub status: PlannedStatus,
    /// Why it was declined (or a note on accepting); blank for other units' devices.
    pub answer: Option<String>,
}

/// The planned contacts (proposed or accepted) whose period overlaps `from..=to`, as the
/// overview's contact facts: dated on the later of their first day and `from` (the server's
/// `/api/desk/parallel` dates them so too), a visit.
pub fn planned_facts(items: &[PlannedContact], from: NaiveDate, to: NaiveDate) -> Vec<ContactFact> {
    items
        .iter()
        .filter(|p| p.status.counts_as_planned() && p.from <= to && p.to >= from)
        .map(|p| ContactFact {
            company: p.company.clone(),
            unit_id: p.unit_id,
            user_id: p.user_id,
            date: p.from.max(from),
            kind: crate::contact::ContactKind::Visit,
            planned: true,
        })
        .collect()
}

mod api;
pub use api::{PlanDetail, PlanItem, PlanStatus, PlanSummary};
mod wording;
pub use wording::{reason_da, reason_en, reasons_da, reasons_en};

#[cfg(test)]
mod tests;
