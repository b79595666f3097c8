//! 個票: a sheet holding one item's record as label → value pairs (「施策」「評価」「取組実績」 with
//! the value to the right of its label or below it, merged across columns or not), often with a
//! small indicator table (指標 | 基準値 | 目標値 | 実績値 under a header row). A department returns
//! one such sheet per item; a plan may be kept as one sheet per item too.
//!
//! The sheet is handed on as the model reads any table ([`Table`]): one item row whose every
//! value keeps its own cell (the value's, not the label's, so findings, notes and fills land
//! where the department writes), and the indicator table's rows below it. Labels are read by
//! the tables' vocabulary ([`column_of`]: the settings' `[columns]` names apply to them too).

use super::grid::Grid;
use super::header::{column_of, header_year, Group, GroupKey, Header};
use super::table::{cells, read_context, Cell, Row, RowKind, Table};
use crate::config::{Config, Field};
use crate::text::{is_note, key, split_departments, CellRef};
use std::collections::BTreeMap;

/// Most non-empty rows of a 個票: a longer sheet is a table, and is not searched for labels.
const MAX_ROWS: usize = 120;

/// Longest label in characters: a longer text is a value.
const MAX_LABEL_CHARS: usize = 20;

/// Most rows of a 個票's indicator table.
const MAX_INDICATOR_ROWS: u32 = 10;

/// Labels of the fiscal year the record is of.
const YEAR_LABELS: [&str; 4] = ["年度", "報告年度", "対象年度", "評価年度"];

/// Labels of the reporting department. (担当課 is the item's 関係部署, a column of the
/// vocabulary; it names the reporter too when it names one department.)
const DEPARTMENT_LABELS: [&str; 5] = ["部署名", "報告部署", "所属", "所属名", "課名"];

/// Words of a sheet's name that make it an example of how to fill the form in: never data.
const EXAMPLE_WORDS: [&str; 5] = ["記入例", "記載例", "入力例", "見本", "サンプル"];

/// What a label of a 個票 names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A column of the tables' vocabulary (施策, 評価, 取組実績 …).
    Field(Field),
    /// 年度: the fiscal year of the record.
    Year,
    /// 部署名, 所属: the department reporting.
    Department,
}

impl Role {
    /// The key shown by `kyodo inspect`: the `[columns]` key, 「year」 or 「department」.
    pub fn key(self) -> &'static str {
        match self {
            Role::Field(f) => f.config_key(),
            Role::Year => "year",
            Role::Department => "department",
        }
    }

    /// The Japanese name (「評価」, 「年度」, 「報告部署」).
    pub fn label(self) -> &'static str {
        match self {
            Role::Field(f) => f.label(),
            Role::Year => "年度",
            Role::Department => "報告部署",
        }
    }
}

/// One label of a 個票 and its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// What it names.
    pub role: Role,
    /// The label as written, in its cell.
    pub label: Cell,
    /// The value's cell (zero-based row, column): where it is written, or, left blank, where
    /// it is to be written.
    pub at: (u32, u32),
    /// The value, when written.
    pub value: Option<String>,
    /// Whether the value is read: a second label of the same role (and year) is shown by
    /// `inspect` and not read.
    pub read: bool,
    /// Of an earlier year than the record's (「令和5年度 評価」 beside 「令和6年度 評価」): read as
    /// that year's report, as a table's earlier year groups are.
    pub earlier: bool,
    /// The fiscal year the label states (「令和6年度 評価」).
    pub year: Option<i32>,
    /// A 進捗状況 whose value is on the grading scale, read as the grade.
    pub graded_status: bool,
}

impl Label {
    /// The value's cell, shown as its A1 reference.
    pub fn value_cell(&self) -> CellRef {
        CellRef { row: self.at.0, col: self.at.1 }
    }
}

/// What makes a sheet a 個票: its labels, in sheet order, and its indicator table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    /// The labels found with their values (those of the indicator table's header excluded).
    pub labels: Vec<Label>,
    /// The indicator table's header row (zero-based) and its columns.
    pub indicators: Option<(u32, Vec<(Field, u32)>)>,
}

/// Whether a sheet's name says it is an example of how to fill the form in (記入例, 見本).
pub fn is_example(sheet: &str) -> bool {
    EXAMPLE_WORDS.iter().any(|w| sheet.contains(w))
}

