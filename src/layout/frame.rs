//! The laid-out document: pages of positioned text, rectangles and lines, in millimetres from
//! the top-left corner. Report kinds produce it; the PDF exporter draws it and knows nothing
//! about plans.

pub use crate::color::Color;

/// Regular or bold face of the bundled font.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Weight {
    Regular,
    Bold,
}

/// One thing drawn on a page. Positions in mm from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// A run of text on one baseline; `size` in points. `spaces` moves characters off their
    /// plain advances: (character index, mm added before it; negative closer), as layout
    /// decided (約物 pairs, 和欧間); most runs have none.
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        color: Color,
        text: String,
        spaces: Vec<(u32, f32)>,
    },
    /// A rectangle, filled and/or stroked (stroke width in points).
    Rect { x: f32, y: f32, w: f32, h: f32, fill: Option<Color>, stroke: Option<(Color, f32)> },
    /// A straight line (width in points).
    Line { x1: f32, y1: f32, x2: f32, y2: f32, color: Color, width: f32 },
}

/// One page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub elements: Vec<Element>,
}

/// A bookmark: title, zero-based page, nested entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    pub title: String,
    pub page: usize,
    pub children: Vec<Outline>,
}

/// Document information written into the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Creation date (year, month, day), never the clock: see `report::IssueDate`.
    pub date: (i32, u32, u32),
}

/// A whole laid-out document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub pages: Vec<Page>,
    pub outline: Vec<Outline>,
    pub meta: Meta,
}

/// Paper sizes in mm (width, height).
pub const A4_PORTRAIT: (f32, f32) = (210.0, 297.0);
pub const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);

/// Points to millimetres.
pub fn pt_to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}
