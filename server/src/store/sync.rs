//! Applying a pushed batch of mutations: at most once, in order, durably acknowledged.
//!
//! Batches are written by one writer task ([`super::sync_writer`]) that commits every batch
//! waiting at the time in one `begin immediate` transaction (group commit):
//! - pushes queue in FIFO order in a channel instead of spinning in SQLite's busy handler,
//!   and `immediate` takes the write lock before the first read, so what a mutation reads
//!   cannot go stale before it writes;
//! - batches of a group are applied one after another, each exactly as if it were alone
//!   ([`apply_batch`]): a batch sees everything the batches before it wrote, so a mutation id
//!   repeated in a later batch of the group is answered `duplicate`;
//! - every mutation is validated completely before it writes anything, so a rejected one
//!   leaves no trace but its remembered answer and needs no savepoint; a storage error aborts
//!   the group, and the writer then retries each of its batches alone, so only the batch that
//!   fails is answered with an error (nothing of it is acknowledged, the device retries it);
//! - every mutation id (applied or rejected) is stored in `applied_mutations` in the same
//!   transaction as its effect, with a hash of its canonical body, so a retry is answered from
//!   there and never applied twice, and the same id with another body is refused (`id_reused`)
//!   rather than answered `duplicate` (the device would drop a record the server never stored);
//! - a push is answered only after the group's commit: an answer is a durable
//!   acknowledgement; sequences are allocated inside the one writer's transaction, so in
//!   commit order.
//!
//! One transaction per group rather than per batch or mutation, and runs of new contacts
//! written with one multi-row statement ([`super::sync_bulk`]), are what make ingest fast:
//! with sqlx the cost is per statement and per commit far more than per row, and a commit
//! writes every page it dirtied to the WAL, so batches that share pages share that cost.

