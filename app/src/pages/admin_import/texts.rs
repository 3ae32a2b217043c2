//! The import screen's texts: Danish (the default) and English of each side by side.

pub use crate::i18n::either;
use crate::i18n::{Lang, number};
use kontaktpunkt_domain::import::RegisterField;

// rustfmt leaves macro tables alone: one text per line, however long.
crate::i18n::chunk_texts! {
    /// A text of the import screen.
    Back => "Tilbage til søgning", "Back to search",
    Title => "Indlæs virksomhedsregister", "Import company register",
    Intro => "Indlæs virksomheder fra CVR-registret eller et regneark. Du ser først en forhåndsvisning — intet bliver indlæst, før du bekræfter.", "Import companies from the CVR register or a spreadsheet. You see a preview first — nothing is imported until you confirm.",
    NotAdmin => "Kun administratorer kan indlæse virksomhedsregistret.", "Only administrators can import the company register.",
    Format => "Filformat", "File format",
    FormatCvr => "CVR JSON (fra CVR-registret)", "CVR JSON (from the CVR register)",
    FormatCsv => "CSV regneark", "CSV spreadsheet",
    Full => "Fuld opdatering", "Full refresh",
    FullHint => "Filen rummer alle kommunens virksomheder. Virksomheder, der ikke er med i filen, bliver markeret som ophørte (inaktive). Intet slettes, og kontakthistorikken bevares.", "The file holds all the municipality's companies. Companies missing from the file are marked as ceased (inactive). Nothing is deleted, and the contact history is kept.",
    Municipality => "Kommune", "Municipality",
    MunicipalityOwn => "Kun kommunens egne virksomheder", "Only this municipality's companies",
    MunicipalityAll => "Alle kommuner i filen", "All municipalities in the file",
    MunicipalityHint => "Virksomheder med adresse i andre kommuner springes over.", "Companies with an address in other municipalities are skipped.",
    File => "Fil", "File",
    FileHint => "Vælg filen, eller træk den herind. Højst 200 MB.", "Choose the file, or drag it here. At most 200 MB.",
    Upload => "Send og vis forhåndsvisning", "Upload and preview",
    Uploading => "Sender filen …", "Uploading the file …",
    Checking => "Filen er sendt. Serveren kontrollerer den …", "The file is uploaded. The server is checking it …",
    Cancel => "Afbryd", "Cancel",
    UploadCancelled => "Afsendelsen blev afbrudt. Intet er indlæst.", "The upload was cancelled. Nothing was imported.",
    PreviewTitle => "Forhåndsvisning — intet er indlæst endnu", "Preview — nothing imported yet",
    FileSize => "Filstørrelse", "File size",
    Encoding => "Tegnsæt", "Encoding",
    Delimiter => "Skilletegn", "Delimiter",
    Columns => "Kolonner", "Columns",
    ColumnsHint => "Vælg, hvilken kolonne i filen hvert felt læses fra. Forhåndsvisningen opdateres, når du vælger.", "Choose the column of the file each field is read from. The preview is updated as you choose.",
    NoColumn => "(ingen)", "(none)",
    Remapping => "Opdaterer forhåndsvisningen …", "Updating the preview …",
    Required => "påkrævet", "required",
    FirstRows => "De første rækker", "The first rows",
    Row => "Række", "Row",
    DryRunTitle => "Det vil indlæsningen gøre", "What the import will do",
    ResultTitle => "Indlæsningen er gennemført", "The import is done",
    Read => "Læst", "Read",
    New => "Nye", "New",
    Changed => "Ændrede", "Changed",
    Ceased => "Ophørte (inaktive)", "Ceased (inactive)",
    Unchanged => "Uændrede", "Unchanged",
    Duplicates => "Gentagne CVR-numre", "Repeated CVR numbers",
    OtherMunicipality => "Anden kommune", "Other municipality",
    UnknownMunicipality => "Uden kommune", "No municipality",
    Rejected => "Afviste", "Rejected",
    NewList => "Nye virksomheder", "New companies",
    ChangedList => "Ændrede virksomheder", "Changed companies",
    CeasedList => "Ophørte (inaktive) virksomheder", "Ceased (inactive) companies",
    ReasonCeased => "ophørt i registret", "ceased in the register",
    ReasonMissing => "mangler i filen", "missing from the file",
    RejectedTitle => "Afviste rækker", "Rejected rows",
    Column => "Kolonne", "Column",
    Problem => "Fejl", "Problem",
    FullWarning => "Fuld opdatering: virksomheder, der mangler i filen, bliver inaktive.", "Full refresh: companies missing from the file become inactive.",
    Apply => "Importér", "Import",
    ApplySkipping => "Importér uden de afviste rækker", "Import without the rejected rows",
    Applying => "Indlæser …", "Importing …",
    Discard => "Kassér", "Discard",
    Discarded => "Filen er kasseret. Intet er indlæst.", "The file was discarded. Nothing was imported.",
    SyncNote => "Enhederne får ændringerne ved deres næste synkronisering.", "Devices get the changes at their next sync.",
    NewImport => "Indlæs en ny fil", "Import another file",
    RecentTitle => "Seneste indlæsninger", "Recent imports",
    NoImports => "Ingen indlæsninger endnu.", "No imports yet.",
    Loading => "Henter …", "Loading …",
    StatusPending => "Afventer", "Pending",
    StatusApplied => "Indlæst", "Imported",
    StatusDiscarded => "Kasseret", "Discarded",
    Resume => "Fortsæt", "Continue",
    FullBadge => "fuld opdatering", "full refresh",
    ErrOffline => "Import kræver forbindelse til serveren. Prøv igen, når du er online.", "Importing needs a connection to the server. Try again when you are online.",
    ErrForbidden => "Kun administratorer kan indlæse virksomhedsregistret.", "Only administrators can import the company register.",
    ErrSession => "Dit login er udløbet — log ind igen.", "Your login has expired — please log in again.",
    LogInAgain => "Log ind igen", "Log in again",
    ErrServer => "Serveren svarede ikke som forventet. Intet er indlæst — prøv igen om lidt.", "The server did not answer as expected. Nothing was imported — try again shortly.",
    ErrNoFile => "Vælg en fil først.", "Choose a file first.",
    ErrTooLarge => "Filen er større end 200 MB.", "The file is larger than 200 MB.",
    // Pieces of the formatted texts below.
    Of => "af", "of",
    RecordsRead => "poster læst", "records read",
    ShowingFirst => "Viser de første", "Showing the first",
    Record => "Post", "Record",
}

