//! The run: one driver for every command that reads the inputs and writes files. A typed
//! request goes in ([`ReportRequest`], [`CheckRequest`], [`TemplateRequest`], a drop's paths);
//! what was written, the findings and the [`Notice`]s to print come back. Nothing here prints:
//! the command line (or a test, or a benchmark) decides where each line goes.
//!
//! A report runs in this order, each step once:
//!
//! 1. the kinds × formats asked for are settled, before anything is read;
//! 2. the settings are found ([`settings`]) and read;
//! 3. every input is read once, in parallel (a drop's files too: the plan is recognised, and
//!    earlier years' sheets set aside, from that one reading);
//! 4. the year is settled (`--year`, else the sheets'), then the plan is built and checked for
//!    that year;
//! 5. with errors and without `--force`, nothing is written;
//! 6. the output folder is locked, every file rendered from the same unchanging plan (the rows
//!    matching no plan item are a closing section the official report shows), and the set put
//!    in place together ([`crate::output`]).

mod drop;
pub mod earlier;
pub mod folders;
mod notice;
pub mod settings;

pub use crate::import::FileId;
pub use drop::{dropped, dropped_reports, folder, returns_beside, Folder};
pub use notice::Notice;

use crate::config::Config;
use crate::model::Plan;
use crate::output::OutputDir;
use crate::pipeline::{self, Fatal, Files, Loaded};
use crate::report::{Format, Kind, Report};
use crate::text::wareki::Date;
use earlier::Year;
use std::path::{Path, PathBuf};

/// How a run ended, for the exit code: 0 when [`Status::Clean`], 1 when problems were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing the check calls an error.
    Clean,
    /// The check found errors (with `--force` the files were written all the same).
    Problems,
}

impl Status {
    fn of(loaded: &Loaded) -> Status {
        if loaded.has_errors() {
            Status::Problems
        } else {
            Status::Clean
        }
    }
}

/// A file the run wrote.
#[derive(Debug, Clone)]
pub struct Written {
    /// Where it is.
    pub path: PathBuf,
    /// What it holds, where that is worth a word (a department's form: 「総務課（12 項目）」).
    pub about: Option<String>,
}

/// What a run that writes files did.
#[derive(Debug)]
pub struct Done {
    /// The files written, in the order made.
    pub written: Vec<Written>,
    /// Whether the check found errors.
    pub status: Status,
}

/// `kyodo report`: which reports of which inputs, for which year, where.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest {
    /// Settings files given (`--config`); none: found by [`settings::files`].
    pub settings: Vec<PathBuf>,
    /// The plan (`--plan`); none: every input is read as the plan.
    pub plan: Option<PathBuf>,
    /// The progress files or folders (or the plan's, without `plan`).
    pub inputs: Vec<PathBuf>,
    /// The year reported on (`--year`); none: the progress sheets', else the plan's.
    pub year: Option<i32>,
    /// Earlier years' sheets, one entry a year (`--previous`, once per folder).
    pub earlier: Vec<Vec<PathBuf>>,
    /// Write even with errors, 未提出 and blanks shown as such.
    pub force: bool,
    /// The kind asked for; none: every kind.
    pub kind: Option<Kind>,
    /// The formats asked for (one on the command line may stand for several files); none:
    /// every format.
    pub formats: Option<Vec<Format>>,
    /// The output folder.
    pub output: PathBuf,
}

/// The reports one request makes: (kind, format) pairs; `None` on either side is `all`. A
/// pair asked for explicitly that does not exist is an error; with `all`, the pairs that exist.
///
/// # Errors
/// [`Fatal::Command`] for a kind asked for in a format it does not come in.
pub fn jobs(kind: Option<Kind>, formats: Option<&[Format]>) -> Result<Vec<(Kind, Format)>, Fatal> {
    if let (Some(kind), Some(formats)) = (kind, formats) {
        if let Some(format) = formats.iter().find(|f| !crate::report::available(kind, **f)) {
            return Err(not_in_format(kind, *format));
        }
    }
    let kinds = kind.map_or(Kind::ALL.to_vec(), |k| vec![k]);
    let formats = formats.map_or(Format::ALL.to_vec(), <[Format]>::to_vec);
    Ok(kinds
        .into_iter()
        .flat_map(|k| formats.iter().map(move |f| (k, *f)))
        .filter(|(k, f)| crate::report::available(*k, *f))
        .collect())
}

