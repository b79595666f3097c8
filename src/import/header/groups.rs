//! Field groups beside a table's main columns: numbered indicators (指標2, 単位2, 実績値2) and
//! one group of progress columns per fiscal year (「令和5年度評価」, or 評価 | 実績 under a
//! 「令和5年度」 written across them in the row above).

use super::{Group, GroupKey};
use crate::config::{Config, Field};
use crate::import::grid::Grid;
use crate::text::wareki::parse_fiscal_year;

/// A header cell naming a column, with the year or the number it states.
#[derive(Debug, Clone, Copy)]
struct Named {
    column: Field,
    col: u32,
    year: Option<i32>,
    number: Option<u32>,
}

/// Finds the groups of the header in rows `row..data_start` and makes the latest year's
/// progress columns the main ones (`columns`), where the sheet has a group per year and no
/// progress columns without a year. Returns the groups and that latest year.
pub fn find(
    grid: &Grid,
    row: u32,
    data_start: u32,
    columns: &mut Vec<(Field, u32)>,
    config: &Config,
) -> (Vec<Group>, Option<i32>) {
    let named = named_cells(grid, row, data_start, config);
    let mut groups = indicator_groups(&named);
    let dated: Vec<Named> =
        named.iter().filter(|n| n.year.is_some() && n.number.is_none()).copied().collect();
    let Some(latest) = dated.iter().filter_map(|n| n.year).max() else {
        return (groups, None);
    };
    let in_dated = |col: u32| dated.iter().any(|n| n.col == col);
    // A column the groups have, written once more without a year (評価 beside 令和5年度評価),
    // is this year's: every dated group is then an earlier one. 今後の方向性 once for all
    // years is no such column.
    let undated_progress = columns.iter().any(|(c, i)| !in_dated(*i) && dated.iter().any(|n| n.column == *c));
    let this_year = (!undated_progress).then_some(latest);
    columns.retain(|(_, i)| !in_dated(*i));
    let mut years: Vec<i32> = dated.iter().filter_map(|n| n.year).collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let cols = first_of_each(dated.iter().filter(|n| n.year == Some(year)));
        if Some(year) == this_year {
            columns.extend(cols);
        } else {
            groups.push(Group { key: GroupKey::Year(year), columns: cols });
        }
    }
    (groups, this_year)
}

/// 指標n … 実績値n grouped by n, in number order.
fn indicator_groups(named: &[Named]) -> Vec<Group> {
    let mut numbers: Vec<u32> = named.iter().filter_map(|n| n.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    numbers
        .into_iter()
        .map(|n| Group {
            key: GroupKey::Indicator(n),
            columns: first_of_each(named.iter().filter(|c| c.number == Some(n))),
        })
        .collect()
}

/// The first cell naming each column, in sheet order.
fn first_of_each<'a>(cells: impl Iterator<Item = &'a Named>) -> Vec<(Field, u32)> {
    let mut out: Vec<(Field, u32)> = Vec::new();
    for n in cells {
        if !out.iter().any(|(c, _)| *c == n.column) {
            out.push((n.column, n.col));
        }
    }
    out
}

/// Every header cell that names a progress column with a year, or an indicator column with a
/// number. With two header rows the name is in the lower row and the year may head it from
/// the upper row (written in the column or to its left, across the group).
fn named_cells(grid: &Grid, row: u32, data_start: u32, config: &Config) -> Vec<Named> {
    let lower = data_start.saturating_sub(1);
    let mut cols: Vec<u32> = (row..data_start).flat_map(|r| grid.row_texts(r)).map(|(c, _)| c).collect();
    cols.sort_unstable();
    cols.dedup();
    cols.into_iter()
        .filter_map(|col| {
            let text = grid.raw(lower, col);
            let text = if text.is_empty() { grid.raw(row, col) } else { text };
            let above = (lower > row).then(|| heading_year(grid, row, col, config)).flatten();
            classify(text, col, above, config)
        })
        .collect()
}

/// The year a heading in the upper header row states for `col`: the nearest text at or left of
/// it, when that text is a year (「令和5年度」, 「R5」 with 年度) and names no column itself.
fn heading_year(grid: &Grid, row: u32, col: u32, config: &Config) -> Option<i32> {
    let text = grid.row_texts(row).into_iter().rev().find(|(c, _)| *c <= col).map(|(_, t)| t)?;
    (config.column_for(text).is_none()).then(|| parse_fiscal_year(text)).flatten()
}

