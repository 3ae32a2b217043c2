//! `PUT /api/units/{id}/liaison`: coordinators and admins name each unit's liaison, a user of
//! the unit; devices learn it through the change log.

use crate::common::TestServer;
use kontaktpunkt_domain::Role;
use serde_json::{Value, json};
use uuid::Uuid;

async fn put_liaison(server: &TestServer, token: &str, unit: Uuid, user: Option<Uuid>) -> reqwest::Response {
    reqwest::Client::new()
        .put(server.url(&format!("/api/units/{unit}/liaison")))
        .bearer_auth(token)
        .json(&json!({ "user_id": user }))
        .send()
        .await
        .expect("PUT")
}

/// The unit record with `id` last in the change log, as a device pulls it.
async fn pulled_unit(server: &TestServer, token: &str, id: Uuid) -> Value {
    let page: Value =
        server.get_with("/api/sync/v1/changes?since=0&limit=10000", token).await.json().await.expect("page");
    page["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .rev()
        .map(|c| &c["record"])
        .find(|r| r["entity"] == "unit" && r["unit"]["id"] == id.to_string())
        .cloned()
        .expect("the unit is in the change log")
}

#[tokio::test]
async fn a_coordinator_names_a_units_liaison_and_devices_learn_it() {
    let server = TestServer::start().await;
    let consultant = server.create_user("karen", "hemmeligt-kodeord", Role::Consultant).await;
    let coordinator = server.create_user("koord", "hemmeligt-kodeord", Role::Coordinator).await;
    let consultant_token = server.login("karen", "hemmeligt-kodeord").await;
    let coordinator_token = server.login("koord", "hemmeligt-kodeord").await;
    let unit = consultant.unit_id.expect("a unit");

    let refused = put_liaison(&server, &consultant_token, unit, Some(consultant.id)).await;
    assert_eq!(refused.status(), 403, "a consultant names no liaison");
    let anonymous = reqwest::Client::new()
        .put(server.url(&format!("/api/units/{unit}/liaison")))
        .json(&json!({ "user_id": null }))
        .send()
        .await
        .expect("PUT");
    assert_eq!(anonymous.status(), 401);

    let named = put_liaison(&server, &coordinator_token, unit, Some(consultant.id)).await;
    assert_eq!(named.status(), 200);
    let body: Value = named.json().await.expect("json");
    assert_eq!(body["liaison"], consultant.id.to_string());
    let record = pulled_unit(&server, &consultant_token, unit).await;
    assert_eq!(record["unit"]["liaison"], consultant.id.to_string(), "the pull carries the liaison");

    // The coordinator is not a user of Karen's unit.
    let outsider = put_liaison(&server, &coordinator_token, unit, Some(coordinator.id)).await;
    assert_eq!(outsider.status(), 422);
    let body: Value = outsider.json().await.expect("json");
    assert_eq!(body["error"], "invalid_input");
    assert!(body["message"].as_str().is_some_and(|m| m.contains(" / ")), "Danish / English: {body}");

    let unknown = put_liaison(&server, &coordinator_token, Uuid::now_v7(), None).await;
    assert_eq!(unknown.status(), 404);
    let bad = reqwest::Client::new()
        .put(server.url(&format!("/api/units/{unit}/liaison")))
        .bearer_auth(&coordinator_token)
        .json(&json!({ "user_id": "not-a-uuid" }))
        .send()
        .await
        .expect("PUT");
    assert!(bad.status().is_client_error(), "a bad body is refused: {}", bad.status());

    let cleared = put_liaison(&server, &coordinator_token, unit, None).await;
    assert_eq!(cleared.status(), 200);
    let record = pulled_unit(&server, &consultant_token, unit).await;
    assert!(record["unit"]["liaison"].is_null(), "cleared on devices too: {record}");
}
