//! PDF export of a laid-out [`Document`].
//!
//! printpdf embeds and subsets the fonts (widths, ToUnicode) and builds the document; the page
//! content streams are written here directly. printpdf's operation list costs about 80 bytes
//! and a string per glyph and takes most of the run on a 1,500-page report; the streams
//! themselves are a few lines of PDF syntax. Only glyph numbers must agree with printpdf's
//! subset, which renumbers glyphs: every glyph the document uses is shown once on page 1, the
//! subset numbers are read back from what printpdf wrote there, and then every page (page 1
//! included) gets its real content.
//!
//! Text is drawn where the layout put it: the spaces it decided between neighbours (約物 set
//! close, 和欧間) become TJ adjustments, and the glyphs they move are wrapped in /ActualText
//! spans so text extraction reads the source text.
//!
//! lopdf then adds what printpdf lacks: a nested outline, `/Lang ja-JP`, a clean document
//! information dictionary and a file identifier derived from the content, so the same report
//! always gives the same bytes.

use crate::fonts::{self, Font};
use crate::layout::frame::{Color, Document, Element, Outline, Page, Weight};
use lopdf::{Bookmark, Object, ObjectId, StringFormat};
use printpdf::{
    Codepoint, Date, DateTime, FontId, Mm, Offset, Op, ParsedFont, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfSaveOptions, Pt, TextItem, Time,
};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// Resource names of the two fonts. Fixed (printpdf's own are drawn from a process-wide
/// counter) and six capitals, because the first six characters become the subset tag.
const REGULAR_ID: &str = "KYODOR";
const BOLD_ID: &str = "KYODOB";

/// Original glyph → subset glyph, per font resource name.
type GlyphMap = HashMap<&'static str, HashMap<u16, u16>>;

/// Writes a laid-out document as PDF bytes.
pub fn export(document: &Document) -> Result<Vec<u8>, String> {
    let used = used_glyphs(document);
    let mut doc = PdfDocument::new(&document.meta.title);
    for (id, bytes, weight) in
        [(REGULAR_ID, fonts::regular().bytes, Weight::Regular), (BOLD_ID, fonts::bold().bytes, Weight::Bold)]
    {
        if used.contains_key(&weight) {
            register_font(&mut doc, id, bytes)?;
        }
    }
    set_info(&mut doc, document);
    doc.pages = document.pages.iter().map(|p| PdfPage::new(Mm(p.width), Mm(p.height), Vec::new())).collect();
    if let Some(first) = doc.pages.first_mut() {
        first.ops = glyph_inventory(&used);
    }
    let options =
        PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = Vec::new();
    let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
    if let Some(w) = warnings.first() {
        // A failed subset silently embeds the whole 4.6 MB font: never ship that.
        return Err(format!("PDF を作れませんでした（{}）", w.msg));
    }
    let map = subset_numbers(&pdf, &used)?;
    write_pages(&mut pdf, document, &map)?;
    polish(&mut pdf, &document.outline)?;
    let mut bytes = Vec::new();
    pdf.save_to(&mut bytes).map_err(|e| format!("PDF を書けませんでした（{e}）"))?;
    set_file_id(&mut bytes)?;
    Ok(bytes)
}

fn font(weight: Weight) -> (&'static str, &'static Font) {
    match weight {
        Weight::Regular => (REGULAR_ID, fonts::regular()),
        Weight::Bold => (BOLD_ID, fonts::bold()),
    }
}

/// Every glyph the document draws, per face, with the character it stands for.
fn used_glyphs(document: &Document) -> BTreeMap<Weight, BTreeMap<u16, char>> {
    let mut used: BTreeMap<Weight, BTreeMap<u16, char>> = BTreeMap::new();
    for element in document.pages.iter().flat_map(|p| &p.elements) {
        if let Element::Text { weight, text, .. } = element {
            let glyphs = used.entry(*weight).or_default();
            let (_, face) = font(*weight);
            for c in text.chars() {
                glyphs.entry(face.glyph_id(c)).or_insert_with(|| shown(c));
            }
        }
    }
    used
}

