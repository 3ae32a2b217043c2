//! The coordinator's desk: `/api/desk/…`, checked against the seeded demo municipality.

use crate::common::{TestDirs, TestServer};
use chrono::{Duration, Months};
use kontaktpunkt_demo::DEMO_PASSWORD;
use kontaktpunkt_domain::Cvr;
use kontaktpunkt_server::Config;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

const DESK: [&str; 7] = [
    "/api/desk/parallel",
    "/api/desk/stale",
    "/api/desk/stale?format=csv",
    "/api/desk/coverage",
    "/api/desk/feedback",
    "/api/desk/do-not-contact",
    "/api/desk/do-not-contact?format=csv",
];

#[tokio::test]
async fn every_desk_endpoint_is_403_for_a_consultant_and_401_without_login() {
    let server = TestServer::start().await;
    let token = server.consultant_token().await;
    for path in DESK {
        let response = server.get_with(path, &token).await;
        assert_eq!(response.status(), 403, "{path}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"], "forbidden", "{path}");
        assert_eq!(server.get(path).await.status(), 401, "{path}");
    }
}

#[tokio::test]
async fn bad_query_parameters_are_400_naming_the_field_in_danish_and_english() {
    let server = TestServer::start().await;
    server.create_user("koord-test", "hemmeligt-kodeord", kontaktpunkt_domain::Role::Coordinator).await;
    let token = server.login("koord-test", "hemmeligt-kodeord").await;
    for (path, field) in [
        ("/api/desk/parallel?days=-1", "days"),
        ("/api/desk/parallel?from=2026-13-01", "from"),
        ("/api/desk/parallel?from=2026-11-02&to=2026-11-01", "from"),
        ("/api/desk/stale?months=0", "months"),
        ("/api/desk/stale?industry_group=12", "industry_group"),
        ("/api/desk/stale?postal_code=89", "postal_code"),
        ("/api/desk/stale?employees=many", "employees"),
        ("/api/desk/stale?format=xml", "format"),
        ("/api/desk/coverage?to=yesterday", "to"),
        ("/api/desk/feedback?from=2000-01-01&to=2026-01-01", "from"),
        ("/api/desk/do-not-contact?format=pdf", "format"),
    ] {
        let response = server.get_with(path, &token).await;
        assert_eq!(response.status(), 400, "{path}");
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["error"], "invalid_query", "{path}");
        let problem = body["fields"][field].as_str().unwrap_or_else(|| panic!("{path}: {body}"));
        assert!(problem.contains(" / "), "Danish / English: {problem}");
    }
    // A well-formed query on an empty municipality answers with empty figures.
    let body: Value = server.get_with("/api/desk/parallel?days=10", &token).await.json().await.expect("json");
    assert_eq!((body["days"].as_i64(), body["count"].as_u64()), (Some(10), Some(0)));
}

