//! Workbooks (xlsx, xlsm, xls, xlsb, ods) through calamine, after the guard has passed them.

use super::format::{zip_kind, Format, ZipKind};
use super::grid::{self, CutCell, Grid, Merge};
use super::{guard, ImportError, SheetSource};
use calamine::{open_workbook, Data, Dimensions, Reader, SheetType, SheetVisible, Sheets};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

/// Reads every sheet of a workbook in the format its content has, whatever its extension.
/// `Err` is why the whole file is unreadable.
pub fn read(path: &Path) -> Result<Vec<SheetSource>, ImportError> {
    let format = super::format::detect(path)?;
    guard::inspect(path, &guard::Limits::default())?;
    without_panics(|| read_sheets(path, format)).unwrap_or(Err(ImportError::Broken))
}

/// Opens the workbook as `format`, not as its extension says (calamine's `open_workbook_auto`
/// trusts the extension).
fn open(path: &Path, format: Format) -> Result<Sheets<BufReader<File>>, calamine::Error> {
    use calamine::Error;
    if format == Format::Xls {
        return Ok(Sheets::Xls(open_workbook(path).map_err(Error::Xls)?));
    }
    Ok(match zip_kind(path) {
        ZipKind::Xlsb => Sheets::Xlsb(open_workbook(path).map_err(Error::Xlsb)?),
        ZipKind::Ods => Sheets::Ods(open_workbook(path).map_err(Error::Ods)?),
        ZipKind::Xlsx => Sheets::Xlsx(open_workbook(path).map_err(Error::Xlsx)?),
    })
}

/// Runs `f`, turning a panic into None. The guard keeps out what makes calamine abort, but
/// calamine may still panic on some malformed xls/xlsb data: that file is then unreadable,
/// and the other files go on. The message of such a panic is held back, as the reason is
/// reported as a diagnostic.
///
/// Files may be read on several threads at once (in process, as in tests and benchmarks), so
/// the panic hook is not swapped per call, which would race: one hook, installed once, stays
/// silent on the threads that are inside this function and passes every other panic on.
fn without_panics<T>(f: impl FnOnce() -> T) -> Option<T> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    let was = READING.with(|r| r.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    READING.with(|r| r.set(was));
    result
}

thread_local! {
    /// Whether this thread is inside [`without_panics`].
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn read_sheets(path: &Path, format: Format) -> Result<Vec<SheetSource>, ImportError> {
    let mut book = open(path, format).map_err(|e| describe(&e))?;
    let metadata = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for sheet in metadata {
        if sheet.typ != SheetType::WorkSheet {
            continue; // chart and macro sheets hold no table
        }
        let hidden = sheet.visible != SheetVisible::Visible;
        // One sheet calamine cannot read (or panics on) costs that sheet, not the workbook.
        let grid =
            without_panics(|| read_grid(&mut book, &sheet.name)).unwrap_or(Err(ImportError::BrokenSheet));
        sheets.push(SheetSource { name: sheet.name, hidden, grid });
    }
    Ok(sheets)
}

fn read_grid(book: &mut Sheets<BufReader<File>>, name: &str) -> Result<Grid, ImportError> {
    let range = book.worksheet_range(name).map_err(|e| describe(&e))?;
    let mut grid = to_grid(&range);
    if let Some(merges) = merges(book, name) {
        grid.set_merges(&merges);
    }
    Ok(grid)
}

fn to_grid(range: &calamine::Range<Data>) -> Grid {
    let Some(origin) = range.start() else {
        return Grid::default();
    };
    let mut cut = Vec::new();
    let cells = (origin.0..)
        .zip(range.rows())
        .map(|(r, row)| (origin.1..).zip(row).map(|(c, data)| cell_text(data, r, c, &mut cut)).collect())
        .collect();
    let mut grid = Grid::new(origin, cells);
    grid.cut = cut;
    grid
}

/// The text a person sees in the cell: whole numbers without ".0", dates as 2024-04-01.
fn cell_text(data: &Data, row: u32, col: u32, cut: &mut Vec<CutCell>) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => grid::cell_text(s, row, col, cut),
        Data::Float(f) => number_text(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
            if (h, min, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Merged regions where the format records them (xlsx, xls); None for ods and xlsb.
fn merges(book: &mut Sheets<BufReader<File>>, sheet: &str) -> Option<Vec<Merge>> {
    let dims: Vec<Dimensions> = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).ok()?,
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).ok()?,
        Sheets::Xlsb(_) | Sheets::Ods(_) => return None,
    };
    Some(
        dims.iter()
            .map(|d| Merge { top: d.start.0, left: d.start.1, bottom: d.end.0, right: d.end.1 })
            .collect(),
    )
}

/// calamine's errors in words for the office, with the original text for whoever fixes it.
fn describe(e: &calamine::Error) -> ImportError {
    let text = e.to_string();
    let why = if text.contains("password protected") {
        return ImportError::Password { detail: text };
    } else if text.contains("Cannot detect file format") {
        "拡張子が表計算ファイルでないか、中身が表計算ファイルではありません"
    } else if text.contains("EOCD") || text.contains("zip") || text.contains("Zip") {
        "ファイルが壊れているか、途中までしか保存されていません"
    } else if text.contains("File not found") || text.contains("not found") {
        "Excel の形式に必要な部分がありません（Word など別のアプリのファイルの拡張子を変えたものかもしれません）"
    } else {
        "ファイルの構造が壊れています"
    };
    ImportError::Unparsable { why: why.into(), detail: text }
}
