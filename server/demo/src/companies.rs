//! The municipality's companies: register-like records with believable names.

use crate::names::{NameParts, Suffix, render};
use crate::pick::{DemoRng, one, weighted, weighted_index};
use crate::places::{Location, Places};
use crate::reference::{IndustryCode, PostalTown};
use crate::trades::{SECTIONS, Size, Trade};
use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};
use rand::Rng;
use std::collections::{BTreeMap, BTreeSet};

/// Share of companies protected against marketing contact.
const ADVERTISING_PROTECTED: f64 = 0.15;
/// Share of companies that have ceased but are still in the register.
const CEASED: f64 = 0.03;
/// Attempts at a name not used before; after that a duplicate is accepted, as in the register.
const NAME_ATTEMPTS: usize = 12;

/// Weights of [`EmployeeInterval::ALL`] per trade size, in per mille.
fn interval_weights(size: Size) -> [f64; 12] {
    match size {
        Size::Owner => [80.0, 10.0, 5.0, 2.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.5],
        Size::Farm => [40.0, 25.0, 20.0, 9.0, 3.0, 1.0, 0.3, 0.0, 0.0, 0.0, 0.0, 1.7],
        Size::Small => [35.0, 22.0, 22.0, 12.0, 5.0, 2.0, 0.3, 0.05, 0.0, 0.0, 0.0, 1.65],
        Size::General => [22.0, 14.0, 20.0, 16.0, 12.0, 9.0, 3.0, 1.2, 0.2, 0.03, 0.0, 2.5],
        Size::Large => [12.0, 6.0, 13.0, 15.0, 16.0, 18.0, 9.0, 5.0, 2.0, 0.6, 0.2, 1.7],
    }
}

/// Generates `count` companies sorted by CVR number.
pub fn generate(
    rng: &mut DemoRng,
    count: usize,
    municipality_code: u16,
    industries: &[IndustryCode],
    towns: &[PostalTown],
) -> Vec<Company> {
    let by_code: BTreeMap<&str, &IndustryCode> = industries.iter().map(|c| (c.code.as_str(), c)).collect();
    // A trade whose code is missing from DB07 is left out, so every code stays real.
    let sections: Vec<Vec<(&Trade, &IndustryCode)>> = SECTIONS
        .iter()
        .map(|s| s.trades.iter().filter_map(|t| Some((t, *by_code.get(t.code)?))).collect())
        .collect();
    let section_weights: Vec<f64> = SECTIONS
        .iter()
        .zip(&sections)
        .map(|(s, trades)| if trades.is_empty() { 0.0 } else { f64::from(s.per_mille) })
        .collect();
    let places = Places::new(towns);
    let mut cvrs = BTreeSet::new();
    let mut p_numbers = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut companies = Vec::with_capacity(count);
    while companies.len() < count {
        let trades = &sections[weighted_index(rng, &section_weights)];
        if trades.is_empty() {
            return companies;
        }
        let &(trade, industry) = weighted(rng, trades, |(t, _)| f64::from(t.weight));
        let Some(location) = places.draw(rng, trade.setting) else {
            // Only possible with broken reference data; the tests make sure it is not.
            return companies;
        };
        let employees = EmployeeInterval::ALL[weighted_index(rng, &interval_weights(trade.size))];
        let active = !rng.random_bool(CEASED);
        let name = unique_name(rng, trade, &location, employees, active, &mut names);
        companies.push(Company {
            cvr: new_cvr(rng, &mut cvrs),
            p_number: Some(new_p_number(rng, &mut p_numbers)),
            name,
            address: Address {
                street: location.street_line,
                postal_code: location.postal_code,
                town: location.town,
            },
            municipality_code,
            industry: Industry {
                code: industry.code.clone(),
                text: industry.text.clone(),
                version: "DB07".to_owned(),
            },
            employees,
            advertising_protected: rng.random_bool(ADVERTISING_PROTECTED),
            active,
        });
    }
    companies.sort_by(|a, b| a.cvr.cmp(&b.cvr));
    companies
}

