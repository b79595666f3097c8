//! The laid-out document: pages of positioned text, rectangles and lines, in millimetres from
//! the top-left corner. Report kinds produce it; the PDF exporter draws it and knows nothing
//! about plans.

pub use crate::color::Color;

/// Regular or bold face of the bundled font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    /// The regular face.
    Regular,
    /// The bold face.
    Bold,
}

/// One thing drawn on a page. Positions in mm from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// A run of text on one baseline; `size` in points. `spaces` moves characters off their
    /// plain advances: (character index, mm added before it; negative closer), as layout
    /// decided (約物 pairs, 和欧間); most runs have none.
    Text {
        /// Left end, in mm.
        x: f32,
        /// Baseline, in mm from the top.
        baseline: f32,
        /// Size in points.
        size: f32,
        /// Face.
        weight: Weight,
        /// Colour.
        color: Color,
        /// The text.
        text: String,
        /// Space added before characters: (index, mm).
        spaces: Vec<(u32, f32)>,
    },
    /// A rectangle, filled and/or stroked (stroke width in points).
    Rect {
        /// Left, in mm.
        x: f32,
        /// Top, in mm.
        y: f32,
        /// Width, in mm.
        w: f32,
        /// Height, in mm.
        h: f32,
        /// Fill colour.
        fill: Option<Color>,
        /// Stroke colour and width in points.
        stroke: Option<(Color, f32)>,
    },
    /// A straight line (width in points).
    Line {
        /// Start, left, in mm.
        x1: f32,
        /// Start, from the top, in mm.
        y1: f32,
        /// End, left, in mm.
        x2: f32,
        /// End, from the top, in mm.
        y2: f32,
        /// Colour.
        color: Color,
        /// Width in points.
        width: f32,
    },
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in mm.
    pub width: f32,
    /// Height in mm.
    pub height: f32,
    /// What is drawn, in order.
    pub elements: Vec<Element>,
}

/// A bookmark: title, zero-based page, nested entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// The heading.
    pub title: String,
    /// Zero-based page.
    pub page: usize,
    /// Entries under it.
    pub children: Vec<Outline>,
}

/// Document information written into the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// Document title.
    pub title: String,
    /// Author (the city).
    pub author: String,
    /// What it is about.
    pub subject: String,
    /// Search keywords.
    pub keywords: Vec<String>,
    /// Creation date (year, month, day), never the clock: see `report::IssueDate`.
    pub date: (i32, u32, u32),
}

/// A whole laid-out document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The pages.
    pub pages: Vec<Page>,
    /// Bookmarks.
    pub outline: Vec<Outline>,
    /// Document information.
    pub meta: Meta,
}

/// Paper sizes in mm (width, height).
pub const A4_PORTRAIT: (f32, f32) = (210.0, 297.0);
/// A4 sideways.
pub const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);

/// Points to millimetres.
pub fn pt_to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}
