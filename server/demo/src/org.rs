//! The demo organisation: five units and their people. Independent of the seed, so the demo
//! logins and their ids stay the same whatever municipality is generated.

use crate::names::{FIRST_NAMES, SURNAMES};
use kontaktpunkt_domain::{Role, Unit, User};
use uuid::{Builder, Uuid};

/// 2024-01-01T00:00:00Z: the "creation time" inside the fixed ids.
const ORG_EPOCH_MILLIS: u64 = 1_704_067_200_000;

/// The units that contact companies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnitKind {
    Erhverv,
    Jobcenter,
    Ungeindsatsen,
    BoernOgFamilie,
    Skoleomraadet,
}

impl UnitKind {
    pub const ALL: [Self; 5] =
        [Self::Erhverv, Self::Jobcenter, Self::Ungeindsatsen, Self::BoernOgFamilie, Self::Skoleomraadet];

    pub fn name(self) -> &'static str {
        match self {
            Self::Erhverv => "Erhverv",
            Self::Jobcenter => "Jobcenter Virksomhedsservice",
            Self::Ungeindsatsen => "Ungeindsatsen",
            Self::BoernOgFamilie => "Børn og Familie",
            Self::Skoleomraadet => "Skoleområdet",
        }
    }

    pub fn id(self) -> Uuid {
        fixed_id(1, self as u8)
    }
}

/// (username, display name, role, unit). Usernames are lowercase ASCII.
const PEOPLE: &[(&str, &str, Role, Option<UnitKind>)] = &[
    ("konsulent", "Karen Konsulent", Role::Consultant, Some(UnitKind::Erhverv)),
    ("koordinator", "Kim Koordinator", Role::Coordinator, Some(UnitKind::Erhverv)),
    ("admin", "Anna Admin", Role::Admin, None),
    ("mette.jensen", "Mette Jensen", Role::Consultant, Some(UnitKind::Erhverv)),
    ("lars.kristensen", "Lars Kristensen", Role::Consultant, Some(UnitKind::Erhverv)),
    ("sofie.holm", "Sofie Holm", Role::Consultant, Some(UnitKind::Erhverv)),
    ("henrik.madsen", "Henrik Madsen", Role::Consultant, Some(UnitKind::Jobcenter)),
    ("camilla.thomsen", "Camilla Thomsen", Role::Consultant, Some(UnitKind::Jobcenter)),
    ("jesper.laursen", "Jesper Laursen", Role::Consultant, Some(UnitKind::Jobcenter)),
    ("julie.nielsen", "Julie Nielsen", Role::Consultant, Some(UnitKind::Ungeindsatsen)),
    ("rasmus.poulsen", "Rasmus Poulsen", Role::Consultant, Some(UnitKind::Ungeindsatsen)),
    ("hanne.larsen", "Hanne Larsen", Role::Consultant, Some(UnitKind::BoernOgFamilie)),
    ("mikkel.bach", "Mikkel Bach", Role::Consultant, Some(UnitKind::BoernOgFamilie)),
    ("trine.mortensen", "Trine Mortensen", Role::Consultant, Some(UnitKind::Skoleomraadet)),
    ("anders.olesen", "Anders Olesen", Role::Consultant, Some(UnitKind::Skoleomraadet)),
];

/// A UUIDv7 that never changes: fixed time, the kind of record and its number as "random" bits.
fn fixed_id(kind: u8, number: u8) -> Uuid {
    let mut bytes = [0u8; 10];
    bytes[..4].copy_from_slice(b"demo");
    bytes[4] = kind;
    bytes[5] = number;
    Builder::from_unix_timestamp_millis(ORG_EPOCH_MILLIS, &bytes).into_uuid()
}

/// All units.
pub fn units() -> Vec<Unit> {
    UnitKind::ALL.iter().map(|u| Unit { id: u.id(), name: u.name().to_owned(), liaison: None }).collect()
}

/// All users, demo logins first, then `extra` more consultants per unit (a larger
/// municipality's staff), named from common Danish names and numbered after the fixed people.
pub fn users_with(extra: &[(UnitKind, usize)]) -> Vec<User> {
    let mut users: Vec<User> = PEOPLE
        .iter()
        .zip(0u8..)
        .map(|((username, display_name, role, unit), number)| User {
            id: fixed_id(2, number),
            username: (*username).to_owned(),
            display_name: (*display_name).to_owned(),
            role: *role,
            unit_id: unit.map(UnitKind::id),
        })
        .collect();
    let units = extra.iter().flat_map(|(unit, count)| std::iter::repeat_n(*unit, *count));
    for (i, unit) in units.enumerate() {
        let Ok(number) = u8::try_from(PEOPLE.len() + i) else {
            break; // Ids have room for 256 people; no size asks for more.
        };
        // Steps coprime to the list lengths: no first name repeats among the first 52.
        let first = FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.len()];
        let last = SURNAMES[(i * 11 + 20) % SURNAMES.len()];
        users.push(User {
            id: fixed_id(2, number),
            username: format!("{}.{}", ascii_login(first), ascii_login(last)),
            display_name: format!("{first} {last}"),
            role: Role::Consultant,
            unit_id: Some(unit.id()),
        });
    }
    users
}

/// A name as lowercase ASCII for a username: æ, ø and å spelled ae, oe and aa.
fn ascii_login(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .flat_map(|c| match c {
            'æ' => "ae".chars().collect::<Vec<_>>(),
            'ø' => "oe".chars().collect(),
            'å' => "aa".chars().collect(),
            'é' => vec!['e'],
            c if c.is_ascii_lowercase() => vec![c],
            _ => vec![],
        })
        .collect()
}

/// The consultants who log contacts for `unit`.
pub fn consultants(users: &[User], unit: UnitKind) -> Vec<Uuid> {
    users
        .iter()
        .filter(|u| u.role == Role::Consultant && u.unit_id == Some(unit.id()))
        .map(|u| u.id)
        .collect()
}

/// The coordinator, who keeps the do-not-contact list.
pub fn coordinator(users: &[User]) -> Option<Uuid> {
    users.iter().find(|u| u.role == Role::Coordinator).map(|u| u.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_version_7_uuids() {
        let mut ids: Vec<Uuid> =
            units().iter().map(|u| u.id).chain(users_with(&[]).iter().map(|u| u.id)).collect();
        assert!(ids.iter().all(|id| id.get_version_num() == 7));
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count);
    }

    #[test]
    fn usernames_are_lowercase_ascii_and_unique() {
        let extra = [(UnitKind::Jobcenter, 30), (UnitKind::Skoleomraadet, 22)];
        let mut names: Vec<String> = users_with(&extra).into_iter().map(|u| u.username).collect();
        assert_eq!(names.len(), PEOPLE.len() + 52);
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_lowercase() || b == b'.')));
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count);
    }

    #[test]
    fn every_unit_has_consultants() {
        let users = users_with(&[]);
        for unit in UnitKind::ALL {
            assert!(consultants(&users, unit).len() >= 2, "{}", unit.name());
        }
    }
}
