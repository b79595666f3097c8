//! Import: spreadsheet files → [`Table`]s of classified rows.
//!
//! Each file goes through: [`guard`] (refuse hostile zips before calamine can abort the
//! process) → [`workbook`] or [`csv`] (cells as cleaned text in a [`grid::Grid`], merges
//! resolved) → [`header`] (find the header row, map columns) → [`table`] (read the title rows
//! for section and fiscal year, classify every row below the header). The reading (guard
//! included) runs in a bounded child process ([`isolated`]); files past the size
//! [`envelope`] are refused there, by their rows and cells.
//!
//! Nothing here knows about plans; nothing is dropped silently: every row below a header ends up
//! in [`Table::rows`], and every sheet without a table is reported in [`SourceFile::sheets`].

pub mod csv;
pub mod envelope;
pub mod error;
pub mod form;
pub mod format;
pub mod grid;
pub mod guard;
pub mod header;
pub mod inspect;
pub mod isolated;
pub mod table;
pub mod workbook;

pub use table::{Cell, Context, Row, RowKind, Table};

pub use error::ImportError;

use crate::config::Config;
use crate::text::shown_path;
use std::path::{Path, PathBuf};

/// A sheet as read from its file, before any table is looked for. Serialised when a child
/// process reads the file ([`isolated`]).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct SheetSource {
    /// The sheet's name.
    pub name: String,
    /// Hidden in the workbook (not read).
    pub hidden: bool,
    /// The cells, or why the sheet could not be read.
    pub grid: Result<grid::Grid, ImportError>,
}

/// What became of one sheet.
#[derive(Debug)]
// A workbook has a few sheets and each outcome is moved once: boxing the table would buy
// nothing for the indirection.
#[allow(clippy::large_enum_variant)]
pub enum SheetOutcome {
    /// A table was found.
    Table(Table),
    /// Hidden sheets are not read.
    Hidden,
    /// No header row; `rows` non-empty rows were not read as items.
    NoTable {
        /// Non-empty rows not read.
        rows: usize,
    },
    /// Nothing written on it.
    Empty,
    /// An example of how to fill the form in (「記入例」, 「見本」 in its name): `rows` non-empty
    /// rows not read.
    Example {
        /// Non-empty rows not read.
        rows: usize,
    },
    /// calamine could not read the sheet.
    Unreadable(ImportError),
}

/// One input file and what was read from it.
#[derive(Debug, Default)]
pub struct SourceFile {
    /// The path as shown in messages.
    pub path: String,
    /// Which file it is: what findings and returns match it by, never the shown `path`.
    pub id: FileId,
    /// Why the file could not be read at all.
    pub error: Option<ImportError>,
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

    /// Lets go of the rows of its tables, keeping what stands around them (header, context,
    /// cut cells): once the model and the check have read the rows, every one of them is an
    /// item, a report or a diagnostic, and holding a second copy of every cell only costs
    /// memory (a tenth of a 10,000-item run's).
    pub fn release_rows(&mut self) {
        for (_, outcome) in &mut self.sheets {
            if let SheetOutcome::Table(t) = outcome {
                t.rows = Vec::new();
            }
        }
    }
}

/// The first sheet of a workbook kyodo returns to a department ([`crate::returns`]): its list of
/// what to correct, never read as a table.
pub const LIST_SHEET: &str = "要修正一覧";

/// Spreadsheet extensions kyodo reads.
pub const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xls", "xlsb", "ods", "csv"];

/// Expands inputs: files as given, folders to every spreadsheet inside (recursively, sorted),
/// skipping Excel's `~$` lock files, hidden files and anything that is not a regular file.
/// Errors name the input and say what it is: missing, a FIFO or device (reading one would
/// block or never end), a path too long, not permitted.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    expand_noting(inputs).map(|(files, _)| files)
}

/// [`expand`], with the files of the folders that were left out as not spreadsheets (a .docx,
/// a .pdf), sorted: the user is told, nothing is skipped without a word.
pub fn expand_noting(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), ImportError> {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let refuse = |why: String| ImportError::Input { path: shown_path(input), why };
        let meta = std::fs::metadata(input).map_err(|e| refuse(crate::text::io_message(&e).to_string()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            collect_dir(input, &mut found, &mut skipped)
                .map_err(|e| refuse(format!("フォルダを読めません（{}）", crate::text::io_message(&e))))?;
            found.sort();
            files.extend(found);
        } else if meta.is_file() {
            files.push(input.clone());
        } else {
            return Err(refuse(special(&meta.file_type())));
        }
    }
    skipped.sort();
    Ok((files, skipped))
}

