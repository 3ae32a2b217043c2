//! The search index against the linear scan it replaces, at 10,000 and 100,000 generated
//! companies: building the index, and the same fixed list of typed queries answered both ways.
//!
//! `cargo bench -p kontaktpunkt-domain --bench search` (add `-- --quick` for a faster run).
//! Before criterion's groups it prints each way's per-query p50/p95/max over the list, since
//! a keystroke's budget is about its slowest queries, not the mean.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use kontaktpunkt_domain::search::{
    CompanyIndex, Hits, SearchIndex, SearchQuery, company_search_text, normalize,
};
use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry};
use std::hint::black_box;
use std::time::{Duration, Instant};

#[path = "../src/search/generated.rs"]
#[allow(dead_code)]
mod generated;

const SIZES: [usize; 2] = [10_000, 100_000];
/// As many as the app shows at once.
const LIMIT: usize = 20;

/// Today's way (the app's `CompanyIndex::search`): rank every entry.
fn scan(entries: &[(String, String)], query: &SearchQuery, limit: usize) -> Hits {
    let mut by_rank: [Vec<u32>; 5] = Default::default();
    let mut matches = 0;
    for (id, (name, text)) in (0u32..).zip(entries) {
        if let Some(rank) = query.rank(name, text) {
            matches += 1;
            let bucket = &mut by_rank[usize::from(rank).min(4)];
            if bucket.len() < limit {
                bucket.push(id);
            }
        }
    }
    Hits { matches, ids: by_rank.into_iter().flatten().take(limit).collect() }
}

fn entries(size: usize) -> Vec<(String, String)> {
    generated::index_entries(&generated::companies(size, 42))
}

fn percentiles(mut times: Vec<Duration>) -> String {
    times.sort_unstable();
    let at = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    format!("p50 {:>9.1?}  p95 {:>9.1?}  max {:>9.1?}", at(50), at(95), at(100))
}

