//! The one writer of sync pushes: group commit behind a channel.
//!
//! Each push sends its batch here and waits for its answer. The writer task takes every batch
//! waiting at that moment (up to [`GROUP_MUTATIONS`]), applies them one after another in one
//! transaction, commits once and only then answers each push. Nothing waits to fill a group:
//! a lone batch is written at once, and batches that arrive while a group is being written
//! form the next group. Under load a group shares its commit and its dirtied WAL pages
//! (index pages, the tails of the tables) among many batches instead of paying them per batch.
//!
//! The writer keeps a connection of its own (detached from the pool) with settings that
//! only suit it:
//! - checkpoints mostly elsewhere: SQLite runs an automatic checkpoint inside the `commit`
//!   that crosses its threshold (1,000 pages), stalling the group and everything queued
//!   behind it. The [`checkpointer`] task copies the WAL back on a pool connection instead,
//!   off the writer's path (a passive checkpoint takes no write lock); the writer's own
//!   threshold is raised to [`WAL_BACKSTOP_PAGES`], where it completes what the checkpointer
//!   left, so the WAL stays bounded;
//! - statement journals in memory: a multi-row `insert … on conflict` inside a transaction
//!   needs one, and on disk that is a temporary file created and deleted per statement.
//!
//! Durability is the pool's: WAL with `synchronous = FULL`, one fsync per group commit
//! (see [`super::Store::open`]).

use super::StoreError;
use super::sync::{Incoming, PushContext, apply_batch};
use kontaktpunkt_domain::sync::MutationResult;
use sqlx::{Connection, SqliteConnection, SqlitePool};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// Mutations per group, at most (a single larger batch still goes alone): bounds how long
/// the first batch of a group waits for the others.
const GROUP_MUTATIONS: usize = 2_000;

/// WAL size (in pages) at which the writer checkpoints itself after a commit. The WAL starts
/// over only when a checkpoint has copied all of it, which a checkpoint running beside a
/// busy writer never quite does; this one finishes the job, and finds most of it done.
const WAL_BACKSTOP_PAGES: u32 = 4_000;

/// What a WAL file is cut back to when it starts over (it keeps its largest size otherwise).
const WAL_KEPT_BYTES: u64 = 64 * 1024 * 1024;

/// Pushes that may wait in the channel; a push beyond waits to enter it.
const QUEUE: usize = 1_024;

/// Least time between two checkpoints: each one syncs the WAL and the database file, so
/// a few large ones cost less than many small ones.
const CHECKPOINT_PAUSE: Duration = Duration::from_millis(250);

/// The answer to one push.
type Answer = Result<Vec<MutationResult>, StoreError>;

/// One push waiting for the writer.
struct Job {
    ctx: PushContext,
    mutations: Vec<Incoming>,
    answer: oneshot::Sender<Answer>,
}

enum Message {
    Push(Job),
    /// Finish the pushes queued before this, close the connection, and stop.
    Close(oneshot::Sender<()>),
}

/// The handle the store keeps: where pushes are sent.
#[derive(Debug, Clone)]
pub(super) struct SyncWriter {
    messages: mpsc::Sender<Message>,
}

impl SyncWriter {
    /// Starts the writer and its checkpointer on the current Tokio runtime.
    pub fn start(pool: SqlitePool) -> Self {
        let (messages, inbox) = mpsc::channel(QUEUE);
        // One pending signal is enough: commits while a checkpoint runs need only the next one.
        let (wal_grew, commits) = mpsc::channel(1);
        tokio::spawn(checkpointer(pool.clone(), commits));
        tokio::spawn(Writer { pool, conn: None, wal_grew }.run(inbox));
        Self { messages }
    }

    /// Queues a batch and waits until it is committed (or failed).
    pub async fn push(&self, ctx: PushContext, mutations: Vec<Incoming>) -> Answer {
        let (answer, answered) = oneshot::channel();
        self.messages.send(Message::Push(Job { ctx, mutations, answer })).await.map_err(|_| stopped())?;
        // A dropped sender means the writer stopped before answering: nothing was acknowledged.
        answered.await.map_err(|_| stopped())?
    }

    /// Lets the queued pushes finish, then closes the writer's connection.
    pub async fn close(&self) {
        let (done, closed) = oneshot::channel();
        if self.messages.send(Message::Close(done)).await.is_ok() {
            // An error means the writer is gone already, which is what was asked for.
            let _ = closed.await;
        }
    }
}

/// The writer is shut down (or its task ended): the push was not applied.
fn stopped() -> StoreError {
    StoreError::Database(sqlx::Error::PoolClosed)
}

struct Writer {
    pool: SqlitePool,
    /// Opened on first use, and again after an error.
    conn: Option<SqliteConnection>,
    /// Tells the checkpointer that the WAL grew; it stops when this is dropped.
    wal_grew: mpsc::Sender<()>,
}

