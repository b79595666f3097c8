//! Measuring text for a workbook: in half-width units (a full-width character is 2) with the
//! advances of the bundled BIZ UDゴシック ([`fonts::bundled`]), the face the cells are set in
//! whatever font the PDF uses. Its full-width glyphs are exactly twice its half-width ones, so
//! a width computed here is the width Excel shows; rust_xlsxwriter's `autofit()` counts every
//! CJK character as one narrow glyph. Column widths fit their contents within their bounds and
//! a page budget; rows are as tall as their wrapped lines, broken by kyodo's own line breaker.

use super::format::FONT_SIZE;
use crate::fonts;
use crate::layout::linebreak::{count_lines, longest_run};
use crate::report::sheet::{ColumnSpec, Paper, SheetCell, Value};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

/// Excel's tallest row, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;

/// Pixels of one half-width unit at [`FONT_SIZE`] (96 dpi: 10 pt is 13.3 px a full-width em).
const UNIT_PX: f64 = FONT_SIZE * 96.0 / 72.0 / 2.0;
/// Pixels Excel keeps free around the text of a cell.
const CELL_PADDING_PX: f64 = 9.0;
/// Height of a line of wrapped text and the space above and below a cell's text, in points.
/// Excel sets a line of BIZ UDゴシック at about 1.23 em (LibreOffice tighter, at 1.0 em).
const LINE_PT: f64 = 12.5;
const ROW_PADDING_PT: f64 = 3.0;

/// Width of a text in half-width units: its widest line (Alt+Enter breaks).
///
/// ```
/// use kyodo::render::xlsx::measure::text_width;
/// assert_eq!(text_width("協働 2024"), 9.0);
/// assert_eq!(text_width("一行目\n二行目は長い"), 12.0);
/// ```
pub fn text_width(text: &str) -> f64 {
    text.split('\n').map(line_width).fold(0.0, f64::max)
}

fn line_width(line: &str) -> f64 {
    line.chars().map(char_units).sum()
}

/// Whether `line` is no wider than `width`: [`line_width`] that stops once past it, as long
/// cells that wrap are.
fn fits(line: &str, width: f64) -> bool {
    let mut sum = 0.0;
    line.chars().all(|c| {
        sum += char_units(c);
        sum <= width
    })
}

/// One character in half-width units: 1 for half-width, 2 for full-width glyphs.
fn char_units(c: char) -> f64 {
    if c.is_ascii() && !c.is_ascii_control() {
        return 1.0; // the font's Latin is half-width: skip the glyph lookup
    }
    f64::from(fonts::bundled().advance(c) * 2.0).clamp(0.0, 2.0)
}

/// Lines a text takes in a column `width` half-width units wide: its own line breaks plus
/// the wraps, broken as kyodo breaks Japanese (kinsoku rules, as Excel does).
///
/// ```
/// use kyodo::render::xlsx::measure::line_count;
/// assert_eq!(line_count("協働の意識を高める", 10.0), 2);
/// assert_eq!(line_count("一\n二\n三", 10.0), 3);
/// assert_eq!(line_count("", 10.0), 1);
/// ```
pub fn line_count(text: &str, width: f64) -> usize {
    let width = width.max(2.0) as f32;
    text.split('\n')
        .map(|line| {
            // Most cells fit: a character is at most 2 units, and a byte of UTF-8 at most 1.
            let bound = line.len().min(2 * line.chars().count()) as f32;
            if bound <= width || fits(line, f64::from(width)) {
                1
            } else {
                count_lines(line, width, &|c| char_units(c) as f32)
            }
        })
        .sum()
}

/// Smallest size, in points, the text of a sheet printed one page wide may shrink to.
pub const MIN_PRINT_PT: f64 = 8.0;

/// How much wider LibreOffice lays a sheet out than the pixels asked for (it measures the widths
/// in its own default font): 7.9 pt instead of 8.0 printing the sample's 一覧 with 1.09, so
/// the budget keeps 1.13 in hand and the text prints at 8 pt or more in LibreOffice, and
/// larger in Excel.
const LIBREOFFICE_WIDER: f64 = 1.13;

/// Widest a table of `columns` columns may be, in half-width units, for its text
/// ([`FONT_SIZE`]) to print at [`MIN_PRINT_PT`] or more when fitted to one `paper` page wide,
/// landscape, within the margins of [`super::page::print_setup`] (0.4 inch either side: 10.89
/// inches on A4): every column's padding counts too.
///
/// ```
/// use kyodo::render::xlsx::measure::print_budget;
/// use kyodo::report::sheet::Paper;
/// assert!(print_budget(11, Paper::A4) < 170.0 && print_budget(11, Paper::A4) > 150.0);
/// assert!(print_budget(5, Paper::A4) > print_budget(11, Paper::A4));
/// assert!(print_budget(11, Paper::A3) > 1.4 * print_budget(11, Paper::A4));
/// ```
pub fn print_budget(columns: usize, paper: Paper) -> f64 {
    let across = (paper.landscape_mm() / 25.4 - 0.8) * 96.0;
    let page = across * FONT_SIZE / MIN_PRINT_PT / LIBREOFFICE_WIDER;
    ((page - CELL_PADDING_PX * columns as f64) / UNIT_PX).max(0.0)
}

