//! Returns to departments (差し戻し), written by `kyodo check --returns DIR`: per department
//! file with problems, its own workbook with each problem cell filled in a warning colour and a
//! note in the words of `check`, after a first sheet 「要修正一覧」 listing them; and
//! `DIR/督促一覧.txt`, every department with items it has not reported (an item nobody
//! reported, or its share of a shared item), ready to paste into a mail.
//!
//! An .xlsx or .xlsm goes back as the department's own package with only those additions
//! (`package`: every other part byte for byte, the patched ones edited in place), so its
//! drop-downs, protection, formats and macros are still there. An .xls, .ods or CSV, which
//! kyodo cannot edit, goes back as a new workbook of its values as read, and its list says why.
//! Either way the import skips 「要修正一覧」, so a returned workbook, corrected and sent back,
//! reads as the original did.

mod list;
mod notes;
mod package;
mod sheet;
mod styles;
mod xml;

use crate::diag::{Diagnostic, Severity};
use crate::import::grid::Grid;
use crate::import::SheetCells;
use crate::output::OutputDir;
use crate::pipeline::{Fatal, Input, Loaded};
use crate::render::xlsx::measure::{
    column_px, line_count, print_budget, row_height, squeeze, text_width, Measures,
};
use crate::render::xlsx::{format as xf, page, table};
use crate::render::RenderError;
use crate::report::sheet::{ColumnSpec, Paper, Print, SheetCell, Style, StyleId, Table};
use crate::text::wareki::Date;
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::import::LIST_SHEET;

/// The reminder list's file name (without extension: it comes as .txt and .xlsx).
pub const REMINDERS: &str = "督促一覧";

/// Writes the returns into `dir`; gives the paths written. Each copy is made from the file as
/// the run read it ([`crate::pipeline::Input::cells`]: read with the cells kept), by the reader
/// its content chose and within the reading child's limits; the folder is locked before any
/// copy is made.
///
/// # Errors
/// [`Fatal`] when `dir` is a folder of the inputs, or a copy cannot be made or written.
pub fn write(loaded: &Loaded, dir: &Path) -> Result<Vec<PathBuf>, Fatal> {
    Ok(put(loaded, dir, false)?.written)
}

/// What [`write_replacing`] did.
#[derive(Debug)]
pub struct Replaced {
    /// The paths written.
    pub written: Vec<PathBuf>,
    /// The earlier run's files removed (a department's return it no longer needs).
    pub removed: Vec<String>,
}

/// [`write`] into a folder that holds one run's returns (a drop's 「令和6年度_差し戻し」): what an
/// earlier run left there for these departments (each one's copy, under its file's name) and
/// its reminder list, where this run makes none (the department has put its sheet right since),
/// are removed with the same commit, so the folder never holds a return nobody needs.
///
/// # Errors
/// As [`write`].
pub fn write_replacing(loaded: &Loaded, dir: &Path) -> Result<Replaced, Fatal> {
    put(loaded, dir, true)
}

