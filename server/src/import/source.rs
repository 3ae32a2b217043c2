//! Reading an import file on a blocking thread and handing its records over in batches.

use super::{BATCH, Batch, Carried, ImportError, Observer, SourceItem};
use kontaktpunkt_domain::import::{
    ColumnAssignment, PREVIEW_ROWS, PreviewRow, RegisterField, RejectedRecord,
};
use kontaktpunkt_register::{
    ColumnMapping, CsvImport, CsvRules, CsvValidation, CvrReader, Field, ImportOptions, RecordError,
    RegisterCompany, RegisterRecord, RowError,
};
use std::io::{BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// Batches waiting between the reader and the database: enough to keep both busy, few
/// enough to bound memory.
const CHANNEL_BATCHES: usize = 4;
/// Records between two progress reports.
const PROGRESS_EVERY: u64 = 5_000;

/// How far reading has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Records read (companies, units and rejected ones, not those skipped by the filter).
    pub records: u64,
    pub bytes_read: u64,
    pub total_bytes: u64,
}

/// What the file looks like, for the admin's preview.
#[derive(Debug, Clone, Default)]
pub struct FilePreview {
    pub file_bytes: u64,
    pub encoding: Option<String>,
    pub delimiter: Option<String>,
    pub headers: Vec<String>,
    pub mapping: Vec<ColumnAssignment>,
    pub rows: Vec<PreviewRow>,
    /// CSV: the mapping the file was read with (detected, or the caller's).
    pub column_mapping: Option<ColumnMapping>,
    /// CSV: required fields without a column. While any is listed, no row is read and the
    /// import cannot be applied.
    pub unmapped: Vec<Field>,
}

/// What the reading thread reports when it is done.
pub(super) struct ReadEnd {
    pub preview: FilePreview,
}

/// A file being read.
pub(super) struct Opened {
    pub batches: mpsc::Receiver<Batch>,
    pub reader: JoinHandle<ReadEnd>,
    pub carried: Carried,
    /// CSV: required fields without a column (see [`FilePreview::unmapped`]).
    pub unmapped: Vec<Field>,
}

/// Opens CVR JSON and checks its first document; the rest is read as the batches are taken.
pub(super) async fn open_cvr(
    path: &Path,
    municipality_code: Option<u16>,
    observer: Arc<dyn Observer>,
) -> Result<Opened, ImportError> {
    let path = path.to_owned();
    let bytes_read = Arc::new(AtomicU64::new(0));
    let counter = bytes_read.clone();
    let (reader, total_bytes) = tokio::task::spawn_blocking(move || -> Result<_, ImportError> {
        let file = std::fs::File::open(&path)?;
        let total_bytes = file.metadata()?.len();
        let input = BufReader::with_capacity(256 * 1024, Counting { inner: file, count: counter });
        let options = ImportOptions { municipality_code, ..ImportOptions::default() };
        Ok((CvrReader::new(input, options)?, total_bytes))
    })
    .await
    .map_err(|e| ImportError::Thread(e.to_string()))??;

    let (sender, batches) = mpsc::channel(CHANNEL_BATCHES);
    let reader = tokio::task::spawn_blocking(move || {
        let mut reader = reader;
        let mut rows = Vec::new();
        let mut sink = Sink::new(sender, observer.clone());
        observer.progress(Progress { records: 0, bytes_read: 0, total_bytes });
        for item in reader.by_ref() {
            let item = match item {
                Ok(RegisterRecord::Company(company)) => {
                    if rows.len() < PREVIEW_ROWS {
                        rows.push(company_row(sink.records + 1, &company));
                    }
                    SourceItem::Company(company)
                }
                Ok(RegisterRecord::ProductionUnit(unit)) => SourceItem::Unit(unit),
                Err(error) => SourceItem::Rejected(rejected_record(&error)),
            };
            if !sink.push(item) {
                break;
            }
            if sink.records.is_multiple_of(PROGRESS_EVERY) {
                let bytes_read = bytes_read.load(Ordering::Relaxed);
                observer.progress(Progress { records: sink.records, bytes_read, total_bytes });
            }
        }
        let stats = *reader.stats();
        sink.push(SourceItem::Skipped {
            other_municipality: stats.skipped_other_municipality,
            unknown_municipality: stats.skipped_unknown_municipality,
        });
        let records = sink.finish();
        observer.progress(Progress { records, bytes_read: bytes_read.load(Ordering::Relaxed), total_bytes });
        ReadEnd {
            preview: FilePreview {
                file_bytes: total_bytes,
                headers: [
                    "CVR", "Navn", "Adresse", "Postnr.", "By", "Kommune", "Branche", "Ansatte", "Aktiv",
                ]
                .map(String::from)
                .to_vec(),
                rows,
                ..FilePreview::default()
            },
        }
    });
    Ok(Opened { batches, reader, carried: Carried::ALL, unmapped: Vec::new() })
}

