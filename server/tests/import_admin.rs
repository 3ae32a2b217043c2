//! The admin's import over HTTP: upload → preview → apply or discard, and who may do it.

#[allow(dead_code)]
#[path = "server/common.rs"]
mod common;
mod import_support;

use common::TestServer;
use import_support::{CVR_SAMPLE, company, count, cvr_lines, db};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::api::ErrorBody;
use kontaktpunkt_domain::import::{ImportList, ImportPreview, ImportProgress, ImportStatus, ImportSummary};

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
        "/api/admin/imports/{id}/mapping",
        "/api/admin/imports/{id}/progress",
        "/api/reference/industry-groups",
        "/api/reference/postal-codes",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    assert!(doc["components"]["schemas"]["ImportPreview"].is_object());
    assert!(doc["components"]["schemas"]["ImportProgress"].is_object());
    assert!(doc["paths"]["/api/admin/imports/{id}/mapping"]["put"]["requestBody"].is_object());
}

#[tokio::test]
async fn a_malformed_import_id_answers_the_json_error_body_with_400() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let url = |path: &str| server.url(&format!("/api/admin/imports/not-a-uuid{path}"));
    let requests = [
        server.client.get(url("")),
        server.client.delete(url("")),
        server.client.post(url("/apply")),
        server.client.put(url("/mapping")).json(&serde_json::json!({"cvr": 0})),
        server.client.get(url("/progress")),
    ];
    for request in requests {
        let response = request.bearer_auth(&token).send().await.expect("request");
        assert_eq!(response.status(), 400);
        let error: ErrorBody = response.json().await.expect("the JSON error body");
        assert_eq!(error.error, "bad_request");
        assert!(error.message.contains("UUID"), "{}", error.message);
        assert!(error.fields.contains_key("id"), "{:?}", error.fields);
    }
    let unknown = server.get_with(&format!("/api/admin/imports/{}", uuid::Uuid::now_v7()), &token).await;
    assert_eq!(unknown.status(), 404, "a well-formed unknown id is still not found");
}

