//! CSV files: UTF-8 (with or without BOM) or Shift_JIS / CP932, as Japanese Excel writes them.

use super::grid::Grid;
use super::SheetSource;
use crate::text::clean_cell;
use std::path::Path;

/// Largest CSV kyodo reads: far beyond any plan, small enough to hold in memory.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a CSV file as one sheet named after the file.
pub fn read(path: &Path) -> Result<Vec<SheetSource>, String> {
    let size = std::fs::metadata(path).map_err(|e| format!("開けません（{e}）"))?.len();
    if size > MAX_BYTES {
        return Err(format!("CSV が大きすぎます（{} MB、上限 {} MB）", size >> 20, MAX_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("開けません（{e}）"))?;
    let text = decode(&bytes);
    let grid = parse(&text).map_err(|e| format!("CSV として読めません（{e}）"))?;
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(vec![SheetSource { name, hidden: false, grid: Ok(grid) }])
}

/// UTF-8 when the bytes are valid UTF-8 (BOM dropped), else CP932, which is what
/// encoding_rs calls Shift_JIS.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

fn parse(text: &str) -> Result<Grid, csv::Error> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(record?.iter().map(clean_cell).collect());
    }
    Ok(Grid::new((0, 0), rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_encodings() {
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("項目,内容\n地域,①支援");
        assert_eq!(decode(&sjis), "項目,内容\n地域,①支援");
        assert_eq!(decode("\u{feff}項目".as_bytes()), "項目");
    }

    #[test]
    fn quoted_breaks_stay_in_the_cell() {
        let g = parse("項目,内容\n\"a\",\"一行目\r\n二行目\"\n").unwrap();
        assert_eq!(g.raw(1, 1), "一行目\n二行目");
    }
}
