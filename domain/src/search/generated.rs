//! Deterministic Danish-like companies and the queries people type for them, shared by the
//! search index's tests and its benchmark (which includes this file by path). The includer
//! brings `Address`, `Company`, `Cvr`, `EmployeeInterval`, `Industry`, `normalize` and
//! `company_search_text` into the parent module.

use super::{Address, Company, Cvr, EmployeeInterval, Industry, company_search_text, normalize};

/// xorshift64*: enough spread for test data, and no random crate in the domain crate.
pub struct Xorshift(u64);

impl Xorshift {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SURNAMES: &[&str] = &[
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Madsen",
    "Kristensen",
    "Østergaard",
    "Søndergård",
    "Bøgh",
    "Kjær",
    "Mølgaard",
    "Lund",
    "Holm",
    "Frederiksen",
    "Thomsen",
    "Dahl",
    "Brønd",
    "Ærenlund",
];
const TRADES: &[&str] = &[
    "Bageri",
    "Tømrer",
    "Maler",
    "El",
    "VVS",
    "Auto",
    "Frisør",
    "Café",
    "Smedie",
    "Murer",
    "Kloak",
    "Rengøring",
    "Blomster",
    "Slagter",
    "Revision",
    "Data",
    "Transport",
    "Entreprenør",
    "Køkken",
    "Glas",
    "Tandlæge",
    "Fysioterapi",
];
const PLACES: &[&str] = &[
    "Randers",
    "Århus",
    "Ålborg",
    "Grenå",
    "Nørrebro",
    "Østbyen",
    "Søby",
    "Kærby",
    "Fjord",
    "Gudenå",
    "Mariager",
    "Hobro",
    "Langå",
    "Væggerløse",
];
const LEGAL_FORMS: &[&str] = &["ApS", "A/S", "I/S", "IVS", "", "", "Holding ApS"];
const STREETS: &[&str] = &[
    "Ærøvej",
    "Søndergade",
    "Østergade",
    "Vestergade",
    "Nørregade",
    "Torvet",
    "Bagerstræde",
    "Mølleparken",
    "Skovvej",
    "Åboulevarden",
    "Kirkevej",
    "Randersvej",
    "Industrivej",
    "Grønnegade",
    "Fælledvej",
    "Havnegade",
];
const TOWNS: &[(&str, &str)] = &[
    ("8900", "Randers C"),
    ("8920", "Randers NV"),
    ("8930", "Randers NØ"),
    ("8960", "Randers SØ"),
    ("8000", "Aarhus C"),
    ("9000", "Aalborg"),
    ("6400", "Sønderborg"),
    ("5000", "Odense C"),
    ("2100", "København Ø"),
    ("2300", "København S"),
    ("7100", "Vejle"),
    ("8500", "Grenaa"),
];
const INDUSTRIES: &[(&str, &str)] = &[
    ("107100", "Fremstilling af brød og friske bageriprodukter"),
    ("433200", "Tømrer- og bygningssnedkervirksomhed"),
    ("432100", "El-installation"),
    ("561010", "Restauranter"),
    ("960210", "Frisørsaloner"),
    ("452010", "Almindelig reparation og vedligeholdelse af motorkøretøjer"),
    ("471100", "Supermarkeder"),
    ("620100", "Computerprogrammering"),
    ("692000", "Bogføring og revision; skatterådgivning"),
    ("812100", "Almindelig rengøring i bygninger"),
];

fn company_name(rng: &mut Xorshift) -> String {
    let legal = rng.pick(LEGAL_FORMS);
    let name = match rng.below(6) {
        0 => format!("{} {}", rng.pick(SURNAMES), rng.pick(TRADES)),
        1 => format!("{}s {}", rng.pick(PLACES), rng.pick(TRADES)),
        2 => format!("{} & {}", rng.pick(SURNAMES), rng.pick(SURNAMES)),
        3 => format!("{}{}", rng.pick(TRADES), ["en", "et", "huset", "centret"][rng.below(4)]),
        4 => format!("{} {} {}", rng.pick(PLACES), rng.pick(TRADES), rng.pick(TRADES)),
        _ => format!("{}'s {}", rng.pick(SURNAMES), rng.pick(TRADES)),
    };
    if legal.is_empty() { name } else { format!("{name} {legal}") }
}

/// `count` companies; about one in twenty shares its name with another one.
pub fn companies(count: usize, seed: u64) -> Vec<Company> {
    let mut rng = Xorshift::new(seed);
    let mut out: Vec<Company> = Vec::with_capacity(count);
    while out.len() < count {
        let Some(cvr) = Cvr::from_stem(1_000_000 + rng.below(9_000_000) as u32) else { continue };
        let name = match out.len() {
            n if n > 0 && rng.below(20) == 0 => out[rng.below(n)].name.clone(),
            _ => company_name(&mut rng),
        };
        let (postal_code, town) = TOWNS[rng.below(TOWNS.len())];
        let (code, text) = INDUSTRIES[rng.below(INDUSTRIES.len())];
        out.push(Company {
            cvr,
            p_number: None,
            name,
            address: Address {
                street: format!("{} {}", rng.pick(STREETS), 1 + rng.below(120)),
                postal_code: postal_code.into(),
                town: town.into(),
            },
            municipality_code: 730,
            industry: Industry { code: code.into(), text: text.into(), version: "DB07".into() },
            employees: EmployeeInterval::From2To4,
            advertising_protected: false,
            active: true,
        });
    }
    out
}

/// The index's entries for `companies`, in the order the app keeps them: name, then CVR.
pub fn index_entries(companies: &[Company]) -> Vec<(String, String)> {
    let mut keyed: Vec<(String, &Cvr, String)> =
        companies.iter().map(|c| (normalize(&c.name), &c.cvr, company_search_text(c))).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    keyed.into_iter().map(|(name, _, text)| (name, text)).collect()
}

/// æ/ø/å as typed on a keyboard without them, the two-letter or the one-letter way.
fn without_danish_letters(text: &str, one_letter: bool) -> String {
    let [ae, oe, aa] = if one_letter { ["a", "o", "a"] } else { ["ae", "oe", "aa"] };
    text.chars()
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'æ' => ae.to_owned(),
            'ø' => oe.to_owned(),
            'å' => aa.to_owned(),
            _ => c.to_string(),
        })
        .collect()
}

