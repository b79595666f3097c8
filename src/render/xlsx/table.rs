//! Writing a [`Table`] of the sheet model: the header row, the rows under it, every column
//! sized to its contents ([`super::measure`]) and every row tall enough for every line of its
//! cells. A cell holds at most 32,767 characters in Excel, so a longer text goes on in the
//! rows below, marked 「※続き」, which kyodo's import reads as a note; the splits it records say
//! where.

use super::measure::{column_px, fit_widths, line_count, row_height, Measures};
use crate::render::RenderError;
use crate::report::sheet::{Paper, SheetCell, Table, Value};
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

/// A table measured before any of it is written: the rows it shows (its own, then `extra`,
/// or its placeholder), the column widths, the lines of the header and of every row, and so
/// where everything will go. Measuring is the work (kyodo breaks every text into lines), and
/// it needs no worksheet: every table of a workbook is measured on every core, then written
/// row by row in order.
pub(crate) struct Measured<'t> {
    rows: Vec<&'t [SheetCell<'t>]>,
    header_lines: usize,
    /// [`row_lines`] of every row.
    lines: Vec<Vec<usize>>,
    /// Where the table will be.
    pub written: Written,
}

impl Measured<'_> {
    /// Points the table takes down the sheet: its header and every row, as written.
    pub(crate) fn height_pt(&self) -> f64 {
        let rows: f64 = self.lines.iter().flatten().map(|l| row_height(*l)).sum();
        row_height(self.header_lines) + rows
    }
}

/// Measures `table` with `extra` rows after its own (the findings of a review sheet), into
/// the workbook's `measures`.
pub(crate) fn measure<'t>(
    table: &'t Table<'t>,
    extra: &'t [Vec<SheetCell<'t>>],
    measures: &Measures,
    paper: Paper,
) -> Measured<'t> {
    let mut rows: Vec<&'t [SheetCell<'t>]> = table.rows.iter().chain(extra).map(Vec::as_slice).collect();
    if rows.is_empty() {
        rows.extend(table.placeholder.as_deref());
    }
    let columns = &table.columns;
    // The table's own budget, and never wider than prints at 8 pt on the page.
    let budget = table.budget.min(super::measure::print_budget(columns.len(), paper));
    let widths = fit_widths(columns, &rows, budget, measures);
    let header_lines =
        columns.iter().zip(&widths).map(|(col, w)| line_count(&col.title, *w)).max().unwrap_or(1);
    // Row heights depend on the column widths only: the lines of every row are counted on
    // every core (in row order).
    let lines: Vec<Vec<usize>> = rows
        .par_iter()
        .map_init(HashMap::new, |seen, row| row_lines(row, &widths, table.min_lines, seen))
        .collect();
    let mut splits = Vec::new();
    let mut next = table.top + 1;
    for (index, (row, parts)) in rows.iter().zip(&lines).enumerate() {
        splits.extend(splits_of(row, index, next));
        next += parts.len() as u32;
    }
    let written = Written { header_row: table.top, last_row: next - 1, widths, splits };
    Measured { rows, header_lines, lines, written }
}

/// The cells of `row` (row `index` of the table, at sheet row `r`) too long for one cell.
fn splits_of(row: &[SheetCell], index: usize, r: u32) -> Vec<Split> {
    row.iter()
        .enumerate()
        .filter_map(|(c, cell)| {
            let text = cell.value.text();
            if text.len() <= MAX_CELL {
                return None; // no more UTF-16 units than UTF-8 bytes: one cell
            }
            let parts = split_cell(text).len();
            (parts > 1).then(|| Split { index, row: r, col: c as u16, parts, chars: text.chars().count() })
        })
        .collect()
}

