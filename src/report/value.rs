//! What a cell of an item table holds, decided once for every output: the rows an item has
//! ([`reportings`]) and the typed value of each of their cells ([`value`]). Each output writes
//! that value its own way: the pages and the web page as a [`crate::report::doc::Cell`]
//! (a blank the report asks for as 「（未記入）」 in grey, [`crate::report::items`]), the
//! workbook, the CSV and the departments' forms as the text of a spreadsheet cell (every blank
//! empty but 評価's 「未記入」, [`crate::report::workbook::written`]).
//!
//! ```text
//! item ─ reportings ─┬─ By(report)        one row per department that reported
//!                    ├─ Silent(department) 未提出 for each listed one that did not
//!                    └─ Nobody             one row for an item without any report
//! row × column ─ value ─ Input / Names / Words / Lines / Blank / Grade / Empty
//! ```

use super::doc::Role;
use super::summary::{report_trend, Trend};
use super::Report;
use crate::config::{Config, Field};
use crate::model::{Entry, Grade, Item, Progress, Text};
use std::borrow::Cow;

/// Whose report a row of an item table shows.
#[derive(Debug, Clone)]
pub enum Reporting<'a> {
    /// A department's report.
    By(&'a Progress),
    /// None from this department, which the item's 関係部署 lists, while others reported.
    Silent(String),
    /// Nobody's: the item has no report (or none from the department whose sheet it is).
    Nobody,
}

impl<'a> Reporting<'a> {
    /// The report the row shows, if any.
    pub fn progress(&self) -> Option<&'a Progress> {
        match self {
            Reporting::By(p) => Some(p),
            _ => None,
        }
    }
}

/// The rows of an item, the one rule of the pages and of the workbook's 一覧: each report, then
/// a 未提出 row per listed department that sent none ([`Report::silent_departments`]: only
/// where progress was expected), or one row for an item without any report.
pub fn reportings<'a>(report: &Report, item: &'a Item) -> Vec<Reporting<'a>> {
    let mut rows: Vec<Reporting> = item.progress.iter().map(Reporting::By).collect();
    if rows.is_empty() {
        return vec![Reporting::Nobody];
    }
    rows.extend(report.silent_departments(item).into_iter().map(Reporting::Silent));
    rows
}

/// The rows of an item as open data, one value per cell: [`reportings`], but an item nobody
/// reported has a 未提出 row for each department its 関係部署 lists, not one for them all.
pub fn each_department<'a>(report: &Report, item: &'a Item) -> Vec<Reporting<'a>> {
    let silent = item.unreported_departments();
    if item.progress.is_empty() && !silent.is_empty() {
        return silent.into_iter().map(Reporting::Silent).collect();
    }
    reportings(report, item)
}

/// The rows of an item on `department`'s own sheet: its reports, else one without any (未提出,
/// whoever else reported).
pub fn own<'a>(item: &'a Item, department: &str) -> Vec<Reporting<'a>> {
    let rows: Vec<Reporting> =
        item.progress.iter().filter(|p| p.is_by(department)).map(Reporting::By).collect();
    if rows.is_empty() {
        vec![Reporting::Nobody]
    } else {
        rows
    }
}

/// A row of an item table: the item, whose report, and where the row stands.
#[derive(Debug, Clone)]
pub struct Place<'a> {
    /// The item.
    pub item: &'a Item,
    /// Whose report the row shows.
    pub reporting: Reporting<'a>,
    /// Where it stands.
    pub standing: Standing<'a>,
}

/// Where a row stands, which decides the cells the layout shows elsewhere.
#[derive(Debug, Clone)]
pub enum Standing<'a> {
    /// In a table of pages, under its 施策 and 目標 headings (their columns stay empty), the
    /// sheets' opinions as rows of their own.
    Page {
        /// A second row of the item: its own columns (No, 区分, 項目, 内容) are left to the first.
        joined: bool,
        /// The item has several rows: 関係部署 names the row's department.
        several: bool,
        /// Progress was expected of every item: a row without a report says 未提出.
        expected: bool,
        /// How the report's grade moved since last year, when years are compared.
        trend: Option<Trend>,
    },
    /// Alone on a spreadsheet row (the workbook, the CSV, the forms): every column its own,
    /// 施策 and 目標 in theirs, 未提出 on every row without a report (what a filter finds
    /// gaps by).
    Alone(Entry<'a>),
}

impl<'a> Place<'a> {
    /// The `n`-th row of `item` in a table of pages, of `of` rows.
    pub fn page(report: &Report, item: &'a Item, reporting: Reporting<'a>, n: usize, of: usize) -> Place<'a> {
        let trend = reporting.progress().and_then(|p| report_trend(report, item, p));
        let standing =
            Standing::Page { joined: n > 0, several: of > 1, expected: report.progress_expected, trend };
        Place { item, reporting, standing }
    }

    /// A row of `entry` alone on a spreadsheet row.
    pub fn alone(entry: Entry<'a>, reporting: Reporting<'a>) -> Place<'a> {
        Place { item: entry.item, reporting, standing: Standing::Alone(entry) }
    }
}

