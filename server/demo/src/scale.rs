//! How big a municipality the demo makes: the default Randers, or a larger municipality for
//! benchmarks of the coordinator's desk (20,000 companies, about 200,000 contacts).

use crate::org::UnitKind;

/// The size of the demo municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DemoSize {
    /// Randers as the demo has always been: 8,000 companies, about 10,000 contacts in four
    /// years. Tests compute their expectations from it.
    #[default]
    Standard,
    /// A large municipality: 20,000 companies, about 200,000 contacts in the same four years,
    /// more consultants, and the same situations (parallel contacts, forgotten companies,
    /// do-not-contact requests, feedback) in like proportions.
    Large,
}

impl DemoSize {
    /// The size's name on the command line (`standard`, `large`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Large => "large",
        }
    }

    /// The size named `name` (`standard` or `large`, any case).
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "standard" => Some(Self::Standard),
            "large" => Some(Self::Large),
            _ => None,
        }
    }

    pub(crate) fn scale(self) -> Scale {
        match self {
            Self::Standard => Scale {
                companies: 8000,
                portfolio: 1.0,
                yearly: 1.0,
                lapsed: 1.0,
                stale_companies: 700,
                parallel_episodes: 130,
                earlier_years: None,
                do_not_contact: 12,
                extra_consultants: &[],
            },
            Self::Large => Scale {
                companies: 20_000,
                // Four times the relations over two and a half times the companies: a larger
                // share of a big town's companies works with the municipality.
                portfolio: 4.0,
                yearly: 7.75,
                lapsed: 2.5,
                stale_companies: 1750,
                parallel_episodes: 325,
                earlier_years: Some(EarlierYears { second: 0.95, older: 0.9 }),
                do_not_contact: 30,
                extra_consultants: &[
                    (UnitKind::Jobcenter, 16),
                    (UnitKind::Erhverv, 10),
                    (UnitKind::Ungeindsatsen, 6),
                    (UnitKind::Skoleomraadet, 5),
                    (UnitKind::BoernOgFamilie, 3),
                ],
            },
        }
    }
}

/// The numbers behind a [`DemoSize`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    /// Companies in the register.
    pub companies: usize,
    /// Multiplies each unit's number of companies it works with.
    pub portfolio: f64,
    /// Multiplies each unit's contacts in the last year.
    pub yearly: f64,
    /// Multiplies each unit's relations that ended one to two years ago.
    pub lapsed: f64,
    /// Companies whose contacts all lie two to four years back.
    pub stale_companies: usize,
    /// Companies that get contacts from two or three units within one month.
    pub parallel_episodes: usize,
    /// Whether the years before the last were about as busy as the last one.
    pub earlier_years: Option<EarlierYears>,
    /// Companies that asked not to be contacted.
    pub do_not_contact: usize,
    /// Consultants beyond the demo's fixed people, per unit.
    pub extra_consultants: &'static [(UnitKind, usize)],
}

impl Scale {
    /// `count` multiplied by `factor`, rounded.
    pub fn times(count: usize, factor: f64) -> usize {
        (count as f64 * factor).round() as usize
    }
}

/// For each of the last year's contacts, the chance of a like contact (same unit, same
/// company) in the year before, and in each of the two years before that.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EarlierYears {
    pub second: f64,
    pub older: f64,
}