/// Per-query latencies of both ways (best of 5 runs per query), and the build and the
/// rebuild after a sync that changed 1,000 companies.
fn print_summary() {
    for size in SIZES {
        let entries = entries(size);
        let started = Instant::now();
        let index = SearchIndex::new(entries.clone());
        let build = started.elapsed();
        let mut changed = entries.clone();
        for (name, text) in changed.iter_mut().step_by((size / 1_000).max(1)) {
            name.push_str(" x");
            text.push_str(" aendret");
        }
        let started = Instant::now();
        let rebuilt = SearchIndex::new(changed);
        let rebuild = started.elapsed();
        // Best of 5 runs of `f`, each after an untimed `before`.
        let best_of = |before: &dyn Fn(), f: &dyn Fn() -> Hits| {
            (0..5)
                .map(|_| {
                    before();
                    let started = Instant::now();
                    black_box(f());
                    started.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        let (mut with_index, mut as_typed, mut with_scan) = (Vec::new(), Vec::new(), Vec::new());
        for (at, typed) in generated::TYPED.iter().enumerate() {
            let search = || index.search(&SearchQuery::new(typed), |_| true, LIMIT);
            // Alone: the index without the search before it.
            with_index.push(best_of(&|| index.forget_last_search(), &search));
            // As typed: right after the keystroke before it, as the app searches.
            let before = at.checked_sub(1).map(|b| SearchQuery::new(generated::TYPED[b]));
            let type_before = || {
                index.forget_last_search();
                if let Some(before) = &before {
                    black_box(index.search(before, |_| true, LIMIT));
                }
            };
            as_typed.push(best_of(&type_before, &search));
            with_scan.push(best_of(&|| (), &|| scan(&entries, &SearchQuery::new(typed), LIMIT)));
        }
        let mut slowest: Vec<(Duration, &str, usize)> = (as_typed.iter().zip(generated::TYPED))
            .map(|(t, typed)| (*t, *typed, index.search(&SearchQuery::new(typed), |_| true, LIMIT).matches))
            .collect();
        slowest.sort_unstable_by_key(|&(time, _, _)| std::cmp::Reverse(time));
        let (index_total, scan_total): (Duration, Duration) =
            (with_index.iter().sum(), with_scan.iter().sum());
        println!(
            "{size} companies: build {build:.1?}, rebuild after 1,000 changed {rebuild:.1?}, tables {:.1} MB",
            rebuilt.table_bytes() as f64 / 1e6
        );
        // What a device does at a start since the snapshot: read the kept catalog instead of
        // indexing every company (the app's `CompanyIndex::new` from the stored companies).
        let companies = generated::companies(size, 42);
        let started = Instant::now();
        let catalog = CompanyIndex::new(companies);
        let catalog_build = started.elapsed();
        // A sync that brings 1,000 changed companies: only they are indexed (the recent layer).
        let mut changed: Vec<Company> = catalog.companies().step_by((size / 1_000).max(1)).collect();
        for company in &mut changed {
            company.name.push_str(" Fornyet");
        }
        let started = Instant::now();
        let updated = catalog.with_changes(changed).map(|c| c.len());
        let update = started.elapsed();
        assert!(updated.is_some(), "1,000 changes fit the recent layer");
        println!(
            "  a sync with 1,000 changed companies: recent layer {update:.1?} (a full build {catalog_build:.1?}, {:.0}×)",
            catalog_build.as_secs_f64() / update.as_secs_f64().max(1e-12)
        );
        let started = Instant::now();
        let snapshot = catalog.to_snapshot();
        let write = started.elapsed();
        let started = Instant::now();
        let read = CompanyIndex::from_snapshot(&snapshot).map(|c| c.len());
        let read_time = started.elapsed();
        assert_eq!(read, Ok(size), "the snapshot reads back");
        println!(
            "  catalog: built from companies {catalog_build:.1?}; snapshot {:.1} MB, written {write:.1?}, \
             read {read_time:.1?} (build / read {:.0}×); in memory {:.1} MB",
            snapshot.len() as f64 / 1e6,
            catalog_build.as_secs_f64() / read_time.as_secs_f64().max(1e-12),
            catalog.bytes() as f64 / 1e6
        );
        if std::env::var_os("SEARCH_BENCH_EACH").is_some() {
            for ((typed, alone), after) in generated::TYPED.iter().zip(&with_index).zip(&as_typed) {
                println!("    {typed:?}: alone {alone:.1?}, as typed {after:.1?}");
            }
        }
        println!("  index, as typed {}  ({} queries)", percentiles(as_typed), generated::TYPED.len());
        println!("  index, alone    {}", percentiles(with_index));
        println!("  scan            {}", percentiles(with_scan));
        let slowest: Vec<String> = slowest
            .iter()
            .take(5)
            .map(|(t, typed, matches)| format!("{typed:?} {t:.1?} ({matches} matches)"))
            .collect();
        println!("  slowest with the index, as typed: {}", slowest.join(", "));
        println!(
            "  mean per query: index {:.1?}, scan {:.1?}, scan / index {:.0}×",
            index_total / generated::TYPED.len() as u32,
            scan_total / generated::TYPED.len() as u32,
            scan_total.as_secs_f64() / index_total.as_secs_f64().max(1e-12)
        );
    }
}

fn benches(c: &mut Criterion) {
    print_summary();
    if std::env::var_os("SEARCH_BENCH_SUMMARY_ONLY").is_some() {
        return;
    }
    for size in SIZES {
        let entries = entries(size);
        let mut build = c.benchmark_group(format!("search build {size}"));
        build.sample_size(10);
        build.bench_function("SearchIndex::new", |b| {
            b.iter_batched(|| entries.clone(), SearchIndex::new, BatchSize::LargeInput)
        });
        build.finish();

        let index = SearchIndex::new(entries.clone());
        let mut query =
            c.benchmark_group(format!("search {} typed queries, {size} companies", generated::TYPED.len()));
        query.sample_size(10).throughput(Throughput::Elements(generated::TYPED.len() as u64));
        query.bench_function("index, as typed", |b| {
            b.iter(|| {
                for typed in generated::TYPED {
                    black_box(index.search(&SearchQuery::new(typed), |_| true, LIMIT));
                }
            })
        });
        query.bench_function("scan", |b| {
            b.iter(|| {
                for typed in generated::TYPED {
                    black_box(scan(&entries, &SearchQuery::new(typed), LIMIT));
                }
            })
        });
        query.finish();
    }
}

fn short() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3))
}

criterion_group! { name = search; config = short(); targets = benches }
criterion_main!(search);
