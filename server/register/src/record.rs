//! The records an import produces, before anything is stored.

use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};
use serde::{Deserialize, Serialize};

/// Code stored for a company whose main industry the register does not state.
pub const UNKNOWN_INDUSTRY_CODE: &str = "000000";
/// Text stored next to [`UNKNOWN_INDUSTRY_CODE`] (the register's own word for it).
const UNKNOWN_INDUSTRY_TEXT: &str = "Uoplyst";

/// One record read from the register: a company or a production unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RegisterRecord {
    Company(RegisterCompany),
    ProductionUnit(ProductionUnit),
}

impl RegisterRecord {
    /// The municipality (`kommuneKode`) of the record's own address; 0 when unknown.
    pub fn municipality_code(&self) -> u16 {
        match self {
            Self::Company(c) => c.municipality_code,
            Self::ProductionUnit(u) => u.municipality_code,
        }
    }
}

/// A company (legal unit, `Vrvirksomhed`) with the register's current values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterCompany {
    pub cvr: Cvr,
    /// Current name (`nyesteNavn`).
    pub name: String,
    /// Current location address (`beliggenhedsadresse`); empty strings when the register has none.
    pub address: Address,
    /// "c/o" name of the address (`conavn`). Kept apart from the street line so that searching
    /// and grouping by street are not disturbed by it.
    pub care_of: Option<String>,
    /// Municipality of the location address (`kommuneKode`); 0 when the register has none.
    pub municipality_code: u16,
    pub main_industry: Option<Industry>,
    /// Current secondary industries (`bibranche1..3`), in the register's order.
    pub secondary_industries: Vec<Industry>,
    pub employees: EmployeeInterval,
    /// `reklamebeskyttet`: protected by law from marketing contact.
    pub advertising_protected: bool,
    /// False once the register says the company has ceased; ceased companies are still imported.
    pub active: bool,
    /// Legal form in words ("Anpartsselskab").
    pub company_form: Option<String>,
    /// The company's production units (`penheder`): the current ones, or all when none is current.
    pub p_numbers: Vec<PNumber>,
}

impl RegisterCompany {
    /// The domain company: an unknown main industry becomes code `000000` "Uoplyst", and the
    /// first production unit becomes the company's P-number.
    pub fn to_company(&self) -> Company {
        Company {
            cvr: self.cvr.clone(),
            p_number: self.p_numbers.first().cloned(),
            name: self.name.clone(),
            address: self.address.clone(),
            municipality_code: self.municipality_code,
            industry: self.main_industry.clone().unwrap_or_else(|| Industry {
                code: UNKNOWN_INDUSTRY_CODE.to_owned(),
                text: UNKNOWN_INDUSTRY_TEXT.to_owned(),
                version: crate::current::DB07.to_owned(),
            }),
            employees: self.employees,
            advertising_protected: self.advertising_protected,
            active: self.active,
        }
    }
}

/// A production unit (`VrproduktionsEnhed`, a workplace), keyed by P-number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductionUnit {
    pub p_number: PNumber,
    /// The company the unit currently belongs to (`virksomhedsrelation`), which may lie in another
    /// municipality than the unit itself.
    pub cvr: Option<Cvr>,
    pub name: String,
    pub address: Address,
    pub care_of: Option<String>,
    pub municipality_code: u16,
    pub main_industry: Option<Industry>,
    pub employees: EmployeeInterval,
    pub advertising_protected: bool,
    pub active: bool,
}
