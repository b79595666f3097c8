//! Department templates (`kyodo template`): one workbook per department, already holding its
//! items, for the department to fill in and kyodo to read back with no mapping.
//!
//! Each workbook has one sheet, 進捗状況:
//!
//! ```text
//! 令和6年度（2024年度） 市民協働(共働)推進アクションプラン 進捗状況報告   ← title: year and plan
//! 部署名：地域再生推進本部                                           ← who reports (import reads it)
//! ※ 白い欄に記入してください。…                                     ← instructions (notes to the import)
//! No | 施策 | 目標 | 区分 | 項目 | 内容 | [前年度の評価 | 前年度の実績] | 評価 | 実績 | 課題 | 今後の方向性
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
//! ([`file_stem`]); the real name stays in the 部署名 row. Layout, widths and print setup are
//! those of the XLSX report ([`crate::render::sheet`]).

use crate::config::{Column as Field, Config};
use crate::layout::frame::Color;
use crate::layout::wareki::{fiscal_year_label_with_western, parse_fiscal_year};
use crate::model::{Entry, Item, Plan};
use crate::render::sheet::{self, Cell, Column, NameRules, Print, TableStyle, Written};
use crate::text::key;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, ProtectionOptions, Workbook, Worksheet,
};
use std::borrow::Cow;
use std::collections::HashSet;

/// One department's workbook.
pub struct Template {
    /// The department as the plan names it.
    pub department: String,
    /// `<department>.xlsx`, made safe for file systems.
    pub file_name: String,
    /// How many items it holds.
    pub items: usize,
    pub bytes: Vec<u8>,
}

/// What the templates are made with besides the plan.
pub struct Options<'a> {
    /// The fiscal year in the title; None leaves the year out.
    pub year: Option<i32>,
    /// Last year's progress, read as a plan of its own (`--previous`).
    pub previous: Option<&'a Plan>,
    /// Date of the document properties.
    pub issued: (i32, u32, u32),
}

/// The fiscal year a `--year` argument names: 令和7, R7, 2025, 令和7年度 are all FY2025.
///
/// ```
/// use kyodo::template::parse_year;
/// assert_eq!(parse_year("令和7"), Some(2025));
/// assert_eq!(parse_year("R7"), Some(2025));
/// assert_eq!(parse_year("2025"), Some(2025));
/// assert_eq!(parse_year("令和7年度"), Some(2025));
/// assert_eq!(parse_year("来年"), None);
/// assert_eq!(parse_year("平成31"), Some(2019));
/// assert_eq!(parse_year("平成32"), None, "平成 ended in its 31st year");
/// assert_eq!(parse_year("R99"), None, "no plan is made for 2117");
/// assert_eq!(parse_year("1985"), None, "before the plans kyodo reads");
/// ```
pub fn parse_year(text: &str) -> Option<i32> {
    let year = parse_fiscal_year(text).or_else(|| parse_fiscal_year(&format!("{}年度", text.trim())))?;
    let upper = crate::text::nfkc_trim(text).to_uppercase();
    let heisei = upper.starts_with('平') || upper.starts_with('H');
    let range = if heisei { HEISEI } else { YEARS };
    range.contains(&year).then_some(year)
}

/// FY of 平成元年 to 平成31年 (its last, 2019, shared with 令和元年).
const HEISEI: std::ops::RangeInclusive<i32> = 1989..=2019;
/// The fiscal years a `--year` may name: from 平成元年; 令和 from 2019 up to 2100, beyond any
/// plan (「R99」 is a typing slip, not a year).
const YEARS: std::ops::RangeInclusive<i32> = 1989..=2100;

/// What a `--year` may be, for the message refusing one.
pub const YEAR_HINT: &str = "令和7、R7、2025 など。平成は元〜31年、令和は元年（2019年）から";