use super::change_log::seq_from_db;
use super::sync_bulk::PendingContacts;
use super::{Store, StoreError, parse_uuid, sync_apply, timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use kontaktpunkt_domain::sync::{Change, Mutation, MutationResult, Outcome, Reason};
use kontaktpunkt_domain::{Cvr, User};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Binds per statement in bulk look-ups and inserts.
const ROWS_PER_STATEMENT: usize = 500;

/// Who pushes, from where, and the server's notion of now.
#[derive(Debug, Clone)]
pub struct PushContext {
    pub user: User,
    pub device_id: Uuid,
    /// Server time of the push.
    pub now: DateTime<Utc>,
    /// The latest date that is "today" somewhere: dates after it are in the future for
    /// every device, whatever its time zone.
    pub today: NaiveDate,
}

/// One mutation of a push as the HTTP layer read it.
#[derive(Debug, Clone)]
pub enum Incoming {
    /// A well-formed v1 mutation.
    Mutation(Mutation),
    /// A mutation whose id could be read but whose body could not; answered `Rejected`.
    /// `body_hash` is [`canonical_hash`] of the mutation's JSON.
    Unreadable { id: Uuid, reason: Reason, body_hash: String },
}

impl Incoming {
    fn id(&self) -> Uuid {
        match self {
            Self::Mutation(m) => m.id,
            Self::Unreadable { id, .. } => *id,
        }
    }

    /// The hash of the mutation's canonical body: for a readable mutation its typed form
    /// re-serialised (so optional fields added later, absent or null, hash alike).
    fn body_hash(&self) -> Result<String, StoreError> {
        match self {
            Self::Mutation(m) => {
                let body =
                    serde_json::to_value(m).map_err(|e| super::bad_row("applied_mutations", "body", e))?;
                Ok(canonical_hash(&body))
            }
            Self::Unreadable { body_hash, .. } => Ok(body_hash.clone()),
        }
    }
}

/// SHA-256 (hex) of a JSON value written with sorted keys and no spaces.
pub fn canonical_hash(value: &serde_json::Value) -> String {
    use sha2::{Digest, Sha256};
    // serde_json's map is ordered by key (no `preserve_order`), so this text is canonical.
    hex::encode(Sha256::digest(value.to_string().as_bytes()))
}

/// What is already known about a mutation id.
struct Known {
    user_id: Uuid,
    outcome: Outcome,
    /// `None` for mutations remembered before bodies were hashed.
    body_hash: Option<String>,
}

/// What the batch will remember about one mutation.
struct Remembered {
    id: Uuid,
    seq: Option<u64>,
    outcome: String,
    body_hash: String,
}

/// A company's do-not-contact request as the batch's contacts are checked against it.
#[derive(Debug, Clone)]
pub(super) struct Flagged {
    /// The day it was registered.
    pub since: NaiveDate,
    /// The units it holds for; empty: every unit.
    pub units: Vec<Uuid>,
}

/// Facts looked up once per batch.
pub(super) struct BatchFacts {
    /// CVR numbers of the batch that name a stored company.
    pub companies: HashSet<String>,
    /// Of those, the companies flagged do-not-contact, with the date the flag was registered;
    /// kept up to date as the batch sets and lifts flags, so a contact sees the flags of the
    /// mutations before it.
    pub flagged: HashMap<String, Flagged>,
    /// The highest sequence the server has sent the pushing user in a pull (0: none).
    pub served_seq: u64,
}

impl BatchFacts {
    /// A `base_seq`/`seen_seq` the device sent, limited to what it can have seen.
    pub fn trusted_seq(&self, claimed: u64) -> u64 {
        claimed.min(self.served_seq)
    }
}

impl Store {
    /// Applies `mutations` in order and answers each, after commit; see the module docs for
    /// the guarantees.
    pub async fn push(
        &self,
        ctx: PushContext,
        mutations: Vec<Incoming>,
    ) -> Result<Vec<MutationResult>, StoreError> {
        self.writer.push(ctx, mutations).await
    }
}

/// Applies one batch on the writer's open transaction `tx` and returns its answers; the
/// caller commits. See the module docs for the guarantees.
pub(super) async fn apply_batch(
    tx: &mut SqliteConnection,
    ctx: &PushContext,
    mutations: &[Incoming],
) -> Result<Vec<MutationResult>, StoreError> {
    let ids: Vec<Uuid> = mutations.iter().map(Incoming::id).collect();
    let known = known_mutations(&mut *tx, &ids).await?;
    let companies = existing_companies(&mut *tx, mutations).await?;
    let mut facts = BatchFacts {
        flagged: flagged_companies(&mut *tx, &companies).await?,
        companies,
        served_seq: served_seq(&mut *tx, ctx.user.id).await?,
    };
    let hashes = mutations.iter().map(Incoming::body_hash).collect::<Result<Vec<_>, _>>()?;
    let now = timestamp(ctx.now);

    let mut outcomes: Vec<Option<Outcome>> = vec![None; mutations.len()];
    let mut in_batch: HashMap<Uuid, &str> = HashMap::with_capacity(mutations.len());
    let mut pending = PendingContacts::default();
    let mut fresh = Vec::with_capacity(mutations.len());
    for (index, incoming) in mutations.iter().enumerate() {
        let id = incoming.id();
        let hash = hashes[index].as_str();
        if let Some(known) = known.get(&id) {
            outcomes[index] = Some(answer_again(known, ctx.user.id, hash));
            continue;
        }
        if let Some(first) = in_batch.get(&id) {
            // The same id twice in one batch: the first occurrence counts.
            outcomes[index] = Some(if *first == hash {
                Outcome::Duplicate
            } else {
                Outcome::Rejected { reason: crate::sync::reasons::id_reused() }
            });
            continue;
        }
        in_batch.insert(id, hash);
        fresh.push(index);
        let mutation = match incoming {
            Incoming::Unreadable { reason, .. } => {
                outcomes[index] = Some(Outcome::Rejected { reason: reason.clone() });
                continue;
            }
            Incoming::Mutation(mutation) => mutation,
        };
        if let Change::ContactCreated { contact } = &mutation.change {
            outcomes[index] = match sync_apply::check_new_contact(ctx, &facts, contact) {
                Some(reason) => Some(Outcome::Rejected { reason }),
                None if pending.push(index, contact) => None,
                None => Some(Outcome::Rejected { reason: crate::sync::reasons::contact_exists() }),
            };
            continue;
        }
        // What follows may read what the run wrote: write it first.
        for (at, outcome) in pending.flush(&mut *tx, &now).await? {
            outcomes[at] = Some(outcome);
        }
        let outcome = sync_apply::apply(&mut *tx, ctx, &facts, mutation, &now).await?;
        track_flags(&mut facts, ctx, &mutation.change, &outcome);
        outcomes[index] = Some(outcome);
    }
    for (at, outcome) in pending.flush(&mut *tx, &now).await? {
        outcomes[at] = Some(outcome);
    }

    let mut remembered = Vec::with_capacity(fresh.len());
    for index in fresh {
        let outcome = outcomes[index].as_ref().ok_or_else(unanswered)?;
        remembered.push(Remembered {
            id: mutations[index].id(),
            seq: outcome_seq(outcome),
            outcome: outcome_json(outcome)?,
            body_hash: hashes[index].clone(),
        });
    }
    let results = mutations
        .iter()
        .zip(outcomes)
        .map(|(incoming, outcome)| {
            Ok(MutationResult { id: incoming.id(), outcome: outcome.ok_or_else(unanswered)? })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    remember(&mut *tx, ctx, &remembered, &now).await?;
    Ok(results)
}

/// Every mutation gets an outcome above; this reports a bug instead of a panic.
fn unanswered() -> StoreError {
    StoreError::BadRow { table: "applied_mutations", reason: "a mutation was left unanswered".to_owned() }
}

/// A retry is `Duplicate` if it was applied, the same rejection if it was rejected; the same
/// id with another body is refused, whatever the first answer was.
fn answer_again(known: &Known, user_id: Uuid, body_hash: &str) -> Outcome {
    if known.user_id != user_id {
        return Outcome::Rejected { reason: crate::sync::reasons::id_in_use() };
    }
    if known.body_hash.as_deref().is_some_and(|stored| stored != body_hash) {
        return Outcome::Rejected { reason: crate::sync::reasons::id_reused() };
    }
    match &known.outcome {
        Outcome::Rejected { reason } => Outcome::Rejected { reason: reason.clone() },
        _ => Outcome::Duplicate,
    }
}

fn outcome_seq(outcome: &Outcome) -> Option<u64> {
    match outcome {
        Outcome::Applied { seq } | Outcome::Conflict { seq, .. } => Some(*seq),
        Outcome::Duplicate | Outcome::Rejected { .. } => None,
    }
}

fn outcome_json(outcome: &Outcome) -> Result<String, StoreError> {
    serde_json::to_string(outcome)
        .map_err(|e| StoreError::BadRow { table: "applied_mutations", reason: format!("outcome: {e}") })
}

/// The remembered answers for those of `ids` that were pushed before.
async fn known_mutations(
    conn: &mut SqliteConnection,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Known>, StoreError> {
    let mut known = HashMap::new();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let mut query: QueryBuilder<Sqlite> =
            QueryBuilder::new("select id, user_id, outcome, body_hash from applied_mutations where id in (");
        let mut list = query.separated(", ");
        for id in chunk {
            list.push_bind(id.to_string());
        }
        query.push(")");
        let rows: Vec<(String, String, String, Option<String>)> =
            query.build_query_as().fetch_all(&mut *conn).await?;
        for (id, user_id, outcome, body_hash) in rows {
            const T: &str = "applied_mutations";
            let outcome = serde_json::from_str(&outcome).map_err(|e| super::bad_row(T, "outcome", e))?;
            known.insert(
                parse_uuid(T, "id", &id)?,
                Known { user_id: parse_uuid(T, "user_id", &user_id)?, outcome, body_hash },
            );
        }
    }
    Ok(known)
}

/// The highest sequence the server has sent `user` in a pull.
async fn served_seq(conn: &mut SqliteConnection, user: Uuid) -> Result<u64, StoreError> {
    let served: Option<i64> = sqlx::query_scalar("select served_seq from user_sync_state where user_id = ?")
        .bind(user.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(served.map_or(0, seq_from_db))
}

/// The CVR numbers named by the batch that belong to stored companies.
async fn existing_companies(
    conn: &mut SqliteConnection,
    mutations: &[Incoming],
) -> Result<HashSet<String>, StoreError> {
    let named: HashSet<&str> = mutations
        .iter()
        .filter_map(|incoming| match incoming {
            Incoming::Mutation(m) => company_of(&m.change).map(Cvr::as_str),
            Incoming::Unreadable { .. } => None,
        })
        .collect();
    let named: Vec<&str> = named.into_iter().collect();
    let mut found = HashSet::with_capacity(named.len());
    for chunk in named.chunks(ROWS_PER_STATEMENT) {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new("select cvr from companies where cvr in (");
        let mut list = query.separated(", ");
        for cvr in chunk {
            list.push_bind(*cvr);
        }
        query.push(")");
        let rows: Vec<String> = query.build_query_scalar().fetch_all(&mut *conn).await?;
        found.extend(rows);
    }
    Ok(found)
}

/// The do-not-contact flags among `companies`, by company, with their registration date.
async fn flagged_companies(
    conn: &mut SqliteConnection,
    companies: &HashSet<String>,
) -> Result<HashMap<String, Flagged>, StoreError> {
    let named: Vec<&String> = companies.iter().collect();
    let mut flagged = HashMap::new();
    for chunk in named.chunks(ROWS_PER_STATEMENT) {
        let mut query: QueryBuilder<Sqlite> = QueryBuilder::new(
            "select company_cvr, registered_on, units from do_not_contact where company_cvr in (",
        );
        let mut list = query.separated(", ");
        for cvr in chunk {
            list.push_bind(cvr.as_str());
        }
        query.push(")");
        let rows: Vec<(String, String, Option<String>)> =
            query.build_query_as().fetch_all(&mut *conn).await?;
        for (cvr, registered_on, units) in rows {
            let since =
                registered_on.parse().map_err(|e| super::bad_row("do_not_contact", "registered_on", e))?;
            let units = match units {
                Some(units) => {
                    serde_json::from_str(&units).map_err(|e| super::bad_row("do_not_contact", "units", e))?
                }
                None => Vec::new(),
            };
            flagged.insert(cvr, Flagged { since, units });
        }
    }
    Ok(flagged)
}

/// Follows the flags a batch sets and lifts, so later contacts of the batch see them.
fn track_flags(facts: &mut BatchFacts, ctx: &PushContext, change: &Change, outcome: &Outcome) {
    match (change, outcome) {
        (Change::DoNotContactSet { company, units, .. }, Outcome::Applied { .. }) => {
            let flag = Flagged { since: ctx.now.date_naive(), units: units.clone() };
            facts.flagged.insert(company.as_str().to_owned(), flag);
        }
        (Change::DoNotContactCleared { company, .. }, Outcome::Applied { .. }) => {
            facts.flagged.remove(company.as_str());
        }
        _ => {}
    }
}

/// The company a change names directly, if any.
fn company_of(change: &Change) -> Option<&Cvr> {
    match change {
        Change::ContactCreated { contact } | Change::ContactUpdated { contact } => Some(&contact.company),
        Change::FeedbackCreated { feedback } => Some(&feedback.company),
        Change::DoNotContactSet { company, .. }
        | Change::DoNotContactCleared { company, .. }
        | Change::CompanyFieldsEdited { company, .. } => Some(company),
        Change::ContactDeleted { .. }
        | Change::FollowUpCompleted { .. }
        | Change::PlannedContactAnswered { .. } => None,
    }
}

/// Stores the batch's new mutation ids with their answers, in multi-row inserts.
async fn remember(
    conn: &mut SqliteConnection,
    ctx: &PushContext,
    remembered: &[Remembered],
    now: &str,
) -> Result<(), StoreError> {
    let user_id = ctx.user.id.to_string();
    let device_id = ctx.device_id.to_string();
    for chunk in remembered.chunks(ROWS_PER_STATEMENT / 7 * 7) {
        let mut insert: QueryBuilder<Sqlite> = QueryBuilder::new(
            "insert into applied_mutations (id, user_id, device_id, seq, outcome, body_hash, applied_at) ",
        );
        insert.push_values(chunk, |mut row, r| {
            row.push_bind(r.id.to_string())
                .push_bind(&user_id)
                .push_bind(&device_id)
                .push_bind(r.seq.map(super::change_log::seq_to_db))
                .push_bind(&r.outcome)
                .push_bind(&r.body_hash)
                .push_bind(now);
        });
        insert.build().execute(&mut *conn).await?;
    }
    Ok(())
}

impl Store {
    /// How many mutation ids the server remembers (for tests and operations).
    pub async fn count_applied_mutations(&self) -> Result<u64, StoreError> {
        let count: i64 =
            sqlx::query_scalar("select count(*) from applied_mutations").fetch_one(&self.pool).await?;
        Ok(seq_from_db(count))
    }
}
