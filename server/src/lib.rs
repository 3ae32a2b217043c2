//! Kontaktpunkt's server: the JSON API, SQL storage and the built PWA, behind one axum router.
//!
//! `main.rs` only parses [`Config`], calls [`prepare`], binds and calls [`serve`]; tests do the
//! same on port 0 with a temporary data directory.

pub mod access;
pub mod accounts;
pub mod admin_import;
pub mod audit;
pub mod auth;
pub mod companies;
pub mod config;
pub mod desk;
pub mod devices;
pub mod do_not_contact;
pub mod error;
pub mod health;
pub mod import;
pub mod login_limit;
pub mod openapi;
pub mod password;
pub mod plans;
pub mod privacy;
pub mod reference;
pub mod seed;
pub mod sessions;
pub mod static_files;
pub mod store;
pub mod sync;
pub mod units;

pub use config::{Command, Config};
pub use store::{Store, StoreError};

use anyhow::Context;
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::routing::any;
use kontaktpunkt_domain::User;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_http::CompressionLevel;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

/// What every handler can reach: the store and a few start-up facts. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    dist_dir: PathBuf,
    /// Where uploaded import files wait for the admin's word.
    data_dir: PathBuf,
    /// The municipality this installation serves (filters register imports).
    municipality_code: u16,
    /// A hash of a random password, verified against when the username is unknown so that
    /// unknown and known users take the same time.
    dummy_password_hash: String,
    /// The demo users inserted by this start, if the demo was seeded now.
    seeded_demo_users: Vec<User>,
    /// How far the register imports being applied have come.
    import_progress: Arc<admin_import::ApplyProgress>,
    /// The highest pull cursor known stored per user ([`Store::record_served`]), so a pull
    /// that sends nothing new writes nothing.
    served: std::sync::Mutex<std::collections::HashMap<uuid::Uuid, u64>>,
    /// Failed-login counts per user name and client address.
    login_limiter: login_limit::LoginLimiter,
    /// Bounds the argon2 checks running at once (each holds 19 MiB).
    password_checks: tokio::sync::Semaphore,
    /// Whether the client address comes from `X-Forwarded-For`.
    behind_proxy: bool,
    /// How long a session may go unused.
    session_idle: chrono::Duration,
}

impl AppState {
    /// The storage.
    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    /// Where the built app is served from.
    pub fn dist_dir(&self) -> &Path {
        &self.inner.dist_dir
    }

    /// The users of the demo municipality if [`prepare`] seeded it (all with
    /// [`kontaktpunkt_demo::DEMO_PASSWORD`]); empty when nothing was seeded.
    pub fn seeded_demo_users(&self) -> &[User] {
        &self.inner.seeded_demo_users
    }

    /// The data directory (uploaded import files live under it).
    pub fn data_dir(&self) -> &Path {
        &self.inner.data_dir
    }

    /// The municipality this installation serves.
    pub fn municipality_code(&self) -> u16 {
        self.inner.municipality_code
    }

    /// How far the register imports being applied have come.
    pub fn import_progress(&self) -> &Arc<admin_import::ApplyProgress> {
        &self.inner.import_progress
    }

    pub(crate) fn dummy_password_hash(&self) -> &str {
        &self.inner.dummy_password_hash
    }

    pub(crate) fn login_limiter(&self) -> &login_limit::LoginLimiter {
        &self.inner.login_limiter
    }

    pub(crate) fn password_checks(&self) -> &tokio::sync::Semaphore {
        &self.inner.password_checks
    }

    pub(crate) fn behind_proxy(&self) -> bool {
        self.inner.behind_proxy
    }

    /// How long a session may go unused before it ends.
    pub fn session_idle(&self) -> chrono::Duration {
        self.inner.session_idle
    }

    /// Stores that `user` has been sent the change log up to `seq`, unless already known.
    pub(crate) async fn record_served(&self, user: uuid::Uuid, seq: u64) -> Result<(), StoreError> {
        let known = self.inner.served.lock().map(|m| m.get(&user).copied()).unwrap_or(None);
        if seq == 0 || known.is_some_and(|k| k >= seq) {
            return Ok(());
        }
        self.store().record_served(user, seq, chrono::Utc::now()).await?;
        if let Ok(mut served) = self.inner.served.lock() {
            let entry = served.entry(user).or_insert(0);
            *entry = (*entry).max(seq);
        }
        Ok(())
    }
}

