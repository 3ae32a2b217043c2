//! Hand-made CVR documents for the cases the sample does not show.

mod common;

use chrono::NaiveDate;
use common::{company, cvr, only_company, period, read_all, unit, wrap_company, wrap_unit};
use kontaktpunkt_domain::EmployeeInterval;
use kontaktpunkt_register::{
    ClassificationRule, CvrReader, ImportOptions, Position, RecordProblem, RegisterError, RegisterRecord,
    WrongDocument,
};
use serde_json::json;

#[test]
fn the_current_name_wins_over_older_and_later_listed_names() {
    let mut doc = company(&cvr(3_000_000), "ignored", 730);
    doc.as_object_mut().expect("object").remove("virksomhedMetadata");
    doc["navne"] = json!([
        { "navn": "Bager Hansen", "periode": period("2001-01-01", Some("2005-12-31")) },
        { "navn": "Hansens Brød ApS", "periode": period("2011-01-01", None) },
        { "navn": "Hansen & Søn", "periode": period("2006-01-01", Some("2010-12-31")) },
    ]);
    assert_eq!(only_company(&wrap_company(doc)).name, "Hansens Brød ApS");
}

#[test]
fn when_no_name_is_current_the_latest_one_is_used() {
    let mut doc = company(&cvr(3_000_010), "ignored", 730);
    doc.as_object_mut().expect("object").remove("virksomhedMetadata");
    doc["navne"] = json!([
        { "navn": "Last Name", "periode": period("2006-01-01", Some("2019-05-01")) },
        { "navn": "First Name", "periode": period("2001-01-01", Some("2005-12-31")) },
    ]);
    assert_eq!(only_company(&wrap_company(doc)).name, "Last Name");
}

#[test]
fn a_company_without_an_address_is_read_with_an_empty_address_and_no_municipality() {
    let mut doc = company(&cvr(3_000_020), "Adresseløs ApS", 730);
    doc["beliggenhedsadresse"] = json!(null);
    doc["virksomhedMetadata"]["nyesteBeliggenhedsadresse"] = json!(null);
    let found = only_company(&wrap_company(doc.clone()));
    assert_eq!((found.address.street.as_str(), found.address.postal_code.as_str()), ("", ""));
    assert_eq!(found.municipality_code, 0);
    let line = wrap_company(doc);
    let mut reader =
        CvrReader::new(line.as_bytes(), ImportOptions { municipality_code: Some(730), ..Default::default() })
            .expect("CVR data");
    assert!(reader.next().is_none());
    assert_eq!(reader.stats().skipped_unknown_municipality, 1);
}

#[test]
fn ceased_companies_are_kept_and_marked_inactive() {
    let ceased = |status: &str| {
        let mut doc = company(&cvr(3_000_030), "Lukket ApS", 730);
        doc["virksomhedMetadata"]["sammensatStatus"] = json!(status);
        only_company(&wrap_company(doc)).active
    };
    for status in ["OPHØRT", "Ophørt", "OPLØST EFTER FUSION", "TVANGSOPLØST", "UNDER KONKURS", "SLETTET"]
    {
        assert!(!ceased(status), "{status} should be inactive");
    }
    for status in ["NORMAL", "Aktiv", "UNDER FRIVILLIG LIKVIDATION", "UNDER REKONSTRUKTION"] {
        assert!(ceased(status), "{status} should stay active");
    }
}

#[test]
fn a_lifecycle_with_an_end_date_makes_a_company_inactive_without_a_status() {
    let mut doc = company(&cvr(3_000_040), "Slut ApS", 730);
    doc["virksomhedMetadata"]["sammensatStatus"] = json!(null);
    doc["livsforloeb"] = json!([{ "periode": period("2010-01-01", Some("2019-06-30")) }]);
    assert!(!only_company(&wrap_company(doc)).active);
}

