//! Start-up configuration: one clap struct, every field settable by flag or environment.

use anyhow::bail;
use clap::{Parser, Subcommand};
use kontaktpunkt_demo::DemoSize;
use std::fmt;
use std::path::PathBuf;

/// How the server is configured. Flags win over environment variables.
#[derive(Clone, Parser)]
#[command(name = "kontaktpunkt", version, about = "Kontaktpunkt: the shared memory of company contacts")]
pub struct Config {
    /// Address to listen on. Use 0.0.0.0 to accept connections from other machines.
    #[arg(long, env = "KONTAKTPUNKT_HOST", default_value = "127.0.0.1", global = true)]
    pub host: String,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, env = "PORT", default_value_t = 8080, global = true)]
    pub port: u16,

    /// Directory for the SQLite database and other server state; created if missing.
    #[arg(long, env = "KONTAKTPUNKT_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL. Defaults to `sqlite://<data-dir>/kontaktpunkt.sqlite`.
    /// Only SQLite is supported in this version.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// Directory of the built PWA (`cargo xtask build` writes it).
    #[arg(long, env = "KONTAKTPUNKT_DIST_DIR", default_value = "dist", global = true)]
    pub dist_dir: PathBuf,

    /// Do not put the demo municipality into an empty database.
    #[arg(long, env = "KONTAKTPUNKT_NO_DEMO", global = true)]
    pub no_demo: bool,

    /// Seed of the demo generator; the same seed gives the same demo municipality.
    #[arg(long, env = "KONTAKTPUNKT_DEMO_SEED", default_value_t = 730, global = true)]
    pub demo_seed: u64,

    /// Size of the demo municipality: `standard` (Randers, 8,000 companies, about 10,000
    /// contacts) or `large` (20,000 companies, about 200,000 contacts, for measuring the
    /// coordinator's desk at a big municipality's scale).
    #[arg(long, env = "KONTAKTPUNKT_DEMO_SIZE", default_value = "standard", value_parser = parse_demo_size, global = true)]
    pub demo_size: DemoSize,

    /// The municipality this installation serves (Randers is 730): register imports keep
    /// only its companies unless told otherwise.
    #[arg(long, env = "KONTAKTPUNKT_MUNICIPALITY_CODE", default_value_t = 730, global = true)]
    pub municipality_code: u16,

    /// Failed logins allowed per user name within the login window; then 429 until the
    /// oldest failure ages out.
    #[arg(long, env = "KONTAKTPUNKT_LOGIN_FAILURES_PER_USER", default_value_t = 5, global = true)]
    pub login_failures_per_user: u32,

    /// Failed logins allowed per client address within the login window.
    #[arg(long, env = "KONTAKTPUNKT_LOGIN_FAILURES_PER_ADDRESS", default_value_t = 50, global = true)]
    pub login_failures_per_address: u32,

    /// The login window in seconds: how long a failed login counts.
    #[arg(long, env = "KONTAKTPUNKT_LOGIN_WINDOW_SECS", default_value_t = 900, global = true)]
    pub login_window_secs: u64,

    /// Password checks (argon2, 19 MiB each) running at once; further logins wait.
    #[arg(long, env = "KONTAKTPUNKT_PASSWORD_CHECKS", default_value_t = 4, global = true)]
    pub password_checks: usize,

    /// Seconds a session may go unused before it ends (default 14 days); every use renews it.
    /// A session ends 90 days after login however much it is used.
    #[arg(long, env = "KONTAKTPUNKT_SESSION_IDLE_SECS", default_value_t = 14 * 24 * 60 * 60, global = true)]
    pub session_idle_secs: u64,

    /// Behind a reverse proxy: take the client address for login limits and logs from the
    /// last `X-Forwarded-For` entry (set this only when the proxy writes that header).
    #[arg(long, env = "KONTAKTPUNKT_BEHIND_PROXY", global = true)]
    pub behind_proxy: bool,

    /// What to do; serving is the default.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The server's subcommands.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Serve the API and the app (the default).
    Serve,
    /// Import the company register from a file, print the change summary and exit.
    Import(crate::import::cli::ImportArgs),
}

/// Where the data lives, decided from [`Config`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// The default: a file in the data directory.
    SqliteFile(PathBuf),
    /// An explicit `sqlite:` URL.
    SqliteUrl(String),
}

impl Config {
    /// A configuration with every default, for the given data and dist directories.
    ///
    /// Tests use this instead of parsing, so environment variables such as `DATABASE_URL`
    /// on a developer's machine cannot leak into them.
    pub fn with_dirs(data_dir: impl Into<PathBuf>, dist_dir: impl Into<PathBuf>) -> Self {
        Self {
            host: "127.0.0.1".into(),
            port: 0,
            data_dir: data_dir.into(),
            database_url: None,
            dist_dir: dist_dir.into(),
            no_demo: false,
            demo_seed: 730,
            demo_size: DemoSize::Standard,
            municipality_code: 730,
            login_failures_per_user: 5,
            login_failures_per_address: 50,
            login_window_secs: 900,
            password_checks: 4,
            session_idle_secs: 14 * 24 * 60 * 60,
            behind_proxy: false,
            command: None,
        }
    }

