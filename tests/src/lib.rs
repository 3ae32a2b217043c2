//! Harness for Kontaktpunkt's end-to-end tests: the real server on a private port with a
//! fresh SQLite database, and a real headless Chromium driven over WebDriver.
//!
//! Everything started here is stopped by `Drop`, so a failing test leaves no processes behind.

use std::net::{SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use kontaktpunkt_domain::api::{LoginRequest, LoginResponse};
use kontaktpunkt_server::{Config, prepare, router, serve};
use tempfile::TempDir;

mod devtools;
mod profile;
mod steps;
pub use profile::print_profile_summary;
pub use steps::{contactable_company, contacts_with_id, feedback_on_contact};

/// Password of every demo user (the server seeds the demo municipality into a new database).
pub const DEMO_PASSWORD: &str = "kontaktpunkt";

/// How long a test waits for the app: generous, as CI machines are slow and shared.
pub const LONG: Duration = Duration::from_secs(90);

/// The workspace root, where `cargo xtask build` writes `dist/`.
pub fn workspace_root() -> PathBuf {
    // `cargo test` sets the manifest dir of the checkout it runs in (a build cache shared by
    // several checkouts may hand this one a test binary compiled in another).
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    manifest.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The built PWA; the tests refuse to run against a missing build rather than test nothing.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("KONTAKTPUNKT_DIST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").is_file(),
        "{} has no index.html: run `cargo xtask build` before the end-to-end tests",
        dist.display()
    );
    dist
}

/// Name stem of the generated companies of [`seed_demo_up_to`] ("Måle 4711 ApS", "Målevej 4711").
pub const GENERATED_COMPANY_LABEL: &str = "Måle";

/// A new database in `data_dir` for a benchmark at municipal scale: the demo municipality,
/// topped up with generated companies ([`GENERATED_COMPANY_LABEL`] …) to `size`. Returns the prepared state, to
/// read what was seeded before the server starts on the same data.
pub async fn seed_demo_up_to(data_dir: &Path, dist: &Path, size: usize) -> kontaktpunkt_server::AppState {
    let state = prepare(&Config::with_dirs(data_dir, dist)).await.expect("prepare database");
    let demo = state.store().count_companies().await.expect("count") as usize;
    let extra: Vec<_> = kontaktpunkt_demo::numbered_companies(7_000_000, GENERATED_COMPANY_LABEL)
        .take(size.saturating_sub(demo))
        .collect();
    state.store().insert_companies(&extra, chrono::Utc::now()).await.expect("insert");
    state
}

/// The real server on its own runtime and thread, so a test can kill it abruptly —
/// listener, open connections and all — as if the process had died.
pub struct TestServer {
    pub addr: SocketAddr,
    data_dir: PathBuf,
    dist: PathBuf,
    kill: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// Starts the server on 127.0.0.1 with a data dir (and its SQLite database) in `data_dir`;
    /// seeds the demo municipality when the database is new.
    pub fn start(data_dir: &Path) -> Self {
        Self::start_serving(data_dir, &dist_dir())
    }

    /// Like [`TestServer::start`], serving the built PWA from `dist` instead (a benchmark's
    /// copy of `dist/` with its own pages beside the app's).
    pub fn start_serving(data_dir: &Path, dist: &Path) -> Self {
        Self::start_on(data_dir, dist, 0)
    }

    /// Starts the server again on the same port and data, as after a crash. The browser's
    /// origin (and so its IndexedDB and service worker) stays the same.
    pub fn restart(&mut self) {
        self.kill();
        *self = Self::start_on(&self.data_dir.clone(), &self.dist.clone(), self.addr.port());
    }

