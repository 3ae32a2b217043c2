//! Builders for hand-made CVR documents, in the register's own shape.
#![allow(dead_code)]

use kontaktpunkt_domain::Cvr;
use kontaktpunkt_register::{CvrReader, ImportOptions, RecordError, RegisterCompany, RegisterRecord};
use serde_json::{Value, json};

/// The first valid CVR number from a seven-digit stem on.
pub fn cvr(stem: u32) -> String {
    (stem..).find_map(Cvr::from_stem).expect("some stem has a check digit").to_string()
}

pub fn period(from: &str, to: Option<&str>) -> Value {
    json!({ "gyldigFra": from, "gyldigTil": to })
}

pub fn address(street: &str, number: u32, postal: u32, town: &str, municipality: u16) -> Value {
    json!({
        "vejnavn": street, "husnummerFra": number, "bogstavFra": null, "etage": null, "sidedoer": null,
        "postnummer": postal, "postdistrikt": town, "conavn": null,
        "kommune": { "kommuneKode": municipality, "kommuneNavn": "X" },
        "periode": period("2010-01-01", None),
    })
}

/// A company document with metadata, active, in the given municipality.
pub fn company(cvr: &str, name: &str, municipality: u16) -> Value {
    let address = address("Tronholmen", 1, 8960, "Randers SØ", municipality);
    json!({
        "cvrNummer": cvr.parse::<u64>().expect("digits"),
        "reklamebeskyttet": false,
        "navne": [{ "navn": name, "periode": period("2010-01-01", None) }],
        "beliggenhedsadresse": [address],
        "livsforloeb": [{ "periode": period("2010-01-01", None) }],
        "virksomhedMetadata": {
            "nyesteNavn": { "navn": name, "periode": period("2010-01-01", None) },
            "nyesteBeliggenhedsadresse": address,
            "nyesteHovedbranche": { "branchekode": "107110", "branchetekst": "Fremstilling af brød", "periode": period("2010-01-01", None) },
            "sammensatStatus": "NORMAL",
        },
    })
}

/// A production unit document linked to `cvr` through `virksomhedsrelation` only.
pub fn unit(p_number: u64, cvr: &str, name: &str, municipality: u16) -> Value {
    json!({
        "pNummer": p_number,
        "reklamebeskyttet": true,
        "navne": [{ "navn": name, "periode": period("2012-01-01", None) }],
        "beliggenhedsadresse": [address("Vestergade", 12, 8900, "Randers C", municipality)],
        "hovedbranche": [{ "branchekode": "471100", "branchetekst": "Supermarkeder", "periode": period("2012-01-01", None) }],
        "virksomhedsrelation": [
            { "cvrNummer": 25052943, "periode": period("2012-01-01", Some("2015-12-31")) },
            { "cvrNummer": cvr.parse::<u64>().expect("digits"), "periode": period("2016-01-01", None) },
        ],
        "livsforloeb": [{ "periode": period("2012-01-01", None) }],
    })
}

pub fn wrap_company(doc: Value) -> String {
    json!({ "Vrvirksomhed": doc }).to_string()
}

pub fn wrap_unit(doc: Value) -> String {
    json!({ "VrproduktionsEnhed": doc }).to_string()
}

/// Reads everything, splitting records from errors.
pub fn read_all(input: &str, options: ImportOptions) -> (Vec<RegisterRecord>, Vec<RecordError>) {
    let reader = CvrReader::new(input.as_bytes(), options).expect("input is CVR data");
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for item in reader {
        match item {
            Ok(record) => records.push(record),
            Err(error) => errors.push(error),
        }
    }
    (records, errors)
}

/// The one company in the input.
pub fn only_company(input: &str) -> RegisterCompany {
    let (records, errors) = read_all(input, ImportOptions::default());
    assert!(errors.is_empty(), "unexpected errors: {errors:?}");
    match records.as_slice() {
        [RegisterRecord::Company(company)] => company.clone(),
        other => panic!("expected one company, got {other:?}"),
    }
}
