//! The municipality's organisation: units and the people who log contacts.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a user may do. The full authorisation matrix lives with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Logs contacts for their own unit (konsulent).
    Consultant,
    /// Sees the whole municipality, keeps the do-not-contact list (koordinator).
    Coordinator,
    /// Manages users, units and register imports.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consultant => "consultant",
            Self::Coordinator => "coordinator",
            Self::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Consultant, Self::Coordinator, Self::Admin].into_iter().find(|r| r.as_str() == text)
    }

    /// The coordinator's desk (overview, do-not-contact list, feedback) is for coordinators
    /// and admins; the server answers others 403 and the app does not load its code for them.
    pub fn sees_desk(self) -> bool {
        matches!(self, Self::Coordinator | Self::Admin)
    }
}

/// A unit of the municipality that contacts companies (enhed/forvaltning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    pub id: Uuid,
    pub name: String,
    /// The unit's liaison to the coordinator (a user of the unit), set by a coordinator or
    /// an admin; `None` until one is named (and from servers before liaisons existed).
    #[serde(default)]
    pub liaison: Option<Uuid>,
}

/// A colleague as every device sees them: enough to name a contact's author or a company's
/// key account manager. No username or role leaves the server this way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Colleague {
    pub id: Uuid,
    pub display_name: String,
    pub unit_id: Option<Uuid>,
}

/// A person who logs in. Every record carries its author and the author's unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The unit the user works for; admins may have none.
    pub unit_id: Option<Uuid>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_text() {
        for role in [Role::Consultant, Role::Coordinator, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
