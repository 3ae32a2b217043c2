//! The test harness: [`TestServer`] and builders for test data.

use chrono::Utc;
use kontaktpunkt_domain::{Company, Role, Unit, User};
use kontaktpunkt_server::{AppState, Config, password, prepare, router, serve};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

/// A data directory and a dist directory that live as long as the test needs them.
pub struct TestDirs {
    pub data: TempDir,
    pub dist: TempDir,
}

impl TestDirs {
    pub fn new() -> Self {
        Self { data: TempDir::new().expect("temp data dir"), dist: TempDir::new().expect("temp dist dir") }
    }

    /// A configuration for these directories, without demo data (tests make their own).
    pub fn config(&self) -> Config {
        Config { no_demo: true, ..Config::with_dirs(self.data.path(), self.dist.path()) }
    }

    /// Writes a file into the dist directory.
    pub fn dist_file(&self, name: &str, content: impl AsRef<[u8]>) {
        std::fs::write(self.dist.path().join(name), content).expect("write dist file");
    }
}

/// A running server; dropping it shuts the server down and removes its directories.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
    // Declared last so the directories outlive everything that uses them.
    pub dirs: TestDirs,
}

impl TestServer {
    /// A server with an empty database and an empty dist directory.
    pub async fn start() -> Self {
        let dirs = TestDirs::new();
        let config = dirs.config();
        Self::start_with(dirs, &config).await
    }

    /// A server over `dirs`, configured by `config`.
    pub async fn start_with(dirs: TestDirs, config: &Config) -> Self {
        let state = prepare(config).await.expect("prepare");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let address = listener.local_addr().expect("local address");
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = router(state.clone());
        let task = tokio::spawn(async move {
            let _ = serve(listener, app, async move {
                let _ = stopped.await;
            })
            .await;
        });
        // No automatic decompression: tests look at the encoding the server chose.
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        Self { base: format!("http://{address}"), client, state, shutdown: Some(shutdown), task, dirs }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.expect("GET")
    }

    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.expect("GET")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client.post(self.url(path)).json(body).send().await.expect("POST")
    }

    /// Adds a unit and a user in it with `password`.
    pub async fn create_user(&self, username: &str, password: &str, role: Role) -> User {
        let unit = Unit { id: Uuid::now_v7(), name: format!("Enhed for {username}"), liaison: None };
        self.state.store().create_unit(&unit, Utc::now()).await.expect("create unit");
        let user = User {
            id: Uuid::now_v7(),
            username: username.into(),
            display_name: format!("Test {username}"),
            role,
            unit_id: Some(unit.id),
        };
        let hash = password::hash(password).expect("hash");
        self.state.store().create_user(&user, &hash, Utc::now()).await.expect("create user");
        user
    }

    /// Logs in and returns the token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response =
            self.post_json("/api/login", &json!({"username": username, "password": password})).await;
        assert_eq!(response.status(), 200, "login as {username}");
        let body: Value = response.json().await.expect("login body");
        body["token"].as_str().expect("token").to_owned()
    }

    /// A logged-in consultant's token.
    pub async fn consultant_token(&self) -> String {
        self.create_user("konsulent-test", "hemmeligt-kodeord", Role::Consultant).await;
        self.login("konsulent-test", "hemmeligt-kodeord").await
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.task.abort();
    }
}

/// `n` companies with valid, distinct CVR numbers, shuffled so insertion order is not CVR order.
pub fn companies(n: usize) -> Vec<Company> {
    let mut made: Vec<Company> = kontaktpunkt_demo::numbered_companies(2_000_000, "Test").take(n).collect();
    made.reverse();
    made
}
