//! The progress report as a workbook (`official.xlsx`) the office can sort, filter, print and
//! pass on: what its sheets hold, as a sheet model ([`crate::report::sheet`]) that
//! [`crate::render::xlsx`] writes. Made from the [`Report`] alone, like the PDF.
//!
//! Sheets, in order:
//!
//! - **集計** ([`tally`]): per 施策 and in total, the items, how many have each grade of the
//!   configured scale (counted as the committee handout counts them, [`crate::report::summary`]:
//!   an item reported by several departments with its lowest grade), 評価なし where a reported
//!   item has no grade on the scale, 未提出, the items reported and the 報告完了率 (items with at
//!   least one report ÷ items; notes under the table say so), and a stacked bar chart of the
//!   same counts in the scale's colours.
//! - **一覧**: every item, **one row per (item, report)**: an item reported by two departments
//!   has two rows, each naming its department in 報告部署 and repeating the item's columns. So
//!   every row can be sorted and filtered on its own and each cell holds one department's
//!   words, whatever was reported. An item nobody reported has one row with
//!   評価 「未提出」, and a shared item one such row per listed department that sent no report
//!   (naming it in 報告部署); a report with a blank grade says 「未記入」. Recognised grades are written as
//!   their scale code (Ａ and 計画どおり実施 both as A), so a filter or the conditional fill
//!   sees one value per grade; anything else is written as found.
//! - **指標** ([`indicators`]), when any item has an indicator.
//! - **経年** and **経年（項目別）** ([`trend`]), when earlier years are compared: counts per 施策
//!   and year with a small chart per 施策, and each item's grade year by year.
//! - **要確認** ([`review`]): every diagnostic of the check (severity, file, sheet, cell, item,
//!   message, code); the writer adds a 参考 line for every cell too long for Excel.
//! - One sheet per department: the items its 関係部署 lists or it reported on, with its own
//!   reports only; 未提出 where it has not reported (even if another department has).
//!
//! Text from the inputs is always a text cell (a cell starting with = + - @ stays text). No is
//! written as found; a plan without any No gets running numbers.

pub mod indicators;
pub mod review;
pub mod tally;
pub mod trend;

use crate::config::{Config, Field};
use crate::layout::frame::Color;
use crate::model::{Entry, Grade, Item};
use crate::report::sheet::{
    Align, ColumnSpec, Fill, Findings, Highlight, Notes, Print, Properties, Sheet, SheetCell, Style, StyleId,
    Table, Workbook,
};
use crate::report::value::{self, Place, Value};
use crate::report::{doc, Report};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

/// The official report's workbook.
pub fn official<'a>(report: &'a Report) -> Workbook<'a> {
    let title = report.full_title();
    let mut book = Workbook {
        properties: Properties {
            title: title.clone(),
            subject: report.subject(),
            author: report.config.city.clone(),
            keywords: KEYWORDS.into(),
            issued: report.issued,
        },
        paper: crate::report::sheet::Paper::named(&report.config.official.paper),
        ..Workbook::default()
    };
    let styles = Styles::new(&mut book, report.config);
    let indicators = indicators::sheet(report, &mut book, &styles, &title);
    let mut items = item_sheets(report, &styles, &title).into_iter();
    book.sheets.push(tally::sheet(report, &styles, &title));
    book.sheets.extend(items.next());
    book.sheets.extend(indicators);
    book.sheets.extend(trend::sheets(report, &styles, &title));
    book.findings = Some(Findings { sheet: book.sheets.len(), first: styles.center, rest: styles.body });
    book.sheets.push(review::sheet(report, &styles, &title));
    book.sheets.extend(items);
    book
}

/// The keywords of every workbook kyodo writes.
pub const KEYWORDS: &str = "市民協働, アクションプラン, 進捗状況";

const LIST: &str = "一覧";
/// 評価 of an item nobody reported, and of a report with the grade left blank.
pub(crate) const NOT_REPORTED: &str = "未提出";
const NO_GRADE: &str = "未記入";
/// 集計 column of reported items without a grade on the scale (blank or off the scale).
pub(crate) const UNGRADED: &str = "評価なし";