impl Writer {
    async fn run(mut self, mut inbox: mpsc::Receiver<Message>) {
        let mut group = Vec::new();
        while let Some(first) = inbox.recv().await {
            let mut closing = None;
            let mut size = 0;
            let mut next = Some(first);
            // Everything already waiting joins the group; nothing is waited for.
            while let Some(message) = next.take() {
                match message {
                    Message::Push(job) => {
                        size += job.mutations.len();
                        group.push(job);
                    }
                    Message::Close(done) => {
                        closing = Some(done);
                        break;
                    }
                }
                if size < GROUP_MUTATIONS {
                    next = inbox.try_recv().ok();
                }
            }
            if !group.is_empty() {
                self.write(&mut group).await;
            }
            if let Some(done) = closing {
                // Pushes sent after the close request are dropped unanswered: their callers
                // get an error and their devices retry later.
                inbox.close();
                if let Some(conn) = self.conn.take()
                    && let Err(error) = conn.close().await
                {
                    tracing::warn!(%error, "closing the sync writer's connection");
                }
                let _ = done.send(());
                return;
            }
        }
    }

    /// Writes a group and answers each of its pushes.
    async fn write(&mut self, group: &mut Vec<Job>) {
        match self.apply(group).await {
            Ok(answers) => {
                for (job, answer) in group.drain(..).zip(answers) {
                    // The push may have been abandoned (client gone): it is committed anyway,
                    // and a retry is answered `duplicate`.
                    let _ = job.answer.send(Ok(answer));
                }
            }
            Err(error) if group.len() == 1 => {
                if let Some(job) = group.pop() {
                    let _ = job.answer.send(Err(error));
                }
            }
            Err(error) => {
                // Nothing of the group was committed. One batch's failure must not fail the
                // others: each is tried again alone and answered for itself.
                tracing::warn!(%error, batches = group.len(), "sync group failed; retrying its batches one by one");
                for job in group.drain(..) {
                    let answer = self.apply(std::slice::from_ref(&job)).await.and_then(|mut answers| {
                        answers.pop().ok_or_else(|| StoreError::BadRow {
                            table: "applied_mutations",
                            reason: "a batch was left unanswered".to_owned(),
                        })
                    });
                    let _ = job.answer.send(answer);
                }
            }
        }
    }

    /// Applies the batches in one transaction and commits; one answer per batch.
    async fn apply(&mut self, jobs: &[Job]) -> Result<Vec<Vec<MutationResult>>, StoreError> {
        let result = self.apply_on_connection(jobs).await;
        if result.is_err() {
            // Whatever state the connection is in, a fresh one is certain to be clean; the
            // open transaction (if any) is rolled back as the old one closes.
            self.conn = None;
        }
        result
    }

    async fn apply_on_connection(&mut self, jobs: &[Job]) -> Result<Vec<Vec<MutationResult>>, StoreError> {
        if self.conn.is_none() {
            self.conn = Some(open(&self.pool).await?);
        }
        let Some(conn) = self.conn.as_mut() else { return Err(stopped()) };
        let mut tx = conn.begin_with("begin immediate").await?;
        let mut answers = Vec::with_capacity(jobs.len());
        for job in jobs {
            answers.push(apply_batch(&mut tx, &job.ctx, &job.mutations).await?);
        }
        tx.commit().await?;
        // Full means a signal is pending already.
        let _ = self.wal_grew.try_send(());
        Ok(answers)
    }
}

/// A connection of the writer's own, with the settings from the module docs.
async fn open(pool: &SqlitePool) -> Result<SqliteConnection, StoreError> {
    let mut conn = pool.acquire().await?.detach();
    sqlx::query(&format!("pragma wal_autocheckpoint = {WAL_BACKSTOP_PAGES}")).execute(&mut conn).await?;
    sqlx::query(&format!("pragma journal_size_limit = {WAL_KEPT_BYTES}")).execute(&mut conn).await?;
    sqlx::query("pragma temp_store = memory").execute(&mut conn).await?;
    Ok(conn)
}

/// Checkpoints the WAL after the writer's commits, at most once per [`CHECKPOINT_PAUSE`].
///
/// A passive checkpoint copies what no reader still needs into the database file and never
/// blocks the writer; the WAL starts over from its beginning once all of it is copied.
async fn checkpointer(pool: SqlitePool, mut commits: mpsc::Receiver<()>) {
    while commits.recv().await.is_some() {
        if pool.is_closed() {
            return;
        }
        if let Err(error) = sqlx::query("pragma wal_checkpoint(passive)").execute(&pool).await {
            if pool.is_closed() {
                return;
            }
            tracing::warn!(%error, "WAL checkpoint failed; the next commit tries again");
        }
        tokio::time::sleep(CHECKPOINT_PAUSE).await;
    }
}
