//! The desk's texts: Danish (the default) and English side by side. They live in the desk's
//! chunk, so the field shell carries none of them.

use crate::i18n::{Lang, number};
use kontaktpunkt_domain::{ContactKind, EmployeeInterval};

// rustfmt leaves macro tables alone: one text per line, however long.
crate::i18n::chunk_texts! {
    /// A text of the coordinator's desk.
    Title => "Koordinatorens overblik", "Coordinator's desk",
    Intro => "Beregnet på enheden ud fra alle kommunens kontakter, der er synkroniseret hertil — virker også uden net.", "Computed on this device from every contact of the municipality synced here — works offline too.",
    Views => "Overblikkets visninger", "Views of the desk",
    AuditLog => "Log over kontaktsager", "Log of contact matters",
    ViewParallel => "Parallelle kontakter", "Parallel contacts",
    ViewStale => "Ikke kontaktet længe", "Not contacted for long",
    ViewCoverage => "Dækning", "Coverage",
    ViewFeedback => "Feedback", "Feedback",
    ViewDoNotContact => "Frabedt kontakt", "Do not contact",
    ViewUnits => "Enheder og kontaktpersoner", "Units and liaisons",
    ViewPlan => "Kontaktplan", "Contact plan",
    PlanIntro => "Forslag til, hvem der kontakter hvilke virksomheder i perioden: længst tid uden kontakt, størrelse, underdækkede brancher og åbne opfølgninger; aldrig virksomheder, der har frabedt sig kontakt. Gennemse, fjern rækker og offentliggør — så ser konsulenterne deres planlagte kontakter, også uden net. Kræver net.", "Suggests who should contact which companies in the period: longest without contact, size, under-covered industries and open follow-ups; never companies that asked not to be contacted. Review, remove rows and publish — the consultants then see their planned contacts, offline too. Needs the network.",
    Capacity => "Højst pr. konsulent", "At most per consultant",
    PlanCreate => "Lav forslag", "Suggest a plan",
    PlanList => "Planer", "Plans",
    NoPlans => "Ingen planer endnu.", "No plans yet.",
    PlanRows => "planlagte kontakter", "planned contacts",
    PlanDraft => "kladde", "draft",
    PlanPublished => "offentliggjort", "published",
    PlanPublish => "Offentliggør planen", "Publish the plan",
    PlanRemove => "Fjern", "Remove",
    PlanAssignee => "Hvem kontakter", "Who contacts",
    ViewAccessRequest => "Aktindsigt", "Access requests",
    AccessIntro => "Alle kontakter med én virksomhed i en periode, til at besvare en anmodning om aktindsigt: udskriv siden eller hent den som CSV. Andre enheders noter tilbageholdes for koordinatorer. Opslaget logges. Kræver net.", "Every contact with one company in a period, to answer an access-to-documents request: print the page or download it as CSV. Other units' notes are withheld from coordinators. The lookup is logged. Needs the network.",
    AccessCvr => "CVR-nummer", "CVR number",
    AccessFetch => "Hent kontakter", "Fetch contacts",
    AccessPrint => "Udskriv", "Print",
    AccessBadCvr => "Skriv virksomhedens CVR-nummer (8 cifre).", "Enter the company's CVR number (8 digits).",
    AccessNone => "Ingen kontakter med virksomheden i perioden.", "No contacts with the company in the period.",
    AccessWithheld => "Tilbageholdt (en anden enheds note)", "Withheld (another unit's note)",
    AccessCount => "kontakter", "contacts",
    Notes => "Noter", "Notes",
    FollowUp => "Opfølgning", "Follow-up",
    CallFailed => "Serveren svarede ikke som ventet — prøv igen.", "The server did not answer as expected — try again.",
    Why => "Hvorfor", "Why",
    Status => "Status", "Status",
    UnitsIntro => "Hver enhed har en kontaktperson til koordinatoren. Valget gemmes på serveren og kræver net.", "Each unit has a liaison to the coordinator. The choice is saved on the server and needs the network.",
    Liaison => "Kontaktperson", "Liaison",
    NoLiaison => "— ingen —", "— none —",
    CompaniesReached => "Virksomheder nået", "Companies reached",
    Save => "Gem", "Save",
    LiaisonSaved => "Gemt.", "Saved.",
    NeedsNetwork => "Kræver net — prøv igen, når der er forbindelse.", "Needs the network — try again when connected.",
    SessionExpired => "Log ind igen for at gemme.", "Log in again to save.",
    Loading => "Beregner overblikket …", "Computing the overview …",
    NotFound => "Den visning findes ikke.", "There is no such view.",
    WaitingForCompanies => "Virksomhederne er ikke hentet til enheden endnu. Overblikket vises, når de er.", "The companies are not on this device yet. The overview appears when they are.",
    From => "Fra", "From",
    To => "Til", "To",
    BadPeriod => "Vælg en periode, hvor 'fra' ligger før 'til'.", "Choose a period where 'from' is before 'to'.",
    WindowDays => "Inden for (dage)", "Within (days)",
    WindowHint => "To enheders kontakter tæller som parallelle, når de ligger højst så mange dage fra hinanden.", "Two units' contacts count as parallel when they lie at most this many days apart.",
    BadWindow => "Antal dage skal være et helt tal fra 0 til 366.", "The number of days must be a whole number from 0 to 366.",
    ParallelCount => "virksomheder med kontakt fra to eller flere enheder", "companies contacted by two or more units",
    ParallelTrend => "Virksomheder med flere enheder pr. måned, de seneste 12 måneder", "Companies with several units per month, the last 12 months",
    ParallelNone => "Ingen virksomheder har haft kontakt fra flere enheder i perioden.", "No company was contacted by several units in the period.",
    Company => "Virksomhed", "Company",
    Units => "Enheder", "Units",
    Contacts => "Kontakter", "Contacts",
    Month => "Måned", "Month",
    Count => "Antal", "Count",
    Months => "Ikke kontaktet i (måneder)", "Not contacted for (months)",
    BadMonths => "Antal måneder skal være et helt tal fra 1 til 120.", "The number of months must be a whole number from 1 to 120.",
    StaleCount => "aktive virksomheder uden kontakt i perioden", "active companies without contact in the period",
    NeverCount => "heraf aldrig kontaktet", "of which never contacted",
    IndustryGroup => "Branchegruppe", "Industry group",
    Employees => "Ansatte", "Employees",
    Area => "Postnummer", "Postal code",
    All => "Alle", "All",
    LastContact => "Seneste kontakt", "Last contact",
    Never => "Aldrig", "Never",
    ShowMore => "Vis flere", "Show more",
    ExportCsv => "Eksportér CSV", "Export CSV",
    NoneMatch => "Ingen virksomheder passer til filtrene.", "No companies match the filters.",
    CoverageSummary => "af de aktive virksomheder havde kontakt i perioden", "of the active companies were contacted in the period",
    ByIndustryGroup => "Efter branchegruppe", "By industry group",
    BySection => "Branchekoder (DB07-hovedafdelinger) i gruppen", "DB07 sections in the group",
    ByArea => "Efter postnummer", "By postal code",
    Population => "Virksomheder", "Companies",
    Contacted => "Kontaktet", "Contacted",
    Share => "Andel", "Share",
    FarBelow => "langt under kommunens gennemsnit", "far below the municipality's average",
    Average => "Kommunens gennemsnit", "The municipality's average",
    Drill => "Vis hovedafdelinger", "Show sections",
    Responses => "Besvarelser", "Responses",
    AverageSatisfaction => "Gennemsnitlig tilfredshed (1–5)", "Average satisfaction (1–5)",
    RelevantShare => "Fandt kontakten relevant", "Found the contact relevant",
    ByUnit => "Efter enhed", "By unit",
    ByMonth => "Efter måned", "By month",
    Comments => "Kommentarer, nyeste først", "Comments, newest first",
    FilterComments => "Søg i kommentarerne", "Search the comments",
    NoComments => "Ingen kommentarer i perioden.", "No comments in the period.",
    NoResponses => "Ingen besvarelser i perioden.", "No responses in the period.",
    Unit => "Enhed", "Unit",
    Planned => "planlagt", "planned",
    Person => "Medarbejder", "Person",
    Kind => "Kontaktform", "Kind",
    Date => "Dato", "Date",
    Satisfaction => "Tilfredshed", "Satisfaction",
    Relevant => "Relevant", "Relevant",
    Yes => "Ja", "Yes",
    No => "Nej", "No",
    Comment => "Kommentar", "Comment",
    NoAnswer => "Ikke besvaret", "Not answered",
    SurveyTitle => "Spørgeskemaet (version 2)", "The survey (version 2)",
    SurveyIntro => "Spørgsmål, som kun version 2 af skemaet stiller; gennemsnit af dem, der svarede.", "Questions only version 2 of the form asks; means of those who answered.",
    SurveyResponses => "Besvarelser af version 2", "Responses to version 2",
    OneOrganisation => "Én samlet kommune (1–5)", "One coordinated municipality (1–5)",
    Dialogue => "Dialog og information (1–5)", "Dialogue and information (1–5)",
    LabourHelp => "Jobcentrets hjælp til arbejdskraft (1–5)", "The jobcenter's help with labour (1–5)",
    ContactFrequency => "Kontakthyppighed", "Contact frequency",
    TooOften => "Kontaktet for ofte", "Contacted too often",
    AboutRight => "Passende", "About right",
    TooRarely => "For sjældent", "Too rarely",
    NotRelevant => "Ikke relevant", "Not relevant",
    MayContact => "Må kontaktes om svarene", "May be contacted about the answers",
    QuestionsVersion => "Skemaversion", "Form version",
    DncCount => "virksomheder har frabedt sig kontakt", "companies asked not to be contacted",
    DncFilter => "Filtrér på virksomhed, CVR eller begrundelse", "Filter by company, CVR or reason",
    Reason => "Begrundelse", "Reason",
    RegisteredBy => "Registreret af", "Registered by",
    RegisteredOn => "Registreret", "Registered",
    RequestedBy => "Bedt om af", "Asked by",
    AppliesTo => "Gælder for", "Applies to",
    AllUnits => "alle enheder", "every unit",
    Lift => "Ophæv", "Lift",
    History => "Historik", "History",
    NoHistory => "Ingen historik registreret.", "No history recorded.",
    FlagSet => "frabedt", "asked not to be contacted",
    FlagLifted => "ophævet", "lifted",
    LiftReason => "Hvorfor ophæves det? (påkrævet)", "Why is it lifted? (required)",
    LiftConfirm => "Ophæv frabedt kontakt", "Lift do-not-contact",
    LiftNeedsReason => "Skriv en begrundelse for at ophæve.", "Write a reason to lift it.",
    Cancel => "Annullér", "Cancel",
    NoFlags => "Ingen virksomheder har frabedt sig kontakt.", "No company has asked not to be contacted.",
    Unknown => "Ukendt", "Unknown",
    KindVisit => "Besøg", "Visit",
    KindPhone => "Telefon", "Phone",
    KindMeeting => "Møde", "Meeting",
    KindEvent => "Arrangement", "Event",
    KindEmail => "E-mail", "E-mail",
}

