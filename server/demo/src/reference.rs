//! Real Danish reference data shipped with the repository: the DB07 industry classification
//! and the postal codes by municipality.
//!
//! Both files are embedded at compile time so the demo (and later the register import) works
//! without any file on disk. The parsers are lenient about the files' quirks — CRLF line ends,
//! quoted texts, trailing empty columns — and skip lines they cannot read rather than fail,
//! because the files are fixed inputs checked by the tests below.

/// Statistics Denmark's DB07, all levels, tab-separated.
const DB07_TSV: &str = include_str!("../../data/db07.tsv");
/// PostNord's postal codes by municipality, `;`-separated.
const POSTAL_CODES_CSV: &str = include_str!("../../data/postal-codes.csv");

/// DB07 level of the six-digit detail codes ("Niveau" 4).
const DETAIL_LEVEL: &str = "4";

/// One six-digit DB07 code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndustryCode {
    /// Six digits without dots ("011100").
    pub code: String,
    /// Danish text ("Dyrkning af korn (undtagen ris), bælgfrugter og olieholdige frø").
    pub text: String,
    /// Section letter ("A" … "U").
    pub section: char,
}

/// A postal code and its town name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PostalTown {
    /// Four digits ("8900").
    pub postal_code: String,
    /// Postal town ("Randers C").
    pub town: String,
}

/// All 741 six-digit DB07 codes, in the file's order (which is code order).
pub fn industries() -> Vec<IndustryCode> {
    parse_db07(DB07_TSV)
}

/// The postal towns of a municipality, sorted by postal code, without duplicates.
pub fn postal_towns(municipality_code: u16) -> Vec<PostalTown> {
    parse_postal_codes(POSTAL_CODES_CSV, municipality_code)
}

/// Parses DB07 rows (header first); keeps the level-4 rows that have a six-digit code.
pub fn parse_db07(text: &str) -> Vec<IndustryCode> {
    let mut lines = text.lines();
    let Some(header) = lines.next() else { return Vec::new() };
    // Columns are found by name so an added column in a newer file does not shift them.
    let columns: Vec<&str> = header.split('\t').map(clean_field).collect();
    let find = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(level), Some(section), Some(label), Some(code)) =
        (find("Niveau"), find("Section"), find("Tekst"), find("6-kode"))
    else {
        return Vec::new();
    };
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').map(clean_field).collect();
            let field = |i: usize| fields.get(i).copied().unwrap_or("");
            let six = field(code);
            let letter = field(section).chars().next()?;
            let valid = field(level) == DETAIL_LEVEL
                && six.len() == 6
                && six.bytes().all(|b| b.is_ascii_digit())
                && letter.is_ascii_uppercase();
            valid.then(|| IndustryCode {
                code: six.to_owned(),
                text: field(label).to_owned(),
                section: letter,
            })
        })
        .collect()
}

/// Parses the postal-code file (header first) for one municipality.
pub fn parse_postal_codes(text: &str, municipality_code: u16) -> Vec<PostalTown> {
    let mut towns: Vec<PostalTown> = parse_all_postal_codes(text)
        .into_iter()
        .filter(|code| code.municipality_code == municipality_code)
        .map(|code| PostalTown { postal_code: code.postal_code, town: code.town })
        .collect();
    towns.sort();
    towns.dedup();
    towns
}

/// One row of DB07 at any level (0 = section … 4 = six-digit detail code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Db07Entry {
    /// 0–4 ("Niveau").
    pub level: u8,
    /// The code at its own level: the section letter, then 2, 3, 4 or 6 digits.
    pub code: String,
    /// Section letter ("A" … "U").
    pub section: char,
    /// The dotted form ("01.11.00"); the section letter for level 0.
    pub dotted: String,
    /// Danish text.
    pub text: String,
}

/// A postal code in one municipality; a postal code spanning municipalities has one per overlap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MunicipalPostalCode {
    pub postal_code: String,
    pub municipality_code: u16,
    pub town: String,
}

/// Every DB07 row at every level, in the file's order (1,740 rows).
pub fn db07_entries() -> Vec<Db07Entry> {
    parse_db07_entries(DB07_TSV)
}

