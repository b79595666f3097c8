//! What a run tells the office besides the files it writes: each notice typed, its words in
//! [`std::fmt::Display`]. The run collects them; the command line prints them (to stderr), in
//! the order they came.

use crate::config::Kind;
use crate::diag::Diagnostic;
use crate::text::shown_path;
use crate::text::wareki::fiscal_year_label as label;
use std::fmt;
use std::path::PathBuf;

/// One thing a run tells the office.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Notice {
    /// The settings file the run found and read (not said for files given with `--config`).
    Settings(PathBuf),
    /// What a drop recognised as the plan: the file, and whether it came alone (a plan-only
    /// report); None when every file is read as the plan.
    PlanFound {
        /// The plan's file.
        plan: Option<PathBuf>,
        /// It was the only spreadsheet.
        alone: bool,
    },
    /// A drop's sheets of an earlier year, compared as `--previous` would.
    EarlierInDrop {
        /// Their fiscal year.
        year: i32,
        /// How many files.
        files: usize,
    },
    /// `--year` differs from the year the sheets state.
    YearChosen {
        /// The sheets' year.
        stated: i32,
        /// The year asked for.
        chosen: i32,
    },
    /// The check's findings, one a line, then its summary.
    Findings(String),
    /// Errors stopped the reports.
    NotWritten {
        /// Advice for a drop names no command-line option.
        dropped: bool,
    },
    /// Where a row matching no plan item was put (`--force`).
    Placed(Diagnostic),
    /// Two neighbouring steps of the city's own scale colours that a grey print of the 広報
    /// page cannot tell apart by lightness (their patterns still differ).
    GradesCloseInGrey {
        /// The lighter step's label, as expected.
        first: String,
        /// The next step's label.
        second: String,
        /// Their CIE L*, the first's and the second's.
        lightness: (f32, f32),
        /// The charts that tell them apart by pattern (「広報の図」: [`Kind::grey_figures`]).
        figures: &'static str,
    },
    /// A kind that needs progress (the summary for residents) was left out: no item has any.
    ProgressNeeded {
        /// The kind left out.
        kind: Kind,
        /// Advice for a drop names no command-line option.
        dropped: bool,
    },
    /// An earlier year's sheets have problems that change the grades read (the first
    /// [`super::earlier::PREVIOUS_SHOWN`] are named).
    EarlierProblems {
        /// The year's folder, as shown.
        dir: String,
        /// The problems.
        errors: Vec<Diagnostic>,
    },
    /// An earlier year's folder whose year cannot be compared with this year's.
    EarlierYearUnknown {
        /// The folder, as shown.
        dir: String,
    },
    /// `template --year` is not after the year of the `--previous` sheets.
    FormYearNotAfterPrevious {
        /// The forms' year.
        year: i32,
        /// The `--previous` sheets' year.
        last: i32,
    },
    /// The forms are for the year after the `--previous` sheets'.
    FormYearAfterPrevious {
        /// The forms' year.
        year: i32,
        /// The `--previous` sheets' year.
        last: i32,
    },
    /// The forms have no year in their title.
    FormsWithoutYear,
    /// A drop wrote its reports into this folder.
    DropDone {
        /// The folder.
        output: PathBuf,
    },
    /// A drop replaced the reports an earlier drop of the same year left in its folder.
    Replaced {
        /// The year's folder.
        output: PathBuf,
        /// Reports of the earlier drop that this one does not make, removed.
        removed: Vec<String>,
    },
    /// A drop with errors wrote the returns and the reminder list into this folder.
    ReturnsWritten {
        /// The year's folder of returns.
        dir: PathBuf,
        /// How many departments' files went back with the list of what to fix.
        returns: usize,
        /// Whether the reminder list was written (some items are not yet reported).
        reminders: bool,
        /// An earlier drop's returns there that are no longer needed, removed.
        removed: Vec<String>,
    },
}

impl Notice {
    /// The notice naming the settings file found, unless the files were given.
    pub(super) fn settings(used: &[PathBuf], given: &[PathBuf]) -> Option<Notice> {
        match (used, given) {
            ([found], []) => Some(Notice::Settings(found.clone())),
            _ => None,
        }
    }
}

/// The last part of a folder's path (「令和6年度_報告書」).
fn folder_name(path: &std::path::Path) -> String {
    path.file_name().map_or_else(|| shown_path(path), |n| n.to_string_lossy().into_owned())
}

