//! Column widths from content, as CSS automatic table layout and tabularx choose them.
//!
//! Each column brings three measures of its cells (header included): `min`, the widest run
//! that may not be broken (a department name, 「未提出」, a grade with last year's beside it),
//! `max`, its longest line unbroken, and `share`, how much text it holds on average. The
//! solver gives every column its minimum, then grows the columns towards their maximum in
//! proportion to what they hold (a column of long sentences takes more than one of short
//! notes, so rows come out about as tall in every column), and gives what is left once every
//! column is at its maximum to the columns that wrap. A pinned column keeps its width. When
//! the page cannot hold even the minima, every column gets the same fraction of its minimum.

/// What one column needs, in the unit of the total width (the caller's mm, padding included).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Need {
    /// Narrowest width that breaks no unbreakable run.
    pub min: f32,
    /// Width of its longest line: wider than that the column gains nothing.
    pub max: f32,
    /// How much text the column holds (e.g. the mean width of its cells' text): the part of
    /// the free width it gets while growing.
    pub share: f32,
    /// A template's weight, multiplying `share` (1 by default).
    pub weight: f32,
    /// A width the template pins; `min`, `max` and `share` are then ignored.
    pub pinned: Option<f32>,
}

impl Need {
    /// A column that needs `min`, would use up to `max` and holds `share`, weight 1.
    pub fn new(min: f32, max: f32, share: f32) -> Need {
        Need { min, max: max.max(min), share, weight: 1.0, pinned: None }
    }
}

/// Widths for `needs` that add up to `total` (unless every column is pinned).
///
/// ```
/// use kyodo::layout::columns::{solve, Need};
/// // A one-letter grade column stays narrow; the sentences take the rest.
/// let widths = solve(&[Need::new(8.0, 8.0, 8.0), Need::new(10.0, 400.0, 150.0)], 200.0);
/// assert_eq!(widths, [8.0, 192.0]);
/// ```
pub fn solve(needs: &[Need], total: f32) -> Vec<f32> {
    let pinned: f32 = needs.iter().filter_map(|n| n.pinned).sum();
    let room = (total - pinned).max(0.0);
    let auto = |n: &Need| n.pinned.is_none();
    let floor: f32 = needs.iter().filter(|n| auto(n)).map(|n| n.min.max(0.0)).sum();
    let mut widths: Vec<f32> = needs.iter().map(|n| n.pinned.unwrap_or(n.min.max(0.0))).collect();
    if floor >= room {
        // Not even the minima fit: each auto column gets the same fraction of its minimum.
        let scale = if floor > 0.0 { room / floor } else { 0.0 };
        for (w, n) in widths.iter_mut().zip(needs) {
            if auto(n) {
                *w *= scale;
            }
        }
        return widths;
    }
    let mut left = room - floor;
    // Grow towards the maxima in proportion to content; a column reaching its maximum stops
    // and its part goes to the others (at most one round per column).
    loop {
        let growing: Vec<usize> = (0..needs.len())
            .filter(|&i| auto(&needs[i]) && widths[i] < needs[i].max && weight(&needs[i]) > 0.0)
            .collect();
        let parts: f32 = growing.iter().map(|&i| weight(&needs[i])).sum();
        if growing.is_empty() || left <= f32::EPSILON || parts <= 0.0 {
            break;
        }
        let full: Vec<usize> = growing
            .iter()
            .copied()
            .filter(|&i| widths[i] + left * weight(&needs[i]) / parts >= needs[i].max)
            .collect();
        if full.is_empty() {
            for &i in &growing {
                widths[i] += left * weight(&needs[i]) / parts;
            }
            return widths;
        }
        for i in full {
            left -= needs[i].max - widths[i];
            widths[i] = needs[i].max;
        }
    }
    if left > f32::EPSILON {
        spread_surplus(needs, &mut widths, left);
    }
    widths
}

/// The part of the free width a growing column takes.
fn weight(need: &Need) -> f32 {
    (need.share.max(0.0) * need.weight.max(0.0)).max(if need.weight > 0.0 { f32::MIN_POSITIVE } else { 0.0 })
}

/// Every column is at its widest and width is left: it goes to the columns that wrap (their
/// maximum above their minimum), in proportion to their maximum, so a narrow grade or mark
/// column stays as narrow as its content. With no such column, to every auto column.
fn spread_surplus(needs: &[Need], widths: &mut [f32], left: f32) {
    let wraps = |n: &Need| n.pinned.is_none() && n.weight > 0.0 && n.max > n.min * 1.5;
    let any_wraps = needs.iter().any(wraps);
    let takes = |n: &Need| if any_wraps { wraps(n) } else { n.pinned.is_none() && n.weight > 0.0 };
    let parts: f32 = needs.iter().filter(|n| takes(n)).map(|n| n.max * n.weight).sum();
    let count = needs.iter().filter(|n| takes(n)).count() as f32;
    for (w, n) in widths.iter_mut().zip(needs) {
        if takes(n) {
            // Columns with nothing in them share equally.
            *w += if parts > 0.0 { left * n.max * n.weight / parts } else { left / count };
        }
    }
}

