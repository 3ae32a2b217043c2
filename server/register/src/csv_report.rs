//! The row-level error report of a spreadsheet import, in Danish and English.

use kontaktpunkt_domain::{CvrError, PNumberError};
use serde::Serialize;
use std::fmt;

/// One problem in one row; a row can have several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// Line number in the file as a spreadsheet shows it: the header is row 1.
    pub row: u64,
    /// The header of the column at fault, as written in the file; `None` for a whole row.
    pub column: Option<String>,
    pub problem: RowProblem,
}

impl RowError {
    /// "Række 3, kolonne CVR: …".
    pub fn message_da(&self) -> String {
        match &self.column {
            Some(column) => format!("Række {}, kolonne {column}: {}", self.row, self.problem.message_da()),
            None => format!("Række {}: {}", self.row, self.problem.message_da()),
        }
    }

    /// "Row 3, column CVR: …".
    pub fn message_en(&self) -> String {
        match &self.column {
            Some(column) => format!("Row {}, column {column}: {}", self.row, self.problem.message_en()),
            None => format!("Row {}: {}", self.row, self.problem.message_en()),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for RowError {}

/// What is wrong with a cell (or a row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowProblem {
    MissingCvr,
    InvalidCvr {
        value: String,
        #[serde(skip)]
        error: CvrError,
    },
    /// The same CVR number was already on an earlier row.
    DuplicateCvr {
        first_row: u64,
    },
    MissingName,
    InvalidPostalCode {
        value: String,
    },
    /// Four digits, but not a Danish postal code the caller knows.
    UnknownPostalCode {
        value: String,
    },
    /// No municipality column and no default municipality.
    MissingMunicipality,
    InvalidMunicipalityCode {
        value: String,
    },
    InvalidIndustryCode {
        value: String,
    },
    InvalidEmployees {
        value: String,
    },
    InvalidYesNo {
        value: String,
    },
    InvalidPNumber {
        value: String,
        #[serde(skip)]
        error: PNumberError,
    },
    /// The CSV reader could not read the row.
    Unreadable {
        reason: String,
    },
}

impl RowProblem {
    /// The problem in Danish.
    pub fn message_da(&self) -> String {
        match self {
            Self::MissingCvr => "CVR-nummer mangler".to_owned(),
            Self::InvalidCvr { value, error } => {
                format!("{value:?} er ikke et gyldigt CVR-nummer ({})", cvr_da(*error))
            }
            Self::DuplicateCvr { first_row } => format!("CVR-nummeret står allerede i række {first_row}"),
            Self::MissingName => "navn mangler".to_owned(),
            Self::InvalidPostalCode { value } => format!("{value:?} er ikke et postnummer (fire cifre)"),
            Self::UnknownPostalCode { value } => format!("postnummer {value} findes ikke"),
            Self::MissingMunicipality => "kommunekode mangler".to_owned(),
            Self::InvalidMunicipalityCode { value } => format!("{value:?} er ikke en kommunekode"),
            Self::InvalidIndustryCode { value } => format!("{value:?} er ikke en branchekode (seks cifre)"),
            Self::InvalidEmployees { value } => {
                format!(
                    "{value:?} er ikke et antal ansatte (et tal, et interval som 10-19 eller en CVR-intervalkode)"
                )
            }
            Self::InvalidYesNo { value } => format!("{value:?} er hverken ja eller nej"),
            Self::InvalidPNumber { value, .. } => format!("{value:?} er ikke et P-nummer (ti cifre)"),
            Self::Unreadable { reason } => format!("rækken kan ikke læses: {reason}"),
        }
    }

    /// The problem in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::MissingCvr => "the CVR number is missing".to_owned(),
            Self::InvalidCvr { value, error } => format!("{value:?} is not a valid CVR number ({error})"),
            Self::DuplicateCvr { first_row } => format!("the CVR number is already on row {first_row}"),
            Self::MissingName => "the name is missing".to_owned(),
            Self::InvalidPostalCode { value } => format!("{value:?} is not a postal code (four digits)"),
            Self::UnknownPostalCode { value } => format!("postal code {value} does not exist"),
            Self::MissingMunicipality => "the municipality code is missing".to_owned(),
            Self::InvalidMunicipalityCode { value } => format!("{value:?} is not a municipality code"),
            Self::InvalidIndustryCode { value } => format!("{value:?} is not an industry code (six digits)"),
            Self::InvalidEmployees { value } => format!(
                "{value:?} is not an employee count (a number, an interval like 10-19 or a CVR interval code)"
            ),
            Self::InvalidYesNo { value } => format!("{value:?} is neither yes nor no"),
            Self::InvalidPNumber { value, .. } => format!("{value:?} is not a P-number (ten digits)"),
            Self::Unreadable { reason } => format!("the row cannot be read: {reason}"),
        }
    }
}

fn cvr_da(error: CvrError) -> &'static str {
    match error {
        CvrError::WrongLength => "et CVR-nummer har præcis 8 cifre",
        CvrError::NotDigits => "et CVR-nummer består kun af cifre",
        CvrError::LeadingZero => "et CVR-nummer kan ikke begynde med 0",
        CvrError::CheckDigit => "kontrolcifferet er forkert",
    }
}
