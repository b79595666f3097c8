//! The structure tree: the layout's roles mapped to PDF tags, and the marked content of the
//! pages hung on them. Marked sections open and close through [`Marker`] alone, so krilla's
//! "unbalanced tags" panic cannot happen.

use crate::layout::frame::{Furniture, Mark, Role, Scope, Structure};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, SpanTag, TableHeaderScope, Tag, TagGroup,
    TagKind, TagTree,
};
use std::num::NonZeroU16;

/// Characters of a heading's title (/T): a line in a screen reader's list of headings; the
/// heading's whole text is its content.
const TITLE_CHARS: usize = 100;

/// The marked content of each structure node, in drawing order.
pub(super) struct Leaves(Vec<Vec<Identifier>>);

impl Leaves {
    pub(super) fn new(nodes: usize) -> Leaves {
        Leaves(vec![Vec::new(); nodes])
    }
}

/// The one open marked-content section of a page, if any.
pub(super) struct Marker {
    open: Option<Mark>,
}

impl Marker {
    pub(super) fn new() -> Marker {
        Marker { open: None }
    }

    /// Makes what is drawn next belong to `mark`: continues the open section when it is the
    /// same (a paragraph's lines, a page's rules: one section), else closes it and opens one.
    pub(super) fn enter(&mut self, surface: &mut Surface, mark: Mark, leaves: &mut Leaves) {
        if self.open == Some(mark) {
            return;
        }
        self.close(surface);
        let id = surface.start_tagged(content_tag(mark));
        if let Mark::Content(node) = mark {
            leaves.0[node].push(id);
        }
        self.open = Some(mark);
    }

    /// Closes the open section (the end of a page).
    pub(super) fn close(&mut self, surface: &mut Surface) {
        if self.open.take().is_some() {
            surface.end_tagged();
        }
    }
}

fn content_tag(mark: Mark) -> ContentTag<'static> {
    match mark {
        Mark::Content(_) => ContentTag::Span(SpanTag::empty()),
        Mark::Artifact(furniture) => ContentTag::Artifact(Artifact::with_kind(match furniture {
            Furniture::Header => ArtifactType::Header,
            Furniture::Footer => ArtifactType::Footer,
            Furniture::Pagination => ArtifactType::PaginationOther,
            Furniture::Layout => ArtifactType::Other,
        })),
    }
}

/// The tag tree of the document, in Japanese.
pub(super) fn tree(structure: &Structure, mut leaves: Leaves) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("ja".into()));
    for &root in structure.roots() {
        tree.push(group(structure, &mut leaves, root));
    }
    tree
}

fn group(structure: &Structure, leaves: &mut Leaves, id: usize) -> TagGroup {
    let node = &structure.nodes()[id];
    let mut tags = TagGroup::new(tag(&node.role));
    for leaf in std::mem::take(&mut leaves.0[id]) {
        tags.push(leaf);
    }
    for &child in &node.children {
        tags.push(group(structure, leaves, child));
    }
    tags
}

/// The PDF tag of a role.
fn tag(role: &Role) -> TagKind {
    match role {
        Role::Section => Tag::Section.into(),
        Role::Heading { level, title } => {
            let level = NonZeroU16::new(*level).unwrap_or(NonZeroU16::MIN);
            Tag::Hn(level, Some(crate::text::shorten(title, TITLE_CHARS))).into()
        }
        Role::Paragraph => Tag::P.into(),
        Role::List => Tag::L(ListNumbering::Disc).into(),
        Role::ListItem => Tag::LI.into(),
        Role::Label => Tag::Lbl.into(),
        Role::ListBody => Tag::LBody.into(),
        Role::Contents => Tag::TOC.into(),
        Role::ContentsEntry => Tag::TOCI.into(),
        Role::Table => Tag::Table.into(),
        Role::Row => Tag::TR.into(),
        Role::HeaderCell { scope } => Tag::TH(match scope {
            Scope::Column => TableHeaderScope::Column,
            Scope::Row => TableHeaderScope::Row,
        })
        .into(),
        Role::Cell => Tag::TD.into(),
        Role::WideCell { columns } => Tag::TD.with_col_span(std::num::NonZeroU32::new(*columns)).into(),
        Role::Figure { alt } => Tag::Figure(Some(alt.clone())).into(),
    }
}
