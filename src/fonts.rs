//! The bundled fonts (BIZ UDゴシック Regular and Bold, SIL OFL 1.1), embedded in the binary.
//!
//! Used twice: the check asks which characters the font cannot draw (printpdf would silently
//! draw an empty box), and the layout measures text with the glyph advances.

use std::sync::OnceLock;

/// BIZ UDゴシック Regular.
pub const REGULAR: &[u8] = include_bytes!("../fonts/BIZUDGothic-Regular.ttf");
/// BIZ UDゴシック Bold.
pub const BOLD: &[u8] = include_bytes!("../fonts/BIZUDGothic-Bold.ttf");

/// A parsed font face with the few questions kyodo asks of it.
pub struct Font {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Glyph of every Basic Multilingual Plane character (0: none). The check asks about
    /// every character of every cell and the layout measures each many times: an array
    /// index beats a cmap search.
    bmp: Vec<u16>,
    /// The glyph of 〓, drawn for what the font lacks.
    missing: u16,
}

impl Font {
    fn parse(bytes: &'static [u8]) -> Font {
        let face = ttf_parser::Face::parse(bytes, 0).expect("the bundled font parses");
        let units_per_em = f32::from(face.units_per_em());
        let mut bmp = vec![0u16; 0x10000];
        for table in face.tables().cmap.iter().flat_map(|c| c.subtables) {
            if table.is_unicode() {
                table.codepoints(|cp| {
                    if let (Some(slot), Some(g)) = (bmp.get_mut(cp as usize), table.glyph_index(cp)) {
                        *slot = g.0;
                    }
                });
            }
        }
        let missing = face.glyph_index(MISSING).map_or(0, |g| g.0);
        Font { face, units_per_em, bmp, missing }
    }

    /// The font's own glyph for `c`, if it has one.
    fn own_glyph(&self, c: char) -> Option<u16> {
        let glyph = match self.bmp.get(c as usize) {
            Some(&g) => g,
            None => self.face.glyph_index(c).map_or(0, |g| g.0),
        };
        (glyph != 0).then_some(glyph)
    }

    /// Whether the font has a glyph for `c`. Line breaks and other controls need none.
    ///
    /// ```
    /// let font = kyodo::fonts::regular();
    /// assert!(font.can_draw('協') && font.can_draw('★') && font.can_draw('\n'));
    /// assert!(!font.can_draw('🎌'));
    /// ```
    pub fn can_draw(&self, c: char) -> bool {
        c.is_control() || is_variation_selector(c) || self.own_glyph(c).is_some()
    }

    /// The glyph drawn for `c`: its own, or 〓's when the font lacks it.
    pub fn glyph_id(&self, c: char) -> u16 {
        self.own_glyph(c).unwrap_or(self.missing)
    }

    /// Advance width of `c` in em (1.0 = the font size); a missing glyph measures as 〓.
    pub fn advance(&self, c: char) -> f32 {
        let glyph = ttf_parser::GlyphId(self.glyph_id(c));
        f32::from(self.face.glyph_hor_advance(glyph).unwrap_or(0)) / self.units_per_em
    }
}

/// The mark printed in place of a character the font cannot draw (the 下駄記号).
pub const MISSING: char = '〓';

/// Variation selectors modify the character before them; they are never drawn alone.
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The regular face, parsed once.
pub fn regular() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| Font::parse(REGULAR))
}

/// The bold face, parsed once.
pub fn bold() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| Font::parse(BOLD))
}

/// The characters of `text` the bundled font cannot draw, each once, in order.
///
/// ```
/// assert_eq!(kyodo::fonts::missing_chars("協働🎉です🎉"), vec!['🎉']);
/// ```
pub fn missing_chars(text: &str) -> Vec<char> {
    let font = regular();
    let mut missing: Vec<char> = Vec::new();
    for c in text.chars() {
        if !font.can_draw(c) && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_is_twice_half_width() {
        let f = regular();
        assert!((f.advance('協') - 1.0).abs() < 0.01);
        assert!((f.advance('A') - 0.5).abs() < 0.01, "{}", f.advance('A'));
        assert!(f.advance('🎌') > 0.9, "missing glyphs measure as 〓");
        assert!(bold().can_draw('◎'));
    }
}
