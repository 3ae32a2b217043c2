//! The industry mix of the demo: DB07 sections with their share of companies, and within each
//! section the real six-digit codes common in a Danish provincial town, with name templates.
//!
//! Codes are curated rather than drawn uniformly from DB07 because a uniform draw gives rice
//! farms and space agencies; the texts still come from the real DB07 file.
//! Template syntax: see `names::render`.

use crate::places::Setting::{self, Anywhere, Centre, Industrial, Rural};

/// How many people a trade typically employs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Holding companies, property companies, associations: mostly nobody.
    Owner,
    /// Farms: the family plus a hand or two.
    Farm,
    /// Shops, salons, clinics, crafts.
    Small,
    /// Most service trades.
    General,
    /// Factories, haulage, wholesale, care: where the big employers are.
    Large,
}
use Size::{Farm, General, Large, Owner, Small};

mod services;
use services::{
    ADMIN_SERVICES, CULTURE, EDUCATION, HEALTH, HOSPITALITY, INFORMATION, OTHER_SERVICES, TRANSPORT,
};

/// A six-digit DB07 code as the demo uses it.
#[derive(Debug, Clone, Copy)]
pub struct Trade {
    pub code: &'static str,
    /// Relative weight within its section.
    pub weight: u16,
    pub setting: Setting,
    pub size: Size,
    pub templates: &'static [&'static str],
}

/// A DB07 section and its share of the municipality's companies.
#[derive(Debug, Clone, Copy)]
pub struct Section {
    /// Share in per mille.
    pub per_mille: u16,
    pub trades: &'static [Trade],
}

const fn t(
    code: &'static str,
    weight: u16,
    setting: Setting,
    size: Size,
    templates: &'static [&'static str],
) -> Trade {
    Trade { code, weight, setting, size, templates }
}

/// Sections with their shares (summing to 1000) and trades.
pub const SECTIONS: &[Section] = &[
    Section { per_mille: 170, trades: TRADE },         // G
    Section { per_mille: 120, trades: CONSTRUCTION },  // F
    Section { per_mille: 110, trades: PROFESSIONAL },  // M
    Section { per_mille: 90, trades: REAL_ESTATE },    // L
    Section { per_mille: 80, trades: AGRICULTURE },    // A
    Section { per_mille: 60, trades: MANUFACTURING },  // C
    Section { per_mille: 60, trades: HEALTH },         // Q
    Section { per_mille: 60, trades: ADMIN_SERVICES }, // N
    Section { per_mille: 50, trades: HOSPITALITY },    // I
    Section { per_mille: 50, trades: OTHER_SERVICES }, // S
    Section { per_mille: 40, trades: TRANSPORT },      // H
    Section { per_mille: 40, trades: FINANCE },        // K
    Section { per_mille: 30, trades: INFORMATION },    // J
    Section { per_mille: 20, trades: CULTURE },        // R
    Section { per_mille: 10, trades: EDUCATION },      // P
    Section { per_mille: 5, trades: UTILITIES_WATER }, // E
    Section { per_mille: 4, trades: ENERGY },          // D
    Section { per_mille: 1, trades: MINING },          // B
];

#[rustfmt::skip]
const AGRICULTURE: &[Trade] = &[
    t("011100", 30, Rural, Farm, &["{G} v/{F} {S}!", "{G} Planteavl", "{S} Landbrug", "{G} I/S", "{S} Agro"]),
    t("014100", 15, Rural, Farm, &["{G} v/{F} {S}!", "{G} I/S", "{S} Kvægbrug", "{G} Mælkeproduktion"]),
    t("014620", 10, Rural, Farm, &["{G} Svineproduktion", "{G} v/{F} {S}!", "{S} Svin"]),
    t("014610", 5, Rural, Farm, &["{G} Smågrise", "{G} v/{F} {S}!"]),
    t("015000", 12, Rural, Farm, &["{G} v/{F} {S}!", "{G} Landbrug", "{S} Landbrug I/S"]),
    t("016100", 8, Rural, General, &["{P} Maskinstation", "{S} Maskinstation", "{G} Entreprenørforretning"]),
    t("014300", 5, Rural, Farm, &["Stutteri {G}!", "{G} Stutteri", "{G} Hestepension~"]),
    t("013000", 2, Rural, Small, &["{P} Planteskole", "{Sg} Planteskole"]),
    t("021000", 4, Rural, Farm, &["{G} Skovbrug", "{S} Skov og Natur"]),
    t("011300", 3, Rural, Small, &["{G} Grønt", "{S} Gartneri", "{P} Gartneri"]),
    t("014700", 3, Rural, Farm, &["{G} Æg", "{G} Fjerkræ"]),
    t("014200", 3, Rural, Farm, &["{G} Kødkvæg", "{G} v/{F} {S}!"]),
    t("016200", 2, Rural, Small, &["{S} Klovbeskæring", "{P} Klovpleje"]),
    t("014500", 1, Rural, Farm, &["{G} Får og Lam~"]),
    t("032200", 1, Rural, Small, &["{P} Dambrug", "{G} Dambrug"]),
];

