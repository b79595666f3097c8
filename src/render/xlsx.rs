//! The progress report as a workbook (`official.xlsx`) the office can sort, filter, print and
//! pass on. Made from the [`Report`] alone, like the PDF.
//!
//! Sheets, in order:
//!
//! - **集計**: per 施策 and in total, the items, how many have each grade of the configured
//!   scale (counted as the committee handout counts them, [`crate::report::summary`]: an item
//!   reported by several departments with its lowest grade), 評価なし where a reported item has
//!   no grade on the scale, 未提出, the items reported and the 報告完了率 (items with at least one
//!   report ÷ items; notes under the table say so), and a stacked bar chart of the same counts
//!   in the scale's colours.
//! - **一覧**: every item, **one row per (item, report)**: an item reported by two departments
//!   has two rows, each naming its department in 報告部署 and repeating the item's columns. So
//!   every row can be sorted and filtered on its own and each cell holds one department's
//!   words, whatever was reported. An item nobody reported has one row with
//!   評価 「未提出」; a report with a blank grade says 「未記入」. Recognised grades are written as
//!   their scale code (Ａ and 計画どおり実施 both as A), so a filter or the conditional fill
//!   sees one value per grade; anything else is written as found.
//! - **要確認**: every diagnostic of the check (severity, file, sheet, cell, item, message,
//!   code), and a 参考 line for every cell too long for Excel.
//! - One sheet per department: the items its 関係部署 lists or it reported on, with its own
//!   reports only; 未提出 where it has not reported (even if another department has).
//!
//! Text from the inputs is always written as a string (a cell starting with = + - @ stays
//! text). A text longer than Excel's 32,767 characters goes on in the rows below (see
//! [`sheet::write_table`]), and 要確認 says where. No is written as found; a plan without any
//! No gets running numbers. The sheets share the layout helpers of [`super::sheet`].

use super::sheet::{self, Cell, Column, Print, TableStyle, Written};
use super::Renderer;
use crate::config::{Column as Field, Config};
use crate::diag::{Diagnostic, Severity};
use crate::layout::frame::Color;
use crate::model::{Entry, Item, Progress, Text};
use crate::report::summary::{self, Counts};
use crate::report::Report;
use crate::text::key;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill,
    ChartType, ConditionalFormatCell, ConditionalFormatCellRule, Format, Workbook, Worksheet,
};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The XLSX renderer.
pub struct Xlsx;

impl Renderer for Xlsx {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        let title = report.full_title();
        let mut book = Workbook::new();
        let subject = "市民協働推進アクションプランの進捗状況";
        book.set_properties(&sheet::properties(&title, subject, &report.config.city, report.issued)?);
        let formats = Formats::new(report.config);
        let jobs = item_sheets(report);
        let mut notes = Vec::new();
        let mut sheets = Vec::new();
        for written in sheet::in_parallel(&jobs, |job| job.write(report, &formats)) {
            let (ws, sheet_notes) = written?;
            notes.extend(sheet_notes);
            sheets.push(ws);
        }
        let mut sheets = sheets.into_iter();
        book.push_worksheet(summary_sheet(report, &formats, &title)?);
        if let Some(list) = sheets.next() {
            book.push_worksheet(list);
        }
        if let Some(ws) = super::indicators::sheet(report, &title)? {
            book.push_worksheet(ws);
        }
        book.push_worksheet(review_sheet(report, &notes, &formats, &title)?);
        for ws in sheets {
            book.push_worksheet(ws);
        }
        sheet::save(&mut book)
    }
}

/// An item sheet to write: 一覧 or a department's.
struct ItemSheet<'a> {
    name: String,
    /// What the running header calls it.
    label: String,
    fields: Vec<Col>,
    rows: Vec<Row<'a>>,
}