/// One workbook per department of the plan, in order of first mention.
pub fn templates(plan: &Plan, config: &Config, options: &Options) -> Result<Vec<Template>, String> {
    let title = title(plan, config, options.year);
    let formats = Formats::new();
    let layout = Layout::new(plan, options.previous.is_some());
    let mut taken = HashSet::new();
    let departments = plan.by_department(false);
    let names: Vec<String> =
        departments.iter().map(|(d, _)| format!("{}.xlsx", file_stem(d, &mut taken))).collect();
    let books = sheet::in_parallel(&departments, |(department, entries)| {
        let page = Page { title: &title, department, layout: &layout, config };
        workbook(&page, entries, options, &formats)
    });
    departments
        .iter()
        .zip(names)
        .zip(books)
        .map(|(((department, entries), file_name), bytes)| {
            Ok(Template { department: department.clone(), file_name, items: entries.len(), bytes: bytes? })
        })
        .collect()
}

/// The bytes of one department's workbook.
fn workbook(page: &Page, entries: &[Entry], options: &Options, formats: &Formats) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let subject = format!("進捗状況報告の様式（{}）", page.department);
    book.set_properties(&sheet::properties(page.title, &subject, &page.config.city, options.issued)?);
    let mut ws = Worksheet::new();
    ws.set_name("進捗状況").map_err(sheet::xlsx)?;
    write_sheet(&mut ws, page, entries, options.previous, formats)?;
    book.push_worksheet(ws);
    sheet::save(&mut book)
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
enum Col {
    /// A plan column, filled in and locked.
    Plan(Field),
    /// Last year's grade or results, read-only.
    Previous(Field),
    /// A progress column to fill in.
    Progress(Field),
}

/// The columns of every workbook of a plan: No, 目標 and 区分 only where the plan has them.
struct Layout {
    cols: Vec<Col>,
}

impl Layout {
    fn new(plan: &Plan, previous: bool) -> Layout {
        let items = || plan.items();
        let mut cols = Vec::new();
        if items().any(|i| i.no.is_some()) {
            cols.push(Col::Plan(Field::No));
        }
        cols.push(Col::Plan(Field::Section));
        if plan.sections.iter().flat_map(|s| &s.goals).any(|g| g.statement.is_some()) {
            cols.push(Col::Plan(Field::Goal));
        }
        if items().any(|i| i.mark.is_some()) {
            cols.push(Col::Plan(Field::Mark));
        }
        cols.extend([Col::Plan(Field::Name), Col::Plan(Field::Content)]);
        if previous {
            cols.extend([Col::Previous(Field::Grade), Col::Previous(Field::Results)]);
        }
        cols.extend([Field::Grade, Field::Results, Field::Issues, Field::NextSteps].map(Col::Progress));
        Layout { cols }
    }

    fn position(&self, col: Col) -> Option<u16> {
        self.cols.iter().position(|c| *c == col).map(|i| i as u16)
    }
}

/// Header and width bounds: the report's for the plan's columns; the columns to fill in are
/// wide (they are written in), last year's beside them narrower.
fn column(col: Col) -> Column {
    let (title, min, max) = match col {
        Col::Plan(field) => return sheet::field_column(field),
        // Broken where a reader would: the import ignores the line break (and these headers).
        Col::Previous(Field::Grade) => ("前年度の\n評価", 8.0, 8.0),
        Col::Previous(_) => ("前年度の実績", 20.0, 32.0),
        Col::Progress(Field::Grade) => ("評価", 6.0, 6.0),
        Col::Progress(Field::Results) => ("実績", 44.0, 44.0),
        Col::Progress(Field::Issues) => ("課題", 26.0, 26.0),
        Col::Progress(_) => ("今後の\n方向性", 8.0, 8.0),
    };
    Column::new(title, min, max)
}

/// Widest a template should print (half-width units), as for the report's item sheets.
const BUDGET: f64 = 200.0;
/// Lines every item row shows at least: room to write.
const MIN_LINES: usize = 3;

/// The formats of a template.
struct Formats {
    title: Format,
    department: Format,
    note: Format,
    header: Format,
    /// Header of the columns to fill in.
    header_input: Format,
    plan: Format,
    plan_center: Format,
    previous: Format,
    previous_center: Format,
    input: Format,
    input_center: Format,
}