    fn start_on(data_dir: &Path, dist: &Path, port: u16) -> Self {
        // Built from defaults, not parsed, so a DATABASE_URL in the environment cannot leak in.
        let config = Config::with_dirs(data_dir, dist);
        let (addr_tx, addr_rx) = mpsc::channel();
        let (kill_tx, kill_rx) = mpsc::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("tokio runtime");
            runtime.block_on(async move {
                let state = prepare(&config).await.expect("server prepares its database");
                let listener =
                    tokio::net::TcpListener::bind(("127.0.0.1", port)).await.expect("bind the port");
                addr_tx.send(listener.local_addr().expect("bound address")).expect("report address");
                let killed = async move {
                    // Blocking receive on a helper thread; the future resolves on kill or drop.
                    let _ = tokio::task::spawn_blocking(move || kill_rx.recv()).await;
                };
                tokio::select! {
                    result = serve(listener, router(state), std::future::pending::<()>()) => {
                        result.expect("server runs");
                    }
                    () = killed => {}
                }
            });
            // Dropping the runtime aborts every connection task: a hard stop, not a graceful one.
            runtime.shutdown_timeout(Duration::ZERO);
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(120)).expect("server started within 2 minutes");
        Self {
            addr,
            data_dir: data_dir.to_path_buf(),
            dist: dist.to_path_buf(),
            kill: Some(kill_tx),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Logs a demo user in through the API, as the app does: the session the app would keep.
    pub async fn login(&self, username: &str) -> LoginResponse {
        let request =
            LoginRequest { username: username.into(), password: DEMO_PASSWORD.into(), device_id: None };
        reqwest::Client::new()
            .post(self.url("/api/login"))
            .json(&request)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .unwrap_or_else(|e| panic!("demo login of {username}: {e}"))
            .json()
            .await
            .expect("login answer")
    }

    /// Imports a register file in CSV as the demo admin does (upload, then apply), and returns
    /// the import's summary.
    pub async fn import_csv(&self, csv: String) -> serde_json::Value {
        let http = reqwest::Client::new();
        let admin = self.login_token("admin").await;
        let answer = |request: reqwest::RequestBuilder, what: &'static str| async move {
            let response = request.send().await.and_then(reqwest::Response::error_for_status);
            let response = response.unwrap_or_else(|e| panic!("import {what}: {e}"));
            response.json::<serde_json::Value>().await.unwrap_or_else(|e| panic!("import {what}: {e}"))
        };
        let upload = http.post(self.url("/api/admin/imports?format=csv")).bearer_auth(&admin).body(csv);
        let preview = answer(upload, "upload").await;
        let id = preview["id"].as_str().unwrap_or_else(|| panic!("no import id: {preview}"));
        let apply = http.post(self.url(&format!("/api/admin/imports/{id}/apply"))).bearer_auth(&admin);
        answer(apply, "apply").await
    }

    /// Logs a demo user in through the API and returns the bearer token.
    pub async fn login_token(&self, username: &str) -> String {
        self.login(username).await.token
    }

    /// Stops the server abruptly and waits until its port refuses connections.
    pub fn kill(&mut self) {
        let Some(thread) = self.thread.take() else {
            return; // Already stopped.
        };
        if let Some(kill) = self.kill.take() {
            let _ = kill.send(());
        }
        let _ = thread.join();
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok() {
            assert!(Instant::now() < deadline, "server still accepts connections after kill");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.kill();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A chromedriver process with its own Chromium profile and temp dir, removed on drop.
pub struct Browser {
    pub client: Client,
    // Field order is drop order: the driver (and its Chromium) goes before the directories.
    _driver: Driver,
    _profile: TempDir,
    _tmp: TempDir,
}

/// Kills chromedriver when dropped, also when a test fails before the session exists.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Browser {
    /// Starts Debian's chromedriver and a fresh headless Chromium session.
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// As [`Browser::start`], with more Chromium switches (a benchmark's).
    pub async fn start_with(extra_args: &[&str]) -> Self {
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let profile = tempfile::tempdir().expect("profile dir");
        // Chromium leaves org.chromium.* folders in TMPDIR; give it its own.
        let tmp = tempfile::tempdir().expect("browser temp dir");
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(Driver)
            .unwrap_or_else(|e| panic!("cannot start {chromedriver} (apt-get install chromium-driver): {e}"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start listening");
            std::thread::sleep(Duration::from_millis(50));
        }
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=390,844",
        ]
        .into_iter()
        .chain(extra_args.iter().copied())
        .map(str::to_owned)
        .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), serde_json::json!({ "binary": chromium, "args": args }));
        let client = ClientBuilder::rustls()
            .expect("tls setup")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("WebDriver session with headless Chromium");
        Self { client, _driver: driver, _profile: profile, _tmp: tmp }
    }

