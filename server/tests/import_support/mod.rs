//! Helpers shared by the register-import tests: files, direct database access and builders.
#![allow(dead_code)]

use crate::common::TestServer;
use kontaktpunkt_domain::import::{ImportFormat, ImportSummary};
use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry};
use kontaktpunkt_server::import::{self, ImportError, ImportOutcome, ImportRequest, Quiet};
use sqlx::SqlitePool;
use std::path::PathBuf;
use std::sync::Arc;

/// The real CVR sample (MAGENTA ApS, Copenhagen, municipality 101).
pub const CVR_SAMPLE: &str = include_str!("../../register/tests/fixtures/cvr-company-sample.json");

/// Writes `content` into the server's data directory and returns the path.
pub fn write_file(server: &TestServer, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = server.dirs.data.path().join(name);
    std::fs::write(&path, content).expect("write test file");
    path
}

/// A request with the defaults a test mostly wants: not full, no filter, applied.
pub fn request(format: ImportFormat, path: PathBuf) -> ImportRequest {
    ImportRequest {
        format,
        path,
        full: false,
        municipality_filter: None,
        default_municipality: 730,
        skip_invalid: false,
        dry_run: false,
        import_id: None,
        mapping: None,
    }
}

/// Runs an import against the server's store.
pub async fn run(server: &TestServer, request: &ImportRequest) -> Result<ImportOutcome, ImportError> {
    import::run(server.state.store(), request, Arc::new(Quiet), chrono::Utc::now()).await
}

/// Runs an import that must be accepted and applied; returns its summary.
pub async fn applied(server: &TestServer, request: &ImportRequest) -> ImportSummary {
    let outcome = run(server, request).await.expect("the file is readable");
    assert!(outcome.summary.applied, "not applied: {:?}", outcome.blocker);
    outcome.summary
}

/// A second connection to the server's database, for checks the API does not offer.
pub async fn db(server: &TestServer) -> SqlitePool {
    let path = server.dirs.data.path().join("kontaktpunkt.sqlite");
    SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("open the database")
}

/// `select count(*) from <table>`.
pub async fn count(pool: &SqlitePool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(pool).await.expect("count")
}

/// Row counts of every table an import may write, to prove that nothing was written.
pub async fn counts(pool: &SqlitePool) -> Vec<i64> {
    let mut out = Vec::new();
    for table in
        ["companies", "company_industries", "production_units", "contacts", "feedback", "do_not_contact"]
    {
        out.push(count(pool, table).await);
    }
    let updated: i64 = sqlx::query_scalar("select count(distinct updated_at) from companies")
        .fetch_one(pool)
        .await
        .expect("updated_at");
    out.push(updated);
    out
}

/// A Randers company with the `n`-th valid CVR number from stem 3,000,000.
pub fn company(n: usize) -> Company {
    let cvr = (3_000_000..).filter_map(Cvr::from_stem).nth(n).expect("a CVR number");
    Company {
        cvr,
        p_number: None,
        name: format!("Importvirksomhed {n} ApS"),
        address: Address {
            street: format!("Importvej {n}"),
            postal_code: "8900".into(),
            town: "Randers C".into(),
        },
        municipality_code: 730,
        industry: Industry {
            code: "475410".into(),
            text: "Forhandlere af elektriske husholdningsapparater".into(),
            version: "DB07".into(),
        },
        employees: EmployeeInterval::From5To9,
        advertising_protected: false,
        active: true,
    }
}

/// Companies as CVR JSON Lines.
pub fn cvr_lines(companies: &[Company]) -> String {
    kontaktpunkt_register::cvr_json_lines(companies)
}
