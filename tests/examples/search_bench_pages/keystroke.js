// One timed keystroke, run by WebDriver's execute_async in the page under test:
// set #company-search to `value`, dispatch an `input` event, and watch the results region
// (the result count and #company-results) with a MutationObserver. Its signature is the
// result count's data-count and the CVR numbers listed; every mutation batch that changes it
// is timestamped. Once the region has been quiet for `quietMs` after a change (or for
// `idleMs` when nothing changed at all, so a slow answer is still waited for), the answer is:
//   ms       — from just before the dispatch until the last batch that changed the signature
//              (the list as it finally stands, whatever the page did in between); when the
//              signature did not change (a typed space, a longer prefix with the same
//              matches), until the page's work for the event was done: the first task after
//              the dispatch (a MessageChannel message), which runs once the event's
//              handlers and every microtask they queued have finished;
//   frame    — until the first animation frame after the last change (null if none);
//   changed  — whether the signature changed.
const [value, quietMs, idleMs, capMs, done] = arguments;
const input = document.querySelector('#company-search');
if (!input) {
  done({ error: 'no #company-search on the page' });
  return;
}
const REGION = '#company-results, [data-testid=result-count], #show-more';
const inRegion = (node) => {
  const element = node && (node.nodeType === 1 ? node : node.parentElement);
  return !!element && !!element.closest(REGION);
};
const relevant = (r) =>
  inRegion(r.target) ||
  [...r.addedNodes, ...r.removedNodes].some((n) => n.nodeType === 1 && (n.matches(REGION) || n.querySelector(REGION)));
const signature = () => {
  const count = document.querySelector('[data-testid=result-count]');
  const cvrs = Array.from(document.querySelectorAll('li[data-testid=company-result] .company-cvr'), (e) =>
    e.textContent.trim(),
  );
  return (count ? count.getAttribute('data-count') : '-') + '|' + cvrs.length + '|' + cvrs.join(',');
};
const countNow = () => {
  const count = document.querySelector('[data-testid=result-count]');
  const n = count ? Number(count.getAttribute('data-count')) : NaN;
  return Number.isFinite(n) ? n : null;
};
let last = signature();
const changes = [];
let t0 = 0;
let quiet = null;
let cap = null;
let capped = false;
let finished = false;
let workDone = null;
const finish = () => {
  if (finished) return;
  finished = true;
  observer.disconnect();
  clearTimeout(quiet);
  clearTimeout(cap);
  const final = changes[changes.length - 1];
  const report = () =>
    done({
      ms: final ? final.t - t0 : workDone === null ? null : workDone - t0,
      changed: !!final,
      frame: final && final.frame !== null ? final.frame - t0 : null,
      count: countNow(),
      listed: document.querySelectorAll('li[data-testid=company-result]').length,
      capped,
      // For SEARCH_BENCH_VERBOSE: when each change came, and the app's `kp:` steps meanwhile
      // (name, start, duration), in milliseconds from the dispatch.
      changes: changes.map((c) => Math.round((c.t - t0) * 10) / 10),
      steps: performance
        .getEntriesByType('measure')
        .filter((m) => m.name.startsWith('kp:') && m.startTime >= t0)
        .map((m) => [m.name.slice(3), Math.round((m.startTime - t0) * 10) / 10, Math.round(m.duration * 10) / 10]),
    });
  if (final && final.frame === null) requestAnimationFrame(() => { final.frame = final.frame ?? performance.now(); report(); });
  else report();
};
const observer = new MutationObserver((records) => {
  if (!records.some(relevant)) return;
  const t = performance.now();
  const now = signature();
  if (now !== last) {
    last = now;
    const entry = { t, frame: null };
    changes.push(entry);
    requestAnimationFrame(() => { entry.frame = performance.now(); });
  }
  clearTimeout(quiet);
  quiet = setTimeout(finish, changes.length ? quietMs : idleMs);
});
observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
t0 = performance.now();
input.value = value;
input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value.slice(-1) || null }));
const channel = new MessageChannel();
channel.port1.onmessage = () => { workDone = performance.now(); channel.port1.close(); };
channel.port2.postMessage(0);
quiet = setTimeout(finish, idleMs);
cap = setTimeout(() => { capped = true; finish(); }, capMs);
