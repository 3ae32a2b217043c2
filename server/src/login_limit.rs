//! Brakes on password guessing: failed logins counted per user name and per client address
//! in a sliding window, and a bounded number of argon2 checks at a time.
//!
//! Failures are counted for every user name typed, known or not, so a refusal (429) says
//! nothing about whether the user exists. While a name or address is over its limit, the
//! password is not even checked: the right password then waits too. A success clears the
//! name's count (not the address's: one address may guess many names).
//!
//! The counts live in memory: a restart forgets them, which costs an attacker a restart they
//! cannot cause. Both maps are bounded; when full, expired entries go first, then the oldest.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most distinct names (and addresses) tracked at once.
const MAX_TRACKED: usize = 10_000;

/// How many failures are allowed within the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Failed logins per user name within `window`.
    pub per_user: u32,
    /// Failed logins per client address within `window`.
    pub per_address: u32,
    /// The sliding window.
    pub window: Duration,
}

/// The failure counts of one kind of key.
#[derive(Debug, Default)]
struct Failures<K> {
    /// Failure times per key, oldest first, at most the limit of them.
    times: HashMap<K, VecDeque<Instant>>,
}

impl<K: std::hash::Hash + Eq + Clone> Failures<K> {
    /// How long until `key` may try again, if it is over `limit` now.
    fn blocked_for(&mut self, key: &K, limit: u32, window: Duration, now: Instant) -> Option<Duration> {
        let times = self.times.get_mut(key)?;
        while times.front().is_some_and(|t| now.duration_since(*t) >= window) {
            times.pop_front();
        }
        if times.is_empty() {
            self.times.remove(key);
            return None;
        }
        if times.len() < limit as usize {
            return None;
        }
        // The oldest failure in the window ages out first.
        times.front().map(|oldest| window.saturating_sub(now.duration_since(*oldest)))
    }

    fn record(&mut self, key: K, limit: u32, window: Duration, now: Instant) {
        if !self.times.contains_key(&key) && self.times.len() >= MAX_TRACKED {
            self.times.retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < window));
            if self.times.len() >= MAX_TRACKED {
                let oldest =
                    self.times.iter().min_by_key(|(_, times)| times.back().copied()).map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    self.times.remove(&oldest);
                }
            }
        }
        let times = self.times.entry(key).or_default();
        times.push_back(now);
        while times.len() > limit.max(1) as usize {
            times.pop_front();
        }
    }
}

/// The failed-login counts of this server.
#[derive(Debug)]
pub struct LoginLimiter {
    limits: Limits,
    state: Mutex<(Failures<String>, Failures<IpAddr>)>,
}

impl LoginLimiter {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            state: Mutex::new((Failures { times: HashMap::new() }, Failures { times: HashMap::new() })),
        }
    }

    /// How long the caller must wait before `username` may be tried from `address`, if at all.
    pub fn blocked_for(&self, username: &str, address: Option<IpAddr>, now: Instant) -> Option<Duration> {
        let Limits { per_user, per_address, window } = self.limits;
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (users, addresses) = &mut *state;
        let user = users.blocked_for(&user_key(username), per_user, window, now);
        let address = address.and_then(|a| addresses.blocked_for(&a, per_address, window, now));
        user.into_iter().chain(address).max()
    }

    /// Counts a failed login.
    pub fn failed(&self, username: &str, address: Option<IpAddr>, now: Instant) {
        let Limits { per_user, per_address, window } = self.limits;
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let (users, addresses) = &mut *state;
        users.record(user_key(username), per_user, window, now);
        if let Some(address) = address {
            addresses.record(address, per_address, window, now);
        }
    }

    /// Clears the name's failures after a successful login.
    pub fn succeeded(&self, username: &str) {
        let mut state = self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        state.0.times.remove(&user_key(username));
    }
}

/// User names are matched without regard to case (as the users table does).
fn user_key(username: &str) -> String {
    username.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits { per_user: 3, per_address: 5, window: Duration::from_secs(60) };

    fn ip(last: u8) -> Option<IpAddr> {
        Some(IpAddr::from([10, 0, 0, last]))
    }

    #[test]
    fn a_name_is_blocked_after_its_limit_until_the_oldest_failure_ages_out() {
        let limiter = LoginLimiter::new(LIMITS);
        let start = Instant::now();
        for i in 0..3 {
            assert_eq!(limiter.blocked_for("Karen", ip(i), start), None);
            limiter.failed("Karen", ip(i), start + Duration::from_secs(u64::from(i)));
        }
        let now = start + Duration::from_secs(10);
        assert_eq!(
            limiter.blocked_for(" karen ", ip(9), now),
            Some(Duration::from_secs(50)),
            "any case, any address"
        );
        assert_eq!(limiter.blocked_for("anden", ip(9), now), None, "other names are not blocked");
        assert_eq!(limiter.blocked_for("karen", ip(9), start + Duration::from_secs(60)), None);
    }

    #[test]
    fn an_address_is_blocked_after_its_limit_whatever_name_it_tries() {
        let limiter = LoginLimiter::new(LIMITS);
        let now = Instant::now();
        for i in 0..5 {
            limiter.failed(&format!("navn{i}"), ip(1), now);
        }
        assert_eq!(limiter.blocked_for("ny", ip(1), now), Some(Duration::from_secs(60)));
        assert_eq!(limiter.blocked_for("ny", ip(2), now), None);
        assert_eq!(limiter.blocked_for("ny", None, now), None, "an unknown address is not one address");
    }

    #[test]
    fn a_success_clears_the_names_failures() {
        let limiter = LoginLimiter::new(LIMITS);
        let now = Instant::now();
        for _ in 0..2 {
            limiter.failed("karen", ip(1), now);
        }
        limiter.succeeded("KAREN");
        limiter.failed("karen", ip(1), now);
        assert_eq!(limiter.blocked_for("karen", ip(1), now), None);
    }

    #[test]
    fn the_tracked_names_stay_bounded() {
        let limiter = LoginLimiter::new(LIMITS);
        let now = Instant::now();
        for i in 0..(MAX_TRACKED + 50) {
            limiter.failed(&format!("navn{i}"), None, now);
        }
        let state = limiter.state.lock().expect("lock");
        assert!(state.0.times.len() <= MAX_TRACKED);
    }
}
