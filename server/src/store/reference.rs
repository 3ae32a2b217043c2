//! Reference tables: DB07 industries with the 10-group mapping, and postal codes.

use super::{Store, StoreError};
use kontaktpunkt_demo::reference::{Db07Entry, MunicipalPostalCode};
use kontaktpunkt_domain::reference::{INDUSTRY_GROUPS, IndustryGroup, PostalCode, industry_group_of_section};
use sqlx::{QueryBuilder, Sqlite};
use std::collections::HashSet;

/// Rows per multi-row insert (7 columns).
const CHUNK: usize = 500;
/// Classification version of the shipped industry file.
const DB07: &str = "DB07";

/// How many rows [`Store::load_reference_if_empty`] inserted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReferenceLoaded {
    pub industries: u64,
    pub postal_codes: u64,
}

impl Store {
    /// Loads the reference tables that are still empty, in one transaction; tables already
    /// filled are left alone, so calling this at every start-up is cheap and idempotent.
    pub async fn load_reference_if_empty(
        &self,
        industries: &[Db07Entry],
        postal_codes: &[MunicipalPostalCode],
    ) -> Result<ReferenceLoaded, StoreError> {
        let mut tx = self.pool.begin_with("begin immediate").await?;
        let mut loaded = ReferenceLoaded::default();
        let have_groups: bool =
            sqlx::query_scalar("select exists (select 1 from industry_groups)").fetch_one(&mut *tx).await?;
        if !have_groups {
            let mut insert: QueryBuilder<Sqlite> =
                QueryBuilder::new("insert into industry_groups (number, name, sections) ");
            insert.push_values(INDUSTRY_GROUPS, |mut row, (number, name, sections)| {
                row.push_bind(i64::from(number)).push_bind(name).push_bind(sections);
            });
            insert.build().execute(&mut *tx).await?;
        }
        let have_industries: bool =
            sqlx::query_scalar("select exists (select 1 from industries)").fetch_one(&mut *tx).await?;
        if !have_industries {
            for chunk in industries.chunks(CHUNK) {
                let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
                    "insert into industries (code, level, section, dotted_code, text, group_number, version) ",
                );
                insert.push_values(chunk, |mut row, entry| {
                    row.push_bind(entry.code.clone())
                        .push_bind(i64::from(entry.level))
                        .push_bind(entry.section.to_string())
                        .push_bind(entry.dotted.clone())
                        .push_bind(entry.text.clone())
                        .push_bind(i64::from(industry_group_of_section(entry.section)))
                        .push_bind(DB07);
                });
                insert.build().execute(&mut *tx).await?;
            }
            loaded.industries = industries.len() as u64;
        }
        let have_postal: bool =
            sqlx::query_scalar("select exists (select 1 from postal_codes)").fetch_one(&mut *tx).await?;
        if !have_postal {
            for chunk in postal_codes.chunks(CHUNK) {
                let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
                    "insert or ignore into postal_codes (postal_code, municipality_code, town) ",
                );
                insert.push_values(chunk, |mut row, code| {
                    row.push_bind(code.postal_code.clone())
                        .push_bind(i64::from(code.municipality_code))
                        .push_bind(code.town.clone());
                });
                insert.build().execute(&mut *tx).await?;
            }
            loaded.postal_codes = postal_codes.len() as u64;
        }
        tx.commit().await?;
        Ok(loaded)
    }

    /// The 10+1 industry groups with how many six-digit codes each holds.
    pub async fn industry_groups(&self) -> Result<Vec<IndustryGroup>, StoreError> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "select g.number, g.name, g.sections, \
                    (select count(*) from industries i where i.group_number = g.number and i.level = 4) \
             from industry_groups g order by g.number",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(number, name, sections, codes)| IndustryGroup {
                number: u8::try_from(number).unwrap_or(0),
                name,
                sections,
                detail_codes: u32::try_from(codes).unwrap_or(0),
            })
            .collect())
    }

    /// How many industry codes of a DB07 level (0 = sections … 4 = six-digit codes) are loaded.
    pub async fn count_industries(&self, level: u8) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("select count(*) from industries where level = ?")
            .bind(i64::from(level))
            .fetch_one(&self.pool)
            .await?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// The postal codes of a municipality, or of all municipalities, by postal code.
    pub async fn postal_codes(&self, municipality: Option<u16>) -> Result<Vec<PostalCode>, StoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "select postal_code, town, municipality_code from postal_codes \
             where ?1 is null or municipality_code = ?1 order by postal_code, municipality_code",
        )
        .bind(municipality.map(i64::from))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(postal_code, town, municipality_code)| PostalCode {
                postal_code,
                town,
                municipality_code: u16::try_from(municipality_code).unwrap_or(0),
            })
            .collect())
    }

    /// Every known postal code, for validating spreadsheet rows.
    pub async fn known_postal_codes(&self) -> Result<HashSet<String>, StoreError> {
        let codes: Vec<String> =
            sqlx::query_scalar("select distinct postal_code from postal_codes").fetch_all(&self.pool).await?;
        Ok(codes.into_iter().collect())
    }
}