#[rustfmt::skip]
const CONSTRUCTION: &[Trade] = &[
    t("433200", 22, Industrial, Small, &[
        "{S} Tømrer- og Snedkerforretning", "{Sg} Tømrerforretning", "{P} Tømrer & Snedker",
        "Tømrermester {F} {S}!", "{P} Tømrerfirma", "{S} Byg",
    ]),
    t("432100", 14, Industrial, General, &[
        "{S} El", "{P} El-service", "{Sg} El-forretning", "{P} Elektro", "El-installatør {F} {S}!",
    ]),
    t("432200", 12, Industrial, General, &["{P} VVS", "{S} VVS", "{S} VVS & Blik", "{P} VVS-service"]),
    t("433410", 10, Anywhere, Small, &[
        "{Sg} Malerforretning", "Malermester {F} {S}!", "{P} Malerfirma", "{S} Maler",
    ]),
    t("439910", 9, Anywhere, Small, &[
        "Murermester {F} {S}!", "{S} Murerforretning", "{P} Murer", "{S} Murer og Flise",
    ]),
    t("412000", 10, Industrial, General, &[
        "{S} Byggefirma", "{P} Totalentreprise", "{S} & {S2} Byg", "{P} Byggeservice", "{S} Entreprise",
    ]),
    t("431200", 6, Industrial, General, &[
        "{S} Entreprenørforretning", "{P} Entreprenør", "{S} Kloak og Anlæg", "{S} Graveservice",
    ]),
    t("433300", 4, Industrial, Small, &["{P} Gulve", "{S} Gulvservice", "{Sg} Gulvbelægning"]),
    t("439100", 4, Industrial, Small, &["{P} Tagdækning", "{S} Tag", "{S} Tag og Facade"]),
    t("433420", 2, Industrial, Small, &["{P} Glas", "{Sg} Glarmesterforretning"]),
    t("421100", 2, Industrial, Large, &["{P} Vej og Anlæg", "{S} Asfalt"]),
    t("411000", 3, Anywhere, Owner, &["{P} Boligbyg", "{S} Projektudvikling"]),
    t("432900", 2, Industrial, Small, &["{S} Isolering", "{P} Ventilation"]),
    t("433900", 2, Industrial, Small, &["{S} Byggeservice", "{P} Facadeservice"]),
    t("431100", 1, Industrial, General, &["{P} Nedrivning", "{S} Nedbrydning"]),
];

