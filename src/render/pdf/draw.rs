//! Drawing a page's elements on a krilla surface: text as positioned glyphs (no shaping: the
//! layout decided every advance), rectangles and lines as paths, each element inside the
//! marked content its mark says.

use super::tags::{Leaves, Marker};
use super::PdfError;
use crate::fonts::{self, Font};
use crate::layout::frame::{pt_to_mm, Color, Element, Furniture, Mark, Page, Weight};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Glyph, GlyphId};
use std::ops::Range;

/// The two faces as krilla embeds them (subset, with ToUnicode).
pub(super) struct Faces {
    regular: krilla::text::Font,
    bold: krilla::text::Font,
}

impl Faces {
    pub(super) fn new() -> Result<Faces, PdfError> {
        let load = |font: &'static Font| {
            krilla::text::Font::new(font.bytes.into(), 0)
                .ok_or_else(|| PdfError::Font("TrueType の書体として読めません".into()))
        };
        Ok(Faces { regular: load(fonts::regular())?, bold: load(fonts::bold())? })
    }

    fn get(&self, weight: Weight) -> (&krilla::text::Font, &'static Font) {
        let embedded = match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        };
        (embedded, face(weight))
    }
}

/// The bundled face of a weight, for advances and glyph ids.
fn face(weight: Weight) -> &'static Font {
    match weight {
        Weight::Regular => fonts::regular(),
        Weight::Bold => fonts::bold(),
    }
}

/// The glyphs of every text element of a page, in element order. They need only the page, so
/// they are made on another core while krilla draws the page before (krilla's drawing is the
/// export's one busy thread).
pub(super) struct Glyphs {
    placed: Vec<Placed>,
    /// Where each text element's glyphs end in `placed`.
    ends: Vec<usize>,
}

impl Glyphs {
    pub(super) fn of(page: &Page) -> Glyphs {
        let mut glyphs = Glyphs { placed: Vec::new(), ends: Vec::new() };
        for element in &page.elements {
            if let Element::Text { size, weight, text, spaces, .. } = element {
                place(text, spaces, face(*weight), *size, &mut glyphs.placed);
                glyphs.ends.push(glyphs.placed.len());
            }
        }
        glyphs
    }

    /// The glyphs of the `k`-th text element.
    fn line(&self, k: usize) -> &[Placed] {
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        &self.placed[start..self.ends[k]]
    }
}

/// Draws every element of `page`, recording the marked content of structure nodes in `leaves`;
/// on the first page, the `inventory` first.
pub(super) fn page(
    surface: &mut Surface,
    page: &Page,
    glyphs: &Glyphs,
    inventory: Option<&Inventory>,
    faces: &Faces,
    leaves: &mut Leaves,
) {
    let mut marker = Marker::new();
    if let Some(inventory) = inventory {
        marker.enter(surface, Mark::Artifact(Furniture::Layout), leaves);
        inventory.show(surface, faces);
    }
    let mut rules = Rules::new();
    let mut texts = Texts::new();
    let mut texts_seen = 0;
    for (element, mark) in page.marked() {
        match element {
            Element::Line { x1, y1, x2, y2, color, width } => {
                texts.flush(surface, &mut marker, leaves, faces);
                let paint = Paint { fill: None, stroke: Some((*color, *width)), mark };
                rules.add(surface, &mut marker, leaves, paint, |path| {
                    path.move_to(pt(*x1), pt(*y1));
                    path.line_to(pt(*x2), pt(*y2));
                });
            }
            Element::Rect { x, y, w, h, fill, stroke } => {
                texts.flush(surface, &mut marker, leaves, faces);
                let Some(rect) = Rect::from_xywh(pt(*x), pt(*y), pt(*w), pt(*h)) else { continue };
                let paint = Paint { fill: *fill, stroke: *stroke, mark };
                rules.add(surface, &mut marker, leaves, paint, |path| path.push_rect(rect));
            }
            Element::Text { x, baseline, size, weight, color, text, .. } => {
                rules.flush(surface, &mut marker, leaves);
                let style = TextStyle { size: *size, weight: *weight, color: *color, mark };
                let line = glyphs.line(texts_seen);
                texts_seen += 1;
                let run = Run { x: pt(*x), baseline: pt(*baseline), size: *size, text, line };
                texts.add(surface, &mut marker, leaves, faces, style, &run);
            }
        }
    }
    texts.flush(surface, &mut marker, leaves, faces);
    rules.flush(surface, &mut marker, leaves);
    marker.close(surface);
}

/// How a shape is painted, and whose it is.
#[derive(Clone, Copy, PartialEq)]
struct Paint {
    fill: Option<Color>,
    stroke: Option<(Color, f32)>,
    mark: Mark,
}

