//! The workbook as data: what the sheets hold, whatever writes them. Report kinds and the
//! department forms decide here which sheets, rows, cells, styles, fills and charts a workbook
//! has, as they decide pages ([`crate::layout::frame::Document`]) for the PDF;
//! [`crate::render::xlsx`] decides how: it measures the text to size columns and rows,
//! continues a text too long for one cell in the rows below, makes sheet names legal and
//! writes the bytes.
//!
//! Every sheet has one [`Table`]: a header row and rows of cells under it. Around it come
//! single cells above ([`Line`]), notes spanning the table's width (above or below it), a
//! chart under it, and what Excel does with the table (filter, frozen header, conditional
//! fills, drop-down lists, protection, print setup).

use crate::config::Field;
use crate::layout::frame::Color;
use std::borrow::Cow;

/// A workbook: its properties, the styles its cells use, and its sheets in order.
#[derive(Debug, Clone, Default)]
pub struct Workbook<'a> {
    /// The document properties.
    pub properties: Properties,
    /// The styles [`StyleId`]s point to.
    pub styles: Vec<Style>,
    /// The sheets, in order.
    pub sheets: Vec<Sheet<'a>>,
    /// The sheet that lists, after its own rows, every cell the writer had to continue in the
    /// rows below (Excel holds 32,767 characters a cell): see [`Findings`].
    pub findings: Option<Findings>,
    /// The paper every sheet prints on, landscape.
    pub paper: Paper,
}

/// The paper a workbook prints on, landscape, one page wide: A4 unless the settings ask for a
/// larger sheet, where a wide table prints larger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    /// A4, 297 mm across landscape.
    #[default]
    A4,
    /// JIS B4, 364 mm across.
    B4,
    /// A3, 420 mm across.
    A3,
}

impl Paper {
    /// The paper for a name of the settings (`paper = "A3"`): A3 and B4 as named; any other
    /// (A4, and A5 and B5, too small for a table one page wide) A4.
    ///
    /// ```
    /// use kyodo::report::sheet::Paper;
    /// assert_eq!(Paper::named("A3"), Paper::A3);
    /// assert_eq!(Paper::named("B5"), Paper::A4);
    /// ```
    pub fn named(name: &str) -> Paper {
        match name {
            "A3" => Paper::A3,
            "B4" => Paper::B4,
            _ => Paper::A4,
        }
    }

    /// Width across the landscape page, in millimetres.
    pub fn landscape_mm(self) -> f64 {
        match self {
            Paper::A4 => 297.0,
            Paper::B4 => 364.0,
            Paper::A3 => 420.0,
        }
    }

    /// Excel's number for the paper (`paperSize`).
    pub fn excel_code(self) -> u8 {
        match self {
            Paper::A4 => 9,
            Paper::B4 => 12,
            Paper::A3 => 8,
        }
    }
}

impl Workbook<'_> {
    /// The id of `style`, added to the workbook's styles if new.
    pub fn style(&mut self, style: Style) -> StyleId {
        match self.styles.iter().position(|s| *s == style) {
            Some(i) => StyleId(i),
            None => {
                self.styles.push(style);
                StyleId(self.styles.len() - 1)
            }
        }
    }
}

/// Document properties. Dated by the report, never by the clock.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    /// The title (the report's full title).
    pub title: String,
    /// What the workbook is about.
    pub subject: String,
    /// The city: author and company.
    pub author: String,
    /// Keywords for the file's search.
    pub keywords: String,
    /// Date of issue (year, month, day).
    pub issued: crate::text::wareki::Date,
}

/// A style of the workbook, by its place in [`Workbook::styles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StyleId(pub usize);

/// How a cell looks, in the workbook's one face.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Style {
    /// Font size in points; None: body size.
    pub size: Option<f64>,
    /// Bold.
    pub bold: bool,
    /// Text colour; None: black.
    pub color: Option<Color>,
    /// Background fill.
    pub fill: Option<Color>,
    /// Horizontal alignment.
    pub align: Align,
    /// Vertical alignment.
    pub valign: VAlign,
    /// Long text wraps in its cell.
    pub wrap: bool,
    /// Thin borders in the rule colour all round.
    pub border: bool,
    /// A double rule above (a total row).
    pub total: bool,
    /// Excel's number format, e.g. 「#,##0」.
    pub number: Option<String>,
    /// Left open to edit when the sheet is protected.
    pub unlocked: bool,
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    /// Excel's default (text left, numbers right).
    General,
    /// Centred.
    Center,
    /// Right-aligned.
    Right,
}

/// Vertical alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VAlign {
    /// Excel's default (bottom).
    #[default]
    General,
    /// At the top of the cell.
    Top,
    /// Centred between top and bottom.
    Center,
}

impl Style {
    /// Plain text at body size.
    pub fn base() -> Style {
        Style::default()
    }

