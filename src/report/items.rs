//! The table of items that the official report and the committee handout share: which
//! columns a kind shows, and how the pages write the value of each cell ([`super::value`]
//! decides the rows, one per reporting department, and what each cell holds).

use super::doc::{self, Cell, Role, Tone};
use super::value::{self, Place, Value};
use super::workbook::indicators::{reached, REACHED};
use super::Report;
use crate::config::kinds::{KindSettings, Width};
use crate::config::Field;
use crate::layout::frame::Color;
use crate::layout::table::{Align, CellText, Column, Inset, Row, Sizing, Table, KEEP_ROWS};
use crate::layout::text::Style;
use crate::model::{Grade, Item, Plan, Text};

/// The item table of a report kind, `width` mm wide, its columns sized to the text of
/// `rows` (all of the report's rows: one layout for the whole document).
pub fn table<'r>(
    report: &Report,
    settings: &KindSettings,
    width: f32,
    rows: impl IntoIterator<Item = &'r Row>,
) -> Table {
    let cols = fields(report, settings);
    let columns = cols
        .iter()
        .map(|&(field, w)| Column {
            title: field.label().to_string(),
            width: 0.0,
            align: if matches!(field, Field::Mark | Field::Grade | Field::No) {
                Align::Center
            } else {
                Align::Left
            },
            spans_joined: matches!(field, Field::No | Field::Mark | Field::Name | Field::Content),
            sizing: match w {
                Width::Auto(weight) => Sizing::Auto { weight },
                Width::Fixed(mm) => Sizing::Fixed(mm),
            },
            names: matches!(field, Field::Departments | Field::Actors),
        })
        .collect();
    let label_col = cols.iter().position(|(f, _)| *f == Field::Name).unwrap_or(0);
    let body = body_style(settings);
    let mut table = Table { columns, header_style: body.bold(), body_style: body, label_col };
    table.fit(rows, width);
    table
}

/// The body text of a kind's tables.
pub fn body_style(settings: &KindSettings) -> Style {
    Style::new(settings.body).latin_gap(settings.latin_gap)
}

/// The configured columns that apply: progress columns only where progress is shown, each by
/// the one column rule ([`shows`]); 主体 for 関係部署 when the plan names actors only.
pub fn fields(report: &Report, settings: &KindSettings) -> Vec<(Field, Width)> {
    let actors_only = filled(report.plan, Field::Actors) && !filled(report.plan, Field::Departments);
    settings
        .columns
        .iter()
        .filter(|(f, _)| report.shows_progress() || !f.is_progress())
        .map(|&(f, w)| if f == Field::Departments && actors_only { (Field::Actors, w) } else { (f, w) })
        .filter(|(f, _)| shows(report.plan, *f))
        .collect()
}

/// The item table's columns as content: each a field of the plan or of the reports.
pub fn columns(report: &Report, settings: &KindSettings) -> Vec<doc::Column> {
    fields(report, settings).into_iter().map(|(f, _)| doc::Column::new(f.label(), Role::Field(f))).collect()
}

/// The item table of `items` as content, captioned `caption`.
pub fn content<'a>(
    report: &Report,
    settings: &KindSettings,
    caption: String,
    items: impl IntoIterator<Item = &'a Item>,
) -> doc::Table {
    let columns = columns(report, settings);
    let label_col = columns.iter().position(|c| c.role == Role::Field(Field::Name)).unwrap_or(0);
    doc::Table { caption, columns, rows: content_rows(report, settings, items), label_col }
}

/// Whether an item table shows the column of `field`: the one column rule of every item table
/// (the pages and the web page, the workbook and the CSV, the plan's side of the departments'
/// forms). A column stands where some input fills it in ([`filled`]), so none is blank on
/// every row (項目 too: a plan may name its items by No and 内容 only); 施策, 内容, 評価, 実績 and
/// 今後の方向性 always stand, where a blank is pointed out rather than its column left out.
pub fn shows(plan: &Plan, field: Field) -> bool {
    ALWAYS_SHOWN.contains(&field) || filled(plan, field)
}

/// The columns every item table shows, filled in or not.
const ALWAYS_SHOWN: [Field; 5] =
    [Field::Section, Field::Content, Field::Grade, Field::Results, Field::NextSteps];

