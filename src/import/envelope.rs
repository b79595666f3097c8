//! The size envelope: the largest plan kyodo accepts, and the one rule every stage refuses
//! beyond it by.
//!
//! A plan, all its files together, may have at most [`MAX_ITEMS`] items and [`MAX_ROWS`]
//! rows; one file at most [`MAX_ROWS`] rows (in any one sheet) and [`MAX_CELLS`] cells (the
//! used area of all its sheets, rows × columns). The bounds are chosen so that
//! `report --kind all --format all` at that size fits in 2 GB on one core (measured in the
//! README's "Size envelope"); a realistic plan of 50,000 items, a city's whole plan several
//! times over, is inside them. Beyond them a run is refused early, before the model or any
//! output is built, with a message naming the file and the limit: a file past the row or cell
//! bound is unreadable (the guard refuses a workbook, the CSV reader a CSV, each in the
//! reading child), a plan past the item or row bound ends the run with exit 2.

/// Items of a plan: 50,000 (the realistic plan of 50,000 items reports in about 1.2 GB).
pub const MAX_ITEMS: usize = 50_000;

/// Rows of one sheet, and of all the inputs of a run together.
pub const MAX_ROWS: u64 = 250_000;

/// Cells of one file (the used area of its sheets, rows × columns).
pub const MAX_CELLS: u64 = 4_000_000;

/// A count with thousands separators, as every message of the envelope writes it.
pub fn grouped(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
