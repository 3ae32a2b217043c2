//! A company's register fields as stored, what an import makes of them, and the difference.

use super::StoreError;
use super::register::ROWS_PER_INSERT;
use super::timestamp;
use crate::import::Carried;
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::import::{FieldChange, RegisterField};
use kontaktpunkt_domain::{EmployeeInterval, Industry};
use kontaktpunkt_register::RegisterCompany as Record;
use kontaktpunkt_register::{ProductionUnit, RegisterCompany, UNKNOWN_INDUSTRY_CODE};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::HashMap;

/// The columns of [`CompanyFields`], in its field order.
pub(super) const COMPANY_COLUMNS: &str = "cvr, p_number, name, street, postal_code, town, care_of, \
     municipality_code, industry_code, industry_text, industry_version, employees, advertising_protected, \
     active, company_form, register_status";

/// A secondary industry (rank 1–3 by position).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Secondary {
    pub code: String,
    pub text: String,
    pub version: String,
}

/// Every register-owned field of a company; the municipality's own data is not here, so an
/// import cannot touch it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct CompanyFields {
    pub cvr: String,
    pub p_number: Option<String>,
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub town: String,
    pub care_of: Option<String>,
    pub municipality_code: i64,
    pub industry_code: String,
    pub industry_text: String,
    pub industry_version: String,
    pub employees: String,
    pub advertising_protected: bool,
    pub active: bool,
    pub company_form: Option<String>,
    /// 'active', 'ceased' (by the register) or 'missing' (from a full refresh).
    pub register_status: String,
    #[sqlx(skip)]
    pub secondary: Vec<Secondary>,
}

impl CompanyFields {
    /// The fields as the record states them, for a company not yet stored.
    pub fn from_record(record: &RegisterCompany) -> Self {
        let company = record.to_company();
        Self {
            cvr: company.cvr.to_string(),
            p_number: company.p_number.map(String::from),
            name: company.name,
            street: company.address.street,
            postal_code: company.address.postal_code,
            town: company.address.town,
            care_of: record.care_of.clone(),
            municipality_code: i64::from(company.municipality_code),
            industry_code: company.industry.code,
            industry_text: company.industry.text,
            industry_version: company.industry.version,
            employees: company.employees.as_str().to_owned(),
            advertising_protected: company.advertising_protected,
            active: company.active,
            company_form: record.company_form.clone(),
            register_status: status(record.active).to_owned(),
            secondary: record.secondary_industries.iter().map(secondary).collect(),
        }
    }

    /// What the stored company becomes: the fields the source carries from the record, every
    /// other field as stored (a spreadsheet without an industry column keeps the industry).
    pub fn updated_by(&self, record: &RegisterCompany, carried: Carried) -> Self {
        let fresh = Self::from_record(record);
        let mut next = self.clone();
        let take = |field| carried.has(field);
        if take(RegisterField::Name) {
            next.name = fresh.name;
        }
        if take(RegisterField::Address) {
            (next.street, next.postal_code, next.town) = (fresh.street, fresh.postal_code, fresh.town);
        }
        if take(RegisterField::CareOf) {
            next.care_of = fresh.care_of;
        }
        if take(RegisterField::MunicipalityCode) {
            next.municipality_code = fresh.municipality_code;
        }
        if take(RegisterField::Industry) {
            (next.industry_code, next.industry_text, next.industry_version) =
                (fresh.industry_code, fresh.industry_text, fresh.industry_version);
        }
        if take(RegisterField::SecondaryIndustries) {
            next.secondary = fresh.secondary;
        }
        if take(RegisterField::Employees) {
            next.employees = fresh.employees;
        }
        if take(RegisterField::AdvertisingProtected) {
            next.advertising_protected = fresh.advertising_protected;
        }
        if take(RegisterField::PNumber) {
            next.p_number = fresh.p_number;
        }
        if take(RegisterField::CompanyForm) {
            next.company_form = fresh.company_form;
        }
        // Every source states whether the company is active: being listed means it is.
        next.active = fresh.active;
        next.register_status = fresh.register_status;
        next
    }

