//! Coordination rules the whole municipality shares: what counts as a parallel contact.
//!
//! Pure functions over plain data (callers pass `today`), used by the consultant's company
//! screen now and by the coordinator's overviews.

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
