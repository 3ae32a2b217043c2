//! Every text the UI shows, in Danish (the default) and English.
//!
//! Views never hold literal text: they ask for a [`Key`] (or one of the formatting helpers
//! below) in the current [`Lang`].

use leptos::prelude::*;

/// localStorage key of the chosen language.
const STORAGE_KEY: &str = "kontaktpunkt.lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Da,
    En,
}

impl Lang {
    /// BCP 47 code, for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Da => "da",
            Self::En => "en",
        }
    }

    /// The language stored on this device, Danish if none.
    pub fn load() -> Self {
        use gloo_storage::Storage as _;
        match gloo_storage::LocalStorage::get::<String>(STORAGE_KEY).as_deref() {
            Ok("en") => Self::En,
            _ => Self::Da,
        }
    }

    pub fn save(self) {
        use gloo_storage::Storage as _;
        // Losing the preference (private mode, full quota) is harmless.
        let _ = gloo_storage::LocalStorage::set(STORAGE_KEY, self.code());
    }

    /// The other language, for the switch.
    pub fn other(self) -> Self {
        match self {
            Self::Da => Self::En,
            Self::En => Self::Da,
        }
    }
}

/// Declares [`Key`] and [`text`] from one table: each UI text's key, then its Danish and its
/// English wording, side by side.
macro_rules! texts {
    ($($(#[$doc:meta])* $key:ident => $da:expr, $en:expr;)*) => {
        /// A text of the UI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($(#[$doc])* $key,)*
        }

        /// The text of `key` in `lang`.
        pub fn text(lang: Lang, key: Key) -> &'static str {
            match lang {
                Lang::Da => match key {
                    $(Key::$key => $da,)*
                },
                Lang::En => match key {
                    $(Key::$key => $en,)*
                },
            }
        }
    };
}

/// Declares a screen's own text table — an enum `T` and its lookup `t(lang, key)` — from lines
/// `Key => "dansk", "English",`; for the lazily loaded screens, whose texts live in their chunk.
macro_rules! chunk_texts {
    ($(#[$doc:meta])* $($key:ident => $da:literal, $en:literal,)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T {
            $($key,)*
        }

        /// The text of `key` in `lang`.
        pub fn t(lang: $crate::i18n::Lang, key: T) -> &'static str {
            let (da, en) = match key {
                $(T::$key => ($da, $en),)*
            };
            match lang {
                $crate::i18n::Lang::Da => da,
                $crate::i18n::Lang::En => en,
            }
        }

        /// The text of `key` in the language chosen now (reactive), for a view.
        #[allow(dead_code)] // Not every chunk shows its texts through a closure.
        pub fn tr(
            i18n: $crate::i18n::I18n,
            key: T,
        ) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
            let lang = i18n.lang;
            move || t(::leptos::prelude::Get::get(&lang), key)
        }

        /// The text of `key` in both languages: for a message kept until shown, in whichever
        /// the user then picks.
        #[allow(dead_code)] // Not every chunk keeps messages.
        pub fn both(key: T) -> (String, String) {
            (t($crate::i18n::Lang::Da, key).to_owned(), t($crate::i18n::Lang::En, key).to_owned())
        }
    };
}
pub(crate) use chunk_texts;

