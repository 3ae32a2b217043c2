//! The hand-over feedback form's texts, Danish and English, worded for the company (who holds
//! the phone). `{k}` stands for the contact ("besøget", "telefonsamtalen" …).

use crate::i18n::Lang;
use kontaktpunkt_domain::ContactKind;

// rustfmt leaves macro tables alone: one text per line, however long.
crate::i18n::chunk_texts! {
    /// A text of the hand-over feedback form.
    Title => "Hvad syntes I om {k}?", "What did you think of {k}?",
    Intro => "Kommunen vil gerne blive bedre til at samarbejde med virksomhederne. Det tager et minut; I kan springe alle spørgsmål over undtagen det første.", "The municipality wants to work better with companies. It takes a minute; you may skip every question but the first.",
    Satisfaction => "Hvor tilfredse er I med {k}?", "How satisfied are you with {k}?",
    SatisfactionLow => "1 = meget utilfredse", "1 = very dissatisfied",
    SatisfactionHigh => "5 = meget tilfredse", "5 = very satisfied",
    Relevant => "Gav {k} mening for jer?", "Did {k} make sense for you?",
    OneOrganisation => "Oplever I kommunen som én samlet organisation?", "Do you experience the municipality as one coordinated organisation?",
    OneOrganisationScale => "1 = slet ikke, 5 = i høj grad", "1 = not at all, 5 = very much",
    Frequency => "Bliver I kontaktet af kommunen …", "Does the municipality contact you …",
    TooOften => "For ofte", "Too often",
    AboutRight => "Passende", "About right",
    TooRarely => "For sjældent", "Too rarely",
    Dialogue => "Hvordan vurderer I kommunens dialog og information?", "How do you rate the municipality's dialogue and information?",
    GoodScale => "1 = meget dårlig, 5 = meget god", "1 = very poor, 5 = very good",
    LabourHelp => "Hvordan vurderer I jobcentrets hjælp til at finde arbejdskraft?", "How do you rate the jobcenter's help with finding labour?",
    NotRelevant => "Ikke relevant for os", "Not relevant to us",
    Better => "Hvad kunne kommunen gøre bedre?", "What could the municipality do better?",
    MayContact => "Må kommunen kontakte jer om jeres svar?", "May the municipality contact you about your answers?",
    Yes => "Ja", "Yes",
    No => "Nej", "No",
    NoAnswer => "Ønsker ikke at svare", "Prefer not to answer",
    Send => "Send svar", "Send answers",
    ErrSatisfaction => "Vælg hvor tilfredse I er, fra 1 til 5", "Choose how satisfied you are, from 1 to 5",
    Thanks => "Tak — giv telefonen tilbage", "Thank you — please hand the phone back",
    ThanksText => "Jeres svar er gemt.", "Your answers are saved.",
    ForConsultant => "Til konsulenten", "For the consultant",
    EndAsk => "Er du konsulenten? Afslut og vis virksomheden igen.", "Are you the consultant? End and show the company again.",
    AbortAsk => "Er du konsulenten? Afbryd uden at gemme svarene.", "Are you the consultant? Stop without saving the answers.",
    EndConfirm => "Ja, afslut", "Yes, end",
    AbortConfirm => "Ja, afbryd", "Yes, stop",
    Continue => "Fortsæt", "Continue",
    Label => "Virksomhedens tilbagemelding", "The company's feedback",
}

/// The contact as the company calls it, in the questions: "besøget", "the phone call".
pub fn contact_noun(lang: Lang, kind: ContactKind) -> &'static str {
    let (da, en) = match kind {
        ContactKind::Visit => ("besøget", "the visit"),
        ContactKind::Phone => ("telefonsamtalen", "the phone call"),
        ContactKind::Meeting => ("mødet", "the meeting"),
        ContactKind::Event => ("arrangementet", "the event"),
        ContactKind::Email => ("henvendelsen", "the e-mail"),
    };
    match lang {
        Lang::Da => da,
        Lang::En => en,
    }
}

/// `key`'s text with the contact named for its kind.
pub fn worded(lang: Lang, key: T, kind: ContactKind) -> String {
    t(lang, key).replace("{k}", contact_noun(lang, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_name_the_kind_of_contact() {
        assert_eq!(worded(Lang::Da, T::Relevant, ContactKind::Phone), "Gav telefonsamtalen mening for jer?");
        assert_eq!(
            worded(Lang::En, T::Satisfaction, ContactKind::Meeting),
            "How satisfied are you with the meeting?"
        );
        assert_eq!(worded(Lang::Da, T::Title, ContactKind::Visit), "Hvad syntes I om besøget?");
    }
}
