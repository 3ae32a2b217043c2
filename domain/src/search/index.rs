//! A trigram index over the companies' search texts, so a keystroke looks at the few
//! companies that can match instead of all of them.
//!
//! It answers exactly what a scan with [`SearchQuery::rank`] answers. The postings only
//! narrow the candidates: a word of three or more bytes can only be inside a text that holds
//! all of its byte trigrams, a two-byte word is its one bigram. Each candidate is then
//! checked as `rank` checks it, skipping only what the index has already settled (a
//! one-letter word by the letter mask, a two- or three-byte word by its own postings).
//!
//! Typing mostly adds a letter or a word, so each search keeps what it found: the next one,
//! if its words can only match fewer texts, checks just those, and a word that only grew is
//! checked where its shorter form was found instead of searched for again.

use super::SearchQuery;
use super::snapshot::{Reader, SnapshotError, Texts, Writer};
use memchr::memmem::Finder;

/// The best matches of one search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hits {
    /// How many accepted entries match in all.
    pub matches: usize,
    /// The best `limit` of them as entry ids: by rank, then by entry order (name, then CVR).
    pub ids: Vec<u32>,
}

/// Companies' search keys with trigram and bigram postings, built once when the list is
/// loaded.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    /// The normalised name and the search text per entry; the entry id is the position.
    names: Texts,
    texts: Texts,
    /// Which ASCII letters and digits each text holds (bit 36: any other byte), to reject
    /// most entries of a scan for short words without reading their text.
    letters: Vec<u64>,
    /// The first eight bytes of each text (its name's start): most words typed are the start
    /// of a name, found here without reading the text. Derived from the texts, not stored.
    heads: Vec<u64>,
    /// The same mask of the first bytes of the name's words, to give most names rank 4
    /// without reading them.
    initials: Vec<u64>,
    /// How many bytes of each name are not spaces (at most 255): an exact name has as many
    /// as the query, so once only an exact name can still reach the best results, the other
    /// names are passed over without reading them. Derived from the names, not stored.
    name_letters: Vec<u8>,
    /// The distinct trigrams and bigrams, sorted; `keys[k]`'s entries are `spans[k]`.
    keys: Vec<u32>,
    spans: Vec<Span>,
    /// The entry ids of every rare gram, ascending, one gram after another.
    postings: Vec<u32>,
    /// A bit per entry for every common gram (one held by more than one entry in 32, where
    /// a bitmap is smaller than a list of ids), `bitmap_words` words each.
    bitmaps: Vec<u64>,
    bitmap_words: usize,
    /// What the last search found.
    last: LastSearch,
}

/// The last search's words and the entries whose texts hold them all (before the caller's
/// filter, which may change between keystrokes), ascending.
#[derive(Debug, Default)]
struct Found {
    words: Vec<String>,
    ids: Vec<u32>,
    /// Where the last word first occurs in each of those texts, when it was searched for.
    at: Option<Vec<Place>>,
}

/// Where a word is in a text, with the text's next eight bytes from there: a word that grows
/// by a few letters is checked against them without reading the text again.
#[derive(Debug, Clone, Copy)]
struct Place {
    at: u32,
    window: u64,
}

impl Found {
    /// Whether every text holding `words` is among `ids`: each word of this search is inside
    /// some word of the new one.
    fn covers(&self, words: &[String]) -> bool {
        !words.is_empty() && self.words.iter().all(|old| words.iter().any(|new| new.contains(old.as_str())))
    }
}

/// Taken out while a search runs and put back with its answer. Another search at the same
/// time (none in a browser tab) would simply go without.
#[derive(Debug, Default)]
struct LastSearch(std::sync::Mutex<(Found, Spare)>);

/// The lists of the search before the last, kept to be filled again: every keystroke would
/// otherwise allocate lists as long as its candidates.
#[derive(Debug, Default)]
struct Spare {
    ids: Vec<u32>,
    at: Vec<Place>,
}

impl Clone for LastSearch {
    /// A copy starts without a last search: the copy is searched on its own.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl LastSearch {
    fn take(&self) -> (Found, Spare) {
        self.0.try_lock().map(|mut kept| std::mem::take(&mut *kept)).unwrap_or_default()
    }

    /// Keeps `found` for the next search, and the lists of `done` (the last search's) to fill.
    fn keep(&self, found: Found, done: Found) {
        let mut spare = Spare { ids: done.ids, at: done.at.unwrap_or_default() };
        spare.ids.clear();
        spare.at.clear();
        if let Ok(mut kept) = self.0.try_lock() {
            *kept = (found, spare);
        }
    }
}

