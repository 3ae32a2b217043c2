//! Four years of contacts between the units and the companies.
//!
//! Each unit works with a portfolio of companies it contacts again and again (bigger companies
//! and the unit's favourite industries more often); a share of those had contacts before.
//! Two situations the coordinator must see are built in on purpose: companies contacted by
//! several units in the same month, and companies whose last contact is more than two years old.

use crate::notes::{contact_note, follow_up_note};
use crate::org::{UnitKind, consultants};
use crate::pick::{Cumulative, DemoRng, one, weighted_index, weighted_sample};
use crate::scale::Scale;
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Weekday};
use kontaktpunkt_domain::{Company, Contact, ContactKind, EmployeeInterval, FollowUp, Purpose, User};
use rand::Rng;
use std::collections::BTreeSet;
use uuid::{Builder, Uuid};

/// Share of contacts with a follow-up.
const FOLLOW_UP_SHARE: f64 = 0.25;

/// A contact before its details are drawn.
#[derive(Debug, Clone, Copy)]
struct Planned {
    company: usize,
    unit: UnitKind,
    date: NaiveDate,
}

/// How much a unit does: contacts in the last year, companies it works with, its industries.
struct Profile {
    unit: UnitKind,
    yearly: usize,
    portfolio: usize,
    /// Companies with contacts one to two years ago only.
    lapsed: usize,
}

const PROFILES: [Profile; 5] = [
    Profile { unit: UnitKind::Jobcenter, yearly: 3000, portfolio: 1000, lapsed: 120 },
    Profile { unit: UnitKind::Erhverv, yearly: 1700, portfolio: 750, lapsed: 80 },
    Profile { unit: UnitKind::Ungeindsatsen, yearly: 800, portfolio: 400, lapsed: 30 },
    Profile { unit: UnitKind::Skoleomraadet, yearly: 600, portfolio: 300, lapsed: 30 },
    Profile { unit: UnitKind::BoernOgFamilie, yearly: 350, portfolio: 180, lapsed: 30 },
];

/// How strongly a unit is drawn to a DB07 section.
fn affinity(unit: UnitKind, section: char) -> f64 {
    match (unit, section) {
        (_, 'K' | 'L') => 0.05,
        (UnitKind::Jobcenter, 'C' | 'G' | 'H' | 'I' | 'N' | 'Q' | 'F') => 1.5,
        (UnitKind::Jobcenter, 'A') => 0.6,
        (UnitKind::Erhverv, 'C') => 2.0,
        (UnitKind::Erhverv, 'J') => 1.5,
        (UnitKind::Erhverv, 'M') => 1.3,
        (UnitKind::Erhverv, 'G' | 'I' | 'F' | 'H') => 1.1,
        (UnitKind::Erhverv, 'S' | 'R' | 'P') => 0.4,
        (UnitKind::Ungeindsatsen, 'G' | 'I') => 1.6,
        (UnitKind::Ungeindsatsen, 'F' | 'C') => 1.3,
        (UnitKind::Ungeindsatsen, 'S' | 'N') => 1.0,
        (UnitKind::Skoleomraadet, 'G') => 1.5,
        (UnitKind::Skoleomraadet, 'Q' | 'S') => 1.3,
        (UnitKind::Skoleomraadet, 'F' | 'I' | 'C' | 'R' | 'P') => 1.0,
        (UnitKind::BoernOgFamilie, 'Q') => 1.6,
        (UnitKind::BoernOgFamilie, 'R') => 1.5,
        (UnitKind::BoernOgFamilie, 'S') => 1.0,
        (UnitKind::BoernOgFamilie, 'G' | 'I' | 'P') => 0.8,
        (UnitKind::Jobcenter, _) => 1.0,
        _ => 0.5,
    }
}

/// How much more a company of this size is worth contacting than a one-person firm.
fn size_weight(employees: EmployeeInterval) -> f64 {
    use EmployeeInterval as E;
    match employees {
        E::None => 0.15,
        E::One => 0.5,
        E::From2To4 => 1.0,
        E::From5To9 => 2.0,
        E::From10To19 => 3.5,
        E::From20To49 => 6.0,
        E::From50To99 => 9.0,
        E::From100To199 => 12.0,
        E::From200To499 | E::From500To999 | E::From1000 => 15.0,
        E::Unknown => 0.3,
    }
}

fn days(n: i64) -> TimeDelta {
    TimeDelta::days(n)
}

/// How likely a consultant works on this day: rarely at weekends, less in the summer
/// holidays and around Christmas.
fn day_weight(date: NaiveDate) -> f64 {
    let holiday = (date.month() == 12 && date.day() >= 21) || (date.month() == 1 && date.day() <= 2);
    match date.weekday() {
        Weekday::Sat | Weekday::Sun => 0.04,
        _ if date.month() == 7 => 0.35,
        _ if holiday => 0.2,
        _ => 1.0,
    }
}

