//! Writing a [`Table`] of the sheet model: the header row, the rows under it, every column
//! sized to its contents ([`super::measure`]) and every row tall enough for every line of its
//! cells. A cell holds at most 32,767 characters in Excel, so a longer text goes on in the
//! rows below, marked 「※続き」, which kyodo's import reads as a note; the splits it records say
//! where.

use super::measure::{column_px, fit_widths, line_count, row_height, Measures};
use crate::render::RenderError;
use crate::report::sheet::{SheetCell, Table, Value};
use rayon::prelude::*;
use rust_xlsxwriter::{Format, IgnoreError, Worksheet};
use std::collections::HashMap;

/// Excel's limit on the length of a cell, in UTF-16 code units.
pub const MAX_CELL: usize = 32_767;
/// The first cell of a row continuing the text of the row above. It starts with ※ so that
/// kyodo's import takes the row for a note, not an item.
pub const CONTINUED: &str = "※続き";

/// Parts of a text no longer than Excel's cell limit, cut after a line break where one falls in
/// the last tenth of a part, else between characters. Nothing is dropped: the parts joined
/// give the text back.
///
/// ```
/// use kyodo::render::xlsx::table::{split_cell, MAX_CELL};
/// let long = "あ".repeat(MAX_CELL + 10);
/// let parts = split_cell(&long);
/// assert_eq!(parts.len(), 2);
/// assert_eq!(parts.concat(), long);
/// assert_eq!(split_cell("短い"), ["短い"]);
/// ```
pub fn split_cell(text: &str) -> Vec<&str> {
    if text.len() <= MAX_CELL {
        return vec![text]; // no more UTF-16 units than UTF-8 bytes
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > MAX_CELL {
        let mut end = 0;
        let mut units = 0;
        let mut last_break = None;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > MAX_CELL {
                break;
            }
            end = i + c.len_utf8();
            if c == '\n' && units > MAX_CELL - MAX_CELL / 10 {
                last_break = Some(end);
            }
        }
        let cut = last_break.unwrap_or(end);
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    parts.push(rest);
    parts
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// A cell whose text was longer than Excel allows and goes on in the rows below.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Split {
    /// Which of the rows given it was.
    pub index: usize,
    /// Zero-based row and column of the first part.
    pub row: u32,
    /// Zero-based column of the cell.
    pub col: u16,
    /// How many rows the text takes.
    pub parts: usize,
    /// Its length in characters.
    pub chars: usize,
}

/// Where a table was written.
#[derive(Debug, Clone)]
pub(crate) struct Written {
    /// Zero-based row of the header.
    pub header_row: u32,
    /// The last row written (the header row when there are no rows).
    pub last_row: u32,
    /// Widths chosen, in half-width units.
    pub widths: Vec<f64>,
    /// The cells continued in the rows below.
    pub splits: Vec<Split>,
}

/// Writes `table` in the `formats` of the workbook's styles: the header row in the table's
/// header style, the rows, then the headers that have a style of their own (in that order, so
/// the sheet's formats keep the order Excel files written before had); sizes the columns and
/// rows. `extra` rows come after the table's own (the findings of a review sheet); `measures`
/// holds what the workbook's texts measured so far.
pub(crate) fn write_table<'t>(
    ws: &mut Worksheet,
    table: &'t Table<'t>,
    extra: &'t [Vec<SheetCell<'t>>],
    formats: &[Format],
    measures: &Measures,
) -> Result<Written, RenderError> {
    let mut rows: Vec<&'t [SheetCell<'t>]> = table.rows.iter().chain(extra).map(Vec::as_slice).collect();
    if rows.is_empty() {
        rows.extend(table.placeholder.as_deref());
    }
    let (top, columns) = (table.top, &table.columns);
    let widths = fit_widths(columns, &rows, table.budget, measures);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width_pixels(c as u16, column_px(*w))?;
    }
    let header_lines = columns.iter().zip(&widths).map(|(col, w)| line_count(&col.title, *w)).max();
    for (c, col) in columns.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, &col.title, &formats[table.header.0])?;
    }
    ws.set_row_height(top, row_height(header_lines.unwrap_or(1)))?;
    // Row heights depend on the column widths only: the lines of every row are counted on
    // every core first (in row order), then the rows are written in order.
    let lines: Vec<Vec<usize>> = rows
        .par_iter()
        .map_init(HashMap::new, |seen, row| row_lines(row, &widths, table.min_lines, seen))
        .collect();
    let mut writer = RowWriter { lines, formats, splits: Vec::new() };
    let mut next = top + 1;
    for (index, row) in rows.iter().enumerate() {
        next = writer.write(ws, next, index, row)?;
    }
    let splits = writer.splits;
    let last_row = next - 1;
    if !columns.is_empty() && last_row > top {
        let last_col = columns.len() as u16 - 1;
        // No is text ("1-1", "12"): Excel's green "number stored as text" marks are noise.
        ws.ignore_error_range(top + 1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    for (c, col) in columns.iter().enumerate() {
        if let Some(style) = col.header {
            ws.write_string_with_format(top, c as u16, &col.title, &formats[style.0])?;
        }
    }
    Ok(Written { header_row: top, last_row, widths, splits })
}

/// Texts already measured in a column, by where they are held: 施策, 目標 and 関係部署 come
/// again on row after row as the same model text, and breaking them again is most of the work.
/// The address is the key (hashing whole texts cost a tenth of the workbook); an equal text
/// held elsewhere is only measured again.
type Seen = HashMap<(usize, usize, usize), usize>;

/// Lines of each sheet row that a table row takes: one entry per part of its longest cell
/// (one, unless a text passes Excel's cell limit), each the most lines of a cell in it.
fn row_lines(row: &[SheetCell], widths: &[f64], min_lines: usize, seen: &mut Seen) -> Vec<usize> {
    let parts: Vec<Vec<&str>> = row.iter().map(|cell| split_cell(cell.value.text())).collect();
    let rows = parts.iter().map(Vec::len).max().unwrap_or(1);
    (0..rows)
        .map(|k| {
            let texts = row.iter().zip(&parts).enumerate().filter_map(|(c, (cell, p))| match cell.value {
                Value::Text(_) => p.get(k).filter(|t| !t.is_empty()).map(|t| (c, *t)),
                _ => None,
            });
            texts.fold(min_lines, |lines, (c, text)| lines.max(text_lines(seen, widths[c], c, text)))
        })
        .collect()
}

/// Lines of `text` in column `col`, `width` half-width units wide.
fn text_lines(seen: &mut Seen, width: f64, col: usize, text: &str) -> usize {
    if !text.contains('\n') && text.len() as f64 <= width {
        return 1; // no wider than its bytes: no need to look it up
    }
    *seen.entry((col, text.as_ptr() as usize, text.len())).or_insert_with(|| line_count(text, width))
}

/// Writes the rows of a table and sizes them.
struct RowWriter<'t> {
    /// [`row_lines`] of every row, counted before.
    lines: Vec<Vec<usize>>,
    formats: &'t [Format],
    splits: Vec<Split>,
}

