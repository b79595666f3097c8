//! A sheet as a grid of cleaned texts at their real positions, with merged cells resolved.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Most characters kept of one cell: three times Excel's own limit (32,767), which a CSV may
/// pass (the xlsx output splits such a cell over rows). Anything longer is no plan's text; it is
/// cut to this length where it is read (and reported), so every later step holds and lays out
/// a bounded text.
pub const MAX_CELL_CHARS: usize = 100_000;

/// A cell whose text was cut to [`MAX_CELL_CHARS`]: where, and how long it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutCell {
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
    /// Its length in characters before the cut.
    pub chars: usize,
}

/// The cleaned text of a cell at (row, col), cut to [`MAX_CELL_CHARS`]; a cut is recorded in
/// `cut`. Cutting comes first, so a 30 MB value is never cleaned (copied) whole.
pub fn cell_text(raw: &str, row: u32, col: u32, cut: &mut Vec<CutCell>) -> String {
    if raw.len() <= MAX_CELL_CHARS {
        return crate::text::clean_cell(raw); // no more characters than bytes: nothing to cut
    }
    match raw.char_indices().nth(MAX_CELL_CHARS) {
        None => crate::text::clean_cell(raw),
        Some((end, _)) => {
            let chars = MAX_CELL_CHARS + raw[end..].chars().count();
            cut.push(CutCell { row, col, chars });
            crate::text::clean_cell(&raw[..end])
        }
    }
}

/// A rectangle of merged cells, zero-based and inclusive: (top, left) to (bottom, right).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merge {
    /// First row.
    pub top: u32,
    /// First column.
    pub left: u32,
    /// Last row.
    pub bottom: u32,
    /// Last column.
    pub right: u32,
}

/// One sheet's cells. Coordinates are the sheet's own (zero-based), so the A1 reference of any
/// value is known wherever it travels.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Grid {
    /// Position of `cells[0][0]` in the sheet.
    pub origin: (u32, u32),
    cells: Vec<Vec<String>>,
    /// Column → the (top, bottom) rows of merges starting in it, sorted by top. Kept as spans,
    /// not per covered cell, so a file with many tall merges costs its merges, not their area.
    vertical: HashMap<u32, Vec<(u32, u32)>>,
    /// Top-left cells of merges spanning two or more columns (headings across the table),
    /// with the last column each spans (a group heading over its sub-headers).
    wide: HashMap<(u32, u32), u32>,
    /// Whether the file format records merges at all (xlsx, xls do; ods, xlsb, csv do not).
    pub has_merge_data: bool,
    /// Cells whose text was cut to [`MAX_CELL_CHARS`] on reading.
    pub cut: Vec<CutCell>,
    /// One past the last column (sheet coordinates), computed once: asking for it per row
    /// made the import quadratic in the rows.
    end_col: u32,
}

impl Grid {
    /// A grid from rows of cleaned cell texts starting at `origin`. Empty cells at the end of
    /// each row are dropped, so a sparse sheet costs its values, not its extent.
    pub fn new(origin: (u32, u32), mut cells: Vec<Vec<String>>) -> Grid {
        for row in &mut cells {
            let len = row.iter().rposition(|t| !t.is_empty()).map_or(0, |i| i + 1);
            row.truncate(len);
            row.shrink_to_fit();
        }
        let width = cells.iter().map(Vec::len).max().unwrap_or(0) as u32;
        Grid { origin, cells, end_col: origin.1 + width, ..Grid::default() }
    }

    /// Records merged regions. A vertical merge gives its value to every row it spans (in its
    /// first column); a horizontal one marks a heading written across the table.
    pub fn set_merges(&mut self, merges: &[Merge]) {
        self.has_merge_data = true;
        for m in merges {
            if m.right > m.left {
                self.wide.insert((m.top, m.left), m.right);
            }
            if m.bottom > m.top {
                self.vertical.entry(m.left).or_default().push((m.top, m.bottom));
            }
        }
        for spans in self.vertical.values_mut() {
            spans.sort_unstable();
        }
    }

