//! What every workbook kyodo writes has in common: the XLSX report ([`super::xlsx`]) and the
//! department templates ([`crate::template`]) both go through here.
//!
//! - Measuring: text is measured in half-width units (a full-width character is 2) with the
//!   advances of the bundled BIZ UDゴシック ([`fonts::bundled`]), the face the cells are set in
//!   whatever font the PDF uses. Its full-width glyphs are exactly twice its half-width ones, so
//!   a width computed here is the width Excel shows. rust_xlsxwriter's `autofit()` counts
//!   every CJK character as one narrow glyph.
//! - Tables: [`write_table`] writes a header row and rows of cells, sizes every column between
//!   its bounds to fit its contents (shrinking the widest to a page budget), wraps long text
//!   and makes every row tall enough for every line of its cells: wrapped lines are counted
//!   with kyodo's own line breaker at the chosen width, Alt+Enter breaks included.
//! - Excel's limits: a cell holds at most 32,767 characters, so a longer text goes on in the
//!   rows below (marked 「※続き」, which kyodo's import reads as a note); sheet and file names are
//!   made legal and unique by [`unique_name`].
//! - Print setup ([`print_setup`]) and document properties ([`properties`]), dated from the
//!   report, never from the clock, so the same input gives the same bytes.

use crate::config::Column as Field;
use crate::fonts;
use crate::layout::frame::Color;
use crate::layout::linebreak::{break_lines, longest_run};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, IgnoreError, Workbook, Worksheet,
    XlsxError,
};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// The face of every cell: the one the PDF embeds, installed with Windows 10 and later.
pub const FONT: &str = "BIZ UDゴシック";
/// Body text size in points.
pub const FONT_SIZE: f64 = 10.0;
/// Excel's limit on the length of a cell, in UTF-16 code units.
pub const MAX_CELL: usize = 32_767;
/// Excel's tallest row, in points.
pub const MAX_ROW_HEIGHT: f64 = 409.0;
/// The first cell of a row continuing the text of the row above. It starts with ※ so that
/// kyodo's import takes the row for a note, not an item.
pub const CONTINUED: &str = "※続き";

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
/// use kyodo::render::sheet::text_width;
/// assert_eq!(text_width("協働 2024"), 9.0);
/// assert_eq!(text_width("一行目\n二行目は長い"), 12.0);
/// ```
pub fn text_width(text: &str) -> f64 {
    text.split('\n').map(line_width).fold(0.0, f64::max)
}

fn line_width(line: &str) -> f64 {
    line.chars().map(char_units).sum()
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
/// use kyodo::render::sheet::line_count;
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
            if bound <= width || line_width(line) <= f64::from(width) {
                1
            } else {
                break_lines(line, width, &|c| char_units(c) as f32).len().max(1)
            }
        })
        .sum()
}

/// Row height in points that shows `lines` lines, within Excel's limit.
pub fn row_height(lines: usize) -> f64 {
    (lines.max(1) as f64 * LINE_PT + ROW_PADDING_PT).min(MAX_ROW_HEIGHT)
}

/// Column width in pixels for `units` half-width units of text.
fn column_px(units: f64) -> u32 {
    (units * UNIT_PX + CELL_PADDING_PX).round() as u32
}

