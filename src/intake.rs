//! What the inputs are, before they are read as plan or progress: the plan recognised by its
//! content, and identical copies of a file (Windows names them 「関係各部 (1).xlsx」) set aside
//! so nothing is read twice.

use crate::config::Field;
use crate::diag::{Code, Diagnostic, Severity};
use crate::import::SourceFile;
use crate::text::shown_path;
use std::path::PathBuf;

/// Whether a read file is a plan rather than a progress report: it has a table with 項目 and
/// 内容 and no table with progress columns (評価, 実績, …). Departments' forms carry the
/// plan's columns too, but always with the progress ones.
pub fn looks_like_plan(file: &SourceFile) -> bool {
    let mut tables = file.tables().peekable();
    tables.peek().is_some()
        && file.tables().all(|t| !t.is_progress())
        && tables.any(|t| t.has(Field::Name) && t.has(Field::Content))
}

/// The files to read, each content once, and a warning for every copy left out. Files are
/// compared byte for byte (same size first, so most are never read here). Of identical files
/// the one with the shortest name is kept: 「関係各部.xlsx」 rather than 「関係各部 (1).xlsx」,
/// which sorts first.
pub fn drop_copies(files: Vec<PathBuf>) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut kept: Vec<(PathBuf, Option<u64>)> = Vec::new();
    let mut warnings = Vec::new();
    for file in files {
        // Empty files are no copies of each other: each is a save that went wrong, and named.
        let size = std::fs::metadata(&file).ok().map(|m| m.len()).filter(|&n| n > 0);
        let original =
            kept.iter_mut().find(|(other, s)| size.is_some() && *s == size && same_bytes(other, &file));
        match original {
            Some((original, _)) if name_len(&file) < name_len(original) => {
                warnings.push(copy_warning(&file, original));
                *original = file;
            }
            Some((original, _)) => warnings.push(copy_warning(original, &file)),
            None => kept.push((file, size)),
        }
    }
    (kept.into_iter().map(|(f, _)| f).collect(), warnings)
}

/// Corrected files: of two progress files in which one department reports the same items (a
/// department's 「関係各部 (1).xlsx」 saved beside the file it corrects), the newer is read and
/// the older set aside with one warning naming it, rather than an error on each of its rows.
/// Files of the same time are both read: which one is the correction is not known.
pub fn superseded<T>(files: Vec<T>, file: impl Fn(&T) -> &SourceFile) -> (Vec<T>, Vec<Diagnostic>) {
    let signatures: Vec<Option<Signature>> = files.iter().map(|f| signature(file(f))).collect();
    let modified: Vec<Option<std::time::SystemTime>> =
        files.iter().map(|f| std::fs::metadata(&file(f).path).and_then(|m| m.modified()).ok()).collect();
    let mut older: Vec<Option<usize>> = vec![None; files.len()];
    for (i, a) in signatures.iter().enumerate() {
        for (j, b) in signatures.iter().enumerate() {
            let newer = matches!((modified[i], modified[j]), (Some(x), Some(y)) if x < y);
            if i != j && a.is_some() && a == b && newer {
                // Set aside for the newest of its copies.
                let best = older[i].map_or(j, |k| if modified[k] < modified[j] { j } else { k });
                older[i] = Some(best);
            }
        }
    }
    let mut warnings = Vec::new();
    let mut kept = Vec::new();
    for (i, f) in files.iter().enumerate() {
        match older[i] {
            Some(newer) => warnings.push(Diagnostic::file(
                Severity::Warning,
                Code::DuplicateFile,
                &shown_path(&file(f).path),
                format!(
                    "同じ部署（{}）の同じ項目を報告した {newer} の方が新しいため、このファイルは読み込みませんでした（{newer} が直した版なら、このファイルは削除してください）",
                    signatures[i].as_ref().map_or("", |s| s.0.as_str()),
                    newer = shown_path(&file(&files[newer]).path),
                ),
            )),
            None => kept.push(i),
        }
    }
    let mut files: Vec<Option<T>> = files.into_iter().map(Some).collect();
    (kept.into_iter().filter_map(|i| files[i].take()).collect(), warnings)
}

