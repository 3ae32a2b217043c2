//! Login, sessions and the guard on protected endpoints.

use crate::common::TestServer;
use chrono::{Duration, Utc};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::api::{ErrorBody, LoginResponse, Me};
use serde_json::json;

const PROTECTED: [(&str, &str); 6] = [
    ("GET", "/api/me"),
    ("GET", "/api/units"),
    ("GET", "/api/companies"),
    ("POST", "/api/logout"),
    ("GET", "/api/sessions"),
    ("DELETE", "/api/sessions/01234567-89ab-7def-8123-456789abcdef"),
];

#[tokio::test]
async fn login_with_the_right_password_gives_a_token_that_works_for_me() {
    let server = TestServer::start().await;
    let user = server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;

    let response =
        server.post_json("/api/login", &json!({"username": "karen", "password": "rigtigt-kodeord"})).await;
    assert_eq!(response.status(), 200);
    let login: LoginResponse = response.json().await.expect("login response");
    assert_eq!(login.user, user);
    assert_eq!(login.unit.map(|u| u.id), user.unit_id);
    assert_eq!(login.token.len(), 64, "32 random bytes as hex");

    let response = server.get_with("/api/me", &login.token).await;
    assert_eq!(response.status(), 200);
    let me: Me = response.json().await.expect("me");
    assert_eq!(me.user, user);
    assert_eq!(me.unit.map(|u| u.id), user.unit_id);
}

#[tokio::test]
async fn usernames_are_matched_without_regard_to_case_and_surrounding_space() {
    let server = TestServer::start().await;
    server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;
    let response =
        server.post_json("/api/login", &json!({"username": " Karen ", "password": "rigtigt-kodeord"})).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401() {
    let server = TestServer::start().await;
    server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;

    let wrong_password =
        server.post_json("/api/login", &json!({"username": "karen", "password": "forkert"})).await;
    let unknown_user =
        server.post_json("/api/login", &json!({"username": "ukendt", "password": "forkert"})).await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_user.status(), 401);
    let wrong_password = wrong_password.text().await.expect("body");
    let unknown_user = unknown_user.text().await.expect("body");
    assert_eq!(wrong_password, unknown_user, "nothing tells which usernames exist");
    let body: ErrorBody = serde_json::from_str(&wrong_password).expect("error body");
    assert_eq!(body.error, "invalid_credentials");
}

#[tokio::test]
async fn empty_username_or_password_is_422_naming_the_fields() {
    let server = TestServer::start().await;
    let response = server.post_json("/api/login", &json!({"username": "  ", "password": ""})).await;
    assert_eq!(response.status(), 422);
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.error, "invalid_input");
    assert!(body.fields.contains_key("username"), "{body:?}");
    assert!(body.fields.contains_key("password"), "{body:?}");

    let response = server.post_json("/api/login", &json!({"username": "karen", "password": ""})).await;
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.fields.keys().collect::<Vec<_>>(), ["password"]);
}

#[tokio::test]
async fn a_body_that_is_not_a_login_request_gets_a_json_error() {
    let server = TestServer::start().await;
    let response = server.post_json("/api/login", &json!({"user": "karen"})).await;
    assert!(response.status().is_client_error(), "{}", response.status());
    let body: ErrorBody = response.json().await.expect("error body");
    assert_eq!(body.error, "bad_request");
}

#[tokio::test]
async fn every_protected_endpoint_answers_401_without_or_with_a_bad_token() {
    let server = TestServer::start().await;
    let well_formed_but_unknown = "ab".repeat(32);
    for (method, path) in PROTECTED {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        for token in [None, Some("not-a-token"), Some(well_formed_but_unknown.as_str())] {
            let mut request = server.client.request(method.clone(), server.url(path));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            let response = request.send().await.expect("request");
            assert_eq!(response.status(), 401, "{method} {path} with {token:?}");
            let body: ErrorBody = response.json().await.expect("error body");
            assert_eq!(body.error, "unauthorized");
        }
    }
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let server = TestServer::start().await;
    let user = server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;
    // A session that ran out yesterday, made through the store since the clock cannot be moved.
    let token = "cd".repeat(32);
    let token_hash = sha256_hex(&token);
    let yesterday = Utc::now() - Duration::days(1);
    server
        .state
        .store()
        .create_session(&token_hash, user.id, yesterday - Duration::days(90), yesterday)
        .await
        .expect("session");
    assert_eq!(server.get_with("/api/me", &token).await.status(), 401);
}

#[tokio::test]
async fn logout_ends_the_session_and_only_that_one() {
    let server = TestServer::start().await;
    server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;
    let phone = server.login("karen", "rigtigt-kodeord").await;
    let laptop = server.login("karen", "rigtigt-kodeord").await;

    let response =
        server.client.post(server.url("/api/logout")).bearer_auth(&phone).send().await.expect("logout");
    assert_eq!(response.status(), 204);
    assert_eq!(server.get_with("/api/me", &phone).await.status(), 401);
    assert_eq!(server.get_with("/api/me", &laptop).await.status(), 200);
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}