    /// The fields that differ from `old`, with both values as a person reads them.
    pub fn changes_from(&self, old: &Self) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut compare = |field: RegisterField, old: String, new: String| {
            if old != new {
                changes.push(FieldChange { field, old, new });
            }
        };
        compare(RegisterField::Name, old.name.clone(), self.name.clone());
        compare(RegisterField::Address, old.address(), self.address());
        compare(RegisterField::CareOf, text(&old.care_of), text(&self.care_of));
        compare(
            RegisterField::MunicipalityCode,
            old.municipality_code.to_string(),
            self.municipality_code.to_string(),
        );
        compare(RegisterField::Industry, old.industry(), self.industry());
        compare(RegisterField::SecondaryIndustries, old.secondary_codes(), self.secondary_codes());
        compare(RegisterField::Employees, employees(&old.employees), employees(&self.employees));
        compare(
            RegisterField::AdvertisingProtected,
            yes_no(old.advertising_protected),
            yes_no(self.advertising_protected),
        );
        compare(RegisterField::Active, yes_no(old.active), yes_no(self.active));
        compare(RegisterField::PNumber, text(&old.p_number), text(&self.p_number));
        compare(RegisterField::CompanyForm, text(&old.company_form), text(&self.company_form));
        changes
    }

    fn address(&self) -> String {
        format!("{}, {} {}", self.street, self.postal_code, self.town)
    }

    fn industry(&self) -> String {
        format!("{} {} ({})", self.industry_code, self.industry_text, self.industry_version)
    }

    fn secondary_codes(&self) -> String {
        let codes: Vec<String> =
            self.secondary.iter().map(|s| format!("{} ({})", s.code, s.version)).collect();
        codes.join(", ")
    }

    /// Binds the fields in [`COMPANY_COLUMNS`] order, then `created_at` and `updated_at`.
    pub fn push_insert_values(
        &self,
        row: &mut sqlx::query_builder::Separated<'_, '_, Sqlite, &'static str>,
        now: &str,
    ) {
        row.push_bind(self.cvr.clone())
            .push_bind(self.p_number.clone())
            .push_bind(self.name.clone())
            .push_bind(self.street.clone())
            .push_bind(self.postal_code.clone())
            .push_bind(self.town.clone())
            .push_bind(self.care_of.clone())
            .push_bind(self.municipality_code)
            .push_bind(self.industry_code.clone())
            .push_bind(self.industry_text.clone())
            .push_bind(self.industry_version.clone())
            .push_bind(self.employees.clone())
            .push_bind(self.advertising_protected)
            .push_bind(self.active)
            .push_bind(self.company_form.clone())
            .push_bind(self.register_status.clone())
            .push_bind(now.to_owned())
            .push_bind(now.to_owned());
    }

    /// `update companies set … where cvr = …` for every register field; `updated_at` is bumped
    /// because the caller only updates companies that changed.
    pub fn update_statement(&self, now: DateTime<Utc>) -> QueryBuilder<'static, Sqlite> {
        let mut q = QueryBuilder::new("update companies set p_number = ");
        q.push_bind(self.p_number.clone());
        q.push(", name = ").push_bind(self.name.clone());
        for (column, value) in [
            ("street", Some(self.street.clone())),
            ("postal_code", Some(self.postal_code.clone())),
            ("town", Some(self.town.clone())),
            ("care_of", self.care_of.clone()),
            ("industry_code", Some(self.industry_code.clone())),
            ("industry_text", Some(self.industry_text.clone())),
            ("industry_version", Some(self.industry_version.clone())),
            ("employees", Some(self.employees.clone())),
            ("company_form", self.company_form.clone()),
            ("register_status", Some(self.register_status.clone())),
        ] {
            q.push(format!(", {column} = ")).push_bind(value);
        }
        q.push(", municipality_code = ").push_bind(self.municipality_code);
        q.push(", advertising_protected = ").push_bind(self.advertising_protected);
        q.push(", active = ").push_bind(self.active);
        q.push(", updated_at = ").push_bind(timestamp(now));
        q.push(" where cvr = ").push_bind(self.cvr.clone());
        q
    }
}

fn secondary(industry: &Industry) -> Secondary {
    Secondary { code: industry.code.clone(), text: industry.text.clone(), version: industry.version.clone() }
}

/// Register status text of an active flag read from a source.
fn status(active: bool) -> &'static str {
    if active { "active" } else { "ceased" }
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn yes_no(value: bool) -> String {
    if value { "ja" } else { "nej" }.to_owned()
}

fn employees(stored: &str) -> String {
    EmployeeInterval::parse(stored).label().to_owned()
}

/// The columns of [`UnitFields`], in its field order.
pub(super) const UNIT_COLUMNS: &str = "p_number, cvr, name, street, postal_code, town, care_of, \
     municipality_code, industry_code, industry_text, industry_version, employees, advertising_protected, active";

/// A production unit as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct UnitFields {
    pub p_number: String,
    pub cvr: Option<String>,
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub town: String,
    pub care_of: Option<String>,
    pub municipality_code: i64,
    pub industry_code: Option<String>,
    pub industry_text: Option<String>,
    pub industry_version: Option<String>,
    pub employees: String,
    pub advertising_protected: bool,
    pub active: bool,
}

