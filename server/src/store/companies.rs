//! Companies from the CVR register.

use super::{Store, StoreError, bad_row, conflict_on, timestamp};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

/// Rows per multi-row insert: 15 columns × 500 rows stays far below SQLite's variable limit.
pub(super) const INSERT_CHUNK: usize = 500;

const COLUMNS: &str = "cvr, p_number, name, street, postal_code, town, municipality_code, industry_code, \
                       industry_text, industry_version, employees, advertising_protected, active";

#[derive(sqlx::FromRow)]
struct CompanyRow {
    cvr: String,
    p_number: Option<String>,
    name: String,
    street: String,
    postal_code: String,
    town: String,
    municipality_code: i64,
    industry_code: String,
    industry_text: String,
    industry_version: String,
    employees: String,
    advertising_protected: bool,
    active: bool,
}

impl TryFrom<CompanyRow> for Company {
    type Error = StoreError;
    fn try_from(row: CompanyRow) -> Result<Self, StoreError> {
        const T: &str = "companies";
        let employees = EmployeeInterval::parse(&row.employees);
        // `parse` forgives unknown text; a stored value must be one we wrote.
        if employees.as_str() != row.employees {
            return Err(bad_row(T, "employees", &row.employees));
        }
        Ok(Company {
            cvr: Cvr::parse(&row.cvr).map_err(|e| bad_row(T, "cvr", e))?,
            p_number: row
                .p_number
                .as_deref()
                .map(|p| PNumber::parse(p).map_err(|e| bad_row(T, "p_number", e)))
                .transpose()?,
            name: row.name,
            address: Address { street: row.street, postal_code: row.postal_code, town: row.town },
            municipality_code: u16::try_from(row.municipality_code)
                .map_err(|e| bad_row(T, "municipality_code", e))?,
            industry: Industry {
                code: row.industry_code,
                text: row.industry_text,
                version: row.industry_version,
            },
            employees,
            advertising_protected: row.advertising_protected,
            active: row.active,
        })
    }
}

impl Store {
    /// Up to `limit` companies with a CVR number above `after`, in CVR order, and whether
    /// more follow.
    pub async fn companies_after(
        &self,
        after: Option<&Cvr>,
        limit: u32,
    ) -> Result<(Vec<Company>, bool), StoreError> {
        // One row more than asked tells whether another page exists without a second query.
        // CVR numbers are 8 digits without a leading zero, so text order is number order.
        let sql = format!("select {COLUMNS} from companies where cvr > ? order by cvr limit ?");
        let rows = sqlx::query_as::<_, CompanyRow>(&sql)
            .bind(after.map_or("", Cvr::as_str))
            .bind(i64::from(limit) + 1)
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() > limit as usize;
        let companies =
            rows.into_iter().take(limit as usize).map(Company::try_from).collect::<Result<Vec<_>, _>>()?;
        Ok((companies, more))
    }

    /// How many companies there are.
    pub async fn count_companies(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("select count(*) from companies").fetch_one(&self.pool).await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Adds companies in one transaction; a CVR number already present is a conflict on `cvr`.
    pub async fn insert_companies(
        &self,
        companies: &[Company],
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        insert_companies(&mut tx, companies, now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Inserts companies on `conn`, in multi-row statements.
pub(super) async fn insert_companies(
    conn: &mut SqliteConnection,
    companies: &[Company],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let now = timestamp(now);
    for chunk in companies.chunks(INSERT_CHUNK) {
        let mut insert: QueryBuilder<Sqlite> =
            QueryBuilder::new(format!("insert into companies ({COLUMNS}, created_at, updated_at) "));
        insert.push_values(chunk, |mut row, c| {
            row.push_bind(c.cvr.as_str())
                .push_bind(c.p_number.as_ref().map(PNumber::as_str))
                .push_bind(&c.name)
                .push_bind(&c.address.street)
                .push_bind(&c.address.postal_code)
                .push_bind(&c.address.town)
                .push_bind(i64::from(c.municipality_code))
                .push_bind(&c.industry.code)
                .push_bind(&c.industry.text)
                .push_bind(&c.industry.version)
                .push_bind(c.employees.as_str())
                .push_bind(c.advertising_protected)
                .push_bind(c.active)
                .push_bind(now.as_str())
                .push_bind(now.as_str());
        });
        insert.build().execute(&mut *conn).await.map_err(conflict_on("cvr"))?;
    }
    super::change_log::append_companies(conn, companies.iter().map(|c| &c.cvr), &now).await
}
