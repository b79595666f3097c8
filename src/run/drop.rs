//! A drop: paths without a command, as when files or a folder are dropped onto kyodo.exe —
//! read once, checked, and written to the year's folders beside them; and the same reading
//! for `kyodo serve` ([`folder`]).

use super::earlier::Year;
use super::{jobs, settings, Done, Earlier, Notice, ReportRequest, Run, Status, Written};
use crate::config::Config;
use crate::diag::Diagnostic;
use crate::pipeline::{self, Fatal, Files, Input, Loaded};
use std::path::{Path, PathBuf};

/// Paths without a command, as when files or a folder are dropped onto kyodo.exe: every file
/// is read once; the plan is recognised by its content, sheets of earlier years are compared
/// as `--previous` would, everything is checked and every report written, under Japanese
/// names, to the year's folder beside the inputs (「令和6年度_報告書」: another year's is never
/// touched, the same year's replaced whole). With errors, the returns to the departments
/// concerned and the reminder list go to 「令和6年度_差し戻し」 instead.
///
/// # Errors
/// As [`report`]; a first path that is rather a mistyped command is refused.
pub fn dropped(
    settings_given: &[PathBuf],
    paths: &[PathBuf],
    notices: &mut Vec<Notice>,
) -> Result<Done, Fatal> {
    if let Some(word) = mistyped_command(paths) {
        return Err(Fatal::Command(format!(
            "{word}: ファイルもフォルダもなく、コマンドでもありません（コマンドは check・report・template・config。kyodo --help で使い方を表示します）"
        )));
    }
    dropped_reports(settings_given, paths, false, notices)
}

/// The reports of a drop ([`dropped`]) into its output folder; with `force`, written even
/// with errors, as `report --force` writes them (`kyodo serve`'s explicit choice).
///
/// # Errors
/// As [`report`].
pub fn dropped_reports(
    settings_given: &[PathBuf],
    paths: &[PathBuf],
    force: bool,
    notices: &mut Vec<Notice>,
) -> Result<Done, Fatal> {
    let drop = read_drop(settings_given, paths, false, notices)?;
    let output = drop.output.clone();
    let request = ReportRequest {
        settings: settings_given.to_vec(),
        plan: None,
        inputs: paths.to_vec(),
        output: output.clone(),
        force,
        ..ReportRequest::default()
    };
    let run = Run { request: &request, jobs: jobs(None, None)?, dropped: true };
    let done = run.make(drop.files, drop.config, Earlier::Read(drop.years), notices)?;
    if let (Status::Clean, Some(first)) = (done.status, done.written.first()) {
        notices.push(Notice::DropDone { output: first.path.parent().map_or(output, Path::to_path_buf) });
    }
    Ok(done)
}

/// A drop's files, each read once, sorted as the run reads them.
struct Drop {
    /// The plan and progress files, ready for the model and the check.
    files: Files,
    /// The settings found.
    config: Config,
    /// Earlier years' sheets found in the drop.
    years: Vec<Year>,
    /// The folder beside the inputs that the drop's year folders go into.
    output: PathBuf,
    /// How each spreadsheet was read ([`crate::import::inspect`]), in the order found, when
    /// asked for.
    views: Vec<crate::import::inspect::FileView>,
    /// The files that are no spreadsheet.
    skipped: Vec<PathBuf>,
}

/// Reads a drop: the settings, every file once with its cells (for the returns), the plan
/// recognised and earlier years set aside; how each file was read when `with_views`.
fn read_drop(
    settings_given: &[PathBuf],
    paths: &[PathBuf],
    with_views: bool,
    notices: &mut Vec<Notice>,
) -> Result<Drop, Fatal> {
    let output = crate::intake::output_beside(paths);
    let (paths_found, skipped) = crate::intake::list_dropped(paths)?;
    // The settings at the top of a dropped folder, else beside any spreadsheet in it.
    let (config, used) = settings::load(settings_given, None, &[paths, &paths_found[..]].concat())?;
    notices.extend(Notice::settings(&used, settings_given));
    // The cells are kept for the returns a drop with errors writes; the plan's are let go
    // unless the folder is shown (`kyodo serve` shows the rows around a finding in any file).
    let read = pipeline::read_all(paths_found.iter().collect(), &config, true);
    let views = match with_views {
        true => read.iter().map(|i| crate::import::inspect::inspect(&i.file, &config)).collect(),
        false => Vec::new(),
    };
    let crate::intake::Dropped { mut plan, inputs, alone } = crate::intake::find_plan(read, |i| &i.file);
    if let Some(plan) = plan.as_mut().filter(|_| !with_views) {
        plan.cells = Vec::new();
    }
    notices.push(Notice::PlanFound {
        plan: plan.as_ref().or(inputs.first().filter(|_| alone)).map(|i| i.path.clone()),
        alone,
    });
    // Sheets of earlier years dropped with this year's (folders 令和4年度, 令和5年度 beside
    // progress) are those years' reports, compared as --previous would.
    let (inputs, earlier) = match plan {
        Some(_) => crate::intake::split_years(inputs, |i| &i.file),
        None => (inputs, Vec::new()),
    };
    let mut years = Vec::new();
    for (year, files) in earlier {
        notices.push(Notice::EarlierInDrop { year, files: files.len() });
        let given = files.iter().map(|i| i.path.clone()).collect();
        let (files, early) = without_copies(files);
        years.push(Year { given, files, early });
    }
    let mut early: Vec<Diagnostic> = crate::intake::skipped_files(&skipped).into_iter().collect();
    let (inputs, copies) = without_copies(inputs);
    early.extend(copies);
    let with_plan = plan.is_some();
    let files = match plan {
        Some(plan) => Files { plan: vec![plan], progress: inputs, with_plan, early },
        None => Files { plan: inputs, progress: Vec::new(), with_plan, early },
    };
    Ok(Drop { files, config, years, output, views, skipped })
}

