//! One sheet of the model written out: the lines above the table, the table, its notes, fills
//! and drop-down lists, the frozen header, filter, chart, protection and print setup.

use super::table::{self, Measured, Rows, Written};
use super::{chart, format, page};
use crate::render::RenderError;
use crate::report::sheet::{Fill, Notes, Paper, Sheet, Validation};
use rust_xlsxwriter::{
    ConditionalFormatCell, ConditionalFormatCellRule, DataValidation, DataValidationErrorStyle, Format,
    ProtectionOptions, Worksheet,
};

/// Writes `sheet`, its table `measured` before, on `ws` named `name`: the rows from the top
/// down (the lines above the table, notes above it, the table, notes below it), then what
/// covers ranges.
pub fn write(
    ws: &mut Worksheet,
    sheet: &Sheet,
    name: &str,
    measured: &Measured,
    formats: &[Format],
    (low_memory, paper): (bool, Paper),
) -> Result<(), RenderError> {
    ws.set_name(name)?;
    let written = &measured.written;
    let mut rows = Rows::new(ws);
    for line in &sheet.lines {
        rows.string(line.row, 0, &line.text, &formats[line.style.0])?;
        if let Some(height) = line.height {
            rows.height(line.row, height)?;
        }
    }
    // How far down the sheet the rows reach, in points, for the charts below them.
    let mut tall: f64 = sheet.lines.iter().map(|l| l.height.unwrap_or(DEFAULT_ROW_PT)).sum();
    let above = sheet.notes.as_ref().filter(|n| n.above);
    if let Some(notes) = above {
        tall += write_notes(&mut rows, notes, written, formats)?.1;
    }
    table::write_table(&mut rows, &sheet.table, measured, formats)?;
    tall += measured.height_pt();
    let below = match &sheet.notes {
        Some(notes) if !notes.above => {
            let (below, notes_pt) = write_notes(&mut rows, notes, written, formats)?;
            tall += notes_pt + DEFAULT_ROW_PT;
            below
        }
        _ => written.last_row + 1,
    };
    if low_memory {
        // The last row written row by row must have no height of its own, or rust_xlsxwriter
        // writes it twice (see `IN_MEMORY_ROWS`): an empty cell of no format below the rest.
        rows.blank(below, 0, &Format::new())?;
    }
    let ws = rows.sheet();
    for fill in &sheet.fills {
        write_fill(ws, fill, written)?;
    }
    for validation in &sheet.validations {
        write_validation(ws, validation, written)?;
    }
    let header = written.header_row;
    if sheet.freeze {
        ws.set_freeze_panes(header + 1, 0)?;
    }
    if sheet.filter {
        let last_col = sheet.table.columns.len().saturating_sub(1) as u16;
        ws.autofilter(header, 0, written.last_row, last_col)?;
    }
    let mut y = 0;
    // The rows above the charts, in pixels (96 dpi).
    let mut page = ChartPage { used: ((tall + DEFAULT_ROW_PT) * 96.0 / 72.0) as u32, breaks: Vec::new() };
    if let Some(c) = &sheet.chart {
        let drawn = chart::chart(c, name, written);
        ws.insert_chart(below + 1, 0, &drawn)?;
        y = chart::height(c, c.rows.unwrap_or(sheet.table.rows.len())) + 20;
        // A chart that would run over the page below the table starts the next page whole.
        page.fit(y, below + 1);
    }
    // Small multiples two abreast, each row of them as tall as its taller chart; a row that
    // would run over the printed page starts the next one, so no chart is cut in two.
    for pair in sheet.small_multiples.chunks(2) {
        let tall = pair.iter().map(|c| chart::height(c, c.rows.unwrap_or(1))).max().unwrap_or(0) + 20;
        page.fit(tall, below + 1 + y / DEFAULT_ROW_PX);
        let mut x = 0;
        for c in pair {
            ws.insert_chart_with_offset(below + 1, 0, &chart::chart(c, name, written), x, y)?;
            x += c.width.unwrap_or(480) + 20;
        }
        y += tall;
    }
    if !page.breaks.is_empty() {
        ws.set_page_breaks(&page.breaks)?;
    }
    if sheet.protect {
        let options =
            ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::new() };
        ws.protect_with_options(&options);
    }
    page::print_setup(ws, &sheet.print, header, paper)?;
    Ok(())
}

