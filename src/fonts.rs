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
    /// One bit per Basic Multilingual Plane character the font maps: the check asks about
    /// every character of every cell, and a bit test beats a cmap search.
    bmp: Vec<u64>,
}

impl Font {
    fn parse(bytes: &'static [u8]) -> Font {
        let face = ttf_parser::Face::parse(bytes, 0).expect("the bundled font parses");
        let units_per_em = f32::from(face.units_per_em());
        let mut bmp = vec![0u64; 0x10000 / 64];
        for table in face.tables().cmap.iter().flat_map(|c| c.subtables) {
            if table.is_unicode() {
                table.codepoints(|cp| {
                    if cp < 0x10000 && table.glyph_index(cp).is_some_and(|g| g.0 != 0) {
                        bmp[cp as usize / 64] |= 1 << (cp % 64);
                    }
                });
            }
        }
        Font {
            face,
            units_per_em,
            bmp,
        }
    }

    fn has_glyph(&self, c: char) -> bool {
        let cp = c as usize;
        match self.bmp.get(cp / 64) {
            Some(bits) => bits & (1 << (cp % 64)) != 0,
            None => self.face.glyph_index(c).is_some(),
        }
    }

    /// Whether the font has a glyph for `c`. Line breaks and other controls need none.
    ///
    /// ```
    /// let font = kyodo::fonts::regular();
    /// assert!(font.can_draw('協') && font.can_draw('★') && font.can_draw('\n'));
    /// assert!(!font.can_draw('🎌'));
    /// ```
    pub fn can_draw(&self, c: char) -> bool {
        c.is_control() || is_variation_selector(c) || self.has_glyph(c)
    }

    /// Advance width of `c` in em (1.0 = the font size); a missing glyph measures as 〓.
    pub fn advance(&self, c: char) -> f32 {
        let glyph = self
            .face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index(MISSING));
        let units = glyph
            .and_then(|g| self.face.glyph_hor_advance(g))
            .unwrap_or(0);
        f32::from(units) / self.units_per_em
    }
}

/// The mark printed in place of a character the font cannot draw (the 下駄記号).
pub const MISSING: char = '〓';

/// Variation selectors modify the character before them; they are never drawn alone.
fn is_variation_selector(c: char) -> bool {
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
