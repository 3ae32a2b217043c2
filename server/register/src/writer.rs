//! Writes companies as CVR JSON Lines, for test files and the 100,000-company benchmark.
//!
//! The documents are minimal but in the register's own shape (`Vrvirksomhed` with
//! `virksomhedMetadata`, `navne`, `penheder`, `livsforloeb`), and [`crate::CvrReader`] reads
//! them back to equal companies. Dates are fixed placeholders: nothing here reads a clock.

use crate::current::street_line;
use crate::cvr_doc::AddressItem;
use crate::record::UNKNOWN_INDUSTRY_CODE;
use kontaktpunkt_domain::{Address, Company, EmployeeInterval};
use serde_json::{Value, json};

const FOUNDED: &str = "2000-01-01";
const CEASED: &str = "2020-12-31";
const EMPLOYMENT_YEAR: u32 = 2024;

/// The register's interval code for an interval (`ANTAL_10_19`); `None` for `Unknown`.
pub fn cvr_interval_code(interval: EmployeeInterval) -> Option<&'static str> {
    Some(match interval {
        EmployeeInterval::None => "ANTAL_0_0",
        EmployeeInterval::One => "ANTAL_1_1",
        EmployeeInterval::From2To4 => "ANTAL_2_4",
        EmployeeInterval::From5To9 => "ANTAL_5_9",
        EmployeeInterval::From10To19 => "ANTAL_10_19",
        EmployeeInterval::From20To49 => "ANTAL_20_49",
        EmployeeInterval::From50To99 => "ANTAL_50_99",
        EmployeeInterval::From100To199 => "ANTAL_100_199",
        EmployeeInterval::From200To499 => "ANTAL_200_499",
        EmployeeInterval::From500To999 => "ANTAL_500_999",
        EmployeeInterval::From1000 => "ANTAL_1000_999999",
        EmployeeInterval::Unknown => return None,
    })
}

/// One company as a JSON Lines record `{"Vrvirksomhed":{…}}`, without the line break.
///
/// Industry versions are not written (the register has no field for them): a company with a
/// DB25 code reads back as DB07 under the default [`crate::ClassificationRule`].
pub fn cvr_json_line(company: &Company) -> String {
    let open = json!({ "gyldigFra": FOUNDED, "gyldigTil": null });
    let name = json!({ "navn": company.name, "periode": open });
    let industry = (company.industry.code != UNKNOWN_INDUSTRY_CODE).then(|| {
        json!({ "branchekode": company.industry.code, "branchetekst": company.industry.text, "periode": open })
    });
    let employees = cvr_interval_code(company.employees).map(
        |code| json!({ "aar": EMPLOYMENT_YEAR, "antalAnsatte": null, "intervalKodeAntalAnsatte": code }),
    );
    let life_end = if company.active { Value::Null } else { json!(CEASED) };
    let penheder: Vec<Value> = company
        .p_number
        .iter()
        .map(|p| json!({ "pNummer": number_or_text(p.as_str()), "periode": open }))
        .collect();
    let document = json!({
        "cvrNummer": number_or_text(company.cvr.as_str()),
        "reklamebeskyttet": company.advertising_protected,
        "navne": [name],
        "livsforloeb": [{ "periode": { "gyldigFra": FOUNDED, "gyldigTil": life_end } }],
        "penheder": penheder,
        "virksomhedMetadata": {
            "nyesteNavn": name,
            "nyesteBeliggenhedsadresse": address(&company.address, company.municipality_code),
            "nyesteHovedbranche": industry,
            "nyesteBibranche1": null,
            "nyesteBibranche2": null,
            "nyesteBibranche3": null,
            "nyesteAarsbeskaeftigelse": employees,
            "sammensatStatus": if company.active { "NORMAL" } else { "OPHØRT" },
        },
    });
    json!({ "Vrvirksomhed": document }).to_string()
}

/// Companies as JSON Lines, one record per line, each line ended by `\n`.
pub fn cvr_json_lines(companies: &[Company]) -> String {
    let mut out = String::new();
    for company in companies {
        out.push_str(&cvr_json_line(company));
        out.push('\n');
    }
    out
}

