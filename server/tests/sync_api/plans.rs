//! The contact plan: `/api/plans…` for coordinators, and planned contacts reaching the
//! consultants through sync (`planned_contact` records, `planned_contact_answered` pushes).

use crate::fixture::{Fixture, applied_seq, contact, created, mutation, push_as, rejection_code, today};
use chrono::Duration;
use kontaktpunkt_domain::sync::{Change, Outcome, SyncedRecord};
use kontaktpunkt_domain::{Role, User};
use serde_json::{Value, json};
use uuid::Uuid;

/// The fixture (five companies, consultant `konsulent-a`), a second consultant in their unit,
/// a consultant of another unit and a logged-in coordinator.
struct Planning {
    f: Fixture,
    colleague: (User, String),
    other: (User, String),
    coordinator: String,
}

async fn planning() -> Planning {
    let f = Fixture::start().await;
    let colleague = f.member("konsulent-a2", Role::Consultant, f.user.unit_id).await;
    let other = f.user("konsulent-b", Role::Consultant).await;
    let (_, coordinator) = f.user("koordinator-test", Role::Coordinator).await;
    Planning { f, colleague, other, coordinator }
}

fn period() -> Value {
    json!({ "from": today().to_string(), "to": (today() + Duration::days(30)).to_string(), "capacity": 1 })
}

async fn send(
    p: &Planning,
    method: reqwest::Method,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = p.f.server.client.request(method, p.f.server.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.expect("request")
}

async fn create_plan(p: &Planning, body: &Value) -> Value {
    let response = send(p, reqwest::Method::POST, "/api/plans", Some(&p.coordinator), Some(body)).await;
    assert_eq!(response.status(), 201, "draft created");
    response.json().await.expect("plan")
}

async fn publish(p: &Planning, plan: &Value) -> reqwest::Response {
    let path = format!("/api/plans/{}/publish", plan["id"].as_str().expect("id"));
    send(p, reqwest::Method::POST, &path, Some(&p.coordinator), None).await
}

fn item_of<'a>(plan: &'a Value, user: &User) -> &'a Value {
    plan["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["user_id"] == user.id.to_string())
        .unwrap_or_else(|| panic!("an item for {}: {plan}", user.username))
}

fn item_id(item: &Value) -> Uuid {
    Uuid::parse_str(item["id"].as_str().expect("item id")).expect("uuid")
}

#[tokio::test]
async fn plan_endpoints_are_401_without_login_and_403_for_a_consultant() {
    let p = planning().await;
    let id = Uuid::now_v7();
    let body = period();
    let calls = [
        (reqwest::Method::POST, "/api/plans".to_owned(), Some(&body)),
        (reqwest::Method::GET, "/api/plans".to_owned(), None),
        (reqwest::Method::GET, format!("/api/plans/{id}"), None),
        (reqwest::Method::GET, format!("/api/plans/{id}?format=csv"), None),
        (reqwest::Method::PATCH, format!("/api/plans/{id}/items/{id}"), Some(&body)),
        (reqwest::Method::POST, format!("/api/plans/{id}/publish"), None),
    ];
    for (method, path, body) in calls {
        let response = send(&p, method.clone(), &path, None, body).await;
        assert_eq!(response.status(), 401, "{method} {path}");
        let response = send(&p, method.clone(), &path, Some(&p.f.token), body).await;
        assert_eq!(response.status(), 403, "{method} {path}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"], "forbidden");
    }
    let listed: Value = send(&p, reqwest::Method::GET, "/api/plans", Some(&p.coordinator), None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed, json!([]), "nothing was created by the refused calls");
}

