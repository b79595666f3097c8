//! The content of a report, free of any format: what a kind decides once ([`Doc`]) for every
//! renderer to show in its own way — sections, headings, paragraphs, lists, tables whose
//! columns say what they hold and whose cells say where they were read, figures as chart data
//! with their alternative text and their numbers, notes.
//!
//! Nothing here knows pages, millimetres or markup: the PDF lays these blocks out
//! ([`crate::layout`]), the HTML page writes them as elements, the CSV writes a table.
//!
//! ```text
//! Doc ─ blocks ─┬─ Heading / Paragraph / Note / List
//!               ├─ Section(blocks): a 施策 of the plan · Part(blocks): a part kyodo adds
//!               ├─ Group(blocks): blocks that go together (a goal, a run of notes)
//!               ├─ Topic ─ heading, short name, paragraph
//!               ├─ Table ─ columns (title, role) × rows (cells: text, tone, source;
//!               │          a row may hold a table of its own: an item's indicators)
//!               └─ Figure ─ chart data + alt text + the same numbers as a Table
//! ```

use crate::color::Color;
use crate::config::Field;
use crate::model::{Source, Text};

/// A whole report as content.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// The title (document title, first heading).
    pub title: String,
    /// What it is about (document properties).
    pub subject: String,
    /// Who publishes it: the city.
    pub author: String,
    /// 「令和7年6月15日」: the date of issue in words.
    pub issued: String,
    /// The content, in reading order.
    pub blocks: Vec<Block>,
}

/// One block of content.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading; level 1 is the document's title.
    Heading {
        /// 1–6.
        level: u8,
        /// Its words.
        text: String,
    },
    /// Running text.
    Paragraph(String),
    /// A remark that explains (a legend, what a count counts): smaller, apart from the text.
    Note(String),
    /// A list of points.
    List(Vec<String>),
    /// A table of data.
    Table(Table),
    /// A chart, its words and its numbers.
    Figure(Figure),
    /// A part of the document under its own heading that is one of the plan's 施策: what
    /// running heads, contents and bookmarks name. Its tables are the tables of items.
    Section(Vec<Block>),
    /// A part told in one paragraph under its own heading (a 施策 and how it went), with the
    /// short name it goes by where its heading is not set above it (「施策1」, a chart nearby
    /// naming it in full): a page short of room leads the paragraph with it.
    Topic {
        /// The heading's level, 1–6.
        level: u8,
        /// The heading.
        heading: String,
        /// The short name.
        short: String,
        /// The paragraph.
        text: String,
    },
    /// A part of the document under its own heading that kyodo adds (進捗の概要 at the front).
    Part(Vec<Block>),
    /// Blocks that belong together and are not a part of their own: a goal (its statement,
    /// its table of items, its notes), the plan's notes on one thing, the handout's counts.
    /// Kept together where a renderer can; nothing of its own in the web page.
    Group(Vec<Block>),
}

/// A table of data: a caption, columns and rows.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// What the table is (every table has one: the HTML caption, the PDF's continued caption).
    pub caption: String,
    /// The columns, in order.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The column whose cell names its row (a row header).
    pub label_col: usize,
}

/// A column: its header and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The header.
    pub title: String,
    /// What its cells hold.
    pub role: Role,
}

impl Column {
    /// A column of `role` titled `title`.
    pub fn new(title: &str, role: Role) -> Column {
        Column { title: title.to_string(), role }
    }
}

/// What a column holds: a field of the plan, or a figure or word kyodo worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A column of the plan or of the progress reports.
    Field(Field),
    /// The department a row's report came from.
    Reporter,
    /// What a row is about (a 施策, a department, a year).
    Label,
    /// A count.
    Count,
    /// A share or rate in words (「83％」).
    Share,
    /// Words kyodo wrote (a status, a trend).
    Words,
}

impl Role {
    /// Whether the column's cells are figures or short codes, set apart from running text.
    pub fn is_short(self) -> bool {
        matches!(self, Role::Count | Role::Share | Role::Field(Field::No | Field::Mark | Field::Grade))
    }
}