/// The text of `key` as a reactive view or attribute value (one closure type for all texts).
pub fn kind(kind: ContactKind) -> T {
    match kind {
        ContactKind::Visit => T::KindVisit,
        ContactKind::Phone => T::KindPhone,
        ContactKind::Meeting => T::KindMeeting,
        ContactKind::Event => T::KindEvent,
        ContactKind::Email => T::KindEmail,
    }
}

/// "12,5 %" / "12.5 %".
pub fn percent(lang: Lang, share: f64) -> String {
    let text = format!("{:.1} %", share * 100.0);
    match lang {
        Lang::Da => text.replace('.', ","),
        Lang::En => text,
    }
}

/// "3,8" / "3.8", or "–" without a value.
pub fn decimal(lang: Lang, value: Option<f64>) -> String {
    match value {
        None => "–".to_owned(),
        Some(v) => {
            let text = format!("{v:.1}");
            if lang == Lang::Da { text.replace('.', ",") } else { text }
        }
    }
}

/// A count with its noun: "57 virksomheder med …".
pub fn counted(lang: Lang, n: usize, key: T) -> String {
    format!("{} {}", number(lang, n as u64), t(lang, key))
}

/// Employee intervals as the register writes them ("10–19").
pub fn employees(lang: Lang, interval: EmployeeInterval) -> &'static str {
    match interval {
        EmployeeInterval::Unknown => t(lang, T::Unknown),
        other => other.label(),
    }
}

