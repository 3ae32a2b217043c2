//! `/api/admin/devices`: the list of installations, and revoking a lost phone — its token and
//! any login naming it answer `device_revoked` (the app's order to wipe itself), the other
//! devices of the same user go on working, and the revocation is audited.

use crate::accounts::{PASSWORD, send, with_admin};
use crate::common::{TestDirs, TestServer};
use crate::sessions::{PHONE_BROWSER, login_from};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::{AuditPage, DeviceInfo, SessionsEnded};
use kontaktpunkt_domain::api::ErrorBody;
use reqwest::Method;
use serde_json::json;
use uuid::Uuid;

async fn devices(server: &TestServer, token: &str) -> Vec<DeviceInfo> {
    let response = server.get_with("/api/admin/devices", token).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("devices")
}

async fn revoke(server: &TestServer, token: &str, device: Uuid, reason: &str) -> reqwest::Response {
    let path = format!("/api/admin/devices/{device}/revoke");
    send(server, Method::POST, &path, Some(token), Some(&json!({ "reason": reason }))).await
}

async fn error_code(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body: ErrorBody = response.json().await.expect("error body");
    (status, body.error)
}

#[tokio::test]
async fn a_revoked_phone_is_told_so_at_its_next_request_and_at_any_login_while_the_laptop_goes_on() {
    let (server, admin, admin_token) = with_admin().await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    let phone = Uuid::now_v7();
    let laptop = Uuid::now_v7();
    let phone_token = login_from(&server, "karen", Some(phone), PHONE_BROWSER).await;
    let second_phone_token = login_from(&server, "karen", Some(phone), PHONE_BROWSER).await;
    let laptop_token = login_from(&server, "karen", Some(laptop), "curl/8").await;

    let listed = devices(&server, &admin_token).await;
    let phone_row = listed.iter().find(|d| d.device_id == phone).expect("the phone is listed");
    assert_eq!(phone_row.username.as_deref(), Some("karen"));
    assert_eq!(phone_row.user_agent.as_deref(), Some(PHONE_BROWSER));
    assert_eq!((phone_row.active_sessions, phone_row.revoked.is_some()), (2, false));
    assert!(listed.iter().any(|d| d.device_id == laptop));

    let response = revoke(&server, &admin_token, phone, "Mistet telefon").await;
    assert_eq!(response.status(), 200);
    let ended: SessionsEnded = response.json().await.expect("ended");
    assert_eq!(ended.ended, 2);

    // Both of the phone's tokens now say why they stopped working, on reads and on sync.
    for token in [&phone_token, &second_phone_token] {
        assert_eq!(error_code(server.get_with("/api/me", token).await).await, (401, "device_revoked".into()));
        let pull = server.get_with("/api/sync/v1/changes?since=0", token).await;
        assert_eq!(error_code(pull).await, (401, "device_revoked".into()));
    }
    // A login that names the phone is refused before the password is even checked.
    for password in [PASSWORD, "forkert-kodeord"] {
        let body = json!({"username": "karen", "password": password, "device_id": phone});
        let response = server.post_json("/api/login", &body).await;
        assert_eq!(error_code(response).await, (401, "device_revoked".into()));
    }
    // Karen's laptop, and a fresh installation on the found phone, go on working.
    assert_eq!(server.get_with("/api/me", &laptop_token).await.status(), 200);
    login_from(&server, "karen", Some(Uuid::now_v7()), PHONE_BROWSER).await;
    // An unknown or ended token is still plain `unauthorized`.
    let unknown = "ab".repeat(32);
    assert_eq!(error_code(server.get_with("/api/me", &unknown).await).await, (401, "unauthorized".into()));

    // The list keeps the revoked phone, with who, when and why.
    let listed = devices(&server, &admin_token).await;
    let phone_row = listed.iter().find(|d| d.device_id == phone).expect("still listed");
    let revocation = phone_row.revoked.as_ref().expect("marked revoked");
    assert_eq!(
        (revocation.by.as_deref(), revocation.reason.as_str()),
        (Some(admin.username.as_str()), "Mistet telefon")
    );
    assert_eq!((phone_row.active_sessions, phone_row.username.as_deref()), (0, Some("karen")));

    // Revoking twice is refused, and so is a device nobody ever logged in from.
    assert_eq!(
        error_code(revoke(&server, &admin_token, phone, "igen").await).await,
        (409, "already_revoked".into())
    );
    let nobody = revoke(&server, &admin_token, Uuid::now_v7(), "ukendt").await;
    assert_eq!(error_code(nobody).await, (404, "not_found".into()));

    // The audit log names the admin, the device and the reason; the refused login is there too.
    let page: AuditPage = server
        .get_with("/api/admin/audit?action=device_revoked", &admin_token)
        .await
        .json()
        .await
        .expect("audit");
    let entry = page.entries.first().expect("a device_revoked entry");
    assert_eq!(page.entries.len(), 1);
    assert_eq!(entry.actor.as_deref(), Some(admin.username.as_str()));
    assert_eq!(entry.subject.as_deref(), Some(phone.to_string().as_str()));
    assert_eq!(entry.details.get("reason").map(String::as_str), Some("Mistet telefon"));
    let failed: AuditPage = server
        .get_with("/api/admin/audit?action=login_failed", &admin_token)
        .await
        .json()
        .await
        .expect("audit");
    assert!(
        failed.entries.iter().any(|e| e.details.get("reason").map(String::as_str) == Some("device_revoked"))
    );
}

