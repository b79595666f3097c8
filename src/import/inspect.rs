//! How each sheet of a file was read, for `kyodo inspect`: its header rows, what every column
//! was read as (or why it was not, and the settings line that would read it), the year of
//! each group of columns, and how many rows became items or reports.
//!
//! A user whose sheets kyodo reads wrongly sees here why, sheet by sheet and column by column.

use super::header::{GroupKey, Header};
use super::{RowKind, SheetOutcome, SourceFile, Table};
use crate::config::{Config, Field};
use crate::text::wareki::fiscal_year_label;
use crate::text::{column_letters, CellRef};
use serde::Serialize;

/// One file as read.
#[derive(Debug, Serialize)]
pub struct FileView {
    /// The path as shown.
    pub path: String,
    /// Why the file could not be read at all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Its sheets, in workbook order.
    pub sheets: Vec<SheetView>,
}

/// One sheet as read.
#[derive(Debug, Serialize)]
pub struct SheetView {
    /// The sheet's name.
    pub name: String,
    /// 「table」: a table under a header; 「form」: a 個票 (one item's labels and values);
    /// 「skipped」: not read (`why` says why).
    pub layout: &'static str,
    /// Why the sheet was not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The header's rows, one-based.
    pub header_rows: Vec<u32>,
    /// The fiscal year the sheet states (its titles, its name, its year groups).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Every column with a header (and an unnamed 区分 column), in sheet order; of a 個票, its
    /// indicator table's.
    pub columns: Vec<ColumnView>,
    /// Of a 個票: its labels, each with its role and its value's cell.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<LabelView>,
    /// Rows read as items.
    pub items: usize,
    /// Of those, rows carrying progress (a department's report).
    pub reports: usize,
    /// The first item rows, as 「6行目：No「1」、内容「…」」 (for the text view).
    #[serde(skip)]
    pub first_rows: Vec<String>,
}

/// One column as read.
#[derive(Debug, Serialize)]
pub struct ColumnView {
    /// Its letter (「M」).
    pub column: String,
    /// Its header as a path (「令和6年度／進捗状況」).
    pub header: String,
    /// What it is read as: a `[columns]` key (「grade」), 「schedule」 (the plan's years) or
    /// 「unused」.
    pub role: String,
    /// The fiscal year its values are of (「令和6年度」).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Why it is read so, or why not and what would read it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One label of a 個票 as read.
#[derive(Debug, Serialize)]
pub struct LabelView {
    /// The label's cell (「A3」).
    pub cell: CellRef,
    /// The label as written.
    pub label: String,
    /// What it is read as: a `[columns]` key, 「year」 or 「department」.
    pub role: String,
    /// The cell of its value (written there, or to be written there when blank).
    pub value_cell: CellRef,
    /// Whether the value is blank.
    pub blank: bool,
    /// The fiscal year the label states.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<String>,
    /// Why it is read so, or why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How every spreadsheet of `inputs` (files, or folders searched as for `check`) was read.
///
/// # Errors
///
/// An input that is missing or no file or folder, as [`super::expand`] says.
pub fn paths(inputs: &[std::path::PathBuf], config: &Config) -> Result<Vec<FileView>, super::ImportError> {
    let files = super::expand(inputs)?;
    Ok(files.iter().map(|p| inspect(&super::read_file(p, config), config)).collect())
}

/// The views as the JSON document `kyodo inspect --format json` prints: `{"files": [...]}`.
pub fn json(views: &[FileView]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "files": views })).expect("views serialise")
}

/// How many first item rows the text view shows per sheet.
const FIRST_ROWS: usize = 3;

/// How `file` was read.
pub fn inspect(file: &SourceFile, config: &Config) -> FileView {
    let sheets = file
        .sheets
        .iter()
        .map(|(name, outcome)| match outcome {
            SheetOutcome::Table(t) => match &t.form {
                Some(form) => form_view(t, form),
                None => table_view(t, config),
            },
            other => skipped(name, other),
        })
        .collect();
    FileView { path: file.path.clone(), error: file.error.as_ref().map(ToString::to_string), sheets }
}

