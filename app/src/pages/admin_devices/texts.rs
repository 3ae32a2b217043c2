//! The devices screen's texts, Danish and English; in its chunk, not in the field shell.

// rustfmt leaves macro tables alone: one text per line, however long.
crate::i18n::chunk_texts! {
    /// A text of the admin's devices screen.
    Title => "Enheder (telefoner og computere)", "Devices (phones and computers)",
    Intro => "Hver installation af Kontaktpunkt, der har været logget ind, også dem hvis login er udløbet: en mistet telefon har stadig sine data. Spær en mistet eller stjålet telefon: dens sessioner ophører straks, og næste gang den har forbindelse, sletter appen alle sine data på den — også det, der ikke var synkroniseret. Kræver net.", "Every installation of Kontaktpunkt that has logged in, also those whose login has expired: a lost phone still holds its data. Revoke a lost or stolen phone: its sessions end at once, and the next time it is online the app wipes all its data on it — including anything not yet synced. Needs the network.",
    Count => "enheder", "devices",
    User => "Bruger", "User",
    Browser => "Browser", "Browser",
    LastUsed => "Sidst brugt", "Last used",
    Sessions => "Gyldige sessioner", "Valid sessions",
    Status => "Status", "Status",
    Active => "Aktiv", "Active",
    RevokedBy => "Spærret", "Revoked",
    Revoke => "Spær enheden", "Revoke device",
    Reason => "Hvorfor (f.eks. mistet telefon)", "Why (e.g. lost phone)",
    ReasonRequired => "Skriv hvorfor enheden spærres.", "Say why the device is revoked.",
    Confirm => "Spær og slet data på enheden", "Revoke and wipe the device",
    Cancel => "Annullér", "Cancel",
    Loading => "Henter enheder …", "Loading devices …",
    None => "Ingen enheder er logget ind.", "No devices are logged in.",
    Unknown => "ukendt", "unknown",
    NeedsNetwork => "Kræver net — prøv igen, når der er forbindelse.", "Needs the network — try again when connected.",
    SessionExpired => "Log ind igen.", "Log in again.",
    Forbidden => "Kun administratorer kan se og spærre enheder.", "Only administrators see and revoke devices.",
    CallFailed => "Serveren svarede ikke som ventet — prøv igen.", "The server did not answer as expected — try again.",
}