/// 一覧, then one sheet per department with its own reports only: 未提出 where it has none,
/// whoever else reported, and no 報告部署 column (every report on it is its own).
fn item_sheets<'a>(report: &'a Report) -> Vec<ItemSheet<'a>> {
    let fields = fields(report);
    let seq: HashMap<*const Item, usize> =
        report.plan.items().enumerate().map(|(i, item)| (item as *const Item, i + 1)).collect();
    let seq_of = |e: &Entry| seq.get(&(e.item as *const Item)).copied().unwrap_or(0);
    let all = report.plan.entries().flat_map(|e| rows_of(e, seq_of(&e), |_| true)).collect();
    let mut sheets = vec![ItemSheet {
        name: LIST.into(),
        label: "一覧（すべての項目）".into(),
        fields: fields.clone(),
        rows: all,
    }];
    let mut names: HashSet<String> = [SUMMARY, LIST, REVIEW].iter().map(|n| n.to_lowercase()).collect();
    let own_fields: Vec<Col> = fields.into_iter().filter(|c| *c != Col::Reporter).collect();
    for (department, entries) in report.plan.by_department(true) {
        let own = key(&department);
        let rows =
            entries.iter().flat_map(|e| rows_of(*e, seq_of(e), |p| key(&p.department) == own)).collect();
        let name = sheet::legal_name(&department, &sheet::SHEET_NAME, &mut names);
        sheets.push(ItemSheet { name, label: department, fields: own_fields.clone(), rows });
    }
    sheets
}

impl ItemSheet<'_> {
    fn write(&self, report: &Report, formats: &Formats) -> Result<(Worksheet, Vec<Note>), String> {
        let mut ws = Worksheet::new();
        ws.set_name(&self.name).map_err(sheet::xlsx)?;
        let notes = item_sheet(&mut ws, report, &self.fields, &self.rows, formats, &self.label)?;
        Ok((ws, notes))
    }
}

const SUMMARY: &str = "集計";
const LIST: &str = "一覧";
const REVIEW: &str = "要確認";
/// 評価 of an item nobody reported, and of a report with the grade left blank.
const NOT_REPORTED: &str = "未提出";
const NO_GRADE: &str = "未記入";
/// 集計 column of reported items without a grade on the scale (blank or off the scale).
const UNGRADED: &str = "評価なし";

/// One row of an item sheet: an item and one report on it (None: nobody reported).
#[derive(Clone, Copy)]
struct Row<'a> {
    entry: Entry<'a>,
    /// The item's place in the plan, from 1: No for plans that number nothing.
    seq: usize,
    progress: Option<&'a Progress>,
}

/// The rows of an item: one per report `keep` accepts, or one saying 未提出.
fn rows_of<'a>(entry: Entry<'a>, seq: usize, keep: impl Fn(&Progress) -> bool) -> Vec<Row<'a>> {
    let rows: Vec<Row> = entry
        .item
        .progress
        .iter()
        .filter(|p| keep(p))
        .map(|p| Row { entry, seq, progress: Some(p) })
        .collect();
    if rows.is_empty() {
        vec![Row { entry, seq, progress: None }]
    } else {
        rows
    }
}

/// The columns of the item sheets. 目標, 区分, 主体, 関係部署 and 進捗状況 appear only where some input
/// has them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Col {
    Plan(Field),
    /// The department a row's report came from.
    Reporter,
}

fn fields(report: &Report) -> Vec<Col> {
    let plan = report.plan;
    let mut cols: Vec<Col> = vec![Col::Plan(Field::No), Col::Plan(Field::Section)];
    // Plan columns no item fills in would be a column of blanks on every sheet.
    if plan.sections.iter().any(|s| s.goals.iter().any(|g| g.statement.is_some())) {
        cols.push(Col::Plan(Field::Goal));
    }
    let filled = |f: Field| plan.items().any(|i| i.field(f).is_some());
    cols.extend(
        [Field::Mark, Field::Name, Field::Content, Field::Actors]
            .into_iter()
            .filter(|f| !matches!(f, Field::Mark | Field::Actors) || filled(*f))
            .map(Col::Plan),
    );
    if filled(Field::Departments) {
        cols.push(Col::Plan(Field::Departments));
    }
    cols.extend([Col::Reporter, Col::Plan(Field::Grade)]);
    if plan.items().any(|i| i.progress.iter().any(|p| p.status.is_some())) {
        cols.push(Col::Plan(Field::Status));
    }
    cols.extend([Field::Results, Field::Issues, Field::NextSteps].map(Col::Plan));
    // Opinions only where a report carries one.
    cols.extend(
        [Field::Comment, Field::Opinion]
            .into_iter()
            .filter(|f| plan.items().any(|i| i.progress.iter().any(|p| p.field(*f).is_some())))
            .map(Col::Plan),
    );
    cols
}