fn skipped(name: &str, outcome: &SheetOutcome) -> SheetView {
    let why = match outcome {
        SheetOutcome::Hidden => "非表示のシートは読みません".to_string(),
        SheetOutcome::NoTable { rows } => {
            format!("見出し行（「項目」「内容」などの列名が2つ以上並ぶ行）も、個票の項目名（「施策」「評価」などと値の組が3つ以上）も見つからないため、{rows} 行を読みません")
        }
        SheetOutcome::Empty => "何も書かれていません".to_string(),
        SheetOutcome::Example { rows } => {
            format!("シート名が記入例（見本）を示すため、{rows} 行を読みません")
        }
        SheetOutcome::Unreadable(e) => format!("読めません（{e}）"),
        SheetOutcome::Table(_) => String::new(),
    };
    SheetView {
        name: name.to_string(),
        layout: "skipped",
        why: Some(why),
        header_rows: Vec::new(),
        year: None,
        columns: Vec::new(),
        labels: Vec::new(),
        items: 0,
        reports: 0,
        first_rows: Vec::new(),
    }
}

fn table_view(table: &Table, config: &Config) -> SheetView {
    let header = &table.header;
    let mut columns: Vec<ColumnView> =
        header.names.iter().map(|(col, path)| column(header, *col, path, config)).collect();
    // The 区分 column the published plans leave without a header.
    for &(field, col) in &header.columns {
        if !header.names.iter().any(|(c, _)| *c == col) {
            let note = Some("見出しはありませんが、値が★●◎の記号です".to_string());
            columns.push(ColumnView {
                column: column_letters(col),
                header: String::new(),
                role: key(field),
                year: None,
                note,
            });
        }
    }
    columns.sort_by_key(|c| (c.column.len(), c.column.clone()));
    let items: Vec<(u32, &Cells)> = table
        .rows
        .iter()
        .filter_map(|r| match &r.kind {
            RowKind::Item(cells) if !cells.is_empty() => Some((r.row, cells)),
            _ => None,
        })
        .collect();
    let reports = match table.is_progress() {
        true => table
            .rows
            .iter()
            .filter(|r| match &r.kind {
                RowKind::Item(cells) => {
                    cells.keys().any(|f| f.is_progress())
                        || r.groups.iter().any(|g| g.keys().any(|f| f.is_progress()))
                }
                _ => false,
            })
            .count(),
        false => 0,
    };
    let first_rows = items.iter().take(FIRST_ROWS).map(|&(row, cells)| row_line(row, cells)).collect();
    SheetView {
        name: table.sheet.clone(),
        layout: "table",
        why: None,
        header_rows: header.rows().map(|r| r + 1).collect(),
        year: table.context.fiscal_year.map(fiscal_year_label),
        columns,
        labels: Vec::new(),
        items: items.len(),
        reports,
        first_rows,
    }
}

/// How a 個票 was read: its labels, its indicator table's columns, its item.
fn form_view(table: &Table, form: &super::form::Form) -> SheetView {
    let labels = form.labels.iter().map(label_view).collect();
    let columns = form.indicators.as_ref().map_or(Vec::new(), |(_, columns)| {
        columns
            .iter()
            .map(|&(field, col)| ColumnView {
                column: column_letters(col),
                header: field.label().to_string(),
                role: key(field),
                year: None,
                note: Some("指標の表".to_string()),
            })
            .collect()
    });
    let item = table.rows.first().and_then(|r| match &r.kind {
        RowKind::Item(cells) if !cells.is_empty() => Some((r.row, cells)),
        _ => None,
    });
    SheetView {
        name: table.sheet.clone(),
        layout: "form",
        why: None,
        header_rows: form.indicators.iter().map(|(row, _)| row + 1).collect(),
        year: table.context.fiscal_year.map(fiscal_year_label),
        columns,
        labels,
        items: usize::from(item.is_some()),
        reports: usize::from(item.is_some() && table.is_progress()),
        first_rows: item.map(|(row, cells)| row_line(row, cells)).into_iter().collect(),
    }
}

