//! What can go wrong while reading register data, in words an admin can act on.
//!
//! Two levels: a [`RegisterError`] / [`CsvError`] means the input as a whole cannot be read
//! (nothing should be imported); a [`RecordError`] is one bad record among good ones. Every
//! error has an English `Display` and a Danish `message_da()`.

use crate::csv_decode::BinaryKind;
use crate::csv_mapping::Field;
use kontaktpunkt_domain::{CvrError, PNumberError};
use std::fmt;

/// Why a CVR JSON input cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("could not read the input: {0}")]
    Io(#[from] std::io::Error),
    #[error("the input is empty")]
    Empty,
    #[error("the input is not UTF-8 text (is it compressed, or a spreadsheet?)")]
    NotText,
    #[error("malformed JSON at line {line}, column {column}: {reason}")]
    MalformedJson { line: u64, column: u64, reason: String },
    #[error("not CVR company data: {0}")]
    WrongDocumentType(WrongDocument),
}

impl RegisterError {
    /// The error in Danish, for the admin screen.
    pub fn message_da(&self) -> String {
        match self {
            Self::Io(e) => format!("Filen kunne ikke læses: {e}"),
            Self::Empty => "Filen er tom.".to_owned(),
            Self::NotText => "Filen er ikke tekst i UTF-8 (er den komprimeret eller et regneark?)".to_owned(),
            Self::MalformedJson { line, column, reason } => {
                format!("Ugyldig JSON i linje {line}, kolonne {column}: {reason}")
            }
            Self::WrongDocumentType(kind) => format!("Ikke CVR-virksomhedsdata: {}", kind.message_da()),
        }
    }
}

/// A JSON document that is not a company or production unit from the CVR register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrongDocument {
    /// A participant (person) document, `Vrdeltagerperson`.
    Person,
    /// The register answered with an error instead of data.
    RegisterErrorResponse(String),
    /// A JSON value that is not an object (an array, a number, …).
    NotAnObject,
    /// An object without any CVR keys; its first keys are listed.
    Unknown { keys: Vec<String> },
}

impl fmt::Display for WrongDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Person => {
                f.write_str("a person document (Vrdeltagerperson), not a company or production unit")
            }
            Self::RegisterErrorResponse(e) => write!(f, "the register answered with an error: {e}"),
            Self::NotAnObject => f.write_str("the JSON is not an object"),
            Self::Unknown { keys } => {
                write!(f, "no Vrvirksomhed or VrproduktionsEnhed; keys found: {}", keys.join(", "))
            }
        }
    }
}

impl WrongDocument {
    /// The reason in Danish.
    pub fn message_da(&self) -> String {
        match self {
            Self::Person => {
                "et personopslag (Vrdeltagerperson), ikke en virksomhed eller produktionsenhed".to_owned()
            }
            Self::RegisterErrorResponse(e) => format!("registret svarede med en fejl: {e}"),
            Self::NotAnObject => "JSON-værdien er ikke et objekt".to_owned(),
            Self::Unknown { keys } => {
                format!("hverken Vrvirksomhed eller VrproduktionsEnhed; fundne nøgler: {}", keys.join(", "))
            }
        }
    }
}

/// Where a record sits in the input: a line of JSON Lines, an index into a page's
/// `hits.hits`, or both (a page on one line of JSON Lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line number.
    pub line: Option<u64>,
    /// 0-based index into `hits.hits`.
    pub hit: Option<usize>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.hit) {
            (Some(line), Some(hit)) => write!(f, "line {line}, hit {hit}"),
            (Some(line), None) => write!(f, "line {line}"),
            (None, Some(hit)) => write!(f, "hit {hit}"),
            (None, None) => f.write_str("document"),
        }
    }
}

/// One record that could not be read; the records around it still are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {problem}")]
pub struct RecordError {
    pub position: Position,
    pub problem: RecordProblem,
}

impl RecordError {
    /// The error in Danish.
    pub fn message_da(&self) -> String {
        let at = match (self.position.line, self.position.hit) {
            (Some(line), Some(hit)) => format!("Linje {line}, træf {hit}"),
            (Some(line), None) => format!("Linje {line}"),
            (None, Some(hit)) => format!("Træf {hit}"),
            (None, None) => "Dokumentet".to_owned(),
        };
        format!("{at}: {}", self.problem.message_da())
    }
}

