//! Horizontal bar charts drawn as vector rectangles: stacked counts (one bar per category, its
//! whole the category's items, one coloured and patterned segment per series with its count,
//! a legend underneath), and rates against a target line at 100％. Each chart is one figure whose alternative text says every
//! figure in words, for readers who cannot see it.

use super::flow::Flow;
use super::frame::{pt_to_mm, Color, Element, Role};
use super::text::Style;

/// One series: its legend label and colour.
pub struct Series {
    /// Its label in the legend.
    pub label: String,
    /// Its colour.
    pub color: Color,
}

/// Bar height and gap in mm (of the rate chart).
const BAR: f32 = 7.0;
const GAP: f32 = 3.0;

/// How tall the rows of a stacked chart are, in mm: the bar, and the gap below each row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rows {
    /// The bar's height.
    pub bar: f32,
    /// The gap between rows.
    pub gap: f32,
}

/// Draws the chart at the flow's position across the body width; `bars` are (label, count per
/// series). Each bar is the whole of its category (its shares compare, whatever its size; the
/// total follows it), its label the category's full name on as many lines as it takes.
pub fn stacked_bars(
    flow: &mut Flow,
    bars: &[(String, Vec<usize>)],
    series: &[Series],
    style: Style,
    rows: Rows,
) {
    let alt = alt_text(bars, series);
    flow.block(Role::Figure { alt }, |flow| draw(flow, bars, series, style, rows));
}

/// What the chart shows, in words: 「横棒グラフ。施策1: 順調 3件、やや遅れ 2件（計5件）。…」.
///
/// ```
/// use kyodo::layout::chart::{alt_text, Series};
/// use kyodo::layout::frame::Color;
/// let series = vec![
///     Series { label: "順調".into(), color: Color::BLACK },
///     Series { label: "遅れ".into(), color: Color::GREY },
/// ];
/// let bars = vec![("施策1".to_string(), vec![3, 2]), ("施策2".to_string(), vec![0, 0])];
/// assert_eq!(alt_text(&bars, &series), "横棒グラフ。施策1: 順調 3件、遅れ 2件（計5件）。施策2: 0件。");
/// ```
pub fn alt_text(bars: &[(String, Vec<usize>)], series: &[Series]) -> String {
    let mut alt = "横棒グラフ。".to_string();
    for (label, counts) in bars {
        let parts: Vec<String> = counts
            .iter()
            .zip(series)
            .filter(|(n, _)| **n > 0)
            .map(|(n, s)| format!("{} {n}件", s.label))
            .collect();
        let total: usize = counts.iter().sum();
        match parts.len() {
            0 => alt.push_str(&format!("{label}: 0件。")),
            _ => alt.push_str(&format!("{label}: {}（計{total}件）。", parts.join("、"))),
        }
    }
    alt
}

fn draw(flow: &mut Flow, bars: &[(String, Vec<usize>)], series: &[Series], style: Style, rows: Rows) {
    let width = flow.setup.body_width();
    let label = style.bold().as_title();
    let label_width = bars.iter().map(|(l, _)| label.width(l)).fold(0.0, f32::max).min(width * 0.36) + 0.5;
    // The counts too narrow for their segment go beside the bar: room for the widest such note.
    let mut bar_width = width - label_width - 3.0;
    for _ in 0..2 {
        let note = bars.iter().map(|(_, c)| note_width(c, style, bar_width)).fold(0.0, f32::max);
        bar_width = width - label_width - 3.0 - note;
    }
    let lh = label_line(style);
    let heights: Vec<f32> =
        bars.iter().map(|(l, _)| (label.lines(l, label_width).len() as f32 * lh).max(rows.bar)).collect();
    // The chart and its legend stay on one page.
    flow.ensure(heights.iter().map(|h| h + rows.gap).sum::<f32>() + legend_height(series, style, width));
    let left = flow.setup.left;
    for ((text, counts), height) in bars.iter().zip(heights) {
        let top = flow.y();
        let lines = label.lines(text, label_width);
        let first = top + (height - lines.len() as f32 * lh) / 2.0;
        for (i, line) in lines.iter().enumerate() {
            flow.text(left + line.indent, first + i as f32 * lh + ascent(style, lh), label, &line.text);
        }
        let bar_top = top + (height - rows.bar) / 2.0;
        let end =
            segments(flow, counts, series, style, (left + label_width + 3.0, bar_top, bar_width, rows.bar));
        note(flow, counts, series, style, (end + 1.5, bar_top, bar_width, rows.bar));
        flow.advance(height + rows.gap);
    }
    legend(flow, series, style, width);
}

