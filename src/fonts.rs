//! The fonts: BIZ UDゴシック Regular and Bold (SIL OFL 1.1), embedded in the binary, or the TrueType
//! files a city names in its settings (`[fonts]`), loaded once at start-up with [`load`].
//!
//! Used three times: the check asks which characters the font cannot draw (printpdf would
//! silently draw an empty box), the layout measures text with the glyph advances, and the PDF
//! embeds a subset of the font's bytes.

use std::sync::OnceLock;

/// BIZ UDゴシック Regular.
pub const REGULAR: &[u8] = include_bytes!("../fonts/BIZUDGothic-Regular.ttf");
/// BIZ UDゴシック Bold.
pub const BOLD: &[u8] = include_bytes!("../fonts/BIZUDGothic-Bold.ttf");

/// A parsed font face with the few questions kyodo asks of it.
pub struct Font {
    /// The whole font file, for embedding.
    pub bytes: &'static [u8],
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Glyph of every Basic Multilingual Plane character (0: none). The check asks about
    /// every character of every cell and the layout measures each many times: an array
    /// index beats a cmap search.
    bmp: Vec<u16>,
    /// Advance in em of every Basic Multilingual Plane character (〓's where the font lacks
    /// it): the line breaker asks for it per character per try, and hmtx is a parse each time.
    bmp_advance: Vec<f32>,
    /// The glyph of 〓, drawn for what the font lacks.
    missing: u16,
}

impl Font {
    fn parse(bytes: &'static [u8]) -> Result<Font, ttf_parser::FaceParsingError> {
        let face = ttf_parser::Face::parse(bytes, 0)?;
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
        let advance =
            |g: u16| f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)) / units_per_em;
        let bmp_advance = bmp.iter().map(|&g| advance(if g == 0 { missing } else { g })).collect();
        Ok(Font { bytes, face, units_per_em, bmp, bmp_advance, missing })
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
        if let Some(&em) = self.bmp_advance.get(c as usize) {
            return em;
        }
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

static REGULAR_FONT: OnceLock<Font> = OnceLock::new();
static BOLD_FONT: OnceLock<Font> = OnceLock::new();

/// The regular face: the configured one, else BIZ UDゴシック Regular.
pub fn regular() -> &'static Font {
    REGULAR_FONT.get_or_init(|| Font::parse(REGULAR).expect("the bundled font parses"))
}

/// The bold face: the configured one, else BIZ UDゴシック Bold.
pub fn bold() -> &'static Font {
    BOLD_FONT.get_or_init(|| Font::parse(BOLD).expect("the bundled font parses"))
}

/// BIZ UDゴシック Regular as bundled, whatever the settings load: workbooks name that face
/// for their cells (Windows has it), so their widths are measured with it.
pub fn bundled() -> &'static Font {
    static FONT: OnceLock<Font> = OnceLock::new();
    FONT.get_or_init(|| Font::parse(REGULAR).expect("the bundled font parses"))
}

/// Uses these TrueType files instead of the bundled fonts, for the rest of the run. Must come
/// before any text is measured; a second call with other files is refused.
pub fn load(regular: &std::path::Path, bold: &std::path::Path) -> Result<(), FontError> {
    for (path, slot) in [(regular, &REGULAR_FONT), (bold, &BOLD_FONT)] {
        let file = crate::text::shown_path(path);
        let bytes = std::fs::read(path).map_err(|source| FontError::Read { file: file.clone(), source })?;
        // Kept for the whole run: the face borrows the bytes, and the PDF embeds them.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let font = Font::parse(bytes).map_err(|source| FontError::Parse { file: file.clone(), source })?;
        let same = slot.get_or_init(|| font).bytes == bytes;
        if !same {
            return Err(FontError::AlreadySet { file });
        }
    }
    Ok(())
}

/// Why the fonts of the settings could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FontError {
    /// The file could not be read.
    #[error("{file}: 書体ファイルを読めません（{}）", crate::text::io_message(.source))]
    Read {
        /// The file, as given.
        file: String,
        /// The underlying reason.
        source: std::io::Error,
    },
    /// The file is no TrueType font.
    #[error("{file}: TrueType の書体として読めません（.ttf か .otf の書体ファイルを指定してください）")]
    Parse {
        /// The file, as given.
        file: String,
        /// The underlying reason.
        source: ttf_parser::FaceParsingError,
    },
    /// Other fonts were already in use.
    #[error("{file}: 書体はすでに決まっています")]
    AlreadySet {
        /// The file, as given.
        file: String,
    },
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
