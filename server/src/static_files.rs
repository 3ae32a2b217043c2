//! The built PWA: files from the dist directory, and `index.html` for client-side routes.
//!
//! Fingerprinted files never change under their name, so browsers may keep them for a year;
//! everything else (index.html, the service worker, the manifest) must be revalidated, or
//! an update would never reach a device.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use tower::{Service, ServiceBuilder, ServiceExt};
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// Marks a response that is `index.html` standing in for a path that is not a file.
#[derive(Debug, Clone, Copy)]
struct ServedIndex;

/// The service answering every non-API path from `dist_dir`.
///
/// Serves `.br`/`.gz` siblings the build wrote when the client accepts them, so these files
/// never pass through the compression layer (which skips responses that are already encoded).
pub fn service(
    dist_dir: &Path,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + Sync + 'static
{
    let files = ServeDir::new(dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index_or_not_built(dist_dir.join("index.html")));
    ServiceBuilder::new().layer(middleware::from_fn(cache_headers)).service(files)
}

/// `index.html` for client-side routes, or 503 while the app has not been built.
fn index_or_not_built(
    index: PathBuf,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + Sync + 'static
{
    tower::service_fn(move |request: Request| {
        let index = index.clone();
        async move {
            // Checked per request: the app may be built while the server runs.
            let mut response = if tokio::fs::try_exists(&index).await.unwrap_or(false) {
                let served = ServeFile::new(&index).precompressed_br().precompressed_gzip().oneshot(request);
                match served.await {
                    Ok(response) => response.map(Body::new),
                    Err(never) => match never {},
                }
            } else {
                not_built()
            };
            response.extensions_mut().insert(ServedIndex);
            Ok::<_, Infallible>(response)
        }
    })
}

fn not_built() -> Response {
    let page = "<!doctype html><html lang=\"da\"><meta charset=\"utf-8\"><title>Kontaktpunkt</title>\
                <h1>Appen er ikke bygget</h1>\
                <p>Kontaktpunkt's app has not been built yet. Run <code>cargo xtask build</code> \
                and reload this page.</p></html>";
    (StatusCode::SERVICE_UNAVAILABLE, Html(page)).into_response()
}

/// Sets cache and content-type headers by file name.
async fn cache_headers(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let served_index = response.extensions().get::<ServedIndex>().is_some();
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let file_name = path.rsplit('/').next().unwrap_or_default();
    let headers = response.headers_mut();
    let immutable = found && !served_index && is_fingerprinted(file_name);
    headers.insert(header::CACHE_CONTROL, if immutable { IMMUTABLE } else { NO_CACHE });
    if found {
        // The same URL may be answered brotli, gzip or plain, depending on the request.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if !served_index && let Some(content_type) = content_type(file_name) {
            headers.insert(header::CONTENT_TYPE, content_type);
        }
    }
    response
}

/// Types browsers are strict about: they refuse to stream-compile wasm served as anything
/// but `application/wasm`, and expect the manifest type for the web manifest.
fn content_type(file_name: &str) -> Option<HeaderValue> {
    let extension = file_name.rsplit_once('.')?.1;
    match extension {
        "wasm" => Some(HeaderValue::from_static("application/wasm")),
        "webmanifest" => Some(HeaderValue::from_static("application/manifest+json")),
        _ => None,
    }
}

/// True for `<name>-<16 lowercase hex digits>.<ext>`, the names the build gives to files
/// whose content decides their name.
pub fn is_fingerprinted(file_name: &str) -> bool {
    let Some((stem, extension)) = file_name.split_once('.') else {
        return false;
    };
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && !extension.is_empty()
        && hash.len() == 16
        && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprinted_names_are_recognised() {
        assert!(is_fingerprinted("kontaktpunkt-app-3f9a0c1d2e4b5a69.wasm"));
        assert!(is_fingerprinted("style-0123456789abcdef.css"));
        assert!(is_fingerprinted("kontaktpunkt-app-3f9a0c1d2e4b5a69.js"));
    }

    #[test]
    fn other_names_are_not_fingerprinted() {
        for name in [
            "index.html",
            "sw.js",
            "manifest.webmanifest",
            "icon-192.png",
            "app-3F9A0C1D2E4B5A69.wasm",
            "app-3f9a0c1d2e4b5a6.wasm",
            "-3f9a0c1d2e4b5a69.wasm",
            "app-3f9a0c1d2e4b5a69",
            "",
        ] {
            assert!(!is_fingerprinted(name), "{name}");
        }
    }

    #[test]
    fn strict_types_for_wasm_and_the_manifest() {
        assert_eq!(
            content_type("a-0123456789abcdef.wasm"),
            Some(HeaderValue::from_static("application/wasm"))
        );
        assert_eq!(
            content_type("manifest.webmanifest"),
            Some(HeaderValue::from_static("application/manifest+json"))
        );
        assert_eq!(content_type("index.html"), None);
    }
}
