//! Open data as CSV: one table of the report's content ([`Table`]), a header row of Japanese
//! column names, then one row per data row, one value per cell — as 総務省's rules for
//! machine-readable tables ask (no merged cells, no layout by spaces). UTF-8 with a byte order
//! mark and CRLF line ends, so Excel on Windows opens it with the right columns and characters.
//!
//! Text stays text: a value that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
//! would run as a formula when the file is opened in a spreadsheet; it is written with a `'`
//! in front, as OWASP advises for CSV export ([`guard`]). A plain number (`-5`, `+1.5`) is
//! data, not a formula, and stays as it is.

use crate::report::doc::Table;
use std::borrow::Cow;

/// The file's bytes.
///
/// # Errors
///
/// [`super::RenderError::Csv`] if the writer refuses a row (it does not, into memory; kept
/// rather than a panic).
pub fn write(table: &Table) -> Result<Vec<u8>, super::RenderError> {
    let mut writer =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(table.columns.iter().map(|c| guard(&c.title).into_owned()))?;
    for row in &table.rows {
        writer.write_record(row.cells.iter().map(|c| guard(&c.text).into_owned()))?;
    }
    writer.into_inner().map_err(|e| super::RenderError::Csv(e.into_error().into()))
}

/// A value a spreadsheet shows as text: with a `'` in front where it would start a formula.
///
/// ```
/// use kyodo::render::csv::guard;
/// assert_eq!(guard("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
/// assert_eq!(guard("@SUM(A1)"), "'@SUM(A1)");
/// assert_eq!(guard("\t=1"), "'\t=1");
/// assert_eq!(guard("-5"), "-5");
/// assert_eq!(guard("-1+2"), "'-1+2");
/// assert_eq!(guard("協働事業数"), "協働事業数");
/// ```
pub fn guard(text: &str) -> Cow<'_, str> {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && !is_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A plain decimal number, sign and point allowed (not `inf` or `1e5`, which Rust would parse).
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit())
}