/// Whether any input fills `field` in, on any item, goal or report.
pub fn filled(plan: &Plan, field: Field) -> bool {
    let items = || plan.items();
    match field {
        Field::Section => !plan.sections.is_empty(),
        Field::Goal => plan.sections.iter().flat_map(|s| &s.goals).any(|g| g.statement.is_some()),
        // Opinions also come from a separate sheet, on items nobody reported.
        Field::Comment | Field::Opinion => items().any(|i| {
            i.progress.iter().any(|p| p.field(field).is_some()) || i.opinions.iter().any(|(c, _)| *c == field)
        }),
        f if f.is_progress() => items().any(|i| i.progress.iter().any(|p| p.field(f).is_some())),
        f => items().any(|i| i.field(f).is_some()),
    }
}

/// One row per item, or per reporting department of an item (joined to the item's first),
/// laid out in `settings`' body text.
pub fn rows<'a>(
    report: &Report,
    settings: &KindSettings,
    items: impl IntoIterator<Item = &'a Item>,
) -> Vec<Row> {
    layout_rows(&content_rows(report, settings, items), body_style(settings))
}

/// Content rows in the body text `body`: each tone as its style, an inset table as one
/// whose columns [`Table::fit_insets`] sizes, in parts of [`KEEP_ROWS`] rows each under its
/// header, each kept whole: a part always fits on a page.
pub fn layout_rows(rows: &[doc::Row], body: Style) -> Vec<Row> {
    let mut out = Vec::new();
    for r in rows {
        let cells: Vec<CellText> =
            r.cells.iter().map(|c| CellText { text: c.text.clone(), style: styled(c.tone, body) }).collect();
        let row = |joined: bool, inset: Option<Inset>| Row {
            cells: cells.clone(),
            joined,
            label: r.label.clone(),
            inset: inset.map(Box::new),
        };
        match &r.inset {
            None => out.push(row(r.joined, None)),
            Some(i) => out.extend(
                i.table
                    .rows
                    .chunks(KEEP_ROWS)
                    .enumerate()
                    .map(|(k, part)| row(r.joined || k > 0, Some(inset(i, part, body)))),
            ),
        }
    }
    out
}

/// The share of the free width an inset's name column takes against one of its figures.
const INSET_NAME_WEIGHT: f32 = 6.0;

/// The layout of an inset table (an item's indicators): its names left, its figures and
/// words centred, the departments' names kept whole; `rows` are those of its part.
fn inset(inset: &doc::Inset, rows: &[doc::Row], body: Style) -> Inset {
    let t = &inset.table;
    let columns = t
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let wraps = i == t.label_col || c.role == Role::Reporter;
            Column {
                names: c.role == Role::Reporter,
                // The indicator's name takes what the figures leave: they read best narrow.
                sizing: Sizing::Auto { weight: if i == t.label_col { INSET_NAME_WEIGHT } else { 1.0 } },
                ..Column::auto(&c.title, if wraps { Align::Left } else { Align::Center })
            }
        })
        .collect();
    let table = Table { columns, header_style: body.bold(), body_style: body, label_col: t.label_col };
    Inset { from: inset.from, table, rows: layout_rows(rows, body) }
}

/// How the PDF shows a tone in the body text `body`.
pub fn styled(tone: Tone, body: Style) -> Style {
    match tone {
        Tone::Plain => body,
        Tone::Strong => body.bold(),
        Tone::Label => body.bold().color(Color::ACCENT),
        Tone::Missing => body.color(Color::GREY),
        Tone::Alert => body.bold().color(Color::ALERT),
        Tone::Caution => body.color(Color::ALERT),
    }
}

