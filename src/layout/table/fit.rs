//! Column widths from the text of every row: each distinct cell measured once on every core
//! (its longest unbreakable run, its longest line, its paragraphs), the columns' needs solved
//! ([`crate::layout::columns`]), then balanced on a sample of the rows.

use super::{CellText, Column, Row, Sizing, Table, PAD};
use crate::layout::columns::{self, Need};
use crate::layout::linebreak::{longest_run, longest_word, SHORT_CHARS};
use crate::layout::spacing;
use crate::layout::text::Style;
use rayon::prelude::*;
use std::collections::HashMap;

/// A paragraph this short (in characters other than spaces) is a word: never broken where the
/// column can hold it (「未提出」「（未記入）」「継続」「B → A ↑」).
const SHORT: usize = 6;

/// No column's minimum takes more than this part of the table: a long URL or name breaks.
const MIN_CAP: f32 = 0.25;

/// The part of a column's short texts whose widest word its minimum holds whole: its typical
/// word (「参加者の」 of 「参加者の固定化」) sets it, not its rarest one.
const TYPICAL: f32 = 0.5;

/// The most a typical word asks of a column, in ems of body text: four characters a line
/// (「参加者の」) are what a short cell needs to read; more would take width from the long
/// texts and add pages (measured on the realistic 10,000-item plan).
const TYPICAL_EMS: f32 = 4.0;

/// The longest katakana word of a short text (「パブリックコメント」) that a column's minimum
/// holds whole, in ems of body text: 「パブリッ／クコメン／トの実施」 is a word cut on every
/// line, which no reader forgives as they forgive 「参加者／の固定化」. Longer runs are
/// compounds (「コミュニティビジネスサポート…」) that break anyway.
const KATAKANA_EMS: f32 = 10.0;