/// Writes a `measured` table in the `formats` of the workbook's styles, in row order: the
/// header row (each title in its column's header style, else the table's), then the rows.
pub(crate) fn write_table(
    ws: &mut Rows,
    table: &Table,
    measured: &Measured,
    formats: &[Format],
) -> Result<(), RenderError> {
    let (top, columns, widths) = (table.top, &table.columns, &measured.written.widths);
    for (c, w) in widths.iter().enumerate() {
        ws.sheet().set_column_width_pixels(c as u16, column_px(*w))?;
    }
    for (c, col) in columns.iter().enumerate() {
        let style = col.header.unwrap_or(table.header);
        ws.string(top, c as u16, &col.title, &formats[style.0])?;
    }
    ws.height(top, row_height(measured.header_lines))?;
    let writer = RowWriter { lines: &measured.lines, formats };
    let mut next = top + 1;
    for (index, row) in measured.rows.iter().enumerate() {
        next = writer.write(ws, next, index, row)?;
    }
    let last_row = next - 1;
    if !columns.is_empty() && last_row > top {
        let last_col = columns.len() as u16 - 1;
        // No is text ("1-1", "12"): Excel's green "number stored as text" marks are noise.
        ws.sheet().ignore_error_range(top + 1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    Ok(())
}

/// A worksheet written row by row, as rust_xlsxwriter's low-memory mode needs: a row is on
/// disk once a later one is written, and a write to it after that would be dropped without a
/// word. Every cell goes through here, and a write above the row in hand is refused: an
/// error, never a cell missing from the report.
pub(crate) struct Rows<'w> {
    ws: &'w mut Worksheet,
    row: u32,
}

impl<'w> Rows<'w> {
    pub(crate) fn new(ws: &'w mut Worksheet) -> Rows<'w> {
        Rows { ws, row: 0 }
    }

    /// The worksheet, for what is not in a row (widths, ranges, print setup).
    pub(crate) fn sheet(&mut self) -> &mut Worksheet {
        self.ws
    }

    fn at(&mut self, row: u32) -> Result<&mut Worksheet, RenderError> {
        if row < self.row {
            return Err(RenderError::RowOrder { row: row + 1, after: self.row + 1 });
        }
        self.row = row;
        Ok(self.ws)
    }

    pub(crate) fn string(
        &mut self,
        row: u32,
        col: u16,
        text: &str,
        format: &Format,
    ) -> Result<(), RenderError> {
        self.at(row)?.write_string_with_format(row, col, text, format)?;
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, n: f64, format: &Format) -> Result<(), RenderError> {
        self.at(row)?.write_number_with_format(row, col, n, format)?;
        Ok(())
    }

    pub(crate) fn blank(&mut self, row: u32, col: u16, format: &Format) -> Result<(), RenderError> {
        self.at(row)?.write_blank(row, col, format)?;
        Ok(())
    }

    pub(crate) fn height(&mut self, row: u32, points: f64) -> Result<(), RenderError> {
        self.at(row)?.set_row_height(row, points)?;
        Ok(())
    }

    /// A text merged across columns `first..=last` of one row.
    pub(crate) fn merged(
        &mut self,
        row: u32,
        (first, last): (u16, u16),
        text: &str,
        format: &Format,
    ) -> Result<(), RenderError> {
        self.at(row)?.merge_range(row, first, row, last, text, format)?;
        Ok(())
    }
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
    lines: &'t [Vec<usize>],
    formats: &'t [Format],
}

impl<'t> RowWriter<'t> {
    /// Writes row `index` at sheet row `r` (and its continuation rows); returns the next free
    /// row.
    fn write(&self, ws: &mut Rows, r: u32, index: usize, row: &[SheetCell]) -> Result<u32, RenderError> {
        // Measuring counted the sheet rows it takes: only a row with a text too long for a
        // cell is split again, on the one thread that writes.
        let rows = self.lines[index].len();
        let parts: Vec<Vec<&str>> = if rows > 1 {
            row.iter().map(|cell| split_cell(cell.value.text())).collect()
        } else {
            Vec::new()
        };
        let part = |c: usize, k: usize| match parts.get(c) {
            Some(p) => p.get(k).copied(),
            None => Some(row[c].value.text()),
        };
        for k in 0..rows {
            let at = r + k as u32;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match (&cell.value, part(c, k)) {
                    (Value::Number(n), _) if k == 0 => ws.number(at, col, *n, self.format(cell))?,
                    (Value::Text(_), Some(text)) if !text.is_empty() => {
                        ws.string(at, col, text, self.format(cell))?
                    }
                    _ if c == 0 && k > 0 => ws.string(at, col, CONTINUED, self.format(cell))?,
                    _ => {
                        // A continuation row is formatted like its first cell: nobody writes in it.
                        let format = if k > 0 { self.format(&row[0]) } else { self.format(cell) };
                        ws.blank(at, col, format)?;
                    }
                }
            }
            ws.height(at, row_height(self.lines[index][k]))?;
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
    fn a_row_above_one_written_is_refused_not_dropped() {
        let mut ws = Worksheet::new();
        let mut rows = Rows::new(&mut ws);
        let format = Format::new();
        rows.string(4, 0, "五行目", &format).unwrap();
        rows.height(4, 30.0).unwrap();
        rows.string(4, 1, "同じ行", &format).unwrap();
        let err = rows.string(2, 0, "三行目", &format).unwrap_err();
        assert!(matches!(err, RenderError::RowOrder { row: 3, after: 5 }), "{err:?}");
        assert!(err.to_string().contains("3 行目を 5 行目の後"), "{err}");
        assert!(rows.merged(3, (0, 2), "注", &format).is_err());
        rows.string(6, 0, "七行目", &format).unwrap();
    }

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
