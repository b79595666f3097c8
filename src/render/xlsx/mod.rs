//! The XLSX renderer: a [`Workbook`] of the sheet model ([`crate::report::sheet`]) as an
//! Excel file. The report decides what the sheets hold; this decides how Excel shows it:
//!
//! - [`measure`]: text widths in half-width units of the bundled face, column widths within
//!   their bounds and the page budget, row heights from kyodo's own line breaking.
//! - [`table`]: a header row and the rows under it; a text longer than Excel's 32,767
//!   characters goes on in the rows below, and `findings` lists it on the review sheet.
//! - [`mod@format`]: styles as Excel formats; `chart`: bar charts; [`page`]: print setup,
//!   document properties and the bytes; [`names`]: legal, unique sheet names.
//! - `sheet`: one sheet with everything around its table.
//! - [`form`]: the department forms (様式), made as a sheet model and written here too.
//!
//! Sheets are written independently, spread over the machine's cores; the workbook is the
//! same however the work was shared.

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
use crate::report::sheet::Workbook;
use rust_xlsxwriter::{Format, Worksheet};

/// The bytes of `book`. Deterministic: the same model gives the same bytes.
pub fn write(book: &Workbook) -> Result<Vec<u8>, RenderError> {
    let mut out = rust_xlsxwriter::Workbook::new();
    out.set_properties(&page::properties(&book.properties)?);
    let formats: Vec<Format> = book.styles.iter().map(format::format).collect();
    let names = names::sheet_names(book.sheets.iter().map(|s| s.name.as_str()));
    let review = book.findings.as_ref().map(|f| f.sheet);
    let jobs: Vec<usize> = (0..book.sheets.len()).filter(|i| Some(*i) != review).collect();
    let measures = measure::Measures::default();
    let done = in_parallel(&jobs, |&i| sheet::write(&book.sheets[i], &names[i], &[], &formats, &measures));
    let mut sheets: Vec<Option<Worksheet>> = book.sheets.iter().map(|_| None).collect();
    let mut found = Vec::new();
    for (&i, result) in jobs.iter().zip(done) {
        let (ws, written) = result?;
        if let Some(f) = &book.findings {
            found.extend(findings::rows(&names[i], &book.sheets[i].table, &written, f));
        }
        sheets[i] = Some(ws);
    }
    if let Some(i) = review {
        sheets[i] = Some(sheet::write(&book.sheets[i], &names[i], &found, &formats, &measures)?.0);
    }
    // Saving needs the memory more than anything measured.
    drop(measures);
    for ws in sheets.into_iter().flatten() {
        out.push_worksheet(ws);
    }
    let bytes = page::save(&mut out);
    crate::render::drop_aside(out);
    bytes
}

/// `work` done on every job, spread over the machine's cores (sheets are written
/// independently); the results in the order of the jobs, so the workbook is the same however
/// the work was shared.
pub(crate) fn in_parallel<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    // rayon hands the next job to whichever core is free: a 10,000-row list and a handful of
    // department sheets no longer wait on a fixed round-robin share.
    use rayon::prelude::*;
    jobs.par_iter().map(&work).collect()
}
