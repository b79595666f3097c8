//! Finding the header row of a sheet and what each column holds.

use super::grid::Grid;
use crate::config::{Config, Field};

/// How far down a sheet the header may be: title rows above it are common, dozens are not.
pub const MAX_HEADER_ROW: u32 = 30;

/// The header of a table: where it is and which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Sheet row of the (first) header row.
    pub row: u32,
    /// First data row: below a one- or two-row header.
    pub data_start: u32,
    /// Field → sheet column index, in sheet order.
    pub columns: Vec<(Field, u32)>,
}

impl Header {
    /// The sheet column holding `column`, if the table has it.
    pub fn col(&self, column: Field) -> Option<u32> {
        self.columns.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }
}

/// The first row within [`MAX_HEADER_ROW`] rows naming at least two known columns.
///
/// A second header row directly below (e.g. 評価 | 実績 under a merged 進捗状況) adds the
/// columns it names. An unnamed column of ★●◎ values is the 区分 column: the published
/// plans leave that header cell blank.
pub fn find(grid: &Grid, config: &Config) -> Option<Header> {
    let first = grid.first_row();
    let last = grid.last_row()?;
    let row = (first..=last.min(first + MAX_HEADER_ROW - 1))
        .find(|&r| named_columns(grid, r, config, &[]).len() >= 2)?;
    let mut columns = named_columns(grid, row, config, &[]);
    let mut data_start = row + 1;
    let below = named_columns(grid, row + 1, config, &[]);
    let adds_columns = below.iter().any(|(c, _)| !columns.iter().any(|(k, _)| k == c));
    if adds_columns && below.len() == grid.row_texts(row + 1).len() {
        // The lower row is the specific one: 評価 under a merged 進捗状況 replaces it.
        columns.retain(|(c, i)| !below.iter().any(|(bc, bi)| bc == c || bi == i));
        columns.extend(below);
        data_start += 1;
    }
    if !columns.iter().any(|(c, _)| *c == Field::Mark) {
        if let Some(col) = unnamed_mark_column(grid, row, data_start, &columns, config) {
            columns.push((Field::Mark, col));
        }
    }
    columns.sort_by_key(|(_, i)| *i);
    Some(Header { row, data_start, columns })
}

/// Known columns named in a row, first occurrence of each, skipping those in `taken`.
fn named_columns(grid: &Grid, row: u32, config: &Config, taken: &[(Field, u32)]) -> Vec<(Field, u32)> {
    let mut found: Vec<(Field, u32)> = Vec::new();
    for (col, text) in grid.row_texts(row) {
        let Some(column) = config.column_for(text) else {
            continue;
        };
        let seen = |list: &[(Field, u32)]| list.iter().any(|(c, i)| *c == column || *i == col);
        if !seen(&found) && !seen(taken) {
            found.push((column, col));
        }
    }
    found
}

/// A column with a blank header whose first values are all marks (★●◎).
fn unnamed_mark_column(
    grid: &Grid,
    header_row: u32,
    data_start: u32,
    columns: &[(Field, u32)],
    config: &Config,
) -> Option<u32> {
    let last = grid.last_row()?;
    (grid.origin.1..grid.end_col())
        .filter(|&c| grid.raw(header_row, c).is_empty() && !columns.iter().any(|(_, i)| *i == c))
        .find(|&c| {
            let values: Vec<&str> =
                (data_start..=last).map(|r| grid.raw(r, c)).filter(|t| !t.is_empty()).take(5).collect();
            !values.is_empty() && values.iter().all(|v| config.mark(v).is_some())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let cells = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
        Grid::new((0, 0), cells)
    }

    #[test]
    fn header_below_titles_and_blank_mark_column() {
        let g = grid(&[
            &["平成24年度市民協働(共働)推進アクションプラン"],
            &["施策1 協働(共働)の意識を高める!!"],
            &["", "項目", "アクションプランの内容", "関係部署"],
            &["◎", "自治会、地域で", "地域マネージャー制度を通じて…", "関係各部"],
            &["●", "情報媒体を活用した啓発活動", "条例の周知", "地域再生推進本部"],
        ]);
        let h = find(&g, &Config::default()).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.data_start, 3);
        assert_eq!(
            h.columns,
            vec![(Field::Mark, 0), (Field::Name, 1), (Field::Content, 2), (Field::Departments, 3)]
        );
    }

    #[test]
    fn two_row_header() {
        let g = grid(&[&["No", "項目", "進捗状況", ""], &["", "", "評価", "実績"], &["1", "a", "A", "b"]]);
        let h = find(&g, &Config::default()).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(h.col(Field::Grade), Some(2));
        assert_eq!(h.col(Field::Status), None);
        assert_eq!(h.col(Field::No), Some(0));
        assert_eq!(h.col(Field::Results), Some(3));
    }

    #[test]
    fn a_data_row_holding_a_column_name_is_data() {
        let g = grid(&[&["項目", "内容"], &["名前", "内容"]]);
        assert_eq!(find(&g, &Config::default()).unwrap().data_start, 1);
    }

    #[test]
    fn no_header_in_plain_text() {
        let g = grid(&[&["説明"], &["この様式に記入してください"]]);
        assert!(find(&g, &Config::default()).is_none());
    }
}
