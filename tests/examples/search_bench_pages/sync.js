// The app, online again, syncs companies the register changed while the search box shows a
// word only the changed companies hold. Resolves with when they were listed, when the
// snapshot was saved, every main-thread task of 50 ms or more (the Long Tasks API) and the
// app's `kp:` steps, each relative to the click on "Synkronisér nu".
const [word, expected, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const longTasks = [];
const observer = new PerformanceObserver((list) => {
  for (const task of list.getEntries()) longTasks.push([task.startTime, task.duration]);
});
observer.observe({ type: 'longtask' });
const box = document.querySelector('input[type=search]');
box.value = word;
box.dispatchEvent(new Event('input', { bubbles: true }));
const listed = () => Number(document.querySelector('[data-testid=result-count]')?.dataset.count || 0);
setTimeout(() => {
  const started = performance.now();
  const since = (at) => Math.round(at - started);
  document.querySelector('#sync-now').click();
  let searchable = null;
  const poll = () => {
    const now = performance.now();
    if (searchable === null && listed() >= expected) searchable = now - started;
    const saved = performance.getEntriesByName('kp:catalog-saved').find((m) => m.startTime >= started);
    if ((searchable !== null && saved) || now - started > 300000) {
      observer.disconnect();
      const steps = performance
        .getEntriesByType('measure')
        .filter((m) => m.startTime >= started && m.name.startsWith('kp:') && m.name !== 'kp:search')
        .map((m) => [m.name.slice(3), since(m.startTime), Math.round(m.duration)]);
      done({
        searchable_ms: searchable,
        saved_ms: saved ? since(saved.startTime + saved.duration) : null,
        listed: listed(),
        long_tasks: longTasks.filter(([at]) => at >= started).map(([at, ms]) => [since(at), Math.round(ms)]),
        steps,
      });
      return;
    }
    setTimeout(poll, 10);
  };
  poll();
}, 500);