    /// Opens the app and submits the login form; returns without waiting for the outcome.
    pub async fn submit_login(&self, server: &TestServer, username: &str, password: &str) {
        self.client.goto(&server.url("/")).await.expect("open the app");
        self.wait_for("form#login-form input#username", LONG).await.send_keys(username).await.expect("type");
        self.wait_for("input#password", LONG).await.send_keys(password).await.expect("type");
        self.wait_for("button#login-submit", LONG).await.click().await.expect("submit");
    }

    /// Logs a demo user in and waits until the companies are on the device.
    pub async fn log_in(&self, server: &TestServer, username: &str) {
        self.submit_login(server, username, DEMO_PASSWORD).await;
        self.wait_for(r#"[data-testid="company-count"]"#, LONG).await;
    }

    /// Waits for an element, with a readable failure naming the selector.
    pub async fn wait_for(&self, css: &str, timeout: Duration) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(timeout)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element `{css}` did not appear within {timeout:?}: {e}"))
    }

    /// Polls a JavaScript expression until it returns `true`.
    pub async fn wait_until_js(&self, expression: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            let value = self
                .client
                .execute(&format!("return Boolean({expression});"), vec![])
                .await
                .unwrap_or(serde_json::Value::Bool(false));
            if value == serde_json::Value::Bool(true) {
                return;
            }
            assert!(Instant::now() < deadline, "`{expression}` was not true within {timeout:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Ends the WebDriver session (closing Chromium cleanly), then the driver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// For `execute_async`: the company snapshot's size in bytes (`bytes`), the size of the
/// recent layer kept beside it since (`recent`), and whether they were made from the
/// companies as they are now (`fresh`: the stamp of the recent layer, or of the snapshot
/// without one, equals the stamp of the last pulled page that changed companies).
const READ_CATALOG_SNAPSHOT_JS: &str = r#"
const done = arguments[arguments.length - 1];
const open = indexedDB.open('kontaktpunkt');
open.onerror = () => done({ error: String(open.error) });
open.onsuccess = () => {
  const tx = open.result.transaction('meta', 'readonly');
  const meta = tx.objectStore('meta');
  const snapshot = meta.get('catalog_snapshot');
  const beside = meta.get('catalog_recent');
  const stamp = meta.get('companies_stamp');
  tx.oncomplete = () => {
    const s = snapshot.result;
    const r = s && beside.result && beside.result.base === s.base ? beside.result : null;
    done({
      bytes: s && s.bytes ? s.bytes.length : 0,
      recent: r && r.bytes ? r.bytes.length : 0,
      fresh: !!s && (r || s).stamp === stamp.result,
    });
    open.result.close();
  };
  tx.onerror = () => done({ error: String(tx.error) });
};
"#;

impl Browser {
    /// Waits until the device holds a snapshot of its companies as they are now (read from
    /// IndexedDB), at most `timeout`; the snapshot's `{ bytes, fresh }`.
    pub async fn wait_for_fresh_snapshot(&self, timeout: Duration) -> serde_json::Value {
        let deadline = Instant::now() + timeout;
        loop {
            let value =
                self.client.execute_async(READ_CATALOG_SNAPSHOT_JS, vec![]).await.expect("read the snapshot");
            assert!(value.get("error").is_none(), "{value}");
            if value["fresh"] == serde_json::Value::Bool(true)
                && value["bytes"].as_u64().is_some_and(|n| n > 0)
            {
                return value;
            }
            assert!(Instant::now() < deadline, "no fresh company snapshot: {value}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}