/// A progress file's department (a Windows copy's 「 (1)」 left out) and the items it reports
/// (No and 項目); None for a file with no progress or reports of several departments.
type Signature = (String, std::collections::BTreeSet<String>);

fn signature(file: &SourceFile) -> Option<Signature> {
    use crate::import::RowKind;
    let tables: Vec<_> = file.tables().filter(|t| t.is_progress()).collect();
    let department = without_copy_number(&tables.first()?.context.department).to_string();
    if department.is_empty()
        || tables.iter().any(|t| without_copy_number(&t.context.department) != department)
    {
        return None;
    }
    let items: std::collections::BTreeSet<String> = tables
        .iter()
        .flat_map(|t| &t.rows)
        .filter_map(|r| match &r.kind {
            RowKind::Item(fields) => {
                let part = |f: Field| fields.get(&f).map_or(String::new(), |c| crate::text::key(&c.text));
                Some(format!("{}|{}", part(Field::No), part(Field::Name)))
            }
            _ => None,
        })
        .collect();
    (!items.is_empty()).then_some((department, items))
}

/// 「関係各部 (1)」 → 「関係各部」: the name Windows gives a second copy.
fn without_copy_number(name: &str) -> &str {
    let trimmed = name.trim_end();
    match trimmed.strip_suffix(')').and_then(|t| t.rsplit_once(" (")) {
        Some((base, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => base,
        _ => trimmed,
    }
}

fn name_len(path: &std::path::Path) -> usize {
    path.file_name().map_or(0, |n| n.to_string_lossy().chars().count())
}

fn same_bytes(a: &std::path::Path, b: &std::path::Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

fn copy_warning(original: &std::path::Path, copy: &std::path::Path) -> Diagnostic {
    Diagnostic::file(
        Severity::Warning,
        Code::DuplicateFile,
        &shown_path(copy),
        format!(
            "{} と中身が同じファイルのため読み込みませんでした（同じ報告を二重に数えないためです。不要な写しは削除してください）",
            shown_path(original)
        ),
    )
}

/// One warning listing the files of the input folders that are not spreadsheets, by name, so a
/// department's reply sent as a .docx is seen rather than silently missing.
pub fn skipped_files(skipped: &[PathBuf]) -> Option<Diagnostic> {
    // The city's settings (kyodo.toml and the kinds' files `kyodo config -o` writes) are read
    // as settings, never meant as a spreadsheet.
    let settings = |p: &&PathBuf| {
        p.file_name().is_some_and(|n| crate::config::TEMPLATES.iter().any(|(name, _)| n == *name))
    };
    let skipped: Vec<&PathBuf> = skipped.iter().filter(|p| !settings(p)).collect();
    let first = skipped.first()?;
    let folder = first.parent().map(shown_path).unwrap_or_default();
    let names: Vec<String> = skipped
        .iter()
        .map(|p| p.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()))
        .collect();
    let message = format!(
        "スプレッドシートではないため読まなかったファイル: {}（報告なら Excel の形式で保存し直してください）",
        names.join("、")
    );
    Some(Diagnostic::file(Severity::Warning, Code::SkippedFiles, &folder, message))
}

/// The folder beside the inputs that a drop's folders go into: the folder holding a dropped
/// folder, or the folder of the first dropped file.
pub fn output_beside(paths: &[PathBuf]) -> PathBuf {
    let first = paths.first().map(PathBuf::as_path).unwrap_or(std::path::Path::new("."));
    let absolute = std::path::absolute(first).unwrap_or_else(|_| first.to_path_buf());
    absolute.parent().unwrap_or(std::path::Path::new(".")).to_path_buf()
}

/// What a drop writes, each into a folder of its own per year ([`drop_folder`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropFolder {
    /// The reports: 「令和6年度_報告書」.
    Reports,
    /// With errors, the returns to departments and the reminder list: 「令和6年度_差し戻し」.
    Returns,
    /// The departments' forms `kyodo serve` writes: 「令和6年度_様式」, beside the others so a
    /// drop of the folder holding them never reads a blank form as a report.
    Forms,
}

impl DropFolder {
    const ALL: [DropFolder; 3] = [DropFolder::Reports, DropFolder::Returns, DropFolder::Forms];

    /// The folder's name without the year.
    fn word(self) -> &'static str {
        match self {
            DropFolder::Reports => "報告書",
            DropFolder::Returns => "差し戻し",
            DropFolder::Forms => "様式",
        }
    }
}

