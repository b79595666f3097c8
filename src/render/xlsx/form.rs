//! Department forms (様式, `kyodo template`): one workbook per department, already holding its
//! items, for the department to fill in and kyodo to read back with no mapping. Each is made
//! as a sheet model ([`crate::report::sheet`]) and written like the report's workbook.
//!
//! Each workbook has one sheet, 進捗状況:
//!
//! ```text
//! 令和6年度（2024年度） 市民協働(共働)推進アクションプラン 進捗状況報告   ← title: year and plan
//! 部署名：地域再生推進本部                                           ← who reports (import reads it)
//! ※ 白い欄に記入してください。…                                     ← instructions (notes to the import)
//! No | 施策 | 目標 | 区分 | 項目 | 内容 | [前年度の評価 | 前年度の実績] | 評価 | 実績 | 課題 | 今後の方向性
//!    [| 指標 | 単位 | 基準値 | 目標値 | 目標年度 | [前年度の実績値] | 実績値]   ← per indicator ([`indicators`])
//! ```
//!
//! The header row uses kyodo's own column names, so the import finds every column; the plan's
//! columns are filled in, shaded grey and locked (the sheet is protected without a password:
//! rows and columns can still be resized), the progress columns are blank, unlocked, with
//! drop-down lists of the configured grades (strict) and 今後の方向性 choices (a warning only:
//! the check does not restrict them) and an input message each. With last year's progress
//! (`--previous`), the department's own grade and results of last year stand beside each item,
//! read-only, under headers the import does not take for progress (前年度の評価, 前年度の実績);
//! where it made no report on the item last year, the other departments' reports are shown,
//! each prefixed with 【部署】.
//!
//! An item goes to every department its 関係部署 lists ([`crate::model::Plan::by_department`]);
//! items listing none go to [`crate::model::NO_DEPARTMENT`] (関係部署未記入). File names are made safe for Windows and unique
//! ([`crate::text::names::file_stem`]); the real name stays in the 部署名 row. Layout, widths
//! and print setup are those of the XLSX report.

mod guide;
mod indicators;

use super::in_parallel;
use crate::config::{Config, Field};
use crate::layout::frame::Color;
use crate::model::{Entry, Item, Plan};
use crate::render::RenderError;
use crate::report::doc::Role;
use crate::report::items::shows;
use crate::report::sheet::{
    Align, ColumnSpec, Line, Notes, Print, Properties, Sheet, SheetCell, Style, StyleId, Table, Workbook,
};
use crate::report::value::{value, Place, Reporting};
use crate::report::workbook::{written, KEYWORDS};
use crate::text::names::file_stem;
use crate::text::wareki::fiscal_year_label_with_western;
use std::collections::HashSet;

/// One department's workbook.
pub struct Form {
    /// The department as the plan names it.
    pub department: String,
    /// `<department>.xlsx`, made safe for file systems.
    pub file_name: String,
    /// How many items it holds.
    pub items: usize,
    /// The workbook's bytes.
    pub bytes: Vec<u8>,
}

/// What the templates are made with besides the plan.
pub struct Options<'a> {
    /// The fiscal year in the title; None leaves the year out.
    pub year: Option<i32>,
    /// Last year's progress, read as a plan of its own (`--previous`).
    pub previous: Option<&'a Plan>,
    /// Date of the document properties.
    pub issued: crate::text::wareki::Date,
}

/// One workbook per department of the plan, in order of first mention.
pub fn forms(plan: &Plan, config: &Config, options: &Options) -> Result<Vec<Form>, RenderError> {
    let title = title(plan, config, options.year);
    let layout = Layout::new(plan, options.previous.is_some());
    let mut taken = HashSet::new();
    let departments = plan.by_department(false);
    let names: Vec<String> =
        departments.iter().map(|(d, _)| format!("{}.xlsx", file_stem(d, &mut taken))).collect();
    let books = in_parallel(&departments, |(department, entries)| {
        let page = Page { title: &title, department, layout: &layout, config };
        super::write(&workbook(&page, entries, options))
    });
    departments
        .iter()
        .zip(names)
        .zip(books)
        .map(|(((department, entries), file_name), bytes)| {
            Ok(Form { department: department.clone(), file_name, items: entries.len(), bytes: bytes? })
        })
        .collect()
}

/// One department's workbook: a sheet, 進捗状況.
fn workbook<'a>(page: &Page<'a>, entries: &[Entry<'a>], options: &Options<'a>) -> Workbook<'a> {
    let mut book = Workbook {
        properties: Properties {
            title: page.title.to_string(),
            subject: format!("進捗状況報告の様式（{}）", page.department),
            author: page.config.city.clone(),
            keywords: KEYWORDS.into(),
            issued: options.issued,
        },
        // The official report's paper: the forms carry its columns.
        paper: crate::report::sheet::Paper::named(&page.config.official.paper),
        ..Workbook::default()
    };
    let styles = Styles::new(&mut book);
    let sheet = sheet(page, entries, options.previous, &styles);
    book.sheets.push(sheet);
    book
}

