//! A company document (`Vrvirksomhed`) → [`RegisterCompany`].

use crate::current::{ClassificationRule, CommonValues, current, non_empty};
use crate::cvr_doc::{CvrDocument, Dated};
use crate::error::RecordProblem;
use crate::record::RegisterCompany;
use kontaktpunkt_domain::{Cvr, PNumber};

/// Reads the company's current values (see [`CommonValues`] for the rules).
pub(crate) fn company_from_doc(
    doc: &CvrDocument,
    rule: ClassificationRule,
) -> Result<RegisterCompany, RecordProblem> {
    let raw_cvr = non_empty(doc.cvr_nummer.as_deref()).ok_or(RecordProblem::MissingCvr)?;
    let cvr = Cvr::parse(&raw_cvr).map_err(|error| RecordProblem::InvalidCvr { value: raw_cvr, error })?;
    let meta = doc.virksomhed_metadata.as_ref();
    let values = CommonValues::read(doc, meta, rule);
    let form = meta.and_then(|m| m.nyeste_virksomhedsform.as_ref()).or_else(|| current(&doc.virksomhedsform));
    Ok(RegisterCompany {
        cvr,
        name: values.name.ok_or(RecordProblem::MissingName)?,
        address: values.address,
        care_of: values.care_of,
        municipality_code: values.municipality_code,
        main_industry: values.main_industry,
        secondary_industries: values.secondary_industries,
        employees: values.employees,
        advertising_protected: doc.reklamebeskyttet,
        active: values.active,
        company_form: form.and_then(|f| {
            non_empty(f.lang_beskrivelse.as_deref()).or_else(|| non_empty(f.kort_beskrivelse.as_deref()))
        }),
        p_numbers: p_numbers(doc),
    })
}

/// The company's current production units; a ceased company has none current, and then all of
/// them are kept so its workplaces can still be linked. Malformed P-numbers are left out: they
/// are an identifier of something else, not a reason to lose the company.
fn p_numbers(doc: &CvrDocument) -> Vec<PNumber> {
    let is_open = |item: &&crate::cvr_doc::RelationItem| item.period().is_none_or(|p| p.gyldig_til.is_none());
    let any_open = doc.penheder.iter().any(|item| is_open(&item));
    let mut out: Vec<PNumber> = Vec::new();
    for item in doc.penheder.iter().filter(|item| !any_open || is_open(item)) {
        if let Some(p) = item.p_nummer.as_deref().and_then(|p| PNumber::parse(p).ok())
            && !out.contains(&p)
        {
            out.push(p);
        }
    }
    out
}
