//! HTTP calls of the accounts screens: `/api/admin/users…`, `/api/admin/audit` and
//! `/api/units`, answered with the domain crate's own messages (`kontaktpunkt_domain::accounts`).
//!
//! Every answer goes through one function, [`answer`], which keeps what the server says about
//! each field (the create form shows it next to the field); the native tests below feed it the
//! server's JSON. The audit log's query string is built by [`AuditQuery::url`], tested here too.

use chrono::NaiveDate;
use gloo_net::http::{Method, RequestBuilder};
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::accounts::{
    AuditAction, AuditPage, NewPassword, NewUser, SessionsEnded, UserAccount, UserChanges,
};
use kontaktpunkt_domain::api::ErrorBody;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Entries per page of the audit log.
pub const AUDIT_PAGE: u32 = 50;

/// Why a call did not give the expected answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// The request never reached the server.
    Offline,
    /// The session is no longer valid.
    Unauthorized,
    /// The server refused (not an admin, the last admin, a field at fault …): its stable code,
    /// its message (`"dansk / English"` where it gives both) and the problem of each field.
    Refused { code: String, message: String, fields: BTreeMap<String, String> },
    /// The server answered, but not as agreed; the detail is for the console.
    Server(String),
}

/// `GET /api/admin/users`: every account, by username.
pub async fn users(token: &str) -> Result<Vec<UserAccount>, CallError> {
    call(Method::GET, "/api/admin/users", token, None::<&()>).await
}

/// `GET /api/units`.
pub async fn units(token: &str) -> Result<Vec<Unit>, CallError> {
    call(Method::GET, "/api/units", token, None::<&()>).await
}

/// `POST /api/admin/users`: the new account.
pub async fn create(token: &str, user: &NewUser) -> Result<UserAccount, CallError> {
    call(Method::POST, "/api/admin/users", token, Some(user)).await
}

/// `PATCH /api/admin/users/{id}`: the account as it is now.
pub async fn change(token: &str, id: Uuid, changes: &UserChanges) -> Result<UserAccount, CallError> {
    call(Method::PATCH, &format!("/api/admin/users/{id}"), token, Some(changes)).await
}

/// `POST /api/admin/users/{id}/password`: how many sessions it ended.
pub async fn set_password(token: &str, id: Uuid, password: String) -> Result<SessionsEnded, CallError> {
    let body = NewPassword { password };
    call(Method::POST, &format!("/api/admin/users/{id}/password"), token, Some(&body)).await
}

/// `POST /api/admin/users/{id}/sessions/revoke`: how many sessions it ended.
pub async fn revoke(token: &str, id: Uuid) -> Result<SessionsEnded, CallError> {
    call(Method::POST, &format!("/api/admin/users/{id}/sessions/revoke"), token, None::<&()>).await
}

/// `GET /api/admin/audit?…`: one page of the log, newest first.
pub async fn audit(token: &str, query: &AuditQuery) -> Result<AuditPage, CallError> {
    call(Method::GET, &query.url(), token, None::<&()>).await
}

/// The audit log's search: every part optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub from: Option<NaiveDate>,
    /// Through the end of this day.
    pub to: Option<NaiveDate>,
    /// Entries by or about this username.
    pub user: String,
    pub action: Option<AuditAction>,
    /// Entries older than this id: the previous page's `next_before`.
    pub before: Option<u64>,
}

impl AuditQuery {
    /// `/api/admin/audit?limit=50[&from=…][&to=…][&user=…][&action=…][&before=…]`.
    pub fn url(&self) -> String {
        let mut url = format!("/api/admin/audit?limit={AUDIT_PAGE}");
        if let Some(from) = self.from {
            url.push_str(&format!("&from={from}"));
        }
        if let Some(to) = self.to {
            url.push_str(&format!("&to={to}"));
        }
        let user = self.user.trim();
        if !user.is_empty() {
            url.push_str("&user=");
            url.push_str(&crate::admin_api::encoded(user));
        }
        if let Some(action) = self.action {
            url.push_str(&format!("&action={}", action.as_str()));
        }
        if let Some(before) = self.before {
            url.push_str(&format!("&before={before}"));
        }
        url
    }
}

/// One `fetch` call and its decoded answer.
async fn call<T: DeserializeOwned, B: Serialize>(
    method: Method,
    url: &str,
    token: &str,
    body: Option<&B>,
) -> Result<T, CallError> {
    let request = RequestBuilder::new(url).method(method).header("Authorization", &format!("Bearer {token}"));
    let request = match body {
        Some(body) => {
            let json = serde_json::to_string(body).map_err(|e| CallError::Server(format!("body: {e}")))?;
            request.header("Content-Type", "application/json").body(json)
        }
        None => request.build(),
    };
    let request = request.map_err(|e| CallError::Server(format!("request: {e}")))?;
    let response = request.send().await.map_err(|_| CallError::Offline)?;
    // A connection dropped mid-body is the network's fault, not the server's.
    let text = response.text().await.map_err(|_| CallError::Offline)?;
    answer(response.status(), &text)
}

