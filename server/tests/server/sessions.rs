//! `/api/sessions`: my sessions with their device, ending one of them, and the idle limit.

use crate::accounts::{PASSWORD, send};
use crate::common::{TestDirs, TestServer};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::SessionInfo;
use kontaktpunkt_domain::api::ErrorBody;
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

pub const PHONE_BROWSER: &str = "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile";

pub async fn login_from(server: &TestServer, username: &str, device: Option<Uuid>, agent: &str) -> String {
    let mut body = json!({"username": username, "password": PASSWORD});
    if let Some(device) = device {
        body["device_id"] = json!(device);
    }
    let response = server
        .client
        .post(server.url("/api/login"))
        .header("user-agent", agent)
        .json(&body)
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("login body");
    body["token"].as_str().expect("token").to_owned()
}

async fn my_sessions(server: &TestServer, token: &str) -> Vec<SessionInfo> {
    let response = server.get_with("/api/sessions", token).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("sessions")
}

#[tokio::test]
async fn my_sessions_show_their_device_and_browser_and_which_one_is_asking() {
    let server = TestServer::start().await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    server.create_user("per", PASSWORD, Role::Consultant).await;
    let device = Uuid::now_v7();
    let phone = login_from(&server, "karen", Some(device), PHONE_BROWSER).await;
    let laptop = login_from(&server, "karen", None, "curl/8").await;
    login_from(&server, "per", None, "curl/8").await;

    let sessions = my_sessions(&server, &laptop).await;
    assert_eq!(sessions.len(), 2, "only karen's: {sessions:?}");
    let from_phone = sessions.iter().find(|s| s.device_id == Some(device)).expect("the phone's session");
    assert_eq!(from_phone.user_agent.as_deref(), Some(PHONE_BROWSER));
    assert!(!from_phone.current);
    let current = sessions.iter().find(|s| s.current).expect("the asking session");
    assert_eq!((current.device_id, current.user_agent.as_deref()), (None, Some("curl/8")));
    assert!(current.expires_at > current.last_used_at && current.last_used_at >= current.created_at);
    // Asked from the phone, the phone's session is the current one.
    let seen_from_phone = my_sessions(&server, &phone).await;
    assert_eq!(seen_from_phone.iter().find(|s| s.current).map(|s| s.id), Some(from_phone.id));
    // No token (or its hash) is ever listed.
    let raw = server.get_with("/api/sessions", &phone).await.text().await.expect("body");
    assert!(!raw.contains(&phone) && !raw.contains("token"), "{raw}");

    assert_eq!(server.get("/api/sessions").await.status(), 401);
}

#[tokio::test]
async fn ending_one_of_my_sessions_stops_its_token_and_no_other() {
    let server = TestServer::start().await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    server.create_user("per", PASSWORD, Role::Consultant).await;
    let lost_phone = login_from(&server, "karen", Some(Uuid::now_v7()), PHONE_BROWSER).await;
    let laptop = login_from(&server, "karen", None, "curl/8").await;
    let per = login_from(&server, "per", None, "curl/8").await;
    let phone_session =
        my_sessions(&server, &lost_phone).await.into_iter().find(|s| s.current).expect("current");
    let per_session = my_sessions(&server, &per).await.remove(0);

    // Another user's session is not mine to end, and is not even confirmed to exist.
    let path = format!("/api/sessions/{}", per_session.id);
    let response = send(&server, reqwest::Method::DELETE, &path, Some(&laptop), None).await;
    assert_eq!(response.status(), 404);
    let body: ErrorBody = response.json().await.expect("error");
    assert_eq!(body.error, "not_found");
    assert_eq!(server.get_with("/api/me", &per).await.status(), 200);

    let path = format!("/api/sessions/{}", phone_session.id);
    assert_eq!(send(&server, reqwest::Method::DELETE, &path, None, None).await.status(), 401);
    assert_eq!(send(&server, reqwest::Method::DELETE, &path, Some(&laptop), None).await.status(), 204);
    assert_eq!(server.get_with("/api/me", &lost_phone).await.status(), 401, "the lost phone is out");
    assert_eq!(server.get_with("/api/me", &laptop).await.status(), 200);
    assert_eq!(my_sessions(&server, &laptop).await.len(), 1);
    assert_eq!(send(&server, reqwest::Method::DELETE, &path, Some(&laptop), None).await.status(), 404);

    let bad = send(&server, reqwest::Method::DELETE, "/api/sessions/telefon", Some(&laptop), None).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn a_session_unused_for_the_idle_time_ends_and_every_use_renews_it() {
    let dirs = TestDirs::new();
    let config = kontaktpunkt_server::Config { session_idle_secs: 2, ..dirs.config() };
    let server = TestServer::start_with(dirs, &config).await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    let used = server.login("karen", PASSWORD).await;
    let idle = server.login("karen", PASSWORD).await;

    // Used every 1.2 s: alive after 2.4 s, longer than the idle limit since login.
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(1200)).await;
        assert_eq!(server.get_with("/api/me", &used).await.status(), 200, "use renews the session");
    }
    assert_eq!(server.get_with("/api/me", &idle).await.status(), 401, "unused for 2.4 s: ended");

    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(server.get_with("/api/me", &used).await.status(), 401, "then left unused: ended too");
    // The expired session is not listed, nor counted: a fresh login sees only itself.
    let fresh = server.login("karen", PASSWORD).await;
    let sessions = my_sessions(&server, &fresh).await;
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].current);
}
