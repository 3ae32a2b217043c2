//! `kontaktpunkt import --cvr FILE | --csv FILE [--map FIELD=COLUMN,…] [--full]
//! [--municipality 730|all] [--skip-invalid] [--dry-run]`: the register import from a terminal
//! or a cron job.
//!
//! Stdout carries the rejected records (every one, as they are found) and the change summary;
//! stderr carries progress. Exit code 0: applied (or a clean dry run); 1: the file or some of
//! its records were rejected and nothing was written.

use super::{ImportOutcome, ImportRequest, Observer, Progress, outcome_blocker};
use crate::Config;
use kontaktpunkt_domain::import::{CeaseReason, ImportFormat, ImportSummary, RejectedRecord};
use kontaktpunkt_register::{ColumnMapping, CsvImport, Field};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

/// Progress is reported only for files at least this large; small files finish at once.
const PROGRESS_FROM_BYTES: u64 = 4 * 1024 * 1024;
/// Changed and ceased companies listed in the printed summary (the counts are always exact).
const LISTED: usize = 50;

/// Flags of the `import` subcommand.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
#[command(group(clap::ArgGroup::new("file").required(true).args(["cvr", "csv"])))]
pub struct ImportArgs {
    /// CVR register JSON: Elasticsearch response pages or JSON Lines of Vrvirksomhed and
    /// VrproduktionsEnhed documents.
    #[arg(long, value_name = "FILE")]
    pub cvr: Option<PathBuf>,
    /// A spreadsheet extract saved as CSV (semicolon, comma or tab; UTF-8, UTF-16 or Windows-1252).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Full refresh: companies missing from the file become inactive (never deleted).
    #[arg(long)]
    pub full: bool,
    /// CVR JSON: keep only companies in this municipality; `all` keeps every municipality.
    /// Default: --municipality-code.
    #[arg(long, value_name = "CODE|all")]
    pub municipality: Option<MunicipalityFilter>,
    /// Import the valid records even though others are rejected (not with --full).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Read, validate and print the summary without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// CSV: read a field from another column than the header suggests, e.g.
    /// `--map cvr=0,name=Firma`. FIELD is cvr, name, street, house_number, postal_code, town,
    /// municipality_code, industry_code, industry_text, employees, advertising_protected or
    /// p_number; COLUMN is a header of the file or a 0-based column index; an empty COLUMN
    /// reads the field from no column. Other fields keep the columns their headers name.
    #[arg(long, value_name = "FIELD=COLUMN,…", value_delimiter = ',', conflicts_with = "cvr")]
    pub map: Vec<ColumnChoice>,
}

/// One `--map` item: a field and the column to read it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnChoice {
    pub field: Field,
    pub column: Option<ColumnRef>,
}

/// A column named by its header or by its 0-based index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    Index(usize),
    Header(String),
}

impl FromStr for ColumnChoice {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (field, column) = text
            .split_once('=')
            .ok_or_else(|| format!("{text:?} is not FIELD=COLUMN (such as name=Firma)"))?;
        let field = Field::from_code(field.trim()).ok_or_else(|| {
            let codes: Vec<&str> = Field::ALL.iter().map(|f| f.code()).collect();
            format!("{field:?} is not a field; the fields are {}", codes.join(", "))
        })?;
        let column = column.trim().trim_matches('"').trim();
        let column = match column.parse::<usize>() {
            _ if column.is_empty() => None,
            Ok(index) => Some(ColumnRef::Index(index)),
            Err(_) => Some(ColumnRef::Header(column.to_owned())),
        };
        Ok(Self { field, column })
    }
}

/// The file's detected mapping with `choices` applied, checked against its header row.
async fn mapping_with(path: &std::path::Path, choices: &[ColumnChoice]) -> anyhow::Result<ColumnMapping> {
    let path = path.to_owned();
    let import = tokio::task::spawn_blocking(move || -> anyhow::Result<CsvImport> {
        Ok(CsvImport::from_reader(std::io::BufReader::new(std::fs::File::open(&path)?))?)
    })
    .await??;
    let headers = import.headers();
    let mut mapping = import.mapping().clone();
    for choice in choices {
        let index = match &choice.column {
            None => None,
            Some(ColumnRef::Index(index)) if *index < headers.len() => Some(*index),
            Some(ColumnRef::Index(index)) => {
                anyhow::bail!("--map {}={index}: the file has {} columns", choice.field.code(), headers.len())
            }
            Some(ColumnRef::Header(name)) => Some(
                headers.iter().position(|h| h.eq_ignore_ascii_case(name) || h == name).ok_or_else(|| {
                    anyhow::anyhow!(
                        "--map {}={name:?}: no such column; the columns are {:?}",
                        choice.field.code(),
                        headers
                    )
                })?,
            ),
        };
        // The chosen column serves this field only.
        if let Some(index) = index {
            for (other, _) in mapping.clone().iter().filter(|(f, c)| *c == index && *f != choice.field) {
                mapping.set(other, None);
            }
        }
        mapping.set(choice.field, index);
    }
    Ok(mapping)
}

