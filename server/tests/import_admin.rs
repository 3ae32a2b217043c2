//! The admin's import over HTTP: upload → preview → apply or discard, and who may do it.

#[allow(dead_code)]
#[path = "server/common.rs"]
mod common;
mod import_support;

use common::TestServer;
use import_support::{CVR_SAMPLE, company, count, cvr_lines, db};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::import::{ImportList, ImportPreview, ImportStatus, ImportSummary};

/// Three good rows and three bad ones: wrong check digit, unknown postal code, missing name.
const EXTRACT: &str = "CVR-nummer;Navn;Adresse;Postnr;By;Branchekode;Antal ansatte\n\
    25052943;MAGENTA ApS;Tronholmen 1;8960;Randers SØ;620200;20-49\n\
    25052944;Forkert Ciffer ApS;Vestergade 2;8900;Randers C;471100;5\n\
    10000009;Første ApS;Østergade 3;8900;Randers C;471100;5\n\
    10000017;Ukendt Post ApS;Nørregade 4;9999;Ingensteds;471100;5\n\
    10000025;;Søndergade 5;8900;Randers C;471100;5\n\
    10000033;Anden ApS;Havnevej 6;8930;Randers NØ;471100;2\n";

async fn admin(server: &TestServer) -> String {
    server.create_user("admin-test", "hemmeligt-kodeord", Role::Admin).await;
    server.login("admin-test", "hemmeligt-kodeord").await
}

async fn upload(
    server: &TestServer,
    token: &str,
    query: &str,
    body: impl Into<reqwest::Body>,
) -> reqwest::Response {
    let url = server.url(&format!("/api/admin/imports?{query}"));
    server.client.post(url).bearer_auth(token).body(body).send().await.expect("POST upload")
}

async fn post(server: &TestServer, token: &str, path: &str) -> reqwest::Response {
    server.client.post(server.url(path)).bearer_auth(token).send().await.expect("POST")
}

#[tokio::test]
async fn a_csv_upload_previews_with_a_row_error_report_and_imports_nothing_until_applied() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let response = upload(&server, &token, "format=csv", EXTRACT).await;
    assert_eq!(response.status(), 201);
    let preview: ImportPreview = response.json().await.expect("preview");
    assert_eq!(preview.status, ImportStatus::Pending);
    assert_eq!((preview.encoding.as_deref(), preview.delimiter.as_deref()), (Some("UTF-8"), Some(";")));
    let cvr_column = preview.mapping.iter().find(|m| m.field == "cvr").expect("cvr mapped");
    assert_eq!((cvr_column.column, cvr_column.header.as_deref()), (Some(0), Some("CVR-nummer")));
    assert_eq!(preview.preview_rows.len(), 6);
    assert_eq!(preview.preview_rows[0].cells[1], "MAGENTA ApS");
    assert_eq!((preview.summary.new, preview.summary.rejected), (3, 3));
    assert!(!preview.summary.applied);
    let report: Vec<(Option<u64>, Option<&str>)> =
        preview.summary.rejected_records.iter().map(|r| (r.row, r.column.as_deref())).collect();
    assert_eq!(report, [(Some(3), Some("CVR-nummer")), (Some(5), Some("Postnr")), (Some(6), Some("Navn"))]);
    let messages: Vec<&str> =
        preview.summary.rejected_records.iter().map(|r| r.message_da.as_str()).collect();
    assert!(messages[0].contains("kontrolcifferet er forkert"), "{messages:?}");
    assert!(messages[1].contains("postnummer 9999 findes ikke"), "{messages:?}");
    assert!(messages[2].contains("navn mangler"), "{messages:?}");
    assert!(preview.summary.rejected_records[2].message_en.contains("name is missing"));
    assert!(!preview.can_apply && preview.can_apply_skipping_invalid);
    assert!(preview.blocked_da.is_some());

    let pool = db(&server).await;
    assert_eq!(count(&pool, "companies").await, 0, "nothing before apply");
    let path = format!("/api/admin/imports/{}/apply", preview.id);
    let refused = post(&server, &token, &path).await;
    assert_eq!(refused.status(), 422);
    let body: ErrorBody = refused.json().await.expect("error");
    assert_eq!(body.error, "rejected_records");
    assert_eq!(count(&pool, "companies").await, 0, "nothing after a refused apply");

    let response = post(&server, &token, &format!("{path}?skip_invalid=true")).await;
    assert_eq!(response.status(), 200);
    let summary: ImportSummary = response.json().await.expect("summary");
    assert!(summary.applied);
    assert_eq!((summary.new, summary.rejected), (3, 3));
    assert_eq!(count(&pool, "companies").await, 3);

    let again = post(&server, &token, &format!("{path}?skip_invalid=true")).await;
    assert_eq!(again.status(), 409);
    assert_eq!(again.json::<ErrorBody>().await.expect("error").error, "not_pending");
    let list: ImportList = server.get_with("/api/admin/imports", &token).await.json().await.expect("list");
    assert_eq!(list.imports.len(), 1);
    assert_eq!(list.imports[0].status, ImportStatus::Applied);
    assert!(list.imports[0].summary.applied);
    assert_eq!(list.imports[0].uploaded_by, "Test admin-test");
}

