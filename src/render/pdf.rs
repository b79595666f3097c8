//! PDF export of a laid-out [`Document`] with printpdf, then lopdf for what printpdf lacks:
//! a nested outline, `/Lang ja-JP`, a clean document information dictionary and a file
//! identifier derived from the content, so the same report always gives the same bytes.

use super::Renderer;
use crate::fonts;
use crate::layout::frame::{Color, Document, Element, Outline, Page, Weight};
use crate::report::Report;
use lopdf::{Bookmark, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, Date, DateTime, FontId, Line, LinePoint, Mm, Offset, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix, Time,
};
use std::collections::BTreeMap;

/// The PDF renderer.
pub struct Pdf;

impl Renderer for Pdf {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        export(&report.layout())
    }
}

/// Resource names of the two fonts. Fixed (printpdf's own are drawn from a process-wide
/// counter) and six capitals, because the first six characters become the subset tag.
const REGULAR_ID: &str = "KYODOR";
const BOLD_ID: &str = "KYODOB";

/// Writes a laid-out document as PDF bytes.
pub fn export(document: &Document) -> Result<Vec<u8>, String> {
    let mut doc = PdfDocument::new(&document.meta.title);
    register_font(&mut doc, REGULAR_ID, fonts::REGULAR)?;
    register_font(&mut doc, BOLD_ID, fonts::BOLD)?;
    set_info(&mut doc, document);
    doc.pages = document.pages.iter().map(page).collect();
    let options =
        PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(w) = warnings.first() {
        // A failed subset silently embeds the whole 4.6 MB font: never ship that.
        return Err(format!("PDF を作れませんでした（{}）", w.msg));
    }
    polish(&mut pdf, &document.outline)?;
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|e| format!("PDF を書けませんでした（{e}）"))?;
    set_file_id(&mut bytes)?;
    Ok(bytes)
}

fn register_font(doc: &mut PdfDocument, id: &str, bytes: &[u8]) -> Result<(), String> {
    let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or("同梱の書体を読めません")?;
    doc.resources.fonts.map.insert(FontId(id.into()), PdfFont::new(font));
    Ok(())
}

