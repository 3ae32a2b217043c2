//! A production-unit document (`VrproduktionsEnhed`) → [`ProductionUnit`].

use crate::current::{ClassificationRule, CommonValues, current, non_empty};
use crate::cvr_doc::CvrDocument;
use crate::error::RecordProblem;
use crate::record::ProductionUnit;
use kontaktpunkt_domain::{Cvr, PNumber};

/// Reads the unit's current values; its company is the current `virksomhedsrelation`
/// (`nyesteCvrNummerRelation` in the metadata).
pub(crate) fn unit_from_doc(
    doc: &CvrDocument,
    rule: ClassificationRule,
) -> Result<ProductionUnit, RecordProblem> {
    let raw_p = non_empty(doc.p_nummer.as_deref()).ok_or(RecordProblem::MissingPNumber)?;
    let p_number =
        PNumber::parse(&raw_p).map_err(|error| RecordProblem::InvalidPNumber { value: raw_p, error })?;
    let meta = doc.produktions_enhed_metadata.as_ref();
    let values = CommonValues::read(doc, meta, rule);
    let raw_cvr = meta
        .and_then(|m| non_empty(m.nyeste_cvr_nummer_relation.as_deref()))
        .or_else(|| current(&doc.virksomhedsrelation).and_then(|r| non_empty(r.cvr_nummer.as_deref())));
    // A unit always belongs to a company; a link that fails the check would attach the unit to
    // the wrong company or to none, so the record is reported instead.
    let cvr = match raw_cvr {
        Some(value) => Some(Cvr::parse(&value).map_err(|error| RecordProblem::InvalidCvr { value, error })?),
        None => None,
    };
    Ok(ProductionUnit {
        p_number,
        cvr,
        name: values.name.ok_or(RecordProblem::MissingName)?,
        address: values.address,
        care_of: values.care_of,
        municipality_code: values.municipality_code,
        main_industry: values.main_industry,
        employees: values.employees,
        advertising_protected: doc.reklamebeskyttet,
        active: values.active,
    })
}
