//! Where a drop writes, and under which names: a folder per year and purpose beside the inputs
//! ([`crate::intake::drop_folder`]: 「令和6年度_報告書」, 「令和6年度_差し戻し」), the reports named
//! in the office's words. `kyodo report -o DIR` keeps the English names scripts rely on
//! (`official.pdf`, …); a drop is for whoever double-clicks, who cannot tell those apart.

use crate::report::{Format, Kind, FILES};

/// The file a report is written to: in a drop, its name in the office's words
/// ([`crate::report::FILES`]); on the command line `official.pdf`, `koho.txt`,
/// `official.indicators.csv`, ….
pub fn file_name(kind: Kind, format: Format, dropped: bool) -> String {
    match crate::report::drop_name(kind, format).filter(|_| dropped) {
        Some(name) => name.to_string(),
        None => format!("{}.{}", kind.name(), format.extension()),
    }
}

/// The reports of an earlier drop into the same folder that this one does not make (the 広報
/// summary left out this time): removed with the new set, so the folder never mixes two runs.
pub(super) fn stale(dir: &std::path::Path, made: &[(String, Vec<u8>)]) -> Vec<&'static str> {
    FILES
        .iter()
        .map(|(_, _, name)| *name)
        .filter(|name| !made.iter().any(|(n, _)| n == name) && dir.join(name).exists())
        .collect()
}

/// Whether the folder holds reports of an earlier drop, which this one replaces.
pub(super) fn replaces(dir: &std::path::Path) -> bool {
    FILES.iter().any(|(_, _, name)| dir.join(name).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_report_a_drop_writes_has_a_japanese_name_of_its_own() {
        let jobs = super::super::jobs(None, None).unwrap();
        let names: Vec<String> = jobs.iter().map(|(k, f)| file_name(*k, *f, true)).collect();
        assert_eq!(names.len(), FILES.len(), "{names:?}");
        for name in &names {
            assert!(!name.is_ascii(), "{name}");
            assert_eq!(names.iter().filter(|n| *n == name).count(), 1, "{name}");
        }
        for (kind, format) in jobs {
            let english = file_name(kind, format, false);
            assert!(english.is_ascii() && english.starts_with(kind.name()), "{english}");
        }
    }
}