impl Formats {
    fn new() -> Formats {
        let plan = sheet::body().set_background_color(sheet::rgb(PLAN_FILL));
        let input = sheet::body().set_unlocked();
        Formats {
            title: sheet::title(),
            department: sheet::base().set_bold().set_font_size(12),
            note: sheet::base().set_text_wrap().set_align(FormatAlign::Top),
            header: sheet::header(),
            header_input: sheet::header().set_background_color(sheet::rgb(INPUT_HEADER_FILL)),
            plan_center: plan.clone().set_align(FormatAlign::Center),
            previous: plan.clone().set_font_color(sheet::rgb(Color::GREY)),
            previous_center: plan
                .clone()
                .set_font_color(sheet::rgb(Color::GREY))
                .set_align(FormatAlign::Center),
            plan,
            input_center: input.clone().set_align(FormatAlign::Center),
            input,
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

/// Title rows, the table, drop-down lists, protection and print setup of one sheet.
fn write_sheet(
    ws: &mut Worksheet,
    page: &Page,
    entries: &[Entry],
    previous: Option<&Plan>,
    formats: &Formats,
) -> Result<(), String> {
    let cols = &page.layout.cols;
    ws.write_string_with_format(0, 0, page.title, &formats.title).map_err(sheet::xlsx)?;
    ws.set_row_height(0, 24).map_err(sheet::xlsx)?;
    // The import reads 「部署名：…」 to know who reports.
    let label = format!("部署名：{}", page.department);
    ws.write_string_with_format(1, 0, &label, &formats.department).map_err(sheet::xlsx)?;
    ws.set_row_height(1, 20).map_err(sheet::xlsx)?;
    let columns: Vec<Column> = cols.iter().map(|c| column(*c)).collect();
    let rows: Vec<Vec<Cell>> = entries.iter().map(|e| row(page, e, previous, formats)).collect();
    let style = TableStyle { header: &formats.header, budget: BUDGET, min_lines: MIN_LINES };
    let written = sheet::write_table(ws, HEADER_ROW, &columns, &rows, &style)?;
    for (c, col) in cols.iter().enumerate() {
        if matches!(col, Col::Progress(_)) {
            ws.write_string_with_format(HEADER_ROW, c as u16, &columns[c].title, &formats.header_input)
                .map_err(sheet::xlsx)?;
        }
    }
    instructions(ws, page, &written, formats)?;
    validations(ws, page, &written)?;
    ws.set_freeze_panes(HEADER_ROW + 1, 0).map_err(sheet::xlsx)?;
    let options = ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::new() };
    ws.protect_with_options(&options);
    sheet::print_setup(ws, &Print { title: page.title, label: page.department, repeat: Some(HEADER_ROW) })
}

/// The header row: below the title, the department and the instructions.
const HEADER_ROW: u32 = 3;

/// The cells of one item.
fn row<'a>(
    page: &Page<'a>,
    entry: &Entry<'a>,
    previous: Option<&'a Plan>,
    formats: &'a Formats,
) -> Vec<Cell<'a>> {
    let item = entry.item;
    let last_year = previous.and_then(|p| p.matching(item));
    page.layout
        .cols
        .iter()
        .map(|&col| match col {
            Col::Plan(Field::Mark) => Cell::text(text(item.mark.as_ref()), &formats.plan_center),
            Col::Plan(f) => Cell::text(plan_text(entry, f), &formats.plan),
            Col::Previous(f) => {
                let format = if f == Field::Grade { &formats.previous_center } else { &formats.previous };
                Cell::text(last_year.map(|i| previous_text(i, page, f)).unwrap_or_default(), format)
            }
            Col::Progress(Field::Grade | Field::NextSteps) => Cell::blank(&formats.input_center),
            Col::Progress(_) => Cell::blank(&formats.input),
        })
        .collect()
}

fn text(t: Option<&crate::model::Text>) -> Cow<'_, str> {
    t.map_or(Cow::Borrowed(""), |t| Cow::Borrowed(t.value.as_str()))
}