#[rustfmt::skip]
const TRADE: &[Trade] = &[
    t("452010", 12, Industrial, Small, &[
        "{P} Auto", "{S} Auto", "{Sg} Autoværksted", "{St} Auto", "{P} Autoservice",
    ]),
    t("451120", 5, Industrial, General, &["{P} Bilcenter", "{S} Biler", "{P} Autohus"]),
    t("452020", 2, Industrial, Small, &["{P} Karosseri", "{S} Autolak"]),
    t("452040", 1, Industrial, Small, &["{P} Dæk", "{S} Dækservice"]),
    t("471110", 6, Centre, Small, &["{P} Købmand", "Købmand {F} {S}!", "{St} Kiosk", "{L} Kiosk"]),
    t("471120", 1, Centre, Large, &[
        "SuperBrugsen {L}!", "Dagli' Brugsen {L}!", "{L} Supermarked", "Min Købmand {L}!",
    ]),
    t("472400", 3, Centre, Small, &[
        "Bageriet {St}!", "{P} Bageri", "{Sg} Bageri", "{Fg} Konditori~", "Bager {F}~",
    ]),
    t("472200", 1, Centre, Small, &["Slagter {S}!", "{L} Slagter", "Slagteren på {St}"]),
    t("477110", 6, Centre, Small, &["{Fg} Tøjbutik~", "Butik {F}~", "{P} Mode", "Mode & Stil {St}"]),
    t("477210", 1, Centre, Small, &["{P} Sko", "{Sg} Skotøj"]),
    t("475910", 2, Centre, Small, &["{P} Møbler", "{S} Bolig & Møbler"]),
    t("477610", 2, Centre, Small, &["{Fg} Blomster~", "Blomsterbutikken {St}", "{L} Blomster"]),
    t("477620", 1, Anywhere, Small, &["{P} Havecenter", "{S} Planter"]),
    t("477300", 1, Centre, General, &["{L} Apotek!", "{St} Apotek!"]),
    t("477810", 1, Centre, Small, &["{S} Optik", "{P} Optik"]),
    t("477700", 1, Centre, Small, &["{S} Guld og Ure", "Guldsmed {F} {S}!"]),
    t("473000", 1, Anywhere, Small, &["{L} Servicestation", "{P} Tank & Vask"]),
    t("476420", 1, Centre, Small, &["{P} Cykler", "{Sg} Cykelforretning"]),
    t("475220", 1, Industrial, General, &["{P} Byggecenter", "{L} Trælast"]),
    t("477830", 2, Centre, Small, &["{Fg} Brugskunst~", "Gaveboden {St}", "{S} Gaver & Interiør"]),
    t("479119", 5, Anywhere, Small, &["{S} Webshop", "{F}shop~", "{P} Online", "{Fg} Netbutik~"]),
    t("479116", 2, Anywhere, Small, &["{Fg} Tøj Online~", "{S} Fashion"]),
    t("477900", 2, Centre, Small, &["Genbrugsbutikken {St}", "{P} Genbrug"]),
    t("466100", 3, Industrial, General, &["{P} Maskinhandel", "{S} Landbrugsmaskiner"]),
    t("467310", 2, Industrial, General, &["{P} Trælast", "{S} Byggematerialer"]),
    t("467400", 2, Industrial, General, &["{S} VVS-engros", "{P} Teknik"]),
    t("469000", 4, Industrial, General, &["{S} Handel", "{S} Import", "{P} Engros", "{S} & {S2} Handel"]),
    t("466900", 3, Industrial, Large, &["{S} Maskinhandel", "{P} Maskiner", "{P} Industriudstyr"]),
    t("463100", 1, Industrial, General, &["{P} Grønt", "{S} Frugt og Grønt"]),
    t("463900", 1, Industrial, Large, &["{P} Fødevarer", "{S} Food"]),
    t("462100", 2, Industrial, General, &["{P} Foder", "{S} Korn og Foder"]),
    t("461900", 3, Anywhere, Small, &["{S} Agentur", "{S} Sales", "{F} {S} Agentur"]),
    t("465100", 1, Industrial, General, &["{S} IT-Distribution", "{P} Datahandel"]),
    t("453100", 1, Industrial, General, &["{P} Autodele", "{S} Reservedele"]),
    t("454000", 1, Industrial, Small, &["{P} MC", "{S} Motorcykler"]),
    t("474100", 1, Centre, Small, &["{P} Computer", "{S} PC-shop"]),
    t("476500", 1, Centre, Small, &["{P} Legetøj", "Legebutikken {St}"]),
    t("477500", 1, Centre, Small, &["{Fg} Parfumeri~", "{P} Parfumeri"]),
    t("472500", 1, Centre, Small, &["{P} Vinhandel", "{St} Vin"]),
    t("477630", 1, Centre, Small, &["{P} Dyrehandel", "Zoo {St}"]),
];

