//! The import screen's texts in Danish (the default) and English, like [`crate::i18n`].

use crate::i18n::{Lang, number};

/// A text of the import screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Back,
    Title,
    Intro,
    NotAdmin,
    Format,
    FormatCvr,
    FormatCsv,
    Full,
    FullHint,
    Municipality,
    MunicipalityOwn,
    MunicipalityAll,
    MunicipalityHint,
    File,
    FileHint,
    Upload,
    Uploading,
    Checking,
    Cancel,
    UploadCancelled,
    PreviewTitle,
    FileSize,
    Encoding,
    Delimiter,
    Columns,
    ColumnsHint,
    NoColumn,
    Remapping,
    Required,
    FirstRows,
    Row,
    DryRunTitle,
    ResultTitle,
    Read,
    New,
    Changed,
    Ceased,
    Unchanged,
    Duplicates,
    OtherMunicipality,
    UnknownMunicipality,
    Rejected,
    NewList,
    ChangedList,
    CeasedList,
    ReasonCeased,
    ReasonMissing,
    RejectedTitle,
    Column,
    Problem,
    FullWarning,
    Apply,
    ApplySkipping,
    Applying,
    Discard,
    Discarded,
    SyncNote,
    NewImport,
    RecentTitle,
    NoImports,
    Loading,
    StatusPending,
    StatusApplied,
    StatusDiscarded,
    Resume,
    FullBadge,
    ErrOffline,
    ErrForbidden,
    ErrSession,
    LogInAgain,
    ErrServer,
    ErrNoFile,
    ErrTooLarge,
}