/// Every postal code of every municipality, sorted, without duplicates.
pub fn all_postal_codes() -> Vec<MunicipalPostalCode> {
    parse_all_postal_codes(POSTAL_CODES_CSV)
}

/// Parses DB07 rows (header first) at every level; rows without a code at their level are skipped.
pub fn parse_db07_entries(text: &str) -> Vec<Db07Entry> {
    let mut lines = text.lines();
    let Some(header) = lines.next() else { return Vec::new() };
    let columns: Vec<&str> = header.split('\t').map(clean_field).collect();
    let find = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(level), Some(section), Some(dotted), Some(label)) =
        (find("Niveau"), find("Section"), find("DB07"), find("Tekst"))
    else {
        return Vec::new();
    };
    // The code of each level sits in its own column; level 0 is the section letter itself.
    let code_columns = [None, find("2-kode"), find("3-kode"), find("4-kode"), find("6-kode")];
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').map(clean_field).collect();
            let field = |i: usize| fields.get(i).copied().unwrap_or("");
            let level: u8 = field(level).parse().ok().filter(|l| *l <= 4)?;
            let letter = field(section).chars().next().filter(char::is_ascii_uppercase)?;
            let code = match code_columns[usize::from(level)] {
                None => letter.to_string(),
                Some(column) => {
                    let code = field(column);
                    let digits = [0, 2, 3, 4, 6][usize::from(level)];
                    (code.len() == digits && code.bytes().all(|b| b.is_ascii_digit()))
                        .then(|| code.to_owned())?
                }
            };
            let dotted = if level == 0 { letter.to_string() } else { field(dotted).to_owned() };
            // Levels 1–3 leave the dotted column empty and put the code in its group column.
            let dotted = if dotted.is_empty() { dotted_of(&code) } else { dotted };
            Some(Db07Entry { level, code, section: letter, dotted, text: field(label).to_owned() })
        })
        .collect()
}

/// "0111" → "01.11", "011" → "01.1", "011100" → "01.11.00".
fn dotted_of(code: &str) -> String {
    match code.len() {
        3 => format!("{}.{}", &code[..2], &code[2..]),
        4 => format!("{}.{}", &code[..2], &code[2..]),
        6 => format!("{}.{}.{}", &code[..2], &code[2..4], &code[4..]),
        _ => code.to_owned(),
    }
}

/// Parses the postal-code file (header first) for every municipality.
pub fn parse_all_postal_codes(text: &str) -> Vec<MunicipalPostalCode> {
    let mut lines = text.lines();
    let Some(header) = lines.next() else { return Vec::new() };
    let columns: Vec<&str> = header.split(';').map(clean_field).collect();
    let find = |name: &str| columns.iter().position(|c| *c == name);
    let (Some(municipality), Some(code), Some(town)) = (find("KOMMUNE_NR"), find("POSTNR"), find("BYNAVN"))
    else {
        return Vec::new();
    };
    let mut codes: Vec<MunicipalPostalCode> = lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(';').map(clean_field).collect();
            let field = |i: usize| fields.get(i).copied().unwrap_or("");
            let municipality_code: u16 = field(municipality).parse().ok()?;
            let postal_code = field(code);
            let valid = postal_code.len() == 4 && postal_code.bytes().all(|b| b.is_ascii_digit());
            valid.then(|| MunicipalPostalCode {
                postal_code: postal_code.to_owned(),
                municipality_code,
                town: field(town).to_owned(),
            })
        })
        .collect();
    codes.sort();
    codes.dedup_by(|a, b| a.postal_code == b.postal_code && a.municipality_code == b.municipality_code);
    codes
}

