//! The sync service: pushes the outbox and pulls the change log, and tells the UI how that
//! goes. Views read [`SyncService`]'s signals and call [`SyncService::sync_now`]; nothing else
//! pushes or pulls, and nothing else writes these signals.
//!
//! When it runs: on start, on the `online` event, when the page becomes visible, every few
//! minutes (with exponential backoff after errors), after every local write, and on the
//! "Synkronisér nu" button. Only one tab syncs at a time (a Web Lock); every tab hears about
//! the results through a `BroadcastChannel` and reloads what it shows.

use crate::api::{self, ApiError};
use crate::i18n::Key;
use crate::js::{path, prop};
use crate::outbox::{Counts, Decision, Queued, counts, decide, next_batch, next_sync_delay_ms};
use crate::services::{LocalStore, Network, SessionService};
use crate::store::{CompaniesStamp, Store, StoreError};
use kontaktpunkt_domain::search::CompanyIndex;
use kontaktpunkt_domain::sync::MAX_PUSH_BATCH;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;

mod pull;

/// Name of the Web Lock held while a tab (or the service worker) syncs, and of the tabs'
/// broadcast channel.
const LOCK: &str = "kontaktpunkt-sync";
const CHANNEL: &str = "kontaktpunkt";
/// The Background Sync tag; `sw-sync.js` pushes the outbox when it fires.
const BACKGROUND_SYNC_TAG: &str = "kontaktpunkt-outbox";
/// Broadcast messages: local records changed / the company list changed too.
const MSG_DATA: &str = "data";
const MSG_COMPANIES: &str = "companies";

/// The sync service's state, read by the sync bar, the outbox and the screens.
#[derive(Clone, Copy)]
pub struct SyncService {
    /// The outbox, split by owner and status.
    counts: RwSignal<Counts>,
    /// When a sync last finished without error (ms since the epoch).
    last_sync: RwSignal<Option<f64>>,
    /// Why the last sync (or a read of local data) failed, in the user's words.
    problem: RwSignal<Option<Key>>,
    running: RwSignal<bool>,
    /// The server no longer accepts the token: the outbox waits for the same user's login.
    needs_login: RwSignal<bool>,
    /// Bumps whenever local records change (in this tab or another); views reload on it.
    revision: RwSignal<u64>,
    /// Bumps whenever the companies on the device changed; the catalog reloads on it.
    companies_revision: RwSignal<u64>,
    /// The CVR numbers this tab's pulls stored since the catalog last asked; `None` when
    /// that is not known (another tab or the service worker pulled, or too many to list).
    changed_companies: StoredValue<Option<Vec<String>>>,
    /// What a completed first download stored into an empty device, for the catalog.
    downloaded: StoredValue<Option<Downloaded>>,
    /// A first pull under way: changes stored of the change log's length.
    download: RwSignal<Option<(u64, u64)>>,
    /// The answer to `navigator.storage.persist()`; `None` while asking or unsupported.
    persisted: RwSignal<Option<bool>>,
    /// The user saved the outbox to a file, which permits logging out with entries in it.
    exported: RwSignal<bool>,
    again: StoredValue<bool>,
    failures: StoredValue<u32>,
    timer: StoredValue<Option<TimeoutHandle>>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
    local: LocalStore,
    session: SessionService,
    network: Network,
}

impl SyncService {
    pub fn new(local: LocalStore, session: SessionService, network: Network) -> Self {
        Self {
            counts: RwSignal::new(Counts::default()),
            last_sync: RwSignal::new(None),
            problem: RwSignal::new(None),
            running: RwSignal::new(false),
            needs_login: RwSignal::new(false),
            revision: RwSignal::new(0),
            companies_revision: RwSignal::new(0),
            changed_companies: StoredValue::new(Some(Vec::new())),
            downloaded: StoredValue::new(None),
            download: RwSignal::new(None),
            persisted: RwSignal::new(None),
            exported: RwSignal::new(false),
            again: StoredValue::new(false),
            failures: StoredValue::new(0),
            timer: StoredValue::new(None),
            channel: StoredValue::new_local(None),
            local,
            session,
            network,
        }
    }

    /// Reactive: the outbox counts for the user logged in.
    pub fn counts(self) -> Counts {
        self.counts.get()
    }

    /// Entries that would be stranded by a logout: the user's pending and rejected ones.
    pub fn unsynced(self) -> u32 {
        self.counts.with_untracked(|c| c.pending + c.rejected)
    }

    pub fn last_sync(self) -> Option<f64> {
        self.last_sync.get()
    }

