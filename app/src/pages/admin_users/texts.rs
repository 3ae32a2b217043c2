//! The accounts screens' texts: Danish (the default) and English side by side. They live in
//! the screens' chunk, so the field shell carries none of them.

use crate::i18n::{Lang, number};
use kontaktpunkt_domain::Role;
use kontaktpunkt_domain::accounts::{AccountError, AuditAction};

// rustfmt leaves macro tables alone: one text per line, however long.
crate::i18n::chunk_texts! {
    /// A text of the accounts screens.
    Views => "Administration", "Administration",
    UsersTitle => "Brugere", "Users",
    UsersIntro => "Opret brugere, skift rolle og enhed, deaktivér, sæt ny adgangskode og log ud på alle enheder. Ændringerne gælder med det samme og kræver net.", "Create users, change role and unit, deactivate, set a new password and end all sessions. Changes apply at once and need the network.",
    AuditTitle => "Revisionslog", "Audit log",
    NoSuchScreen => "Den side findes ikke i administrationen.", "There is no such page in the administration.",
    AuditIntro => "Hvem gjorde hvad og hvornår: logins, kontoændringer, frabedt kontakt, indlæsninger og GDPR-udtræk. Nyeste først. Et brugernavn finder både det, brugeren gjorde, og det, der blev gjort ved brugeren.", "Who did what and when: logins, account changes, do-not-contact, imports and GDPR exports. Newest first. A username finds both what the user did and what was done to the user.",
    AuditIntroCoordinator => "Loggens kontaktsager: frabedt kontakt sat og ophævet, udtræk og sletning af kontaktpersoner og aktindsigt. Nyeste først. Resten af loggen (logins, konti, enheder, indlæsninger) er administratorernes.", "The log's contact matters: do-not-contact set and lifted, contact persons exported and erased, and access-to-documents exports. Newest first. The rest of the log (logins, accounts, devices, imports) is the administrators'.",
    Username => "Brugernavn", "Username",
    Name => "Navn", "Name",
    Role => "Rolle", "Role",
    Unit => "Enhed", "Unit",
    Status => "Status", "Status",
    LastLogin => "Seneste login", "Last login",
    Sessions => "Aktive sessioner", "Active sessions",
    Actions => "Handlinger", "Actions",
    RoleConsultant => "Konsulent", "Consultant",
    RoleCoordinator => "Koordinator", "Coordinator",
    RoleAdmin => "Administrator", "Administrator",
    Active => "Aktiv", "Active",
    Inactive => "Deaktiveret", "Deactivated",
    Never => "Aldrig", "Never",
    NoUnit => "— ingen enhed —", "— no unit —",
    UnitRequiredHint => "Konsulenter og koordinatorer hører til en enhed.", "Consultants and coordinators belong to a unit.",
    NewUser => "Ny bruger", "New user",
    Password => "Adgangskode", "Password",
    PasswordHint => "Mindst 12 tegn. Giv brugeren den ad en sikker vej.", "At least 12 characters. Hand it to the user by a safe route.",
    Create => "Opret bruger", "Create user",
    Edit => "Ret", "Edit",
    Save => "Gem", "Save",
    Cancel => "Fortryd", "Cancel",
    Deactivate => "Deaktivér", "Deactivate",
    Reactivate => "Genaktivér", "Reactivate",
    NewPassword => "Ny adgangskode", "New password",
    SetPassword => "Sæt adgangskoden", "Set the password",
    Revoke => "Log ud overalt", "End all sessions",
    ConfirmDeactivate => "Deaktivér brugeren? Alle brugerens sessioner afsluttes med det samme, og brugeren kan hverken logge ind eller synkronisere, før kontoen genaktiveres.", "Deactivate the user? All the user's sessions end at once, and the user can neither log in nor sync until the account is reactivated.",
    ConfirmRevoke => "Afslut alle brugerens sessioner? Brugeren skal logge ind igen på alle enheder (fx en mistet telefon).", "End all the user's sessions? The user must log in again on every device (e.g. a lost phone).",
    ConfirmPassword => "Brugerens sessioner afsluttes, og den gamle adgangskode holder op med at virke.", "The user's sessions end, and the old password stops working.",
    YesDeactivate => "Ja, deaktivér", "Yes, deactivate",
    YesRevoke => "Ja, log ud overalt", "Yes, end all sessions",
    Working => "Gemmer …", "Saving …",
    Loading => "Henter …", "Loading …",
    UserCount => "brugere", "users",
    NotYou => "(dig)", "(you)",
    // What the server says about a field, in the admin's language.
    ErrUsernameLength => "Brugernavnet skal have mellem 2 og 100 tegn.", "The username needs 2 to 100 characters.",
    ErrUsernameCharacters => "Brugernavnet må kun rumme bogstaver, tal og . - _ @", "The username may hold letters, digits and . - _ @ only.",
    ErrDisplayName => "Skriv et navn (højst 200 tegn, uden linjeskift).", "Enter a name (at most 200 characters, no line breaks).",
    ErrPasswordShort => "Adgangskoden skal have mindst 12 tegn.", "The password needs at least 12 characters.",
    ErrPasswordLong => "Adgangskoden er for lang (højst 1024 byte).", "The password is too long (at most 1024 bytes).",
    ErrUnitRequired => "Konsulenter og koordinatorer skal høre til en enhed.", "Consultants and coordinators must belong to a unit.",
    ErrTaken => "Brugernavnet er allerede i brug.", "The username is already taken.",
    ErrNoSuchUnit => "Enheden findes ikke.", "No such unit.",
    ErrYourself => "Du kan ikke deaktivere dig selv.", "You cannot deactivate yourself.",
    ErrForm => "Brugeren blev ikke gemt — ret felterne markeret herunder.", "The user was not saved — correct the fields marked below.",
    ErrOffline => "Kræver forbindelse til serveren — prøv igen, når du er online.", "Needs a connection to the server — try again when you are online.",
    ErrSession => "Dit login er udløbet — log ind igen.", "Your login has expired — please log in again.",
    ErrServer => "Serveren svarede ikke som forventet — prøv igen om lidt.", "The server did not answer as expected — try again shortly.",
    LogInAgain => "Log ind igen", "Log in again",
    // The audit log.
    From => "Fra", "From",
    To => "Til", "To",
    Action => "Handling", "Action",
    AllActions => "Alle handlinger", "All actions",
    Search => "Søg", "Search",
    More => "Vis flere", "Show more",
    NoEntries => "Ingen hændelser passer til søgningen.", "No entries match the search.",
    When => "Tidspunkt", "Time",
    Actor => "Udført af", "By",
    Subject => "Gælder", "Concerns",
    Address => "Adresse", "Address",
    Details => "Detaljer", "Details",
    BadPeriod => "Vælg en periode, hvor 'fra' ligger før 'til'.", "Choose a period where 'from' is before 'to'.",
    LoginSucceeded => "Logget ind", "Logged in",
    LoginFailed => "Mislykket login", "Failed login",
    Logout => "Logget ud", "Logged out",
    UserCreated => "Bruger oprettet", "User created",
    UserUpdated => "Bruger ændret", "User changed",
    UserDeactivated => "Bruger deaktiveret", "User deactivated",
    UserReactivated => "Bruger genaktiveret", "User reactivated",
    PasswordReset => "Ny adgangskode sat", "Password set",
    SessionsRevoked => "Alle sessioner afsluttet", "All sessions ended",
    SessionEnded => "Session afsluttet", "Session ended",
    DoNotContactSet => "Frabedt kontakt registreret", "Do-not-contact set",
    DoNotContactLifted => "Frabedt kontakt ophævet", "Do-not-contact lifted",
    ImportApplied => "Register indlæst", "Register imported",
    ContactPersonExported => "Kontaktperson udtrukket", "Contact person exported",
    ContactPersonErased => "Kontaktperson slettet", "Contact person erased",
    ContactPersonsShown => "Kontaktpersoner vist", "Contact persons shown",
    AccessRequestExported => "Aktindsigt udtrukket", "Access request exported",
    DeviceRevoked => "Enhed spærret", "Device revoked",
}