/// Grams to counts, then to slots, while the index is built. Grams are small integers, so
/// one multiplication hashes them well enough, and cheaper than the default SipHash.
type GramMap = std::collections::HashMap<u32, u32, std::hash::BuildHasherDefault<GramHasher>>;

#[derive(Default)]
struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, gram: u32) {
        self.0 = u64::from(gram).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Where one gram's entries are: `count` ids from `postings[start]`, or a bitmap at
/// `bitmaps[start]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    count: u32,
    dense: bool,
}

/// One gram's entries, as the query reads them.
enum List<'a> {
    Ids(&'a [u32]),
    Bits(&'a [u64]),
}

fn has_bit(bits: &[u64], id: u32) -> bool {
    bits.get(id as usize / 64).is_some_and(|word| word & (1 << (id % 64)) != 0)
}

/// Ranks 0 (exact name) to 4 (elsewhere), see [`SearchQuery::rank`].
const RANKS: usize = super::RANK_COUNT as usize;

impl SearchIndex {
    /// Indexes `entries`, each `(normalize(name), company_search_text(company))`, already in
    /// the order results are shown in (name, then CVR). Ids are positions in `entries`; an
    /// entry past `u32::MAX` would have no id, so such entries are dropped.
    pub fn new(mut entries: Vec<(String, String)>) -> Self {
        entries.truncate(u32::MAX as usize);
        let letters = entries.iter().map(|(_, text)| letter_mask(text)).collect();
        let initials = entries
            .iter()
            .map(|(name, _)| {
                name.split_whitespace().fold(0, |mask, word| mask | letter_mask(first_byte(word)))
            })
            .collect();

        // Two passes over the trigrams (count, then place) instead of collecting all
        // (trigram, id) pairs: the pairs would need twice the final postings' memory.
        let mut scratch = Vec::new();
        let mut counts: GramMap = GramMap::default();
        for (_, text) in &entries {
            text_trigrams(text, &mut scratch);
            for &trigram in &scratch {
                *counts.entry(trigram).or_default() += 1;
            }
        }
        let mut keys: Vec<u32> = counts.keys().copied().collect();
        keys.sort_unstable();
        let bitmap_words = entries.len().div_ceil(64);
        let (mut ids_total, mut bitmaps_total) = (0u32, 0u32);
        let spans: Vec<Span> = keys
            .iter()
            .map(|key| {
                let count = counts.get(key).copied().unwrap_or(0);
                let dense = count as usize * 32 > entries.len();
                let total = if dense { &mut bitmaps_total } else { &mut ids_total };
                let start = *total;
                *total = total.saturating_add(if dense { bitmap_words as u32 } else { count });
                Span { start, count, dense }
            })
            .collect();
        // From here on the map gives each gram's slot, for the second pass.
        for (slot, key) in (0u32..).zip(&keys) {
            counts.insert(*key, slot);
        }
        let slots = counts;

        let mut cursor: Vec<u32> = spans.iter().map(|span| span.start).collect();
        let mut postings = vec![0u32; ids_total as usize];
        let mut bitmaps = vec![0u64; bitmaps_total as usize];
        for (id, (_, text)) in (0u32..).zip(&entries) {
            text_trigrams(text, &mut scratch);
            for trigram in &scratch {
                let Some(&slot) = slots.get(trigram) else { continue };
                let slot = slot as usize;
                if spans[slot].dense {
                    bitmaps[spans[slot].start as usize + id as usize / 64] |= 1 << (id % 64);
                } else {
                    postings[cursor[slot] as usize] = id;
                    cursor[slot] += 1;
                }
            }
        }
        let (names, texts) = entries.into_iter().unzip();
        Self::with_tables(names, texts, letters, initials, keys, spans, postings, bitmaps)
    }

    /// The index over these tables, with what follows from them: the names' letter counts
    /// and the texts' first bytes.
    #[allow(clippy::too_many_arguments)]
    fn with_tables(
        names: Texts,
        texts: Texts,
        letters: Vec<u64>,
        initials: Vec<u64>,
        keys: Vec<u32>,
        spans: Vec<Span>,
        postings: Vec<u32>,
        bitmaps: Vec<u64>,
    ) -> Self {
        let n = names.len();
        let name_letters = (0..n).map(|i| names.get(i).map_or(0, non_space_bytes)).collect();
        let heads = (0..n).map(|i| texts.get_bytes(i).map_or(0, window)).collect();
        Self {
            names,
            texts,
            letters,
            heads,
            initials,
            name_letters,
            keys,
            spans,
            postings,
            bitmaps,
            bitmap_words: n.div_ceil(64),
            last: LastSearch::default(),
        }
    }

    /// How many entries are indexed.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.len() == 0
    }

    /// The normalised name and the search text of entry `id`.
    pub fn entry(&self, id: u32) -> Option<(&str, &str)> {
        Some((self.names.get(id as usize)?, self.texts.get(id as usize)?))
    }

    /// Bytes held by the names and search texts, to report memory.
    pub fn text_bytes(&self) -> usize {
        self.names.bytes() + self.texts.bytes()
    }

    /// Writes the index as sections of a snapshot (see [`super::snapshot`]).
    pub(crate) fn write(&self, w: &mut Writer) {
        w.texts(&self.names);
        w.texts(&self.texts);
        w.u64s(&self.letters);
        w.u64s(&self.initials);
        w.u32s(&self.keys);
        let spans: Vec<u32> =
            self.spans.iter().flat_map(|s| [s.start, s.count, u32::from(s.dense)]).collect();
        w.u32s(&spans);
        w.u32s(&self.postings);
        w.u64s(&self.bitmaps);
    }

    /// Reads what [`SearchIndex::write`] wrote, refusing tables that do not fit together.
    pub(crate) fn read(r: &mut Reader) -> Result<Self, SnapshotError> {
        let (names, texts, letters, initials, keys) =
            (r.texts()?, r.texts()?, r.u64s()?, r.u64s()?, r.u32s()?);
        let spans: Vec<Span> =
            r.u32s()?.chunks_exact(3).map(|s| Span { start: s[0], count: s[1], dense: s[2] != 0 }).collect();
        let (postings, bitmaps) = (r.u32s()?, r.u64s()?);
        let n = names.len();
        let bitmap_words = n.div_ceil(64);
        // A span past its table would only find nothing (every read is checked), but a
        // snapshot like that is damaged: build the index again instead.
        let spans_fit = spans.iter().all(|s| {
            let (start, len) = (s.start as usize, if s.dense { bitmap_words } else { s.count as usize });
            start
                .checked_add(len)
                .is_some_and(|end| end <= if s.dense { bitmaps.len() } else { postings.len() })
        });
        if texts.len() != n
            || letters.len() != n
            || initials.len() != n
            || spans.len() != keys.len()
            || !spans_fit
        {
            return Err(SnapshotError("index tables do not fit together"));
        }
        Ok(Self::with_tables(names, texts, letters, initials, keys, spans, postings, bitmaps))
    }

    /// Forgets the last search, so the next one is answered from the index alone (to measure
    /// a search without the one before it).
    pub fn forget_last_search(&self) {
        let (last, _) = self.last.take();
        self.last.keep(Found::default(), last);
    }

    /// Bytes held by the index's own tables (texts and names excluded), to report memory.
    pub fn table_bytes(&self) -> usize {
        4 * (self.keys.len() + self.postings.len())
            + std::mem::size_of::<Span>() * self.spans.len()
            + 8 * (self.letters.len() + self.heads.len() + self.initials.len() + self.bitmaps.len())
            + self.name_letters.len()
    }

    /// The entries matching `query` that `accept` lets through (the caller's filters), the
    /// best `limit` first — the same as ranking every entry with [`SearchQuery::rank`].
    pub fn search(&self, query: &SearchQuery, accept: impl Fn(u32) -> bool, limit: usize) -> Hits {
        self.best(query, accept, limit).into_hits()
    }

    /// As [`SearchIndex::search`], with each id's rank: how many match, and the best `limit`
    /// as `(rank, id)` in the same order, to merge with another index's answer.
    pub fn ranked(
        &self,
        query: &SearchQuery,
        accept: impl Fn(u32) -> bool,
        limit: usize,
    ) -> (usize, Vec<(u8, u32)>) {
        let best = self.best(query, accept, limit);
        let ranked =
            (0u8..).zip(best.by_rank).flat_map(|(rank, ids)| ids.into_iter().map(move |id| (rank, id)));
        (best.matches, ranked.take(limit).collect())
    }

    fn best(&self, query: &SearchQuery, accept: impl Fn(u32) -> bool, limit: usize) -> Best {
        let mut best = Best::new(limit);
        let (last_search, spare) = self.last.take();
        let before = Some(&last_search).filter(|found| found.covers(&query.words));
        let words: Vec<&str> = query.words.iter().map(String::as_str).collect();
        // The last word grew from the last search's last word (or stayed): it starts where
        // that was found, or later.
        let grown = before.and_then(|found| {
            let (old, new) = (found.words.last()?, *words.last()?);
            let at = found.at.as_ref()?;
            new.starts_with(old.as_str()).then(|| Grown { ids: &found.ids, at, cursor: 0 })
        });
        let known = |word: &str| before.is_some_and(|found| found.words.iter().any(|old| old == word));
        let last = words.len().saturating_sub(1);
        // Only when the last search settles a word are its matches the candidates; otherwise
        // the postings alone narrow better than an intersection with them would.
        let after_last = grown.is_some() || words.iter().any(|word| known(word));
        let fresh: Vec<&str> = (0..)
            .zip(&words)
            .filter(|&(i, word)| !after_last || !(known(word) || (grown.is_some() && i == last)))
            .map(|(_, word)| *word)
            .collect();
        let within = before.filter(|_| after_last).map(|found| &found.ids[..]);
        let candidates = self.candidates(&fresh, within);
        let narrowed = matches!(candidates, Candidates::These(_));
        // Which words a candidate's text must still be searched for: a one-letter word is
        // settled by the letter mask, a fresh two- or three-byte word by its bigram's or
        // trigram's postings, a word the last search had by its matches.
        let settled = |word: &str| {
            known(word)
                || match word.as_bytes() {
                    [b] => b.is_ascii_lowercase() || b.is_ascii_digit(),
                    [_, _] | [_, _, _] => narrowed && fresh.contains(&word),
                    _ => false,
                }
        };
        let tracked =
            words.last().filter(|word| grown.is_some() || !settled(word)).map(|word| Word::new(word));
        let unsettled: Vec<Word> = (0..)
            .zip(&words)
            .filter(|&(i, word)| i != last && !settled(word))
            .map(|(_, word)| Word::new(word))
            .collect();
        let initial = words.first().map_or(0, |word| letter_mask(first_byte(word)));
        let wanted = words.iter().fold(0, |mask, word| mask | letter_mask(word));
        let exact_letters = non_space_bytes(&query.phrase);
        // Matches are kept only when texts had to be read: what the masks and postings settle
        // alone is as quick to settle again. Room for every candidate at once, since growing
        // the lists costs more than the memory.
        let keep = tracked.is_some() || !unsettled.is_empty();
        let room = match &candidates {
            _ if !keep => 0,
            Candidates::None => 0,
            Candidates::These(ids) => ids.len(),
            Candidates::All => self.letters.len(),
        };
        let Spare { mut ids, mut at } = spare;
        ids.reserve(room);
        at.reserve(if tracked.is_some() { room } else { 0 });
        let mut check = Check { wanted, unsettled, tracked, grown, initial, exact_letters, keep, ids, at };
        match candidates {
            Candidates::None => {}
            Candidates::These(ids) => {
                for id in ids {
                    self.consider(query, &mut check, id, &accept, &mut best);
                }
            }
            // Only words under three bytes: no trigram narrows them, so every entry is read,
            // but the letter masks skip most texts that cannot hold the words.
            Candidates::All => {
                for id in 0..self.letters.len() as u32 {
                    self.consider(query, &mut check, id, &accept, &mut best);
                }
            }
        }
        let at = (check.tracked.is_some() && check.at.len() == check.ids.len()).then_some(check.at);
        let found = Found { words: query.words.clone(), ids: check.ids, at };
        if keep {
            self.last.keep(found, last_search);
        } else {
            self.last.keep(Found::default(), found);
        }
        best
    }

    /// Adds entry `id` to `best` if its text holds every word of the search and the caller's
    /// filter accepts it: what [`SearchQuery::rank`] decides, checking only what the index
    /// and the last search have not settled.
    fn consider(
        &self,
        query: &SearchQuery,
        check: &mut Check,
        id: u32,
        accept: &impl Fn(u32) -> bool,
        best: &mut Best,
    ) {
        // Each table is read only when the test before it passed: a short word's candidates
        // are most entries, and most are settled by their masks alone.
        let i = id as usize;
        let (Some(&letters), Some(&initials)) = (self.letters.get(i), self.initials.get(i)) else {
            return;
        };
        if check.wanted & !letters != 0 {
            return;
        }
        if !check.unsettled.is_empty() || check.tracked.is_some() {
            let head = self.heads.get(i).copied().unwrap_or(0);
            // The text is read only for a word its first bytes do not settle.
            let mut text = None;
            let mut read = || *text.get_or_insert_with(|| self.texts.get_bytes(i));
            for word in &check.unsettled {
                if !word.starts(head) && read().is_none_or(|text| word.finder.find(text).is_none()) {
                    return;
                }
            }
            if let Some(last) = &check.tracked {
                // Where the last word is, kept for the next keystroke.
                let before = match &mut check.grown {
                    Some(grown) => match grown.at(id) {
                        Some(place) => place,
                        None => return,
                    },
                    None => Place { at: 0, window: head },
                };
                let place = if last.starts(before.window) {
                    before
                } else {
                    let from = before.at as usize;
                    let Some(rest) = read().and_then(|text| text.get(from..)) else { return };
                    let Some(found) = last.finder.find(rest) else { return };
                    let Ok(at) = u32::try_from(from + found) else { return };
                    Place { at, window: window(&rest[found..]) }
                };
                if check.keep {
                    check.at.push(place);
                }
            }
            if check.keep {
                check.ids.push(id);
            }
        }
        if !accept(id) {
            return;
        }
        // Ranks 0–3 need a name word starting with the first word, so with its first byte.
        let rank = if check.initial != 0 && check.initial & initials == 0 {
            (best.cut > 4).then_some(4)
        } else if best.cut == 0 || (best.cut == 1 && self.name_letters.get(i) != Some(&check.exact_letters)) {
            None
        } else {
            let Some(name) = self.names.get(i) else { return };
            query.rank_by_name_below(name, best.cut)
        };
        match rank {
            Some(rank) => best.push(rank, id),
            None => best.matches += 1,
        }
    }

    /// The entries that hold every trigram of `words` of three or more bytes and the bigram of
    /// its two-byte words, and are `within` the given ones.
    fn candidates(&self, words: &[&str], within: Option<&[u32]>) -> Candidates {
        let mut trigrams = Vec::new();
        for word in words {
            // A longer word's trigrams narrow it; adding its bigrams would only cost time.
            match word.as_bytes() {
                pair @ [_, _] => word_bigrams(pair, &mut trigrams),
                bytes => word_trigrams(bytes, &mut trigrams),
            }
        }
        if trigrams.is_empty() {
            return within.map_or(Candidates::All, |ids| Candidates::These(ids.to_vec()));
        }
        trigrams.sort_unstable();
        trigrams.dedup();
        let mut lists = Vec::with_capacity(trigrams.len() + 1);
        for trigram in &trigrams {
            match self.postings_of(*trigram) {
                Some(list) => lists.push(list),
                None => return Candidates::None,
            }
        }
        // The last search's matches narrow as one more list of ids.
        lists.extend(within.map(|ids| (u32::try_from(ids.len()).unwrap_or(u32::MAX), List::Ids(ids))));
        // Rarest first: the running intersection is never longer than the shortest list.
        lists.sort_unstable_by_key(|(count, _)| *count);
        let (sparse, dense): (Vec<_>, Vec<_>) =
            lists.into_iter().partition(|(_, list)| matches!(list, List::Ids(_)));
        let sparse: Vec<&[u32]> = sparse
            .into_iter()
            .filter_map(|(_, list)| if let List::Ids(ids) = list { Some(ids) } else { None })
            .collect();
        let dense: Vec<&[u64]> = dense
            .into_iter()
            .filter_map(|(_, list)| if let List::Bits(bits) = list { Some(bits) } else { None })
            .collect();
        let ids = match sparse.split_first() {
            Some((rarest, others)) => {
                let mut ids: Vec<u32> =
                    rarest.iter().copied().filter(|&id| dense.iter().all(|bits| has_bit(bits, id))).collect();
                for list in others {
                    if ids.is_empty() {
                        break;
                    }
                    retain_present(&mut ids, list);
                }
                ids
            }
            // Only common grams: AND their bitmaps a word at a time.
            None => {
                let mut ids = Vec::new();
                for (at, word) in (0u32..).zip(0..self.bitmap_words) {
                    let mut both =
                        dense.iter().fold(u64::MAX, |all, bits| all & bits.get(word).copied().unwrap_or(0));
                    while both != 0 {
                        ids.push(at * 64 + both.trailing_zeros());
                        both &= both - 1;
                    }
                }
                ids
            }
        };
        if ids.is_empty() { Candidates::None } else { Candidates::These(ids) }
    }

    /// How many entries hold `gram`, and which.
    fn postings_of(&self, gram: u32) -> Option<(u32, List<'_>)> {
        let span = *self.spans.get(self.keys.binary_search(&gram).ok()?)?;
        let start = span.start as usize;
        let list = if span.dense {
            List::Bits(self.bitmaps.get(start..start + self.bitmap_words)?)
        } else {
            List::Ids(self.postings.get(start..start + span.count as usize)?)
        };
        Some((span.count, list))
    }
}