impl UnitFields {
    pub fn from_record(unit: &ProductionUnit) -> Self {
        // A unit without an industry stays without one: "000000" is only the company's stand-in.
        let industry = unit.main_industry.as_ref().filter(|i| i.code != UNKNOWN_INDUSTRY_CODE);
        Self {
            p_number: unit.p_number.to_string(),
            cvr: unit.cvr.as_ref().map(ToString::to_string),
            name: unit.name.clone(),
            street: unit.address.street.clone(),
            postal_code: unit.address.postal_code.clone(),
            town: unit.address.town.clone(),
            care_of: unit.care_of.clone(),
            municipality_code: i64::from(unit.municipality_code),
            industry_code: industry.map(|i| i.code.clone()),
            industry_text: industry.map(|i| i.text.clone()),
            industry_version: industry.map(|i| i.version.clone()),
            employees: unit.employees.as_str().to_owned(),
            advertising_protected: unit.advertising_protected,
            active: unit.active,
        }
    }

    /// Binds the fields in [`UNIT_COLUMNS`] order, then `created_at` and `updated_at`.
    pub fn push_insert_values(
        &self,
        row: &mut sqlx::query_builder::Separated<'_, '_, Sqlite, &'static str>,
        now: &str,
    ) {
        row.push_bind(self.p_number.clone())
            .push_bind(self.cvr.clone())
            .push_bind(self.name.clone())
            .push_bind(self.street.clone())
            .push_bind(self.postal_code.clone())
            .push_bind(self.town.clone())
            .push_bind(self.care_of.clone())
            .push_bind(self.municipality_code)
            .push_bind(self.industry_code.clone())
            .push_bind(self.industry_text.clone())
            .push_bind(self.industry_version.clone())
            .push_bind(self.employees.clone())
            .push_bind(self.advertising_protected)
            .push_bind(self.active)
            .push_bind(now.to_owned())
            .push_bind(now.to_owned());
    }
}

/// The stored register fields (with secondary industries) of the batch's known companies.
pub(super) async fn stored_companies(
    conn: &mut SqliteConnection,
    records: impl Iterator<Item = &Record>,
) -> Result<HashMap<String, CompanyFields>, StoreError> {
    let mut query: QueryBuilder<Sqlite> =
        QueryBuilder::new(format!("select {COMPANY_COLUMNS} from companies where cvr in ("));
    let mut list = query.separated(", ");
    for record in records {
        list.push_bind(record.cvr.to_string());
    }
    query.push(")");
    let mut stored: HashMap<String, CompanyFields> = query
        .build_query_as::<CompanyFields>()
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|c| (c.cvr.clone(), c))
        .collect();
    if stored.is_empty() {
        return Ok(stored);
    }
    let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
        "select company_cvr, code, text, version from company_industries where company_cvr in (",
    );
    let mut list = query.separated(", ");
    for cvr in stored.keys() {
        list.push_bind(cvr.clone());
    }
    query.push(") order by company_cvr, rank");
    let rows: Vec<(String, String, String, String)> = query.build_query_as().fetch_all(&mut *conn).await?;
    for (cvr, code, text, version) in rows {
        if let Some(company) = stored.get_mut(&cvr) {
            company.secondary.push(Secondary { code, text, version });
        }
    }
    Ok(stored)
}

pub(super) async fn insert_companies(
    conn: &mut SqliteConnection,
    companies: &[CompanyFields],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let now = timestamp(now);
    for chunk in companies.chunks(ROWS_PER_INSERT) {
        let mut insert: QueryBuilder<Sqlite> =
            QueryBuilder::new(format!("insert into companies ({COMPANY_COLUMNS}, created_at, updated_at) "));
        insert.push_values(chunk, |mut row, company| company.push_insert_values(&mut row, &now));
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

pub(super) async fn insert_secondary(
    conn: &mut SqliteConnection,
    companies: &[&CompanyFields],
) -> Result<(), StoreError> {
    let rows: Vec<(&str, i64, &Secondary)> = companies
        .iter()
        .flat_map(|c| c.secondary.iter().take(3).zip(1..).map(|(s, rank)| (c.cvr.as_str(), rank, s)))
        .collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut insert: QueryBuilder<Sqlite> =
            QueryBuilder::new("insert into company_industries (company_cvr, rank, code, text, version) ");
        insert.push_values(chunk, |mut row, (cvr, rank, s)| {
            row.push_bind(cvr.to_string())
                .push_bind(*rank)
                .push_bind(s.code.clone())
                .push_bind(s.text.clone())
                .push_bind(s.version.clone());
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}
