//! The audit log: who did what, when, from where — and never a password.

use crate::accounts::{PASSWORD, login_status, send, with_admin};
use crate::common::TestServer;
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::{AuditAction, AuditEntry, AuditPage};
use kontaktpunkt_domain::api::ErrorBody;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

async fn audit(server: &TestServer, token: &str, query: &str) -> AuditPage {
    let response = server.get_with(&format!("/api/admin/audit{query}"), token).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.expect("audit page")
}

fn actions(page: &AuditPage) -> Vec<AuditAction> {
    page.entries.iter().map(|e| e.action).collect()
}

/// Everything the server's `tracing` calls write while it is the thread's subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().map_err(|_| std::io::Error::other("poisoned"))?.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        self.0.lock().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }
}

/// Every byte SQLite keeps for the database (file and write-ahead log).
fn database_bytes(server: &TestServer) -> Vec<u8> {
    let mut bytes = Vec::new();
    for name in ["kontaktpunkt.sqlite", "kontaktpunkt.sqlite-wal"] {
        if let Ok(content) = std::fs::read(server.dirs.data.path().join(name)) {
            bytes.extend(content);
        }
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

// A current-thread runtime (the default): the server's tasks run on this thread, so the
// thread's tracing subscriber sees everything they log.
#[tokio::test]
async fn a_failed_login_is_audited_with_name_and_address_and_its_password_is_nowhere() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (server, _, admin) = with_admin().await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    let secret = "Forkert-Kodeord-7391-æøå";
    let body = json!({"username": "karen", "password": secret});
    assert_eq!(server.post_json("/api/login", &body).await.status(), 401);
    let unknown = json!({"username": "ukendt-person", "password": secret});
    assert_eq!(server.post_json("/api/login", &unknown).await.status(), 401);

    let page = audit(&server, &admin, "?action=login_failed").await;
    let entry_for = |name: &str| -> AuditEntry {
        page.entries
            .iter()
            .find(|e| e.actor.as_deref() == Some(name))
            .cloned()
            .expect("an entry for the name")
    };
    let karen = entry_for("karen");
    assert_eq!(karen.address.as_deref(), Some("127.0.0.1"));
    assert!(karen.actor_id.is_some(), "a known name is linked to its user");
    assert_eq!(karen.details.get("reason").map(String::as_str), Some("wrong_password"));
    let stranger = entry_for("ukendt-person");
    assert_eq!(stranger.actor_id, None);
    assert_eq!(stranger.details.get("reason").map(String::as_str), Some("unknown_user"));

    let everything = server.get_with("/api/admin/audit", &admin).await.text().await.expect("body");
    assert!(!everything.contains(secret), "not in the audit log: {everything}");
    assert!(!contains(&database_bytes(&server), secret), "not anywhere in the database files");
    let log = captured.text();
    assert!(log.contains("login failed"), "the capture works and the failure is logged: {log}");
    assert!(log.contains("karen") && log.contains("127.0.0.1"), "with the name and address");
    assert!(!log.contains(secret), "the password is not in the log");
}

#[tokio::test]
async fn logins_logouts_and_account_changes_are_audited_and_searchable() {
    let (server, admin, admin_token) = with_admin().await;
    let karen = server.create_user("karen", PASSWORD, Role::Consultant).await;
    let token = server.login("karen", PASSWORD).await;
    let logout = send(&server, reqwest::Method::POST, "/api/logout", Some(&token), None).await;
    assert_eq!(logout.status(), 204);
    server.login("karen", PASSWORD).await;
    let path = format!("/api/admin/users/{}", karen.id);
    let body = json!({"role": "coordinator"});
    assert_eq!(
        send(&server, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&body)).await.status(),
        200
    );
    let revoke = format!("{path}/sessions/revoke");
    assert_eq!(send(&server, reqwest::Method::POST, &revoke, Some(&admin_token), None).await.status(), 200);
    let reset = format!("{path}/password");
    let body = json!({"password": "et-helt-nyt-kodeord"});
    assert_eq!(
        send(&server, reqwest::Method::POST, &reset, Some(&admin_token), Some(&body)).await.status(),
        200
    );
    let body = json!({"active": false});
    assert_eq!(
        send(&server, reqwest::Method::PATCH, &path, Some(&admin_token), Some(&body)).await.status(),
        200
    );
    assert_eq!(login_status(&server, "karen", "et-helt-nyt-kodeord").await, 401);

    // Everything about karen, newest first: by her or done to her.
    let page = audit(&server, &admin_token, "?user=KAREN").await;
    use AuditAction::*;
    assert_eq!(
        actions(&page),
        [
            LoginFailed,
            UserDeactivated,
            PasswordReset,
            SessionsRevoked,
            UserUpdated,
            LoginSucceeded,
            Logout,
            LoginSucceeded
        ]
    );
    let by_admin: Vec<_> = page.entries.iter().filter(|e| e.actor_id == Some(admin.id)).collect();
    assert_eq!(by_admin.len(), 4, "the admin's actions name the admin");
    assert!(by_admin.iter().all(|e| e.subject_user.as_deref() == Some("karen") && e.address.is_some()));
    let updated = page.entries.iter().find(|e| e.action == UserUpdated).expect("update");
    assert_eq!(updated.details.get("role").map(String::as_str), Some("consultant → coordinator"));
    let deactivated = page.entries.iter().find(|e| e.action == UserDeactivated).expect("deactivation");
    assert_eq!(deactivated.details.get("active").map(String::as_str), Some("true → false"));
    assert_eq!(deactivated.details.get("reason"), None);
    let failed = page.entries.iter().find(|e| e.action == LoginFailed).expect("failed login");
    assert_eq!(failed.details.get("reason").map(String::as_str), Some("deactivated"));

    // Filters combine; paging walks back without gaps or repeats.
    let logins = audit(&server, &admin_token, "?user=karen&action=login_succeeded").await;
    assert_eq!(actions(&logins), [LoginSucceeded, LoginSucceeded]);
    let first = audit(&server, &admin_token, "?user=karen&limit=3").await;
    assert_eq!(first.entries.len(), 3);
    let before = first.next_before.expect("more pages");
    let second = audit(&server, &admin_token, &format!("?user=karen&limit=3&before={before}")).await;
    let third_before = second.next_before.expect("a third page");
    let third = audit(&server, &admin_token, &format!("?user=karen&limit=3&before={third_before}")).await;
    assert_eq!(third.next_before, None, "the last page says so");
    let walked: Vec<_> =
        [&first, &second, &third].iter().flat_map(|p| p.entries.iter().map(|e| e.id)).collect();
    assert_eq!(walked, page.entries.iter().map(|e| e.id).collect::<Vec<_>>());
    // A time window: today has them all, tomorrow none.
    let today = chrono::Utc::now().date_naive();
    let window = audit(&server, &admin_token, &format!("?user=karen&from={today}&to={today}")).await;
    assert_eq!(window.entries.len(), page.entries.len());
    let tomorrow = today.succ_opt().expect("a tomorrow");
    assert!(audit(&server, &admin_token, &format!("?from={tomorrow}")).await.entries.is_empty());
}

