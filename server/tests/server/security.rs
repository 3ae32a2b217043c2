//! HTTP hardening: security headers, the login brakes, timeouts, JSON errors and file modes.

use crate::common::{TestDirs, TestServer};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::api::ErrorBody;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const INLINE: &str = "\nimport init from '/app-0123456789abcdef.js';\ninit();\n";

async fn server_with_index() -> TestServer {
    let dirs = TestDirs::new();
    dirs.dist_file(
        "index.html",
        format!("<!doctype html><script src=\"/x.js\"></script><script type=\"module\">{INLINE}</script>"),
    );
    let config = dirs.config();
    TestServer::start_with(dirs, &config).await
}

fn sha256_source(text: &str) -> String {
    use sha2::{Digest, Sha256};
    // Standard base64 of the digest, spelled out so the test does not share the server's encoder.
    let digest = Sha256::digest(text.as_bytes());
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in digest.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                char::from(alphabet[(n >> (18 - 6 * i)) as usize & 63])
            } else {
                '='
            });
        }
    }
    format!("'sha256-{out}'")
}

#[tokio::test]
async fn the_app_and_the_api_carry_the_security_headers() {
    let server = server_with_index().await;
    let app = server.get("/").await;
    assert_eq!(app.status(), 200);
    let api = server.get("/api/health").await;
    assert_eq!(api.status(), 200);
    for (what, response) in [("/", &app), ("/api/health", &api)] {
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{what}");
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    }
    let csp = app.headers()["content-security-policy"].to_str().expect("ascii").to_owned();
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src")).expect("script-src");
    assert!(script_src.contains("'self'") && script_src.contains("'wasm-unsafe-eval'"), "{script_src}");
    assert!(
        script_src.contains(&sha256_source(INLINE)),
        "the inline script is allowed by its hash: {script_src}"
    );
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"), "{script_src}");
    for directive in ["object-src 'none'", "base-uri 'self'"] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    let api_csp = api.headers()["content-security-policy"].to_str().expect("ascii");
    assert!(api_csp.contains("default-src 'none'"), "{api_csp}");
}

#[tokio::test]
async fn the_policy_follows_a_rebuilt_index_html() {
    let server = server_with_index().await;
    let before =
        server.get("/").await.headers()["content-security-policy"].to_str().expect("ascii").to_owned();
    let rebuilt = "\nconsole.log('ny version');\n";
    // A different length, so the change is seen whatever the file system's clock resolution.
    server.dirs.dist_file("index.html", format!("<!doctype html><script>{rebuilt}</script><p>ny</p>"));
    let after =
        server.get("/").await.headers()["content-security-policy"].to_str().expect("ascii").to_owned();
    assert!(after.contains(&sha256_source(rebuilt)), "{after}");
    assert!(!after.contains(&sha256_source(INLINE)), "the old hash is gone: {after}");
    assert_ne!(before, after);
}

async fn login(server: &TestServer, username: &str, password: &str) -> reqwest::Response {
    server.post_json("/api/login", &json!({ "username": username, "password": password })).await
}

#[tokio::test]
async fn repeated_wrong_passwords_are_answered_429_with_retry_after_for_known_and_unknown_names_alike() {
    let server = TestServer::start().await;
    server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;
    for username in ["karen", "findes-ikke"] {
        for _ in 0..5 {
            assert_eq!(login(&server, username, "forkert").await.status(), 401, "{username}");
        }
        let refused = login(&server, username, "forkert").await;
        assert_eq!(refused.status(), 429, "{username}");
        let retry_after: u64 =
            refused.headers()["retry-after"].to_str().expect("ascii").parse().expect("whole seconds");
        assert!((1..=900).contains(&retry_after), "{retry_after}");
        let body: ErrorBody = refused.json().await.expect("a JSON error body");
        assert_eq!(body.error, "too_many_attempts");
        assert!(body.message.contains("For mange") && body.message.contains("Too many"), "{}", body.message);
    }
    // Even the right password waits until the window has passed.
    assert_eq!(login(&server, "karen", "rigtigt-kodeord").await.status(), 429);
}

#[tokio::test]
async fn a_success_clears_the_count_of_a_user_name() {
    let server = TestServer::start().await;
    server.create_user("karen", "rigtigt-kodeord", Role::Consultant).await;
    for _ in 0..4 {
        server.post_json("/api/login", &json!({ "username": "karen", "password": "forkert" })).await;
    }
    server.login("karen", "rigtigt-kodeord").await;
    for _ in 0..4 {
        let response =
            server.post_json("/api/login", &json!({ "username": "KAREN", "password": "forkert" })).await;
        assert_eq!(response.status(), 401);
    }
}

#[tokio::test]
async fn an_oversized_push_is_a_json_413() {
    let server = TestServer::start().await;
    let token = server.consultant_token().await;
    let body = vec![b' '; 17 * 1024 * 1024];
    let response = server
        .client
        .post(server.url("/api/sync/v1/push"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), 413);
    assert!(response.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("application/json")));
    let body: ErrorBody = response.json().await.expect("a JSON error body");
    assert_eq!(body.error, "payload_too_large");
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let server = TestServer::start().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.expect("connect");
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.expect("partial request");
    // The bound is generous: this checks that the connection is closed at all, not how fast.
    let patience = kontaktpunkt_server::HEADER_READ_TIMEOUT * 3;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(patience, stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server closed the connection");
    let text = String::from_utf8_lossy(&answer);
    assert!(answer.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_files_are_readable_by_the_server_user_only() {
    use std::os::unix::fs::PermissionsExt;
    let server = TestServer::start().await;
    server.consultant_token().await;
    for entry in std::fs::read_dir(server.dirs.data.path()).expect("data dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("kontaktpunkt.sqlite") {
            let mode = entry.metadata().expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name}");
        }
    }
}