/// Header and width bounds of a column.
fn column(col: Col) -> Column {
    match col {
        Col::Reporter => Column::new("報告部署", 10.0, 20.0).names(),
        Col::Plan(field) => sheet::field_column(field),
    }
}

/// Widest an item sheet should print (half-width units): fit to one A4 landscape page wide,
/// this keeps 10-point text at about three quarters of its size.
const ITEM_BUDGET: f64 = 190.0;

/// The formats of the workbook, made once.
struct Formats {
    header: Format,
    body: Format,
    center: Format,
    number: Format,
    percent: Format,
    bold_text: Format,
    bold_number: Format,
    bold_percent: Format,
    title: Format,
    note: Format,
    /// The conditional fill of each grade code, then 未提出 and 未記入.
    grades: Vec<(String, Format)>,
}

impl Formats {
    fn new(config: &Config) -> Formats {
        let body = sheet::body();
        let number = body.clone().set_align(rust_xlsxwriter::FormatAlign::Right).set_num_format("#,##0");
        let percent = number.clone().set_num_format("0.0%");
        let total = |f: &Format| f.clone().set_bold().set_border_top(rust_xlsxwriter::FormatBorder::Double);
        let mut grades: Vec<(String, Format)> = config
            .grades
            .iter()
            .enumerate()
            .map(|(i, g)| {
                let fill = grade_color(config, i);
                let format = Format::new()
                    .set_bold()
                    .set_background_color(sheet::rgb(fill))
                    .set_font_color(sheet::rgb(label_color(fill)));
                (g.code.clone(), format)
            })
            .collect();
        let alert = Format::new().set_bold().set_font_color(sheet::rgb(Color::ALERT));
        grades.push((NOT_REPORTED.into(), alert.set_background_color(sheet::rgb(Color::ALERT.tint(0.12)))));
        grades.push((NO_GRADE.into(), Format::new().set_font_color(sheet::rgb(Color::GREY))));
        Formats {
            header: sheet::header(),
            center: body.clone().set_align(rust_xlsxwriter::FormatAlign::Center),
            bold_text: total(&body),
            bold_number: total(&number),
            bold_percent: total(&percent),
            body,
            number,
            percent,
            title: sheet::title(),
            note: sheet::base().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top),
            grades,
        }
    }

    fn for_col(&self, col: Col) -> &Format {
        match col {
            Col::Plan(Field::Mark | Field::Grade) => &self.center,
            _ => &self.body,
        }
    }
}

/// The colour of grade `i`: from the settings, else a default of a four-step scale.
fn grade_color(config: &Config, i: usize) -> Color {
    const FALLBACK: [Color; 4] =
        [Color(0x2E, 0x7D, 0x32), Color(0x9C, 0xCC, 0x65), Color(0xFF, 0xB3, 0x00), Color(0xE5, 0x39, 0x35)];
    config.grades.get(i).and_then(|g| Color::from_hex(&g.color)).unwrap_or(FALLBACK[i % FALLBACK.len()])
}