/// "2026-11" as "nov. 26" / "Nov 26": a column label in a monthly chart.
pub fn month_short(lang: Lang, key: &str) -> String {
    let long = month(lang, key);
    match long.rsplit_once(' ') {
        Some((name, year)) if year.len() == 4 => format!("{name} {}", &year[2..]),
        _ => long,
    }
}

/// "2026-11" as "nov. 2026" / "Nov 2026".
pub fn month(lang: Lang, key: &str) -> String {
    const DA: [&str; 12] =
        ["jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."];
    const EN: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (year, m) = key.split_once('-').unwrap_or((key, ""));
    let index = m.parse::<usize>().ok().and_then(|m| m.checked_sub(1)).filter(|m| *m < 12);
    match index {
        Some(i) => format!("{} {year}", if lang == Lang::Da { DA[i] } else { EN[i] }),
        None => key.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_and_months_read_in_each_language() {
        assert_eq!(percent(Lang::Da, 0.125), "12,5 %");
        assert_eq!(percent(Lang::En, 0.125), "12.5 %");
        assert_eq!(decimal(Lang::Da, Some(3.84)), "3,8");
        assert_eq!(decimal(Lang::En, None), "–");
        assert_eq!(month(Lang::Da, "2026-05"), "maj 2026");
        assert_eq!(month(Lang::En, "2026-11"), "Nov 2026");
        assert_eq!(month(Lang::En, "junk"), "junk");
        assert_eq!(month_short(Lang::Da, "2026-05"), "maj 26");
    }
}
