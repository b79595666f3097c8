//! Counting grades for the summaries: per 施策, per department, in total, and the change
//! from last year.
//!
//! An item reported by several departments counts once per 施策 with its lowest grade (the
//! cautious reading), and as 評価なし when any of its reports has no grade on the scale
//! (blank or invalid: 記入漏れ, as [`crate::model::Grade`] reads it); per department, each
//! department's own report counts. A code that is not a grade (`counts = false`: 完了, 中止)
//! has its own count and stays out of the 順調 rate; an item counts with it only when none of
//! its reports has a grade that counts.

use super::{history, Report};
use crate::model::{Grade, Item, Progress, Section};

/// Grade counts of a group of items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Per step of the configured scale, in scale order.
    pub grades: Vec<usize>,
    /// Items nobody reported on.
    pub unreported: usize,
    /// Reported items with a report whose grade is blank or off the scale.
    pub ungraded: usize,
    /// Items whose grade counts as on track.
    pub on_track: usize,
    /// Items with a code that is not a grade (also in `grades`, at its step).
    pub uncounted: usize,
}

impl Counts {
    fn new(report: &Report) -> Counts {
        Counts { grades: vec![0; report.config.grades.len()], ..Counts::default() }
    }

    /// Every item counted.
    pub fn total(&self) -> usize {
        self.grades.iter().sum::<usize>() + self.unreported + self.ungraded
    }

    /// Items reported, whatever their grade.
    pub fn reported(&self) -> usize {
        self.total() - self.unreported
    }

    /// The items the 順調 rate is a share of: every item but those with a code that is not a
    /// grade.
    pub fn rated(&self) -> usize {
        self.total() - self.uncounted
    }

    /// The 順調 rate in whole percent, rounded half up; None when no item is rated.
    pub fn on_track_percent(&self) -> Option<usize> {
        let n = self.rated();
        (n > 0).then(|| (self.on_track * 100 + n / 2) / n)
    }

    fn add(&mut self, report: &Report, grade: Grade) {
        match grade {
            Grade::Valid { rank, code } => {
                self.grades[rank] += 1;
                self.on_track += usize::from(report.config.is_on_track(code));
            }
            Grade::Uncounted { index, .. } => {
                self.grades[index] += 1;
                self.uncounted += 1;
            }
            Grade::Blank | Grade::Invalid(_) => self.ungraded += 1,
            Grade::NotReported => self.unreported += 1,
        }
    }
}

/// The grade an item counts with: its lowest among its reports; a gap (blank or invalid) in
/// any report makes it a gap; no report, not reported.
pub fn item_grade<'a>(report: &Report<'a>, item: &'a Item) -> Grade<'a> {
    grade_of(report, item.progress.iter())
}

/// The grade a set of reports on one item counts with (see [`item_grade`]).
pub fn grade_of<'a>(report: &Report<'a>, reports: impl IntoIterator<Item = &'a Progress>) -> Grade<'a> {
    let grades: Vec<Grade> = reports.into_iter().map(|p| Grade::of(report.config, Some(p))).collect();
    if grades.is_empty() {
        return Grade::NotReported;
    }
    if let Some(gap) = grades.iter().find(|g| g.is_gap()) {
        return *gap;
    }
    // The lowest grade that counts (None ranks below every Some), else a code that does not.
    grades.into_iter().max_by_key(|g| g.rank()).unwrap_or(Grade::NotReported)
}

/// The lowest grade of an item as a position on the scale (0 = best), when every report of
/// it has one.
pub fn item_rank(report: &Report, item: &Item) -> Option<usize> {
    item_grade(report, item).rank()
}

/// Counts of items, each with the grade it counts with.
pub fn counts_of<'a>(report: &Report, grades: impl IntoIterator<Item = Grade<'a>>) -> Counts {
    let mut counts = Counts::new(report);
    for grade in grades {
        counts.add(report, grade);
    }
    counts
}

/// Counts of the items of one section.
pub fn section(report: &Report, section: &Section) -> Counts {
    counts_of(report, section.goals.iter().flat_map(|g| &g.items).map(|i| item_grade(report, i)))
}

/// Counts per 施策 and of them all: the one count of the 施策別 tables (the official report's
/// summary, the handout, the workbook's 集計). The plan's items only: the closing section of
/// rows on no plan item (the official report lists it) is no 施策 and holds no items of the plan.
pub fn by_section(report: &Report) -> (Vec<(String, Counts)>, Counts) {
    let sections: Vec<&Section> = report.plan.sections.iter().filter(|s| !s.is_unmatched()).collect();
    let per_section = sections.iter().map(|s| (s.title(), section(report, s))).collect();
    let items = sections.iter().flat_map(|s| s.goals.iter().flat_map(|g| &g.items));
    (per_section, counts_of(report, items.map(|i| item_grade(report, i))))
}

/// Counts of every item of the plan.
pub fn total(report: &Report) -> Counts {
    counts_of(report, report.plan.items().map(|i| item_grade(report, i)))
}

/// Counts per department: its own reports, and as unreported the items listing it that it
/// did not report ([`Item::unreported_departments`]). Departments in order of first appearance.
pub fn departments(report: &Report) -> Vec<(String, Counts)> {
    let mut out: Vec<(String, Counts)> = Vec::new();
    let slot = |name: &str, out: &mut Vec<(String, Counts)>| match out.iter().position(|(n, _)| n == name) {
        Some(i) => i,
        None => {
            out.push((name.to_string(), Counts::new(report)));
            out.len() - 1
        }
    };
    for item in report.plan.items() {
        for p in &item.progress {
            let i = slot(&p.department, &mut out);
            out[i].1.add(report, Grade::of(report.config, Some(p)));
        }
        for d in item.unreported_departments() {
            let i = slot(&d, &mut out);
            out[i].1.add(report, Grade::NotReported);
        }
    }
    out
}

/// How an item's grade moved since last year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// Last year's grade code.
    pub previous: String,
    /// Better, the same or worse than last year.
    pub change: std::cmp::Ordering,
}

impl Trend {
    /// ↑ better, → the same, ↓ worse.
    pub fn arrow(&self) -> char {
        match self.change {
            std::cmp::Ordering::Less => '↑',
            std::cmp::Ordering::Equal => '→',
            std::cmp::Ordering::Greater => '↓',
        }
    }
}

/// The change of an item's grade since last year, when both years grade it.
pub fn trend(report: &Report, item: &Item) -> Option<Trend> {
    let year = history::last_year(report)?;
    let then = history::grade_in(report, item, year)?.rank()?;
    let now = item_rank(report, item)?;
    Some(Trend { previous: report.config.grades[then].code.clone(), change: now.cmp(&then) })
}

/// The change of one department's grade on an item: against that department's report of last
/// year where it made one, else against the item's grade of last year.
pub fn report_trend(report: &Report, item: &Item, progress: &Progress) -> Option<Trend> {
    let year = history::last_year(report)?;
    let now = Grade::of(report.config, Some(progress)).rank()?;
    let then = history::department_grade_in(report, item, progress, year)?.rank()?;
    Some(Trend { previous: report.config.grades[then].code.clone(), change: now.cmp(&then) })
}

/// Items improved, unchanged and worse since last year.
pub fn trend_counts(report: &Report) -> (usize, usize, usize) {
    let mut counts = (0, 0, 0);
    for t in report.plan.items().filter_map(|i| trend(report, i)) {
        match t.change {
            std::cmp::Ordering::Less => counts.0 += 1,
            std::cmp::Ordering::Equal => counts.1 += 1,
            std::cmp::Ordering::Greater => counts.2 += 1,
        }
    }
    counts
}