/// Why one record could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordProblem {
    #[error("malformed JSON at column {column}: {reason}")]
    MalformedJson { column: u64, reason: String },
    #[error("the line is not UTF-8 text")]
    NotText,
    #[error("{0}")]
    WrongDocumentType(WrongDocument),
    #[error("a field has an unexpected form: {0}")]
    UnexpectedShape(String),
    #[error("the company has no CVR number")]
    MissingCvr,
    #[error("invalid CVR number {value:?}: {error}")]
    InvalidCvr { value: String, error: CvrError },
    #[error("the production unit has no P-number")]
    MissingPNumber,
    #[error("invalid P-number {value:?}: {error}")]
    InvalidPNumber { value: String, error: PNumberError },
    #[error("the record has no name")]
    MissingName,
    #[error("reading stopped: {0}")]
    Io(String),
}

impl RecordProblem {
    /// The problem in Danish.
    pub fn message_da(&self) -> String {
        match self {
            Self::MalformedJson { column, reason } => format!("ugyldig JSON i kolonne {column}: {reason}"),
            Self::NotText => "linjen er ikke tekst i UTF-8".to_owned(),
            Self::WrongDocumentType(kind) => kind.message_da(),
            Self::UnexpectedShape(reason) => format!("et felt har en uventet form: {reason}"),
            Self::MissingCvr => "virksomheden har intet CVR-nummer".to_owned(),
            Self::InvalidCvr { value, .. } => format!("ugyldigt CVR-nummer {value:?}"),
            Self::MissingPNumber => "produktionsenheden har intet P-nummer".to_owned(),
            Self::InvalidPNumber { value, .. } => format!("ugyldigt P-nummer {value:?}"),
            Self::MissingName => "posten har intet navn".to_owned(),
            Self::Io(reason) => format!("læsningen stoppede: {reason}"),
        }
    }
}

/// Why a spreadsheet extract cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("the file is not a text file: {0}")]
    NotText(BinaryKind),
    #[error("the file claims to be {encoding} but is not: {detail}")]
    InvalidEncoding { encoding: &'static str, detail: String },
    #[error(
        "only one column found in the header {header:?}: the file is probably separated by another \
         character than semicolon, comma or tab"
    )]
    SingleColumn { header: String },
    #[error("no column is mapped to {0}")]
    MissingColumn(Field),
    #[error("{field} is mapped to column {index}, but the file has {columns} columns")]
    ColumnOutOfRange { field: Field, index: usize, columns: usize },
    #[error("column {index} is mapped to both {first} and {second}; a column serves one field")]
    ColumnUsedTwice { first: Field, second: Field, index: usize },
    #[error("the file cannot be read as CSV: {0}")]
    Malformed(String),
}

impl CsvError {
    /// The error in Danish.
    pub fn message_da(&self) -> String {
        match self {
            Self::Io(e) => format!("Filen kunne ikke læses: {e}"),
            Self::Empty => "Filen er tom.".to_owned(),
            Self::TooLarge { limit } => format!("Filen er større end {limit} byte."),
            Self::NotText(kind) => format!("Filen er ikke en tekstfil: {}", kind.message_da()),
            Self::InvalidEncoding { encoding, detail } => {
                format!("Filen angiver at være {encoding}, men er det ikke: {detail}")
            }
            Self::SingleColumn { header } => format!(
                "Kun én kolonne fundet i overskriften {header:?}: filen er sikkert adskilt med et andet \
                 tegn end semikolon, komma eller tabulator."
            ),
            Self::MissingColumn(field) => format!("Ingen kolonne er valgt til {}.", field.label_da()),
            Self::ColumnOutOfRange { field, index, columns } => {
                format!("{} peger på kolonne {index}, men filen har {columns} kolonner.", field.label_da())
            }
            Self::ColumnUsedTwice { first, second, index } => format!(
                "Kolonne {index} er valgt til både {} og {}; en kolonne kan kun bruges til ét felt.",
                first.label_da(),
                second.label_da()
            ),
            Self::Malformed(reason) => format!("Filen kan ikke læses som CSV: {reason}"),
        }
    }
}
