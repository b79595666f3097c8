//! Returns to departments (差し戻し), written by `kyodo check --returns DIR`: per department
//! file with problems, a copy of its workbook with each problem cell filled in a warning
//! colour and a note in the words of `check`, after a first sheet 「要修正一覧」 listing them;
//! and `DIR/督促一覧.txt`, every department with items nobody reported, ready to paste into a
//! mail. The department's values are copied as read, never changed: the import skips
//! 「要修正一覧」, so a returned workbook, corrected and sent back, reads as the original did.

use crate::diag::{Diagnostic, Severity};
use crate::import::grid::Grid;
use crate::output::OutputDir;
use crate::pipeline::{Fatal, Loaded};
use crate::render::xlsx::{format as xf, page, table};
use crate::render::RenderError;
use crate::report::sheet::{ColumnSpec, SheetCell, Style, StyleId, Table};
use rust_xlsxwriter::{Format, Note, Workbook, Worksheet};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::import::LIST_SHEET;

/// The reminder list's file name (without extension: it comes as .txt and .xlsx).
pub const REMINDERS: &str = "督促一覧";

/// Writes the returns into `dir`; gives the paths written.
pub fn write(loaded: &Loaded, dir: &Path) -> Result<Vec<PathBuf>, Fatal> {
    // With --plan the departments' files are the progress files; without, every input.
    let files = if loaded.progress_files.is_empty() { &loaded.plan_files } else { &loaded.progress_files };
    // The plan saved among the returned sheets is the office's own: no department to send it to.
    let is_plan = |f: &crate::import::SourceFile| {
        loaded.diagnostics.iter().any(|d| d.file == f.path && d.code == crate::diag::Code::PlanInProgress)
    };
    let jobs: Vec<(&Path, Vec<&Diagnostic>)> = files
        .iter()
        .filter(|f| f.error.is_none() && !is_plan(f))
        .map(|f| {
            (Path::new(f.path.as_str()), loaded.diagnostics.iter().filter(|d| d.file == f.path).collect())
        })
        .collect();
    // Never into a folder of the inputs: a copy there would overwrite a department's file or be
    // read as one more input next time. Checked before anything is written.
    if let Some((source, _)) = jobs.iter().find(|(source, _)| same_dir(source.parent(), dir)) {
        return Err(Fatal::ReturnsBesideInputs {
            dir: crate::text::shown_path(dir),
            source_file: crate::text::shown_path(source),
        });
    }
    let mut files = Vec::new();
    for (source, problems) in jobs.iter().filter(|(_, p)| !p.is_empty()) {
        let stem = source.file_stem().map_or("returned".into(), |s| s.to_string_lossy().into_owned());
        files.push((format!("{stem}.xlsx"), returned_workbook(source, problems)?));
    }
    let missing = unreported(loaded);
    let text = reminders_text(loaded, &missing).replace('\n', "\r\n");
    let txt = ["\u{feff}".as_bytes(), text.as_bytes()].concat();
    files.push((format!("{REMINDERS}.txt"), txt));
    files.push((format!("{REMINDERS}.xlsx"), reminders_book(&missing)?));
    // Held and written together, like every other output folder.
    let out = OutputDir::lock(dir)?;
    out.write_all(&files)?;
    Ok(files.iter().map(|(name, _)| out.path(name)).collect())
}