fn set_info(doc: &mut PdfDocument, document: &Document) {
    let meta = &document.meta;
    let (y, m, d) = meta.date;
    // printpdf writes the offset as +00'00' whatever it is given: the date is given as UTC.
    let date = DateTime::new_in_offset(
        Date { year: y, month: m as u8, day: d as u8 },
        Time { hour: 0, minute: 0, second: 0, millisecond: 0 },
        Offset { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 },
    );
    let info = &mut doc.metadata.info;
    info.document_title = meta.title.clone();
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.creator = format!("kyodo {}", env!("CARGO_PKG_VERSION"));
    info.producer = format!("kyodo {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.creation_date = date.clone();
    info.modification_date = date.clone();
    info.metadata_date = date;
}

/// One page's drawing operations, in the order the layout gave them.
fn page(page: &Page) -> PdfPage {
    let to_pt = |mm: f32| Pt::from(Mm(mm));
    let at = |x: f32, y: f32| Point { x: to_pt(x), y: to_pt(page.height - y) };
    let mut ops = Vec::new();
    for element in &page.elements {
        match element {
            Element::Text { x, baseline, size, weight, color, text } => {
                let (id, font) = match weight {
                    Weight::Regular => (REGULAR_ID, fonts::regular()),
                    Weight::Bold => (BOLD_ID, fonts::bold()),
                };
                let p = at(*x, *baseline);
                let glyphs =
                    text.chars().map(|c| Codepoint::with_cid(font.glyph_id(c), 0.0, shown(c))).collect();
                ops.extend([
                    Op::StartTextSection,
                    Op::SetFont { font: PdfFontHandle::External(FontId(id.into())), size: Pt(*size) },
                    Op::SetFillColor { col: rgb(*color) },
                    Op::SetTextMatrix { matrix: TextMatrix::Translate(p.x, p.y) },
                    Op::ShowText { items: vec![TextItem::GlyphIds(glyphs)] },
                    Op::EndTextSection,
                ]);
            }
            Element::Rect { x, y, w, h, fill, stroke } => {
                let corner = at(*x, y + h);
                let rect = |mode| Rect {
                    mode: Some(mode),
                    ..Rect::from_xywh(corner.x, corner.y, to_pt(*w), to_pt(*h))
                };
                if let Some(fill) = fill {
                    ops.push(Op::SetFillColor { col: rgb(*fill) });
                    ops.push(Op::DrawRectangle { rectangle: rect(PaintMode::Fill) });
                }
                if let Some((color, width)) = stroke {
                    ops.push(Op::SetOutlineColor { col: rgb(*color) });
                    ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                    ops.push(Op::DrawRectangle { rectangle: rect(PaintMode::Stroke) });
                }
            }
            Element::Line { x1, y1, x2, y2, color, width } => {
                let point = |x, y| LinePoint { p: at(x, y), bezier: false };
                ops.push(Op::SetOutlineColor { col: rgb(*color) });
                ops.push(Op::SetOutlineThickness { pt: Pt(*width) });
                ops.push(Op::DrawLine {
                    line: Line { points: vec![point(*x1, *y1), point(*x2, *y2)], is_closed: false },
                });
            }
        }
    }
    PdfPage::new(Mm(page.width), Mm(page.height), ops)
}

/// What copy-and-paste gives for a character: itself, or 〓 where 〓 is drawn.
fn shown(c: char) -> String {
    if fonts::regular().can_draw(c) { c } else { fonts::MISSING }.to_string()
}

fn rgb(c: Color) -> printpdf::Color {
    let f = |v: u8| f32::from(v) / 255.0;
    printpdf::Color::Rgb(Rgb::new(f(c.0), f(c.1), f(c.2), None))
}

/// Adds what printpdf does not write: the outline tree, the language, a PDF name for the page
/// mode; removes the empty PDF/X key printpdf always writes.
fn polish(pdf: &mut lopdf::Document, outline: &[Outline]) -> Result<(), String> {
    let fail = |e: lopdf::Error| format!("PDF を仕上げられませんでした（{e}）");
    pdf.version = "1.4".into();
    let info_id = pdf.trailer.get(b"Info").and_then(Object::as_reference).map_err(fail)?;
    let info = pdf.get_dictionary_mut(info_id).map_err(fail)?;
    for key in [&b"GTS_PDFXVersion"[..], b"Identifier", b"Trapped"] {
        info.remove(key);
    }
    let pages = pdf.get_pages();
    add_bookmarks(pdf, &pages, outline, None)?;
    let outlines = pdf.build_outline();
    let catalog = pdf.catalog_mut().map_err(fail)?;
    catalog.set("Lang", Object::string_literal("ja-JP"));
    if let Some(outlines) = outlines {
        catalog.set("Outlines", outlines);
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
    let placeholder = Object::String(vec![b'0'; 32], StringFormat::Literal);
    pdf.trailer.set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
    pdf.compress();
    Ok(())
}

fn add_bookmarks(
    pdf: &mut lopdf::Document,
    pages: &BTreeMap<u32, ObjectId>,
    items: &[Outline],
    parent: Option<u32>,
) -> Result<(), String> {
    for item in items {
        let page = *pages.get(&(item.page as u32 + 1)).ok_or("しおりの頁がありません")?;
        let id = pdf.add_bookmark(Bookmark::new(item.title.clone(), [0.0, 0.0, 0.0], 0, page), parent);
        add_bookmarks(pdf, pages, &item.children, Some(id))?;
    }
    Ok(())
}

/// Replaces the placeholder file identifier with a hash of the file (same length, so the
/// cross-reference offsets stay valid): identical reports get identical identifiers.
fn set_file_id(pdf: &mut [u8]) -> Result<(), String> {
    const PLACEHOLDER: &[u8] = b"(00000000000000000000000000000000)";
    let tail = pdf.len().saturating_sub(1024);
    let first = pdf[tail..]
        .windows(PLACEHOLDER.len())
        .position(|w| w == PLACEHOLDER)
        .map(|p| tail + p + 1)
        .ok_or("PDF の識別子が見つかりません")?;
    let hash = fnv_hex(pdf);
    for start in [first, first + PLACEHOLDER.len() + 1] {
        if pdf.get(start..start + 32) == Some(&PLACEHOLDER[1..33]) {
            pdf[start..start + 32].copy_from_slice(hash.as_bytes());
        }
    }
    Ok(())
}

/// 32 hex digits of two FNV-1a passes.
fn fnv_hex(bytes: &[u8]) -> String {
    let mut a: u64 = 0xcbf2_9ce4_8422_2325;
    let mut b: u64 = 0x8422_2325_cbf2_9ce4;
    for &byte in bytes {
        a = (a ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
        b = (b ^ u64::from(byte.rotate_left(3))).wrapping_mul(0x100_0000_01b3);
    }
    format!("{a:016X}{b:016X}")
}
