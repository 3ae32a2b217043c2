//! Coordination rules the whole municipality shares: what counts as a parallel contact.
//!
//! Pure functions over plain data (callers pass `today`), used by the consultant's company
//! screen now and by the coordinator's overviews.

use crate::overview::ContactFact;
use chrono::NaiveDate;
use uuid::Uuid;

/// Contacts by another unit this recent are "parallel contact" for the user's unit.
pub const PARALLEL_DAYS: i64 = 30;

/// Whether a contact by `unit` on `date` is another unit's contact within the last
/// [`PARALLEL_DAYS`] days, seen from `my_unit` (a user without a unit sees every unit as other).
pub fn is_parallel_contact(unit: Uuid, date: NaiveDate, my_unit: Option<Uuid>, today: NaiveDate) -> bool {
    let age = (today - date).num_days();
    Some(unit) != my_unit && (0..=PARALLEL_DAYS).contains(&age)
}

/// The other units' contacts (logged or planned) of one company within [`PARALLEL_DAYS`] days
/// of `date` (before or after), seen from `my_unit`: what the contact form warns about before
/// a contact dated `date` is saved. Newest first; the same unit's contacts are never parallel.
pub fn parallel_to(date: NaiveDate, my_unit: Option<Uuid>, contacts: &[ContactFact]) -> Vec<&ContactFact> {
    let mut found: Vec<&ContactFact> = contacts
        .iter()
        .filter(|c| Some(c.unit_id) != my_unit && (c.date - date).num_days().abs() <= PARALLEL_DAYS)
        .collect();
    found.sort_by(|a, b| b.date.cmp(&a.date).then(a.unit_id.cmp(&b.unit_id)));
    found
}

/// One other unit in recent contact with a company: the top of the company screen's
/// "also in contact" line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlsoInContact {
    pub unit_id: Uuid,
    /// The unit's latest contact in the window.
    pub latest: NaiveDate,
    /// How many contacts the unit had in the window.
    pub count: usize,
}

/// The other units that logged a contact with the company in the last [`PARALLEL_DAYS`] days
/// (by [`is_parallel_contact`]; planned contacts are not "in contact" yet), each with its
/// latest date, the most recent first.
pub fn also_in_contact(
    contacts: &[ContactFact],
    my_unit: Option<Uuid>,
    today: NaiveDate,
) -> Vec<AlsoInContact> {
    let mut units: Vec<AlsoInContact> = Vec::new();
    for contact in contacts.iter().filter(|c| !c.planned) {
        if !is_parallel_contact(contact.unit_id, contact.date, my_unit, today) {
            continue;
        }
        match units.iter_mut().find(|u| u.unit_id == contact.unit_id) {
            Some(unit) => {
                unit.latest = unit.latest.max(contact.date);
                unit.count += 1;
            }
            None => units.push(AlsoInContact { unit_id: contact.unit_id, latest: contact.date, count: 1 }),
        }
    }
    units.sort_by(|a, b| b.latest.cmp(&a.latest).then(a.unit_id.cmp(&b.unit_id)));
    units
}

/// When a follow-up is due, as "my work" groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FollowUpDue {
    /// Due before today.
    Overdue,
    /// Due today or within the next six days.
    ThisWeek,
    Later,
}

/// The group of a follow-up due on `due`, seen on `today`.
pub fn follow_up_due(due: NaiveDate, today: NaiveDate) -> FollowUpDue {
    match (due - today).num_days() {
        ..0 => FollowUpDue::Overdue,
        0..=6 => FollowUpDue::ThisWeek,
        _ => FollowUpDue::Later,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::ContactKind;
    use crate::cvr::Cvr;

    fn fact(unit: u128, date: NaiveDate, planned: bool) -> ContactFact {
        ContactFact {
            company: Cvr::parse("25052943").expect("valid"),
            unit_id: Uuid::from_u128(unit),
            user_id: Uuid::from_u128(100 + unit),
            date,
            kind: ContactKind::Visit,
            planned,
        }
    }

    #[test]
    fn the_form_warns_of_other_units_within_thirty_days_either_side_of_the_contact_date() {
        let mine = Some(Uuid::from_u128(1));
        let facts = [
            fact(1, day(11, 20), false), // own unit: never
            fact(2, day(10, 21), false), // 30 days before: parallel
            fact(3, day(10, 20), false), // 31 days before: not
            fact(4, day(12, 20), true),  // planned 30 days after: parallel
            fact(5, day(12, 21), true),  // 31 days after: not
            fact(2, day(11, 18), false), // newest of unit 2
        ];
        let found: Vec<(u128, NaiveDate)> =
            parallel_to(day(11, 20), mine, &facts).iter().map(|f| (f.unit_id.as_u128(), f.date)).collect();
        assert_eq!(found, [(4, day(12, 20)), (2, day(11, 18)), (2, day(10, 21))]);
        assert!(parallel_to(day(11, 20), mine, &facts[..1]).is_empty(), "own unit only: no warning");
    }

    #[test]
    fn also_in_contact_lists_each_other_unit_once_with_its_latest_date_most_recent_first() {
        let mine = Some(Uuid::from_u128(1));
        let today = day(11, 30);
        let facts = [
            fact(2, day(11, 2), false),
            fact(3, day(11, 20), false),
            fact(2, day(11, 10), false),
            fact(1, day(11, 29), false), // own unit
            fact(4, day(10, 1), false),  // too old
            fact(5, day(12, 5), true),   // planned, not yet in contact
        ];
        assert_eq!(
            also_in_contact(&facts, mine, today),
            [
                AlsoInContact { unit_id: Uuid::from_u128(3), latest: day(11, 20), count: 1 },
                AlsoInContact { unit_id: Uuid::from_u128(2), latest: day(11, 10), count: 2 },
            ]
        );
        assert!(also_in_contact(&facts[3..], mine, today).is_empty());
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).expect("valid")
    }

    #[test]
    fn only_other_units_within_thirty_days_are_parallel() {
        let (mine, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let today = day(11, 30);
        assert!(is_parallel_contact(other, day(11, 1), Some(mine), today), "29 days ago");
        assert!(!is_parallel_contact(mine, day(11, 29), Some(mine), today), "own unit");
        assert!(is_parallel_contact(other, day(10, 31), Some(mine), today), "30 days ago is still parallel");
        assert!(!is_parallel_contact(other, day(10, 30), Some(mine), today), "31 days ago is not");
        assert!(!is_parallel_contact(other, day(12, 1), Some(mine), today), "a future date is not");
        assert!(
            is_parallel_contact(other, day(11, 29), None, today),
            "a user without unit sees all as other"
        );
    }

    #[test]
    fn follow_ups_are_overdue_this_week_or_later() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date");
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).expect("a date");
        assert_eq!(follow_up_due(day(1), today), FollowUpDue::Overdue);
        assert_eq!(follow_up_due(day(2), today), FollowUpDue::ThisWeek, "due today is not overdue");
        assert_eq!(follow_up_due(day(8), today), FollowUpDue::ThisWeek);
        assert_eq!(follow_up_due(day(9), today), FollowUpDue::Later);
    }
}
