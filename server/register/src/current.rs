//! Current values of a CVR document: metadata first, dated arrays as the fallback.

use crate::cvr_doc::{AddressItem, CvrDocument, Dated, EmploymentItem, IndustryItem, Metadata};
use chrono::NaiveDate;
use kontaktpunkt_domain::{Address, EmployeeInterval, Industry};

/// Classification version of industry codes, unless a [`ClassificationRule`] says otherwise.
pub(crate) const DB07: &str = "DB07";
/// Classification version of the NACE rev. 2.1 based codes.
pub(crate) const DB25: &str = "DB25";

/// How the import decides an industry code's classification version.
///
/// The register's documents carry no version next to `branchekode`, and a six-digit code reads
/// the same in DB07 and DB25, so the version cannot be read off the code. Nor is the start of a
/// code's period reliable on its own: codes registered early in 2025 may still be DB07 codes,
/// depending on when the register switched. So the default is DB07 everywhere, and a caller who
/// knows when its source switched sets the date from which codes are DB25.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ClassificationRule {
    /// Every code is DB07.
    #[default]
    AlwaysDb07,
    /// A code whose period starts on or after this date is DB25; earlier or undated codes DB07.
    Db25From(NaiveDate),
}

impl ClassificationRule {
    fn version(self, valid_from: Option<&str>) -> &'static str {
        match self {
            Self::AlwaysDb07 => DB07,
            Self::Db25From(switch) => match valid_from.and_then(|d| d.get(..10)?.parse::<NaiveDate>().ok()) {
                Some(from) if from >= switch => DB25,
                _ => DB07,
            },
        }
    }
}

/// The item valid now: the one with an open period (`gyldigTil: null`), else the one with the
/// latest `gyldigFra`. Among equals the later item in the array wins, as the register appends.
pub(crate) fn current<T: Dated>(items: &[T]) -> Option<&T> {
    items.iter().max_by_key(|item| {
        let period = item.period();
        let open = period.is_none_or(|p| p.gyldig_til.is_none());
        (open, period.and_then(|p| p.gyldig_fra.as_deref()))
    })
}

/// Items with an open period only (for values that may legitimately be absent now).
fn open<T: Dated>(items: &[T]) -> impl Iterator<Item = &T> {
    items.iter().filter(|item| item.period().is_none_or(|p| p.gyldig_til.is_none()))
}

/// Whether a register status (`sammensatStatus`, `virksomhedsstatus`) means the company has
/// ended: ceased (`OPHØRT`), dissolved (`OPLØST …`, `TVANGSOPLØST`), deleted (`SLETTET`) or in
/// bankruptcy (`UNDER KONKURS`, `KONKURS`) — a bankrupt estate run by a trustee is not a contact
/// partner any more. Companies "under" dissolution, liquidation or reconstruction still trade
/// and stay active.
pub fn is_ceased_status(status: &str) -> bool {
    let status = status.trim().to_uppercase();
    ["OPHØRT", "OPLØST", "TVANGSOPLØST", "SLETTET"].iter().any(|p| status.starts_with(p))
        || status.contains("KONKURS")
}

/// Maps a head count to the register's interval.
pub fn employees_from_count(count: u64) -> EmployeeInterval {
    match count {
        0 => EmployeeInterval::None,
        1 => EmployeeInterval::One,
        2..=4 => EmployeeInterval::From2To4,
        5..=9 => EmployeeInterval::From5To9,
        10..=19 => EmployeeInterval::From10To19,
        20..=49 => EmployeeInterval::From20To49,
        50..=99 => EmployeeInterval::From50To99,
        100..=199 => EmployeeInterval::From100To199,
        200..=499 => EmployeeInterval::From200To499,
        500..=999 => EmployeeInterval::From500To999,
        _ => EmployeeInterval::From1000,
    }
}