/// A sample of a table's rows for [`balance`]: per row, per column, the widths of the
/// cell's paragraphs (source lines) set on one line.
pub type Sample = Vec<Vec<Vec<f32>>>;

/// Improves `widths` (from [`solve`]) for the rows of `sample`: moves width from one column to
/// another while that makes the rows shorter in total (a row is as tall as its tallest cell),
/// never taking a column below `mins` nor touching `pinned` ones. `pad` is the part of a
/// column that holds no text, `step` the smallest move (half an em). Lines are estimated from
/// the paragraph widths (Japanese breaks almost anywhere), so this is cheap enough to run on
/// a few hundred rows; the total width stays the same. Returns the sample's cost at the
/// widths chosen (its rows' height in lines, see [`cost_of`]).
///
/// ```
/// use kyodo::layout::columns::balance;
/// // Two columns of 100 mm of text each, one given 40 mm and the other 160 mm: balanced,
/// // both take 100 mm of text in one line... of 100 mm each.
/// let sample = vec![vec![vec![100.0], vec![100.0]]; 3];
/// let mut widths = vec![40.0, 160.0];
/// balance(&mut widths, &[10.0, 10.0], &[false, false], &sample, 0.0, 1.0);
/// assert_eq!(widths, [100.0, 100.0]);
/// ```
pub fn balance(
    widths: &mut [f32],
    mins: &[f32],
    pinned: &[bool],
    sample: &Sample,
    pad: f32,
    step: f32,
) -> f64 {
    let n = widths.len();
    if n < 2 || sample.is_empty() || step <= 0.0 {
        return cost_of(widths, sample, pad);
    }
    // Besides the widths given, start from layouts where every column holds nearly all its
    // cells in k lines: moving one column at a time cannot reach a layout where several give
    // way at once so that another needs a line less.
    let total: f32 = widths.iter().sum();
    let mut starts = vec![widths.to_vec()];
    starts.extend((1..=6).filter_map(|k| target(k, mins, pinned, widths, sample, pad, total)));
    // Descending is the costly part: only from the two most promising starts.
    let mut ranked: Vec<(f64, Vec<f32>)> =
        starts.into_iter().map(|w| (cost_of(&w, sample, pad), w)).collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut best: Option<(f64, Vec<f32>)> = None;
    for (_, mut start) in ranked.into_iter().take(2) {
        let c = descend(&mut start, mins, pinned, sample, pad, step);
        if best.as_ref().is_none_or(|(b, _)| c < *b - 1e-9) {
            best = Some((c, start));
        }
    }
    if let Some((c, w)) = best {
        widths.copy_from_slice(&w);
        return c;
    }
    cost_of(widths, sample, pad)
}

/// Widths at which each column holds nine in ten of its cells in `k` lines (or as many as
/// they have paragraphs), the rest of `total` spread over the columns in proportion; None
/// when they do not fit.
fn target(
    k: u32,
    mins: &[f32],
    pinned: &[bool],
    given: &[f32],
    sample: &Sample,
    pad: f32,
    total: f32,
) -> Option<Vec<f32>> {
    let mut widths: Vec<f32> = (0..mins.len())
        .map(|c| {
            if pinned[c] {
                return given[c];
            }
            let mut needs: Vec<f32> = sample.iter().map(|row| fit_width(&row[c], k)).collect();
            needs.sort_by(f32::total_cmp);
            let at = (needs.len() * 9 / 10).min(needs.len() - 1);
            (needs[at] + pad).max(mins[c])
        })
        .collect();
    let used: f32 = widths.iter().sum();
    if used > total {
        return None;
    }
    let free: f32 = widths.iter().zip(pinned).filter(|(_, p)| !**p).map(|(w, _)| w).sum();
    if free > 0.0 {
        let scale = 1.0 + (total - used) / free;
        for (w, p) in widths.iter_mut().zip(pinned) {
            if !p {
                *w *= scale;
            }
        }
    }
    Some(widths)
}