/// What a candidate must pass beyond the index: every letter of the query, and the words
/// the index has not settled.
struct Check<'q> {
    wanted: u64,
    /// Each made once per search: a substring search set up per text costs more than the
    /// search itself on texts this short. The last word is not among them.
    unsettled: Vec<Word<'q>>,
    /// The last word, when it is looked for: where it is found is kept for the next search.
    tracked: Option<Word<'q>>,
    /// Where the last search found the word the last one grew from.
    grown: Option<Grown<'q>>,
    /// Whether the matches are kept for the next search: their ids, ascending, and where the
    /// last word is in each when it is looked for.
    keep: bool,
    ids: Vec<u32>,
    at: Vec<Place>,
    /// The letter-mask bit of the first word's first byte; 0 when there is no word.
    initial: u64,
    /// [`non_space_bytes`] of the query: what an exact name has.
    exact_letters: u8,
}

/// A word a candidate's text must hold.
struct Word<'q> {
    finder: Finder<'q>,
    /// The word as the first bytes of a [`window`], and the mask of those bytes; none for a
    /// word longer than a window.
    prefix: Option<(u64, u64)>,
}

impl<'q> Word<'q> {
    fn new(word: &'q str) -> Self {
        let bytes = word.as_bytes();
        let prefix = (bytes.len() <= 8).then(|| {
            let mask = if bytes.len() == 8 { u64::MAX } else { (1u64 << (8 * bytes.len())) - 1 };
            (window(bytes), mask)
        });
        Self { finder: Finder::new(bytes), prefix }
    }

