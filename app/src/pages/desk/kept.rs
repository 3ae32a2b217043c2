//! The desk's choices (periods, filters, sort order) outlive the views that show them: a
//! sync that brings new records rebuilds the views from fresh data, and the coordinator's
//! filters must not vanish mid-work. Each view asks for its signals by name; they belong to
//! the desk page, which a reload does not rebuild.

use leptos::prelude::*;
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Signals kept for the desk page's lifetime, by name.
#[derive(Clone)]
pub struct Kept {
    owner: Owner,
    signals: Arc<Mutex<HashMap<&'static str, Box<dyn Any + Send + Sync>>>>,
}

impl Kept {
    /// Provides the store for the views below the current owner (the desk page).
    pub fn provide() {
        let owner = Owner::current().unwrap_or_default();
        provide_context(Self { owner, signals: Arc::default() });
    }

    /// The signal kept as `key`, made with `init` the first time it is asked for. A key asked
    /// for again with another type gets a fresh signal (and keeps that one).
    pub fn signal<T: Send + Sync + 'static>(key: &'static str, init: impl FnOnce() -> T) -> RwSignal<T> {
        let Some(kept) = use_context::<Self>() else {
            return RwSignal::new(init());
        };
        let Ok(mut signals) = kept.signals.lock() else {
            return RwSignal::new(init());
        };
        if let Some(signal) = signals.get(key).and_then(|s| s.downcast_ref::<RwSignal<T>>()) {
            return *signal;
        }
        // Made under the desk page's owner, so it lives as long as the page, not the view.
        let signal = kept.owner.with(|| RwSignal::new(init()));
        signals.insert(key, Box::new(signal));
        signal
    }
}
