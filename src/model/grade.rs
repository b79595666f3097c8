//! The one rule for reading a grade, used by every output: a report's 評価 is valid (a step of
//! the scale, shown as its code: Ａ and 計画どおり実施 are both A), blank, invalid (shown as
//! written, with a mark), or there is no report at all. A step with `counts = false` (完了, 中止,
//! 評価困難, −) is a code that is not a grade: shown as written and counted on its own, but never
//! part of a rate or of an up/down comparison.

use super::Progress;
use crate::config::Config;

/// Appended to a grade outside the scale wherever it is printed.
pub const INVALID_MARK: &str = "※";

/// The note that explains [`INVALID_MARK`] wherever an invalid grade is printed.
pub const INVALID_NOTE: &str = "※評価の区分にない記入";

/// What a report says about its grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grade<'a> {
    /// A step of the scale: its position (0 = best) and code.
    Valid {
        /// Position on the scale, 0 the best.
        rank: usize,
        /// The scale's code.
        code: &'a str,
    },
    /// A step of the scale that is not a grade (`counts = false`): its position and code.
    Uncounted {
        /// Position on the scale.
        index: usize,
        /// The scale's code.
        code: &'a str,
    },
    /// The report leaves 評価 blank.
    Blank,
    /// Something outside the scale, as written (「済」).
    Invalid(&'a str),
    /// No report.
    NotReported,
}

impl<'a> Grade<'a> {
    /// The grade of a report (None: nobody reported).
    pub fn of(config: &'a Config, progress: Option<&'a Progress>) -> Grade<'a> {
        let Some(p) = progress else { return Grade::NotReported };
        let Some(text) = &p.grade else { return Grade::Blank };
        match config.grade_rank(&text.value) {
            Some(rank) if config.grades[rank].counts => {
                Grade::Valid { rank, code: config.grades[rank].code.as_str() }
            }
            Some(index) => Grade::Uncounted { index, code: config.grades[index].code.as_str() },
            None => Grade::Invalid(text.value.trim()),
        }
    }

    /// The position on the scale of a step of it, whether it counts or not (for its colour and
    /// its column in the counts).
    pub fn step(self) -> Option<usize> {
        match self {
            Grade::Valid { rank, .. } => Some(rank),
            Grade::Uncounted { index, .. } => Some(index),
            _ => None,
        }
    }

    /// The position on the scale of a valid grade: what comparisons and rates use (a code that
    /// does not count has none).
    pub fn rank(self) -> Option<usize> {
        match self {
            Grade::Valid { rank, .. } => Some(rank),
            _ => None,
        }
    }

    /// A report that should have a grade and has none on the scale: 記入漏れ.
    pub fn is_gap(self) -> bool {
        matches!(self, Grade::Blank | Grade::Invalid(_))
    }

    /// How the grade prints: the code, 「済※」, or `blank` / `unreported` as each output words them.
    pub fn shown(self, blank: &str, unreported: &str) -> String {
        match self {
            Grade::Valid { code, .. } | Grade::Uncounted { code, .. } => code.to_string(),
            Grade::Invalid(text) => format!("{text}{INVALID_MARK}"),
            Grade::Blank => blank.to_string(),
            Grade::NotReported => unreported.to_string(),
        }
    }
}

/// Whether any report of the plan has a grade outside the scale (its outputs then carry
/// [`INVALID_NOTE`]).
pub fn any_invalid<'a>(config: &Config, reports: impl IntoIterator<Item = &'a Progress>) -> bool {
    reports.into_iter().any(|p| matches!(Grade::of(config, Some(p)), Grade::Invalid(_)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Field;
    use crate::model::{Source, Text};

    fn report(grade: Option<&str>) -> Progress {
        let at = Source { file: "f".into(), input: Default::default(), sheet: "s".into(), row: 0, col: 0 };
        let grade = grade.map(|g| Text { value: g.into(), at: at.clone() });
        Progress {
            department: "d".into(),
            ..Progress::reading(|c| grade.clone().filter(|_| c == Field::Grade), &[], at)
        }
    }

    #[test]
    fn one_rule_for_every_grade() {
        let c = Config::default();
        let (full, done, blank) = (report(Some("Ａ")), report(Some("済")), report(None));
        assert_eq!(Grade::of(&c, Some(&full)), Grade::Valid { rank: 0, code: "A" });
        assert_eq!(Grade::of(&c, Some(&done)).shown("", ""), "済※");
        assert!(Grade::of(&c, Some(&done)).is_gap() && Grade::of(&c, Some(&blank)).is_gap());
        assert_eq!(Grade::of(&c, None).shown("（未記入）", "未提出"), "未提出");
        assert!(any_invalid(&c, [&full, &done]));
        let mut c = c;
        c.grades.push(crate::config::Grade {
            code: "完了".into(),
            label: "完了".into(),
            color: crate::color::Color::GREY,
            counts: false,
        });
        let over = report(Some("完了"));
        assert_eq!(Grade::of(&c, Some(&over)), Grade::Uncounted { index: 4, code: "完了" });
        assert_eq!(Grade::of(&c, Some(&over)).rank(), None);
        assert!(!Grade::of(&c, Some(&over)).is_gap());
    }
}
