//! Streaming reader of CVR JSON: Elasticsearch pages and JSON Lines.

use crate::current::ClassificationRule;
use crate::cvr_company::company_from_doc;
use crate::cvr_doc::{CvrDocument, text};
use crate::error::{Position, RecordError, RecordProblem, RegisterError, WrongDocument};
use crate::production_unit::unit_from_doc;
use crate::record::RegisterRecord;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, VecDeque};
use std::io::BufRead;

/// What the caller wants from a CVR import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Keep only records whose own address lies in this municipality (`kommuneKode`); others
    /// are skipped and counted in [`ImportStats`], not reported as errors. A production unit is
    /// judged by its own address, so a unit here whose company is elsewhere is kept.
    pub municipality_code: Option<u16>,
    /// How industry codes get their classification version.
    pub classification: ClassificationRule,
}

/// Counts of what a reader has produced and skipped so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportStats {
    pub companies: u64,
    pub production_units: u64,
    /// Skipped by the municipality filter: the address lies in another municipality.
    pub skipped_other_municipality: u64,
    /// Skipped by the municipality filter: the register gives no municipality.
    pub skipped_unknown_municipality: u64,
    /// Records reported as [`RecordError`].
    pub errors: u64,
}

/// The input layout the reader detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvrFormat {
    /// One JSON document per line (companies, units, hits or whole pages).
    JsonLines,
    /// One (pretty-printed) JSON document: an Elasticsearch page, an array of documents or a
    /// single document.
    Document,
}

/// Reads CVR JSON and yields one result per company or production unit.
///
/// JSON Lines are read one line at a time, so memory is bounded by the longest line, whatever
/// the number of records. A multi-line document (a pretty-printed Elasticsearch page) is read
/// whole: pages are bounded by the register's page size. Only the small converted records of a
/// page are queued, never the raw documents.
pub struct CvrReader<R> {
    input: R,
    options: ImportOptions,
    format: CvrFormat,
    line: u64,
    buf: Vec<u8>,
    pending: VecDeque<Result<RegisterRecord, RecordError>>,
    stats: ImportStats,
    done: bool,
}

impl<R: BufRead> CvrReader<R> {
    /// Detects the format and reads the first document.
    ///
    /// Fails when the input cannot be CVR data at all: empty, not text, not JSON, a broken
    /// single document (with its line and column), or a first document of the wrong type (a
    /// person, an error answer, unrelated JSON).
    pub fn new(input: R, options: ImportOptions) -> Result<Self, RegisterError> {
        let mut reader = Self {
            input,
            options,
            format: CvrFormat::JsonLines,
            line: 0,
            buf: Vec::new(),
            pending: VecDeque::new(),
            stats: ImportStats::default(),
            done: false,
        };
        let first_line = loop {
            if !reader.read_line()? {
                return Err(RegisterError::Empty);
            }
            if !reader.buf.iter().all(u8::is_ascii_whitespace) {
                break reader.line;
            }
        };
        let first = std::str::from_utf8(&reader.buf).map_err(|_| RegisterError::NotText)?;
        let first = first.strip_prefix('\u{feff}').unwrap_or(first);
        match serde_json::from_str::<IgnoredAny>(first) {
            Ok(_) => {
                let text = first.to_owned();
                reader.take_text(&text, Position { line: Some(first_line), hit: None });
            }
            Err(e) if e.is_eof() => {
                reader.format = CvrFormat::Document;
                reader.input.read_to_end(&mut reader.buf)?;
                let whole = std::str::from_utf8(&reader.buf).map_err(|_| RegisterError::NotText)?;
                let whole = whole.strip_prefix('\u{feff}').unwrap_or(whole).to_owned();
                reader.buf = Vec::new();
                reader.done = true;
                reader.take_document(&whole, first_line)?;
            }
            // A first line that starts like an object is a JSON Lines record gone wrong; anything
            // else is not JSON at all.
            Err(e) if first.trim_start().starts_with('{') => {
                reader.push_error(Position { line: Some(first_line), hit: None }, malformed(&e));
            }
            Err(e) => {
                return Err(RegisterError::MalformedJson {
                    line: first_line,
                    column: e.column() as u64,
                    reason: reason(&e),
                });
            }
        }
        // A file of persons or of unrelated JSON is refused as a whole rather than as a stream of
        // identical per-record errors.
        let wrong_type = reader.pending.iter().find_map(|r| match r {
            Err(RecordError { problem: RecordProblem::WrongDocumentType(kind), .. }) => Some(kind.clone()),
            _ => None,
        });
        if let Some(kind) = wrong_type
            && reader
                .pending
                .iter()
                .all(|r| matches!(r, Err(RecordError { problem: RecordProblem::WrongDocumentType(_), .. })))
        {
            return Err(RegisterError::WrongDocumentType(kind));
        }
        Ok(reader)
    }