/// Shows every used glyph once, in glyph order, so printpdf subsets exactly those.
fn glyph_inventory(used: &BTreeMap<Weight, BTreeMap<u16, char>>) -> Vec<Op> {
    let mut ops = Vec::new();
    for (weight, glyphs) in used {
        let (id, _) = font(*weight);
        let items = glyphs.iter().map(|(&gid, &c)| Codepoint::with_cid(gid, 0.0, c.to_string())).collect();
        ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: PdfFontHandle::External(FontId(id.into())), size: Pt(1.0) },
            Op::ShowText { items: vec![TextItem::GlyphIds(items)] },
            Op::EndTextSection,
        ]);
    }
    ops
}

/// Reads back the glyph numbers printpdf gave the inventory on page 1.
fn subset_numbers(
    pdf: &lopdf::Document,
    used: &BTreeMap<Weight, BTreeMap<u16, char>>,
) -> Result<GlyphMap, String> {
    let fail = || "PDF の書体を埋め込めませんでした（字形番号の対応が取れません）".to_string();
    let first = *pdf.get_pages().get(&1).ok_or_else(fail)?;
    let content = pdf.get_and_decode_page_content(first).map_err(|_| fail())?;
    let mut shown: HashMap<&'static str, Vec<u16>> = HashMap::new();
    let mut current = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => current = op.operands.first().and_then(|o| o.as_name().ok()).map(|n| n.to_vec()),
            "TJ" | "Tj" => {
                let id = match current.as_deref() {
                    Some(b"KYODOR") => REGULAR_ID,
                    Some(b"KYODOB") => BOLD_ID,
                    _ => return Err(fail()),
                };
                shown.entry(id).or_default().extend(glyph_numbers(&op.operands));
            }
            _ => {}
        }
    }
    let mut map = GlyphMap::new();
    for (weight, glyphs) in used {
        let (id, _) = font(*weight);
        let new = shown.get(id).filter(|n| n.len() == glyphs.len()).ok_or_else(fail)?;
        map.insert(id, glyphs.keys().copied().zip(new.iter().copied()).collect());
    }
    Ok(map)
}

/// Two-byte glyph numbers in the strings of a Tj or TJ operand list.
fn glyph_numbers(operands: &[Object]) -> Vec<u16> {
    let mut out = Vec::new();
    for operand in operands {
        match operand {
            Object::String(bytes, _) => {
                out.extend(bytes.chunks_exact(2).map(|b| u16::from_be_bytes([b[0], b[1]])))
            }
            Object::Array(items) => out.extend(glyph_numbers(items)),
            _ => {}
        }
    }
    out
}

/// Replaces each page's content with the document's, and gives every page both fonts.
fn write_pages(pdf: &mut lopdf::Document, document: &Document, map: &GlyphMap) -> Result<(), String> {
    let fail = |e: lopdf::Error| format!("PDF の頁を書けませんでした（{e}）");
    let pages = pdf.get_pages();
    let first = *pages.get(&1).ok_or("PDF に頁がありません")?;
    let fonts = page_fonts(pdf, first).map_err(fail)?;
    for (number, page) in document.pages.iter().enumerate() {
        let id = *pages.get(&(number as u32 + 1)).ok_or("PDF の頁が足りません")?;
        set_content(pdf, id, content(page, map)).map_err(fail)?;
        if let Some(fonts) = &fonts {
            set_page_fonts(pdf, id, fonts.clone()).map_err(fail)?;
        }
    }
    Ok(())
}

