//! Spreadsheet extracts: decode, map columns, preview, validate.
//!
//! Nothing is stored here. The admin screen shows [`CsvImport::preview`] and the report of
//! [`CsvImport::validate`]; only when the admin confirms does the server import the valid rows.

use crate::csv_decode::{TextEncoding, decode, detect_delimiter};
use crate::csv_mapping::{ColumnMapping, Field};
use crate::csv_report::{RowError, RowProblem};
use crate::current::{DB07, employees_from_count, industry_code, postal_code};
use crate::error::CsvError;
use crate::record::RegisterCompany;
use kontaktpunkt_domain::{Address, Cvr, EmployeeInterval, Industry, PNumber};
use std::collections::{HashMap, HashSet};
use std::io::Read;

/// Spreadsheet extracts are a municipality's companies, thousands of rows at most; a larger
/// file is a mistake (or a register dump that belongs in the JSON import).
const MAX_BYTES: usize = 64 * 1024 * 1024;

/// A decoded spreadsheet extract with its detected layout and column mapping.
#[derive(Debug, Clone)]
pub struct CsvImport {
    text: String,
    encoding: TextEncoding,
    delimiter: u8,
    headers: Vec<String>,
    mapping: ColumnMapping,
}

/// One row as it stands in the file, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PreviewRow {
    /// Row number as a spreadsheet shows it (the header is row 1).
    pub row: u64,
    pub cells: Vec<String>,
}

/// What validation checks rows against.
#[derive(Debug, Clone, Default)]
pub struct CsvRules {
    /// Four-digit Danish postal codes ("0800", "8960"); a row with another code is reported.
    pub known_postal_codes: HashSet<String>,
    /// Municipality for rows without a municipality column or value (an extract of one
    /// municipality's companies usually has none).
    pub default_municipality_code: Option<u16>,
}

/// The outcome of validating every row: valid rows as companies, the rest as errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CsvValidation {
    /// Data rows read (the header not counted).
    pub rows: u64,
    pub companies: Vec<RegisterCompany>,
    pub errors: Vec<RowError>,
}

impl CsvImport {
    /// Decodes the file, detects the delimiter and maps columns from the header row.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CsvError> {
        if bytes.len() > MAX_BYTES {
            return Err(CsvError::TooLarge { limit: MAX_BYTES });
        }
        let (text, encoding) = decode(bytes)?;
        let delimiter = detect_delimiter(&text)?;
        let mut reader = reader(&text, delimiter);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| CsvError::Malformed(e.to_string()))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        let mapping = ColumnMapping::detect(&headers);
        Ok(Self { text, encoding, delimiter, headers, mapping })
    }

    /// Reads the whole file (at most 64 MiB) and hands it to [`Self::from_bytes`].
    pub fn from_reader<R: Read>(input: R) -> Result<Self, CsvError> {
        let mut bytes = Vec::new();
        input.take(MAX_BYTES as u64 + 1).read_to_end(&mut bytes)?;
        Self::from_bytes(&bytes)
    }

    /// The encoding the file was decoded with.
    pub fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The detected delimiter (`b';'`, `b','` or `b'\t'`).
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }

    /// The header row, trimmed.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The current column mapping (detected, or set by the caller).
    pub fn mapping(&self) -> &ColumnMapping {
        &self.mapping
    }

    /// Replaces the detected mapping; every column must exist in the file and serve one field.
    pub fn set_mapping(&mut self, mapping: ColumnMapping) -> Result<(), CsvError> {
        if let Some((field, index)) = mapping.iter().find(|(_, index)| *index >= self.headers.len()) {
            return Err(CsvError::ColumnOutOfRange { field, index, columns: self.headers.len() });
        }
        if let Some((first, second, index)) = mapping.shared_column() {
            return Err(CsvError::ColumnUsedTwice { first, second, index });
        }
        self.mapping = mapping;
        Ok(())
    }

    /// The first `n` data rows as they stand in the file.
    pub fn preview(&self, n: usize) -> Vec<PreviewRow> {
        reader(&self.text, self.delimiter)
            .records()
            .take(n)
            .filter_map(Result::ok)
            .map(|record| PreviewRow {
                row: record.position().map_or(0, |p| p.line()),
                cells: record.iter().map(|c| c.trim().to_owned()).collect(),
            })
            .collect()
    }

    /// Checks every row and turns the valid ones into companies. Fails only when a required
    /// field (CVR, name) has no column.
    pub fn validate(&self, rules: &CsvRules) -> Result<CsvValidation, CsvError> {
        if let Some(field) = self.mapping.missing_required().into_iter().next() {
            return Err(CsvError::MissingColumn(field));
        }
        let mut outcome = CsvValidation::default();
        let mut seen: HashMap<Cvr, u64> = HashMap::new();
        for (index, record) in reader(&self.text, self.delimiter).records().enumerate() {
            outcome.rows += 1;
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    let row = e.position().map_or(index as u64 + 2, |p| p.line());
                    let problem = RowProblem::Unreadable { reason: e.to_string() };
                    outcome.errors.push(RowError { row, column: None, problem });
                    continue;
                }
            };
            let row = record.position().map_or(index as u64 + 2, |p| p.line());
            let mut cells = Cells { import: self, record: &record, row, errors: Vec::new() };
            let company = cells.company(rules);
            if let Some(company) = &company
                && let Some(first_row) = seen.get(&company.cvr)
            {
                cells.fail(Field::Cvr, RowProblem::DuplicateCvr { first_row: *first_row });
            }
            match company {
                Some(company) if cells.errors.is_empty() => {
                    seen.insert(company.cvr.clone(), row);
                    outcome.companies.push(company);
                }
                _ => outcome.errors.append(&mut cells.errors),
            }
        }
        Ok(outcome)
    }
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    // Flexible: spreadsheet exports drop empty trailing cells; a short row just has blanks.
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes())
}

