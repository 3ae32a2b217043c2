//! `kontaktpunkt --data-dir DIR import …` end to end: the real binary on a temporary data dir.

use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry};
use sqlx::SqlitePool;
use std::path::Path;
use std::process::{Command, Output};
use tempfile::TempDir;

fn company(n: u32) -> Company {
    Company {
        cvr: (4_000_000 + n * 10..).find_map(Cvr::from_stem).expect("a CVR number"),
        p_number: None,
        name: format!("CLI-virksomhed {n} ApS"),
        address: Address {
            street: format!("Kommandovej {n}"),
            postal_code: "8900".into(),
            town: "Randers C".into(),
        },
        municipality_code: 730,
        industry: Industry {
            code: "620100".into(),
            text: "Computerprogrammering".into(),
            version: "DB07".into(),
        },
        employees: EmployeeInterval::One,
        advertising_protected: false,
        active: true,
    }
}

/// Runs the binary with a clean environment for everything it reads.
fn kontaktpunkt(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kontaktpunkt"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("KONTAKTPUNKT_DATA_DIR")
        .env_remove("KONTAKTPUNKT_MUNICIPALITY_CODE")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run kontaktpunkt")
}

async fn companies_and_users(data: &Path) -> (i64, i64) {
    let url = format!("sqlite://{}", data.join("kontaktpunkt.sqlite").display());
    let pool = SqlitePool::connect(&url).await.expect("open the database");
    let companies =
        sqlx::query_scalar("select count(*) from companies").fetch_one(&pool).await.expect("count");
    let users = sqlx::query_scalar("select count(*) from users").fetch_one(&pool).await.expect("count");
    (companies, users)
}

#[tokio::test]
async fn importing_a_good_cvr_file_prints_the_summary_and_stores_the_companies() {
    let dir = TempDir::new().expect("temp dir");
    let file = dir.path().join("register.jsonl");
    std::fs::write(&file, kontaktpunkt_register::cvr_json_lines(&[company(1), company(2), company(3)]))
        .expect("write");
    let data = dir.path().join("data");

    let output = kontaktpunkt(&data, &["import", "--cvr", file.to_str().expect("utf-8 path")]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("kommune / municipality 730"), "{stdout}");
    assert!(stdout.lines().any(|l| l.contains("Nye / new:") && l.trim_end().ends_with(" 3")), "{stdout}");
    assert!(stdout.contains("Indlæst / imported."), "{stdout}");
    assert_eq!(companies_and_users(&data).await, (3, 0), "companies imported, no demo seeded");

    // The same file again with --dry-run: all unchanged, nothing written.
    let output =
        kontaktpunkt(&data, &["import", "--cvr", file.to_str().expect("path"), "--dry-run", "--full"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.lines().any(|l| l.contains("Uændrede / unchanged:") && l.trim_end().ends_with(" 3")),
        "{stdout}"
    );
    assert!(stdout.contains("Prøvekørsel"), "{stdout}");
}

#[tokio::test]
async fn a_file_with_bad_records_exits_non_zero_names_every_one_and_writes_nothing() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("data");
    let mut lines = kontaktpunkt_register::cvr_json_lines(&[company(1), company(2)]);
    lines.push_str("{\"Vrvirksomhed\": {\"cvrNummer\": 12345678, \"navne\": []}}\n");
    lines.push_str("{\"Vrvirksomhed\": {\"cvrNummer\": \n");
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, lines).expect("write");

    let output =
        kontaktpunkt(&data, &["import", "--cvr", file.to_str().expect("path"), "--municipality", "all"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let rejected: Vec<&str> = stdout.lines().filter(|l| l.starts_with("AFVIST:")).collect();
    assert_eq!(rejected.len(), 2, "{stdout}");
    assert!(rejected[0].contains("Linje 3") && rejected[0].contains("Line 3"), "{stdout}");
    assert!(rejected[1].contains("Linje 4") && rejected[1].contains("ugyldig JSON"), "{stdout}");
    assert!(stdout.contains("Intet er indlæst"), "{stdout}");
    assert_eq!(companies_and_users(&data).await, (0, 0), "all or nothing");

    let output = kontaktpunkt(&data, &["import", "--cvr", file.to_str().expect("path"), "--skip-invalid"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stdout));
    assert_eq!(companies_and_users(&data).await, (2, 0), "the valid records with --skip-invalid");
}

#[tokio::test]
async fn a_person_document_and_a_csv_without_delimiters_are_rejected_as_files() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("data");
    let person = dir.path().join("person.json");
    std::fs::write(&person, "{\"Vrdeltagerperson\": {\"enhedsNummer\": 4000000001}}\n").expect("write");
    let output = kontaktpunkt(&data, &["import", "--cvr", person.to_str().expect("path")]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("personopslag") && stdout.contains("person document"), "{stdout}");

    let csv = dir.path().join("extract.csv");
    std::fs::write(&csv, "CVR Navn\n25052943 MAGENTA\n").expect("write");
    let output = kontaktpunkt(&data, &["import", "--csv", csv.to_str().expect("path")]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Kun én kolonne"), "{stdout}");
    assert_eq!(companies_and_users(&data).await, (0, 0));
}

#[tokio::test]
async fn a_csv_extract_with_row_errors_names_each_row() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("data");
    let csv = dir.path().join("extract.csv");
    std::fs::write(
        &csv,
        "CVR;Navn;Postnr\n25052943;MAGENTA ApS;8960\n25052944;Forkert ApS;8900\n10000009;;8900\n",
    )
    .expect("write");
    let output = kontaktpunkt(&data, &["import", "--csv", csv.to_str().expect("path")]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("Række 3, kolonne CVR"), "{stdout}");
    assert!(stdout.contains("Række 4, kolonne Navn: navn mangler"), "{stdout}");
    assert_eq!(companies_and_users(&data).await, (0, 0));
}

#[tokio::test]
async fn a_csv_with_unrecognised_columns_is_refused_until_map_names_them() {
    let dir = TempDir::new().expect("temp dir");
    let data = dir.path().join("data");
    let csv = dir.path().join("extract.csv");
    std::fs::write(&csv, "Firma-id;Firma;Kaldenavn\n25052943;MAGENTA ApS;Magenta\n").expect("write");
    let path = csv.to_str().expect("path");

    let output = kontaktpunkt(&data, &["import", "--csv", path]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("CVR-nummer og Navn") && stdout.contains("--map"), "{stdout}");
    assert!(stdout.contains("\"Firma-id\", \"Firma\", \"Kaldenavn\""), "the columns are listed: {stdout}");

    let output = kontaktpunkt(&data, &["import", "--csv", path, "--map", "cvr=0,name=\"Kaldenavn\""]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.lines().any(|l| l.contains("Nye / new:") && l.trim_end().ends_with(" 1")), "{stdout}");
    let url = format!("sqlite://{}", data.join("kontaktpunkt.sqlite").display());
    let pool = SqlitePool::connect(&url).await.expect("open the database");
    let name: String = sqlx::query_scalar("select name from companies where cvr = '25052943'")
        .fetch_one(&pool)
        .await
        .expect("imported");
    assert_eq!(name, "Magenta", "read from the mapped column");

    let output = kontaktpunkt(&data, &["import", "--csv", path, "--map", "name=Ukendt"]);
    assert_ne!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no such column"));
}
