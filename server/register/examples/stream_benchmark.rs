//! Streams CVR JSON Lines through the reader and prints throughput and peak memory.
//!
//! ```text
//! cargo run --release -p kontaktpunkt-register --example stream_benchmark            # 100,000 generated
//! cargo run --release -p kontaktpunkt-register --example stream_benchmark -- 250000
//! cargo run --release -p kontaktpunkt-register --example stream_benchmark -- file.jsonl
//! ```
//!
//! Generated companies are written one line at a time while the reader consumes them, so the
//! peak memory shows what the reader itself holds. Budget (issue): 100,000 companies in ≤ 10 s.

use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};
use kontaktpunkt_register::{CvrReader, ImportOptions, cvr_json_line};
use std::io::{BufRead, BufReader, Read};
use std::time::Instant;

/// JSON Lines made on demand: `left` more companies from stem `stem` on.
struct Generated {
    stem: u32,
    left: u32,
    line: Vec<u8>,
    at: usize,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.line.len() {
            if self.left == 0 {
                return Ok(0);
            }
            let stem = self.stem;
            self.stem += 1;
            // Some stems have no check digit; they are never issued.
            let Some(cvr) = Cvr::from_stem(stem) else { continue };
            self.left -= 1;
            let company = Company {
                cvr,
                p_number: PNumber::parse(&format!("10{stem:08}")).ok(),
                name: format!("Virksomhed {stem} ApS"),
                address: Address {
                    street: format!("Vestergade {}, {}. th", stem % 120 + 1, stem % 4 + 1),
                    postal_code: "8900".to_owned(),
                    town: "Randers C".to_owned(),
                },
                municipality_code: if stem.is_multiple_of(3) { 707 } else { 730 },
                industry: Industry {
                    code: "471100".to_owned(),
                    text: "Supermarkeder og varehuse med bredt sortiment".to_owned(),
                    version: "DB07".to_owned(),
                },
                employees: EmployeeInterval::ALL[(stem % 11) as usize],
                advertising_protected: stem.is_multiple_of(5),
                active: !stem.is_multiple_of(17),
            };
            self.line = format!("{}\n", cvr_json_line(&company)).into_bytes();
            self.at = 0;
        }
        let n = out.len().min(self.line.len() - self.at);
        out[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "100000".to_owned());
    let options = ImportOptions { municipality_code: Some(730), ..Default::default() };
    let generated = |count| Generated { stem: 1_000_000, left: count, line: Vec::new(), at: 0 };
    let (input, label): (Box<dyn BufRead>, String) = match arg.parse::<u32>() {
        Ok(count) => {
            // Writing the lines costs time too; measured alone so the reader's share is visible.
            let start = Instant::now();
            let bytes = std::io::copy(&mut generated(count), &mut std::io::sink())?;
            println!("writing alone: {bytes} bytes in {:.2} s", start.elapsed().as_secs_f64());
            (
                Box::new(BufReader::new(generated(count))),
                format!("{count} generated companies (time includes writing them)"),
            )
        }
        Err(_) => (Box::new(BufReader::new(std::fs::File::open(&arg)?)), arg.clone()),
    };
    let start = Instant::now();
    let mut reader = CvrReader::new(input, options)?;
    let mut records = 0u64;
    for item in reader.by_ref() {
        if item.is_ok() {
            records += 1;
        }
    }
    let elapsed = start.elapsed();
    let stats = reader.stats();
    println!("input: {label}");
    println!(
        "read {records} records in Randers (730) in {:.2} s: {:.0} records/s; skipped elsewhere {}, errors {}",
        elapsed.as_secs_f64(),
        (records + stats.skipped_other_municipality) as f64 / elapsed.as_secs_f64(),
        stats.skipped_other_municipality,
        stats.errors,
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status")
        && let Some(peak) = status.lines().find(|l| l.starts_with("VmHWM"))
    {
        println!("peak memory: {}", peak.trim_start_matches("VmHWM:").trim());
    }
    Ok(())
}