    /// The detected input layout.
    pub fn format(&self) -> CvrFormat {
        self.format
    }

    /// What has been produced and skipped so far; final once the iterator is exhausted.
    pub fn stats(&self) -> &ImportStats {
        &self.stats
    }

    /// Reads one line into `buf`; false at the end of the input.
    fn read_line(&mut self) -> std::io::Result<bool> {
        self.buf.clear();
        let n = self.input.read_until(b'\n', &mut self.buf)?;
        if n > 0 {
            self.line += 1;
        }
        Ok(n > 0)
    }

    /// A whole multi-line document: here a syntax error is fatal, with its place in the file.
    fn take_document(&mut self, text: &str, first_line: u64) -> Result<(), RegisterError> {
        if let Err(e) = serde_json::from_str::<IgnoredAny>(text) {
            return Err(RegisterError::MalformedJson {
                line: e.line() as u64 + first_line - 1,
                column: e.column() as u64,
                reason: reason(&e),
            });
        }
        self.take_text(text, Position::default());
        Ok(())
    }

    /// Classifies one JSON document and queues what it holds.
    fn take_text(&mut self, text: &str, position: Position) {
        match classify(text, true) {
            Err(e) => self.push_error(position, malformed(&e)),
            Ok(Body::List(items)) => {
                for (hit, raw) in items.into_iter().enumerate() {
                    let position = Position { hit: Some(hit), ..position };
                    match classify(raw.get(), false) {
                        Err(e) => self.push_error(position, malformed(&e)),
                        Ok(body) => self.take_body(body, position),
                    }
                }
            }
            Ok(body) => self.take_body(body, position),
        }
    }

    fn take_body(&mut self, body: Body<'_>, position: Position) {
        let rule = self.options.classification;
        let record = match body {
            Body::Company(text) => {
                parse_doc(text).and_then(|d| company_from_doc(&d, rule).map(RegisterRecord::Company))
            }
            Body::Unit(text) => {
                parse_doc(text).and_then(|d| unit_from_doc(&d, rule).map(RegisterRecord::ProductionUnit))
            }
            Body::Wrong(kind) => Err(RecordProblem::WrongDocumentType(kind)),
            Body::List(_) => Err(RecordProblem::WrongDocumentType(WrongDocument::NotAnObject)),
        };
        match record {
            Err(problem) => self.push_error(position, problem),
            Ok(record) => self.push_record(record),
        }
    }

    fn push_record(&mut self, record: RegisterRecord) {
        if let Some(wanted) = self.options.municipality_code {
            let code = record.municipality_code();
            if code != wanted {
                if code == 0 {
                    self.stats.skipped_unknown_municipality += 1;
                } else {
                    self.stats.skipped_other_municipality += 1;
                }
                return;
            }
        }
        match record {
            RegisterRecord::Company(_) => self.stats.companies += 1,
            RegisterRecord::ProductionUnit(_) => self.stats.production_units += 1,
        }
        self.pending.push_back(Ok(record));
    }

    fn push_error(&mut self, position: Position, problem: RecordProblem) {
        self.stats.errors += 1;
        self.pending.push_back(Err(RecordError { position, problem }));
    }
}

impl<R: BufRead> Iterator for CvrReader<R> {
    type Item = Result<RegisterRecord, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Some(item);
            }
            if self.done {
                return None;
            }
            match self.read_line() {
                Ok(false) => self.done = true,
                Ok(true) => {
                    let position = Position { line: Some(self.line), hit: None };
                    let buf = std::mem::take(&mut self.buf);
                    match std::str::from_utf8(&buf) {
                        Err(_) => self.push_error(position, RecordProblem::NotText),
                        Ok(line) if line.trim().is_empty() => {}
                        Ok(line) => self.take_text(line, position),
                    }
                    self.buf = buf;
                }
                Err(e) => {
                    self.done = true;
                    let position = Position { line: Some(self.line + 1), hit: None };
                    self.push_error(position, RecordProblem::Io(e.to_string()));
                }
            }
        }
    }
}

