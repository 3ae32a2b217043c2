//! Applying a register import: the one place where imported records are written.
//!
//! [`Store::apply_import`] runs in one transaction: it reads the file's records in batches,
//! compares each company with what is stored, writes only what changed, marks companies
//! missing from a full refresh inactive, and commits only if the caller's policy agrees with
//! the resulting summary. A dry run does the same comparison without writing. Every written
//! company is appended to the sync change log in the same transaction, so devices pull it.

use super::register_fields::{
    CompanyFields, UNIT_COLUMNS, UnitFields, insert_companies, insert_secondary, stored_companies,
};
use super::{Store, StoreError, timestamp};
use crate::import::{Batch, Carried, SourceItem};
use chrono::{DateTime, Utc};
use kontaktpunkt_domain::import::{
    CeaseReason, CeasedCompany, CompanyChange, ImportSummary, SUMMARY_LIST_LIMIT,
};
use kontaktpunkt_domain::{Cvr, import::RegisterField};
use kontaktpunkt_register::{ProductionUnit, RegisterCompany};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};
use tokio::sync::mpsc;
use uuid::Uuid;

/// Rows per multi-row insert: 18 columns × 400 rows stays below SQLite's variable limit.
pub(super) const ROWS_PER_INSERT: usize = 400;

/// How to apply an import.
#[derive(Debug, Clone, Copy)]
pub struct ApplyOptions {
    /// Companies (and, if the file has units, units) missing from the file become inactive.
    pub full: bool,
    /// Compare and summarise only; write nothing.
    pub dry_run: bool,
    /// Which register fields the source provides; the others keep their stored values.
    pub carried: Carried,
    pub now: DateTime<Utc>,
    /// The uploaded import this applies: marked applied in the same transaction, and only if
    /// still pending, so an import cannot be applied twice.
    pub import_id: Option<Uuid>,
}

impl Store {
    /// Applies the records arriving on `batches` in one transaction and returns the summary
    /// (counted into `summary`). Commits when not a dry run and `commit_if(summary)` agrees;
    /// otherwise nothing is written. Never touches contacts, feedback, do-not-contact or any
    /// other municipality-owned data: only register columns, secondary industries and units.
    pub async fn apply_import(
        &self,
        batches: &mut mpsc::Receiver<Batch>,
        mut summary: ImportSummary,
        options: ApplyOptions,
        commit_if: impl FnOnce(&ImportSummary) -> bool,
    ) -> Result<ImportSummary, StoreError> {
        // IMMEDIATE takes the write lock up front: a deferred transaction that reads first
        // could not upgrade to writing if another writer committed meanwhile.
        let mut tx = if options.dry_run {
            self.pool.begin().await?
        } else {
            self.pool.begin_with("begin immediate").await?
        };
        let mut run = Run { options, seen: HashSet::new(), units_seen: HashSet::new() };
        while let Some(batch) = batches.recv().await {
            run.batch(&mut tx, batch, &mut summary).await?;
        }
        if options.full {
            run.cease_missing(&mut tx, &mut summary).await?;
        }
        summary.applied = !options.dry_run && commit_if(&summary);
        if summary.applied {
            if let Some(id) = options.import_id {
                super::imports::mark_applied(&mut tx, id, &summary, options.now).await?;
            }
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        Ok(summary)
    }
}

/// State of one import while it runs.
struct Run {
    options: ApplyOptions,
    /// CVR numbers read so far (as numbers: 8 digits fit, and 100,000 of them stay small).
    seen: HashSet<u32>,
    units_seen: HashSet<String>,
}

impl Run {
    async fn batch(
        &mut self,
        conn: &mut SqliteConnection,
        batch: Batch,
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        // The last record of a CVR number wins, within a batch and across batches; a repeat
        // is counted as a duplicate, not again as new or changed.
        let mut companies: Vec<(RegisterCompany, bool)> = Vec::new();
        let mut index: HashMap<u32, usize> = HashMap::new();
        let mut units: Vec<ProductionUnit> = Vec::new();
        for item in batch {
            match item {
                SourceItem::Company(company) => {
                    summary.companies_read += 1;
                    let key = cvr_key(&company.cvr);
                    let first = self.seen.insert(key);
                    if !first {
                        summary.duplicates += 1;
                    }
                    match index.get(&key) {
                        Some(&at) => companies[at].0 = company,
                        // A repeat of an earlier batch changes nothing in a dry run: that
                        // batch's values were never written to compare against.
                        None if !first && self.options.dry_run => {}
                        None => {
                            index.insert(key, companies.len());
                            companies.push((company, first));
                        }
                    }
                }
                SourceItem::Unit(unit) => units.push(unit),
                SourceItem::Rejected(record) => {
                    summary.rejected += 1;
                    push_capped(&mut summary.rejected_records, record);
                }
                SourceItem::Skipped { other_municipality, unknown_municipality } => {
                    summary.skipped_other_municipality += other_municipality;
                    summary.skipped_unknown_municipality += unknown_municipality;
                }
            }
        }
        self.companies(conn, &companies, summary).await?;
        self.units(conn, &units, summary).await
    }