fn not_in_format(kind: Kind, format: Format) -> Fatal {
    Fatal::Command(format!("{} は {} 形式では出力できません", kind.name(), format.extension()))
}

/// `--year` (令和6, R6, 2024, …) as a fiscal year.
pub fn parse_year(text: &str) -> Result<i32, Fatal> {
    crate::text::wareki::parse_year(text).ok_or_else(|| {
        Fatal::Command(format!(
            "--year「{text}」は年度として読めません（{}）",
            crate::text::wareki::YEAR_HINT
        ))
    })
}

/// `kyodo report`: reads, checks and writes the reports asked for.
///
/// # Errors
/// [`Fatal`] when the run could not start or finish: a kind in a format it does not come in,
/// settings or inputs that cannot be read, an output folder that cannot be written or that
/// another run holds. Problems in the inputs are findings ([`Notice::Findings`]), not errors.
pub fn report(request: &ReportRequest, notices: &mut Vec<Notice>) -> Result<Done, Fatal> {
    // A kind in a format it does not come in is refused before anything is read.
    let jobs = jobs(request.kind, request.formats.as_deref())?;
    let (config, used) = settings::load(&request.settings, request.plan.as_deref(), &request.inputs)?;
    notices.extend(Notice::settings(&used, &request.settings));
    let files = pipeline::read(request.plan.as_deref(), &request.inputs, &config, false)?;
    let earlier = Earlier::Folders(request.earlier.clone());
    let run = Run { request, jobs, dropped: false };
    run.make(files, config, earlier, notices)
}

/// Where the earlier years come from.
enum Earlier {
    /// `--previous` folders, read once the check has let the run go on.
    Folders(Vec<Vec<PathBuf>>),
    /// A drop's earlier years, read with everything else.
    Read(Vec<Year>),
}

/// One report run: the request and the choices settled before reading.
struct Run<'a> {
    request: &'a ReportRequest,
    jobs: Vec<(Kind, Format)>,
    /// A drop onto kyodo.exe: the check's summary shows even when it found nothing (in the
    /// window of the drop), and advice names no command-line option.
    dropped: bool,
}