/// Consecutive shapes painted alike (a table's rules, a leader's dots, a header row's cells),
/// gathered into one path: they are most of a page's drawing operations, and krilla sets up
/// a graphics state for each one it is given.
struct Rules {
    style: Option<Paint>,
    path: PathBuilder,
}

impl Rules {
    fn new() -> Rules {
        Rules { style: None, path: PathBuilder::new() }
    }

    /// Adds what `shape` puts in the path, painted `paint`.
    fn add(
        &mut self,
        surface: &mut Surface,
        marker: &mut Marker,
        leaves: &mut Leaves,
        paint: Paint,
        shape: impl FnOnce(&mut PathBuilder),
    ) {
        if self.style != Some(paint) {
            self.flush(surface, marker, leaves);
            self.style = Some(paint);
        }
        shape(&mut self.path);
    }

    /// Draws the rules gathered so far.
    fn flush(&mut self, surface: &mut Surface, marker: &mut Marker, leaves: &mut Leaves) {
        let Some(paint) = self.style.take() else { return };
        if let Some(path) = std::mem::replace(&mut self.path, PathBuilder::new()).finish() {
            marker.enter(surface, paint.mark, leaves);
            surface.set_fill(paint.fill.map(fill));
            surface.set_stroke(paint.stroke.map(|(color, width)| line(color, width)));
            surface.draw_path(&path);
        }
    }
}

/// A text element in points, with its glyphs.
struct Run<'a> {
    x: f32,
    baseline: f32,
    size: f32,
    text: &'a str,
    line: &'a [Placed],
}

/// How a text element is set, and whose it is: lines alike in all of it are drawn together.
#[derive(Clone, Copy, PartialEq)]
struct TextStyle {
    size: f32,
    weight: Weight,
    color: Color,
    mark: Mark,
}

/// Consecutive lines set alike (the lines of a table cell or a paragraph), gathered into one
/// run of positioned glyphs: krilla sets up a graphics state, a colour and a text object for
/// each run it is given, and a line of its own would get them all again. Each line keeps its
/// own text matrix (its glyphs are offset to its baseline), so the glyphs stand exactly where
/// the layout put them.
///
/// The spaces layout decided (約物 set close, 和欧間) become TJ adjustments. The characters on
/// both sides of such a space share one text range, a cluster to krilla, which shows them in a
/// span with their source as /ActualText inside the text object: text extraction reads
/// 「令和6年度」, not 「令和 6 年度」. (A span of our own around the run would not do: krilla
/// closes marked content after restoring the graphics state, and poppler then puts the actual
/// text at the mirrored height.)
struct Texts {
    style: Option<TextStyle>,
    /// Where the first glyph starts, in points.
    origin: Point,
    /// Where the glyphs drawn so far end, in points from `origin.x`.
    end: f32,
    glyphs: Vec<Placed>,
    text: String,
}

impl Texts {
    fn new() -> Texts {
        Texts {
            style: None,
            origin: Point::from_xy(0.0, 0.0),
            end: 0.0,
            glyphs: Vec::new(),
            text: String::new(),
        }
    }

    /// Adds the line `run`, set `style`, to the run being gathered (drawing that first when it
    /// is set otherwise). An empty line (a blank cell) still marks its node.
    fn add(
        &mut self,
        surface: &mut Surface,
        marker: &mut Marker,
        leaves: &mut Leaves,
        faces: &Faces,
        style: TextStyle,
        run: &Run,
    ) {
        if self.style != Some(style) {
            self.flush(surface, marker, leaves, faces);
            self.style = Some(style);
        }
        let Some(first) = run.line.first() else { return };
        let start = run.x + first.x * run.size;
        if self.glyphs.is_empty() {
            self.origin = Point::from_xy(start, run.baseline);
        } else {
            // The last glyph of the line before advances to where this line starts, which its
            // own text matrix sets: the jump is never written as a TJ adjustment.
            let jump = start - self.origin.x - self.end;
            if let Some(last) = self.glyphs.last_mut() {
                last.advance += jump / run.size;
            }
            self.end += jump;
        }
        let shift = (self.origin.y - run.baseline) / run.size;
        let offset = self.text.len();
        for glyph in run.line {
            let text = glyph.text.start + offset..glyph.text.end + offset;
            self.glyphs.push(Placed { text, rise: shift, ..*glyph });
            self.end += glyph.advance * run.size;
        }
        self.text.push_str(run.text);
    }

