//! PDF export of a laid-out [`Document`], on krilla: tagged (the layout's roles become the
//! structure tree, furniture becomes artifacts), fonts embedded as subsets with ToUnicode,
//! glyphs placed exactly where the layout put them, an outline, metadata in the document
//! information and XMP, and validation against the standards of `[pdf] standard` (PDF/UA-1 and
//! PDF/A-2b by default) before a byte is written. Same document, same bytes: no clock, the
//! file identifier derived from the content.

mod draw;
mod error;
mod tags;

pub use error::PdfError;

use crate::config::pdf::Standard;
use crate::layout::frame::{Document, Meta, Outline};
use draw::pt;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::Point;
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::OutlineNode;
use krilla::page::PageSettings;
use krilla::SerializeSettings;

/// Writes a laid-out document as PDF bytes meeting `standard`. Each page is dropped once
/// drawn: a 10,000-item report never holds its layout and its PDF whole at once.
pub fn export(document: Document, standard: Standard) -> Result<Vec<u8>, PdfError> {
    let Document { pages, structure, outline: bookmarks, meta } = document;
    let settings = SerializeSettings {
        configuration: configuration(standard)?,
        enable_tagging: true,
        compress_content_streams: true,
        ..SerializeSettings::default()
    };
    let mut pdf = krilla::Document::new_with(settings);
    let faces = draw::Faces::new()?;
    let mut leaves = tags::Leaves::new(structure.nodes().len());
    let inventory = draw::Inventory::of(&pages);
    // The next pages' glyphs are made on another core while krilla draws (its drawing is the
    // one busy thread); a few pages ahead at most, so the glyphs never add up.
    std::thread::scope(|scope| {
        let (ready, arrived) = std::sync::mpsc::sync_channel(PAGES_AHEAD);
        scope.spawn(move || {
            for page in pages {
                let glyphs = draw::Glyphs::of(&page);
                if ready.send((page, glyphs)).is_err() {
                    return; // drawing stopped
                }
            }
        });
        for (index, (page, glyphs)) in arrived.into_iter().enumerate() {
            let size = PageSettings::from_wh(pt(page.width), pt(page.height))
                .ok_or(PdfError::PageSize { page: index + 1 })?;
            let mut sheet = pdf.start_page_with(size);
            let mut surface = sheet.surface();
            let first = (index == 0).then_some(&inventory);
            draw::page(&mut surface, &page, &glyphs, first, &faces, &mut leaves);
            surface.finish();
            sheet.finish();
        }
        Ok::<(), PdfError>(())
    })?;
    pdf.set_tag_tree(tags::tree(&structure, leaves));
    pdf.set_outline(outline(&bookmarks));
    pdf.set_metadata(metadata(&meta));
    pdf.finish().map_err(|e| PdfError::from_krilla(e, standard.label()))
}

/// How many pages may have their glyphs made and wait for krilla to draw them.
const PAGES_AHEAD: usize = 4;

/// The validators of a standard; "none" still writes tags, unchecked.
fn configuration(standard: Standard) -> Result<krilla::configure::Configuration, PdfError> {
    let mut builder = ConfigurationBuilder::new();
    if standard.accessible() {
        builder = builder.with_accessibility_validator(Accessibility::UA1);
    }
    if standard.archival() {
        builder = builder.with_archival_validator(Archival::A2_B);
    }
    builder.finish().map_err(|e| PdfError::Standards(format!("{e:?}")))
}

/// Characters of a bookmark title: a heading line in the reader's outline panel.
const OUTLINE_TITLE_CHARS: usize = 40;

fn outline(items: &[Outline]) -> krilla::outline::Outline {
    let mut outline = krilla::outline::Outline::new();
    for item in items {
        outline.push_child(outline_node(item));
    }
    outline
}

fn outline_node(item: &Outline) -> OutlineNode {
    // A bookmark names its heading; a whole 施策 text there is unreadable.
    let title = crate::text::shorten(&item.title, OUTLINE_TITLE_CHARS);
    let mut node = OutlineNode::new(title, XyzDestination::new(item.page, Point::from_xy(0.0, 0.0)));
    for child in &item.children {
        node.push_child(outline_node(child));
    }
    node
}

/// Characters of the document title: the reader's window title and the XMP dc:title.
const TITLE_CHARS: usize = 200;

fn metadata(meta: &Meta) -> Metadata {
    let crate::text::wareki::Date { year, month, day } = meta.date;
    // The date of issue is a Japanese calendar day: midnight in Japan Standard Time.
    let date = DateTime::new(year.clamp(0, 9999) as u16)
        .month(month as u8)
        .day(day as u8)
        .hour(0)
        .minute(0)
        .second(0)
        .utc_offset_hour(9)
        .utc_offset_minute(0);
    let version = env!("CARGO_PKG_VERSION");
    Metadata::new()
        .title(crate::text::shorten(&meta.title, TITLE_CHARS))
        .authors(vec![meta.author.clone()])
        .description(meta.subject.clone())
        .keywords(meta.keywords.clone())
        .language("ja".into())
        .creator(format!("kyodo {version}"))
        .producer(format!("kyodo {version} (krilla)"))
        .creation_date(date)
}
