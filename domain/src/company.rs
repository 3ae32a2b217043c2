//! Companies as the municipality knows them from the CVR register.

use crate::cvr::{Cvr, PNumber};
use serde::{Deserialize, Serialize};

/// A postal address in Denmark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// Street, house number, floor and door, as one line ("Tronholmen 1, 2. th").
    pub street: String,
    /// Four-digit postal code ("8960").
    pub postal_code: String,
    /// The postal town ("Randers SØ").
    pub town: String,
}

/// An industry code with its text and the classification it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Industry {
    /// Six-digit code without dots ("475410").
    pub code: String,
    /// Danish text of the code.
    pub text: String,
    /// Classification the code is from ("DB07"; "DB25" for NACE rev. 2.1).
    pub version: String,
}

/// Employee count as the register reports it: an interval, not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EmployeeInterval {
    None,
    One,
    From2To4,
    From5To9,
    From10To19,
    From20To49,
    From50To99,
    From100To199,
    From200To499,
    From500To999,
    From1000,
    Unknown,
}

impl EmployeeInterval {
    /// All intervals from small to large, `Unknown` last.
    pub const ALL: [Self; 12] = [
        Self::None,
        Self::One,
        Self::From2To4,
        Self::From5To9,
        Self::From10To19,
        Self::From20To49,
        Self::From50To99,
        Self::From100To199,
        Self::From200To499,
        Self::From500To999,
        Self::From1000,
        Self::Unknown,
    ];

    /// Maps the register's interval code (`intervalKodeAntalAnsatte`, e.g. `ANTAL_10_19`).
    pub fn from_cvr_code(code: &str) -> Self {
        match code {
            "ANTAL_0_0" => Self::None,
            "ANTAL_1_1" => Self::One,
            "ANTAL_2_4" => Self::From2To4,
            "ANTAL_5_9" => Self::From5To9,
            "ANTAL_10_19" => Self::From10To19,
            "ANTAL_20_49" => Self::From20To49,
            "ANTAL_50_99" => Self::From50To99,
            "ANTAL_100_199" => Self::From100To199,
            "ANTAL_200_499" => Self::From200To499,
            "ANTAL_500_999" => Self::From500To999,
            "ANTAL_1000_999999" => Self::From1000,
            _ => Self::Unknown,
        }
    }

    /// The interval as people read it ("10–19").
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "0",
            Self::One => "1",
            Self::From2To4 => "2–4",
            Self::From5To9 => "5–9",
            Self::From10To19 => "10–19",
            Self::From20To49 => "20–49",
            Self::From50To99 => "50–99",
            Self::From100To199 => "100–199",
            Self::From200To499 => "200–499",
            Self::From500To999 => "500–999",
            Self::From1000 => "1000+",
            Self::Unknown => "?",
        }
    }

    /// Stable text form used in storage (same as the JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::One => "one",
            Self::From2To4 => "from2_to4",
            Self::From5To9 => "from5_to9",
            Self::From10To19 => "from10_to19",
            Self::From20To49 => "from20_to49",
            Self::From50To99 => "from50_to99",
            Self::From100To199 => "from100_to199",
            Self::From200To499 => "from200_to499",
            Self::From500To999 => "from500_to999",
            Self::From1000 => "from1000",
            Self::Unknown => "unknown",
        }
    }

    /// Inverse of [`Self::as_str`]; unknown text maps to `Unknown`.
    pub fn parse(text: &str) -> Self {
        Self::ALL.into_iter().find(|i| i.as_str() == text).unwrap_or(Self::Unknown)
    }
}

/// A company (legal unit) in the municipality, keyed by CVR number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Company {
    pub cvr: Cvr,
    /// The main production unit, when known (jobcenter systems key companies by it).
    pub p_number: Option<PNumber>,
    pub name: String,
    pub address: Address,
    /// Municipality code from the register (Randers is 730).
    pub municipality_code: u16,
    pub industry: Industry,
    pub employees: EmployeeInterval,
    /// "Reklamebeskyttet": protected by law from marketing contact. A register fact,
    /// separate from a company's own request not to be contacted.
    pub advertising_protected: bool,
    /// False once the register says the company has ceased; ceased companies are kept.
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_interval_codes_map_to_intervals() {
        assert_eq!(EmployeeInterval::from_cvr_code("ANTAL_10_19"), EmployeeInterval::From10To19);
        assert_eq!(EmployeeInterval::from_cvr_code("ANTAL_0_0"), EmployeeInterval::None);
        assert_eq!(EmployeeInterval::from_cvr_code("ANTAL_1000_999999"), EmployeeInterval::From1000);
        assert_eq!(EmployeeInterval::from_cvr_code("nonsense"), EmployeeInterval::Unknown);
    }

    #[test]
    fn storage_text_round_trips_and_matches_json() {
        for interval in EmployeeInterval::ALL {
            assert_eq!(EmployeeInterval::parse(interval.as_str()), interval);
            let json = serde_json::to_string(&interval).unwrap();
            assert_eq!(json, format!("\"{}\"", interval.as_str()));
        }
    }
}