/// 一覧, then one sheet per department with its own reports only: 未提出 where it has none,
/// whoever else reported, and no 報告部署 column (every report on it is its own).
fn item_sheets<'a>(report: &'a Report, styles: &Styles, title: &str) -> Vec<Sheet<'a>> {
    let fields = fields(report);
    // By the item's address: the sheets are made on several threads.
    let seq: HashMap<usize, usize> =
        report.plan.items().enumerate().map(|(i, item)| (item as *const Item as usize, i + 1)).collect();
    let seq_of = |e: &Entry| seq.get(&(e.item as *const Item as usize)).copied().unwrap_or(0);
    let own_fields: Vec<ItemColumn> = fields.iter().copied().filter(|c| *c != ItemColumn::Reporter).collect();
    let departments = report.plan.by_department(true);
    // Each sheet is made from the model alone: 一覧 and the department sheets on every core,
    // in this order whichever finishes first.
    let (list, own) = rayon::join(
        || {
            let all: Vec<Row> =
                report.plan.entries().flat_map(|e| list_rows(report, e, seq_of(&e))).collect();
            let mut list = item_sheet(report, LIST, "一覧（すべての項目）", &fields, &all, styles, title);
            let lines = plan_notes(report);
            if !lines.is_empty() {
                list.notes = Some(Notes { lines, style: styles.note, above: false });
            }
            list
        },
        || {
            departments
                .par_iter()
                .map(|(department, entries)| {
                    let rows: Vec<Row> = entries
                        .iter()
                        .flat_map(|e| {
                            let own = value::own(e.item, department).into_iter();
                            own.map(|r| Row { place: Place::alone(*e, r), seq: seq_of(e) })
                        })
                        .collect();
                    item_sheet(report, department, department, &own_fields, &rows, styles, title)
                })
                .collect::<Vec<_>>()
        },
    );
    std::iter::once(list).chain(own).collect()
}

/// The plan's ※ notes for under 一覧, the whole plan's first, a 施策's prefixed with its title.
fn plan_notes(report: &Report) -> Vec<String> {
    let sections = report.plan.sections.iter().flat_map(|s| {
        let title = s.title();
        s.all_notes().map(move |n| format!("{title}：{}", n.value))
    });
    report.plan.notes.iter().map(|n| n.value.clone()).chain(sections).collect()
}

/// One row of an item sheet: an item and whose report it shows, alone on its row.
#[derive(Clone)]
struct Row<'a> {
    place: Place<'a>,
    /// The item's place in the plan, from 1: No for plans that number nothing.
    seq: usize,
}

/// The rows of an item on 一覧, by the rule of the pages ([`value::reportings`]): one per
/// report, then one 未提出 row per listed department that sent none, naming it in 報告部署, so
/// filtering 評価 for 未提出 finds every gap the check names; one 未提出 row for an item nobody
/// reported.
fn list_rows<'a>(report: &Report, entry: Entry<'a>, seq: usize) -> Vec<Row<'a>> {
    let rows = value::reportings(report, entry.item).into_iter();
    rows.map(|r| Row { place: Place::alone(entry, r), seq }).collect()
}

/// The official report as open data (the CSV): 一覧's columns and values, one row per item and
/// reporting department — a report, or 未提出 for each listed department that sent none —
/// and the department in 報告部署 instead of the list of 関係部署, so every cell holds one value.
pub fn open_data(report: &Report) -> doc::Table {
    let fields: Vec<ItemColumn> =
        fields(report).into_iter().filter(|c| *c != ItemColumn::Plan(Field::Departments)).collect();
    let numbered = !report.plan.items().any(|i| i.no.is_some());
    let rows = report.plan.entries().enumerate().flat_map(|(i, e)| {
        let rows = value::each_department(report, e.item).into_iter();
        rows.map(move |r| Row { place: Place::alone(e, r), seq: i + 1 })
    });
    let rows = rows
        .map(|row| {
            let cells = fields
                .iter()
                .map(|&col| match col {
                    ItemColumn::Plan(Field::No) if numbered => doc::Cell::plain(row.seq.to_string()),
                    _ => doc::Cell::plain(written(value::value(report.config, &row.place, col.role()))),
                })
                .collect();
            doc::Row { cells, joined: false, label: row.place.item.label(), inset: None }
        })
        .collect();
    let columns = fields.iter().map(|&c| doc::Column::new(&column(c).title, c.role())).collect();
    let caption = format!("{}（項目別の進捗状況）", report.full_title());
    doc::Table { caption, columns, rows, label_col: 0 }
}