/// A role's name.
pub fn role(role: Role) -> T {
    match role {
        Role::Consultant => T::RoleConsultant,
        Role::Coordinator => T::RoleCoordinator,
        Role::Admin => T::RoleAdmin,
    }
}

/// The roles in the order the selects offer them.
pub const ROLES: [Role; 3] = [Role::Consultant, Role::Coordinator, Role::Admin];

/// An audit action's name; a new action fails to compile here until it has one.
pub fn action(action: AuditAction) -> T {
    use AuditAction::*;
    match action {
        LoginSucceeded => T::LoginSucceeded,
        LoginFailed => T::LoginFailed,
        Logout => T::Logout,
        UserCreated => T::UserCreated,
        UserUpdated => T::UserUpdated,
        UserDeactivated => T::UserDeactivated,
        UserReactivated => T::UserReactivated,
        PasswordReset => T::PasswordReset,
        SessionsRevoked => T::SessionsRevoked,
        SessionEnded => T::SessionEnded,
        DoNotContactSet => T::DoNotContactSet,
        DoNotContactLifted => T::DoNotContactLifted,
        ImportApplied => T::ImportApplied,
        ContactPersonExported => T::ContactPersonExported,
        ContactPersonErased => T::ContactPersonErased,
        ContactPersonsShown => T::ContactPersonsShown,
        AccessRequestExported => T::AccessRequestExported,
        DeviceRevoked => T::DeviceRevoked,
    }
}