/// The register writes identifiers and postal codes as numbers; text keeps anything else intact.
fn number_or_text(value: &str) -> Value {
    match value.parse::<u64>() {
        Ok(n) if n.to_string() == value => json!(n),
        _ => json!(value),
    }
}

fn address(address: &Address, municipality_code: u16) -> Value {
    let parts = split_street(&address.street);
    let postal = match address.postal_code.parse::<u32>() {
        // "0800" is written as the register does (800) and padded again on reading.
        Ok(n) if format!("{n:04}") == address.postal_code => json!(n),
        _ if address.postal_code.is_empty() => Value::Null,
        _ => json!(address.postal_code),
    };
    json!({
        "landekode": "DK",
        "vejnavn": parts.vejnavn,
        "husnummerFra": parts.husnummer_fra.as_deref().map(number_or_text),
        "bogstavFra": parts.bogstav_fra,
        "etage": parts.etage,
        "sidedoer": parts.sidedoer,
        "postnummer": postal,
        "postdistrikt": (!address.town.is_empty()).then_some(&address.town),
        "kommune": (municipality_code != 0).then(|| json!({ "kommuneKode": municipality_code })),
        "periode": { "gyldigFra": FOUNDED, "gyldigTil": null },
    })
}

/// Splits "Vestergade 12B, 1. th" into the register's fields. A street line that does not
/// split cleanly (the check: formatting the parts gives the line back) goes whole into
/// `vejnavn`, which reads back identically.
fn split_street(street: &str) -> AddressItem {
    let whole =
        AddressItem { vejnavn: (!street.is_empty()).then(|| street.to_owned()), ..AddressItem::default() };
    let (main, unit) = match street.split_once(", ") {
        Some((main, unit)) => (main, Some(unit)),
        None => (street, None),
    };
    let Some((road, number)) = main.rsplit_once(' ') else { return whole };
    let digits: String = number.chars().take_while(char::is_ascii_digit).collect();
    let letter = &number[digits.len()..];
    if digits.is_empty() || !letter.chars().all(char::is_alphabetic) {
        return whole;
    }
    let mut parts = AddressItem {
        vejnavn: Some(road.to_owned()),
        husnummer_fra: Some(digits),
        bogstav_fra: (!letter.is_empty()).then(|| letter.to_owned()),
        ..AddressItem::default()
    };
    if let Some(unit) = unit {
        let (floor, door) = match unit.split_once(' ') {
            Some((floor, door)) if floor.ends_with('.') => (Some(floor), Some(door)),
            _ if unit.ends_with('.') => (Some(unit), None),
            _ => (None, Some(unit)),
        };
        parts.etage = floor.map(|f| f.trim_end_matches('.').to_owned());
        parts.sidedoer = door.map(str::to_owned);
    }
    if street_line(&parts) == street { parts } else { whole }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::current::DB07;

    #[test]
    fn street_lines_split_into_register_fields_and_format_back() {
        for line in
            ["Pilestræde 43, 3.", "Vestergade 12B, 1. th", "Tronholmen 1", "Torvet 2, st. tv", "Havnen"]
        {
            assert_eq!(street_line(&split_street(line)), line);
        }
        let parts = split_street("Vestergade 12B, 1. th");
        assert_eq!(parts.vejnavn.as_deref(), Some("Vestergade"));
        assert_eq!(parts.husnummer_fra.as_deref(), Some("12"));
        assert_eq!(parts.bogstav_fra.as_deref(), Some("B"));
        assert_eq!(parts.etage.as_deref(), Some("1"));
        assert_eq!(parts.sidedoer.as_deref(), Some("th"));
    }

    #[test]
    fn interval_codes_invert_the_domain_mapping() {
        for interval in EmployeeInterval::ALL {
            let back = cvr_interval_code(interval)
                .map_or(EmployeeInterval::Unknown, EmployeeInterval::from_cvr_code);
            assert_eq!(back, interval);
        }
        assert_eq!(DB07, "DB07");
    }
}