/// What to do in a drop, and on the command line.
fn remedy(dropped: bool, drop: &'static str, command_line: &'static str) -> &'static str {
    if dropped {
        drop
    } else {
        command_line
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Settings(path) => write!(f, "設定: {}", shown_path(path)),
            Notice::PlanFound { plan: Some(p), alone: false } => write!(f, "計画: {}", shown_path(p)),
            Notice::PlanFound { plan: Some(p), alone: true } => {
                write!(f, "計画: {}（進捗報告のシートがないため、計画だけの報告書を作ります）", shown_path(p))
            }
            Notice::PlanFound { plan: None, .. } => {
                write!(f, "計画だけのファイルが見つからないため、すべてを計画として読みます")
            }
            Notice::EarlierInDrop { year, files } => {
                write!(f, "{}の進捗報告（{files} ファイル）は前年度以前の報告として比べます", label(*year))
            }
            Notice::YearChosen { stated, chosen } => write!(
                f,
                "警告：進捗報告は{}ですが、--year のとおり{}の報告書を作ります",
                label(*stated),
                label(*chosen)
            ),
            Notice::Findings(text) => f.write_str(text),
            Notice::NotWritten { dropped } => f.write_str(remedy(
                *dropped,
                "エラーがあるため報告書を作りませんでした。上のエラーを直してから、もう一度フォルダをドロップしてください",
                "エラーがあるため報告書を作りませんでした（--force を付けると、未提出・未記入を明示して作成します）",
            )),
            Notice::Placed(d) => f.write_str(&d.line()),
            Notice::GradesCloseInGrey { first, second, lightness: (l1, l2), figures } => write!(
                f,
                "警告：評価の色「{first}」と「{second}」は、白黒で刷ると明るさで見分けられません（明るさ L* {l1:.0} と {l2:.0}）。\
                 {figures}では模様で見分けられますが、設定の [grades] scale の color を良い評価から明るい順に L* で {:.0} 以上ずつ\
                 暗くなる色にするか、color を省いてください（kyodo がそのような色を付けます）",
                crate::color::STEP_LIGHTNESS
            ),
            Notice::ProgressNeeded { kind, dropped } => write!(
                f,
                "{}（{}）には進捗報告が必要です。どの項目にも進捗の報告がないため作りません{}",
                kind.called(),
                kind.name(),
                remedy(
                    *dropped,
                    "（各部署から届いた進捗報告のシートを計画と同じフォルダに入れて、もう一度ドロップしてください）",
                    "（--plan 計画 と各部署の進捗報告を指定してください）",
                )
            ),
            Notice::EarlierProblems { dir, errors } => {
                write!(f, "{dir}: 前年度のシートに {} 件の問題があります（読めた評価だけを使います）", errors.len())?;
                for d in errors.iter().take(super::earlier::PREVIOUS_SHOWN) {
                    write!(f, "\n  {}", d.line())?;
                }
                if let Some(more) = errors.len().checked_sub(super::earlier::PREVIOUS_SHOWN).filter(|n| *n > 0) {
                    write!(f, "\n  ほか {more} 件（すべては kyodo check {dir} で確かめられます）")?;
                }
                Ok(())
            }
            Notice::EarlierYearUnknown { dir } => write!(
                f,
                "警告：--previous {dir} と今年度の報告の年度を比べられません（表題やファイル名に年度がありません）。前年度の報告として比べます"
            ),
            Notice::FormYearNotAfterPrevious { year, last } => write!(
                f,
                "警告：--previous の進捗報告は{}のもので、{}の前年度ではありません（様式の「前年度の評価・実績」の欄に載ります）",
                label(*last),
                label(*year)
            ),
            Notice::FormYearAfterPrevious { year, last } => write!(
                f,
                "--previous の進捗報告が{}のため、{}の様式を作りました（ほかの年度は --year で指定できます）",
                label(*last),
                label(*year)
            ),
            Notice::FormsWithoutYear => f.write_str(
                "計画に年度の記載がないため、表題に年度を入れませんでした（--year 令和7 のように指定できます）",
            ),
            Notice::DropDone { output } => write!(f, "報告書を {} に作りました", shown_path(output)),
            Notice::Replaced { output, removed } => {
                write!(f, "{} の前回のファイルを置き換えました", folder_name(output))?;
                if !removed.is_empty() {
                    write!(f, "（今回は作らない {} は削除しました）", removed.join("、"))?;
                }
                Ok(())
            }
            Notice::ReturnsWritten { dir, returns, reminders, removed } => {
                let what = match (returns, reminders) {
                    (0, _) => "督促一覧（まだ報告のない部署と項目）".to_string(),
                    (n, false) => format!("差し戻し（要修正一覧を付けた各部署のファイル {n} 件）"),
                    (n, true) => format!("差し戻し（要修正一覧を付けた各部署のファイル {n} 件）と督促一覧"),
                };
                write!(f, "{what}を {} に作りました。メールに添付して送れます", shown_path(dir))?;
                if !removed.is_empty() {
                    write!(f, "（前回の差し戻しのうち、もう要らない {} は削除しました）", removed.join("、"))?;
                }
                Ok(())
            }
        }
    }
}
