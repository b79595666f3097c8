//! Settings: the city's (column synonyms, marks, the grading scale, names of actors) and each
//! report kind's layout ([`kinds`]).
//!
//! The defaults live in `templates/` (`kyodo.toml` for the city, `official.toml`, `koho.toml`,
//! `committee.toml` for the kinds) and are compiled into the binary, so kyodo runs with no file
//! around it. User files (`--config FILE`, or `kyodo.toml` beside the inputs) override any key
//! of them; their column synonyms are added to the defaults. Every file is checked on its own
//! first, so an error names the file, the line and the key.

pub mod error;
mod field;
pub mod kind;
pub mod kinds;
pub mod pdf;

pub use error::ConfigError;
pub use field::Field;
pub use kind::Kind;

use crate::color::Color;
use crate::text::key;
use kinds::{KindSettings, RawKind};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The shipped templates, embedded: (file name, text), applied in this order.
pub const TEMPLATES: [(&str, &str); 4] = [
    ("kyodo.toml", include_str!("../../templates/kyodo.toml")),
    ("official.toml", include_str!("../../templates/official.toml")),
    ("koho.toml", include_str!("../../templates/koho.toml")),
    ("committee.toml", include_str!("../../templates/committee.toml")),
];

/// One step of the grading scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// The code written in reports (A).
    pub code: String,
    /// What it means (計画どおり実施).
    pub label: String,
    /// Its colour in charts and fills: the settings' `#RRGGBB`, read once, else the default of
    /// its step.
    pub color: Color,
    /// false for a code that is not a grade (完了, 中止, 評価困難, −): shown and counted in its
    /// own column, left out of the 順調 rate and of comparisons with last year.
    pub counts: bool,
}

/// One step of the scale as the settings write it.
#[derive(Debug, Clone, Deserialize)]
struct RawGrade {
    code: String,
    label: String,
    /// `#RRGGBB`; empty: the default of its step.
    #[serde(default)]
    color: String,
    #[serde(default = "counts_by_default")]
    counts: bool,
}

fn counts_by_default() -> bool {
    true
}

/// One step of `[grades] from_indicator`: a 達成率 of at least `min` percent proposes `code`.
#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// The grade proposed.
    pub code: String,
    /// The least 達成率, in percent.
    pub min: f64,
}

/// The settings kyodo works with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The city's name (author of the files): `[city] name`, else the plan's title rows'
    /// (「○○市 …」, set when the plan is read); empty where neither gives one, and then no
    /// city is printed.
    pub city: String,
    /// `[city] magazine`: the name of the city's magazine where it is not 「広報」 and the
    /// city's name (「広報つしま」); see [`Config::magazine`].
    pub magazine: Option<String>,
    /// `[report] title`: the plan's name when its title rows give none (empty: none).
    pub title: String,
    /// Date of issue printed on reports (YYYY-MM-DD); None: `SOURCE_DATE_EPOCH` or the inputs.
    pub date: Option<String>,
    /// `[report] normalise`: the pages, the web page and the 広報 text set the plan's words in
    /// one notation ([`crate::text::notation`]); the workbook and the open data keep them as
    /// written either way.
    pub normalise: bool,
    /// Mark → meaning, in legend order (★ ● ◎).
    pub marks: Vec<(String, String)>,
    /// The grading scale, best first.
    pub grades: Vec<Grade>,
    /// Grade codes that count as on track in the summaries (e.g. A and B).
    pub on_track: Vec<String>,
    /// The grade an indicator's 達成率 proposes: the first step whose `min` (percent) the rate
    /// reaches, in the order written. Empty: no proposal, no mismatch warning.
    pub from_indicator: Vec<Threshold>,
    /// Decimals of a printed 達成率 (the proposal uses the rate as printed).
    pub rate_decimals: usize,
    /// `[indicators] prorate`: the 達成率 of a year of the plan period is measured against the
    /// share of the target due by then (year 1 of 5: 20% of the way from 基準値 to 目標値).
    pub prorate: bool,
    /// The choices of 今後の方向性.
    pub directions: Vec<String>,
    /// Known 主体, for splitting lists.
    pub actors: Vec<String>,
    /// Normalised header text → column.
    synonyms: BTreeMap<String, Field>,
    /// The official report's layout.
    pub official: KindSettings,
    /// The 広報 summary's layout.
    pub koho: KindSettings,
    /// The committee handout's layout.
    pub committee: KindSettings,
    /// TrueType files (regular, bold) to use instead of the bundled BIZ UDゴシック.
    pub fonts: Option<(std::path::PathBuf, std::path::PathBuf)>,
    /// `[pdf]`: the standards PDF files meet.
    pub pdf: pdf::PdfSettings,
}

