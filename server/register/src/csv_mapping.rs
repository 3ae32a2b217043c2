//! Which spreadsheet column holds which company field.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A company field a spreadsheet column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Cvr,
    Name,
    /// The street line, or the street name when a separate house-number column exists.
    Street,
    HouseNumber,
    PostalCode,
    Town,
    MunicipalityCode,
    IndustryCode,
    IndustryText,
    /// An interval code (`ANTAL_10_19`), an interval ("10-19") or a head count.
    Employees,
    AdvertisingProtected,
    PNumber,
}

impl Field {
    /// Every field, in the order a mapping screen lists them.
    pub const ALL: [Self; 12] = [
        Self::Cvr,
        Self::Name,
        Self::Street,
        Self::HouseNumber,
        Self::PostalCode,
        Self::Town,
        Self::MunicipalityCode,
        Self::IndustryCode,
        Self::IndustryText,
        Self::Employees,
        Self::AdvertisingProtected,
        Self::PNumber,
    ];

    /// The field's stable code, the same as its JSON form ("postal_code").
    pub fn code(self) -> &'static str {
        match self {
            Self::Cvr => "cvr",
            Self::Name => "name",
            Self::Street => "street",
            Self::HouseNumber => "house_number",
            Self::PostalCode => "postal_code",
            Self::Town => "town",
            Self::MunicipalityCode => "municipality_code",
            Self::IndustryCode => "industry_code",
            Self::IndustryText => "industry_text",
            Self::Employees => "employees",
            Self::AdvertisingProtected => "advertising_protected",
            Self::PNumber => "p_number",
        }
    }

    /// Inverse of [`Self::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Fields without which a row cannot become a company.
    pub fn required(self) -> bool {
        matches!(self, Self::Cvr | Self::Name)
    }

    /// The field's name in Danish ("Postnummer").
    pub fn label_da(self) -> &'static str {
        match self {
            Self::Cvr => "CVR-nummer",
            Self::Name => "Navn",
            Self::Street => "Adresse",
            Self::HouseNumber => "Husnummer",
            Self::PostalCode => "Postnummer",
            Self::Town => "By",
            Self::MunicipalityCode => "Kommunekode",
            Self::IndustryCode => "Branchekode",
            Self::IndustryText => "Branchetekst",
            Self::Employees => "Antal ansatte",
            Self::AdvertisingProtected => "Reklamebeskyttet",
            Self::PNumber => "P-nummer",
        }
    }

    /// The field's name in English ("Postal code").
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Cvr => "CVR number",
            Self::Name => "Name",
            Self::Street => "Address",
            Self::HouseNumber => "House number",
            Self::PostalCode => "Postal code",
            Self::Town => "Town",
            Self::MunicipalityCode => "Municipality code",
            Self::IndustryCode => "Industry code",
            Self::IndustryText => "Industry text",
            Self::Employees => "Employees",
            Self::AdvertisingProtected => "Advertising protected",
            Self::PNumber => "P-number",
        }
    }

    /// Header names (normalised: lower case, letters and digits only), best match first.
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Self::Cvr => &["cvr", "cvrnr", "cvrnummer", "cvrno", "cvrnumber", "virksomhedcvr"],
            Self::Name => {
                &["navn", "name", "virksomhedsnavn", "firmanavn", "companyname", "virksomhed", "company"]
            }
            Self::Street => {
                &["adresse", "address", "vejadresse", "gadeadresse", "vejnavn", "vej", "gade", "street"]
            }
            Self::HouseNumber => &["husnr", "husnummer", "housenumber", "nr"],
            Self::PostalCode => &["postnr", "postnummer", "postalcode", "postcode", "zip", "zipcode"],
            Self::Town => &["by", "bynavn", "postdistrikt", "postby", "city", "town"],
            Self::MunicipalityCode => &["kommunekode", "kommunenr", "kommunenummer", "municipalitycode"],
            Self::IndustryCode => {
                &["branchekode", "branchenr", "hovedbranchekode", "db07", "db25", "industrycode"]
            }
            Self::IndustryText => &["branchetekst", "branche", "hovedbranche", "industrytext", "industry"],
            Self::Employees => &["ansatte", "antalansatte", "employees", "medarbejdere", "antalmedarbejdere"],
            Self::AdvertisingProtected => &["reklamebeskyttet", "reklamebeskyttelse", "advertisingprotected"],
            Self::PNumber => &["pnr", "pnummer", "pnumber", "produktionsenhed"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label_en())
    }
}

/// Field → 0-based column index. Detected from the header row; the admin may override it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ColumnMapping {
    columns: BTreeMap<Field, usize>,
}

