//! Reports: what each audience gets from the plan. A [`Report`] holds the checked plan and the
//! choices of the run; a kind's module decides what it shows once, as a format-neutral
//! document ([`doc::Doc`]: sections, headings, tables whose columns carry their role and whose
//! cells their source, figures with their words), and gives [`Content`] for each [`Format`]
//! it comes in: that document for the web page, its open-data tables for the CSV, pages
//! ([`Document`]) for the PDF (the official report and the handout: that same document set
//! by [`pages`] in the kind's look), a sheet model ([`sheet`]) for the workbook ([`workbook`]),
//! text for the 広報 summary. [`crate::render`] writes that content and decides nothing
//! about it.
//!
//! The item table has one rule for its cells ([`items`]: which columns a kind shows, what each
//! cell says, one row per reporting department), read by the PDF and the web page alike; the
//! workbook's 一覧 and the CSV share theirs ([`workbook::open_data`]).

pub mod committee;
pub mod doc;
pub mod furniture;
pub mod history;
pub mod items;
pub mod koho;
pub mod official;
pub mod pages;
pub mod rates;
pub mod sheet;
pub mod summary;
pub mod value;
pub mod workbook;

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::layout::frame::Document;
use crate::model::Plan;
use crate::text::wareki::Date;

pub use crate::config::Kind;

/// The file formats reports come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Pages, in PDF.
    Pdf,
    /// Plain text (the 広報 summary).
    Txt,
    /// An Excel workbook (the official report's tables).
    Xlsx,
    /// A web page, self-contained (the city's website).
    Html,
    /// Open data: the official report's items, one row per item and reporting department.
    Csv,
    /// Open data: the official report's indicators, one row each (beside [`Format::Csv`]).
    IndicatorCsv,
}

/// What the command line and `kyodo serve` know of a format.
struct FormatFacts {
    /// File extension, without the dot.
    extension: &'static str,
    /// Its value of `--format`: one may stand for several formats (`csv`: the items' and the
    /// indicators' open data).
    option: &'static str,
    /// What that value is in `kyodo report --help`, told with the first format of the value.
    help: Option<&'static str>,
    /// What `kyodo serve` calls the file.
    label: &'static str,
}

impl Format {
    /// Every format, in the order `--format all` writes them.
    pub const ALL: [Format; 6] =
        [Format::Pdf, Format::Txt, Format::Xlsx, Format::Html, Format::Csv, Format::IndicatorCsv];

    /// The format `kyodo report` writes when none is asked for.
    pub const DEFAULT: Format = Format::Pdf;

    /// The format's entry in the table.
    fn facts(self) -> &'static FormatFacts {
        match self {
            Format::Pdf => &FormatFacts {
                extension: "pdf",
                option: "pdf",
                help: Some("PDF（印刷・公表用）"),
                label: "PDF（印刷・公表用）",
            },
            Format::Txt => &FormatFacts {
                extension: "txt",
                option: "txt",
                help: Some("広報の要約のテキスト"),
                label: "テキスト",
            },
            Format::Xlsx => &FormatFacts {
                extension: "xlsx",
                option: "xlsx",
                help: Some("Excel ブック（集計・一覧・要確認・部署別）"),
                label: "Excel ブック",
            },
            Format::Html => &FormatFacts {
                extension: "html",
                option: "html",
                help: Some("ウェブページ（HTML、ホームページ掲載用）"),
                label: "ウェブページ（HTML）",
            },
            Format::Csv => &FormatFacts {
                extension: "csv",
                option: "csv",
                help: Some("オープンデータ（CSV：項目別と指標の2ファイル）"),
                label: "オープンデータ（CSV）",
            },
            Format::IndicatorCsv => &FormatFacts {
                extension: "indicators.csv",
                option: "csv",
                help: None,
                label: "指標のオープンデータ（CSV）",
            },
        }
    }

    /// File extension, without the dot (the indicators' CSV: 「official.indicators.csv」).
    pub fn extension(self) -> &'static str {
        self.facts().extension
    }

    /// Its value of `--format` (`pdf`, …; the indicators' CSV comes with `csv`).
    pub fn option(self) -> &'static str {
        self.facts().option
    }

    /// What its value of `--format` is, in `kyodo report --help`; None for a format that
    /// comes with another's value.
    pub fn help(self) -> Option<&'static str> {
        self.facts().help
    }

    /// What the file is, in `kyodo serve`'s list of downloads (「Excel ブック」).
    pub fn label(self) -> &'static str {
        self.facts().label
    }

    /// The formats one value of `--format` stands for (`csv`: two); empty for no format's.
    pub fn for_option(option: &str) -> Vec<Format> {
        Format::ALL.into_iter().filter(|f| f.option() == option).collect()
    }
}

