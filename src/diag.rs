//! Diagnostics: what the check found, and how it is printed (Japanese text lines or JSON).

use crate::import::FileId;
use crate::text::CellRef;
use serde::Serialize;

/// How serious a finding is: errors make `check` exit 1 and stop `report` without `--force`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong: the report would be incomplete or untrue.
    Error,
    /// Worth a look; the report can be made.
    Warning,
}

/// The kind of finding; the JSON `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// A file or sheet could not be read.
    UnreadableFile,
    /// No header row was found.
    NoTable,
    /// A hidden sheet, not read.
    HiddenSheet,
    /// A column the report needs is missing.
    MissingColumn,
    /// A value outside the table (beside or below it).
    OutsideTable,
    /// A text longer than a cell holds.
    TextTooLong,
    /// A required value is blank.
    MissingField,
    /// A value that is not one of the allowed ones.
    InvalidValue,
    /// The same item twice in the plan.
    DuplicateItem,
    /// A department reported the same item twice.
    DuplicateReport,
    /// A file with the same bytes as another input, or an older version of a corrected one:
    /// not read.
    DuplicateFile,
    /// A plan among the progress inputs: not read as progress.
    PlanInProgress,
    /// An item nobody reported on.
    NotReported,
    /// A report on an item the plan does not have.
    UnknownItem,
    /// A report found by its No under another 項目 name.
    ItemRenamed,
    /// Files in an input folder that are not spreadsheets: not read.
    SkippedFiles,
    /// A character the font cannot draw.
    MissingGlyph,
    /// The plan's year and the progress year differ (fine for a multi-year plan: a warning).
    YearMismatch,
    /// Progress files state different years.
    YearConflict,
    /// A folder of an earlier year's progress among this year's inputs: not read as progress.
    EarlierYear,
    /// The department's grade is not the one its indicators' 達成率 proposes.
    GradeIndicatorMismatch,
    /// A report's indicator values that name no indicator of an item of several.
    IndicatorUnclear,
}

/// One finding, naming file, sheet and cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The kind of finding.
    pub code: Code,
    /// The file, as shown.
    pub file: String,
    /// Which input file the finding is in (None for findings about paths or folders made
    /// before reading): what the returns and `serve` match a finding to its file by, as two
    /// inputs may be shown alike. Not in the JSON, which names the file by `file`.
    #[serde(skip)]
    pub input: Option<FileId>,
    /// The sheet, if the finding is in one.
    pub sheet: Option<String>,
    /// The offending cell; its A1 reference in the JSON.
    pub cell: Option<CellRef>,
    /// The item concerned (its 項目).
    pub item: Option<String>,
    /// Japanese only: what is wrong and what to do.
    pub message: String,
    /// The original text of the library error the finding came from (English, for whoever
    /// fixes the file or kyodo): in `--format json` only, never in the text lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Diagnostic {
    /// A finding about a whole file.
    pub fn file(severity: Severity, code: Code, file: &str, message: String) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: file.to_string(),
            input: None,
            sheet: None,
            cell: None,
            item: None,
            message,
            detail: None,
        }
    }

    /// The same finding, keeping the library's own words behind it.
    pub fn with_detail(mut self, detail: Option<String>) -> Diagnostic {
        self.detail = detail;
        self
    }

    /// The same finding, known to be in the input `file` ([`Diagnostic::input`]).
    pub fn in_input(mut self, file: &FileId) -> Diagnostic {
        self.input = Some(file.clone());
        self
    }

    /// Whether the finding is in the input `file`.
    pub fn is_in(&self, file: &FileId) -> bool {
        self.input.as_ref() == Some(file)
    }

    /// The same finding about one sheet of the file.
    pub fn in_sheet(mut self, sheet: &str) -> Diagnostic {
        self.sheet = Some(sheet.to_string());
        self
    }

    /// One line for the terminal:
    /// `関係各部.xlsx:進捗状況!E6: 評価「済」は A・B・C・D のいずれでもありません（項目：…）`.
    ///
    /// ```
    /// use kyodo::diag::{Code, Diagnostic, Severity};
    /// let mut d = Diagnostic::file(Severity::Error, Code::InvalidValue, "関係各部.xlsx",
    ///     "評価「済」は A・B・C・D のいずれでもありません".into()).in_sheet("進捗状況");
    /// d.cell = Some(kyodo::text::CellRef { row: 5, col: 4 });
    /// d.item = Some("地域コミュニティの組織強化".into());
    /// assert_eq!(d.line(), "関係各部.xlsx:進捗状況!E6: 評価「済」は A・B・C・D のいずれでもありません（項目：地域コミュニティの組織強化）");
    /// ```
    pub fn line(&self) -> String {
        let mut place = self.file.clone();
        if let Some(sheet) = &self.sheet {
            place.push(':');
            place.push_str(sheet);
            if let Some(cell) = &self.cell {
                place.push('!');
                place.push_str(&cell.to_string());
            }
        }
        let warn = if self.severity == Severity::Warning { "警告：" } else { "" };
        let item = self.item.as_ref().map(|i| format!("（項目：{i}）")).unwrap_or_default();
        format!("{place}: {warn}{}{item}", self.message)
    }
}

/// Counts of a run, for the closing summary.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Summary {
    /// Input files read.
    pub files: usize,
    /// Files that could not be read at all.
    pub unreadable_files: usize,
    /// Sheets that could not be read in files that could.
    pub unreadable_sheets: usize,
    /// Rows read, by kind.
    pub rows: crate::model::RowCounts,
    /// Items of the plan.
    pub items: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

impl Summary {
    /// The closing lines of `kyodo check`.
    pub fn text(&self) -> String {
        let r = &self.rows;
        let sheets = match self.unreadable_sheets {
            0 => String::new(),
            n => format!("、読めなかったシート {n} 枚"),
        };
        format!(
            "ファイル {} 件（読めなかったもの {} 件{sheets}）、項目 {} 件\n\
             読み込んだ行 {} 行 = 項目 {} + 進捗報告 {} + 空行・注記・見出し {} + 指摘のため集計に入れなかった行 {}{}{}\n\
             エラー {} 件、警告 {} 件",
            self.files,
            self.unreadable_files,
            self.items,
            r.read,
            r.items,
            r.reports,
            r.other,
            r.diagnostic_only,
            if r.indicators > 0 { format!(" + 指標の行 {}", r.indicators) } else { String::new() },
            if r.opinions > 0 { format!(" + 意見の行 {}", r.opinions) } else { String::new() },
            self.errors,
            self.warnings
        )
    }
}

/// The JSON document of `kyodo check --format json`.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Items of the plan.
    pub items: usize,
    /// Every input file.
    pub files: Vec<JsonFile>,
    /// Every finding.
    pub diagnostics: &'a [Diagnostic],
    /// The counts.
    pub summary: Summary,
}

/// One input file in the JSON document.
#[derive(Debug, Serialize)]
pub struct JsonFile {
    /// The file, as shown.
    pub path: String,
    /// Rows of it that became an item or a report.
    pub items: usize,
    /// Why it could not be read.
    pub error: Option<String>,
}
