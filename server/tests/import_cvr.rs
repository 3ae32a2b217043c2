//! The CVR register import against a real server's SQLite database: the real sample, refresh
//! semantics, full refresh, ceased companies, rejected files, reference tables.

#[allow(dead_code)]
#[path = "server/common.rs"]
mod common;
mod import_support;

use common::TestServer;
use import_support::{CVR_SAMPLE, applied, company, count, counts, cvr_lines, db, request, run, write_file};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::import::{CeaseReason, ImportFormat, RegisterField};
use kontaktpunkt_register::RegisterError;
use kontaktpunkt_server::import::ImportError;

#[tokio::test]
async fn the_real_sample_is_imported_without_a_municipality_filter() {
    let server = TestServer::start().await;
    let path = write_file(&server, "sample.json", CVR_SAMPLE);
    let summary = applied(&server, &request(ImportFormat::Cvr, path)).await;
    assert_eq!((summary.new, summary.changed, summary.rejected), (1, 0, 0));
    assert_eq!(summary.new_cvrs.iter().map(ToString::to_string).collect::<Vec<_>>(), ["25052943"]);

    let pool = db(&server).await;
    let row: (String, String, i64, String, bool, bool, Option<String>, Option<String>) = sqlx::query_as(
        "select name, street, municipality_code, industry_code, advertising_protected, active, company_form, p_number \
         from companies where cvr = '25052943'",
    )
    .fetch_one(&pool)
    .await
    .expect("MAGENTA is stored");
    assert_eq!(row.0, "MAGENTA ApS");
    assert_eq!(row.1, "Pilestræde 43, 3.");
    assert_eq!((row.2, row.3.as_str()), (101, "620200"));
    assert!(row.4 && row.5, "advertising protected and active");
    assert_eq!(row.6.as_deref(), Some("Anpartsselskab"));
    assert_eq!(row.7.as_deref(), Some("1007256945"));
}

#[tokio::test]
async fn the_municipality_filter_skips_the_copenhagen_sample_in_randers() {
    let server = TestServer::start().await;
    let path = write_file(&server, "sample.json", CVR_SAMPLE);
    let summary = applied(
        &server,
        &kontaktpunkt_server::import::ImportRequest {
            municipality_filter: Some(730),
            ..request(ImportFormat::Cvr, path)
        },
    )
    .await;
    assert_eq!((summary.new, summary.skipped_other_municipality), (0, 1));
    assert_eq!(count(&db(&server).await, "companies").await, 0);
}

#[tokio::test]
async fn a_refresh_updates_register_fields_and_keeps_contacts_feedback_and_do_not_contact() {
    let server = TestServer::start().await;
    let mut kept = company(1);
    let first = write_file(&server, "first.jsonl", cvr_lines(&[kept.clone(), company(2)]));
    applied(&server, &request(ImportFormat::Cvr, first)).await;

    // The municipality's own data about company 1.
    let user = server.create_user("koordinator", "hemmeligt-kodeord", Role::Coordinator).await;
    let unit = user.unit_id.expect("a unit").to_string();
    let pool = db(&server).await;
    let cvr = kept.cvr.to_string();
    sqlx::query(
        "insert into contacts (id, company_cvr, unit_id, user_id, kind, purposes, contact_date, notes, created_at, updated_at) \
         values ('c1', ?, ?, ?, 'visit', '[]', '2025-01-02', 'Godt møde', 't', 't')",
    )
    .bind(&cvr).bind(&unit).bind(user.id.to_string()).execute(&pool).await.expect("contact");
    sqlx::query(
        "insert into feedback (id, contact_id, company_cvr, submitted_at, satisfaction, relevant, comment, created_at) \
         values ('f1', 'c1', ?, 't', 5, 1, 'Tak', 't')",
    )
    .bind(&cvr).execute(&pool).await.expect("feedback");
    sqlx::query(
        "insert into do_not_contact (company_cvr, reason, registered_by, registered_on, created_at) \
         values (?, 'Ønsker ikke kontakt', ?, '2025-01-03', 't')",
    )
    .bind(&cvr)
    .bind(user.id.to_string())
    .execute(&pool)
    .await
    .expect("do not contact");
    let before_updated: String = sqlx::query_scalar("select updated_at from companies where cvr = ?")
        .bind(company(2).cvr.to_string())
        .fetch_one(&pool)
        .await
        .expect("updated_at");

    kept.name = "Nyt Navn A/S".into();
    kept.address.street = "Ny Vej 7".into();
    let second = write_file(&server, "second.jsonl", cvr_lines(&[kept.clone(), company(2)]));
    let summary = applied(&server, &request(ImportFormat::Cvr, second)).await;

    assert_eq!((summary.new, summary.changed, summary.unchanged, summary.ceased), (0, 1, 1, 0));
    let change = &summary.changed_companies[0];
    assert_eq!(change.cvr, kept.cvr);
    let fields: Vec<RegisterField> = change.changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, [RegisterField::Name, RegisterField::Address]);
    assert_eq!(change.changes[0].old, "Importvirksomhed 1 ApS");
    assert_eq!(change.changes[0].new, "Nyt Navn A/S");

    let (name, street): (String, String) = sqlx::query_as("select name, street from companies where cvr = ?")
        .bind(&cvr)
        .fetch_one(&pool)
        .await
        .expect("company");
    assert_eq!((name.as_str(), street.as_str()), ("Nyt Navn A/S", "Ny Vej 7"));
    let notes: String = sqlx::query_scalar("select notes from contacts where id = 'c1'")
        .fetch_one(&pool)
        .await
        .expect("contact kept");
    assert_eq!(notes, "Godt møde");
    assert_eq!(count(&pool, "feedback").await, 1);
    let reason: String = sqlx::query_scalar("select reason from do_not_contact where company_cvr = ?")
        .bind(&cvr)
        .fetch_one(&pool)
        .await
        .expect("do-not-contact kept");
    assert_eq!(reason, "Ønsker ikke kontakt");
    let after_updated: String = sqlx::query_scalar("select updated_at from companies where cvr = ?")
        .bind(company(2).cvr.to_string())
        .fetch_one(&pool)
        .await
        .expect("updated_at");
    assert_eq!(before_updated, after_updated, "an unchanged company keeps its updated_at");
}

