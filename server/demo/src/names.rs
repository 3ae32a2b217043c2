//! Danish words companies are named from, and the small template language that joins them.
//!
//! A template such as `"{S} Tømrer- og Snedkerforretning"` or `"{Fg} Frisørsalon~"` names a
//! company; the trade table (`trades.rs`) holds the templates, this module fills them in.

use crate::pick::{Cumulative, DemoRng, one};
use rand::Rng;
use std::sync::OnceLock;

/// Common Danish surnames, the most common first (they are drawn with a falling weight).
#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen",
    "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Olesen", "Frederiksen",
    "Laursen", "Henriksen", "Lund", "Holm", "Schmidt", "Eriksen", "Kristiansen", "Clausen", "Simonsen",
    "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Mogensen", "Vestergaard", "Nissen", "Lauridsen",
    "Jessen", "Kjær", "Søndergaard", "Bertelsen", "Dam", "Bach", "Overgaard", "Damgaard", "Krogh", "Bak",
    "Kjeldsen", "Munk", "Nørgaard", "Toft", "Bisgaard", "Skov", "Juhl", "Brøndum", "Gregersen", "Thygesen",
    "Villadsen", "Riis", "Winther", "Mathiasen", "Lassen", "Ravn", "Kirkegaard", "Steffensen", "Høgh",
    "Bruun", "Hedegaard", "Fisker", "Kragh", "Ebbesen",
];

/// Common Danish first names of both sexes.
#[rustfmt::skip]
pub const FIRST_NAMES: &[&str] = &[
    "Mette", "Anne", "Hanne", "Susanne", "Lone", "Pia", "Helle", "Tina", "Camilla", "Louise", "Maria",
    "Charlotte", "Lene", "Karina", "Malene", "Sanne", "Rikke", "Line", "Julie", "Sofie", "Birgitte",
    "Dorte", "Trine", "Gitte", "Peter", "Lars", "Jens", "Søren", "Henrik", "Thomas", "Michael", "Martin",
    "Jan", "Morten", "Anders", "Rasmus", "Jesper", "Niels", "Kim", "Per", "Ole", "Mads", "Kasper",
    "Christian", "Bo", "Torben", "Jakob", "Mikkel", "Poul", "Flemming", "Brian", "Carsten",
];

/// Farm and estate names, also used for homes, clubs and institutions in the countryside.
#[rustfmt::skip]
pub const FARMS: &[&str] = &[
    "Østergaard", "Vestergaard", "Nørregaard", "Søndergaard", "Bakkegaard", "Skovgaard", "Lundgaard",
    "Højgaard", "Kildegaard", "Toftegaard", "Møllegaard", "Engholm", "Egebjerg", "Bøgelund", "Birkelund",
    "Lindegaard", "Mosegaard", "Kærgaard", "Bredkær", "Storgaarden", "Fuglsang", "Rosenlund", "Solbakken",
    "Ellehøj", "Hedegaard", "Bækgaard", "Ålykke", "Stensbjerg", "Overgaard", "Nedergaard", "Enggaard",
    "Holmgaard", "Skovlund", "Vibæk", "Ravnholt", "Lyngbakken", "Tjørnelund", "Hvidegaard", "Agerholm",
    "Grønnegaard",
];

/// Places of the wider Randers area used as a prefix in names ("Kronjyllands Rengøring").
pub const REGION_PREFIXES: &[&str] =
    &["Randers", "Gudenå", "Kronjyllands", "Randers Fjord", "Gudenaa", "Østjysk", "Midtjysk", "Jysk"];

/// Names of restaurants and cafés.
#[rustfmt::skip]
pub const RESTAURANTS: &[&str] = &[
    "Tante Olga", "Kokkeriet", "Bryggen", "Havnen", "Bøfhuset", "Den Gyldne Hane", "Vinkælderen",
    "Salt & Peber", "Bella Vista", "Strandkanten", "Pakhuset", "Kornkammeret", "Jernbanen", "Postgården",
    "Den Grønne Gren", "Kødkælderen", "Spisestuen", "Cosy", "Lille Paris", "Mokka",
];