/// Black or white, whichever reads on `fill`.
fn label_color(fill: Color) -> Color {
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

/// The text of one cell of an item sheet (No aside, for plans that number nothing).
fn value<'a>(config: &'a Config, row: &Row<'a>, col: Col) -> Cow<'a, str> {
    let item = row.entry.item;
    let text = |t: Option<&'a Text>| t.map_or(Cow::Borrowed(""), |t| Cow::Borrowed(t.value.as_str()));
    match col {
        Col::Reporter => row.progress.map_or(Cow::Borrowed(""), |p| Cow::Borrowed(p.department.as_str())),
        Col::Plan(f) => match f {
            Field::No => text(item.no.as_ref()),
            Field::Section => {
                row.entry.section.heading.as_ref().map_or(Cow::Borrowed(""), |h| h.display().into())
            }
            Field::Goal => text(row.entry.goal.statement.as_ref()),
            Field::Mark => text(item.mark.as_ref()),
            Field::Name => text(item.name.as_ref()),
            Field::Content => text(item.content.as_ref()),
            // One name a line, however the sheet separated them.
            Field::Actors => item.actor_list(&config.actors).join("\n").into(),
            Field::Departments => item.department_list().join("\n").into(),
            Field::Grade => grade(config, row.progress),
            _ => text(row.progress.and_then(|p| p.field(f))),
        },
    }
}

/// 評価 as written in the workbook, by the one grade rule of every output: the scale's code
/// for a recognised grade, 「済※」 for one outside the scale, 未記入, 未提出.
fn grade<'a>(config: &'a Config, progress: Option<&'a Progress>) -> Cow<'a, str> {
    match crate::model::Grade::of(config, progress) {
        crate::model::Grade::Valid { code, .. } | crate::model::Grade::Uncounted { code, .. } => {
            Cow::Borrowed(code)
        }
        other => Cow::Owned(other.shown(NO_GRADE, NOT_REPORTED)),
    }
}

/// Writes an item sheet (一覧 or a department's): table, filter, frozen header, grade fills,
/// print setup. Returns notes on cells split for length.
fn item_sheet(
    ws: &mut Worksheet,
    report: &Report,
    fields: &[Col],
    rows: &[Row],
    formats: &Formats,
    label: &str,
) -> Result<Vec<Note>, String> {
    let numbered = !report.plan.items().any(|i| i.no.is_some());
    let columns: Vec<Column> = fields.iter().map(|c| column(*c)).collect();
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            fields
                .iter()
                .map(|&col| match col {
                    Col::Plan(Field::No) if numbered => Cell::number(row.seq as f64, &formats.center),
                    _ => Cell::text(value(report.config, row, col), formats.for_col(col)),
                })
                .collect()
        })
        .collect();
    let style = TableStyle { header: &formats.header, budget: ITEM_BUDGET, min_lines: 1 };
    let written = sheet::write_table(ws, 0, &columns, &cells, &style)?;
    finish_table(ws, &written, columns.len())?;
    if let Some(c) = fields.iter().position(|c| *c == Col::Plan(Field::Grade)) {
        grade_fills(ws, &written, c as u16, formats)?;
    }
    let title = report.full_title();
    sheet::print_setup(ws, &Print { title: &title, label, repeat: Some(0) })?;
    Ok(split_notes(ws.name().as_str(), &written, &columns, rows))
}

/// Frozen header and autofilter over a written table.
fn finish_table(ws: &mut Worksheet, written: &Written, columns: usize) -> Result<(), String> {
    let last_col = columns.saturating_sub(1) as u16;
    ws.set_freeze_panes(written.header_row + 1, 0).map_err(sheet::xlsx)?;
    ws.autofilter(written.header_row, 0, written.last_row, last_col).map_err(sheet::xlsx)?;
    Ok(())
}

/// A conditional fill per grade code (and 未提出, 未記入) on the 評価 column.
fn grade_fills(ws: &mut Worksheet, written: &Written, col: u16, formats: &Formats) -> Result<(), String> {
    if written.last_row == written.header_row {
        return Ok(());
    }
    for (code, format) in &formats.grades {
        let rule = ConditionalFormatCellRule::EqualTo(format!("\"{}\"", code.replace('"', "\"\"")));
        let fill = ConditionalFormatCell::new().set_rule(rule).set_format(format);
        ws.add_conditional_format(written.header_row + 1, col, written.last_row, col, &fill)
            .map_err(sheet::xlsx)?;
    }
    Ok(())
}

/// A finding of this workbook itself, listed in 要確認 as 参考.
struct Note {
    sheet: String,
    cells: String,
    item: String,
    message: String,
}

