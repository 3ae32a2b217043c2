//! Reference data both sides group and filter by: Statistics Denmark's 10-group standard
//! grouping of industries and the postal codes of a municipality.

use serde::{Deserialize, Serialize};

/// Group number of industries whose section is unknown ("Uoplyst").
pub const UNKNOWN_INDUSTRY_GROUP: u8 = 11;

/// Statistics Denmark's standard grouping: number, Danish name, DB07 sections it covers.
pub const INDUSTRY_GROUPS: [(u8, &str, &str); 11] = [
    (1, "Landbrug, skovbrug og fiskeri", "A"),
    (2, "Industri, råstofindvinding og forsyning", "B–E"),
    (3, "Bygge og anlæg", "F"),
    (4, "Handel og transport mv.", "G–I"),
    (5, "Information og kommunikation", "J"),
    (6, "Finansiering og forsikring", "K"),
    (7, "Ejendomshandel og udlejning", "L"),
    (8, "Erhvervsservice", "M–N"),
    (9, "Offentlig administration, undervisning og sundhed", "O–Q"),
    (10, "Kultur, fritid og anden service", "R–U"),
    (UNKNOWN_INDUSTRY_GROUP, "Uoplyst", ""),
];

/// The English name of a group (Statistics Denmark's own English wording, shortened where it
/// names its sections); "Not stated" for 11 and anything else.
pub fn industry_group_name_en(group: u8) -> &'static str {
    match group {
        1 => "Agriculture, forestry and fishing",
        2 => "Manufacturing, mining and utilities",
        3 => "Construction",
        4 => "Trade and transport etc.",
        5 => "Information and communication",
        6 => "Financial and insurance",
        7 => "Real estate",
        8 => "Business services",
        9 => "Public administration, education and health",
        10 => "Arts, entertainment and other services",
        _ => "Not stated",
    }
}

/// The Danish name of a group (1–11); "Uoplyst" for anything else.
pub fn industry_group_name_da(group: u8) -> &'static str {
    INDUSTRY_GROUPS.iter().find(|g| g.0 == group).map_or("Uoplyst", |g| g.1)
}

/// The 10-group number of a DB07 section letter; anything else is group 11 "Uoplyst".
pub fn industry_group_of_section(section: char) -> u8 {
    match section.to_ascii_uppercase() {
        'A' => 1,
        'B'..='E' => 2,
        'F' => 3,
        'G'..='I' => 4,
        'J' => 5,
        'K' => 6,
        'L' => 7,
        'M' | 'N' => 8,
        'O'..='Q' => 9,
        'R'..='U' => 10,
        _ => UNKNOWN_INDUSTRY_GROUP,
    }
}

/// `GET /api/reference/industry-groups`: one of the 10+1 groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IndustryGroup {
    /// 1–10, or 11 for "Uoplyst".
    pub number: u8,
    /// Danish name ("Handel og transport mv.").
    pub name: String,
    /// DB07 sections covered ("G–I"); empty for "Uoplyst".
    pub sections: String,
    /// How many six-digit DB07 codes belong to the group.
    pub detail_codes: u32,
}

/// `GET /api/reference/postal-codes`: a postal code and its town in a municipality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostalCode {
    /// Four digits ("8900").
    pub postal_code: String,
    /// Postal town ("Randers C").
    pub town: String,
    /// A postal code can span municipalities: one entry per overlap.
    pub municipality_code: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_map_to_statistics_denmarks_ten_groups() {
        let groups: String =
            ('A'..='U').map(|s| char::from(b'0' + industry_group_of_section(s) % 10)).collect();
        assert_eq!(groups, "122223444567889990000");
        assert_eq!(industry_group_of_section('?'), UNKNOWN_INDUSTRY_GROUP);
        assert_eq!(industry_group_of_section('m'), 8);
    }

    #[test]
    fn every_group_has_a_danish_and_an_english_name() {
        for &(number, danish, _) in &INDUSTRY_GROUPS {
            assert_eq!(industry_group_name_da(number), danish);
            assert_ne!(industry_group_name_en(number), danish, "group {number}");
        }
        assert_eq!(industry_group_name_en(3), "Construction");
        assert_eq!(industry_group_name_da(99), "Uoplyst");
    }

    #[test]
    fn every_group_is_listed_once_in_order() {
        let numbers: Vec<u8> = INDUSTRY_GROUPS.iter().map(|g| g.0).collect();
        assert_eq!(numbers, (1..=11).collect::<Vec<u8>>());
    }
}