/// Whether a file's folder (None or empty: the current one) is `dir`.
fn same_dir(parent: Option<&Path>, dir: &Path) -> bool {
    let parent = parent.filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    match (parent.canonicalize(), dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The list sheet, then every sheet of the original with its values and the problem cells marked.
fn returned_workbook(source: &Path, problems: &[&Diagnostic]) -> Result<Vec<u8>, Fatal> {
    let ext = source.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let sheets =
        if ext == "csv" { crate::import::csv::read(source) } else { crate::import::workbook::read(source) }?;
    Ok(marked_copy(sheets, problems)?)
}

/// The list sheet, then `sheets` as read, the problem cells marked.
fn marked_copy(
    sheets: Vec<crate::import::SheetSource>,
    problems: &[&Diagnostic],
) -> Result<Vec<u8>, RenderError> {
    let mut book = Workbook::new();
    book.push_worksheet(list_sheet(problems)?);
    let mark = Format::new().set_background_color(xf::rgb(WARNING)).set_text_wrap();
    let plain = Format::new().set_text_wrap();
    for s in sheets.into_iter().filter(|s| s.name != LIST_SHEET) {
        let mut ws = Worksheet::new();
        ws.set_name(&s.name)?;
        let notes = notes_of(problems, &s.name);
        if let Ok(grid) = &s.grid {
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
        let Some(at) = d.cell.as_deref().and_then(parse_a1) else { continue };
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
    for col in 0..grid.end_col() {
        ws.set_column_width(col as u16, 18)?;
    }
    Ok(())
}

/// 要修正一覧: シート, セル, 重要度, what to correct — every problem of the file.
fn list_sheet(problems: &[&Diagnostic]) -> Result<Worksheet, RenderError> {
    let mut ws = Worksheet::new();
    ws.set_name(LIST_SHEET)?;
    ws.write_string_with_format(
        0,
        0,
        "修正をお願いする箇所（色の付いたセルにメモがあります）",
        &xf::format(&Style::title()),
    )?;
    let header = xf::format(&Style::header());
    let body = xf::format(&Style::body());
    for (c, title) in ["シート", "セル", "重要度", "対象", "修正してください"].iter().enumerate()
    {
        ws.write_string_with_format(2, c as u16, *title, &header)?;
    }
    for (i, d) in problems.iter().enumerate() {
        let r = 3 + i as u32;
        let severity = if d.severity == Severity::Error { "エラー" } else { "警告" };
        let cells = [
            d.sheet.as_deref().unwrap_or(""),
            d.cell.as_deref().unwrap_or(""),
            severity,
            d.item.as_deref().unwrap_or(""),
            &d.message,
        ];
        for (c, text) in cells.iter().enumerate() {
            ws.write_string_with_format(r, c as u16, *text, &body)?;
        }
    }
    for (c, width) in [14, 8, 8, 28, 70].iter().enumerate() {
        ws.set_column_width(c as u16, *width)?;
    }
    Ok(ws)
}

/// Per department (as the plan's 関係部署 name them), the items nobody reported: (No, 項目).
fn unreported(loaded: &Loaded) -> Vec<Missing> {
    loaded
        .plan
        .by_department(false)
        .into_iter()
        .map(|(department, entries)| {
            let items = entries
                .iter()
                .filter(|e| e.item.progress.is_empty())
                .map(|e| (e.item.no.as_ref().map(|n| n.value.clone()), e.item.label()))
                .collect();
            (department, items)
        })
        .filter(|(_, items): &Missing| !items.is_empty())
        .collect()
}

/// A department and its unreported items (No, 項目).
type Missing = (String, Vec<(Option<String>, String)>);

/// 督促一覧.txt: a paragraph per department, ready to paste into a mail.
fn reminders_text(loaded: &Loaded, missing: &[Missing]) -> String {
    let year = loaded.plan.report_year().map(|y| format!("{}　", crate::text::wareki::fiscal_year_label(y)));
    let mut text = format!("{}進捗状況報告　督促一覧\n", year.unwrap_or_default());
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
        text.push_str("\n未提出の項目はありません。\n");
    }
    text
}

/// 督促一覧.xlsx: one row per department and item, to sort and filter.
fn reminders_book(missing: &[Missing]) -> Result<Vec<u8>, RenderError> {
    let mut ws = Worksheet::new();
    ws.set_name(REMINDERS)?;
    // The model's styles: the body, then the header.
    let formats = [xf::format(&Style::body()), xf::format(&Style::header())];
    let (body, header) = (StyleId(0), StyleId(1));
    let rows: Vec<Vec<SheetCell>> = missing
        .iter()
        .flat_map(|(department, items)| {
            items.iter().map(|(no, name)| {
                vec![
                    SheetCell::text(department.as_str(), body),
                    SheetCell::text(no.clone().unwrap_or_default(), body),
                    SheetCell::text(name.as_str(), body),
                ]
            })
        })
        .collect();
    let columns = vec![
        ColumnSpec::new("部署", 12.0, 24.0),
        ColumnSpec::new("No", 4.0, 8.0),
        ColumnSpec::new("項目", 20.0, 50.0),
    ];
    let table = Table { budget: 120.0, ..Table::new(0, columns, header, rows) };
    let written = table::write_table(&mut ws, &table, &[], &formats)?;
    ws.autofilter(0, 0, written.last_row, 2)?;
    let mut book = Workbook::new();
    book.push_worksheet(ws);
    page::save(&mut book)
}

/// 「E6」 → (5, 4), zero-based; None for anything else.
fn parse_a1(a1: &str) -> Option<(u32, u32)> {
    let split = a1.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = a1.split_at(split);
    if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.chars().fold(0u32, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1)) - 1;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        for (r, c) in [(0, 0), (5, 4), (99, 26), (3, 701)] {
            assert_eq!(parse_a1(&crate::text::a1(r, c)), Some((r, c)));
        }
        assert_eq!(parse_a1("6E"), None);
    }
}