impl Run<'_> {
    /// From the files read to the files written.
    fn make(
        self,
        files: Files,
        config: crate::config::Config,
        earlier: Earlier,
        notices: &mut Vec<Notice>,
    ) -> Result<Done, Fatal> {
        let request = self.request;
        // Progress was asked of every item: a plan given, or found in a drop.
        let progress_expected = files.with_plan;
        let mut loaded = pipeline::assemble(files, config, request.year)?;
        if let (Some(year), Some(stated)) = (request.year, agreed_year(&loaded.plan)) {
            if stated != year {
                notices.push(Notice::YearChosen { stated, chosen: year });
            }
        }
        let status = Status::of(&loaded);
        if status == Status::Problems || !loaded.diagnostics.is_empty() || self.dropped {
            notices.push(Notice::Findings(loaded.findings_text()));
        }
        if status == Status::Problems && !request.force {
            notices.push(Notice::NotWritten { dropped: self.dropped });
            // Whoever drops a folder has no terminal to chase the departments from.
            let written =
                if self.dropped { returns_beside(&loaded, &request.output, notices)? } else { Vec::new() };
            return Ok(Done { written, status });
        }
        // A report on progress names its year: none stated anywhere and none given is no
        // report to print without one (a plan alone is published without a year).
        let on_progress = loaded.plan.has_progress || progress_expected;
        if on_progress && loaded.plan.report_year().is_none() {
            return Err(Fatal::Command(no_year(self.dropped)));
        }
        // Rows matching no plan item still reach the report, each where a warning says.
        let mut closing = crate::model::Closing::default();
        if request.force {
            let placements;
            (placements, closing) = crate::model::place_unmatched(&mut loaded.plan);
            let placed = crate::check::placed(&placements);
            notices.extend(placed.iter().cloned().map(Notice::Placed));
            loaded.diagnostics.extend(placed);
        }
        let issued = crate::report::issue_date(loaded.config.date.as_deref(), loaded.plan.report_year())?;
        let jobs = self.with_progress_needed(&loaded.plan, notices)?;
        if let Some(figures) = jobs.iter().find_map(|(kind, _)| kind.grey_figures()) {
            notices.extend(grades_close_in_grey(&loaded.config, figures));
        }
        let earlier = match earlier {
            Earlier::Folders(dirs) => {
                let years =
                    dirs.into_iter().map(|d| Year::read(d, &loaded.config)).collect::<Result<_, _>>()?;
                earlier::for_report(years, &loaded, notices)?
            }
            Earlier::Read(years) => earlier::for_report(years, &loaded, notices)?,
        };
        let output = self.output(loaded.plan.report_year());
        let out = OutputDir::lock(&output)?;
        // Renderers read the model only: the imported tables go before they build.
        let Loaded { plan, config, diagnostics, .. } = loaded;
        // The closing section of unmatched rows is where the office reviews, not in what
        // residents and the committee read as the plan: the kinds that show it have it.
        let with_closing = closing.shown_with(&plan);
        let report = |kind: Kind| Report {
            kind,
            plan: match &with_closing {
                Some(shown) if kind.shows_unmatched() => shown,
                _ => &plan,
            },
            config: &config,
            diagnostics: &diagnostics,
            issued,
            progress_expected,
            earlier: &earlier,
        };
        let files = render_all(&plan, &jobs, self.dropped, report)?;
        crate::progress::stage(|| format!("書き込み {} ファイル", files.len()));
        // All files of the run replace the old ones together, after every one is rendered; a
        // drop's folder holds one run's reports, never two runs' mixed.
        if self.dropped {
            let stale = folders::stale(&output, &files);
            if folders::replaces(&output) {
                notices.push(Notice::Replaced {
                    output: output.clone(),
                    removed: stale.iter().map(|n| n.to_string()).collect(),
                });
            }
            out.replace_set(&files, &stale)?;
        } else {
            out.write_all(&files)?;
        }
        let written = files.iter().map(|(name, _)| Written { path: out.path(name), about: None }).collect();
        crate::render::drop_aside((plan, with_closing, files));
        Ok(Done { written, status })
    }

    /// The folder the reports go to: the one asked for, or for a drop the year's folder beside
    /// the inputs (「令和6年度_報告書」).
    fn output(&self, year: Option<i32>) -> PathBuf {
        match self.dropped {
            true => {
                self.request.output.join(crate::intake::drop_folder(year, crate::intake::DropFolder::Reports))
            }
            false => self.request.output.clone(),
        }
    }

    /// A kind that needs progress ([`Kind::needs_progress`], the summary for residents), on
    /// a plan without any: asked for alone, it is refused; within `all`, left out with a note.
    fn with_progress_needed(
        &self,
        plan: &Plan,
        notices: &mut Vec<Notice>,
    ) -> Result<Vec<(Kind, Format)>, Fatal> {
        if plan.items().any(|i| !i.progress.is_empty()) {
            return Ok(self.jobs.clone());
        }
        let dropped = self.dropped;
        if let Some(kind) = self.request.kind.filter(|k| k.needs_progress()) {
            return Err(Fatal::Command(Notice::ProgressNeeded { kind, dropped }.to_string()));
        }
        for kind in Kind::ALL.into_iter().filter(|k| k.needs_progress()) {
            if self.jobs.iter().any(|(k, _)| *k == kind) {
                notices.push(Notice::ProgressNeeded { kind, dropped });
            }
        }
        Ok(self.jobs.iter().copied().filter(|(kind, _)| !kind.needs_progress()).collect())
    }
}

/// The city's own scale colours, where two neighbouring grades differ too little in lightness
/// for a grey print of the 広報 page (often printed in one or two colours; `figures` names its
/// charts). The colours are kept as the city chose them: the chart's patterns still tell the
/// steps apart.
fn grades_close_in_grey(config: &Config, figures: &'static str) -> Option<Notice> {
    let graded: Vec<_> = config.grades.iter().filter(|g| g.counts).collect();
    let colours: Vec<_> = graded.iter().map(|g| g.color).collect();
    let (i, _) = crate::color::too_close(&colours)?;
    Some(Notice::GradesCloseInGrey {
        first: graded[i].label.clone(),
        second: graded[i + 1].label.clone(),
        lightness: (colours[i].lightness(), colours[i + 1].lightness()),
        figures,
    })
}

/// Why a report on progress cannot be made: no input states its fiscal year. A drop names no
/// command-line option.
fn no_year(dropped: bool) -> String {
    if dropped {
        "報告の年度が分かりません。シートの表題かファイル名に「令和6年度」のように年度を書いてください".into()
    } else {
        "報告の年度が分かりません。--year 令和6 のように指定してください".into()
    }
}

