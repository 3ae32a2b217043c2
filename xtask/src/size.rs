//! `cargo xtask size`: the shell's weight on the wire, against the budget.

use crate::Paths;
use crate::dist::{file_name, list_dir};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::Path;

/// The field shell (HTML + JS + WASM + CSS a phone loads to start) must stay within this many
/// brotli bytes; the lazy chunks are reported beside it.
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
    let main_wasm =
        |n: &str| n.starts_with("kontaktpunkt-app-") && n.ends_with(".wasm") && n.len() == MAIN_WASM_LEN;
    // The field shell: what a phone loads to start, log in, search and log a visit.
    let shell = [
        find("HTML", &|n| n == "index.html")?,
        find("JS", &|n| n.starts_with("kontaktpunkt-app-") && n.ends_with(".js"))?,
        find("JS", &|n| n.starts_with("kontaktpunkt-split-") && n.ends_with(".js"))?,
        find("WASM", &main_wasm)?,
        find("CSS", &|n| n.ends_with(".css"))?,
    ];
    // The lazily loaded chunks (office screens), fetched on first use and precached after start.
    let mut chunks = Vec::new();
    for path in &files {
        let name = file_name(path)?;
        if name.ends_with(".wasm") && !main_wasm(name) {
            chunks.push(row("chunk", path)?);
        }
    }

    println!("{:<5} {:<58} {:>10} {:>10} {:>10}", "", "file", "raw", "gzip", "brotli");
    let print =
        |r: &Row| println!("{:<5} {:<58} {:>10} {:>10} {:>10}", r.label, r.name, r.raw, r.gzip, r.brotli);
    shell.iter().for_each(print);
    let total = |rows: &[Row], f: fn(&Row) -> u64| rows.iter().map(f).sum::<u64>();
    let brotli = total(&shell, |r| r.brotli);
    println!(
        "{:<5} {:<58} {:>10} {:>10} {:>10}",
        "total",
        "field shell",
        total(&shell, |r| r.raw),
        total(&shell, |r| r.gzip),
        brotli
    );
    chunks.iter().for_each(print);
    println!(
        "{:<5} {:<58} {:>10} {:>10} {:>10}",
        "total",
        format!("{} lazy chunks", chunks.len()),
        total(&chunks, |r| r.raw),
        total(&chunks, |r| r.gzip),
        total(&chunks, |r| r.brotli)
    );
    let percent = brotli as f64 * 100.0 / BUDGET_BROTLI as f64;
    println!(
        "field shell brotli: {:.1} KB of the {} KB budget ({percent:.0} %)",
        brotli as f64 / 1000.0,
        BUDGET_BROTLI / 1000
    );
    if brotli > BUDGET_BROTLI {
        bail!("the field shell is over budget by {} bytes", brotli - BUDGET_BROTLI);
    }
    Ok(())
}

/// `kontaktpunkt-app-<16 hex>.wasm`: the main module (chunks carry their name in between).
const MAIN_WASM_LEN: usize = "kontaktpunkt-app-".len() + 16 + ".wasm".len();

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
