//! Small pure rules the company screen applies (unit-tested natively).
//!
//! The municipality-wide coordination rules belong in the domain crate; this is only what
//! one device shows for one company.

use chrono::NaiveDate;
use kontaktpunkt_domain::Contact;
use uuid::Uuid;

/// Contacts by another unit this recent are "parallel contact" for the user's unit.
pub const PARALLEL_DAYS: i64 = 30;

/// Whether `contact` is another unit's contact within the last [`PARALLEL_DAYS`] days.
pub fn is_parallel(contact: &Contact, my_unit: Option<Uuid>, today: NaiveDate) -> bool {
    let age = (today - contact.date).num_days();
    Some(contact.unit_id) != my_unit && (0..=PARALLEL_DAYS).contains(&age)
}

/// Newest first; the same day keeps the later-made (UUIDv7) contact first.
pub fn newest_first<T>(items: &mut [T], contact: impl Fn(&T) -> &Contact) {
    items.sort_unstable_by(|a, b| {
        let (a, b) = (contact(a), contact(b));
        b.date.cmp(&a.date).then_with(|| b.id.cmp(&a.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use kontaktpunkt_domain::{ContactKind, Cvr, Purpose};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("valid")
    }

    fn contact(id: u128, unit: u128, date: NaiveDate) -> Contact {
        Contact {
            id: Uuid::from_u128(id),
            company: Cvr::parse("25052943").expect("valid"),
            unit_id: Uuid::from_u128(unit),
            user_id: Uuid::nil(),
            kind: ContactKind::Visit,
            purposes: vec![Purpose::Other],
            date,
            notes: String::new(),
            follow_up: None,
        }
    }

    #[test]
    fn only_other_units_within_thirty_days_are_parallel() {
        let today = day(30);
        let mine = Some(Uuid::from_u128(1));
        assert!(is_parallel(&contact(1, 2, day(1)), mine, today), "29 days ago");
        assert!(!is_parallel(&contact(1, 1, day(29)), mine, today), "own unit");
        let thirty = contact(1, 2, NaiveDate::from_ymd_opt(2026, 10, 31).expect("valid"));
        assert!(is_parallel(&thirty, mine, today), "30 days ago is still parallel");
        let thirty_one = contact(1, 2, NaiveDate::from_ymd_opt(2026, 10, 30).expect("valid"));
        assert!(!is_parallel(&thirty_one, mine, today), "31 days ago is not");
        assert!(is_parallel(&contact(1, 2, day(29)), None, today), "a user without unit sees all as other");
    }

    #[test]
    fn contacts_sort_newest_first() {
        let mut list = vec![contact(1, 1, day(2)), contact(2, 1, day(5)), contact(3, 1, day(2))];
        newest_first(&mut list, |c| c);
        let ids: Vec<_> = list.iter().map(|c| c.id.as_u128()).collect();
        assert_eq!(ids, [2, 3, 1]);
    }
}
