//! The built PWA: files from the dist directory, and `index.html` for client-side routes.
//!
//! Fingerprinted files never change under their name, so browsers may keep them for a year;
//! everything else (index.html, the service worker, the manifest) must be revalidated, or
//! an update would never reach a device.
//!
//! Every file goes out with the app's Content-Security-Policy: scripts only from this origin
//! plus the inline `<script>` blocks of `index.html`, allowed by their SHA-256 (computed here
//! whenever `index.html` changes on disk, since the build writes it), and WebAssembly
//! compilation (`'wasm-unsafe-eval'`). Styles allow inline `style` attributes, which the
//! app's rendered HTML uses; nothing may frame the app, load plugins or change its base URL.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
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
    let csp = Arc::new(AppCsp::new(dist_dir.join("index.html")));
    ServiceBuilder::new()
        .layer(middleware::from_fn_with_state(csp, content_security_policy))
        .layer(middleware::from_fn(cache_headers))
        .service(files)
}

/// The app's Content-Security-Policy, recomputed when `index.html` changes.
#[derive(Debug)]
struct AppCsp {
    index: PathBuf,
    /// The policy and the size and modification time of the `index.html` it was made from.
    cached: Mutex<Option<(IndexStamp, HeaderValue)>>,
}

type IndexStamp = Option<(u64, Option<std::time::SystemTime>)>;

impl AppCsp {
    fn new(index: PathBuf) -> Self {
        Self { index, cached: Mutex::new(None) }
    }

    async fn header(&self) -> HeaderValue {
        let stamp: IndexStamp =
            tokio::fs::metadata(&self.index).await.ok().map(|m| (m.len(), m.modified().ok()));
        if let Ok(cached) = self.cached.lock()
            && let Some((at, value)) = cached.as_ref()
            && *at == stamp
        {
            return value.clone();
        }
        let html = match stamp {
            Some(_) => tokio::fs::read_to_string(&self.index).await.unwrap_or_default(),
            None => String::new(),
        };
        let policy = app_csp(&inline_script_hashes(&html));
        // Hashes and keywords are ASCII, so the header value is always valid.
        let value =
            HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((stamp, value.clone()));
        }
        value
    }
}

async fn content_security_policy(State(csp): State<Arc<AppCsp>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, csp.header().await);
    response
}

/// The policy for the app, allowing the inline scripts with these `sha256-…` sources.
pub fn app_csp(script_hashes: &[String]) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        script_src.push_str(&format!(" '{hash}'"));
    }
    format!(
        "default-src 'self'; script-src {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; \
         manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// `sha256-<base64>` of the text of every inline `<script>` (one without `src`), as a
/// browser hashes it: line breaks normalised to `\n`, nothing else changed.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use sha2::{Digest, Sha256};
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut hashes = Vec::new();
    let mut at = 0;
    while let Some(found) = lower[at..].find("<script") {
        let start = at + found;
        let after_name = start + "<script".len();
        let Some(tag_end) = lower[after_name..].find('>').map(|i| after_name + i) else { break };
        let attributes = &lower[after_name..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else { break };
        at = close + "</script".len();
        // `<scripts>` or `<script-x>` are other elements.
        if !attributes.is_empty() && !attributes.starts_with(|c: char| c.is_ascii_whitespace() || c == '/') {
            continue;
        }
        let has_src =
            attributes.split(|c: char| c.is_ascii_whitespace()).any(|a| a.starts_with("src=") || a == "src");
        if has_src {
            continue;
        }
        let text = html[tag_end + 1..close].replace("\r\n", "\n").replace('\r', "\n");
        hashes.push(format!("sha256-{}", base64(&Sha256::digest(text.as_bytes()))));
    }
    hashes
}

/// Standard base64 with padding (what CSP hash sources use).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
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
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn inline_scripts_are_hashed_and_scripts_with_src_are_not() {
        let html = "<head><script src=\"/a.js\"></script><SCRIPT type=\"module\">alert(1);</SCRIPT>\
                    <scripts>no</scripts><script>\r\nx()\r\n</script></head>";
        // sha256("alert(1);") and sha256("\nx()\n") (CR LF read as LF), base64.
        let expected = [
            "sha256-5jFwrAK0UV47oFbVg/iCCBbxD8X1w+QvoOUepu4C2YA=",
            "sha256-F4wm3/HuV6MrPWziU0ZEzTNInvfl5dk7Nc+6nvtdZFo=",
        ];
        assert_eq!(inline_script_hashes(html), expected);
        assert!(inline_script_hashes("<p>no scripts</p>").is_empty());
    }

    #[test]
    fn the_app_policy_allows_wasm_and_the_given_hashes_and_forbids_framing() {
        let policy = app_csp(&["sha256-abc=".to_owned()]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc='"), "{policy}");
        for directive in ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'"] {
            assert!(policy.contains(directive), "{directive} in {policy}");
        }
        assert!(!policy.contains("'unsafe-eval'"), "{policy}");
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
