//! Accounts, sessions and the audit log: the JSON messages of `/api/admin/users`,
//! `/api/sessions` and `/api/admin/audit`, and the rules for what an account may hold.

use crate::org::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Fewest characters of a password an admin sets.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Most bytes of a password (bounds the hashing work; the login refuses longer ones too).
pub const MAX_PASSWORD_BYTES: usize = 1024;
/// Fewest and most characters of a username.
pub const MIN_USERNAME_CHARS: usize = 2;
pub const MAX_USERNAME_CHARS: usize = 100;
/// Most characters of a display name.
pub const MAX_DISPLAY_NAME_CHARS: usize = 200;

/// One account as an admin sees it (`GET /api/admin/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserAccount {
    pub id: Uuid,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub unit_id: Option<Uuid>,
    /// A deactivated user can neither log in nor sync.
    pub active: bool,
    /// The last successful login, if any.
    pub last_login_at: Option<DateTime<Utc>>,
    /// Sessions that are still valid.
    pub active_sessions: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /api/admin/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Required for consultants and coordinators; admins may have none.
    #[serde(default)]
    pub unit_id: Option<Uuid>,
    /// The initial password, at least [`MIN_PASSWORD_CHARS`] characters.
    pub password: String,
}

/// `PATCH /api/admin/users/{id}`: the fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserChanges {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// `null` removes the unit (admins only); absent keeps it.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub unit_id: Option<Option<Uuid>>,
    /// `false` deactivates the account and ends its sessions at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

impl UserChanges {
    /// Whether the request changes nothing at all.
    pub fn is_empty(&self) -> bool {
        self.display_name.is_none() && self.role.is_none() && self.unit_id.is_none() && self.active.is_none()
    }
}

/// A field that is present, `null` included: `Some(None)`; absent fields get the default `None`.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `POST /api/admin/users/{id}/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub password: String,
}

/// How many sessions an action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionsEnded {
    pub ended: u64,
}

/// One of my sessions (`GET /api/sessions`): where and when I am logged in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    /// The session's id (not its token).
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    /// When it ends if not used before: the idle limit or the absolute limit, whichever is first.
    pub expires_at: DateTime<Utc>,
    /// The app installation that logged in, when it said.
    pub device_id: Option<Uuid>,
    /// The browser that logged in, as its `User-Agent` said.
    pub user_agent: Option<String>,
    /// This is the session of the request.
    pub current: bool,
}

/// Longest reason for revoking a device, in characters.
pub const MAX_REVOKE_REASON_CHARS: usize = 500;

/// One installation of the app (`GET /api/admin/devices`): a browser profile that logged in
/// with its own device id. Listed while it has a valid session, and for good once revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceInfo {
    pub device_id: Uuid,
    /// The user of its most recently used session.
    pub user_id: Option<Uuid>,
    pub username: Option<String>,
    pub display_name: Option<String>,
    /// The browser, as its `User-Agent` said at login.
    pub user_agent: Option<String>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// Its sessions that are still valid (none once revoked).
    pub active_sessions: u32,
    /// Set once an admin revoked it.
    pub revoked: Option<DeviceRevocation>,
}

/// When, by whom and why a device was revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceRevocation {
    pub at: DateTime<Utc>,
    /// The admin's username.
    pub by: Option<String>,
    pub reason: String,
}

/// `POST /api/admin/devices/{id}/revoke`: why (e.g. "mistet telefon").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RevokeDevice {
    pub reason: String,
}

/// A revocation's reason: required, at most [`MAX_REVOKE_REASON_CHARS`], no control
/// characters but line breaks.
pub fn validate_revoke_reason(reason: &str) -> Result<(), AccountError> {
    let chars = reason.trim().chars().count();
    let controls = reason.chars().any(|c| c.is_control() && c != '\n');
    if chars == 0 || reason.chars().count() > MAX_REVOKE_REASON_CHARS || controls {
        return Err(AccountError::RevokeReason);
    }
    Ok(())
}

/// What an audit log entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    Logout,
    UserCreated,
    UserUpdated,
    UserDeactivated,
    UserReactivated,
    PasswordReset,
    /// An admin ended all of a user's sessions.
    SessionsRevoked,
    /// A user ended one of their own sessions.
    SessionEnded,
    DoNotContactSet,
    DoNotContactLifted,
    ImportApplied,
    /// An admin exported everything about a contact person (GDPR right of access).
    ContactPersonExported,
    /// An admin erased a contact person's personal data (GDPR right to erasure).
    ContactPersonErased,
    /// An admin was shown contact persons' data in a list: a search (the ids of those shown
    /// in `persons`) or the retention list (how many in `shown`).
    ContactPersonsShown,
    /// The contacts with one company for a period were exported (aktindsigt).
    AccessRequestExported,
    /// An admin revoked a device (a lost phone): its sessions ended, its data is wiped.
    DeviceRevoked,
}

