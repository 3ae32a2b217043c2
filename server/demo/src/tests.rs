//! Tests of the generated municipality as a whole.

use super::*;
use chrono::{Datelike, TimeDelta};
use kontaktpunkt_domain::{Cvr, EmployeeInterval, Role};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date")
}

/// Generated once and shared, since most tests only read it.
fn demo() -> &'static DemoMunicipality {
    static DEMO: OnceLock<DemoMunicipality> = OnceLock::new();
    DEMO.get_or_init(|| generate(42, today()))
}

#[test]
fn same_seed_and_day_give_the_same_municipality() {
    assert_eq!(&generate(42, today()), demo());
}

#[test]
fn different_seeds_give_different_municipalities() {
    let other = generate(43, today());
    assert_ne!(other.companies, demo().companies);
    assert_ne!(other.contacts, demo().contacts);
    // The organisation is fixed so the demo logins never change.
    assert_eq!(other.users, demo().users);
    assert_eq!(other.units, demo().units);
}

#[test]
fn there_are_exactly_8000_companies_with_valid_unique_cvr_and_p_numbers() {
    let companies = &demo().companies;
    assert_eq!(companies.len(), 8000);
    let cvrs: BTreeSet<&str> = companies.iter().map(|c| c.cvr.as_str()).collect();
    assert_eq!(cvrs.len(), 8000);
    for company in companies {
        assert_eq!(Cvr::parse(company.cvr.as_str()).as_ref(), Ok(&company.cvr));
        assert_eq!(company.municipality_code, 730);
        assert_eq!(company.industry.version, "DB07");
    }
    let p_numbers: BTreeSet<&str> =
        companies.iter().filter_map(|c| c.p_number.as_ref()).map(|p| p.as_str()).collect();
    assert_eq!(p_numbers.len(), 8000);
    assert!(p_numbers.iter().all(|p| p.len() == 10));
}

#[test]
fn companies_are_sorted_by_cvr() {
    assert!(demo().companies.windows(2).all(|w| w[0].cvr < w[1].cvr));
}

#[test]
fn almost_all_companies_are_active_and_some_are_protected_from_marketing() {
    let companies = &demo().companies;
    let active = companies.iter().filter(|c| c.active).count();
    assert!((7650..7900).contains(&active), "{active} active");
    let protected = companies.iter().filter(|c| c.advertising_protected).count();
    assert!((1000..1400).contains(&protected), "{protected} protected");
}

#[test]
fn names_are_mostly_unique_and_carry_danish_legal_forms() {
    let companies = &demo().companies;
    let names: BTreeSet<&str> = companies.iter().map(|c| c.name.as_str()).collect();
    assert!(names.len() >= 7950, "only {} distinct names", names.len());
    let aps = companies.iter().filter(|c| c.name.ends_with(" ApS")).count();
    let plain = companies.iter().filter(|c| !c.name.contains('/') && !c.name.ends_with("S")).count();
    assert!(aps > 3000, "{aps} ApS");
    assert!(plain > 800, "{plain} without a legal form");
    assert!(companies.iter().all(|c| !c.name.contains('{') && !c.name.contains("  ")));
}

#[test]
fn all_postal_codes_and_towns_are_randers_ones() {
    let towns = reference::postal_towns(730);
    for company in &demo().companies {
        let address = &company.address;
        assert!(
            towns.iter().any(|t| t.postal_code == address.postal_code && t.town == address.town),
            "{address:?}"
        );
        assert!(address.street.chars().any(|c| c.is_ascii_digit()), "{address:?}");
    }
    let central = demo().companies.iter().filter(|c| c.address.postal_code.starts_with("89")).count();
    assert!(central > 6500, "{central} in Randers city codes");
}

#[test]
fn all_industry_codes_are_real_db07_codes_with_their_texts() {
    let codes: BTreeMap<String, String> =
        reference::industries().into_iter().map(|c| (c.code, c.text)).collect();
    for company in &demo().companies {
        assert_eq!(
            codes.get(&company.industry.code),
            Some(&company.industry.text),
            "{}",
            company.industry.code
        );
    }
}