    /// Whether the bytes in `window` start with the word.
    fn starts(&self, window: u64) -> bool {
        self.prefix.is_some_and(|(word, mask)| window & mask == word)
    }
}

/// Up to the first eight bytes of `bytes` in one number, the first byte lowest; missing
/// bytes are zero, which no word holds.
fn window(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    let n = bytes.len().min(8);
    eight[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(eight)
}

/// The last search's matches with where its last word is in each, read in ascending order.
struct Grown<'f> {
    ids: &'f [u32],
    at: &'f [Place],
    cursor: usize,
}

impl Grown<'_> {
    /// Where the last word was found in entry `id`'s text; ids must be asked for ascending.
    fn at(&mut self, id: u32) -> Option<Place> {
        // Most often the candidates are exactly these ids, so the next one is the one asked.
        if self.ids.get(self.cursor) != Some(&id) {
            let rest = self.ids.get(self.cursor..)?;
            self.cursor += rest.partition_point(|&other| other < id);
            if self.ids.get(self.cursor) != Some(&id) {
                return None;
            }
        }
        let place = *self.at.get(self.cursor)?;
        self.cursor += 1;
        Some(place)
    }
}

enum Candidates {
    /// Some trigram occurs nowhere: nothing matches.
    None,
    /// Ascending entry ids that may match.
    These(Vec<u32>),
    /// No word is long enough to narrow the search.
    All,
}