fn prefix(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// `count` queries of the kinds people type, drawn from `companies`: partial and whole
/// names, CVR prefixes, street + town, Danish letters typed both ways, one- and two-letter
/// words, and words that match nothing.
pub fn queries(companies: &[Company], count: usize, seed: u64) -> Vec<String> {
    let mut rng = Xorshift::new(seed);
    let mut out = Vec::with_capacity(count);
    while out.len() < count && !companies.is_empty() {
        let c = &companies[rng.below(companies.len())];
        let first_word = c.name.split_whitespace().next().unwrap_or("");
        let query = match rng.below(12) {
            0 => prefix(&c.name, 1 + rng.below(c.name.chars().count().max(1))),
            1 => c.name.clone(),
            2 => c.name.to_uppercase(),
            3 => prefix(c.cvr.as_str(), 2 + rng.below(7)),
            4 => format!("{} {}", c.address.street, c.address.town),
            5 => without_danish_letters(&c.name, false),
            6 => without_danish_letters(&format!("{first_word} {}", c.address.town), true),
            7 => prefix(first_word, 1 + rng.below(2)),
            8 => format!("{} {}", prefix(first_word, 2), prefix(&c.address.town, 1 + rng.below(3))),
            9 => ["qzx", "xyzzy", "bageri qq", "zz", "ø ø", "42424242"][rng.below(6)].to_owned(),
            10 => format!("{} {}", prefix(&c.industry.text, 4), c.address.postal_code),
            _ => format!("  {}  /{} ", prefix(first_word, 3), rng.pick(TRADES).to_lowercase()),
        };
        out.push(query);
    }
    out
}

/// A fixed list of what consultants type, keystroke by keystroke, for the benchmark.
pub const TYPED: &[&str] = &[
    "n",
    "ni",
    "nie",
    "niel",
    "nielsen",
    "nielsen e",
    "nielsen el",
    "b",
    "ba",
    "bag",
    "bage",
    "bager",
    "bageri",
    "randers",
    "randers c",
    "2",
    "25",
    "253",
    "2534",
    "søndergade",
    "soendergade",
    "sondergade 1",
    "torvet randers",
    "østergaard",
    "ostergaard",
    "oestergaard",
    "café",
    "cafe",
    "aarhus",
    "århus",
    "frisør",
    "frisoer",
    "tømrer",
    "tomrer",
    "vvs",
    "el 8900",
    "revision",
    "rengøring",
    "kloak",
    "xyzzy",
    "jensen tømrer aps",
    "hansen & holm",
    "mølle",
    "molle",
    "ærø",
    "aero",
    "gudenaa",
    "gudena",
    "8960",
    "8960 randers",
];
