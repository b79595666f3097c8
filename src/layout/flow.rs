//! A flow of blocks down pages: where the next block goes, and a new page when it does not fit.

use super::frame::{Element, Page};
use super::text::Style;

/// Page size and margins, in mm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSetup {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Top margin.
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left margin.
    pub left: f32,
    /// Right margin.
    pub right: f32,
}

impl PageSetup {
    /// A page of `size` (width, height) with the same margin on every side.
    pub fn new(size: (f32, f32), margin: f32) -> PageSetup {
        PageSetup { width: size.0, height: size.1, top: margin, bottom: margin, left: margin, right: margin }
    }

    /// Width between the margins.
    pub fn body_width(&self) -> f32 {
        self.width - self.left - self.right
    }

    /// Height between the margins.
    pub fn body_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Pages being filled top to bottom.
pub struct Flow {
    /// Size and margins of every page.
    pub setup: PageSetup,
    /// The pages filled so far.
    pub pages: Vec<Page>,
    /// Where the next block starts on the last page, in mm from the top.
    y: f32,
}

impl Flow {
    /// A flow starting on a fresh page.
    pub fn new(setup: PageSetup) -> Flow {
        let mut flow = Flow { setup, pages: Vec::new(), y: 0.0 };
        flow.new_page();
        flow
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        crate::progress::page();
        let s = &self.setup;
        self.pages.push(Page { width: s.width, height: s.height, elements: Vec::new() });
        self.y = s.top;
    }

    /// Zero-based index of the page being filled.
    pub fn page(&self) -> usize {
        self.pages.len() - 1
    }

    /// The current position, in mm from the top of the page.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Whether nothing has been placed on the current page yet.
    pub fn at_top(&self) -> bool {
        self.y <= self.setup.top + f32::EPSILON
    }

    /// Space left on the current page, in mm.
    pub fn space_left(&self) -> f32 {
        self.setup.height - self.setup.bottom - self.y
    }

    /// Starts a new page unless `height` mm still fit (or the page is empty anyway).
    pub fn ensure(&mut self, height: f32) {
        if height > self.space_left() + 0.01 && !self.at_top() {
            self.new_page();
        }
    }

    /// Moves down by `dy` mm.
    pub fn advance(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Draws an element on the current page.
    pub fn push(&mut self, element: Element) {
        self.pages.last_mut().expect("a flow always has a page").elements.push(element);
    }

    /// Sets a wrapped paragraph at `x` (mm from the left margin) in `width` mm, breaking to a
    /// new page between lines when needed.
    pub fn paragraph(&mut self, text: &str, style: Style, x: f32, width: f32) {
        let lh = style.line_height();
        for line in style.lines(text, width) {
            self.ensure(lh);
            let baseline = self.y + style.baseline_offset();
            self.text(self.setup.left + x + line.indent, baseline, style, &line.text);
            self.y += lh;
        }
    }

    /// Height of a wrapped paragraph, in mm.
    pub fn paragraph_height(text: &str, style: Style, width: f32) -> f32 {
        style.lines(text, width).len() as f32 * style.line_height()
    }

    /// One line of text with its baseline at (x, baseline), page coordinates.
    pub fn text(&mut self, x: f32, baseline: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        self.push(super::text::run(x, baseline, style, text));
    }
}