#[tokio::test]
async fn a_full_refresh_marks_missing_companies_inactive_and_never_deletes_them() {
    let server = TestServer::start().await;
    let all: Vec<_> = (0..5).map(company).collect();
    applied(&server, &request(ImportFormat::Cvr, write_file(&server, "all.jsonl", cvr_lines(&all)))).await;

    let path = write_file(&server, "three.jsonl", cvr_lines(&all[..3]));
    let summary = applied(
        &server,
        &kontaktpunkt_server::import::ImportRequest { full: true, ..request(ImportFormat::Cvr, path) },
    )
    .await;
    assert_eq!((summary.unchanged, summary.ceased), (3, 2));
    assert!(summary.ceased_companies.iter().all(|c| c.reason == CeaseReason::MissingFromFullRefresh));
    let pool = db(&server).await;
    assert_eq!(count(&pool, "companies").await, 5, "never deleted");
    let inactive: Vec<(String, String)> =
        sqlx::query_as("select cvr, register_status from companies where active = 0 order by cvr")
            .fetch_all(&pool)
            .await
            .expect("rows");
    let mut expected: Vec<(String, String)> =
        all[3..].iter().map(|c| (c.cvr.to_string(), "missing".to_owned())).collect();
    expected.sort();
    assert_eq!(inactive, expected);
}

#[tokio::test]
async fn a_ceased_company_in_the_file_becomes_inactive() {
    let server = TestServer::start().await;
    let mut ceasing = company(7);
    applied(
        &server,
        &request(ImportFormat::Cvr, write_file(&server, "a.jsonl", cvr_lines(&[ceasing.clone()]))),
    )
    .await;
    ceasing.active = false;
    let summary = applied(
        &server,
        &request(ImportFormat::Cvr, write_file(&server, "b.jsonl", cvr_lines(&[ceasing.clone()]))),
    )
    .await;
    assert_eq!((summary.ceased, summary.changed), (1, 0));
    assert_eq!(summary.ceased_companies[0].reason, CeaseReason::Ceased);
    let (active, status): (bool, String) =
        sqlx::query_as("select active, register_status from companies where cvr = ?")
            .bind(ceasing.cvr.to_string())
            .fetch_one(&db(&server).await)
            .await
            .expect("kept");
    assert_eq!((active, status.as_str()), (false, "ceased"));
}