/// A label line: tighter than body text, the label's lines belonging together.
fn label_line(style: Style) -> f32 {
    pt_to_mm(style.size) * 1.3
}

/// From the top of a box `height` mm tall to the baseline of text centred in it.
fn ascent(style: Style, height: f32) -> f32 {
    let em = pt_to_mm(style.size);
    (height - em) / 2.0 + 0.88 * em
}

/// Whether count `n` is set inside a segment `w` mm wide.
fn fits(n: usize, style: Style, w: f32) -> bool {
    style.bold().width(&n.to_string()) + 3.0 <= w
}

/// The segments of one bar in `(x, y, width, height)`, each filled, patterned and outlined,
/// with its count on a patch of its colour where it fits; returns where the bar ends.
fn segments(
    flow: &mut Flow,
    counts: &[usize],
    series: &[Series],
    style: Style,
    bar: (f32, f32, f32, f32),
) -> f32 {
    let (mut x, y, width, h) = bar;
    let total: usize = counts.iter().sum();
    for (k, (count, s)) in counts.iter().zip(series).enumerate() {
        if *count == 0 {
            continue;
        }
        let w = *count as f32 / total as f32 * width;
        swatch(flow, k, s.color, (x, y, w, h));
        if fits(*count, style, w) {
            let n = count.to_string();
            let bold = style.bold().color(ink(s.color));
            let (nw, em) = (bold.width(&n), pt_to_mm(style.size));
            let (nx, ny) = (x + (w - nw) / 2.0, y + (h - em) / 2.0);
            // A patch of the plain colour under the figure: the pattern never crosses it.
            flow.push(Element::Rect {
                x: nx - 1.2,
                y: ny - 0.3,
                w: nw + 2.4,
                h: em + 0.6,
                fill: Some(s.color),
                stroke: None,
            });
            flow.text(nx, y + ascent(style, h), bold, &n);
        }
        x += w;
    }
    x
}

/// After a bar: its total (「6件」), then each count too narrow for its segment, beside a
/// small swatch of that segment.
fn note(flow: &mut Flow, counts: &[usize], series: &[Series], style: Style, at: (f32, f32, f32, f32)) {
    let (mut x, y, width, h) = at;
    let total: usize = counts.iter().sum();
    let grey = style.color(Color::GREY);
    let text = format!("{total}件");
    flow.text(x, y + ascent(style, h), grey, &text);
    x += grey.width(&text) + 1.5;
    for (k, (count, s)) in counts.iter().zip(series).enumerate() {
        if *count == 0 || fits(*count, style, *count as f32 / total as f32 * width) {
            continue;
        }
        let size = pt_to_mm(style.size) * 0.9;
        swatch(flow, k, s.color, (x, y + (h - size) / 2.0, size, size));
        x += size + 0.8;
        let n = count.to_string();
        flow.text(x, y + ascent(style, h), style.bold(), &n);
        x += style.bold().width(&n) + 1.5;
    }
}

/// How wide [`note`] is for a bar of `counts` `width` mm long.
fn note_width(counts: &[usize], style: Style, width: f32) -> f32 {
    let total: usize = counts.iter().sum();
    let beside: f32 = counts
        .iter()
        .filter(|n| **n > 0 && !fits(**n, style, **n as f32 / total as f32 * width))
        .map(|n| pt_to_mm(style.size) * 0.9 + 0.8 + style.bold().width(&n.to_string()) + 1.5)
        .sum();
    1.5 + style.color(Color::GREY).width(&format!("{total}件")) + 1.5 + beside
}

/// One bar of [`rate_bars`]: its label, the rate in percent (None: none can be told) and the
/// rate as printed (「50.0％」, 「－」).
pub struct Rate {
    /// What the bar is (the indicator, or 「項目：指標」).
    pub label: String,
    /// The rate in percent; None draws no bar.
    pub percent: Option<f64>,
    /// The rate as printed after the bar (「50.0％」, 「－」).
    pub text: String,
}

/// Draws a bar per rate at the flow's position, scaled so 100％ and the highest rate (at most
/// 200％) fit, with a line at 100％ marked 目標: bars that reach it in the accent colour, the
/// others lighter. A bar never splits from its page.
pub fn rate_bars(flow: &mut Flow, bars: &[Rate], style: Style) {
    let alt = rate_alt_text(bars);
    flow.block(Role::Figure { alt }, |flow| draw_rates(flow, bars, style));
}