#[test]
fn a_production_unit_here_is_reported_while_its_company_elsewhere_is_skipped() {
    let owner = cvr(3_000_050);
    let input = [
        wrap_company(company(&owner, "Kæden A/S", 101)),
        wrap_unit(unit(1_012_345_678, &owner, "Kæden Randers", 730)),
        wrap_unit(unit(1_012_345_679, &owner, "Kæden Aalborg", 851)),
    ]
    .join("\n");
    let mut reader = CvrReader::new(
        input.as_bytes(),
        ImportOptions { municipality_code: Some(730), ..Default::default() },
    )
    .expect("CVR data");
    let records: Vec<RegisterRecord> = reader.by_ref().collect::<Result<_, _>>().expect("no record errors");
    let [RegisterRecord::ProductionUnit(found)] = records.as_slice() else {
        panic!("one unit, got {records:?}")
    };
    assert_eq!(found.p_number.as_str(), "1012345678");
    // The current relation, not the one that ended in 2015.
    assert_eq!(found.cvr.as_ref().map(|c| c.as_str()), Some(owner.as_str()));
    assert_eq!(found.name, "Kæden Randers");
    assert_eq!(found.address.street, "Vestergade 12");
    assert_eq!(found.municipality_code, 730);
    assert_eq!(found.main_industry.as_ref().map(|i| i.code.as_str()), Some("471100"));
    assert!(found.advertising_protected && found.active);
    let stats = reader.stats();
    assert_eq!((stats.production_units, stats.companies, stats.skipped_other_municipality), (1, 0, 2));
}

#[test]
fn json_lines_with_a_broken_line_report_that_line_and_read_the_others() {
    let input = format!(
        "{}\n{{\"Vrvirksomhed\": {{\"cvrNummer\": 12\n\n{}\n",
        wrap_company(company(&cvr(3_000_060), "Før", 730)),
        wrap_company(company(&cvr(3_000_070), "Efter", 730)),
    );
    let (records, errors) = read_all(&input, ImportOptions::default());
    let names: Vec<&str> = records
        .iter()
        .map(|r| match r {
            RegisterRecord::Company(c) => c.name.as_str(),
            RegisterRecord::ProductionUnit(u) => u.name.as_str(),
        })
        .collect();
    assert_eq!(names, ["Før", "Efter"]);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].position, Position { line: Some(2), hit: None });
    assert!(matches!(errors[0].problem, RecordProblem::MalformedJson { .. }), "{:?}", errors[0]);
    assert!(errors[0].to_string().starts_with("line 2: malformed JSON"), "{}", errors[0]);
}

#[test]
fn a_bad_cvr_number_is_a_record_error_with_its_position_in_the_page() {
    let good = json!({ "_source": { "Vrvirksomhed": company(&cvr(3_000_080), "God", 730) } });
    let bad = json!({ "_source": { "Vrvirksomhed": company("25052944", "Forkert", 730) } });
    let page = serde_json::to_string_pretty(&json!({ "hits": { "hits": [good, bad] } })).expect("json");
    let (records, errors) = read_all(&page, ImportOptions::default());
    assert_eq!(records.len(), 1);
    assert_eq!(errors[0].position, Position { line: None, hit: Some(1) });
    assert!(matches!(&errors[0].problem, RecordProblem::InvalidCvr { value, .. } if value == "25052944"));
}

#[test]
fn a_person_document_is_refused_as_not_company_data() {
    let person = json!({ "Vrdeltagerperson": { "enhedsNummer": 4000123456u64, "navne": [] } }).to_string();
    let Err(error) = CvrReader::new(person.as_bytes(), ImportOptions::default()) else { panic!("accepted") };
    assert!(matches!(error, RegisterError::WrongDocumentType(WrongDocument::Person)), "{error}");
    assert!(error.message_da().contains("personopslag"));
    let page = json!({ "hits": { "hits": [{ "_source": { "Vrdeltagerperson": {} } }] } }).to_string();
    assert!(matches!(
        CvrReader::new(page.as_bytes(), ImportOptions::default()),
        Err(RegisterError::WrongDocumentType(WrongDocument::Person))
    ));
}

#[test]
fn unrelated_json_is_refused_naming_its_keys() {
    let Err(error) =
        CvrReader::new(&b"{\"type\": \"FeatureCollection\", \"features\": []}"[..], ImportOptions::default())
    else {
        panic!("accepted")
    };
    match error {
        RegisterError::WrongDocumentType(WrongDocument::Unknown { keys }) => {
            assert_eq!(keys, ["features", "type"])
        }
        other => panic!("unexpected {other}"),
    }
}