fn label_view(l: &super::form::Label) -> LabelView {
    let note = if l.graded_status {
        Some("値が評価の区分にあるため、評価として読みます".to_string())
    } else if l.earlier && l.read {
        Some("前年度以前の報告として読みます".to_string())
    } else if l.earlier {
        Some("前年度以前の欄のため読みません".to_string())
    } else if !l.read {
        Some(format!("使わない欄：「{}」の欄はすでにあります", l.role.label()))
    } else {
        None
    };
    LabelView {
        cell: l.label.cell_ref(),
        label: l.label.text.clone(),
        role: l.role.key().to_string(),
        value_cell: l.value_cell(),
        blank: l.value.is_none(),
        year: l.year.map(fiscal_year_label),
        note,
    }
}

/// A row's values by column.
type Cells = std::collections::BTreeMap<Field, super::Cell>;

/// What names an item and what it reports, in the first-rows lines.
const SHOWN: [Field; 6] =
    [Field::No, Field::Name, Field::Content, Field::Departments, Field::Grade, Field::Status];

/// 「6行目：No「1」、内容「広報紙で…」」.
fn row_line(row: u32, cells: &Cells) -> String {
    let values: Vec<String> = SHOWN
        .iter()
        .filter_map(|f| Some((f, cells.get(f)?)))
        .map(|(f, c)| format!("{}「{}」", f.label(), crate::text::shorten(&c.text.replace('\n', " "), 16)))
        .collect();
    format!("{}行目：{}", row + 1, values.join("、"))
}

fn key(field: Field) -> String {
    field.config_key().to_string()
}

/// What the column at `col` was read as.
fn column(header: &Header, col: u32, path: &str, config: &Config) -> ColumnView {
    let view = |role: String, year: Option<i32>, note: Option<String>| ColumnView {
        column: column_letters(col),
        header: path.to_string(),
        role,
        year: year.map(fiscal_year_label),
        note,
    };
    if let Some(&(field, _)) = header.columns.iter().find(|(_, c)| *c == col) {
        let year = header.year.filter(|_| field.is_progress());
        let note = if header.graded_status.contains(&col) {
            Some("値が評価の区分にあるため、評価として読みます".to_string())
        } else if field == Field::Status {
            Some(format!("評価として読むには設定に [columns] grade = [\"{}\"] と評価の区分（[grades] scale）を書きます", leaf(path)))
        } else {
            None
        };
        return view(key(field), year, note);
    }
    for group in &header.groups {
        let Some(&(field, _)) = group.columns.iter().find(|(_, c)| *c == col) else { continue };
        return match group.key {
            GroupKey::Indicator(n) => view(key(field), None, Some(format!("{n}番目の指標"))),
            GroupKey::Year(y) => {
                view(key(field), Some(y), Some("前年度以前の報告として読みます".to_string()))
            }
        };
    }
    if let Some(&(_, year)) = header.schedule.iter().find(|(c, _)| *c == col) {
        return view("schedule".into(), year, Some("進捗としては読みません".to_string()));
    }
    view("unused".into(), None, Some(unused_note(path, header, config)))
}

/// Why a column is not read, and the settings line that would read it.
fn unused_note(path: &str, header: &Header, config: &Config) -> String {
    let name = leaf(path);
    match config.column_like(name) {
        Some(field) if header.col(field).is_some() => format!(
            "使わない列：「{}」の列はすでにあります（{}列）",
            field.label(),
            column_letters(header.col(field).unwrap_or_default())
        ),
        Some(field) => format!(
            "使わない列：知らない列名です。{}として読むには設定に [columns] {} = [\"{name}\"] と書きます",
            field.label(),
            field.config_key()
        ),
        None => format!(
            "使わない列：知らない列名です。読むには設定の [columns] に列名を加えます（例：[columns] results = [\"{name}\"]）"
        ),
    }
}