/// Parts of a text no longer than Excel's cell limit, cut after a line break where one falls in
/// the last tenth of a part, else between characters. Nothing is dropped: the parts joined
/// give the text back.
///
/// ```
/// use kyodo::render::sheet::{split_cell, MAX_CELL};
/// let long = "あ".repeat(MAX_CELL + 10);
/// let parts = split_cell(&long);
/// assert_eq!(parts.len(), 2);
/// assert_eq!(parts.concat(), long);
/// assert_eq!(split_cell("短い"), ["短い"]);
/// ```
pub fn split_cell(text: &str) -> Vec<&str> {
    if text.len() <= MAX_CELL {
        return vec![text]; // no more UTF-16 units than UTF-8 bytes
    }
    let mut parts = Vec::new();
    let mut rest = text;
    while utf16_len(rest) > MAX_CELL {
        let mut end = 0;
        let mut units = 0;
        let mut last_break = None;
        for (i, c) in rest.char_indices() {
            units += c.len_utf16();
            if units > MAX_CELL {
                break;
            }
            end = i + c.len_utf8();
            if c == '\n' && units > MAX_CELL - MAX_CELL / 10 {
                last_break = Some(end);
            }
        }
        let cut = last_break.unwrap_or(end);
        parts.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    parts.push(rest);
    parts
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// A column of a table: its header and the width it may take, in half-width units.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    pub min: f64,
    pub max: f64,
    /// Every line of its cells is a name (関係部署, 主体): kept whole where the column may be
    /// that wide.
    pub names: bool,
}

impl Column {
    pub fn new(title: &str, min: f64, max: f64) -> Column {
        Column { title: title.to_string(), min, max, names: false }
    }

    /// The same column holding names, one a line.
    pub fn names(self) -> Column {
        Column { names: true, ..self }
    }
}

/// The header of a column kyodo knows (its Japanese name) and the width it may take: room for
/// a short No, a few words of 施策, sentences of 内容 and 実績.
pub fn field_column(field: Field) -> Column {
    let (min, max) = match field {
        Field::No => (4.0, 8.0),
        Field::Section => (10.0, 22.0),
        Field::Goal | Field::Name => (14.0, 28.0),
        Field::Mark => (5.0, 6.0),
        Field::Content => (22.0, 48.0),
        Field::Actors => (10.0, 16.0),
        Field::Departments => (10.0, 20.0),
        Field::Grade => (6.0, 12.0),
        Field::Status => (16.0, 30.0),
        Field::Results => (24.0, 52.0),
        Field::Issues => (14.0, 34.0),
        // Never narrower than its header: 今後の方向 / 性 reads badly.
        Field::NextSteps => (13.0, 16.0),
        Field::Comment | Field::Opinion => (20.0, 44.0),
        Field::Indicator => (16.0, 30.0),
        Field::Unit | Field::TargetYear => (6.0, 10.0),
        Field::Baseline | Field::Target | Field::Actual => (8.0, 12.0),
    };
    let column = Column::new(field.label(), min, max);
    if matches!(field, Field::Departments | Field::Actors) {
        column.names()
    } else {
        column
    }
}

/// What a cell holds.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    /// Written with `write_string`: a text starting with = + - @ stays text.
    Text(Cow<'a, str>),
    Number(f64),
    /// Nothing written, but the cell keeps its format (borders, unlocked).
    Blank,
}

impl Value<'_> {
    fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

/// One cell of a table row.
#[derive(Debug, Clone)]
pub struct Cell<'a> {
    pub value: Value<'a>,
    pub format: &'a Format,
}

impl<'a> Cell<'a> {
    /// A text cell; an empty text is a blank cell.
    pub fn text(text: impl Into<Cow<'a, str>>, format: &'a Format) -> Cell<'a> {
        let text = text.into();
        let value = if text.is_empty() { Value::Blank } else { Value::Text(text) };
        Cell { value, format }
    }

    pub fn number(n: f64, format: &'a Format) -> Cell<'a> {
        Cell { value: Value::Number(n), format }
    }

    pub fn blank(format: &'a Format) -> Cell<'a> {
        Cell { value: Value::Blank, format }
    }
}

/// How a table is laid out.
pub struct TableStyle<'a> {
    pub header: &'a Format,
    /// Total width the columns should not exceed (half-width units), so that a page-wide
    /// print stays legible; columns shrink towards their minimum to fit.
    pub budget: f64,
    /// Lines every data row shows at least (room to write in).
    pub min_lines: usize,
}

/// A cell whose text was longer than Excel allows and goes on in the rows below.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// Which of the rows given it was.
    pub index: usize,
    /// Zero-based row and column of the first part.
    pub row: u32,
    pub col: u16,
    /// How many rows the text takes.
    pub parts: usize,
    /// Its length in characters.
    pub chars: usize,
}

/// Where a table was written.
#[derive(Debug, Clone)]
pub struct Written {
    pub header_row: u32,
    /// The last row written (the header row when there are no rows).
    pub last_row: u32,
    /// Widths chosen, in half-width units.
    pub widths: Vec<f64>,
    pub splits: Vec<Split>,
}