/// What a cell of an item table holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// An input's words, as written.
    Input(&'a Text),
    /// Names one a line (関係部署, 主体), however the input cell separated them.
    Names(Vec<String>, &'a Text),
    /// Words kyodo takes from the plan's structure or the reports (a 施策's heading, the
    /// department a row is about).
    Words(Cow<'a, str>),
    /// Several inputs' words, one a line (an opinions sheet's on an item nobody reported).
    Lines(Vec<&'a Text>),
    /// Nothing written; `required`: a blank the report points out (the column is one every
    /// report fills in, or the item's sheet has it).
    Blank {
        /// Whether the blank is pointed out.
        required: bool,
    },
    /// 評価: a grade of the scale, one outside it, a blank one, or none for want of a report
    /// where one was expected ([`Grade::NotReported`], 未提出).
    Grade {
        /// The grade.
        grade: Grade<'a>,
        /// The input cell it was read from.
        source: Option<&'a Text>,
        /// Last year's grade and how it moved (the pages print 「B → A ↑」).
        trend: Option<Trend>,
    },
    /// Left to the row above: the item's own columns on its second row, 施策 and 目標 under
    /// their headings.
    Empty,
}

/// The words of several inputs, one a line.
pub fn lines(texts: &[&Text]) -> String {
    texts.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join("\n")
}

/// What the cell of column `role` holds in the row `at`.
pub fn value<'a>(config: &'a Config, at: &Place<'a>, role: Role) -> Value<'a> {
    let item = at.item;
    let field = match role {
        Role::Field(field) => field,
        Role::Reporter => return reporter(&at.reporting),
        // Figures and words kyodo works out are not an item table's columns.
        _ => return Value::Empty,
    };
    match (field, &at.standing) {
        (Field::No | Field::Mark | Field::Name | Field::Content, Standing::Page { joined: true, .. }) => {
            Value::Empty
        }
        (Field::Section | Field::Goal, Standing::Page { .. }) => Value::Empty,
        (Field::Section, Standing::Alone(e)) => e
            .section
            .heading
            .as_ref()
            .map_or(Value::Blank { required: false }, |h| Value::Words(h.display().into())),
        (Field::Goal, Standing::Alone(e)) => input(e.goal.statement.as_ref(), false),
        (Field::Departments, Standing::Page { several: true, .. }) => reporter(&at.reporting),
        (Field::Departments, _) => names(item, field, item.department_list()),
        (Field::Actors, _) => names(item, field, item.actor_list(&config.actors)),
        (f, _) if !f.is_progress() && !matches!(f, Field::Comment | Field::Opinion) => {
            input(item.field(f), plan_required(item, f))
        }
        _ => progress(config, at, field),
    }
}

/// The department a row is about: the reporting one, or the listed one that did not report.
fn reporter<'a>(reporting: &Reporting<'a>) -> Value<'a> {
    match reporting {
        Reporting::By(p) => Value::Words(Cow::Borrowed(p.department.as_str())),
        Reporting::Silent(d) => Value::Words(Cow::Owned(d.clone())),
        Reporting::Nobody => Value::Blank { required: false },
    }
}

/// A plan column's blank is pointed out for 項目 and 内容, and for 区分 where the item's sheet
/// has that column.
fn plan_required(item: &Item, field: Field) -> bool {
    match field {
        Field::Name | Field::Content => true,
        Field::Mark => has_column(item, field),
        _ => false,
    }
}

/// Whether the item's sheet has `field`'s column: a blank is only missing where it exists.
fn has_column(item: &Item, field: Field) -> bool {
    item.columns.iter().any(|(c, _)| *c == field)
}

/// 関係部署 or 主体 one a line, from the cell that lists them.
fn names<'a>(item: &'a Item, field: Field, list: Vec<String>) -> Value<'a> {
    match item.field(field) {
        Some(t) => Value::Names(list, t),
        None => Value::Blank { required: has_column(item, field) },
    }
}