#[tokio::test]
async fn a_phone_whose_login_expired_is_still_listed_and_revoked_and_its_app_told_so_after_a_sweep() {
    let dirs = TestDirs::new();
    let config = kontaktpunkt_server::Config { session_idle_secs: 1, ..dirs.config() };
    let server = TestServer::start_with(dirs, &config).await;
    server.create_user("admin-test", PASSWORD, Role::Admin).await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    let phone = Uuid::now_v7();
    let _older_login = login_from(&server, "karen", Some(phone), PHONE_BROWSER).await;
    let phone_token = login_from(&server, "karen", Some(phone), PHONE_BROWSER).await;
    let no_device = login_from(&server, "karen", None, "curl/8").await;

    // The phone is lost and left unused: its login expires, and the startup sweep runs.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        error_code(server.get_with("/api/me", &phone_token).await).await,
        (401, "unauthorized".into())
    );
    let swept = server
        .state
        .store()
        .delete_expired_sessions(chrono::Utc::now(), chrono::Duration::seconds(1))
        .await
        .expect("sweep");
    assert_eq!(swept, 2, "the phone's older session and the device-less one go; its latest stays");
    assert_eq!(server.get_with("/api/me", &no_device).await.status(), 401);

    // The admin still finds the phone, with no valid session, and revokes it.
    let admin_token = server.login("admin-test", PASSWORD).await;
    let listed = devices(&server, &admin_token).await;
    let row = listed.iter().find(|d| d.device_id == phone).expect("the expired phone is listed");
    assert_eq!(
        (row.active_sessions, row.username.as_deref(), row.revoked.is_some()),
        (0, Some("karen"), false)
    );
    assert_eq!(revoke(&server, &admin_token, phone, "Mistet telefon").await.status(), 200);

    // The token the phone's app still holds now says why it stopped working: the app wipes
    // its data at its next contact instead of waiting at the login screen with it.
    assert_eq!(
        error_code(server.get_with("/api/me", &phone_token).await).await,
        (401, "device_revoked".into())
    );
    let pull = server.get_with("/api/sync/v1/changes?since=0", &phone_token).await;
    assert_eq!(error_code(pull).await, (401, "device_revoked".into()));
    let listed = devices(&server, &admin_token).await;
    assert!(listed.iter().any(|d| d.device_id == phone && d.revoked.is_some()), "listed as revoked");
}

#[tokio::test]
async fn only_admins_list_and_revoke_devices_and_a_revocation_needs_a_reason() {
    let (server, _admin, admin_token) = with_admin().await;
    server.create_user("koord", PASSWORD, Role::Coordinator).await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    let phone = Uuid::now_v7();
    let karen = login_from(&server, "karen", Some(phone), PHONE_BROWSER).await;
    let coordinator = server.login("koord", PASSWORD).await;

    for token in [&karen, &coordinator] {
        assert_eq!(
            error_code(server.get_with("/api/admin/devices", token).await).await,
            (403, "forbidden".into())
        );
        assert_eq!(
            error_code(revoke(&server, token, phone, "Mistet").await).await,
            (403, "forbidden".into())
        );
    }
    assert_eq!(server.get("/api/admin/devices").await.status(), 401);

    for reason in ["", "   ", &"x".repeat(501)] {
        let response = revoke(&server, &admin_token, phone, reason).await;
        assert_eq!(response.status(), 422, "reason {reason:?}");
        let body: ErrorBody = response.json().await.expect("body");
        assert!(body.fields.contains_key("reason"), "{body:?}");
    }
    let unknown_field = send(
        &server,
        Method::POST,
        &format!("/api/admin/devices/{phone}/revoke"),
        Some(&admin_token),
        Some(&json!({"reason": "x", "wipe": true})),
    )
    .await;
    assert_eq!(unknown_field.status(), 422);
    let bad_id = send(
        &server,
        Method::POST,
        "/api/admin/devices/telefon/revoke",
        Some(&admin_token),
        Some(&json!({"reason": "x"})),
    )
    .await;
    assert_eq!(bad_id.status(), 400);
    // None of the refusals revoked anything.
    assert_eq!(server.get_with("/api/me", &karen).await.status(), 200);
}

#[tokio::test]
async fn logins_naming_a_revoked_device_count_as_failures_for_the_rate_limit() {
    let (server, _admin, admin_token) = with_admin().await;
    server.create_user("karen", PASSWORD, Role::Consultant).await;
    let phone = Uuid::now_v7();
    login_from(&server, "karen", Some(phone), PHONE_BROWSER).await;
    assert_eq!(revoke(&server, &admin_token, phone, "Stjålet").await.status(), 200);

    let body = json!({"username": "karen", "password": PASSWORD, "device_id": phone});
    let mut codes = Vec::new();
    for _ in 0..6 {
        codes.push(error_code(server.post_json("/api/login", &body).await).await);
    }
    // The default limit is 5 failures per user name: the sixth waits.
    assert!(codes[..5].iter().all(|c| *c == (401, "device_revoked".to_owned())), "{codes:?}");
    assert_eq!(codes[5], (429, "too_many_attempts".to_owned()));
}