/// Writes a header row at `top` and the rows below it; sizes the columns and rows. Rows are
/// as long as `columns`.
pub fn write_table<'t>(
    ws: &mut Worksheet,
    top: u32,
    columns: &[Column],
    rows: &'t [Vec<Cell<'t>>],
    style: &TableStyle,
) -> Result<Written, String> {
    let widths = fit_widths(columns, rows, style.budget);
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width_pixels(c as u16, column_px(*w)).map_err(xlsx)?;
    }
    let header_lines = columns.iter().zip(&widths).map(|(col, w)| line_count(&col.title, *w)).max();
    for (c, col) in columns.iter().enumerate() {
        ws.write_string_with_format(top, c as u16, &col.title, style.header).map_err(xlsx)?;
    }
    ws.set_row_height(top, row_height(header_lines.unwrap_or(1))).map_err(xlsx)?;
    let mut writer =
        RowWriter { widths: &widths, min_lines: style.min_lines, splits: Vec::new(), lines: HashMap::new() };
    let mut next = top + 1;
    for (index, row) in rows.iter().enumerate() {
        next = writer.write(ws, next, index, row)?;
    }
    let splits = writer.splits;
    let last_row = next - 1;
    if !columns.is_empty() && last_row > top {
        let last_col = columns.len() as u16 - 1;
        // No is text ("1-1", "12"): Excel's green "number stored as text" marks are noise.
        ws.ignore_error_range(top + 1, 0, last_row, last_col, IgnoreError::NumberStoredAsText)
            .map_err(xlsx)?;
    }
    Ok(Written { header_row: top, last_row, widths, splits })
}

/// Writes the rows of a table and sizes them.
struct RowWriter<'t> {
    widths: &'t [f64],
    min_lines: usize,
    splits: Vec<Split>,
    /// Line counts of texts already seen in a column: 施策, 目標 and 関係部署 come again on
    /// row after row, and breaking them again is most of the work.
    lines: HashMap<(usize, &'t str), usize>,
}

impl<'t> RowWriter<'t> {
    /// Writes row `index` at sheet row `r` (and its continuation rows); returns the next free
    /// row.
    fn write(
        &mut self,
        ws: &mut Worksheet,
        r: u32,
        index: usize,
        row: &'t [Cell<'t>],
    ) -> Result<u32, String> {
        let parts: Vec<Vec<&str>> = row.iter().map(|cell| split_cell(cell.value.text())).collect();
        let rows = parts.iter().map(Vec::len).max().unwrap_or(1);
        for (c, p) in parts.iter().enumerate().filter(|(_, p)| p.len() > 1) {
            let chars = row[c].value.text().chars().count();
            self.splits.push(Split { index, row: r, col: c as u16, parts: p.len(), chars });
        }
        for k in 0..rows {
            let at = r + k as u32;
            let mut lines = self.min_lines;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match (&cell.value, parts[c].get(k).copied()) {
                    (Value::Number(n), _) if k == 0 => {
                        ws.write_number_with_format(at, col, *n, cell.format).map_err(xlsx)?;
                    }
                    (Value::Text(_), Some(text)) if !text.is_empty() => {
                        ws.write_string_with_format(at, col, text, cell.format).map_err(xlsx)?;
                        lines = lines.max(self.lines(c, text));
                    }
                    _ if c == 0 && k > 0 => {
                        ws.write_string_with_format(at, col, CONTINUED, cell.format).map_err(xlsx)?;
                    }
                    _ => {
                        // A continuation row is formatted like its first cell: nobody writes in it.
                        let format = if k > 0 { row[0].format } else { cell.format };
                        ws.write_blank(at, col, format).map_err(xlsx)?;
                    }
                }
            }
            ws.set_row_height(at, row_height(lines)).map_err(xlsx)?;
        }
        Ok(r + rows as u32)
    }

    /// Lines of `text` in column `col`.
    fn lines(&mut self, col: usize, text: &'t str) -> usize {
        let width = self.widths[col];
        if !text.contains('\n') && text.len() as f64 <= width {
            return 1; // no wider than its bytes: no need to look it up
        }
        *self.lines.entry((col, text)).or_insert_with(|| line_count(text, width))
    }
}

