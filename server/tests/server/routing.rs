//! Health, the API description, units, unknown paths and compression.

use crate::common::TestServer;
use chrono::Utc;
use kontaktpunkt_domain::Unit;
use kontaktpunkt_domain::api::{ErrorBody, Health};
use serde_json::Value;
use uuid::Uuid;

#[tokio::test]
async fn health_is_ok_without_login() {
    let server = TestServer::start().await;
    let response = server.get("/api/health").await;
    assert_eq!(response.status(), 200);
    let health: Health = response.json().await.expect("health");
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn openapi_json_describes_every_route_with_a_bearer_scheme() {
    let server = TestServer::start().await;
    let response = server.get("/api/openapi.json").await;
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.expect("openapi document");
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{}", document["openapi"]);
    let expected = [
        ("/api/health", "get"),
        ("/api/login", "post"),
        ("/api/logout", "post"),
        ("/api/me", "get"),
        ("/api/sessions", "get"),
        ("/api/sessions/{id}", "delete"),
        ("/api/admin/users", "get"),
        ("/api/admin/users", "post"),
        ("/api/admin/users/{id}", "patch"),
        ("/api/admin/users/{id}/password", "post"),
        ("/api/admin/users/{id}/sessions/revoke", "post"),
        ("/api/admin/audit", "get"),
        ("/api/admin/devices", "get"),
        ("/api/admin/devices/{id}/revoke", "post"),
        ("/api/units", "get"),
        ("/api/units/{id}/liaison", "put"),
        ("/api/companies", "get"),
        ("/api/openapi.json", "get"),
        ("/api/sync/v1/push", "post"),
        ("/api/sync/v1/changes", "get"),
        ("/api/sync/v1/conflicts", "get"),
        ("/api/do-not-contact/{cvr}/history", "get"),
        ("/api/desk/parallel", "get"),
        ("/api/desk/stale", "get"),
        ("/api/desk/coverage", "get"),
        ("/api/desk/feedback", "get"),
        ("/api/desk/do-not-contact", "get"),
        ("/api/plans", "post"),
        ("/api/plans", "get"),
        ("/api/plans/{id}", "get"),
        ("/api/plans/{id}/items/{item}", "patch"),
        ("/api/plans/{id}/publish", "post"),
        ("/api/admin/imports", "post"),
        ("/api/admin/imports/{id}", "delete"),
        ("/api/admin/imports/{id}/apply", "post"),
        ("/api/admin/imports/{id}/mapping", "put"),
        ("/api/admin/imports/{id}/progress", "get"),
        ("/api/reference/industry-groups", "get"),
        ("/api/reference/postal-codes", "get"),
        ("/api/admin/privacy/contact-persons", "get"),
        ("/api/admin/privacy/contact-persons/{id}", "get"),
        ("/api/admin/privacy/contact-persons/{id}/erase", "post"),
        ("/api/admin/privacy/retention", "get"),
        ("/api/admin/privacy/access-request/{cvr}", "get"),
    ];
    for (path, method) in expected {
        assert!(document["paths"][path][method].is_object(), "{method} {path} missing");
    }
    let paths = document["paths"].as_object().map_or(0, |p| p.len());
    let distinct: std::collections::BTreeSet<_> = expected.iter().map(|(path, _)| path).collect();
    assert_eq!(paths, distinct.len(), "a route is undocumented or the test is out of date");
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    assert!(document["paths"]["/api/me"]["get"]["security"].is_array());
    for schema in [
        "LoginRequest",
        "LoginResponse",
        "Me",
        "CompanyPage",
        "Health",
        "ErrorBody",
        "Company",
        "ParallelOverview",
        "StaleOverview",
        "CoverageOverview",
        "FeedbackOverview",
        "DoNotContactEntry",
        "PlanDetail",
        "PlanSummary",
        "PlanItem",
        "PlanReason",
        "CreatePlan",
        "EditItem",
        "PlannedContact",
        "UserAccount",
        "NewUser",
        "UserChanges",
        "NewPassword",
        "SessionsEnded",
        "SessionInfo",
        "AuditPage",
        "AuditEntry",
        "ContactPersonMatch",
        "ContactPersonExport",
        "ErasureRequest",
        "ErasureReport",
        "RetentionList",
        "AccessRequestExport",
    ] {
        assert!(document["components"]["schemas"][schema].is_object(), "schema {schema} missing");
    }
}

#[tokio::test]
async fn units_are_listed_by_name_for_a_logged_in_user() {
    let server = TestServer::start().await;
    let token = server.consultant_token().await;
    for name in ["Ungeindsatsen", "Erhverv"] {
        let unit = Unit { id: Uuid::now_v7(), name: name.into(), liaison: None };
        server.state.store().create_unit(&unit, Utc::now()).await.expect("unit");
    }
    let response = server.get_with("/api/units", &token).await;
    assert_eq!(response.status(), 200);
    let units: Vec<Unit> = response.json().await.expect("units");
    let names: Vec<&str> = units.iter().map(|u| u.name.as_str()).collect();
    // The consultant's own unit was made by the harness.
    assert_eq!(names, ["Enhed for konsulent-test", "Erhverv", "Ungeindsatsen"]);
}

#[tokio::test]
async fn an_unknown_api_path_is_a_json_404_not_the_app() {
    let server = TestServer::start().await;
    server.dirs.dist_file("index.html", "<!doctype html><title>app</title>");
    for path in ["/api/nothing-here", "/api/companies/extra", "/api"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: ErrorBody = response.json().await.expect("JSON error body");
        assert_eq!(body.error, "not_found");
    }
}

#[tokio::test]
async fn a_wrong_method_on_an_api_route_is_a_json_405() {
    let server = TestServer::start().await;
    let response = server.get("/api/login").await;
    assert_eq!(response.status(), 405);
    let body: ErrorBody = response.json().await.expect("JSON error body");
    assert_eq!(body.error, "method_not_allowed");
}

#[tokio::test]
async fn api_json_is_compressed_when_the_client_accepts_it() {
    let server = TestServer::start().await;
    for encoding in ["br", "gzip"] {
        let response = server
            .client
            .get(server.url("/api/openapi.json"))
            .header("accept-encoding", encoding)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
}
