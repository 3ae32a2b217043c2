//! CSV exports of the desk's lists: semicolon-separated UTF-8 with a byte-order mark, as the
//! server's `/api/desk/…?format=csv` writes them, so spreadsheet programs read æøå.

use crate::services::records::{download, today};

/// The rows (the first is the header) as CSV text.
pub fn csv_text(rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    for row in rows {
        writer.write_record(row)?;
    }
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// Offers the rows as `kontaktpunkt-<name>-<today>.csv`.
pub fn offer(name: &str, rows: &[Vec<String>]) {
    let saved = csv_text(rows).map_err(|e| e.to_string()).and_then(|text| {
        download(&format!("kontaktpunkt-{name}-{}.csv", today()), "text/csv;charset=utf-8", &text)
            .map_err(|e| format!("{e:?}"))
    });
    if let Err(error) = saved {
        leptos::logging::error!("CSV export failed: {error}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_the_separator_or_quotes_are_quoted() {
        let rows = vec![
            vec!["CVR".to_owned(), "Navn".to_owned()],
            vec!["12345678".to_owned(), "Smed; \"Ø\" ApS".to_owned()],
        ];
        let text = csv_text(&rows).expect("csv");
        assert_eq!(text, "\u{feff}CVR;Navn\n12345678;\"Smed; \"\"Ø\"\" ApS\"\n");
    }
}