/// A drop's folder for `year`: 「令和6年度_報告書」, so a drop of another year never touches
/// this one; 「報告書」 alone when the sheets state no year.
///
/// ```
/// use kyodo::intake::{drop_folder, DropFolder};
/// assert_eq!(drop_folder(Some(2024), DropFolder::Reports), "令和6年度_報告書");
/// assert_eq!(drop_folder(Some(2023), DropFolder::Returns), "令和5年度_差し戻し");
/// assert_eq!(drop_folder(Some(2024), DropFolder::Forms), "令和6年度_様式");
/// assert_eq!(drop_folder(None, DropFolder::Reports), "報告書");
/// ```
pub fn drop_folder(year: Option<i32>, folder: DropFolder) -> String {
    match year {
        Some(year) => format!("{}_{}", crate::text::wareki::fiscal_year_label(year), folder.word()),
        None => folder.word().to_string(),
    }
}

/// Whether a folder's name is one a drop writes ([`drop_folder`], any year). A folder named
/// 「様式」 alone is the office's own as often as kyodo's: only 「…年度_様式」 is kyodo's.
///
/// ```
/// use kyodo::intake::is_drop_folder;
/// assert!(is_drop_folder("令和6年度_報告書") && is_drop_folder("差し戻し"));
/// assert!(is_drop_folder("令和6年度_様式") && !is_drop_folder("様式"));
/// assert!(!is_drop_folder("令和6年度"));
/// ```
pub fn is_drop_folder(name: &str) -> bool {
    DropFolder::ALL.iter().any(|f| {
        (name == f.word() && *f != DropFolder::Forms) || name.ends_with(&format!("年度_{}", f.word()))
    })
}

/// Whether a file is kyodo's own output: in a folder a drop writes (an earlier drop of files
/// made one inside the folder dropped now).
fn is_output(file: &std::path::Path) -> bool {
    file.parent().and_then(|p| p.file_name()).and_then(|n| n.to_str()).is_some_and(is_drop_folder)
}

/// The files of a drop: the spreadsheets and the files that are none (a reply sent as .docx,
/// for the [`skipped_files`] warning), leaving out kyodo's own output folders.
pub fn list_dropped(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>), crate::import::ImportError> {
    let (files, skipped) = crate::import::expand_noting(paths)?;
    let files = files.into_iter().filter(|f| !is_output(f)).collect();
    let skipped = skipped.into_iter().filter(|f| !is_output(f)).collect();
    Ok((files, skipped))
}

/// What a drop holds: the plan and the other spreadsheets, each as read once.
pub struct Dropped<T> {
    /// The first file that [`looks_like_plan`], unless it is the only one.
    pub plan: Option<T>,
    /// The other spreadsheets (every one, the plan too, when there is no separate plan).
    pub inputs: Vec<T>,
    /// The plan was found with no other spreadsheet: it is read as the plan it is, alone.
    pub alone: bool,
}