/// One row per item, or per reporting department of an item (joined to the item's first),
/// then the notes on it (所属長コメント, 委員会意見), each a joined row, and its indicators as
/// a table in a row of their own.
pub fn content_rows<'a>(
    report: &Report,
    settings: &KindSettings,
    items: impl IntoIterator<Item = &'a Item>,
) -> Vec<doc::Row> {
    let fields: Vec<Field> = fields(report, settings).into_iter().map(|(f, _)| f).collect();
    let mut rows = Vec::new();
    for item in items {
        let reports = value::reportings(report, item);
        let several = reports.len() > 1;
        for (i, reporting) in reports.iter().enumerate() {
            let progress = reporting.progress();
            let at = Place::page(report, item, reporting.clone(), i, reports.len());
            let cells = fields
                .iter()
                .map(|&f| page_cell(value::value(report.config, &at, Role::Field(f)), f))
                .collect();
            rows.push(doc::Row { cells, joined: i > 0, label: item.label(), inset: None });
            // The head of department's comment right under that department's report.
            if let Some(comment) = progress.and_then(|p| p.comment.as_ref()) {
                rows.push(note_row(&fields, item, Field::Comment.label(), Cell::read(comment)));
            }
        }
        rows.extend(indicator_row(report, &fields, item, several));
        // The committee's opinion once under the item, however many reports repeat it.
        let mut opinions: Vec<&Text> = Vec::new();
        for p in &item.progress {
            if let Some(o) = p.opinion.as_ref().filter(|o| !opinions.iter().any(|k| k.value == o.value)) {
                opinions.push(o);
            }
        }
        rows.extend(
            opinions.into_iter().map(|o| note_row(&fields, item, Field::Opinion.label(), Cell::read(o))),
        );
        // Opinions a separate sheet gives that no report holds.
        rows.extend(item.opinions.iter().map(|(c, t)| note_row(&fields, item, c.label(), Cell::read(t))));
    }
    rows
}

/// The row under an item holding its indicators as a table of their own (none without one):
/// 指標 | 基準値 | 目標値 | 実績値 | 達成率 | 目標の達成, with 報告部署 after 指標 where several
/// departments report on the item. It takes the columns right of the item's own (No, 区分,
/// 項目), which keep spanning the item's rows.
fn indicator_row(report: &Report, fields: &[Field], item: &Item, several: bool) -> Option<doc::Row> {
    let readings = crate::model::indicator::readings(item);
    if readings.is_empty() {
        return None;
    }
    let mut columns = vec![doc::Column::new("指標", Role::Field(Field::Indicator))];
    if several {
        columns.push(doc::Column::new("報告部署", Role::Reporter));
    }
    columns.extend([
        doc::Column::new(Field::Baseline.label(), Role::Field(Field::Baseline)),
        doc::Column::new(Field::Target.label(), Role::Field(Field::Target)),
        doc::Column::new(Field::Actual.label(), Role::Field(Field::Actual)),
        doc::Column::new("達成率", Role::Share),
        doc::Column::new(REACHED, Role::Words),
    ]);
    let rows = readings
        .iter()
        .map(|r| {
            let i = &r.indicator;
            let mut cells = vec![i.name.as_ref().map_or(Cell::plain("指標"), Cell::read)];
            if several {
                cells.push(Cell::plain(r.progress.map_or("", |p| p.department.as_str())));
            }
            cells.extend([
                indicator_value(i, i.baseline.as_ref(), "－"),
                target_cell(report, i),
                indicator_value(i, i.actual.as_ref(), MISSING),
                Cell::plain(i.rate_text(report.config)),
                Cell::plain(reached(report, i)),
            ]);
            doc::Row { cells, joined: false, label: i.label().to_string(), inset: None }
        })
        .collect();
    let table = doc::Table { caption: format!("{}の指標", item.label()), columns, rows, label_col: 0 };
    let from = fields.iter().position(|f| !matches!(f, Field::No | Field::Mark | Field::Name)).unwrap_or(0);
    let cells = fields.iter().map(|_| Cell::plain("")).collect();
    let inset = Some(Box::new(doc::Inset { from, table }));
    Some(doc::Row { cells, joined: true, label: item.label(), inset })
}

/// A value of an indicator as written, the unit after a bare number (「60％」, 「1,000人」);
/// `blank` (grey) where none is given.
fn indicator_value(i: &crate::model::Indicator, t: Option<&Text>, blank: &str) -> Cell {
    match t {
        Some(t) => Cell { text: with_unit(i, &t.value), ..Cell::read(t) },
        None => Cell::toned(blank, Tone::Missing),
    }
}

/// 「80％（令和7年度）」: the target and its year; with `[indicators] prorate` the year's share
/// that the rate measures against on a line of its own (「令和6年度の目標 72％」).
fn target_cell(report: &Report, i: &crate::model::Indicator) -> Cell {
    let mut cell = indicator_value(i, i.target.as_ref(), "－");
    if let Some(y) = &i.target_year {
        cell.text.push_str(&format!("（{}）", y.value.trim()));
    }
    if let Some(due) = i.due_target() {
        let year = report.plan.report_year().map_or("今年度".into(), crate::text::wareki::fiscal_year_label);
        cell.text.push_str(&format!("\n{year}の目標 {}", with_unit(i, &figure(due))));
    }
    cell
}