/// [`write`], and with `replace` [`write_replacing`].
fn put(loaded: &Loaded, dir: &Path, replace: bool) -> Result<Replaced, Fatal> {
    // With --plan the departments' files are the progress files; without, every input.
    let files = if loaded.progress_files.is_empty() { &loaded.plan_files } else { &loaded.progress_files };
    // The plan saved among the returned sheets is the office's own: no department to send it to.
    let is_plan = |f: &crate::import::SourceFile| {
        loaded.diagnostics.iter().any(|d| d.is_in(&f.id) && d.code == crate::diag::Code::PlanInProgress)
    };
    let jobs: Vec<(&Input, Vec<&Diagnostic>)> = files
        .iter()
        .filter(|i| i.file.error.is_none() && !is_plan(&i.file))
        .map(|i| (i, loaded.diagnostics.iter().filter(|d| d.is_in(&i.file.id)).collect()))
        .collect();
    // Never into a folder of the inputs: a copy there would overwrite a department's file or be
    // read as one more input next time. Checked before anything is written.
    if let Some((source, _)) = jobs.iter().find(|(source, _)| same_dir(source.path.parent(), dir)) {
        return Err(Fatal::ReturnsBesideInputs {
            dir: crate::text::shown_path(dir),
            source_file: crate::text::shown_path(&source.path),
        });
    }
    // Held before anything is made, and written together, like every other output folder.
    let out = OutputDir::lock(dir)?;
    // Dated as the reports are, so the same inputs give the same files.
    let issued = crate::report::issue_date(loaded.config.date.as_deref(), loaded.plan.report_year())?;
    let mut files = Vec::new();
    // The reminder list's names are the office's; a department's copy never takes them.
    let mut taken: std::collections::HashSet<String> =
        ["txt", "xlsx"].map(|e| format!("{REMINDERS}.{e}").to_lowercase()).into();
    for (source, problems) in jobs.iter().filter(|(_, p)| !p.is_empty()) {
        let (name, bytes) = returned_workbook(source, problems, issued)?;
        files.push((unique_return_name(&name, &source.path, &mut taken), bytes));
    }
    // A plan checked alone, without any progress, has nothing overdue: no department has been
    // asked yet, so a list calling every item 未提出 would only mislead.
    if loaded.plan.has_progress {
        let missing = unreported(loaded);
        let title = reminders_title(loaded);
        let text = reminders_text(&title, &missing).replace('\n', "\r\n");
        let txt = ["\u{feff}".as_bytes(), text.as_bytes()].concat();
        files.push((format!("{REMINDERS}.txt"), txt));
        files.push((format!("{REMINDERS}.xlsx"), reminders_book(&title, &missing, issued)?));
    }
    let removed = if replace { earlier_returns(&jobs, &files, &out) } else { Vec::new() };
    out.replace_set(&files, &removed.iter().map(String::as_str).collect::<Vec<_>>())?;
    let written = files.iter().map(|(name, _)| out.path(name)).collect();
    Ok(Replaced { written, removed })
}

/// The files an earlier run of returns may have left in `out` for the departments of `jobs`
/// (each one's copy under its file's name, as .xlsx or .xlsm) and its reminder list, that this
/// run does not make (`made`).
fn earlier_returns(
    jobs: &[(&Input, Vec<&Diagnostic>)],
    made: &[(String, Vec<u8>)],
    out: &OutputDir,
) -> Vec<String> {
    let stems = jobs.iter().filter_map(|(source, _)| source.path.file_stem());
    let copies = stems.flat_map(|s| ["xlsx", "xlsm"].map(|e| format!("{}.{e}", s.to_string_lossy())));
    let reminders = ["txt", "xlsx"].map(|e| format!("{REMINDERS}.{e}"));
    let mut stale: Vec<String> = copies
        .chain(reminders)
        .filter(|name| !made.iter().any(|(m, _)| m == name) && out.path(name).is_file())
        .collect();
    stale.sort();
    stale.dedup();
    stale
}

/// A return's file name that no other return of the run has (compared without case, as
/// Windows does): two departments' files of one name in two folders, or 総務課.csv beside
/// 総務課.xlsx (both rebuilt as .xlsx), would otherwise be written one over the other. The
/// second is named by its folder (「総務課（企画部）.xlsx」), then numbered (「総務課(2).xlsx」).
fn unique_return_name(name: &str, source: &Path, taken: &mut std::collections::HashSet<String>) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, "xlsx"));
    let folder = source.parent().and_then(|p| p.file_name()).map(|f| f.to_string_lossy().into_owned());
    let candidates = folder
        .map(|f| format!("{stem}（{f}）.{ext}"))
        .into_iter()
        .chain((2..).map(|n| format!("{stem}({n}).{ext}")));
    std::iter::once(name.to_string())
        .chain(candidates)
        .find(|c| taken.insert(c.to_lowercase()))
        .unwrap_or_else(|| name.to_string())
}