/// A plan column of an item, as the import reads it back: 施策 as its heading, 目標 as stated.
fn plan_text<'a>(entry: &Entry<'a>, field: Field) -> Cow<'a, str> {
    let item = entry.item;
    match field {
        Field::No => text(item.no.as_ref()),
        Field::Section => entry.section.heading.as_ref().map_or(Cow::Borrowed(""), |h| h.display().into()),
        Field::Goal => text(entry.goal.statement.as_ref()),
        Field::Name => text(item.name.as_ref()),
        _ => text(item.content.as_ref()),
    }
}

/// Last year's grade or results of an item: this department's own report, else every
/// department's, each marked 【部署】.
fn previous_text(item: &Item, page: &Page, field: Field) -> String {
    let own: Vec<_> = item.progress.iter().filter(|p| key(&p.department) == key(page.department)).collect();
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

/// The instruction row above the header: what to write where, in the scale's words.
fn instructions(ws: &mut Worksheet, page: &Page, written: &Written, formats: &Formats) -> Result<(), String> {
    let config = page.config;
    let grades: Vec<String> = config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect();
    let mut lines = vec![
        "※ 黄色の見出しの列（評価・実績・課題・今後の方向性）の白い欄に記入してください。灰色の欄は計画の内容で、変更できません。".to_string(),
        format!("※ 評価は {} から選んでください（欄を選ぶと一覧が出ます）。", grades.join("／")),
    ];
    if !config.directions.is_empty() {
        lines.push(format!("※ 今後の方向性は {} から選んでください。", config.directions.join("・")));
    }
    lines.push(
        "※ 実績は回数・人数などの数値を含めて具体的に書いてください。課題はなければ空欄でかまいません。"
            .into(),
    );
    if page.layout.cols.iter().any(|c| matches!(c, Col::Previous(_))) {
        lines.push("※ 前年度の評価・実績は参考です（変更できません）。".into());
    }
    lines.push(
        "※ 行の高さ・列の幅は変えられます。表題・部署名・見出しの行とシート名は変えないでください。".into(),
    );
    let text = lines.join("\n");
    let last = page.layout.cols.len().saturating_sub(1) as u16;
    ws.merge_range(HEADER_ROW - 1, 0, HEADER_ROW - 1, last, &text, &formats.note).map_err(sheet::xlsx)?;
    let units: f64 = written.widths.iter().sum();
    ws.set_row_height(HEADER_ROW - 1, sheet::row_height(sheet::line_count(&text, units)))
        .map_err(sheet::xlsx)?;
    Ok(())
}

/// Drop-down lists and input messages on the progress columns of every item row.
fn validations(ws: &mut Worksheet, page: &Page, written: &Written) -> Result<(), String> {
    if written.last_row == written.header_row {
        return Ok(());
    }
    let (first, last) = (written.header_row + 1, written.last_row);
    let config = page.config;
    let codes: Vec<&str> = config.grades.iter().map(|g| g.code.as_str()).collect();
    let scale: Vec<String> = config.grades.iter().map(|g| format!("{}：{}", g.code, g.label)).collect();
    let grade = list(&codes, DataValidationErrorStyle::Stop)
        .set_input_title("評価")
        .and_then(|v| v.set_input_message(message(&format!("次から選んでください。\n{}", scale.join("\n")))))
        .and_then(|v| v.set_error_title("評価"))
        .and_then(|v| {
            v.set_error_message(message(&format!("評価は {} のいずれかです。", config.grade_codes())))
        })
        .map_err(sheet::xlsx)?;
    let directions: Vec<&str> = config.directions.iter().map(String::as_str).collect();
    let next = list(&directions, DataValidationErrorStyle::Warning)
        .set_input_title("今後の方向性")
        .and_then(|v| {
            v.set_input_message(message(&format!("次から選んでください。\n{}", directions.join("・"))))
        })
        .map_err(sheet::xlsx)?;
    let results = DataValidation::new()
        .allow_any_value()
        .set_input_title("実績")
        .and_then(|v| {
            v.set_input_message("今年度の取組と成果を、回数・人数などの数値を含めて書いてください。")
        })
        .map_err(sheet::xlsx)?;
    let issues = DataValidation::new()
        .allow_any_value()
        .set_input_title("課題")
        .and_then(|v| v.set_input_message("取組を進めるうえでの課題を書いてください（なければ空欄）。"))
        .map_err(sheet::xlsx)?;
    for (field, validation) in
        [(Field::Grade, grade), (Field::NextSteps, next), (Field::Results, results), (Field::Issues, issues)]
    {
        if let Some(c) = page.layout.position(Col::Progress(field)) {
            ws.add_data_validation(first, c, last, c, &validation).map_err(sheet::xlsx)?;
        }
    }
    Ok(())
}

/// A drop-down list of `choices`, when Excel can hold it as a list (at most 255 characters, no
/// commas); otherwise any value, with the input message alone to guide.
fn list(choices: &[&str], style: DataValidationErrorStyle) -> DataValidation {
    let fits = !choices.is_empty() && !choices.iter().any(|c| c.contains(','));
    match fits.then(|| DataValidation::new().allow_list_strings(choices)) {
        Some(Ok(v)) => v.set_error_style(style),
        _ => DataValidation::new().allow_any_value(),
    }
}

/// An input or error message within Excel's 255 characters.
fn message(text: &str) -> String {
    if text.encode_utf16().count() <= 255 {
        return text.to_string();
    }
    let mut out: String = text.chars().take(250).collect();
    out.push('…');
    out
}

/// Names every file system keeps as written: none of Windows' `\\ / : * ? " < > |`, no leading
/// dots or `~` (hidden and lock files, which kyodo's import skips), no trailing dots or
/// spaces, no device names (CON, NUL, COM1 …), at most 60 characters.
pub const FILE_NAME: NameRules = NameRules {
    forbidden: &['\\', '/', ':', '*', '?', '"', '<', '>', '|'],
    trim_start: |c| c == '.' || c == '~' || c.is_whitespace(),
    trim_end: |c| c == '.' || c.is_whitespace(),
    reserved: is_device_name,
    max: 60,
};

/// A file name stem for a department, safe on every file system and unique among `taken`
/// (compared without case): see [`FILE_NAME`].
///
/// ```
/// use std::collections::HashSet;
/// use kyodo::template::file_stem;
/// let mut taken = HashSet::new();
/// assert_eq!(file_stem("企画:財政課", &mut taken), "企画：財政課");
/// assert_eq!(file_stem("..総務課", &mut taken), "総務課");
/// assert_eq!(file_stem("総務課", &mut taken), "総務課(2)");
/// assert_eq!(file_stem("con", &mut taken), "con_");
/// ```
pub fn file_stem(department: &str, taken: &mut HashSet<String>) -> String {
    sheet::legal_name(department, &FILE_NAME, taken)
}

/// CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an extension: Windows will not create
/// such a file.
fn is_device_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim().to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(file_stem("総務課?", &mut taken), "総務課？");
        assert_eq!(file_stem("総務課？", &mut taken), "総務課？(2)");
        assert_eq!(file_stem("<広報>|課", &mut taken), "＜広報＞｜課");
        assert_eq!(file_stem("~$lock", &mut taken), "$lock");
        assert_eq!(file_stem("LPT1", &mut taken), "LPT1_");
        assert_eq!(file_stem("COM0", &mut taken), "COM0");
        assert_eq!(file_stem("...", &mut taken), "部署");
        let long = "長".repeat(100);
        assert_eq!(file_stem(&long, &mut taken).chars().count(), 60);
        assert_eq!(file_stem(&long, &mut taken), format!("{}(2)", "長".repeat(57)));
    }

    #[test]
    fn previous_headers_are_not_progress_columns() {
        let config = Config::default();
        for col in [Col::Previous(Field::Grade), Col::Previous(Field::Results)] {
            assert_eq!(config.column_for(&column(col).title), None, "{col:?}");
            assert!(!crate::text::key(&column(col).title).is_empty());
        }
        for field in [Field::Grade, Field::Results, Field::Issues, Field::NextSteps] {
            assert_eq!(config.column_for(&column(Col::Progress(field)).title), Some(field));
        }
        for field in [Field::No, Field::Section, Field::Goal, Field::Mark, Field::Name, Field::Content] {
            assert_eq!(config.column_for(&column(Col::Plan(field)).title), Some(field));
        }
    }
}
