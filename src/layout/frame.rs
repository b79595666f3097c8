//! The laid-out document: pages of positioned text, rectangles and lines, in millimetres from
//! the top-left corner, and the document's logical structure (headings, paragraphs, lists,
//! tables, figures) that every element belongs to, or the furniture it is. Report kinds
//! produce it; the PDF exporter draws it, maps roles to tags, and knows nothing about plans.

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

/// What a structure node is: the roles of tagged PDF that the reports use.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// A part of the document under one heading (a 施策 and its goals).
    Section,
    /// A heading of `level` (1 the highest); `title` is what it says.
    Heading {
        /// 1 for the document title, 2 for a 施策, 3 below.
        level: u16,
        /// The heading's text, as the outline and screen readers give it.
        title: String,
    },
    /// A paragraph of running text.
    Paragraph,
    /// A list of ・ bullets, holding list items.
    List,
    /// One bullet: a label and a body.
    ListItem,
    /// The bullet mark of a list item.
    Label,
    /// The text of a list item.
    ListBody,
    /// The contents (目次) and its entries.
    Contents,
    /// One entry of the contents: a title and its page.
    ContentsEntry,
    /// A table, holding rows.
    Table,
    /// A table row, holding header and data cells.
    Row,
    /// A header cell: of its column, or of its row (the item's name).
    HeaderCell {
        /// Whether it heads a column or a row.
        scope: Scope,
    },
    /// A data cell.
    Cell,
    /// A data cell across `columns` columns of its row (one holding a table of its own).
    WideCell {
        /// How many columns it takes.
        columns: u32,
    },
    /// A chart or picture, with what it shows in words.
    Figure {
        /// The alternative text: everything the figure shows, in words.
        alt: String,
    },
}

/// What a header cell is the header of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The header of the cells below it.
    Column,
    /// The header of the cells beside it.
    Row,
}

/// Which furniture an element is: drawn on the page, skipped by screen readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Furniture {
    /// The running header.
    Header,
    /// The folio 「- n -」.
    Footer,
    /// What pagination repeats: a table header on a later page, 「…（続き）」.
    Pagination,
    /// Rules, fills, leaders and bands.
    Layout,
}

/// Where an element belongs: content of a structure node, or furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Content of the node with this index in [`Structure`].
    Content(usize),
    /// Furniture of this kind, outside the structure.
    Artifact(Furniture),
}

/// A node of the structure tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What the node is.
    pub role: Role,
    /// Child nodes, in reading order. A node's own content (the elements marked with it)
    /// comes before them; the roles that hold content hold no nodes.
    pub children: Vec<usize>,
}

/// The logical structure of a document: nodes in an arena, the top-level ones in reading
/// order. Elements point into it by index ([`Mark::Content`]), so nesting lives here alone and
/// cannot come out unbalanced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Structure {
    nodes: Vec<Node>,
    roots: Vec<usize>,
}

impl Structure {
    /// Adds a node under `parent` (at the top level for None); returns its index.
    pub fn add(&mut self, parent: Option<usize>, role: Role) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node { role, children: Vec::new() });
        match parent {
            Some(p) => self.nodes[p].children.push(id),
            None => self.roots.push(id),
        }
        id
    }

    /// Every node, by index.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The top-level nodes, in reading order.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Appends `other` after this structure's nodes (its top-level nodes read after these);
    /// returns what to add to `other`'s indices.
    fn append(&mut self, other: Structure) -> usize {
        let offset = self.nodes.len();
        self.nodes.extend(other.nodes.into_iter().map(|mut n| {
            n.children.iter_mut().for_each(|c| *c += offset);
            n
        }));
        self.roots.extend(other.roots.into_iter().map(|r| r + offset));
        offset
    }
}

/// One page: its elements, each with its mark (`marks[i]` belongs to `elements[i]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Width in mm.
    pub width: f32,
    /// Height in mm.
    pub height: f32,
    /// What is drawn, in order.
    pub elements: Vec<Element>,
    /// Where each element belongs, by position.
    pub marks: Vec<Mark>,
}

impl Page {
    /// An empty page of `width` × `height` mm.
    pub fn new(width: f32, height: f32) -> Page {
        Page { width, height, elements: Vec::new(), marks: Vec::new() }
    }

    /// Draws an element.
    pub fn push(&mut self, element: Element, mark: Mark) {
        self.elements.push(element);
        self.marks.push(mark);
    }

    /// Each element with its mark.
    pub fn marked(&self) -> impl Iterator<Item = (&Element, Mark)> {
        self.elements.iter().zip(self.marks.iter().copied())
    }
}

/// Pages laid out together with the structure their elements point into.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Part {
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// The structure their elements point into.
    pub structure: Structure,
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
    pub date: crate::text::wareki::Date,
}

/// A whole laid-out document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The pages.
    pub pages: Vec<Page>,
    /// The logical structure the pages' elements point into.
    pub structure: Structure,
    /// Bookmarks.
    pub outline: Vec<Outline>,
    /// Document information.
    pub meta: Meta,
}

impl Document {
    /// The parts one after another (cover, contents, body), their structures joined in that
    /// reading order.
    pub fn assemble(parts: Vec<Part>, outline: Vec<Outline>, meta: Meta) -> Document {
        let mut document = Document { outline, meta, ..Document::default() };
        for part in parts {
            let offset = document.structure.append(part.structure);
            for mut page in part.pages {
                for mark in &mut page.marks {
                    if let Mark::Content(node) = mark {
                        *node += offset;
                    }
                }
                document.pages.push(page);
            }
        }
        document
    }
}

/// Paper sizes in mm (width, height).
pub const A4_PORTRAIT: (f32, f32) = (210.0, 297.0);
/// A4 sideways.
pub const A4_LANDSCAPE: (f32, f32) = (297.0, 210.0);

/// Points to millimetres.
pub fn pt_to_mm(pt: f32) -> f32 {
    pt * 25.4 / 72.0
}