/// Gets everything ready to serve: data directory, database, schema, demo data.
///
/// Creates the data directory, opens SQLite (WAL, foreign keys, busy timeout), runs the
/// migrations, drops expired sessions, discards pending imports older than a day (deleting
/// their files), and — unless `config.no_demo` — seeds the demo municipality into an empty
/// database in one transaction.
pub async fn prepare(config: &Config) -> anyhow::Result<AppState> {
    let store = open_store(config).await?;
    let session_idle = session_idle(config.session_idle_secs);
    let expired = store.delete_expired_sessions(chrono::Utc::now(), session_idle).await?;
    if expired > 0 {
        tracing::info!(expired, "removed expired sessions");
    }
    let stale = admin_import::discard_stale(&store, &config.data_dir, chrono::Utc::now()).await?;
    if !stale.is_empty() {
        tracing::info!(count = stale.len(), "discarded pending imports older than a day");
    }

    let dummy_password = hex::encode(rand::random::<[u8; 16]>());
    let (dummy_password_hash, seeded_demo_users) =
        tokio::try_join!(password::hash_blocking(dummy_password), async {
            if config.no_demo {
                Ok(Vec::new())
            } else {
                seed::seed_demo_if_empty(&store, config.demo_seed, config.demo_size).await
            }
        })?;

    Ok(AppState {
        inner: Arc::new(Inner {
            store,
            dist_dir: config.dist_dir.clone(),
            data_dir: config.data_dir.clone(),
            municipality_code: config.municipality_code,
            dummy_password_hash,
            seeded_demo_users,
            import_progress: Arc::default(),
            served: std::sync::Mutex::default(),
            login_limiter: login_limit::LoginLimiter::new(login_limit::Limits {
                per_user: config.login_failures_per_user.max(1),
                per_address: config.login_failures_per_address.max(1),
                window: std::time::Duration::from_secs(config.login_window_secs),
            }),
            password_checks: tokio::sync::Semaphore::new(config.password_checks.max(1)),
            behind_proxy: config.behind_proxy,
            session_idle,
        }),
    })
}

/// The idle limit from its configured seconds: at least one second, at most the absolute
/// session lifetime (a larger value would change nothing).
fn session_idle(secs: u64) -> chrono::Duration {
    let most = auth::SESSION_DAYS * 24 * 60 * 60;
    chrono::Duration::seconds(i64::try_from(secs).unwrap_or(most).clamp(1, most))
}

/// Creates the data directory, opens the database, runs the migrations and loads the
/// reference tables (DB07, postal codes) if they are empty. No demo data, no server: what
/// the `import` subcommand needs.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    let database = config.database()?;
    tokio::fs::create_dir_all(&config.data_dir)
        .await
        .with_context(|| format!("cannot create the data directory {}", config.data_dir.display()))?;
    if let config::DatabaseTarget::SqliteFile(path) = &database {
        restrict_database_files(path).with_context(|| format!("cannot restrict {}", path.display()))?;
    }
    let store = Store::open(&database).await.context("cannot open the database")?;
    let loaded = reference::load_if_empty(&store).await.context("cannot load the reference tables")?;
    if loaded != store::ReferenceLoaded::default() {
        tracing::info!(
            industries = loaded.industries,
            postal_codes = loaded.postal_codes,
            "loaded reference tables"
        );
    }
    Ok(store)
}

/// Makes the database file readable by this user only (0600), creating it empty if missing,
/// and tightens an existing `-wal`/`-shm` beside it. SQLite creates those with the database
/// file's permissions, so new ones follow. Contacts hold personal data.
#[cfg(unix)]
fn restrict_database_files(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if !path.exists() {
        std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let file = PathBuf::from(file);
        if file.exists() {
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict_database_files(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// How long a client may take to send a request's headers before the connection is closed.
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// Longest pause while a request body arrives before the request fails (408).
pub const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The whole HTTP surface: `/api/...` (JSON) and everything else from the dist directory.
///
/// Every answer carries `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`;
/// API answers a Content-Security-Policy that allows nothing, the app's files the policy
/// [`static_files`] computes. Every API error body is JSON, also where axum or a layer made it.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::routes())
        .merge(auth::routes())
        .merge(sessions::routes())
        .merge(accounts::routes())
        .merge(devices::routes())
        .merge(audit::routes())
        .merge(privacy::routes())
        .merge(units::routes())
        .merge(companies::routes())
        .merge(sync::routes())
        .merge(do_not_contact::routes())
        .merge(desk::routes())
        .merge(plans::routes())
        .merge(admin_import::routes())
        .merge(reference::routes())
        .merge(openapi::routes())
        // Unknown API paths answer JSON, never the app's index.html.
        .route("/api", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .method_not_allowed_fallback(error::api_method_not_allowed)
        .layer(axum::middleware::map_response(error::json_error_bodies))
        // Brotli's default quality (11) is meant for build time; 4 suits answers made per request.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(state.clone());
    // Static files are not behind the compression layer: the build precompresses them.
    // One info line per request (method, path with query, status, latency); headers are not
    // recorded, so bearer tokens never reach the log.
    let trace = TraceLayer::new_for_http()
        .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    api.fallback_service(static_files::service(state.dist_dir()))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, API_CSP))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(RequestBodyTimeoutLayer::new(BODY_READ_TIMEOUT))
        .layer(trace)
}

/// What JSON answers may load: nothing; and no page may frame them.
const API_CSP: HeaderValue =
    HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");

/// Serves `router` on `listener` until `shutdown` completes, then lets running requests finish.
///
/// HTTP/1.1 with a header read timeout ([`HEADER_READ_TIMEOUT`]): a client that opens a
/// connection and sends headers slowly is cut off instead of holding it. Each request carries
/// the peer address as [`axum::extract::ConnectInfo`].
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;

    let (closing, closed) = tokio::sync::watch::channel(());
    let mut connections = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let mut closed = closed.clone();
        connections.spawn(async move {
            let service =
                hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                    router.clone().oneshot(request.map(axum::body::Body::new))
                });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(error) = result {
                        tracing::debug!(%error, "connection ended with an error");
                    }
                }
                _ = closed.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.as_mut().await;
                }
            }
        });
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = closing.send(());
    while connections.join_next().await.is_some() {}
    Ok(())
}