    pub fn problem(self) -> Option<Key> {
        self.problem.get()
    }

    pub fn running(self) -> bool {
        self.running.get()
    }

    pub fn needs_login(self) -> bool {
        self.needs_login.get()
    }

    /// Reactive: tracks changes of local records; screens that show them reload on it.
    pub fn track_records(self) {
        self.revision.track();
    }

    /// Reactive: tracks changes of the companies on the device.
    pub fn track_companies(self) {
        self.companies_revision.track();
    }

    /// The companies a first download just stored into an empty device, indexed, and the state
    /// they are in: the catalog shows them without reading them back. Taken once.
    pub fn take_downloaded(self) -> Option<Downloaded> {
        let mut taken = None;
        self.downloaded.update_value(|downloaded| taken = downloaded.take());
        taken
    }

    /// The companies changed since the last call, if known: only they need indexing.
    pub fn take_changed_companies(self) -> Option<Vec<String>> {
        let mut taken = None;
        self.changed_companies.update_value(|known| taken = known.replace(Vec::new()));
        taken
    }

    fn note_changed_companies(self, cvrs: Vec<String>) {
        self.changed_companies.update_value(|known| {
            if let Some(list) = known {
                if list.len() + cvrs.len() > kontaktpunkt_domain::search::MAX_RECENT {
                    *known = None;
                } else {
                    list.extend(cvrs);
                }
            }
        });
    }

    /// Reactive: `(stored, total)` while a first pull is under way.
    pub fn download(self) -> Option<(u64, u64)> {
        self.download.get()
    }

    pub fn persisted(self) -> Option<bool> {
        self.persisted.get()
    }

    pub fn exported(self) -> bool {
        self.exported.get()
    }

    pub fn exported_untracked(self) -> bool {
        self.exported.get_untracked()
    }

    /// The user saved the outbox to a file.
    pub fn mark_exported(self) {
        self.exported.set(true);
    }

    /// Shows a problem with local data in the sync bar (where sync problems are shown too).
    pub fn report(self, key: Key) {
        self.problem.set(Some(key));
    }
}

/// Why a sync stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    Api(ApiError),
    Store(StoreError),
    /// The server answered a push without acknowledging anything in it.
    NoProgress,
}

impl From<ApiError> for Stop {
    fn from(error: ApiError) -> Self {
        Self::Api(error)
    }
}

/// The pull's chunk could not be fetched: the network failed, as far as a sync can tell.
impl From<crate::split::Unloaded> for Stop {
    fn from(_: crate::split::Unloaded) -> Self {
        Self::Api(ApiError::Offline)
    }
}

impl From<StoreError> for Stop {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

/// Pushes the next batch of `user_id`'s pending entries and stores the server's answers.
/// Returns false when nothing was pending. Shared by the page and the service worker's
/// Background Sync, so both follow the same outbox rules.
pub(crate) async fn push_batch(
    store: &Store,
    token: &str,
    user_id: Uuid,
    device_id: Uuid,
) -> Result<bool, Stop> {
    let entries = store.outbox_raw().await?;
    let batch: Vec<(Queued, JsValue)> =
        next_batch(&entries, user_id, MAX_PUSH_BATCH).into_iter().cloned().collect();
    if batch.is_empty() {
        return Ok(false);
    }
    let mutations: Vec<JsValue> = batch.iter().map(|(_, e)| prop(e, "mutation")).collect();
    let answers = api::push(token, device_id, &mutations).await?;
    let pushed: Vec<_> = batch.iter().map(|(q, _)| (q.key, q.id)).collect();
    let decisions = decide(&pushed, &answers);
    store.apply_decisions(&decisions, &batch).await?;
    if decisions.iter().all(|d| matches!(d, Decision::Keep { .. })) {
        return Err(Stop::NoProgress);
    }
    Ok(true)
}

/// Runs `job` while holding the Web Lock that tabs and the service worker share, so only one
/// of them pushes at a time. With `if_available`, gives up (`None`) when another holds it;
/// otherwise waits its turn. Without Web Locks (old browsers), just runs.
pub(crate) async fn under_sync_lock<T: 'static>(
    if_available: bool,
    job: impl Future<Output = T> + 'static,
) -> Option<T> {
    // `navigator` of the window or of the service worker alike.
    let locks = path(&js_sys::global(), &["navigator", "locks"]);
    let Ok(request) = prop(&locks, "request").dyn_into::<js_sys::Function>() else {
        return Some(job.await);
    };
    let result = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&result);
    let callback = Closure::once_into_js(move |lock: JsValue| -> js_sys::Promise {
        if lock.is_null() {
            return js_sys::Promise::resolve(&JsValue::UNDEFINED); // Held elsewhere.
        }
        wasm_bindgen_futures::future_to_promise(async move {
            *slot.borrow_mut() = Some(job.await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"ifAvailable".into(), &JsValue::from_bool(if_available));
    if let Ok(promise) = request.call3(&locks, &LOCK.into(), &options, &callback) {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await;
    }
    result.take()
}

/// Asks the browser to wake the service worker once the network is back, so entries made
/// offline are pushed even if the app has been closed by then. Only where Background Sync
/// exists (Chromium); elsewhere the page's own triggers do all the work.
fn request_background_sync() {
    let container = window().navigator().service_worker();
    let Ok(ready) = container.ready() else { return };
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(ready).await else { return };
        let manager = prop(&registration, "sync");
        let Ok(register) = prop(&manager, "register").dyn_into::<js_sys::Function>() else { return };
        if let Ok(promise) = register.call1(&manager, &BACKGROUND_SYNC_TAG.into())
            && let Err(error) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
        {
            leptos::logging::warn!("background sync registration failed: {error:?}");
        }
    });
}

/// Tells open tabs that local records changed (from the service worker, which has no
/// [`SyncService`] channel of its own).
pub(crate) fn announce_data_changed() {
    if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
        let _ = channel.post_message(&JsValue::from_str(MSG_DATA));
        channel.close();
    }
}