/// Values companies and production units share, read the same way for both.
pub(crate) struct CommonValues {
    pub name: Option<String>,
    pub address: Address,
    pub care_of: Option<String>,
    pub municipality_code: u16,
    pub main_industry: Option<Industry>,
    pub secondary_industries: Vec<Industry>,
    pub employees: EmployeeInterval,
    pub active: bool,
}

impl CommonValues {
    pub fn read(doc: &CvrDocument, meta: Option<&Metadata>, rule: ClassificationRule) -> Self {
        let name = meta
            .and_then(|m| m.nyeste_navn.as_ref())
            .or_else(|| current(&doc.navne))
            .and_then(|n| non_empty(n.navn.as_deref()));
        let address_item = meta
            .and_then(|m| m.nyeste_beliggenhedsadresse.as_ref())
            .or_else(|| current(&doc.beliggenhedsadresse));
        let main_industry = meta
            .and_then(|m| m.nyeste_hovedbranche.as_ref())
            .or_else(|| current(&doc.hovedbranche))
            .and_then(|i| industry(i, rule));
        // Metadata states "no secondary industry" with null; falling back to the arrays' latest
        // item would bring back an industry that has ended, so only open items count there.
        let secondary_industries: Vec<Industry> = match meta {
            Some(m) => [&m.nyeste_bibranche1, &m.nyeste_bibranche2, &m.nyeste_bibranche3]
                .into_iter()
                .filter_map(|i| i.as_ref().and_then(|i| industry(i, rule)))
                .collect(),
            None => [&doc.bibranche1, &doc.bibranche2, &doc.bibranche3]
                .into_iter()
                .filter_map(|items| open(items).last().and_then(|i| industry(i, rule)))
                .collect(),
        };
        let status = meta
            .and_then(|m| non_empty(m.sammensat_status.as_deref()))
            .or_else(|| current(&doc.virksomhedsstatus).and_then(|s| non_empty(s.status.as_deref())));
        let ended_life = !doc.livsforloeb.is_empty() && open(&doc.livsforloeb).next().is_none();
        let active = !ended_life && !status.as_deref().is_some_and(is_ceased_status);
        Self {
            name,
            address: address_item.map(address).unwrap_or_else(empty_address),
            care_of: address_item.and_then(|a| non_empty(a.conavn.as_deref())),
            municipality_code: address_item
                .and_then(|a| a.kommune.as_ref())
                .and_then(|k| k.kommune_kode.as_deref())
                .and_then(|k| k.trim().parse().ok())
                .unwrap_or(0),
            main_industry,
            secondary_industries,
            employees: employees(doc, meta),
            active,
        }
    }
}

/// The newest employee interval among yearly, quarterly and monthly figures, metadata and
/// arrays alike. "Newest" compares the end of the period each figure covers; on a tie the finer
/// figure (monthly, then quarterly) wins because it was counted later.
fn employees(doc: &CvrDocument, meta: Option<&Metadata>) -> EmployeeInterval {
    let yearly =
        meta.and_then(|m| m.nyeste_aarsbeskaeftigelse.as_ref()).into_iter().chain(&doc.aarsbeskaeftigelse);
    let quarterly = meta
        .and_then(|m| m.nyeste_kvartalsbeskaeftigelse.as_ref())
        .into_iter()
        .chain(&doc.kvartalsbeskaeftigelse);
    let monthly = meta
        .into_iter()
        .flat_map(|m| [&m.nyeste_maanedsbeskaeftigelse, &m.nyeste_erst_maanedsbeskaeftigelse])
        .flatten()
        .chain(&doc.maanedsbeskaeftigelse)
        .chain(&doc.erst_maanedsbeskaeftigelse);
    let keyed = yearly
        .filter_map(|e| Some(((number(&e.aar)?, 12, 0), e)))
        .chain(quarterly.filter_map(|e| Some(((number(&e.aar)?, number(&e.kvartal)? * 3, 1), e))))
        .chain(monthly.filter_map(|e| Some(((number(&e.aar)?, number(&e.maaned)?, 2), e))));
    keyed
        .filter_map(|(key, e)| Some((key, interval(e)?)))
        .max_by_key(|(key, _)| *key)
        .map_or(EmployeeInterval::Unknown, |(_, interval)| interval)
}

