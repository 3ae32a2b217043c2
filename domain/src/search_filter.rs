//! The search screen's filters: industry group, area (postal code) and "not contacted for
//! 12 months". Pure, so the app and any later server search agree on what they mean.

use crate::overview::industry_group_of_code;
use crate::search::CompanyKeys;
use chrono::{Months, NaiveDate};

/// How long without a contact makes a company "not contacted" on the search screen.
pub const NOT_CONTACTED_MONTHS: u32 = 12;

/// The first day that counts as a recent contact for the "not contacted" filter: contacts
/// on or after it mean the company was contacted. `None` only before year 1.
pub fn not_contacted_cutoff(today: NaiveDate) -> Option<NaiveDate> {
    today.checked_sub_months(Months::new(NOT_CONTACTED_MONTHS))
}

/// The filters a search applies besides its words; the default accepts every company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyFilter {
    /// Only companies in this industry group (1–11, Statistics Denmark's grouping).
    pub industry_group: Option<u8>,
    /// Only companies with this postal code.
    pub postal_code: Option<String>,
    /// Only companies without a contact since [`not_contacted_cutoff`].
    pub not_contacted: bool,
}

impl CompanyFilter {
    /// Whether any filter is set.
    pub fn is_active(&self) -> bool {
        self.industry_group.is_some() || self.postal_code.is_some() || self.not_contacted
    }

    /// Whether `company` passes; `contacted_recently` tells whether it had a contact since
    /// the cut-off (asked only when the "not contacted" filter is on).
    pub fn accepts(&self, company: CompanyKeys, contacted_recently: impl FnOnce() -> bool) -> bool {
        self.industry_group.is_none_or(|group| industry_group_of_code(company.industry_code) == group)
            && self.postal_code.as_ref().is_none_or(|code| company.postal_code == code)
            && (!self.not_contacted || !contacted_recently())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Address, Company, Cvr, EmployeeInterval, Industry};

    fn company(code: &str, postal_code: &str) -> Company {
        Company {
            cvr: Cvr::parse("25052943").expect("valid CVR"),
            p_number: None,
            name: "Bageriet".into(),
            address: Address {
                street: "Torvet 1".into(),
                postal_code: postal_code.into(),
                town: "Randers C".into(),
            },
            municipality_code: 730,
            industry: Industry { code: code.into(), text: "Bagerier".into(), version: "DB07".into() },
            employees: EmployeeInterval::From2To4,
            advertising_protected: false,
            active: true,
        }
    }

    #[test]
    fn no_filter_accepts_everything_without_asking_about_contacts() {
        let filter = CompanyFilter::default();
        assert!(!filter.is_active());
        assert!(filter.accepts(CompanyKeys::of(&company("107100", "8900")), || panic!("not asked")));
    }

    #[test]
    fn each_filter_narrows_and_they_combine() {
        let bakery = company("107100", "8900"); // section C: group 2
        let shop = company("471100", "8920"); // section G: group 4
        let group = CompanyFilter { industry_group: Some(2), ..CompanyFilter::default() };
        assert!(
            group.accepts(CompanyKeys::of(&bakery), || false)
                && !group.accepts(CompanyKeys::of(&shop), || false)
        );
        let area = CompanyFilter { postal_code: Some("8920".into()), ..CompanyFilter::default() };
        assert!(
            !area.accepts(CompanyKeys::of(&bakery), || false)
                && area.accepts(CompanyKeys::of(&shop), || false)
        );
        let forgotten = CompanyFilter { not_contacted: true, ..CompanyFilter::default() };
        assert!(
            forgotten.accepts(CompanyKeys::of(&bakery), || false)
                && !forgotten.accepts(CompanyKeys::of(&bakery), || true)
        );
        let both =
            CompanyFilter { industry_group: Some(4), postal_code: Some("8900".into()), not_contacted: false };
        assert!(
            !both.accepts(CompanyKeys::of(&bakery), || false)
                && !both.accepts(CompanyKeys::of(&shop), || false)
        );
    }

    #[test]
    fn the_cutoff_is_twelve_months_back() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).expect("a date");
        assert_eq!(not_contacted_cutoff(today), NaiveDate::from_ymd_opt(2025, 12, 2));
        let leap = NaiveDate::from_ymd_opt(2028, 2, 29).expect("a date");
        assert_eq!(not_contacted_cutoff(leap), NaiveDate::from_ymd_opt(2027, 2, 28));
    }
}
