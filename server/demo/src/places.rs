//! Where the demo companies lie: Randers' real postal codes, and street names that fit them.

use crate::pick::{DemoRng, one, weighted_index};
use crate::reference::PostalTown;
use rand::Rng;

/// What kind of street a trade usually sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// Shops and clinics: the town centre and the main roads.
    Centre,
    /// Workshops, factories, haulage: the industrial estates.
    Industrial,
    /// Farms: the country roads around the villages.
    Rural,
    /// Consultants, holding companies, sole traders: often the owner's home.
    Anywhere,
}

/// One postal area of the municipality.
struct Area {
    postal_code: &'static str,
    /// Share of town-based companies.
    weight: f64,
    /// Share of farms.
    rural_weight: f64,
    /// Places inside the area a company may be named after.
    locals: &'static [&'static str],
    streets: &'static [&'static str],
    industrial: &'static [&'static str],
}

#[rustfmt::skip]
const RESIDENTIAL: &[&str] = &[
    "Skovvej", "Bakkevej", "Engvej", "Lindevej", "Birkevej", "Ahornvej", "Rosenvænget", "Kastanievej",
    "Egevej", "Mågevej", "Svalevej", "Violvej", "Tulipanvej", "Fasanvej", "Bøgevej", "Granvej", "Solvænget",
    "Hyldevej", "Kløvervej", "Lærkevej",
];

#[rustfmt::skip]
const RURAL_ROADS: &[&str] = &[
    "Hvidstenvej", "Tvedvej", "Harridslevvej", "Romalt Bygade", "Helstedvej", "Ålumvej", "Kærbyvej",
    "Lindbjergvej", "Tånumvej", "Fårupvej", "Gjerlevvej", "Albækvej", "Uggelhuse Bygade", "Mejlbyvej",
    "Øster Tørslevvej", "Dalbyovervej", "Borupvej", "Kastbjergvej", "Bjerregravvej", "Nørbækvej",
    "Stevnstrupvej", "Vesterbækvej", "Hornbæk Skovvej", "Gassumvej",
];

const AREAS: &[Area] = &[
    Area {
        postal_code: "8900",
        weight: 24.0,
        rural_weight: 0.0,
        locals: &["Randers"],
        streets: &[
            "Vestergade",
            "Østervold",
            "Brødregade",
            "Houmeden",
            "Middelgade",
            "Storegade",
            "Rådhustorvet",
            "Nørregade",
            "Søndergade",
            "Torvegade",
            "Slotsgade",
            "Kirkegade",
            "Store Voldgade",
            "Jernbanegade",
            "Dytmærsken",
            "Lille Voldgade",
            "Vestervold",
            "Nørrebrogade",
            "Østergrave",
            "Provstegade",
            "Tørvebryggen",
            "Kirkebakken",
        ],
        industrial: &["Toldbodgade", "Havnevej", "Tøjhushaven", "Strandgade"],
    },
    Area {
        postal_code: "8920",
        weight: 15.0,
        rural_weight: 3.0,
        locals: &["Randers", "Hornbæk", "Dronningborg", "Nørbæk"],
        streets: &["Hobrovej", "Viborgvej", "Hornbækvej", "Dronningborg Boulevard", "Toldbodgade"],
        industrial: &["Glarmestervej", "Messingvej", "Mekanikervej", "Smedevej", "Montagevej", "Tømrervej"],
    },
    Area {
        postal_code: "8930",
        weight: 14.0,
        rural_weight: 4.0,
        locals: &["Randers", "Mellerup", "Harridslev", "Tirsdal"],
        streets: &["Grenåvej", "Mariagervej", "Hadsundvej", "Tirsdalsvej", "Mellerupvej", "Paderupvej"],
        industrial: &["Industrivej", "Nyholmsvej", "Kærvej", "Værkmestervej"],
    },
    Area {
        postal_code: "8940",
        weight: 12.0,
        rural_weight: 3.0,
        locals: &["Randers", "Vorup", "Hald Ege"],
        streets: &["Langåvej", "Vorupvej", "Vorup Boulevard", "Hvidemøllevej", "Viborgvej"],
        industrial: &["Industrivej", "Hedevej", "Møllevangen"],
    },
    Area {
        postal_code: "8960",
        weight: 17.0,
        rural_weight: 4.0,
        locals: &["Randers", "Kristrup", "Assentoft", "Romalt"],
        streets: &["Århusvej", "Kristrupvej", "Assentoftvej", "Romaltvej", "Hadstenvej", "Strømmen"],
        industrial: &["Tronholmen", "Blommevej", "Industrivej", "Strømmen", "Kristrupvej"],
    },
    Area {
        postal_code: "8870",
        weight: 5.0,
        rural_weight: 8.0,
        locals: &["Langå", "Stevnstrup", "Bjerregrav"],
        streets: &["Bredgade", "Stationsvej", "Gudenåvej", "Vestergade", "Randersvej", "Skolevej"],
        industrial: &["Industrivej", "Bjerregravvej"],
    },
    Area {
        postal_code: "8970",
        weight: 2.0,
        rural_weight: 8.0,
        locals: &["Havndal", "Udbyhøj", "Dalbyover"],
        streets: &["Hovedgaden", "Udbyhøjvej", "Kirkevej", "Dalbyovervej"],
        industrial: &["Industrivej"],
    },
    Area {
        postal_code: "8981",
        weight: 3.0,
        rural_weight: 8.0,
        locals: &["Spentrup", "Tånum"],
        streets: &["Bygaden", "Skolegade", "Mariagervej", "Tånumvej"],
        industrial: &["Industrivej"],
    },
    Area {
        postal_code: "8983",
        weight: 2.0,
        rural_weight: 7.0,
        locals: &["Gjerlev", "Enslev"],
        streets: &["Gjerlevvej", "Bygaden", "Enslevvej"],
        industrial: &["Værkstedsvej"],
    },
    Area {
        postal_code: "8990",
        weight: 2.0,
        rural_weight: 7.0,
        locals: &["Fårup", "Asferg"],
        streets: &["Hobrovej", "Asfergvej", "Fårup Bygade", "Skovvej"],
        industrial: &["Industrivej"],
    },
    Area {
        postal_code: "8860",
        weight: 2.0,
        rural_weight: 6.0,
        locals: &["Ulstrup", "Bjerregrav"],
        streets: &["Ulstrup Hovedgade", "Bjerregravvej", "Vestergade"],
        industrial: &["Industrivej"],
    },
    Area {
        postal_code: "9550",
        weight: 2.0,
        rural_weight: 6.0,
        locals: &["Hvidsten", "Mariager"],
        streets: &["Hvidstenvej", "Hobrovej", "Kirkevej"],
        industrial: &["Industrivej"],
    },
];