/// A note for every cell continued in the rows below.
fn split_notes(sheet_name: &str, written: &Written, columns: &[Column], rows: &[Row]) -> Vec<Note> {
    written
        .splits
        .iter()
        .map(|split| {
            let first = crate::text::a1(split.row, u32::from(split.col));
            let last = crate::text::a1(split.row + split.parts as u32 - 1, u32::from(split.col));
            Note {
                sheet: sheet_name.to_string(),
                cells: format!("{first}:{last}"),
                item: rows.get(split.index).map(|r| r.entry.item.label()).unwrap_or_default(),
                message: format!(
                    "{}は {} 字あり、Excel の 1 セルの上限（{} 字）を超えるため、{first}:{last} の {} 行に分けて書きました（続きの行は A 列が「{}」）",
                    columns[usize::from(split.col)].title,
                    group_digits(split.chars),
                    group_digits(sheet::MAX_CELL),
                    split.parts,
                    sheet::CONTINUED
                ),
            }
        })
        .collect()
}

/// 40000 → 「40,000」.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Items with at least one report, over all items (0 for none).
fn rate(c: &Counts) -> f64 {
    match c.total() {
        0 => 0.0,
        n => (n - c.unreported) as f64 / n as f64,
    }
}

/// A column of the 集計 table after 施策 and 項目数: its header, its series name in the chart,
/// its colour there, and its count.
struct Tally {
    header: String,
    legend: String,
    color: Color,
    count: fn(&Counts, usize) -> usize,
    grade: usize,
}

fn tallies(config: &Config, total: &Counts) -> Vec<Tally> {
    let mut out: Vec<Tally> = config
        .grades
        .iter()
        .enumerate()
        .map(|(i, g)| Tally {
            header: if g.label == g.code { g.code.clone() } else { format!("{}\n{}", g.code, g.label) },
            legend: if g.label == g.code { g.code.clone() } else { format!("{} {}", g.code, g.label) },
            color: grade_color(config, i),
            count: |c, i| c.grades[i],
            grade: i,
        })
        .collect();
    let extra = |header: &str, color, count| Tally {
        header: header.into(),
        legend: header.into(),
        color,
        count,
        grade: 0,
    };
    if total.ungraded > 0 {
        out.push(extra(UNGRADED, Color(0xCF, 0xCF, 0xCF), |c, _| c.ungraded));
    }
    out.push(extra(NOT_REPORTED, Color(0x9E, 0x9E, 0x9E), |c, _| c.unreported));
    out
}

/// First row of the 集計 table's header.
const SUMMARY_TOP: u32 = 3;

