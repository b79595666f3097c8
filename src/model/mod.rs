//! The plan model: sections → goals → items, with each department's progress attached.
//!
//! Every value is a [`Text`] that remembers the cell it came from, so a check can name the cell
//! and a renderer never has to look back at a spreadsheet. [`build`] makes a [`Plan`] from
//! imported tables.

mod build;
pub mod grade;
pub mod indicator;
mod matching;
mod notation;
mod unmatched;

pub use build::build;
pub use grade::Grade;
pub use indicator::Indicator;
pub use matching::{renamed_from, sure_rename, RENAME_SIMILARITY};
pub use unmatched::{place_unmatched, Closing, Placement, UNMATCHED_TITLE};

use crate::config::Field;
use crate::text::{CellRef, Heading};
use std::collections::HashMap;
use std::sync::Arc;

/// Where a value was read: file, sheet and (zero-based) cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file, as shown.
    pub file: Arc<str>,
    /// Which file it is ([`crate::import::SourceFile::id`]).
    pub input: crate::import::FileId,
    /// The sheet.
    pub sheet: Arc<str>,
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl Source {
    /// The cell, shown as its A1 reference.
    pub fn cell_ref(&self) -> CellRef {
        CellRef { row: self.row, col: self.col }
    }
}

/// A value as written (cleaned of stray line-break codes) and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Text {
    /// The text.
    pub value: String,
    /// Where it was read.
    pub at: Source,
}

impl Text {
    /// The lines of a multi-line cell (Alt+Enter breaks).
    pub fn lines(&self) -> std::str::Lines<'_> {
        self.value.lines()
    }
}

/// The whole plan of a fiscal year.
#[derive(Debug, Default, Clone)]
pub struct Plan {
    /// The plan's own title (without the year), else the configured one.
    pub title: String,
    /// The plan's own fiscal year (FY2024 = 令和6年度, April 2024 – March 2025), from its titles,
    /// sheet names or file name.
    pub fiscal_year: Option<i32>,
    /// The plan's period (first and last fiscal year) where it states one: 「令和3〜7年度」.
    pub period: Option<(i32, i32)>,
    /// The city the plan's title rows name (「対馬市 市民協働推進計画」), for a city whose
    /// settings name none.
    pub city: Option<String>,
    /// ※ notes of the whole plan (above its table, after its last item, or under every one of
    /// its 施策), as written: printed before the 施策.
    pub notes: Vec<Text>,
    /// The year the progress is on, which the reports are about: `--year`, else the progress
    /// sheets' own. See [`Plan::report_year`].
    pub reporting_year: Option<i32>,
    /// The fiscal year each progress file states (file as shown, year, file), in input order.
    pub progress_years: Vec<(String, i32, crate::import::FileId)>,
    /// The 施策, in order.
    pub sections: Vec<Section>,
    /// Whether any input carries progress (評価, 実績, …): the report then shows those columns.
    pub has_progress: bool,
    /// Progress rows that match no plan item.
    pub unknown: Vec<Progress>,
    /// A department's second report on an item it already reported: kept out of the item so
    /// nothing is counted twice, and reported by the check.
    pub duplicate_reports: Vec<DuplicateReport>,
    /// Rows of an opinions sheet that match no plan item.
    pub unknown_opinions: Vec<Progress>,
    /// The fiscal years of the progress sheets' column groups of earlier years, ascending.
    pub grouped_years: Vec<i32>,
    /// Items by No and by 項目 for [`Plan::matching`], made on its first use (the reports run
    /// after the plan is complete): matching every item of a year would otherwise be quadratic.
    keys: std::sync::OnceLock<Keys>,
    /// How every row read was used.
    pub rows: RowCounts,
}

/// Positions (section, goal, item) of the items by normalised No (the first item with it) and by
/// normalised 項目 (None where two items share it).
#[derive(Debug, Default, Clone)]
struct Keys {
    no: HashMap<String, (usize, usize, usize)>,
    name: HashMap<String, Option<(usize, usize, usize)>>,
}