fn classify(text: &str, col: u32, above: Option<i32>, config: &Config) -> Option<Named> {
    if let Some((column, number)) = numbered(text, config) {
        return Some(Named { column, col, year: None, number: Some(number) });
    }
    let year = parse_fiscal_year(text).or(above)?;
    let column = config.column_for(text).or_else(|| config.column_for(&without_year(text)))?;
    // 目標値（令和7年度） is the indicator's target, not a column of that year.
    column.is_progress().then_some(Named { column, col, year: Some(year), number: None })
}

/// 「指標2」 → (指標, 2): an indicator column with its number (after NFKC: 指標２, 指標②).
fn numbered(text: &str, config: &Config) -> Option<(Field, u32)> {
    let k = crate::text::key(text);
    let base = k.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &k[base.len()..];
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let (column, number) = (config.column_for(base)?, digits.parse().ok()?);
    column.is_indicator().then_some((column, number))
}

/// 「令和5年度評価」 → 「評価」: the text after the year.
fn without_year(text: &str) -> String {
    match text.find("年度") {
        Some(i) => text[i + "年度".len()..].trim_start_matches([' ', '　', '・', '_', '-']).to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{find as header, grid};
    use super::*;

    #[test]
    fn numbered_indicator_columns() {
        let g = grid(&[
            &["No", "項目", "評価", "指標1", "単位1", "実績値1", "指標２", "単位２", "実績値２"],
            &["1", "a", "A", "x", "件", "3", "y", "人", "4"],
        ]);
        let h = header(&g, &Config::default()).unwrap();
        assert_eq!(h.col(Field::Indicator), None);
        assert_eq!(h.groups.len(), 2);
        assert_eq!(h.groups[1].key, GroupKey::Indicator(2));
        assert_eq!(h.groups[1].columns, vec![(Field::Indicator, 6), (Field::Unit, 7), (Field::Actual, 8)]);
    }

    #[test]
    fn one_row_of_dated_columns() {
        let g = grid(&[
            &[
                "No",
                "項目",
                "令和4年度評価",
                "令和4年度実績",
                "令和5年度評価",
                "令和5年度実績",
                "目標値（令和7年度）",
            ],
            &["1", "a", "B", "x", "A", "y", "20"],
        ]);
        let h = header(&g, &Config::default()).unwrap();
        assert_eq!(h.year, Some(2023));
        assert_eq!(h.col(Field::Grade), Some(4));
        assert_eq!(h.col(Field::Results), Some(5));
        assert_eq!(h.col(Field::Target), Some(6));
        assert_eq!(
            h.groups,
            vec![Group { key: GroupKey::Year(2022), columns: vec![(Field::Grade, 2), (Field::Results, 3)] }]
        );
    }

    #[test]
    fn years_written_across_the_columns_above() {
        let g = grid(&[
            &["No", "項目", "令和4年度", "", "令和5年度", "", "令和6年度", ""],
            &["", "", "評価", "実績", "評価", "実績", "評価", "実績"],
            &["1", "a", "B", "x", "B", "y", "A", "z"],
        ]);
        let h = header(&g, &Config::default()).unwrap();
        assert_eq!(h.data_start, 2);
        assert_eq!(h.year, Some(2024));
        assert_eq!(h.col(Field::Grade), Some(6));
        let keys: Vec<GroupKey> = h.groups.iter().map(|g| g.key).collect();
        assert_eq!(keys, vec![GroupKey::Year(2022), GroupKey::Year(2023)]);
        assert_eq!(h.groups[1].columns, vec![(Field::Grade, 4), (Field::Results, 5)]);
    }

    #[test]
    fn undated_progress_columns_are_this_years() {
        let g = grid(&[&["項目", "前年度評価", "令和5年度評価", "評価", "実績"], &["a", "B", "B", "A", "z"]]);
        let h = header(&g, &Config::default()).unwrap();
        assert_eq!(h.year, None);
        assert_eq!(h.col(Field::Grade), Some(3));
        assert_eq!(h.groups[0].key, GroupKey::Year(2023));
    }
}