/// The sheet as a 個票, when it is one: labels of at least three known columns, each with its
/// value to the right or below, on at least three rows, and no row of three or more labels
/// over values (that is a table's header).
pub fn read(grid: &Grid, sheet: &str, file_stem: &str, config: &Config) -> Option<Table> {
    let last = grid.last_row()?;
    let rows: Vec<u32> =
        (grid.first_row()..=last).filter(|&r| !grid.row_texts(r).is_empty()).take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        return None;
    }
    let found = labels_in(grid, &rows, config);
    let indicators = indicator_table(grid, &found, last);
    let is_label = |r: u32, c: u32| found.iter().any(|f| (f.label.row, f.label.col) == (r, c));
    let pairs: Vec<(&Found, Option<Pair>)> = found
        .iter()
        .filter(|f| indicators.as_ref().is_none_or(|t| t.row != f.label.row))
        .map(|f| (f, pair(grid, f, &is_label)))
        .collect();
    if !looks_like_form(grid, &pairs, &is_label) {
        return None;
    }
    let below = pairs.iter().filter(|(_, p)| p.is_some_and(|p| p.below)).count();
    let right = pairs.iter().filter(|(_, p)| p.is_some_and(|p| !p.below)).count();
    let mut labels: Vec<Label> =
        pairs.iter().filter_map(|(f, p)| label(grid, f, *p, below > right)).collect();
    settle(&mut labels, config);
    Some(table(grid, labels, indicators, sheet, file_stem))
}

/// A label cell found on the sheet.
#[derive(Debug)]
struct Found {
    role: Role,
    label: Cell,
    /// The value written in the label's own cell after a colon (「担当課：企画課」).
    inline: Option<String>,
}

/// Where a label's value is written.
#[derive(Debug, Clone, Copy)]
struct Pair {
    at: (u32, u32),
    below: bool,
}

/// The indicator table of a 個票.
struct IndicatorTable {
    row: u32,
    columns: Vec<(Field, u32)>,
    data: Vec<u32>,
}

/// Every cell of `rows` that is a label: a known column's name (「■取組実績」, 「評価：」
/// alike), a year's or a reporting department's.
fn labels_in(grid: &Grid, rows: &[u32], config: &Config) -> Vec<Found> {
    let mut found = Vec::new();
    for &r in rows {
        for (col, text) in grid.row_texts(r) {
            let (label, inline) = match role_of(text, config) {
                Some(role) => ((role, text), None),
                None => match inline(text, config) {
                    Some((role, label, value)) => ((role, label), Some(value.to_string())),
                    None => continue,
                },
            };
            let cell = Cell { text: label.1.to_string(), row: r, col };
            found.push(Found { role: label.0, label: cell, inline });
        }
    }
    found
}

fn role_of(text: &str, config: &Config) -> Option<Role> {
    if text.chars().count() > MAX_LABEL_CHARS {
        return None;
    }
    let bare = text.trim().trim_start_matches(['■', '□', '◆', '●', '【']).trim_end_matches(['：', ':', '】']);
    let k = key(bare);
    if YEAR_LABELS.iter().any(|l| *l == k) {
        return Some(Role::Year);
    }
    if DEPARTMENT_LABELS.iter().any(|l| *l == k) {
        return Some(Role::Department);
    }
    column_of(bare, config).map(Role::Field)
}

/// 「担当課：企画課」: a label and its value in one cell, split at the first colon.
fn inline<'t>(text: &'t str, config: &Config) -> Option<(Role, &'t str, &'t str)> {
    let (label, value) = text.split_once(['：', ':'])?;
    let value = value.trim();
    let role = role_of(label, config).filter(|_| !value.is_empty())?;
    Some((role, label.trim(), value))
}

/// A row of two or more indicator labels (指標 | 基準値 | 目標値 | 実績値) and the rows of values
/// under it, up to a blank row or the next label.
fn indicator_table(grid: &Grid, found: &[Found], last: u32) -> Option<IndicatorTable> {
    let is_indicator = |f: &Found| matches!(f.role, Role::Field(c) if c.is_indicator());
    let row = found
        .iter()
        .filter(|f| is_indicator(f))
        .map(|f| f.label.row)
        .find(|&r| found.iter().filter(|f| f.label.row == r && is_indicator(f)).count() >= 2)?;
    let columns = found
        .iter()
        .filter(|f| f.label.row == row)
        .filter_map(|f| match f.role {
            Role::Field(c) if c.is_indicator() => Some((c, f.label.col)),
            _ => None,
        })
        .collect();
    let data = (row + 1..=last.min(row + MAX_INDICATOR_ROWS))
        .take_while(|&r| !grid.row_texts(r).is_empty() && !found.iter().any(|f| f.label.row == r))
        .collect();
    Some(IndicatorTable { row, columns, data })
}

