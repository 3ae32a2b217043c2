//! Finding and removing one contact person's personal data in stored text.
//!
//! A contact person has no row of their own: they are an entry of the company's
//! `contact_persons` shared field (a JSON array of [`ContactPerson`]). Copies of that array
//! travel into conflict records, remembered push outcomes and the change log, and people are
//! named in free text (contact notes, follow-up notes, feedback comments, the company's shared
//! note, do-not-contact reasons). Everything here is pure: the store reads, calls these and
//! writes back.
//!
//! Free text is scrubbed of the person's full name, phone number (as typed, as digits only
//! and as a Danish 8-digit number) and e-mail address, case-insensitively and only as whole
//! words, so a short name does not eat into other words. In their own company's texts, where
//! a note says "Mette ringede", each capitalised part of the name is scrubbed too where it is
//! written capitalised — unless another contact person of the company or the company's own
//! name shares it (that "Holm" is someone else's, or the firm's).

use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::contact_person::ContactPerson;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// What replaces an erased name, phone number or address in free text.
pub const ERASED: &str = "[slettet]";

/// Hex digits of the hash part of a contact person's id.
const ID_HASH_CHARS: usize = 16;

/// Shortest text scrubbed from free text; shorter ones (a one-letter name) would match too much.
const MIN_NEEDLE_CHARS: usize = 2;

/// The stable id of a contact person: the company's CVR number and a hash of the name as
/// typed (trimmed, case-insensitive), e.g. `12345678-0f3a9c…`. It survives edits of the
/// person's role, phone and e-mail and names nobody in the audit log.
pub fn person_id(cvr: &Cvr, person: &ContactPerson) -> String {
    let mut hash = Sha256::new();
    hash.update(b"kontaktpunkt contact person\0");
    hash.update(cvr.as_str().as_bytes());
    hash.update(b"\0");
    hash.update(person.name_key().as_bytes());
    let hex = hex::encode(hash.finalize());
    format!("{}-{}", cvr.as_str(), &hex[..ID_HASH_CHARS])
}

/// Splits an id into its CVR number; `None` when it is not of [`person_id`]'s form.
pub fn parse_person_id(id: &str) -> Option<Cvr> {
    let (cvr, hash) = id.split_once('-')?;
    let hex = hash.len() == ID_HASH_CHARS && hash.chars().all(|c| c.is_ascii_hexdigit() && !c.is_uppercase());
    if !hex {
        return None;
    }
    Cvr::parse(cvr).ok()
}

/// The erased person(s) — every list entry with the id — and the texts that identify them.
#[derive(Debug, Clone)]
pub struct Erased {
    id: String,
    cvr: Cvr,
    /// Lowercased, longest first (a phone number before its digits-only form).
    needles: Vec<Vec<char>>,
    /// Parts of the name (lowercased) scrubbed alone, capitalised, in the company's own texts.
    name_parts: Vec<Vec<char>>,
    /// The same texts as typed and lowercased, for a first (case-sensitive) filter in SQL.
    search: Vec<String>,
}

impl Erased {
    /// The person with `id` at `cvr` (named `company_name`), identified in text by what
    /// `persons` (its entries) hold; `others` are the company's other contact persons.
    pub fn new(
        id: &str,
        cvr: &Cvr,
        company_name: &str,
        persons: &[ContactPerson],
        others: &[ContactPerson],
    ) -> Self {
        let mut texts: Vec<String> = Vec::new();
        for person in persons {
            let phone = person.phone.trim();
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            texts.extend([person.name.trim().to_owned(), person.email.trim().to_owned(), phone.to_owned()]);
            if digits.len() >= 6 {
                texts.push(digits.clone());
            }
            // A Danish number is often written without +45 and in pairs: "12 34 56 78".
            let local =
                if digits.len() == 10 && digits.starts_with("45") { &digits[2..] } else { &digits[..] };
            if local.len() == 8 {
                texts.push(local.to_owned());
                let pairs: Vec<&str> = (0..4).map(|i| &local[2 * i..2 * i + 2]).collect();
                texts.push(pairs.join(" "));
            }
        }
        texts.retain(|t| t.chars().count() >= MIN_NEEDLE_CHARS);
        let needles = longest_first(texts.iter().map(|t| lowercase(t)).collect());
        let mut search: Vec<String> = texts.iter().flat_map(|t| [t.clone(), t.to_lowercase()]).collect();
        search.sort();
        search.dedup();
        let taken: Vec<Vec<char>> = others
            .iter()
            .map(|p| p.name.as_str())
            .chain([company_name])
            .flat_map(words)
            .map(lowercase)
            .collect();
        let name_parts = longest_first(
            persons
                .iter()
                .flat_map(|p| words(&p.name))
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .filter(|w| w.chars().count() >= MIN_NEEDLE_CHARS)
                .map(lowercase)
                .filter(|w| !taken.contains(w))
                .collect(),
        );
        Self { id: id.to_owned(), cvr: cvr.clone(), needles, name_parts, search }
    }

