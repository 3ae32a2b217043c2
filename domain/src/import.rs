//! Messages of the admin's company-register import: upload → preview → apply or discard.
//!
//! The same [`ImportSummary`] describes a dry run (the preview of an upload, or the CLI's
//! `--dry-run`) and an applied import, so the admin sees before confirming exactly what the
//! import will do.

use crate::cvr::Cvr;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest list in a summary; the counts next to each list are always exact.
///
/// A first import of a whole register has 100,000 new companies: listing them all would make
/// the summary megabytes long without telling anyone more.
pub const SUMMARY_LIST_LIMIT: usize = 1000;

/// Rows of the file shown in a preview.
pub const PREVIEW_ROWS: usize = 10;

/// What kind of file an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// The CVR register's JSON: Elasticsearch pages or JSON Lines.
    Cvr,
    /// A spreadsheet extract saved as CSV.
    Csv,
}

impl ImportFormat {
    /// Stable text form (same as the JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cvr => "cvr",
            Self::Csv => "csv",
        }
    }

    /// Inverse of [`Self::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Cvr, Self::Csv].into_iter().find(|f| f.as_str() == text)
    }
}

/// Where an uploaded import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Uploaded and previewed; nothing written to the companies yet.
    Pending,
    Applied,
    Discarded,
}

impl ImportStatus {
    /// Stable text form (same as the JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Applied => "applied",
            Self::Discarded => "discarded",
        }
    }

    /// Inverse of [`Self::as_str`].
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Pending, Self::Applied, Self::Discarded].into_iter().find(|s| s.as_str() == text)
    }
}

/// A company field that the register owns and an import may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegisterField {
    Name,
    /// Street, postal code or town.
    Address,
    CareOf,
    MunicipalityCode,
    /// The main industry (code, text or classification version).
    Industry,
    SecondaryIndustries,
    Employees,
    AdvertisingProtected,
    Active,
    PNumber,
    CompanyForm,
}

impl RegisterField {
    /// The field's name in Danish, for summaries ("Adresse").
    pub fn label_da(self) -> &'static str {
        match self {
            Self::Name => "Navn",
            Self::Address => "Adresse",
            Self::CareOf => "c/o",
            Self::MunicipalityCode => "Kommunekode",
            Self::Industry => "Hovedbranche",
            Self::SecondaryIndustries => "Bibrancher",
            Self::Employees => "Antal ansatte",
            Self::AdvertisingProtected => "Reklamebeskyttet",
            Self::Active => "Aktiv",
            Self::PNumber => "P-nummer",
            Self::CompanyForm => "Virksomhedsform",
        }
    }

    /// Stable text form (same as the JSON form).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Address => "address",
            Self::CareOf => "care_of",
            Self::MunicipalityCode => "municipality_code",
            Self::Industry => "industry",
            Self::SecondaryIndustries => "secondary_industries",
            Self::Employees => "employees",
            Self::AdvertisingProtected => "advertising_protected",
            Self::Active => "active",
            Self::PNumber => "p_number",
            Self::CompanyForm => "company_form",
        }
    }
}

/// One field's value before and after, as text a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: RegisterField,
    pub old: String,
    pub new: String,
}

/// A known company whose register fields the import changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyChange {
    pub cvr: Cvr,
    /// The name after the import.
    pub name: String,
    /// Which fields change, each with its old and new value.
    pub changes: Vec<FieldChange>,
}

/// Why a company became inactive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CeaseReason {
    /// The register says it has ceased (ophørt, opløst, konkurs …).
    Ceased,
    /// A full refresh did not contain it.
    MissingFromFullRefresh,
}

/// A company that was active and becomes inactive. It is never deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CeasedCompany {
    pub cvr: Cvr,
    pub name: String,
    pub reason: CeaseReason,
}

/// A record of the file that cannot be imported, with the reason in Danish and English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectedRecord {
    /// CSV: the row as a spreadsheet numbers it (header = 1). CVR JSON: the line.
    pub row: Option<u64>,
    /// CVR JSON: 0-based index into an Elasticsearch page's `hits.hits`.
    pub hit: Option<u64>,
    /// CSV: the header of the column at fault.
    pub column: Option<String>,
    /// "Række 3, kolonne CVR: kontrolcifferet er forkert".
    pub message_da: String,
    /// "Row 3, column CVR: …".
    pub message_en: String,
}

/// What happens to production units (workplaces, keyed by P-number).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCounts {
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
    /// Became inactive (ceased, or missing from a full refresh that held units).
    pub ceased: u64,
}

/// What an import does (dry run) or did (applied). Counts are exact; lists stop at
/// [`SUMMARY_LIST_LIMIT`] entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportSummary {
    pub format: ImportFormat,
    /// A full refresh: companies missing from the file become inactive.
    pub full: bool,
    /// Only records in this municipality were read (CVR JSON); `None`: all.
    pub municipality_code: Option<u16>,
    /// True when this summary was written to the database; false for a dry run or a preview.
    pub applied: bool,
    /// Company records read and accepted (after the municipality filter).
    pub companies_read: u64,
    pub new: u64,
    pub new_cvrs: Vec<Cvr>,
    pub changed: u64,
    pub changed_companies: Vec<CompanyChange>,
    pub ceased: u64,
    pub ceased_companies: Vec<CeasedCompany>,
    pub unchanged: u64,
    /// Records of a CVR number already read earlier in the same file (the later one wins).
    pub duplicates: u64,
    /// Records skipped because their address lies in another municipality.
    pub skipped_other_municipality: u64,
    /// Records skipped because the register gives no municipality.
    pub skipped_unknown_municipality: u64,
    pub rejected: u64,
    pub rejected_records: Vec<RejectedRecord>,
    pub production_units: UnitCounts,
}