/// How the rows read were used:
/// `read == items + reports + other + diagnostic_only + indicators + opinions`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RowCounts {
    /// Rows below a header, plus rows of sheets without a table.
    pub read: usize,
    /// Rows that became plan items.
    pub items: usize,
    /// Rows that became a progress report of an item already read.
    pub reports: usize,
    /// Blank rows, notes, headings, legends and repeated headers.
    pub other: usize,
    /// Rows that appear only in diagnostics (unknown items, sheets without a table).
    pub diagnostic_only: usize,
    /// Rows below an item adding another indicator to it.
    pub indicators: usize,
    /// Rows of an opinions sheet attached to their item.
    pub opinions: usize,
}

/// A 施策 (or アクション, 基本方針).
#[derive(Debug, Clone)]
pub struct Section {
    /// None for items read with no section anywhere in their sheet.
    pub heading: Option<Heading>,
    /// The paragraph the plan prints under the heading (「…視点が重要です。」), one text a paragraph.
    pub lead: Vec<Text>,
    /// Its goals.
    pub goals: Vec<Goal>,
    /// ※ notes of the 施策 (above the table of a sheet of one 施策, or after its last item).
    pub notes: Vec<Text>,
}

impl Section {
    /// The ※ notes of its goals, in order, then its own: where a table of all its items
    /// prints them.
    pub fn all_notes(&self) -> impl Iterator<Item = &Text> {
        self.goals.iter().flat_map(|g| &g.notes).chain(&self.notes)
    }

    /// The heading as printed, or 「施策の記載がない項目」 for items read without one.
    pub fn title(&self) -> String {
        self.heading.as_ref().map_or_else(|| "施策の記載がない項目".to_string(), Heading::display)
    }
}

/// A ■ goal and its items.
#[derive(Debug, Clone)]
pub struct Goal {
    /// None where the sheet states no goal.
    pub statement: Option<Text>,
    /// Its items.
    pub items: Vec<Item>,
    /// ※ notes written among its items: printed under its table.
    pub notes: Vec<Text>,
}

/// One 項目 of the plan.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its number as written.
    pub no: Option<Text>,
    /// ★ ● ◎ as written.
    pub mark: Option<Text>,
    /// 項目.
    pub name: Option<Text>,
    /// 内容.
    pub content: Option<Text>,
    /// 主体.
    pub actors: Option<Text>,
    /// 関係部署.
    pub departments: Option<Text>,
    /// The columns its sheet has, with their sheet column: a blank is only missing where the
    /// column exists.
    pub columns: Vec<(Field, u32)>,
    /// The row it was read from (at its 項目 cell, or the row's first value).
    pub at: Source,
    /// Each department's report, in the order read.
    pub progress: Vec<Progress>,
    /// Set when an item with the same identity was read before.
    pub duplicate_of: Option<Source>,
    /// Indicators the plan rows give the item (基準値, 目標値), in row order.
    pub indicators: Vec<Indicator>,
    /// Opinions from an opinions sheet that no report of the item could hold (the item has no
    /// report, or a 所属長コメント names no department of it): (委員会意見 or 所属長コメント, text).
    pub opinions: Vec<(Field, Text)>,
}

impl Item {
    /// Adds a department's report. The list grows one at a time: a `Progress` is large, and a
    /// first push would make room for four (an item has one to three reports; at 10,000
    /// items the spare room was 22 MB).
    pub fn add_progress(&mut self, progress: Progress) {
        self.progress.reserve_exact(1);
        self.progress.push(progress);
    }

    /// The name used in messages: 項目, else No, else 内容, else the row.
    pub fn label(&self) -> String {
        label(self.name.as_ref(), self.no.as_ref(), self.content.as_ref(), &self.at)
    }