#[test]
fn a_malformed_page_reports_line_and_column() {
    let broken = "{\n  \"hits\": {\n    \"hits\": [\n      {\"_source\": }\n    ]\n  }\n}\n";
    match CvrReader::new(broken.as_bytes(), ImportOptions::default()) {
        Err(RegisterError::MalformedJson { line, column, .. }) => assert_eq!((line, column), (4, 19)),
        Err(other) => panic!("unexpected {other}"),
        Ok(_) => panic!("accepted"),
    }
}

#[test]
fn text_that_is_not_json_and_empty_input_are_refused() {
    assert!(matches!(
        CvrReader::new(&b"CVR;Navn\n25052943;MAGENTA\n"[..], ImportOptions::default()),
        Err(RegisterError::MalformedJson { line: 1, .. })
    ));
    assert!(matches!(CvrReader::new(&b"\n\n"[..], ImportOptions::default()), Err(RegisterError::Empty)));
    assert!(matches!(
        CvrReader::new(&b"\x1f\x8b\x08\x00"[..], ImportOptions::default()),
        Err(RegisterError::NotText)
    ));
}

#[test]
fn secondary_industries_and_the_db25_rule_follow_the_period_start() {
    let mut doc = company(&cvr(3_000_090), "Ny Branche ApS", 730);
    doc["virksomhedMetadata"]["nyesteHovedbranche"] = json!({ "branchekode": "561110", "branchetekst": "Restauranter", "periode": period("2025-03-01", None) });
    doc["virksomhedMetadata"]["nyesteBibranche1"] = json!({ "branchekode": 11100, "branchetekst": "Dyrkning af korn", "periode": period("2012-01-01", None) });
    let line = wrap_company(doc);
    let plain = only_company(&line);
    assert_eq!(plain.main_industry.as_ref().map(|i| i.version.as_str()), Some("DB07"));
    let secondary: Vec<(&str, &str)> =
        plain.secondary_industries.iter().map(|i| (i.code.as_str(), i.version.as_str())).collect();
    assert_eq!(secondary, [("011100", "DB07")]);
    let switch = NaiveDate::from_ymd_opt(2025, 1, 1).expect("a date");
    let options =
        ImportOptions { classification: ClassificationRule::Db25From(switch), ..Default::default() };
    let (records, _) = read_all(&line, options);
    let Some(RegisterRecord::Company(ruled)) = records.first() else { panic!("a company") };
    assert_eq!(ruled.main_industry.as_ref().map(|i| i.version.as_str()), Some("DB25"));
    assert_eq!(ruled.secondary_industries[0].version, "DB07");
}

#[test]
fn the_newest_employee_figure_wins_across_yearly_quarterly_and_monthly() {
    let mut doc = company(&cvr(3_000_100), "Vækst ApS", 730);
    doc["aarsbeskaeftigelse"] = json!([{ "aar": 2023, "intervalKodeAntalAnsatte": "ANTAL_5_9" }]);
    doc["kvartalsbeskaeftigelse"] = json!([
        { "aar": 2024, "kvartal": 1, "intervalKodeAntalAnsatte": "ANTAL_10_19" },
        { "aar": 2024, "kvartal": 2, "intervalKodeAntalAnsatte": null, "antalAnsatte": 25 },
    ]);
    assert_eq!(only_company(&wrap_company(doc)).employees, EmployeeInterval::From20To49);
}

#[test]
fn units_without_metadata_and_bare_documents_are_read() {
    let owner = cvr(3_000_110);
    let bare_unit = unit(1_000_000_001, &owner, "Filial", 730).to_string();
    let (records, errors) = read_all(&bare_unit, ImportOptions::default());
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        matches!(&records[..], [RegisterRecord::ProductionUnit(u)] if u.cvr.as_ref().map(|c| c.as_str()) == Some(owner.as_str()))
    );
}

#[test]
fn a_record_of_the_wrong_shape_is_reported_and_reading_goes_on() {
    let mut odd = company(&cvr(3_000_120), "Mærkelig", 730);
    odd["navne"] = json!("not a list");
    let input = [wrap_company(company(&cvr(3_000_130), "Normal", 730)), wrap_company(odd)].join("\n");
    let (records, errors) = read_all(&input, ImportOptions::default());
    assert_eq!(records.len(), 1);
    assert!(matches!(errors[0].problem, RecordProblem::UnexpectedShape(_)));
    assert_eq!(errors[0].position.line, Some(2));
}