#[rustfmt::skip]
texts! {
    AppName => "Kontaktpunkt", "Kontaktpunkt";
    Tagline => "Kommunens fælles overblik over kontakter til virksomheder", "The municipality's shared record of contacts with companies";
    LoginTitle => "Log ind", "Log in";
    Desk => "Overblik", "Desk";
    AdminUsers => "Brugere", "Users";
    AdminAudit => "Log", "Audit";
    AdminForbidden => "Kun for administratorer.", "For administrators only.";
    DeskForbidden => "Koordinatorens overblik er kun for koordinatorer og administratorer.", "The coordinator's desk is for coordinators and administrators only.";
    LoginIntro => "Log ind med din kommunale bruger. Efter første login virker appen også uden net.", "Log in with your municipal account. After the first login the app also works offline.";
    Username => "Brugernavn", "Username";
    Password => "Adgangskode", "Password";
    LogIn => "Log ind", "Log in";
    LoggingIn => "Logger ind …", "Logging in …";
    LogOut => "Log ud", "Log out";
    /// Names the other language, in that language, on the language switch.
    SwitchLanguage => "English", "Dansk";
    /// The switch's tooltip; its accessible name is its visible text (the other language's name).
    SwitchLanguageLabel => "Skift sprog til engelsk", "Switch language to Danish";
    PageNotFound => "Siden findes ikke i Kontaktpunkt", "This page does not exist in Kontaktpunkt";
    Online => "Online", "Online";
    Offline => "Offline", "Offline";
    ErrWrongCredentials => "Forkert brugernavn eller adgangskode", "Wrong username or password";
    ErrOffline => "Ingen forbindelse — prøv igen, når du er online", "No connection — try again when you are online";
    ErrServer => "Serveren svarer ikke som forventet — prøv igen om lidt", "The server did not answer as expected — try again shortly";
    ErrSessionExpired => "Dit login er udløbet — log ind igen", "Your login has expired — please log in again";
    ErrStorage => "Browseren kunne ikke gemme data på enheden", "The browser could not store data on this device";
    ErrMissingInput => "Udfyld brugernavn og adgangskode", "Enter username and password";
    CompaniesTitle => "Virksomheder", "Companies";
    CompaniesLoading => "Indlæser virksomheder …", "Loading companies …";
    DownloadWaitsForNetwork => "Virksomhederne hentes, så snart der er forbindelse.", "The companies will be downloaded as soon as there is a connection.";
    DownloadFailed => "Virksomhederne kunne ikke hentes.", "The companies could not be downloaded.";
    TryAgain => "Prøv igen", "Try again";
    SearchLabel => "Søg virksomhed", "Search companies";
    SearchPlaceholder => "Navn, CVR, adresse eller by", "Name, CVR, address or town";
    EditContact => "Ret", "Edit";
    EditContactTitle => "Ret kontakt", "Edit contact";
    ContactUpdated => "Rettelsen er gemt på enheden.", "The edit is saved on this device.";
    NoResults => "Ingen virksomheder matcher søgningen.", "No companies match the search.";
    FiltersLabel => "Filtre", "Filters";
    FilterIndustry => "Branche", "Industry";
    AllIndustries => "Alle brancher", "All industries";
    FilterArea => "Område", "Area";
    AllAreas => "Hele kommunen", "The whole municipality";
    FilterNotContacted => "Ikke kontaktet i 12 måneder", "Not contacted for 12 months";
    ClearFilters => "Nulstil filtre", "Clear filters";
    ShowMore => "Vis flere", "Show more";
    Cvr => "CVR", "CVR";
    Employees => "Ansatte", "Employees";
    AdvertisingProtected => "Reklamebeskyttet", "Advertising protected";
    AdvertisingProtectedHint => "Virksomheden er beskyttet mod reklamehenvendelser", "The company is protected from marketing contact";
    Inactive => "Ophørt", "Ceased";
    Industry => "Branche", "Industry";
    ErrQuota => "Enheden har ikke mere lagerplads. Intet er gået tabt, men det nye blev ikke gemt — frigør plads på enheden, og prøv igen.", "The device is out of storage space. Nothing was lost, but the new entry was not saved — free up space and try again.";
    ErrExport => "Filen kunne ikke gemmes", "The file could not be saved";
    DbClosed => "Kontaktpunkt er blevet opdateret i en anden fane. Genindlæs siden for at fortsætte.", "Kontaktpunkt was updated in another tab. Reload the page to continue.";
    Reload => "Genindlæs", "Reload";
    AdminDevices => "Enheder", "Devices";
    AdminPrivacy => "Persondata", "Personal data";
    NotesShared => "Del noterne med alle kommunens enheder (skriv da intet om helbred eller sociale forhold)", "Share the notes with every unit of the municipality (then write nothing about health or social matters)";
    DeviceRevokedTitle => "Enheden er spærret", "This device is revoked";
    DeviceRevoked => "En administrator har spærret denne enhed. Kontaktpunkts data er slettet fra den, også det, der ikke var synkroniseret.", "An administrator revoked this device. Kontaktpunkt's data has been wiped from it, including anything not yet synced.";
    StartOver => "Start forfra", "Start over";
    SyncNow => "Synkronisér nu", "Sync now";
    AllSynced => "Alt er synkroniseret", "Everything is synced";
    Downloading => "Henter kommunens data …", "Downloading the municipality's data …";
    NeverSynced => "Ikke synkroniseret endnu", "Not synced yet";
    SyncNeedsLogin => "Log ind igen for at synkronisere", "Log in again to sync";
    LogInAgain => "Log ind igen", "Log in again";
    StoragePersisted => "Data gemmes varigt på enheden", "Data is stored persistently on this device";
    StorageNotPersisted => "Browseren kan slette data ved pladsmangel — synkronisér ofte", "The browser may delete data when space runs low — sync often";
    Outbox => "Udbakke", "Outbox";
    MyWork => "Mit arbejde", "My work";
    OutboxTitle => "Udbakke: ikke synkroniseret", "Outbox: not synced";
    OutboxEmpty => "Alt er synkroniseret — udbakken er tom.", "Everything is synced — the outbox is empty.";
    StatusPending => "Ikke synkroniseret", "Not synced";
    StatusRejected => "Afvist", "Rejected";
    Discard => "Kassér", "Discard";
    DiscardQuestion => "Kassér registreringen? Den bliver ikke sendt og fjernes fra enheden.", "Discard this entry? It will not be sent and is removed from this device.";
    ConfirmDiscard => "Ja, kassér", "Yes, discard";
    Cancel => "Fortryd", "Cancel";
    Fix => "Ret", "Fix";
    LogoutRefused => "Du har registreringer, der ikke er synkroniseret. Gå online og synkronisér, eller eksportér dem til en fil, før du logger ud.", "You have entries that are not synced. Go online and sync, or export them to a file before logging out.";
    ExportOutbox => "Eksportér til fil", "Export to file";
    Exported => "Udbakken er gemt som fil. Posterne bliver på enheden og sendes, når du logger ind igen.", "The outbox was saved as a file. The entries stay on this device and are sent when you log in again.";
    ChangeContact => "Kontakt", "Contact";
    ChangeContactUpdated => "Rettet kontakt", "Edited contact";
    ChangeContactDeleted => "Slettet kontakt", "Deleted contact";
    ChangeFeedback => "Tilbagemelding", "Feedback";
    ChangeFollowUp => "Opfølgning udført", "Follow-up done";
    ChangeDncSet => "Frabedt sig kontakt", "Asked not to be contacted";
    ChangeDncCleared => "Kontaktforbud ophævet", "Do-not-contact lifted";
    ChangeCompanyEdit => "Virksomhedsoplysninger", "Company details";
    ChangePlannedAnswer => "Svar på planlagt kontakt", "Answer to a planned contact";
    BackToSearch => "Tilbage til søgning", "Back to search";
    Address => "Adresse", "Address";
    CompanyNotFound => "Virksomheden findes ikke på enheden.", "The company is not on this device.";
    DoNotContactBanner => "Virksomheden har frabedt sig kontakt", "The company has asked not to be contacted";
    Reason => "Begrundelse", "Reason";
    SetDoNotContact => "Frabedt sig kontakt", "Asked not to be contacted";
    LiftDoNotContact => "Ophæv kontaktforbud", "Lift do-not-contact";
    ErrReasonMissing => "Skriv en begrundelse", "Enter a reason";
    Save => "Gem", "Save";
    ContactsTitle => "Hvem har kontaktet virksomheden", "Who has contacted the company";
    NoContacts => "Ingen registrerede kontakter endnu.", "No contacts logged yet.";
    ParallelContact => "Parallel kontakt", "Parallel contact";
    ParallelHint => "En anden enhed har haft kontakt inden for 30 dage", "Another unit has been in contact within 30 days";
    UnknownUnit => "Ukendt enhed", "Unknown unit";
    UnknownColleague => "En kollega, enheden kender ikke endnu", "A colleague this device does not know yet";
    SharedTitle => "Kommunens oplysninger", "The municipality's details";
    AccountManager => "Nøglekontoansvarlig", "Key account manager";
    Tags => "Mærker", "Tags";
    TagsHint => "Adskil mærker med komma, fx eksport, grøn omstilling", "Separate tags with commas, e.g. export, green transition";
    SharedNotes => "Fælles note", "Shared note";
    NoneSet => "Ingen", "None";
    EditShared => "Redigér oplysninger", "Edit details";
    ContactPersons => "Kontaktpersoner", "Contact persons";
    ContactPerson => "Kontaktperson", "Contact person";
    PersonName => "Navn", "Name";
    PersonRole => "Rolle", "Role";
    PersonPhone => "Telefon", "Phone";
    PersonEmail => "E-mail", "E-mail";
    AddPerson => "Tilføj kontaktperson", "Add contact person";
    RemovePerson => "Fjern", "Remove";
    ErrPersonName => "mangler et navn", "has no name";
    ErrPersonPhone => "har et ugyldigt telefonnummer", "has an invalid phone number";
    ErrPersonEmail => "har en ugyldig e-mailadresse", "has an invalid e-mail address";
    ErrPersonDuplicate => "har samme navn som en anden — skriv fx mellemnavn eller efternavn", "has the same name as another — add e.g. a middle or last name";
    ErrPersonTooLong => "har et felt på over 100 tegn", "has a field longer than 100 characters";
    ErrTooManyPersons => "Der kan højst være 20 kontaktpersoner.", "There can be at most 20 contact persons.";
    ErrTagsTooLong => "Mærkerne er for lange (højst 500 tegn i alt)", "The tags are too long (at most 500 characters in all)";
    LogContact => "Log kontakt", "Log contact";
    ContactKind => "Kontaktform", "Kind of contact";
    KindVisit => "Besøg", "Visit";
    KindPhone => "Telefon", "Phone";
    KindMeeting => "Møde", "Meeting";
    KindEvent => "Arrangement", "Event";
    KindEmail => "E-mail", "Email";
    Purposes => "Formål", "Purposes";
    PurposeRecruitment => "Rekruttering", "Recruitment";
    PurposeJobTraining => "Virksomhedspraktik", "Job training";
    PurposeWageSubsidy => "Løntilskud", "Wage subsidy";
    PurposeRetention => "Fastholdelse", "Retention";
    PurposeBusinessDevelopment => "Erhvervsudvikling og vækst", "Business development";
    PurposePupilPlacement => "Erhvervspraktik for elever", "Pupil work placement";
    PurposeYouthEmployment => "Unge i job eller uddannelse", "Youth in jobs or education";
    PurposeOther => "Andet", "Other";
    ContactDate => "Dato", "Date";
    Notes => "Noter", "Notes";
    FollowUpDate => "Opfølgning, dato (valgfri)", "Follow-up date (optional)";
    FollowUpNote => "Opfølgning, note", "Follow-up note";
    ErrNoPurpose => "Vælg mindst ét formål", "Choose at least one purpose";
    ErrDuplicatePurpose => "Et formål er valgt to gange", "A purpose is chosen twice";
    ErrDateInFuture => "Datoen ligger i fremtiden", "The date is in the future";
    ErrNotesTooLong => "Noterne er for lange (højst 4.000 tegn)", "The notes are too long (at most 4,000 characters)";
    ErrFollowUpBeforeContact => "Opfølgningen kan ikke ligge før kontakten", "The follow-up cannot be before the contact";
    ErrFollowUpNoteTooLong => "Opfølgningsnoten er for lang (højst 2.000 tegn)", "The follow-up note is too long (at most 2,000 characters)";
    ErrInvalidDate => "Skriv en gyldig dato", "Enter a valid date";
    ContactSaved => "Kontakten er gemt på enheden.", "The contact is saved on this device.";
    GiveFeedback => "Lad virksomheden give feedback", "Let the company give feedback";
    FeedbackSaved => "Tak for jeres tilbagemelding.", "Thank you for your feedback.";
    ErrCommentTooLong => "Kommentaren er for lang (højst 2.000 tegn)", "The comment is too long (at most 2,000 characters)";
    RelevantYes => "Gav mening", "Made sense";
    RelevantNo => "Gav ikke mening", "Did not make sense";
    FollowUp => "Opfølgning", "Follow-up";
    FollowUpDone => "Opfølgning udført", "Follow-up done";
    MarkFollowUpDone => "Markér opfølgning som udført", "Mark follow-up as done";
    // The visit moment (issue 12): warned before saving, and the quick way to log a contact.
    AlsoInContact => "Også i kontakt", "Also in contact";
    DeleteContact => "Slet kontakt", "Delete contact";
    DeleteContactConfirm => "Slette kontakten for alle enheder?", "Delete the contact for every unit?";
    ContactHasFeedback => "Kontakten har feedback fra virksomheden og kan derfor ikke slettes.", "The contact has the company's feedback, so it cannot be deleted.";
    PlannedContacts => "Planlagt kontakt (kontaktplan)", "Planned contact (contact plan)";
    AlsoInContactNone => "Ingen andre enheder har været i kontakt de seneste 30 dage", "No other unit has been in contact in the last 30 days";
    RegisteredBy => "Registreret af", "Registered by";
    DncConfirmCheck => "Jeg bekræfter, at kontakten alligevel er nødvendig", "I confirm that the contact is needed anyway";
    DncConfirmReason => "Hvorfor? (fx virksomheden ringede selv)", "Why? (e.g. the company called us)";
    DncConfirmHint => "Begrundelsen gemmes med kontakten og kan ses af alle enheder.", "The reason is saved with the contact and visible to every unit.";
    ErrDncConfirm => "Virksomheden har frabedt sig kontakt: bekræft, at kontakten alligevel er nødvendig, og skriv hvorfor", "The company has asked not to be contacted: confirm that the contact is needed anyway and say why";
    ErrDncReason => "Skriv, hvorfor kontakten alligevel er nødvendig", "Say why the contact is needed anyway";
    ErrDncReasonTooLong => "Begrundelsen er for lang (højst 2.000 tegn)", "The reason is too long (at most 2,000 characters)";
    ParallelWarningTitle => "Andre enheder er i kontakt med virksomheden inden for 30 dage af denne dato:", "Other units are in contact with the company within 30 days of this date:";
    Planned => "planlagt", "planned";
    DncOverride => "Kontakt trods frabedt kontakt", "Contacted despite do-not-contact";
    LiftReason => "Hvorfor må virksomheden kontaktes igen?", "Why may the company be contacted again?";
    LastContact => "Sidste kontakt", "Last contact";
    // The company screen's forms in `view!`.
    DoNotContactReason => "Frabedt sig kontakt — Begrundelse", "Asked not to be contacted — Reason";
}

