//! A sheet as a grid of cleaned texts at their real positions, with merged cells resolved.

use std::collections::{HashMap, HashSet};

/// A rectangle of merged cells, zero-based and inclusive: (top, left) to (bottom, right).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// One sheet's cells. Coordinates are the sheet's own (zero-based), so the A1 reference of any
/// value is known wherever it travels.
#[derive(Debug, Default)]
pub struct Grid {
    /// Position of `cells[0][0]` in the sheet.
    pub origin: (u32, u32),
    cells: Vec<Vec<String>>,
    /// A cell covered by a vertical merge → the merge's top-left cell, which holds the value.
    merged_from: HashMap<(u32, u32), (u32, u32)>,
    /// Top-left cells of merges spanning two or more columns (headings across the table).
    wide: HashSet<(u32, u32)>,
    /// Whether the file format records merges at all (xlsx, xls do; ods, xlsb, csv do not).
    pub has_merge_data: bool,
}

impl Grid {
    /// A grid from rows of cleaned cell texts starting at `origin`.
    pub fn new(origin: (u32, u32), cells: Vec<Vec<String>>) -> Grid {
        Grid { origin, cells, ..Grid::default() }
    }

    /// Records merged regions. A vertical merge gives its value to every row it spans (in its
    /// first column); a horizontal one marks a heading written across the table.
    pub fn set_merges(&mut self, merges: &[Merge]) {
        self.has_merge_data = true;
        for m in merges {
            if m.right > m.left {
                self.wide.insert((m.top, m.left));
            }
            // Bounded by the grid: a merge reaching far below the data adds nothing.
            let bottom = m.bottom.min(self.last_row().unwrap_or(0));
            for r in m.top + 1..=bottom {
                self.merged_from.insert((r, m.left), (m.top, m.left));
            }
        }
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
        self.origin.1 + self.cells.iter().map(Vec::len).max().unwrap_or(0) as u32
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
        let at = self.merged_from.get(&(row, col)).copied().unwrap_or((row, col));
        (self.raw(at.0, at.1), at)
    }

    /// Whether this cell starts a merge spanning several columns.
    pub fn is_wide(&self, row: u32, col: u32) -> bool {
        self.wide.contains(&(row, col))
    }

    /// The non-empty texts of a row written in the row itself, left to right, with their columns.
    pub fn row_texts(&self, row: u32) -> Vec<(u32, &str)> {
        (self.origin.1..self.end_col())
            .map(|c| (c, self.raw(row, c)))
            .filter(|(_, t)| !t.is_empty())
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