/// The narrowest text width at which paragraphs this wide take at most `k` lines (each at
/// least one).
fn fit_width(paragraphs: &[f32], k: u32) -> f32 {
    let widest = paragraphs.iter().copied().fold(0.0, f32::max);
    if paragraphs.len() as u32 >= k || widest <= 0.0 {
        return widest;
    }
    let (mut lo, mut hi) = (widest / k as f32, widest);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if lines(paragraphs, mid) <= k {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi + 1e-3
}

/// The best width move found in one round of [`descend`]: `d` mm from column `from` to `to`,
/// with both columns' line counts after it and the table's cost.
struct Move {
    to: usize,
    from: usize,
    d: f32,
    to_lines: Vec<u32>,
    from_lines: Vec<u32>,
    cost: f64,
}

/// Local search from `widths`: the best single move of width between two columns while one
/// lowers the cost. Returns the cost reached.
fn descend(widths: &mut [f32], mins: &[f32], pinned: &[bool], sample: &Sample, pad: f32, step: f32) -> f64 {
    let n = widths.len();
    let lines_at =
        |c: usize, w: f32| -> Vec<u32> { sample.iter().map(|row| lines(&row[c], w - pad)).collect() };
    let mut columns: Vec<Vec<u32>> = (0..n).map(|c| lines_at(c, widths[c])).collect();
    let mut best = cost(&columns, sample.len());
    const MOVES: [f32; 12] = [1.0, 2.0, 3.0, 5.0, 8.0, 12.0, 18.0, 27.0, 40.0, 60.0, 90.0, 135.0];
    // Each accepted move lowers the cost, which is bounded below: the loop ends; the cap keeps
    // a pathological table cheap.
    for _ in 0..200 {
        let mut found: Option<Move> = None;
        for to in (0..n).filter(|&c| !pinned[c]) {
            for from in (0..n).filter(|&c| c != to && !pinned[c]) {
                for k in MOVES {
                    let d = k * step;
                    if widths[from] - d < mins[from] - 1e-4 {
                        break;
                    }
                    let (a, b) = (lines_at(to, widths[to] + d), lines_at(from, widths[from] - d));
                    let (old_to, old_from) =
                        (std::mem::replace(&mut columns[to], a), std::mem::replace(&mut columns[from], b));
                    let c = cost(&columns, sample.len());
                    let a = std::mem::replace(&mut columns[to], old_to);
                    let b = std::mem::replace(&mut columns[from], old_from);
                    if c < best - 1e-9 && found.as_ref().is_none_or(|f| c < f.cost) {
                        found = Some(Move { to, from, d, to_lines: a, from_lines: b, cost: c });
                    }
                }
            }
        }
        let Some(Move { to, from, d, to_lines: a, from_lines: b, cost: c }) = found else {
            break;
        };
        widths[to] += d;
        widths[from] -= d;
        columns[to] = a;
        columns[from] = b;
        best = c;
    }
    best
}

/// The cost of a layout, without improving it: the rows' total height in lines (a row as
/// tall as its tallest cell), plus a little for every line of every cell.
pub fn cost_of(widths: &[f32], sample: &Sample, pad: f32) -> f64 {
    let columns: Vec<Vec<u32>> = (0..widths.len())
        .map(|c| sample.iter().map(|row| lines(&row[c], widths[c] - pad)).collect())
        .collect();
    cost(&columns, sample.len())
}

/// Lines a cell of paragraphs this wide takes in `text_width`.
fn lines(paragraphs: &[f32], text_width: f32) -> u32 {
    let w = text_width.max(1e-3);
    paragraphs.iter().map(|p| ((p - 1e-3) / w).ceil().max(1.0) as u32).sum()
}

/// The rows' total height in lines, plus a little for every line of every cell, so that of
/// two layouts as tall the one that wraps less wins.
fn cost(columns: &[Vec<u32>], rows: usize) -> f64 {
    let mut tall = 0u64;
    let mut all = 0u64;
    for r in 0..rows {
        let mut max = 0;
        for c in columns {
            max = max.max(c[r]);
            all += u64::from(c[r]);
        }
        tall += u64::from(max);
    }
    tall as f64 + all as f64 * 0.01
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(widths: &[f32]) -> f32 {
        widths.iter().sum()
    }

    #[test]
    fn no_column_is_narrower_than_its_unbreakable_run_when_the_minima_fit() {
        // 評価「A →（前年 A）」, 関係部署「地域再生推進本部」, two sentence columns.
        let needs = [
            Need::new(18.0, 18.0, 12.0),
            Need::new(27.0, 27.0, 27.0),
            Need::new(6.0, 600.0, 300.0),
            Need::new(6.0, 900.0, 500.0),
        ];
        let widths = solve(&needs, 257.0);
        for (w, n) in widths.iter().zip(&needs) {
            assert!(*w >= n.min - 1e-3, "{w} < {}", n.min);
        }
        assert!((sum(&widths) - 257.0).abs() < 1e-3);
        assert_eq!(widths[0], 18.0, "a column at its longest line takes no more");
        assert_eq!(widths[1], 27.0);
        assert!(widths[3] > widths[2], "more text, more width: {widths:?}");
    }

    #[test]
    fn when_the_minima_do_not_fit_every_column_shrinks_in_proportion() {
        let needs = [Need::new(40.0, 50.0, 10.0), Need::new(60.0, 90.0, 10.0), Need::new(100.0, 300.0, 10.0)];
        let widths = solve(&needs, 100.0);
        assert!((widths[0] - 20.0).abs() < 1e-3 && (widths[1] - 30.0).abs() < 1e-3, "{widths:?}");
        assert!((widths[2] - 50.0).abs() < 1e-3);
    }

    #[test]
    fn growth_follows_content_and_stops_at_the_maximum() {
        // The short-text column reaches its maximum; what it does not need goes to the other.
        let needs = [Need::new(10.0, 30.0, 100.0), Need::new(10.0, 500.0, 100.0)];
        let widths = solve(&needs, 200.0);
        assert_eq!(widths[0], 30.0);
        assert!((widths[1] - 170.0).abs() < 1e-3, "{widths:?}");
        // Equal content, room for neither maximum: equal growth.
        let widths = solve(&[Need::new(10.0, 500.0, 50.0), Need::new(20.0, 500.0, 50.0)], 130.0);
        assert!((widths[0] - 60.0).abs() < 1e-3 && (widths[1] - 70.0).abs() < 1e-3, "{widths:?}");
    }

    #[test]
    fn surplus_goes_to_the_wrapping_columns_not_to_a_one_letter_column() {
        let needs = [Need::new(8.0, 8.0, 8.0), Need::new(10.0, 40.0, 30.0), Need::new(10.0, 60.0, 40.0)];
        let widths = solve(&needs, 208.0);
        assert_eq!(widths[0], 8.0);
        assert!((sum(&widths) - 208.0).abs() < 1e-3);
        assert!((widths[2] / widths[1] - 1.5).abs() < 1e-3, "surplus by maximum: {widths:?}");
    }

    #[test]
    fn pinned_columns_keep_their_width_and_weights_shift_growth() {
        let mut pinned = Need::new(5.0, 5.0, 5.0);
        pinned.pinned = Some(30.0);
        let mut heavy = Need::new(10.0, 1000.0, 100.0);
        heavy.weight = 3.0;
        let widths = solve(&[pinned, Need::new(10.0, 1000.0, 100.0), heavy], 130.0);
        assert_eq!(widths[0], 30.0);
        assert!((widths[1] - 30.0).abs() < 1e-3 && (widths[2] - 70.0).abs() < 1e-3, "{widths:?}");
    }

    #[test]
    fn balancing_shortens_rows_and_keeps_minima_and_total() {
        // 内容 of 3 lines and a 課題 column with room to spare: width moves to 内容.
        let row = vec![vec![90.0], vec![20.0], vec![60.0, 30.0]];
        let sample = vec![row; 5];
        let mut widths = vec![40.0, 60.0, 60.0];
        balance(&mut widths, &[10.0, 25.0, 10.0], &[false, false, false], &sample, 2.0, 1.5);
        let total: f32 = widths.iter().sum();
        assert!((total - 160.0).abs() < 1e-3, "{widths:?}");
        assert!(widths[1] >= 25.0 - 1e-3);
        // Every row now takes two lines: 内容 in two, 課題 in one, the two paragraphs in two.
        assert!(widths[0] - 2.0 >= 45.0 && widths[2] - 2.0 >= 60.0, "{widths:?}");
        // A pinned column is left alone.
        let mut widths = vec![40.0, 60.0, 60.0];
        balance(&mut widths, &[10.0, 25.0, 10.0], &[false, true, false], &sample, 2.0, 1.5);
        assert_eq!(widths[1], 60.0);
    }

    #[test]
    fn degenerate_input_gives_finite_widths() {
        assert!(solve(&[], 100.0).is_empty());
        let widths = solve(&[Need::new(0.0, 0.0, 0.0), Need::new(0.0, 0.0, 0.0)], 100.0);
        assert!(widths.iter().all(|w| w.is_finite()));
        assert!((sum(&widths) - 100.0).abs() < 1e-3, "{widths:?}");
        assert!(solve(&[Need::new(10.0, 20.0, 5.0)], 0.0).iter().all(|w| *w == 0.0));
    }
}
