//! The companies a device searches, in name order, with the search index over them — held as
//! a few flat columns so the whole catalog can be kept as one [snapshot](super::snapshot) and
//! read back at the next start without reading or indexing each company again.

use super::snapshot::{Reader, SnapshotError, Texts, Writer};
use super::{SearchIndex, SearchQuery, company_search_text, normalize};
use crate::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};
use std::sync::Arc;

/// The fields a search filter looks at, borrowed from the catalog without building a
/// [`Company`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompanyKeys<'a> {
    pub cvr: &'a str,
    pub postal_code: &'a str,
    pub industry_code: &'a str,
}

impl<'a> CompanyKeys<'a> {
    pub fn of(company: &'a Company) -> Self {
        Self {
            cvr: company.cvr.as_str(),
            postal_code: &company.address.postal_code,
            industry_code: &company.industry.code,
        }
    }
}

/// The companies a search shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResult {
    /// How many companies match in all.
    pub matches: usize,
    /// The best `limit` of them: by rank, then by name.
    pub companies: Vec<Company>,
}

/// Companies sorted by name (then CVR), column by column, with the search index over them;
/// an entry id of the index is a position in every column.
#[derive(Debug, Clone, Default)]
struct Layer {
    cvr: Texts,
    p_number: Texts,
    name: Texts,
    street: Texts,
    postal_code: Texts,
    town: Texts,
    industry_code: Texts,
    industry_text: Texts,
    industry_version: Texts,
    municipality_code: Vec<u16>,
    /// Position in [`EmployeeInterval::ALL`].
    employees: Vec<u8>,
    /// Bit 0: advertising protected; bit 1: active.
    flags: Vec<u8>,
    /// Entry ids in CVR order, to find a company by its number.
    by_cvr: Vec<u32>,
    index: SearchIndex,
    /// Each postal code with a town, in code order: the area filter's choices.
    postal_codes: Vec<(String, String)>,
}

