//! Field groups beside a table's main columns: numbered indicators (指標2, 単位2, 実績値2) and
//! one group of progress columns per fiscal year (「令和5年度評価」, or 評価 | 実績 under a
//! 「令和5年度」 written across them in the row above).

use super::{Group, GroupKey};
use crate::config::Field;

/// A header column naming a progress column with a year, or an indicator column with a number.
#[derive(Debug, Clone, Copy)]
pub struct Named {
    /// The column it names.
    pub column: Field,
    /// Its sheet column.
    pub col: u32,
    /// The fiscal year its path states.
    pub year: Option<i32>,
    /// The number of a numbered indicator column (指標2).
    pub number: Option<u32>,
}

/// Groups the dated and numbered columns and makes the latest year's progress columns the
/// main ones (`columns`), where the sheet has a group per year and no progress columns without
/// a year. Returns the groups and that latest year.
pub fn split(named: &[Named], columns: &mut Vec<(Field, u32)>) -> (Vec<Group>, Option<i32>) {
    let mut groups = indicator_groups(named);
    let dated: Vec<Named> =
        named.iter().filter(|n| n.year.is_some() && n.number.is_none()).copied().collect();
    let Some(latest) = dated.iter().filter_map(|n| n.year).max() else {
        return (groups, None);
    };
    // A column the groups have, written once more without a year (評価 beside 令和5年度評価),
    // is this year's: every dated group is then an earlier one. 今後の方向性 once for all
    // years is no such column.
    let undated_progress = columns.iter().any(|(c, _)| dated.iter().any(|n| n.column == *c));
    let this_year = (!undated_progress).then_some(latest);
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

#[cfg(test)]
mod tests {
    use super::super::{find as header, grid};
    use super::*;
    use crate::config::Config;

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
