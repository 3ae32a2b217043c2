//! Short Danish texts consultants and companies write: contact notes, follow-ups, feedback
//! comments and reasons for not wanting contact.
//!
//! Placeholders: `{role}` a job the company hires for, `{n}` a small number, `{F}` the first
//! name of the person at the company, `{weeks}` a number of weeks.

use crate::names::FIRST_NAMES;
use crate::pick::{DemoRng, one};
use kontaktpunkt_domain::{ContactKind, Purpose};
use rand::Rng;

/// One reason per do-not-contact company.
pub const DO_NOT_CONTACT_REASONS: [&str; 12] = [
    "Bliver kontaktet af for mange forskellige enheder fra kommunen.",
    "Ønsker ikke at blive kontaktet – har travlt i højsæsonen og vender selv tilbage.",
    "Ejeren har frabedt sig opkald; henvendelser skal ske skriftligt via revisor.",
    "Virksomheden er under afvikling.",
    "Har ingen behov for praktikanter eller løntilskud og ønsker ikke flere opkald.",
    "Ønsker ikke besøg; vil selv rette henvendelse ved behov.",
    "Generationsskifte i gang – ønsker ro indtil videre.",
    "Henviser til koncernens HR-afdeling; lokal kontakt ønskes ikke.",
    "Dårlig oplevelse med et tidligere praktikforløb.",
    "Kun kontakt via e-mail til direktøren, ingen opkald eller besøg.",
    "Har frabedt sig kontakt efter flere opkald i samme uge.",
    "Ønsker ikke kontakt fra kommunen om rekruttering.",
];

/// Jobs the jobcenter and the youth effort talk to a company about, by DB07 section.
fn roles(section: char) -> &'static [&'static str] {
    match section {
        'C' => &["smede", "CNC-operatører", "produktionsmedarbejdere", "lagermedarbejdere"],
        'F' => &["tømrere", "elektrikere", "murere", "VVS-montører", "malere"],
        'G' => &["salgsassistenter", "lagermedarbejdere", "mekanikere", "butiksmedhjælpere"],
        'H' => &["chauffører", "lagermedarbejdere", "disponenter"],
        'I' => &["kokke", "tjenere", "opvaskere", "køkkenmedhjælpere"],
        'Q' => &["SOSU-assistenter", "sygeplejersker", "klinikassistenter", "pædagogmedhjælpere"],
        'N' => &["rengøringsassistenter", "anlægsgartnere", "vikarer"],
        'A' => &["landbrugsmedhjælpere", "fodermestre", "maskinførere"],
        'M' | 'J' | 'K' => &["bogholdere", "kontorassistenter", "udviklere"],
        _ => &["medarbejdere", "ufaglærte medhjælpere"],
    }
}

fn notes_for(purpose: Purpose) -> &'static [&'static str] {
    match purpose {
        Purpose::Recruitment => &[
            "Virksomheden søger {n} nye {role}. Vi sender relevante kandidater inden for en uge.",
            "Talte med {F} om rekrutteringsbehov – mangler {role} fra næste måned.",
            "Jobopslag gennemgået sammen med {F}; vi matcher kandidater fra jobcentret.",
            "{F} efterspørger {role}. Aftalt jobsamtaler med {n} kandidater.",
            "Drøftet rekruttering via jobrotation og opkvalificering af ledige.",
        ],
        Purpose::JobTraining => &[
            "Aftalt virksomhedspraktik i {weeks} uger for én borger.",
            "Virksomheden er åben for praktikanter; kontaktperson er {F}.",
            "Praktikforløb evalueret – går godt, mulighed for ansættelse bagefter.",
            "{F} kan tage {n} borgere i praktik som {role}.",
        ],
        Purpose::WageSubsidy => &[
            "Drøftet løntilskudsstilling; ansøgning sendes i denne uge.",
            "Forlængelse af løntilskud for nuværende medarbejder aftalt med {F}.",
            "Mulighed for løntilskud til {role} gennemgået med {F}.",
        ],
        Purpose::Retention => &[
            "Medarbejder på nedsat tid efter sygdom; drøftet fastholdelsesplan.",
            "Opfølgning på sygemeldt medarbejder – delvis raskmelding aftalt.",
            "Gennemgået muligheder for fleksjob og §56-aftale med {F}.",
        ],
        Purpose::BusinessDevelopment => &[
            "Virksomhedsbesøg: talte om vækstplaner og eksport. Henvist til Erhvervshus Midtjylland.",
            "Generationsskifte på vej; tilbudt sparring og kontakt til rådgiver.",
            "Drøftet udvidelse af produktionsarealet og lokalplanen. Vi tager kontakt til Teknik og Miljø.",
            "Grøn omstilling: interesse for energigennemgang og støttemuligheder.",
            "{F} fortalte om nye produkter og behov for kvalificeret arbejdskraft.",
            "Ny virksomhed – velkomstbesøg og introduktion til kommunens erhvervsservice.",
        ],
        Purpose::PupilPlacement => &[
            "Kan tage {n} elever i erhvervspraktik i uge {weeks}.",
            "Aftale om erhvervspraktik for 8. klasse fornyet med {F}.",
            "{F} vil gerne vise eleverne, hvad det vil sige at arbejde som {role}.",
        ],
        Purpose::YouthEmployment => &[
            "Drøftet fritidsjob til unge mellem 15 og 17 år.",
            "Mulighed for lærepladser til unge fra FGU; {F} vender tilbage.",
            "Ung på vej i læreplads; aftalt fælles opfølgning med {F}.",
            "Virksomheden vil gerne have en ung i flexjob/praktik som {role}.",
        ],
        Purpose::Other => &[
            "Generel snak om samarbejdet med kommunen.",
            "Henvendelse om kommunens tilbud; sendt information på mail.",
            "Kort opfølgning – intet konkret behov lige nu.",
        ],
    }
}

