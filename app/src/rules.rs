//! Small pure rules the company screen applies (unit-tested natively).
//!
//! The municipality-wide coordination rules belong in the domain crate; this is only what
//! one device shows for one company.

use chrono::NaiveDate;
use uuid::Uuid;

/// Contacts by another unit this recent are "parallel contact" for the user's unit.
pub const PARALLEL_DAYS: i64 = 30;

/// Whether a contact by `unit` on `date` is another unit's contact within the last
/// [`PARALLEL_DAYS`] days.
pub fn is_parallel(unit: Uuid, date: NaiveDate, my_unit: Option<Uuid>, today: NaiveDate) -> bool {
    let age = (today - date).num_days();
    Some(unit) != my_unit && (0..=PARALLEL_DAYS).contains(&age)
}

/// Sorts by `key` descending: ISO dates (as text) newest first, and on the same day the
/// later-made (UUIDv7) record first. An insertion sort: lists are short, and it adds no
/// generic sort code to the wasm.
pub fn newest_first<T>(items: &mut [T], key: impl Fn(&T) -> (&str, Uuid)) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) < key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// `YYYY-MM-DD` as `<input type="date">` and the stored records give it; `None` when empty
/// or not a real date.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
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
        assert!(is_parallel(other, day(11, 1), Some(mine), today), "29 days ago");
        assert!(!is_parallel(mine, day(11, 29), Some(mine), today), "own unit");
        assert!(is_parallel(other, day(10, 31), Some(mine), today), "30 days ago is still parallel");
        assert!(!is_parallel(other, day(10, 30), Some(mine), today), "31 days ago is not");
        assert!(is_parallel(other, day(11, 29), None, today), "a user without unit sees all as other");
    }

    #[test]
    fn newest_first_orders_by_date_then_by_the_later_id() {
        let mut list = vec![("2026-11-02", 1u128), ("2026-11-05", 2), ("2026-11-02", 3), ("2025-12-31", 4)];
        newest_first(&mut list, |(date, id)| (*date, Uuid::from_u128(*id)));
        let ids: Vec<_> = list.iter().map(|(_, id)| *id).collect();
        assert_eq!(ids, [2, 3, 1, 4]);
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(parse_date("2026-11-23"), Some(day(11, 23)));
        assert_eq!(parse_date(" 2026-02-30 "), None);
        assert_eq!(parse_date(""), None);
        assert_eq!(parse_date("23.11.2026"), None);
    }
}