    /// Whether `person` (an entry of this company's list) is the erased person.
    pub fn is(&self, person: &ContactPerson) -> bool {
        person_id(&self.cvr, person) == self.id
    }

    /// The texts that name the person as typed and lowercased: a row holding none of them
    /// (SQL's `instr`) holds no exact-case mention; rows of the person's own company are read
    /// in full, as mentions there may be in any case.
    pub fn search_texts(&self) -> &[String] {
        &self.search
    }

    /// The company of the person.
    pub fn company(&self) -> &Cvr {
        &self.cvr
    }

    /// Whether `text`, one of the company's own, names the person (as [`Self::scrub`] would
    /// replace).
    pub fn found_in(&self, text: &str) -> bool {
        self.scrub(text) != text
    }

    /// The same person as seen from other companies' texts: by full name, phone and e-mail
    /// only, as a first name there is most likely someone else's.
    pub fn elsewhere(&self) -> Self {
        Self { name_parts: Vec::new(), ..self.clone() }
    }

    /// `text` with every whole-word occurrence of the person's name, phone or e-mail (and,
    /// unless [`Self::elsewhere`], a capitalised part of the name) replaced by [`ERASED`].
    pub fn scrub(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'outer: while i < chars.len() {
            let boundary_before = i == 0 || !chars[i - 1].is_alphanumeric();
            if boundary_before {
                let capitalised = chars[i].is_uppercase();
                let parts = self.name_parts.iter().filter(|_| capitalised);
                for needle in self.needles.iter().chain(parts) {
                    if let Some(end) = match_at(&chars, i, needle)
                        && (end == chars.len() || !chars[end].is_alphanumeric())
                    {
                        out.push_str(ERASED);
                        i = end;
                        continue 'outer;
                    }
                }
            }
            out.push(chars[i]);
            i += 1;
        }
        out
    }

    /// A stored contact-person list without the person (`None`: the text is no such list).
    pub fn without_person(&self, list: &str) -> Option<String> {
        let persons: Vec<ContactPerson> = serde_json::from_str(list).ok()?;
        let kept: Vec<ContactPerson> = persons.into_iter().filter(|p| !self.is(p)).collect();
        serde_json::to_string(&kept).ok()
    }

    /// A text value scrubbed both ways: a contact-person list loses the person's entries,
    /// then any remaining mention is replaced.
    pub fn scrub_value(&self, text: &str) -> String {
        let text = self.without_person(text).unwrap_or_else(|| text.to_owned());
        self.scrub(&text)
    }

    /// Scrubs every string inside a JSON document (a change-log record, a push outcome);
    /// whether anything changed.
    pub fn scrub_json(&self, value: &mut Value) -> bool {
        match value {
            Value::String(text) => {
                let scrubbed = self.scrub_value(text);
                let changed = scrubbed != *text;
                *text = scrubbed;
                changed
            }
            // Every element is scrubbed (no short-circuit), then whether any changed.
            Value::Array(items) => {
                items.iter_mut().map(|v| self.scrub_json(v)).collect::<Vec<_>>().contains(&true)
            }
            Value::Object(map) => {
                map.values_mut().map(|v| self.scrub_json(v)).collect::<Vec<_>>().contains(&true)
            }
            _ => false,
        }
    }
}

/// The words of a name, split at spaces and hyphens ("Anne-Marie" is also "Anne" and "Marie").
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty())
}

