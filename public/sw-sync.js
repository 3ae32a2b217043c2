// Kontaktpunkt's service worker where the browser has Background Sync (Chromium): the shell
// cache of sw.js, plus pushing the outbox when the browser fires the outbox's `sync` event,
// even when no tab of the app is open any more.
//
// The push is the app's own code: this loads the same wasm module the page runs and calls its
// `background_push`, so the page and the worker follow one set of outbox rules and one sync
// contract. The page registers the event after a write it could not push.
//
// A module worker, which not every browser supports; the page registers it only where
// Background Sync exists and registers sw.js elsewhere. `cargo xtask build` fills in the names.

import './sw.js';
import init, { background_push } from '__APP_JS__';

const APP_WASM = '__APP_WASM__';
const OUTBOX_TAG = 'kontaktpunkt-outbox';

self.addEventListener('sync', (event) => {
  if (event.tag === OUTBOX_TAG) event.waitUntil(pushOutbox());
});

// Resolves once the outbox is pushed (or can only wait for the user to log in again);
// a rejection makes the browser retry later with backoff.
async function pushOutbox() {
  // From the shell cache when it is there: the worker's own requests bypass its fetch handler.
  const cached = await caches.match(APP_WASM);
  await init({ module_or_path: cached || APP_WASM });
  await background_push();
}
