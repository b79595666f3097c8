//! Finding the header of a sheet and what each column holds.
//!
//! A header is one to three rows: the first row naming two known columns, and below it the rows
//! of sub-headers under group cells (「令和6年度」 merged over 進捗状況 | 実績 | 課題, or written
//! again above each of them). Every column is named by its path from the top row down
//! (「令和6年度／進捗状況」) and read by it ([`paths`]): the known column its lowest name gives,
//! the fiscal year any of its names states, the plan's schedule (年度別計画), or nothing.

mod groups;
mod paths;

pub use paths::{column_of, header_year};

use super::grid::Grid;
use crate::config::{Config, Field};

/// How far down a sheet the header may be: title rows above it are common, dozens are not.
pub const MAX_HEADER_ROW: u32 = 30;

/// Most rows a header spans: a row of names, of groups above them, of years above those.
pub const MAX_HEADER_ROWS: u32 = 3;

/// The header of a table: where it is and which column holds what.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Sheet row of the (first) header row.
    pub row: u32,
    /// First data row: below a header of one to [`MAX_HEADER_ROWS`] rows.
    pub data_start: u32,
    /// Field → sheet column index, in sheet order.
    pub columns: Vec<(Field, u32)>,
    /// Further groups of columns: numbered indicators (指標2, 単位2, …) and earlier years'
    /// progress (令和5年度 評価, 実績, …), each read into its own cells of a row.
    pub groups: Vec<Group>,
    /// The fiscal year of the main columns when the sheet has one column group per year (the
    /// latest of them), or states it in their names (「令和6年度の実績」): the year the sheet
    /// reports on.
    pub year: Option<i32>,
    /// Every column with a header, as (sheet column, its path 「令和6年度／進捗状況」).
    pub names: Vec<(u32, String)>,
    /// Columns of the plan's schedule (年度別計画, 「令和6年度の計画」) with the year each is
    /// for: kept apart, never read as progress.
    pub schedule: Vec<(u32, Option<i32>)>,
    /// Columns of 進捗状況 read as the grade because their values are on the scale.
    pub graded_status: Vec<u32>,
    /// Progress columns of the year before the sheet's (「前年度評価」) where the header
    /// states no year: they become that year's group once the sheet's year is known
    /// ([`Header::previous_year_is`]).
    pub previous: Vec<(Field, u32)>,
}

/// What a further group of columns holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupKey {
    /// 指標n, 単位n, 基準値n, 目標値n, 目標年度n, 実績値n: the n-th indicator of the row.
    Indicator(u32),
    /// The progress columns of an earlier fiscal year.
    Year(i32),
}

/// A group of columns beside the main ones.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// What the group holds: the n-th indicator, or an earlier year.
    pub key: GroupKey,
    /// Field → sheet column index, in sheet order.
    pub columns: Vec<(Field, u32)>,
}

impl Header {
    /// The sheet column holding `column`, if the table has it.
    pub fn col(&self, column: Field) -> Option<u32> {
        self.columns.iter().find(|(c, _)| *c == column).map(|(_, i)| *i)
    }

    /// Makes the columns of the year before the sheet's (「前年度評価」) the group of `year` − 1,
    /// beside any group that year already has.
    pub fn previous_year_is(&mut self, year: i32) {
        let columns = std::mem::take(&mut self.previous);
        if columns.is_empty() {
            return;
        }
        let key = GroupKey::Year(year - 1);
        match self.groups.iter_mut().find(|g| g.key == key) {
            Some(group) => {
                let new: Vec<(Field, u32)> =
                    columns.into_iter().filter(|(c, _)| group.columns.iter().all(|(g, _)| g != c)).collect();
                group.columns.extend(new);
            }
            None => {
                self.groups.push(Group { key, columns });
                self.groups.sort_by_key(|g| g.key);
            }
        }
    }

    /// The sheet rows of the header.
    pub fn rows(&self) -> std::ops::Range<u32> {
        self.row..self.data_start
    }
}