/// The text of `key` in `lang`.
pub fn t(lang: Lang, key: T) -> &'static str {
    use T::*;
    match lang {
        Lang::Da => match key {
            Back => "Tilbage til søgning",
            Title => "Indlæs virksomhedsregister",
            Intro => {
                "Indlæs virksomheder fra CVR-registret eller et regneark. Du ser først en forhåndsvisning — intet bliver indlæst, før du bekræfter."
            }
            NotAdmin => "Kun administratorer kan indlæse virksomhedsregistret.",
            Format => "Filformat",
            FormatCvr => "CVR JSON (fra CVR-registret)",
            FormatCsv => "CSV regneark",
            Full => "Fuld opdatering",
            FullHint => {
                "Filen rummer alle kommunens virksomheder. Virksomheder, der ikke er med i filen, bliver markeret som ophørte (inaktive). Intet slettes, og kontakthistorikken bevares."
            }
            Municipality => "Kommune",
            MunicipalityOwn => "Kun kommunens egne virksomheder",
            MunicipalityAll => "Alle kommuner i filen",
            MunicipalityHint => "Virksomheder med adresse i andre kommuner springes over.",
            File => "Fil",
            FileHint => "Vælg filen, eller træk den herind. Højst 200 MB.",
            Upload => "Send og vis forhåndsvisning",
            Uploading => "Sender filen …",
            Checking => "Filen er sendt. Serveren kontrollerer den …",
            Cancel => "Afbryd",
            UploadCancelled => "Afsendelsen blev afbrudt. Intet er indlæst.",
            PreviewTitle => "Forhåndsvisning — intet er indlæst endnu",
            FileSize => "Filstørrelse",
            Encoding => "Tegnsæt",
            Delimiter => "Skilletegn",
            Columns => "Kolonner",
            ColumnsHint => {
                "Vælg, hvilken kolonne i filen hvert felt læses fra. Forhåndsvisningen opdateres, når du vælger."
            }
            NoColumn => "(ingen)",
            Remapping => "Opdaterer forhåndsvisningen …",
            Required => "påkrævet",
            FirstRows => "De første rækker",
            Row => "Række",
            DryRunTitle => "Det vil indlæsningen gøre",
            ResultTitle => "Indlæsningen er gennemført",
            Read => "Læst",
            New => "Nye",
            Changed => "Ændrede",
            Ceased => "Ophørte (inaktive)",
            Unchanged => "Uændrede",
            Duplicates => "Gentagne CVR-numre",
            OtherMunicipality => "Anden kommune",
            UnknownMunicipality => "Uden kommune",
            Rejected => "Afviste",
            NewList => "Nye virksomheder",
            ChangedList => "Ændrede virksomheder",
            CeasedList => "Ophørte (inaktive) virksomheder",
            ReasonCeased => "ophørt i registret",
            ReasonMissing => "mangler i filen",
            RejectedTitle => "Afviste rækker",
            Column => "Kolonne",
            Problem => "Fejl",
            FullWarning => "Fuld opdatering: virksomheder, der mangler i filen, bliver inaktive.",
            Apply => "Importér",
            ApplySkipping => "Importér uden de afviste rækker",
            Applying => "Indlæser …",
            Discard => "Kassér",
            Discarded => "Filen er kasseret. Intet er indlæst.",
            SyncNote => "Enhederne får ændringerne ved deres næste synkronisering.",
            NewImport => "Indlæs en ny fil",
            RecentTitle => "Seneste indlæsninger",
            NoImports => "Ingen indlæsninger endnu.",
            Loading => "Henter …",
            StatusPending => "Afventer",
            StatusApplied => "Indlæst",
            StatusDiscarded => "Kasseret",
            Resume => "Fortsæt",
            FullBadge => "fuld opdatering",
            ErrOffline => "Import kræver forbindelse til serveren. Prøv igen, når du er online.",
            ErrForbidden => "Kun administratorer kan indlæse virksomhedsregistret.",
            ErrSession => "Dit login er udløbet — log ind igen.",
            LogInAgain => "Log ind igen",
            ErrServer => "Serveren svarede ikke som forventet. Intet er indlæst — prøv igen om lidt.",
            ErrNoFile => "Vælg en fil først.",
            ErrTooLarge => "Filen er større end 200 MB.",
        },
        Lang::En => match key {
            Back => "Back to search",
            Title => "Import company register",
            Intro => {
                "Import companies from the CVR register or a spreadsheet. You see a preview first — nothing is imported until you confirm."
            }
            NotAdmin => "Only administrators can import the company register.",
            Format => "File format",
            FormatCvr => "CVR JSON (from the CVR register)",
            FormatCsv => "CSV spreadsheet",
            Full => "Full refresh",
            FullHint => {
                "The file holds all the municipality's companies. Companies missing from the file are marked as ceased (inactive). Nothing is deleted, and the contact history is kept."
            }
            Municipality => "Municipality",
            MunicipalityOwn => "Only this municipality's companies",
            MunicipalityAll => "All municipalities in the file",
            MunicipalityHint => "Companies with an address in other municipalities are skipped.",
            File => "File",
            FileHint => "Choose the file, or drag it here. At most 200 MB.",
            Upload => "Upload and preview",
            Uploading => "Uploading the file …",
            Checking => "The file is uploaded. The server is checking it …",
            Cancel => "Cancel",
            UploadCancelled => "The upload was cancelled. Nothing was imported.",
            PreviewTitle => "Preview — nothing imported yet",
            FileSize => "File size",
            Encoding => "Encoding",
            Delimiter => "Delimiter",
            Columns => "Columns",
            ColumnsHint => {
                "Choose the column of the file each field is read from. The preview is updated as you choose."
            }
            NoColumn => "(none)",
            Remapping => "Updating the preview …",
            Required => "required",
            FirstRows => "The first rows",
            Row => "Row",
            DryRunTitle => "What the import will do",
            ResultTitle => "The import is done",
            Read => "Read",
            New => "New",
            Changed => "Changed",
            Ceased => "Ceased (inactive)",
            Unchanged => "Unchanged",
            Duplicates => "Repeated CVR numbers",
            OtherMunicipality => "Other municipality",
            UnknownMunicipality => "No municipality",
            Rejected => "Rejected",
            NewList => "New companies",
            ChangedList => "Changed companies",
            CeasedList => "Ceased (inactive) companies",
            ReasonCeased => "ceased in the register",
            ReasonMissing => "missing from the file",
            RejectedTitle => "Rejected rows",
            Column => "Column",
            Problem => "Problem",
            FullWarning => "Full refresh: companies missing from the file become inactive.",
            Apply => "Import",
            ApplySkipping => "Import without the rejected rows",
            Applying => "Importing …",
            Discard => "Discard",
            Discarded => "The file was discarded. Nothing was imported.",
            SyncNote => "Devices get the changes at their next sync.",
            NewImport => "Import another file",
            RecentTitle => "Recent imports",
            NoImports => "No imports yet.",
            Loading => "Loading …",
            StatusPending => "Pending",
            StatusApplied => "Imported",
            StatusDiscarded => "Discarded",
            Resume => "Continue",
            FullBadge => "full refresh",
            ErrOffline => "Importing needs a connection to the server. Try again when you are online.",
            ErrForbidden => "Only administrators can import the company register.",
            ErrSession => "Your login has expired — please log in again.",
            LogInAgain => "Log in again",
            ErrServer => "The server did not answer as expected. Nothing was imported — try again shortly.",
            ErrNoFile => "Choose a file first.",
            ErrTooLarge => "The file is larger than 200 MB.",
        },
    }
}

