//! The reasons of a plan's rows in Danish and English, for the server's CSV (the app words
//! the structured [`PlanReason`]s itself, in the user's language).

use super::PlanReason;
use crate::reference::{industry_group_name_da as group_name, industry_group_name_en};

/// One reason in Danish ("14 måneder siden seneste kontakt").
pub fn reason_da(reason: &PlanReason) -> String {
    match reason {
        PlanReason::NeverContacted => "aldrig kontaktet".to_owned(),
        PlanReason::SinceLastContact { months: 1, .. } => "1 måned siden seneste kontakt".to_owned(),
        PlanReason::SinceLastContact { months, .. } => format!("{months} måneder siden seneste kontakt"),
        PlanReason::CompanySize { employees } => format!("{} ansatte", employees.label()),
        PlanReason::UnderCoveredGroup { group } => {
            format!("branchegruppen {} er underdækket", group_name(*group))
        }
        PlanReason::OpenFollowUp => "åben opfølgning".to_owned(),
        PlanReason::KeyAccount => "nøglekundeansvarlig".to_owned(),
        PlanReason::ExistingRelationship { contacts } => {
            format!("enheden har haft {contacts} kontakt{} med virksomheden", plural_da(*contacts))
        }
        PlanReason::IndustryFocus { group, contacts } => {
            format!("enhedens fokus: {contacts} kontakt{} i {}", plural_da(*contacts), group_name(*group))
        }
        PlanReason::Workload => "fordelt efter arbejdsbyrde".to_owned(),
    }
}

/// One reason in English ("14 months since last contact").
pub fn reason_en(reason: &PlanReason) -> String {
    let s = |n: u32| if n == 1 { "" } else { "s" };
    match reason {
        PlanReason::NeverContacted => "never contacted".to_owned(),
        PlanReason::SinceLastContact { months, .. } => {
            format!("{months} month{} since last contact", s(*months))
        }
        PlanReason::CompanySize { employees } => format!("{} employees", employees.label()),
        PlanReason::UnderCoveredGroup { group } => {
            format!("industry group {} under-covered", industry_group_name_en(*group))
        }
        PlanReason::OpenFollowUp => "open follow-up".to_owned(),
        PlanReason::KeyAccount => "key account manager".to_owned(),
        PlanReason::ExistingRelationship { contacts } => {
            format!("the unit has had {contacts} contact{} with the company", s(*contacts))
        }
        PlanReason::IndustryFocus { group, contacts } => {
            format!(
                "the unit's focus: {contacts} contact{} in {}",
                s(*contacts),
                industry_group_name_en(*group)
            )
        }
        PlanReason::Workload => "assigned by workload".to_owned(),
    }
}

fn plural_da(n: u32) -> &'static str {
    if n == 1 { "" } else { "er" }
}

/// All reasons in Danish, joined by "; ".
pub fn reasons_da(reasons: &[PlanReason]) -> String {
    reasons.iter().map(reason_da).collect::<Vec<_>>().join("; ")
}

/// All reasons in English, joined by "; ".
pub fn reasons_en(reasons: &[PlanReason]) -> String {
    reasons.iter().map(reason_en).collect::<Vec<_>>().join("; ")
}
