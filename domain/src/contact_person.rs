//! The company's own people the municipality talks to (director, HR, owner): one of the
//! shared company fields ([`crate::sync::SharedField::ContactPersons`]).
//!
//! The list travels as the field's text value, a JSON array of [`ContactPerson`] (pinned by a
//! test below), so it merges and conflicts as one field like the others. The browser encodes
//! it with its own `JSON` (this crate stays free of a JSON library); [`tidy_contact_persons`]
//! and [`validate_contact_persons`] are the one definition of a valid list for both sides.

use serde::{Deserialize, Serialize};

/// Most people one company may list.
pub const MAX_CONTACT_PERSONS: usize = 20;
/// Longest name, role, phone number or e-mail address.
pub const MAX_PERSON_FIELD_CHARS: usize = 100;

/// One person at the company. Only the name is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPerson {
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
}

/// Years without a change of the company's contact persons and without a contact with the
/// company after which a person is listed for erasure, unless the admin asks otherwise.
pub const DEFAULT_RETENTION_YEARS: u32 = 5;
/// The longest retention period the list accepts.
pub const MAX_RETENTION_YEARS: u32 = 50;

/// The day `years` before `today`: a person untouched since before it is due for review
/// (29 February falls back to the 28th).
pub fn retention_cutoff(today: chrono::NaiveDate, years: u32) -> chrono::NaiveDate {
    today.checked_sub_months(chrono::Months::new(years.saturating_mul(12))).unwrap_or(chrono::NaiveDate::MIN)
}

/// Whether a person is untouched since `cutoff`: their company's list was last changed on
/// `changed_on` and its last contact (if any) was on `last_contact`, both before `cutoff`.
pub fn is_untouched(
    changed_on: chrono::NaiveDate,
    last_contact: Option<chrono::NaiveDate>,
    cutoff: chrono::NaiveDate,
) -> bool {
    changed_on.max(last_contact.unwrap_or(changed_on)) < cutoff
}

/// What is wrong with a list; `person` is the 0-based position of the person concerned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContactPersonError {
    #[error("more than {MAX_CONTACT_PERSONS} contact persons")]
    TooMany,
    #[error("contact person {} has no name", person + 1)]
    MissingName { person: usize },
    #[error("a field of contact person {} is longer than {MAX_PERSON_FIELD_CHARS} characters", person + 1)]
    TooLong { person: usize },
    #[error("contact person {} has an invalid phone number", person + 1)]
    InvalidPhone { person: usize },
    #[error("contact person {} has an invalid e-mail address", person + 1)]
    InvalidEmail { person: usize },
    /// Two entries with one name would be one person to the data protection tools (a
    /// person's id is the company and the name), so the second must be told apart.
    #[error("contact person {} has the same name as another", person + 1)]
    DuplicateName { person: usize },
}

impl ContactPersonError {
    /// The position of the person concerned; `None` for the list as a whole.
    pub fn person(&self) -> Option<usize> {
        match *self {
            Self::TooMany => None,
            Self::MissingName { person }
            | Self::TooLong { person }
            | Self::InvalidPhone { person }
            | Self::InvalidEmail { person }
            | Self::DuplicateName { person } => Some(person),
        }
    }

    /// The same problem told of another position (e.g. the form row, counting blank rows).
    pub fn at(self, position: impl FnOnce(usize) -> usize) -> Self {
        match self {
            Self::TooMany => Self::TooMany,
            Self::MissingName { person } => Self::MissingName { person: position(person) },
            Self::TooLong { person } => Self::TooLong { person: position(person) },
            Self::InvalidPhone { person } => Self::InvalidPhone { person: position(person) },
            Self::InvalidEmail { person } => Self::InvalidEmail { person: position(person) },
            Self::DuplicateName { person } => Self::DuplicateName { person: position(person) },
        }
    }
}

impl ContactPerson {
    /// Trimmed; spaces inside a phone number are kept as typed.
    pub fn trimmed(&self) -> Self {
        Self {
            name: self.name.trim().to_owned(),
            role: self.role.trim().to_owned(),
            phone: self.phone.trim().to_owned(),
            email: self.email.trim().to_owned(),
        }
    }

    /// What tells people at one company apart: the name, trimmed and case-insensitive.
    pub fn name_key(&self) -> String {
        self.name.trim().to_lowercase()
    }

    fn is_blank(&self) -> bool {
        [&self.name, &self.role, &self.phone, &self.email].iter().all(|f| f.trim().is_empty())
    }

    /// The phone number as a `tel:` target: digits and a leading `+` only.
    pub fn phone_link(&self) -> String {
        self.phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
    }
}

/// The people as typed in a form: trimmed, rows left entirely empty dropped.
pub fn tidy_contact_persons(typed: &[ContactPerson]) -> Vec<ContactPerson> {
    typed.iter().filter(|p| !p.is_blank()).map(ContactPerson::trimmed).collect()
}

/// Checks a (tidied) list; the first problem found.
pub fn validate_contact_persons(persons: &[ContactPerson]) -> Result<(), ContactPersonError> {
    if persons.len() > MAX_CONTACT_PERSONS {
        return Err(ContactPersonError::TooMany);
    }
    for (person, p) in persons.iter().enumerate() {
        if p.name.trim().is_empty() {
            return Err(ContactPersonError::MissingName { person });
        }
        if [&p.name, &p.role, &p.phone, &p.email].iter().any(|f| f.chars().count() > MAX_PERSON_FIELD_CHARS) {
            return Err(ContactPersonError::TooLong { person });
        }
        if !p.phone.is_empty() && !is_phone(&p.phone) {
            return Err(ContactPersonError::InvalidPhone { person });
        }
        if !p.email.is_empty() && !is_email(&p.email) {
            return Err(ContactPersonError::InvalidEmail { person });
        }
        let key = p.name_key();
        if persons[..person].iter().any(|earlier| earlier.name_key() == key) {
            return Err(ContactPersonError::DuplicateName { person });
        }
    }
    Ok(())
}