    /// A table body cell: wrapped, top-aligned, thin borders.
    pub fn body() -> Style {
        Style { wrap: true, valign: VAlign::Top, border: true, ..Style::default() }
    }

    /// A header cell: bold on the report's header fill, centred, wrapped.
    pub fn header() -> Style {
        Style {
            bold: true,
            fill: Some(Color::HEADER_FILL),
            align: Align::Center,
            valign: VAlign::Center,
            ..Style::body()
        }
    }

    /// A sheet title.
    pub fn title() -> Style {
        Style { bold: true, size: Some(14.0), color: Some(Color::ACCENT), ..Style::default() }
    }

    /// Wrapped text at the top of its cell (notes under or over a table).
    pub fn note() -> Style {
        Style { wrap: true, valign: VAlign::Top, ..Style::default() }
    }
}

/// A conditional look: what a cell equal to a value gets on top of its style.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// Bold.
    pub bold: bool,
    /// Text colour.
    pub color: Color,
    /// Background fill.
    pub fill: Option<Color>,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Always text: one starting with = + - @ stays text.
    Text(Cow<'a, str>),
    /// A number, formatted by the cell's style.
    Number(f64),
    /// Nothing written, but the cell keeps its style (borders, unlocked).
    Blank,
}

impl Value<'_> {
    /// The text of a text cell; "" for others.
    pub fn text(&self) -> &str {
        match self {
            Value::Text(t) => t,
            _ => "",
        }
    }
}

/// One cell of a table row.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetCell<'a> {
    /// What it holds.
    pub value: Value<'a>,
    /// How it looks.
    pub style: StyleId,
}

impl<'a> SheetCell<'a> {
    /// A text cell; an empty text is a blank cell.
    pub fn text(text: impl Into<Cow<'a, str>>, style: StyleId) -> SheetCell<'a> {
        let text = text.into();
        let value = if text.is_empty() { Value::Blank } else { Value::Text(text) };
        SheetCell { value, style }
    }

    /// A number cell.
    pub fn number(n: f64, style: StyleId) -> SheetCell<'a> {
        SheetCell { value: Value::Number(n), style }
    }

    /// A blank cell with a style.
    pub fn blank(style: StyleId) -> SheetCell<'a> {
        SheetCell { value: Value::Blank, style }
    }
}

/// A column of a table: its header and the width it may take, in half-width units (a
/// full-width character is 2).
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// The header text.
    pub title: String,
    /// Narrowest width, in half-width units.
    pub min: f64,
    /// Widest width, in half-width units.
    pub max: f64,
    /// Every line of its cells is a name (関係部署, 主体): kept whole where the column may be
    /// that wide.
    pub names: bool,
    /// The header's own style, instead of the table's.
    pub header: Option<StyleId>,
}

impl ColumnSpec {
    /// A column titled `title`, between `min` and `max` half-width units wide.
    pub fn new(title: &str, min: f64, max: f64) -> ColumnSpec {
        ColumnSpec { title: title.to_string(), min, max, names: false, header: None }
    }

    /// The same column holding names, one a line.
    pub fn names(self) -> ColumnSpec {
        ColumnSpec { names: true, ..self }
    }

    /// The header of a column kyodo knows (its Japanese name) and the width it may take: room
    /// for a short No, a few words of 施策, sentences of 内容 and 実績.
    pub fn field(field: Field) -> ColumnSpec {
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
        let column = ColumnSpec::new(field.label(), min, max);
        if matches!(field, Field::Departments | Field::Actors) {
            column.names()
        } else {
            column
        }
    }
}

/// A header row and the rows under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    /// Zero-based row of the header.
    pub top: u32,
    /// The columns, left to right.
    pub columns: Vec<ColumnSpec>,
    /// The style of the header row.
    pub header: StyleId,
    /// Rows as long as `columns`.
    pub rows: Vec<Vec<SheetCell<'a>>>,
    /// What each row is about (an item's label), where rows are items: named in the findings.
    pub subjects: Vec<String>,
    /// Widest the columns should be together (half-width units), so a page-wide print stays
    /// legible: columns shrink towards their minimum to fit.
    pub budget: f64,
    /// Lines every row shows at least (room to write in).
    pub min_lines: usize,
    /// The row shown when the table has no other (with the findings counted).
    pub placeholder: Option<Vec<SheetCell<'a>>>,
}

impl<'a> Table<'a> {
    /// `rows` under a header at row `top`: one line a row at least, 200 half-width units wide
    /// at most, no placeholder.
    pub fn new(
        top: u32,
        columns: Vec<ColumnSpec>,
        header: StyleId,
        rows: Vec<Vec<SheetCell<'a>>>,
    ) -> Table<'a> {
        Table {
            top,
            columns,
            header,
            rows,
            subjects: Vec::new(),
            budget: 200.0,
            min_lines: 1,
            placeholder: None,
        }
    }
}