/// A note for a contact with its first purpose; events and e-mails get their own opening.
pub fn contact_note(rng: &mut DemoRng, purpose: Purpose, kind: ContactKind, section: char) -> String {
    let template = one(rng, notes_for(purpose));
    let body = fill(rng, template, section);
    let opening = match kind {
        ContactKind::Event => one(rng, &["Mødt på erhvervsdagen. ", "Mødt til netværksmøde. ", ""]),
        ContactKind::Email => one(rng, &["Mail: ", ""]),
        ContactKind::Phone if rng.random_bool(0.3) => "Telefonsamtale. ",
        _ => "",
    };
    format!("{opening}{body}")
}

/// What the consultant promised to do next.
pub fn follow_up_note(rng: &mut DemoRng, purpose: Purpose) -> String {
    let notes: &[&str] = match purpose {
        Purpose::Recruitment => &["Send kandidater", "Ring og hør om samtalerne", "Følg op på jobopslaget"],
        Purpose::JobTraining => &["Ring og hør om praktikstart", "Midtvejsevaluering af praktikken"],
        Purpose::WageSubsidy => &["Følg op på ansøgningen", "Send materiale om løntilskud"],
        Purpose::Retention => {
            &["Opfølgningsmøde med medarbejder og leder", "Tjek status på delvis raskmelding"]
        }
        Purpose::BusinessDevelopment => &["Aftal møde med direktøren", "Send kontakt til Erhvervshuset"],
        Purpose::PupilPlacement => &["Send elevliste", "Bekræft praktikuger"],
        Purpose::YouthEmployment => &["Ring til den unge og virksomheden", "Følg op på læreplads"],
        Purpose::Other => &["Nyt besøg efter sommerferien", "Send information"],
    };
    one(rng, notes).to_owned()
}

/// A feedback comment fitting the satisfaction; often empty, as in real forms.
pub fn feedback_comment(rng: &mut DemoRng, satisfaction: u8) -> String {
    if rng.random_bool(0.45) {
        return String::new();
    }
    let comments: &[&str] = match satisfaction {
        5 => &["Meget brugbart møde.", "God og konkret dialog.", "Tak for besøget!", "Hurtig hjælp – tak."],
        4 => &["Fint møde, vi hører gerne mere.", "Godt, men lidt kort tid.", "Relevante kandidater."],
        3 => &["OK, men ikke helt relevant for os lige nu.", "Vi mangler stadig at høre nyt."],
        _ => &[
            "Vi er blevet kontaktet af flere fra kommunen samme måned.",
            "Ikke relevant for vores virksomhed.",
            "Vi hørte aldrig tilbage efter mødet.",
        ],
    };
    one(rng, comments).to_owned()
}

fn fill(rng: &mut DemoRng, template: &str, section: char) -> String {
    template
        .replace("{role}", one(rng, roles(section)))
        .replace("{n}", &rng.random_range(2..=4).to_string())
        .replace("{F}", one(rng, FIRST_NAMES))
        .replace("{weeks}", &rng.random_range(4..=13).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pick::stream;

    #[test]
    fn notes_have_no_unfilled_placeholders() {
        let mut rng = stream(4, 1);
        for purpose in Purpose::ALL {
            for kind in ContactKind::ALL {
                for _ in 0..20 {
                    let note = contact_note(&mut rng, purpose, kind, 'C');
                    assert!(!note.contains('{') && !note.is_empty(), "{note}");
                }
            }
            assert!(!follow_up_note(&mut rng, purpose).is_empty());
        }
    }

    #[test]
    fn reasons_are_distinct() {
        let mut reasons = DO_NOT_CONTACT_REASONS.to_vec();
        reasons.sort_unstable();
        reasons.dedup();
        assert_eq!(reasons.len(), 12);
    }
}