#[tokio::test]
async fn the_progress_of_an_apply_is_reported_while_it_runs_and_after_it_ends() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let companies: Vec<_> = (0..6_000).map(company).collect();
    let file = cvr_lines(&companies);
    let file_bytes = file.len() as u64;
    let preview: ImportPreview =
        upload(&server, &token, "format=cvr", file).await.json().await.expect("preview");
    let progress_path = format!("/api/admin/imports/{}/progress", preview.id);
    let progress = || async {
        let response = server.get_with(&progress_path, &token).await;
        assert_eq!(response.status(), 200);
        response.json::<ImportProgress>().await.expect("progress")
    };
    let before = progress().await;
    assert_eq!((before.running, before.finished, before.records), (false, false, 0));
    assert_eq!(before.status, ImportStatus::Pending);

    // A writer of our own holds the database, so the apply starts and waits (for at most the
    // server's busy timeout of 5 s) while we look at it.
    let pool = db(&server).await;
    let mut lock = pool.acquire().await.expect("connection");
    sqlx::query("begin immediate").execute(&mut *lock).await.expect("take the write lock");
    let apply_path = format!("/api/admin/imports/{}/apply", preview.id);
    let applying = tokio::spawn({
        let (client, url, token) = (server.client.clone(), server.url(&apply_path), token.clone());
        async move { client.post(url).bearer_auth(token).send().await.expect("POST apply") }
    });
    let mut running = None;
    for _ in 0..400 {
        let now = progress().await;
        if now.running {
            running = Some(now);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let running = running.expect("the apply is seen running");
    assert!(!running.finished);
    assert_eq!(running.total_bytes, file_bytes);
    assert!(running.bytes_read <= running.total_bytes && running.records < 6_000, "{running:?}");
    let again = post(&server, &token, &apply_path).await;
    assert_eq!(again.status(), 409, "a second apply waits for the first");
    assert_eq!(again.json::<ErrorBody>().await.expect("error").error, "busy");
    let url = server.url(&format!("/api/admin/imports/{}", preview.id));
    let discard = server.client.delete(url).bearer_auth(&token).send().await.expect("DELETE");
    assert_eq!(discard.status(), 409, "a running apply cannot be discarded");
    sqlx::query("rollback").execute(&mut *lock).await.expect("release the write lock");
    drop(lock);

    let applied = applying.await.expect("apply task");
    assert_eq!(applied.status(), 200);
    assert_eq!(applied.json::<ImportSummary>().await.expect("summary").new, 6_000);
    let after = progress().await;
    assert_eq!((after.running, after.finished, after.status), (false, true, ImportStatus::Applied));
    assert_eq!((after.records, after.bytes_read, after.total_bytes), (6_000, file_bytes, file_bytes));

    let consultant = server.consultant_token().await;
    assert_eq!(server.get_with(&progress_path, &consultant).await.status(), 403);
}

#[tokio::test]
async fn pending_uploads_older_than_a_day_are_discarded_with_their_files_at_start() {
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let user = server.create_user("admin-old", "hemmeligt-kodeord", Role::Admin).await;
    let fresh: ImportPreview =
        upload(&server, &token, "format=cvr", cvr_lines(&[company(1)])).await.json().await.expect("preview");
    let uploads = server.dirs.data.path().join("imports");
    let file = |id: &uuid::Uuid| uploads.join(format!("{id}.upload"));
    assert!(file(&fresh.id).is_file());

    // An upload of 25 hours ago, still pending, with its file.
    let old = ImportPreview { id: uuid::Uuid::now_v7(), ..fresh.clone() };
    let day_ago = chrono::Utc::now() - chrono::TimeDelta::hours(25);
    server.state.store().insert_import(&old, None, None, user.id, day_ago).await.expect("insert");
    std::fs::write(file(&old.id), "old").expect("write");
    // Files of no pending import: one as old (a crash between saving and recording), one new.
    let (orphan_old, orphan_new) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
    std::fs::write(file(&orphan_old), "orphan").expect("write");
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(25 * 3600);
    std::fs::File::options()
        .write(true)
        .open(file(&orphan_old))
        .expect("open")
        .set_modified(then)
        .expect("mtime");
    std::fs::write(file(&orphan_new), "orphan").expect("write");

    // A start over the same data directory cleans up.
    kontaktpunkt_server::prepare(&server.dirs.config()).await.expect("start again");
    let status = |id: uuid::Uuid| {
        let store = server.state.store().clone();
        async move { store.import(id).await.expect("read").expect("exists").status }
    };
    assert_eq!(status(old.id).await, ImportStatus::Discarded);
    assert!(!file(&old.id).exists(), "the stale upload's file is deleted");
    assert_eq!(status(fresh.id).await, ImportStatus::Pending, "a fresh upload is kept");
    assert!(file(&fresh.id).is_file());
    assert!(!file(&orphan_old).exists(), "an old file of no import is deleted");
    assert!(file(&orphan_new).is_file(), "a new file may be an upload under way");
    let list: ImportList = server.get_with("/api/admin/imports", &token).await.json().await.expect("list");
    let statuses: Vec<_> = list.imports.iter().map(|i| (i.id, i.status)).collect();
    assert!(statuses.contains(&(old.id, ImportStatus::Discarded)), "{statuses:?}");
    assert!(list.imports.iter().find(|i| i.id == old.id).is_some_and(|i| i.finished_at.is_some()));

    // The clean-up itself, as the hourly check runs it: nothing more to do now.
    let again = kontaktpunkt_server::admin_import::discard_stale(
        server.state.store(),
        server.dirs.data.path(),
        chrono::Utc::now(),
    )
    .await
    .expect("clean up");
    assert!(again.is_empty());
    // A day later the fresh one is stale too.
    let later = chrono::Utc::now() + chrono::TimeDelta::hours(25);
    let stale = kontaktpunkt_server::admin_import::discard_stale(
        server.state.store(),
        server.dirs.data.path(),
        later,
    )
    .await
    .expect("clean up");
    assert_eq!(stale, [fresh.id]);
    assert!(!file(&fresh.id).exists());
    let apply = post(&server, &token, &format!("/api/admin/imports/{}/apply", fresh.id)).await;
    assert_eq!(apply.status(), 409, "a discarded upload cannot be applied");
}

#[tokio::test]
async fn an_applied_import_is_in_the_audit_log_with_its_counts_and_a_discarded_one_is_not() {
    use kontaktpunkt_domain::accounts::{AuditAction, AuditPage};
    let server = TestServer::start().await;
    let token = admin(&server).await;
    let discarded: ImportPreview =
        upload(&server, &token, "format=cvr", cvr_lines(&[company(3)])).await.json().await.expect("preview");
    let url = server.url(&format!("/api/admin/imports/{}", discarded.id));
    assert_eq!(server.client.delete(url).bearer_auth(&token).send().await.expect("DELETE").status(), 204);
    let preview: ImportPreview = upload(&server, &token, "format=cvr", cvr_lines(&[company(1), company(2)]))
        .await
        .json()
        .await
        .expect("preview");
    let apply = post(&server, &token, &format!("/api/admin/imports/{}/apply", preview.id)).await;
    assert_eq!(apply.status(), 200);

    let response = server.get_with("/api/admin/audit?action=import_applied", &token).await;
    assert_eq!(response.status(), 200);
    let page: AuditPage = response.json().await.expect("audit page");
    assert_eq!(page.entries.len(), 1, "{page:?}");
    let entry = &page.entries[0];
    assert_eq!(entry.action, AuditAction::ImportApplied);
    assert_eq!(entry.actor.as_deref(), Some("admin-test"));
    assert_eq!(entry.subject, Some(preview.id.to_string()));
    assert_eq!(entry.details.get("new").map(String::as_str), Some("2"));
}