/// 「令和6年度（2024年度） 市民協働(共働)推進アクションプラン 進捗状況報告」.
fn title(plan: &Plan, config: &Config, year: Option<i32>) -> String {
    let name = if plan.title.is_empty() { &config.title } else { &plan.title };
    match year {
        Some(fy) => format!("{} {name} 進捗状況報告", fiscal_year_label_with_western(fy)),
        None => format!("{name} 進捗状況報告"),
    }
}

/// A column of the template.
#[derive(Debug, Clone, Copy, PartialEq)]
enum FormColumn {
    /// A plan column, filled in and locked.
    Plan(Field),
    /// Last year's grade or results, read-only.
    Previous(Field),
    /// A progress column to fill in.
    Progress(Field),
    /// A column of the n-th indicator (from 1): the plan's 指標 … 目標年度 locked, 実績値 to
    /// fill in.
    Indicator(u8, Field),
    /// Last year's 実績値 of the n-th indicator, read-only.
    PreviousActual(u8),
}

/// The columns of every workbook of a plan: No, 目標 and 区分 only where the plan has them.
struct Layout {
    cols: Vec<FormColumn>,
}

impl Layout {
    fn new(plan: &Plan, previous: bool) -> Layout {
        // The plan's columns by the rule of every item table; the columns a department fills in
        // stand however blank.
        let shown = |f: &Field| shows(plan, *f);
        let mut cols: Vec<FormColumn> =
            [Field::No, Field::Section, Field::Goal, Field::Mark, Field::Name, Field::Content]
                .iter()
                .filter(|f| shown(f))
                .map(|f| FormColumn::Plan(*f))
                .collect();
        if previous {
            cols.extend([FormColumn::Previous(Field::Grade), FormColumn::Previous(Field::Results)]);
        }
        cols.extend(
            [Field::Grade, Field::Results, Field::Issues, Field::NextSteps].map(FormColumn::Progress),
        );
        cols.extend(indicators::columns(plan, previous));
        Layout { cols }
    }

    fn position(&self, col: FormColumn) -> Option<u16> {
        self.cols.iter().position(|c| *c == col).map(|i| i as u16)
    }
}

/// Header and width bounds: the report's for the plan's columns; the columns to fill in are
/// wide (they are written in), last year's beside them narrower.
fn column(cols: &[FormColumn], col: FormColumn) -> ColumnSpec {
    let (title, min, max) = match col {
        FormColumn::Plan(field) => return ColumnSpec::field(field),
        FormColumn::Indicator(..) | FormColumn::PreviousActual(_) => return indicators::column(cols, col),
        // Broken where a reader would: the import ignores the line break (and these headers).
        FormColumn::Previous(Field::Grade) => ("前年度の\n評価", 8.0, 8.0),
        FormColumn::Previous(_) => ("前年度の実績", 20.0, 32.0),
        FormColumn::Progress(Field::Grade) => ("評価", 6.0, 6.0),
        FormColumn::Progress(Field::Results) => ("実績", 44.0, 44.0),
        FormColumn::Progress(Field::Issues) => ("課題", 26.0, 26.0),
        FormColumn::Progress(_) => ("今後の\n方向性", 8.0, 8.0),
    };
    ColumnSpec::new(title, min, max)
}

/// Lines every item row shows at least: room to write.
const MIN_LINES: usize = 3;

/// The styles of a form.
struct Styles {
    title: StyleId,
    department: StyleId,
    note: StyleId,
    header: StyleId,
    /// Header of the columns to fill in.
    header_input: StyleId,
    plan: StyleId,
    plan_center: StyleId,
    previous: StyleId,
    previous_center: StyleId,
    input: StyleId,
    input_center: StyleId,
}

impl Styles {
    fn new(book: &mut Workbook) -> Styles {
        let plan = Style { fill: Some(PLAN_FILL), ..Style::body() };
        let previous = Style { color: Some(Color::GREY), ..plan.clone() };
        let input = Style { unlocked: true, ..Style::body() };
        let center = |s: &Style| Style { align: Align::Center, ..s.clone() };
        Styles {
            title: book.style(Style::title()),
            department: book.style(Style { bold: true, size: Some(12.0), ..Style::base() }),
            note: book.style(Style::note()),
            header: book.style(Style::header()),
            header_input: book.style(Style { fill: Some(INPUT_HEADER_FILL), ..Style::header() }),
            plan_center: book.style(center(&plan)),
            previous_center: book.style(center(&previous)),
            previous: book.style(previous),
            plan: book.style(plan),
            input_center: book.style(center(&input)),
            input: book.style(input),
        }
    }
}