/// What one JSON document turned out to be.
enum Body<'a> {
    Company(&'a str),
    Unit(&'a str),
    /// A page's hits or a top-level array of documents.
    List(Vec<&'a RawValue>),
    Wrong(WrongDocument),
}

/// The keys that tell the kinds of document apart; the body itself is parsed only once its
/// kind is known.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default, rename = "Vrvirksomhed")]
    company: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "VrproduktionsEnhed")]
    unit: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "Vrdeltagerperson")]
    person: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "_source")]
    source: Option<&'a RawValue>,
    #[serde(borrow, default)]
    hits: Option<&'a RawValue>,
    #[serde(borrow, default)]
    error: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "cvrNummer")]
    cvr_nummer: Option<&'a RawValue>,
    #[serde(borrow, default, rename = "pNummer")]
    p_nummer: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "text")]
    enhedstype: Option<String>,
}

#[derive(Deserialize)]
struct Hits<'a> {
    #[serde(borrow, default)]
    hits: Option<Vec<&'a RawValue>>,
}

/// Tells a document's kind; `top` allows lists (pages, arrays), which never nest.
fn classify(text: &str, top: bool) -> Result<Body<'_>, serde_json::Error> {
    let trimmed = text.trim_start();
    if !trimmed.starts_with('{') {
        if top && trimmed.starts_with('[') {
            return Ok(Body::List(serde_json::from_str(text)?));
        }
        serde_json::from_str::<IgnoredAny>(text)?;
        return Ok(Body::Wrong(WrongDocument::NotAnObject));
    }
    let envelope: Envelope<'_> = serde_json::from_str(text)?;
    if let Some(raw) = envelope.company {
        return Ok(Body::Company(raw.get()));
    }
    if let Some(raw) = envelope.unit {
        return Ok(Body::Unit(raw.get()));
    }
    if envelope.person.is_some() {
        return Ok(Body::Wrong(WrongDocument::Person));
    }
    if let Some(raw) = envelope.source {
        return classify(raw.get(), false);
    }
    if let (true, Some(raw)) = (top, envelope.hits) {
        let hits: Hits<'_> = serde_json::from_str(raw.get())?;
        return Ok(Body::List(hits.hits.unwrap_or_default()));
    }
    if let Some(raw) = envelope.error {
        let mut message: String = raw.get().chars().take(300).collect();
        if message.len() < raw.get().len() {
            message.push('…');
        }
        return Ok(Body::Wrong(WrongDocument::RegisterErrorResponse(message)));
    }
    match envelope.enhedstype.as_deref().map(str::to_ascii_uppercase).as_deref() {
        Some("VIRKSOMHED") => return Ok(Body::Company(text)),
        Some("PRODUKTIONSENHED") => return Ok(Body::Unit(text)),
        Some("PERSON" | "ANDEN_DELTAGER") => return Ok(Body::Wrong(WrongDocument::Person)),
        _ => {}
    }
    // Bare documents: only units have a top-level P-number (a company's are inside `penheder`).
    if envelope.p_nummer.is_some() {
        return Ok(Body::Unit(text));
    }
    if envelope.cvr_nummer.is_some() {
        return Ok(Body::Company(text));
    }
    let keys: BTreeMap<String, IgnoredAny> = serde_json::from_str(text)?;
    Ok(Body::Wrong(WrongDocument::Unknown { keys: keys.into_keys().take(8).collect() }))
}

fn parse_doc(text: &str) -> Result<CvrDocument, RecordProblem> {
    serde_json::from_str(text).map_err(|e| RecordProblem::UnexpectedShape(e.to_string()))
}

fn malformed(e: &serde_json::Error) -> RecordProblem {
    if e.is_syntax() || e.is_eof() {
        RecordProblem::MalformedJson { column: e.column() as u64, reason: reason(e) }
    } else {
        RecordProblem::UnexpectedShape(e.to_string())
    }
}

/// serde_json's message without its own " at line 1 column 7" suffix (the position is reported
/// separately, relative to the file).
fn reason(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    }
}
