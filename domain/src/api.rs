//! JSON messages of the HTTP API. Both sides use these types, so they cannot drift apart.

use crate::company::Company;
use crate::cvr::Cvr;
use crate::org::{Unit, User};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Largest page of companies the server hands out at once.
pub const MAX_COMPANY_PAGE: u32 = 5000;

/// `POST /api/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// The app installation logging in (its IndexedDB device id), remembered with the session
    /// so a user can tell their sessions apart. Older apps send none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<uuid::Uuid>,
}

/// Answer to a successful login: a bearer token and who the user is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Opaque bearer token for `Authorization: Bearer …`.
    pub token: String,
    pub user: User,
    pub unit: Option<Unit>,
}

/// `GET /api/me`: the user behind the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: User,
    pub unit: Option<Unit>,
}

/// `GET /api/companies?after=…&limit=…`: one page of companies in CVR order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompanyPage {
    pub companies: Vec<Company>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<Cvr>,
    /// How many companies there are in all, for progress bars.
    pub total: u64,
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// "ok" when the database answers.
    pub status: String,
    /// Server version (crate version).
    pub version: String,
}

/// Body of every error answer: a stable code, a readable message, per-field details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable code ("unauthorized", "invalid_input", …).
    pub error: String,
    /// Human-readable explanation (English; the app shows its own Danish text per code).
    pub message: String,
    /// Field name → problem, for input errors.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The wire format is a contract with devices in the field: a rename must fail here.
    #[test]
    fn login_messages_keep_their_json_shape() {
        let request: LoginRequest =
            serde_json::from_value(json!({"username": "konsulent", "password": "x"})).unwrap();
        assert_eq!(request.username, "konsulent");
        assert_eq!(request.device_id, None, "apps from before device ids still log in");
        let with_device = LoginRequest { device_id: Some(uuid::Uuid::nil()), ..request };
        assert_eq!(
            serde_json::to_value(&with_device).unwrap(),
            json!({"username": "konsulent", "password": "x", "device_id": "00000000-0000-0000-0000-000000000000"})
        );
        let response = LoginResponse {
            token: "t".into(),
            user: User {
                id: uuid::Uuid::nil(),
                username: "konsulent".into(),
                display_name: "Karen Konsulent".into(),
                role: crate::Role::Consultant,
                unit_id: None,
            },
            unit: None,
        };
        assert_eq!(
            serde_json::to_value(&response).unwrap(),
            json!({
                "token": "t",
                "user": {
                    "id": "00000000-0000-0000-0000-000000000000",
                    "username": "konsulent",
                    "display_name": "Karen Konsulent",
                    "role": "consultant",
                    "unit_id": null
                },
                "unit": null
            })
        );
    }

    #[test]
    fn error_bodies_omit_empty_fields() {
        let body = ErrorBody { error: "unauthorized".into(), message: "m".into(), fields: BTreeMap::new() };
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"error": "unauthorized", "message": "m"}));
    }
}