/// Narrowest a column is squeezed to when the columns' minimums pass the budget: two
/// full-width characters.
const NARROWEST: f64 = 4.0;

/// `widths` within `budget` when they pass it: every column gives up the same share of its
/// width (its texts wrap more, its rows grow), none narrower than two full-width characters.
///
/// ```
/// use kyodo::render::xlsx::measure::squeeze;
/// assert_eq!(squeeze(&[40.0, 20.0], 90.0), [40.0, 20.0]);
/// assert_eq!(squeeze(&[80.0, 40.0, 4.0], 62.0), [40.0, 20.0, 4.0]);
/// ```
pub fn squeeze(widths: &[f64], budget: f64) -> Vec<f64> {
    let total: f64 = widths.iter().sum();
    if total <= budget {
        return widths.to_vec();
    }
    let keep = budget / total;
    widths.iter().map(|w| (w * keep).floor().max(NARROWEST.min(*w))).collect()
}

/// Row height in points that shows `lines` lines, within Excel's limit.
pub fn row_height(lines: usize) -> f64 {
    (lines.max(1) as f64 * LINE_PT + ROW_PADDING_PT).min(MAX_ROW_HEIGHT)
}

/// Column width in pixels for `units` half-width units of text.
pub(crate) fn column_px(units: f64) -> u32 {
    (units * UNIT_PX + CELL_PADDING_PX).round() as u32
}

/// Column widths: each column's widest text (header included) within its bounds; when the
/// total passes `budget`, every column gives up the same share of its width above its minimum.
pub(crate) fn fit_widths<'c, R: AsRef<[SheetCell<'c>]> + Sync>(
    columns: &[ColumnSpec],
    rows: &'c [R],
    budget: f64,
    measures: &Measures,
) -> Vec<f64> {
    // Measured on every core, each part of the rows on its own, then the widest of the parts
    // per column: a maximum is the same in any order, so the widths are too.
    let titles: Vec<f64> = columns.iter().map(|c| text_width(&c.title)).collect();
    let (natural, runs) = rows
        .par_iter()
        .fold(
            || (titles.clone(), vec![0.0; columns.len()]),
            |(mut natural, mut runs), row| {
                measure_row(row.as_ref(), columns, &mut natural, &mut runs, measures);
                (natural, runs)
            },
        )
        .reduce(|| (titles.clone(), vec![0.0; columns.len()]), |a, b| (widest(a.0, &b.0), widest(a.1, &b.1)));
    let mins: Vec<f64> = columns.iter().zip(&runs).map(|(c, r)| c.min.max((r + 1.0).min(c.max))).collect();
    let widths: Vec<f64> = columns
        .iter()
        .zip(&natural)
        .zip(&mins)
        .map(|((c, n), m)| (n + 1.0).clamp(*m, c.max.max(*m)))
        .collect();
    let total: f64 = widths.iter().sum();
    let floor: f64 = mins.iter().sum();
    if total <= budget {
        return widths;
    }
    if floor >= budget {
        // Even the minimums are too wide to print legibly: they give way (texts wrap more).
        return squeeze(&mins, budget);
    }
    let keep = ((budget - floor) / (total - floor)).max(0.0);
    widths.iter().zip(&mins).map(|(w, m)| (m + (w - m) * keep).floor().max(*m)).collect()
}

/// What the texts of one workbook measure for its column widths, shared by all its sheets:
/// 一覧 and the department sheets show the same model texts (an item of three departments is
/// on four sheets), and the longest run of a text that must not be broken does not depend on
/// the sheet. (Line counts depend on the column width, which differs from sheet to sheet:
/// they are kept per sheet, where 施策, 目標 and 関係部署 come again row after row.)
///
/// Texts are keyed by where they are held (hashing whole texts cost a tenth of the workbook),
/// so a cache must not outlive the texts it measured: one per workbook written. An equal text
/// held elsewhere is only measured again.
#[derive(Default)]
pub(crate) struct Measures {
    /// The longest unbreakable run of a text ([`unbreakable`]), by text and whether it is names.
    runs: Cache<(usize, usize, bool), f64>,
}

impl Measures {
    /// The widest run of `text` that must not be broken ([`unbreakable`]).
    fn run(&self, text: &str, names: bool) -> f64 {
        self.runs.get_or((text.as_ptr() as usize, text.len(), names), || unbreakable(text, names))
    }
}

/// Shards of the cache: the threads measuring a workbook seldom wait on one another.
const SHARDS: usize = 16;

/// A map shared by the threads measuring, in shards by the text's address. A value is computed
/// outside the lock: two threads meeting the same new text both compute it, and get the same.
struct Cache<K, V>([Mutex<HashMap<K, V>>; SHARDS]);

impl<K, V> Default for Cache<K, V> {
    fn default() -> Self {
        Cache(std::array::from_fn(|_| Mutex::new(HashMap::new())))
    }
}