    /// The top-left cell of the vertical merge covering this cell below its first row.
    fn merged_from(&self, row: u32, col: u32) -> Option<(u32, u32)> {
        let spans = self.vertical.get(&col)?;
        let i = spans.partition_point(|&(top, _)| top < row);
        let &(top, bottom) = spans.get(i.checked_sub(1)?)?;
        (row <= bottom).then_some((top, col))
    }

    /// The last row index (sheet coordinates), or None for an empty sheet.
    pub fn last_row(&self) -> Option<u32> {
        (!self.cells.is_empty()).then(|| self.origin.0 + self.cells.len() as u32 - 1)
    }

    /// The first row index (sheet coordinates).
    pub fn first_row(&self) -> u32 {
        self.origin.0
    }

    /// One past the last column index (sheet coordinates).
    pub fn end_col(&self) -> u32 {
        self.end_col
    }

    /// The text written in a cell itself (no merge resolution); "" when empty or outside.
    pub fn raw(&self, row: u32, col: u32) -> &str {
        let (Some(r), Some(c)) = (row.checked_sub(self.origin.0), col.checked_sub(self.origin.1)) else {
            return "";
        };
        self.cells.get(r as usize).and_then(|cells| cells.get(c as usize)).map_or("", String::as_str)
    }

    /// The value shown in a cell, following vertical merges, with the cell that holds it.
    pub fn value(&self, row: u32, col: u32) -> (&str, (u32, u32)) {
        let at = self.merged_from(row, col).unwrap_or((row, col));
        (self.raw(at.0, at.1), at)
    }

    /// Whether this cell starts a merge spanning several columns.
    pub fn is_wide(&self, row: u32, col: u32) -> bool {
        self.wide.contains_key(&(row, col))
    }

    /// The column where a merge across columns covering (row, col) starts, when one does and
    /// it starts left of `col`: the group heading a sub-header stands under.
    pub fn merged_left(&self, row: u32, col: u32) -> Option<u32> {
        self.wide
            .iter()
            .filter(|(&(top, left), &right)| top == row && left < col && col <= right)
            .map(|(&(_, left), _)| left)
            .next()
    }

    /// The last row and column of the merge whose top-left is (row, col): (row, col) itself
    /// for a cell merged with none (a 個票's label merged across, its value merged down).
    pub fn merge_end(&self, row: u32, col: u32) -> (u32, u32) {
        let right = self.wide.get(&(row, col)).copied().unwrap_or(col);
        let spans = self.vertical.get(&col).map_or(&[][..], Vec::as_slice);
        let bottom = spans.iter().find(|&&(top, _)| top == row).map_or(row, |&(_, bottom)| bottom);
        (bottom, right)
    }

    /// The non-empty texts of a row written in the row itself, left to right, with their columns.
    pub fn row_texts(&self, row: u32) -> Vec<(u32, &str)> {
        let cells = row.checked_sub(self.origin.0).and_then(|r| self.cells.get(r as usize));
        cells
            .into_iter()
            .flatten()
            .zip(self.origin.1..)
            .filter(|(t, _)| !t.is_empty())
            .map(|(t, c)| (c, t.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vertical_merge_fills_rows_below() {
        let cells = vec![
            vec!["施策1".to_string(), "a".to_string()],
            vec![String::new(), "b".to_string()],
            vec![String::new(), "c".to_string()],
        ];
        let mut g = Grid::new((4, 2), cells);
        g.set_merges(&[Merge { top: 4, left: 2, bottom: 100, right: 2 }]);
        assert_eq!(g.value(6, 2), ("施策1", (4, 2)));
        assert_eq!(g.raw(6, 2), "");
        assert_eq!(g.value(6, 3), ("c", (6, 3)));
        assert_eq!(g.last_row(), Some(6));
        assert_eq!(g.row_texts(5), vec![(3, "b")]);
    }
}