/// Reads and validates a spreadsheet extract (small: the register crate caps it at 64 MiB)
/// with `mapping`, or with the columns its header names when `None`. A file whose required
/// fields have no column opens with no rows to import and those fields in `unmapped`, so the
/// caller can show its columns and ask for a mapping.
pub(super) async fn open_csv(
    path: &Path,
    rules: CsvRules,
    mapping: Option<ColumnMapping>,
    observer: Arc<dyn Observer>,
) -> Result<Opened, ImportError> {
    let path = path.to_owned();
    let (import, validation, file_bytes) = tokio::task::spawn_blocking(move || -> Result<_, ImportError> {
        let file = std::fs::File::open(&path)?;
        let file_bytes = file.metadata()?.len();
        let mut import = CsvImport::from_reader(BufReader::new(file))?;
        if let Some(mapping) = mapping {
            import.set_mapping(mapping)?;
        }
        let validation = if import.mapping().missing_required().is_empty() {
            import.validate(&rules)?
        } else {
            CsvValidation::default()
        };
        Ok((import, validation, file_bytes))
    })
    .await
    .map_err(|e| ImportError::Thread(e.to_string()))??;
    let unmapped = import.mapping().missing_required();

    let preview = FilePreview {
        file_bytes,
        encoding: Some(import.encoding().label().to_owned()),
        delimiter: Some(match import.delimiter() {
            b'\t' => "tab".to_owned(),
            other => char::from(other).to_string(),
        }),
        headers: import.headers().to_vec(),
        mapping: assignments(&import),
        rows: import
            .preview(PREVIEW_ROWS)
            .into_iter()
            .map(|r| PreviewRow { row: r.row, cells: r.cells })
            .collect(),
        column_mapping: Some(import.mapping().clone()),
        unmapped: unmapped.clone(),
    };
    let carried = carried(&import);
    let (sender, batches) = mpsc::channel(CHANNEL_BATCHES);
    let reader = tokio::task::spawn_blocking(move || {
        let mut sink = Sink::new(sender, observer.clone());
        // The file is already read and checked: progress is the share of its records handed on.
        let total = (validation.errors.len() + validation.companies.len()) as u64;
        let share = |records: u64| file_bytes.saturating_mul(records) / total.max(1);
        observer.progress(Progress { records: 0, bytes_read: 0, total_bytes: file_bytes });
        let rejected = validation.errors.iter().map(|e| SourceItem::Rejected(row_rejected(e)));
        let companies = validation.companies.into_iter().map(SourceItem::Company);
        for item in rejected.chain(companies) {
            if !sink.push(item) {
                break;
            }
            if sink.records.is_multiple_of(PROGRESS_EVERY) {
                let records = sink.records;
                observer.progress(Progress { records, bytes_read: share(records), total_bytes: file_bytes });
            }
        }
        let records = sink.finish();
        observer.progress(Progress { records, bytes_read: file_bytes, total_bytes: file_bytes });
        ReadEnd { preview }
    });
    Ok(Opened { batches, reader, carried, unmapped })
}