/// What the server said about a field (English, its `AccountError` texts and a few of its
/// own), in `lang`; a text this screen does not know is shown as the server wrote it.
pub fn field_problem(lang: Lang, problem: &str) -> String {
    use AccountError::*;
    let known = [
        (UsernameLength, T::ErrUsernameLength),
        (UsernameCharacters, T::ErrUsernameCharacters),
        (DisplayName, T::ErrDisplayName),
        (PasswordTooShort, T::ErrPasswordShort),
        (PasswordTooLong, T::ErrPasswordLong),
        (UnitRequired, T::ErrUnitRequired),
    ];
    let key = known.into_iter().find(|(error, _)| error.to_string() == problem).map(|(_, key)| key);
    let key = key.or(match problem {
        "already taken" => Some(T::ErrTaken),
        "no such unit" => Some(T::ErrNoSuchUnit),
        "you cannot deactivate yourself" => Some(T::ErrYourself),
        _ => None,
    });
    key.map_or_else(|| problem.to_owned(), |key| t(lang, key).to_owned())
}

pub use crate::i18n::side;

/// "Brugeren karen er oprettet."
pub fn created(lang: Lang, username: &str) -> String {
    match lang {
        Lang::Da => format!("Brugeren {username} er oprettet."),
        Lang::En => format!("The user {username} was created."),
    }
}

/// What a row's action did, for the screen reader and the eye.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Saved,
    Deactivated,
    Reactivated,
    /// A new password; this many sessions ended.
    Password(u64),
    /// This many sessions ended.
    Revoked(u64),
}

/// "karen er deaktiveret." / "Ny adgangskode til karen — 2 sessioner afsluttet."
pub fn done(lang: Lang, username: &str, done: Done) -> String {
    let sessions = |n: u64| match (lang, n) {
        (Lang::Da, 1) => "1 session afsluttet".to_owned(),
        (Lang::Da, n) => format!("{} sessioner afsluttet", number(lang, n)),
        (Lang::En, 1) => "1 session ended".to_owned(),
        (Lang::En, n) => format!("{} sessions ended", number(lang, n)),
    };
    match (lang, done) {
        (Lang::Da, Done::Saved) => format!("Ændringerne af {username} er gemt."),
        (Lang::En, Done::Saved) => format!("The changes to {username} are saved."),
        (Lang::Da, Done::Deactivated) => format!("{username} er deaktiveret."),
        (Lang::En, Done::Deactivated) => format!("{username} is deactivated."),
        (Lang::Da, Done::Reactivated) => format!("{username} er genaktiveret."),
        (Lang::En, Done::Reactivated) => format!("{username} is reactivated."),
        (Lang::Da, Done::Password(n)) => format!("Ny adgangskode til {username} — {}.", sessions(n)),
        (Lang::En, Done::Password(n)) => format!("New password for {username} — {}.", sessions(n)),
        (_, Done::Revoked(n)) => format!("{username}: {}.", sessions(n)),
    }
}