/// The columns of the item sheets: No, then the plan's and the reports' columns by the one
/// column rule of every item table ([`crate::report::items::shows`]).
#[derive(Debug, Clone, Copy, PartialEq)]
enum ItemColumn {
    Plan(Field),
    /// The department a row's report came from.
    Reporter,
}

fn fields(report: &Report) -> Vec<ItemColumn> {
    let plan = |fields: &[Field]| -> Vec<ItemColumn> {
        let shown = fields.iter().filter(|f| crate::report::items::shows(report.plan, **f));
        shown.copied().map(ItemColumn::Plan).collect()
    };
    // No always: the workbook numbers the rows of a plan that numbers nothing, a key to sort
    // and filter by (`item_sheet`).
    let mut cols = vec![ItemColumn::Plan(Field::No)];
    cols.extend(plan(&[Field::Section, Field::Goal, Field::Mark, Field::Name, Field::Content]));
    cols.extend(plan(&[Field::Actors, Field::Departments]));
    if report.plan_alone() {
        // A plan alone lists the plan: no 報告部署 and no column of progress to say 未提出.
        return cols;
    }
    cols.push(ItemColumn::Reporter);
    cols.extend(plan(&[Field::Grade, Field::Status, Field::Results, Field::Issues, Field::NextSteps]));
    cols.extend(plan(&[Field::Comment, Field::Opinion]));
    cols
}

impl ItemColumn {
    /// What the column holds, in the content model.
    fn role(self) -> doc::Role {
        match self {
            ItemColumn::Plan(f) => doc::Role::Field(f),
            ItemColumn::Reporter => doc::Role::Reporter,
        }
    }
}

/// Header and width bounds of a column.
fn column(col: ItemColumn) -> ColumnSpec {
    match col {
        ItemColumn::Reporter => ColumnSpec::new("報告部署", 10.0, 20.0).names(),
        ItemColumn::Plan(field) => ColumnSpec::field(field),
    }
}

/// Widest an item sheet should print (half-width units): fit to one A4 landscape page wide,
/// this keeps 10-point text at about three quarters of its size.
pub(crate) const ITEM_BUDGET: f64 = 190.0;

/// The styles of the workbook, added once.
pub(crate) struct Styles {
    pub header: StyleId,
    pub body: StyleId,
    pub center: StyleId,
    pub number: StyleId,
    pub percent: StyleId,
    pub bold_text: StyleId,
    pub bold_number: StyleId,
    pub bold_percent: StyleId,
    pub title: StyleId,
    pub note: StyleId,
    /// The conditional fill of each grade code, then 未提出 and 未記入.
    pub grades: Vec<(String, Highlight)>,
}

impl Styles {
    fn new(book: &mut Workbook, config: &Config) -> Styles {
        let number = Style { align: Align::Right, number: Some("#,##0".into()), ..Style::body() };
        let percent = Style { number: Some("0.0%".into()), ..number.clone() };
        let total = |s: &Style| Style { bold: true, total: true, ..s.clone() };
        Styles {
            header: book.style(Style::header()),
            center: book.style(Style { align: Align::Center, ..Style::body() }),
            bold_text: book.style(total(&Style::body())),
            bold_number: book.style(total(&number)),
            bold_percent: book.style(total(&percent)),
            body: book.style(Style::body()),
            number: book.style(number),
            percent: book.style(percent),
            title: book.style(Style::title()),
            note: book.style(Style::note()),
            grades: grade_highlights(config),
        }
    }

    fn for_col(&self, col: ItemColumn) -> StyleId {
        match col {
            ItemColumn::Plan(Field::Mark | Field::Grade) => self.center,
            _ => self.body,
        }
    }
}

