//! The real CVR sample (MAGENTA ApS) as the register's API returns it.

mod common;

use common::{only_company, read_all};
use kontaktpunkt_domain::{EmployeeInterval, PNumber};
use kontaktpunkt_register::{CvrFormat, CvrReader, ImportOptions, RegisterRecord};
use serde_json::Value;

const SAMPLE: &str = include_str!("fixtures/cvr-company-sample.json");

fn sample_source() -> Value {
    let page: Value = serde_json::from_str(SAMPLE).expect("the fixture is JSON");
    page["hits"]["hits"][0]["_source"].clone()
}

#[test]
fn the_sample_page_yields_magenta_with_its_current_values() {
    let reader = CvrReader::new(SAMPLE.as_bytes(), ImportOptions::default()).expect("a CVR page");
    assert_eq!(reader.format(), CvrFormat::Document);
    let company = only_company(SAMPLE);
    assert_eq!(company.cvr.as_str(), "25052943");
    assert_eq!(company.name, "MAGENTA ApS");
    assert_eq!(company.address.street, "Pilestræde 43, 3.");
    assert_eq!(company.address.postal_code, "1112");
    assert_eq!(company.address.town, "København K");
    assert_eq!(company.municipality_code, 101);
    let industry = company.main_industry.as_ref().expect("a main industry");
    assert_eq!(
        (industry.code.as_str(), industry.text.as_str(), industry.version.as_str()),
        ("620200", "Konsulentbistand vedrørende informationsteknologi", "DB07")
    );
    assert!(company.secondary_industries.is_empty());
    // The newest figure is the quarterly one for 2016 Q3 (20–49), not the yearly one for 2014 (10–19).
    assert_eq!(company.employees, EmployeeInterval::From20To49);
    assert!(company.active);
    assert!(company.advertising_protected);
    assert_eq!(company.company_form.as_deref(), Some("Anpartsselskab"));
    assert_eq!(company.care_of, None);
    let p_numbers: Vec<&str> = company.p_numbers.iter().map(PNumber::as_str).collect();
    assert_eq!(p_numbers, ["1007256945", "1019601052"]);
}

#[test]
fn the_sample_becomes_a_domain_company_with_its_first_production_unit() {
    let company = only_company(SAMPLE).to_company();
    assert_eq!(company.p_number.as_ref().map(PNumber::as_str), Some("1007256945"));
    assert_eq!(company.industry.code, "620200");
    assert_eq!(company.name, "MAGENTA ApS");
    assert!(company.active);
}

#[test]
fn the_sample_as_json_lines_and_as_a_hit_line_reads_the_same() {
    let from_page = only_company(SAMPLE);
    let source = sample_source();
    let json_line = source.to_string();
    assert_eq!(only_company(&json_line), from_page);
    let hit_line = serde_json::json!({ "_id": "4001248508", "_source": source }).to_string();
    let (records, errors) = read_all(&format!("{hit_line}\n{hit_line}\n"), ImportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(records, vec![RegisterRecord::Company(from_page.clone()); 2]);
    let bare = source["Vrvirksomhed"].to_string();
    assert_eq!(only_company(&bare), from_page);
}

#[test]
fn without_metadata_the_dated_arrays_give_the_same_current_values() {
    let mut source = sample_source();
    let doc = source["Vrvirksomhed"].as_object_mut().expect("an object");
    doc.remove("virksomhedMetadata");
    let company = only_company(&source.to_string());
    let expected = only_company(SAMPLE);
    assert_eq!(company.name, expected.name);
    assert_eq!(company.address, expected.address);
    assert_eq!(company.municipality_code, 101);
    assert_eq!(company.main_industry, expected.main_industry);
    assert_eq!(company.employees, EmployeeInterval::From20To49);
    assert_eq!(company.company_form, expected.company_form);
    assert!(company.active);
}

#[test]
fn the_municipality_filter_skips_the_sample_outside_randers_and_counts_it() {
    let mut reader = CvrReader::new(
        SAMPLE.as_bytes(),
        ImportOptions { municipality_code: Some(730), ..Default::default() },
    )
    .expect("a CVR page");
    assert!(reader.next().is_none());
    assert_eq!(reader.stats().skipped_other_municipality, 1);
    assert_eq!(reader.stats().companies, 0);
    let (records, _) = read_all(SAMPLE, ImportOptions { municipality_code: Some(101), ..Default::default() });
    assert!(matches!(records.as_slice(), [RegisterRecord::Company(_)]));
}