/// A drawn address, with what a name may borrow from it.
#[derive(Debug, Clone)]
pub struct Location {
    /// Street line as the register writes it ("Vestergade 12, 1. th").
    pub street_line: String,
    /// Street name alone ("Vestergade").
    pub street: &'static str,
    /// Street and number ("Vestergade 12").
    pub street_and_number: String,
    pub postal_code: String,
    pub town: String,
    /// Town or village to name the company after.
    pub local: &'static str,
}

/// The municipality's areas that exist in the postal register, ready to draw addresses from.
pub struct Places<'a> {
    known: Vec<(&'static Area, &'a PostalTown)>,
}

impl<'a> Places<'a> {
    /// Keeps only areas whose postal code is in `towns` (the real register list), so no
    /// other postal code is ever used.
    pub fn new(towns: &'a [PostalTown]) -> Self {
        let known = AREAS
            .iter()
            .filter_map(|area| towns.iter().find(|t| t.postal_code == area.postal_code).map(|t| (area, t)))
            .collect();
        Self { known }
    }

    /// Draws an address for a company of the given setting; `None` when no area is known.
    pub fn draw(&self, rng: &mut DemoRng, setting: Setting) -> Option<Location> {
        let weights: Vec<f64> = self
            .known
            .iter()
            .map(|(area, _)| match setting {
                Setting::Rural => area.rural_weight,
                // Shops cluster in the city centre.
                Setting::Centre if area.postal_code == "8900" => area.weight * 2.0,
                _ => area.weight,
            })
            .collect();
        let (area, town) = self.known.get(weighted_index(rng, &weights))?;
        Some(address_in(rng, area, town, setting))
    }
}

fn address_in(rng: &mut DemoRng, area: &Area, town: &PostalTown, setting: Setting) -> Location {
    let village = area.rural_weight > area.weight;
    let street = match setting {
        Setting::Rural => one(rng, RURAL_ROADS),
        Setting::Industrial => one(rng, area.industrial),
        Setting::Centre => one(rng, area.streets),
        Setting::Anywhere if village || rng.random_bool(0.5) => one(rng, area.streets),
        Setting::Anywhere => one(rng, RESIDENTIAL),
    };
    let number = match setting {
        Setting::Rural => rng.random_range(1..=140),
        Setting::Industrial => rng.random_range(1..=60),
        _ => rng.random_range(1..=48),
    };
    let letter = if rng.random_bool(0.07) { one(rng, &["A", "B", "C"]) } else { "" };
    let street_and_number = format!("{street} {number}{letter}");
    let floor = if setting != Setting::Rural && area.postal_code == "8900" && rng.random_bool(0.3) {
        one(rng, &[", st.", ", 1.", ", 1. th", ", 1. tv", ", 2. th", ", 2. tv", ", 3.", ", 1. sal"])
    } else {
        ""
    };
    Location {
        street_line: format!("{street_and_number}{floor}"),
        street,
        street_and_number,
        postal_code: town.postal_code.clone(),
        town: town.town.clone(),
        local: one(rng, area.locals),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pick::stream;
    use crate::reference::postal_towns;

    #[test]
    fn every_area_is_a_real_randers_postal_code() {
        let towns = postal_towns(730);
        for area in AREAS {
            assert!(towns.iter().any(|t| t.postal_code == area.postal_code), "{}", area.postal_code);
        }
    }

    #[test]
    fn farms_lie_outside_the_city_centre_and_shops_mostly_in_it() {
        let towns = postal_towns(730);
        let places = Places::new(&towns);
        let mut rng = stream(9, 1);
        for _ in 0..500 {
            let farm = places.draw(&mut rng, Setting::Rural).expect("areas exist");
            assert_ne!(farm.postal_code, "8900");
        }
        let central = (0..1000)
            .filter_map(|_| places.draw(&mut rng, Setting::Centre))
            .filter(|l| l.postal_code == "8900")
            .count();
        assert!(central > 300, "{central}");
    }

    #[test]
    fn no_location_without_postal_towns() {
        assert!(Places::new(&[]).draw(&mut stream(1, 1), Setting::Centre).is_none());
    }
}
