//! Earlier years (`--previous`, one folder a year, or the folders of earlier years in a drop):
//! which are earlier years, in what order, and what of their sheets' problems the office is
//! told. Their sheets are read and checked like this year's; only their grades are used.

use super::Notice;
use crate::diag::{Code, Diagnostic, Severity};
use crate::import::FileId;
use crate::pipeline::{self, Fatal, Files, Input, Loaded};
use crate::text::shown_path;
use std::path::PathBuf;

/// One earlier year's sheets, as named on the command line (a folder) and as read.
pub struct Year {
    /// The paths given for the year, for messages.
    pub given: Vec<PathBuf>,
    /// The year's files, read once.
    pub files: Vec<Input>,
    /// What was found before reading (copies left out).
    pub early: Vec<Diagnostic>,
}

impl Year {
    /// Reads the year's paths.
    pub fn read(given: Vec<PathBuf>, config: &crate::config::Config) -> Result<Year, Fatal> {
        let mut early = Vec::new();
        let (paths, _) = pipeline::list(None, &given, &mut early)?;
        let files = pipeline::read_all(paths.iter().collect(), config, false);
        Ok(Year { given, files, early })
    }

    /// The year's paths in a message: the folder, or the first file and how many more.
    fn shown(&self) -> String {
        match &self.given[..] {
            [one] => shown_path(one),
            [first, rest @ ..] => format!("{} ほか{}件", shown_path(first), rest.len()),
            [] => String::new(),
        }
    }

    /// The year's sheets read as a plan of their own: only their grades are used, so their
    /// errors do not stop the run, but each that changes the grades read is named (the first
    /// [`PREVIOUS_SHOWN`]) so the office can tell which grades are missing from the comparison.
    fn load(self, config: &crate::config::Config, notices: &mut Vec<Notice>) -> Result<Loaded, Fatal> {
        let shown = self.shown();
        let files = Files { plan: self.files, progress: Vec::new(), with_plan: false, early: self.early };
        let previous = pipeline::assemble(files, config.clone(), None)?;
        // Progress sheets read on their own lack the plan's 内容 and the like: only problems that
        // change the grades read are worth a word here.
        let matters = |c: Code| {
            matches!(
                c,
                Code::UnreadableFile
                    | Code::InvalidValue
                    | Code::DuplicateItem
                    | Code::DuplicateReport
                    | Code::YearConflict
                    | Code::TextTooLong
            )
        };
        let errors: Vec<Diagnostic> = previous
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && matters(d.code))
            .cloned()
            .collect();
        if !errors.is_empty() {
            notices.push(Notice::EarlierProblems { dir: shown, errors });
        }
        Ok(previous)
    }
}

/// How many of an earlier year's problems are listed before 「ほか N 件」.
pub const PREVIOUS_SHOWN: usize = 10;

/// The earlier years' plans for a report, oldest first: each must hold other files than this
/// year's and state an earlier fiscal year than this year's and the other years'; a single year
/// whose year cannot be told is accepted with a warning.
pub fn for_report(
    years: Vec<Year>,
    loaded: &Loaded,
    notices: &mut Vec<Notice>,
) -> Result<Vec<crate::model::Plan>, Fatal> {
    use crate::text::wareki::fiscal_year_label as label;
    let several = years.len() > 1;
    let mut found: Vec<(Option<i32>, String, crate::model::Plan)> = Vec::new();
    for year in years {
        let dir = year.shown();
        let previous = checked(year, loaded, notices)?;
        let stated = previous.plan.report_year();
        if stated.is_none() && several {
            return Err(Fatal::Command(format!(
                "--previous {dir} の年度が分かりません（表題やファイル名に年度がありません）。複数の年度を比べるには、各フォルダのシートに年度を書いてください"
            )));
        }
        if let Some((_, other, _)) = found.iter().find(|(y, _, _)| y.is_some() && *y == stated) {
            return Err(Fatal::Command(format!(
                "--previous {other} と {dir} はどちらも{}の報告です。1年度に1つのフォルダを指定してください",
                stated.map(label).unwrap_or_default()
            )));
        }
        found.push((stated, dir, previous.plan));
    }
    found.sort_by_key(|(y, _, _)| *y);
    Ok(found.into_iter().map(|(_, _, p)| p).collect())
}

/// One earlier year's sheets for a report: they must be other files than this year's and of
/// an earlier fiscal year; a year that cannot be told is accepted with a warning.
fn checked(year: Year, loaded: &Loaded, notices: &mut Vec<Notice>) -> Result<Loaded, Fatal> {
    use crate::text::wareki::fiscal_year_label as label;
    // This year's files by identity; an earlier year's folder set aside from this year's
    // inputs may be given as --previous.
    let current: Vec<&FileId> = loaded.files().map(|f| &f.id).collect();
    let dir = year.shown();
    if let Some(file) = year.files.iter().find(|f| current.contains(&&f.file.id)) {
        return Err(Fatal::Command(format!(
            "--previous {dir} には今年度の入力と同じファイル（{}）があります。前年度の進捗報告のフォルダを指定してください",
            shown_path(&file.path)
        )));
    }
    let previous = year.load(&loaded.config, notices)?;
    match (previous.plan.report_year(), loaded.plan.report_year()) {
        (Some(then), Some(now)) if then >= now => Err(Fatal::Command(format!(
            "--previous {dir} は{}の報告で、今年度（{}）より前の年度ではありません。前年度の進捗報告のフォルダを指定してください",
            label(then),
            label(now)
        ))),
        (Some(_), Some(_)) => Ok(previous),
        _ => {
            notices.push(Notice::EarlierYearUnknown { dir });
            Ok(previous)
        }
    }
}

/// The latest of the earlier years' sheets, for the forms (a year that cannot be told counts as
/// the oldest).
pub fn latest(
    years: Vec<Year>,
    config: &crate::config::Config,
    notices: &mut Vec<Notice>,
) -> Result<Option<Loaded>, Fatal> {
    let mut latest: Option<Loaded> = None;
    for year in years {
        let loaded = year.load(config, notices)?;
        if latest.as_ref().is_none_or(|l| l.plan.report_year() <= loaded.plan.report_year()) {
            latest = Some(loaded);
        }
    }
    Ok(latest)
}