#[tokio::test]
async fn a_cvr_upload_applies_in_one_go_and_can_be_looked_up() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let lines = cvr_lines(&[company(1), company(2)]);
    let preview: ImportPreview =
        upload(&server, &token, "format=cvr&full=false", lines).await.json().await.expect("preview");
    assert!(preview.can_apply);
    assert_eq!(preview.preview_rows.len(), 2);
    let fetched: ImportPreview = server
        .get_with(&format!("/api/admin/imports/{}", preview.id), &token)
        .await
        .json()
        .await
        .expect("fetched");
    assert_eq!(fetched, preview);
    let summary: ImportSummary = post(&server, &token, &format!("/api/admin/imports/{}/apply", preview.id))
        .await
        .json()
        .await
        .expect("summary");
    assert_eq!(summary.new, 2);
    assert_eq!(count(&db(&server).await, "companies").await, 2);
}

#[tokio::test]
async fn a_discarded_upload_cannot_be_applied() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let preview: ImportPreview =
        upload(&server, &token, "format=cvr", cvr_lines(&[company(1)])).await.json().await.expect("preview");
    let url = server.url(&format!("/api/admin/imports/{}", preview.id));
    let deleted = server.client.delete(url).bearer_auth(&token).send().await.expect("DELETE");
    assert_eq!(deleted.status(), 204);
    let apply = post(&server, &token, &format!("/api/admin/imports/{}/apply", preview.id)).await;
    assert_eq!(apply.status(), 409);
    assert_eq!(count(&db(&server).await, "companies").await, 0);
}

#[tokio::test]
async fn unreadable_files_are_refused_with_a_danish_message_and_a_stable_code() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let cases = [
        ("format=cvr", "{\"hits\": {\"hits\": [\n{\"_source\": ".to_owned(), "invalid_file", "Ugyldig JSON"),
        ("format=cvr", "{\"Vrdeltagerperson\": {}}\n".to_owned(), "wrong_document_type", "personopslag"),
        ("format=csv", "CVR Navn\n25052943 MAGENTA\n".to_owned(), "wrong_delimiter", "Kun én kolonne"),
    ];
    for (query, body, code, danish) in cases {
        let response = upload(&server, &token, query, body).await;
        assert_eq!(response.status(), 422, "{code}");
        let error: ErrorBody = response.json().await.expect("error body");
        assert_eq!(error.error, code);
        assert!(error.message.contains(danish), "{}", error.message);
        assert!(error.fields.contains_key("file"), "English text under fields.file");
    }
    let latin1: Vec<u8> = b"CVR;Navn\n25052943;K\xf8benhavn ApS\n".to_vec();
    assert_eq!(upload(&server, &token, "format=csv", latin1).await.status(), 201, "Windows-1252 is read");
    let bad_format = upload(&server, &token, "format=xlsx", "x").await;
    assert_eq!(bad_format.status(), 422);
    let list: ImportList = server.get_with("/api/admin/imports", &token).await.json().await.expect("list");
    assert_eq!(list.imports.len(), 1, "refused files leave no pending import");
}

#[tokio::test]
async fn only_admins_may_import() {
    let server = TestServer::start().await;
    let consultant = server.consultant_token().await;
    let response = upload(&server, &consultant, "format=cvr", CVR_SAMPLE).await;
    assert_eq!(response.status(), 403);
    assert_eq!(response.json::<ErrorBody>().await.expect("error").error, "forbidden");
    assert_eq!(server.get_with("/api/admin/imports", &consultant).await.status(), 403);
    let anonymous =
        server.client.post(server.url("/api/admin/imports?format=cvr")).body(CVR_SAMPLE).send().await;
    assert_eq!(anonymous.expect("POST").status(), 401);
    assert_eq!(count(&db(&server).await, "companies").await, 0);
}

#[tokio::test]
async fn the_import_endpoints_are_in_the_openapi_document() {
    let server = TestServer::start().await;
    let doc: serde_json::Value = server.get("/api/openapi.json").await.json().await.expect("openapi");
    for path in [
        "/api/admin/imports",
        "/api/admin/imports/{id}",
        "/api/admin/imports/{id}/apply",
        "/api/reference/industry-groups",
        "/api/reference/postal-codes",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["ImportPreview"].is_object());
}