    async fn companies(
        &mut self,
        conn: &mut SqliteConnection,
        records: &[(RegisterCompany, bool)],
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let stored = stored_companies(conn, records.iter().map(|(r, _)| r)).await?;
        // Counts go to a scratch summary for repeats, so only first records are counted.
        let mut uncounted = ImportSummary::new(summary.format, summary.full, summary.municipality_code);
        let mut inserts: Vec<CompanyFields> = Vec::new();
        let mut updates: Vec<(CompanyFields, bool)> = Vec::new();
        for (record, counted) in records {
            let summary = if *counted { &mut *summary } else { &mut uncounted };
            let Some(old) = stored.get(record.cvr.as_str()) else {
                let fresh = CompanyFields::from_record(record);
                summary.new += 1;
                push_capped(&mut summary.new_cvrs, record.cvr.clone());
                inserts.push(fresh);
                continue;
            };
            let next = old.updated_by(record, self.options.carried);
            let changes = next.changes_from(old);
            if changes.is_empty() {
                summary.unchanged += 1;
                // A status that differs without any field (missing → ceased) is fixed silently.
                if next.register_status != old.register_status {
                    updates.push((next, false));
                }
                continue;
            }
            if old.active && !next.active {
                summary.ceased += 1;
                let ceased = CeasedCompany {
                    cvr: record.cvr.clone(),
                    name: next.name.clone(),
                    reason: CeaseReason::Ceased,
                };
                push_capped(&mut summary.ceased_companies, ceased);
            } else {
                summary.changed += 1;
                let change = CompanyChange {
                    cvr: record.cvr.clone(),
                    name: next.name.clone(),
                    changes: changes.clone(),
                };
                push_capped(&mut summary.changed_companies, change);
            }
            let secondary_changed = changes.iter().any(|c| c.field == RegisterField::SecondaryIndustries);
            updates.push((next, secondary_changed));
        }
        if self.options.dry_run {
            return Ok(());
        }
        let now = self.options.now;
        insert_companies(conn, &inserts, now).await?;
        let fresh_secondary: Vec<&CompanyFields> =
            inserts.iter().filter(|c| !c.secondary.is_empty()).collect();
        insert_secondary(conn, &fresh_secondary).await?;
        // Devices learn of every written company through the normal sync.
        let written: Vec<Cvr> = inserts
            .iter()
            .map(|c| &c.cvr)
            .chain(updates.iter().map(|(c, _)| &c.cvr))
            .filter_map(|cvr| Cvr::parse(cvr).ok())
            .collect();
        for (fields, secondary_changed) in &updates {
            fields.update_statement(now).build().execute(&mut *conn).await?;
            if *secondary_changed {
                sqlx::query("delete from company_industries where company_cvr = ?")
                    .bind(&fields.cvr)
                    .execute(&mut *conn)
                    .await?;
                insert_secondary(conn, &[fields]).await?;
            }
        }
        super::change_log::append_companies(conn, &written, &timestamp(now)).await
    }