/// A working day between `from` and `to` (inclusive); `to` if the range is empty.
fn work_day(rng: &mut DemoRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days();
    if span <= 0 {
        return to;
    }
    let mut date = to;
    for _ in 0..40 {
        date = from + days(rng.random_range(0..=span));
        if rng.random::<f64>() < day_weight(date) {
            break;
        }
    }
    date
}

/// Plans every contact of the last four years: who contacts which company on which day.
fn plan(
    rng: &mut DemoRng,
    scale: &Scale,
    companies: &[Company],
    sections: &[char],
    today: NaiveDate,
) -> Vec<Planned> {
    let year_start = today - days(364);
    let second_year = (today - days(729), today - days(365));
    // Ends a month short of two years so "not contacted for two years" holds by any count.
    let old_years = (today - days(4 * 365), today - days(2 * 365 + 31));
    let mut planned = Vec::new();
    let mut current = BTreeSet::new();
    let mut portfolios = Vec::new();

    for profile in &PROFILES {
        let weights: Vec<f64> = companies
            .iter()
            .zip(sections)
            .map(|(c, s)| if c.active { size_weight(c.employees) * affinity(profile.unit, *s) } else { 0.0 })
            .collect();
        let portfolio = weighted_sample(rng, &weights, Scale::times(profile.portfolio, scale.portfolio));
        // Everyone in the portfolio is contacted once; the rest go to the busier relations.
        let intensity: Vec<f64> = portfolio
            .iter()
            .map(|i| size_weight(companies[*i].employees).powf(0.6) * rng.random_range(0.5..1.5))
            .collect();
        let intensity = Cumulative::new(&intensity);
        let extra = Scale::times(profile.yearly, scale.yearly).saturating_sub(portfolio.len());
        let mut chosen: Vec<usize> = portfolio.clone();
        chosen.extend((0..extra).map(|_| portfolio[intensity.draw(rng)]));
        for company in &chosen {
            let date = work_day(rng, year_start, today);
            planned.push(Planned { company: *company, unit: profile.unit, date });
        }
        // A large municipality's relations are as busy in the years before: a like contact a
        // year earlier, and up to two in the two years before that.
        if let Some(earlier) = scale.earlier_years {
            for company in &chosen {
                for (share, (from, to)) in
                    [(earlier.second, second_year), (earlier.older, old_years), (earlier.older, old_years)]
                {
                    if rng.random_bool(share) {
                        let date = work_day(rng, from, to);
                        planned.push(Planned { company: *company, unit: profile.unit, date });
                    }
                }
            }
        }
        current.extend(portfolio.iter().copied());
        portfolios.push((profile, portfolio));
    }

    // History of today's relations: some were contacted in the years before too.
    for (profile, portfolio) in &portfolios {
        for company in portfolio {
            for (share, (from, to)) in [(0.2, second_year), (0.2, old_years)] {
                if rng.random_bool(share) {
                    for _ in 0..rng.random_range(1..=2) {
                        let date = work_day(rng, from, to);
                        planned.push(Planned { company: *company, unit: profile.unit, date });
                    }
                }
            }
        }
    }

    // Relations that ended one to two years ago.
    let mut taken = current.clone();
    for profile in &PROFILES {
        let weights = weights_excluding(companies, &taken);
        for company in weighted_sample(rng, &weights, Scale::times(profile.lapsed, scale.lapsed)) {
            for _ in 0..rng.random_range(1..=2) {
                let date = work_day(rng, second_year.0, second_year.1);
                planned.push(Planned { company, unit: profile.unit, date });
            }
            taken.insert(company);
        }
    }

    // Relations that ended more than two years ago: the coordinator's "not contacted for long".
    let weights = weights_excluding(companies, &taken);
    let unit_weights: Vec<f64> = PROFILES.iter().map(|p| p.yearly as f64).collect();
    for company in weighted_sample(rng, &weights, scale.stale_companies) {
        let unit = PROFILES[weighted_index(rng, &unit_weights)].unit;
        for _ in 0..rng.random_range(1..=3) {
            let date = work_day(rng, old_years.0, old_years.1);
            planned.push(Planned { company, unit, date });
        }
    }

    planned.extend(parallel_episodes(rng, scale.parallel_episodes, companies, &current, today));
    planned
}

/// Weights by size for companies not in `taken`; ceased companies count too.
fn weights_excluding(companies: &[Company], taken: &BTreeSet<usize>) -> Vec<f64> {
    companies
        .iter()
        .enumerate()
        .map(|(i, c)| if taken.contains(&i) { 0.0 } else { size_weight(c.employees) })
        .collect()
}

/// Two or three units contacting the same company within one calendar month.
fn parallel_episodes(
    rng: &mut DemoRng,
    count: usize,
    companies: &[Company],
    current: &BTreeSet<usize>,
    today: NaiveDate,
) -> Vec<Planned> {
    let weights: Vec<f64> = companies
        .iter()
        .enumerate()
        .map(|(i, c)| if current.contains(&i) { size_weight(c.employees) } else { 0.0 })
        .collect();
    let unit_weights: Vec<f64> = PROFILES.iter().map(|p| p.yearly as f64).collect();
    let mut planned = Vec::new();
    for company in weighted_sample(rng, &weights, count) {
        let some_day = work_day(rng, today - days(330), today - days(5));
        let first = some_day.with_day(1).unwrap_or(some_day);
        let last = (first + days(31)).with_day(1).map_or(first, |next| next - days(1)).min(today);
        let count = if rng.random_bool(0.25) { 3 } else { 2 };
        let mut units = BTreeSet::new();
        while units.len() < count {
            units.insert(weighted_index(rng, &unit_weights));
        }
        for unit in units {
            let date = work_day(rng, first, last);
            planned.push(Planned { company, unit: PROFILES[unit].unit, date });
        }
    }
    planned
}