/// A folder as `kyodo serve` shows it: how each file was read and the check of the whole, as a
/// drop of the folder reads and checks it (the cells kept, for the returns and for showing the
/// rows around a finding).
pub struct Folder {
    /// How each spreadsheet was read, in the order found.
    pub views: Vec<crate::import::inspect::FileView>,
    /// The files that are no spreadsheet, not read.
    pub skipped: Vec<PathBuf>,
    /// The plan recognised among the files.
    pub plan: Option<PathBuf>,
    /// Where a drop of the folder writes its reports: the year's folder beside it
    /// (「令和6年度_報告書」).
    pub output: PathBuf,
    /// The folder beside the inputs that the year's folders go into ([`Folder::dir`]).
    pub beside: PathBuf,
    /// The inputs read, the plan and the findings.
    pub loaded: Loaded,
    /// Whether the check found errors.
    pub status: Status,
}

/// Reads and checks `paths` as a drop does, writing nothing ([`Folder`]).
///
/// # Errors
/// [`Fatal`] when the settings or every input cannot be read.
pub fn folder(
    settings_given: &[PathBuf],
    paths: &[PathBuf],
    notices: &mut Vec<Notice>,
) -> Result<Folder, Fatal> {
    let drop = read_drop(settings_given, paths, true, notices)?;
    let plan = drop.files.with_plan.then(|| drop.files.plan.first().map(|i| i.path.clone())).flatten();
    let loaded = pipeline::assemble(drop.files, drop.config, None)?;
    let status = Status::of(&loaded);
    // The year's folder beside, as a drop of the folder writes into.
    let year = crate::intake::drop_folder(loaded.plan.report_year(), crate::intake::DropFolder::Reports);
    let output = drop.output.join(year);
    Ok(Folder { views: drop.views, skipped: drop.skipped, plan, output, beside: drop.output, loaded, status })
}

impl Folder {
    /// The year's folder of `which` beside the folder, where a drop writes it: the returns in
    /// 「令和6年度_差し戻し」 ([`returns_beside`]), the forms in 「令和6年度_様式」.
    pub fn dir(&self, which: crate::intake::DropFolder) -> PathBuf {
        self.beside.join(crate::intake::drop_folder(self.loaded.plan.report_year(), which))
    }
}

/// A drop with errors (and `kyodo serve`'s button): the returns to the departments concerned
/// and the reminder list ([`crate::returns::write_replacing`]) in the year's folder beside the
/// inputs (「令和6年度_差し戻し」), where an earlier drop's returns no longer needed are removed.
///
/// # Errors
/// [`Fatal`] when the folder cannot be written.
pub fn returns_beside(
    loaded: &Loaded,
    beside: &Path,
    notices: &mut Vec<Notice>,
) -> Result<Vec<Written>, Fatal> {
    let name = crate::intake::drop_folder(loaded.plan.report_year(), crate::intake::DropFolder::Returns);
    let dir = beside.join(name);
    let crate::returns::Replaced { written, removed } = crate::returns::write_replacing(loaded, &dir)?;
    if written.is_empty() {
        // Nothing to send back (the errors are the plan's): no empty folder left beside.
        let _ = std::fs::remove_dir(&dir);
    } else {
        let is_reminder = |p: &PathBuf| p.file_stem().is_some_and(|s| s == crate::returns::REMINDERS);
        let reminders = written.iter().any(is_reminder);
        let returns = written.iter().filter(|p| !is_reminder(p)).count();
        notices.push(Notice::ReturnsWritten { dir, returns, reminders, removed });
    }
    Ok(written.into_iter().map(|path| Written { path, about: None }).collect())
}

/// Read files with identical copies left out, a warning for each ([`crate::intake::drop_copies`]).
fn without_copies(files: Vec<Input>) -> (Vec<Input>, Vec<Diagnostic>) {
    let paths = files.iter().map(|i| i.path.clone()).collect();
    let (kept, warnings) = crate::intake::drop_copies(paths);
    let mut files: Vec<Option<Input>> = files.into_iter().map(Some).collect();
    let kept = kept
        .iter()
        .filter_map(|path| files.iter_mut().find(|i| i.as_ref().is_some_and(|i| &i.path == path))?.take())
        .collect();
    (kept, warnings)
}

/// The first path when it is rather a mistyped command (`kyodo chek …`): a bare word of Latin
/// letters naming nothing that exists. A file or folder of that name is read as dropped.
fn mistyped_command(paths: &[PathBuf]) -> Option<String> {
    let word = paths.first()?.to_str()?;
    let bare = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    (bare && !Path::new(word).exists()).then(|| word.to_string())
}