impl AuditAction {
    /// Every action, for parsing and documentation.
    pub const ALL: [Self; 18] = [
        Self::LoginSucceeded,
        Self::LoginFailed,
        Self::Logout,
        Self::UserCreated,
        Self::UserUpdated,
        Self::UserDeactivated,
        Self::UserReactivated,
        Self::PasswordReset,
        Self::SessionsRevoked,
        Self::SessionEnded,
        Self::DoNotContactSet,
        Self::DoNotContactLifted,
        Self::ImportApplied,
        Self::ContactPersonExported,
        Self::ContactPersonErased,
        Self::ContactPersonsShown,
        Self::AccessRequestExported,
        Self::DeviceRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::LoginSucceeded => "login_succeeded",
            Self::LoginFailed => "login_failed",
            Self::Logout => "logout",
            Self::UserCreated => "user_created",
            Self::UserUpdated => "user_updated",
            Self::UserDeactivated => "user_deactivated",
            Self::UserReactivated => "user_reactivated",
            Self::PasswordReset => "password_reset",
            Self::SessionsRevoked => "sessions_revoked",
            Self::SessionEnded => "session_ended",
            Self::DoNotContactSet => "do_not_contact_set",
            Self::DoNotContactLifted => "do_not_contact_lifted",
            Self::ImportApplied => "import_applied",
            Self::ContactPersonExported => "contact_person_exported",
            Self::ContactPersonErased => "contact_person_erased",
            Self::ContactPersonsShown => "contact_persons_shown",
            Self::AccessRequestExported => "access_request_exported",
            Self::DeviceRevoked => "device_revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The actions about contact matters — do-not-contact flags, a contact person's export and
    /// erasure, access-to-documents exports — the part of the log coordinators read too.
    pub const CONTACT_MATTERS: [Self; 5] = [
        Self::DoNotContactSet,
        Self::DoNotContactLifted,
        Self::ContactPersonExported,
        Self::ContactPersonErased,
        Self::AccessRequestExported,
    ];

    /// Whether the action is one of [`AuditAction::CONTACT_MATTERS`].
    pub fn is_contact_matter(self) -> bool {
        Self::CONTACT_MATTERS.contains(&self)
    }
}

/// One entry of the audit log: who did what, when, from where. Never a password or a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Increasing with time; the paging cursor.
    pub id: u64,
    pub at: DateTime<Utc>,
    pub action: AuditAction,
    /// The user who acted, when known (a failed login of an unknown name has none).
    pub actor_id: Option<Uuid>,
    /// Their username, or the name typed at a failed login.
    pub actor: Option<String>,
    /// What was acted on: a user's or session's id, a CVR number, an import's id.
    pub subject: Option<String>,
    /// The username of the user acted on, for user and session actions.
    pub subject_user: Option<String>,
    /// The client address of the request, when known.
    pub address: Option<String>,
    /// Further facts (changed fields, counts, the reason a login failed).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub details: BTreeMap<String, String>,
}

/// `GET /api/admin/audit`: newest first; `next_before` continues with older entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; `None` when this was the last.
    pub next_before: Option<u64>,
}

/// Why an account field is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("at least {MIN_USERNAME_CHARS} and at most {MAX_USERNAME_CHARS} characters")]
    UsernameLength,
    #[error("letters, digits and . - _ @ only")]
    UsernameCharacters,
    #[error("required, at most {MAX_DISPLAY_NAME_CHARS} characters, no control characters")]
    DisplayName,
    #[error("required, at most {MAX_REVOKE_REASON_CHARS} characters, no control characters")]
    RevokeReason,
    #[error("at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("at most {MAX_PASSWORD_BYTES} bytes")]
    PasswordTooLong,
    #[error("consultants and coordinators belong to a unit")]
    UnitRequired,
}

/// Checks a username (already trimmed): what a person can type on a phone and read in a log.
pub fn validate_username(username: &str) -> Result<(), AccountError> {
    let chars = username.chars().count();
    if !(MIN_USERNAME_CHARS..=MAX_USERNAME_CHARS).contains(&chars) {
        return Err(AccountError::UsernameLength);
    }
    if !username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@')) {
        return Err(AccountError::UsernameCharacters);
    }
    Ok(())
}

/// Checks a display name (already trimmed).
pub fn validate_display_name(name: &str) -> Result<(), AccountError> {
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_DISPLAY_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(AccountError::DisplayName);
    }
    Ok(())
}