/// Trims white space (the files have CRLF ends and stray trailing blanks) and one pair of
/// surrounding quotes, undoubling quotes inside; texts with `;` are quoted in DB07.
fn clean_field(field: &str) -> &str {
    let field = field.trim();
    match field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        Some(inner) if !inner.contains("\"\"") => inner.trim(),
        // Doubled quotes cannot be undone without allocating; no row has them, so keep as is.
        _ => field,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db07_has_741_six_digit_codes_with_unique_codes() {
        let codes = industries();
        assert_eq!(codes.len(), 741);
        let mut unique: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 741);
    }

    #[test]
    fn db07_texts_are_read_with_their_section() {
        let codes = industries();
        let grain = codes.iter().find(|c| c.code == "011100").expect("011100 is in DB07");
        assert_eq!(grain.text, "Dyrkning af korn (undtagen ris), bælgfrugter og olieholdige frø");
        assert_eq!(grain.section, 'A');
        let holding = codes.iter().find(|c| c.code == "642020").expect("642020 is in DB07");
        assert_eq!(holding.text, "Ikke-finansielle holdingselskaber");
        assert_eq!(holding.section, 'K');
    }

    #[test]
    fn db07_quoted_texts_lose_their_quotes_and_trailing_blanks() {
        let codes = industries();
        let gravel = codes.iter().find(|c| c.code == "081200").expect("081200 is in DB07");
        assert_eq!(gravel.text, "Grus- og sandgravning; indvinding af ler og kaolin");
        let library = codes.iter().find(|c| c.code == "910110").expect("910110 is in DB07");
        assert_eq!(library.text, "Biblioteker");
        assert!(codes.iter().all(|c| !c.text.is_empty() && !c.text.contains('"')));
    }

    #[test]
    fn db07_parser_skips_other_levels_and_broken_rows() {
        let text = "ID\tNiveau\tSection\tTekst\t6-kode\r\n\
                    1\t0\tA\tLandbrug\t\r\n\
                    5\t4\tA\t\"Korn; frø\"\t011100\t\t\r\n\
                    6\t4\tA\tKort kode\t0111\r\n\
                    7\t4\n";
        let codes = parse_db07(text);
        assert_eq!(
            codes,
            vec![IndustryCode { code: "011100".into(), text: "Korn; frø".into(), section: 'A' }]
        );
    }

    #[test]
    fn db07_entries_cover_every_level_with_codes_at_their_level() {
        let entries = db07_entries();
        let count = |level: u8| entries.iter().filter(|e| e.level == level).count();
        assert_eq!([count(0), count(1), count(2), count(3), count(4)], [21, 88, 272, 618, 741]);
        let grain = entries.iter().find(|e| e.code == "011100").expect("011100");
        assert_eq!((grain.level, grain.dotted.as_str(), grain.section), (4, "01.11.00", 'A'));
        let group = entries.iter().find(|e| e.code == "0111").expect("0111");
        assert_eq!((group.level, group.dotted.as_str()), (3, "01.11"));
        let section = entries.iter().find(|e| e.code == "A").expect("section A");
        assert_eq!(section.text, "Landbrug, jagt, skovbrug og fiskeri");
        let mut codes: Vec<&str> = entries.iter().map(|e| e.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), entries.len(), "codes are unique across levels");
    }

    #[test]
    fn all_postal_codes_keep_codes_that_span_municipalities() {
        let codes = all_postal_codes();
        let randers: Vec<&MunicipalPostalCode> =
            codes.iter().filter(|c| c.municipality_code == 730).collect();
        assert_eq!(randers.len(), 12);
        let spans = |postal: &str| codes.iter().filter(|c| c.postal_code == postal).count();
        assert!(codes.iter().any(|c| spans(&c.postal_code) > 1), "some postal code spans municipalities");
    }

    #[test]
    fn randers_has_its_twelve_postal_towns_including_randers_c() {
        let towns = postal_towns(730);
        assert!(towns.contains(&PostalTown { postal_code: "8900".into(), town: "Randers C".into() }));
        assert!(towns.iter().any(|t| t.postal_code == "8960" && t.town == "Randers SØ"));
        assert_eq!(towns.len(), 12, "{towns:?}");
    }

    #[test]
    fn postal_codes_of_other_municipalities_are_left_out() {
        let favrskov = postal_towns(710);
        assert!(favrskov.iter().any(|t| t.postal_code == "8870"));
        assert!(postal_towns(730).iter().all(|t| t.postal_code != "8000"));
        assert!(postal_towns(9999).is_empty());
    }
}
