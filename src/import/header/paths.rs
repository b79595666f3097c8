//! A header column's path (「令和6年度／進捗状況」) and what it says: the known column, the fiscal
//! year, or the plan's schedule.

use super::groups::Named;
use crate::config::{Config, Field};
use crate::import::grid::Grid;
use crate::text::wareki::parse_fiscal_year;

/// Every column with a header in rows `top..end`, with its names from the top row down: a
/// cell's own text, else the group cell over it (merged across it, or written at the left of
/// its group's sub-headers).
pub fn of(grid: &Grid, top: u32, end: u32) -> Vec<(u32, Vec<String>)> {
    let mut cols: Vec<u32> = (top..end).flat_map(|r| grid.row_texts(r)).map(|(c, _)| c).collect();
    cols.sort_unstable();
    cols.dedup();
    cols.into_iter()
        .map(|col| {
            let mut path: Vec<String> = Vec::new();
            for r in top..end {
                let text = match grid.raw(r, col) {
                    "" => group_over(grid, r, end, col).unwrap_or(""),
                    own => own,
                };
                if !text.is_empty() && path.last().map(String::as_str) != Some(text) {
                    path.push(text.to_string());
                }
            }
            (col, path)
        })
        .collect()
}

/// The group cell in header row `r` spanning `col` from its left: a merge across columns, or,
/// unmerged, the nearest text to the left when it heads sub-headers of its own in the next row
/// (a column merged down has none) and `col` has one too.
fn group_over(grid: &Grid, r: u32, end: u32, col: u32) -> Option<&str> {
    if let Some(left) = grid.merged_left(r, col) {
        return Some(grid.raw(r, left)).filter(|t| !t.is_empty());
    }
    if r + 1 >= end || grid.raw(r + 1, col).is_empty() {
        return None;
    }
    let (left, text) = grid.row_texts(r).into_iter().rev().find(|(c, _)| *c < col)?;
    (!grid.raw(r + 1, left).is_empty()).then_some(text)
}

/// What the header's columns are: the known ones, the dated and numbered ones (for
/// [`super::groups::split`]) and the schedule.
#[derive(Debug, Default)]
pub struct Read {
    /// Known columns without a year, first of each field.
    pub columns: Vec<(Field, u32)>,
    /// Progress columns with a year, indicator columns with a number.
    pub named: Vec<Named>,
    /// The plan's schedule, with the year of each column.
    pub schedule: Vec<(u32, Option<i32>)>,
    /// Progress columns of the year before the sheet's (「前年度評価」, 「前年度／実績」).
    pub previous: Vec<(Field, u32)>,
}

/// Reads every column by its path.
pub fn read(paths: &[(u32, Vec<String>)], config: &Config) -> Read {
    let mut read = Read::default();
    for (col, path) in paths {
        let col = *col;
        let Some(leaf) = path.last() else { continue };
        if let Some((column, number)) = numbered(leaf, config) {
            read.named.push(Named { column, col, year: None, number: Some(number) });
            continue;
        }
        let year = path.iter().rev().find_map(|t| header_year(t));
        let groups = &path[..path.len() - 1];
        let leaf_column = column_of(leaf, config);
        if is_schedule(leaf) || leaf_column.is_none() && groups.iter().any(|g| is_schedule(g)) {
            read.schedule.push((col, year));
            continue;
        }
        // 「実績／内容」: what was done, under a group of progress.
        let group_column = groups.iter().rev().find_map(|g| column_of(g, config));
        let column = match (leaf_column, group_column) {
            (Some(Field::Content), Some(g)) if g.is_progress() => Some(g),
            (Some(c), _) => Some(c),
            (None, g) => g,
        };
        let Some(column) = column else {
            if let Some(column) = previous_year(path, config) {
                if !read.previous.iter().any(|(c, _)| *c == column) {
                    read.previous.push((column, col));
                }
            }
            continue;
        };
        match year {
            // 目標値（令和7年度） is the indicator's target, not a column of that year.
            Some(year) if column.is_progress() => {
                read.named.push(Named { column, col, year: Some(year), number: None })
            }
            _ if read.columns.iter().any(|(c, _)| *c == column) => {}
            _ => read.columns.push((column, col)),
        }
    }
    read
}

