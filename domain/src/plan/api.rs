//! A contact plan as the server answers it (`/api/plans…`) and the desk reads it: one typed
//! contract for both sides.

use super::{PlanReason, PlannedStatus};
use crate::Cvr;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whether a plan is still being edited or has gone out to the consultants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Published,
}

impl PlanStatus {
    /// As stored and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Draft, Self::Published].into_iter().find(|s| s.as_str() == text)
    }
}

/// A plan without its items, with counts of its items' answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSummary {
    pub id: Uuid,
    /// The period, both days included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub status: PlanStatus,
    /// Most suggestions per consultant it was computed with.
    pub capacity: u32,
    pub created_by: Uuid,
    /// The creator's display name (empty if the user is gone).
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub published_at: Option<DateTime<Utc>>,
    /// Rows in the plan, and how many of them are accepted and declined.
    pub item_count: u64,
    pub accepted: u64,
    pub declined: u64,
}

/// One row of a plan: which company, who, why, and the consultant's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItem {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "25052943"))]
    pub company: Cvr,
    pub company_name: String,
    pub unit_id: Uuid,
    pub unit_name: String,
    pub user_id: Uuid,
    pub user_name: String,
    /// The rule's priority (higher first).
    pub score: u32,
    /// Structured reasons for the app to word; the texts below are the server's wording.
    pub reasons: Vec<PlanReason>,
    pub reasons_da: String,
    pub reasons_en: String,
    pub status: PlannedStatus,
    pub answer: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// `GET /api/plans/{id}`: a plan with its items in the suggested order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDetail {
    #[serde(flatten)]
    pub plan: PlanSummary,
    pub items: Vec<PlanItem>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The server's answer as the wire has it (summary fields flattened beside `items`):
    /// the desk reads exactly this, and the server writes it back the same.
    #[test]
    fn a_plan_reads_and_writes_as_the_server_sends_it() {
        let wire = serde_json::json!({
            "id": "01938a4e-0000-7000-8000-000000000001",
            "from": "2026-12-01", "to": "2026-12-31", "status": "draft", "capacity": 10,
            "created_by": "01938a4e-0000-7000-8000-000000000002", "created_by_name": "Kim Koordinator",
            "created_at": "2026-12-01T08:00:00Z", "published_at": null,
            "item_count": 1, "accepted": 0, "declined": 0,
            "items": [{
                "id": "01938a4e-0000-7000-8000-000000000003", "company": "25052943",
                "company_name": "Smedie ApS", "unit_id": "01938a4e-0000-7000-8000-000000000004",
                "unit_name": "Erhverv", "user_id": "01938a4e-0000-7000-8000-000000000005",
                "user_name": "Karen", "score": 140,
                "reasons": [{"kind": "never_contacted"}, {"kind": "under_covered_group", "group": 3}],
                "reasons_da": "aldrig kontaktet", "reasons_en": "never contacted",
                "status": "proposed", "answer": null, "answered_at": null
            }]
        });
        let plan: PlanDetail = serde_json::from_value(wire.clone()).expect("the server's plan");
        assert_eq!(plan.plan.status, PlanStatus::Draft);
        assert_eq!(PlanStatus::parse(PlanStatus::Published.as_str()), Some(PlanStatus::Published));
        assert_eq!(plan.items[0].company.as_str(), "25052943");
        assert_eq!(plan.items[0].reasons[1], PlanReason::UnderCoveredGroup { group: 3 });
        assert_eq!(plan.items[0].status, PlannedStatus::Proposed);
        assert_eq!(serde_json::to_value(&plan).expect("written"), wire);
    }
}