/// Kind weights in the order of [`ContactKind::ALL`]: visit, phone, meeting, event, email.
fn kind_weights(unit: UnitKind) -> [f64; 5] {
    match unit {
        UnitKind::Jobcenter => [35.0, 35.0, 15.0, 3.0, 12.0],
        UnitKind::Erhverv => [35.0, 20.0, 25.0, 10.0, 10.0],
        UnitKind::Ungeindsatsen => [30.0, 35.0, 15.0, 5.0, 15.0],
        UnitKind::BoernOgFamilie => [20.0, 35.0, 30.0, 0.0, 15.0],
        UnitKind::Skoleomraadet => [20.0, 40.0, 5.0, 5.0, 30.0],
    }
}

/// The unit's usual purposes: a main one, sometimes a second, never the same twice.
fn purposes(rng: &mut DemoRng, unit: UnitKind) -> Vec<Purpose> {
    use Purpose as P;
    let (main, main_weights, second, second_weights, second_share): (&[P], &[f64], &[P], &[f64], f64) =
        match unit {
            UnitKind::Jobcenter => {
                let all = &[P::Recruitment, P::JobTraining, P::WageSubsidy, P::Retention];
                (all, &[35.0, 25.0, 20.0, 20.0], all, &[1.0, 1.0, 1.0, 1.0], 0.25)
            }
            UnitKind::Erhverv => {
                (&[P::BusinessDevelopment], &[1.0], &[P::Recruitment, P::Other], &[3.0, 2.0], 0.15)
            }
            UnitKind::Ungeindsatsen => (&[P::YouthEmployment], &[1.0], &[P::JobTraining], &[1.0], 0.2),
            UnitKind::Skoleomraadet => (&[P::PupilPlacement], &[1.0], &[P::YouthEmployment], &[1.0], 0.1),
            UnitKind::BoernOgFamilie => {
                let both = &[P::YouthEmployment, P::Other];
                (both, &[3.0, 2.0], both, &[1.0, 1.0], 0.15)
            }
        };
    let first = main[weighted_index(rng, main_weights)];
    let mut chosen = vec![first];
    if rng.random_bool(second_share) {
        let extra = second[weighted_index(rng, second_weights)];
        if extra != first {
            chosen.push(extra);
        }
    }
    chosen
}

/// A UUIDv7 carrying the moment `minutes` after midnight of `date`, with seeded random bits.
pub fn id_at(rng: &mut DemoRng, date: NaiveDate, minutes: i64) -> Uuid {
    let moment = date.and_time(NaiveTime::MIN).and_utc() + TimeDelta::minutes(minutes);
    let millis = u64::try_from(moment.timestamp_millis()).unwrap_or(0) + rng.random_range(0..60_000);
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

/// Generates all contacts, sorted by id (that is, by time).
pub fn generate(
    rng: &mut DemoRng,
    scale: &Scale,
    companies: &[Company],
    sections: &[char],
    users: &[User],
    today: NaiveDate,
) -> Vec<Contact> {
    let staff: Vec<(UnitKind, Vec<Uuid>)> =
        UnitKind::ALL.iter().map(|u| (*u, consultants(users, *u))).collect();
    let mut contacts: Vec<Contact> = plan(rng, scale, companies, sections, today)
        .into_iter()
        .filter_map(|p| {
            let authors = &staff.iter().find(|(unit, _)| *unit == p.unit)?.1;
            if authors.is_empty() {
                return None;
            }
            let kind = ContactKind::ALL[weighted_index(rng, &kind_weights(p.unit))];
            let purposes = purposes(rng, p.unit);
            let follow_up = rng.random_bool(FOLLOW_UP_SHARE).then(|| FollowUp {
                due: p.date + days(rng.random_range(7..=45)),
                note: follow_up_note(rng, purposes[0]),
            });
            // Danish working hours, about 08:00–16:00 local time (07:00–15:00 UTC).
            let minutes = rng.random_range(7 * 60..15 * 60);
            Some(Contact {
                id: id_at(rng, p.date, minutes),
                company: companies[p.company].cvr.clone(),
                unit_id: p.unit.id(),
                user_id: one(rng, authors),
                kind,
                notes: contact_note(rng, purposes[0], kind, sections[p.company]),
                purposes,
                date: p.date,
                follow_up,
                do_not_contact_reason: None,
                notes_shared: false,
            })
        })
        .collect();
    contacts.sort_by_key(|c| c.id);
    contacts
}
