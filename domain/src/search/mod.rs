//! Company search as the consultant types: every word must match somewhere.

use crate::company::Company;

mod catalog;
mod index;
mod snapshot;
pub use catalog::{CompanyIndex, CompanyKeys, MAX_RECENT, SearchResult, newest_per_company};
pub use index::{Hits, SearchIndex};
pub use snapshot::SnapshotError;

#[cfg(test)]
mod generated;
#[cfg(test)]
use crate::{Address, Cvr, EmployeeInterval, Industry};

/// Lower-cases and folds Danish letters to their two-letter spelling (æ → ae, ø → oe,
/// å → aa), so "aarhus" finds "Århus", "Soenderborg" finds "Sønderborg" and "Bageri" finds
/// "BAGERI". Queries and search texts are both normalised so.
pub fn normalize(text: &str) -> String {
    fold(text, ["ae", "oe", "aa"])
}

/// The one-letter spelling (æ → a, ø → o, å → a) people type on a keyboard without Danish
/// letters: "Sonderborg" finds "Sønderborg", "Alborg" finds "Ålborg".
fn loose(text: &str) -> String {
    fold(text, ["a", "o", "a"])
}

fn fold(text: &str, [ae, oe, aa]: [&str; 3]) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'æ' | 'ä' => out.push_str(ae),
            'ø' | 'ö' => out.push_str(oe),
            'å' => out.push_str(aa),
            'é' | 'è' => out.push('e'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// The text a company is found by: name, CVR, P-number, street, postal code, town and the
/// industry's text — normalised, plus the one-letter spelling of the parts with æ, ø or å.
pub fn company_search_text(company: &Company) -> String {
    let parts = [
        company.name.as_str(),
        company.cvr.as_str(),
        company.p_number.as_ref().map_or("", |p| p.as_str()),
        &company.address.street,
        &company.address.postal_code,
        &company.address.town,
        &company.industry.text,
    ];
    let mut text = parts.iter().map(|part| normalize(part)).collect::<Vec<_>>().join(" ");
    for part in parts.iter().filter(|p| p.chars().any(|c| matches!(c, 'æ' | 'ø' | 'å' | 'Æ' | 'Ø' | 'Å')))
    {
        text.push(' ');
        text.push_str(&loose(part));
    }
    text
}

/// A parsed search: the words the user typed, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<String>,
    /// The words joined by single spaces, kept so ranking a company allocates nothing.
    phrase: String,
}

impl SearchQuery {
    pub fn new(input: &str) -> Self {
        let words: Vec<String> = normalize(input).split_whitespace().map(str::to_owned).collect();
        let phrase = words.join(" ");
        Self { words, phrase }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How well a company matches, lower is better; `None` when some word is missing.
    ///
    /// `name` is the normalised company name, `text` its [`company_search_text`]. The exact
    /// name comes first, so typing a full name always finds that company at the top, even
    /// when its words also occur inside many other names.
    pub fn rank(&self, name: &str, text: &str) -> Option<u8> {
        if !self.words.iter().all(|w| text.contains(w.as_str())) {
            return None;
        }
        Some(self.rank_by_name(name))
    }

    /// The rank of a company known to match, which depends on its name alone.
    fn rank_by_name(&self, name: &str) -> u8 {
        self.rank_by_name_below(name, RANK_COUNT).unwrap_or(RANK_COUNT - 1)
    }

    /// The rank of a company known to match if it is below `cut`, else `None`: when the best
    /// results are already made of better ranks, the tests for worse ones are skipped.
    ///
    /// Ranks 0–2 all need the name to start with the first word, so that test comes first:
    /// most names fail it, and ranking every match of a short word stays cheap.
    pub(crate) fn rank_by_name_below(&self, name: &str, cut: u8) -> Option<u8> {
        if cut == 0 {
            return None;
        }
        let first = self.words.first().map_or("", String::as_str);
        let trimmed = name.trim_start();
        let rank = if trimmed.starts_with(first) {
            if words_of(name).eq(self.words.iter().map(String::as_str)) {
                0
            } else if cut == 1 {
                return None;
            } else if trimmed.starts_with(self.phrase.as_str()) {
                1
            } else {
                2
            }
        } else if cut <= 3 {
            return None;
        } else if starts_a_word(name, first) {
            3
        } else {
            4
        };
        (rank < cut).then_some(rank)
    }
}

/// The words of a normalised text: split at its spaces, the only whitespace [`normalize`]
/// leaves, which is cheaper than decoding every character for Unicode whitespace.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(' ').filter(|word| !word.is_empty())
}

/// Ranks 0 (exact name) to 4 (elsewhere), see [`SearchQuery::rank`].
pub(crate) const RANK_COUNT: u8 = 5;