/// A register field's name ("Adresse"), from its JSON code.
pub fn field_label(lang: Lang, code: &str) -> &str {
    let (da, en) = match code {
        "name" => ("Navn", "Name"),
        "address" => ("Adresse", "Address"),
        "care_of" => ("c/o", "c/o"),
        "municipality_code" => ("Kommunekode", "Municipality code"),
        "industry" => ("Hovedbranche", "Main industry"),
        "secondary_industries" => ("Bibrancher", "Secondary industries"),
        "employees" => ("Antal ansatte", "Employees"),
        "advertising_protected" => ("Reklamebeskyttet", "Advertising protected"),
        "active" => ("Aktiv", "Active"),
        "p_number" => ("P-nummer", "P-number"),
        "company_form" => ("Virksomhedsform", "Company form"),
        other => (other, other),
    };
    if lang == Lang::En { en } else { da }
}

/// "1,5 MB" / "1.5 MB", "820 kB", "12 B".
pub fn bytes(lang: Lang, n: f64) -> String {
    const KB: f64 = 1024.0;
    if n < KB {
        format!("{} B", n as u64)
    } else if n < KB * KB {
        format!("{} kB", (n / KB).round() as u64)
    } else {
        let tenths = (n * 10.0 / (KB * KB)).round() as u64;
        let comma = if lang == Lang::En { '.' } else { ',' };
        format!("{}{comma}{} MB", number(lang, tenths / 10), tenths % 10)
    }
}

/// "42 % — 1,2 MB af 2,9 MB".
pub fn upload_progress(lang: Lang, sent: f64, total: f64) -> String {
    let percent = if total > 0.0 { (sent * 100.0 / total).min(100.0) as u32 } else { 0 };
    let of = if lang == Lang::En { "of" } else { "af" };
    format!("{percent} % — {} {of} {}", bytes(lang, sent), bytes(lang, total))
}

/// "40 % — 12.000 poster læst" while an import is applied.
pub fn apply_progress(lang: Lang, done: u64, total: u64, records: u64) -> String {
    let percent = done.saturating_mul(100).checked_div(total).unwrap_or(0).min(100);
    let read = if lang == Lang::En { "records read" } else { "poster læst" };
    format!("{percent} % — {} {read}", number(lang, records))
}

/// "Viser de første 1.000 af 12.345" under a list the server cut short.
pub fn listed_of(lang: Lang, shown: usize, total: u64) -> String {
    let (showing, of) =
        if lang == Lang::En { ("Showing the first", "of") } else { ("Viser de første", "af") };
    format!("{showing} {} {of} {}", number(lang, shown as u64), number(lang, total))
}

/// "Record 3" for a CVR JSON record without a line number.
pub fn record(lang: Lang, n: u64) -> String {
    format!("{} {}", if lang == Lang::En { "Record" } else { "Post" }, number(lang, n))
}

/// "23.11.2025 kl. 14:05" / "23/11/2025 14:05" from an ISO 8601 time.
pub fn time(lang: Lang, iso: &str) -> String {
    let ms = js_sys::Date::parse(iso);
    if ms.is_nan() {
        return iso.to_owned();
    }
    let d = js_sys::Date::new(&ms.into());
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
    fn sizes_read_in_the_language() {
        assert_eq!(bytes(Lang::Da, 512.0), "512 B");
        assert_eq!(bytes(Lang::Da, 2048.0), "2 kB");
        assert_eq!(bytes(Lang::Da, 1.5 * 1024.0 * 1024.0), "1,5 MB");
        assert_eq!(bytes(Lang::En, 1.5 * 1024.0 * 1024.0), "1.5 MB");
        assert_eq!(upload_progress(Lang::Da, 512.0, 1024.0), "50 % — 512 B af 1 kB");
        assert_eq!(apply_progress(Lang::Da, 40, 100, 12_000), "40 % — 12.000 poster læst");
        assert_eq!(apply_progress(Lang::En, 0, 0, 0), "0 % — 0 records read");
    }
}