/// `--municipality 730` or `--municipality all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MunicipalityFilter {
    All,
    Code(u16),
}

impl FromStr for MunicipalityFilter {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "all" | "alle" => Ok(Self::All),
            code => code
                .parse()
                .map(Self::Code)
                .map_err(|_| format!("{code:?} is not a municipality code (such as 730) or \"all\"")),
        }
    }
}

/// Runs the import and prints what happened; returns the process exit code.
pub async fn run(config: &Config, args: &ImportArgs) -> anyhow::Result<i32> {
    let (format, path) = match (&args.cvr, &args.csv) {
        (Some(path), _) => (ImportFormat::Cvr, path.clone()),
        (None, Some(path)) => (ImportFormat::Csv, path.clone()),
        (None, None) => anyhow::bail!("give --cvr FILE or --csv FILE"),
    };
    let municipality_filter = match (format, args.municipality) {
        (ImportFormat::Csv, _) | (_, Some(MunicipalityFilter::All)) => None,
        (_, Some(MunicipalityFilter::Code(code))) => Some(code),
        (_, None) => Some(config.municipality_code),
    };
    let request = ImportRequest {
        format,
        path: path.clone(),
        full: args.full,
        municipality_filter,
        default_municipality: config.municipality_code,
        skip_invalid: args.skip_invalid,
        dry_run: args.dry_run,
        import_id: None,
        mapping: match format {
            ImportFormat::Csv if !args.map.is_empty() => Some(mapping_with(&path, &args.map).await?),
            _ => None,
        },
    };
    let store = crate::open_store(config).await?;
    let outcome = super::run(&store, &request, Arc::new(Printer), chrono::Utc::now()).await;
    store.close().await;
    match outcome {
        Ok(outcome) if !outcome.file.unmapped.is_empty() => {
            let reason = outcome_blocker(&outcome.file.unmapped, &outcome.summary, args.skip_invalid);
            let (da, en) = reason.map(|r| (r.message_da(), r.message_en())).unwrap_or_default();
            println!("Filen {} er afvist: {da} Brug --map FELT=KOLONNE.", path.display());
            println!("The file {} is rejected: {en} Use --map FIELD=COLUMN.", path.display());
            println!("Kolonner / columns: {:?}", outcome.file.headers);
            Ok(1)
        }
        Ok(outcome) => Ok(print_outcome(&outcome, args.skip_invalid)),
        Err(error) if error.is_file_error() => {
            println!("Filen {} er afvist: {}", path.display(), error.message_da());
            println!("The file {} is rejected: {error}", path.display());
            Ok(1)
        }
        Err(error) => Err(error.into()),
    }
}

/// Prints rejected records to stdout and progress to stderr as they come.
struct Printer;

impl Observer for Printer {
    fn progress(&self, progress: Progress) {
        if progress.total_bytes >= PROGRESS_FROM_BYTES {
            let percent = progress.bytes_read.saturating_mul(100) / progress.total_bytes.max(1);
            eprintln!("{percent:>3} %  {} poster læst / records read", progress.records);
        }
    }

    fn rejected(&self, record: &RejectedRecord) {
        println!("AFVIST: {} | Rejected: {}", record.message_da, record.message_en);
    }
}

fn print_outcome(outcome: &ImportOutcome, skip_invalid: bool) -> i32 {
    let summary = &outcome.summary;
    print_summary(summary);
    let blocked = outcome.blocker.clone().or_else(|| {
        outcome_blocker(&outcome.file.unmapped, summary, skip_invalid).filter(|_| !summary.applied)
    });
    match blocked {
        Some(reason) => {
            println!("Intet er indlæst / nothing was imported: {}", reason.message_da());
            println!("  {}", reason.message_en());
            1
        }
        None if summary.applied => {
            println!("Indlæst / imported.");
            0
        }
        None => {
            println!("Prøvekørsel: intet er skrevet / dry run: nothing was written.");
            0
        }
    }
}