impl Table {
    /// Chooses the widths of the columns from the text of `rows` (every row of the report,
    /// so that the columns stand still from page to page) to fill `width` mm.
    pub fn fit<'r>(&mut self, rows: impl IntoIterator<Item = &'r Row>, width: f32) {
        let rows: Vec<&Row> = rows.into_iter().collect();
        let mut measured: Vec<Measure> = self.columns.iter().map(|c| self.header_measure(c)).collect();
        let mut words: Vec<Vec<f32>> = vec![Vec::new(); self.columns.len()];
        let (slots, cells) = self.distinct_cells(&rows);
        let measures: Vec<Measure> =
            cells.par_iter().map(|&(cell, names)| measure(&cell.text, cell.style, names)).collect();
        // The rows balancing looks at: all of a short table, evenly spread ones of a long one.
        let every = rows.len().div_ceil(SAMPLE).max(1);
        let mut sample = Vec::new();
        for (r, slots) in slots.iter().enumerate() {
            let mut cells = Vec::new();
            for (i, &slot) in slots.iter().enumerate() {
                let cell = &measures[slot];
                let m = &mut measured[i];
                m.min = m.min.max(cell.min);
                m.phrase = m.phrase.max(cell.phrase);
                m.max = m.max.max(cell.max);
                m.share += cell.share;
                m.katakana = m.katakana.max(cell.katakana);
                if cell.word > 0.0 {
                    words[i].push(cell.word);
                }
                if r % every == 0 {
                    cells.push(cell.paragraphs.clone());
                }
            }
            if r % every == 0 {
                cells.resize(self.columns.len(), Vec::new()); // a short row: blank cells
                sample.push(cells);
            }
        }
        let count = rows.len();
        // The header row is printed above every table and on every page: about one in four
        // rows of a report, so a header taking two lines costs as much as that.
        let header: Vec<Vec<f32>> =
            self.columns.iter().map(|c| measure(&c.title, self.header_style, false).paragraphs).collect();
        let repeat = (sample.len() / 4).max(1);
        sample.extend(std::iter::repeat_n(header, repeat));
        let pad = 2.0 * PAD + 0.01;
        let em = crate::layout::frame::pt_to_mm(self.body_style.size);
        let typicals: Vec<f32> = words.iter_mut().map(|w| typical(w).min(TYPICAL_EMS * em)).collect();
        let katakana = |m: &Measure| m.katakana.min(KATAKANA_EMS * em);
        let needs_for = |min_of: &dyn Fn(&Measure) -> f32, kana: bool| -> Vec<Need> {
            let columns = self.columns.iter().zip(&measured).zip(&typicals);
            columns
                .map(|((col, m), &word)| {
                    let word = if kana { word.max(katakana(m)) } else { word };
                    let min = min_of(m).max(word).min(width * MIN_CAP) + pad;
                    let mut need = Need::new(min, m.max + pad, m.share / count.max(1) as f32);
                    match col.sizing {
                        Sizing::Auto { weight } => need.weight = weight,
                        Sizing::Fixed(mm) => need.pinned = Some(mm),
                    }
                    need
                })
                .collect()
        };
        let step = self.body_style.advance('あ') / 2.0;
        // Katakana words held whole where the page has room for every column's longest one.
        let floor = |needs: &[Need]| needs.iter().map(|n| n.pinned.unwrap_or(n.min)).sum::<f32>();
        let kana = floor(&needs_for(&|m| m.min, true)) <= width;
        let (mut widths, whole) = widths_for(&needs_for(&|m| m.min, kana), width, &sample, step);
        // Names held whole unless breaking them between phrases (「上対馬地域／活性化センター」)
        // lets the long texts take lines fewer by more than NAMES_GAIN: a name column of
        // eleven characters beside a 内容 of fourteen adds pages.
        if measured.iter().any(|m| m.phrase < m.min) {
            let (phrased, cost) = widths_for(&needs_for(&|m| m.phrase, kana), width, &sample, step);
            if cost < whole * (1.0 - NAMES_GAIN) {
                widths = phrased;
            }
        }
        for (col, w) in self.columns.iter_mut().zip(widths) {
            col.width = w;
        }
    }

    /// The distinct texts of each column (施策, 目標 and 関係部署 come again row after row),
    /// each with whether it is names, so that each is measured once; and for every cell of
    /// `rows`, which of them it is.
    fn distinct_cells<'r>(&self, rows: &[&'r Row]) -> (Vec<Vec<usize>>, Vec<(&'r CellText, bool)>) {
        let mut seen: HashMap<(usize, &str), usize> = HashMap::new();
        let mut cells = Vec::new();
        let slots = rows
            .iter()
            .map(|row| {
                let columns = row.cells.iter().zip(&self.columns).enumerate();
                columns
                    .map(|(i, (cell, col))| {
                        *seen.entry((i, cell.text.as_str())).or_insert_with(|| {
                            cells.push((cell, col.names));
                            cells.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        (slots, cells)
    }

    /// What a header asks of its column: its title on one line up to six characters
    /// (「今後の方向性」 broken reads badly and makes every header row taller), else on two
    /// lines at most.
    fn header_measure(&self, col: &Column) -> Measure {
        let style = self.header_style;
        let chars: Vec<char> = col.title.chars().collect();
        let full = style.width(&col.title);
        let min = if chars.len() <= 4 {
            full
        } else {
            let half: String = chars[..chars.len().div_ceil(2)].iter().collect();
            style.width(&half)
        };
        Measure { min, phrase: min, max: full, share: 0.0, paragraphs: Vec::new(), word: 0.0, katakana: 0.0 }
    }
}

/// Rows of a long table that balancing the columns looks at.
const SAMPLE: usize = 120;

/// The part of a table's height (in lines of the balancing sample) that breaking names
/// between phrases must save before a name column gives up holding its names whole.
const NAMES_GAIN: f64 = 0.02;

/// Widths for `needs` in `width` mm, balanced on `sample` when the minima leave room, with
/// the sample's cost at those widths (its rows' height in lines).
fn widths_for(needs: &[Need], width: f32, sample: &columns::Sample, step: f32) -> (Vec<f32>, f64) {
    let mut widths = columns::solve(needs, width);
    let mins: Vec<f32> = needs.iter().map(|n| n.pinned.unwrap_or(n.min)).collect();
    let pinned: Vec<bool> = needs.iter().map(|n| n.pinned.is_some()).collect();
    let cost = if needs.iter().map(|n| n.min).sum::<f32>() < width {
        columns::balance(&mut widths, &mins, &pinned, sample, 2.0 * PAD, step)
    } else {
        columns::cost_of(&widths, sample, 2.0 * PAD)
    };
    (widths, cost)
}

/// A cell's (or a column's) measures, in mm without padding: the longest unbreakable run,
/// the same with names broken between phrases, the longest line, the width of all its text,
/// each paragraph's width, the widest word of its short paragraphs (0 if none) and their
/// widest katakana word.
#[derive(Debug, Clone)]
struct Measure {
    min: f32,
    phrase: f32,
    max: f32,
    share: f32,
    paragraphs: Vec<f32>,
    word: f32,
    katakana: f32,
}

/// The width that holds [`TYPICAL`] of `words` whole (reorders them).
fn typical(words: &mut [f32]) -> f32 {
    if words.is_empty() {
        return 0.0;
    }
    let at = ((words.len() as f32 * TYPICAL) as usize).min(words.len() - 1);
    *words.select_nth_unstable_by(at, f32::total_cmp).1
}

/// The measures of one cell. A short paragraph and, in a column of `names`, every line
/// counts as unbreakable.
fn measure(text: &str, style: Style, names: bool) -> Measure {
    let (mut min, mut max, mut total, mut widest_word) = (0.0f32, 0.0f32, 0.0f32, 0.0f32);
    let mut phrase = 0.0f32;
    let mut katakana = 0.0f32;
    let mut paragraphs = Vec::new();
    let em = crate::layout::frame::pt_to_mm(style.size);
    let space = |a: char, c: char| spacing::space(a, c, style.latin_gap) * em;
    for paragraph in text.split('\n') {
        let width = style.width(paragraph);
        // Spaces do not count: 「B → A ↑」 (a grade with last year's) is as short as a word.
        let word = names || paragraph.chars().filter(|c| !c.is_whitespace()).count() <= SHORT;
        let run = if word { width } else { longest_run(paragraph, &|c| style.advance(c), &space) };
        // A short paragraph breaks between phrases: its words should fit the column.
        if !word && paragraph.chars().count() <= SHORT_CHARS {
            widest_word = widest_word.max(longest_word(paragraph, &|c| style.advance(c), &space));
        }
        if !names && paragraph.chars().count() <= SHORT_CHARS {
            katakana = katakana_runs(paragraph).map(|run| style.width(run)).fold(katakana, f32::max);
        }
        min = min.max(run);
        // A name too wide for its column breaks between phrases, never inside one.
        let phrased = if names { longest_word(paragraph, &|c| style.advance(c), &space) } else { run };
        phrase = phrase.max(phrased);
        max = max.max(width);
        total += width;
        if !text.is_empty() {
            paragraphs.push(width);
        }
    }
    Measure { min, phrase, max, share: total, paragraphs, word: widest_word, katakana }
}

/// The katakana words of `text` (runs of katakana and ー, 「パブリックコメント」): a ・ between
/// two is a place to break.
fn katakana_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')).filter(|run| run.chars().count() > 1)
}