/// A column of the reports: 評価 by the one grade rule, 実績 and 今後の方向性 required; on a row
/// alone without a report, an opinions sheet's words on the item.
fn progress<'a>(config: &'a Config, at: &Place<'a>, field: Field) -> Value<'a> {
    let expected = match &at.standing {
        Standing::Page { expected, .. } => *expected,
        Standing::Alone(_) => true,
    };
    match (&at.reporting, field) {
        (Reporting::By(p), Field::Grade) => {
            let trend = match &at.standing {
                Standing::Page { trend, .. } => trend.clone(),
                Standing::Alone(_) => None,
            };
            Value::Grade { grade: Grade::of(config, Some(p)), source: p.grade.as_ref(), trend }
        }
        (Reporting::By(p), _) => input(p.field(field), matches!(field, Field::Results | Field::NextSteps)),
        (_, Field::Grade) if expected => {
            Value::Grade { grade: Grade::NotReported, source: None, trend: None }
        }
        (Reporting::Nobody, Field::Comment | Field::Opinion) if matches!(at.standing, Standing::Alone(_)) => {
            Value::Lines(at.item.opinions.iter().filter(|(c, _)| *c == field).map(|(_, t)| t).collect())
        }
        _ => Value::Blank { required: false },
    }
}

/// An input's words, or a blank (pointed out where `required`).
fn input(t: Option<&Text>, required: bool) -> Value<'_> {
    t.map_or(Value::Blank { required }, Value::Input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Goal, Plan, Section, Source};
    use crate::report::{items, workbook};

    /// 協働窓口, listed for 企画課 and 総務課, reported by 企画課 with 評価 and 実績 left blank.
    fn item() -> Item {
        let at = Source { file: "f".into(), input: Default::default(), sheet: "s".into(), row: 0, col: 0 };
        let text = |v: &str| Some(Text { value: v.into(), at: at.clone() });
        let progress =
            Progress { department: "企画課".into(), ..Progress::reading(|_| None, &[], at.clone()) };
        Item {
            no: text("1"),
            mark: None,
            name: text("協働窓口"),
            content: text("窓口を置く"),
            actors: None,
            departments: text("企画課、総務課"),
            columns: Vec::new(),
            at: at.clone(),
            progress: vec![progress],
            duplicate_of: None,
            indicators: Vec::new(),
            opinions: Vec::new(),
        }
    }

    #[test]
    fn a_blank_grade_is_one_value_that_each_output_writes_its_way() {
        let (config, plan, item) = (Config::default(), Plan::default(), item());
        let report = Report {
            kind: crate::config::Kind::Official,
            plan: &plan,
            config: &config,
            diagnostics: &[],
            issued: crate::text::wareki::Date::new(2025, 6, 30).unwrap(),
            progress_expected: true,
            earlier: &[],
        };
        let rows = reportings(&report, &item);
        assert_eq!(rows.len(), 2, "企画課's report, then 総務課 未提出");
        assert!(matches!(&rows[1], Reporting::Silent(d) if d == "総務課"));
        let section = Section { heading: None, lead: Vec::new(), goals: Vec::new(), notes: Vec::new() };
        let goal = Goal { statement: None, items: Vec::new(), notes: Vec::new() };
        let entry = Entry { section: &section, goal: &goal, item: &item };
        let page = Place::page(&report, &item, rows[0].clone(), 0, rows.len());
        let sheet = Place::alone(entry, rows[0].clone());
        let (grade, results) = (Role::Field(Field::Grade), Role::Field(Field::Results));
        let blank = Value::Grade { grade: Grade::Blank, source: None, trend: None };
        assert_eq!(value(&config, &page, grade), blank);
        assert_eq!(value(&config, &sheet, grade), blank);
        let on_page = items::page_cell(blank.clone(), Field::Grade);
        assert_eq!((on_page.text.as_str(), on_page.tone), ("（未記入）", crate::report::doc::Tone::Missing));
        assert_eq!(workbook::written(blank), "未記入");
        // 実績 left blank: pointed out on the pages, empty in a spreadsheet.
        assert_eq!(value(&config, &sheet, results), Value::Blank { required: true });
        assert_eq!(items::page_cell(value(&config, &page, results), Field::Results).text, "（未記入）");
        assert_eq!(workbook::written(value(&config, &sheet, results)), "");
        // The silent department's row: 未提出 in both, naming it where a row names its department.
        for at in [Place::page(&report, &item, rows[1].clone(), 1, 2), Place::alone(entry, rows[1].clone())] {
            let unreported = value(&config, &at, grade);
            assert_eq!(items::page_cell(unreported.clone(), Field::Grade).text, "未提出");
            assert_eq!(workbook::written(unreported), "未提出");
            assert_eq!(value(&config, &at, Role::Reporter), Value::Words("総務課".into()));
        }
        // 関係部署 one a line on a sheet; on the pages' second row, the item's own columns are left above.
        assert_eq!(
            workbook::written(value(&config, &sheet, Role::Field(Field::Departments))),
            "企画課\n総務課"
        );
        let second = Place::page(&report, &item, rows[1].clone(), 1, 2);
        assert_eq!(value(&config, &second, Role::Field(Field::Name)), Value::Empty);
    }
}
