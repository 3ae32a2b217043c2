//! Plain numbered companies for tests and benchmarks: valid, distinct CVR numbers and
//! otherwise ordinary Randers register data, so no caller needs a builder of its own.

use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry};

/// The companies with the valid CVR numbers from `first_stem` on, in CVR order. The `i`-th
/// (from 0) is "`label` `i` ApS" at "`label`vej `i`", 8900 Randers C, a software house.
pub fn numbered_companies(first_stem: u32, label: &str) -> impl Iterator<Item = Company> + '_ {
    (first_stem..).filter_map(Cvr::from_stem).enumerate().map(move |(i, cvr)| Company {
        cvr,
        p_number: None,
        name: format!("{label} {i} ApS"),
        address: Address {
            street: format!("{label}vej {i}"),
            postal_code: "8900".into(),
            town: "Randers C".into(),
        },
        municipality_code: 730,
        industry: Industry {
            code: "620100".into(),
            text: "Computerprogrammering".into(),
            version: "DB07".into(),
        },
        employees: EmployeeInterval::From10To19,
        advertising_protected: false,
        active: true,
    })
}
