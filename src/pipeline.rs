//! The shared front half of every command: expand inputs → import → model → check.

use crate::check::{self, Inputs};
use crate::config::Config;
use crate::diag::{Diagnostic, JsonFile, Severity, Summary};
use crate::import::envelope::{grouped, MAX_ITEMS, MAX_ROWS};
use crate::import::{self, FileId, SheetCells, SourceFile};
use crate::model::{self, Plan};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One input file, read once: where it is and what it holds.
pub struct Input {
    /// The file's path as found (a folder given expands to its files): the run compares, sets
    /// aside and returns files by it, never by the text messages show ([`SourceFile::path`]).
    pub path: PathBuf,
    /// What was read.
    pub file: SourceFile,
    /// Each readable sheet's cells as read, kept only when a copy may be returned to the
    /// department (`check --returns`): the copy is made from this reading.
    pub cells: Vec<SheetCells>,
}

/// Everything a command needs after reading the inputs.
pub struct Loaded {
    /// The plan files read: their sheets' outcomes and tables, the rows released
    /// ([`SourceFile::release_rows`]) once the model and the check have read them.
    pub plan_files: Vec<Input>,
    /// The progress files read (with --plan).
    pub progress_files: Vec<Input>,
    /// The plan, progress attached.
    pub plan: Plan,
    /// Every finding, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// The settings of the run.
    pub config: Config,
    /// Progress files of an earlier year's folder, not read as this year's.
    pub set_aside: Vec<PathBuf>,
}

