//! The companies a device searches, in name order, with the search index over them — held as
//! a few flat columns so the whole catalog can be kept as one [snapshot](super::snapshot) and
//! read back at the next start without reading or indexing each company again.

use super::snapshot::{Reader, SnapshotError, Texts, Writer};
use super::{SearchIndex, SearchQuery, company_search_text, normalize};
use crate::{Address, Company, Cvr, EmployeeInterval, Industry, PNumber};

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

/// The companies on the device, sorted by name (then CVR), column by column; an entry id of
/// the index is a position in every column.
#[derive(Debug, Clone, Default)]
pub struct CompanyIndex {
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

impl CompanyIndex {
    pub fn new(companies: Vec<Company>) -> Self {
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

    pub fn is_empty(&self) -> bool {
        self.len() == 0
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
        let at =
            self.by_cvr.binary_search_by(|&id| self.cvr.get(id as usize).cmp(&Some(cvr.as_str()))).ok()?;
        Some(*self.by_cvr.get(at)? as usize)
    }

    /// The postal codes of the companies with a town for each, in code order (the area
    /// filter's choices).
    pub fn postal_codes(&self) -> &[(String, String)] {
        &self.postal_codes
    }

    /// The best `limit` matches of `input` that `accept` lets through, by rank, then name.
    pub fn search(&self, input: &str, accept: impl Fn(CompanyKeys) -> bool, limit: usize) -> SearchResult {
        let accepted = |id: u32| self.keys_at(id as usize).is_some_and(&accept);
        let hits = self.index.search(&SearchQuery::new(input), accepted, limit);
        let companies = hits.ids.iter().filter_map(|&id| self.company_at(id as usize)).collect();
        SearchResult { matches: hits.matches, companies }
    }

    /// Bytes held in memory by the columns and the index, to report memory.
    pub fn bytes(&self) -> usize {
        let columns = [
            &self.cvr,
            &self.p_number,
            &self.name,
            &self.street,
            &self.postal_code,
            &self.town,
            &self.industry_code,
            &self.industry_text,
            &self.industry_version,
        ];
        columns.iter().map(|c| c.bytes()).sum::<usize>()
            + 2 * self.municipality_code.len()
            + self.employees.len()
            + self.flags.len()
            + 4 * self.by_cvr.len()
            + self.index.table_bytes()
            + self.index.text_bytes()
    }

    /// The catalog as one value to keep on the device (see [`super::snapshot`]).
    pub fn to_snapshot(&self) -> Vec<u8> {
        let mut w = Writer::new();
        for column in self.text_columns() {
            w.texts(column);
        }
        w.u16s(&self.municipality_code);
        w.u8s(&self.employees);
        w.u8s(&self.flags);
        self.index.write(&mut w);
        w.finish()
    }

    /// Reads what [`CompanyIndex::to_snapshot`] wrote; a snapshot of another version or one
    /// whose columns do not fit together is refused.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Self, SnapshotError> {
        let mut r = Reader::new(bytes)?;
        let mut catalog = Self::default();
        for column in catalog.text_columns_mut() {
            *column = r.texts()?;
        }
        catalog.municipality_code = r.u16s()?;
        catalog.employees = r.u8s()?;
        catalog.flags = r.u8s()?;
        catalog.index = SearchIndex::read(&mut r)?;
        r.end()?;
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
}