/// A fresh CVR number: a random stem completed with its modulus-11 check digit.
fn new_cvr(rng: &mut DemoRng, used: &mut BTreeSet<Cvr>) -> Cvr {
    loop {
        // Numbers issued so far start with 1–4.
        if let Some(cvr) = Cvr::from_stem(rng.random_range(1_000_000..4_500_000))
            && used.insert(cvr.clone())
        {
            return cvr;
        }
    }
}

/// A fresh P-number; real ones are ten digits starting with 10.
fn new_p_number(rng: &mut DemoRng, used: &mut BTreeSet<u64>) -> PNumber {
    loop {
        let number = rng.random_range(1_000_000_000u64..1_035_000_000);
        if used.insert(number)
            && let Ok(p_number) = PNumber::parse(&number.to_string())
        {
            return p_number;
        }
    }
}

/// A name for the trade not used before. After [`NAME_ATTEMPTS`] a founding year tells it
/// apart, as Danish registers do ("Randers Boldklub af 1911", "Nielsen Holding af 2012 ApS").
fn unique_name(
    rng: &mut DemoRng,
    trade: &Trade,
    location: &Location,
    employees: EmployeeInterval,
    active: bool,
    used: &mut BTreeSet<String>,
) -> String {
    let join = |body: &str, year: Option<u16>, form: Option<&str>| {
        let mut name = body.to_owned();
        if let Some(year) = year {
            name.push_str(&format!(" af {year}"));
        }
        if let Some(form) = form {
            name.push(' ');
            name.push_str(form);
        }
        name
    };
    // A person's own name does not fit a company with twenty or more employees.
    let templates: Vec<&str> = match trade.templates.iter().filter(|t| !Suffix::is_personal(t)).count() {
        0 => trade.templates.to_vec(),
        _ if employees >= EmployeeInterval::From20To49 && employees != EmployeeInterval::Unknown => {
            trade.templates.iter().copied().filter(|t| !Suffix::is_personal(t)).collect()
        }
        _ => trade.templates.to_vec(),
    };
    let (mut body, mut form) = (String::new(), None);
    for _ in 0..NAME_ATTEMPTS {
        let parts = NameParts::draw(rng, location.street, &location.street_and_number, location.local);
        let (drawn, suffix) = render(one(rng, &templates), &parts);
        (body, form) = (drawn, legal_form(rng, suffix, employees, active));
        let name = join(&body, None, form);
        if used.insert(name.clone()) {
            return name;
        }
    }
    for _ in 0..NAME_ATTEMPTS {
        let name = join(&body, Some(rng.random_range(1950..=2025)), form);
        if used.insert(name.clone()) {
            return name;
        }
    }
    join(&body, None, form)
}

/// The legal form written after the name, or none for a sole trader or an association.
///
/// IVS was abolished in 2019–2021, so it survives mainly on ceased companies.
fn legal_form(
    rng: &mut DemoRng,
    suffix: Suffix,
    employees: EmployeeInterval,
    active: bool,
) -> Option<&'static str> {
    use EmployeeInterval as E;
    let ivs = if active { 0.5 } else { 25.0 };
    let (forms, weights): (&[Option<&str>], &[f64]) = match suffix {
        Suffix::Never => return None,
        Suffix::Fixed(form) => return Some(form),
        Suffix::Personal => (&[None, Some("ApS"), Some("IVS")], &[75.0, 22.0, ivs]),
        Suffix::BySize => match employees {
            E::None | E::One | E::From2To4 | E::Unknown => {
                (&[Some("ApS"), None, Some("IVS"), Some("I/S"), Some("A/S")], &[64.0, 26.0, ivs, 4.0, 2.5])
            }
            E::From5To9 | E::From10To19 | E::From20To49 => {
                (&[Some("ApS"), Some("A/S"), None, Some("I/S")], &[75.0, 15.0, 6.0, 4.0])
            }
            _ => (&[Some("A/S"), Some("ApS")], &[65.0, 35.0]),
        },
    };
    forms[weighted_index(rng, weights)]
}