/// The grey of the plan's cells (locked).
const PLAN_FILL: Color = Color(0xF2, 0xF2, 0xF2);
/// The header of the columns to fill in: a light yellow, as forms mark where to write.
const INPUT_HEADER_FILL: Color = Color(0xFF, 0xF2, 0xCC);

/// What one workbook is about.
struct Page<'a> {
    title: &'a str,
    department: &'a str,
    layout: &'a Layout,
    config: &'a Config,
}

/// Title rows, the table, drop-down lists, protection and print setup of the sheet.
fn sheet<'a>(
    page: &Page<'a>,
    entries: &[Entry<'a>],
    previous: Option<&'a Plan>,
    styles: &Styles,
) -> Sheet<'a> {
    let cols = &page.layout.cols;
    // The import reads 「部署名：…」 to know who reports.
    let lines = vec![
        Line { row: 0, text: page.title.to_string(), style: styles.title, height: Some(24.0) },
        Line {
            row: 1,
            text: format!("部署名：{}", page.department),
            style: styles.department,
            height: Some(20.0),
        },
    ];
    let columns: Vec<ColumnSpec> = cols
        .iter()
        .map(|c| match c {
            FormColumn::Progress(_) | FormColumn::Indicator(_, Field::Actual) => {
                ColumnSpec { header: Some(styles.header_input), ..column(cols, *c) }
            }
            _ => column(cols, *c),
        })
        .collect();
    let rows = entries.iter().map(|e| row(page, e, previous, styles)).collect();
    let table = Table { min_lines: MIN_LINES, ..Table::new(HEADER_ROW, columns, styles.header, rows) };
    let print =
        Print { title: page.title.to_string(), label: page.department.to_string(), repeat_header: true };
    Sheet {
        lines,
        notes: Some(Notes { lines: vec![guide::instructions(page)], style: styles.note, above: true }),
        validations: guide::validations(page),
        freeze: true,
        protect: true,
        ..Sheet::new("進捗状況", table, print)
    }
}

/// The header row: below the title, the department and the instructions.
const HEADER_ROW: u32 = 3;

/// The cells of one item.
fn row<'a>(
    page: &Page<'a>,
    entry: &Entry<'a>,
    previous: Option<&'a Plan>,
    styles: &Styles,
) -> Vec<SheetCell<'a>> {
    let item = entry.item;
    let last_year = previous.and_then(|p| p.matching(item));
    page.layout
        .cols
        .iter()
        .map(|&col| match col {
            FormColumn::Plan(f) => {
                let style = if f == Field::Mark { styles.plan_center } else { styles.plan };
                let value = value(page.config, &Place::alone(*entry, Reporting::Nobody), Role::Field(f));
                SheetCell::text(written(value), style)
            }
            FormColumn::Previous(f) => {
                let format = if f == Field::Grade { styles.previous_center } else { styles.previous };
                SheetCell::text(last_year.map(|i| previous_text(i, page, f)).unwrap_or_default(), format)
            }
            FormColumn::Progress(Field::Grade | Field::NextSteps) => SheetCell::blank(styles.input_center),
            FormColumn::Progress(_) => SheetCell::blank(styles.input),
            FormColumn::Indicator(n, f) => indicators::cell(item, n, f, styles),
            FormColumn::PreviousActual(n) => indicators::previous(item, last_year, n, styles),
        })
        .collect()
}

/// Last year's grade or results of an item: this department's own report, else every
/// department's, each marked 【部署】.
fn previous_text(item: &Item, page: &Page, field: Field) -> String {
    let own: Vec<_> = item.progress.iter().filter(|p| p.is_by(page.department)).collect();
    let (reports, marked) =
        if own.is_empty() { (item.progress.iter().collect(), true) } else { (own, false) };
    let values: Vec<String> = reports
        .iter()
        .filter_map(|p| {
            let value = match field {
                Field::Grade => {
                    let g = p.grade.as_ref()?;
                    page.config.grade(&g.value).map_or(g.value.clone(), |s| s.code.clone())
                }
                _ => p.results.as_ref()?.value.clone(),
            };
            Some(if marked { format!("【{}】{value}", p.department) } else { value })
        })
        .collect();
    values.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_headers_are_not_progress_columns() {
        let config = Config::default();
        for col in [FormColumn::Previous(Field::Grade), FormColumn::Previous(Field::Results)] {
            assert_eq!(config.column_for(&column(&[], col).title), None, "{col:?}");
            assert!(!crate::text::key(&column(&[], col).title).is_empty());
        }
        for field in [Field::Grade, Field::Results, Field::Issues, Field::NextSteps] {
            assert_eq!(config.column_for(&column(&[], FormColumn::Progress(field)).title), Some(field));
        }
        for field in [Field::No, Field::Section, Field::Goal, Field::Mark, Field::Name, Field::Content] {
            assert_eq!(config.column_for(&column(&[], FormColumn::Plan(field)).title), Some(field));
        }
    }
}
