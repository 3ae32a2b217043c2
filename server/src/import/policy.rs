//! When an import may be written: the rules that keep a bad file from doing harm.

use kontaktpunkt_domain::import::ImportSummary;
use kontaktpunkt_register::Field;

/// Why an import is not applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocker {
    /// A spreadsheet whose required fields (CVR number, name) have no column: no row can be
    /// read until the admin chooses the columns.
    UnmappedColumns(Vec<Field>),
    /// Some records are rejected and the caller did not ask to skip them.
    RejectedRecords { count: u64 },
    /// A full refresh with rejected records: the companies behind those records would be
    /// marked inactive as "missing", so it is refused even when skipping is asked for.
    FullRefreshWithRejections { count: u64 },
    /// A full refresh without a single company would mark every company inactive; that is a
    /// wrong file or a wrong municipality filter, not a register where everyone has ceased.
    FullRefreshWithoutCompanies,
}

impl Blocker {
    /// Stable code for API clients.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnmappedColumns(_) => "unmapped_columns",
            Self::RejectedRecords { .. } => "rejected_records",
            Self::FullRefreshWithRejections { .. } => "full_refresh_with_rejections",
            Self::FullRefreshWithoutCompanies => "full_refresh_without_companies",
        }
    }

    /// The reason in Danish.
    pub fn message_da(&self) -> String {
        match *self {
            Self::UnmappedColumns(ref fields) => format!(
                "Vælg, hvilken kolonne i filen der rummer {}. Filen kan ikke indlæses, før de påkrævede \
                 felter har en kolonne.",
                listed(fields, Field::label_da, "og")
            ),
            Self::RejectedRecords { count } => format!(
                "{count} post(er) i filen er afvist. Ret filen, eller indlæs kun de gyldige poster \
                 (spring ugyldige over)."
            ),
            Self::FullRefreshWithRejections { count } => format!(
                "{count} post(er) i filen er afvist. En fuld opdatering kan ikke gennemføres med afviste \
                 poster, for virksomhederne i dem ville blive markeret som ophørte. Ret filen først."
            ),
            Self::FullRefreshWithoutCompanies => "Filen indeholder ingen virksomheder i kommunen. En fuld \
                 opdatering ville markere alle virksomheder som ophørte, så den er afvist."
                .to_owned(),
        }
    }

    /// The reason in English.
    pub fn message_en(&self) -> String {
        match *self {
            Self::UnmappedColumns(ref fields) => format!(
                "Choose the column of the file that holds {}. The file cannot be imported until the \
                 required fields have a column.",
                listed(fields, Field::label_en, "and")
            ),
            Self::RejectedRecords { count } => format!(
                "{count} record(s) in the file are rejected. Fix the file, or import only the valid \
                 records (skip invalid)."
            ),
            Self::FullRefreshWithRejections { count } => format!(
                "{count} record(s) in the file are rejected. A full refresh cannot run with rejected \
                 records, because their companies would be marked ceased. Fix the file first."
            ),
            Self::FullRefreshWithoutCompanies => "The file holds no companies in the municipality. A full \
                 refresh would mark every company ceased, so it is refused."
                .to_owned(),
        }
    }
}

/// "CVR-nummer og Navn", "A, B og C".
fn listed(fields: &[Field], label: fn(Field) -> &'static str, and: &str) -> String {
    let labels: Vec<&str> = fields.iter().map(|f| label(*f)).collect();
    match labels.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} {and} {last}", rest.join(", ")),
    }
}

/// Why an import must not be applied, if it must not: first a spreadsheet's required fields
/// without a column (`unmapped`), then what [`blocker`] says of its summary.
pub fn outcome_blocker(unmapped: &[Field], summary: &ImportSummary, skip_invalid: bool) -> Option<Blocker> {
    if unmapped.is_empty() {
        blocker(summary, skip_invalid)
    } else {
        Some(Blocker::UnmappedColumns(unmapped.to_vec()))
    }
}

/// Why `summary` must not be applied, if it must not.
pub fn blocker(summary: &ImportSummary, skip_invalid: bool) -> Option<Blocker> {
    let count = summary.rejected;
    if summary.full && summary.companies_read == 0 {
        Some(Blocker::FullRefreshWithoutCompanies)
    } else if summary.full && count > 0 {
        Some(Blocker::FullRefreshWithRejections { count })
    } else if count > 0 && !skip_invalid {
        Some(Blocker::RejectedRecords { count })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kontaktpunkt_domain::import::ImportFormat;

    fn summary(full: bool, companies: u64, rejected: u64) -> ImportSummary {
        ImportSummary {
            companies_read: companies,
            rejected,
            ..ImportSummary::new(ImportFormat::Cvr, full, None)
        }
    }

    #[test]
    fn rejected_records_block_unless_skipped() {
        assert_eq!(blocker(&summary(false, 5, 2), false), Some(Blocker::RejectedRecords { count: 2 }));
        assert_eq!(blocker(&summary(false, 5, 2), true), None);
        assert_eq!(blocker(&summary(false, 5, 0), false), None);
    }

    #[test]
    fn unmapped_required_fields_block_even_a_clean_summary_and_are_named() {
        let unmapped = [Field::Cvr, Field::Name];
        let blocked = outcome_blocker(&unmapped, &summary(false, 0, 0), true).expect("blocked");
        assert_eq!(blocked.code(), "unmapped_columns");
        assert!(blocked.message_da().contains("CVR-nummer og Navn"), "{}", blocked.message_da());
        assert!(blocked.message_en().contains("CVR number and Name"), "{}", blocked.message_en());
        assert_eq!(outcome_blocker(&[], &summary(false, 5, 0), false), None);
        let one = outcome_blocker(&[Field::Name], &summary(false, 0, 0), false).expect("blocked");
        assert!(one.message_da().contains("rummer Navn."), "{}", one.message_da());
    }

    #[test]
    fn a_full_refresh_never_runs_with_rejections_or_without_companies() {
        let with_rejections = Some(Blocker::FullRefreshWithRejections { count: 1 });
        assert_eq!(blocker(&summary(true, 5, 1), true), with_rejections);
        assert_eq!(blocker(&summary(true, 0, 0), true), Some(Blocker::FullRefreshWithoutCompanies));
        assert_eq!(blocker(&summary(true, 5, 0), false), None);
    }
}
