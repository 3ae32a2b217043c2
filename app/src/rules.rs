//! Small pure rules the company screen applies (unit-tested natively).
//!
//! The municipality-wide coordination rules live in the domain crate
//! (`kontaktpunkt_domain::coordination`); this is only how one device lists one company.

use chrono::NaiveDate;
use uuid::Uuid;

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