/// The conditional fill of each grade code, then 未提出 and 未記入.
fn grade_highlights(config: &Config) -> Vec<(String, Highlight)> {
    let mut grades: Vec<(String, Highlight)> = config
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let fill = grade_color(config, i);
            (g.code.clone(), Highlight { bold: true, color: label_color(fill), fill: Some(fill) })
        })
        .collect();
    let alert = Highlight { bold: true, color: Color::ALERT, fill: Some(Color::ALERT.tint(0.12)) };
    grades.push((NOT_REPORTED.into(), alert));
    grades.push((NO_GRADE.into(), Highlight { bold: false, color: Color::GREY, fill: None }));
    grades
}

/// The colour of grade `i`: from the settings, else a default of a four-step scale.
pub(crate) fn grade_color(config: &Config, i: usize) -> Color {
    const FALLBACK: [Color; 4] =
        [Color(0x2E, 0x7D, 0x32), Color(0x9C, 0xCC, 0x65), Color(0xFF, 0xB3, 0x00), Color(0xE5, 0x39, 0x35)];
    config.grades.get(i).map_or(FALLBACK[i % FALLBACK.len()], |g| g.color)
}

/// Black or white, whichever reads on `fill`.
pub(crate) fn label_color(fill: Color) -> Color {
    if is_dark(fill) {
        Color(0xFF, 0xFF, 0xFF)
    } else {
        Color::BLACK
    }
}

/// Whether white text reads better than black on `c` (luma below half).
fn is_dark(c: Color) -> bool {
    let l = 0.2126 * f32::from(c.0) + 0.7152 * f32::from(c.1) + 0.0722 * f32::from(c.2);
    l < 0.5 * 255.0
}

/// How a spreadsheet writes a cell's value ([`value::value`]): the workbook, the CSV and the
/// departments' forms. Words as written, names one a line, every blank empty but 評価's
/// 「未記入」, 未提出, and a grade by the one grade rule of every output: the scale's code for a
/// recognised one (Ａ and 計画どおり実施 both as A, so a filter or the conditional fill sees one
/// value per grade), 「済※」 for one outside the scale.
pub fn written(value: Value) -> Cow<str> {
    match value {
        Value::Input(t) => Cow::Borrowed(t.value.as_str()),
        Value::Names(names, _) => names.join("\n").into(),
        Value::Words(words) => words,
        Value::Lines(texts) => value::lines(&texts).into(),
        Value::Blank { .. } | Value::Empty => Cow::Borrowed(""),
        Value::Grade { grade: Grade::Valid { code, .. } | Grade::Uncounted { code, .. }, .. } => {
            Cow::Borrowed(code)
        }
        Value::Grade { grade, .. } => grade.shown(NO_GRADE, NOT_REPORTED).into(),
    }
}

/// An item sheet (一覧 or a department's): table, filter, frozen header, grade fills, print
/// setup.
fn item_sheet<'a>(
    report: &'a Report,
    name: &str,
    label: &str,
    fields: &[ItemColumn],
    rows: &[Row<'a>],
    styles: &Styles,
    title: &str,
) -> Sheet<'a> {
    let numbered = !report.plan.items().any(|i| i.no.is_some());
    let cells: Vec<Vec<SheetCell>> = rows
        .iter()
        .map(|row| {
            fields
                .iter()
                .map(|&col| match col {
                    ItemColumn::Plan(Field::No) if numbered => {
                        SheetCell::number(row.seq as f64, styles.center)
                    }
                    _ => {
                        let value = value::value(report.config, &row.place, col.role());
                        SheetCell::text(written(value), styles.for_col(col))
                    }
                })
                .collect()
        })
        .collect();
    let columns = fields.iter().map(|c| column(*c)).collect();
    let table = Table {
        subjects: rows.iter().map(|r| r.place.item.label()).collect(),
        budget: ITEM_BUDGET,
        ..Table::new(0, columns, styles.header, cells)
    };
    let print = Print { title: title.to_string(), label: label.to_string(), repeat_header: true };
    let mut sheet = Sheet { filter: true, freeze: true, ..Sheet::new(name, table, print) };
    if let Some(c) = fields.iter().position(|c| *c == ItemColumn::Plan(Field::Grade)) {
        sheet.fills.push(Fill { column: c as u16, rules: styles.grades.clone() });
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_fills_get_white_text() {
        assert!(is_dark(Color(0x2E, 0x7D, 0x32)));
        assert!(!is_dark(Color(0xFF, 0xB3, 0x00)));
    }
}