/// Height in pixels of a row left at Excel's default (15 points), as charts are placed over them.
const DEFAULT_ROW_PX: u32 = 20;
/// Excel's default row height, in points.
const DEFAULT_ROW_PT: f64 = 15.0;

/// Pixels of sheet an A4 landscape page prints at full size, within the margins of
/// [`page::print_setup`] (0.7 and 0.6 inch) and below a repeated header row; fitting to the
/// width only ever shrinks, which leaves more room.
const PAGE_PX: u32 = 600;

/// How far down the printed page the charts have come, and the page breaks put before them.
struct ChartPage {
    used: u32,
    breaks: Vec<u32>,
}

impl ChartPage {
    /// Makes room for `tall` pixels of charts starting on `row`: a page break above it when they
    /// would run over the page (and the page holds anything yet).
    fn fit(&mut self, tall: u32, row: u32) {
        if self.used > 0 && self.used + tall > PAGE_PX {
            self.breaks.push(row);
            self.used = 0;
        }
        self.used += tall;
    }
}

/// Notes merged across the table's width, each row as tall as its lines at the table's width;
/// gives the first row below them (below the table when they stand above it) and the points
/// they take.
fn write_notes(
    rows: &mut Rows,
    notes: &Notes,
    written: &Written,
    formats: &[Format],
) -> Result<(u32, f64), RenderError> {
    let first = if notes.above { written.header_row - 1 } else { written.last_row + 2 };
    let last_col = written.widths.len().saturating_sub(1) as u16;
    let units: f64 = written.widths.iter().sum();
    let mut tall = 0.0;
    for (i, note) in notes.lines.iter().enumerate() {
        let r = first + i as u32;
        rows.merged(r, (0, last_col), note, &formats[notes.style.0])?;
        let height = super::measure::row_height(super::measure::line_count(note, units));
        rows.height(r, height)?;
        tall += height;
    }
    let next = if notes.above { written.last_row + 1 } else { first + notes.lines.len() as u32 };
    Ok((next, tall))
}

/// A conditional format per value of the fill on its column's rows.
fn write_fill(ws: &mut Worksheet, fill: &Fill, written: &Written) -> Result<(), RenderError> {
    if written.last_row == written.header_row {
        return Ok(());
    }
    let col = fill.column;
    for (value, highlight) in &fill.rules {
        let rule = ConditionalFormatCellRule::EqualTo(format!("\"{}\"", value.replace('"', "\"\"")));
        let cell = ConditionalFormatCell::new().set_rule(rule).set_format(format::highlight(highlight));
        ws.add_conditional_format(written.header_row + 1, col, written.last_row, col, &cell)?;
    }
    Ok(())
}

/// A drop-down list (or any value) with its input message on its column's rows.
fn write_validation(ws: &mut Worksheet, v: &Validation, written: &Written) -> Result<(), RenderError> {
    if written.last_row == written.header_row {
        return Ok(());
    }
    let style = if v.strict { DataValidationErrorStyle::Stop } else { DataValidationErrorStyle::Warning };
    let choices: Vec<&str> = v.choices.iter().map(String::as_str).collect();
    let base =
        if choices.is_empty() { DataValidation::new().allow_any_value() } else { list(&choices, style) };
    let mut validation = base.set_input_title(&v.title)?.set_input_message(message(&v.message))?;
    if let Some((title, text)) = &v.error {
        validation = validation.set_error_title(title)?.set_error_message(message(text))?;
    }
    let (first, last) = (written.header_row + 1, written.last_row);
    ws.add_data_validation(first, v.column, last, v.column, &validation)?;
    Ok(())
}

/// A drop-down list of `choices`, when Excel can hold it as a list (at most 255 characters, no
/// commas); otherwise any value, with the input message alone to guide.
fn list(choices: &[&str], style: DataValidationErrorStyle) -> DataValidation {
    let fits = !choices.iter().any(|c| c.contains(','));
    match fits.then(|| DataValidation::new().allow_list_strings(choices)) {
        Some(Ok(v)) => v.set_error_style(style),
        _ => DataValidation::new().allow_any_value(),
    }
}

/// An input or error message within Excel's 255 characters.
fn message(text: &str) -> String {
    if text.encode_utf16().count() <= 255 {
        return text.to_string();
    }
    let mut out: String = text.chars().take(250).collect();
    out.push('…');
    out
}