impl<'t> RowWriter<'t> {
    /// Writes row `index` at sheet row `r` (and its continuation rows); returns the next free
    /// row.
    fn write(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        index: usize,
        row: &'t [SheetCell<'t>],
    ) -> Result<u32, RenderError> {
        let parts: Vec<Vec<&str>> = row.iter().map(|cell| split_cell(cell.value.text())).collect();
        let rows = parts.iter().map(Vec::len).max().unwrap_or(1);
        for (c, p) in parts.iter().enumerate().filter(|(_, p)| p.len() > 1) {
            let chars = row[c].value.text().chars().count();
            self.splits.push(Split { index, row: r, col: c as u16, parts: p.len(), chars });
        }
        for k in 0..rows {
            let at = r + k as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match (&cell.value, parts[c].get(k).copied()) {
                    (Value::Number(n), _) if k == 0 => {
                        ws.write_number_with_format(at, col, *n, self.format(cell))?;
                    }
                    (Value::Text(_), Some(text)) if !text.is_empty() => {
                        ws.write_string_with_format(at, col, text, self.format(cell))?;
                    }
                    _ if c == 0 && k > 0 => {
                        ws.write_string_with_format(at, col, CONTINUED, self.format(cell))?;
                    }
                    _ => {
                        // A continuation row is formatted like its first cell: nobody writes in it.
                        let format = if k > 0 { self.format(&row[0]) } else { self.format(cell) };
                        ws.write_blank(at, col, format)?;
                    }
                }
            }
            ws.set_row_height(at, row_height(self.lines[index][k]))?;
        }
        Ok(r + rows as u32)
    }

    fn format(&self, cell: &SheetCell) -> &'t Format {
        &self.formats[cell.style.0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_splits_at_a_line_break() {
        let line = format!("{}\n", "い".repeat(99));
        let text = line.repeat(400); // 40,000 characters
        let parts = split_cell(&text);
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| utf16_len(p) <= MAX_CELL));
        assert!(parts[0].ends_with('\n'), "cut after a line");
        let astral = "𠮷".repeat(MAX_CELL);
        assert!(split_cell(&astral).iter().all(|p| utf16_len(p) <= MAX_CELL && !p.is_empty()));
    }
}
