// The JS library reference: MiniSearch (from npm, loaded before this file as the global
// `MiniSearch`), its index built from every company after the getAll. Terms are folded as
// the app folds them; a term with æ, ø or å is also indexed in its one-letter spelling.
// Each keystroke: a prefix search of every typed word (AND), ranked by MiniSearch's BM25.
'use strict';

Bench.start((companies) => {
  const byCvr = new Map(companies.map((c) => [c.cvr, c]));
  const field = (c, name) => {
    switch (name) {
      case 'cvr': return c.cvr;
      case 'name': return c.name;
      case 'p_number': return c.p_number ?? '';
      case 'industry': return c.industry?.text ?? '';
      default: return c.address?.[name] ?? '';
    }
  };
  const index = new MiniSearch({
    idField: 'cvr',
    fields: ['name', 'cvr', 'p_number', 'street', 'postal_code', 'town', 'industry'],
    extractField: field,
    processTerm: (term) => {
      const folded = Bench.normalize(term).trim();
      if (!folded) return null;
      const single = Bench.loose(term).trim();
      return single && single !== folded ? [folded, single] : folded;
    },
    searchOptions: {
      processTerm: (term) => Bench.normalize(term).trim() || null,
      prefix: true,
      combineWith: 'AND',
      boost: { name: 2 },
    },
  });
  index.addAll(companies);
  return (query) => {
    if (!query.trim()) return { matches: 0, shown: [] };
    const hits = index.search(query);
    return { matches: hits.length, shown: hits.slice(0, Bench.SHOWN).map((hit) => byCvr.get(hit.id)) };
  };
});