/// What the rate chart shows, in words: 「達成率（目標 100％）: 指標A 50.0％、指標B －」.
///
/// ```
/// use kyodo::layout::chart::{rate_alt_text, Rate};
/// let bars = [Rate { label: "参加者数".into(), percent: Some(50.0), text: "50.0％".into() }];
/// assert_eq!(rate_alt_text(&bars), "達成率の棒グラフ（目標 100％）: 参加者数 50.0％");
/// ```
pub fn rate_alt_text(bars: &[Rate]) -> String {
    let rates: Vec<String> = bars.iter().map(|b| format!("{} {}", b.label, b.text)).collect();
    format!("達成率の棒グラフ（目標 100％）: {}", rates.join("、"))
}

fn draw_rates(flow: &mut Flow, bars: &[Rate], style: Style) {
    let width = flow.setup.body_width();
    let label_width = bars.iter().map(|b| style.width(&b.label)).fold(0.0, f32::max).min(width * 0.4) + 3.0;
    let value_width = style.width("000.0％") + 3.0;
    let top_rate = bars.iter().filter_map(|b| b.percent).fold(100.0f64, f64::max).min(200.0) as f32;
    let scale = (width - label_width - value_width) / top_rate;
    let left = flow.setup.left + label_width;
    let target = left + 100.0 * scale;
    flow.ensure(style.line_height() + BAR + GAP);
    // The target's mark above the first bar.
    let mark = style.color(Color::GREY);
    flow.text(target - mark.width("目標") / 2.0, flow.y() + mark.baseline_offset(), mark, "目標");
    flow.advance(style.line_height());
    for bar in bars {
        flow.ensure(BAR + GAP);
        let top = flow.y();
        let baseline = top + (BAR - style.line_height()) / 2.0 + style.baseline_offset();
        flow.text(flow.setup.left, baseline, style, &fit(&bar.label, style, label_width - 3.0));
        let reached = bar.percent.is_some_and(|p| p >= 100.0);
        let w = bar.percent.map_or(0.0, |p| p.clamp(0.0, f64::from(top_rate)) as f32 * scale);
        let fill = if reached { Color::ACCENT } else { Color::ACCENT.tint(0.45) };
        if w > 0.0 {
            flow.push(Element::Rect { x: left, y: top, w, h: BAR, fill: Some(fill), stroke: None });
        }
        flow.text(left + w + 1.5, baseline, style.color(Color::GREY), &bar.text);
        let (y1, y2) = (top - GAP / 2.0, top + BAR + GAP / 2.0);
        flow.push(Element::Line { x1: target, y1, x2: target, y2, color: Color::GREY, width: 0.75 });
        flow.advance(BAR + GAP);
    }
}

