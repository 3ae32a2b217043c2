//! Spreadsheet extracts as municipalities send them.

use kontaktpunkt_domain::EmployeeInterval;
use kontaktpunkt_register::{
    ColumnMapping, CsvError, CsvImport, CsvRules, Field, RowError, RowProblem, TextEncoding,
};

/// Latin-1 bytes, as Excel on a Danish Windows saves "CSV (semikolonsepareret)".
fn latin1(text: &str) -> Vec<u8> {
    text.chars().map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 character")).collect()
}

fn rules() -> CsvRules {
    CsvRules {
        known_postal_codes: ["8000", "8900", "8960", "0800"].into_iter().map(String::from).collect(),
        default_municipality_code: Some(730),
    }
}

#[test]
fn a_semicolon_latin1_extract_is_decoded_as_windows_1252() {
    let text = "CVR-nummer;Navn;Adresse;Postnr;By;Branchekode;Branchetekst;Antal ansatte;Reklamebeskyttet\n\
                25052943;Århus Bageri;Søndergade 5, 2. tv;8000;Aarhus C;107110;Fremstilling af brød;12;ja\n";
    let import = CsvImport::from_bytes(&latin1(text)).expect("readable");
    assert_eq!(import.encoding(), TextEncoding::Windows1252);
    assert_eq!(import.delimiter(), b';');
    let outcome = import.validate(&rules()).expect("mapped");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let [company] = outcome.companies.as_slice() else { panic!("one company") };
    assert_eq!(company.name, "Århus Bageri");
    assert_eq!(company.address.street, "Søndergade 5, 2. tv");
    assert_eq!((company.address.postal_code.as_str(), company.address.town.as_str()), ("8000", "Aarhus C"));
    assert_eq!(company.municipality_code, 730);
    assert_eq!(
        company.main_industry.as_ref().map(|i| (i.code.as_str(), i.version.as_str())),
        Some(("107110", "DB07"))
    );
    assert_eq!(company.employees, EmployeeInterval::From10To19);
    assert!(company.advertising_protected && company.active);
}

#[test]
fn a_utf8_extract_with_a_byte_order_mark_maps_its_first_column() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("CVR,Name,Address,Zip,City,Employees\n25052943,MAGENTA ApS,\"Pilestræde 43, 3.\",800,København,ANTAL_20_49\n".as_bytes());
    let import = CsvImport::from_bytes(&bytes).expect("readable");
    assert_eq!(import.encoding(), TextEncoding::Utf8Bom);
    assert_eq!(import.delimiter(), b',');
    assert_eq!(import.headers()[0], "CVR");
    assert_eq!(import.mapping().get(Field::Cvr), Some(0));
    let outcome = import.validate(&rules()).expect("mapped");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let company = &outcome.companies[0];
    assert_eq!(company.address.street, "Pilestræde 43, 3.");
    // Excel turned "0800" into 800; the code is padded back.
    assert_eq!(company.address.postal_code, "0800");
    assert_eq!(company.employees, EmployeeInterval::From20To49);
}

#[test]
fn row_errors_name_row_column_and_reason_in_danish_and_english() {
    let text = "CVR;Navn;Postnr;Ansatte\n\
                25052943;MAGENTA ApS;8960;5\n\
                25052944;Forkert Ciffer ApS;8960;5\n\
                10000009;;8960;5\n\
                10000017;Ukendt Post ApS;9999;5\n\
                10000025;Mange Ansatte ApS;8900;mange\n\
                25052943;Dublet ApS;8960;5\n";
    let import = CsvImport::from_bytes(text.as_bytes()).expect("readable");
    let outcome = import.validate(&rules()).expect("mapped");
    assert_eq!(outcome.rows, 6);
    assert_eq!(outcome.companies.len(), 1);
    let found: Vec<(u64, Option<&str>)> =
        outcome.errors.iter().map(|e| (e.row, e.column.as_deref())).collect();
    assert_eq!(
        found,
        [(3, Some("CVR")), (4, Some("Navn")), (5, Some("Postnr")), (6, Some("Ansatte")), (7, Some("CVR"))]
    );
    assert!(matches!(outcome.errors[0].problem, RowProblem::InvalidCvr { .. }));
    assert_eq!(outcome.errors[1].problem, RowProblem::MissingName);
    assert_eq!(outcome.errors[2].problem, RowProblem::UnknownPostalCode { value: "9999".into() });
    assert_eq!(outcome.errors[3].problem, RowProblem::InvalidEmployees { value: "mange".into() });
    assert_eq!(outcome.errors[4].problem, RowProblem::DuplicateCvr { first_row: 2 });
    let check_digit: &RowError = &outcome.errors[0];
    assert_eq!(
        check_digit.message_da(),
        "Række 3, kolonne CVR: \"25052944\" er ikke et gyldigt CVR-nummer (kontrolcifferet er forkert)"
    );
    assert_eq!(
        check_digit.message_en(),
        "Row 3, column CVR: \"25052944\" is not a valid CVR number (the CVR number's check digit is wrong)"
    );
    assert_eq!(outcome.errors[2].message_da(), "Række 5, kolonne Postnr: postnummer 9999 findes ikke");
}