    /// Draws the lines gathered so far.
    fn flush(&mut self, surface: &mut Surface, marker: &mut Marker, leaves: &mut Leaves, faces: &Faces) {
        let Some(style) = self.style.take() else { return };
        marker.enter(surface, style.mark, leaves);
        if !self.glyphs.is_empty() {
            let font = faces.get(style.weight).0;
            surface.set_fill(Some(fill(style.color)));
            surface.set_stroke(None);
            surface.draw_glyphs(self.origin, &self.glyphs, font.clone(), &self.text, style.size, false);
        }
        self.glyphs.clear();
        self.text.clear();
        self.end = 0.0;
    }
}

/// The character ranges an adjusted space touches (the characters on both sides of it),
/// overlapping ones merged. A space before the first character moves nothing.
fn spans(spaces: &[(u32, f32)], len: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(i, _) in spaces.iter().filter(|s| s.0 > 0 && (s.0 as usize) < len) {
        let (from, to) = (i as usize - 1, i as usize + 1);
        match out.last_mut() {
            Some(last) if from < last.1 => last.1 = last.1.max(to),
            _ => out.push((from, to)),
        }
    }
    out
}

/// Every glyph the document uses, per face, with the first character it stands for: a table
/// indexed by glyph id, since every character of the document passes through it.
pub(super) struct Inventory([Vec<Option<char>>; 2]);

impl Inventory {
    /// Taken page by page on every core, joined in page order: each glyph keeps the
    /// character it first stands for in the document.
    pub(super) fn of(pages: &[Page]) -> Inventory {
        use rayon::prelude::*;
        let empty = || Inventory([Vec::new(), Vec::new()]);
        pages.par_iter().fold(empty, Inventory::with).reduce(empty, Inventory::then)
    }

    /// `self` with the glyphs of one more page.
    fn with(mut self, page: &Page) -> Inventory {
        for element in &page.elements {
            if let Element::Text { weight, text, .. } = element {
                let face = face(*weight);
                let used = &mut self.0[*weight as usize];
                for c in text.chars() {
                    let id = usize::from(face.glyph_id(c));
                    if used.len() <= id {
                        used.resize(id + 1, None);
                    }
                    used[id].get_or_insert(c);
                }
            }
        }
        self
    }

    /// The glyphs of `self`, then those of `later` that `self` does not have.
    fn then(mut self, later: Inventory) -> Inventory {
        for (used, more) in self.0.iter_mut().zip(later.0) {
            if used.len() < more.len() {
                used.resize(more.len(), None);
            }
            for (c, m) in used.iter_mut().zip(more) {
                if c.is_none() {
                    *c = m;
                }
            }
        }
        self
    }

    /// The glyphs of a face in id order, .notdef left out, with their characters.
    fn used(&self, weight: Weight) -> impl Iterator<Item = (u16, char)> + '_ {
        let table = &self.0[weight as usize];
        table.iter().enumerate().skip(1).filter_map(|(id, c)| Some((id as u16, (*c)?)))
    }

    /// Shows every glyph once, with its own character, off the page, before anything else:
    /// krilla maps a glyph to the text it first comes with, and a glyph first met in a cluster
    /// (「和6」) would otherwise map to the whole cluster.
    fn show(&self, surface: &mut Surface, faces: &Faces) {
        for weight in [Weight::Regular, Weight::Bold] {
            let (font, face) = faces.get(weight);
            let text: String = self.used(weight).map(|(_, c)| c).collect();
            let glyphs: Vec<Placed> = self
                .used(weight)
                .zip(text.char_indices())
                .map(|((id, c), (at, _))| Placed {
                    id,
                    x: 0.0,
                    text: at..at + c.len_utf8(),
                    advance: face.advance(c),
                    rise: 0.0,
                })
                .collect();
            if !glyphs.is_empty() {
                // Far left of the page: never seen, never extracted.
                let origin = Point::from_xy(-10_000.0, -10_000.0);
                surface.draw_glyphs(origin, &glyphs, font.clone(), &text, 1.0, false);
            }
        }
    }
}

/// One glyph as laid out: where it starts (ems right of the line's x), its advance in ems,
/// the spacing after it included, and how far its line's baseline is above the run's first
/// (ems).
struct Placed {
    id: u16,
    x: f32,
    text: Range<usize>,
    advance: f32,
    rise: f32,
}

impl Glyph for Placed {
    fn glyph_id(&self) -> GlyphId {
        GlyphId::new(u32::from(self.id))
    }
    fn text_range(&self) -> Range<usize> {
        self.text.clone()
    }
    fn x_advance(&self, size: f32) -> f32 {
        self.advance * size
    }
    fn x_offset(&self, _: f32) -> f32 {
        0.0
    }
    fn y_offset(&self, size: f32) -> f32 {
        self.rise * size
    }
    fn y_advance(&self, _: f32) -> f32 {
        0.0
    }
    fn location(&self) -> Option<krilla::surface::Location> {
        None
    }
}

