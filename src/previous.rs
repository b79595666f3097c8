//! The command line's earlier years (`--previous`, once per year): which folders are earlier
//! years, in what order, and what of their sheets' problems the office is told. The sheets
//! are read with the library's pipeline like this year's; only the choices and the messages
//! of the command line are here.

use kyodo::pipeline::{self, Fatal, Loaded};
use kyodo::text::shown_path;
use std::path::{Path, PathBuf};

/// The earlier years' sheets for `report`, one folder a year, oldest first: each must hold
/// other files than this year's and state an earlier fiscal year than this year's and the
/// other folders'; a single folder whose year cannot be told is accepted with a warning.
pub(super) fn earlier_years(
    dirs: &[Vec<PathBuf>],
    loaded: &Loaded,
    plan: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<Vec<kyodo::model::Plan>, Fatal> {
    use kyodo::text::wareki::fiscal_year_label as label;
    let mut years: Vec<(Option<i32>, String, kyodo::model::Plan)> = Vec::new();
    for paths in dirs {
        let dir = shown(paths);
        let previous = previous_for(paths, loaded, plan, inputs)?;
        let year = previous.plan.report_year();
        if year.is_none() && dirs.len() > 1 {
            return Err(Fatal::Command(format!(
                "--previous {dir} の年度が分かりません（表題やファイル名に年度がありません）。複数の年度を比べるには、各フォルダのシートに年度を書いてください"
            )));
        }
        if let Some((_, other, _)) = years.iter().find(|(y, _, _)| y.is_some() && *y == year) {
            return Err(Fatal::Command(format!(
                "--previous {other} と {dir} はどちらも{}の報告です。1年度に1つのフォルダを指定してください",
                year.map(label).unwrap_or_default()
            )));
        }
        years.push((year, dir, previous.plan));
    }
    years.sort_by_key(|(y, _, _)| *y);
    Ok(years.into_iter().map(|(_, _, p)| p).collect())
}

/// One earlier year's sheets for `report`: they must be other files than this year's and of an
/// earlier fiscal year; a year that cannot be told is accepted with a warning.
fn previous_for(
    paths: &[PathBuf],
    loaded: &Loaded,
    plan: Option<&Path>,
    inputs: &[PathBuf],
) -> Result<Loaded, Fatal> {
    use kyodo::text::wareki::fiscal_year_label as label;
    let canonical = |paths: &[PathBuf]| -> Vec<PathBuf> {
        kyodo::import::expand(paths)
            .unwrap_or_default()
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect()
    };
    // An earlier year's folder set aside from this year's inputs may be given as --previous.
    let set_aside = canonical(&loaded.set_aside.iter().map(PathBuf::from).collect::<Vec<_>>());
    let current: Vec<PathBuf> =
        canonical(&plan.map(Path::to_path_buf).into_iter().chain(inputs.iter().cloned()).collect::<Vec<_>>())
            .into_iter()
            .filter(|p| !set_aside.contains(p))
            .collect();
    // Named as found in the folder given, not by its canonical (absolute) path.
    let shared = kyodo::import::expand(paths)
        .unwrap_or_default()
        .into_iter()
        .find(|p| p.canonicalize().is_ok_and(|c| current.contains(&c)));
    let dir = shown(paths);
    if let Some(file) = shared {
        return Err(Fatal::Command(format!(
            "--previous {dir} には今年度の入力と同じファイル（{}）があります。前年度の進捗報告のフォルダを指定してください",
            shown_path(file)
        )));
    }
    let previous = previous_year(paths, &loaded.config)?;
    match (previous.plan.report_year(), loaded.plan.report_year()) {
        (Some(then), Some(now)) if then >= now => Err(Fatal::Command(format!(
            "--previous {dir} は{}の報告で、今年度（{}）より前の年度ではありません。前年度の進捗報告のフォルダを指定してください",
            label(then),
            label(now)
        ))),
        (Some(_), Some(_)) => Ok(previous),
        _ => {
            eprintln!(
                "警告：--previous {dir} と今年度の報告の年度を比べられません（表題やファイル名に年度がありません）。前年度の報告として比べます"
            );
            Ok(previous)
        }
    }
}

/// A year's paths in a message: the folder, or the first file and how many more.
fn shown(paths: &[PathBuf]) -> String {
    match paths {
        [one] => shown_path(one),
        [first, rest @ ..] => format!("{} ほか{}件", shown_path(first), rest.len()),
        [] => String::new(),
    }
}

/// Last year's progress sheets, read as a plan of their own: only their grades are used, so
/// their errors do not stop the run, but each that changes the grades read is named (the first
/// [`PREVIOUS_SHOWN`]) so the office can tell which grades are missing from the comparison.
fn previous_year(paths: &[PathBuf], config: &kyodo::config::Config) -> Result<Loaded, Fatal> {
    let previous = pipeline::load(None, paths, config.clone())?;
    // Progress sheets read on their own lack the plan's 内容 and the like: only problems that
    // change the grades read are worth a word here.
    use kyodo::diag::Code;
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
    let errors: Vec<_> = previous
        .diagnostics
        .iter()
        .filter(|d| d.severity == kyodo::diag::Severity::Error && matters(d.code))
        .collect();
    if !errors.is_empty() {
        let shown = shown(paths);
        eprintln!(
            "{shown}: 前年度のシートに {} 件の問題があります（読めた評価だけを使います）",
            errors.len()
        );
        for d in errors.iter().take(PREVIOUS_SHOWN) {
            eprintln!("  {}", d.line());
        }
        if errors.len() > PREVIOUS_SHOWN {
            let more = errors.len() - PREVIOUS_SHOWN;
            eprintln!("  ほか {more} 件（すべては kyodo check {shown} で確かめられます）");
        }
    }
    Ok(previous)
}

/// How many of last year's problems are listed before 「ほか N 件」.
const PREVIOUS_SHOWN: usize = 10;

/// The latest of the earlier years' sheets for the forms (a folder whose year cannot be told
/// counts as the oldest).
pub(super) fn latest_year(dirs: &[PathBuf], config: &kyodo::config::Config) -> Result<Option<Loaded>, Fatal> {
    let mut latest: Option<Loaded> = None;
    for dir in dirs {
        let loaded = previous_year(std::slice::from_ref(dir), config)?;
        if latest.as_ref().is_none_or(|l| l.plan.report_year() <= loaded.plan.report_year()) {
            latest = Some(loaded);
        }
    }
    Ok(latest)
}