/// The year every progress file states, if they agree.
fn agreed_year(plan: &Plan) -> Option<i32> {
    let first = plan.progress_years.first()?.1;
    plan.progress_years.iter().all(|(_, y, _)| *y == first).then_some(first)
}

/// Renders every job, collected in job order: in parallel (PDF and XLSX on two cores), or one
/// after the other for a plan near the size envelope ([`pipeline::render_each`]).
fn render_all<'p>(
    plan: &Plan,
    jobs: &[(Kind, Format)],
    dropped: bool,
    report: impl Fn(Kind) -> Report<'p> + Sync + Send,
) -> Result<Vec<(String, Vec<u8>)>, Fatal> {
    let name = |(k, f): &(Kind, Format)| folders::file_name(*k, *f, dropped);
    crate::progress::stage(|| format!("作成中：{}", jobs.iter().map(name).collect::<Vec<_>>().join("、")));
    pipeline::render_each(plan, jobs, |job @ &(kind, format)| {
        let report = report(kind);
        let content = report.content(format).ok_or_else(|| not_in_format(kind, format))?;
        Ok((name(job), crate::render::render(content)?))
    })
}

/// `kyodo check`: what to read, and where to write the returns if anywhere.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// Settings files given (`--config`).
    pub settings: Vec<PathBuf>,
    /// The plan (`--plan`).
    pub plan: Option<PathBuf>,
    /// The files or folders to check.
    pub inputs: Vec<PathBuf>,
    /// Where the returns to departments go (`--returns`).
    pub returns: Option<PathBuf>,
}

/// What `kyodo check` found.
pub struct Checked {
    /// The inputs read, the plan and the findings.
    pub loaded: Loaded,
    /// Whether the check found errors.
    pub status: Status,
    /// Where the returns go, if asked for.
    returns: Option<PathBuf>,
}

impl Checked {
    /// Writes the returns asked for ([`crate::returns`]), from the files as the check read them;
    /// gives the paths written (none when none were asked for).
    ///
    /// # Errors
    /// [`Fatal`] when the folder is one of the inputs' or cannot be written.
    pub fn write_returns(&self) -> Result<Vec<PathBuf>, Fatal> {
        match &self.returns {
            Some(dir) => crate::returns::write(&self.loaded, dir),
            None => Ok(Vec::new()),
        }
    }
}

/// `kyodo check`: reads and checks, keeping the cells read when returns are asked for
/// ([`Checked::write_returns`]: the findings are printed first, whatever becomes of them).
///
/// # Errors
/// [`Fatal`] when the settings or every input cannot be read.
pub fn check(request: &CheckRequest, notices: &mut Vec<Notice>) -> Result<Checked, Fatal> {
    let (config, used) = settings::load(&request.settings, request.plan.as_deref(), &request.inputs)?;
    notices.extend(Notice::settings(&used, &request.settings));
    let files = pipeline::read(request.plan.as_deref(), &request.inputs, &config, request.returns.is_some())?;
    let loaded = pipeline::assemble(files, config, None)?;
    let status = Status::of(&loaded);
    Ok(Checked { loaded, status, returns: request.returns.clone() })
}

/// `kyodo inspect`: how each sheet of `inputs` was read, with the settings found as for
/// `check` (a city's column names place its columns).
///
/// # Errors
/// [`Fatal`] when the settings or the inputs cannot be read.
pub fn inspect(
    settings_given: &[PathBuf],
    inputs: &[PathBuf],
    notices: &mut Vec<Notice>,
) -> Result<Vec<crate::import::inspect::FileView>, Fatal> {
    let (config, used) = settings::load(settings_given, None, inputs)?;
    notices.extend(Notice::settings(&used, settings_given));
    Ok(crate::import::inspect::paths(inputs, &config)?)
}

/// `kyodo template`: the forms for the departments.
#[derive(Debug, Clone, Default)]
pub struct TemplateRequest {
    /// Settings files given (`--config`).
    pub settings: Vec<PathBuf>,
    /// The plan.
    pub plan: PathBuf,
    /// The year the forms are for (`--year`).
    pub year: Option<i32>,
    /// Earlier years' folders (`--previous`): the latest year's grades go into the forms.
    pub previous: Vec<PathBuf>,
    /// The output folder.
    pub output: PathBuf,
}