/// Splits the files of a drop, already read (`file` tells what each read), into the plan (the
/// first file that [`looks_like_plan`]) and the other spreadsheets. Without a plan-only file,
/// every input is read as the plan (forms filled in carry the plan's columns).
pub fn find_plan<T>(mut files: Vec<T>, file: impl Fn(&T) -> &SourceFile) -> Dropped<T> {
    let at = files.iter().position(|f| looks_like_plan(file(f)));
    if files.len() < 2 {
        // The plan alone: its own report.
        return Dropped { alone: at.is_some(), plan: None, inputs: files };
    }
    let plan = at.map(|at| files.remove(at));
    Dropped { plan, inputs: files, alone: false }
}

/// Progress files of several fiscal years read together (this year's and the years before, as
/// a folder holding 令和4年度 and 令和5年度 beside this year's sheets): the files of the latest
/// year a file states, and those stating none, are this year's; the others are returned by
/// year, oldest first. With one year or none, every file is this year's.
pub fn split_years<T>(files: Vec<T>, file: impl Fn(&T) -> &SourceFile) -> (Vec<T>, Vec<(i32, Vec<T>)>) {
    let years: Vec<Option<i32>> = files.iter().map(|f| progress_year(file(f))).collect();
    let Some(latest) = years.iter().flatten().max().copied() else {
        return (files, Vec::new());
    };
    let mut now = Vec::new();
    let mut earlier: std::collections::BTreeMap<i32, Vec<T>> = Default::default();
    for (f, year) in files.into_iter().zip(years) {
        match year {
            Some(y) if y < latest => earlier.entry(y).or_default().push(f),
            _ => now.push(f),
        }
    }
    (now, earlier.into_iter().collect())
}

/// The progress year a read file states (its first progress table's).
fn progress_year(file: &SourceFile) -> Option<i32> {
    file.tables().filter(|t| t.is_progress()).find_map(|t| t.context.fiscal_year)
}

/// Progress files in a folder of an earlier year (「令和5年度」 kept inside this year's folder of
/// returns) set aside with an `earlier-year` warning per folder and year, so last year's rows
/// are not read as this year's duplicates. A folder that also holds a sheet of the latest year
/// is left as it is: files of two years side by side are a department's mistake, which the
/// `year-conflict` error names. Returns this year's files, the warnings and the files set
/// aside; `file` tells what each of `files` read.
pub fn earlier_folders<T>(
    files: Vec<T>,
    file: impl Fn(&T) -> &SourceFile,
) -> (Vec<T>, Vec<Diagnostic>, Vec<T>) {
    use crate::text::wareki::fiscal_year_label as label;
    let years: Vec<Option<i32>> = files.iter().map(|f| progress_year(file(f))).collect();
    let Some(latest) = years.iter().flatten().max().copied() else { return (files, Vec::new(), Vec::new()) };
    let folder = |f: &SourceFile| std::path::Path::new(&f.path).parent().map(shown_path).unwrap_or_default();
    let current: std::collections::BTreeSet<String> =
        files.iter().zip(&years).filter(|(_, y)| **y == Some(latest)).map(|(f, _)| folder(file(f))).collect();
    let mut kept = Vec::new();
    let mut earlier: std::collections::BTreeMap<(String, i32), Vec<T>> = Default::default();
    for (f, year) in files.into_iter().zip(years) {
        match year {
            Some(y) if y < latest && !current.contains(&folder(file(&f))) => {
                earlier.entry((folder(file(&f)), y)).or_default().push(f)
            }
            _ => kept.push(f),
        }
    }
    let warnings = earlier
        .iter()
        .map(|((dir, year), files)| {
            let message = format!(
                "{}の進捗報告（{} ファイル）のため、今年度（{}）の報告としては読みませんでした（前年度と比べるには、report の --previous にこのフォルダを指定してください）",
                label(*year),
                files.len(),
                label(latest)
            );
            Diagnostic::file(Severity::Warning, Code::EarlierYear, dir, message)
        })
        .collect();
    (kept, warnings, earlier.into_values().flatten().collect())
}
