//! How far the applies under way have come, for `GET /api/admin/imports/{id}/progress`.
//!
//! In memory only: an apply runs in this process, and its progress means nothing after a
//! restart. A finished apply's last figures stay a while, so a poll that comes late still sees
//! where it ended.

use crate::import::{Observer, Progress};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long the figures of a finished apply are kept.
const KEPT_AFTER_FINISH: Duration = Duration::from_secs(10 * 60);

/// The figures of one import's apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApplyState {
    pub running: bool,
    pub progress: Progress,
}

/// Every apply under way (and those finished lately), by import id.
#[derive(Debug, Default)]
pub struct ApplyProgress {
    applies: Mutex<HashMap<Uuid, (ApplyState, Option<Instant>)>>,
}

impl ApplyProgress {
    fn lock(&self) -> MutexGuard<'_, HashMap<Uuid, (ApplyState, Option<Instant>)>> {
        // A panic while holding the lock leaves plain numbers behind: still usable.
        self.applies.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers the apply of `id`; `None` when one is already running. The observer updates
    /// the figures; dropping the [`Running`] marks the apply finished.
    pub fn start(self: &Arc<Self>, id: Uuid, total_bytes: u64) -> Option<(Running, Arc<dyn Observer>)> {
        let mut applies = self.lock();
        applies.retain(|_, (_, finished)| finished.is_none_or(|at| at.elapsed() < KEPT_AFTER_FINISH));
        if applies.get(&id).is_some_and(|(state, _)| state.running) {
            return None;
        }
        let progress = Progress { records: 0, bytes_read: 0, total_bytes };
        applies.insert(id, (ApplyState { running: true, progress }, None));
        let tracker = Tracker { registry: self.clone(), id };
        Some((Running { registry: self.clone(), id }, Arc::new(tracker)))
    }

    /// The figures of `id`'s apply, if one runs or ended lately.
    pub fn get(&self, id: Uuid) -> Option<ApplyState> {
        self.lock().get(&id).map(|(state, _)| *state)
    }

    /// Whether an apply of `id` runs now.
    pub fn is_running(&self, id: Uuid) -> bool {
        self.get(id).is_some_and(|state| state.running)
    }
}

/// An apply under way; dropping it (however the apply ends) marks it finished.
pub struct Running {
    registry: Arc<ApplyProgress>,
    id: Uuid,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some((state, finished)) = self.registry.lock().get_mut(&self.id) {
            state.running = false;
            *finished = Some(Instant::now());
        }
    }
}

/// Records the reader's progress reports.
struct Tracker {
    registry: Arc<ApplyProgress>,
    id: Uuid,
}

impl Observer for Tracker {
    fn progress(&self, progress: Progress) {
        if let Some((state, None)) = self.registry.lock().get_mut(&self.id) {
            state.progress = progress;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_apply_reports_progress_runs_once_and_keeps_its_end() {
        let registry = Arc::new(ApplyProgress::default());
        let id = Uuid::now_v7();
        assert_eq!(registry.get(id), None);
        let (running, observer) = registry.start(id, 1000).expect("first apply");
        assert!(
            registry.start(id, 1000).is_none(),
            "a second apply of the same import is refused while the first runs"
        );
        assert!(registry.is_running(id));
        observer.progress(Progress { records: 5000, bytes_read: 400, total_bytes: 1000 });
        let state = registry.get(id).expect("known");
        assert_eq!((state.running, state.progress.records, state.progress.bytes_read), (true, 5000, 400));
        drop(running);
        let state = registry.get(id).expect("kept after the end");
        assert!(!state.running);
        assert_eq!(state.progress.records, 5000);
        observer.progress(Progress { records: 9, bytes_read: 9, total_bytes: 9 });
        assert_eq!(registry.get(id).expect("kept").progress.records, 5000, "late reports are ignored");
        assert!(registry.start(id, 1000).is_some(), "a finished apply may be tried again");
    }
}