/// A whole answer, `status` and `body`, as the message `T` (for 2xx) or the error that the
/// status and its `ErrorBody` describe.
pub fn answer<T: DeserializeOwned>(status: u16, body: &str) -> Result<T, CallError> {
    if (200..300).contains(&status) {
        return serde_json::from_str(body).map_err(|e| CallError::Server(format!("unexpected answer: {e}")));
    }
    let error = serde_json::from_str::<ErrorBody>(body).ok();
    Err(match (status, error) {
        (401, _) => CallError::Unauthorized,
        // A proxy or the service worker answering for an unreachable server.
        (0 | 502..=504, None) => CallError::Offline,
        (400..=499, Some(error)) if !error.error.is_empty() => {
            CallError::Refused { code: error.error, message: error.message, fields: error.fields }
        }
        (status, error) => {
            CallError::Server(format!("HTTP {status} {}", error.map(|e| e.error).unwrap_or_default()))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin_api::encoded;
    use kontaktpunkt_domain::Role;
    use serde_json::json;

    #[test]
    fn the_audit_query_carries_only_what_was_chosen() {
        assert_eq!(AuditQuery::default().url(), "/api/admin/audit?limit=50");
        let query = AuditQuery {
            from: NaiveDate::from_ymd_opt(2026, 11, 1),
            to: NaiveDate::from_ymd_opt(2026, 11, 30),
            user: " karen.hansen@randers ".into(),
            action: Some(AuditAction::UserCreated),
            before: Some(4711),
        };
        assert_eq!(
            query.url(),
            "/api/admin/audit?limit=50&from=2026-11-01&to=2026-11-30&user=karen.hansen%40randers\
             &action=user_created&before=4711"
        );
    }

    #[test]
    fn user_names_are_encoded_as_query_values() {
        assert_eq!(encoded("søren ø&x=1"), "s%C3%B8ren%20%C3%B8%26x%3D1");
        assert_eq!(encoded("a-b_c.d~e"), "a-b_c.d~e");
    }

    #[test]
    fn an_account_list_decodes() {
        let body = json!([{
            "id": "019ad5c2-1f00-7000-8000-000000000001", "username": "karen", "display_name": "Karen",
            "role": "coordinator", "unit_id": null, "active": true, "last_login_at": null,
            "active_sessions": 2, "created_at": "2026-11-23T14:05:00Z", "updated_at": "2026-11-23T14:05:00Z"
        }]);
        let users: Vec<UserAccount> = answer(200, &body.to_string()).expect("decodes");
        assert_eq!(users[0].role, Role::Coordinator);
        assert_eq!(users[0].active_sessions, 2);
    }

    #[test]
    fn an_audit_page_decodes_with_and_without_details() {
        let body = json!({"entries": [
            {"id": 7, "at": "2026-11-23T14:05:00Z", "action": "user_created", "actor_id": null,
             "actor": "admin", "subject": "x", "subject_user": "karen", "address": "127.0.0.1",
             "details": {"role": "consultant"}},
            {"id": 6, "at": "2026-11-23T14:04:00Z", "action": "login_failed", "actor_id": null,
             "actor": "ukendt", "subject": null, "subject_user": null, "address": null}
        ], "next_before": 6});
        let page: AuditPage = answer(200, &body.to_string()).expect("decodes");
        assert_eq!(page.entries[0].action, AuditAction::UserCreated);
        assert_eq!(page.entries[0].details["role"], "consultant");
        assert!(page.entries[1].details.is_empty());
        assert_eq!(page.next_before, Some(6));
    }

    #[test]
    fn refusals_keep_every_field_the_server_names() {
        let body = json!({"error": "invalid_input", "message": "the input is invalid",
                          "fields": {"password": "at least 12 characters", "username": "already taken"}});
        let Err(CallError::Refused { code, fields, .. }) = answer::<UserAccount>(422, &body.to_string())
        else {
            panic!("a refusal");
        };
        assert_eq!(code, "invalid_input");
        assert_eq!(fields.len(), 2);
        assert_eq!(fields["username"], "already taken");
        let last = json!({"error": "last_admin", "message": "Den sidste … / The last …"});
        assert!(matches!(
            answer::<UserAccount>(409, &last.to_string()),
            Err(CallError::Refused { ref code, ref fields, .. }) if code == "last_admin" && fields.is_empty()
        ));
        assert_eq!(answer::<UserAccount>(401, "{}"), Err(CallError::Unauthorized));
        assert_eq!(answer::<UserAccount>(503, "Service Unavailable"), Err(CallError::Offline));
        assert_eq!(answer::<UserAccount>(500, ""), Err(CallError::Server("HTTP 500 ".into())));
    }

    #[test]
    fn a_change_sends_only_what_changes() {
        let changes = UserChanges { active: Some(false), ..UserChanges::default() };
        assert_eq!(serde_json::to_value(&changes).expect("json"), json!({"active": false}));
        let unit = UserChanges { unit_id: Some(None), ..UserChanges::default() };
        assert_eq!(serde_json::to_value(&unit).expect("json"), json!({"unit_id": null}));
    }
}
