//! A flow of blocks down pages: where the next block goes, and a new page when it does not fit;
//! and the structure the blocks belong to: every element drawn is content of the node being
//! filled ([`Flow::marked`]) or furniture, and nodes nest by closures ([`Flow::inside`]), so
//! the structure cannot come out unbalanced.

use super::frame::{Element, Furniture, Mark, Page, Part, Role, Structure};
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
    /// The structure the laid-out elements point into.
    pub structure: Structure,
    /// Where new nodes go (None: the top level).
    parent: Option<usize>,
    /// The mark of what is drawn: furniture unless a block says whose content it is.
    target: Mark,
}

impl Flow {
    /// A flow starting on a fresh page.
    pub fn new(setup: PageSetup) -> Flow {
        let mut flow = Flow {
            setup,
            pages: Vec::new(),
            y: 0.0,
            structure: Structure::default(),
            parent: None,
            target: Mark::Artifact(Furniture::Layout),
        };
        flow.new_page();
        flow
    }

    /// Starts a new page.
    pub fn new_page(&mut self) {
        crate::progress::page();
        let s = &self.setup;
        self.pages.push(Page::new(s.width, s.height));
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

    /// Draws an element on the current page, with the current mark.
    pub fn push(&mut self, element: Element) {
        let mark = self.target;
        self.pages.last_mut().expect("a flow always has a page").push(element, mark);
    }

    /// The pages and their structure.
    pub fn finish(self) -> Part {
        Part { pages: self.pages, structure: self.structure }
    }

    /// Adds a structure node under the node being filled; returns its index.
    pub fn node(&mut self, role: Role) -> usize {
        self.structure.add(self.parent, role)
    }

    /// Runs `f` with new nodes going under `node`.
    pub fn inside<R>(&mut self, node: usize, f: impl FnOnce(&mut Flow) -> R) -> R {
        let outer = self.parent.replace(node);
        let result = f(self);
        self.parent = outer;
        result
    }

    /// Runs `f` with what it draws marked `mark`.
    pub fn marked<R>(&mut self, mark: Mark, f: impl FnOnce(&mut Flow) -> R) -> R {
        let outer = std::mem::replace(&mut self.target, mark);
        let result = f(self);
        self.target = outer;
        result
    }

    /// A new node of `role` whose content is what `f` draws.
    pub fn block<R>(&mut self, role: Role, f: impl FnOnce(&mut Flow) -> R) -> R {
        let node = self.node(role);
        self.marked(Mark::Content(node), f)
    }

    /// Sets a wrapped paragraph at `x` (mm from the left margin) in `width` mm, breaking to a
    /// new page between lines when needed.
    pub fn paragraph(&mut self, text: &str, style: Style, x: f32, width: f32) {
        self.block(Role::Paragraph, |flow| flow.wrapped(text, style, x, width));
    }

    /// A heading of `level` (1 the highest), set as a paragraph broken between phrases
    /// ([`Style::as_title`]).
    pub fn heading(&mut self, level: u16, text: &str, style: Style, x: f32, width: f32) {
        let role = Role::Heading { level, title: text.to_string() };
        self.block(role, |flow| flow.wrapped(text, style.as_title(), x, width));
    }

    /// A list of ・ bullets, each set with its mark hanging: the mark is the item's label,
    /// the rest its body.
    pub fn list(&mut self, items: &[String], style: Style, x: f32, width: f32) {
        let list = self.node(Role::List);
        self.inside(list, |flow| {
            for item in items {
                let li = flow.node(Role::ListItem);
                flow.inside(li, |flow| flow.list_item(item, style, x, width));
            }
        });
    }

    /// One list item: its first character the label, drawn where it stands in the line.
    fn list_item(&mut self, text: &str, style: Style, x: f32, width: f32) {
        let lh = style.line_height();
        let (label, body) = (self.node(Role::Label), self.node(Role::ListBody));
        for (i, line) in style.lines(text, width).into_iter().enumerate() {
            self.ensure(lh);
            let baseline = self.y + style.baseline_offset();
            let left = self.setup.left + x + line.indent;
            let mut chars = line.text.chars();
            match (i, chars.next(), chars.as_str()) {
                (0, Some(_), rest) if !rest.is_empty() => {
                    self.bullet_line(left, baseline, style, &line.text, (label, body));
                }
                _ => self.marked(Mark::Content(body), |f| f.text(left, baseline, style, &line.text)),
            }
            self.y += lh;
        }
    }

    /// The first line of a list item: its first character (the ・) as content of `label`, the
    /// rest of `body`, each where it stands in the line.
    pub fn bullet_line(&mut self, left: f32, baseline: f32, style: Style, text: &str, nodes: (usize, usize)) {
        let Some((mark, shift, rest)) = label_shift(style, text) else { return };
        self.marked(Mark::Content(nodes.0), |f| f.text(left, baseline, style, &mark.to_string()));
        self.marked(Mark::Content(nodes.1), |f| f.text(left + shift, baseline, style, rest));
    }

    /// Sets wrapped text as [`Flow::paragraph`] does, with the current mark.
    pub fn wrapped(&mut self, text: &str, style: Style, x: f32, width: f32) {
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

    /// An empty run at the flow's position: content for a node that draws nothing, so that a
    /// blank table cell stays a cell for a screen reader.
    pub fn placeholder(&mut self, style: Style) {
        let (x, y) = (self.setup.left, self.y);
        self.push(super::text::run(x, y, style, ""));
    }
}

/// A list item's first line split for tagging: its mark, where the rest starts (after the mark
/// and the space set between the two) and the rest.
fn label_shift(style: Style, text: &str) -> Option<(char, f32, &str)> {
    let mut chars = text.chars();
    let mark = chars.next()?;
    let rest = chars.as_str();
    let next = rest.chars().next().unwrap_or(mark);
    Some((mark, style.width(&format!("{mark}{next}")) - style.advance(next), rest))
}

/// Whether a list item's mark can be drawn apart from the rest of its first line: not when
/// JLReq spacing sets the two closer (・「), as the rest would then start inside the mark's
/// advance and text extraction would break the line there.
pub fn label_apart(style: Style, text: &str) -> bool {
    label_shift(style, text)
        .is_some_and(|(mark, shift, rest)| !rest.is_empty() && (shift - style.advance(mark)).abs() < 0.01)
}