/// A register field's name ("Adresse"): the domain's Danish label, or its English one.
pub fn field_label(lang: Lang, field: RegisterField) -> &'static str {
    use RegisterField::*;
    let en = match field {
        Name => "Name",
        Address => "Address",
        CareOf => "c/o",
        MunicipalityCode => "Municipality code",
        Industry => "Main industry",
        SecondaryIndustries => "Secondary industries",
        Employees => "Employees",
        AdvertisingProtected => "Advertising protected",
        Active => "Active",
        PNumber => "P-number",
        CompanyForm => "Company form",
    };
    if lang == Lang::En { en } else { field.label_da() }
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
    format!("{percent} % — {} {} {}", bytes(lang, sent), t(lang, T::Of), bytes(lang, total))
}

/// "40 % — 12.000 poster læst" while an import is applied.
pub fn apply_progress(lang: Lang, done: u64, total: u64, records: u64) -> String {
    let percent = done.saturating_mul(100).checked_div(total).unwrap_or(0).min(100);
    format!("{percent} % — {} {}", number(lang, records), t(lang, T::RecordsRead))
}

/// "Viser de første 1.000 af 12.345" under a list the server cut short.
pub fn listed_of(lang: Lang, shown: usize, total: u64) -> String {
    let (showing, of) = (t(lang, T::ShowingFirst), t(lang, T::Of));
    format!("{showing} {} {of} {}", number(lang, shown as u64), number(lang, total))
}

/// "Post 3" for a CVR JSON record without a line number.
pub fn record(lang: Lang, n: u64) -> String {
    format!("{} {}", t(lang, T::Record), number(lang, n))
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
    fn sizes_read_in_the_language() {
        assert_eq!(bytes(Lang::Da, 512.0), "512 B");
        assert_eq!(bytes(Lang::Da, 2048.0), "2 kB");
        assert_eq!(bytes(Lang::Da, 1.5 * 1024.0 * 1024.0), "1,5 MB");
        assert_eq!(bytes(Lang::En, 1.5 * 1024.0 * 1024.0), "1.5 MB");
        assert_eq!(upload_progress(Lang::Da, 512.0, 1024.0), "50 % — 512 B af 1 kB");
        assert_eq!(apply_progress(Lang::Da, 40, 100, 12_000), "40 % — 12.000 poster læst");
        assert_eq!(apply_progress(Lang::En, 0, 0, 0), "0 % — 0 records read");
        assert_eq!(listed_of(Lang::En, 1000, 12_345), "Showing the first 1,000 of 12,345");
    }

    #[test]
    fn each_text_has_its_danish_and_english_side_by_side() {
        assert_eq!(t(Lang::Da, T::Apply), "Importér");
        assert_eq!(t(Lang::En, T::Apply), "Import");
        assert_eq!(field_label(Lang::Da, RegisterField::Address), "Adresse");
        assert_eq!(field_label(Lang::En, RegisterField::Address), "Address");
        assert_eq!(either(Lang::En, "dansk", ""), "dansk");
    }
}
