//! The parts of a CVR document (`Vrvirksomhed` / `VrproduktionsEnhed`) the import reads.
//!
//! Deserialisation is lenient on purpose: the register's exports differ in whether numbers are
//! JSON numbers or strings and whether empty arrays are `[]` or `null`. Everything not listed
//! here (contact data, attributes, mergers, …) is skipped without being built.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A validity period; the current item of a dated array has `gyldigTil: null`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Period {
    #[serde(default, deserialize_with = "text")]
    pub gyldig_fra: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub gyldig_til: Option<String>,
}

/// Items of the register's dated arrays.
pub(crate) trait Dated {
    fn period(&self) -> Option<&Period>;
}

macro_rules! dated {
    ($($t:ty),*) => {$(
        impl Dated for $t {
            fn period(&self) -> Option<&Period> {
                self.periode.as_ref()
            }
        }
    )*};
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NameItem {
    #[serde(default, deserialize_with = "text")]
    pub navn: Option<String>,
    #[serde(default)]
    pub periode: Option<Period>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MunicipalityRef {
    #[serde(default, deserialize_with = "text")]
    pub kommune_kode: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AddressItem {
    #[serde(default, deserialize_with = "text")]
    pub vejnavn: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub husnummer_fra: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub bogstav_fra: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub husnummer_til: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub bogstav_til: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub etage: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub sidedoer: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub conavn: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub postboks: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub fritekst: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub postnummer: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub postdistrikt: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub bynavn: Option<String>,
    #[serde(default)]
    pub kommune: Option<MunicipalityRef>,
    #[serde(default)]
    pub periode: Option<Period>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IndustryItem {
    #[serde(default, deserialize_with = "text")]
    pub branchekode: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub branchetekst: Option<String>,
    #[serde(default)]
    pub periode: Option<Period>,
}

/// One employment figure: yearly (`aar`), quarterly (`kvartal`) or monthly (`maaned`).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EmploymentItem {
    #[serde(default, deserialize_with = "text")]
    pub aar: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub kvartal: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub maaned: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub antal_ansatte: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub interval_kode_antal_ansatte: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StatusItem {
    #[serde(default, deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(default)]
    pub periode: Option<Period>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FormItem {
    #[serde(default, deserialize_with = "text")]
    pub kort_beskrivelse: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub lang_beskrivelse: Option<String>,
    #[serde(default)]
    pub periode: Option<Period>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LifeItem {
    #[serde(default)]
    pub periode: Option<Period>,
}

/// An entry of `penheder` (company → unit) or `virksomhedsrelation` (unit → company).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RelationItem {
    #[serde(default, deserialize_with = "text")]
    pub p_nummer: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub cvr_nummer: Option<String>,
    #[serde(default)]
    pub periode: Option<Period>,
}

dated!(NameItem, AddressItem, IndustryItem, StatusItem, FormItem, LifeItem, RelationItem);

/// `virksomhedMetadata` / `produktionsEnhedMetadata`: the register's own "newest values".
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Metadata {
    #[serde(default)]
    pub nyeste_navn: Option<NameItem>,
    #[serde(default)]
    pub nyeste_beliggenhedsadresse: Option<AddressItem>,
    #[serde(default)]
    pub nyeste_hovedbranche: Option<IndustryItem>,
    #[serde(default)]
    pub nyeste_bibranche1: Option<IndustryItem>,
    #[serde(default)]
    pub nyeste_bibranche2: Option<IndustryItem>,
    #[serde(default)]
    pub nyeste_bibranche3: Option<IndustryItem>,
    #[serde(default)]
    pub nyeste_aarsbeskaeftigelse: Option<EmploymentItem>,
    #[serde(default)]
    pub nyeste_kvartalsbeskaeftigelse: Option<EmploymentItem>,
    #[serde(default)]
    pub nyeste_maanedsbeskaeftigelse: Option<EmploymentItem>,
    #[serde(default)]
    pub nyeste_erst_maanedsbeskaeftigelse: Option<EmploymentItem>,
    #[serde(default)]
    pub nyeste_virksomhedsform: Option<FormItem>,
    #[serde(default, deserialize_with = "text")]
    pub nyeste_cvr_nummer_relation: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub sammensat_status: Option<String>,
}

/// A company or production-unit document; which one is decided by the envelope around it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CvrDocument {
    #[serde(default, deserialize_with = "text")]
    pub cvr_nummer: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub p_nummer: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    pub reklamebeskyttet: bool,
    #[serde(default, deserialize_with = "list")]
    pub navne: Vec<NameItem>,
    #[serde(default, deserialize_with = "list")]
    pub beliggenhedsadresse: Vec<AddressItem>,
    #[serde(default, deserialize_with = "list")]
    pub hovedbranche: Vec<IndustryItem>,
    #[serde(default, deserialize_with = "list")]
    pub bibranche1: Vec<IndustryItem>,
    #[serde(default, deserialize_with = "list")]
    pub bibranche2: Vec<IndustryItem>,
    #[serde(default, deserialize_with = "list")]
    pub bibranche3: Vec<IndustryItem>,
    #[serde(default, deserialize_with = "list")]
    pub aarsbeskaeftigelse: Vec<EmploymentItem>,
    #[serde(default, deserialize_with = "list")]
    pub kvartalsbeskaeftigelse: Vec<EmploymentItem>,
    #[serde(default, deserialize_with = "list")]
    pub maanedsbeskaeftigelse: Vec<EmploymentItem>,
    #[serde(default, deserialize_with = "list")]
    pub erst_maanedsbeskaeftigelse: Vec<EmploymentItem>,
    #[serde(default, deserialize_with = "list")]
    pub livsforloeb: Vec<LifeItem>,
    #[serde(default, deserialize_with = "list")]
    pub virksomhedsstatus: Vec<StatusItem>,
    #[serde(default, deserialize_with = "list")]
    pub virksomhedsform: Vec<FormItem>,
    #[serde(default, deserialize_with = "list")]
    pub penheder: Vec<RelationItem>,
    #[serde(default, deserialize_with = "list")]
    pub virksomhedsrelation: Vec<RelationItem>,
    #[serde(default)]
    pub virksomhed_metadata: Option<Metadata>,
    #[serde(default)]
    pub produktions_enhed_metadata: Option<Metadata>,
}

/// Reads a string, a number or a boolean as text; `null` as `None`.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor)
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, a number or null")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        // Whole numbers written as floats ("8960.0") are still codes.
        if v.fract() == 0.0 && v.abs() < 1e15 { Ok(Some(format!("{v:.0}"))) } else { Ok(Some(v.to_string())) }
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads `true`/`false` also when written as text or 0/1; `null` as false.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match text(d)? {
        None => Ok(false),
        Some(t) => match t.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(true),
            "false" | "0" | "" => Ok(false),
            other => Err(de::Error::custom(format!("expected true or false, found {other:?}"))),
        },
    }
}

/// Reads an array, treating `null` as empty.
fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