#[test]
fn the_industry_mix_follows_the_sections() {
    let section: BTreeMap<String, char> =
        reference::industries().into_iter().map(|c| (c.code, c.section)).collect();
    let mut counts: BTreeMap<char, usize> = BTreeMap::new();
    for company in &demo().companies {
        *counts.entry(section[&company.industry.code]).or_default() += 1;
    }
    let share = |letter: char| counts.get(&letter).copied().unwrap_or(0) as f64 / 8000.0;
    assert!((0.15..0.19).contains(&share('G')), "trade {}", share('G'));
    assert!((0.10..0.14).contains(&share('F')), "construction {}", share('F'));
    assert!((0.03..0.05).contains(&share('K')), "finance {}", share('K'));
    let holdings = demo().companies.iter().filter(|c| c.industry.code == "642020").count();
    assert!(holdings > 180, "{holdings} holding companies");
    let distinct: BTreeSet<&str> = demo().companies.iter().map(|c| c.industry.code.as_str()).collect();
    assert!(distinct.len() > 150, "{} distinct codes", distinct.len());
}

#[test]
fn employee_counts_are_skewed_small() {
    use EmployeeInterval as E;
    let companies = &demo().companies;
    let small = companies.iter().filter(|c| matches!(c.employees, E::None | E::One | E::From2To4)).count();
    let big =
        companies.iter().filter(|c| c.employees >= E::From200To499 && c.employees != E::Unknown).count();
    assert!(small > 4000, "{small} with 0–4 employees");
    assert!((5..=60).contains(&big), "{big} with 200+ employees");
}

#[test]
fn fixed_logins_have_the_right_roles_and_units() {
    let demo = demo();
    let erhverv = demo.units.iter().find(|u| u.name == "Erhverv").map(|u| u.id);
    let user = |name: &str| demo.users.iter().find(|u| u.username == name).expect("demo login exists");
    assert_eq!((user("konsulent").role, user("konsulent").unit_id), (Role::Consultant, erhverv));
    assert_eq!((user("koordinator").role, user("koordinator").unit_id), (Role::Coordinator, erhverv));
    assert_eq!((user("admin").role, user("admin").unit_id), (Role::Admin, None));
    assert!(erhverv.is_some());
}

#[test]
fn every_unit_has_users_and_the_five_units_exist() {
    let demo = demo();
    let names: BTreeSet<&str> = demo.units.iter().map(|u| u.name.as_str()).collect();
    let expected =
        ["Erhverv", "Jobcenter Virksomhedsservice", "Ungeindsatsen", "Børn og Familie", "Skoleområdet"];
    assert_eq!(names, expected.into_iter().collect());
    for unit in &demo.units {
        let staff = demo.users.iter().filter(|u| u.unit_id == Some(unit.id)).count();
        assert!(staff >= 2, "{} has {staff} users", unit.name);
    }
}

#[test]
fn all_contacts_and_feedback_validate_and_refer_to_known_records() {
    let demo = demo();
    let cvrs: BTreeSet<&Cvr> = demo.companies.iter().map(|c| &c.cvr).collect();
    let users: BTreeMap<_, _> = demo.users.iter().map(|u| (u.id, u)).collect();
    for contact in &demo.contacts {
        assert_eq!(contact.validate(today()), Ok(()), "{contact:?}");
        assert!(cvrs.contains(&contact.company));
        let author = users.get(&contact.user_id).expect("author exists");
        assert_eq!(author.unit_id, Some(contact.unit_id), "authors log for their own unit");
        assert_eq!(contact.id.get_version_num(), 7);
    }
    let contacts: BTreeMap<_, _> = demo.contacts.iter().map(|c| (c.id, c)).collect();
    for feedback in &demo.feedback {
        assert_eq!(feedback.validate(), Ok(()), "{feedback:?}");
        let contact = contacts.get(&feedback.contact_id).expect("feedback is on a contact");
        assert_eq!(contact.company, feedback.company);
        assert_eq!(feedback.submitted_at.date_naive(), contact.date, "submitted the same day");
    }
}

#[test]
fn contact_ids_are_unique_and_carry_the_contact_date() {
    let demo = demo();
    let ids: BTreeSet<_> = demo.contacts.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), demo.contacts.len());
    for contact in &demo.contacts {
        let (seconds, _) = contact.id.get_timestamp().expect("v7 has a time").to_unix();
        let day = chrono::DateTime::from_timestamp(seconds as i64, 0).expect("valid time").date_naive();
        assert_eq!(day, contact.date);
    }
}