impl ColumnMapping {
    /// Maps each field to the first header that names it (Danish or English, case, spaces and
    /// punctuation ignored: "CVR-nummer", "Antal ansatte", "Post nr."). A column serves one
    /// field only.
    pub fn detect<S: AsRef<str>>(headers: &[S]) -> Self {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h.as_ref())).collect();
        let mut mapping = Self::default();
        for field in Field::ALL {
            let found = field.synonyms().iter().find_map(|synonym| {
                normalised
                    .iter()
                    .enumerate()
                    .find(|(i, h)| h.as_str() == *synonym && !mapping.columns.values().any(|c| c == i))
                    .map(|(i, _)| i)
            });
            if let Some(index) = found {
                mapping.columns.insert(field, index);
            }
        }
        mapping
    }

    /// The column of a field, if mapped.
    pub fn get(&self, field: Field) -> Option<usize> {
        self.columns.get(&field).copied()
    }

    /// Maps a field to a column, or unmaps it with `None`.
    pub fn set(&mut self, field: Field, column: Option<usize>) {
        match column {
            Some(index) => self.columns.insert(field, index),
            None => self.columns.remove(&field),
        };
    }

    /// Required fields that no column is mapped to.
    pub fn missing_required(&self) -> Vec<Field> {
        Field::ALL.into_iter().filter(|f| f.required() && self.get(*f).is_none()).collect()
    }

    /// The first two fields mapped to the same column, with that column: a column serves one
    /// field only.
    pub fn shared_column(&self) -> Option<(Field, Field, usize)> {
        self.columns.iter().enumerate().find_map(|(i, (first, column))| {
            self.columns
                .iter()
                .skip(i + 1)
                .find(|(_, c)| *c == column)
                .map(|(second, _)| (*first, *second, *column))
        })
    }

    /// All mapped fields with their columns.
    pub fn iter(&self) -> impl Iterator<Item = (Field, usize)> + '_ {
        self.columns.iter().map(|(f, c)| (*f, *c))
    }
}

fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_headers_map_to_fields() {
        let headers = [
            "CVR-nummer",
            "Navn",
            "Vejnavn",
            "Husnr.",
            "Post nr.",
            "By",
            "Antal ansatte",
            "Reklamebeskyttet",
        ];
        let mapping = ColumnMapping::detect(&headers);
        assert_eq!(mapping.get(Field::Cvr), Some(0));
        assert_eq!(mapping.get(Field::Name), Some(1));
        assert_eq!(mapping.get(Field::Street), Some(2));
        assert_eq!(mapping.get(Field::HouseNumber), Some(3));
        assert_eq!(mapping.get(Field::PostalCode), Some(4));
        assert_eq!(mapping.get(Field::Town), Some(5));
        assert_eq!(mapping.get(Field::Employees), Some(6));
        assert_eq!(mapping.get(Field::AdvertisingProtected), Some(7));
        assert!(mapping.missing_required().is_empty());
    }

    #[test]
    fn english_headers_map_to_fields_and_address_beats_street_name() {
        let headers =
            ["Street", "Address", "Company name", "CVR", "Zip", "City", "Industry code", "Industry"];
        let mapping = ColumnMapping::detect(&headers);
        assert_eq!(mapping.get(Field::Street), Some(1));
        assert_eq!(mapping.get(Field::Name), Some(2));
        assert_eq!(mapping.get(Field::IndustryCode), Some(6));
        assert_eq!(mapping.get(Field::IndustryText), Some(7));
    }

    #[test]
    fn codes_match_the_json_form_and_round_trip() {
        for field in Field::ALL {
            assert_eq!(serde_json::to_value(field).expect("json"), serde_json::json!(field.code()));
            assert_eq!(Field::from_code(field.code()), Some(field));
        }
        assert_eq!(Field::from_code("navn"), None);
    }

    #[test]
    fn a_column_shared_by_two_fields_is_found() {
        let mut mapping = ColumnMapping::default();
        mapping.set(Field::Cvr, Some(0));
        mapping.set(Field::Name, Some(1));
        assert_eq!(mapping.shared_column(), None);
        mapping.set(Field::Town, Some(1));
        assert_eq!(mapping.shared_column(), Some((Field::Name, Field::Town, 1)));
    }

    #[test]
    fn a_mapping_serialises_as_field_codes_to_columns() {
        let mut mapping = ColumnMapping::default();
        mapping.set(Field::PostalCode, Some(3));
        let json = serde_json::to_string(&mapping).expect("json");
        assert_eq!(json, r#"{"postal_code":3}"#);
        assert_eq!(serde_json::from_str::<ColumnMapping>(&json).expect("back"), mapping);
    }

    #[test]
    fn a_missing_name_column_is_named() {
        assert_eq!(ColumnMapping::detect(&["CVR", "Adresse"]).missing_required(), vec![Field::Name]);
    }
}