#[tokio::test]
async fn the_demo_municipalitys_desk_figures_match_an_independent_count_from_the_seeded_data() {
    let dirs = TestDirs::new();
    let config = Config { no_demo: false, ..dirs.config() };
    let server = TestServer::start_with(dirs, &config).await;
    let today = chrono::Local::now().date_naive();
    let demo = kontaktpunkt_demo::generate(config.demo_seed, today);
    let token = server.login("koordinator", DEMO_PASSWORD).await;

    // (A) Companies with contacts from two or more units in the last 30 days.
    let from = today - Duration::days(30);
    let mut units: HashMap<&Cvr, HashSet<Uuid>> = HashMap::new();
    for contact in demo.contacts.iter().filter(|c| c.date >= from && c.date <= today) {
        units.entry(&contact.company).or_default().insert(contact.unit_id);
    }
    let expected: HashSet<String> =
        units.iter().filter(|(_, u)| u.len() >= 2).map(|(c, _)| c.to_string()).collect();
    assert!(!expected.is_empty(), "the demo has parallel cases");
    let response = server.get_with("/api/desk/parallel", &token).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["count"].as_u64(), Some(expected.len() as u64));
    let got: HashSet<String> = body["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .map(|c| c["company"].as_str().expect("cvr").to_owned())
        .collect();
    assert_eq!(got, expected);
    let case = &body["cases"][0];
    assert!(case["units"].as_array().expect("units").len() >= 2);
    assert!(case["contacts"][0]["user_id"].is_string() && case["contacts"][0]["kind"].is_string());

    // (B) Active companies never contacted, or last contacted before the cut-off.
    let cutoff = today.checked_sub_months(Months::new(12)).expect("date");
    let mut last: HashMap<&Cvr, chrono::NaiveDate> = HashMap::new();
    for contact in &demo.contacts {
        let entry = last.entry(&contact.company).or_insert(contact.date);
        *entry = (*entry).max(contact.date);
    }
    let active = demo.companies.iter().filter(|c| c.active);
    let never = active.clone().filter(|c| !last.contains_key(&c.cvr)).count() as u64;
    let stale = active.clone().filter(|c| last.get(&c.cvr).is_none_or(|d| *d < cutoff)).count() as u64;
    let body: Value = server.get_with("/api/desk/stale", &token).await.json().await.expect("json");
    assert_eq!((body["count"].as_u64(), body["never_contacted"].as_u64()), (Some(stale), Some(never)));
    let csv = server.get_with("/api/desk/stale?format=csv", &token).await;
    assert!(csv.headers()["content-type"].to_str().expect("ascii").starts_with("text/csv"));
    let text = csv.text().await.expect("csv");
    assert_eq!(text.lines().count() as u64, stale + 1, "a header and one line per company");

    // (C) The population is the active companies.
    let body: Value = server.get_with("/api/desk/coverage", &token).await.json().await.expect("json");
    assert_eq!(body["population"].as_u64(), Some(active.count() as u64));
    assert_eq!(body["by_industry_group"].as_array().map(Vec::len), Some(11));
    assert_eq!(body["far_below_fraction"].as_f64(), Some(0.5));

    // Feedback submitted in the last 12 months.
    let in_period: Vec<_> = demo
        .feedback
        .iter()
        .filter(|f| {
            let day = f.submitted_at.date_naive();
            day >= cutoff && day <= today
        })
        .collect();
    let body: Value = server.get_with("/api/desk/feedback", &token).await.json().await.expect("json");
    assert_eq!(body["total"]["responses"].as_u64(), Some(in_period.len() as u64));
    // The survey's answers count as their own version; "no answer" is in no share.
    let surveys = in_period.iter().filter(|f| f.survey.is_some()).count() as u64;
    assert!(surveys > 0, "the demo's recent feedback answers the survey");
    assert_eq!(body["total"]["survey_responses"].as_u64(), Some(surveys));
    let answered: Vec<bool> = in_period.iter().filter_map(|f| f.relevance()).collect();
    assert!(answered.len() < in_period.len(), "some companies did not answer the relevance question");
    let share = answered.iter().filter(|&&yes| yes).count() as f64 / answered.len() as f64;
    let reported = body["total"]["relevant_share"].as_f64().expect("a share");
    assert!((reported - share).abs() < 1e-9, "relevant share {reported}, expected {share}");

    // The do-not-contact list: every flag, with the company's name and the registrant.
    let body: Value = server.get_with("/api/desk/do-not-contact", &token).await.json().await.expect("json");
    let list = body.as_array().expect("list");
    assert_eq!(list.len(), demo.do_not_contact.len());
    assert!(list.iter().all(|e| !e["company_name"].as_str().unwrap_or("").is_empty()));
    assert!(list.iter().all(|e| !e["registered_by_name"].as_str().unwrap_or("").is_empty()));
    let csv = server.get_with("/api/desk/do-not-contact?format=csv", &token).await.text().await.expect("csv");
    assert_eq!(csv.lines().count(), demo.do_not_contact.len() + 1);
    assert!(csv.starts_with("\u{feff}cvr;navn;begrundelse"));
}