#[test]
fn a_year_of_contacts_is_concentrated_on_a_minority_of_companies() {
    let demo = demo();
    let year_start = today() - TimeDelta::days(364);
    let recent: Vec<_> = demo.contacts.iter().filter(|c| c.date >= year_start).collect();
    assert!((6000..=9000).contains(&recent.len()), "{} contacts in the last year", recent.len());
    let companies: BTreeSet<&Cvr> = recent.iter().map(|c| &c.company).collect();
    assert!(companies.len() < 4000, "{} companies contacted", companies.len());
    assert!(demo.contacts.iter().all(|c| c.date >= today() - TimeDelta::days(4 * 365)));
}

#[test]
fn feedback_covers_about_a_quarter_of_visits_and_meetings_and_is_mostly_positive() {
    use kontaktpunkt_domain::ContactKind;
    let demo = demo();
    let year_start = today() - TimeDelta::days(364);
    let eligible = demo
        .contacts
        .iter()
        .filter(|c| c.date >= year_start && matches!(c.kind, ContactKind::Visit | ContactKind::Meeting))
        .count();
    let share = demo.feedback.len() as f64 / eligible as f64;
    assert!((0.2..0.3).contains(&share), "{share}");
    let happy = demo.feedback.iter().filter(|f| f.satisfaction >= 4).count();
    assert!(happy * 10 > demo.feedback.len() * 7, "{happy} of {}", demo.feedback.len());
}

#[test]
fn exactly_twelve_companies_asked_not_to_be_contacted_and_were_not_contacted_since() {
    let demo = demo();
    assert_eq!(demo.do_not_contact.len(), 12);
    let coordinator = demo.users.iter().find(|u| u.username == "koordinator").map(|u| u.id);
    let companies: BTreeSet<&Cvr> = demo.do_not_contact.iter().map(|d| &d.company).collect();
    assert_eq!(companies.len(), 12);
    for entry in &demo.do_not_contact {
        assert_eq!(Some(entry.registered_by), coordinator);
        assert!(entry.registered_on <= today() && entry.registered_on > today() - TimeDelta::days(365));
        assert!(!entry.reason.is_empty());
        let contacts: Vec<_> = demo.contacts.iter().filter(|c| c.company == entry.company).collect();
        assert!(contacts.iter().all(|c| c.date < entry.registered_on), "{entry:?}");
        assert!(!contacts.is_empty(), "they asked after being contacted");
    }
}

#[test]
fn at_least_100_companies_were_contacted_by_several_units_in_one_month() {
    let mut units: BTreeMap<(&Cvr, i32, u32), BTreeSet<_>> = BTreeMap::new();
    for c in &demo().contacts {
        units.entry((&c.company, c.date.year(), c.date.month())).or_default().insert(c.unit_id);
    }
    let parallel: BTreeSet<&Cvr> =
        units.into_iter().filter(|(_, u)| u.len() >= 2).map(|((cvr, _, _), _)| cvr).collect();
    assert!(parallel.len() >= 100, "{} parallel-contact companies", parallel.len());
}

#[test]
fn at_least_500_companies_had_contacts_but_none_in_the_last_two_years() {
    let two_years_ago = today() - TimeDelta::days(2 * 365);
    let mut last: BTreeMap<&Cvr, NaiveDate> = BTreeMap::new();
    for c in &demo().contacts {
        let entry = last.entry(&c.company).or_insert(c.date);
        *entry = (*entry).max(c.date);
    }
    let stale = last.values().filter(|d| **d < two_years_ago).count();
    assert!(stale >= 500, "{stale} stale companies");
    assert!(last.len() < 6000, "many companies were never contacted");
}

#[test]
fn units_log_their_own_kinds_of_purposes() {
    use kontaktpunkt_domain::Purpose;
    let demo = demo();
    let unit = |name: &str| demo.units.iter().find(|u| u.name == name).map(|u| u.id).expect("unit exists");
    let jobcenter = unit("Jobcenter Virksomhedsservice");
    let school = unit("Skoleområdet");
    for contact in &demo.contacts {
        if contact.unit_id == school {
            assert!(contact.purposes.contains(&Purpose::PupilPlacement));
        }
        if contact.unit_id == jobcenter {
            assert!(!contact.purposes.contains(&Purpose::PupilPlacement));
        }
    }
}