/// The first row within [`MAX_HEADER_ROW`] rows naming at least two known columns, with the
/// rows of sub-headers below it.
///
/// An unnamed column of ★●◎ values is the 区分 column: the published plans leave that header
/// cell blank. A 進捗状況 column whose values are on the grading scale is the grade.
pub fn find(grid: &Grid, config: &Config) -> Option<Header> {
    let first = grid.first_row();
    let last = grid.last_row()?;
    let row = (first..=last.min(first + MAX_HEADER_ROW - 1))
        .find(|&r| named_columns(grid, r, config).len() >= 2)?;
    let mut data_start = row + 1;
    while data_start - row < MAX_HEADER_ROWS && is_sub_header(grid, row, data_start, config) {
        data_start += 1;
    }
    let names = paths::of(grid, row, data_start);
    let read = paths::read(&names, config);
    let mut columns = read.columns;
    let (mut groups, year) = groups::split(&read.named, &mut columns);
    let mut graded_status = Vec::new();
    graded_status.extend(status_as_grade(grid, data_start, &mut columns, config));
    for group in &mut groups {
        graded_status.extend(status_as_grade(grid, data_start, &mut group.columns, config));
    }
    if !columns.iter().any(|(c, _)| *c == Field::Mark) {
        if let Some(col) = unnamed_mark_column(grid, row, data_start, &columns, config) {
            columns.push((Field::Mark, col));
        }
    }
    columns.sort_by_key(|(_, i)| *i);
    let names = names.into_iter().map(|(col, path)| (col, path.join("／"))).collect();
    let mut header = Header {
        row,
        data_start,
        columns,
        groups,
        year,
        names,
        schedule: read.schedule,
        graded_status,
        previous: read.previous,
    };
    if let Some(year) = year {
        header.previous_year_is(year);
    }
    Some(header)
}

/// Whether row `r` holds sub-headers of the header starting at `top`: short names only, each a
/// known column, a year, or a label under a group cell; none a value under a column of its own
/// (「1」 under No, a name under 項目: that is the first item), and not the header written again.
fn is_sub_header(grid: &Grid, top: u32, r: u32, config: &Config) -> bool {
    let texts = grid.row_texts(r);
    let mut says = false;
    let mut new = false;
    for &(col, text) in &texts {
        if crate::text::is_note(text) || crate::text::is_legend(text) || text.contains('。') {
            return false;
        }
        if text.chars().count() > 30 {
            return false;
        }
        let above = (top..r).rev().map(|a| grid.raw(a, col)).find(|t| !t.is_empty());
        new |= above != Some(text);
        if column_of(text, config).is_some() {
            says = true;
            continue;
        }
        says |= header_year(text).is_some();
        let grouped = (top..r).any(|a| grid.merged_left(a, col).is_some());
        if !grouped && above.is_some_and(|t| column_of(t, config).is_some()) {
            return false;
        }
    }
    says && new
}

/// Makes a 進捗状況 column the grade where the table has no 評価 and its first values are on
/// the scale (the city grades in words: 計画どおりに進んでいる); returns its column.
fn status_as_grade(
    grid: &Grid,
    data_start: u32,
    columns: &mut [(Field, u32)],
    config: &Config,
) -> Option<u32> {
    if columns.iter().any(|(c, _)| *c == Field::Grade) {
        return None;
    }
    let slot = columns.iter_mut().find(|(c, _)| *c == Field::Status)?;
    let last = grid.last_row()?;
    let values: Vec<&str> =
        (data_start..=last).map(|r| grid.raw(r, slot.1)).filter(|t| !t.is_empty()).take(20).collect();
    let on_scale = values.iter().filter(|v| config.grade(v).is_some()).count();
    (on_scale > 0 && on_scale * 2 >= values.len()).then(|| {
        slot.0 = Field::Grade;
        slot.1
    })
}

/// Known columns named in a row, first occurrence of each.
fn named_columns(grid: &Grid, row: u32, config: &Config) -> Vec<(Field, u32)> {
    let mut found: Vec<(Field, u32)> = Vec::new();
    for (col, text) in grid.row_texts(row) {
        let Some(column) = config.column_for(text) else {
            continue;
        };
        if !found.iter().any(|(c, _)| *c == column) {
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
        .filter(|&c| (header_row..data_start).all(|r| grid.raw(r, c).is_empty()))
        .filter(|&c| !columns.iter().any(|(_, i)| *i == c))
        .find(|&c| {
            let values: Vec<&str> =
                (data_start..=last).map(|r| grid.raw(r, c)).filter(|t| !t.is_empty()).take(5).collect();
            !values.is_empty() && values.iter().all(|v| config.mark(v).is_some())
        })
}

/// A grid of texts from A1, for the tests.
#[cfg(test)]
fn grid(rows: &[&[&str]]) -> Grid {
    let cells = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
    Grid::new((0, 0), cells)
}

#[cfg(test)]
mod tests {
    use super::*;

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