    /// The value of a plan column.
    pub fn field(&self, column: Field) -> Option<&Text> {
        match column {
            Field::No => self.no.as_ref(),
            Field::Mark => self.mark.as_ref(),
            Field::Name => self.name.as_ref(),
            Field::Content => self.content.as_ref(),
            Field::Actors => self.actors.as_ref(),
            Field::Departments => self.departments.as_ref(),
            _ => None,
        }
    }

    /// 関係部署 as a list: line breaks, 、 and spaces separate departments.
    pub fn department_list(&self) -> Vec<String> {
        self.departments.as_ref().map(|t| crate::text::split_departments(&t.value)).unwrap_or_default()
    }

    /// The departments its 関係部署 lists that sent no report on it: the one rule for
    /// 未提出 that the check and every report apply. An item of several departments is
    /// unreported for each of them that is silent, whoever else reported. A report by a
    /// department the item does not list (its name taken from a file name such as
    /// 「報告.xlsx」) may stand for any of them: then none is named.
    pub fn unreported_departments(&self) -> Vec<String> {
        let listed = self.department_list();
        let stranger = self.progress.iter().any(|p| !listed.iter().any(|d| p.is_by(d)));
        if stranger {
            return Vec::new();
        }
        let mut out: Vec<String> = Vec::new();
        for d in listed {
            let k = crate::text::key(&d);
            if !self.progress.iter().any(|p| p.is_by(&d)) && !out.iter().any(|o| crate::text::key(o) == k) {
                out.push(d);
            }
        }
        out
    }

    /// 主体 as a list (「市民、教育機関、行政」).
    pub fn actor_list(&self, known: &[String]) -> Vec<String> {
        self.actors.as_ref().map(|t| crate::text::split_actors(&t.value, known)).unwrap_or_default()
    }
}

/// A department's report on an item it had already reported.
#[derive(Debug, Clone)]
pub struct DuplicateReport {
    /// The item's label.
    pub item: String,
    /// The report kept (the first read).
    pub first: Progress,
    /// The report set aside.
    pub again: Progress,
}

/// One department's progress report on an item.
#[derive(Debug, Clone)]
pub struct Progress {
    /// The reporting department (from the sheet's title, else its file name), or on a master
    /// sheet the row's 関係部署 (see `listed`).
    pub department: String,
    /// Whether `department` is a row's list of 関係部署 (the plan's own progress columns): the
    /// report is then by each of them.
    pub listed: bool,
    /// How the row named its item, for matching and messages.
    pub no: Option<Text>,
    /// 項目 as the report wrote it.
    pub name: Option<Text>,
    /// 内容 as the report wrote it: how a sheet without 項目 names its item.
    pub content: Option<Text>,
    /// 評価.
    pub grade: Option<Text>,
    /// 進捗状況.
    pub status: Option<Text>,
    /// 実績.
    pub results: Option<Text>,
    /// 課題.
    pub issues: Option<Text>,
    /// 今後の方向性.
    pub next_steps: Option<Text>,
    /// 所属長コメント on the report.
    pub comment: Option<Text>,
    /// 委員会意見 written onto the report's row.
    pub opinion: Option<Text>,
    /// Indicators on the report's row and the rows below it (実績値, often 基準値 and 目標値).
    pub indicators: Vec<Indicator>,
    /// The columns its sheet has, with their sheet column.
    pub columns: Vec<(Field, u32)>,
    /// The row it was read from.
    pub at: Source,
    /// The 施策 the row stood under, for matching a renamed item.
    pub section: Option<String>,
    /// The same department's reports of earlier fiscal years, from column groups of the same
    /// row (「令和5年度 評価」): (year, report), oldest first.
    pub earlier: Vec<(i32, Progress)>,
}