/// Keeps the first `limit` ids of each rank; ids arrive ascending, so each rank's list stays
/// in entry order and the best `limit` overall are the first `limit` of the ranks in turn.
struct Best {
    limit: usize,
    matches: usize,
    by_rank: [Vec<u32>; RANKS],
    /// Only a match of a rank below this can still be among the best `limit`: the ranks
    /// before it already hold `limit` entries, and entries come in ascending id order.
    cut: u8,
}

impl Best {
    fn new(limit: usize) -> Self {
        let cut = if limit == 0 { 0 } else { RANKS as u8 };
        Self { limit, matches: 0, by_rank: Default::default(), cut }
    }

    fn push(&mut self, rank: u8, id: u32) {
        self.matches += 1;
        let rank = usize::from(rank).min(RANKS - 1);
        if rank >= usize::from(self.cut) {
            return;
        }
        if self.by_rank[rank].len() < self.limit {
            self.by_rank[rank].push(id);
            let mut held = 0;
            for (r, bucket) in (0u8..).zip(&self.by_rank) {
                held += bucket.len();
                if held >= self.limit {
                    self.cut = r;
                    break;
                }
            }
        }
    }

    fn into_hits(self) -> Hits {
        let ids = self.by_rank.into_iter().flatten().take(self.limit).collect();
        Hits { matches: self.matches, ids }
    }
}

