//! Import: spreadsheet files → [`Table`]s of classified rows.
//!
//! Each file goes through: [`guard`] (refuse hostile zips before calamine can abort the
//! process) → [`workbook`] or [`csv`] (cells as cleaned text in a [`grid::Grid`], merges
//! resolved) → [`header`] (find the header row, map columns) → [`table`] (read the title rows
//! for section and fiscal year, classify every row below the header).
//!
//! Nothing here knows about plans; nothing is dropped silently: every row below a header ends up
//! in [`Table::rows`], and every sheet without a table is reported in [`SourceFile::sheets`].

pub mod csv;
pub mod grid;
pub mod guard;
pub mod header;
pub mod table;
pub mod workbook;

pub use table::{Cell, Context, Row, RowKind, Table};

use crate::config::Config;
use std::path::{Path, PathBuf};

/// A sheet as read from its file, before any table is looked for.
pub struct SheetSource {
    pub name: String,
    pub hidden: bool,
    /// The cells, or why the sheet could not be read.
    pub grid: Result<grid::Grid, String>,
}

/// What became of one sheet.
#[derive(Debug)]
pub enum SheetOutcome {
    /// A table was found.
    Table(Table),
    /// Hidden sheets are not read.
    Hidden,
    /// No header row; `rows` non-empty rows were not read as items.
    NoTable { rows: usize },
    /// Nothing written on it.
    Empty,
    /// calamine could not read the sheet.
    Unreadable(String),
}

/// One input file and what was read from it.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown in messages.
    pub path: String,
    /// Why the file could not be read at all.
    pub error: Option<String>,
    /// Sheet name → outcome, in workbook order.
    pub sheets: Vec<(String, SheetOutcome)>,
}

impl SourceFile {
    /// The tables found in this file.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.sheets.iter().filter_map(|(_, o)| match o {
            SheetOutcome::Table(t) => Some(t),
            _ => None,
        })
    }
}

/// Spreadsheet extensions kyodo reads.
pub const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

/// Expands inputs: files as given, folders to every spreadsheet inside (recursively, sorted),
/// skipping Excel's `~$` lock files and hidden files. Errors name the input that does not exist.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    expand_noting(inputs).map(|(files, _)| files)
}

/// [`expand`], with the files of the folders that were left out as not spreadsheets (a .docx,
/// a .pdf), sorted: the user is told, nothing is skipped without a word.
pub fn expand_noting(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            collect_dir(input, &mut found, &mut skipped)
                .map_err(|e| format!("{}: フォルダを読めません（{e}）", input.display()))?;
            found.sort();
            files.extend(found);
        } else if input.is_file() {
            files.push(input.clone());
        } else {
            return Err(format!("{}: ファイルもフォルダもありません", input.display()));
        }
    }
    skipped.sort();
    Ok((files, skipped))
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            collect_dir(&path, out, skipped)?;
        } else if is_spreadsheet(&path) {
            out.push(path);
        } else {
            skipped.push(path);
        }
    }
    Ok(())
}

fn is_spreadsheet(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    EXTENSIONS.contains(&ext.as_str())
}

/// Reads one file into its tables. Never panics on bad input: a file that cannot be read comes
/// back with `error` set.
pub fn read_file(path: &Path, config: &Config) -> SourceFile {
    let shown = path.display().to_string();
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let sheets = if ext == "csv" { csv::read(path) } else { workbook::read(path) };
    let file_stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    match sheets {
        Ok(sheets) => SourceFile {
            path: shown,
            error: None,
            sheets: sheets
                .into_iter()
                .map(|s| {
                    let outcome = table::outcome(s.hidden, s.grid, &s.name, &file_stem, config);
                    (s.name, outcome)
                })
                .collect(),
        },
        Err(error) => SourceFile { path: shown, error: Some(error), sheets: Vec::new() },
    }
}