/// A figure in half-width (「１，０００人」 as 1,000人, as a table of figures prints it) with
/// the indicator's unit after a bare number, ％ full-width as the 達成率 beside it.
fn with_unit(i: &crate::model::Indicator, value: &str) -> String {
    let unit = i.unit.as_ref().map_or(String::new(), |u| u.value.trim().replace('%', "％"));
    let v = crate::text::nfkc_trim(value).replace('%', "％");
    if v.ends_with(|c: char| c.is_ascii_digit()) {
        format!("{v}{unit}")
    } else {
        v
    }
}

/// A computed figure as a table prints it: 1,400, 12.5 (one decimal at most).
pub(super) fn figure(x: f64) -> String {
    let rounded = (x * 10.0).round() / 10.0;
    let whole = rounded.trunc() as i64;
    let digits = whole.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    match ((rounded.fract().abs()) * 10.0).round() as u8 {
        0 => format!("{sign}{grouped}"),
        tenth => format!("{sign}{grouped}.{tenth}"),
    }
}

/// A row joined under an item holding a note on it: what it is (所属長コメント, 委員会意見)
/// in the 関係部署 (or 主体) column, the words in the 実績 column, the item's own columns left to
/// the rows above. Without those columns the words go in the last one, after what it is.
fn note_row(fields: &[Field], item: &Item, who: &str, words: Cell) -> doc::Row {
    let who_col = fields.iter().position(|f| matches!(f, Field::Departments | Field::Actors));
    let words_col =
        fields.iter().position(|f| *f == Field::Results).unwrap_or(fields.len().saturating_sub(1));
    let mut cells: Vec<Cell> = fields.iter().map(|_| Cell::plain("")).collect();
    match who_col {
        Some(c) if c != words_col => {
            cells[c] = Cell::toned(who, Tone::Label);
            cells[words_col] = words;
        }
        _ => cells[words_col] = Cell { text: format!("【{who}】{}", words.text), ..words },
    }
    doc::Row { cells, joined: true, label: item.label(), inset: None }
}

/// How the pages and the web page write a cell's value ([`value::value`]): an input's words
/// with their cell, names one a line, a blank the report points out as 「（未記入）」 in grey,
/// 未提出 and a grade off the scale in the alert colour, a grade bold with its trend, the
/// item's name bold.
pub(crate) fn page_cell(value: Value, field: Field) -> Cell {
    let cell = match value {
        Value::Input(t) => Cell::read(t),
        Value::Names(names, t) => Cell { text: names.join("\n"), ..Cell::read(t) },
        Value::Words(words) => Cell::plain(words),
        Value::Lines(texts) => Cell::plain(value::lines(&texts)),
        Value::Blank { required: false } | Value::Empty => return Cell::plain(""),
        Value::Blank { required: true } | Value::Grade { grade: Grade::Blank, .. } => {
            Cell::toned(MISSING, Tone::Missing)
        }
        Value::Grade { grade: Grade::NotReported, .. } => Cell::toned(NOT_REPORTED, Tone::Alert),
        Value::Grade { grade, source, trend } => {
            let source = source.map(|t| t.at.clone());
            let tone = if matches!(grade, Grade::Invalid(_)) { Tone::Alert } else { Tone::Strong };
            let shown = grade.shown("", "");
            let text = match trend {
                Some(trend) => format!("{} → {shown} {}", trend.previous, trend.arrow()),
                None => shown,
            };
            Cell { text, tone, source }
        }
    };
    if field == Field::Name {
        cell.with(Tone::Strong)
    } else {
        cell
    }
}

/// A blank the report points out.
const MISSING: &str = "（未記入）";

/// 評価 of an item (or a listed department) with no report where progress was expected.
pub const NOT_REPORTED: &str = "未提出";

/// Whether any report shown has a grade outside the scale: the report then explains the mark.
pub fn any_invalid<'a>(report: &Report, items: impl IntoIterator<Item = &'a Item>) -> bool {
    crate::model::grade::any_invalid(report.config, items.into_iter().flat_map(|i| &i.progress))
}