fn print_summary(s: &ImportSummary) {
    let kind = if s.full { "fuld opdatering / full refresh" } else { "opdatering / refresh" };
    let filter = s
        .municipality_code
        .map_or("alle kommuner / all municipalities".to_owned(), |c| format!("kommune / municipality {c}"));
    println!("Virksomhedsregistret ({}, {kind}, {filter})", s.format.as_str());
    println!("  Virksomheder læst / companies read:        {}", s.companies_read);
    println!("  Nye / new:                                 {}", s.new);
    println!("  Ændrede / changed:                         {}", s.changed);
    for change in s.changed_companies.iter().take(LISTED) {
        let fields: Vec<String> = change
            .changes
            .iter()
            .map(|c| format!("{}: {:?} → {:?}", c.field.label_da(), c.old, c.new))
            .collect();
        println!("    {} {}: {}", change.cvr, change.name, fields.join("; "));
    }
    more(s.changed, LISTED);
    println!("  Ophørte / ceased:                          {}", s.ceased);
    for ceased in s.ceased_companies.iter().take(LISTED) {
        let why = match ceased.reason {
            CeaseReason::Ceased => "ophørt i registret / ceased in the register",
            CeaseReason::MissingFromFullRefresh => "mangler i fuld opdatering / missing from full refresh",
        };
        println!("    {} {} ({why})", ceased.cvr, ceased.name);
    }
    more(s.ceased, LISTED);
    println!("  Uændrede / unchanged:                      {}", s.unchanged);
    if s.duplicates > 0 {
        println!("  Gentagne CVR-numre / repeated CVR numbers: {}", s.duplicates);
    }
    println!("  Anden kommune / other municipality:        {}", s.skipped_other_municipality);
    if s.skipped_unknown_municipality > 0 {
        println!("  Uden kommune / no municipality:            {}", s.skipped_unknown_municipality);
    }
    println!("  Afviste poster / rejected records:         {}", s.rejected);
    let units = s.production_units;
    if units != Default::default() {
        println!(
            "  Produktionsenheder / production units: {} nye/new, {} ændrede/changed, {} ophørte/ceased, {} uændrede/unchanged",
            units.new, units.changed, units.ceased, units.unchanged
        );
    }
}

fn more(count: u64, listed: usize) {
    if count > listed as u64 {
        println!("    … og {} flere / and {} more", count - listed as u64, count - listed as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Command;
    use clap::Parser;

    #[test]
    fn the_import_subcommand_parses_its_flags_and_needs_one_file() {
        let config = Config::try_parse_from([
            "kontaktpunkt",
            "--data-dir",
            "d",
            "import",
            "--cvr",
            "f.json",
            "--full",
            "--municipality",
            "all",
        ])
        .expect("valid flags");
        let Some(Command::Import(args)) = config.command else { panic!("import expected") };
        assert_eq!(args.cvr, Some(PathBuf::from("f.json")));
        assert!(args.full && !args.dry_run && !args.skip_invalid);
        assert_eq!(args.municipality, Some(MunicipalityFilter::All));
        assert_eq!(config.municipality_code, 730);
        assert!(Config::try_parse_from(["kontaktpunkt", "import"]).is_err(), "a file is required");
        assert!(Config::try_parse_from(["kontaktpunkt", "import", "--cvr", "a", "--csv", "b"]).is_err());
        assert!(
            Config::try_parse_from(["kontaktpunkt", "import", "--cvr", "a", "--municipality", "x"]).is_err()
        );
    }

    #[test]
    fn map_takes_fields_with_headers_or_indexes_and_only_for_csv() {
        let config = Config::try_parse_from([
            "kontaktpunkt",
            "import",
            "--csv",
            "f.csv",
            "--map",
            "cvr=3,name=\"Firma navn\"",
            "--map",
            "town=",
        ])
        .expect("valid flags");
        let Some(Command::Import(args)) = config.command else { panic!("import expected") };
        assert_eq!(
            args.map,
            [
                ColumnChoice { field: Field::Cvr, column: Some(ColumnRef::Index(3)) },
                ColumnChoice { field: Field::Name, column: Some(ColumnRef::Header("Firma navn".into())) },
                ColumnChoice { field: Field::Town, column: None },
            ]
        );
        assert!(Config::try_parse_from(["kontaktpunkt", "import", "--csv", "f", "--map", "navn=1"]).is_err());
        assert!(Config::try_parse_from(["kontaktpunkt", "import", "--csv", "f", "--map", "name"]).is_err());
        assert!(Config::try_parse_from(["kontaktpunkt", "import", "--cvr", "f", "--map", "name=1"]).is_err());
    }
}