/// The value of a label: the first text right of it (past its merge) unless that is another
/// label, else the text right below it (past its merge) unless that is a label.
fn pair(grid: &Grid, f: &Found, is_label: &impl Fn(u32, u32) -> bool) -> Option<Pair> {
    let (row, col) = (f.label.row, f.label.col);
    if f.inline.is_some() {
        return Some(Pair { at: (row, col), below: false });
    }
    let (bottom, right) = grid.merge_end(row, col);
    // A note beside a blank value (「※A～Dで記入」) is no value.
    let beside =
        (right + 1..grid.end_col()).find(|&c| !grid.raw(row, c).is_empty() && !is_note(grid.raw(row, c)));
    if let Some(c) = beside.filter(|&c| !is_label(row, c)) {
        return Some(Pair { at: (row, c), below: false });
    }
    let under = bottom + 1;
    (!grid.raw(under, col).is_empty() && !is_label(under, col))
        .then_some(Pair { at: (under, col), below: true })
}

/// Labels of three known columns or more, with values, on three rows or more, and no row of
/// labels side by side over values as a table's header has them: three or more, or two over
/// columns of values (a second value under the first).
fn looks_like_form(
    grid: &Grid,
    pairs: &[(&Found, Option<Pair>)],
    is_label: &impl Fn(u32, u32) -> bool,
) -> bool {
    let paired: Vec<(&Found, Pair)> = pairs
        .iter()
        .filter(|(f, _)| matches!(f.role, Role::Field(c) if !c.is_indicator()))
        .filter_map(|(f, p)| Some((*f, (*p)?)))
        .collect();
    let mut fields: Vec<Field> =
        paired.iter().filter_map(|(f, _)| if let Role::Field(c) = f.role { Some(c) } else { None }).collect();
    fields.sort_unstable();
    fields.dedup();
    let mut rows: Vec<u32> = paired.iter().map(|(f, _)| f.label.row).collect();
    rows.sort_unstable();
    rows.dedup();
    let column = |p: &Pair| {
        let (r, c) = (p.at.0 + 1, p.at.1);
        !grid.raw(r, c).is_empty() && !is_label(r, c)
    };
    let header_like = rows.iter().any(|&r| {
        let over: Vec<&Pair> =
            paired.iter().filter(|(f, p)| f.label.row == r && p.below).map(|(_, p)| p).collect();
        over.len() >= 3 || over.len() == 2 && over.iter().all(|p| column(p))
    });
    fields.len() >= 3 && rows.len() >= 3 && !header_like
}

/// A label with its value, or with the cell its blank value is to be written in (right of it,
/// or below it where the sheet's values stand below their labels). A blank year, department or
/// indicator label is no part of the record.
fn label(grid: &Grid, f: &Found, pair: Option<Pair>, below: bool) -> Option<Label> {
    let at = match pair {
        Some(p) => p.at,
        None if matches!(f.role, Role::Field(c) if !c.is_indicator()) => {
            let (bottom, right) = grid.merge_end(f.label.row, f.label.col);
            if below {
                (bottom + 1, f.label.col)
            } else {
                (f.label.row, right + 1)
            }
        }
        None => return None,
    };
    Some(Label {
        role: f.role,
        label: f.label.clone(),
        at,
        value: f.inline.clone().or_else(|| pair.map(|p| grid.raw(p.at.0, p.at.1).to_string())),
        read: true,
        earlier: false,
        year: header_year(&f.label.text),
        graded_status: false,
    })
}

/// Which labels are read: the first of each role of the record's year (the latest a label
/// states), and of earlier years the first of each progress column; in each year, a 進捗状況
/// on the grading scale is the grade where no 評価 is.
fn settle(labels: &mut [Label], config: &Config) {
    let latest = labels.iter().filter_map(|l| l.year).max();
    for i in 0..labels.len() {
        let earlier = labels[i].year.is_some_and(|y| Some(y) < latest);
        let (role, year) = (labels[i].role, labels[i].year);
        let again = labels[..i]
            .iter()
            .any(|l| l.read && l.role == role && l.earlier == earlier && (!earlier || l.year == year));
        let progress = matches!(role, Role::Field(f) if f.is_progress());
        labels[i].earlier = earlier;
        labels[i].read = !again && (!earlier || progress);
    }
    let mut groups: Vec<Option<i32>> = labels.iter().map(group_of).collect();
    groups.sort_unstable();
    groups.dedup();
    for group in groups {
        grade_in_words(labels, group, config);
    }
}

