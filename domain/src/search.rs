//! Company search as the consultant types: every word must match somewhere.

use crate::company::Company;

/// Lower-cases and folds Danish spelling variants so "aarhus" finds "Århus" and
/// "Bageri" finds "BAGERI".
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'å' => out.push_str("aa"),
            'é' | 'è' => out.push('e'),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// The text a company is found by: name, CVR, P-number, street, postal code and town.
pub fn company_search_text(company: &Company) -> String {
    let mut text = normalize(&company.name);
    for part in [
        company.cvr.as_str(),
        company.p_number.as_ref().map_or("", |p| p.as_str()),
        &company.address.street,
        &company.address.postal_code,
        &company.address.town,
    ] {
        text.push(' ');
        text.push_str(&normalize(part));
    }
    text
}

/// A parsed search: the words the user typed, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    words: Vec<String>,
}

impl SearchQuery {
    pub fn new(input: &str) -> Self {
        Self { words: normalize(input).split_whitespace().map(str::to_owned).collect() }
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
        let phrase = self.words.join(" ");
        let name_words = || name.split_whitespace();
        let first = self.words.first().map_or("", String::as_str);
        Some(if name_words().eq(self.words.iter().map(String::as_str)) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_folds_case_punctuation_and_aa() {
        assert_eq!(normalize("Århus Bageri A/S"), "aarhus bageri a s");
        assert_eq!(normalize("Café Ø"), "cafe ø");
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

    #[test]
    fn an_empty_query_is_empty() {
        assert!(SearchQuery::new("  / ").is_empty());
        assert!(!SearchQuery::new("a").is_empty());
    }
}