impl Progress {
    /// A report read from a row: `field` gives the row's value of a column. The department,
    /// the section and earlier years are the caller's to fill in.
    pub fn reading(field: impl Fn(Field) -> Option<Text>, columns: &[(Field, u32)], at: Source) -> Progress {
        Progress {
            department: String::new(),
            listed: false,
            no: field(Field::No),
            name: field(Field::Name),
            content: field(Field::Content),
            grade: field(Field::Grade),
            status: field(Field::Status),
            results: field(Field::Results),
            issues: field(Field::Issues),
            next_steps: field(Field::NextSteps),
            comment: field(Field::Comment),
            opinion: field(Field::Opinion),
            indicators: Vec::new(),
            columns: columns.to_vec(),
            at,
            section: None,
            earlier: Vec::new(),
        }
    }

    /// Whether the report holds any progress value (評価, 進捗状況, 実績, 課題, 今後の方向性).
    pub fn says_anything(&self) -> bool {
        [Field::Grade, Field::Status, Field::Results, Field::Issues, Field::NextSteps]
            .into_iter()
            .any(|c| self.field(c).is_some())
    }

    /// This department's report of fiscal year `year`, from the row's column groups.
    pub fn of_year(&self, year: i32) -> Option<&Progress> {
        self.earlier.iter().find(|(y, _)| *y == year).map(|(_, p)| p)
    }

    /// The value of a progress column.
    pub fn field(&self, column: Field) -> Option<&Text> {
        match column {
            Field::Grade => self.grade.as_ref(),
            Field::Status => self.status.as_ref(),
            Field::Results => self.results.as_ref(),
            Field::Issues => self.issues.as_ref(),
            Field::NextSteps => self.next_steps.as_ref(),
            Field::Comment => self.comment.as_ref(),
            Field::Opinion => self.opinion.as_ref(),
            _ => None,
        }
    }

    /// The name used in messages.
    pub fn label(&self) -> String {
        label(self.name.as_ref(), self.no.as_ref(), self.content.as_ref(), &self.at)
    }

    /// The progress columns whose values differ from `other`'s: (column, this value, other's).
    pub fn differences<'a>(&'a self, other: &'a Progress) -> Vec<(Field, &'a str, &'a str)> {
        let value = |p: &'a Progress, c| p.field(c).map_or("", |t| t.value.as_str());
        [Field::Grade, Field::Status, Field::Results, Field::Issues, Field::NextSteps]
            .into_iter()
            .map(|c| (c, value(self, c), value(other, c)))
            .filter(|(_, a, b)| crate::text::key(a) != crate::text::key(b))
            .collect()
    }

    /// Whether this report is by `department` (compared after NFKC without spaces), or by
    /// departments among which it is (a master sheet's row reports for its 関係部署).
    pub fn is_by(&self, department: &str) -> bool {
        let k = crate::text::key(department);
        crate::text::key(&self.department) == k
            || self.listed && self.departments().iter().any(|d| crate::text::key(d) == k)
    }

    /// The departments the report is by: one, or the list of a master sheet's 関係部署.
    pub fn departments(&self) -> Vec<String> {
        match self.listed {
            true => crate::text::split_departments(&self.department),
            false => vec![self.department.clone()],
        }
    }
}

/// 項目, else No, else 内容 (its start), else the row: how messages name an item.
pub fn label(name: Option<&Text>, no: Option<&Text>, content: Option<&Text>, at: &Source) -> String {
    match (name, no, content) {
        (Some(n), _, _) => n.value.replace('\n', ""),
        (None, Some(no), _) => format!("No.{}", no.value),
        (None, None, Some(c)) => crate::text::shorten(&c.value.replace('\n', ""), 30),
        (None, None, None) => format!("{}行目", at.row + 1),
    }
}

/// The cell of `column` in the row at `at`, when the sheet has that column.
pub fn cell_of(columns: &[(Field, u32)], at: &Source, column: Field) -> Option<CellRef> {
    let (_, col) = columns.iter().find(|(c, _)| *c == column)?;
    Some(CellRef { row: at.row, col: *col })
}