#[rustfmt::skip]
const PROFESSIONAL: &[Trade] = &[
    t("692000", 16, Centre, General, &[
        "{S} Revision", "{P} Revisionskontor", "{S} & {S2} Statsautoriserede Revisorer",
        "{F} {S} Regnskab~", "{S} Bogføring og Regnskab", "{Fg} Bogholderi~",
    ]),
    t("702200", 22, Anywhere, Small, &[
        "{S} Consult", "{F} {S} Rådgivning~", "{S} Management", "{P} Erhvervsrådgivning", "{S} & Partnere",
    ]),
    t("711210", 8, Centre, General, &[
        "{S} Rådgivende Ingeniører", "{P} Ingeniørkontor", "{S} & {S2} Ingeniører",
    ]),
    t("711100", 6, Centre, Small, &["{S} Arkitekter", "Arkitektfirmaet {S}", "{P} Tegnestue"]),
    t("691000", 7, Centre, General, &[
        "{S} & {S2} Advokatfirma", "Advokatfirmaet {S}", "Advokaterne i {L}", "Advokat {F} {S}!",
    ]),
    t("711290", 3, Anywhere, Small, &["{S} Teknisk Rådgivning", "{P} Energirådgivning"]),
    t("731110", 5, Centre, Small, &["{S} Kommunikation", "{P} Reklame", "Bureau {F}~", "{S} Media"]),
    t("741020", 4, Anywhere, Small, &["{Fg} Design~", "{S} Grafisk", "Studio {F}~"]),
    t("742000", 4, Anywhere, Small, &["Fotograf {F} {S}!", "{P} Foto", "{Fg} Fotografi~"]),
    t("750000", 4, Anywhere, General, &["{P} Dyrehospital", "{P} Dyreklinik", "{S} Dyrlægepraksis"]),
    t("749010", 2, Rural, General, &["{S} Agrirådgivning", "{P} Landbrugsrådgivning"]),
    t("749090", 6, Anywhere, Small, &["{S} Consulting", "{F} {S}~", "{S} Service"]),
    t("701010", 3, Centre, Large, &["{S} Gruppen", "{P} Group"]),
    t("702100", 3, Centre, Small, &["{S} PR og Kommunikation", "{P} Kommunikation"]),
    t("743000", 1, Anywhere, Small, &["{S} Translation", "{Fg} Oversættelser~"]),
    t("741030", 1, Anywhere, Small, &["{S} Indretning", "{Fg} Interiør~"]),
    t("721900", 1, Industrial, General, &["{P} Innovation", "{S} Teknologi"]),
    t("712020", 1, Industrial, General, &["{P} Teknisk Kontrol", "{S} Inspektion"]),
];

#[rustfmt::skip]
const REAL_ESTATE: &[Trade] = &[
    t("682040", 25, Anywhere, Owner, &[
        "{S} Ejendomme", "{P} Erhvervsejendomme", "Ejendomsselskabet {St}", "{S} Invest",
    ]),
    t("682030", 25, Anywhere, Owner, &[
        "{S} Ejendomme", "{Addr}", "Ejendomsselskabet {Addr}", "{P} Boligudlejning",
    ]),
    t("681000", 10, Anywhere, Owner, &["{S} Ejendomsinvest", "{P} Ejendomsudvikling", "{S} Property"]),
    t("683110", 8, Centre, Small, &["{S} Ejendomsmægler", "{P} Bolighandel", "Mæglerhuset {L}"]),
    t("683210", 6, Centre, Small, &["{P} Ejendomsadministration", "{S} Ejendomsservice"]),
    t("683220", 12, Centre, Owner, &["Ejerforeningen {Addr}!", "E/F {Addr}!"]),
    t("682020", 10, Anywhere, Owner, &["A/B {St}!", "Andelsboligforeningen {Addr}!"]),
    t("682010", 4, Anywhere, Owner, &["Boligforeningen {St}!", "Boligselskabet {L}!"]),
];

#[rustfmt::skip]
const FINANCE: &[Trade] = &[
    t("642020", 70, Anywhere, Owner, &[
        "{I}. {S} Holding ApS", "{F} {S} Holding ApS", "{S} Holding ApS", "{Ini} Holding ApS",
        "{S} Invest ApS", "{S} Kapital ApS", "{Ini} Holding A/S",
    ]),
    t("649900", 3, Anywhere, Owner, &["{S} Finans"]),
    t("641900", 2, Centre, Large, &["{L} Sparekasse!", "{L} Andelskasse!"]),
    t("663000", 4, Anywhere, Owner, &["{S} Formueforvaltning", "{S} Capital"]),
    t("662200", 5, Centre, Small, &["{S} Forsikringsmægler", "{P} Forsikringsservice"]),
    t("643030", 6, Anywhere, Owner, &["{S} Investering", "{Ini} Invest"]),
    t("642010", 3, Anywhere, Owner, &["{S} Finansholding"]),
    t("661900", 2, Centre, Small, &["{S} Finansrådgivning", "{P} Økonomirådgivning"]),
];