/// A row of a table.
#[derive(Debug, Clone)]
pub struct Row {
    /// One cell per column.
    pub cells: Vec<Cell>,
    /// Continues the row above: a second department's report, a note on the same item (the
    /// item's own cells stay empty, shown once with the first row).
    pub joined: bool,
    /// What the row is about, in words (the item): for captions and messages.
    pub label: String,
    /// A small table of its own set in this row (an item's indicators, 指標 | 基準値 | 目標値 |
    /// 実績値 | 達成率): it takes the row's columns from [`Inset::from`] on, the cells of those
    /// columns stay empty. A row group of its own under the item, kept with it.
    pub inset: Option<Box<Inset>>,
}

/// A table set inside a row of another, across its columns from `from` to the last: the
/// columns before it (the item's own: No, 区分, 項目) keep spanning the item's rows.
#[derive(Debug, Clone)]
pub struct Inset {
    /// The first column of the row it takes.
    pub from: usize,
    /// The table: its caption, its columns (each with its header cell) and rows.
    pub table: Table,
}

/// One cell: its words, how they stand out, where they were read.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The words (line breaks as written).
    pub text: String,
    /// How the words stand out.
    pub tone: Tone,
    /// The input cell they come from; None for what kyodo wrote.
    pub source: Option<Source>,
}

impl Cell {
    /// Words kyodo wrote, plain.
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell { text: text.into(), tone: Tone::Plain, source: None }
    }

    /// Words kyodo wrote, in `tone`.
    pub fn toned(text: impl Into<String>, tone: Tone) -> Cell {
        Cell { text: text.into(), tone, source: None }
    }

    /// An input's words, with their cell.
    pub fn read(text: &Text) -> Cell {
        Cell { text: text.value.clone(), tone: Tone::Plain, source: Some(text.at.clone()) }
    }

    /// The same cell in `tone`.
    pub fn with(self, tone: Tone) -> Cell {
        Cell { tone, ..self }
    }
}

/// How a cell's words stand out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// As the body text.
    Plain,
    /// Bold: the item's name, a grade, a total.
    Strong,
    /// Bold in the accent colour: what a note row is (所属長コメント, 指標).
    Label,
    /// Grey: a blank the report points out (（未記入）).
    Missing,
    /// Bold in the alert colour: 未提出, a grade off the scale.
    Alert,
    /// In the alert colour: what is missing, listed.
    Caution,
}

/// A chart with its words: what it shows for those who cannot see it, and its numbers as a
/// table for those who want them.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The chart's data.
    pub chart: Chart,
    /// Its alternative text: what it shows, in a sentence or two.
    pub alt: String,
    /// Its numbers.
    pub table: Table,
}

/// What a chart draws.
#[derive(Debug, Clone)]
pub enum Chart {
    /// One bar per group, split into series (grades per 施策).
    Stacked {
        /// The series, in order: label and colour.
        series: Vec<(String, Color)>,
        /// Per bar: its label and one count per series.
        bars: Vec<(String, Vec<usize>)>,
    },
    /// One bar per indicator: its 達成率 against the target (100％).
    Rates(Vec<Rate>),
}

/// One bar of a chart of rates.
#[derive(Debug, Clone, PartialEq)]
pub struct Rate {
    /// What the bar is.
    pub label: String,
    /// The rate in percent; None draws no bar.
    pub percent: Option<f64>,
    /// The rate as printed (「50.0％」, 「－」).
    pub text: String,
}

impl Doc {
    /// Every table of the document, in reading order (figures' tables included).
    pub fn tables(&self) -> Vec<&Table> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Table>) {
            for block in blocks {
                match block {
                    Block::Table(t) => out.push(t),
                    Block::Figure(f) => out.push(&f.table),
                    Block::Section(inner) | Block::Part(inner) | Block::Group(inner) => walk(inner, out),
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.blocks, &mut out);
        out
    }
}