/// A text the server sends in both languages; the Danish one when the English is missing.
/// Statistics Denmark's name of an industry group (1–11) in `lang`, from the domain's
/// reference data.
pub fn industry_group_name(lang: Lang, group: u8) -> &'static str {
    use kontaktpunkt_domain::reference::{industry_group_name_da, industry_group_name_en};
    match lang {
        Lang::Da => industry_group_name_da(group),
        Lang::En => industry_group_name_en(group),
    }
}

pub fn either<'a>(lang: Lang, da: &'a str, en: &'a str) -> &'a str {
    if lang == Lang::En && !en.is_empty() { en } else { da }
}

/// The side of a server message written `"dansk / English"` that `lang` reads; a message in
/// one language only is the same for both.
pub fn side(lang: Lang, message: &str) -> &str {
    match (message.split_once(" / "), lang) {
        (Some((da, _)), Lang::Da) => da,
        (Some((_, en)), Lang::En) => en,
        (None, _) => message,
    }
}

/// A whole number with the language's thousands separator ("8.000" / "8,000").
pub fn number(lang: Lang, n: u64) -> String {
    let separator = match lang {
        Lang::Da => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// "123 virksomheder" / "1 virksomhed".
pub fn company_count(lang: Lang, n: u64) -> String {
    let noun = match (lang, n) {
        (Lang::Da, 1) => "virksomhed",
        (Lang::Da, _) => "virksomheder",
        (Lang::En, 1) => "company",
        (Lang::En, _) => "companies",
    };
    format!("{} {noun}", number(lang, n))
}

/// "8.000 virksomheder gemt på enheden".
pub fn cached_count(lang: Lang, n: u64) -> String {
    match lang {
        Lang::Da => format!("{} gemt på enheden", company_count(lang, n)),
        Lang::En => format!("{} stored on this device", company_count(lang, n)),
    }
}

/// "Viser de første 50" when a search has more hits than are shown.
pub fn showing_first(lang: Lang, shown: usize) -> String {
    match lang {
        Lang::Da => format!("Viser de første {shown}"),
        Lang::En => format!("Showing the first {shown}"),
    }
}

/// "Henter virksomheder … 4.000 af 8.000".
pub fn download_progress(lang: Lang, done: u64, total: u64) -> String {
    let (doing, of) = match lang {
        Lang::Da => ("Henter virksomheder", "af"),
        Lang::En => ("Downloading companies", "of"),
    };
    if total == 0 {
        // Before the server has said how many there are: never "0 af 0".
        return format!("{doing} …");
    }
    format!("{doing} … {} {of} {}", number(lang, done), number(lang, total))
}

/// "Logget ind som Karen Konsulent".
pub fn logged_in_as(lang: Lang, name: &str) -> String {
    match lang {
        Lang::Da => format!("Logget ind som {name}"),
        Lang::En => format!("Logged in as {name}"),
    }
}

/// "3 ikke synkroniseret" in the sync bar.
pub fn pending_count(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Da => format!("{} ikke synkroniseret", number(lang, n.into())),
        Lang::En => format!("{} not synced", number(lang, n.into())),
    }
}

/// "2 afvist" in the sync bar.
pub fn rejected_count(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Da => format!("{} afvist", number(lang, n.into())),
        Lang::En => format!("{} rejected", number(lang, n.into())),
    }
}