/// Every file a report comes as: (kind, format, its name in a drop). Pages (PDF, web page,
/// text) carry the document's name (進捗状況報告書, 広報原稿, 委員会資料); tables (workbook,
/// CSV) the list's (進捗状況一覧, and 指標一覧 for the indicators' open data). Every kind
/// comes as PDF and as a web page, the 広報 summary as text, the official report as a
/// workbook and as open data.
pub const FILES: [(Kind, Format, &str); 10] = [
    (Kind::Official, Format::Pdf, "進捗状況報告書.pdf"),
    (Kind::Official, Format::Html, "進捗状況報告書.html"),
    (Kind::Official, Format::Xlsx, "進捗状況一覧.xlsx"),
    (Kind::Official, Format::Csv, "進捗状況一覧.csv"),
    (Kind::Official, Format::IndicatorCsv, "指標一覧.csv"),
    (Kind::Koho, Format::Pdf, "広報原稿.pdf"),
    (Kind::Koho, Format::Txt, "広報原稿.txt"),
    (Kind::Koho, Format::Html, "広報原稿.html"),
    (Kind::Committee, Format::Pdf, "委員会資料.pdf"),
    (Kind::Committee, Format::Html, "委員会資料.html"),
];

/// The name of `kind`'s file in `format` when a folder is dropped onto kyodo.exe
/// ([`FILES`]), None when it does not come in that format.
pub fn drop_name(kind: Kind, format: Format) -> Option<&'static str> {
    FILES.iter().find(|(k, f, _)| (*k, *f) == (kind, format)).map(|(_, _, name)| *name)
}

/// Whether `kind` comes in `format` ([`FILES`]).
pub fn available(kind: Kind, format: Format) -> bool {
    drop_name(kind, format).is_some()
}

/// What a report gives the renderer of one format.
#[derive(Debug, Clone)]
pub enum Content<'a> {
    /// Laid-out pages, for the PDF, and the standards it must meet (`[pdf] standard`).
    Pages(Document, crate::config::pdf::Standard),
    /// A workbook, for XLSX.
    Sheets(sheet::Workbook<'a>),
    /// Plain text.
    Text(String),
    /// The document, for the web page.
    Doc(doc::Doc),
    /// One table, for a CSV file.
    Table(doc::Table),
}

/// Everything a report is made from.
pub struct Report<'a> {
    /// Which report.
    pub kind: Kind,
    /// The checked plan.
    pub plan: &'a Plan,
    /// The settings.
    pub config: &'a Config,
    /// The findings of the check, listed where the report lists them.
    pub diagnostics: &'a [Diagnostic],
    /// Date of issue: from the settings, `SOURCE_DATE_EPOCH`, the reporting year's end or the
    /// run's day ([`issue_date`]).
    pub issued: Date,
    /// Progress was expected for every item (`--plan`): an item without any is 未提出.
    pub progress_expected: bool,
    /// Earlier years' plans with their progress (`--previous`, one a year), oldest first: the
    /// comparison with last year and the trend over the years ([`history`]).
    pub earlier: &'a [Plan],
}