/// The year group a label is read in: None for the record's own year.
fn group_of(label: &Label) -> Option<i32> {
    label.year.filter(|_| label.earlier)
}

/// Makes the 進捗状況 of a year group the grade where the group has no 評価 and its value is
/// on the scale (the city grades in words: 計画どおりに進んでいる).
fn grade_in_words(labels: &mut [Label], group: Option<i32>, config: &Config) {
    let of_group = |l: &Label| l.read && group_of(l) == group;
    if labels.iter().any(|l| of_group(l) && l.role == Role::Field(Field::Grade)) {
        return;
    }
    let on_scale = |l: &Label| l.value.as_deref().is_some_and(|v| config.grade(v).is_some());
    let status =
        labels.iter_mut().find(|l| of_group(l) && l.role == Role::Field(Field::Status) && on_scale(l));
    if let Some(status) = status {
        status.role = Role::Field(Field::Grade);
        status.graded_status = true;
    }
}

/// The values of `labels` read as columns, each in its own cell.
fn cells_of<'a>(labels: impl Iterator<Item = &'a Label>) -> BTreeMap<Field, Cell> {
    labels
        .filter_map(|l| match (l.role, &l.value) {
            (Role::Field(field), Some(text)) => {
                Some((field, Cell { text: text.clone(), row: l.at.0, col: l.at.1 }))
            }
            _ => None,
        })
        .collect()
}

/// Earlier years' progress values: a group of columns and the row's cells in it, per year.
fn earlier_groups(labels: &[Label]) -> (Vec<Group>, Vec<BTreeMap<Field, Cell>>) {
    let mut years: Vec<i32> = labels.iter().filter(|l| l.read).filter_map(group_of).collect();
    years.sort_unstable();
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let cells = cells_of(labels.iter().filter(|l| l.read && group_of(l) == Some(year)));
            let columns = cells.iter().map(|(f, c)| (*f, c.col)).collect();
            (Group { key: GroupKey::Year(year), columns }, cells)
        })
        .unzip()
}

/// The 個票 as a table: one item row of the values read, the indicator rows under it, and
/// the context of the title rows above the first label (as for a table's header).
fn table(
    grid: &Grid,
    labels: Vec<Label>,
    indicators: Option<IndicatorTable>,
    sheet: &str,
    file_stem: &str,
) -> Table {
    let read = || labels.iter().filter(|l| l.read && !l.earlier);
    let cells = cells_of(read());
    let (groups, row_groups) = earlier_groups(&labels);
    let value_of = |role: Role| read().find(|l| l.role == role).and_then(|l| l.value.clone());
    let year =
        value_of(Role::Year).and_then(|v| header_year(&v)).or_else(|| read().filter_map(|l| l.year).max());
    let department = value_of(Role::Department).or_else(|| {
        let listed = split_departments(&value_of(Role::Field(Field::Departments))?);
        (listed.len() == 1).then(|| listed[0].clone())
    });
    let mut columns: Vec<(Field, u32)> = cells.iter().map(|(f, c)| (*f, c.col)).collect();
    if let Some(t) = &indicators {
        columns.extend(t.columns.iter().copied());
    }
    columns.sort_by_key(|(_, c)| *c);
    let first_row = labels.iter().map(|l| l.label.row).chain(indicators.as_ref().map(|t| t.row)).min();
    let header = Header {
        row: first_row.unwrap_or_default(),
        data_start: grid.last_row().map_or(0, |r| r + 1),
        columns,
        groups,
        year,
        names: Vec::new(),
        schedule: Vec::new(),
        // A 個票's earlier years come as labels with their year (in `groups`), not as 前年度 columns.
        previous: Vec::new(),
        graded_status: labels.iter().filter(|l| l.graded_status).map(|l| l.at.1).collect(),
    };
    let mut context = read_context(grid, &header, sheet, file_stem);
    context.fiscal_year = year.or(context.fiscal_year);
    // A 個票's goal is its 目標 value, its words are values: nothing above it heads the item.
    context.goal = None;
    context.lead.clear();
    if let Some(department) = department {
        context.department = department;
        context.department_stated = true;
    }
    let item_row = cells.get(&Field::Name).or_else(|| cells.values().next()).map_or(header.row, |c| c.row);
    let mut rows = vec![Row { row: item_row, kind: RowKind::Item(cells), groups: row_groups }];
    if let Some(t) = &indicators {
        rows.extend(t.data.iter().map(|&r| indicator_row(grid, &t.columns, r)));
    }
    let form = Form { labels, indicators: indicators.map(|t| (t.row, t.columns)) };
    Table { sheet: sheet.to_string(), header, context, rows, cut: grid.cut.clone(), form: Some(form) }
}