#[test]
fn any_day_gives_a_valid_municipality_even_around_leap_days_and_new_year() {
    for (seed, day) in [(1, (2024, 2, 29)), (2, (2030, 1, 1))] {
        let today = NaiveDate::from_ymd_opt(day.0, day.1, day.2).expect("valid date");
        let demo = generate(seed, today);
        assert_eq!(demo.companies.len(), 8000);
        assert_eq!(demo.do_not_contact.len(), 12);
        assert!(demo.contacts.iter().all(|c| c.validate(today).is_ok()));
        assert!(demo.feedback.iter().all(|f| f.validate().is_ok()));
        for entry in &demo.do_not_contact {
            assert!(demo.contacts.iter().all(|c| c.company != entry.company || c.date < entry.registered_on));
        }
    }
}

/// The large municipality in one test, since generating it takes a while: the sizes asked for,
/// the same built-in situations in like proportions, and the same result for the same seed.
#[test]
fn the_large_size_has_20000_companies_and_about_200000_contacts_with_the_same_situations() {
    let large = generate_sized(42, today(), DemoSize::Large);
    assert_eq!(large, generate_sized(42, today(), DemoSize::Large), "deterministic");

    assert_eq!(large.companies.len(), 20_000);
    let cvrs: BTreeSet<&Cvr> = large.companies.iter().map(|c| &c.cvr).collect();
    assert_eq!(cvrs.len(), 20_000);
    assert!((190_000..=210_000).contains(&large.contacts.len()), "{} contacts", large.contacts.len());
    let ids: BTreeSet<_> = large.contacts.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), large.contacts.len());
    assert!(large.contacts.iter().all(|c| c.validate(today()).is_ok() && cvrs.contains(&c.company)));
    let users: BTreeMap<_, _> = large.users.iter().map(|u| (u.id, u)).collect();
    assert!(
        large.contacts.iter().all(|c| users.get(&c.user_id).is_some_and(|u| u.unit_id == Some(c.unit_id)))
    );

    // The same logins and units as the standard demo, plus more consultants.
    assert_eq!(large.units, demo().units);
    assert_eq!(&large.users[..demo().users.len()], &demo().users[..]);
    assert_eq!(large.users.len(), demo().users.len() + 40);
    let usernames: BTreeSet<&str> = large.users.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(usernames.len(), large.users.len());

    // Contacts spread over the four years, not crowded into the last.
    let year_start = today() - TimeDelta::days(364);
    let last_year = large.contacts.iter().filter(|c| c.date >= year_start).count();
    assert!((45_000..=60_000).contains(&last_year), "{last_year} in the last year");
    assert!(large.contacts.iter().all(|c| c.date >= today() - TimeDelta::days(4 * 365)));
    let contacted: BTreeSet<&Cvr> =
        large.contacts.iter().filter(|c| c.date >= year_start).map(|c| &c.company).collect();
    assert!((5_000..12_000).contains(&contacted.len()), "{} companies contacted in a year", contacted.len());

    let mut last: BTreeMap<&Cvr, NaiveDate> = BTreeMap::new();
    for c in &large.contacts {
        let entry = last.entry(&c.company).or_insert(c.date);
        *entry = (*entry).max(c.date);
    }
    let stale = last.values().filter(|d| **d < today() - TimeDelta::days(2 * 365)).count();
    assert!(stale >= 1250, "{stale} stale companies");
    assert!(last.len() < 16_000, "many companies were never contacted");

    assert!(responses::parallel_companies(&large.contacts).len() >= 250);

    assert_eq!(large.do_not_contact.len(), 30);
    let flagged: BTreeSet<&Cvr> = large.do_not_contact.iter().map(|d| &d.company).collect();
    assert_eq!(flagged.len(), 30);
    for entry in &large.do_not_contact {
        assert!(large.contacts.iter().all(|c| c.company != entry.company || c.date < entry.registered_on));
    }

    let eligible = large
        .contacts
        .iter()
        .filter(|c| {
            c.date >= year_start
                && matches!(
                    c.kind,
                    kontaktpunkt_domain::ContactKind::Visit | kontaktpunkt_domain::ContactKind::Meeting
                )
        })
        .count();
    let share = large.feedback.len() as f64 / eligible as f64;
    assert!((0.2..0.3).contains(&share), "{share}");
}