impl Report<'_> {
    /// Lays the report out as pages.
    pub fn layout(&self) -> Document {
        match self.kind {
            Kind::Official => official::layout(self),
            Kind::Koho => koho::layout(self),
            Kind::Committee => committee::layout(self),
        }
    }

    /// What the report says, whatever the format: decided once, by its kind.
    pub fn document(&self) -> doc::Doc {
        match self.kind {
            Kind::Official => official::document(self),
            Kind::Koho => koho::document(self),
            Kind::Committee => committee::document(self),
        }
    }

    /// What the report shows in `format`, if it comes in that format ([`available`]).
    pub fn content(&self, format: Format) -> Option<Content<'_>> {
        if !available(self.kind, format) {
            return None;
        }
        // What readers read (pages, the web page, the 広報 text) is set in one notation; the
        // workbook and the open data are data, kept as the departments wrote them.
        let typeset = matches!(format, Format::Pdf | Format::Html | Format::Txt);
        if typeset && self.config.normalise {
            let plan = self.plan.normalised();
            let earlier: Vec<Plan> = self.earlier.iter().map(Plan::normalised).collect();
            let report = Report { plan: &plan, earlier: &earlier, ..*self };
            return Some(match format {
                Format::Pdf => Content::Pages(report.layout(), self.config.pdf.standard),
                Format::Txt => Content::Text(koho::text(&report)),
                _ => Content::Doc(report.document()),
            });
        }
        Some(match format {
            Format::Pdf => Content::Pages(self.layout(), self.config.pdf.standard),
            Format::Txt => Content::Text(koho::text(self)),
            Format::Xlsx => Content::Sheets(workbook::official(self)),
            Format::Html => Content::Doc(self.document()),
            Format::Csv => Content::Table(workbook::open_data(self)),
            Format::IndicatorCsv => Content::Table(workbook::indicators::open_data(self)),
        })
    }

    /// The departments an item's 関係部署 lists that sent no report on it, each shown on a
    /// 未提出 row: the one rule of the pages and the workbook. Only where progress was expected
    /// of every item (a plan given): without one, a sheet that is not among the inputs was
    /// never asked for, as the check says nothing of it either.
    pub fn silent_departments(&self, item: &crate::model::Item) -> Vec<String> {
        if self.progress_expected {
            item.unreported_departments()
        } else {
            Vec::new()
        }
    }

    /// Whether no department has reported any progress yet: a plan alone, which the handout
    /// and the workbook show as a plan, not as a report of 27 items 未提出.
    pub fn plan_alone(&self) -> bool {
        !self.plan.items().any(|i| !i.progress.is_empty())
    }

    /// The report as a plan alone is shown ([`Report::plan_alone`]): no progress expected, so
    /// no 未提出 row and no progress column.
    pub fn as_plan(&self) -> Report<'_> {
        Report { progress_expected: false, ..*self }
    }

    /// 「進捗の報告はまだありません。」: what the handout and the workbook say of a plan alone.
    pub const NO_PROGRESS_YET: &'static str = "進捗の報告はまだありません。";

    /// Whether the report shows progress columns.
    pub fn shows_progress(&self) -> bool {
        self.plan.has_progress || self.progress_expected
    }

    /// The title from this kind's pattern: 「市民協働(共働)推進アクションプラン 進捗状況報告書」.
    pub fn title(&self) -> String {
        let settings = self.config.kind(self.kind);
        settings.title_for(self.year_label().as_deref(), &self.plan.title, &self.config.city)
    }

    /// The title on the cover: this kind's pattern, or the plan's own title for a plan
    /// without progress (it is published under that; 「計画の内容」 where its sheets and the
    /// settings name none: a document always has a title).
    pub fn cover_title(&self) -> String {
        if self.shows_progress() {
            self.title()
        } else if self.plan.title.is_empty() {
            UNTITLED_PLAN.to_string()
        } else {
            self.plan.title.clone()
        }
    }

    /// What the official report and its workbook are about (document properties): the plan's
    /// progress, named by the plan's own title, never a built-in one.
    pub fn subject(&self) -> String {
        match self.plan.title.as_str() {
            "" => "計画の進捗状況".to_string(),
            title => format!("{title}の進捗状況"),
        }
    }

    /// The cover title with the fiscal year in front (unless the pattern already puts it
    /// there): running headers and document properties.
    pub fn full_title(&self) -> String {
        let title = self.cover_title();
        match self.year_label() {
            Some(y) if !title.contains(y.as_str()) => format!("{y} {title}"),
            _ => title,
        }
    }

    /// 「令和6年度（2024年度）」, or nothing when no input names the year.
    pub fn year_label(&self) -> Option<String> {
        self.plan.report_year().map(crate::text::wareki::fiscal_year_label_with_western)
    }
}

