//! Settings of each report kind: the `[official]`, `[koho]` and `[committee]` tables of the
//! templates (`templates/official.toml` …), each overridable key by key.

use super::{ConfigError, Field};
use serde::Deserialize;

/// The 和欧間 by default: a quarter em, as JLReq, Word and LuaTeX-ja set it.
pub const LATIN_GAP: f32 = 0.25;

/// Page orientation; `auto` is portrait for a plan and landscape when progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Upright.
    Portrait,
    /// Sideways.
    Landscape,
    /// Portrait for a plan, landscape when progress is shown.
    Auto,
}

/// How a table column's width is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Width {
    /// From the content, its part of the free width scaled by a weight (1 by default).
    Auto(f32),
    /// Pinned, in mm.
    Fixed(f32),
}

/// How one report kind is laid out.
#[derive(Debug, Clone, PartialEq)]
pub struct KindSettings {
    /// Title pattern: `{year}` (令和6年度（2024年度）), `{plan}` (the plan's title), `{city}`.
    pub title: String,
    /// Paper name (A4, A3, B4, B5, A5) and its portrait size in mm.
    pub paper: String,
    /// Page orientation.
    pub orientation: Orientation,
    /// Margin on every side, in mm.
    pub margin: f32,
    /// Body text size in points.
    pub body: f32,
    /// Table columns and how wide (progress columns are dropped when there is no progress).
    pub columns: Vec<(Field, Width)>,
    /// Each 施策 starts a new page (else they run on).
    pub section_new_page: bool,
    /// The report opens with a summary of the progress (the official report: 進捗の概要).
    pub summary: bool,
    /// The 和欧間 between Japanese and Latin letters, in ems (digits are set solid).
    pub latin_gap: f32,
    /// How many items the summary lists as highlights.
    pub highlights: usize,
    /// Smallest body size allowed for this kind.
    min_body: f32,
}

/// The TOML shape: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKind {
    title: Option<String>,
    paper: Option<String>,
    orientation: Option<Orientation>,
    margin_mm: Option<f32>,
    body_pt: Option<f32>,
    columns: Option<Vec<RawColumn>>,
    highlights: Option<usize>,
    section_new_page: Option<bool>,
    summary: Option<bool>,
    latin_gap_em: Option<f32>,
}

/// A column: automatic by default; `width_mm` pins it, `weight` (or the older `width`)
/// scales its part of the free width.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    field: String,
    #[serde(alias = "width")]
    weight: Option<f32>,
    width_mm: Option<f32>,
}

impl KindSettings {
    /// Empty settings for a kind whose body text must be at least `min_body` points.
    pub(super) fn new(min_body: f32) -> KindSettings {
        KindSettings {
            title: String::new(),
            paper: "A4".into(),
            orientation: Orientation::Auto,
            margin: 20.0,
            body: min_body,
            columns: Vec::new(),
            section_new_page: false,
            summary: false,
            latin_gap: LATIN_GAP,
            highlights: 0,
            min_body,
        }
    }