/// `kyodo template`: writes each department's form.
///
/// # Errors
/// [`Fatal`] when the settings or the plan cannot be read or the forms cannot be written.
pub fn template(request: &TemplateRequest, notices: &mut Vec<Notice>) -> Result<Done, Fatal> {
    let inputs = [request.plan.clone()];
    let (config, used) = settings::load(&request.settings, Some(&request.plan), &inputs)?;
    notices.extend(Notice::settings(&used, &request.settings));
    let loaded = pipeline::load(None, &inputs, config)?;
    if !loaded.diagnostics.is_empty() {
        notices.push(Notice::Findings(loaded.findings_text()));
    }
    let years = request
        .previous
        .iter()
        .map(|d| Year::read(vec![d.clone()], &loaded.config))
        .collect::<Result<_, _>>()?;
    let previous = earlier::latest(years, &loaded.config, notices)?;
    let last = previous.as_ref().and_then(|p| p.plan.report_year());
    let year = form_year(request.year, loaded.plan.fiscal_year, last, notices);
    if year.is_none() {
        notices.push(Notice::FormsWithoutYear);
    }
    let issued: Date = crate::report::issue_date(loaded.config.date.as_deref(), year)?;
    // Held before anything is made: two runs into one folder never both go ahead.
    let out = OutputDir::lock(&request.output)?;
    let options =
        crate::render::xlsx::form::Options { year, previous: previous.as_ref().map(|p| &p.plan), issued };
    let forms = crate::render::xlsx::form::forms(&loaded.plan, &loaded.config, &options)?;
    let files: Vec<(String, Vec<u8>)> =
        forms.iter().map(|t| (t.file_name.clone(), t.bytes.clone())).collect();
    out.write_all(&files)?;
    let written = forms
        .iter()
        .map(|t| Written {
            path: out.path(&t.file_name),
            about: Some(format!("{}（{} 項目）", t.department, t.items)),
        })
        .collect();
    Ok(Done { written, status: Status::of(&loaded) })
}

/// The forms' year: `given`, else the plan's, but never one the `--previous` sheets (their year
/// `last`) already report on: given 令和6年度's returns as last year's, the forms are for 令和7年度,
/// or their 「前年度の評価」 would hold this year's grades. Says so either way.
fn form_year(
    given: Option<i32>,
    plan: Option<i32>,
    last: Option<i32>,
    notices: &mut Vec<Notice>,
) -> Option<i32> {
    match (given, last) {
        (Some(year), Some(last)) if last >= year => {
            notices.push(Notice::FormYearNotAfterPrevious { year, last });
            Some(year)
        }
        (None, Some(last)) if plan.is_none_or(|p| p <= last) => {
            notices.push(Notice::FormYearAfterPrevious { year: last + 1, last });
            Some(last + 1)
        }
        _ => given.or(plan),
    }
}

/// The report kinds and the settings files, for `kyodo config`: (kind, file, what it is for,
/// with the values of `--format` it comes in), the 広報 summary named by the city's magazine
/// ([`Config::magazine`]); last the city's settings, common to every kind.
pub fn kinds(config: &Config) -> Vec<(&'static str, String, String)> {
    let magazine = config.magazine();
    let mut kinds: Vec<_> = Kind::ALL
        .into_iter()
        .map(|kind| {
            let mut formats: Vec<&str> = Format::ALL
                .into_iter()
                .filter(|f| crate::report::available(kind, *f))
                .map(Format::option)
                .collect();
            formats.dedup();
            let remark = kind.remark().map(|r| format!("、{r}")).unwrap_or_default();
            let what = format!("{}（{}{remark}）", kind.purpose(&magazine), formats.join("・"));
            (kind.name(), format!("{}.toml", kind.name()), what)
        })
        .collect();
    kinds.push(("", "kyodo.toml".into(), "市の名前・評価の尺度・列名の同義語など（全種類に共通）".into()));
    kinds
}

/// `kyodo config -o DIR`: writes the shipped settings files there to edit; an existing one is
/// replaced only with `force`.
///
/// # Errors
/// [`Fatal`] when a file exists (without `force`) or the folder cannot be written.
pub fn write_settings(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Fatal> {
    let out = OutputDir::lock(dir)?;
    let mut files = Vec::new();
    for (name, text) in crate::config::TEMPLATES {
        let path = out.path(name);
        if path.exists() && !force {
            return Err(Fatal::Command(format!(
                "{}: すでにあります（上書きするには --force）",
                crate::text::shown_path(path)
            )));
        }
        files.push((name.to_string(), text.as_bytes().to_vec()));
    }
    out.write_all(&files)?;
    Ok(files.iter().map(|(name, _)| out.path(name)).collect())
}