/// Whether a file's folder (None or empty: the current one) is `dir`.
fn same_dir(parent: Option<&Path>, dir: &Path) -> bool {
    let parent = parent.filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (parent.canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The returned workbook's name and bytes: the department's own .xlsx or .xlsm with the list
/// sheet, notes and fills added; any other file (or a package kyodo cannot follow) rebuilt from
/// its cells as the run read them, with a line on the list saying why.
fn returned_workbook(
    source: &Input,
    problems: &[&Diagnostic],
    issued: Date,
) -> Result<(String, Vec<u8>), Fatal> {
    let path = &source.path;
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let stem = path.file_stem().map_or("returned".into(), |s| s.to_string_lossy().into_owned());
    let name = path.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned());
    let why = match ext.as_str() {
        "xlsx" | "xlsm" => {
            let bytes = std::fs::read(path).map_err(|e| crate::import::ImportError::io(&e))?;
            match own_workbook(&bytes, problems) {
                Ok(returned) => return Ok((format!("{stem}.{ext}"), returned)),
                Err(package::Unreadable(why)) => format!("{why}ため"),
            }
        }
        "xls" => "Excel 97-2003 形式（.xls）のため".to_string(),
        "ods" => "OpenDocument 形式（.ods）のため".to_string(),
        _ => "CSV ファイルのため".to_string(),
    };
    let why = format!("元のファイルが{why}、元の値だけを写した新しいブックでお返しします（書式・入力規則は元のファイルのままではありません）。");
    Ok((format!("{stem}.xlsx"), marked_copy(&source.cells, problems, &name, &why, issued)?))
}

/// The department's package with the list sheet, notes and fills.
fn own_workbook(original: &[u8], problems: &[&Diagnostic]) -> Result<Vec<u8>, package::Unreadable> {
    let mut notes: BTreeMap<String, notes::Notes> = BTreeMap::new();
    for sheet in problems.iter().filter_map(|d| d.sheet.as_deref()) {
        if !notes.contains_key(sheet) {
            notes.insert(sheet.to_string(), notes_of(problems, sheet));
        }
    }
    package::annotate(original, LIST_TITLE, &list_rows(problems), &notes)
}

/// The list sheet with the line saying why the copy is rebuilt, then `sheets` as read, the
/// problem cells marked, each printed A4 landscape one page wide under the file's name `title`.
fn marked_copy(
    sheets: &[SheetCells],
    problems: &[&Diagnostic],
    title: &str,
    why: &str,
    issued: Date,
) -> Result<Vec<u8>, RenderError> {
    let mut book = Workbook::new();
    book.set_properties(&page::dated(issued)?);
    let mut list = list_sheet(problems)?;
    list.write_string_with_format(1, 0, why, &xf::format(&Style::note()))?;
    book.push_worksheet(list);
    // In the workbooks' font, which the widths and heights are measured in.
    let plain = xf::format(&Style::note());
    let mark = plain.clone().set_background_color(xf::rgb(WARNING));
    for (name, grid) in sheets.iter().filter(|(name, _)| name != LIST_SHEET) {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let print = Print { title: title.to_string(), label: name.clone(), repeat_header: false };
        page::print_setup(&mut ws, &print, 0, Paper::A4)?;
        let notes = notes_of(problems, name);
        if let Some(grid) = grid {
            copy_values(&mut ws, grid, &notes, &mark, &plain)?;
        }
        for (&(row, col), text) in &notes {
            // In the workbooks' Japanese font, without Excel's 「kyodo:」 prefix before the words.
            let note = Note::new(text.as_str())
                .set_author("kyodo")
                .add_author_prefix(false)
                .set_font_name(xf::FONT)
                .set_font_size(xf::FONT_SIZE)
                .set_width(360)
                .set_height(120);
            ws.insert_note(row, col as u16, &note)?;
        }
        book.push_worksheet(ws);
    }
    page::save(&mut book)
}

/// The fill of a problem cell: a light orange that prints as a grey.
const WARNING: crate::layout::frame::Color = crate::layout::frame::Color(0xFF, 0xCC, 0x80);

/// The problems of one sheet by cell (zero-based row, column), several joined a line each.
fn notes_of(problems: &[&Diagnostic], sheet_name: &str) -> BTreeMap<(u32, u32), String> {
    let mut notes: BTreeMap<(u32, u32), String> = BTreeMap::new();
    for d in problems.iter().filter(|d| d.sheet.as_deref() == Some(sheet_name)) {
        let Some(at) = d.cell.map(|c| (c.row, c.col)) else { continue };
        let entry = notes.entry(at).or_default();
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&d.message);
    }
    notes
}