/// One row being validated, collecting its problems.
struct Cells<'a> {
    import: &'a CsvImport,
    record: &'a csv::StringRecord,
    row: u64,
    errors: Vec<RowError>,
}

impl Cells<'_> {
    fn get(&self, field: Field) -> &str {
        self.import.mapping.get(field).and_then(|i| self.record.get(i)).map_or("", str::trim)
    }

    fn fail(&mut self, field: Field, problem: RowProblem) {
        let column = self.import.mapping.get(field).and_then(|i| self.import.headers.get(i)).cloned();
        self.errors.push(RowError { row: self.row, column, problem });
    }

    /// The row as a company; `None` when a problem leaves no company to build (the problems
    /// are in `errors` either way).
    fn company(&mut self, rules: &CsvRules) -> Option<RegisterCompany> {
        let cvr = self.cvr();
        let name = self.get(Field::Name).to_owned();
        if name.is_empty() {
            self.fail(Field::Name, RowProblem::MissingName);
        }
        let postal = self.postal_code(rules);
        let municipality_code = self.municipality(rules);
        let main_industry = self.industry();
        let employees = self.employees();
        let advertising_protected = self.yes_no(Field::AdvertisingProtected);
        let p_numbers = self.p_number();
        let mut street = self.get(Field::Street).to_owned();
        let number = self.get(Field::HouseNumber);
        if !number.is_empty() && !street.is_empty() {
            street = format!("{street} {number}");
        }
        Some(RegisterCompany {
            cvr: cvr?,
            name,
            address: Address { street, postal_code: postal, town: self.get(Field::Town).to_owned() },
            care_of: None,
            municipality_code: municipality_code?,
            main_industry,
            secondary_industries: Vec::new(),
            employees,
            advertising_protected,
            active: true,
            company_form: None,
            p_numbers,
        })
    }

    fn cvr(&mut self) -> Option<Cvr> {
        let raw = self.get(Field::Cvr).to_owned();
        // People paste VAT numbers ("DK25052943"); the CVR number is the same digits.
        let digits = raw.strip_prefix("DK").or_else(|| raw.strip_prefix("dk")).unwrap_or(&raw);
        if digits.is_empty() {
            self.fail(Field::Cvr, RowProblem::MissingCvr);
            return None;
        }
        match Cvr::parse(digits) {
            Ok(cvr) => Some(cvr),
            Err(error) => {
                self.fail(Field::Cvr, RowProblem::InvalidCvr { value: raw.clone(), error });
                None
            }
        }
    }

    fn postal_code(&mut self, rules: &CsvRules) -> String {
        let raw = self.get(Field::PostalCode).to_owned();
        if raw.is_empty() {
            return raw;
        }
        let code = postal_code(&raw);
        if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
            self.fail(Field::PostalCode, RowProblem::InvalidPostalCode { value: raw });
        } else if !rules.known_postal_codes.contains(&code) {
            self.fail(Field::PostalCode, RowProblem::UnknownPostalCode { value: code.clone() });
        }
        code
    }

    fn municipality(&mut self, rules: &CsvRules) -> Option<u16> {
        let raw = self.get(Field::MunicipalityCode).to_owned();
        if raw.is_empty() {
            if rules.default_municipality_code.is_none() {
                self.fail(Field::MunicipalityCode, RowProblem::MissingMunicipality);
            }
            return rules.default_municipality_code;
        }
        match raw.parse::<u16>() {
            Ok(code) if (1..1000).contains(&code) => Some(code),
            _ => {
                self.fail(Field::MunicipalityCode, RowProblem::InvalidMunicipalityCode { value: raw });
                None
            }
        }
    }

    fn industry(&mut self) -> Option<Industry> {
        let raw = self.get(Field::IndustryCode).to_owned();
        if raw.is_empty() {
            return None;
        }
        match industry_code(&raw) {
            Some(code) => Some(Industry {
                code,
                text: self.get(Field::IndustryText).to_owned(),
                version: DB07.to_owned(),
            }),
            None => {
                self.fail(Field::IndustryCode, RowProblem::InvalidIndustryCode { value: raw });
                None
            }
        }
    }

    fn employees(&mut self) -> EmployeeInterval {
        let raw = self.get(Field::Employees).to_owned();
        match parse_employees(&raw) {
            Some(interval) => interval,
            None => {
                self.fail(Field::Employees, RowProblem::InvalidEmployees { value: raw });
                EmployeeInterval::Unknown
            }
        }
    }

    fn yes_no(&mut self, field: Field) -> bool {
        let raw = self.get(field).to_owned();
        match raw.to_lowercase().as_str() {
            "ja" | "j" | "yes" | "y" | "true" | "sand" | "1" | "x" => true,
            "nej" | "n" | "no" | "false" | "falsk" | "0" | "" => false,
            _ => {
                self.fail(field, RowProblem::InvalidYesNo { value: raw });
                false
            }
        }
    }

    fn p_number(&mut self) -> Vec<PNumber> {
        let raw = self.get(Field::PNumber).to_owned();
        if raw.is_empty() {
            return Vec::new();
        }
        match PNumber::parse(&raw) {
            Ok(p) => vec![p],
            Err(error) => {
                self.fail(Field::PNumber, RowProblem::InvalidPNumber { value: raw, error });
                Vec::new()
            }
        }
    }
}