impl Layer {
    fn new(companies: Vec<Company>) -> Self {
        let mut keyed: Vec<(String, Company)> =
            companies.into_iter().map(|company| (normalize(&company.name), company)).collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cvr.cmp(&b.1.cvr)));
        keyed.truncate(u32::MAX as usize);
        let mut catalog = Self::default();
        let mut entries = Vec::with_capacity(keyed.len());
        for (name, company) in keyed {
            entries.push((name, company_search_text(&company)));
            catalog.cvr.push(company.cvr.as_str());
            catalog.p_number.push(company.p_number.as_ref().map_or("", |p| p.as_str()));
            catalog.name.push(&company.name);
            catalog.street.push(&company.address.street);
            catalog.postal_code.push(&company.address.postal_code);
            catalog.town.push(&company.address.town);
            catalog.industry_code.push(&company.industry.code);
            catalog.industry_text.push(&company.industry.text);
            catalog.industry_version.push(&company.industry.version);
            catalog.municipality_code.push(company.municipality_code);
            let employees = EmployeeInterval::ALL.iter().position(|e| *e == company.employees).unwrap_or(11);
            catalog.employees.push(u8::try_from(employees).unwrap_or(u8::MAX));
            catalog.flags.push(u8::from(company.advertising_protected) | u8::from(company.active) << 1);
        }
        catalog.index = SearchIndex::new(entries);
        catalog.derive();
        catalog
    }

    /// The lookups that follow from the columns: CVR order and the area choices.
    fn derive(&mut self) {
        let mut by_cvr: Vec<u32> = (0..self.len() as u32).collect();
        by_cvr.sort_unstable_by(|&a, &b| self.cvr.get(a as usize).cmp(&self.cvr.get(b as usize)));
        self.by_cvr = by_cvr;
        let mut towns = std::collections::BTreeMap::new();
        for i in 0..self.len() {
            if let (Some(code), Some(town)) = (self.postal_code.get(i), self.town.get(i)) {
                towns.entry(code).or_insert(town);
            }
        }
        self.postal_codes =
            towns.into_iter().map(|(code, town)| (code.to_owned(), town.to_owned())).collect();
    }

    /// How many companies are stored.
    pub fn len(&self) -> usize {
        self.cvr.len()
    }

    /// The company at entry `id`.
    fn company_at(&self, id: usize) -> Option<Company> {
        let text = |column: &Texts| column.get(id).map(str::to_owned);
        let p_number = self.p_number.get(id)?;
        Some(Company {
            cvr: Cvr::parse(self.cvr.get(id)?).ok()?,
            p_number: if p_number.is_empty() { None } else { PNumber::parse(p_number).ok() },
            name: text(&self.name)?,
            address: Address {
                street: text(&self.street)?,
                postal_code: text(&self.postal_code)?,
                town: text(&self.town)?,
            },
            municipality_code: *self.municipality_code.get(id)?,
            industry: Industry {
                code: text(&self.industry_code)?,
                text: text(&self.industry_text)?,
                version: text(&self.industry_version)?,
            },
            employees: EmployeeInterval::ALL
                .get(usize::from(*self.employees.get(id)?))
                .copied()
                .unwrap_or(EmployeeInterval::Unknown),
            advertising_protected: self.flags.get(id)? & 1 != 0,
            active: self.flags.get(id)? & 2 != 0,
        })
    }

    fn keys_at(&self, id: usize) -> Option<CompanyKeys<'_>> {
        Some(CompanyKeys {
            cvr: self.cvr.get(id)?,
            postal_code: self.postal_code.get(id)?,
            industry_code: self.industry_code.get(id)?,
        })
    }

    /// Every company on the device, in name order (each built as it is read).
    pub fn companies(&self) -> impl Iterator<Item = Company> + '_ {
        (0..self.len()).filter_map(|id| self.company_at(id))
    }

    /// The company with this CVR number, if it is on the device.
    pub fn get(&self, cvr: &Cvr) -> Option<Company> {
        self.company_at(self.id_of(cvr)?)
    }

    /// The name of the company with this CVR number, without building the company.
    pub fn name_of(&self, cvr: &Cvr) -> Option<&str> {
        self.name.get(self.id_of(cvr)?)
    }

    fn id_of(&self, cvr: &Cvr) -> Option<usize> {
        self.id_by_cvr(cvr.as_str())
    }

    fn id_by_cvr(&self, cvr: &str) -> Option<usize> {
        let at = self.by_cvr.binary_search_by(|&id| self.cvr.get(id as usize).cmp(&Some(cvr))).ok()?;
        Some(*self.by_cvr.get(at)? as usize)
    }

    /// The postal codes of the companies with a town for each, in code order (the area
    /// filter's choices).
    pub fn postal_codes(&self) -> &[(String, String)] {
        &self.postal_codes
    }

    /// The best `limit` entries matching `query` that `accept` lets through, as `(rank, id)`.
    fn ranked(
        &self,
        query: &SearchQuery,
        accept: impl Fn(usize) -> bool,
        limit: usize,
    ) -> (usize, Vec<(u8, u32)>) {
        let accepted = |id: u32| accept(id as usize);
        self.index.ranked(query, accepted, limit)
    }

    /// The order results are shown in within a rank: the normalised name, then the CVR.
    fn order_key(&self, id: u32) -> (Option<&str>, Option<&str>) {
        (self.index.entry(id).map(|(name, _)| name), self.cvr.get(id as usize))
    }

    fn bytes(&self) -> usize {
        self.text_columns().iter().map(|c| c.bytes()).sum::<usize>()
            + 2 * self.municipality_code.len()
            + self.employees.len()
            + self.flags.len()
            + 4 * self.by_cvr.len()
            + self.index.table_bytes()
            + self.index.text_bytes()
    }

    fn write(&self, w: &mut Writer) {
        for column in self.text_columns() {
            w.texts(column);
        }
        w.u16s(&self.municipality_code);
        w.u8s(&self.employees);
        w.u8s(&self.flags);
        self.index.write(w);
    }

    fn read(r: &mut Reader) -> Result<Self, SnapshotError> {
        let mut catalog = Self::default();
        for column in catalog.text_columns_mut() {
            *column = r.texts()?;
        }
        catalog.municipality_code = r.u16s()?;
        catalog.employees = r.u8s()?;
        catalog.flags = r.u8s()?;
        catalog.index = SearchIndex::read(r)?;
        let n = catalog.index.len();
        let fits = catalog.text_columns().iter().all(|c| c.len() == n)
            && [catalog.municipality_code.len(), catalog.employees.len(), catalog.flags.len()]
                .iter()
                .all(|&len| len == n);
        if !fits {
            return Err(SnapshotError("columns of different lengths"));
        }
        catalog.derive();
        Ok(catalog)
    }

    fn text_columns(&self) -> [&Texts; 9] {
        [
            &self.cvr,
            &self.p_number,
            &self.name,
            &self.street,
            &self.postal_code,
            &self.town,
            &self.industry_code,
            &self.industry_text,
            &self.industry_version,
        ]
    }

    fn text_columns_mut(&mut self) -> [&mut Texts; 9] {
        [
            &mut self.cvr,
            &mut self.p_number,
            &mut self.name,
            &mut self.street,
            &mut self.postal_code,
            &mut self.town,
            &mut self.industry_code,
            &mut self.industry_text,
            &mut self.industry_version,
        ]
    }
}

