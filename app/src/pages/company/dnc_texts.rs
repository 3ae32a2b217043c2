//! Texts of the do-not-contact request's details (who asked, which units), Danish and
//! English; in the company screen's chunk, not in the field shell.

// rustfmt leaves macro tables alone: one text per line, however long.
crate::i18n::chunk_texts! {
    /// A text of the do-not-contact request's details.
    RequestedBy => "Hvem hos virksomheden bad om det", "Who at the company asked",
    RequestedByHint => "Navn eller rolle, f.eks. direktøren.", "Name or role, e.g. the director.",
    Scope => "Gælder for", "Applies to",
    ScopeHint => "Vælg ingen for at lade det gælde alle kommunens enheder.", "Choose none to make it apply to every unit of the municipality.",
    AllUnits => "alle enheder", "every unit",
    NotYourUnit => "Gælder ikke din enhed.", "Does not apply to your unit.",
}