/// "Sidst synkroniseret 23.11. kl. 14:05".
pub fn last_synced(lang: Lang, when: &str) -> String {
    match lang {
        Lang::Da => format!("Sidst synkroniseret {when}"),
        Lang::En => format!("Last synced {when}"),
    }
}

/// Entries of another user that wait on this device for that user.
pub fn other_users_waiting(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Da => format!(
            "{} registrering(er) fra en anden bruger venter på, at vedkommende logger ind på denne enhed",
            number(lang, n.into())
        ),
        Lang::En => format!(
            "{} entries of another user wait for that user to log in on this device",
            number(lang, n.into())
        ),
    }
}

/// "Tilfredshed 4 af 5".
pub fn satisfaction(lang: Lang, n: u8) -> String {
    match lang {
        Lang::Da => format!("Tilfredshed {n} af 5"),
        Lang::En => format!("Satisfaction {n} of 5"),
    }
}

/// `<p class="error" role="alert">` with the text of `key` while it is set: one closure type
/// for every form's error line (each distinct view closure costs wasm).
pub fn alert(i18n: I18n, key: RwSignal<Option<Key>>) -> impl IntoView {
    move || {
        key.get()
            .map(|key| view! { <p class="error" role="alert" data-testid="form-error">{i18n.tr(key)}</p> })
    }
}

/// The current language as a reactive handle, provided through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    pub fn new() -> Self {
        let lang = RwSignal::new(Lang::load());
        Effect::new(move || {
            let lang = lang.get();
            lang.save();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", lang.code());
            }
        });
        Self { lang }
    }

    /// The text of `key` as a reactive view or attribute value. Every call returns the same
    /// closure type, so a hundred texts share one copy of the render code (it keeps the wasm small).
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let lang = self.lang;
        move || text(lang.get(), key)
    }

    /// The text of `key` in the current language; reactive when read inside a closure.
    pub fn t(self, key: Key) -> &'static str {
        text(self.lang.get(), key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_get_thousands_separators() {
        assert_eq!(number(Lang::Da, 0), "0");
        assert_eq!(number(Lang::Da, 999), "999");
        assert_eq!(number(Lang::Da, 4000), "4.000");
        assert_eq!(number(Lang::En, 1234567), "1,234,567");
    }

    #[test]
    fn progress_reads_as_danish() {
        assert_eq!(download_progress(Lang::Da, 4000, 8000), "Henter virksomheder … 4.000 af 8.000");
        assert_eq!(download_progress(Lang::Da, 0, 0), "Henter virksomheder …");
    }
}
