//! The pure parsing core of the company-register import.
//!
//! Municipalities get their companies from the Danish CVR register (the system-to-system API
//! returns Elasticsearch documents) or as a spreadsheet extract. This crate turns both into
//! [`RegisterCompany`] and [`ProductionUnit`] records and reports what it could not read:
//!
//! - [`CvrReader`] streams CVR JSON — Elasticsearch response pages (`hits.hits[]._source`),
//!   JSON Lines of `Vrvirksomhed` / `VrproduktionsEnhed` wrappers or bare documents — with memory
//!   bounded by one line (or one page), filters by municipality and yields one result per record.
//! - [`CsvImport`] reads a spreadsheet extract: detects encoding and delimiter, maps columns
//!   from Danish or English headers, previews rows and validates every row, reporting errors in
//!   Danish and English. Nothing is stored: the caller shows the report and imports on confirm.
//! - [`cvr_json_line`] / [`cvr_json_lines`] write CVR documents that the reader reads back
//!   equal, for test and benchmark files.
//!
//! No I/O beyond the `Read`/`BufRead` handed in, no database, no clock reads.

mod csv_decode;
mod csv_import;
mod csv_mapping;
mod csv_report;
mod current;
mod cvr_company;
mod cvr_doc;
mod cvr_json;
mod error;
mod production_unit;
mod record;
mod writer;

pub use csv_decode::{BinaryKind, TextEncoding};
pub use csv_import::{CsvImport, CsvRules, CsvValidation, PreviewRow};
pub use csv_mapping::{ColumnMapping, Field};
pub use csv_report::{RowError, RowProblem};
pub use current::{ClassificationRule, employees_from_count, is_ceased_status};
pub use cvr_json::{CvrFormat, CvrReader, ImportOptions, ImportStats};
pub use error::{CsvError, Position, RecordError, RecordProblem, RegisterError, WrongDocument};
pub use record::{ProductionUnit, RegisterCompany, RegisterRecord, UNKNOWN_INDUSTRY_CODE};
pub use writer::{cvr_interval_code, cvr_json_line, cvr_json_lines};