/// 集計: title, the table per 施策 with its total, the notes and the chart.
fn summary_sheet(report: &Report, formats: &Formats, title: &str) -> Result<Worksheet, String> {
    let mut ws = Worksheet::new();
    ws.set_name(SUMMARY).map_err(sheet::xlsx)?;
    let per_section: Vec<(String, Counts)> =
        report.plan.sections.iter().map(|s| (s.title(), summary::section(report, s))).collect();
    let total = summary::total(report);
    let tallies = tallies(report.config, &total);
    ws.write_string_with_format(0, 0, title, &formats.title).map_err(sheet::xlsx)?;
    ws.set_row_height(0, 24).map_err(sheet::xlsx)?;
    let issued = crate::layout::wareki::date_label(report.issued.0, report.issued.1, report.issued.2);
    ws.write_string_with_format(1, 0, format!("{}　{issued}", report.config.city), &formats.note)
        .map_err(sheet::xlsx)?;
    let mut columns =
        vec![Column::new(report.plan.section_word(), 24.0, 44.0), Column::new("項目数", 7.0, 8.0)];
    columns.extend(tallies.iter().map(|t| Column::new(&t.header, 8.0, 10.0)));
    columns.extend([Column::new("報告のあった\n項目", 12.0, 12.0), Column::new("報告完了率", 11.0, 11.0)]);
    let line = |label: &str, c: &Counts, total: bool| -> Vec<Cell> {
        let (text, number, percent) = match total {
            true => (&formats.bold_text, &formats.bold_number, &formats.bold_percent),
            false => (&formats.body, &formats.number, &formats.percent),
        };
        let mut cells = vec![Cell::text(label.to_string(), text), Cell::number(c.total() as f64, number)];
        cells.extend(tallies.iter().map(|t| Cell::number((t.count)(c, t.grade) as f64, number)));
        let reported = c.total() - c.unreported;
        cells.extend([Cell::number(reported as f64, number), Cell::number(rate(c), percent)]);
        cells
    };
    let mut table: Vec<Vec<Cell>> = per_section.iter().map(|(s, c)| line(s, c, false)).collect();
    table.push(line("合計", &total, true));
    let style = TableStyle { header: &formats.header, budget: 200.0, min_lines: 1 };
    let written = sheet::write_table(&mut ws, SUMMARY_TOP, &columns, &table, &style)?;
    let notes_at = written.last_row + 2;
    let width = columns.len() as u16 - 1;
    for (i, note) in summary_notes(report).iter().enumerate() {
        let r = notes_at + i as u32;
        ws.merge_range(r, 0, r, width, note, &formats.note).map_err(sheet::xlsx)?;
        let units: f64 = written.widths.iter().sum();
        ws.set_row_height(r, sheet::row_height(sheet::line_count(note, units))).map_err(sheet::xlsx)?;
    }
    let chart_at = notes_at + summary_notes(report).len() as u32 + 1;
    let chart = chart(&tallies, per_section.len(), &written, report.plan.section_word())?;
    ws.insert_chart(chart_at, 0, &chart).map_err(sheet::xlsx)?;
    sheet::print_setup(&mut ws, &Print { title, label: "集計", repeat: None })?;
    Ok(ws)
}

/// What the 集計 counts mean.
fn summary_notes(report: &Report) -> Vec<String> {
    let scale: Vec<String> = report.config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect();
    let mut notes = vec![
        "※ 報告完了率 ＝ 進捗報告が1件以上ある項目の数 ÷ 項目数。".to_string(),
        format!(
            "※ 件数は項目の数です。2つ以上の部署が報告した項目は、そのうち最も低い評価で数えます（委員会資料と同じ数え方）。{UNGRADED}は報告はあるが評価が空欄か評価の区分にない記入のある項目、{NOT_REPORTED}はどの部署からも報告のない項目です。"
        ),
        format!("※ 評価の区分：{}", scale.join("、")),
    ];
    let uncounted = report.config.uncounted_codes();
    if !uncounted.is_empty() {
        notes.push(format!(
            "※ {}は評価として数えない区分です。件数は別の列に数え、順調の割合と前年度との比較には含めません。",
            uncounted.join("・")
        ));
    }
    if crate::model::grade::any_invalid(report.config, report.plan.items().flat_map(|i| &i.progress)) {
        let note = crate::model::grade::INVALID_NOTE;
        notes.push(format!("{note}：評価欄で末尾に※の付いた評価は、評価の区分にない記入をそのまま載せたものです（{UNGRADED}として数えます）。"));
    }
    notes
}

/// Stacked bars per 施策 of every tally, in the tally's colour; 施策1 on top.
fn chart(tallies: &[Tally], sections: usize, written: &Written, word: &str) -> Result<Chart, String> {
    let font = |size: u32, bold: bool| {
        let mut font = ChartFont::new();
        font.set_name(sheet::FONT).set_size(size);
        if bold {
            font.set_bold();
        }
        font
    };
    let mut chart = Chart::new(ChartType::BarStacked);
    let first = written.header_row + 1;
    let last = first + sections.max(1) as u32 - 1;
    for (i, tally) in tallies.iter().enumerate() {
        let col = 2 + i as u16;
        let mut fill = ChartFormat::new();
        fill.set_solid_fill(ChartSolidFill::new().set_color(sheet::rgb(tally.color)));
        let mut label = ChartDataLabel::new();
        // The count inside its bar; zero counts are left unlabelled.
        label
            .show_value()
            .set_num_format("0;;;")
            .set_font(font(9, false).set_color(sheet::rgb(label_color(tally.color))));
        chart
            .add_series()
            .set_categories((SUMMARY, first, 0, last, 0))
            .set_values((SUMMARY, first, col, last, col))
            .set_name(tally.legend.as_str())
            .set_format(&mut fill)
            .set_data_label(&label)
            .set_gap(60);
    }
    chart.title().set_name(&format!("{word}別の評価の件数")).set_font(&font(12, true));
    chart.legend().set_position(ChartLegendPosition::Bottom).set_font(&font(9, false));
    // In a bar chart the categories run up the y axis: reversed, 施策1 comes first, on top.
    chart.y_axis().set_reverse().set_crossing(ChartAxisCrossing::Max).set_font(&font(9, false));
    chart.x_axis().set_name("件数").set_name_font(&font(9, false)).set_font(&font(9, false));
    let width: f64 = written.widths.iter().map(|w| w * 6.67 + 9.0).sum();
    chart
        .set_width(width.clamp(480.0, 1000.0) as u32)
        .set_height((120 + 44 * sections.max(1)).min(900) as u32);
    Ok(chart)
}

