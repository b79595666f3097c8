//! Colours: the palette of every output (PDF, workbook) and of the grading scale in the
//! settings, below every stage that names one.

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color(pub u8, pub u8, pub u8);

impl Color {
    /// Body text: a soft black.
    pub const BLACK: Color = Color(0x1A, 0x1A, 0x1A);
    /// Secondary text (notes, 未記入).
    pub const GREY: Color = Color(0x6B, 0x6B, 0x6B);
    /// Table rules and cell borders.
    pub const RULE: Color = Color(0x80, 0x80, 0x80);
    /// Titles and headings: a dark blue.
    pub const ACCENT: Color = Color(0x1F, 0x4E, 0x79);
    /// The fill of table headers.
    pub const HEADER_FILL: Color = Color(0xDD, 0xE6, 0xF0);
    /// What needs attention (未提出).
    pub const ALERT: Color = Color(0xC6, 0x28, 0x28);

    /// Parses "#2E7D32"; None for anything else.
    ///
    /// ```
    /// use kyodo::color::Color;
    /// assert_eq!(Color::from_hex("#2E7D32"), Some(Color(0x2E, 0x7D, 0x32)));
    /// assert_eq!(Color::from_hex("green"), None);
    /// ```
    pub fn from_hex(text: &str) -> Option<Color> {
        let hex = text.trim().strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Color(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The colour mixed with white: `amount` 0.0 is white, 1.0 the colour itself.
    pub fn tint(self, amount: f32) -> Color {
        let mix = |c: u8| (255.0 - (255.0 - f32::from(c)) * amount).round() as u8;
        Color(mix(self.0), mix(self.1), mix(self.2))
    }

    /// CIE L* (D65): the lightness a reader sees, 0 black to 100 white; what a grey print
    /// keeps of a colour.
    ///
    /// ```
    /// use kyodo::color::Color;
    /// assert!((Color(0x77, 0x77, 0x77).lightness() - 50.0).abs() < 0.5);
    /// ```
    pub fn lightness(self) -> f32 {
        let y = 0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2);
        let f = if y > 216.0 / 24389.0 { y.cbrt() } else { (24389.0 / 27.0 * y + 16.0) / 116.0 };
        116.0 * f - 16.0
    }
}

/// How far apart in L* neighbouring steps of a grading scale must be, light to dark, so that a
/// grey print tells them apart by their grey alone.
pub const STEP_LIGHTNESS: f32 = 20.0;

/// Whether `steps` go from light to dark with at least [`STEP_LIGHTNESS`] of L* between
/// neighbours.
///
/// ```
/// use kyodo::color::{steps_apart, Color};
/// assert!(steps_apart(&[Color(0xFF, 0xFF, 0xFF), Color(0x77, 0x77, 0x77), Color(0, 0, 0)]));
/// assert!(!steps_apart(&[Color(0x9C, 0xCC, 0x65), Color(0xFF, 0xB3, 0x00)]));
/// ```
pub fn steps_apart(steps: &[Color]) -> bool {
    too_close(steps).is_none()
}

/// The first two neighbouring steps a grey print cannot tell apart by lightness: their
/// indices and how far apart they are in L* (less than [`STEP_LIGHTNESS`], or darker first).
///
/// ```
/// use kyodo::color::{too_close, Color};
/// let (i, _) = too_close(&[Color(0x2E, 0x7D, 0x32), Color(0x9C, 0xCC, 0x65)]).unwrap();
/// assert_eq!(i, 0);
/// ```
pub fn too_close(steps: &[Color]) -> Option<(usize, f32)> {
    steps.windows(2).enumerate().find_map(|(i, w)| {
        let d = w[0].lightness() - w[1].lightness();
        (d < STEP_LIGHTNESS).then_some((i, d))
    })
}

/// `n` colours for the steps of a grading scale, best first: green to red in hue and, by
/// design, light to dark in L* (90, 69, 48, 27, 6: [`STEP_LIGHTNESS`] and one more apart, so
/// rounding to 8 bits keeps them apart), so a grey print keeps their order. More than five
/// steps cannot be 20 apart within L* 0–100; they share the range evenly.
///
/// ```
/// use kyodo::color::{grade_steps, steps_apart};
/// assert!((2..=5).all(|n| steps_apart(&grade_steps(n))));
/// ```
pub fn grade_steps(n: usize) -> Vec<Color> {
    let gap = if n <= 5 { STEP_LIGHTNESS + 1.0 } else { 84.0 / (n - 1) as f32 };
    (0..n)
        .map(|i| {
            let along = if n > 1 { i as f32 / (n - 1) as f32 } else { 0.0 };
            // Hue (CIELAB, degrees): 140 a green, 30 a red; through yellow and orange between.
            from_lch(90.0 - gap * i as f32, 140.0 - 110.0 * along)
        })
        .collect()
}

/// The most saturated sRGB colour (chroma up to 45) of lightness `l` and hue `h` degrees.
fn from_lch(l: f32, h: f32) -> Color {
    let (mut low, mut high) = (0.0f32, 45.0f32);
    for _ in 0..20 {
        let mid = (low + high) / 2.0;
        if lab_to_rgb(l, mid, h).is_some() {
            low = mid;
        } else {
            high = mid;
        }
    }
    let [r, g, b] = lab_to_rgb(l, low, h).unwrap_or([l / 100.0; 3]);
    let byte = |v: f32| (gamma(v) * 255.0).round().clamp(0.0, 255.0) as u8;
    Color(byte(r), byte(g), byte(b))
}

/// Linear sRGB of an LCh colour, None where it lies outside sRGB.
fn lab_to_rgb(l: f32, c: f32, h: f32) -> Option<[f32; 3]> {
    let (a, b) = (c * h.to_radians().cos(), c * h.to_radians().sin());
    let fy = (l + 16.0) / 116.0;
    let (fx, fz) = (fy + a / 500.0, fy - b / 200.0);
    let inv =
        |f: f32| if f.powi(3) > 216.0 / 24389.0 { f.powi(3) } else { (116.0 * f - 16.0) * 27.0 / 24389.0 };
    let (x, y, z) = (0.950_47 * inv(fx), inv(fy), 1.088_83 * inv(fz));
    let rgb = [
        3.240_97 * x - 1.537_38 * y - 0.498_61 * z,
        -0.969_24 * x + 1.875_97 * y + 0.041_56 * z,
        0.055_63 * x - 0.203_98 * y + 1.056_97 * z,
    ];
    rgb.iter().all(|v| (-0.0005..=1.0005).contains(v)).then_some(rgb.map(|v| v.clamp(0.0, 1.0)))
}

/// An 8-bit sRGB channel as linear light, 0 to 1.
fn linear(c: u8) -> f32 {
    let v = f32::from(c) / 255.0;
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// Linear light as an sRGB value, 0 to 1.
fn gamma(v: f32) -> f32 {
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in scale of the settings template, and the colours kyodo derives for a scale
    /// without any: light to dark, 20 points of L* apart. Prints each step's L*.
    #[test]
    fn grade_colours_differ_in_grey() {
        let template = include_str!("../templates/kyodo.toml");
        let scale: Vec<Color> = template
            .lines()
            .filter(|l| l.trim_start().starts_with("{ code") && !l.contains("counts = false"))
            .filter_map(|l| Color::from_hex(l.split("color = \"").nth(1)?.get(..7)?))
            .collect();
        assert_eq!(scale.len(), 4, "{template}");
        let lightness: Vec<f32> = scale.iter().map(|c| c.lightness()).collect();
        eprintln!("template L*: {lightness:?}");
        assert!(steps_apart(&scale), "{lightness:?}");
        for n in 2..=5 {
            let steps = grade_steps(n);
            let l: Vec<f32> = steps.iter().map(|c| c.lightness()).collect();
            eprintln!("{n} steps: {steps:?} L* {l:?}");
            assert!(steps_apart(&steps), "{n}: {l:?}");
        }
        // The old built-in scale: B and C printed as one grey.
        let old = [
            Color(0x2E, 0x7D, 0x32),
            Color(0x9C, 0xCC, 0x65),
            Color(0xFF, 0xB3, 0x00),
            Color(0xE5, 0x39, 0x35),
        ];
        assert!(!steps_apart(&old));
        assert!(
            (Color(0xFF, 0xFF, 0xFF).lightness() - 100.0).abs() < 0.01
                && Color(0, 0, 0).lightness().abs() < 0.01
        );
    }
}