/// The companies on the device with their search index: a big layer from the last full
/// build and a small one of the companies synced since, which replace their older entries.
/// A sync that brings a few companies then indexes only those, not the whole municipality.
#[derive(Debug, Clone, Default)]
pub struct CompanyIndex {
    base: Arc<Layer>,
    /// Companies new or changed since `base` was built.
    recent: Option<Arc<Layer>>,
    /// A bit per `base` entry that `recent` replaces.
    replaced: Vec<u64>,
    replaced_count: usize,
    /// Each postal code with a town, in code order: the area filter's choices.
    postal_codes: Vec<(String, String)>,
}

/// Each company once, in CVR order: of several versions of one company, the last one given.
pub fn newest_per_company(mut companies: Vec<Company>) -> Vec<Company> {
    // Reversed, a stable sort puts the last version first among its equals, and `dedup_by`
    // keeps the first.
    companies.reverse();
    companies.sort_by(|a, b| a.cvr.cmp(&b.cvr));
    companies.dedup_by(|later, kept| later.cvr == kept.cvr);
    companies
}

/// Past this many companies in the recent layer, a change builds everything again: each
/// search reads both layers, and the recent one is built anew at every change.
pub const MAX_RECENT: usize = 5_000;

impl CompanyIndex {
    pub fn new(companies: Vec<Company>) -> Self {
        Self::layered(Arc::new(Layer::new(companies)), None)
    }

    fn layered(base: Arc<Layer>, recent: Option<Arc<Layer>>) -> Self {
        let mut replaced = vec![0u64; base.len().div_ceil(64)];
        let mut replaced_count = 0;
        let mut towns: std::collections::BTreeMap<&str, &str> = std::collections::BTreeMap::new();
        for (code, town) in base.postal_codes() {
            towns.insert(code, town);
        }
        if let Some(recent) = &recent {
            for id in 0..recent.len() {
                let old = recent.cvr.get(id).and_then(|cvr| base.id_by_cvr(cvr));
                if let Some(word) = old.and_then(|old| replaced.get_mut(old / 64)) {
                    let bit = 1u64 << (old.unwrap_or(0) % 64);
                    replaced_count += usize::from(*word & bit == 0);
                    *word |= bit;
                }
            }
            for (code, town) in recent.postal_codes() {
                towns.entry(code).or_insert(town);
            }
        }
        let postal_codes = towns.into_iter().map(|(code, town)| (code.to_owned(), town.to_owned())).collect();
        Self { base, recent, replaced, replaced_count, postal_codes }
    }

