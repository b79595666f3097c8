//! CSV files: UTF-8 (with or without BOM) or Shift_JIS / CP932, as Japanese Excel writes them.

use super::envelope::{MAX_CELLS, MAX_ROWS};
use super::grid::{self, CutCell, Grid};
use super::{ImportError, SheetSource};
use std::path::Path;

/// Largest CSV kyodo reads: far beyond any plan, small enough to hold in memory.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a CSV file as one sheet named after the file. Memory stays near twice the file size:
/// the decoded text and the record being read; each cell is cut to
/// [`super::grid::MAX_CELL_CHARS`] before it is cleaned. Rows and cells are bounded as a
/// workbook's are ([`super::envelope`]): the reading stops at the first row past them.
pub fn read(path: &Path) -> Result<Vec<SheetSource>, ImportError> {
    let size = std::fs::metadata(path).map_err(|e| ImportError::io(&e))?.len();
    if size > MAX_BYTES {
        return Err(ImportError::CsvTooLarge { mb: size >> 20, limit_mb: MAX_BYTES >> 20 });
    }
    let bytes = std::fs::read(path).map_err(|e| ImportError::io(&e))?;
    let text = decode(bytes);
    let grid = parse(&text)?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(vec![SheetSource { name, hidden: false, grid: Ok(grid) }])
}

/// UTF-8 when the bytes are valid UTF-8 (BOM dropped, no copy), else CP932, which is what
/// encoding_rs calls Shift_JIS.
pub fn decode(mut bytes: Vec<u8>) -> String {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => encoding_rs::SHIFT_JIS.decode(e.as_bytes()).0.into_owned(),
    }
}

/// Records as rows. The csv crate skips empty lines, but a spreadsheet shows them as empty
/// rows: they are put back, so cell references in messages match what the user sees.
fn parse(text: &str) -> Result<Grid, ImportError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let (mut rows, mut cut): (Vec<Vec<String>>, Vec<CutCell>) = (Vec::new(), Vec::new());
    let mut next_line = 1;
    let mut width = 0;
    let unreadable = |e: csv::Error| ImportError::Csv { detail: e.to_string() };
    while reader.read_record(&mut record).map_err(unreadable)? {
        let line = record.position().map_or(next_line, |p| p.line() + leading_breaks(text, p.byte()));
        width = width.max(record.len() as u64);
        within_envelope(line, width)?;
        rows.extend((next_line..line).map(|_| Vec::new()));
        let r = rows.len() as u32;
        rows.push((0..).zip(record.iter()).map(|(c, f)| grid::cell_text(f, r, c, &mut cut)).collect());
        next_line = line + 1 + record.iter().map(|f| line_breaks(f.as_bytes())).sum::<u64>();
    }
    let mut grid = Grid::new((0, 0), rows);
    grid.cut = cut;
    Ok(grid)
}

/// Refuses a CSV whose `rows`-th row (one-based) makes it longer than [`MAX_ROWS`] or, at
/// `width` columns, larger than [`MAX_CELLS`], as the guard refuses such a workbook.
fn within_envelope(rows: u64, width: u64) -> Result<(), ImportError> {
    if rows > MAX_ROWS {
        return Err(ImportError::TooManyRows { limit: MAX_ROWS });
    }
    let cells = rows.saturating_mul(width);
    if cells > MAX_CELLS {
        return Err(ImportError::TooManyCells { cells, limit: MAX_CELLS });
    }
    Ok(())
}

/// Empty lines the csv crate skipped at `at` before the record it positions there.
fn leading_breaks(text: &str, at: u64) -> u64 {
    let rest = text.as_bytes().get(at as usize..).unwrap_or_default();
    let run = rest.iter().position(|b| !matches!(b, b'\r' | b'\n')).unwrap_or(rest.len());
    line_breaks(&rest[..run])
}

/// Line breaks inside a quoted field (CRLF counts once), as the csv crate counts lines.
fn line_breaks(b: &[u8]) -> u64 {
    (0..b.len()).filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n'))).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_encodings() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("項目,内容\n地域,①支援");
        assert_eq!(decode(sjis.into_owned()), "項目,内容\n地域,①支援");
        assert_eq!(decode("\u{feff}項目".as_bytes().to_vec()), "項目");
    }

    #[test]
    fn quoted_breaks_stay_in_the_cell() {
        let g = parse("項目,内容\n\"a\",\"一行目\r\n二行目\"\n").unwrap();
        assert_eq!(g.raw(1, 1), "一行目\n二行目");
    }

    #[test]
    fn empty_lines_are_empty_rows() {
        let g = parse("項目,内容\n\n\"a\",\"一\n二\"\n\nb,c\n").unwrap();
        assert_eq!(g.raw(2, 0), "a");
        assert_eq!(g.raw(4, 0), "b");
        assert_eq!(g.last_row(), Some(4));
    }

    #[test]
    fn rows_and_cells_past_the_envelope_are_refused() {
        let rows = |n: u64, line: &str| format!("項目,内容\n{}", line.repeat(n as usize - 1));
        assert!(parse(&rows(MAX_ROWS, "a,b\n")).is_ok());
        let err = parse(&rows(MAX_ROWS + 1, "a,b\n")).unwrap_err();
        assert_eq!(err, ImportError::TooManyRows { limit: MAX_ROWS });
        assert!(err.to_string().contains("250,000 行"), "{err}");
        let wide = format!("{}\n", ",".repeat(99));
        let err = parse(&rows(MAX_CELLS / 100 + 1, &wide)).unwrap_err();
        assert!(matches!(err, ImportError::TooManyCells { .. }), "{err}");
    }

    #[test]
    fn long_cells_are_cut_and_recorded() {
        let long = "あ".repeat(grid::MAX_CELL_CHARS + 5);
        let g = parse(&format!("項目,内容\nx,{long}\n")).unwrap();
        assert_eq!(g.raw(1, 1).chars().count(), grid::MAX_CELL_CHARS);
        assert_eq!(g.cut, vec![CutCell { row: 1, col: 1, chars: grid::MAX_CELL_CHARS + 5 }]);
    }
}