/// The glyphs of a run, appended to `out`. A space layout put before character i widens the
/// glyph before it; a space before the first character moves nothing (a run starts where
/// layout put it). Glyph 0 (.notdef) is never drawn: a font without 〓 leaves a gap where the
/// check already warned.
fn place(text: &str, spaces: &[(u32, f32)], face: &Font, size: f32, out: &mut Vec<Placed>) {
    let em = pt_to_mm(size);
    let clusters = clusters(text, spaces);
    let mut cluster = clusters.iter().peekable();
    let mut space = spaces.iter().peekable();
    let mut x = 0.0;
    let start = out.len();
    out.reserve(text.len() / 3 + 1);
    for (i, (at, c)) in text.char_indices().enumerate() {
        while let Some(&&(index, mm)) = space.peek().filter(|s| s.0 as usize <= i) {
            if index as usize == i && i > 0 {
                x += mm / em;
                if let Some(last) = out[start..].last_mut() {
                    last.advance += mm / em;
                }
            }
            space.next();
        }
        while cluster.peek().is_some_and(|c| c.chars.1 <= i) {
            cluster.next();
        }
        let range = match cluster.peek() {
            Some(c) if c.chars.0 <= i => c.bytes.clone(),
            _ => at..at + c.len_utf8(),
        };
        let (id, advance) = (face.glyph_id(c), face.advance(c));
        if id == 0 {
            if let Some(last) = out[start..].last_mut() {
                last.advance += advance;
            }
        } else {
            out.push(Placed { id, x, text: range, advance, rise: 0.0 });
        }
        x += advance;
    }
}

/// Characters an adjusted space joins into one text range: their character indices and bytes.
struct Cluster {
    chars: (usize, usize),
    bytes: Range<usize>,
}

/// The clusters of a run ([`spans`]); none, and nothing allocated, for a run without spaces.
fn clusters(text: &str, spaces: &[(u32, f32)]) -> Vec<Cluster> {
    if spaces.is_empty() {
        return Vec::new();
    }
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let byte = |i: usize| starts.get(i).copied().unwrap_or(text.len());
    let spans = spans(spaces, starts.len());
    spans.into_iter().map(|(from, to)| Cluster { chars: (from, to), bytes: byte(from)..byte(to) }).collect()
}

fn fill(color: Color) -> Fill {
    Fill { paint: rgb::Color::new(color.0, color.1, color.2).into(), ..Fill::default() }
}

fn line(color: Color, width: f32) -> Stroke {
    Stroke { paint: rgb::Color::new(color.0, color.1, color.2).into(), width, ..Stroke::default() }
}

/// Millimetres to points.
pub(super) fn pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inventory_joined_keeps_the_character_a_glyph_first_stands_for() {
        // Glyph 1 first stands for 'a' (an earlier page), for 'b' later; glyph 2 only later.
        let earlier = Inventory([vec![None, Some('a')], vec![]]);
        let later = Inventory([vec![None, Some('b'), Some('c')], vec![None, Some('x')]]);
        let joined = earlier.then(later);
        assert_eq!(joined.0[0], vec![None, Some('a'), Some('c')]);
        assert_eq!(joined.0[1], vec![None, Some('x')]);
        let used: Vec<(u16, char)> = joined.used(Weight::Regular).collect();
        assert_eq!(used, vec![(1, 'a'), (2, 'c')]);
    }

    #[test]
    fn each_text_element_gets_its_own_glyphs() {
        let face = fonts::regular();
        let mut placed = Vec::new();
        place("協働", &[], face, 10.0, &mut placed);
        let first = placed.len();
        // A space before the first character moves nothing; one before the second widens the
        // first glyph, and both characters share one text range (a cluster).
        place("令和6", &[(0, 1.0), (2, 0.9)], face, 10.0, &mut placed);
        assert_eq!(first, 2);
        let second = &placed[first..];
        assert_eq!(second.len(), 3);
        assert_eq!(second[0].x, 0.0);
        assert_eq!(second[0].text, 0..3, "令 alone");
        assert_eq!(second[1].text, 3..7, "和 and 6 joined by the space between them");
        assert_eq!(second[2].text, 3..7);
        let em = pt_to_mm(10.0);
        assert!((second[1].advance - (face.advance('和') + 0.9 / em)).abs() < 1e-6);
        assert!((placed[1].advance - face.advance('働')).abs() < 1e-6, "the line before is untouched");
    }
}