    /// The database to open, or why the configured one cannot be used.
    pub fn database(&self) -> anyhow::Result<DatabaseTarget> {
        let Some(url) = self.database_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) else {
            return Ok(DatabaseTarget::SqliteFile(self.data_dir.join("kontaktpunkt.sqlite")));
        };
        let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme).to_ascii_lowercase();
        // The URL itself is never echoed: it may carry a password.
        match scheme.as_str() {
            "sqlite" => Ok(DatabaseTarget::SqliteUrl(url.to_owned())),
            "postgres" | "postgresql" => bail!(
                "DATABASE_URL points to PostgreSQL, but only SQLite is supported in this version. \
                 Leave DATABASE_URL unset to use {}/kontaktpunkt.sqlite, or give a sqlite:// URL.",
                self.data_dir.display()
            ),
            _ => bail!("DATABASE_URL must be a sqlite:// URL (scheme {scheme:?} is not supported)"),
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("data_dir", &self.data_dir)
            .field("database_url", &self.database_url.as_deref().map(redact_url))
            .field("dist_dir", &self.dist_dir)
            .field("no_demo", &self.no_demo)
            .field("demo_seed", &self.demo_seed)
            .field("demo_size", &self.demo_size)
            .field("municipality_code", &self.municipality_code)
            .field("login_failures_per_user", &self.login_failures_per_user)
            .field("login_failures_per_address", &self.login_failures_per_address)
            .field("login_window_secs", &self.login_window_secs)
            .field("password_checks", &self.password_checks)
            .field("session_idle_secs", &self.session_idle_secs)
            .field("behind_proxy", &self.behind_proxy)
            .field("command", &self.command)
            .finish()
    }
}

/// Reads `--demo-size`.
fn parse_demo_size(name: &str) -> Result<DemoSize, String> {
    DemoSize::from_name(name).ok_or_else(|| format!("unknown demo size {name:?}: use standard or large"))
}

/// Replaces the password in `scheme://user:password@host/...` with `***`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    // The last '@' ends the user info: passwords may contain '@' themselves.
    let Some(at) = authority.rfind('@') else {
        return url.to_owned();
    };
    let (user_info, host) = authority.split_at(at);
    match user_info.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***{host}{tail}"),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_redacted() {
        assert_eq!(redact_url("postgres://kp:s3cr@t@db:5432/kp"), "postgres://kp:***@db:5432/kp");
        assert_eq!(redact_url("postgres://kp@db/kp"), "postgres://kp@db/kp");
        assert_eq!(redact_url("sqlite://data/kp.sqlite"), "sqlite://data/kp.sqlite");
        assert_eq!(redact_url("not a url"), "not a url");
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let config = Config {
            database_url: Some("postgres://kp:hemmeligt@db/kp".into()),
            ..Config::with_dirs("data", "dist")
        };
        let text = format!("{config:?}");
        assert!(!text.contains("hemmeligt"), "{text}");
        assert!(text.contains("kp:***@db"), "{text}");
    }

    #[test]
    fn postgres_is_rejected_with_a_clear_message_and_without_the_password() {
        let config = Config {
            database_url: Some("postgresql://kp:hemmeligt@db/kp".into()),
            ..Config::with_dirs("data", "dist")
        };
        let message = config.database().map(|_| ()).unwrap_err().to_string();
        assert!(message.contains("only SQLite is supported"), "{message}");
        assert!(!message.contains("hemmeligt"), "{message}");
    }

    #[test]
    fn the_default_database_lives_in_the_data_dir() {
        let config = Config::with_dirs("/srv/kp", "dist");
        assert_eq!(
            config.database().ok(),
            Some(DatabaseTarget::SqliteFile(PathBuf::from("/srv/kp/kontaktpunkt.sqlite")))
        );
    }

    #[test]
    fn flags_parse_with_the_documented_defaults() {
        let config = Config::try_parse_from(["kontaktpunkt", "--no-demo", "--port", "9000"]);
        let config = config.expect("valid flags");
        assert!(config.no_demo);
        assert_eq!(config.port, 9000);
        assert_eq!(config.command, None);
        assert_eq!(config.session_idle_secs, 14 * 24 * 3600, "two weeks without use");
        let serve = Config::try_parse_from(["kontaktpunkt", "serve", "--port", "9001"]).expect("valid");
        assert_eq!(serve.command, Some(Command::Serve));
        assert_eq!(serve.port, 9001);
        assert_eq!(config.demo_size, DemoSize::Standard);
        let large = Config::try_parse_from(["kontaktpunkt", "--demo-size", "large"]).expect("valid");
        assert_eq!(large.demo_size, DemoSize::Large);
        assert!(Config::try_parse_from(["kontaktpunkt", "--demo-size", "huge"]).is_err());
    }
}