/// Why a run could not start or finish: printed, then exit 2.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Fatal {
    /// The settings could not be read.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The fonts of the settings could not be used.
    #[error(transparent)]
    Font(#[from] crate::fonts::FontError),
    /// An input could not be read.
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// The date of issue could not be read.
    #[error(transparent)]
    Layout(#[from] crate::report::LayoutError),
    /// A file could not be made.
    #[error(transparent)]
    Render(#[from] crate::render::RenderError),
    /// The outputs could not be put in place.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    /// No spreadsheet among the inputs.
    #[error("読み込む表計算ファイルがありません（.xlsx .xlsm .xls .xlsb .ods .csv）")]
    NoInputs,
    /// Every input was unreadable: one line per file with its reason.
    #[error("読めるファイルがありません\n{0}")]
    NothingReadable(String),
    /// `--returns` names a folder of the inputs.
    #[error("--returns {dir} は入力（{source_file}）と同じフォルダで、上書きや二重の読み込みになります。別のフォルダを指定してください")]
    ReturnsBesideInputs {
        /// The folder, as given.
        dir: String,
        /// The input found in that folder.
        source_file: String,
    },
    /// The inputs are larger than the size envelope ([`crate::import::envelope`]): refused
    /// before the model is built.
    #[error("{file}: {what}が多すぎます（入力全体で {count}、上限 {limit}）。kyodo が一度に扱える計画の大きさを超えています。施策や部署ごとにファイルを分け、分けて実行してください")]
    TooLarge {
        /// The input holding the most of them, as shown.
        file: String,
        /// What is counted: 項目 or 行.
        what: &'static str,
        /// How many the inputs hold, with the unit.
        count: String,
        /// The limit, with the unit.
        limit: String,
    },
    /// A choice of the command line kyodo cannot follow, in the command line's words.
    #[error("{0}")]
    Command(String),
}

/// Reads the settings: the files given in order, else the embedded defaults; then loads the
/// fonts they name.
pub fn config(files: &[PathBuf]) -> Result<Config, Fatal> {
    let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let config = Config::with_files(&files)?;
    if let Some((regular, bold)) = &config.fonts {
        crate::fonts::load(regular, bold)?;
    }
    Ok(config)
}

/// Imports, builds and checks. `plan` is the `--plan` input, if any.
pub fn load(plan: Option<&Path>, inputs: &[PathBuf], config: Config) -> Result<Loaded, Fatal> {
    let files = read(plan, inputs, &config, false)?;
    assemble(files, config, None)
}

/// Reads `plan` and `inputs` once each ([`list`], then [`read_all`]), in their roles: without a
/// plan, every input defines items.
pub fn read(
    plan: Option<&Path>,
    inputs: &[PathBuf],
    config: &Config,
    keep_cells: bool,
) -> Result<Files, Fatal> {
    let mut early = Vec::new();
    let (inputs, plan_paths) = list(plan, inputs, &mut early)?;
    let mut read = read_all(plan_paths.iter().chain(&inputs).collect(), config, keep_cells);
    let inputs = read.split_off(plan_paths.len());
    Ok(match plan {
        Some(_) => Files { plan: read, progress: inputs, with_plan: true, early },
        None => Files { plan: inputs, progress: Vec::new(), with_plan: false, early },
    })
}

/// The files to read for `plan` and `inputs` (folders expanded), identical copies left out
/// with a warning each in `early`, as are the files of the folders that are no spreadsheets.
pub fn list(
    plan: Option<&Path>,
    inputs: &[PathBuf],
    early: &mut Vec<Diagnostic>,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Fatal> {
    let mut list = |paths: &[PathBuf]| -> Result<Vec<PathBuf>, Fatal> {
        let (files, skipped) = import::expand_noting(paths)?;
        early.extend(crate::intake::skipped_files(&skipped));
        let (files, copies) = crate::intake::drop_copies(files);
        early.extend(copies);
        Ok(files)
    };
    let inputs = list(inputs)?;
    let plan = match plan {
        Some(p) => list(&[p.to_path_buf()])?,
        None => Vec::new(),
    };
    Ok((inputs, plan))
}

/// Files read, in the roles they are read in, and what was found before reading them.
pub struct Files {
    /// Files that define the items (the plan, or every input without one).
    pub plan: Vec<Input>,
    /// Progress files reported against a separate plan.
    pub progress: Vec<Input>,
    /// Whether a separate plan was given.
    pub with_plan: bool,
    /// Findings made before reading, on the paths (copies, files that are no spreadsheets):
    /// they come first.
    pub early: Vec<Diagnostic>,
}

/// Builds the plan from files already read and checks it. `year` (`report --year`) is the
/// year the reports are on, settled before the check, so the check's findings (a year
/// conflict, indicators due by that year) are those of the year reported.
pub fn assemble(files: Files, mut config: Config, year: Option<i32>) -> Result<Loaded, Fatal> {
    // The check asks the font about every character: its glyph table is built on the other
    // core while the model is built.
    let fonts = std::thread::spawn(|| {
        crate::fonts::regular();
    });
    let Files { plan: mut plan_files, progress, with_plan, mut early } = files;
    let (progress_files, earlier, set_aside) = crate::intake::earlier_folders(progress, |i| &i.file);
    early.extend(earlier);
    let (mut progress_files, corrected) = crate::intake::superseded(progress_files, |i| &i.file);
    early.extend(corrected);
    let all = || plan_files.iter().chain(&progress_files).map(|i| &i.file);
    if all().next().is_none() {
        return Err(Fatal::NoInputs);
    }
    if all().all(|f| f.error.is_some()) {
        let reasons: Vec<String> = all()
            .map(|f| format!("{}: {}", f.path, f.error.as_ref().map(ToString::to_string).unwrap_or_default()))
            .collect();
        return Err(Fatal::NothingReadable(reasons.join("\n")));
    }
    let _ = fonts.join();
    within_rows(all())?;
    crate::progress::stage(|| "点検".to_string());
    let plan_read: Vec<SourceFile> = plan_files.iter_mut().map(|i| std::mem::take(&mut i.file)).collect();
    let progress_read: Vec<SourceFile> =
        progress_files.iter_mut().map(|i| std::mem::take(&mut i.file)).collect();
    let mut plan = model::build(&plan_read, &progress_read, &config);
    // The city the settings do not name is the one the plan's title rows do, if any.
    if config.city.is_empty() {
        config.city = plan.city.clone().unwrap_or_default();
    }
    if let Some(year) = year {
        plan.reporting_year = Some(year);
        model::indicator::prorate(&mut plan, &config);
    }
    within_items(&plan)?;
    let inputs = Inputs { plan: &plan_read, progress: &progress_read, with_plan, year };
    let mut diagnostics = early;
    diagnostics.extend(check::run(&inputs, &plan, &config));
    for (input, mut file) in
        plan_files.iter_mut().chain(&mut progress_files).zip(plan_read.into_iter().chain(progress_read))
    {
        file.release_rows();
        input.file = file;
    }
    let set_aside = set_aside.into_iter().map(|i| i.path).collect();
    Ok(Loaded { plan_files, progress_files, plan, diagnostics, config, set_aside })
}

/// Files read so far by this process, each reading counted ([`read_all`] is the run's only way
/// to read an input): the tests see that a run reads each input once.
static READS: AtomicUsize = AtomicUsize::new(0);

/// How many file readings this process has made ([`READS`]).
pub fn files_read() -> usize {
    READS.load(Ordering::Relaxed)
}

/// Refuses inputs with more rows together than the size envelope: each file is within it (the
/// reader refuses one that is not), but a folder of many may not be.
fn within_rows<'a>(files: impl Iterator<Item = &'a SourceFile>) -> Result<(), Fatal> {
    let rows: Vec<(&str, u64)> =
        files.map(|f| (f.path.as_str(), f.tables().map(|t| t.rows.len() as u64).sum())).collect();
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    if total <= MAX_ROWS {
        return Ok(());
    }
    let file = rows.iter().max_by_key(|(_, n)| *n).map_or("", |(f, _)| f);
    Err(too_large(file, "行", total, MAX_ROWS, "行"))
}

/// Refuses a plan with more items than the size envelope, naming the file holding the most.
fn within_items(plan: &Plan) -> Result<(), Fatal> {
    let total = plan.items().count();
    if total <= MAX_ITEMS {
        return Ok(());
    }
    let mut per_file: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for item in plan.items() {
        *per_file.entry(&item.at.file).or_default() += 1;
    }
    let file = per_file.into_iter().max_by_key(|(f, n)| (*n, std::cmp::Reverse(*f))).map_or("", |(f, _)| f);
    Err(too_large(file, "項目", total as u64, MAX_ITEMS as u64, "件"))
}

fn too_large(file: &str, what: &'static str, count: u64, limit: u64, unit: &str) -> Fatal {
    Fatal::TooLarge {
        file: file.to_string(),
        what,
        count: format!("{} {unit}", grouped(count)),
        limit: format!("{} {unit}", grouped(limit)),
    }
}

/// Reads the files on every core, each workbook in a child process of its own, and returns
/// them in the order given: a folder of departments' returns takes about as long as its
/// largest files, not the sum of all of them. With `keep_cells`, each sheet's cells are kept
/// for a returned copy ([`Input::cells`]).
pub fn read_all(paths: Vec<&PathBuf>, config: &Config, keep_cells: bool) -> Vec<Input> {
    READS.fetch_add(paths.len(), Ordering::Relaxed);
    let n = paths.len();
    let done = AtomicUsize::new(0);
    let read = |path: &&PathBuf| {
        let (file, cells) = import::read_file_keeping(path, config, keep_cells);
        let k = done.fetch_add(1, Ordering::Relaxed) + 1;
        let name = || path.file_name().map_or(String::new(), |s| s.to_string_lossy().into_owned());
        crate::progress::stage(|| format!("読み込み {k}/{n}：{}", name()));
        Input { path: path.to_path_buf(), file, cells }
    };
    paths.par_iter().map(read).collect()
}

/// Items from which a run renders its files one after the other. Each file's layout holds the
/// whole document while it is built (the PDF's pages, the workbook's cells): about 12 KB per
/// realistic item each, so two at once near the size envelope would need 1.2–1.6 GB on top of
/// the model, and their peaks meet by chance. Below this, two cores make the files in the time
/// of the longest.
pub const RENDER_IN_TURN_ITEMS: usize = 20_000;

/// Renders every job with `render`, results in job order: at the same time on the machine's
/// cores, or one after the other for a plan of [`RENDER_IN_TURN_ITEMS`] items or more, so
/// that only one document is held at a time.
///
/// # Errors
/// The first error `render` returns.
pub fn render_each<J: Sync, R: Send>(
    plan: &Plan,
    jobs: &[J],
    render: impl Fn(&J) -> Result<R, Fatal> + Sync + Send,
) -> Result<Vec<R>, Fatal> {
    if plan.items().count() >= RENDER_IN_TURN_ITEMS {
        jobs.iter().map(render).collect()
    } else {
        jobs.par_iter().map(render).collect()
    }
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The findings, one a line, then the summary: what `check` prints.
    pub fn findings_text(&self) -> String {
        let mut text = String::new();
        for d in &self.diagnostics {
            text.push_str(&d.line());
            text.push('\n');
        }
        if !self.diagnostics.is_empty() {
            text.push('\n');
        }
        text.push_str(&self.summary().text());
        text
    }

    /// The findings as the JSON document of `check --format json`.
    pub fn json(&self) -> String {
        let report = crate::diag::JsonReport {
            items: self.plan.items().count(),
            files: self.json_files(),
            diagnostics: &self.diagnostics,
            summary: self.summary(),
        };
        serde_json::to_string_pretty(&report).expect("diagnostics serialise")
    }

    /// Counts for the closing summary.
    pub fn summary(&self) -> Summary {
        let files = self.files().count();
        let count = |s| self.diagnostics.iter().filter(|d| d.severity == s).count();
        Summary {
            files,
            unreadable_files: self.files().filter(|f| f.error.is_some()).count(),
            unreadable_sheets: self
                .files()
                .flat_map(|f| &f.sheets)
                .filter(|(_, o)| matches!(o, import::SheetOutcome::Unreadable(_)))
                .count(),
            rows: self.plan.rows,
            items: self.plan.items().count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        }
    }

    /// Every input file, plan first.
    pub fn files(&self) -> impl Iterator<Item = &SourceFile> {
        self.inputs().map(|i| &i.file)
    }

    /// Every input file with where it is, plan first.
    pub fn inputs(&self) -> impl Iterator<Item = &Input> {
        self.plan_files.iter().chain(&self.progress_files)
    }

    /// Per-file lines of the JSON document, one for each of [`Loaded::files`] in its order:
    /// rows of each file that became an item or a report.
    pub fn json_files(&self) -> Vec<JsonFile> {
        let rows: BTreeSet<(&FileId, &str, u32)> = self
            .plan
            .items()
            .flat_map(|i| std::iter::once(&i.at).chain(i.progress.iter().map(|p| &p.at)))
            .map(|at| (&at.input, &*at.sheet, at.row))
            .collect();
        self.files()
            .map(|f| JsonFile {
                path: f.path.clone(),
                items: rows.iter().filter(|(file, _, _)| **file == f.id).count(),
                error: f.error.as_ref().map(ToString::to_string),
            })
            .collect()
    }
}
