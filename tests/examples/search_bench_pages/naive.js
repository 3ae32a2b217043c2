// The naive reference: the folded search text of every company in an array, filtered with
// `includes` (every typed word) on each keystroke; matches in store (CVR) order, unranked.
'use strict';

Bench.start((companies) => {
  const texts = companies.map(Bench.searchText);
  return (query) => {
    const words = Bench.normalize(query).split(/\s+/).filter(Boolean);
    const shown = [];
    let matches = 0;
    if (words.length === 0) return { matches, shown };
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (words.every((word) => text.includes(word))) {
        matches++;
        if (shown.length < Bench.SHOWN) shown.push(companies[i]);
      }
    }
    return { matches, shown };
  };
});
