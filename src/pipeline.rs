//! The shared front half of every command: expand inputs → import → model → check.

use crate::check::{self, Inputs};
use crate::config::Config;
use crate::diag::{Diagnostic, JsonFile, Severity, Summary};
use crate::import::{self, SourceFile};
use crate::model::{self, Plan};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Everything a command needs after reading the inputs.
pub struct Loaded {
    /// The plan files read: their sheets' outcomes and tables, the rows released
    /// ([`SourceFile::release_rows`]) once the model and the check have read them.
    pub plan_files: Vec<SourceFile>,
    /// The progress files read (with --plan).
    pub progress_files: Vec<SourceFile>,
    /// The plan, progress attached.
    pub plan: Plan,
    /// Every finding, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// The settings of the run.
    pub config: Config,
    /// Progress files of an earlier year's folder, not read as this year's (shown paths).
    pub set_aside: Vec<String>,
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
    /// A choice of the command line kyodo cannot follow, in the command line's words.
    #[error("{0}")]
    Command(String),
}

/// Reads the settings: the `--template` files in order, else `kyodo.toml` beside the first
/// input, else the embedded defaults.
pub fn config(templates: &[PathBuf], inputs: &[PathBuf]) -> Result<Config, Fatal> {
    let beside = inputs.first().map(|p| {
        let dir = if p.is_dir() { p.as_path() } else { p.parent().unwrap_or(Path::new(".")) };
        dir.join("kyodo.toml")
    });
    let files: Vec<&Path> = match templates {
        [] => beside.iter().filter(|p| p.is_file()).map(PathBuf::as_path).collect(),
        given => given.iter().map(PathBuf::as_path).collect(),
    };
    let config = Config::with_files(&files)?;
    if let Some((regular, bold)) = &config.fonts {
        crate::fonts::load(regular, bold)?;
    }
    Ok(config)
}

/// Imports, builds and checks. `plan` is the `--plan` input, if any.
pub fn load(plan: Option<&Path>, inputs: &[PathBuf], config: Config) -> Result<Loaded, Fatal> {
    // The check asks the font about every character: its glyph table is built on the other
    // core while the workbooks are read.
    let fonts = std::thread::spawn(|| {
        crate::fonts::regular();
    });
    // Identical copies are warned about here and never read.
    let mut early = Vec::new();
    let mut list = |paths: &[PathBuf]| -> Result<Vec<PathBuf>, Fatal> {
        let (files, skipped) = import::expand_noting(paths)?;
        early.extend(crate::intake::skipped_files(&skipped));
        let (files, copies) = crate::intake::drop_copies(files);
        early.extend(copies);
        Ok(files)
    };
    let inputs = list(inputs)?;
    let plan_paths = match plan {
        Some(p) => list(&[p.to_path_buf()])?,
        None => Vec::new(),
    };
    let mut read = read_files(plan_paths.iter().chain(&inputs).collect(), &config);
    let inputs = read.split_off(plan_paths.len());
    let (mut plan_files, progress_files) = match plan {
        Some(_) => (read, inputs),
        None => (inputs, Vec::new()),
    };
    let (progress_files, earlier, set_aside) = crate::intake::earlier_folders(progress_files);
    early.extend(earlier);
    let (mut progress_files, corrected) = crate::intake::superseded(progress_files);
    early.extend(corrected);
    let all = || plan_files.iter().chain(&progress_files);
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
    crate::progress::stage(|| "点検".to_string());
    let with_plan = plan.is_some();
    let plan = model::build(&plan_files, &progress_files, &config);
    let inputs = Inputs { plan: &plan_files, progress: &progress_files, with_plan };
    let mut diagnostics = early;
    diagnostics.extend(check::run(&inputs, &plan, &config));
    plan_files.iter_mut().chain(&mut progress_files).for_each(SourceFile::release_rows);
    Ok(Loaded { plan_files, progress_files, plan, diagnostics, config, set_aside })
}

/// Reads the files on every core, each workbook in a child process of its own, and returns
/// them in the order given: a folder of departments' returns takes about as long as its
/// largest files, not the sum of all of them.
fn read_files(paths: Vec<&PathBuf>, config: &Config) -> Vec<SourceFile> {
    let n = paths.len();
    let done = AtomicUsize::new(0);
    let read = |path: &&PathBuf| {
        let file = import::read_file(path, config);
        let k = done.fetch_add(1, Ordering::Relaxed) + 1;
        let name = || path.file_name().map_or(String::new(), |s| s.to_string_lossy().into_owned());
        crate::progress::stage(|| format!("読み込み {k}/{n}：{}", name()));
        file
    };
    paths.par_iter().map(read).collect()
}

impl Loaded {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
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
        self.plan_files.iter().chain(&self.progress_files)
    }

    /// Per-file lines of the JSON document: rows of each file that became an item or a report.
    pub fn json_files(&self) -> Vec<JsonFile> {
        let rows: BTreeSet<(&str, &str, u32)> = self
            .plan
            .items()
            .flat_map(|i| std::iter::once(&i.at).chain(i.progress.iter().map(|p| &p.at)))
            .map(|at| (&*at.file, &*at.sheet, at.row))
            .collect();
        self.files()
            .map(|f| JsonFile {
                path: f.path.clone(),
                items: rows.iter().filter(|(file, _, _)| *file == f.path).count(),
                error: f.error.as_ref().map(ToString::to_string),
            })
            .collect()
    }
}