/// `+45 12 34 56 78`, `86 42 00 00`, `(+45) 8642-0000`: 6–15 digits, an optional leading `+`,
/// and spaces, dashes, dots or parentheses between them.
fn is_phone(phone: &str) -> bool {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone.chars().all(|c| c.is_ascii_digit() || " -.()".contains(c) || c == '+');
    let plus_leads = phone.trim_start_matches('(').find('+').is_none_or(|i| i == 0);
    allowed && plus_leads && phone.matches('+').count() <= 1 && (6..=15).contains(&digits)
}

/// Loosely an address: one `@` with text before it and a dotted domain after, no spaces.
fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|part| !part.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, phone: &str, email: &str) -> ContactPerson {
        ContactPerson {
            name: name.into(), role: "Direktør".into(), phone: phone.into(), email: email.into()
        }
    }

    #[test]
    fn blank_rows_are_dropped_and_fields_trimmed() {
        let typed = [
            ContactPerson { name: "  Mette Holm ".into(), role: " HR ".into(), ..Default::default() },
            ContactPerson { name: " ".into(), ..Default::default() },
        ];
        assert_eq!(
            tidy_contact_persons(&typed),
            [ContactPerson { name: "Mette Holm".into(), role: "HR".into(), ..Default::default() }]
        );
    }

    #[test]
    fn danish_phone_numbers_and_plain_addresses_are_accepted() {
        for phone in ["+45 12 34 56 78", "86 42 00 00", "(+45) 8642-0000", "86420000"] {
            assert_eq!(validate_contact_persons(&[person("A", phone, "")]), Ok(()), "{phone}");
        }
        for email in ["mh@firma.dk", "mette.holm+kp@sub.firma.dk"] {
            assert_eq!(validate_contact_persons(&[person("A", "", email)]), Ok(()), "{email}");
        }
    }

    #[test]
    fn each_problem_names_the_person() {
        let ok = person("Ok", "", "");
        let cases = [
            (person("", "", ""), ContactPersonError::MissingName { person: 1 }),
            (person("B", "12 34", ""), ContactPersonError::InvalidPhone { person: 1 }),
            (person("B", "45+12345678", ""), ContactPersonError::InvalidPhone { person: 1 }),
            (person("B", "ring efter kl. 9", ""), ContactPersonError::InvalidPhone { person: 1 }),
            (person("B", "", "mh@firma"), ContactPersonError::InvalidEmail { person: 1 }),
            (person("B", "", "m h@firma.dk"), ContactPersonError::InvalidEmail { person: 1 }),
            (person("B", "", "@firma.dk"), ContactPersonError::InvalidEmail { person: 1 }),
            (
                person(&"x".repeat(MAX_PERSON_FIELD_CHARS + 1), "", ""),
                ContactPersonError::TooLong { person: 1 },
            ),
            (person(" OK ", "", ""), ContactPersonError::DuplicateName { person: 1 }),
        ];
        for (bad, expected) in cases {
            assert_eq!(validate_contact_persons(&[ok.clone(), bad.clone()]), Err(expected), "{bad:?}");
        }
        let many = vec![ok; MAX_CONTACT_PERSONS + 1];
        assert_eq!(validate_contact_persons(&many), Err(ContactPersonError::TooMany));
    }

    #[test]
    fn the_stored_value_is_pinned() {
        let list = [person("Mette Holm", "+45 12 34 56 78", "mh@firma.dk")];
        let json =
            r#"[{"name":"Mette Holm","role":"Direktør","phone":"+45 12 34 56 78","email":"mh@firma.dk"}]"#;
        assert_eq!(serde_json::to_string(&list).expect("encodes"), json);
        assert_eq!(serde_json::from_str::<Vec<ContactPerson>>(json).expect("decodes"), list);
        let name_only: Vec<ContactPerson> =
            serde_json::from_str(r#"[{"name":"Kun navn"}]"#).expect("decodes");
        assert_eq!(name_only[0].role, "");
    }

    #[test]
    fn an_error_can_be_told_of_another_position() {
        let error = ContactPersonError::InvalidEmail { person: 1 };
        assert_eq!(error.person(), Some(1));
        assert_eq!(error.at(|p| p + 2), ContactPersonError::InvalidEmail { person: 3 });
        assert_eq!(ContactPersonError::TooMany.at(|p| p + 2).person(), None);
    }

    #[test]
    fn a_person_is_untouched_when_neither_the_list_nor_a_contact_changed_since_the_cutoff() {
        let day = |s: &str| s.parse::<chrono::NaiveDate>().expect("date");
        let cutoff = retention_cutoff(day("2026-12-02"), 5);
        assert_eq!(cutoff, day("2021-12-02"));
        assert_eq!(retention_cutoff(day("2028-02-29"), 1), day("2027-02-28"));
        assert!(is_untouched(day("2020-01-01"), None, cutoff));
        assert!(is_untouched(day("2020-01-01"), Some(day("2021-12-01")), cutoff));
        assert!(!is_untouched(day("2020-01-01"), Some(day("2021-12-02")), cutoff), "a recent contact counts");
        assert!(!is_untouched(day("2024-05-01"), None, cutoff), "a recent change of the list counts");
    }

    #[test]
    fn phone_links_keep_digits_and_the_plus() {
        assert_eq!(person("A", "(+45) 8642-0000", "").phone_link(), "+4586420000");
    }
}