impl ImportSummary {
    /// An empty summary, to be counted up.
    pub fn new(format: ImportFormat, full: bool, municipality_code: Option<u16>) -> Self {
        Self {
            format,
            full,
            municipality_code,
            applied: false,
            companies_read: 0,
            new: 0,
            new_cvrs: Vec::new(),
            changed: 0,
            changed_companies: Vec::new(),
            ceased: 0,
            ceased_companies: Vec::new(),
            unchanged: 0,
            duplicates: 0,
            skipped_other_municipality: 0,
            skipped_unknown_municipality: 0,
            rejected: 0,
            rejected_records: Vec::new(),
            production_units: UnitCounts::default(),
        }
    }
}

/// A field of a spreadsheet extract and the column it is read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColumnAssignment {
    /// Field code ("cvr", "name", "postal_code", …).
    pub field: String,
    pub label_da: String,
    pub label_en: String,
    /// Without a column for a required field no row can be imported.
    pub required: bool,
    /// 0-based column index; `None` when no column was recognised.
    pub column: Option<u32>,
    /// That column's header as written in the file.
    pub header: Option<String>,
}

/// One row of the file as it stands, for the preview table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewRow {
    /// CSV: spreadsheet row number (header = 1). CVR: record number (1-based).
    pub row: u64,
    pub cells: Vec<String>,
}

/// Answer to an upload (`POST /api/admin/imports`): what the file holds and what applying it
/// would do. Nothing has been written to the companies yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreview {
    /// Pass to `/api/admin/imports/{id}/apply` or `DELETE /api/admin/imports/{id}`.
    pub id: Uuid,
    pub status: ImportStatus,
    pub format: ImportFormat,
    pub full: bool,
    pub file_bytes: u64,
    /// CSV: the detected text encoding ("Windows-1252 (Latin-1)").
    pub encoding: Option<String>,
    /// CSV: the detected delimiter (";", "," or "tab").
    pub delimiter: Option<String>,
    /// Column headings of the preview table (the file's header for CSV).
    pub headers: Vec<String>,
    /// CSV: which column each field is read from.
    pub mapping: Vec<ColumnAssignment>,
    /// The first rows ([`PREVIEW_ROWS`]).
    pub preview_rows: Vec<PreviewRow>,
    /// The dry run: what applying would do now.
    pub summary: ImportSummary,
    /// True when applying needs no confirmation beyond the click: no record is rejected.
    pub can_apply: bool,
    /// True when the valid records can be applied with `skip_invalid=true`.
    pub can_apply_skipping_invalid: bool,
    /// Why the import cannot be applied as it is, in Danish; `None` when it can.
    pub blocked_da: Option<String>,
    /// The same in English.
    pub blocked_en: Option<String>,
}

/// `GET /api/admin/imports/{id}/progress`: how far the apply of an import has come.
///
/// Known only to the server process that runs the apply, and kept for a while after it ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProgress {
    pub id: Uuid,
    pub status: ImportStatus,
    /// True while the apply runs.
    pub running: bool,
    /// True once an apply of this import has ended (applied, refused or failed).
    pub finished: bool,
    /// Records read and handed to the database so far.
    pub records: u64,
    /// Bytes of the file read so far (for CSV: the share of its rows handed over).
    pub bytes_read: u64,
    /// The file's size; `bytes_read / total_bytes` is the share done.
    pub total_bytes: u64,
}

/// One import in `GET /api/admin/imports`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportEntry {
    pub id: Uuid,
    pub format: ImportFormat,
    pub full: bool,
    pub status: ImportStatus,
    /// Display name of the admin who uploaded the file.
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    /// When it was applied or discarded.
    pub finished_at: Option<DateTime<Utc>>,
    pub file_bytes: u64,
    /// The preview's dry run while pending, the applied result once applied.
    pub summary: ImportSummary,
}

/// `GET /api/admin/imports`: the most recent imports, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportList {
    pub imports: Vec<ImportEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formats_and_statuses_round_trip_and_match_json() {
        for format in [ImportFormat::Cvr, ImportFormat::Csv] {
            assert_eq!(ImportFormat::parse(format.as_str()), Some(format));
            assert_eq!(serde_json::to_value(format).unwrap(), json!(format.as_str()));
        }
        for status in [ImportStatus::Pending, ImportStatus::Applied, ImportStatus::Discarded] {
            assert_eq!(ImportStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), json!(status.as_str()));
        }
    }

    #[test]
    fn register_fields_serialise_as_their_text_form() {
        for field in [RegisterField::Address, RegisterField::AdvertisingProtected, RegisterField::PNumber] {
            assert_eq!(serde_json::to_value(field).unwrap(), json!(field.as_str()));
        }
    }

    /// The admin screen reads this shape: a rename must fail here.
    #[test]
    fn an_empty_summary_keeps_its_json_shape() {
        let summary = ImportSummary::new(ImportFormat::Cvr, true, Some(730));
        assert_eq!(
            serde_json::to_value(&summary).unwrap(),
            json!({
                "format": "cvr", "full": true, "municipality_code": 730, "applied": false,
                "companies_read": 0, "new": 0, "new_cvrs": [], "changed": 0, "changed_companies": [],
                "ceased": 0, "ceased_companies": [], "unchanged": 0, "duplicates": 0,
                "skipped_other_municipality": 0, "skipped_unknown_municipality": 0,
                "rejected": 0, "rejected_records": [],
                "production_units": {"new": 0, "changed": 0, "unchanged": 0, "ceased": 0}
            })
        );
    }
}