/// The known column a header text names: as written, or without the fiscal year it states
/// (「令和6年度の実績」, 「R6実績」 are 実績).
pub fn column_of(text: &str, config: &Config) -> Option<Field> {
    config.column_for(text).or_else(|| {
        let rest = without_year(text);
        (rest.len() < text.len()).then(|| config.column_for(&rest)).flatten()
    })
}

/// The progress column of the year before the sheet's a path names: 「前年度評価」, or 評価
/// under a group 「前年度」. (「前年度の評価」 is not one: kyodo's own forms show last year's
/// grade under it, for reference only.)
fn previous_year(path: &[String], config: &Config) -> Option<Field> {
    const PREVIOUS: [&str; 2] = ["前年度", "昨年度"];
    let leaf = crate::text::nfkc_trim(path.last()?);
    let under_group = path[..path.len() - 1].iter().any(|g| PREVIOUS.contains(&crate::text::key(g).as_str()));
    let named =
        if under_group { Some(leaf.as_str()) } else { PREVIOUS.iter().find_map(|p| leaf.strip_prefix(p)) };
    let column = config.column_for(named?.trim())?;
    column.is_progress().then_some(column)
}

/// The fiscal year a header text states: 「令和6年度」, 「2024年度」, or 「R6」 / 「H30」 before
/// a name (「R6実績」).
pub fn header_year(text: &str) -> Option<i32> {
    parse_fiscal_year(text).or_else(|| short_era(text).map(|(year, _)| year))
}

/// 「R6実績」 → (2024, 「実績」): a Latin era initial and its year, with what follows.
fn short_era(text: &str) -> Option<(i32, String)> {
    let t = crate::text::nfkc_trim(text);
    let mut chars = t.chars();
    let first = match chars.next()?.to_ascii_uppercase() {
        'R' => 2018,
        'H' => 1988,
        _ => return None,
    };
    let rest = chars.as_str();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let n: i32 = digits.parse().ok().filter(|n| (1..=99).contains(n))?;
    let rest = &rest[digits.len()..];
    // 「R6」 alone or before a name, never inside a word of Latin letters and digits.
    (!rest.starts_with(|c: char| c.is_ascii_alphanumeric())).then(|| (first + n, rest.to_string()))
}

/// 「令和5年度評価」, 「令和6年度の実績」, 「R6実績」 → the name after the year; a text stating
/// no year (「年度別計画」, 「前年度評価」) as it is.
fn without_year(text: &str) -> String {
    let stated = parse_fiscal_year(text).and(text.find("年度"));
    let rest = match (stated, short_era(text)) {
        (Some(i), _) => text[i + "年度".len()..].to_string(),
        (None, Some((_, rest))) => rest,
        (None, None) => text.to_string(),
    };
    rest.trim_start_matches([' ', '　', '・', '_', '-', 'の', '／', '/']).to_string()
}

/// A name of the plan's schedule: 年度別計画, 計画, or a year's plan (「令和6年度の計画」).
fn is_schedule(text: &str) -> bool {
    const WORDS: [&str; 6] = ["計画", "年度別計画", "年次計画", "実施計画", "年度計画", "スケジュール"];
    let k = crate::text::key(&without_year(text));
    WORDS.contains(&k.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_a_names_own_text() {
        let c = Config::default();
        assert_eq!(header_year("R6実績"), Some(2024));
        assert_eq!(header_year("Ｒ６実績"), Some(2024));
        assert_eq!(header_year("Rate"), None);
        assert_eq!(column_of("令和6年度の実績", &c), Some(Field::Results));
        assert_eq!(column_of("R6実績", &c), Some(Field::Results));
        assert!(is_schedule("令和6年度の計画") && is_schedule("年度別計画") && !is_schedule("実績"));
        let path = |p: &[&str]| p.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(previous_year(&path(&["前年度評価"]), &c), Some(Field::Grade));
        assert_eq!(previous_year(&path(&["前年度", "実績"]), &c), Some(Field::Results));
        assert_eq!(previous_year(&path(&["前年度の評価"]), &c), None);
        assert_eq!(previous_year(&path(&["評価"]), &c), None);
    }
}