fn interval(e: &EmploymentItem) -> Option<EmployeeInterval> {
    let from_code = e.interval_kode_antal_ansatte.as_deref().map(EmployeeInterval::from_cvr_code);
    match from_code {
        Some(i) if i != EmployeeInterval::Unknown => Some(i),
        // The interval code is often null where the head count is given, and the other way round.
        _ => e.antal_ansatte.as_deref().and_then(|n| n.trim().parse().ok()).map(employees_from_count),
    }
}

fn number(value: &Option<String>) -> Option<u32> {
    value.as_deref()?.trim().parse().ok()
}

/// An industry from a register item; `None` when the item has no code.
fn industry(item: &IndustryItem, rule: ClassificationRule) -> Option<Industry> {
    let code = industry_code(item.branchekode.as_deref()?)?;
    Some(Industry {
        code,
        text: item.branchetekst.as_deref().unwrap_or_default().trim().to_owned(),
        version: rule.version(item.periode.as_ref().and_then(|p| p.gyldig_fra.as_deref())).to_owned(),
    })
}

/// Six digits without dots; a five-digit code lost its leading zero on the way (a number).
pub(crate) fn industry_code(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        6 => Some(digits),
        5 => Some(format!("0{digits}")),
        _ => None,
    }
}

fn empty_address() -> Address {
    Address { street: String::new(), postal_code: String::new(), town: String::new() }
}

fn address(a: &AddressItem) -> Address {
    Address {
        street: street_line(a),
        postal_code: a.postnummer.as_deref().map(postal_code).unwrap_or_default(),
        town: non_empty(a.postdistrikt.as_deref())
            .or_else(|| non_empty(a.bynavn.as_deref()))
            .unwrap_or_default(),
    }
}

/// Danish postal codes have four digits; numbers lose the leading zero of 0800–0999.
pub(crate) fn postal_code(raw: &str) -> String {
    let raw = raw.trim();
    if !raw.is_empty() && raw.len() < 4 && raw.chars().all(|c| c.is_ascii_digit()) {
        format!("{raw:0>4}")
    } else {
        raw.to_owned()
    }
}

/// The street line as Danes write it: "Pilestræde 43, 3." or "Vestergade 12B, 1. th".
pub(crate) fn street_line(a: &AddressItem) -> String {
    let Some(street) = non_empty(a.vejnavn.as_deref()) else {
        if let Some(box_number) = non_empty(a.postboks.as_deref()) {
            return format!("Postboks {box_number}");
        }
        // Foreign and unofficial addresses come as free text, possibly over several lines.
        return non_empty(a.fritekst.as_deref())
            .map(|t| t.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(", "))
            .unwrap_or_default();
    };
    let mut line = street;
    let mut number = join(&a.husnummer_fra, &a.bogstav_fra);
    let to = join(&a.husnummer_til, &a.bogstav_til);
    if !number.is_empty() && !to.is_empty() {
        number = format!("{number}-{to}");
    }
    if !number.is_empty() {
        line.push(' ');
        line.push_str(&number);
    }
    let floor = non_empty(a.etage.as_deref()).map(|f| if f.ends_with('.') { f } else { format!("{f}.") });
    let unit: Vec<String> = floor.into_iter().chain(non_empty(a.sidedoer.as_deref())).collect();
    if !unit.is_empty() {
        line.push_str(", ");
        line.push_str(&unit.join(" "));
    }
    line
}

fn join(number: &Option<String>, letter: &Option<String>) -> String {
    let mut out = non_empty(number.as_deref()).unwrap_or_default();
    if !out.is_empty() {
        out.push_str(&non_empty(letter.as_deref()).unwrap_or_default());
    }
    out
}

pub(crate) fn non_empty(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}
