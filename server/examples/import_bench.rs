//! Benchmark of the register import: 100,000 companies in CVR JSON Lines into a fresh
//! database, then the same file with 1 % of the companies changed.
//!
//! `cargo run --release -p kontaktpunkt-server --example import_bench [-- COMPANIES]`
//!
//! Prints time, companies per second, peak RSS (VmHWM, reset before each import where the
//! kernel allows it) and the change summary. It asserts nothing about time.

use kontaktpunkt_domain::import::{ImportFormat, ImportSummary};
use kontaktpunkt_domain::{Company, Cvr};
use kontaktpunkt_server::Config;
use kontaktpunkt_server::import::{self, ImportRequest, Quiet};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

/// Randers: the demo companies are all here, and the import filters on it as in production.
const MUNICIPALITY: u16 = 730;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let count: usize = std::env::args().nth(1).map(|n| n.parse()).transpose()?.unwrap_or(100_000);
    let dir = tempfile::TempDir::new()?;
    let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).ok_or_else(|| anyhow::anyhow!("date"))?;
    let demo = kontaktpunkt_demo::generate(730, today).companies;

    let started = Instant::now();
    let first = dir.path().join("register.jsonl");
    let bytes = write_file(&first, &demo, count, |_, _| {})?;
    // 1 %: every 100th company, alternately a new name and a new address.
    let second = dir.path().join("register-1pct.jsonl");
    write_file(&second, &demo, count, |i, company| {
        if i % 100 == 50 {
            if (i / 100) % 2 == 0 {
                company.name.push_str(" (nyt navn)");
            } else {
                company.address.street = format!("Flyttevej {}", i / 100);
            }
        }
    })?;
    drop(demo);
    println!(
        "generated {count} companies: {:.1} MB of CVR JSON Lines per file in {:.2} s (two files)",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );

    let config = Config { no_demo: true, ..Config::with_dirs(dir.path().join("data"), dir.path()) };
    let store = kontaktpunkt_server::open_store(&config).await?;

    let summary = timed(&store, "first import into an empty database", &first, count).await?;
    println!(
        "  new {} · changed {} · unchanged {} · rejected {}",
        summary.new, summary.changed, summary.unchanged, summary.rejected
    );

    let summary = timed(&store, "re-import with 1 % changed", &second, count).await?;
    println!(
        "  new {} · changed {} · ceased {} · unchanged {} · rejected {}",
        summary.new, summary.changed, summary.ceased, summary.unchanged, summary.rejected
    );
    let mut fields = std::collections::BTreeMap::<&str, u64>::new();
    for change in &summary.changed_companies {
        for field in &change.changes {
            *fields.entry(field.field.as_str()).or_default() += 1;
        }
    }
    println!("  changed fields (of the {} companies listed): {fields:?}", summary.changed_companies.len());
    if let Some(example) = summary.changed_companies.first() {
        let change = &example.changes[0];
        println!("  e.g. {} {}: {:?} → {:?}", example.cvr, change.field.as_str(), change.old, change.new);
    }
    store.close().await;
    Ok(())
}

async fn timed(
    store: &kontaktpunkt_server::Store,
    what: &str,
    path: &Path,
    count: usize,
) -> anyhow::Result<ImportSummary> {
    reset_peak_rss();
    let before = peak_rss_kib();
    let request = ImportRequest {
        format: ImportFormat::Cvr,
        path: path.to_owned(),
        full: true,
        municipality_filter: Some(MUNICIPALITY),
        default_municipality: MUNICIPALITY,
        skip_invalid: false,
        dry_run: false,
        import_id: None,
        mapping: None,
    };
    let started = Instant::now();
    let outcome = import::run(store, &request, Arc::new(Quiet), chrono::Utc::now()).await?;
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(outcome.summary.applied, "not applied: {:?}", outcome.blocker);
    println!(
        "{what}: {seconds:.2} s, {:.0} companies/s, peak RSS {:.1} MB (before: {:.1} MB)",
        count as f64 / seconds,
        peak_rss_kib() as f64 / 1024.0,
        before as f64 / 1024.0
    );
    Ok(outcome.summary)
}

/// Writes `count` companies: the demo's, then copies with new CVR numbers and varied names.
fn write_file(
    path: &Path,
    demo: &[Company],
    count: usize,
    mut change: impl FnMut(usize, &mut Company),
) -> anyhow::Result<u64> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    let mut stems = (2_000_000..).filter_map(Cvr::from_stem);
    let mut bytes = 0u64;
    for i in 0..count {
        let mut company = demo[i % demo.len()].clone();
        company.cvr = stems.next().ok_or_else(|| anyhow::anyhow!("out of CVR numbers"))?;
        let copy = i / demo.len();
        if copy > 0 {
            company.name = format!("{} {}", company.name, ["Nord", "Syd", "Øst", "Vest", "Midt"][copy % 5]);
            company.name.push_str(&format!(" {copy}"));
        }
        change(i, &mut company);
        let line = kontaktpunkt_register::cvr_json_line(&company);
        bytes += line.len() as u64 + 1;
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(bytes)
}

/// Peak resident set size of this process (VmHWM), in KiB; 0 where /proc is missing.
fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS (Linux ≥ 4.0), so each import reports its own peak.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}
