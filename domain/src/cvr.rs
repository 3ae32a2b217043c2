//! Company identifiers from the Danish CVR register.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Weights of the CVR modulus-11 check, one per digit.
const CVR_WEIGHTS: [u32; 8] = [2, 7, 6, 5, 4, 3, 2, 1];

/// Why a text is not a CVR number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CvrError {
    #[error("a CVR number has exactly 8 digits")]
    WrongLength,
    #[error("a CVR number holds digits only")]
    NotDigits,
    #[error("a CVR number cannot start with 0")]
    LeadingZero,
    #[error("the CVR number's check digit is wrong")]
    CheckDigit,
}

/// A validated CVR number: 8 digits, no leading zero, weighted sum divisible by 11.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "25052943"))]
#[serde(try_from = "String", into = "String")]
pub struct Cvr(String);

impl Cvr {
    /// Parses a CVR number, tolerating surrounding white space and the spaces people type
    /// between digit groups ("2505 2943").
    pub fn parse(input: &str) -> Result<Self, CvrError> {
        let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CvrError::NotDigits);
        }
        if digits.len() != 8 {
            return Err(CvrError::WrongLength);
        }
        if digits.starts_with('0') {
            return Err(CvrError::LeadingZero);
        }
        if !weighted_sum(&digits).is_multiple_of(11) {
            return Err(CvrError::CheckDigit);
        }
        Ok(Self(digits))
    }

    /// Completes a 7-digit stem with its check digit, if the stem has one.
    ///
    /// Some stems have none (their check digit would be 10); they are never issued.
    pub fn from_stem(stem: u32) -> Option<Self> {
        if !(1_000_000..=9_999_999).contains(&stem) {
            return None;
        }
        let stem = stem.to_string();
        let partial = weighted_sum(&stem);
        let check = (11 - partial % 11) % 11;
        (check < 10).then(|| Self(format!("{stem}{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn weighted_sum(digits: &str) -> u32 {
    digits.chars().zip(CVR_WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum()
}

impl fmt::Display for Cvr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Cvr {
    type Error = CvrError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Cvr> for String {
    fn from(value: Cvr) -> Self {
        value.0
    }
}

/// Why a text is not a P-number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PNumberError {
    #[error("a P-number has exactly 10 digits")]
    WrongLength,
    #[error("a P-number holds digits only")]
    NotDigits,
}

/// A production unit number: 10 digits. P-numbers have no check digit, so none is checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, example = "1003388394"))]
#[serde(try_from = "String", into = "String")]
pub struct PNumber(String);

impl PNumber {
    pub fn parse(input: &str) -> Result<Self, PNumberError> {
        let digits = input.trim();
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(PNumberError::NotDigits);
        }
        if digits.len() != 10 {
            return Err(PNumberError::WrongLength);
        }
        Ok(Self(digits.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for PNumber {
    type Error = PNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PNumber> for String {
    fn from(value: PNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_real_cvr_number() {
        assert_eq!(Cvr::parse("25052943").map(|c| c.to_string()), Ok("25052943".into()));
    }

    #[test]
    fn accepts_spaces_between_digit_groups() {
        assert_eq!(Cvr::parse(" 2505 2943 ").map(|c| c.to_string()), Ok("25052943".into()));
    }

    #[test]
    fn rejects_a_wrong_check_digit() {
        assert_eq!(Cvr::parse("25052944"), Err(CvrError::CheckDigit));
    }

    #[test]
    fn rejects_wrong_length() {
        assert_eq!(Cvr::parse("2505294"), Err(CvrError::WrongLength));
        assert_eq!(Cvr::parse("250529430"), Err(CvrError::WrongLength));
        assert_eq!(Cvr::parse(""), Err(CvrError::WrongLength));
    }

    #[test]
    fn rejects_non_digits() {
        assert_eq!(Cvr::parse("2505294x"), Err(CvrError::NotDigits));
        assert_eq!(Cvr::parse("DK25052943"), Err(CvrError::NotDigits));
    }

    #[test]
    fn rejects_a_leading_zero() {
        assert_eq!(Cvr::parse("01234567"), Err(CvrError::LeadingZero));
    }

    #[test]
    fn stems_complete_to_valid_numbers() {
        let mut made = 0;
        for stem in 2_505_290..2_505_300 {
            if let Some(cvr) = Cvr::from_stem(stem) {
                assert_eq!(Cvr::parse(cvr.as_str()), Ok(cvr.clone()));
                made += 1;
            }
        }
        assert!(made >= 8, "most stems have a check digit, got {made}");
        assert_eq!(Cvr::from_stem(2_505_294).map(|c| c.to_string()), Some("25052943".into()));
        assert_eq!(Cvr::from_stem(999), None);
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Cvr>("\"25052943\"").is_ok());
        assert!(serde_json::from_str::<Cvr>("\"25052944\"").is_err());
    }

    #[test]
    fn p_numbers_need_ten_digits_but_no_check() {
        assert!(PNumber::parse("1003388394").is_ok());
        assert!(PNumber::parse("1003388395").is_ok());
        assert_eq!(PNumber::parse("100338839"), Err(PNumberError::WrongLength));
        assert_eq!(PNumber::parse("10033883a4"), Err(PNumberError::NotDigits));
    }
}