/// "1 hændelse vist" / "50 hændelser vist".
pub fn entries_shown(lang: Lang, n: usize) -> String {
    let count = number(lang, n as u64);
    match (lang, n) {
        (Lang::Da, 1) => "1 hændelse vist".to_owned(),
        (Lang::Da, _) => format!("{count} hændelser vist"),
        (Lang::En, 1) => "1 entry shown".to_owned(),
        (Lang::En, _) => format!("{count} entries shown"),
    }
}

/// "23.11.2025 kl. 14:05" / "23/11/2025 14:05", in the browser's time zone.
pub fn time(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    let d = js_sys::Date::new(&(at.timestamp_millis() as f64).into());
    let (day, month, year, h, m) =
        (d.get_date(), d.get_month() + 1, d.get_full_year(), d.get_hours(), d.get_minutes());
    match lang {
        Lang::Da => format!("{day}.{month}.{year} kl. {h:02}:{m:02}"),
        Lang::En => format!("{day}/{month}/{year} {h:02}:{m:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_servers_field_problems_read_in_the_admins_language() {
        let short = AccountError::PasswordTooShort.to_string();
        assert_eq!(field_problem(Lang::Da, &short), "Adgangskoden skal have mindst 12 tegn.");
        assert_eq!(field_problem(Lang::En, &short), "The password needs at least 12 characters.");
        assert_eq!(field_problem(Lang::Da, "already taken"), "Brugernavnet er allerede i brug.");
        assert_eq!(
            field_problem(Lang::Da, "you cannot deactivate yourself"),
            "Du kan ikke deaktivere dig selv."
        );
        assert_eq!(field_problem(Lang::Da, "something new"), "something new");
    }

    #[test]
    fn two_language_messages_are_split_at_the_slash() {
        let message = "Den sidste aktive administrator kan ikke deaktiveres. / The last active admin cannot be deactivated.";
        assert_eq!(side(Lang::Da, message), "Den sidste aktive administrator kan ikke deaktiveres.");
        assert_eq!(side(Lang::En, message), "The last active admin cannot be deactivated.");
        assert_eq!(side(Lang::En, "storage failed"), "storage failed");
    }

    #[test]
    fn every_role_and_action_has_its_words() {
        assert_eq!(t(Lang::Da, role(Role::Coordinator)), "Koordinator");
        for a in AuditAction::ALL {
            assert!(!t(Lang::Da, action(a)).is_empty() && !t(Lang::En, action(a)).is_empty());
        }
        let labels: std::collections::HashSet<_> = AuditAction::ALL.iter().map(|a| action(*a)).collect();
        assert_eq!(labels.len(), AuditAction::ALL.len(), "no two actions share a label");
    }

    #[test]
    fn results_say_what_happened() {
        assert_eq!(
            done(Lang::Da, "karen", Done::Password(2)),
            "Ny adgangskode til karen — 2 sessioner afsluttet."
        );
        assert_eq!(done(Lang::En, "karen", Done::Revoked(1)), "karen: 1 session ended.");
        assert_eq!(created(Lang::Da, "karen"), "Brugeren karen er oprettet.");
        assert_eq!(entries_shown(Lang::Da, 1), "1 hændelse vist");
        assert_eq!(entries_shown(Lang::En, 1200), "1,200 entries shown");
    }
}