/// Every value as read (text as text, so nothing an Excel user typed changes meaning), problem
/// cells filled.
fn copy_values(
    ws: &mut Worksheet,
    grid: &Grid,
    notes: &BTreeMap<(u32, u32), String>,
    mark: &Format,
    plain: &Format,
) -> Result<(), RenderError> {
    let Some(last) = grid.last_row() else { return Ok(()) };
    for row in grid.first_row()..=last {
        for col in 0..grid.end_col() {
            let text = grid.raw(row, col);
            let marked = notes.contains_key(&(row, col));
            if !text.is_empty() || marked {
                let format = if marked { mark } else { plain };
                ws.write_string_with_format(row, col as u16, text, format)?;
            }
        }
    }
    // Columns as wide as their longest line within bounds, rows as tall as their wrapped
    // cells: Excel keeps a row one line high however its text wraps, so a long 実績 would
    // print as one clipped line (LibreOffice overprints the rows below).
    let widths: Vec<f64> = (0..grid.end_col())
        .map(|col| {
            let widest =
                (grid.first_row()..=last).map(|row| text_width(grid.raw(row, col))).fold(0.0, f64::max);
            widest.clamp(COPY_MIN_WIDTH, COPY_MAX_WIDTH)
        })
        .collect();
    // One page wide at 8 pt or more, as kyodo's own sheets.
    let widths = squeeze(&widths, print_budget(widths.len(), Paper::A4));
    for (col, width) in widths.iter().enumerate() {
        ws.set_column_width_pixels(col as u16, column_px(*width))?;
    }
    for row in grid.first_row()..=last {
        let lines = widths.iter().enumerate().map(|(col, w)| line_count(grid.raw(row, col as u32), *w)).max();
        if let Some(lines) = lines.filter(|n| *n > 1) {
            ws.set_row_height(row, row_height(lines))?;
        }
    }
    Ok(())
}

/// Narrowest and widest a copied column is, in half-width units.
const COPY_MIN_WIDTH: f64 = 6.0;
const COPY_MAX_WIDTH: f64 = 40.0;

/// The list's columns: header, narrowest and widest in half-width units.
const LIST_COLUMNS: [(&str, f64, f64); 5] = [
    ("シート", 8.0, 16.0),
    ("セル", 4.0, 8.0),
    ("重要度", 6.0, 8.0),
    ("対象", 14.0, 28.0),
    ("修正してください", 30.0, 80.0),
];

/// The list's title.
const LIST_TITLE: &str = "修正をお願いする箇所（色の付いたセルにメモがあります）";

/// The list's rows: シート, セル, 重要度, 対象, what to correct — every problem of the file.
fn list_rows(problems: &[&Diagnostic]) -> Vec<[String; 5]> {
    problems
        .iter()
        .map(|d| {
            let severity = if d.severity == Severity::Error { "エラー" } else { "警告" };
            [
                d.sheet.as_deref().unwrap_or(""),
                &d.cell.map(|c| c.to_string()).unwrap_or_default(),
                severity,
                d.item.as_deref().unwrap_or(""),
                &d.message,
            ]
            .map(str::to_string)
        })
        .collect()
}

/// 要修正一覧 of a rebuilt copy: [`list_rows`] as a sheet of kyodo's own.
fn list_sheet(problems: &[&Diagnostic]) -> Result<Worksheet, RenderError> {
    let rows = list_rows(problems)
        .into_iter()
        .map(|cells| cells.into_iter().map(|t| SheetCell::text(t, BODY)).collect())
        .collect();
    let columns = LIST_COLUMNS.iter().map(|(title, min, max)| ColumnSpec::new(title, *min, *max)).collect();
    table_sheet(LIST_SHEET, LIST_TITLE, columns, rows, "修正をお願いする箇所はありません。")
}

/// The styles of kyodo's own sheets in a returned workbook and the reminder list, in the order
/// [`table_sheet`] makes their formats.
const BODY: StyleId = StyleId(0);
const HEADER: StyleId = StyleId(1);
const TITLE: StyleId = StyleId(2);

