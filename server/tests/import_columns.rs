//! The admin's import of a spreadsheet whose columns were not (all) recognised: the upload is
//! previewed and blocked, `PUT /api/admin/imports/{id}/mapping` chooses the columns, and the
//! apply reads the file with the chosen ones.

#[allow(dead_code)]
#[path = "server/common.rs"]
mod common;
mod import_support;

use common::TestServer;
use import_support::{count, db};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::import::{ImportPreview, ImportStatus, ImportSummary};
use serde_json::{Value, json};

/// Neither the CVR nor the name column has a header the detection knows.
const UNKNOWN_HEADERS: &str = "Firma-id;Firma;Postnr;By\n\
    25052943;MAGENTA ApS;8960;Randers SØ\n\
    10000009;Første ApS;8900;Randers C\n";

async fn admin(server: &TestServer) -> String {
    server.create_user("admin-test", "hemmeligt-kodeord", Role::Admin).await;
    server.login("admin-test", "hemmeligt-kodeord").await
}

async fn upload(server: &TestServer, token: &str, query: &str, body: &str) -> reqwest::Response {
    let url = server.url(&format!("/api/admin/imports?{query}"));
    server.client.post(url).bearer_auth(token).body(body.to_owned()).send().await.expect("POST upload")
}

async fn put_mapping(server: &TestServer, token: &str, id: &str, body: &Value) -> reqwest::Response {
    let url = server.url(&format!("/api/admin/imports/{id}/mapping"));
    server.client.put(url).bearer_auth(token).json(body).send().await.expect("PUT mapping")
}

async fn apply(server: &TestServer, token: &str, id: &str) -> reqwest::Response {
    let url = server.url(&format!("/api/admin/imports/{id}/apply"));
    server.client.post(url).bearer_auth(token).send().await.expect("POST apply")
}

fn column(preview: &ImportPreview, field: &str) -> (Option<u32>, Option<String>) {
    let c = preview.mapping.iter().find(|c| c.field == field).expect("every field is listed");
    (c.column, c.header.clone())
}

async fn company_name(server: &TestServer, cvr: &str) -> Option<String> {
    sqlx::query_scalar("select name from companies where cvr = ?")
        .bind(cvr)
        .fetch_optional(&db(server).await)
        .await
        .expect("select")
}

#[tokio::test]
async fn unrecognised_columns_are_previewed_blocked_then_chosen_and_applied_with_that_choice() {
    let server = TestServer::start().await;
    let token = admin(&server).await;

    let response = upload(&server, &token, "format=csv", UNKNOWN_HEADERS).await;
    assert_eq!(response.status(), 201, "the upload is kept although CVR and name are not recognised");
    let preview: ImportPreview = response.json().await.expect("preview");
    let id = preview.id.to_string();
    assert_eq!(preview.status, ImportStatus::Pending);
    assert_eq!(preview.headers, ["Firma-id", "Firma", "Postnr", "By"]);
    assert_eq!(column(&preview, "cvr"), (None, None));
    assert_eq!(column(&preview, "name"), (None, None));
    assert_eq!(column(&preview, "postal_code"), (Some(2), Some("Postnr".to_owned())));
    assert_eq!(preview.preview_rows.len(), 2, "the rows are shown to choose the columns by");
    assert_eq!(preview.preview_rows[0].cells[1], "MAGENTA ApS");
    assert!(!preview.can_apply && !preview.can_apply_skipping_invalid);
    let blocked_da = preview.blocked_da.as_deref().expect("blocked in Danish");
    assert!(blocked_da.contains("CVR-nummer og Navn"), "{blocked_da}");
    let blocked_en = preview.blocked_en.as_deref().expect("blocked in English");
    assert!(blocked_en.contains("CVR number and Name"), "{blocked_en}");
    assert_eq!(preview.summary.companies_read, 0);

    let refused = apply(&server, &token, &id).await;
    assert_eq!(refused.status(), 422, "an unmapped file cannot be applied");
    let body: ErrorBody = refused.json().await.expect("error");
    assert_eq!(body.error, "unmapped_columns");
    assert!(body.message.contains("CVR-nummer og Navn"), "{}", body.message);
    assert_eq!(count(&db(&server).await, "companies").await, 0);

    // Only the name: still blocked, now naming only the CVR number.
    let half = put_mapping(&server, &token, &id, &json!({"name": 1, "postal_code": 2, "town": 3})).await;
    assert_eq!(half.status(), 200);
    let half: ImportPreview = half.json().await.expect("preview");
    assert!(!half.can_apply);
    let blocked = half.blocked_da.as_deref().expect("blocked");
    assert!(blocked.contains("rummer CVR-nummer.") && !blocked.contains("Navn"), "{blocked}");

    let mapped =
        put_mapping(&server, &token, &id, &json!({"cvr": 0, "name": 1, "postal_code": 2, "town": 3})).await;
    assert_eq!(mapped.status(), 200);
    let mapped: ImportPreview = mapped.json().await.expect("preview");
    assert_eq!(mapped.id, preview.id);
    assert_eq!(column(&mapped, "cvr"), (Some(0), Some("Firma-id".to_owned())));
    assert_eq!(column(&mapped, "name"), (Some(1), Some("Firma".to_owned())));
    assert!(mapped.can_apply, "{:?}", mapped.blocked_en);
    assert_eq!((mapped.blocked_da, mapped.summary.new, mapped.summary.rejected), (None, 2, 0));
    assert_eq!(count(&db(&server).await, "companies").await, 0, "choosing columns writes no company");

    let stored: ImportPreview =
        server.get_with(&format!("/api/admin/imports/{id}"), &token).await.json().await.expect("stored");
    assert_eq!(column(&stored, "name"), (Some(1), Some("Firma".to_owned())), "the choice is kept");
    assert!(stored.can_apply);

    let applied = apply(&server, &token, &id).await;
    assert_eq!(applied.status(), 200);
    let summary: ImportSummary = applied.json().await.expect("summary");
    assert_eq!((summary.applied, summary.new), (true, 2));
    assert_eq!(company_name(&server, "25052943").await.as_deref(), Some("MAGENTA ApS"));
    assert_eq!(company_name(&server, "10000009").await.as_deref(), Some("Første ApS"));

    let late = put_mapping(&server, &token, &id, &json!({"cvr": 0, "name": 1})).await;
    assert_eq!(late.status(), 409);
    assert_eq!(late.json::<ErrorBody>().await.expect("error").error, "not_pending");
}