/// Names Danish pizzerias like.
#[rustfmt::skip]
pub const ITALIAN: &[&str] = &[
    "Roma", "Napoli", "Milano", "Bella Italia", "La Piazza", "Venezia", "Mamma Mia", "Capri", "Toscana",
    "Sicilia", "Da Mario", "Il Forno",
];

/// Legal-form suffixes a template may already carry.
const LEGAL_SUFFIXES: &[&str] = &["ApS", "A/S", "I/S", "IVS", "K/S", "P/S"];

/// Everything a template can refer to, drawn once per company.
#[derive(Debug, Clone)]
pub struct NameParts {
    pub surname: &'static str,
    pub other_surname: &'static str,
    pub first_name: &'static str,
    /// Street name without number, from the company's own address.
    pub street: String,
    /// Street and house number, from the company's own address.
    pub address: String,
    /// The town or village the company lies in ("Langå", "Assentoft").
    pub local: &'static str,
    /// Name prefix: mostly the local place, sometimes a regional one ("Gudenå").
    pub prefix: &'static str,
    pub farm: &'static str,
    pub restaurant: &'static str,
    pub italian: &'static str,
    /// Two or three capitals ("JKN").
    pub initials: String,
}

impl NameParts {
    /// Draws the parts for a company at `street`/`address` in `local`.
    pub fn draw(rng: &mut DemoRng, street: &str, address: &str, local: &'static str) -> Self {
        let surname = surname(rng);
        let mut other_surname = surname;
        while other_surname == surname {
            other_surname = self::surname(rng);
        }
        let prefix = if rng.random_bool(0.6) { local } else { one(rng, REGION_PREFIXES) };
        let letters = rng.random_range(2..=3);
        let initials = (0..letters).map(|_| char::from(b'A' + rng.random_range(0..26u8))).collect();
        Self {
            surname,
            other_surname,
            first_name: one(rng, FIRST_NAMES),
            street: street.to_owned(),
            address: address.to_owned(),
            local,
            prefix,
            farm: one(rng, FARMS),
            restaurant: one(rng, RESTAURANTS),
            italian: one(rng, ITALIAN),
            initials,
        }
    }
}

/// A surname, the common ones far more often (Jensen is ~30× as common as the 60th name).
pub fn surname(rng: &mut DemoRng) -> &'static str {
    // Computed once: this is called tens of thousands of times per municipality.
    static WEIGHTS: OnceLock<Cumulative> = OnceLock::new();
    let weights = WEIGHTS.get_or_init(|| {
        Cumulative::new(&(0..SURNAMES.len()).map(|i| 1.0 / (i as f64 + 3.0)).collect::<Vec<_>>())
    });
    SURNAMES[weights.draw(rng)]
}

/// Danish genitive: "Mette" → "Mettes", "Lars" → "Lars'".
pub fn genitive(name: &str) -> String {
    if name.ends_with(['s', 'x', 'z']) { format!("{name}'") } else { format!("{name}s") }
}

/// How a rendered template wants its legal form chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suffix {
    /// By size: the template ended in neither `!` nor `~` and carried no form itself.
    BySize,
    /// A person's own business (template ended in `~`): mostly without a form.
    Personal,
    /// Never a form: associations and sole traders named by their title (`!`).
    Never,
    /// The template carried this form itself ("{S} Holding ApS"); it is cut off the name.
    Fixed(&'static str),
}

impl Suffix {
    /// Whether the name is a person's own ("Mettes Frisørsalon", "Murermester Jens Holm"),
    /// which does not fit a company with many employees.
    pub fn is_personal(template: &str) -> bool {
        template.ends_with('~') || template.contains("{F} {S}!")
    }
}