/// Column widths: each column's widest text (header included) within its bounds; when the
/// total passes `budget`, every column gives up the same share of its width above its minimum.
fn fit_widths(columns: &[Column], rows: &[Vec<Cell>], budget: f64) -> Vec<f64> {
    let mut natural: Vec<f64> = columns.iter().map(|c| text_width(&c.title)).collect();
    // As in the PDF's tables: no column narrower than its longest unbreakable run (a name, a
    // short word like 未提出, a number with its counter), within the column's maximum.
    let mut runs: Vec<f64> = vec![0.0; columns.len()];
    let mut seen: HashMap<(usize, &str), f64> = HashMap::new();
    for row in rows {
        for (i, (cell, column)) in row.iter().zip(columns).enumerate() {
            if let Value::Text(ref text) = cell.value {
                if runs[i] + 1.0 < column.max {
                    let run = *seen.entry((i, text)).or_insert_with(|| unbreakable(text, column.names));
                    runs[i] = runs[i].max(run);
                }
            }
        }
    }
    for row in rows {
        for ((w, cell), column) in natural.iter_mut().zip(row).zip(columns) {
            // Once a column is at its widest, the rest need no measuring.
            if *w + 1.0 >= column.max {
                continue;
            }
            *w = match cell.value {
                Value::Text(ref text) => w.max(text_width(text)),
                Value::Number(n) => w.max(n.to_string().len() as f64),
                Value::Blank => *w,
            };
        }
    }
    let mins: Vec<f64> = columns.iter().zip(&runs).map(|(c, r)| c.min.max((r + 1.0).min(c.max))).collect();
    let widths: Vec<f64> = columns
        .iter()
        .zip(&natural)
        .zip(&mins)
        .map(|((c, n), m)| (n + 1.0).clamp(*m, c.max.max(*m)))
        .collect();
    let total: f64 = widths.iter().sum();
    let floor: f64 = mins.iter().sum();
    if total <= budget || total <= floor {
        return widths;
    }
    let keep = ((budget - floor) / (total - floor)).max(0.0);
    widths.iter().zip(&mins).map(|(w, m)| (m + (w - m) * keep).floor().max(*m)).collect()
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

/// `work` done on every job, spread over the machine's cores (sheets are written
/// independently); the results in the order of the jobs, so the workbook is the same however
/// the work was shared.
pub fn in_parallel<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, jobs.len().max(1));
    let mut results: Vec<Option<R>> = jobs.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    jobs.iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, job)| (i, work(job)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            let done = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, result) in done {
                results[i] = Some(result);
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// The base format: the bundled face at body size.
pub fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(FONT_SIZE).set_font_charset(128)
}

/// A table body cell: wrapped, top-aligned, thin grey borders.
pub fn body() -> Format {
    base()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(rgb(Color::RULE))
}

/// A header cell: bold on the report's header fill, centred, wrapped.
pub fn header() -> Format {
    body()
        .set_bold()
        .set_background_color(rgb(Color::HEADER_FILL))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
}

/// A sheet title.
pub fn title() -> Format {
    base().set_bold().set_font_size(14).set_font_color(rgb(Color::ACCENT))
}

/// A colour of the layout as Excel's.
pub fn rgb(c: Color) -> rust_xlsxwriter::Color {
    rust_xlsxwriter::Color::RGB((u32::from(c.0) << 16) | (u32::from(c.1) << 8) | u32::from(c.2))
}

/// What goes in the running header of a printed sheet.
pub struct Print<'a> {
    /// Left: the document's title.
    pub title: &'a str,
    /// Right: what this sheet is (a department, 一覧, …).
    pub label: &'a str,
    /// The header row, printed again at the top of every page.
    pub repeat: Option<u32>,
}

/// A4 landscape, one page wide, header row repeated, title and sheet in the running header,
/// 「- n -」 in the footer.
pub fn print_setup(ws: &mut Worksheet, print: &Print) -> Result<(), String> {
    const A4: u8 = 9;
    ws.set_paper_size(A4).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.7, 0.6, 0.3, 0.3);
    if let Some(row) = print.repeat {
        ws.set_repeat_rows(row, row).map_err(xlsx)?;
    }
    let font = format!("&\"{FONT},標準\"&9");
    let (title, label) = (header_text(print.title, 120), header_text(print.label, 60));
    ws.set_header(format!("&L{font}{title}&R{font}{label}"));
    ws.set_footer(format!("&C{font}- &P -"));
    Ok(())
}

