//! When an import may be written: the rules that keep a bad file from doing harm.

use kontaktpunkt_domain::import::ImportSummary;

/// Why an import is not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocker {
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
    pub fn code(self) -> &'static str {
        match self {
            Self::RejectedRecords { .. } => "rejected_records",
            Self::FullRefreshWithRejections { .. } => "full_refresh_with_rejections",
            Self::FullRefreshWithoutCompanies => "full_refresh_without_companies",
        }
    }

    /// The reason in Danish.
    pub fn message_da(self) -> String {
        match self {
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
    pub fn message_en(self) -> String {
        match self {
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
    fn a_full_refresh_never_runs_with_rejections_or_without_companies() {
        let with_rejections = Some(Blocker::FullRefreshWithRejections { count: 1 });
        assert_eq!(blocker(&summary(true, 5, 1), true), with_rejections);
        assert_eq!(blocker(&summary(true, 0, 0), true), Some(Blocker::FullRefreshWithoutCompanies));
        assert_eq!(blocker(&summary(true, 5, 0), false), None);
    }
}