/// An interval code (`ANTAL_10_19`), the stored form (`from10_to19`), an interval as people
/// write it ("10-19", "10–19", "1000+") or a head count ("12", "12,0"); empty is unknown.
fn parse_employees(raw: &str) -> Option<EmployeeInterval> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(EmployeeInterval::Unknown);
    }
    let from_code = EmployeeInterval::from_cvr_code(&raw.to_ascii_uppercase());
    if from_code != EmployeeInterval::Unknown {
        return Some(from_code);
    }
    let stored = EmployeeInterval::parse(raw);
    if stored != EmployeeInterval::Unknown {
        return Some(stored);
    }
    let compact: String =
        raw.chars().filter(|c| !c.is_whitespace()).map(|c| if c == '-' { '–' } else { c }).collect();
    if let Some(interval) =
        EmployeeInterval::ALL.into_iter().find(|i| *i != EmployeeInterval::Unknown && i.label() == compact)
    {
        return Some(interval);
    }
    let whole = compact.strip_suffix(",0").or_else(|| compact.strip_suffix(".0")).unwrap_or(&compact);
    whole.parse::<u64>().ok().map(employees_from_count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn employee_values_in_every_common_form_map_to_intervals() {
        assert_eq!(parse_employees("ANTAL_10_19"), Some(EmployeeInterval::From10To19));
        assert_eq!(parse_employees("10-19"), Some(EmployeeInterval::From10To19));
        assert_eq!(parse_employees("10 – 19"), Some(EmployeeInterval::From10To19));
        assert_eq!(parse_employees("12"), Some(EmployeeInterval::From10To19));
        assert_eq!(parse_employees("3,0"), Some(EmployeeInterval::From2To4));
        assert_eq!(parse_employees("1000+"), Some(EmployeeInterval::From1000));
        assert_eq!(parse_employees("from5_to9"), Some(EmployeeInterval::From5To9));
        assert_eq!(parse_employees(""), Some(EmployeeInterval::Unknown));
        assert_eq!(parse_employees("mange"), None);
    }
}
