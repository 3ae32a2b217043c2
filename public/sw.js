// Kontaktpunkt's service worker: keeps the app shell available offline.
//
// `cargo xtask build` fills in the cache version and the precache list (the fingerprinted
// JS/WASM/CSS, index.html as '/', the manifest and the icons).
//
// It never calls skipWaiting(): a new version takes over only once every tab of the old one is
// closed, so an update can never reload a page that holds unsaved input.

const CACHE_PREFIX = 'kontaktpunkt-shell-';
const CACHE = CACHE_PREFIX + '__CACHE_VERSION__';
const PRECACHE = __PRECACHE_URLS__;
// How long a navigation waits for the network before the cached shell is used.
const NAVIGATION_TIMEOUT_MS = 3000;
// `<name>-<16 hex>.<ext>`: content-addressed, so a cached copy is always right.
const FINGERPRINTED = /-[0-9a-f]{16}\.[a-z0-9]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API always goes straight to the network and is never cached here: the app keeps
  // its own data in IndexedDB.
  if (url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request));
  } else if (FINGERPRINTED.test(url.pathname) || PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

// Network first (fresh index.html when online), the cached shell when offline or slow.
// The network answer is not stored: the cached '/' must keep matching its cached assets.
async function navigate(request) {
  try {
    const response = await Promise.race([fetch(request), timeout(NAVIGATION_TIMEOUT_MS)]);
    if (response && response.status < 500) return response;
  } catch (_) {
    // Offline: fall through to the cached shell.
  }
  const cached = await caches.match('/', { cacheName: CACHE });
  return cached || fetch(request);
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && FINGERPRINTED.test(new URL(request.url).pathname)) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

function timeout(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}