fn lowercase(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// Sorted longest first (so a longer text wins where two start at one place), without repeats.
fn longest_first(mut needles: Vec<Vec<char>>) -> Vec<Vec<char>> {
    needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    needles.dedup();
    needles
}

/// Where a case-insensitive match of `needle` starting at `start` ends, if it matches.
fn match_at(chars: &[char], start: usize, needle: &[char]) -> Option<usize> {
    let mut matched = 0;
    let mut i = start;
    while matched < needle.len() {
        let c = *chars.get(i)?;
        for lower in c.to_lowercase() {
            if needle.get(matched) != Some(&lower) {
                return None;
            }
            matched += 1;
        }
        i += 1;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cvr() -> Cvr {
        Cvr::parse("11861784").expect("a valid CVR number")
    }

    fn mette() -> ContactPerson {
        ContactPerson {
            name: "Mette Holm".into(),
            role: "HR".into(),
            phone: "+45 12 34 56 78".into(),
            email: "mh@firma.dk".into(),
        }
    }

    #[test]
    fn ids_are_stable_over_edits_of_anything_but_the_name_and_parse_back() {
        let id = person_id(&cvr(), &mette());
        let edited = ContactPerson { phone: "".into(), role: "Direktør".into(), ..mette() };
        assert_eq!(person_id(&cvr(), &edited), id);
        let renamed = ContactPerson { name: " mette holm ".into(), ..mette() };
        assert_eq!(person_id(&cvr(), &renamed), id, "trimmed and case-insensitive");
        assert_ne!(person_id(&cvr(), &ContactPerson { name: "Bo".into(), ..mette() }), id);
        assert_eq!(parse_person_id(&id), Some(cvr()));
        assert!(!id.contains("Mette") && !id.contains("mh@"));
        for bad in ["", "12345678", "x-0123456789abcdef", &format!("{}-0123", cvr().as_str())] {
            assert_eq!(parse_person_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn name_phone_and_address_are_replaced_as_whole_words_in_any_case() {
        let erased = Erased::new("id", &cvr(), "Firma ApS", &[mette()], &[]).elsewhere();
        let text =
            "Ring til METTE HOLM på 12 34 56 78 eller 12345678, mail mh@firma.dk. Mette Holmsen er en anden.";
        assert_eq!(
            erased.scrub(text),
            "Ring til [slettet] på [slettet] eller [slettet], mail [slettet]. Mette Holmsen er en anden."
        );
        assert!(erased.found_in("talte med mette holm"));
        assert!(!erased.found_in("Holm & Co"));
        assert_eq!(erased.scrub("+45 12 34 56 78"), "[slettet]");
    }

    #[test]
    fn one_letter_names_are_removed_from_lists_but_not_from_text() {
        let a = ContactPerson { name: "A".into(), ..Default::default() };
        let erased = Erased::new(&person_id(&cvr(), &a), &cvr(), "Firma ApS", std::slice::from_ref(&a), &[]);
        assert_eq!(erased.scrub("A og B"), "A og B");
        let list = serde_json::to_string(&[a, mette()]).expect("encodes");
        let kept: Vec<ContactPerson> =
            serde_json::from_str(&erased.without_person(&list).expect("a list")).expect("decodes");
        assert_eq!(kept, [mette()]);
    }

    #[test]
    fn json_documents_are_scrubbed_inside_lists_and_text() {
        let id = person_id(&cvr(), &mette());
        let other = ContactPerson { name: "Bo Lund".into(), ..Default::default() };
        let erased = Erased::new(&id, &cvr(), "Firma ApS", &[mette()], std::slice::from_ref(&other));
        let list = serde_json::to_string(&[mette(), other.clone()]).expect("encodes");
        let mut outcome = json!({"status": "conflict", "seq": 7, "resolution": {"rule": "later_wins",
            "overwritten": [{"field": "contact_persons", "value": list}, {"field": "notes", "value": "Mette Holm siger ja"}]}});
        assert!(erased.scrub_json(&mut outcome));
        let text = outcome.to_string();
        assert!(!text.contains("Mette") && !text.contains("mh@") && text.contains("Bo Lund"), "{text}");
        assert!(!erased.scrub_json(&mut outcome), "nothing left to change");
        assert_eq!(erased.without_person("not a list"), None);
    }

    #[test]
    fn in_the_companys_own_texts_a_capitalised_part_of_the_name_is_scrubbed_too() {
        let anne = ContactPerson { name: "Anne-Marie Holm af Lund".into(), ..Default::default() };
        let other = ContactPerson { name: "Anne Berg".into(), ..Default::default() };
        let erased = Erased::new("id", &cvr(), "Lund Maskiner A/S", std::slice::from_ref(&anne), &[other]);
        assert_eq!(
            erased.scrub(
                "Marie ringede; HOLM siger ja, holm og af er ord. Anne Berg og Lund Maskiner ved det."
            ),
            "[slettet] ringede; [slettet] siger ja, holm og af er ord. Anne Berg og Lund Maskiner ved det.",
            "parts shared with another contact person or the firm's name stay, and so do lowercase words"
        );
        assert_eq!(erased.scrub("Talte med Anne-Marie Holm af Lund."), "Talte med [slettet].");
        assert_eq!(erased.scrub("Holmsen og Mariehøne"), "Holmsen og Mariehøne", "whole words only");
        let elsewhere = erased.elsewhere();
        assert_eq!(
            elsewhere.scrub("Marie og Holm"),
            "Marie og Holm",
            "another company's Marie is someone else"
        );
        assert_eq!(elsewhere.scrub("anne-marie holm af lund"), "[slettet]");
    }
}