#[tokio::test]
async fn a_bad_period_or_capacity_is_refused_naming_the_field_in_danish_and_english() {
    let p = planning().await;
    let day = |d: i64| (today() + Duration::days(d)).to_string();
    for (body, field) in [
        (json!({ "from": day(10), "to": day(5) }), "from"),
        (json!({ "from": day(0), "to": day(120) }), "to"),
        (json!({ "from": day(-40), "to": day(-10) }), "to"),
        (json!({ "from": day(0), "to": day(30), "capacity": 0 }), "capacity"),
        (json!({ "from": day(0), "to": day(30), "capacity": 201 }), "capacity"),
        (json!({ "to": day(30) }), "from"),
        (json!({ "from": "1. december", "to": day(30) }), "from"),
    ] {
        let response = send(&p, reqwest::Method::POST, "/api/plans", Some(&p.coordinator), Some(&body)).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().await.expect("json");
        assert_eq!(error["error"], "invalid_input");
        let problem = error["fields"][field].as_str().unwrap_or_else(|| panic!("{body}: {error}"));
        assert!(problem.contains(" / "), "Danish / English: {problem}");
    }
    let not_json =
        p.f.server
            .client
            .post(p.f.server.url("/api/plans"))
            .bearer_auth(&p.coordinator)
            .header("content-type", "application/json")
            .body("{from")
            .send()
            .await
            .expect("POST");
    assert_eq!(not_json.status(), 400);
    let plan = create_plan(&p, &period()).await;
    let path = format!("/api/plans/{}?format=xml", plan["id"].as_str().expect("id"));
    let response = send(&p, reqwest::Method::GET, &path, Some(&p.coordinator), None).await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["error"], "invalid_query");
    for path in [format!("/api/plans/{}", Uuid::now_v7()), "/api/plans/not-a-uuid".to_owned()] {
        assert_eq!(send(&p, reqwest::Method::GET, &path, Some(&p.coordinator), None).await.status(), 404);
    }
}

