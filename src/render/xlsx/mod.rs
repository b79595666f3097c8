//! The XLSX renderer: a [`Workbook`] of the sheet model ([`crate::report::sheet`]) as an
//! Excel file. The report decides what the sheets hold; this decides how Excel shows it:
//!
//! - [`measure`]: text widths in half-width units of the bundled face, column widths within
//!   their bounds and the page budget, row heights from kyodo's own line breaking.
//! - [`table`]: a table measured (widths, the lines of every row, where each row goes), then
//!   written row by row: a header row and the rows under it; a text longer than Excel's
//!   32,767 characters goes on in the rows below, and `findings` lists it on the review sheet.
//! - [`mod@format`]: styles as Excel formats; `chart`: bar charts; [`page`]: print setup,
//!   document properties and the bytes; [`names`]: legal, unique sheet names.
//! - `sheet`: one sheet with everything around its table.
//! - [`form`]: the department forms (様式), made as a sheet model and written here too.
//!
//! Measuring is the work and runs on every core, a table at a time in sheet order; the sheets
//! are written in order on one thread as their tables' measures arrive, each row going to a
//! temporary file as soon as the next is written (rust_xlsxwriter's low-memory mode, with
//! shared strings). The workbook is the same however the work was shared.

pub(crate) mod chart;
pub(crate) mod findings;
pub mod form;
pub mod format;
pub mod measure;
pub mod names;
pub mod page;
pub(crate) mod sheet;
pub mod table;

use crate::render::RenderError;
use crate::report::sheet::{SheetCell, Workbook};
use rayon::Yield;
use rust_xlsxwriter::Format;
use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::Duration;

/// The bytes of `book`. Deterministic: the same model gives the same bytes.
///
/// The tables are measured in sheet order on every core (the line breaking is the work) while
/// the sheets are written in order on this thread as their measures arrive, row by row, each
/// into a temporary file (rust_xlsxwriter's low-memory mode; a sheet with charts stays in
/// memory): a 10,000-item workbook never holds its lists in memory, and the shared strings
/// and formats are numbered in the order they are written, the same at any thread count. The
/// review sheet lists what the others needed (cells split for Excel's limit), so it waits for
/// every other table's measures.
pub fn write(book: &Workbook) -> Result<Vec<u8>, RenderError> {
    let mut out = rust_xlsxwriter::Workbook::new();
    out.set_properties(&page::properties(&book.properties)?);
    let formats: Vec<Format> = book.styles.iter().map(format::format).collect();
    let names = names::sheet_names(book.sheets.iter().map(|s| s.name.as_str()));
    let review = book.findings.as_ref().map(|f| f.sheet);
    let jobs: Vec<usize> = (0..book.sheets.len()).filter(|i| Some(*i) != review).collect();
    let measures = measure::Measures::default();
    let found = std::cell::OnceCell::new();
    let mut measured: Vec<Option<table::Measured>> = book.sheets.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let (sender, arrived) = std::sync::mpsc::channel();
        let (jobs, measures) = (&jobs, &measures);
        // In sheet order, each table on every core (its rows are measured in parallel): the
        // first sheets are written while the later ones are measured.
        scope.spawn(move || {
            for &i in jobs {
                let m = table::measure(&book.sheets[i].table, &[], measures, book.paper);
                if sender.send((i, m)).is_err() {
                    return; // the writer has failed
                }
            }
        });
        let take = |measured: &mut Vec<_>| {
            let (i, m) = next(&arrived).expect("the tables of a workbook are measured before it ends");
            measured[i] = Some(m);
        };
        for (i, (sheet, name)) in book.sheets.iter().zip(&names).enumerate() {
            if Some(i) == review {
                while jobs.iter().any(|&j| measured[j].is_none()) {
                    take(&mut measured);
                }
                let rows = found.get_or_init(|| findings_of(book, &names, jobs, &measured));
                measured[i] = Some(table::measure(&sheet.table, rows, measures, book.paper));
            }
            while measured[i].is_none() {
                take(&mut measured);
            }
            // A chart's cached values (what a viewer shows without computing) are read from
            // its sheet's cells when the file is saved: a sheet with charts (a short table)
            // keeps its cells in memory.
            let in_memory = sheet.chart.is_some()
                || !sheet.small_multiples.is_empty()
                || sheet.table.rows.len() <= IN_MEMORY_ROWS;
            let ws = if in_memory {
                out.add_worksheet()
            } else {
                out.add_worksheet_with_low_memory().map_err(|_| temp_file_error())?
            };
            let measured = measured[i].as_ref().expect("measured above");
            sheet::write(ws, sheet, name, measured, &formats, (!in_memory, book.paper))?;
        }
        Ok::<(), RenderError>(())
    })?;
    // Saving needs the memory more than anything measured.
    drop((measured, measures));
    let bytes = page::save(&mut out);
    crate::render::drop_aside(out);
    bytes
}

/// Sheets of at most this many rows are kept in memory until saved; longer ones go row by row
/// to a temporary file. In that low-memory mode rust_xlsxwriter (0.102) writes the last row
/// twice when it has a height of its own (its last flush writes the current row, then the
/// "next" one, which is the same row again: `<row r="13">` twice, which Excel may repair), so
/// only sheets that need it use the mode, and they end with a row of no height
/// ([`sheet::write`]).
const IN_MEMORY_ROWS: usize = 2_000;

/// The next table measured, waited for without holding up rayon's pool: this may run on one
/// of its threads (forms are written in parallel, and `--format all` renders its files in
/// parallel), and the tables are measured in that same pool. There it runs the pool's pending
/// work meanwhile; elsewhere it simply waits. None once the measuring has stopped.
fn next<T>(arrived: &Receiver<T>) -> Option<T> {
    loop {
        match arrived.try_recv() {
            Ok(value) => return Some(value),
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {}
        }
        match rayon::yield_now() {
            None => return arrived.recv().ok(),
            Some(Yield::Executed) => {}
            // Nothing to run: the tables are being measured elsewhere. Wait a little for
            // them, then look for work again.
            Some(Yield::Idle) => match arrived.recv_timeout(Duration::from_millis(1)) {
                Ok(value) => return Some(value),
                Err(RecvTimeoutError::Disconnected) => return None,
                Err(RecvTimeoutError::Timeout) => {}
            },
        }
    }
}

/// The review sheet's rows on what the other sheets needed, in sheet order.
fn findings_of<'t>(
    book: &'t Workbook,
    names: &[String],
    jobs: &[usize],
    measured: &[Option<table::Measured>],
) -> Vec<Vec<SheetCell<'t>>> {
    let Some(f) = &book.findings else { return Vec::new() };
    jobs.iter()
        .filter_map(|&i| Some((i, measured[i].as_ref()?)))
        .flat_map(|(i, m)| findings::rows(&names[i], &book.sheets[i].table, &m.written, f))
        .collect()
}

/// Why no worksheet could be started: its temporary file.
fn temp_file_error() -> RenderError {
    RenderError::TempFile { dir: crate::text::shown_path(std::env::temp_dir()) }
}

/// `work` done on every job, spread over the machine's cores (the department forms are
/// workbooks of their own); the results in the order of the jobs, so every file is the same
/// however the work was shared.
pub(crate) fn in_parallel<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    // rayon hands the next job to whichever core is free.
    use rayon::prelude::*;
    jobs.par_iter().map(&work).collect()
}