    /// This catalog with `changed` companies (new ones, or new versions of stored ones) in
    /// it: only they and the earlier recent ones are indexed, the big layer is shared.
    /// `None` when the recent layer would grow past [`MAX_RECENT`]: build anew then.
    pub fn with_changes(&self, changed: Vec<Company>) -> Option<Self> {
        let recent = newest_per_company(
            self.recent.iter().flat_map(|layer| layer.companies()).chain(changed).collect(),
        );
        if recent.len() > MAX_RECENT {
            return None;
        }
        let recent = Layer::new(recent);
        Some(Self::layered(Arc::clone(&self.base), Some(Arc::new(recent))))
    }

    /// Whether `base`'s entry `id` has a newer version in the recent layer.
    fn is_replaced(&self, id: usize) -> bool {
        self.replaced.get(id / 64).is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    /// How many companies are stored.
    pub fn len(&self) -> usize {
        self.base.len() - self.replaced_count + self.recent.as_ref().map_or(0, |r| r.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every company on the device (each built as it is read): the big layer's in name
    /// order, then the recent ones in name order.
    pub fn companies(&self) -> impl Iterator<Item = Company> + '_ {
        let base = (0..self.base.len())
            .filter(|&id| !self.is_replaced(id))
            .filter_map(|id| self.base.company_at(id));
        base.chain(self.recent.iter().flat_map(|recent| recent.companies()))
    }

    /// The company with this CVR number, if it is on the device.
    pub fn get(&self, cvr: &Cvr) -> Option<Company> {
        self.recent.as_ref().and_then(|r| r.get(cvr)).or_else(|| self.base.get(cvr))
    }

    /// The name of the company with this CVR number, without building the company.
    pub fn name_of(&self, cvr: &Cvr) -> Option<&str> {
        self.recent.as_ref().and_then(|r| r.name_of(cvr)).or_else(|| self.base.name_of(cvr))
    }

    /// The postal codes of the companies with a town for each, in code order (the area
    /// filter's choices).
    pub fn postal_codes(&self) -> &[(String, String)] {
        &self.postal_codes
    }

    /// The best `limit` matches of `input` that `accept` lets through, by rank, then name.
    pub fn search(&self, input: &str, accept: impl Fn(CompanyKeys) -> bool, limit: usize) -> SearchResult {
        self.search_by(input, Some(&accept), limit)
    }

    /// The best `limit` matches of `input`, by rank, then name: [`CompanyIndex::search`]
    /// without a filter, so no company's keys are read.
    pub fn search_all(&self, input: &str, limit: usize) -> SearchResult {
        self.search_by(input, None, limit)
    }

    fn search_by(
        &self,
        input: &str,
        accept: Option<&dyn Fn(CompanyKeys) -> bool>,
        limit: usize,
    ) -> SearchResult {
        let query = SearchQuery::new(input);
        let accepted =
            |layer: &Layer, id: usize| accept.is_none_or(|accept| layer.keys_at(id).is_some_and(accept));
        let (base_matches, base) =
            self.base.ranked(&query, |id| !self.is_replaced(id) && accepted(&self.base, id), limit);
        let Some(recent_layer) = &self.recent else {
            let companies = base.iter().filter_map(|&(_, id)| self.base.company_at(id as usize)).collect();
            return SearchResult { matches: base_matches, companies };
        };
        let (recent_matches, recent) = recent_layer.ranked(&query, |id| accepted(recent_layer, id), limit);
        // Both lists are by rank, then name: merge them the same way.
        let (mut a, mut b) = (base.iter().peekable(), recent.iter().peekable());
        let mut companies = Vec::with_capacity(limit.min(base.len() + recent.len()));
        while companies.len() < limit {
            let from_base = match (a.peek(), b.peek()) {
                (Some(&&(ra, ia)), Some(&&(rb, ib))) => {
                    (ra, self.base.order_key(ia)) <= (rb, recent_layer.order_key(ib))
                }
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if from_base {
                a.next().and_then(|&(_, id)| self.base.company_at(id as usize))
            } else {
                b.next().and_then(|&(_, id)| recent_layer.company_at(id as usize))
            };
            companies.extend(next);
        }
        SearchResult { matches: base_matches + recent_matches, companies }
    }

    /// Bytes held in memory by the columns and the indexes, to report memory.
    pub fn bytes(&self) -> usize {
        self.base.bytes() + self.recent.as_ref().map_or(0, |r| r.bytes()) + 8 * self.replaced.len()
    }

    /// The catalog as one value to keep on the device (see [`super::snapshot`]): the big
    /// layer, then the recent one if there is one.
    pub fn to_snapshot(&self) -> Vec<u8> {
        let mut w = Writer::new();
        self.base.write(&mut w);
        w.u8s(&[u8::from(self.recent.is_some())]);
        if let Some(recent) = &self.recent {
            recent.write(&mut w);
        }
        w.finish()
    }

    /// Reads what [`CompanyIndex::to_snapshot`] wrote; a snapshot of another version or one
    /// whose columns do not fit together is refused.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Self, SnapshotError> {
        Self::from_snapshot_parts(bytes, None)
    }

    /// Whether both share the big layer: a snapshot of it then serves both, and only the
    /// recent layer needs keeping again ([`CompanyIndex::recent_snapshot`]).
    pub fn shares_base(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.base, &other.base)
    }

    /// The recent layer alone, to keep beside a snapshot of the big layer after a sync: a
    /// few companies' worth instead of the whole municipality. `None` without one.
    pub fn recent_snapshot(&self) -> Option<Vec<u8>> {
        let recent = self.recent.as_ref()?;
        let mut w = Writer::new();
        recent.write(&mut w);
        Some(w.finish())
    }

    /// Reads a [`CompanyIndex::to_snapshot`] and, if given, a [`CompanyIndex::recent_snapshot`]
    /// kept beside it, which then replaces any recent layer inside the first: it was made
    /// later and holds that layer's companies too.
    pub fn from_snapshot_parts(bytes: &[u8], recent: Option<&[u8]>) -> Result<Self, SnapshotError> {
        let mut r = Reader::new(bytes)?;
        let base = Layer::read(&mut r)?;
        let inside = match r.u8s()?.as_slice() {
            [0] => None,
            [1] => Some(Layer::read(&mut r)?),
            _ => return Err(SnapshotError("no layer count")),
        };
        r.end()?;
        let recent = match recent {
            Some(bytes) => {
                let mut r = Reader::new(bytes)?;
                let layer = Layer::read(&mut r)?;
                r.end()?;
                Some(layer)
            }
            None => inside,
        };
        Ok(Self::layered(Arc::new(base), recent.map(Arc::new)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::generated;

    #[test]
    fn a_snapshot_reads_back_to_the_same_companies_and_the_same_answers() {
        let mut companies = generated::companies(3_000, 5);
        // The generator may repeat a CVR number; a register never does.
        let mut seen = std::collections::HashSet::new();
        companies.retain(|c| seen.insert(c.cvr.clone()));
        companies[7].p_number = PNumber::parse("1003388394").ok();
        companies[8].advertising_protected = true;
        companies[9].active = false;
        let built = CompanyIndex::new(companies.clone());
        let read = CompanyIndex::from_snapshot(&built.to_snapshot()).expect("its own snapshot");

        assert_eq!(read.len(), companies.len());
        assert_eq!(read.companies().collect::<Vec<_>>(), built.companies().collect::<Vec<_>>());
        let mut sorted: Vec<Company> = read.companies().collect();
        sorted.sort_by(|a, b| a.cvr.cmp(&b.cvr));
        companies.sort_by(|a, b| a.cvr.cmp(&b.cvr));
        assert!(sorted == companies, "every company comes back whole");
        for company in &companies[..50] {
            assert_eq!(read.get(&company.cvr).as_ref(), Some(company));
        }
        assert_eq!(read.postal_codes(), built.postal_codes());
        let in_8900 = |keys: CompanyKeys| keys.postal_code == "8900";
        for typed in generated::queries(&companies, 200, 3) {
            assert_eq!(read.search(&typed, |_| true, 50), built.search(&typed, |_| true, 50), "{typed:?}");
            assert_eq!(read.search(&typed, in_8900, 10), built.search(&typed, in_8900, 10), "{typed:?}");
        }
    }

    #[test]
    fn after_a_sync_the_recent_layer_alone_is_kept_beside_the_big_layers_snapshot() {
        let all = unique(generated::companies(2_000, 6));
        let (stored, new) = all.split_at(1_800);
        let built = CompanyIndex::new(stored.to_vec());
        let kept = built.to_snapshot();
        assert_eq!(built.recent_snapshot(), None, "no recent layer yet");
        let first = built.with_changes(new[..100].to_vec()).expect("a few changes");
        let second = first.with_changes(new[100..].to_vec()).expect("a few more");
        assert!(second.shares_base(&built) && !CompanyIndex::new(stored.to_vec()).shares_base(&built));
        // The big layer's snapshot was kept with the first sync's layer inside; the second
        // sync's layer, kept beside it, replaces that one.
        let kept_with_first = first.to_snapshot();
        let recent = second.recent_snapshot().expect("a recent layer");
        assert!(recent.len() * 5 < kept.len(), "the recent layer is a small part");
        for base in [&kept, &kept_with_first] {
            let read = CompanyIndex::from_snapshot_parts(base, Some(&recent)).expect("both parts");
            assert_eq!(read.len(), all.len());
            assert_eq!(read.companies().collect::<Vec<_>>(), second.companies().collect::<Vec<_>>());
            for typed in generated::queries(&all, 100, 8) {
                assert_eq!(read.search_all(&typed, 20), second.search_all(&typed, 20), "{typed:?}");
            }
        }
        let alone = CompanyIndex::from_snapshot_parts(&kept_with_first, None).expect("the first part alone");
        assert_eq!(alone.len(), first.len());
        assert!(CompanyIndex::from_snapshot_parts(&kept, Some(&recent[..recent.len() / 2])).is_err());
        assert!(CompanyIndex::from_snapshot_parts(&recent, None).is_err(), "a recent layer is no catalog");
    }

    #[test]
    fn a_damaged_snapshot_is_refused_never_half_read() {
        let bytes = CompanyIndex::new(generated::companies(200, 1)).to_snapshot();
        for cut in [0, 10, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
            assert!(CompanyIndex::from_snapshot(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(CompanyIndex::from_snapshot(&longer).is_err());
        assert!(CompanyIndex::from_snapshot(b"not a snapshot").is_err());
    }

    #[test]
    fn companies_are_found_by_cvr_and_filtered_by_their_keys() {
        let mut companies = generated::companies(500, 2);
        let mut seen = std::collections::HashSet::new();
        companies.retain(|c| seen.insert(c.cvr.clone()));
        let catalog = CompanyIndex::new(companies.clone());
        let wanted = &companies[123];
        assert_eq!(catalog.get(&wanted.cvr).as_ref(), Some(wanted));
        assert_eq!(catalog.name_of(&wanted.cvr), Some(wanted.name.as_str()));
        let unknown = Cvr::parse("25052943").expect("valid CVR");
        if companies.iter().all(|c| c.cvr != unknown) {
            assert_eq!((catalog.get(&unknown), catalog.name_of(&unknown)), (None, None));
        }
        let only = |keys: CompanyKeys| keys.cvr == wanted.cvr.as_str();
        let result = catalog.search("", only, 10);
        assert_eq!(
            result.companies,
            vec![wanted.clone()],
            "an empty query lists what the filter lets through"
        );
        let result = catalog.search(&wanted.name, only, 10);
        assert_eq!(result.matches, 1);
        assert_eq!(result.companies, vec![wanted.clone()]);
    }

    #[test]
    fn of_several_versions_of_a_company_the_last_one_given_is_kept() {
        let companies = unique(generated::companies(50, 4));
        let mut renamed = companies[3].clone();
        renamed.name = "Omdøbt ApS".into();
        let mut renamed_again = renamed.clone();
        renamed_again.name = "Omdøbt igen ApS".into();
        let given = [companies.clone(), vec![renamed, companies[10].clone(), renamed_again.clone()]].concat();

        let kept = newest_per_company(given);
        assert_eq!(kept.len(), companies.len(), "each company once");
        assert!(kept.windows(2).all(|w| w[0].cvr < w[1].cvr), "in CVR order");
        let third = kept.iter().find(|c| c.cvr == companies[3].cvr).expect("kept");
        assert_eq!(third.name, renamed_again.name, "the last version given wins");
        assert!(kept.contains(&companies[10]), "an unchanged repeat stays as it was");
    }

    fn unique(mut companies: Vec<Company>) -> Vec<Company> {
        // The generator may repeat a CVR number; a register never does.
        let mut seen = std::collections::HashSet::new();
        companies.retain(|c| seen.insert(c.cvr.clone()));
        companies
    }

    #[test]
    fn changes_in_the_recent_layer_answer_as_a_full_build_does() {
        let all = unique(generated::companies(3_000, 9));
        let (stored, new) = all.split_at(2_700);
        let mut changed: Vec<Company> = stored.iter().step_by(27).cloned().collect();
        for company in &mut changed {
            company.name = format!("{} Fornyet", company.name);
            company.address.postal_code = "8900".into();
            company.address.town = "Randers C".into();
        }
        changed.extend(new[..150].iter().cloned());
        let first = CompanyIndex::new(stored.to_vec()).with_changes(changed.clone()).expect("a few changes");
        // A second sync: more new companies and one of the changed ones again.
        let mut again = new[150..].to_vec();
        let mut twice = changed[0].clone();
        twice.name = "Helt Nyt Navn ApS".into();
        again.push(twice.clone());
        let layered = first.with_changes(again.clone()).expect("still a few");

        let mut now: std::collections::BTreeMap<Cvr, Company> =
            stored.iter().map(|c| (c.cvr.clone(), c.clone())).collect();
        now.extend(changed.into_iter().chain(again).map(|c| (c.cvr.clone(), c)));
        let now: Vec<Company> = now.into_values().collect();
        let full = CompanyIndex::new(now.clone());
        let read = CompanyIndex::from_snapshot(&layered.to_snapshot()).expect("its own snapshot");

        for catalog in [&layered, &read] {
            assert_eq!(catalog.len(), now.len());
            let mut listed: Vec<Company> = catalog.companies().collect();
            listed.sort_by(|a, b| a.cvr.cmp(&b.cvr));
            assert!(listed == now, "every company once, in its newest version");
            assert_eq!(catalog.get(&twice.cvr), Some(twice.clone()));
            assert_eq!(catalog.postal_codes(), full.postal_codes());
            let in_8900 = |keys: CompanyKeys| keys.postal_code == "8900";
            let mut queries = generated::queries(&now, 200, 4);
            queries.extend(["fornyet", "helt nyt navn aps", "", "randers c"].map(String::from));
            for typed in &queries {
                for limit in [1, 7, 20, 50] {
                    let everywhere = full.search(typed, |_| true, limit);
                    assert_eq!(catalog.search(typed, |_| true, limit), everywhere, "{typed:?}");
                    assert_eq!(catalog.search_all(typed, limit), everywhere, "{typed:?} without a filter");
                    assert_eq!(
                        catalog.search(typed, in_8900, limit),
                        full.search(typed, in_8900, limit),
                        "{typed:?}"
                    );
                }
            }
        }
        let many = unique(generated::companies(MAX_RECENT + 10, 3));
        assert!(full.with_changes(many).is_none(), "too many changes build anew");
    }
}