/// The text for a storage failure: a full device is worth its own plain message.
pub fn storage_key(error: &StoreError) -> Key {
    leptos::logging::error!("local store: {}", error.0);
    if error.is_quota() { Key::ErrQuota } else { Key::ErrStorage }
}

impl SyncService {
    fn store(self) -> Store {
        self.local.get()
    }

    /// Wires the triggers (online, visible, other tabs, a new login) and runs the first sync.
    /// Call once.
    pub(crate) fn start(self) {
        // Back online: push what waited and continue a download that waited.
        Effect::new(move |was: Option<bool>| {
            let now = self.network.online();
            if now && was == Some(false) {
                self.sync_now();
            }
            now
        });
        // A login (the same user again after an expired session, or another user).
        Effect::new(move |was: Option<Option<(Uuid, String)>>| {
            let now = self.session.with(|s| s.map(|s| (s.user.id, s.token.clone())));
            if let Some(was) = was
                && was != now
            {
                if was.as_ref().map(|w| w.0) != now.as_ref().map(|n| n.0) {
                    self.exported.set(false);
                }
                self.needs_login.set(false);
                self.problem.set(None);
                leptos::task::spawn_local(self.refresh_counts());
                self.sync_now();
            }
            now
        });
        let visible = window_event_listener_untyped("visibilitychange", move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Visible {
                self.sync_now();
            }
        });
        on_cleanup(move || visible.remove());
        if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) {
            let on_message =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                    let companies = event.data().as_string().as_deref() == Some(MSG_COMPANIES);
                    if companies {
                        // Another tab or the worker pulled them: which ones is not known here.
                        self.changed_companies.set_value(None);
                    }
                    leptos::task::spawn_local(self.after_change(companies));
                });
            channel.set_onmessage(Some(wasm_bindgen::JsCast::unchecked_ref(on_message.as_ref())));
            on_message.forget(); // Lives as long as the page.
            self.channel.set_value(Some(channel));
        }
        self.ask_for_persistent_storage();
        leptos::task::spawn_local(async move {
            if let Ok(Some(meta)) = self.store().sync_meta().await {
                self.last_sync.set(meta.last_sync_at);
            }
            self.refresh_counts().await;
        });
        self.sync_now();
    }

    /// Syncs as soon as possible; a call while a sync runs makes it run once more after.
    pub fn sync_now(self) {
        let sync = self;
        if sync.running.get_untracked() {
            sync.again.set_value(true);
            return;
        }
        sync.running.set(true);
        leptos::task::spawn_local(async move {
            let ran = loop {
                sync.again.set_value(false);
                let ran = self.sync_under_lock().await;
                if !sync.again.get_value() {
                    break ran;
                }
            };
            sync.running.set(false);
            if ran {
                self.schedule_next();
            } else {
                // Another tab holds the lock and is syncing; this tab's new entries may have
                // missed its push, so try again shortly rather than at the next period.
                let handle = set_timeout_with_handle(move || self.sync_now(), Duration::from_secs(3)).ok();
                if let Some(old) = self.timer.get_value() {
                    old.clear();
                }
                self.timer.set_value(handle);
            }
        });
    }

    /// Re-reads the outbox counts.
    pub async fn refresh_counts(self) {
        let owner = self.session.user_id_untracked();
        match self.store().outbox().await {
            Ok(entries) => self.counts.set(counts(&entries, owner)),
            Err(error) => self.problem.set(Some(storage_key(&error))),
        }
    }

    /// After local records changed here: views reload, other tabs hear of it, and a push
    /// starts if there is a network.
    pub async fn after_local_write(self) {
        self.after_change(false).await;
        self.broadcast(MSG_DATA);
        if self.network.online_untracked() {
            self.sync_now();
        } else {
            request_background_sync();
        }
    }

    async fn after_change(self, companies: bool) {
        self.refresh_counts().await;
        self.revision.update(|r| *r += 1);
        if companies {
            self.companies_revision.update(|r| *r += 1);
        }
    }

    fn broadcast(self, message: &str) {
        self.channel.with_value(|c| {
            if let Some(channel) = c {
                let _ = channel.post_message(&JsValue::from_str(message));
            }
        });
    }

    fn schedule_next(self) {
        let delay = next_sync_delay_ms(self.failures.get_value());
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let handle =
            set_timeout_with_handle(move || self.sync_now(), Duration::from_millis(delay.into())).ok();
        self.timer.set_value(handle);
    }

    /// Runs one sync while holding the sync Web Lock; if another tab (or the service worker)
    /// holds it, that one is syncing and will broadcast its results.
    /// Returns false when another holder had the lock.
    async fn sync_under_lock(self) -> bool {
        under_sync_lock(true, self.sync_once()).await.is_some()
    }

    /// Push, then pull, and record how it went.
    async fn sync_once(self) {
        if self.session.user_id_untracked().is_none() {
            return;
        }
        let result = self.push_and_pull().await;
        let sync = self;
        // The push may succeed later from the service worker, even with the app closed.
        let network_failed =
            matches!(result, Err(Stop::Api(ApiError::Offline | ApiError::Server(_)) | Stop::NoProgress));
        match result {
            Ok(companies) => {
                sync.failures.set_value(0);
                sync.problem.set(None);
                sync.last_sync.set(Some(js_sys::Date::now()));
                self.broadcast(if companies { MSG_COMPANIES } else { MSG_DATA });
            }
            Err(stop) => {
                leptos::logging::warn!("sync stopped: {stop:?}");
                sync.failures.update_value(|f| *f += 1);
                let key = match &stop {
                    Stop::Api(ApiError::Unauthorized) => {
                        sync.needs_login.set(true);
                        Key::SyncNeedsLogin
                    }
                    Stop::Api(ApiError::DeviceRevoked) => {
                        self.session.device_revoked().await;
                        return;
                    }
                    Stop::Api(error) => error.key(),
                    Stop::Store(error) => storage_key(error),
                    Stop::NoProgress => Key::ErrServer,
                };
                sync.problem.set(Some(key));
                // The catalog shows why a first download cannot go on.
                sync.download.set(None);
            }
        }
        self.refresh_counts().await;
        if network_failed && self.counts.with_untracked(|c| c.pending > 0) {
            request_background_sync();
        }
    }

    /// Returns whether companies changed.
    async fn push_and_pull(self) -> Result<bool, Stop> {
        let Some(session) = self.session.get_untracked() else { return Ok(false) };
        if self.needs_login.get_untracked() {
            return Err(Stop::Api(ApiError::Unauthorized));
        }
        if !self.network.online_untracked() {
            return Err(Stop::Api(ApiError::Offline));
        }
        let store = self.store();
        let device_id = store.device_id().await?;
        let user_id = session.user.id;

        // Push the user's pending entries in order; other users' entries wait for them.
        while push_batch(&store, &session.token, user_id, device_id).await? {
            self.after_change(false).await;
        }

        pull::pull(self, store, session.token, user_id).await?
    }

    /// Asks the browser not to evict our data under storage pressure, and shows the answer.
    fn ask_for_persistent_storage(self) {
        let Ok(promise) = window().navigator().storage().persist() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if let Ok(granted) = wasm_bindgen_futures::JsFuture::from(promise).await {
                self.persisted.set(granted.as_bool());
            }
        });
    }
}

/// What a completed first download into an empty device leaves the catalog: the companies
/// it stored, indexed, and the stamp of the state they left the store in.
pub struct Downloaded {
    pub index: CompanyIndex,
    pub stamp: CompaniesStamp,
}
