//! Text encoding and delimiter of a spreadsheet extract.
//!
//! Excel on a Danish Windows saves "CSV" as Windows-1252 with semicolons, "CSV UTF-8" with a
//! byte-order mark, and "Unicode text" as UTF-16 with tabs; LibreOffice and scripts write plain
//! UTF-8 with commas. All of these are read; binary files are refused with a hint.

use crate::error::CsvError;
use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::fmt;

/// The encoding a file was decoded with, to show the admin what was assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// Windows-1252, the Excel superset of Latin-1 (ISO 8859-1).
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl TextEncoding {
    /// A short name ("Windows-1252").
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf8Bom => "UTF-8 (BOM)",
            Self::Windows1252 => "Windows-1252 (Latin-1)",
            Self::Utf16Le => "UTF-16LE",
            Self::Utf16Be => "UTF-16BE",
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What a binary file looks like, to tell the admin what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryKind {
    /// An .xlsx/.ods (zip) or old .xls workbook.
    Workbook,
    Pdf,
    /// gzip or similar.
    Compressed,
    /// Control characters where text should be.
    Unknown,
}

impl fmt::Display for BinaryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Workbook => "it is a spreadsheet workbook; save it as CSV first",
            Self::Pdf => "it is a PDF document",
            Self::Compressed => "it is compressed; unpack it first",
            Self::Unknown => "it holds binary data",
        })
    }
}

impl BinaryKind {
    /// The hint in Danish.
    pub fn message_da(self) -> &'static str {
        match self {
            Self::Workbook => "det er en regnearksfil; gem den som CSV først",
            Self::Pdf => "det er et PDF-dokument",
            Self::Compressed => "den er komprimeret; pak den ud først",
            Self::Unknown => "den indeholder binære data",
        }
    }
}

/// Decodes the bytes, choosing the encoding from the byte-order mark, UTF-8 validity and
/// otherwise Windows-1252.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), CsvError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CsvError::Empty);
    }
    let signatures: [(&[u8], BinaryKind); 5] = [
        (b"PK\x03\x04", BinaryKind::Workbook),
        (b"\xD0\xCF\x11\xE0", BinaryKind::Workbook),
        (b"%PDF", BinaryKind::Pdf),
        (b"\x1F\x8B", BinaryKind::Compressed),
        (b"BZh", BinaryKind::Compressed),
    ];
    if let Some((_, kind)) = signatures.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(CsvError::NotText(*kind));
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        let text = std::str::from_utf8(rest)
            .map_err(|e| CsvError::InvalidEncoding { encoding: "UTF-8", detail: e.to_string() })?;
        (text.to_owned(), TextEncoding::Utf8Bom)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, TextEncoding::Utf16Le)?, TextEncoding::Utf16Le)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, TextEncoding::Utf16Be)?, TextEncoding::Utf16Be)
    } else if bytes.contains(&0) {
        return Err(CsvError::NotText(BinaryKind::Unknown));
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), TextEncoding::Utf8)
    } else {
        // Windows-1252 maps every byte to a character, so it cannot fail; what it cannot tell
        // is garbage, which the control-character check below catches.
        let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
        (text.into_owned(), TextEncoding::Windows1252)
    };
    if looks_binary(&text) {
        return Err(CsvError::NotText(BinaryKind::Unknown));
    }
    Ok((text, encoding))
}

fn utf16(bytes: &[u8], encoding: TextEncoding) -> Result<String, CsvError> {
    let codec = if encoding == TextEncoding::Utf16Le { UTF_16LE } else { UTF_16BE };
    codec.decode_without_bom_handling_and_without_replacement(bytes).map(|t| t.into_owned()).ok_or(
        CsvError::InvalidEncoding { encoding: encoding.label(), detail: "invalid UTF-16 data".to_owned() },
    )
}

/// More than 1 % control characters (other than tab and line breaks) is not a spreadsheet.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            control += 1;
        }
    }
    control * 100 > total
}

/// Chooses `;`, tab or `,` by how often each occurs outside quotes in the header line.
/// Semicolon wins ties: it is what a Danish Excel writes, and addresses hold commas.
pub(crate) fn detect_delimiter(text: &str) -> Result<u8, CsvError> {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    let mut best: Option<(u8, usize)> = None;
    for candidate in [b';', b'\t', b','] {
        let count = count_outside_quotes(header, candidate as char);
        if count > 0 && best.is_none_or(|(_, c)| count > c) {
            best = Some((candidate, count));
        }
    }
    best.map(|(d, _)| d).ok_or_else(|| CsvError::SingleColumn { header: header.chars().take(80).collect() })
}

fn count_outside_quotes(line: &str, delimiter: char) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for c in line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_xlsx_workbook_is_refused_with_a_hint() {
        assert!(matches!(decode(b"PK\x03\x04rest"), Err(CsvError::NotText(BinaryKind::Workbook))));
    }

    #[test]
    fn utf16_with_bom_as_excel_unicode_text_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("CVR\tNavn\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (text, encoding) = decode(&bytes).expect("decodes");
        assert_eq!((text.as_str(), encoding), ("CVR\tNavn\n", TextEncoding::Utf16Le));
        assert_eq!(detect_delimiter(&text).ok(), Some(b'\t'));
    }

    #[test]
    fn control_character_garbage_is_not_text() {
        let garbage: Vec<u8> = (0u8..=255).cycle().skip(1).take(2000).filter(|b| *b != 0).collect();
        assert!(matches!(decode(&garbage), Err(CsvError::NotText(BinaryKind::Unknown))));
    }

    #[test]
    fn delimiters_inside_quotes_do_not_count() {
        assert_eq!(detect_delimiter("\"a;b;c\",x,y\n").ok(), Some(b','));
    }
}