    async fn units(
        &mut self,
        conn: &mut SqliteConnection,
        records: &[ProductionUnit],
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        if records.is_empty() {
            return Ok(());
        }
        let mut query: QueryBuilder<Sqlite> =
            QueryBuilder::new(format!("select {UNIT_COLUMNS} from production_units where p_number in ("));
        let mut list = query.separated(", ");
        for unit in records {
            list.push_bind(unit.p_number.to_string());
        }
        query.push(")");
        let stored: HashMap<String, UnitFields> = query
            .build_query_as::<UnitFields>()
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|u| (u.p_number.clone(), u))
            .collect();
        let mut upserts = Vec::new();
        let counts = &mut summary.production_units;
        for record in records {
            let fresh = UnitFields::from_record(record);
            let first = self.units_seen.insert(fresh.p_number.clone());
            let old = stored.get(&fresh.p_number);
            if old == Some(&fresh) {
                counts.unchanged += u64::from(first);
                continue;
            }
            if first {
                match old {
                    None => counts.new += 1,
                    Some(old) if old.active && !fresh.active => counts.ceased += 1,
                    Some(_) => counts.changed += 1,
                }
            }
            upserts.push(fresh);
        }
        if self.options.dry_run {
            return Ok(());
        }
        let now = timestamp(self.options.now);
        for chunk in upserts.chunks(ROWS_PER_INSERT) {
            let mut upsert: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
                "insert into production_units ({UNIT_COLUMNS}, created_at, updated_at) "
            ));
            upsert.push_values(chunk, |mut row, unit| unit.push_insert_values(&mut row, &now));
            // `created_at` stays; every register column and `updated_at` take the new values.
            upsert.push(" on conflict (p_number) do update set ");
            let columns: Vec<String> = UNIT_COLUMNS
                .split(',')
                .map(str::trim)
                .filter(|c| *c != "p_number")
                .chain(["updated_at"])
                .map(|c| format!("{c} = excluded.{c}"))
                .collect();
            upsert.push(columns.join(", "));
            upsert.build().execute(&mut *conn).await?;
        }
        Ok(())
    }

    /// Marks active companies the file did not hold inactive ('missing'); never deletes. Units
    /// are judged only when the file held units: a file of companies says nothing about them.
    async fn cease_missing(
        &mut self,
        conn: &mut SqliteConnection,
        summary: &mut ImportSummary,
    ) -> Result<(), StoreError> {
        let active: Vec<(String, String)> =
            sqlx::query_as("select cvr, name from companies where active = 1 order by cvr")
                .fetch_all(&mut *conn)
                .await?;
        let missing: Vec<(String, String)> = active
            .into_iter()
            .filter(|(cvr, _)| cvr.parse::<u32>().map_or(true, |key| !self.seen.contains(&key)))
            .collect();
        for (cvr, name) in &missing {
            summary.ceased += 1;
            if let Ok(cvr) = Cvr::parse(cvr) {
                let ceased =
                    CeasedCompany { cvr, name: name.clone(), reason: CeaseReason::MissingFromFullRefresh };
                push_capped(&mut summary.ceased_companies, ceased);
            }
        }
        let units_missing = if self.units_seen.is_empty() {
            Vec::new()
        } else {
            let active: Vec<String> =
                sqlx::query_scalar("select p_number from production_units where active = 1")
                    .fetch_all(&mut *conn)
                    .await?;
            active.into_iter().filter(|p| !self.units_seen.contains(p)).collect()
        };
        summary.production_units.ceased += units_missing.len() as u64;
        if self.options.dry_run {
            return Ok(());
        }
        let now = timestamp(self.options.now);
        for chunk in missing.chunks(ROWS_PER_INSERT) {
            let mut update: QueryBuilder<Sqlite> = QueryBuilder::new(
                "update companies set active = 0, register_status = 'missing', updated_at = ",
            );
            update.push_bind(now.clone()).push(" where cvr in (");
            let mut list = update.separated(", ");
            for (cvr, _) in chunk {
                list.push_bind(cvr.clone());
            }
            update.push(")").build().execute(&mut *conn).await?;
        }
        let ceased: Vec<Cvr> = missing.iter().filter_map(|(cvr, _)| Cvr::parse(cvr).ok()).collect();
        super::change_log::append_companies(conn, &ceased, &now).await?;
        for chunk in units_missing.chunks(ROWS_PER_INSERT) {
            let mut update: QueryBuilder<Sqlite> =
                QueryBuilder::new("update production_units set active = 0, updated_at = ");
            update.push_bind(now.clone()).push(" where p_number in (");
            let mut list = update.separated(", ");
            for p in chunk {
                list.push_bind(p.clone());
            }
            update.push(")").build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// A CVR number as a number; valid CVR numbers are 8 digits, so this never fails for them.
fn cvr_key(cvr: &Cvr) -> u32 {
    cvr.as_str().parse().unwrap_or(0)
}

fn push_capped<T>(list: &mut Vec<T>, item: T) {
    if list.len() < SUMMARY_LIST_LIMIT {
        list.push(item);
    }
}
