//! Company-register imports: read a CVR JSON or CSV file, compare it with the database and
//! apply it in one transaction, or only say what applying would do.
//!
//! Used by the `import` subcommand ([`cli`]) and the admin endpoints
//! ([`crate::admin_import`]). Parsing is done by the `kontaktpunkt-register` crate on a
//! blocking thread; records reach [`crate::Store::apply_import`] in batches through a bounded
//! channel, so memory stays bounded by a few batches whatever the file's size.

pub mod cli;
mod policy;
mod source;

pub use policy::{Blocker, blocker, outcome_blocker};
pub use source::{FilePreview, Progress};

use crate::store::{ApplyOptions, Store, StoreError};
use kontaktpunkt_domain::import::{ImportFormat, ImportSummary, RegisterField, RejectedRecord};
use kontaktpunkt_register::{ColumnMapping, CsvError, ProductionUnit, RegisterCompany, RegisterError};
use std::path::PathBuf;
use std::sync::Arc;

/// Records per batch sent from the reading thread to the database.
pub const BATCH: usize = 500;

/// One item read from a file.
#[derive(Debug, Clone)]
pub enum SourceItem {
    Company(RegisterCompany),
    Unit(ProductionUnit),
    Rejected(RejectedRecord),
    /// Sent last: records the municipality filter skipped.
    Skipped {
        other_municipality: u64,
        unknown_municipality: u64,
    },
}

/// Items travel from the reader to the database in batches of up to [`BATCH`].
pub type Batch = Vec<SourceItem>;

/// The register fields a source provides. A spreadsheet without an industry column does
/// not carry the industry, and an import must then keep the stored one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Carried(u16);

impl Carried {
    /// Every field (the CVR register's own format).
    pub const ALL: Self = Self(u16::MAX);
    /// No field yet; add with [`Self::with`].
    pub const NONE: Self = Self(0);

    fn bit(field: RegisterField) -> u16 {
        1 << (field as u16)
    }

    /// Whether the source provides `field`.
    pub fn has(self, field: RegisterField) -> bool {
        self.0 & Self::bit(field) != 0
    }

    /// The same set plus `field`.
    #[must_use]
    pub fn with(self, field: RegisterField) -> Self {
        Self(self.0 | Self::bit(field))
    }
}

/// Observes a running import: progress and every rejected record, as they happen.
/// Called from the reading thread.
pub trait Observer: Send + Sync {
    /// Called every few thousand records.
    fn progress(&self, _progress: Progress) {}
    /// Called once per rejected record, however many there are (summaries list only the first).
    fn rejected(&self, _record: &RejectedRecord) {}
}

/// An observer that ignores everything.
pub struct Quiet;
impl Observer for Quiet {}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub format: ImportFormat,
    pub path: PathBuf,
    /// Companies missing from the file become inactive.
    pub full: bool,
    /// CVR JSON: keep only records in this municipality; `None` keeps all.
    pub municipality_filter: Option<u16>,
    /// CSV: municipality of rows without one.
    pub default_municipality: u16,
    /// CSV: the column of each field; `None` detects them from the header row.
    pub mapping: Option<ColumnMapping>,
    /// Apply the valid records even though others are rejected (never for a full refresh).
    pub skip_invalid: bool,
    /// Compare and summarise only.
    pub dry_run: bool,
    /// The uploaded import this applies, marked applied in the same transaction.
    pub import_id: Option<uuid::Uuid>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    pub summary: ImportSummary,
    /// Why it was not applied, if it was not (and was not a dry run).
    pub blocker: Option<Blocker>,
    pub file: FilePreview,
}

/// Why a file cannot be imported at all: nothing of it is read into the database.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Cvr(#[from] RegisterError),
    #[error("{0}")]
    Csv(#[from] CsvError),
    #[error("could not read the file: {0}")]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the reading thread failed: {0}")]
    Thread(String),
}

impl ImportError {
    /// Stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Cvr(RegisterError::WrongDocumentType(_)) => "wrong_document_type",
            Self::Cvr(RegisterError::Empty) | Self::Csv(CsvError::Empty) => "empty_file",
            Self::Csv(CsvError::InvalidEncoding { .. } | CsvError::NotText(_)) => "wrong_encoding",
            Self::Csv(CsvError::SingleColumn { .. }) => "wrong_delimiter",
            Self::Csv(CsvError::MissingColumn(_) | CsvError::ColumnOutOfRange { .. }) => "missing_column",
            Self::Csv(CsvError::ColumnUsedTwice { .. }) => "invalid_mapping",
            Self::Csv(CsvError::TooLarge { .. }) => "too_large",
            Self::Cvr(_) | Self::Csv(_) | Self::Io(_) => "invalid_file",
            Self::Store(_) | Self::Thread(_) => "internal",
        }
    }

    /// True when the file is at fault (a 4xx), false when the server is.
    pub fn is_file_error(&self) -> bool {
        !matches!(self, Self::Store(_) | Self::Thread(_))
    }

    /// The problem in Danish, for the admin.
    pub fn message_da(&self) -> String {
        match self {
            Self::Cvr(e) => e.message_da(),
            Self::Csv(e) => e.message_da(),
            Self::Io(e) => format!("Filen kunne ikke læses: {e}"),
            Self::Store(_) | Self::Thread(_) => "Der opstod en fejl på serveren.".to_owned(),
        }
    }
}

/// Reads the file and applies it (or, for a dry run, only compares) in one transaction.
pub async fn run(
    store: &Store,
    request: &ImportRequest,
    observer: Arc<dyn Observer>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<ImportOutcome, ImportError> {
    let mut opened = match request.format {
        ImportFormat::Cvr => source::open_cvr(&request.path, request.municipality_filter, observer).await?,
        ImportFormat::Csv => {
            let rules = kontaktpunkt_register::CsvRules {
                known_postal_codes: store.known_postal_codes().await?,
                default_municipality_code: Some(request.default_municipality),
            };
            source::open_csv(&request.path, rules, request.mapping.clone(), observer).await?
        }
    };
    let summary = ImportSummary::new(request.format, request.full, request.municipality_filter);
    let options = ApplyOptions {
        full: request.full,
        dry_run: request.dry_run,
        carried: opened.carried,
        now,
        import_id: request.import_id,
    };
    let skip_invalid = request.skip_invalid;
    let unmapped = std::mem::take(&mut opened.unmapped);
    let summary = store
        .apply_import(&mut opened.batches, summary, options, |s| {
            outcome_blocker(&unmapped, s, skip_invalid).is_none()
        })
        .await?;
    let end = opened.reader.await.map_err(|e| ImportError::Thread(e.to_string()))?;
    let blocker =
        if request.dry_run { None } else { outcome_blocker(&end.preview.unmapped, &summary, skip_invalid) };
    Ok(ImportOutcome { summary, blocker, file: end.preview })
}