/// What a path that is neither file nor folder is.
fn special(kind: &std::fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "名前付きパイプ（FIFO）は読み込めません。表計算ファイルを指定してください".into();
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "デバイスファイルは読み込めません。表計算ファイルを指定してください".into();
        }
        if kind.is_socket() {
            return "ソケットは読み込めません。表計算ファイルを指定してください".into();
        }
    }
    let _ = kind;
    "通常のファイルではないため読み込めません".into()
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        // Following links, as the file is read through them; a dangling link is skipped.
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            collect_dir(&path, out, skipped)?;
        } else if meta.is_file() && is_spreadsheet(&path) {
            out.push(path);
        } else {
            skipped.push(path);
        }
    }
    Ok(())
}

fn is_spreadsheet(path: &Path) -> bool {
    EXTENSIONS.contains(&extension(path).as_str())
}

/// A file's identity: its canonical path (the path as given where it has none), so one file
/// named two ways (「input/a.xlsx」, 「./input/a.xlsx」, a link) is one file, and two files are
/// two however alike their paths are shown (`shown_path` is lossy: two names in another
/// encoding than the system's may both show as 「�.xlsx」). A path, not the input's place in
/// a run's list, because findings come from several lists (this year's inputs, an earlier
/// year's, a folder read again by `serve`) and a path cannot name a file of another list by
/// chance; shared ([`Arc`]) because every value the model reads carries it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(std::sync::Arc<Path>);

impl FileId {
    /// The identity of the file at `path`.
    pub fn of(path: &Path) -> FileId {
        FileId(path.canonicalize().unwrap_or_else(|_| path.to_path_buf()).into())
    }
}

impl Default for FileId {
    /// No file: what a [`SourceFile`] taken out of its input leaves behind.
    fn default() -> FileId {
        FileId(Path::new("").into())
    }
}

/// Reads one file into its tables. Never panics on bad input: a file that cannot be read comes
/// back with `error` set.
pub fn read_file(path: &Path, config: &Config) -> SourceFile {
    read_file_keeping(path, config, false).0
}

/// The cells of one sheet as read (None when the sheet could not be read), by the sheet's
/// name: what a returned copy is made of.
pub type SheetCells = (String, Option<grid::Grid>);

/// [`read_file`], with each readable sheet's cells as read too when `keep` (a copy returned to
/// the department marks them, from this one reading and its reader chosen by content).
pub fn read_file_keeping(path: &Path, config: &Config, keep: bool) -> (SourceFile, Vec<SheetCells>) {
    let mut kept = Vec::new();
    let file = read_source(path, config, |name, grid| {
        if keep {
            kept.push((name.to_string(), grid.cloned()));
        }
    });
    (file, kept)
}

fn read_source(path: &Path, config: &Config, mut keep: impl FnMut(&str, Option<&grid::Grid>)) -> SourceFile {
    let shown = shown_path(path);
    let id = FileId::of(path);
    if let Some(original) = lock_file_of(path) {
        let error = Some(ImportError::ExcelLockFile { original });
        return SourceFile { path: shown, id, error, sheets: Vec::new() };
    }
    let format = format::detect(path);
    let sheets = format.clone().and_then(|_| isolated::read_sheets(path));
    let file_stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let sheets: Vec<(String, SheetOutcome)> = match sheets {
        Ok(sheets) => sheets
            .into_iter()
            // The list kyodo puts first in a returned workbook is not the department's.
            .filter(|s| s.name != LIST_SHEET)
            .map(|s| {
                keep(&s.name, s.grid.as_ref().ok());
                let outcome = table::outcome(s.hidden, s.grid, &s.name, &file_stem, config);
                (s.name, outcome)
            })
            .collect(),
        Err(error) => return SourceFile { path: shown, id, error: Some(error), sheets: Vec::new() },
    };
    // Text under a workbook's name is read as the CSV it often is (systems export CSV as
    // .xls); without a table in it, it is no spreadsheet, and the message says so.
    let text_named_workbook = format == Ok(format::Format::Csv) && extension(path) != "csv";
    if text_named_workbook && !sheets.iter().any(|(_, o)| matches!(o, SheetOutcome::Table(_))) {
        let error = ImportError::TextNotWorkbook { extension: extension(path) };
        return SourceFile { path: shown, id, error: Some(error), sheets: Vec::new() };
    }
    SourceFile { path: shown, id, error: None, sheets }
}

/// The workbook an Excel lock file 「~$計画.xlsx」 stands beside, by its name. Folders skip
/// them; one named directly gets a message saying what it is.
fn lock_file_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    name.strip_prefix("~$").filter(|rest| !rest.is_empty()).map(str::to_string)
}

/// Reads the sheets of a file of any format, in this process: a CSV as one sheet, a workbook
/// once the guard has passed it. [`isolated`] runs this in a child process.
pub fn read_sheets(path: &Path) -> Result<Vec<SheetSource>, ImportError> {
    match format::detect(path)? {
        format::Format::Csv => csv::read(path),
        format::Format::Zip | format::Format::Xls => workbook::read(path),
    }
}

fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}