#[rustfmt::skip]
const MANUFACTURING: &[Trade] = &[
    t("251100", 14, Industrial, Large, &[
        "{P} Smedie", "{S} Smede- og Maskinværksted", "{S} Stål", "{P} Stålkonstruktioner",
        "Smedemester {F} {S}!",
    ]),
    t("256200", 12, Industrial, Large, &[
        "{S} Maskinfabrik", "{P} CNC", "{S} Præcision", "{P} Maskinværksted",
    ]),
    t("310900", 3, Industrial, General, &["{P} Møbelfabrik", "{S} Møbelsnedkeri"]),
    t("310200", 3, Industrial, General, &["{P} Køkkener", "{S} Køkkenfabrik"]),
    t("107120", 8, Centre, General, &["{P} Bageri", "{Sg} Bageri", "Bageriet {St}!", "{L} Brød"]),
    t("162300", 8, Industrial, General, &["{S} Snedkeri", "{P} Vinduer og Døre", "{Sg} Snedkerværksted"]),
    t("282900", 5, Industrial, Large, &["{P} Maskinfabrik", "{S} Maskinbyg"]),
    t("283000", 3, Industrial, Large, &["{P} Staldinventar", "{S} Agro Teknik"]),
    t("181200", 6, Industrial, General, &["{P} Bogtrykkeri", "{S} Tryk", "{P} Grafisk"]),
    t("101300", 3, Industrial, Large, &["{P} Pølsemageri", "{S} Kødvarer"]),
    t("105100", 1, Rural, Large, &["{P} Mejeri"]),
    t("110500", 3, Industrial, Small, &["{P} Bryghus", "{G} Bryggeri"]),
    t("222900", 4, Industrial, Large, &["{P} Plast", "{S} Plastindustri"]),
    t("236100", 3, Industrial, Large, &["{P} Betonvarefabrik", "{S} Beton"]),
    t("331200", 8, Industrial, General, &["{S} Maskinservice", "{P} Industriservice"]),
    t("332000", 4, Industrial, General, &["{S} Industrimontage", "{P} Automation"]),
    t("329900", 5, Industrial, General, &["{S} Produktion", "{P} Industri"]),
    t("259900", 4, Industrial, Large, &["{P} Metalvarefabrik", "{S} Metal"]),
    t("271200", 2, Industrial, Large, &["{P} Tavlebyg", "{S} Elektronik"]),
    t("281200", 1, Industrial, Large, &["{P} Hydraulik"]),
    t("292000", 2, Industrial, Large, &["{P} Trailer", "{S} Karosseribyg"]),
    t("325000", 2, Centre, Small, &["{P} Dentallaboratorium", "{S} Tandteknik"]),
    t("108200", 1, Centre, Small, &["{P} Chokolade", "{Fg} Chokolade~"]),
    t("321200", 1, Centre, Small, &["{Fg} Smykker~", "{S} Guldsmedie"]),
];

#[rustfmt::skip]
const UTILITIES_WATER: &[Trade] = &[
    t("381100", 3, Industrial, General, &["{P} Renovation", "{S} Affaldsservice"]),
    t("383200", 3, Industrial, General, &["{P} Genbrug og Metal", "{S} Produkthandel"]),
    t("360000", 4, Rural, Owner, &["{L} Vandværk!", "{L} Vandværk A.m.b.a.!"]),
    t("370000", 1, Industrial, General, &["{P} Spildevand"]),
];

#[rustfmt::skip]
const ENERGY: &[Trade] = &[
    t("353000", 5, Anywhere, General, &["{L} Fjernvarme!", "{L} Varmeværk!"]),
    t("351100", 4, Rural, Owner, &["{S} Vind", "{P} Solenergi", "{G} Vindmøllelaug I/S"]),
];

#[rustfmt::skip]
const MINING: &[Trade] = &[t("081200", 1, Rural, General, &["{P} Grusgrav", "{S} Grus og Sten"])];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::industries;

    #[test]
    fn section_shares_add_up_to_a_thousand() {
        assert_eq!(SECTIONS.iter().map(|s| u32::from(s.per_mille)).sum::<u32>(), 1000);
    }

    #[test]
    fn every_trade_is_a_real_db07_code_and_each_section_is_one_db07_section() {
        let codes = industries();
        let mut letters = Vec::new();
        for section in SECTIONS {
            let mut letter = None;
            for trade in section.trades {
                let code = codes.iter().find(|c| c.code == trade.code);
                let code = code.unwrap_or_else(|| panic!("{} is not a DB07 code", trade.code));
                assert_eq!(*letter.get_or_insert(code.section), code.section, "{}", trade.code);
                assert!(!trade.templates.is_empty() && trade.weight > 0, "{}", trade.code);
            }
            letters.push(letter.expect("sections have trades"));
        }
        let count = letters.len();
        letters.sort_unstable();
        letters.dedup();
        assert_eq!(letters.len(), count, "a DB07 section appears twice");
    }

    #[test]
    fn no_code_appears_twice() {
        let mut all: Vec<&str> = SECTIONS.iter().flat_map(|s| s.trades.iter().map(|t| t.code)).collect();
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count);
    }
}