/// The title of a plan printed without progress whose sheets and settings give it no name.
const UNTITLED_PLAN: &str = "計画の内容";

/// The texts that are not empty, spaced by a full-width blank: 「令和7年6月30日　対馬市」, or
/// the date alone where no city is known.
pub(crate) fn spaced(texts: &[&str]) -> String {
    texts.iter().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>().join("　")
}

/// The date of issue: `date` from the settings if given, else `SOURCE_DATE_EPOCH` (for
/// reproducible builds), else the last day of the reporting year `year`, else the day of the
/// run (in Japan). Never a file's modification time: copying the files changes it.
pub fn issue_date(configured: Option<&str>, year: Option<i32>) -> Result<Date, LayoutError> {
    if let Some(text) = configured {
        return Date::parse(text).ok_or_else(|| LayoutError::Date(text.to_string()));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch.trim().parse().map_err(|_| LayoutError::Epoch(epoch.clone()))?;
        return Ok(Date::from_unix_days(secs.div_euclid(86_400)));
    }
    if let Some(year) = year {
        return Ok(Date::fiscal_year_end(year));
    }
    let now =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    // Japan Standard Time: a run at 08:00 JST is dated that day, not the day before.
    Ok(Date::from_unix_days((now + 9 * 3600).div_euclid(86_400)))
}

/// Why a report could not be made before any page is laid out: its date of issue.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LayoutError {
    /// `[report] date` is no YYYY-MM-DD.
    #[error("発行日「{0}」は YYYY-MM-DD の形ではありません")]
    Date(String),
    /// `SOURCE_DATE_EPOCH` is no number of seconds.
    #[error("SOURCE_DATE_EPOCH「{0}」は秒数ではありません")]
    Epoch(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_of_format_stands_for_its_files() {
        assert_eq!(drop_name(Kind::Official, Format::Xlsx), Some("進捗状況一覧.xlsx"));
        assert_eq!(drop_name(Kind::Committee, Format::Xlsx), None);
        assert_eq!(Format::for_option("csv"), [Format::Csv, Format::IndicatorCsv]);
        assert_eq!(Format::for_option("pdf"), [Format::Pdf]);
        assert!(Format::ALL.iter().all(|f| Format::for_option(f.option())[0].help().is_some()));
        assert_eq!(Format::IndicatorCsv.extension(), "indicators.csv");
    }

    #[test]
    fn days_to_dates() {
        let day = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(Date::from_unix_days(0), day(1970, 1, 1));
        assert_eq!(Date::from_unix_days(19_723), day(2024, 1, 1));
        assert_eq!(Date::from_unix_days(20_269), day(2025, 6, 30));
    }

    #[test]
    fn the_issue_date_is_the_settings_else_the_years_end_never_a_files_time() {
        // SOURCE_DATE_EPOCH, when the environment sets it, wins over the year's end.
        let epoch = std::env::var("SOURCE_DATE_EPOCH").is_ok();
        assert_eq!(issue_date(Some("2025-06-30"), Some(2023)), Ok(Date::new(2025, 6, 30).unwrap()));
        assert_eq!(issue_date(Some("2025-6"), None), Err(LayoutError::Date("2025-6".into())));
        if !epoch {
            assert_eq!(issue_date(None, Some(2024)), Ok(Date::new(2025, 3, 31).unwrap()));
        }
    }
}