/// A sheet of kyodo's own: `title` on the first row, the table from the third (each row as tall
/// as its wrapped text; `empty` on its row when there is none), a filter, and printed like the
/// report's sheets: A4 landscape, one page wide, the header on every page.
fn table_sheet(
    name: &str,
    title: &str,
    columns: Vec<ColumnSpec>,
    rows: Vec<Vec<SheetCell>>,
    empty: &str,
) -> Result<Worksheet, RenderError> {
    let formats = [Style::body(), Style::header(), Style::title()].map(|s| xf::format(&s));
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    ws.write_string_with_format(0, 0, title, &formats[TITLE.0])?;
    let mut placeholder: Vec<SheetCell> = columns.iter().map(|_| SheetCell::blank(BODY)).collect();
    if let Some(last) = placeholder.last_mut() {
        *last = SheetCell::text(empty, BODY);
    }
    let last_col = columns.len().saturating_sub(1) as u16;
    let table =
        Table { budget: 130.0, placeholder: Some(placeholder), ..Table::new(2, columns, HEADER, rows) };
    let measured = table::measure(&table, &[], &Measures::default(), Paper::A4);
    table::write_table(&mut table::Rows::new(&mut ws), &table, &measured, &formats)?;
    let written = &measured.written;
    ws.autofilter(written.header_row, 0, written.last_row, last_col)?;
    let print = Print { title: title.to_string(), label: name.to_string(), repeat_header: true };
    page::print_setup(&mut ws, &print, written.header_row, Paper::A4)?;
    Ok(ws)
}

/// Per department (as the plan's 関係部署 name them), the items it owes a report on: (No, 項目).
/// That is every item nobody reported and, of a shared item, each silent department's share
/// ([`crate::model::Item::unreported_departments`], the rule of the check's `not-reported`), so
/// the list chases everyone the check names.
pub fn unreported(loaded: &Loaded) -> Vec<Missing> {
    loaded
        .plan
        .by_department(false)
        .into_iter()
        .map(|(department, entries)| {
            let own = crate::text::key(&department);
            let owes = |item: &crate::model::Item| {
                item.progress.is_empty()
                    || item.unreported_departments().iter().any(|d| crate::text::key(d) == own)
            };
            let items = entries
                .iter()
                .filter(|e| owes(e.item))
                .map(|e| (e.item.no.as_ref().map(|n| n.value.clone()), e.item.label()))
                .collect();
            (department, items)
        })
        .filter(|(_, items): &Missing| !items.is_empty())
        .collect()
}

/// A department and its unreported items (No, 項目).
pub type Missing = (String, Vec<(Option<String>, String)>);

/// The reminder list's title: 「令和6年度　進捗状況報告　督促一覧」.
fn reminders_title(loaded: &Loaded) -> String {
    let year = loaded.plan.report_year().map(|y| format!("{}　", crate::text::wareki::fiscal_year_label(y)));
    format!("{}進捗状況報告　督促一覧", year.unwrap_or_default())
}

/// What the reminder list says when every item was reported.
const NONE_MISSING: &str = "未提出の項目はありません。";

/// 督促一覧.txt: a paragraph per department, ready to paste into a mail.
fn reminders_text(title: &str, missing: &[Missing]) -> String {
    let mut text = format!("{title}\n");
    for (department, items) in missing {
        let lines: Vec<String> = items
            .iter()
            .map(|(no, name)| match no {
                Some(no) => format!("・No.{no}　{name}"),
                None => format!("・{name}"),
            })
            .collect();
        text.push_str(&format!("\n■{department}（未提出 {}件）\n{}\n", items.len(), lines.join("\n")));
    }
    if missing.is_empty() {
        text.push_str(&format!("\n{NONE_MISSING}\n"));
    }
    text
}

/// 督促一覧.xlsx: one row per department and item, to sort and filter, under the title of the
/// text's.
fn reminders_book(title: &str, missing: &[Missing], issued: Date) -> Result<Vec<u8>, RenderError> {
    let rows: Vec<Vec<SheetCell>> = missing
        .iter()
        .flat_map(|(department, items)| {
            items.iter().map(|(no, name)| {
                vec![
                    SheetCell::text(department.as_str(), BODY),
                    SheetCell::text(no.clone().unwrap_or_default(), BODY),
                    SheetCell::text(name.as_str(), BODY),
                ]
            })
        })
        .collect();
    let columns = vec![
        ColumnSpec::new("部署", 12.0, 24.0),
        ColumnSpec::new("No", 4.0, 8.0),
        ColumnSpec::new("項目", 20.0, 50.0),
    ];
    let mut book = Workbook::new();
    book.set_properties(&page::dated(issued)?);
    book.push_worksheet(table_sheet(REMINDERS, title, columns, rows, NONE_MISSING)?);
    page::save(&mut book)
}
