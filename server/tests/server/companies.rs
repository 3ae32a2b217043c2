//! Paging through the company register.

use crate::common::{TestServer, companies};
use chrono::Utc;
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_domain::api::{CompanyPage, ErrorBody};
use std::collections::BTreeSet;

#[tokio::test]
async fn paging_visits_every_company_exactly_once_in_cvr_order() {
    let server = TestServer::start().await;
    let inserted = companies(23);
    server.state.store().insert_companies(&inserted, Utc::now()).await.expect("insert");
    let token = server.consultant_token().await;

    let mut seen: Vec<Cvr> = Vec::new();
    let mut after: Option<Cvr> = None;
    let mut pages = 0;
    loop {
        let path = match &after {
            Some(cvr) => format!("/api/companies?limit=5&after={cvr}"),
            None => "/api/companies?limit=5".to_owned(),
        };
        let response = server.get_with(&path, &token).await;
        assert_eq!(response.status(), 200);
        let page: CompanyPage = response.json().await.expect("page");
        assert_eq!(page.total, 23);
        pages += 1;
        seen.extend(page.companies.iter().map(|c| c.cvr.clone()));
        match page.next_after {
            Some(next) => {
                assert_eq!(page.companies.len(), 5, "only the last page may be short");
                assert_eq!(Some(&next), page.companies.last().map(|c| &c.cvr));
                after = Some(next);
            }
            None => break,
        }
        assert!(pages < 10, "paging does not end");
    }
    assert_eq!(pages, 5);
    let mut expected: Vec<Cvr> = inserted.iter().map(|c| c.cvr.clone()).collect();
    expected.sort();
    assert_eq!(seen, expected, "every company once, in CVR order");
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 23);
}

#[tokio::test]
async fn a_full_last_page_has_no_next_after() {
    let server = TestServer::start().await;
    server.state.store().insert_companies(&companies(4), Utc::now()).await.expect("insert");
    let token = server.consultant_token().await;
    let page: CompanyPage =
        server.get_with("/api/companies?limit=4", &token).await.json().await.expect("page");
    assert_eq!(page.companies.len(), 4);
    assert_eq!(page.next_after, None);
}

#[tokio::test]
async fn companies_come_back_as_they_were_stored() {
    let server = TestServer::start().await;
    let mut inserted = companies(3);
    server.state.store().insert_companies(&inserted, Utc::now()).await.expect("insert");
    let token = server.consultant_token().await;
    let page: CompanyPage = server.get_with("/api/companies", &token).await.json().await.expect("page");
    inserted.sort_by(|a, b| a.cvr.cmp(&b.cvr));
    assert_eq!(page.companies, inserted);
}

#[tokio::test]
async fn the_page_size_is_clamped_not_refused() {
    let server = TestServer::start().await;
    server.state.store().insert_companies(&companies(3), Utc::now()).await.expect("insert");
    let token = server.consultant_token().await;
    let page: CompanyPage =
        server.get_with("/api/companies?limit=0", &token).await.json().await.expect("page");
    assert_eq!(page.companies.len(), 1);
    assert!(page.next_after.is_some());
}

#[tokio::test]
async fn a_bad_after_is_422_naming_the_field() {
    let server = TestServer::start().await;
    let token = server.consultant_token().await;
    for bad in ["12345678", "abc", "2505294"] {
        let response = server.get_with(&format!("/api/companies?after={bad}"), &token).await;
        assert_eq!(response.status(), 422, "after={bad}");
        let body: ErrorBody = response.json().await.expect("error body");
        assert_eq!(body.error, "invalid_input");
        assert!(body.fields.contains_key("after"), "{body:?}");
    }
    let response = server.get_with("/api/companies?limit=mange", &token).await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn inserting_a_company_twice_is_a_conflict_on_cvr() {
    let server = TestServer::start().await;
    let batch = companies(2);
    server.state.store().insert_companies(&batch, Utc::now()).await.expect("insert");
    let again = server.state.store().insert_companies(&batch[..1], Utc::now()).await;
    assert!(matches!(again, Err(kontaktpunkt_server::StoreError::Conflict { field: "cvr" })), "{again:?}");
    assert_eq!(server.state.store().count_companies().await.expect("count"), 2);
}
