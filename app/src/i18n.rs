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

/// A text of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    Tagline,
    LoginTitle,
    LoginIntro,
    Username,
    Password,
    LogIn,
    LoggingIn,
    LogOut,
    /// Names the other language, in that language, on the language switch.
    SwitchLanguage,
    SwitchLanguageLabel,
    Online,
    Offline,
    ErrWrongCredentials,
    ErrOffline,
    ErrServer,
    ErrSessionExpired,
    ErrStorage,
    ErrMissingInput,
    CompaniesTitle,
    CompaniesLoading,
    DownloadWaitsForNetwork,
    DownloadFailed,
    TryAgain,
    SearchLabel,
    SearchPlaceholder,
    NoResults,
    Cvr,
    Employees,
    AdvertisingProtected,
    AdvertisingProtectedHint,
    Inactive,
    Industry,
    ErrQuota,
    ErrExport,
    DbClosed,
    Reload,
    SyncNow,
    AllSynced,
    NeverSynced,
    SyncNeedsLogin,
    LogInAgain,
    StoragePersisted,
    StorageNotPersisted,
    Outbox,
    OutboxTitle,
    OutboxEmpty,
    StatusPending,
    StatusRejected,
    Discard,
    DiscardQuestion,
    ConfirmDiscard,
    Cancel,
    Fix,
    LogoutRefused,
    ExportOutbox,
    Exported,
    ChangeContact,
    ChangeContactUpdated,
    ChangeContactDeleted,
    ChangeFeedback,
    ChangeFollowUp,
    ChangeDncSet,
    ChangeDncCleared,
    ChangeCompanyEdit,
    BackToSearch,
    Address,
    CompanyNotFound,
    DoNotContactBanner,
    Reason,
    SetDoNotContact,
    LiftDoNotContact,
    ErrReasonMissing,
    Save,
    ContactsTitle,
    NoContacts,
    ParallelContact,
    ParallelHint,
    UnknownUnit,
    UnknownColleague,
    SharedTitle,
    AccountManager,
    Tags,
    TagsHint,
    SharedNotes,
    NoneSet,
    EditShared,
    ContactPersons,
    ContactPerson,
    PersonName,
    PersonRole,
    PersonPhone,
    PersonEmail,
    AddPerson,
    RemovePerson,
    ErrPersonName,
    ErrPersonPhone,
    ErrPersonEmail,
    ErrPersonTooLong,
    ErrTooManyPersons,
    ErrTagsTooLong,
    LogContact,
    ContactKind,
    KindVisit,
    KindPhone,
    KindMeeting,
    KindEvent,
    KindEmail,
    Purposes,
    PurposeRecruitment,
    PurposeJobTraining,
    PurposeWageSubsidy,
    PurposeRetention,
    PurposeBusinessDevelopment,
    PurposePupilPlacement,
    PurposeYouthEmployment,
    PurposeOther,
    ContactDate,
    Notes,
    FollowUpDate,
    FollowUpNote,
    ErrNoPurpose,
    ErrDuplicatePurpose,
    ErrDateInFuture,
    ErrNotesTooLong,
    ErrFollowUpBeforeContact,
    ErrFollowUpNoteTooLong,
    ErrInvalidDate,
    ContactSaved,
    GiveFeedback,
    FeedbackTitle,
    Satisfaction,
    Relevant,
    Yes,
    Comment,
    FeedbackSaved,
    ErrSatisfaction,
    ErrCommentTooLong,
    RelevantYes,
    RelevantNo,
    FollowUp,
    FollowUpDone,
    MarkFollowUpDone,
}