#[tokio::test]
async fn a_malformed_file_and_a_person_document_are_rejected_and_nothing_is_written() {
    let server = TestServer::start().await;
    applied(&server, &request(ImportFormat::Cvr, write_file(&server, "ok.jsonl", cvr_lines(&[company(1)]))))
        .await;
    let pool = db(&server).await;
    let before = counts(&pool).await;

    let malformed = write_file(&server, "bad.json", "{\n  \"hits\": { \"hits\": [ {\"_source\": ");
    let error =
        run(&server, &request(ImportFormat::Cvr, malformed)).await.map(|_| ()).expect_err("malformed");
    assert!(matches!(error, ImportError::Cvr(RegisterError::MalformedJson { .. })), "{error:?}");
    assert_eq!(error.code(), "invalid_file");

    let person = write_file(&server, "person.jsonl", "{\"Vrdeltagerperson\": {\"enhedsNummer\": 1}}\n");
    let error = run(&server, &request(ImportFormat::Cvr, person)).await.map(|_| ()).expect_err("a person");
    assert_eq!(error.code(), "wrong_document_type");
    assert!(error.message_da().contains("personopslag"), "{}", error.message_da());

    // Good records around a broken line: all or nothing, so nothing.
    let mut mixed = cvr_lines(&[company(2), company(3)]);
    mixed.push_str("{\"Vrvirksomhed\": {\"cvrNummer\": 12345678}}\n");
    let outcome = run(&server, &request(ImportFormat::Cvr, write_file(&server, "mixed.jsonl", mixed)))
        .await
        .expect("readable");
    assert!(!outcome.summary.applied);
    assert_eq!(outcome.summary.rejected, 1);
    assert!(
        outcome.summary.rejected_records[0].message_da.starts_with("Linje 3"),
        "{:?}",
        outcome.summary.rejected_records
    );
    assert_eq!(counts(&pool).await, before, "nothing written");
}

#[tokio::test]
async fn reference_tables_hold_all_db07_levels_and_randers_postal_codes() {
    let server = TestServer::start().await;
    let store = server.state.store();
    let detail_rows =
        include_str!("../data/db07.tsv").lines().filter(|l| l.split('\t').nth(1) == Some("4")).count();
    assert_eq!(detail_rows, 741);
    assert_eq!(store.count_industries(4).await.expect("count"), detail_rows as u64);
    assert_eq!(store.count_industries(0).await.expect("count"), 21);
    let groups = store.industry_groups().await.expect("groups");
    assert_eq!(groups.len(), 11);
    assert_eq!(groups.iter().map(|g| u64::from(g.detail_codes)).sum::<u64>(), 741);
    let randers = store.postal_codes(Some(730)).await.expect("postal codes");
    assert_eq!(randers.len(), 12);
    assert!(randers.iter().any(|p| p.postal_code == "8900" && p.town == "Randers C"));

    let token = server.consultant_token().await;
    let body: serde_json::Value = server
        .get_with("/api/reference/postal-codes?municipality=730", &token)
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(body.as_array().map(Vec::len), Some(12));
    let groups: serde_json::Value =
        server.get_with("/api/reference/industry-groups", &token).await.json().await.expect("json");
    assert_eq!(groups[3]["name"], "Handel og transport mv.");
    assert_eq!(server.get("/api/reference/industry-groups").await.status(), 401);
}

#[tokio::test]
async fn loading_reference_tables_again_changes_nothing() {
    let server = TestServer::start().await;
    let loaded = kontaktpunkt_server::reference::load_if_empty(server.state.store()).await.expect("load");
    assert_eq!(loaded, Default::default());
    assert_eq!(count(&db(&server).await, "industries").await, 1740);
}

#[tokio::test]
async fn a_company_repeated_in_the_file_is_counted_once_and_the_last_record_wins() {
    let server = TestServer::start().await;
    let first = company(9);
    let mut later = first.clone();
    later.name = "Senere Navn ApS".into();
    let path = write_file(&server, "repeat.jsonl", cvr_lines(&[first.clone(), company(10), later]));
    let summary = applied(&server, &request(ImportFormat::Cvr, path)).await;
    assert_eq!((summary.new, summary.changed, summary.duplicates), (2, 0, 1));
    let name: String = sqlx::query_scalar("select name from companies where cvr = ?")
        .bind(first.cvr.to_string())
        .fetch_one(&db(&server).await)
        .await
        .expect("stored");
    assert_eq!(name, "Senere Navn ApS");
}

#[tokio::test]
async fn imported_changes_reach_the_sync_change_log_and_unchanged_companies_stay_put() {
    let server = TestServer::start().await;
    let (mut a, b) = (company(11), company(12));
    applied(
        &server,
        &request(ImportFormat::Cvr, write_file(&server, "1.jsonl", cvr_lines(&[a.clone(), b.clone()]))),
    )
    .await;
    let pool = db(&server).await;
    let seq = |cvr: String| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("select seq from change_log where entity = 'company' and key = ?")
                .bind(cvr)
                .fetch_one(&pool)
                .await
                .expect("logged")
        }
    };
    let (a_before, b_before) = (seq(a.cvr.to_string()).await, seq(b.cvr.to_string()).await);
    a.employees = kontaktpunkt_domain::EmployeeInterval::From50To99;
    applied(
        &server,
        &request(ImportFormat::Cvr, write_file(&server, "2.jsonl", cvr_lines(&[a.clone(), b.clone()]))),
    )
    .await;
    assert!(seq(a.cvr.to_string()).await > a_before, "the changed company is logged again");
    assert_eq!(seq(b.cvr.to_string()).await, b_before, "the unchanged company is not");
}
