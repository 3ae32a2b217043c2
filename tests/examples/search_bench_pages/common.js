// Shared by the search benchmark's reference pages (served by the benchmark only, never by
// the product): read every company from the app's IndexedDB, build a search with `build`,
// and answer each `input` event on #company-search synchronously, rendering up to 50 results
// with the app's markup and stylesheet.
'use strict';

const Bench = (() => {
  const SHOWN = 50;

  // The app's folding (domain/src/search/mod.rs): lower case, æ/ø/å → ae/oe/aa (or a/o/a),
  // é/è → e, anything not a letter or digit → space.
  const LETTER_OR_DIGIT = /[\p{Alphabetic}\p{N}]/u;
  const fold = (text, ae, oe, aa) => {
    let out = '';
    for (const c of String(text ?? '').toLowerCase()) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
      else if (c === 'æ' || c === 'ä') out += ae;
      else if (c === 'ø' || c === 'ö') out += oe;
      else if (c === 'å') out += aa;
      else if (c === 'é' || c === 'è') out += 'e';
      else out += LETTER_OR_DIGIT.test(c) ? c : ' ';
    }
    return out;
  };
  const normalize = (text) => fold(text, 'ae', 'oe', 'aa');
  const loose = (text) => fold(text, 'a', 'o', 'a');
  const DANISH = /[æøåÆØÅ]/;

  const parts = (c) => [
    c.name,
    c.cvr,
    c.p_number ?? '',
    c.address?.street ?? '',
    c.address?.postal_code ?? '',
    c.address?.town ?? '',
    c.industry?.text ?? '',
  ];
  // The app's company_search_text: every part normalised, plus the one-letter spelling of
  // the parts with æ, ø or å.
  const searchText = (c) => {
    const all = parts(c).map(String);
    let text = all.map(normalize).join(' ');
    for (const part of all) if (DANISH.test(part)) text += ' ' + loose(part);
    return text;
  };

  const fail = (message) => {
    window.__benchError = String(message);
    document.title = 'error';
    throw new Error(message);
  };

  const readCompanies = () =>
    new Promise((resolve, reject) => {
      const open = indexedDB.open('kontaktpunkt');
      open.onerror = () => reject(open.error);
      open.onupgradeneeded = () => {
        open.transaction.abort();
        reject(new Error('the app has no database in this browser'));
      };
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('companies')) {
          reject(new Error('the app database has no `companies` store'));
          return;
        }
        const request = db.transaction('companies', 'readonly').objectStore('companies').getAll();
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          db.close();
          resolve(request.result);
        };
      };
    });

  const card = (c) => {
    const el = (tag, className, text) => {
      const e = document.createElement(tag);
      if (className) e.className = className;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const li = el('li', 'company');
    li.dataset.testid = 'company-result';
    const head = el('div', 'company-head');
    const h2 = el('h2', 'company-name');
    const a = el('a', 'company-open', c.name);
    a.href = '/virksomhed/' + c.cvr;
    h2.append(a);
    head.append(h2);
    const address = el('p', 'company-address', `${c.address?.street}, ${c.address?.postal_code} ${c.address?.town}`);
    const facts = el('dl', 'company-facts');
    for (const [label, value, cls] of [['CVR', c.cvr, 'company-cvr'], ['Branche', c.industry?.text ?? '', 'company-industry']]) {
      const row = el('div');
      row.append(el('dt', '', label), el('dd', cls, value));
      facts.append(row);
    }
    li.append(head, address, facts);
    return li;
  };

  // `build(companies)` answers a function `query → { matches, shown }` (shown: up to 50).
  const start = (build) => {
    const input = document.querySelector('#company-search');
    const count = document.querySelector('[data-testid=result-count]');
    const list = document.querySelector('#company-results');
    let search = null;
    const render = () => {
      if (!search) return;
      const { matches, shown } = search(input.value);
      count.dataset.count = String(matches);
      count.textContent = matches === 0 ? 'Ingen virksomheder fundet' : `${matches} virksomheder`;
      const fragment = document.createDocumentFragment();
      for (const c of shown.slice(0, SHOWN)) fragment.append(card(c));
      list.replaceChildren(fragment);
    };
    input.addEventListener('input', render);
    const t0 = performance.now();
    readCompanies()
      .then((companies) => {
        if (!companies.length) fail('no companies in IndexedDB');
        const read = performance.now();
        search = build(companies);
        const built = performance.now();
        window.__benchReady = { companies: companies.length, read_ms: read - t0, build_ms: built - read };
        // Whatever was typed before the data was ready is answered now.
        if (input.value) render();
      })
      .catch(fail);
  };

  return { SHOWN, normalize, loose, searchText, start };
})();