/// The text of `key` in `lang`.
pub fn text(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match lang {
        Lang::Da => match key {
            AppName => "Kontaktpunkt",
            Tagline => "Kommunens fælles overblik over kontakter til virksomheder",
            LoginTitle => "Log ind",
            LoginIntro => "Log ind med din kommunale bruger. Efter første login virker appen også uden net.",
            Username => "Brugernavn",
            Password => "Adgangskode",
            LogIn => "Log ind",
            LoggingIn => "Logger ind …",
            LogOut => "Log ud",
            SwitchLanguage => "English",
            SwitchLanguageLabel => "Skift sprog til engelsk",
            Online => "Online",
            Offline => "Offline",
            ErrWrongCredentials => "Forkert brugernavn eller adgangskode",
            ErrOffline => "Ingen forbindelse — prøv igen, når du er online",
            ErrServer => "Serveren svarer ikke som forventet — prøv igen om lidt",
            ErrSessionExpired => "Dit login er udløbet — log ind igen",
            ErrStorage => "Browseren kunne ikke gemme data på enheden",
            ErrMissingInput => "Udfyld brugernavn og adgangskode",
            CompaniesTitle => "Virksomheder",
            CompaniesLoading => "Indlæser virksomheder …",
            DownloadWaitsForNetwork => "Virksomhederne hentes, så snart der er forbindelse.",
            DownloadFailed => "Virksomhederne kunne ikke hentes.",
            TryAgain => "Prøv igen",
            SearchLabel => "Søg virksomhed",
            SearchPlaceholder => "Navn, CVR, adresse eller by",
            NoResults => "Ingen virksomheder matcher søgningen.",
            Cvr => "CVR",
            Employees => "Ansatte",
            AdvertisingProtected => "Reklamebeskyttet",
            AdvertisingProtectedHint => "Virksomheden er beskyttet mod reklamehenvendelser",
            Inactive => "Ophørt",
            Industry => "Branche",
            ErrQuota => {
                "Enheden har ikke mere lagerplads. Intet er gået tabt, men det nye blev ikke gemt — frigør plads på enheden, og prøv igen."
            }
            ErrExport => "Filen kunne ikke gemmes",
            DbClosed => "Kontaktpunkt er blevet opdateret i en anden fane. Genindlæs siden for at fortsætte.",
            Reload => "Genindlæs",
            SyncNow => "Synkronisér nu",
            AllSynced => "Alt er synkroniseret",
            NeverSynced => "Ikke synkroniseret endnu",
            SyncNeedsLogin => "Log ind igen for at synkronisere",
            LogInAgain => "Log ind igen",
            StoragePersisted => "Data gemmes varigt på enheden",
            StorageNotPersisted => "Browseren kan slette data ved pladsmangel — synkronisér ofte",
            Outbox => "Udbakke",
            OutboxTitle => "Udbakke: ikke synkroniseret",
            OutboxEmpty => "Alt er synkroniseret — udbakken er tom.",
            StatusPending => "Ikke synkroniseret",
            StatusRejected => "Afvist",
            Discard => "Kassér",
            DiscardQuestion => "Kassér registreringen? Den bliver ikke sendt og fjernes fra enheden.",
            ConfirmDiscard => "Ja, kassér",
            Cancel => "Fortryd",
            Fix => "Ret",
            LogoutRefused => {
                "Du har registreringer, der ikke er synkroniseret. Gå online og synkronisér, eller eksportér dem til en fil, før du logger ud."
            }
            ExportOutbox => "Eksportér til fil",
            Exported => {
                "Udbakken er gemt som fil. Posterne bliver på enheden og sendes, når du logger ind igen."
            }
            ChangeContact => "Kontakt",
            ChangeContactUpdated => "Rettet kontakt",
            ChangeContactDeleted => "Slettet kontakt",
            ChangeFeedback => "Tilbagemelding",
            ChangeFollowUp => "Opfølgning udført",
            ChangeDncSet => "Frabedt sig kontakt",
            ChangeDncCleared => "Kontaktforbud ophævet",
            ChangeCompanyEdit => "Virksomhedsoplysninger",
            BackToSearch => "Tilbage til søgning",
            Address => "Adresse",
            CompanyNotFound => "Virksomheden findes ikke på enheden.",
            DoNotContactBanner => "Virksomheden har frabedt sig kontakt",
            Reason => "Begrundelse",
            SetDoNotContact => "Frabedt sig kontakt",
            LiftDoNotContact => "Ophæv kontaktforbud",
            ErrReasonMissing => "Skriv en begrundelse",
            Save => "Gem",
            ContactsTitle => "Hvem har kontaktet virksomheden",
            NoContacts => "Ingen registrerede kontakter endnu.",
            ParallelContact => "Parallel kontakt",
            ParallelHint => "En anden enhed har haft kontakt inden for 30 dage",
            UnknownUnit => "Ukendt enhed",
            UnknownColleague => "En kollega, enheden kender ikke endnu",
            SharedTitle => "Kommunens oplysninger",
            AccountManager => "Nøglekontoansvarlig",
            Tags => "Mærker",
            TagsHint => "Adskil mærker med komma, fx eksport, grøn omstilling",
            SharedNotes => "Fælles note",
            NoneSet => "Ingen",
            EditShared => "Redigér oplysninger",
            ContactPersons => "Kontaktpersoner",
            ContactPerson => "Kontaktperson",
            PersonName => "Navn",
            PersonRole => "Rolle",
            PersonPhone => "Telefon",
            PersonEmail => "E-mail",
            AddPerson => "Tilføj kontaktperson",
            RemovePerson => "Fjern",
            ErrPersonName => "mangler et navn",
            ErrPersonPhone => "har et ugyldigt telefonnummer",
            ErrPersonEmail => "har en ugyldig e-mailadresse",
            ErrPersonTooLong => "har et felt på over 100 tegn",
            ErrTooManyPersons => "Der kan højst være 20 kontaktpersoner.",
            ErrTagsTooLong => "Mærkerne er for lange (højst 500 tegn i alt)",
            LogContact => "Log kontakt",
            ContactKind => "Kontaktform",
            KindVisit => "Besøg",
            KindPhone => "Telefon",
            KindMeeting => "Møde",
            KindEvent => "Arrangement",
            KindEmail => "E-mail",
            Purposes => "Formål",
            PurposeRecruitment => "Rekruttering",
            PurposeJobTraining => "Virksomhedspraktik",
            PurposeWageSubsidy => "Løntilskud",
            PurposeRetention => "Fastholdelse",
            PurposeBusinessDevelopment => "Erhvervsudvikling og vækst",
            PurposePupilPlacement => "Erhvervspraktik for elever",
            PurposeYouthEmployment => "Unge i job eller uddannelse",
            PurposeOther => "Andet",
            ContactDate => "Dato",
            Notes => "Noter",
            FollowUpDate => "Opfølgning, dato (valgfri)",
            FollowUpNote => "Opfølgning, note",
            ErrNoPurpose => "Vælg mindst ét formål",
            ErrDuplicatePurpose => "Et formål er valgt to gange",
            ErrDateInFuture => "Datoen ligger i fremtiden",
            ErrNotesTooLong => "Noterne er for lange (højst 4.000 tegn)",
            ErrFollowUpBeforeContact => "Opfølgningen kan ikke ligge før kontakten",
            ErrFollowUpNoteTooLong => "Opfølgningsnoten er for lang (højst 2.000 tegn)",
            ErrInvalidDate => "Skriv en gyldig dato",
            ContactSaved => "Kontakten er gemt på enheden.",
            GiveFeedback => "Lad virksomheden give feedback",
            FeedbackTitle => "Tilbagemelding fra virksomheden",
            Satisfaction => "Hvor tilfredse er I med kontakten? (1 = meget utilfreds, 5 = meget tilfreds)",
            Relevant => "Gav besøget mening for jer?",
            Yes => "Ja",
            Comment => "Kommentar",
            FeedbackSaved => "Tak for jeres tilbagemelding.",
            ErrSatisfaction => "Vælg en tilfredshed fra 1 til 5",
            ErrCommentTooLong => "Kommentaren er for lang (højst 2.000 tegn)",
            RelevantYes => "Gav mening",
            RelevantNo => "Gav ikke mening",
            FollowUp => "Opfølgning",
            FollowUpDone => "Opfølgning udført",
            MarkFollowUpDone => "Markér opfølgning som udført",
        },
        Lang::En => match key {
            AppName => "Kontaktpunkt",
            Tagline => "The municipality's shared record of contacts with companies",
            LoginTitle => "Log in",
            LoginIntro => {
                "Log in with your municipal account. After the first login the app also works offline."
            }
            Username => "Username",
            Password => "Password",
            LogIn => "Log in",
            LoggingIn => "Logging in …",
            LogOut => "Log out",
            SwitchLanguage => "Dansk",
            SwitchLanguageLabel => "Switch language to Danish",
            Online => "Online",
            Offline => "Offline",
            ErrWrongCredentials => "Wrong username or password",
            ErrOffline => "No connection — try again when you are online",
            ErrServer => "The server did not answer as expected — try again shortly",
            ErrSessionExpired => "Your login has expired — please log in again",
            ErrStorage => "The browser could not store data on this device",
            ErrMissingInput => "Enter username and password",
            CompaniesTitle => "Companies",
            CompaniesLoading => "Loading companies …",
            DownloadWaitsForNetwork => "The companies will be downloaded as soon as there is a connection.",
            DownloadFailed => "The companies could not be downloaded.",
            TryAgain => "Try again",
            SearchLabel => "Search companies",
            SearchPlaceholder => "Name, CVR, address or town",
            NoResults => "No companies match the search.",
            Cvr => "CVR",
            Employees => "Employees",
            AdvertisingProtected => "Advertising protected",
            AdvertisingProtectedHint => "The company is protected from marketing contact",
            Inactive => "Ceased",
            Industry => "Industry",
            ErrQuota => {
                "The device is out of storage space. Nothing was lost, but the new entry was not saved — free up space and try again."
            }
            ErrExport => "The file could not be saved",
            DbClosed => "Kontaktpunkt was updated in another tab. Reload the page to continue.",
            Reload => "Reload",
            SyncNow => "Sync now",
            AllSynced => "Everything is synced",
            NeverSynced => "Not synced yet",
            SyncNeedsLogin => "Log in again to sync",
            LogInAgain => "Log in again",
            StoragePersisted => "Data is stored persistently on this device",
            StorageNotPersisted => "The browser may delete data when space runs low — sync often",
            Outbox => "Outbox",
            OutboxTitle => "Outbox: not synced",
            OutboxEmpty => "Everything is synced — the outbox is empty.",
            StatusPending => "Not synced",
            StatusRejected => "Rejected",
            Discard => "Discard",
            DiscardQuestion => "Discard this entry? It will not be sent and is removed from this device.",
            ConfirmDiscard => "Yes, discard",
            Cancel => "Cancel",
            Fix => "Fix",
            LogoutRefused => {
                "You have entries that are not synced. Go online and sync, or export them to a file before logging out."
            }
            ExportOutbox => "Export to file",
            Exported => {
                "The outbox was saved as a file. The entries stay on this device and are sent when you log in again."
            }
            ChangeContact => "Contact",
            ChangeContactUpdated => "Edited contact",
            ChangeContactDeleted => "Deleted contact",
            ChangeFeedback => "Feedback",
            ChangeFollowUp => "Follow-up done",
            ChangeDncSet => "Asked not to be contacted",
            ChangeDncCleared => "Do-not-contact lifted",
            ChangeCompanyEdit => "Company details",
            BackToSearch => "Back to search",
            Address => "Address",
            CompanyNotFound => "The company is not on this device.",
            DoNotContactBanner => "The company has asked not to be contacted",
            Reason => "Reason",
            SetDoNotContact => "Asked not to be contacted",
            LiftDoNotContact => "Lift do-not-contact",
            ErrReasonMissing => "Enter a reason",
            Save => "Save",
            ContactsTitle => "Who has contacted the company",
            NoContacts => "No contacts logged yet.",
            ParallelContact => "Parallel contact",
            ParallelHint => "Another unit has been in contact within 30 days",
            UnknownUnit => "Unknown unit",
            UnknownColleague => "A colleague this device does not know yet",
            SharedTitle => "The municipality's details",
            AccountManager => "Key account manager",
            Tags => "Tags",
            TagsHint => "Separate tags with commas, e.g. export, green transition",
            SharedNotes => "Shared note",
            NoneSet => "None",
            EditShared => "Edit details",
            ContactPersons => "Contact persons",
            ContactPerson => "Contact person",
            PersonName => "Name",
            PersonRole => "Role",
            PersonPhone => "Phone",
            PersonEmail => "E-mail",
            AddPerson => "Add contact person",
            RemovePerson => "Remove",
            ErrPersonName => "has no name",
            ErrPersonPhone => "has an invalid phone number",
            ErrPersonEmail => "has an invalid e-mail address",
            ErrPersonTooLong => "has a field longer than 100 characters",
            ErrTooManyPersons => "There can be at most 20 contact persons.",
            ErrTagsTooLong => "The tags are too long (at most 500 characters in all)",
            LogContact => "Log contact",
            ContactKind => "Kind of contact",
            KindVisit => "Visit",
            KindPhone => "Phone",
            KindMeeting => "Meeting",
            KindEvent => "Event",
            KindEmail => "Email",
            Purposes => "Purposes",
            PurposeRecruitment => "Recruitment",
            PurposeJobTraining => "Job training",
            PurposeWageSubsidy => "Wage subsidy",
            PurposeRetention => "Retention",
            PurposeBusinessDevelopment => "Business development",
            PurposePupilPlacement => "Pupil work placement",
            PurposeYouthEmployment => "Youth in jobs or education",
            PurposeOther => "Other",
            ContactDate => "Date",
            Notes => "Notes",
            FollowUpDate => "Follow-up date (optional)",
            FollowUpNote => "Follow-up note",
            ErrNoPurpose => "Choose at least one purpose",
            ErrDuplicatePurpose => "A purpose is chosen twice",
            ErrDateInFuture => "The date is in the future",
            ErrNotesTooLong => "The notes are too long (at most 4,000 characters)",
            ErrFollowUpBeforeContact => "The follow-up cannot be before the contact",
            ErrFollowUpNoteTooLong => "The follow-up note is too long (at most 2,000 characters)",
            ErrInvalidDate => "Enter a valid date",
            ContactSaved => "The contact is saved on this device.",
            GiveFeedback => "Let the company give feedback",
            FeedbackTitle => "Feedback from the company",
            Satisfaction => {
                "How satisfied are you with the contact? (1 = very dissatisfied, 5 = very satisfied)"
            }
            Relevant => "Did the visit make sense for you?",
            Yes => "Yes",
            Comment => "Comment",
            FeedbackSaved => "Thank you for your feedback.",
            ErrSatisfaction => "Choose a satisfaction from 1 to 5",
            ErrCommentTooLong => "The comment is too long (at most 2,000 characters)",
            RelevantYes => "Made sense",
            RelevantNo => "Did not make sense",
            FollowUp => "Follow-up",
            FollowUpDone => "Follow-up done",
            MarkFollowUpDone => "Mark follow-up as done",
        },
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
    }
}
