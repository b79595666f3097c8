//! Glyph positions read back from a PDF's content streams (lopdf): every glyph kyodo drew,
//! with its character (from the font's ToUnicode map), where it starts and how far it
//! advances (from the font's /W widths and the TJ adjustments), in points from the page's
//! bottom-left corner. Tests judge the printed result from these, not from the layout.

use lopdf::{Document, Object, ObjectId};
use std::collections::HashMap;
use std::path::Path;

/// One drawn glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Zero-based page.
    pub page: usize,
    pub c: char,
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Font size in points (an em).
    pub size: f32,
    /// Advance in points.
    pub advance: f32,
}

/// A font's code → (character, width in thousandths of an em).
struct Font {
    chars: HashMap<u16, char>,
    widths: HashMap<u16, f32>,
}

/// A PDF transformation matrix [a b c d e f].
type Matrix = [f32; 6];

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m` applied first, then `n`.
fn concat(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// Every glyph of the document, page by page, in drawing order. Positions go through the
/// text matrix and the graphics state's matrix (q/Q/cm), as a viewer places them.
pub fn glyphs(path: &Path) -> Vec<Glyph> {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for (page, (_, id)) in doc.get_pages().into_iter().enumerate() {
        let fonts = page_fonts(&doc, id);
        let content = doc.get_and_decode_page_content(id).unwrap();
        let (mut font, mut size) = (None::<&Font>, 0.0f32);
        let (mut ctm, mut stack, mut tm, mut tx) = (IDENTITY, Vec::new(), IDENTITY, 0.0f32);
        for op in &content.operations {
            let num = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(IDENTITY),
                "cm" => ctm = concat(&[num(0), num(1), num(2), num(3), num(4), num(5)], &ctm),
                "Tf" => {
                    let name = op.operands[0].as_name().unwrap();
                    font = fonts.get(name);
                    size = num(1);
                }
                "Tm" => (tm, tx) = ([num(0), num(1), num(2), num(3), num(4), num(5)], 0.0),
                "Tj" | "TJ" => {
                    let font = font.expect("a font is set before text is shown");
                    let items = match &op.operands[0] {
                        Object::Array(items) => items.clone(),
                        other => vec![other.clone()],
                    };
                    let user = concat(&tm, &ctm);
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                for pair in bytes.chunks_exact(2) {
                                    let code = u16::from_be_bytes([pair[0], pair[1]]);
                                    let advance =
                                        font.widths.get(&code).copied().unwrap_or(1000.0) / 1000.0 * size;
                                    let c = font.chars.get(&code).copied().unwrap_or('\u{FFFD}');
                                    let (x, y) = apply(&user, tx, 0.0);
                                    // Glyphs shown off the page (the renderer's one-time
                                    // inventory for ToUnicode) are not what a reader sees.
                                    if x >= 0.0 && y >= 0.0 {
                                        out.push(Glyph { page, c, x, y, size, advance });
                                    }
                                    tx += advance;
                                }
                            }
                            other => tx -= other.as_float().unwrap_or(0.0) / 1000.0 * size,
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// The glyphs grouped into lines: runs on one baseline of one page where each glyph starts
/// within half an em of where the one before it ends (or up to 0.6 em before it: 約物 set
/// close).
pub fn lines(glyphs: &[Glyph]) -> Vec<Vec<Glyph>> {
    let mut out: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        let joins = out.last().and_then(|l| l.last()).is_some_and(|last| {
            let gap = g.x - (last.x + last.advance);
            last.page == g.page && (last.y - g.y).abs() < 0.01 && gap > -0.6 * g.size && gap < 0.5 * g.size
        });
        if joins {
            out.last_mut().unwrap().push(g.clone());
        } else {
            out.push(vec![g.clone()]);
        }
    }
    out
}

/// The text of a line of glyphs.
pub fn text(line: &[Glyph]) -> String {
    line.iter().map(|g| g.c).collect()
}

fn page_fonts(doc: &Document, page: ObjectId) -> HashMap<Vec<u8>, Font> {
    let mut out = HashMap::new();
    let Ok((direct, ids)) = doc.get_page_resources(page) else {
        return out;
    };
    let mut dicts: Vec<&lopdf::Dictionary> = direct.into_iter().collect();
    dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    let Some(fonts) =
        dicts.iter().find_map(|r| r.get(b"Font").ok().and_then(|f| deref(doc, f).as_dict().ok().cloned()))
    else {
        return out;
    };
    for (name, font) in fonts.iter() {
        let font = deref(doc, font).as_dict().unwrap();
        let descendant = font.get(b"DescendantFonts").map(|d| deref(doc, d).as_array().unwrap()[0].clone());
        let descendant = deref(doc, &descendant.unwrap()).as_dict().unwrap().clone();
        let widths = descendant.get(b"W").map(|w| cid_widths(doc, deref(doc, w))).unwrap_or_default();
        let to_unicode = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
        let stream = doc.get_object(to_unicode).unwrap().as_stream().unwrap();
        let cmap = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
        out.insert(name.clone(), Font { chars: parse_cmap(&String::from_utf8_lossy(&cmap)), widths });
    }
    out
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

/// A CIDFont /W array: `c [w1 w2 …]` and `c_first c_last w`.
fn cid_widths(doc: &Document, w: &Object) -> HashMap<u16, f32> {
    let items = w.as_array().unwrap();
    let mut out = HashMap::new();
    let mut i = 0;
    while i < items.len() {
        let first = deref(doc, &items[i]).as_float().unwrap() as u16;
        match deref(doc, &items[i + 1]) {
            Object::Array(ws) => {
                for (k, w) in ws.iter().enumerate() {
                    out.insert(first + k as u16, deref(doc, w).as_float().unwrap());
                }
                i += 2;
            }
            last => {
                let last = last.as_float().unwrap() as u16;
                let w = deref(doc, &items[i + 2]).as_float().unwrap();
                for c in first..=last {
                    out.insert(c, w);
                }
                i += 3;
            }
        }
    }
    out
}

/// bfchar and bfrange entries of a ToUnicode CMap.
fn parse_cmap(cmap: &str) -> HashMap<u16, char> {
    let mut out = HashMap::new();
    let hex = |s: &str| u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).ok();
    let mut section = "";
    for line in cmap.lines() {
        let line = line.trim();
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") { "char" } else { "range" };
            continue;
        }
        if line.starts_with("endbf") {
            section = "";
            continue;
        }
        let parts: Vec<&str> = line.split_whitespace().collect();
        match (section, parts.as_slice()) {
            ("char", [code, uni]) => {
                if let (Some(code), Some(c)) = (hex(code), hex(uni).and_then(char::from_u32)) {
                    out.insert(code as u16, c);
                }
            }
            ("range", [lo, hi, start]) if start.starts_with('<') => {
                if let (Some(lo), Some(hi), Some(start)) = (hex(lo), hex(hi), hex(start)) {
                    for (k, code) in (lo..=hi).enumerate() {
                        if let Some(c) = char::from_u32(start + k as u32) {
                            out.insert(code as u16, c);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The fill colours of the document's drawing (`r g b rg` or `r g b scn`), as 8-bit sRGB, and
/// how many paths were filled (`f`).
pub fn fills(path: &Path) -> (Vec<(u8, u8, u8)>, usize) {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut colours, mut filled) = (Vec::new(), 0);
    for (_, id) in doc.get_pages() {
        for op in doc.get_and_decode_page_content(id).unwrap().operations {
            let values: Vec<f32> = op.operands.iter().filter_map(|o| o.as_float().ok()).collect();
            match (op.operator.as_str(), values.as_slice()) {
                ("rg" | "scn", [r, g, b]) => {
                    let byte = |v: f32| (v * 255.0).round() as u8;
                    colours.push((byte(*r), byte(*g), byte(*b)));
                }
                ("f" | "f*" | "B" | "B*", _) => filled += 1,
                _ => {}
            }
        }
    }
    (colours, filled)
}

/// A structure element of a tagged PDF, as read back: its type (/S), heading title (/T),
/// alternative text (/Alt), header scope (/A /Scope), children in order, and how many marked
/// content sequences it holds directly.
#[derive(Debug, Clone, Default)]
pub struct Elem {
    pub kind: String,
    pub title: Option<String>,
    pub alt: Option<String>,
    pub scope: Option<String>,
    /// How many columns a table cell takes (/A /ColSpan; 1 without).
    pub col_span: usize,
    pub children: Vec<Elem>,
    /// (page number from 0, MCID) of the content it holds.
    pub content: Vec<(usize, i64)>,
}

impl Elem {
    /// This element and all below it, depth first.
    pub fn all(&self) -> Vec<&Elem> {
        let mut out = vec![self];
        for c in &self.children {
            out.extend(c.all());
        }
        out
    }

    /// The rows of this table, not those of a table inside one of its cells.
    pub fn own_rows(&self) -> Vec<&Elem> {
        fn walk<'a>(e: &'a Elem, out: &mut Vec<&'a Elem>) {
            for c in &e.children {
                match c.kind.as_str() {
                    "TR" => out.push(c),
                    "Table" => {}
                    _ => walk(c, out),
                }
            }
        }
        let mut out = Vec::new();
        walk(self, &mut out);
        out
    }

    /// Every element of type `kind` at or below this one.
    pub fn find(&self, kind: &str) -> Vec<&Elem> {
        self.all().into_iter().filter(|e| e.kind == kind).collect()
    }
}

/// A tagged PDF as read back: the catalog's accessibility entries, the XMP packet, the
/// structure tree and the marked content of the pages.
pub struct Tagged {
    pub lang: Option<String>,
    pub display_doc_title: bool,
    pub marked: bool,
    pub xmp: String,
    pub root: Elem,
    /// Per page: MCIDs in drawing order.
    pub mcids: Vec<Vec<i64>>,
    /// Painting operators (text shown, paths filled or stroked) outside any marked content.
    pub unmarked: usize,
    /// Per font: (BaseFont, has ToUnicode).
    pub fonts: Vec<(String, bool)>,
}

fn text_string(doc: &Document, object: &Object) -> Option<String> {
    match deref(doc, object) {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> =
                bytes[2..].chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
            Some(String::from_utf16_lossy(&units))
        }
        Object::String(bytes, _) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

/// Reads the accessibility structure of the PDF at `path`.
pub fn tagged(path: &Path) -> Tagged {
    let doc = Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let catalog = doc.catalog().unwrap();
    let lang = catalog.get(b"Lang").ok().and_then(|l| text_string(&doc, l));
    let dict = |key: &[u8]| catalog.get(key).ok().and_then(|o| deref(&doc, o).as_dict().ok()).cloned();
    let flag = |d: Option<lopdf::Dictionary>, key: &[u8]| {
        d.and_then(|d| d.get(key).ok().and_then(|v| v.as_bool().ok())).unwrap_or(false)
    };
    let display_doc_title = flag(dict(b"ViewerPreferences"), b"DisplayDocTitle");
    let marked = flag(dict(b"MarkInfo"), b"Marked");
    let xmp = catalog
        .get(b"Metadata")
        .ok()
        .and_then(|m| deref(&doc, m).as_stream().ok())
        .map(|s| {
            String::from_utf8_lossy(&s.decompressed_content().unwrap_or_else(|_| s.content.clone()))
                .into_owned()
        })
        .unwrap_or_default();
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = dict(b"StructTreeRoot").map(|r| elem(&doc, &r, &pages, None)).unwrap_or_default();
    let (mut mcids, mut unmarked) = (Vec::new(), 0);
    let mut fonts = Vec::new();
    for &id in &pages {
        let (ids, outside) = page_marks(&doc, id);
        mcids.push(ids);
        unmarked += outside;
        for font in page_font_dicts(&doc, id) {
            let name = font.get(b"BaseFont").ok().and_then(|n| n.as_name().ok()).unwrap_or(b"");
            let entry = (String::from_utf8_lossy(name).into_owned(), font.has(b"ToUnicode"));
            if !fonts.contains(&entry) {
                fonts.push(entry);
            }
        }
    }
    Tagged { lang, display_doc_title, marked, xmp, root, mcids, unmarked, fonts }
}

fn page_font_dicts(doc: &Document, page: ObjectId) -> Vec<lopdf::Dictionary> {
    let Ok((direct, ids)) = doc.get_page_resources(page) else {
        return Vec::new();
    };
    let mut dicts: Vec<&lopdf::Dictionary> = direct.into_iter().collect();
    dicts.extend(ids.iter().filter_map(|id| doc.get_dictionary(*id).ok()));
    dicts
        .iter()
        .filter_map(|r| r.get(b"Font").ok().and_then(|f| deref(doc, f).as_dict().ok()))
        .flat_map(|fonts| fonts.iter().filter_map(|(_, f)| deref(doc, f).as_dict().ok().cloned()))
        .collect()
}

fn elem(doc: &Document, dict: &lopdf::Dictionary, pages: &[ObjectId], page: Option<usize>) -> Elem {
    let name = |key: &[u8]| {
        dict.get(key).ok().and_then(|v| v.as_name().ok()).map(|n| String::from_utf8_lossy(n).into_owned())
    };
    let page = dict
        .get(b"Pg")
        .ok()
        .and_then(|p| p.as_reference().ok())
        .and_then(|r| pages.iter().position(|&id| id == r))
        .or(page);
    let attrs = match dict.get(b"A").map(|a| deref(doc, a)) {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    let attr = |key: &[u8]| attrs.iter().find_map(|a| deref(doc, a).as_dict().ok()?.get(key).ok().cloned());
    let scope =
        attr(b"Scope").and_then(|s| s.as_name().ok().map(|n| String::from_utf8_lossy(n).into_owned()));
    let col_span = attr(b"ColSpan").and_then(|s| s.as_i64().ok()).map_or(1, |n| n as usize);
    let mut out = Elem {
        kind: name(b"S").unwrap_or_else(|| "StructTreeRoot".into()),
        title: dict.get(b"T").ok().and_then(|t| text_string(doc, t)),
        alt: dict.get(b"Alt").ok().and_then(|t| text_string(doc, t)),
        scope,
        col_span,
        ..Elem::default()
    };
    let kids = match dict.get(b"K").map(|k| deref(doc, k)) {
        Ok(Object::Array(items)) => items.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    for kid in kids {
        match deref(doc, &kid) {
            Object::Integer(mcid) => out.content.push((page.unwrap_or(usize::MAX), *mcid)),
            Object::Dictionary(d) if d.get(b"MCID").is_ok() => {
                let pg = d
                    .get(b"Pg")
                    .ok()
                    .and_then(|p| p.as_reference().ok())
                    .and_then(|r| pages.iter().position(|&id| id == r));
                out.content
                    .push((pg.or(page).unwrap_or(usize::MAX), d.get(b"MCID").unwrap().as_i64().unwrap()));
            }
            Object::Dictionary(d) => out.children.push(elem(doc, d, pages, page)),
            _ => {}
        }
    }
    out
}

/// The MCIDs of a page's marked content, and how many painting operators lie outside any.
fn page_marks(doc: &Document, page: ObjectId) -> (Vec<i64>, usize) {
    let content = doc.get_and_decode_page_content(page).unwrap();
    let (mut depth, mut ids, mut outside) = (0usize, Vec::new(), 0);
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" => {
                depth += 1;
                if let Some(Ok(d)) = op.operands.get(1).map(|o| o.as_dict()) {
                    if let Ok(id) = d.get(b"MCID").and_then(|m| m.as_i64()) {
                        ids.push(id);
                    }
                }
            }
            "BMC" => depth += 1,
            "EMC" => depth = depth.saturating_sub(1),
            "Tj" | "TJ" | "'" | "\"" | "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "Do"
            | "sh"
                if depth == 0 =>
            {
                outside += 1
            }
            _ => {}
        }
    }
    (ids, outside)
}
