//! The heavy lane: queries that will hold a slot for long wait for one of a few permits, so that
//! small queries always find a free slot. A query goes there when its algebra says it is heavy
//! before it ever runs (a cartesian product, a full scan under a sort: [`query::cost`]), or when
//! the same request ran longer than [`SLOW`] or was stopped before.

use super::protocol::QueryRequest;
use crate::query;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A query that ran this long (or was stopped) goes to the heavy lane the next time.
pub(super) const SLOW: Duration = Duration::from_secs(1);
/// The heavy lane's memory: forgotten when full, so that it stays small.
const SLOW_REMEMBERED: usize = 10_000;

pub(super) struct HeavyLane {
    /// Fewer permits than evaluation slots.
    permits: Arc<Semaphore>,
    /// Hashes of the query requests that ran longer than [`SLOW`] or were stopped.
    slow: Mutex<HashSet<u64>>,
}

/// A request as the heavy lane knows it.
pub(super) struct Judged {
    key: u64,
    pub heavy: bool,
}

impl HeavyLane {
    /// A lane for a server with `concurrency` slots: a quarter of them, at least one, never all
    /// when there are two.
    pub fn new(concurrency: usize) -> Self {
        let permits = (concurrency / 4)
            .max(1)
            .min(concurrency.saturating_sub(1).max(1));
        Self {
            permits: Arc::new(Semaphore::new(permits)),
            slow: Mutex::new(HashSet::new()),
        }
    }

    pub fn judge(&self, request: &QueryRequest) -> Judged {
        let key = request_key(request);
        let remembered = self
            .slow
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&key);
        Judged {
            key,
            heavy: remembered || judged_heavy(request),
        }
    }

    /// Waits up to `timeout` for a heavy permit; `None` when none came free.
    pub async fn enter(&self, timeout: Duration) -> Option<OwnedSemaphorePermit> {
        let permit = tokio::time::timeout(timeout, Arc::clone(&self.permits).acquire_owned())
            .await
            .ok()?;
        Some(permit.expect("the semaphore is never closed"))
    }

    /// Sends the request to the heavy lane from now on.
    pub fn remember(&self, judged: &Judged) {
        let mut slow = self.slow.lock().unwrap_or_else(PoisonError::into_inner);
        if slow.len() >= SLOW_REMEMBERED {
            slow.clear();
        }
        slow.insert(judged.key);
    }
}

/// The identity of a query request for the heavy lane.
fn request_key(request: &QueryRequest) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    request.text.hash(&mut hasher);
    request.params.hash(&mut hasher);
    request.default_graphs.hash(&mut hasher);
    request.named_graphs.hash(&mut hasher);
    hasher.finish()
}

/// Whether the query's algebra is heavy, its parameters counted as constants. A text that does
/// not parse is not: the worker answers its syntax error at once.
fn judged_heavy(request: &QueryRequest) -> bool {
    let Ok(parsed) = query::parser().parse_query(&request.text) else {
        return false;
    };
    let bound: Vec<&str> = request
        .params
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    query::cost::is_heavy(&parsed, &bound)
}