/// Whether some whitespace-separated word of `text` starts with `prefix` (not empty, no
/// whitespace): an occurrence at the start or right after whitespace.
fn starts_a_word(text: &str, prefix: &str) -> bool {
    text.match_indices(prefix).any(|(at, _)| text[..at].chars().next_back().is_none_or(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normalised_text_has_the_words_whitespace_splits_it_into() {
        for name in ["Måle 4711 ApS", "  Hansen & Co. ", "A/S\tØst", "\u{a0}Bager\u{2003}Jensen", "", " "] {
            let text = normalize(name);
            assert!(words_of(&text).eq(text.split_whitespace()), "{name:?} as {text:?}");
        }
    }

    #[test]
    fn normalising_folds_case_punctuation_and_danish_letters() {
        assert_eq!(normalize("Århus Bageri A/S"), "aarhus bageri a s");
        assert_eq!(normalize("Café Ø"), "cafe oe");
        assert_eq!(normalize("Kræmmer"), "kraemmer");
    }

    fn company(name: &str, street: &str, town: &str, industry: &str) -> Company {
        Company {
            cvr: crate::Cvr::parse("25052943").expect("valid CVR"),
            p_number: None,
            name: name.into(),
            address: crate::Address { street: street.into(), postal_code: "8900".into(), town: town.into() },
            municipality_code: 730,
            industry: crate::Industry {
                code: "107100".into(),
                text: industry.into(),
                version: "DB07".into(),
            },
            employees: crate::EmployeeInterval::From2To4,
            advertising_protected: false,
            active: true,
        }
    }

    #[test]
    fn danish_letters_are_found_typed_either_way_and_industry_text_counts() {
        let c = company("Søndergårds Bageri", "Ærøvej 3", "Randers SØ", "Fremstilling af brød");
        let (name, text) = (normalize(&c.name), company_search_text(&c));
        for typed in
            ["Søndergård", "soendergaard", "sondergard", "aeroevej", "arovej 3", "randers so", "brød", "brod"]
        {
            assert!(SearchQuery::new(typed).rank(&name, &text).is_some(), "{typed:?} finds the company");
        }
        assert_eq!(SearchQuery::new("sandergard").rank(&name, &text), None);
        let plain = company("Bageriet", "Torvet 1", "Randers C", "Bagerier");
        assert!(!company_search_text(&plain).contains("bageriet bageriet"), "no loose copy without æøå");
    }

    #[test]
    fn every_word_must_match() {
        let q = SearchQuery::new("bager randers");
        assert!(q.rank("randers bageri", "randers bageri 8900 randers c").is_some());
        assert_eq!(q.rank("aarhus bageri", "aarhus bageri 8000 aarhus c"), None);
    }

    #[test]
    fn name_prefix_ranks_before_word_prefix_before_elsewhere() {
        let q = SearchQuery::new("bager");
        assert_eq!(q.rank("bageriet", "bageriet"), Some(1));
        assert_eq!(q.rank("randers bageri", "randers bageri"), Some(3));
        assert_eq!(q.rank("kagehuset", "kagehuset bagerstræde 1"), Some(4));
    }

    #[test]
    fn the_exact_name_ranks_first_even_when_its_words_are_everywhere() {
        let q = SearchQuery::new("Nielsen El ApS");
        let exact = normalize("Nielsen El ApS");
        assert_eq!(q.rank(&exact, &exact), Some(0));
        let longer = normalize("Nielsen El ApS Holding");
        assert_eq!(q.rank(&longer, &longer), Some(1));
        let other = normalize("Nielsen Elektro ApS");
        assert_eq!(q.rank(&other, &other), Some(2));
    }

    /// `rank` as it was first written, before it was made cheaper for the index.
    fn rank_as_first_written(query: &SearchQuery, name: &str, text: &str) -> Option<u8> {
        if !query.words.iter().all(|w| text.contains(w.as_str())) {
            return None;
        }
        let phrase = query.words.join(" ");
        let name_words = || name.split_whitespace();
        let first = query.words.first().map_or("", String::as_str);
        Some(if name_words().eq(query.words.iter().map(String::as_str)) {
            0
        } else if name.trim_start().starts_with(&phrase) {
            1
        } else if name.trim_start().starts_with(first) {
            2
        } else if name_words().any(|word| word.starts_with(first)) {
            3
        } else {
            4
        })
    }

    #[test]
    fn ranking_is_unchanged_from_its_first_form() {
        let companies = generated::companies(600, 3);
        let mut entries = generated::index_entries(&companies);
        entries.extend(
            [(" aa  aab", "x"), ("", ""), ("\u{a0}ø b", "ø b"), ("xaa aa", "aa")]
                .map(|(n, t)| (n.into(), t.into())),
        );
        let mut queries = generated::queries(&companies, 300, 5);
        queries.extend(["", "aa", "aab", "a", "ø", "b", "aa aab"].map(String::from));
        for typed in &queries {
            let query = SearchQuery::new(typed);
            for (name, text) in &entries {
                for name in [name.as_str(), text.as_str()] {
                    assert_eq!(
                        query.rank(name, text),
                        rank_as_first_written(&query, name, text),
                        "{typed:?} {name:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_query_is_empty() {
        assert!(SearchQuery::new("  / ").is_empty());
        assert!(!SearchQuery::new("a").is_empty());
    }
}