impl<X: Hash + Eq + Copy, V: Copy> Cache<(usize, usize, X), V> {
    /// The value of `key` (a text's address and length, and what else it depends on), from
    /// `compute` the first time.
    fn get_or(&self, key: (usize, usize, X), compute: impl FnOnce() -> V) -> V {
        let shard = &self.0[(key.0 / 8 + key.1) % SHARDS];
        // A poisoned shard only means another thread panicked; its values are still right.
        if let Some(value) = shard.lock().unwrap_or_else(PoisonError::into_inner).get(&key) {
            return *value;
        }
        let value = compute();
        shard.lock().unwrap_or_else(PoisonError::into_inner).insert(key, value);
        value
    }
}

/// Widens `natural` (widest text) and `runs` (longest unbreakable run) of each column to the
/// cells of `row`. A column at its maximum needs no more measuring: any wider text gives it
/// the same width.
fn measure_row(
    row: &[SheetCell],
    columns: &[ColumnSpec],
    natural: &mut [f64],
    runs: &mut [f64],
    measures: &Measures,
) {
    for (i, (cell, column)) in row.iter().zip(columns).enumerate() {
        match cell.value {
            Value::Text(ref text) => {
                if runs[i] + 1.0 < column.max {
                    runs[i] = runs[i].max(measures.run(text, column.names));
                }
                if natural[i] + 1.0 < column.max {
                    natural[i] = natural[i].max(text_width(text));
                }
            }
            Value::Number(n) if natural[i] + 1.0 < column.max => {
                natural[i] = natural[i].max(n.to_string().len() as f64);
            }
            _ => {}
        }
    }
}
/// The larger of each pair.
fn widest(mut a: Vec<f64>, b: &[f64]) -> Vec<f64> {
    for (x, y) in a.iter_mut().zip(b) {
        *x = x.max(*y);
    }
    a
}

/// The widest run of a cell that must not be broken, in half-width units: a whole line when
/// it is a name (`names`) or a short word (six characters at most), else the longest run
/// between two places where a line may break.
fn unbreakable(text: &str, names: bool) -> f64 {
    text.split('\n')
        .map(|line| {
            if names || line.chars().count() <= 6 {
                line_width(line)
            } else {
                f64::from(longest_run(line, &|c| char_units(c) as f32, &|_, _| 0.0))
            }
        })
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sheet::StyleId;

    #[test]
    fn no_column_is_narrower_than_its_longest_unbreakable_run() {
        let f = StyleId(0);
        let cols = [
            ColumnSpec::new("関係部署", 10.0, 20.0).names(),
            ColumnSpec::new("評価", 4.0, 12.0),
            ColumnSpec::new("内容", 10.0, 60.0),
        ];
        let long = "市民の声を受け止め、市政に反映する仕組みづくりに努めます。".repeat(3);
        let rows = vec![vec![
            SheetCell::text("地域再生推進本部", f),
            SheetCell::text("（未記入）", f),
            SheetCell::text(long.as_str(), f),
        ]];
        // A budget too small for every natural width: 内容 gives way, the name and the
        // short word keep their width (16 + 1 and 10 + 1 half-width units).
        let widths = fit_widths(&cols, &rows, 40.0, &Measures::default());
        assert_eq!(widths[0], 17.0, "{widths:?}");
        assert_eq!(widths[1], 11.0, "{widths:?}");
        assert!(widths[2] < 60.0);
        // A long name beyond the column's maximum breaks: the maximum holds.
        let rows = vec![vec![
            SheetCell::text("市民協働・地域づくり推進課地域振興係", f),
            SheetCell::blank(f),
            SheetCell::blank(f),
        ]];
        assert_eq!(fit_widths(&cols, &rows, 40.0, &Measures::default())[0], 20.0);
    }

    #[test]
    fn widths_fit_contents_within_bounds_and_budget() {
        let f = StyleId(0);
        let cols = [
            ColumnSpec::new("No", 4.0, 8.0),
            ColumnSpec::new("内容", 10.0, 40.0),
            ColumnSpec::new("実績", 10.0, 40.0),
        ];
        let long = "あ".repeat(50);
        let rows = vec![vec![
            SheetCell::text("1-1", f),
            SheetCell::text(long.as_str(), f),
            SheetCell::text("短い", f),
        ]];
        assert_eq!(fit_widths(&cols, &rows, 200.0, &Measures::default()), [4.0, 40.0, 10.0]);
        let squeezed = fit_widths(&cols, &rows, 40.0, &Measures::default());
        assert!(squeezed.iter().sum::<f64>() <= 40.0, "{squeezed:?}");
        assert!(squeezed[1] >= 10.0);
    }

    #[test]
    fn rows_show_every_line() {
        assert_eq!(line_count("協働(共働)に関する条例の周知に取り組みます。", 20.0), 3);
        assert!(row_height(3) > row_height(2));
        assert_eq!(row_height(10_000), MAX_ROW_HEIGHT);
    }
}
