//! The built app: client-side routes, fingerprinted files, precompression and cache headers.

use crate::common::{TestDirs, TestServer};

const FINGERPRINTED: &str = "kontaktpunkt-app-3f9a0c1d2e4b5a69.wasm";
const INDEX: &str = "<!doctype html><title>Kontaktpunkt</title>";

async fn server_with_a_built_app() -> TestServer {
    let dirs = TestDirs::new();
    dirs.dist_file("index.html", INDEX);
    dirs.dist_file(FINGERPRINTED, b"\0asm plain");
    // Not real brotli: the server must pass the sibling through untouched, not decode it.
    dirs.dist_file(&format!("{FINGERPRINTED}.br"), b"brotli bytes");
    dirs.dist_file("manifest.webmanifest", "{}");
    dirs.dist_file("sw.js", "self.addEventListener('fetch', () => {});");
    let config = dirs.config();
    TestServer::start_with(dirs, &config).await
}

#[tokio::test]
async fn a_client_route_gets_index_html_that_is_never_cached_blindly() {
    let server = server_with_a_built_app().await;
    let response = server.get("/virksomheder/123").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-cache");
    assert!(response.headers()["content-type"].to_str().is_ok_and(|t| t.starts_with("text/html")));
    assert_eq!(response.text().await.expect("body"), INDEX);

    let root = server.get("/").await;
    assert_eq!(root.status(), 200);
    assert_eq!(root.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn a_fingerprinted_file_is_immutable_and_comes_precompressed() {
    let server = server_with_a_built_app().await;
    let response = server
        .client
        .get(server.url(&format!("/{FINGERPRINTED}")))
        .header("accept-encoding", "br")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(response.headers()["content-type"], "application/wasm");
    assert_eq!(response.bytes().await.expect("body").as_ref(), b"brotli bytes", "sent once, as stored");

    let plain = server.get(&format!("/{FINGERPRINTED}")).await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.expect("body").as_ref(), b"\0asm plain");
}

#[tokio::test]
async fn unfingerprinted_files_must_be_revalidated() {
    let server = server_with_a_built_app().await;
    let manifest = server.get("/manifest.webmanifest").await;
    assert_eq!(manifest.status(), 200);
    assert_eq!(manifest.headers()["cache-control"], "no-cache");
    assert_eq!(manifest.headers()["content-type"], "application/manifest+json");
    let worker = server.get("/sw.js").await;
    assert_eq!(worker.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn a_missing_fingerprinted_file_falls_back_without_the_immutable_header() {
    let server = server_with_a_built_app().await;
    let response = server.get("/gone-0123456789abcdef.js").await;
    assert_eq!(response.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn an_unbuilt_app_answers_503_with_a_hint() {
    let server = TestServer::start().await;
    for path in ["/", "/virksomheder/123"] {
        let response = server.get(path).await;
        assert_eq!(response.status(), 503, "{path}");
        assert!(response.text().await.expect("body").contains("cargo xtask build"));
    }
}