/// Fills in a template; unknown placeholders are kept verbatim so a typo is visible.
/// A legal form at the end of the template is returned apart from the name.
pub fn render(template: &str, parts: &NameParts) -> (String, Suffix) {
    let (body, mut suffix) = match template.strip_suffix('!') {
        Some(body) => (body, Suffix::Never),
        None => match template.strip_suffix('~') {
            Some(body) => (body, Suffix::Personal),
            None => (template, Suffix::BySize),
        },
    };
    let mut out = String::with_capacity(body.len() + 16);
    let mut rest = body;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else { break };
        let key = &rest[start + 1..start + len];
        match key {
            "S" => out.push_str(parts.surname),
            "Sg" => out.push_str(&genitive(parts.surname)),
            "S2" => out.push_str(parts.other_surname),
            "F" => out.push_str(parts.first_name),
            "Fg" => out.push_str(&genitive(parts.first_name)),
            "I" => out.extend(parts.first_name.chars().take(1)),
            "Ini" => out.push_str(&parts.initials),
            "St" => out.push_str(&parts.street),
            "Addr" => out.push_str(&parts.address),
            "L" => out.push_str(parts.local),
            "P" => out.push_str(parts.prefix),
            "G" => out.push_str(parts.farm),
            "R" => out.push_str(parts.restaurant),
            "It" => out.push_str(parts.italian),
            _ => out.push_str(&rest[start..=start + len]),
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    if let Some((body, form)) = out.rsplit_once(' ')
        && let Some(form) = LEGAL_SUFFIXES.iter().find(|s| **s == form)
    {
        out.truncate(body.len());
        suffix = Suffix::Fixed(form);
    }
    (out, suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pick::stream;

    fn parts() -> NameParts {
        NameParts {
            surname: "Jensen",
            other_surname: "Kristensen",
            first_name: "Mette",
            street: "Vestergade".into(),
            address: "Vestergade 12".into(),
            local: "Langå",
            prefix: "Gudenå",
            farm: "Østergaard",
            restaurant: "Bryggen",
            italian: "Roma",
            initials: "HN".into(),
        }
    }

    #[test]
    fn templates_fill_in_every_placeholder() {
        let (name, suffix) = render("{S} & {S2} Advokatfirma", &parts());
        assert_eq!((name.as_str(), suffix), ("Jensen & Kristensen Advokatfirma", Suffix::BySize));
        assert_eq!(render("{Fg} Frisørsalon~", &parts()), ("Mettes Frisørsalon".into(), Suffix::Personal));
        assert_eq!(render("Bageriet {St}!", &parts()), ("Bageriet Vestergade".into(), Suffix::Never));
        assert_eq!(
            render("{I}. {S} Holding ApS", &parts()),
            ("M. Jensen Holding".into(), Suffix::Fixed("ApS"))
        );
        assert_eq!(render("{L} Tandlægeklinik I/S", &parts()).0, "Langå Tandlægeklinik");
        assert_eq!(render("{P} VVS", &parts()).0, "Gudenå VVS");
        assert_eq!(
            render("{Ini} {Addr} {G} {R} {It}", &parts()).0,
            "HN Vestergade 12 Østergaard Bryggen Roma"
        );
    }

    #[test]
    fn personal_templates_are_recognised() {
        assert!(Suffix::is_personal("{Fg} Frisørsalon~"));
        assert!(Suffix::is_personal("Murermester {F} {S}!"));
        assert!(!Suffix::is_personal("{L} Idrætsforening!"));
        assert!(!Suffix::is_personal("{S} VVS"));
    }

    #[test]
    fn unknown_placeholders_stay_visible() {
        assert_eq!(render("{Nope} VVS", &parts()).0, "{Nope} VVS");
    }

    #[test]
    fn genitive_follows_danish_spelling() {
        assert_eq!(genitive("Mette"), "Mettes");
        assert_eq!(genitive("Lars"), "Lars'");
        assert_eq!(genitive("Jensen"), "Jensens");
    }

    #[test]
    fn common_surnames_are_drawn_more_often() {
        let mut rng = stream(5, 1);
        let drawn: Vec<&str> = (0..5000).map(|_| surname(&mut rng)).collect();
        let jensen = drawn.iter().filter(|s| **s == "Jensen").count();
        let ebbesen = drawn.iter().filter(|s| **s == "Ebbesen").count();
        assert!(jensen > 5 * ebbesen.max(1), "Jensen {jensen}, Ebbesen {ebbesen}");
    }
}
