//! Prints what the demo generator makes and how long it takes:
//! `cargo run -p kontaktpunkt-demo --example summary [seed] [YYYY-MM-DD]`.

use chrono::{Datelike, NaiveDate, TimeDelta};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let seed = args.next().and_then(|s| s.parse().ok()).unwrap_or(42);
    let today = args
        .next()
        .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
        .or_else(|| NaiveDate::from_ymd_opt(2026, 11, 23))
        .unwrap_or_default();

    let started = Instant::now();
    let demo = kontaktpunkt_demo::generate(seed, today);
    let elapsed = started.elapsed();

    let year_start = today - TimeDelta::days(364);
    let last_year = demo.contacts.iter().filter(|c| c.date >= year_start).count();
    let mut units: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
    let mut last: BTreeMap<_, NaiveDate> = BTreeMap::new();
    for c in &demo.contacts {
        units.entry((&c.company, c.date.year(), c.date.month())).or_default().insert(c.unit_id);
        let entry = last.entry(&c.company).or_insert(c.date);
        *entry = (*entry).max(c.date);
    }
    let parallel: BTreeSet<_> =
        units.iter().filter(|(_, u)| u.len() >= 2).map(|((cvr, _, _), _)| cvr).collect();
    let stale = last.values().filter(|d| **d < today - TimeDelta::days(2 * 365)).count();

    println!("seed {seed}, today {today}: generated in {elapsed:?}");
    println!("units {}, users {}", demo.units.len(), demo.users.len());
    println!("companies {}", demo.companies.len());
    println!("contacts {} ({last_year} in the last year)", demo.contacts.len());
    println!("companies ever contacted {}", last.len());
    println!("feedback {}", demo.feedback.len());
    println!("do-not-contact {}", demo.do_not_contact.len());
    println!("parallel-contact companies {}", parallel.len());
    println!("companies not contacted for two years {stale}");
    println!("\nsample companies:");
    for company in demo.companies.iter().step_by(250) {
        println!(
            "  {} {} | {}, {} {} | {} {} | {}",
            company.cvr,
            company.name,
            company.address.street,
            company.address.postal_code,
            company.address.town,
            company.industry.code,
            company.industry.text,
            company.employees.label()
        );
    }
    println!("\nsample contacts:");
    for contact in demo.contacts.iter().rev().step_by(1500) {
        println!("  {} {:?} {:?} {}", contact.date, contact.kind, contact.purposes, contact.notes);
    }
}