/// The TOML shape; every table optional so a user file may hold only what it changes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    city: Option<RawCity>,
    report: Option<RawReport>,
    marks: Option<BTreeMap<String, String>>,
    grades: Option<RawGrades>,
    directions: Option<RawDirections>,
    actors: Option<RawActors>,
    columns: Option<BTreeMap<String, Vec<String>>>,
    indicators: Option<RawIndicators>,
    official: Option<RawKind>,
    koho: Option<RawKind>,
    committee: Option<RawKind>,
    fonts: Option<RawFonts>,
    pdf: Option<pdf::RawPdf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFonts {
    regular: std::path::PathBuf,
    bold: std::path::PathBuf,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCity {
    name: Option<String>,
    magazine: Option<String>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    title: Option<String>,
    /// Date of issue, YYYY-MM-DD.
    date: Option<String>,
    normalise: Option<bool>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrades {
    scale: Option<Vec<RawGrade>>,
    on_track: Option<Vec<String>>,
    from_indicator: Option<Vec<Threshold>>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicators {
    rate_decimals: Option<usize>,
    prorate: Option<bool>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDirections {
    choices: Vec<String>,
}
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActors {
    known: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        let mut config = Config {
            city: String::new(),
            magazine: None,
            title: String::new(),
            date: None,
            normalise: true,
            marks: Vec::new(),
            grades: Vec::new(),
            on_track: Vec::new(),
            from_indicator: Vec::new(),
            rate_decimals: 1,
            prorate: false,
            directions: Vec::new(),
            actors: Vec::new(),
            synonyms: BTreeMap::new(),
            official: KindSettings::new(9.0),
            koho: KindSettings::new(12.0),
            committee: KindSettings::new(9.0),
            fonts: None,
            pdf: pdf::PdfSettings::default(),
        };
        for (name, text) in TEMPLATES {
            let name = format!("templates/{name}");
            let raw = parse(text, &name).expect("the embedded templates parse");
            config.apply(raw, &name, Path::new(".")).expect("the embedded templates are valid");
        }
        config
    }
}

impl Config {
    /// The name of the city's magazine: `[city] magazine`, else 「広報」 and the city's name
    /// (「広報」 alone where no city is known).
    ///
    /// ```
    /// let mut config = kyodo::Config::default();
    /// assert_eq!(config.magazine(), "広報");
    /// config.city = "豊田市".into();
    /// assert_eq!(config.magazine(), "広報豊田市");
    /// config.magazine = Some("広報つしま".into());
    /// assert_eq!(config.magazine(), "広報つしま");
    /// ```
    pub fn magazine(&self) -> String {
        self.magazine.clone().unwrap_or_else(|| format!("広報{}", self.city))
    }

    /// The defaults overridden by the user's settings files, in order.
    pub fn with_files(paths: &[&Path]) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        for path in paths {
            let name = crate::text::shown_path(path);
            let bytes =
                std::fs::read(path).map_err(|source| ConfigError::Read { file: name.clone(), source })?;
            let text = String::from_utf8(bytes).map_err(|_| ConfigError::Encoding { file: name.clone() })?;
            // Windows' Notepad may put a byte order mark first.
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            config.apply(parse(text, &name)?, &name, path.parent().unwrap_or(Path::new(".")))?;
        }
        Ok(config)
    }

    /// Overrides what `raw` holds; `dir` is where the file is, for its relative paths.
    fn apply(&mut self, raw: RawConfig, name: &str, dir: &Path) -> Result<(), ConfigError> {
        if let Some(f) = raw.fonts {
            self.fonts = Some((dir.join(f.regular), dir.join(f.bold)));
        }
        if let Some(pdf) = raw.pdf {
            self.pdf.apply(pdf);
        }
        if let Some(city) = raw.city {
            self.city = city.name.unwrap_or(std::mem::take(&mut self.city));
            self.magazine = city.magazine.or(self.magazine.take());
        }
        if let Some(report) = raw.report {
            self.title = report.title.unwrap_or(std::mem::take(&mut self.title));
            self.date = report.date.or(self.date.take());
            self.normalise = report.normalise.unwrap_or(self.normalise);
        }
        if let Some(marks) = raw.marks {
            self.marks = order_marks(marks);
        }
        if let Some(grades) = raw.grades {
            self.apply_grades(grades, name)?;
        }
        if let Some(i) = raw.indicators {
            self.rate_decimals = i.rate_decimals.unwrap_or(self.rate_decimals).min(4);
            self.prorate = i.prorate.unwrap_or(self.prorate);
        }
        if let Some(d) = raw.directions {
            self.directions = d.choices;
        }
        if let Some(a) = raw.actors {
            self.actors = a.known;
        }
        for (col_key, names) in raw.columns.unwrap_or_default() {
            let column = Field::ALL
                .into_iter()
                .find(|c| c.config_key() == col_key)
                .ok_or_else(|| ConfigError::UnknownColumn { file: name.into(), column: col_key.clone() })?;
            for n in names {
                self.synonyms.insert(key(&n), column);
            }
        }
        for (table, raw, kind) in [
            ("official", raw.official, &mut self.official),
            ("koho", raw.koho, &mut self.koho),
            ("committee", raw.committee, &mut self.committee),
        ] {
            if let Some(raw) = raw {
                kind.apply(raw, table, name)?;
            }
        }
        Ok(())
    }

    /// A new scale must be complete (codes, labels, colours); on-track codes must be on it.
    fn apply_grades(&mut self, grades: RawGrades, name: &str) -> Result<(), ConfigError> {
        let refuse = |problem: String| ConfigError::Grades { file: name.into(), problem };
        if let Some(scale) = grades.scale {
            if scale.is_empty() {
                return Err(refuse("scale が空です".into()));
            }
            let bad = scale.iter().find(|g| !g.color.is_empty() && Color::from_hex(&g.color).is_none());
            if let Some(g) = bad {
                let (code, color) = (&g.code, &g.color);
                return Err(refuse(format!(
                    "scale の「{code}」の color「{color}」は #RRGGBB の形ではありません"
                )));
            }
            // A new scale without on_track: the better half of its grades is on track.
            let counted: Vec<&RawGrade> = scale.iter().filter(|g| g.counts).collect();
            if counted.is_empty() {
                return Err(refuse(
                    "scale に評価として数える区分（counts = false でないもの）がありません".into(),
                ));
            }
            self.on_track = counted.iter().take(counted.len().div_ceil(2)).map(|g| g.code.clone()).collect();
            self.grades = with_default_colors(scale);
        }
        if let Some(on_track) = grades.on_track {
            self.on_track = on_track;
        }
        if let Some(steps) = grades.from_indicator {
            self.from_indicator = steps;
        }
        let off_scale = self.from_indicator.iter().find(|t| self.grade(&t.code).is_none_or(|g| !g.counts));
        if let Some(t) = off_scale {
            return Err(refuse(format!("from_indicator の「{}」は評価として数える区分にありません", t.code)));
        }
        if let Some(code) = self.on_track.iter().find(|c| self.grade(c).is_none()) {
            return Err(refuse(format!("on_track の「{code}」は評価の尺度にありません")));
        }
        if let Some(code) = self.on_track.iter().find(|c| self.grade(c).is_some_and(|g| !g.counts)) {
            return Err(refuse(format!(
                "on_track の「{code}」は counts = false（評価として数えない区分）です"
            )));
        }
        Ok(())
    }

    /// Settings of a report kind.
    pub fn kind(&self, kind: Kind) -> &KindSettings {
        match kind {
            Kind::Official => &self.official,
            Kind::Koho => &self.koho,
            Kind::Committee => &self.committee,
        }
    }

    /// Position of a grade on the scale (0 = best), after NFKC; None when it is not on it.
    pub fn grade_rank(&self, value: &str) -> Option<usize> {
        let g = self.grade(value)?;
        self.grades.iter().position(|s| s == g)
    }

    /// Whether a grade counts as on track.
    pub fn is_on_track(&self, value: &str) -> bool {
        self.grade(value).is_some_and(|g| self.on_track.iter().any(|c| key(c) == key(&g.code)))
    }

    /// The column a header cell names, if any. Compared after NFKC without spaces, and again
    /// without a parenthesised note: 「評価（A～D）」 is 評価.
    pub fn column_for(&self, header: &str) -> Option<Field> {
        // A long text is data, never a header: skip the normalisation (hot on every row).
        if header.len() > MAX_HEADER_BYTES {
            return None;
        }
        let k = key(header);
        if k.is_empty() {
            return None;
        }
        self.synonyms.get(&k).or_else(|| self.synonyms.get(&strip_parenthesised(&k))).copied()
    }

    /// The column whose name a header text contains, for a hint (「取組の実績」 holds 実績): the
    /// longest such name of two characters or more.
    pub fn column_like(&self, header: &str) -> Option<Field> {
        let k = key(header);
        self.synonyms
            .iter()
            .filter(|(name, _)| name.chars().count() >= 2 && k.contains(name.as_str()))
            .max_by_key(|(name, _)| name.len())
            .map(|(_, field)| *field)
    }

    /// The grade step a cell value names: its code or its label, after NFKC.
    pub fn grade(&self, value: &str) -> Option<&Grade> {
        let k = spelling_key(value);
        self.grades.iter().find(|g| spelling_key(&g.code) == k || spelling_key(&g.label) == k)
    }

    /// The codes of the steps that are not grades (`counts = false`), in scale order.
    pub fn uncounted_codes(&self) -> Vec<&str> {
        self.grades.iter().filter(|g| !g.counts).map(|g| g.code.as_str()).collect()
    }

    /// 「A・B・C・D」: the codes for messages.
    pub fn grade_codes(&self) -> String {
        let codes: Vec<&str> = self.grades.iter().map(|g| g.code.as_str()).collect();
        codes.join("・")
    }

    /// The mark (★ ● ◎) a cell value is, after NFKC.
    pub fn mark(&self, value: &str) -> Option<&str> {
        let v = crate::text::nfkc_trim(value);
        self.marks.iter().find(|(m, _)| *m == v).map(|(m, _)| m.as_str())
    }
}

/// [`key`] with the 公用文 spelling: 「概ね実施」 as written by a department is 「おおむね実施」,
/// 「計画通り」 is 「計画どおり」.
fn spelling_key(text: &str) -> String {
    key(text).replace("概ね", "おおむね").replace("通り", "どおり")
}

/// Longest header cell considered: 「次年度へ向けた取組（令和7年度）」 is well within.
const MAX_HEADER_BYTES: usize = 120;

/// Steps without a colour get one from green (best) to red (worst), light to dark, by their
/// place among the grades ([`crate::color::grade_steps`]: a grey print keeps them apart);
/// codes that are not grades get blue-greys, which read as neither good nor bad.
fn with_default_colors(scale: Vec<RawGrade>) -> Vec<Grade> {
    const NEUTRAL: [Color; 3] = [Color(0x78, 0x90, 0x9C), Color(0xB0, 0xBE, 0xC5), Color(0x54, 0x6E, 0x7A)];
    let palette = crate::color::grade_steps(scale.iter().filter(|g| g.counts).count());
    let (mut graded, mut other) = (0, 0);
    let mut grades = Vec::new();
    for g in scale {
        let default = if g.counts {
            graded += 1;
            palette[graded - 1]
        } else {
            other += 1;
            NEUTRAL[(other - 1) % NEUTRAL.len()]
        };
        // Checked by apply_grades: a colour given is #RRGGBB.
        let color = Color::from_hex(&g.color).unwrap_or(default);
        grades.push(Grade { code: g.code, label: g.label, color, counts: g.counts });
    }
    grades
}

/// ★ ● ◎ first in that order (the legend's), any other marks after.
fn order_marks(marks: BTreeMap<String, String>) -> Vec<(String, String)> {
    const LEGEND: [&str; 3] = ["★", "●", "◎"];
    let mut list: Vec<(String, String)> = marks.into_iter().collect();
    list.sort_by_key(|(m, _)| LEGEND.iter().position(|l| l == m).unwrap_or(LEGEND.len()));
    list
}

fn strip_parenthesised(k: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in k.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Parses settings text; errors name the file and the line, and quote the line (its key).
fn parse(text: &str, name: &str) -> Result<RawConfig, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let (file, message) = (name.to_string(), toml_message(e.message()));
        let Some(span) = e.span() else {
            return ConfigError::Syntax { file, message };
        };
        let before = &text[..span.start.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let quoted = text.lines().nth(line - 1).unwrap_or("").trim().to_string();
        ConfigError::SyntaxAt { file, line, quoted, message }
    })
}

/// The toml reader's English in a Japanese sentence saying what to fix; the names it quotes
/// (keys, values) are kept.
fn toml_message(message: &str) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let first = quoted.first().copied().unwrap_or("");
    if message.starts_with("unknown field") {
        let known = quoted[1.min(quoted.len())..].join("、");
        format!("「{first}」という設定項目はありません（綴りを確かめてください。使える項目: {known}）")
    } else if message.starts_with("missing field") {
        format!("「{first}」の指定が必要です")
    } else if message.starts_with("unknown variant") {
        let known = quoted[1.min(quoted.len())..].join("、");
        format!("「{first}」は指定できません（指定できる値: {known}）")
    } else if message.starts_with("invalid type") {
        "値の種類が違います（文字は \"…\" で囲み、数は引用符なしで、並びは [ ] で書きます）".to_string()
    } else if message.contains("duplicate key") {
        format!("「{first}」が二度書かれています（一つにしてください）")
    } else {
        "TOML の書き方が正しくありません（= の左に項目名、右に値。文字は \"…\" で囲みます）".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_errors_are_told_in_japanese() {
        let message = toml_message("unknown field `scal`, expected `scale` or `on_track`");
        assert_eq!(
            message,
            "「scal」という設定項目はありません（綴りを確かめてください。使える項目: scale、on_track）"
        );
        assert!(toml_message("missing field `code`").starts_with("「code」の指定が必要です"));
        assert!(
            toml_message("invalid type: integer `1`, expected a string").starts_with("値の種類が違います")
        );
        assert!(toml_message("expected `=`").starts_with("TOML の書き方"));
    }

    #[test]
    fn defaults_know_the_synonyms() {
        let c = Config::default();
        assert_eq!(c.column_for("アクションプランの内容"), Some(Field::Content));
        assert_eq!(c.column_for("関係 部署"), Some(Field::Departments));
        assert_eq!(c.column_for("評価\n（A～D）"), Some(Field::Grade));
        assert_eq!(c.column_for("ｎｏ"), Some(Field::No));
        assert_eq!(c.column_for("備考"), None);
        assert_eq!(c.grade("Ａ").map(|g| g.code.as_str()), Some("A"));
        assert_eq!(c.grade("概ね実施").map(|g| g.code.as_str()), Some("B"));
        assert_eq!(c.grades[1].label, "おおむね実施");
        assert_eq!(c.grade_codes(), "A・B・C・D");
        assert_eq!(c.marks[0].0, "★");
    }

    #[test]
    fn user_file_errors_name_line_and_key() {
        let err = parse("[grades]\nscale = 3\n", "my.toml").unwrap_err();
        assert!(
            matches!(&err, ConfigError::SyntaxAt { line: 2, quoted, .. } if quoted.contains("scale")),
            "{err}"
        );
        assert!(err.to_string().starts_with("my.toml:2:"), "{err}");
        let err = parse("[city]\nnmae = \"x\"\n", "my.toml").unwrap_err();
        assert!(err.to_string().contains("nmae"), "{err}");
    }
}