/// A row of the indicator table: its values by column, following values merged down.
fn indicator_row(grid: &Grid, columns: &[(Field, u32)], r: u32) -> Row {
    Row { row: r, kind: RowKind::Item(cells(grid, columns, r)), groups: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::grid::Merge;

    fn sheet(rows: &[&[&str]], merges: &[Merge]) -> Grid {
        let cells = rows.iter().map(|r| r.iter().map(|s| s.to_string()).collect()).collect();
        let mut grid = Grid::new((0, 0), cells);
        grid.set_merges(merges);
        grid
    }

    fn form(grid: &Grid) -> Option<Table> {
        read(grid, "個票", "企画課", &Config::default())
    }

    #[test]
    fn values_right_and_below_keep_their_own_cells() {
        let wide = |row| Merge { top: row, left: 0, bottom: row, right: 3 };
        let g = sheet(
            &[
                &["年度", "令和6年度"],
                &["No", "1", "担当課：企画課"],
                &["項目", "広報の充実"],
                &["評価", "", "", "", "※A～Dで記入"],
                &["取組実績"],
                &["広報紙を発行した。"],
                &["今後の方向性", "継続"],
            ],
            &[wide(4), wide(5)],
        );
        let t = form(&g).expect("a 個票");
        assert_eq!(t.context.fiscal_year, Some(2024));
        assert_eq!(t.context.department, "企画課");
        let RowKind::Item(cells) = &t.rows[0].kind else { panic!("{:?}", t.rows[0]) };
        assert_eq!(cells[&Field::Results].cell_ref().to_string(), "A6", "below its label");
        assert_eq!(
            (cells[&Field::Departments].cell_ref().to_string(), cells[&Field::Departments].text.as_str()),
            ("C2".into(), "企画課")
        );
        assert!(!cells.contains_key(&Field::Grade), "the note is no grade");
        let grade = t.form.unwrap().labels.into_iter().find(|l| l.role == Role::Field(Field::Grade)).unwrap();
        assert_eq!((grade.value_cell().to_string(), grade.value), ("B4".to_string(), None));
    }

    #[test]
    fn a_table_is_no_form() {
        let header: &[&str] = &["No", "項目", "評価", "実績"];
        let g = sheet(
            &[header, &["1", "a", "A", "x"], header, &["2", "b", "B", "y"], header, &["3", "c", "C", "z"]],
            &[],
        );
        assert!(form(&g).is_none(), "a header written again over each table");
        let g = sheet(&[&["項目", "内容"], &["a", "x"], &["項目", "内容"], &["b", "y"]], &[]);
        assert!(form(&g).is_none(), "two columns are a table");
        let g = sheet(
            &[
                &["施策", "1 情報を届ける"],
                &["目標", "市の取組を知らせる"],
                &["担当課", "企画課"],
                &["項目", "実績"],
                &["広報の充実", "発行した。"],
                &["窓口の案内", "案内した。"],
            ],
            &[],
        );
        assert!(form(&g).is_none(), "a table under labels of the sheet");
    }

    #[test]
    fn the_indicator_table_gives_rows_of_indicators() {
        let g = sheet(
            &[
                &["項目", "広報の充実"],
                &["評価", "A"],
                &["取組実績", "発行した。"],
                &[],
                &["指標", "基準値", "目標値", "実績値"],
                &["発行回数", "10", "12", "12"],
                &["閲覧数", "100", "200", "150"],
            ],
            &[],
        );
        let t = form(&g).expect("a 個票");
        assert_eq!(t.rows.len(), 3);
        let RowKind::Item(cells) = &t.rows[2].kind else { panic!() };
        assert_eq!(cells[&Field::Actual].cell_ref().to_string(), "D7");
    }
}