#[tokio::test]
async fn the_apply_reads_the_columns_the_admin_chose_not_those_the_headers_suggest() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let file = "CVR;Navn;Kaldenavn\n25052943;MAGENTA ApS;Magenta\n";
    let preview: ImportPreview =
        upload(&server, &token, "format=csv", file).await.json().await.expect("preview");
    assert_eq!(column(&preview, "name"), (Some(1), Some("Navn".to_owned())), "detected");
    let id = preview.id.to_string();
    let mapped = put_mapping(&server, &token, &id, &json!({"cvr": 0, "name": 2})).await;
    assert_eq!(mapped.status(), 200);
    assert_eq!(apply(&server, &token, &id).await.status(), 200);
    assert_eq!(company_name(&server, "25052943").await.as_deref(), Some("Magenta"));
}

#[tokio::test]
async fn a_bad_mapping_is_refused_in_danish_and_changes_nothing() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let preview: ImportPreview =
        upload(&server, &token, "format=csv", UNKNOWN_HEADERS).await.json().await.expect("preview");
    let id = preview.id.to_string();
    let cases = [
        (json!({"cvr": 0, "name": 9}), "name", "kolonne 9"),
        (json!({"cvr": 1, "name": 1}), "name", "både CVR-nummer og Navn"),
        (json!({"cvr": 0, "navn": 1}), "navn", "ikke et felt"),
        (json!({"cvr": -1, "name": 1}), "cvr", "kolonnenummer"),
        (json!({"cvr": "Firma-id", "name": 1}), "cvr", "kolonnenummer"),
    ];
    for (body, field, danish) in cases {
        let response = put_mapping(&server, &token, &id, &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let error: ErrorBody = response.json().await.expect("error body");
        assert_eq!(error.error, "invalid_input", "{body}");
        assert!(error.message.contains(danish), "{body}: {}", error.message);
        assert!(error.fields.contains_key(field), "{body}: {:?}", error.fields);
    }
    let not_json = server
        .client
        .put(server.url(&format!("/api/admin/imports/{id}/mapping")))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("[0, 1]")
        .send()
        .await
        .expect("PUT");
    assert!(not_json.status().is_client_error());
    assert_eq!(not_json.json::<ErrorBody>().await.expect("error body").error, "bad_request");

    let stored: ImportPreview =
        server.get_with(&format!("/api/admin/imports/{id}"), &token).await.json().await.expect("stored");
    assert_eq!(stored, preview, "refused mappings leave the import as it was");

    let consultant = server.consultant_token().await;
    let forbidden = put_mapping(&server, &consultant, &id, &json!({"cvr": 0, "name": 1})).await;
    assert_eq!(forbidden.status(), 403);

    let cvr = upload(&server, &token, "format=cvr", import_support::CVR_SAMPLE).await;
    let cvr: ImportPreview = cvr.json().await.expect("preview");
    let response = put_mapping(&server, &token, &cvr.id.to_string(), &json!({"cvr": 0})).await;
    assert_eq!(response.status(), 422);
    let error: ErrorBody = response.json().await.expect("error body");
    assert_eq!(error.error, "invalid_input");
    assert!(error.fields.contains_key("format"), "{:?}", error.fields);
}