/// Sets a page's content, compressed at zlib's default level. lopdf's own
/// `change_page_content` compresses at the best level, which took a quarter of a 10,000-item
/// report's time and gave no smaller a file (3.62 MB against 3.60 MB at the default).
fn set_content(pdf: &mut lopdf::Document, page: ObjectId, content: Vec<u8>) -> lopdf::Result<()> {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write as _;
    let streams = pdf.get_page_contents(page);
    let [id] = streams[..] else {
        // Not the one stream printpdf writes: lopdf's general path.
        return pdf.change_page_content(page, content);
    };
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(&content)?;
    let compressed = encoder.finish()?;
    if let Object::Stream(stream) = pdf.get_object_mut(id)? {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
    Ok(())
}

/// The /Font resource entry printpdf wrote for page 1 (None when no text is drawn).
fn page_fonts(pdf: &lopdf::Document, page: ObjectId) -> lopdf::Result<Option<Object>> {
    let resources = resources_id(pdf, page)?;
    Ok(pdf.get_dictionary(resources)?.get(b"Font").ok().cloned())
}

fn set_page_fonts(pdf: &mut lopdf::Document, page: ObjectId, fonts: Object) -> lopdf::Result<()> {
    let resources = resources_id(pdf, page)?;
    pdf.get_dictionary_mut(resources)?.set("Font", fonts);
    Ok(())
}

fn resources_id(pdf: &lopdf::Document, page: ObjectId) -> lopdf::Result<ObjectId> {
    pdf.get_dictionary(page)?.get(b"Resources")?.as_reference()
}

/// One page's content stream. Text runs share a text object until a graphic intervenes;
/// font and colours are set only when they change.
fn content(page: &Page, map: &GlyphMap) -> Vec<u8> {
    let mut s = String::new();
    let (mut in_text, mut font_set, mut fill, mut stroke) = (false, None, None, None);
    let y = |mm: f32| pt(page.height - mm);
    for element in &page.elements {
        let is_text = matches!(element, Element::Text { .. });
        if in_text && !is_text {
            s.push_str("ET\n");
            in_text = false;
        }
        match element {
            Element::Text { x, baseline, size, weight, color, text, spaces } => {
                if !in_text {
                    s.push_str("BT\n");
                    (in_text, font_set) = (true, None);
                }
                let (id, face) = font(*weight);
                if font_set != Some((id, size.to_bits())) {
                    let _ = writeln!(s, "/{id} {size} Tf");
                    font_set = Some((id, size.to_bits()));
                }
                set_color(&mut s, &mut fill, *color, "rg");
                s.push_str("1 0 0 1 ");
                push_coords(&mut s, &[pt(*x), y(*baseline)]);
                s.push_str("Tm\n");
                let glyph = |c: char| map[id].get(&face.glyph_id(c)).copied().unwrap_or(0);
                show_text(&mut s, text, spaces, *size, &glyph);
            }
            Element::Rect { x, y: top, w, h, fill: inside, stroke: edge } => {
                let mut rect = String::new();
                push_coords(&mut rect, &[pt(*x), y(top + h), pt(*w), pt(*h)]);
                rect.push_str("re");
                if let Some(color) = inside {
                    set_color(&mut s, &mut fill, *color, "rg");
                    let _ = writeln!(s, "{rect} f");
                }
                if let Some((color, width)) = edge {
                    set_color(&mut s, &mut stroke, *color, "RG");
                    let _ = writeln!(s, "{width} w {rect} S");
                }
            }
            Element::Line { x1, y1, x2, y2, color, width } => {
                set_color(&mut s, &mut stroke, *color, "RG");
                let _ = write!(s, "{width} w ");
                push_coords(&mut s, &[pt(*x1), y(*y1)]);
                s.push_str("m ");
                push_coords(&mut s, &[pt(*x2), y(*y2)]);
                s.push_str("l S\n");
            }
        }
    }
    if in_text {
        s.push_str("ET\n");
    }
    s.into_bytes()
}

/// Shows a run of text with the spacing layout decided. Characters moved off their plain
/// advance are shown in a marked-content span with their source text as /ActualText, so text
/// extraction (pdftotext, copy and paste, screen readers) reads the source with no space
/// inserted where the 和欧間 is and nothing broken where 約物 are closed up.
fn show_text(s: &mut String, text: &str, spaces: &[(u32, f32)], size: f32, glyph: &dyn Fn(char) -> u16) {
    let chars: Vec<char> = text.chars().collect();
    if spaces.is_empty() {
        s.push('<');
        for &c in &chars {
            push_hex4(s, glyph(c));
        }
        s.push_str("> Tj\n");
        return;
    }
    // TJ numbers are thousandths of an em, subtracted from the position.
    let adjust: Vec<(usize, f32)> =
        spaces.iter().map(|&(i, mm)| (i as usize, -pt(mm) / size * 1000.0)).collect();
    let mut start = 0;
    for (from, to) in spans(spaces, chars.len()) {
        show_part(s, &chars[start..from], start, &adjust, glyph);
        s.push_str("/Span <</ActualText <FEFF");
        for unit in chars[from..to].iter().collect::<String>().encode_utf16() {
            let _ = write!(s, "{unit:04X}");
        }
        s.push_str(">>> BDC\n");
        show_part(s, &chars[from..to], from, &adjust, glyph);
        s.push_str("EMC\n");
        start = to;
    }
    show_part(s, &chars[start..], start, &adjust, glyph);
}

/// The character ranges an adjusted space touches (the characters on both sides of it),
/// overlapping ones merged.
fn spans(spaces: &[(u32, f32)], len: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(i, _) in spaces {
        let (from, to) = ((i as usize).saturating_sub(1), (i as usize + 1).min(len));
        match out.last_mut() {
            Some(last) if from < last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

/// One TJ of `chars` (starting at index `offset` of the run) with its adjustments.
fn show_part(
    s: &mut String,
    chars: &[char],
    offset: usize,
    adjust: &[(usize, f32)],
    glyph: &dyn Fn(char) -> u16,
) {
    if chars.is_empty() {
        return;
    }
    s.push_str("[<");
    for (k, &c) in chars.iter().enumerate() {
        let at = offset + k;
        if let Some((_, a)) = adjust.iter().find(|&&(i, _)| i == at).filter(|_| k > 0) {
            let _ = write!(s, "> {a:.1} <");
        }
        push_hex4(s, glyph(c));
    }
    s.push_str(">] TJ\n");
}

fn set_color(s: &mut String, current: &mut Option<Color>, color: Color, operator: &str) {
    if *current != Some(color) {
        let f = |v: u8| f32::from(v) / 255.0;
        let _ = writeln!(s, "{:.3} {:.3} {:.3} {operator}", f(color.0), f(color.1), f(color.2));
        *current = Some(color);
    }
}

/// Millimetres to points.
/// Writes each value with two decimals and a space after it, as `{:.2} ` would, without the
/// float formatter: a report's content streams hold millions of coordinates, and formatting
/// them as floats was a tenth of the time of a 10,000-item report. Values are page
/// coordinates in points, far inside i64.
fn push_coords(s: &mut String, values: &[f32]) {
    for &v in values {
        let hundredths = (f64::from(v) * 100.0).round() as i64;
        if hundredths < 0 {
            s.push('-');
        }
        let n = hundredths.unsigned_abs();
        let _ = write!(s, "{}.{:02} ", n / 100, n % 100);
    }
}

/// Writes a glyph id as four upper-case hex digits, as `{:04X}` would.
fn push_hex4(s: &mut String, v: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for shift in [12, 8, 4, 0] {
        s.push(char::from(DIGITS[usize::from(v >> shift & 0xF)]));
    }
}

fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

fn register_font(doc: &mut PdfDocument, id: &str, bytes: &[u8]) -> Result<(), String> {
    let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or("書体を PDF に埋め込めません")?;
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
    info.creation_date = date;
    info.modification_date = date;
    info.metadata_date = date;
}

/// What copy-and-paste gives for a character: itself, or 〓 where 〓 is drawn.
fn shown(c: char) -> char {
    if fonts::regular().can_draw(c) {
        c
    } else {
        fonts::MISSING
    }
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

/// Characters of a bookmark title: a heading line in the reader's outline panel.
const OUTLINE_TITLE_CHARS: usize = 40;

fn add_bookmarks(
    pdf: &mut lopdf::Document,
    pages: &BTreeMap<u32, ObjectId>,
    items: &[Outline],
    parent: Option<u32>,
) -> Result<(), String> {
    for item in items {
        let page = *pages.get(&(item.page as u32 + 1)).ok_or("しおりの頁がありません")?;
        // A bookmark names its heading; a whole 施策 text there is unreadable and slow to write.
        let title = crate::text::shorten(&item.title, OUTLINE_TITLE_CHARS);
        let id = pdf.add_bookmark(Bookmark::new(title, [0.0, 0.0, 0.0], 0, page), parent);
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