/// Keeps the ids that also occur in `list` (both ascending), galloping through `list` because
/// it is usually much longer than `ids`.
fn retain_present(ids: &mut Vec<u32>, list: &[u32]) {
    let mut rest = list;
    ids.retain(|&id| {
        // Exponential then binary search for the first element ≥ id.
        let mut step = 1;
        while step < rest.len() && rest[step] < id {
            step *= 2;
        }
        let window = &rest[..rest.len().min(step + 1)];
        let at = window.partition_point(|&x| x < id);
        rest = &rest[at..];
        rest.first() == Some(&id)
    });
}

/// The distinct byte trigrams and bigrams inside the words of `text`, sorted, into `out`.
fn text_trigrams(text: &str, out: &mut Vec<u32>) {
    out.clear();
    for word in text.as_bytes().split(|&b| b == b' ') {
        word_trigrams(word, out);
        word_bigrams(word, out);
    }
    out.sort_unstable();
    out.dedup();
}

/// Appends the byte trigrams of one word (no spaces); none when it is under three bytes.
fn word_trigrams(word: &[u8], out: &mut Vec<u32>) {
    out.extend(word.windows(3).map(|w| u32::from(w[0]) << 16 | u32::from(w[1]) << 8 | u32::from(w[2])));
}

/// Appends the byte bigrams of one word, marked by bit 24 so they never equal a trigram: a
/// two-byte word (the second keystroke) then has postings of its own.
fn word_bigrams(word: &[u8], out: &mut Vec<u32>) {
    out.extend(word.windows(2).map(|w| 1 << 24 | u32::from(w[0]) << 8 | u32::from(w[1])));
}

