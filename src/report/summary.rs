//! Counting grades for the summaries: per 施策, per department, in total, and the change
//! from last year.
//!
//! An item reported by several departments counts once per 施策 with its lowest grade (the
//! cautious reading); per department, each department's own report counts.

use super::Report;
use crate::model::{Item, Section};

/// Grade counts of a group of items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Per step of the configured scale, in scale order.
    pub grades: Vec<usize>,
    /// Items nobody reported on.
    pub unreported: usize,
    /// Reported items without a valid grade.
    pub ungraded: usize,
    /// Items whose grade counts as on track.
    pub on_track: usize,
}

impl Counts {
    fn new(report: &Report) -> Counts {
        Counts { grades: vec![0; report.config.grades.len()], ..Counts::default() }
    }

    /// Every item counted.
    pub fn total(&self) -> usize {
        self.grades.iter().sum::<usize>() + self.unreported + self.ungraded
    }

    fn add(&mut self, report: &Report, rank: Option<usize>, reported: bool) {
        match rank {
            Some(r) => {
                self.grades[r] += 1;
                let code = &report.config.grades[r].code;
                self.on_track += usize::from(report.config.is_on_track(code));
            }
            None if reported => self.ungraded += 1,
            None => self.unreported += 1,
        }
    }
}

/// The lowest grade among an item's reports, as a position on the scale (0 = best).
pub fn item_rank(report: &Report, item: &Item) -> Option<usize> {
    item.progress.iter().filter_map(|p| report.config.grade_rank(&p.grade.as_ref()?.value)).max()
}

/// Counts of the items of one section.
pub fn section(report: &Report, section: &Section) -> Counts {
    let mut counts = Counts::new(report);
    for item in section.goals.iter().flat_map(|g| &g.items) {
        counts.add(report, item_rank(report, item), !item.progress.is_empty());
    }
    counts
}

/// Counts of every item of the plan.
pub fn total(report: &Report) -> Counts {
    let mut counts = Counts::new(report);
    for item in report.plan.items() {
        counts.add(report, item_rank(report, item), !item.progress.is_empty());
    }
    counts
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
            let rank = p.grade.as_ref().and_then(|g| report.config.grade_rank(&g.value));
            let i = slot(&p.department, &mut out);
            out[i].1.add(report, rank, true);
        }
        for d in item.unreported_departments() {
            let i = slot(&d, &mut out);
            out[i].1.add(report, None, false);
        }
    }
    out
}

/// How an item's grade moved since last year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// Last year's grade code.
    pub previous: String,
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

/// The change of an item's grade since the previous year's plan, when both years grade it.
pub fn trend(report: &Report, item: &Item) -> Option<Trend> {
    let before = report.previous?.matching(item)?;
    let (now, then) = (item_rank(report, item)?, item_rank(report, before)?);
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