    /// Overrides what `raw` sets; errors name the file and the table.
    pub(super) fn apply(&mut self, raw: RawKind, table: &str, file: &str) -> Result<(), ConfigError> {
        let err = |key: &str, problem: String| ConfigError::Kind {
            file: file.into(),
            table: table.into(),
            key: key.into(),
            problem,
        };
        if let Some(paper) = raw.paper {
            paper_size(&paper).ok_or_else(|| {
                err("paper", format!("「{paper}」は A3・A4・A5・B4・B5 のいずれでもありません"))
            })?;
            self.paper = paper;
        }
        if let Some(body) = raw.body_pt {
            if body < self.min_body {
                return Err(err(
                    "body_pt",
                    format!("本文の文字は {} pt 以上にしてください（{body} pt）", self.min_body),
                ));
            }
            self.body = body;
        }
        if let Some(margin) = raw.margin_mm {
            if !(5.0..=50.0).contains(&margin) {
                return Err(err("margin_mm", format!("余白 {margin} mm は 5〜50 mm の範囲にしてください")));
            }
            self.margin = margin;
        }
        if let Some(columns) = raw.columns {
            self.columns = columns
                .into_iter()
                .map(|c| {
                    let column = Field::ALL.into_iter().find(|k| k.config_key() == c.field);
                    let Some(k) = column else {
                        return Err(err("columns", format!("「{}」は知らない列です", c.field)));
                    };
                    match (c.width_mm, c.weight) {
                        (Some(mm), _) if mm > 0.0 && mm.is_finite() => Ok((k, Width::Fixed(mm))),
                        (None, Some(w)) if w > 0.0 && w.is_finite() => Ok((k, Width::Auto(w))),
                        (None, None) => Ok((k, Width::Auto(1.0))),
                        (Some(_), _) => {
                            Err(err("columns", format!("「{}」の width_mm は正の数にしてください", c.field)))
                        }
                        (None, Some(_)) => {
                            Err(err("columns", format!("「{}」の weight は正の数にしてください", c.field)))
                        }
                    }
                })
                .collect::<Result<_, _>>()?;
        }
        self.title = raw.title.unwrap_or(std::mem::take(&mut self.title));
        self.orientation = raw.orientation.unwrap_or(self.orientation);
        self.highlights = raw.highlights.unwrap_or(self.highlights);
        self.section_new_page = raw.section_new_page.unwrap_or(self.section_new_page);
        self.summary = raw.summary.unwrap_or(self.summary);
        if let Some(gap) = raw.latin_gap_em {
            if !(0.0..=1.0).contains(&gap) {
                return Err(err("latin_gap_em", format!("和欧間 {gap} em は 0〜1 の範囲にしてください")));
            }
            self.latin_gap = gap;
        }
        Ok(())
    }

    /// Page size in mm; `progress` decides `auto` orientation.
    pub fn page_size(&self, progress: bool) -> (f32, f32) {
        let (w, h) = paper_size(&self.paper).unwrap_or((210.0, 297.0));
        let landscape = match self.orientation {
            Orientation::Portrait => false,
            Orientation::Landscape => true,
            Orientation::Auto => progress,
        };
        if landscape {
            (h, w)
        } else {
            (w, h)
        }
    }

    /// The title with its placeholders filled; spaces left by an empty one are closed up, and
    /// a word the next one repeats is said once (a plan titled 「…プラン 進捗状況」 gives
    /// 「…プラン 進捗状況報告書」, not 「…進捗状況 進捗状況報告書」).
    ///
    /// ```
    /// let mut k = kyodo::config::Config::default().official;
    /// k.title = "{year} {plan} 進捗状況報告書".into();
    /// assert_eq!(k.title_for(Some("令和6年度"), "アクションプラン", "豊田市"), "令和6年度 アクションプラン 進捗状況報告書");
    /// assert_eq!(k.title_for(None, "アクションプラン", "豊田市"), "アクションプラン 進捗状況報告書");
    /// assert_eq!(k.title_for(None, "アクションプラン 進捗状況", "豊田市"), "アクションプラン 進捗状況報告書");
    /// ```
    pub fn title_for(&self, year: Option<&str>, plan: &str, city: &str) -> String {
        let filled =
            self.title.replace("{year}", year.unwrap_or("")).replace("{plan}", plan).replace("{city}", city);
        let words: Vec<&str> = filled.split_whitespace().collect();
        let kept = words
            .iter()
            .enumerate()
            .filter(|&(i, w)| !words.get(i + 1).is_some_and(|next| next.starts_with(w)));
        kept.map(|(_, w)| *w).collect::<Vec<_>>().join(" ")
    }
}

/// Portrait size in mm of a paper name.
pub fn paper_size(name: &str) -> Option<(f32, f32)> {
    match name.trim().to_ascii_uppercase().as_str() {
        "A3" => Some((297.0, 420.0)),
        "A4" => Some((210.0, 297.0)),
        "A5" => Some((148.0, 210.0)),
        "B4" => Some((257.0, 364.0)),
        "B5" => Some((182.0, 257.0)),
        _ => None,
    }
}