/// A cell above the table, on a row of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Zero-based row.
    pub row: u32,
    /// What it says.
    pub text: String,
    /// How it looks.
    pub style: StyleId,
    /// Row height in points; None: Excel's.
    pub height: Option<f64>,
}

/// Notes as wide as the table, one a row, each row as tall as its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Notes {
    /// One note a row.
    pub lines: Vec<String>,
    /// How they look.
    pub style: StyleId,
    /// On the row just above the header (one note), or from the second row below the table.
    pub above: bool,
}

/// Conditional looks on a column of the table: a cell equal to a value gets its highlight.
#[derive(Debug, Clone, PartialEq)]
pub struct Fill {
    /// Zero-based column of the table.
    pub column: u16,
    /// (value, look) pairs, in order.
    pub rules: Vec<(String, Highlight)>,
}

/// A drop-down list or an input message on a column of the table's rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Validation {
    /// Zero-based column of the table.
    pub column: u16,
    /// The choices; empty: any value.
    pub choices: Vec<String>,
    /// A value outside the choices is refused (else only warned about).
    pub strict: bool,
    /// Title of the input message.
    pub title: String,
    /// The input message (Excel keeps 255 characters).
    pub message: String,
    /// Title and message shown when a value is refused or warned about.
    pub error: Option<(String, String)>,
}

/// A bar chart of table columns under the table: one bar per row, the first row on top.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Series stacked in one bar (else side by side).
    pub stacked: bool,
    /// The chart's title.
    pub title: String,
    /// The column naming the bars.
    pub categories: u16,
    /// Rows of the table before the first one charted (a small multiple charts its group).
    pub skip: usize,
    /// How many rows from the first charted are charted; None: every row written.
    pub rows: Option<usize>,
    /// The series, one colour each.
    pub series: Vec<Series>,
    /// Whether a legend is shown (under the chart).
    pub legend: bool,
    /// The value axis' title.
    pub axis: Option<String>,
    /// The values are fractions: the axis runs from 0 in steps of 25 %.
    pub percent: bool,
    /// The values are counts of items, at most this many: the axis runs from 0 in whole steps
    /// to the same end in every chart that is given the same (small multiples compare so).
    pub counts_up_to: Option<usize>,
    /// Width in pixels; None: as wide as the table.
    pub width: Option<u32>,
    /// Height in pixels added per bar.
    pub bar_height: u32,
}

/// A series of a chart: one column of the table.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// Zero-based column of its values.
    pub column: u16,
    /// Its bars' colour.
    pub color: Color,
    /// The colour of the value inside the bar; None: the default.
    pub label_color: Option<Color>,
    /// Zero values unlabelled.
    pub hide_zero: bool,
}

/// Print setup of a sheet: A4 landscape, one page wide.
#[derive(Debug, Clone, PartialEq)]
pub struct Print {
    /// Left of the running header: the document's title.
    pub title: String,
    /// Right of the running header: what this sheet is (a department, 一覧, …).
    pub label: String,
    /// The header row printed again at the top of every page.
    pub repeat_header: bool,
}

/// One sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet<'a> {
    /// As the report names it: the writer makes it legal and unique for Excel.
    pub name: String,
    /// Cells above the table.
    pub lines: Vec<Line>,
    /// The table.
    pub table: Table<'a>,
    /// Notes over the table's width.
    pub notes: Option<Notes>,
    /// An autofilter on the table.
    pub filter: bool,
    /// The header row stays in view.
    pub freeze: bool,
    /// Conditional looks on columns.
    pub fills: Vec<Fill>,
    /// Drop-down lists and input messages.
    pub validations: Vec<Validation>,
    /// Protected without a password, but rows and columns can be resized.
    pub protect: bool,
    /// A chart under the table (and its notes).
    pub chart: Option<Chart>,
    /// Small charts of groups of the table's rows (one per 施策), two abreast below the table
    /// and its chart, each `width` pixels wide.
    pub small_multiples: Vec<Chart>,
    /// How it prints.
    pub print: Print,
}

impl<'a> Sheet<'a> {
    /// A sheet holding `table` alone, printed under `print`.
    pub fn new(name: &str, table: Table<'a>, print: Print) -> Sheet<'a> {
        Sheet {
            name: name.to_string(),
            lines: Vec::new(),
            table,
            notes: None,
            filter: false,
            freeze: false,
            fills: Vec::new(),
            validations: Vec::new(),
            protect: false,
            chart: None,
            small_multiples: Vec::new(),
            print,
        }
    }
}

/// Where the writer lists the cells it continued in the rows below: a row per cell, in the
/// columns of the review sheet (severity, file, sheet, cells, item, message, code).
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// The sheet's index in [`Workbook::sheets`].
    pub sheet: usize,
    /// The style of the severity column, and of the others.
    pub first: StyleId,
    /// The style of the other columns.
    pub rest: StyleId,
}