#[tokio::test]
async fn a_draft_suggests_companies_with_reasons_skipping_do_not_contact_within_capacity() {
    let p = planning().await;
    let flagged = p.f.cvrs[2].clone();
    let flag = mutation(Change::DoNotContactSet {
        company: flagged.clone(),
        reason: "Ønsker ikke besøg".into(),
        requested_by: None,
        units: vec![],
    });
    applied_seq(&p.f.push(&[flag]).await[0]);
    // Company 0 was contacted yesterday: too recent for a plan.
    applied_seq(&p.f.push(&[created(&contact(&p.f.user, &p.f.cvrs[0]))]).await[0]);

    let plan = create_plan(&p, &json!({ "from": today().to_string(), "to": (today() + Duration::days(30)).to_string(), "capacity": 1 })).await;
    assert_eq!(plan["status"], "draft");
    assert_eq!(plan["capacity"], 1);
    let items = plan["items"].as_array().expect("items");
    assert_eq!(items.len(), 3, "three consultants, one each: {plan}");
    let companies: Vec<&str> = items.iter().map(|i| i["company"].as_str().expect("cvr")).collect();
    assert!(!companies.contains(&flagged.as_str()), "never a do-not-contact company");
    assert!(!companies.contains(&p.f.cvrs[0].as_str()), "not one contacted yesterday");
    let mut users: Vec<&str> = items.iter().map(|i| i["user_id"].as_str().expect("user")).collect();
    users.sort_unstable();
    users.dedup();
    assert_eq!(users.len(), 3, "one row per consultant");
    for item in items {
        assert!(!item["company_name"].as_str().unwrap_or("").is_empty());
        assert!(!item["unit_name"].as_str().unwrap_or("").is_empty());
        assert!(!item["user_name"].as_str().unwrap_or("").is_empty());
        assert_eq!(item["status"], "proposed");
        assert_eq!(item["reasons"][0]["kind"], "never_contacted", "{item}");
        assert!(item["reasons_da"].as_str().unwrap_or("").starts_with("aldrig kontaktet"));
        assert!(item["reasons_en"].as_str().unwrap_or("").starts_with("never contacted"));
    }

    let listed: Value = send(&p, reqwest::Method::GET, "/api/plans", Some(&p.coordinator), None)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed[0]["id"], plan["id"]);
    assert_eq!((listed[0]["item_count"].as_u64(), listed[0]["status"].as_str()), (Some(3), Some("draft")));
    assert_eq!((listed[0]["accepted"].as_u64(), listed[0]["declined"].as_u64()), (Some(0), Some(0)));
    assert!(listed[0].get("items").is_none(), "the list has no rows");

    let path = format!("/api/plans/{}?format=csv", plan["id"].as_str().expect("id"));
    let csv = send(&p, reqwest::Method::GET, &path, Some(&p.coordinator), None).await;
    assert!(csv.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let text = csv.text().await.expect("csv");
    assert!(text.starts_with("\u{feff}prioritet;cvr;navn;enhed;konsulent"));
    assert_eq!(text.lines().count(), 4, "a header and a line per row");
    assert!(text.contains("aldrig kontaktet"));

    // The same facts give the same plan.
    let again = create_plan(&p, &json!({ "from": today().to_string(), "to": (today() + Duration::days(30)).to_string(), "capacity": 1 })).await;
    let pick = |plan: &Value| -> Vec<(String, String)> {
        plan["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| (i["company"].to_string(), i["user_id"].to_string()))
            .collect()
    };
    assert_eq!(pick(&again), pick(&plan));
}

#[tokio::test]
async fn a_coordinator_reassigns_and_removes_rows_of_a_draft_but_not_of_a_published_plan() {
    let p = planning().await;
    let plan = create_plan(&p, &period()).await;
    let id = plan["id"].as_str().expect("id");
    let mine = item_id(item_of(&plan, &p.f.user));
    let path = format!("/api/plans/{id}/items/{mine}");
    let patch = |body: Value| {
        let path = path.clone();
        let p = &p;
        async move { send(p, reqwest::Method::PATCH, &path, Some(&p.coordinator), Some(&body)).await }
    };
    // To the consultant of the other unit: the unit follows the user.
    let response = patch(json!({ "user_id": p.other.0.id })).await;
    assert_eq!(response.status(), 200);
    let after: Value = response.json().await.expect("plan");
    let moved =
        after["items"].as_array().expect("items").iter().find(|i| i["id"] == mine.to_string()).expect("row");
    assert_eq!(moved["user_id"], p.other.0.id.to_string());
    assert_eq!(moved["unit_id"], p.other.0.unit_id.expect("unit").to_string());
    // Bad reassignments.
    for (body, field) in [
        (json!({ "user_id": Uuid::now_v7() }), "user_id"),
        (json!({ "user_id": p.other.0.id, "unit_id": p.f.user.unit_id }), "unit_id"),
        (json!({}), "user_id"),
        (json!({ "remove": true, "user_id": p.other.0.id }), "remove"),
    ] {
        let response = patch(body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: Value = response.json().await.expect("json");
        assert!(error["fields"][field].as_str().is_some_and(|t| t.contains(" / ")), "{body}: {error}");
    }
    let unknown = format!("/api/plans/{id}/items/{}", Uuid::now_v7());
    let response =
        send(&p, reqwest::Method::PATCH, &unknown, Some(&p.coordinator), Some(&json!({ "remove": true })))
            .await;
    assert_eq!(response.status(), 404);
    // Remove it.
    let response = patch(json!({ "remove": true })).await;
    assert_eq!(response.status(), 200);
    let after: Value = response.json().await.expect("plan");
    assert_eq!(after["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(after["item_count"], 2);
    // Published: no more edits, no second publication.
    let response = publish(&p, &plan).await;
    assert_eq!(response.status(), 200);
    let published: Value = response.json().await.expect("plan");
    assert_eq!(published["status"], "published");
    assert!(published["published_at"].is_string());
    let other_row = item_id(item_of(&published, &p.colleague.0));
    let path = format!("/api/plans/{id}/items/{other_row}");
    let response =
        send(&p, reqwest::Method::PATCH, &path, Some(&p.coordinator), Some(&json!({ "remove": true }))).await;
    assert_eq!(response.status(), 409);
    let error: Value = response.json().await.expect("json");
    assert_eq!(error["error"], "plan_published");
    assert_eq!(publish(&p, &plan).await.status(), 409);
}

/// The planned contacts in a pull, by item id, with their status.
fn planned_in(
    changes: &[kontaktpunkt_domain::sync::ChangeEntry],
) -> Vec<kontaktpunkt_domain::plan::PlannedContact> {
    changes
        .iter()
        .filter_map(|c| match &c.record {
            SyncedRecord::PlannedContact { item } => Some(item.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_published_plan_reaches_consultants_through_sync_and_their_answers_apply_once() {
    let p = planning().await;
    let plan = create_plan(&p, &period()).await;
    let mine = item_id(item_of(&plan, &p.f.user));
    let colleagues = item_id(item_of(&plan, &p.colleague.0));
    let others = item_id(item_of(&plan, &p.other.0));

    // A draft is not synced, and cannot be answered.
    let before = p.f.head().await;
    assert!(planned_in(&p.f.pull_all(0, 10_000).await).is_empty(), "drafts stay on the desk");
    let early = mutation(Change::PlannedContactAnswered { item: mine, accepted: true, reason: None });
    assert_eq!(rejection_code(&p.f.push(&[early]).await[0]), "plan_not_published");

    assert_eq!(publish(&p, &plan).await.status(), 200);
    let pulled = planned_in(&p.f.pull_all(before, 10_000).await);
    assert_eq!(pulled.len(), 3, "every unit sees every planned contact: {pulled:?}");
    let item = pulled.iter().find(|i| i.id == mine).expect("my planned contact");
    assert_eq!((item.user_id, item.unit_id), (p.f.user.id, p.f.user.unit_id.expect("unit")));
    assert_eq!(item.status, kontaktpunkt_domain::plan::PlannedStatus::Proposed);
    assert_eq!((item.from, item.to), (today(), today() + Duration::days(30)));
    assert!(!item.reasons.is_empty(), "with its reasons");
    let cursor = p.f.head().await;

    // The consultant accepts their own; the identical push again is a duplicate.
    let accept = mutation(Change::PlannedContactAnswered { item: mine, accepted: true, reason: None });
    let seq = applied_seq(&p.f.push(std::slice::from_ref(&accept)).await[0]);
    assert_eq!(p.f.push(&[accept]).await[0], Outcome::Duplicate);
    let changes = p.f.pull_all(cursor, 10_000).await;
    let answered = planned_in(&changes);
    assert_eq!(answered.len(), 1);
    assert_eq!(answered[0].status, kontaktpunkt_domain::plan::PlannedStatus::Accepted);
    assert_eq!(
        changes.iter().find(|c| matches!(&c.record, SyncedRecord::PlannedContact { .. })).map(|c| c.seq),
        Some(seq)
    );

    // Someone else's: refused, whichever unit the pusher is in.
    for token in [&p.colleague.1, &p.other.1] {
        let theirs = mutation(Change::PlannedContactAnswered { item: mine, accepted: false, reason: None });
        assert_eq!(
            rejection_code(&push_as(&p.f.server, token, &[theirs]).await[0]),
            "not_your_planned_contact"
        );
    }
    let unknown =
        mutation(Change::PlannedContactAnswered { item: Uuid::now_v7(), accepted: true, reason: None });
    assert_eq!(rejection_code(&p.f.push(&[unknown]).await[0]), "unknown_planned_contact");

    // The other unit's consultant declines theirs with a reason: their own unit reads it,
    // another unit's device gets the status without the text.
    let decline = mutation(Change::PlannedContactAnswered {
        item: others,
        accepted: false,
        reason: Some("  Virksomheden er lukket  ".into()),
    });
    applied_seq(&push_as(&p.f.server, &p.other.1, &[decline]).await[0]);
    let seen_here = planned_in(&p.f.pull_all(cursor, 10_000).await);
    let declined = seen_here.iter().find(|i| i.id == others).expect("declined item");
    assert_eq!(declined.status, kontaktpunkt_domain::plan::PlannedStatus::Declined);
    assert_eq!(declined.answer, None, "another unit's answer text is not sent");

    // The desk sees the answers.
    let path = format!("/api/plans/{}", plan["id"].as_str().expect("id"));
    let detail: Value =
        send(&p, reqwest::Method::GET, &path, Some(&p.coordinator), None).await.json().await.expect("json");
    assert_eq!((detail["accepted"].as_u64(), detail["declined"].as_u64()), (Some(1), Some(1)));
    let row = detail["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == others.to_string())
        .expect("row");
    assert_eq!(row["answer"], "Virksomheden er lukket", "trimmed");
    assert!(row["answered_at"].is_string());
    let untouched =
        detail["items"].as_array().expect("items").iter().find(|i| i["id"] == colleagues.to_string());
    assert_eq!(untouched.map(|i| i["status"].clone()), Some(json!("proposed")));
}

#[tokio::test]
async fn a_planned_contact_counts_in_the_parallel_contact_view_and_blocks_the_next_plan() {
    let p = planning().await;
    let plan = create_plan(&p, &period()).await;
    assert_eq!(publish(&p, &plan).await.status(), 200);
    let mine = item_of(&plan, &p.f.user);
    let company = mine["company"].as_str().expect("cvr").to_owned();
    // Another unit logs a contact with the company planned for konsulent-a's unit.
    let cvr = kontaktpunkt_domain::Cvr::parse(&company).expect("cvr");
    applied_seq(&push_as(&p.f.server, &p.other.1, &[created(&contact(&p.other.0, &cvr))]).await[0]);
    let parallel: Value = send(&p, reqwest::Method::GET, "/api/desk/parallel", Some(&p.coordinator), None)
        .await
        .json()
        .await
        .expect("json");
    let case = parallel["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["company"] == company.as_str())
        .unwrap_or_else(|| panic!("the planned contact makes it parallel: {parallel}"));
    assert!(case["contacts"].as_array().expect("contacts").iter().any(|c| c["planned"] == true));

    // A second plan for the same period skips every company of the first.
    let first: Vec<Value> =
        plan["items"].as_array().expect("items").iter().map(|i| i["company"].clone()).collect();
    let next = create_plan(&p, &period()).await;
    for item in next["items"].as_array().expect("items") {
        assert!(!first.contains(&item["company"]), "{item} is planned already");
    }
}