#[test]
fn a_file_with_another_delimiter_is_refused_as_having_one_column() {
    let error = CsvImport::from_bytes(b"CVR|Navn|Postnr\n25052943|MAGENTA ApS|1112\n").expect_err("refused");
    assert!(matches!(&error, CsvError::SingleColumn { header } if header == "CVR|Navn|Postnr"), "{error}");
    assert!(error.to_string().contains("only one column"));
    assert!(error.message_da().contains("Kun én kolonne"));
}

#[test]
fn binary_files_are_refused_not_decoded() {
    assert!(matches!(CsvImport::from_bytes(b"PK\x03\x04\x14\x00"), Err(CsvError::NotText(_))));
    assert!(matches!(CsvImport::from_bytes(b"CVR;Navn\n\x00\x01\x02"), Err(CsvError::NotText(_))));
    assert!(matches!(CsvImport::from_bytes(b""), Err(CsvError::Empty)));
}

#[test]
fn the_preview_shows_the_first_rows_as_they_stand() {
    let text = "CVR;Navn\n25052943;A\n10000009;B\n10000017;C\n";
    let preview = CsvImport::from_bytes(text.as_bytes()).expect("readable").preview(2);
    let rows: Vec<(u64, Vec<&str>)> =
        preview.iter().map(|r| (r.row, r.cells.iter().map(String::as_str).collect())).collect();
    assert_eq!(rows, [(2, vec!["25052943", "A"]), (3, vec!["10000009", "B"])]);
}

#[test]
fn unknown_headers_need_a_mapping_from_the_caller() {
    let text = "Firma-id\tFirmabetegnelse\tKommune\n25052943\tMAGENTA ApS\t101\n";
    let mut import = CsvImport::from_bytes(text.as_bytes()).expect("readable");
    assert_eq!(import.delimiter(), b'\t');
    assert!(matches!(import.validate(&rules()), Err(CsvError::MissingColumn(Field::Cvr))));
    let mut mapping = ColumnMapping::default();
    mapping.set(Field::Cvr, Some(0));
    mapping.set(Field::Name, Some(1));
    mapping.set(Field::MunicipalityCode, Some(7));
    assert!(matches!(import.set_mapping(mapping.clone()), Err(CsvError::ColumnOutOfRange { index: 7, .. })));
    mapping.set(Field::MunicipalityCode, Some(1));
    assert!(matches!(
        import.set_mapping(mapping.clone()),
        Err(CsvError::ColumnUsedTwice { first: Field::Name, second: Field::MunicipalityCode, index: 1 })
    ));
    assert_eq!(import.mapping().get(Field::Cvr), None, "a refused mapping leaves the old one");
    mapping.set(Field::MunicipalityCode, Some(2));
    import.set_mapping(mapping).expect("columns exist");
    let outcome = import.validate(&CsvRules::default()).expect("mapped");
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(outcome.companies[0].municipality_code, 101);
}

#[test]
fn a_missing_municipality_without_a_default_is_a_row_error() {
    let import = CsvImport::from_bytes(b"CVR;Navn\n25052943;MAGENTA ApS\n").expect("readable");
    let outcome = import.validate(&CsvRules::default()).expect("mapped");
    assert_eq!(outcome.errors[0].problem, RowProblem::MissingMunicipality);
    assert!(outcome.companies.is_empty());
}

#[test]
fn a_file_marked_utf8_that_holds_latin1_bytes_is_refused_as_wrong_encoding() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(latin1("CVR;Navn\n25052943;Århus Bageri\n"));
    let error = CsvImport::from_bytes(&bytes).expect_err("refused");
    assert!(matches!(error, CsvError::InvalidEncoding { encoding: "UTF-8", .. }), "{error}");
}
