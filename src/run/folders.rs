//! Where a drop writes, and under which names: a folder per year and purpose beside the inputs
//! ([`crate::intake::drop_folder`]: 「令和6年度_報告書」, 「令和6年度_差し戻し」), the reports named
//! in the office's words. `kyodo report -o DIR` keeps the English names scripts rely on
//! (`official.pdf`, …); a drop is for whoever double-clicks, who cannot tell those apart.

use crate::kind::Kind;
use crate::report::Format;

/// The file name of each report a drop writes, by kind and format. Pages (PDF, web page, text)
/// carry the document's name (進捗状況報告書, 広報原稿, 委員会資料); tables (workbook, CSV) the
/// list's (進捗状況一覧, and 指標一覧 for the indicators' open data).
const DROP_NAMES: [(Kind, Format, &str); 10] = [
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

/// The file a report is written to: in a drop, its name in [`DROP_NAMES`]; on the command line
/// `official.pdf`, `koho.txt`, `official.indicators.csv`, ….
pub fn file_name(kind: Kind, format: Format, dropped: bool) -> String {
    let japanese = DROP_NAMES.iter().find(|(k, f, _)| (*k, *f) == (kind, format)).map(|(_, _, n)| *n);
    match japanese.filter(|_| dropped) {
        Some(name) => name.to_string(),
        None => format!("{}.{}", kind.file_stem(), format.extension()),
    }
}

/// The reports of an earlier drop into the same folder that this one does not make (the 広報
/// summary left out this time): removed with the new set, so the folder never mixes two runs.
pub(super) fn stale(dir: &std::path::Path, made: &[(String, Vec<u8>)]) -> Vec<&'static str> {
    DROP_NAMES
        .iter()
        .map(|(_, _, name)| *name)
        .filter(|name| !made.iter().any(|(n, _)| n == name) && dir.join(name).exists())
        .collect()
}

/// Whether the folder holds reports of an earlier drop, which this one replaces.
pub(super) fn replaces(dir: &std::path::Path) -> bool {
    DROP_NAMES.iter().any(|(_, _, name)| dir.join(name).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_a_drop_writes_has_a_japanese_name_of_its_own() {
        let jobs = super::super::jobs(None, None).unwrap();
        let names: Vec<String> = jobs.iter().map(|(k, f)| file_name(*k, *f, true)).collect();
        assert_eq!(names.len(), DROP_NAMES.len(), "{names:?}");
        for name in &names {
            assert!(!name.is_ascii(), "{name}");
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name}");
        }
        assert_eq!(file_name(Kind::Official, Format::Xlsx, true), "進捗状況一覧.xlsx");
        assert_eq!(file_name(Kind::Official, Format::IndicatorCsv, false), "official.indicators.csv");
    }
}