/// Collects items into batches and sends them; tells the observer about rejected records.
struct Sink {
    sender: mpsc::Sender<Batch>,
    observer: Arc<dyn Observer>,
    batch: Batch,
    records: u64,
}

impl Sink {
    fn new(sender: mpsc::Sender<Batch>, observer: Arc<dyn Observer>) -> Self {
        Self { sender, observer, batch: Vec::with_capacity(BATCH), records: 0 }
    }

    /// False when the database side has stopped listening (it failed): stop reading.
    fn push(&mut self, item: SourceItem) -> bool {
        if let SourceItem::Rejected(record) = &item {
            self.observer.rejected(record);
        }
        if !matches!(item, SourceItem::Skipped { .. }) {
            self.records += 1;
        }
        self.batch.push(item);
        if self.batch.len() < BATCH {
            return true;
        }
        let full = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.sender.blocking_send(full).is_ok()
    }

    fn finish(mut self) -> u64 {
        if !self.batch.is_empty() {
            let _ = self.sender.blocking_send(std::mem::take(&mut self.batch));
        }
        self.records
    }
}

/// Counts the bytes read through it, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn company_row(record: u64, c: &RegisterCompany) -> PreviewRow {
    let company = c.to_company();
    PreviewRow {
        row: record,
        cells: vec![
            company.cvr.to_string(),
            company.name,
            company.address.street,
            company.address.postal_code,
            company.address.town,
            company.municipality_code.to_string(),
            format!("{} {}", company.industry.code, company.industry.text),
            company.employees.label().to_owned(),
            if company.active { "ja" } else { "nej" }.to_owned(),
        ],
    }
}

/// A CVR record error as a rejected record ("Line 3: …" / "Linje 3: …").
pub(super) fn rejected_record(error: &RecordError) -> RejectedRecord {
    let english = error.to_string();
    let mut chars = english.chars();
    let message_en = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    RejectedRecord {
        row: error.position.line,
        hit: error.position.hit.map(|h| h as u64),
        column: None,
        message_da: error.message_da(),
        message_en,
    }
}

fn row_rejected(error: &RowError) -> RejectedRecord {
    RejectedRecord {
        row: Some(error.row),
        hit: None,
        column: error.column.clone(),
        message_da: error.message_da(),
        message_en: error.message_en(),
    }
}

fn assignments(import: &CsvImport) -> Vec<ColumnAssignment> {
    Field::ALL
        .into_iter()
        .map(|field| {
            let column = import.mapping().get(field);
            ColumnAssignment {
                field: serde_json::to_value(field)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                label_da: field.label_da().to_owned(),
                label_en: field.label_en().to_owned(),
                required: field.required(),
                column: column.and_then(|c| u32::try_from(c).ok()),
                header: column.and_then(|c| import.headers().get(c).cloned()),
            }
        })
        .collect()
}

/// The register fields a spreadsheet carries: those with a mapped column, plus the name and
/// the active flag (a listed company is active).
fn carried(import: &CsvImport) -> Carried {
    let has = |field| import.mapping().get(field).is_some();
    let mut carried = Carried::NONE.with(RegisterField::Name).with(RegisterField::Active);
    if has(Field::Street) || has(Field::PostalCode) || has(Field::Town) {
        carried = carried.with(RegisterField::Address);
    }
    for (field, register_field) in [
        (Field::MunicipalityCode, RegisterField::MunicipalityCode),
        (Field::IndustryCode, RegisterField::Industry),
        (Field::Employees, RegisterField::Employees),
        (Field::AdvertisingProtected, RegisterField::AdvertisingProtected),
        (Field::PNumber, RegisterField::PNumber),
    ] {
        if has(field) {
            carried = carried.with(register_field);
        }
    }
    carried
}
