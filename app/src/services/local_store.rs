//! The local store (IndexedDB) as a service: one handle for the whole app, and whether
//! another tab has taken the database away (an upgrade), which needs a reload.

use crate::store::Store;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct LocalStore {
    store: StoredValue<Store, LocalStorage>,
    closed: ReadSignal<bool>,
}

impl LocalStore {
    pub fn new(store: Store) -> Self {
        let (closed, set_closed) = signal(false);
        store.on_closed(move || set_closed.set(true));
        Self { store: StoredValue::new_local(store), closed }
    }

    /// The store; only services call this.
    pub fn get(self) -> Store {
        self.store.get_value()
    }

    /// Reactive: another tab upgraded the database, so this page must be reloaded.
    pub fn closed(self) -> bool {
        self.closed.get()
    }
}