#[tokio::test]
async fn only_admins_and_coordinators_read_the_audit_log_and_bad_parameters_are_named() {
    let (server, _, admin) = with_admin().await;
    server.create_user("konsulent-x", PASSWORD, Role::Consultant).await;
    let consultant = server.login("konsulent-x", PASSWORD).await;
    assert_eq!(server.get("/api/admin/audit").await.status(), 401);
    let response = server.get_with("/api/admin/audit", &consultant).await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.json::<ErrorBody>().await.expect("error").error, "forbidden");

    for (query, field) in [
        ("?action=hacking", "action"),
        ("?from=i-går", "from"),
        ("?to=31.12.2026", "to"),
        ("?limit=0", "limit"),
        ("?limit=100000", "limit"),
    ] {
        let response = server.get_with(&format!("/api/admin/audit{query}"), &admin).await;
        assert_eq!(response.status(), 422, "{query}");
        let body: ErrorBody = response.json().await.expect("error");
        assert!(body.fields.contains_key(field), "{query}: {body:?}");
    }
    let response = server.get_with("/api/admin/audit?before=minus", &admin).await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn the_audit_log_refuses_to_be_changed_or_emptied() {
    let (server, _, _) = with_admin().await;
    let url = format!("sqlite://{}", server.dirs.data.path().join("kontaktpunkt.sqlite").display());
    let pool = sqlx::SqlitePool::connect(&url).await.expect("open the database");
    let count = || async {
        let n: i64 =
            sqlx::query_scalar("select count(*) from audit_log").fetch_one(&pool).await.expect("count");
        n
    };
    let before = count().await;
    assert!(before >= 1, "the admin's login is recorded");
    let update = sqlx::query("update audit_log set actor_name = 'nobody'").execute(&pool).await;
    assert!(update.is_err(), "updates are refused");
    let delete = sqlx::query("delete from audit_log").execute(&pool).await;
    assert!(delete.is_err(), "deletes are refused");
    assert_eq!(count().await, before);
    pool.close().await;
}