/// How many bytes of `name` after its leading whitespace are not spaces, at most 255: equal
/// for a normalised name and a query with the same words.
fn non_space_bytes(name: &str) -> u8 {
    let count = name.trim_start().bytes().filter(|&b| b != b' ').count();
    u8::try_from(count).unwrap_or(u8::MAX)
}

/// The first byte of `word` as a text of its own; a letter of several bytes stands for any
/// byte outside ASCII (bit 36 of [`letter_mask`]).
fn first_byte(word: &str) -> &str {
    word.get(..1).unwrap_or(if word.is_empty() { "" } else { "\u{80}" })
}

/// A bit per ASCII letter and digit the text holds, and bit 36 for any other byte but space.
fn letter_mask(text: &str) -> u64 {
    text.bytes().fold(0, |mask, b| {
        mask | match b {
            b'a'..=b'z' => 1 << (b - b'a'),
            b'0'..=b'9' => 1 << (26 + b - b'0'),
            b' ' => 0,
            _ => 1 << 36,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn galloping_keeps_exactly_the_common_ids() {
        let mut ids = vec![1, 4, 5, 9, 40, 41, 100];
        let list: Vec<u32> = (0..60).filter(|n| n % 4 != 1).collect();
        retain_present(&mut ids, &list);
        assert_eq!(ids, vec![4, 40]);
    }

    #[test]
    fn a_trigram_found_nowhere_finds_nothing_and_short_words_scan() {
        let index = SearchIndex::new(vec![
            ("bageriet".into(), "bageriet 12345678 8900 randers".into()),
            ("smeden".into(), "smeden 87654321 8900 randers".into()),
        ]);
        assert_eq!(index.search(&SearchQuery::new("xyz"), |_| true, 10), Hits::default());
        let hits = index.search(&SearchQuery::new("sm"), |_| true, 10);
        assert_eq!(hits, Hits { matches: 1, ids: vec![1] });
        let hits = index.search(&SearchQuery::new("randers 89"), |id| id == 1, 10);
        assert_eq!(hits, Hits { matches: 1, ids: vec![1] });
    }

    /// What the index must equal: rank every accepted entry, order by rank, then entry order.
    fn scan(
        entries: &[(String, String)],
        query: &SearchQuery,
        accept: impl Fn(u32) -> bool,
        limit: usize,
    ) -> Hits {
        let mut ranked: Vec<(u8, u32)> = (0u32..)
            .zip(entries)
            .filter(|(id, _)| accept(*id))
            .filter_map(|(id, (name, text))| Some((query.rank(name, text)?, id)))
            .collect();
        ranked.sort_unstable();
        Hits { matches: ranked.len(), ids: ranked.iter().take(limit).map(|&(_, id)| id).collect() }
    }

    #[test]
    fn typed_letter_by_letter_each_keystroke_answers_what_a_scan_answers() {
        use crate::search::generated;
        let companies = generated::companies(3_000, 13);
        let entries = generated::index_entries(&companies);
        let index = SearchIndex::new(entries.clone());
        let mut typed: Vec<String> = generated::queries(&companies, 120, 17);
        typed.extend(["maale 12", "aarhus c 8000 x", "nielsen el aps", "bager bager"].map(String::from));
        let (mut keystrokes, mut after_last) = (0, 0);
        for (n, whole) in typed.iter().enumerate() {
            let chars: Vec<char> = whole.chars().collect();
            // Letter by letter, then back a few letters (backspace), then a word changed.
            let mut steps: Vec<String> = (1..=chars.len()).map(|k| chars[..k].iter().collect()).collect();
            steps.extend((1..=3.min(chars.len())).map(|k| chars[..chars.len() - k].iter().collect()));
            steps.push(format!("{whole} x"));
            steps.push(whole.replacen(' ', "q ", 1));
            for step in &steps {
                let query = SearchQuery::new(step);
                after_last += usize::from(index.last.0.lock().is_ok_and(|kept| kept.0.covers(&query.words)));
                // The filter changes between keystrokes, as when a consultant ticks "not
                // contacted" while typing.
                let accept = |id: u32| (id as usize + n + keystrokes).is_multiple_of(2);
                let expected = scan(&entries, &query, accept, 20);
                assert_eq!(index.search(&query, accept, 20), expected, "{step:?} typed towards {whole:?}");
                keystrokes += 1;
            }
        }
        assert!(after_last > keystrokes / 2, "{after_last} of {keystrokes} keystrokes build on the last");
        index.forget_last_search();
        assert!(index.last.0.lock().is_ok_and(|kept| kept.0.ids.is_empty()));
    }

    #[test]
    fn the_index_answers_exactly_what_a_scan_answers() {
        use crate::search::generated;
        let companies = generated::companies(4_000, 7);
        let entries = generated::index_entries(&companies);
        let index = SearchIndex::new(entries.clone());
        assert_eq!(index.len(), entries.len());
        let mut queries = generated::queries(&companies, 400, 11);
        queries.extend(generated::TYPED.iter().map(|q| (*q).to_owned()));
        queries
            .extend(["", "  ", "a", "ø", "aa", "1", "apS", "a s", "randers c", "\u{e6}"].map(String::from));
        let (mut found, mut with_rank0) = (0, 0);
        for (n, typed) in queries.iter().enumerate() {
            let query = SearchQuery::new(typed);
            // Filters such as "not contacted" or an industry: every third entry, or the
            // entries in postal code 8900.
            let every_third = |id: u32| (id as usize + n).is_multiple_of(3);
            let in_8900 = |id: u32| entries[id as usize].1.contains(" 8900 ");
            let filters: [&dyn Fn(u32) -> bool; 3] = [&|_| true, &every_third, &in_8900];
            for (f, accept) in filters.into_iter().enumerate() {
                let expected = scan(&entries, &query, accept, usize::MAX);
                for limit in [0, 1, 7, 50, usize::MAX] {
                    let hits = index.search(&query, accept, limit);
                    assert_eq!(hits.matches, expected.matches, "{typed:?}, filter {f}, limit {limit}");
                    assert_eq!(
                        hits.ids[..],
                        expected.ids[..limit.min(expected.ids.len())],
                        "{typed:?}, filter {f}"
                    );
                }
                if f == 0
                    && let Some(&best) = expected.ids.first()
                {
                    found += 1;
                    let (name, text) = &entries[best as usize];
                    with_rank0 += usize::from(query.rank(name, text) == Some(0));
                }
            }
        }
        // The generated queries exercise matches, misses and exact names alike.
        assert!(
            found > queries.len() / 2 && found < queries.len(),
            "{found} of {} find something",
            queries.len()
        );
        assert!(with_rank0 > 20, "{with_rank0} exact names");
    }
}
