//! `/api/admin/users`: accounts are admins' business, validated, and a deactivated user, a
//! new password or a revocation ends sessions at once.

use crate::common::TestServer;
use chrono::Utc;
use kontaktpunkt_domain::accounts::{SessionsEnded, UserAccount};
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::{Role, Unit, User};
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "hemmeligt-kodeord";

/// A server with an admin logged in; the admin's user and token.
pub async fn with_admin() -> (TestServer, User, String) {
    let server = TestServer::start().await;
    let admin = server.create_user("admin-test", PASSWORD, Role::Admin).await;
    let token = server.login("admin-test", PASSWORD).await;
    (server, admin, token)
}

pub async fn unit(server: &TestServer, name: &str) -> Unit {
    let unit = Unit { id: Uuid::now_v7(), name: name.into(), liaison: None };
    server.state.store().create_unit(&unit, Utc::now()).await.expect("create unit");
    unit
}

pub async fn send(
    server: &TestServer,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = server.client.request(method, server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("request")
}

pub async fn login_status(server: &TestServer, username: &str, password: &str) -> u16 {
    let body = json!({"username": username, "password": password});
    server.post_json("/api/login", &body).await.status().as_u16()
}

async fn error(response: reqwest::Response) -> ErrorBody {
    response.json().await.expect("error body")
}

fn new_user(username: &str, unit: Option<Uuid>) -> Value {
    json!({
        "username": username,
        "display_name": "Karen Konsulent",
        "role": "consultant",
        "unit_id": unit,
        "password": "et-langt-kodeord"
    })
}

async fn create(server: &TestServer, token: &str, body: &Value) -> reqwest::Response {
    send(server, reqwest::Method::POST, "/api/admin/users", Some(token), Some(body)).await
}

async fn accounts(server: &TestServer, token: &str) -> Vec<UserAccount> {
    let response = server.get_with("/api/admin/users", token).await;
    assert_eq!(response.status(), 200);
    response.json().await.expect("accounts")
}

async fn patch(server: &TestServer, token: &str, id: Uuid, body: &Value) -> reqwest::Response {
    send(server, reqwest::Method::PATCH, &format!("/api/admin/users/{id}"), Some(token), Some(body)).await
}

#[tokio::test]
async fn only_admins_reach_the_account_endpoints() {
    let (server, admin, _) = with_admin().await;
    let id = admin.id;
    let endpoints: [(reqwest::Method, String, Option<Value>); 5] = [
        (reqwest::Method::GET, "/api/admin/users".into(), None),
        (reqwest::Method::POST, "/api/admin/users".into(), Some(new_user("ny-bruger", None))),
        (reqwest::Method::PATCH, format!("/api/admin/users/{id}"), Some(json!({"active": false}))),
        (
            reqwest::Method::POST,
            format!("/api/admin/users/{id}/password"),
            Some(json!({"password": "et-helt-nyt-kodeord"})),
        ),
        (reqwest::Method::POST, format!("/api/admin/users/{id}/sessions/revoke"), None),
    ];
    server.create_user("konsulent-x", PASSWORD, Role::Consultant).await;
    server.create_user("koordinator-x", PASSWORD, Role::Coordinator).await;
    let consultant = server.login("konsulent-x", PASSWORD).await;
    let coordinator = server.login("koordinator-x", PASSWORD).await;
    for (method, path, body) in &endpoints {
        let response = send(&server, method.clone(), path, None, body.as_ref()).await;
        assert_eq!(response.status(), 401, "{method} {path} without a token");
        for token in [&consultant, &coordinator] {
            let response = send(&server, method.clone(), path, Some(token), body.as_ref()).await;
            assert_eq!(response.status(), 403, "{method} {path}");
            let body = error(response).await;
            assert_eq!(body.error, "forbidden");
            assert!(body.message.contains("administratorer") && body.message.contains("admins"), "{body:?}");
        }
    }
    // Nothing they tried took effect: the admin is still active and still logged in.
    assert_eq!(login_status(&server, "admin-test", PASSWORD).await, 200);
    assert!(
        !accounts(&server, &server.login("admin-test", PASSWORD).await)
            .await
            .iter()
            .any(|a| a.username == "ny-bruger")
    );
}

#[tokio::test]
async fn an_admin_creates_a_user_who_can_then_log_in_and_is_listed_with_the_last_login() {
    let (server, _, token) = with_admin().await;
    let erhverv = unit(&server, "Erhverv").await;
    let response = create(&server, &token, &new_user(" karen ", Some(erhverv.id))).await;
    assert_eq!(response.status(), 201);
    let created: UserAccount = response.json().await.expect("account");
    assert_eq!(created.username, "karen", "trimmed");
    assert_eq!((created.role, created.unit_id, created.active), (Role::Consultant, Some(erhverv.id), true));
    assert_eq!(created.last_login_at, None);

    let before = Utc::now();
    let body = json!({"username": "karen", "password": "et-langt-kodeord"});
    let login = server.post_json("/api/login", &body).await;
    assert_eq!(login.status(), 200);

    let listed = accounts(&server, &token).await;
    let karen = listed.iter().find(|a| a.id == created.id).expect("karen is listed");
    assert!(karen.last_login_at.is_some_and(|t| t >= before - chrono::Duration::seconds(1)), "{karen:?}");
    assert_eq!(karen.active_sessions, 1);
    let names: Vec<_> = listed.iter().map(|a| a.username.as_str()).collect();
    assert_eq!(names, ["admin-test", "karen"], "by username");
}

#[tokio::test]
async fn creating_a_user_validates_every_field_and_changes_nothing_when_refused() {
    let (server, _, token) = with_admin().await;
    let erhverv = unit(&server, "Erhverv").await;
    let cases = [
        (json!({"password": "kort"}), "password"),
        (json!({"username": "karen hansen"}), "username"),
        (json!({"username": "k"}), "username"),
        (json!({"display_name": "  "}), "display_name"),
        (json!({"unit_id": null}), "unit_id"),
        (json!({"unit_id": Uuid::now_v7()}), "unit_id"),
    ];
    for (change, field) in cases {
        let mut body = new_user("karen", Some(erhverv.id));
        for (key, value) in change.as_object().expect("object") {
            body[key] = value.clone();
        }
        let response = create(&server, &token, &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let error = error(response).await;
        assert_eq!(error.error, "invalid_input");
        assert_eq!(error.fields.keys().collect::<Vec<_>>(), [field], "{body}");
    }
    // Not the shape of a new user at all: an unknown role, an unknown field.
    let mut bad_role = new_user("karen", Some(erhverv.id));
    bad_role["role"] = json!("root");
    let mut extra = new_user("karen", Some(erhverv.id));
    extra["is_admin"] = json!(true);
    for body in [bad_role, extra] {
        let response = create(&server, &token, &body).await;
        assert_eq!(response.status(), 422, "{body}");
        assert_eq!(error(response).await.error, "bad_request");
    }
    assert_eq!(accounts(&server, &token).await.len(), 1, "only the admin exists");
    // An admin needs no unit.
    let mut admin = new_user("anden-admin", None);
    admin["role"] = json!("admin");
    assert_eq!(create(&server, &token, &admin).await.status(), 201);
}

#[tokio::test]
async fn a_taken_username_is_a_409_whatever_its_case() {
    let (server, _, token) = with_admin().await;
    let erhverv = unit(&server, "Erhverv").await;
    assert_eq!(create(&server, &token, &new_user("karen", Some(erhverv.id))).await.status(), 201);
    let response = create(&server, &token, &new_user("Karen", Some(erhverv.id))).await;
    assert_eq!(response.status(), 409);
    let body = error(response).await;
    assert_eq!(body.error, "conflict");
    assert!(body.fields.contains_key("username"), "{body:?}");
}

#[tokio::test]
async fn deactivating_a_user_ends_their_sessions_and_logins_until_reactivated() {
    let (server, _, admin) = with_admin().await;
    let karen = server.create_user("karen", PASSWORD, Role::Consultant).await;
    let phone = server.login("karen", PASSWORD).await;
    let laptop = server.login("karen", PASSWORD).await;
    assert_eq!(server.get_with("/api/me", &phone).await.status(), 200);

    let response = patch(&server, &admin, karen.id, &json!({"active": false})).await;
    assert_eq!(response.status(), 200);
    let account: UserAccount = response.json().await.expect("account");
    assert!(!account.active);
    assert_eq!(account.active_sessions, 0);
    for token in [&phone, &laptop] {
        assert_eq!(server.get_with("/api/me", token).await.status(), 401, "the token stops working at once");
        let pull = server.get_with("/api/sync/v1/changes?since=0", token).await;
        assert_eq!(pull.status(), 401, "and cannot sync");
    }
    // The right password opens nothing, and says no more than a wrong one.
    let refused = server.post_json("/api/login", &json!({"username": "karen", "password": PASSWORD})).await;
    assert_eq!(refused.status(), 401);
    assert_eq!(error(refused).await.error, "invalid_credentials");

    assert_eq!(patch(&server, &admin, karen.id, &json!({"active": true})).await.status(), 200);
    assert_eq!(login_status(&server, "karen", PASSWORD).await, 200);
    assert_eq!(server.get_with("/api/me", &phone).await.status(), 401, "old sessions stay ended");
}

#[tokio::test]
async fn an_admin_changes_name_role_and_unit_and_bad_changes_are_refused() {
    let (server, _, admin) = with_admin().await;
    let karen = server.create_user("karen", PASSWORD, Role::Consultant).await;
    let jobcenter = unit(&server, "Jobcenter").await;
    let body = json!({"display_name": "Karen Koordinator", "role": "coordinator", "unit_id": jobcenter.id});
    let response = patch(&server, &admin, karen.id, &body).await;
    assert_eq!(response.status(), 200);
    let account: UserAccount = response.json().await.expect("account");
    assert_eq!(
        (account.display_name.as_str(), account.role, account.unit_id),
        ("Karen Koordinator", Role::Coordinator, Some(jobcenter.id))
    );
    let token = server.login("karen", PASSWORD).await;
    let me: Value = server.get_with("/api/me", &token).await.json().await.expect("me");
    assert_eq!(me["user"]["role"], "coordinator", "the session sees the new role");

    let refusals = [
        (json!({"unit_id": null}), 422, "invalid_input"),
        (json!({"unit_id": Uuid::now_v7()}), 422, "invalid_input"),
        (json!({"display_name": ""}), 422, "invalid_input"),
        (json!({"role": "root"}), 422, "bad_request"),
        (json!({"password": "et-langt-kodeord"}), 422, "bad_request"),
    ];
    for (body, status, code) in refusals {
        let response = patch(&server, &admin, karen.id, &body).await;
        assert_eq!(response.status(), status, "{body}");
        assert_eq!(error(response).await.error, code, "{body}");
    }
    let unknown = patch(&server, &admin, Uuid::now_v7(), &json!({"active": false})).await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(error(unknown).await.error, "not_found");
    let bad_id =
        send(&server, reqwest::Method::PATCH, "/api/admin/users/nej", Some(&admin), Some(&json!({}))).await;
    assert_eq!(bad_id.status(), 400);
    let after = accounts(&server, &admin).await;
    let karen = after.iter().find(|a| a.id == karen.id).expect("karen");
    assert_eq!(
        (karen.role, karen.unit_id),
        (Role::Coordinator, Some(jobcenter.id)),
        "refusals changed nothing"
    );
}

#[tokio::test]
async fn nobody_deactivates_themselves_and_the_last_admin_keeps_the_role() {
    let (server, admin, token) = with_admin().await;
    let response = patch(&server, &token, admin.id, &json!({"active": false})).await;
    assert_eq!(response.status(), 422);
    assert!(error(response).await.fields.contains_key("active"));
    let response = patch(&server, &token, admin.id, &json!({"role": "coordinator"})).await;
    assert_eq!(response.status(), 409);
    assert_eq!(error(response).await.error, "last_admin");
    assert_eq!(server.get_with("/api/me", &token).await.status(), 200, "still an admin, still logged in");

    // With a second admin, one may step down.
    let other = server.create_user("admin-to", PASSWORD, Role::Admin).await;
    let response = patch(&server, &token, other.id, &json!({"role": "coordinator"})).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_new_password_replaces_the_old_one_and_ends_every_session_of_the_user() {
    let (server, _, admin) = with_admin().await;
    let karen = server.create_user("karen", PASSWORD, Role::Consultant).await;
    let phone = server.login("karen", PASSWORD).await;
    let path = format!("/api/admin/users/{}/password", karen.id);

    let short =
        send(&server, reqwest::Method::POST, &path, Some(&admin), Some(&json!({"password": "kort"}))).await;
    assert_eq!(short.status(), 422);
    assert!(error(short).await.fields.contains_key("password"));
    assert_eq!(server.get_with("/api/me", &phone).await.status(), 200, "a refused reset ends nothing");

    let body = json!({"password": "et-helt-nyt-kodeord"});
    let response = send(&server, reqwest::Method::POST, &path, Some(&admin), Some(&body)).await;
    assert_eq!(response.status(), 200);
    let ended: SessionsEnded = response.json().await.expect("ended");
    assert_eq!(ended.ended, 1);
    assert_eq!(server.get_with("/api/me", &phone).await.status(), 401);
    assert_eq!(login_status(&server, "karen", PASSWORD).await, 401);
    assert_eq!(login_status(&server, "karen", "et-helt-nyt-kodeord").await, 200);

    let missing = format!("/api/admin/users/{}/password", Uuid::now_v7());
    assert_eq!(send(&server, reqwest::Method::POST, &missing, Some(&admin), Some(&body)).await.status(), 404);
}

#[tokio::test]
async fn revoking_ends_every_session_of_that_user_and_no_one_elses() {
    let (server, _, admin) = with_admin().await;
    let karen = server.create_user("karen", PASSWORD, Role::Consultant).await;
    server.create_user("per", PASSWORD, Role::Consultant).await;
    let phone = server.login("karen", PASSWORD).await;
    let laptop = server.login("karen", PASSWORD).await;
    let per = server.login("per", PASSWORD).await;

    let path = format!("/api/admin/users/{}/sessions/revoke", karen.id);
    let response = send(&server, reqwest::Method::POST, &path, Some(&admin), None).await;
    assert_eq!(response.status(), 200);
    let ended: SessionsEnded = response.json().await.expect("ended");
    assert_eq!(ended.ended, 2);
    assert_eq!(server.get_with("/api/me", &phone).await.status(), 401);
    assert_eq!(server.get_with("/api/me", &laptop).await.status(), 401);
    assert_eq!(server.get_with("/api/me", &per).await.status(), 200);
    assert_eq!(server.get_with("/api/me", &admin).await.status(), 200);
    // Karen may log in again (it is her phone that was lost, not her account).
    assert_eq!(login_status(&server, "karen", PASSWORD).await, 200);

    let missing = format!("/api/admin/users/{}/sessions/revoke", Uuid::now_v7());
    assert_eq!(send(&server, reqwest::Method::POST, &missing, Some(&admin), None).await.status(), 404);
}