/// 要確認: every diagnostic, then the notes of this workbook.
fn review_sheet(
    report: &Report,
    notes: &[Note],
    formats: &Formats,
    title: &str,
) -> Result<Worksheet, String> {
    let mut ws = Worksheet::new();
    ws.set_name(REVIEW).map_err(sheet::xlsx)?;
    let columns = [
        Column::new("重要度", 6.0, 8.0),
        Column::new("ファイル", 12.0, 30.0),
        Column::new("シート", 8.0, 16.0),
        Column::new("セル", 5.0, 12.0),
        Column::new("項目", 14.0, 28.0),
        Column::new("内容", 30.0, 70.0),
        Column::new("コード", 10.0, 16.0),
    ];
    let mut rows: Vec<Vec<Cell>> =
        report.diagnostics.iter().map(|d| review_row(diagnostic_line(d), formats)).collect();
    rows.extend(notes.iter().map(|n| {
        review_row(
            ["参考", "", &n.sheet, &n.cells, &n.item, &n.message, "split-cell"].map(Cow::Borrowed),
            formats,
        )
    }));
    if rows.is_empty() {
        let mut row: Vec<Cell> = columns.iter().map(|_| Cell::blank(&formats.body)).collect();
        row[5] = Cell::text("確認が必要な点はありません。", &formats.body);
        rows.push(row);
    }
    let style = TableStyle { header: &formats.header, budget: ITEM_BUDGET, min_lines: 1 };
    let written = sheet::write_table(&mut ws, 0, &columns, &rows, &style)?;
    finish_table(&mut ws, &written, columns.len())?;
    sheet::print_setup(&mut ws, &Print { title, label: "要確認", repeat: Some(0) })?;
    Ok(ws)
}

/// A diagnostic as the cells of a 要確認 row: severity, file, sheet, cell, item, message, code.
fn diagnostic_line(d: &Diagnostic) -> [Cow<'_, str>; 7] {
    let severity = match d.severity {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
    };
    let code = serde_json::to_value(d.code).ok().and_then(|v| v.as_str().map(str::to_string));
    let opt = |t: &Option<String>| Cow::Owned(t.clone().unwrap_or_default());
    [
        Cow::Borrowed(severity),
        Cow::Borrowed(d.file.as_str()),
        opt(&d.sheet),
        opt(&d.cell),
        opt(&d.item),
        Cow::Borrowed(d.message.as_str()),
        Cow::Owned(code.unwrap_or_default()),
    ]
}

fn review_row<'a>(line: [Cow<'a, str>; 7], formats: &'a Formats) -> Vec<Cell<'a>> {
    line.into_iter()
        .enumerate()
        .map(|(i, text)| Cell::text(text, if i == 0 { &formats.center } else { &formats.body }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_grouped() {
        assert_eq!(group_digits(40_000), "40,000");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }

    #[test]
    fn dark_fills_get_white_text() {
        assert!(is_dark(Color(0x2E, 0x7D, 0x32)));
        assert!(!is_dark(Color(0xFF, 0xB3, 0x00)));
    }
}
