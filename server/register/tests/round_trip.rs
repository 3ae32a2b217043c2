//! The JSON Lines writer and the reader agree.

use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};
use kontaktpunkt_register::{CvrReader, ImportOptions, RegisterRecord, cvr_json_line, cvr_json_lines};
use std::io::{BufReader, Read};

fn company(stem: u32, street: &str, postal: &str, employees: EmployeeInterval, active: bool) -> Company {
    Company {
        cvr: (stem..).find_map(Cvr::from_stem).expect("a valid CVR"),
        p_number: PNumber::parse(&format!("10{stem:08}")).ok(),
        name: format!("Virksomhed {stem} ApS"),
        address: Address {
            street: street.to_owned(),
            postal_code: postal.to_owned(),
            town: "Randers C".to_owned(),
        },
        municipality_code: 730,
        industry: Industry {
            code: "471100".to_owned(),
            text: "Supermarkeder".to_owned(),
            version: "DB07".to_owned(),
        },
        employees,
        advertising_protected: stem.is_multiple_of(2),
        active,
    }
}

fn read_companies<R: Read>(input: R) -> Vec<Company> {
    CvrReader::new(BufReader::new(input), ImportOptions::default())
        .expect("CVR data")
        .map(|r| match r.expect("no record errors") {
            RegisterRecord::Company(c) => c.to_company(),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

#[test]
fn written_json_lines_read_back_as_equal_companies() {
    let mut unknown_industry = company(2_000_002, "Havnen", "", EmployeeInterval::Unknown, true);
    unknown_industry.industry =
        Industry { code: "000000".to_owned(), text: "Uoplyst".to_owned(), version: "DB07".to_owned() };
    unknown_industry.p_number = None;
    let companies = vec![
        company(2_000_000, "Vestergade 12B, 1. th", "8900", EmployeeInterval::From10To19, true),
        company(2_000_001, "Tronholmen 1", "0800", EmployeeInterval::None, false),
        unknown_industry,
        company(2_000_003, "Torvet 2, st.", "8960", EmployeeInterval::From1000, true),
        company(2_000_004, "", "", EmployeeInterval::One, true),
        company(2_000_005, "Gl. Landevej 3-5", "8960", EmployeeInterval::From2To4, true),
    ];
    let text = cvr_json_lines(&companies);
    assert_eq!(text.lines().count(), companies.len());
    assert_eq!(read_companies(text.as_bytes()), companies);
}

/// Makes JSON Lines on demand, so the test never holds the whole file.
struct Generated {
    next: u32,
    end: u32,
    line: Vec<u8>,
    at: usize,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at == self.line.len() {
            if self.next == self.end {
                return Ok(0);
            }
            let c = company(1_000_000 + self.next, "Vestergade 1", "8900", EmployeeInterval::From5To9, true);
            self.line = format!("{}\n", cvr_json_line(&c)).into_bytes();
            self.at = 0;
            self.next += 1;
        }
        let n = out.len().min(self.line.len() - self.at);
        out[..n].copy_from_slice(&self.line[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[test]
fn a_long_stream_is_read_record_by_record() {
    let generated = Generated { next: 0, end: 20_000, line: Vec::new(), at: 0 };
    let mut reader = CvrReader::new(BufReader::new(generated), ImportOptions::default()).expect("CVR data");
    let mut count = 0u64;
    for record in reader.by_ref() {
        assert!(matches!(record, Ok(RegisterRecord::Company(_))));
        count += 1;
    }
    assert_eq!(count, 20_000);
    assert_eq!(reader.stats().companies, 20_000);
}