/// The last name of a header path (「令和6年度／進捗状況」 → 「進捗状況」).
fn leaf(path: &str) -> &str {
    path.rsplit('／').next().unwrap_or(path)
}

/// The views as text, one block per file.
pub fn text(views: &[FileView]) -> String {
    let mut out = String::new();
    for file in views {
        out.push_str(&file.path);
        out.push('\n');
        if let Some(error) = &file.error {
            out.push_str(&format!("  読めません：{error}\n"));
        }
        for sheet in &file.sheets {
            sheet_text(sheet, &mut out);
        }
    }
    out
}

fn sheet_text(sheet: &SheetView, out: &mut String) {
    if let Some(why) = &sheet.why {
        out.push_str(&format!("  シート「{}」：{why}\n", sheet.name));
        return;
    }
    let rows: Vec<String> = sheet.header_rows.iter().map(u32::to_string).collect();
    let year = sheet.year.as_ref().map(|y| format!("、{y}")).unwrap_or_default();
    if sheet.layout == "form" {
        return form_text(sheet, &rows, &year, out);
    }
    out.push_str(&format!(
        "  シート「{}」：表（見出し行 {}行目{year}）、項目 {} 行、うち進捗の報告 {} 行\n",
        sheet.name,
        rows.join("・"),
        sheet.items,
        sheet.reports
    ));
    for c in &sheet.columns {
        let role = role_label(&c.role);
        let year = c.year.as_ref().map(|y| format!("（{y}）")).unwrap_or_default();
        let note = c.note.as_ref().map(|n| format!("　{n}")).unwrap_or_default();
        let header = if c.header.is_empty() {
            "（見出しなし）".to_string()
        } else {
            format!("「{}」", c.header)
        };
        out.push_str(&format!("    {} {header} → {role}{year}{note}\n", c.column));
    }
    for row in &sheet.first_rows {
        out.push_str(&format!("    {row}\n"));
    }
}

/// A 個票: its labels with the cells of their values, its indicator table, its item.
fn form_text(sheet: &SheetView, rows: &[String], year: &str, out: &mut String) {
    out.push_str(&format!(
        "  シート「{}」：個票（項目名 {} 個{year}）、項目 {} 行、うち進捗の報告 {} 行\n",
        sheet.name,
        sheet.labels.len(),
        sheet.items,
        sheet.reports
    ));
    for l in &sheet.labels {
        let blank = if l.blank { "、空欄" } else { "" };
        let note = l.note.as_ref().map(|n| format!("　{n}")).unwrap_or_default();
        let role = match l.role.as_str() {
            "year" => "年度".to_string(),
            "department" => "報告部署".to_string(),
            other => role_label(other),
        };
        out.push_str(&format!(
            "    {} 「{}」 → {role}（値 {}{blank}）{note}\n",
            l.cell, l.label, l.value_cell
        ));
    }
    if !sheet.columns.is_empty() {
        out.push_str(&format!("    指標の表（見出し行 {}行目）：", rows.join("・")));
        let columns: Vec<String> =
            sheet.columns.iter().map(|c| format!("{} {}", c.column, role_label(&c.role))).collect();
        out.push_str(&columns.join("、"));
        out.push('\n');
    }
    for row in &sheet.first_rows {
        out.push_str(&format!("    {row}\n"));
    }
}

/// A column's role in words: 「grade」 → 「評価」.
pub fn role_label(role: &str) -> String {
    match role {
        "schedule" => "計画の予定".to_string(),
        "unused" => "使わない列".to_string(),
        _ => Field::ALL
            .iter()
            .find(|f| f.config_key() == role)
            .map_or(role.to_string(), |f| f.label().to_string()),
    }
}