/// Text for a running header: & doubled (Excel reads & as a code), cut to `max` characters to
/// stay within Excel's 255.
fn header_text(text: &str, max: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let cut: String =
        if flat.chars().count() > max { flat.chars().take(max - 1).chain(['…']).collect() } else { flat };
    cut.replace('&', "&&")
}

/// Document properties dated `issued` (midnight UTC), never the clock.
pub fn properties(
    title: &str,
    subject: &str,
    city: &str,
    issued: (i32, u32, u32),
) -> Result<DocProperties, String> {
    let (y, m, d) = issued;
    let year = u16::try_from(y).map_err(|_| format!("発行日の年 {y} を Excel の日付にできません"))?;
    let date = ExcelDateTime::from_ymd(year, m as u8, d as u8).map_err(xlsx)?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_subject(subject)
        .set_author(city)
        .set_company(city)
        .set_keywords("市民協働, アクションプラン, 進捗状況")
        .set_comment(format!("kyodo {} で作成", env!("CARGO_PKG_VERSION")))
        .set_creation_datetime(&date))
}

/// The workbook's bytes.
pub fn save(book: &mut Workbook) -> Result<Vec<u8>, String> {
    // Deflate at level 1: a 10,000-item workbook saves a tenth faster for a file twice the
    // size (3 MB instead of 1.6 MB); a plan's usual hundred items make a few dozen KB either way.
    book.set_zip_compression_level(1);
    book.save_to_buffer().map_err(xlsx)
}

/// rust_xlsxwriter's errors in words for the office.
pub fn xlsx(e: XlsxError) -> String {
    format!("Excel ファイルを作れませんでした（{e}）")
}

/// A name no longer than `max` UTF-16 units, unique among `taken` (compared without case):
/// cut to fit, then 「(2)」, 「(3)」… added to a name already taken. The name is recorded.
///
/// ```
/// use std::collections::{HashMap, HashSet};
/// use kyodo::render::sheet::unique_name;
/// let mut taken = HashSet::new();
/// assert_eq!(unique_name("総務課", 31, &mut taken), "総務課");
/// assert_eq!(unique_name("総務課", 31, &mut taken), "総務課(2)");
/// assert_eq!(unique_name("あいうえお", 4, &mut taken), "あいうえ");
/// ```
pub fn unique_name(name: &str, max: usize, taken: &mut HashSet<String>) -> String {
    let fit = |text: &str, room: usize| -> String {
        let mut used = 0;
        text.chars()
            .take_while(|c| {
                used += c.len_utf16();
                used <= room
            })
            .collect()
    };
    let mut candidate = fit(name, max);
    let mut n = 1;
    while !taken.insert(candidate.to_lowercase()) {
        n += 1;
        let suffix = format!("({n})");
        candidate = fit(name, max.saturating_sub(suffix.len())) + &suffix;
    }
    candidate
}

/// What a kind of name may not hold (sheet names, file names).
pub struct NameRules {
    /// ASCII characters written in their full-width form instead (: → ：).
    pub forbidden: &'static [char],
    /// Characters dropped from the start and from the end.
    pub trim_start: fn(char) -> bool,
    pub trim_end: fn(char) -> bool,
    /// Names that are taken by the system: they get a `_`.
    pub reserved: fn(&str) -> bool,
    /// Longest name, in UTF-16 units.
    pub max: usize,
}

/// Excel's rules for worksheet names: no `[ ] : * ? / \`, no apostrophe at either end, not
/// 「History」, at most 31 characters.
pub const SHEET_NAME: NameRules = NameRules {
    forbidden: &['[', ']', ':', '*', '?', '/', '\\'],
    trim_start: |c| c.is_whitespace() || c == '\'',
    trim_end: |c| c.is_whitespace() || c == '\'',
    reserved: |name| name.eq_ignore_ascii_case("history"),
    max: 31,
};