/// A label shortened with … to fit `width`.
fn fit(label: &str, style: Style, width: f32) -> String {
    if style.width(label) <= width {
        return label.to_string();
    }
    let mut out = String::new();
    for c in label.chars() {
        if style.width(&out) + style.advance(c) + style.advance('…') > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn legend_height(series: &[Series], style: Style, width: f32) -> f32 {
    let per_row = (width / legend_item_width(series, style)).floor().max(1.0) as usize;
    series.len().div_ceil(per_row) as f32 * style.line_height() + 2.0
}

fn legend_item_width(series: &[Series], style: Style) -> f32 {
    series.iter().map(|s| style.width(&s.label)).fold(0.0, f32::max) + 9.0
}

/// Colour squares with their labels, wrapped across the width.
fn legend(flow: &mut Flow, series: &[Series], style: Style, width: f32) {
    let item = legend_item_width(series, style);
    let per_row = (width / item).floor().max(1.0) as usize;
    flow.advance(1.0);
    for (r, row) in series.chunks(per_row).enumerate() {
        let top = flow.y();
        for (i, s) in row.iter().enumerate() {
            let x = flow.setup.left + i as f32 * item;
            let size = style.line_height() * 0.7;
            let y = top + (style.line_height() - size) / 2.0;
            swatch(flow, r * per_row + i, s.color, (x, y, size, size));
            flow.text(x + size + 1.5, top + style.baseline_offset(), style, &s.label);
        }
        flow.advance(style.line_height());
    }
    flow.advance(1.0);
}

/// The colour drawn on top of a fill: black on light colours, white on dark.
fn ink(fill: Color) -> Color {
    if fill.lightness() > 60.0 {
        Color::BLACK
    } else {
        Color(0xFF, 0xFF, 0xFF)
    }
}

/// The pattern of each series, in order: the steps of a scale differ in lightness by design
/// ([`crate::color::grade_steps`]) and in these as well, coarse enough to tell apart in print
/// at arm's length and in a grey copy whatever colours a city chose.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Pattern {
    /// The plain colour.
    Solid,
    /// Lines rising to the right, 2.5 mm apart.
    Rising,
    /// Level lines.
    Level,
    /// Rising and falling lines crossed.
    Crossed,
    /// A grid of dots.
    Dots,
    /// Upright lines.
    Upright,
}

const PATTERNS: [Pattern; 6] =
    [Pattern::Solid, Pattern::Rising, Pattern::Level, Pattern::Crossed, Pattern::Dots, Pattern::Upright];

/// Distance between the lines and dots of a pattern, in mm.
const PITCH: f32 = 2.5;

/// A box (x, y, w, h in mm) of series `k`: its fill, its pattern and a fine outline, in the
/// bar's segments and in its legend alike.
fn swatch(flow: &mut Flow, k: usize, fill: Color, (x, y, w, h): (f32, f32, f32, f32)) {
    flow.push(Element::Rect { x, y, w, h, fill: Some(fill), stroke: None });
    let color = ink(fill);
    let line = |x1, y1, x2, y2| Element::Line { x1, y1, x2, y2, color, width: 0.6 };
    let pattern = PATTERNS[k % PATTERNS.len()];
    let mut lines = Vec::new();
    if matches!(pattern, Pattern::Rising | Pattern::Crossed) {
        lines.extend(diagonals(x, y, w, h, true));
    }
    if pattern == Pattern::Crossed {
        lines.extend(diagonals(x, y, w, h, false));
    }
    if pattern == Pattern::Level {
        lines.extend(steps(y, h).map(|ly| (x, ly, x + w, ly)));
    }
    if pattern == Pattern::Upright {
        lines.extend(steps(x, w).map(|lx| (lx, y, lx, y + h)));
    }
    for (x1, y1, x2, y2) in lines {
        flow.push(line(x1, y1, x2, y2));
    }
    if pattern == Pattern::Dots {
        let dot = 0.7;
        for dy in steps(y, h) {
            for dx in steps(x, w) {
                flow.push(Element::Rect {
                    x: dx - dot / 2.0,
                    y: dy - dot / 2.0,
                    w: dot,
                    h: dot,
                    fill: Some(color),
                    stroke: None,
                });
            }
        }
    }
    flow.push(Element::Rect { x, y, w, h, fill: None, stroke: Some((Color::RULE, 0.5)) });
}

/// Positions from `start` across `length`, [`PITCH`] apart, half a pitch in from the edge.
fn steps(start: f32, length: f32) -> impl Iterator<Item = f32> {
    let n = (length / PITCH).floor().max(1.0) as usize;
    let first = start + (length - (n - 1) as f32 * PITCH) / 2.0;
    (0..n).map(move |i| first + i as f32 * PITCH)
}

/// Lines at 45° across a box, [`PITCH`] apart, cut at its edges: rising to the right, or
/// falling.
fn diagonals(x: f32, y: f32, w: f32, h: f32, rising: bool) -> Vec<(f32, f32, f32, f32)> {
    let mut out = Vec::new();
    let mut t = -h + PITCH / 2.0;
    while t < w {
        // From (x + t, bottom) up to (x + t + h, top), kept within x..x + w.
        let (mut x1, mut x2) = (x + t, x + t + h);
        let (mut d1, mut d2) = (0.0, h);
        if x1 < x {
            d1 = x - x1;
            x1 = x;
        }
        if x2 > x + w {
            d2 -= x2 - (x + w);
            x2 = x + w;
        }
        if d2 - d1 > 0.05 {
            let (y1, y2) = if rising { (y + h - d1, y + h - d2) } else { (y + d1, y + d2) };
            out.push((x1, y1, x2, y2));
        }
        t += PITCH;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagonals_stay_inside_their_box() {
        for rising in [true, false] {
            let lines = diagonals(10.0, 20.0, 7.3, 5.0, rising);
            assert!(lines.len() >= 4, "{lines:?}");
            for (x1, y1, x2, y2) in lines {
                for (x, y) in [(x1, y1), (x2, y2)] {
                    assert!(
                        (10.0 - 1e-3..=17.3 + 1e-3).contains(&x) && (20.0 - 1e-3..=25.0 + 1e-3).contains(&y)
                    );
                }
                assert!(((x2 - x1).abs() - (y2 - y1).abs()).abs() < 1e-3, "45 degrees");
            }
        }
    }

    #[test]
    fn series_differ_in_pattern_and_ink_reads() {
        let distinct: std::collections::HashSet<String> = PATTERNS.iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(distinct.len(), PATTERNS.len());
        assert_eq!(ink(Color(0xB1, 0xF3, 0xAA)), Color::BLACK);
        assert_eq!(ink(Color(0x79, 0x1E, 0x20)), Color(0xFF, 0xFF, 0xFF));
    }
}
