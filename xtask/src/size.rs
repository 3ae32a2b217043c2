//! `cargo xtask size`: the shell's weight on the wire, against the budget.

use crate::Paths;
use crate::dist::{file_name, list_dir};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::Path;

/// The whole shell (HTML + JS + WASM + CSS) must stay within this many brotli bytes.
const BUDGET_BROTLI: u64 = 200 * 1000;

struct Row {
    label: &'static str,
    name: String,
    raw: u64,
    gzip: u64,
    brotli: u64,
}

pub fn run(paths: &Paths) -> Result<()> {
    if !paths.dist.join("index.html").is_file() {
        bail!("{} has no index.html; run `cargo xtask build` first", paths.dist.display());
    }
    let files = list_dir(&paths.dist)?;
    let find = |label: &'static str, matches: &dyn Fn(&str) -> bool| -> Result<Row> {
        let path = files
            .iter()
            .find(|p| file_name(p).is_ok_and(matches))
            .with_context(|| format!("no {label} file in {}", paths.dist.display()))?;
        row(label, path)
    };
    let rows = [
        find("HTML", &|n| n == "index.html")?,
        find("JS", &|n| n.starts_with("kontaktpunkt-app-") && n.ends_with(".js"))?,
        find("WASM", &|n| n.starts_with("kontaktpunkt-app-") && n.ends_with(".wasm"))?,
        find("CSS", &|n| n.ends_with(".css"))?,
    ];

    println!("{:<5} {:<42} {:>10} {:>10} {:>10}", "", "file", "raw", "gzip", "brotli");
    for r in &rows {
        println!("{:<5} {:<42} {:>10} {:>10} {:>10}", r.label, r.name, r.raw, r.gzip, r.brotli);
    }
    let total = |f: fn(&Row) -> u64| rows.iter().map(f).sum::<u64>();
    let brotli = total(|r| r.brotli);
    println!(
        "{:<5} {:<42} {:>10} {:>10} {:>10}",
        "total",
        "shell",
        total(|r| r.raw),
        total(|r| r.gzip),
        brotli
    );
    let percent = brotli as f64 * 100.0 / BUDGET_BROTLI as f64;
    println!(
        "shell brotli: {:.1} KB of the {} KB budget ({percent:.0} %)",
        brotli as f64 / 1000.0,
        BUDGET_BROTLI / 1000
    );
    if brotli > BUDGET_BROTLI {
        bail!("the shell is over budget by {} bytes", brotli - BUDGET_BROTLI);
    }
    Ok(())
}

fn row(label: &'static str, path: &Path) -> Result<Row> {
    let len = |p: &Path| fs::metadata(p).map(|m| m.len()).with_context(|| format!("reading {}", p.display()));
    let sibling = |ext: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(ext);
        len(Path::new(&name))
    };
    Ok(Row {
        label,
        name: file_name(path)?.to_owned(),
        raw: len(path)?,
        gzip: sibling(".gz")?,
        brotli: sibling(".br")?,
    })
}
