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