/// Checks a new password's length (its content is the user's business).
pub fn validate_new_password(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AccountError::PasswordTooShort);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(AccountError::PasswordTooLong);
    }
    Ok(())
}

/// Checks that a role has the unit it needs: consultants and coordinators work for a unit.
pub fn validate_role_unit(role: Role, unit: Option<Uuid>) -> Result<(), AccountError> {
    match (role, unit) {
        (Role::Consultant | Role::Coordinator, None) => Err(AccountError::UnitRequired),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn usernames_are_typeable_and_bounded() {
        assert_eq!(validate_username("karen.hansen@randers"), Ok(()));
        assert_eq!(validate_username("søren_ø"), Ok(()));
        assert_eq!(validate_username("k"), Err(AccountError::UsernameLength));
        assert_eq!(validate_username(&"a".repeat(101)), Err(AccountError::UsernameLength));
        assert_eq!(validate_username("karen hansen"), Err(AccountError::UsernameCharacters));
        assert_eq!(validate_username("karen\u{7}"), Err(AccountError::UsernameCharacters));
    }

    #[test]
    fn passwords_need_twelve_characters_not_bytes() {
        assert_eq!(validate_new_password("elleve-tegn"), Err(AccountError::PasswordTooShort));
        assert_eq!(validate_new_password("tolv-tegn-ok"), Ok(()));
        // Twelve characters, more bytes: counted as characters.
        assert_eq!(validate_new_password("ææææææææææææ"), Ok(()));
        assert_eq!(validate_new_password(&"x".repeat(1025)), Err(AccountError::PasswordTooLong));
    }

    #[test]
    fn consultants_and_coordinators_need_a_unit_admins_do_not() {
        let unit = Some(Uuid::nil());
        assert_eq!(validate_role_unit(Role::Consultant, None), Err(AccountError::UnitRequired));
        assert_eq!(validate_role_unit(Role::Coordinator, None), Err(AccountError::UnitRequired));
        assert_eq!(validate_role_unit(Role::Admin, None), Ok(()));
        assert_eq!(validate_role_unit(Role::Consultant, unit), Ok(()));
    }

    #[test]
    fn display_names_are_required_and_plain() {
        assert_eq!(validate_display_name("Karen Hansen"), Ok(()));
        assert_eq!(validate_display_name(""), Err(AccountError::DisplayName));
        assert_eq!(validate_display_name("a\nb"), Err(AccountError::DisplayName));
    }

    #[test]
    fn a_revocation_needs_a_reason_of_sane_length() {
        assert_eq!(validate_revoke_reason("Mistet telefon\nmeldt af Karen"), Ok(()));
        assert_eq!(validate_revoke_reason("  "), Err(AccountError::RevokeReason));
        assert_eq!(validate_revoke_reason("a\u{7}b"), Err(AccountError::RevokeReason));
        let long = "x".repeat(MAX_REVOKE_REASON_CHARS + 1);
        assert_eq!(validate_revoke_reason(&long), Err(AccountError::RevokeReason));
        assert_eq!(validate_revoke_reason(&long[1..]), Ok(()));
    }

    #[test]
    fn a_patch_tells_an_absent_unit_from_a_null_one() {
        let absent: UserChanges = serde_json::from_value(json!({"active": false})).unwrap();
        assert_eq!(absent.unit_id, None);
        assert_eq!(absent.active, Some(false));
        let null: UserChanges = serde_json::from_value(json!({"unit_id": null})).unwrap();
        assert_eq!(null.unit_id, Some(None));
        assert!(!null.is_empty());
        assert!(serde_json::from_value::<UserChanges>(json!({"password": "x"})).is_err(), "unknown field");
    }

    #[test]
    fn audit_actions_round_trip_through_text_and_json() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), json!(action.as_str()));
        }
        assert_eq!(AuditAction::parse("login"), None);
    }

    #[test]
    fn session_infos_keep_their_json_shape() {
        let at = DateTime::from_timestamp(1_790_000_000, 0).expect("valid");
        let info = SessionInfo {
            id: Uuid::nil(),
            created_at: at,
            last_used_at: at,
            expires_at: at,
            device_id: None,
            user_agent: Some("Mozilla/5.0".into()),
            current: true,
        };
        assert_eq!(
            serde_json::to_value(&info).unwrap(),
            json!({
                "id": "00000000-0000-0000-0000-000000000000",
                "created_at": "2026-09-21T14:13:20Z",
                "last_used_at": "2026-09-21T14:13:20Z",
                "expires_at": "2026-09-21T14:13:20Z",
                "device_id": null,
                "user_agent": "Mozilla/5.0",
                "current": true
            })
        );
    }
}