/// `name` made legal under `rules` and unique among `taken` (compared without case): the
/// forbidden characters become full-width, control characters go, the ends are trimmed, an
/// empty name becomes 「部署」, a reserved one gets `_`; then it is cut and numbered by
/// [`unique_name`].
///
/// ```
/// use std::collections::{HashMap, HashSet};
/// use kyodo::render::sheet::{legal_name, SHEET_NAME};
/// let mut taken = HashSet::new();
/// assert_eq!(legal_name("企画:財政[課]", &SHEET_NAME, &mut taken), "企画：財政［課］");
/// assert_eq!(legal_name("'総務課'", &SHEET_NAME, &mut taken), "総務課");
/// assert_eq!(legal_name("", &SHEET_NAME, &mut taken), "部署");
/// assert_eq!(legal_name("History", &SHEET_NAME, &mut taken), "History_");
/// ```
pub fn legal_name(name: &str, rules: &NameRules, taken: &mut HashSet<String>) -> String {
    let full_width = |c: char| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c);
    let mapped: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if rules.forbidden.contains(&c) { full_width(c) } else { c })
        .collect();
    let mut legal = mapped.trim_start_matches(rules.trim_start).trim_end_matches(rules.trim_end).to_string();
    if legal.is_empty() {
        legal = "部署".into();
    }
    if (rules.reserved)(&legal) {
        legal.push('_');
    }
    unique_name(&legal, rules.max, taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_column_is_narrower_than_its_longest_unbreakable_run() {
        let f = Format::new();
        let cols = [
            Column::new("関係部署", 10.0, 20.0).names(),
            Column::new("評価", 4.0, 12.0),
            Column::new("内容", 10.0, 60.0),
        ];
        let long = "市民の声を受け止め、市政に反映する仕組みづくりに努めます。".repeat(3);
        let rows = vec![vec![
            Cell::text("地域再生推進本部", &f),
            Cell::text("（未記入）", &f),
            Cell::text(long.as_str(), &f),
        ]];
        // A budget too small for every natural width: 内容 gives way, the name and the
        // short word keep their width (16 + 1 and 10 + 1 half-width units).
        let widths = fit_widths(&cols, &rows, 40.0);
        assert_eq!(widths[0], 17.0, "{widths:?}");
        assert_eq!(widths[1], 11.0, "{widths:?}");
        assert!(widths[2] < 60.0);
        // A long name beyond the column's maximum breaks: the maximum holds.
        let rows = vec![vec![
            Cell::text("市民協働・地域づくり推進課地域振興係", &f),
            Cell::blank(&f),
            Cell::blank(&f),
        ]];
        assert_eq!(fit_widths(&cols, &rows, 40.0)[0], 20.0);
    }

    #[test]
    fn widths_fit_contents_within_bounds_and_budget() {
        let f = Format::new();
        let cols =
            [Column::new("No", 4.0, 8.0), Column::new("内容", 10.0, 40.0), Column::new("実績", 10.0, 40.0)];
        let long = "あ".repeat(50);
        let rows = vec![vec![Cell::text("1-1", &f), Cell::text(long.as_str(), &f), Cell::text("短い", &f)]];
        assert_eq!(fit_widths(&cols, &rows, 200.0), [4.0, 40.0, 10.0]);
        let squeezed = fit_widths(&cols, &rows, 40.0);
        assert!(squeezed.iter().sum::<f64>() <= 40.0, "{squeezed:?}");
        assert!(squeezed[1] >= 10.0);
    }

    #[test]
    fn long_text_splits_at_a_line_break() {
        let line = format!("{}\n", "い".repeat(99));
        let text = line.repeat(400); // 40,000 characters
        let parts = split_cell(&text);
        assert_eq!(parts.concat(), text);
        assert!(parts.iter().all(|p| utf16_len(p) <= MAX_CELL));
        assert!(parts[0].ends_with('\n'), "cut after a line");
        let astral = "𠮷".repeat(MAX_CELL);
        assert!(split_cell(&astral).iter().all(|p| utf16_len(p) <= MAX_CELL && !p.is_empty()));
    }

    #[test]
    fn rows_show_every_line() {
        assert_eq!(line_count("協働(共働)に関する条例の周知に取り組みます。", 20.0), 3);
        assert!(row_height(3) > row_height(2));
        assert_eq!(row_height(10_000), MAX_ROW_HEIGHT);
    }

    #[test]
    fn header_text_escapes_ampersands() {
        assert_eq!(header_text("A&B", 10), "A&&B");
        assert_eq!(header_text("あいうえお", 3), "あい…");
    }
}