/// The name under which items listing no department are grouped.
pub const NO_DEPARTMENT: &str = "関係部署未記入";

/// An item with the section and goal it stands under.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// Its section.
    pub section: &'a Section,
    /// Its goal.
    pub goal: &'a Goal,
    /// The item.
    pub item: &'a Item,
}

impl Plan {
    /// The fiscal year the reports are about: the reporting year where known (`--year` or the
    /// progress sheets), else the plan's own year.
    pub fn report_year(&self) -> Option<i32> {
        self.reporting_year.or(self.fiscal_year)
    }

    /// What the plan calls its sections (施策, アクション, 基本方針): the word of its first
    /// labelled heading, 施策 when none has one.
    pub fn section_word(&self) -> &str {
        self.sections
            .iter()
            .filter_map(|s| s.heading.as_ref())
            .map(|h| h.label.as_str())
            .find(|l| !l.is_empty())
            .unwrap_or("施策")
    }

    /// This plan's item that is `other` from another year's plan: the same No, else the only
    /// item with the same 項目 (compared after NFKC).
    pub fn matching(&self, other: &Item) -> Option<&Item> {
        let k = |t: &Option<Text>| t.as_ref().map(|t| crate::text::key(&t.value));
        let keys = self.keys.get_or_init(|| self.keys());
        let at = match k(&other.no) {
            Some(no) => *keys.no.get(&no)?,
            None => (*keys.name.get(&k(&other.name)?)?)?,
        };
        self.sections.get(at.0)?.goals.get(at.1)?.items.get(at.2)
    }

    fn keys(&self) -> Keys {
        let k = |t: &Option<Text>| t.as_ref().map(|t| crate::text::key(&t.value));
        let mut keys = Keys::default();
        for (s, section) in self.sections.iter().enumerate() {
            for (g, goal) in section.goals.iter().enumerate() {
                for (i, item) in goal.items.iter().enumerate() {
                    if let Some(no) = k(&item.no) {
                        keys.no.entry(no).or_insert((s, g, i));
                    }
                    if let Some(name) = k(&item.name) {
                        // A second item of the same name makes the name ambiguous.
                        keys.name.entry(name).and_modify(|at| *at = None).or_insert(Some((s, g, i)));
                    }
                }
            }
        }
        keys
    }

    /// Every item, in plan order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sections.iter().flat_map(|s| s.goals.iter().flat_map(|g| g.items.iter()))
    }

    /// Every item with its section and goal, in plan order.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.sections.iter().flat_map(|section| {
            section
                .goals
                .iter()
                .flat_map(move |goal| goal.items.iter().map(move |item| Entry { section, goal, item }))
        })
    }

    /// The items of each department, departments in order of first appearance: an item goes
    /// to every department its 関係部署 lists and, `with_reporters`, to every department that
    /// reported on it. Names are compared after NFKC without spaces (「企画 課」 is 企画課) and
    /// shown as first written; items concerning nobody go to [`NO_DEPARTMENT`].
    pub fn by_department(&self, with_reporters: bool) -> Vec<(String, Vec<Entry<'_>>)> {
        let mut groups: Vec<(String, Vec<Entry>)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for entry in self.entries() {
            let mut names = entry.item.department_list();
            if with_reporters {
                names.extend(entry.item.progress.iter().flat_map(Progress::departments));
            }
            if names.is_empty() {
                names.push(NO_DEPARTMENT.to_string());
            }
            let mut seen = Vec::new();
            for name in names {
                let k = crate::text::key(&name);
                if seen.contains(&k) {
                    continue;
                }
                let slot = *index.entry(k.clone()).or_insert_with(|| {
                    groups.push((name, Vec::new()));
                    groups.len() - 1
                });
                groups[slot].1.push(entry);
                seen.push(k);
            }
        }
        groups
    }
}
