//! The app's services, each provided through context and each the only writer of its signals:
//! the network state, the local store, the session, the sync service, the company catalog and
//! the records a user makes. Components read their signals and call their methods; they never
//! touch IndexedDB or HTTP themselves.

pub mod catalog;
pub mod local_store;
pub mod network;
pub mod records;
pub mod session;
pub mod sync;

#[cfg(all(test, target_arch = "wasm32"))]
mod browser_tests;

pub use catalog::CatalogService;
pub use local_store::LocalStore;
pub use network::Network;
pub use records::Records;
pub use session::SessionService;
pub use sync::SyncService;

use crate::i18n::I18n;
use crate::store::{Session, Store};
use leptos::prelude::*;

/// Creates every service over the opened store and provides them to the components below.
/// Call once, inside the root component.
pub fn provide(store: Store, session: Option<Session>) {
    let i18n = I18n::new();
    let network = Network::new();
    let local = LocalStore::new(store);
    let session = SessionService::new(local, session);
    let sync = SyncService::new(local, session, network);
    let catalog = CatalogService::new(local, session, network, sync);
    let records = Records { local, session, sync };
    provide_context(i18n);
    provide_context(network);
    provide_context(local);
    provide_context(session);
    provide_context(sync);
    provide_context(catalog);
    provide_context(records);
    sync.start();
}
