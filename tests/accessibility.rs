//! Accessible, archivable PDF: every report kind is tagged (headings with titles, tables with
//! header cells and their scope, ・ lists, charts as figures with words), furniture is
//! artifacts, and the file says it meets PDF/UA-1 and PDF/A-2b. Read back with lopdf: `cargo
//! test` needs nothing but Rust.

mod common;

use common::pdf::{self, Elem, Tagged};
use common::{kyodo, seed, tempdir, Run};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Every report kind of the sample as PDF, with `settings` when given, and `files` beside them.
fn sample_pdfs(name: &str, settings: Option<&str>, files: &[(&str, &[u8])]) -> (PathBuf, Run) {
    let dir = tempdir("accessibility", name);
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).unwrap();
    }
    let (plan, progress) = seed::write_sample(&dir);
    let out = dir.join("out");
    let mut args: Vec<std::ffi::OsString> =
        ["report", "--kind", "all", "--format", "pdf", "--force", "--plan"].iter().map(Into::into).collect();
    args.push(plan.into());
    if let Some(text) = settings {
        let path = dir.join("kyodo-settings.toml");
        std::fs::write(&path, text).unwrap();
        args.extend(["--config".into(), path.into()]);
    }
    args.extend(["-o".into(), out.clone().into(), progress.into()]);
    (out, kyodo(&args))
}

const KINDS: [&str; 3] = ["official", "koho", "committee"];

/// What every tagged report must be, whatever its kind.
fn assert_accessible(file: &Path, tagged: &Tagged) {
    let name = file.display();
    assert_eq!(tagged.lang.as_deref(), Some("ja"), "{name}: /Lang");
    assert!(tagged.display_doc_title, "{name}: DisplayDocTitle");
    assert!(tagged.marked, "{name}: MarkInfo /Marked");
    assert!(
        tagged.xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "{name}: PDF/UA-1 in XMP:\n{}",
        tagged.xmp
    );
    assert!(tagged.xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{name}: PDF/A-2 in XMP");
    assert!(tagged.xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"), "{name}: conformance B");
    assert_eq!(tagged.unmarked, 0, "{name}: page content outside tagged content and artifacts");
    // Every marked sequence hangs in the tree exactly once, and the tree points at nothing else.
    let drawn: BTreeSet<(usize, i64)> =
        tagged.mcids.iter().enumerate().flat_map(|(p, ids)| ids.iter().map(move |&i| (p, i))).collect();
    let held: Vec<(usize, i64)> = tagged.root.all().iter().flat_map(|e| e.content.clone()).collect();
    assert_eq!(held.len(), drawn.len(), "{name}: each marked sequence once in the tree");
    assert_eq!(held.into_iter().collect::<BTreeSet<_>>(), drawn, "{name}: tree and pages agree");
    let headings: Vec<&Elem> = tagged.root.all().into_iter().filter(|e| e.kind.starts_with('H')).collect();
    assert!(headings.iter().any(|h| h.kind == "H1"), "{name}: an H1");
    for h in &headings {
        assert!(h.title.as_deref().is_some_and(|t| !t.is_empty()), "{name}: {} without a title", h.kind);
    }
    for table in tagged.root.find("Table") {
        let rows = table.own_rows();
        assert!(rows.len() >= 2, "{name}: a table with a header row and rows");
        let header = &rows[0].children;
        assert!(
            !header.is_empty()
                && header.iter().all(|c| c.kind == "TH" && c.scope.as_deref() == Some("Column")),
            "{name}: the first row holds column headers: {header:?}"
        );
        for row in &rows[1..] {
            let cells: usize = row.children.iter().map(|c| c.col_span).sum();
            assert_eq!(cells, header.len(), "{name}: every row has every cell, or one that spans them");
            assert!(row.children.iter().any(|c| c.kind == "TD"), "{name}: data cells");
        }
    }
    for (font, to_unicode) in &tagged.fonts {
        let tag = font.split('+').next().unwrap_or("");
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{name}: {font} is a subset");
        assert!(to_unicode, "{name}: {font} has a ToUnicode map");
    }
}

#[test]
fn every_report_kind_is_tagged_for_pdf_ua_and_pdf_a() {
    let (out, run) = sample_pdfs("kinds", None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for kind in KINDS {
        let file = out.join(format!("{kind}.pdf"));
        let tagged = pdf::tagged(&file);
        assert_accessible(&file, &tagged);
        let root = &tagged.root;
        match kind {
            "official" => {
                // The summary first, then 施策 › ■ goal as H1 › H2, each a section; the contents a
                // TOC.
                let sections = root.find("Sect");
                assert_eq!(sections.len(), 1 + seed::SECTIONS.len(), "the summary, then one Sect per 施策");
                let (summary, sections) = sections.split_first().unwrap();
                assert_eq!(summary.find("H1")[0].title.as_deref(), Some("進捗の概要"));
                assert_eq!(summary.find("Table").len(), 1, "the counts per 施策 as a table");
                assert!(sections.iter().all(|s| s.find("H1").len() == 1 && !s.find("H2").is_empty()));
                assert!(sections[0].find("H1")[0].title.as_deref().unwrap().starts_with("施策1"));
                assert!(!root.find("TOCI").is_empty(), "contents entries");
                // The item's name heads its row.
                let row = &sections[0].find("Table")[0].own_rows()[1];
                assert!(row.children.iter().any(|c| c.kind == "TH" && c.scope.as_deref() == Some("Row")));
                // 1-1's 実績: a sentence, then two ・ bullets: a paragraph and one list in its cell.
                let cell = root
                    .find("TD")
                    .into_iter()
                    .find(|td| !td.find("L").is_empty())
                    .expect("a cell holding a ・ list");
                let kinds: Vec<&str> = cell.children.iter().map(|c| c.kind.as_str()).collect();
                assert_eq!(kinds, ["P", "L"], "the sentence, then the bullets");
                let items = cell.find("LI");
                assert_eq!(items.len(), 2, "one list item per bullet");
                // 「・回答数…」 has its mark as label; 「・「協働…」 keeps the mark in the body, set
                // close to the bracket.
                let first: Vec<&str> = items[0].children.iter().map(|c| c.kind.as_str()).collect();
                assert_eq!(first, ["Lbl", "LBody"]);
                let second: Vec<&str> = items[1].children.iter().map(|c| c.kind.as_str()).collect();
                assert_eq!(second, ["LBody"]);
            }
            "koho" => {
                let figures = root.find("Figure");
                assert_eq!(figures.len(), 1, "one chart, one figure");
                let alt = figures[0].alt.clone().unwrap_or_default();
                assert!(
                    alt.contains("施策1 協働（共働）の意識を高める！！: ") && alt.contains("件"),
                    "the chart in words: {alt}"
                );
                // The highlights: one list item per ・ bullet, label and body.
                let items = root.find("LI");
                assert!(!items.is_empty() && root.find("L").len() == 1);
                for item in items {
                    let kinds: Vec<&str> = item.children.iter().map(|c| c.kind.as_str()).collect();
                    assert_eq!(kinds, ["Lbl", "LBody"]);
                }
            }
            _ => assert!(root.find("Table").len() >= 3, "committee: counts, departments, items"),
        }
    }
}

#[test]
fn an_items_indicators_are_a_table_of_their_own_in_a_cell_across_the_row() {
    let dir = tempdir("accessibility", "indicators");
    let plan = seed::write_plan_in(&dir);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress_with_indicators(&progress.join(format!("{d}.xlsx")), d);
    }
    let out = dir.join("out");
    let args = ["report", "--kind", "all", "--format", "pdf", "--plan"].map(std::ffi::OsString::from);
    let rest = [plan.into(), "-o".into(), out.clone().into(), progress.into()];
    let run = kyodo(&[&args[..], &rest[..]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    for kind in ["official", "committee"] {
        let file = out.join(format!("{kind}.pdf"));
        let tagged = pdf::tagged(&file);
        assert_accessible(&file, &tagged);
        // 1-1's indicators: a table in a cell across the columns right of the item's name.
        let wide =
            tagged.root.find("TD").into_iter().find(|td| td.col_span > 1).expect("a cell across columns");
        let inset = &wide.find("Table")[0];
        let rows = inset.own_rows();
        let header: Vec<(&str, Option<&str>)> =
            rows[0].children.iter().map(|c| (c.kind.as_str(), c.scope.as_deref())).collect();
        assert_eq!(
            header,
            [("TH", Some("Column")); 6],
            "{kind}: 指標 | 基準値 | 目標値 | 実績値 | 達成率 | 目標の達成"
        );
        let first = &rows[1].children[0];
        assert_eq!(
            (first.kind.as_str(), first.scope.as_deref()),
            ("TH", Some("Row")),
            "the indicator heads its row"
        );
    }
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let (first, run) = sample_pdfs("same-1", None, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (second, _) = sample_pdfs("same-2", None, &[]);
    for kind in KINDS {
        let read = |dir: &Path| std::fs::read(dir.join(format!("{kind}.pdf"))).unwrap();
        assert!(read(&first) == read(&second), "{kind}.pdf differs between two runs");
    }
}

#[test]
fn the_settings_choose_the_standard() {
    let (out, run) = sample_pdfs("ua1", Some("[pdf]\nstandard = \"ua1\"\n"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xmp = pdf::tagged(&out.join("official.pdf")).xmp;
    assert!(xmp.contains("pdfuaid:part") && !xmp.contains("pdfaid:part"), "{xmp}");
    let (out, run) = sample_pdfs("a2b", Some("[pdf]\nstandard = \"a2b\"\n"), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let tagged = pdf::tagged(&out.join("official.pdf"));
    assert!(tagged.xmp.contains("<pdfaid:part>2</pdfaid:part>") && !tagged.xmp.contains("pdfuaid"));
    assert!(!tagged.root.find("Table").is_empty(), "tagged even when only archival is asked");
    let (_, run) = sample_pdfs("unknown", Some("[pdf]\nstandard = \"ua2\"\n"), &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("standard") && run.stderr.contains("kyodo-settings.toml"), "{}", run.stderr);
}

/// A font whose licence forbids embedding (OS/2 fsType 2) cannot make a PDF/UA file: kyodo
/// stops with a message saying so, and writes no PDF.
#[test]
fn a_file_that_would_break_its_standard_is_not_written() {
    let regular = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/BIZUDGothic-Regular.ttf");
    let mut font = std::fs::read(regular).unwrap();
    set_fs_type(&mut font, 2);
    let settings = "[fonts]\nregular = \"restricted.ttf\"\nbold = \"restricted.ttf\"\n";
    let (out, run) = sample_pdfs("restricted", Some(settings), &[("restricted.ttf", &font)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("PDF/UA-1") && run.stderr.contains("埋め込みが許されていない書体"),
        "{}",
        run.stderr
    );
    assert!(!out.join("official.pdf").exists(), "no non-conforming file written");
}

/// Sets the OS/2 table's fsType (embedding permissions) of a TrueType file.
fn set_fs_type(font: &mut [u8], value: u16) {
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    for i in 0..tables {
        let record = 12 + 16 * i;
        if &font[record..record + 4] == b"OS/2" {
            let offset = u32::from_be_bytes(font[record + 8..record + 12].try_into().unwrap()) as usize;
            font[offset + 8..offset + 10].copy_from_slice(&value.to_be_bytes());
            return;
        }
    }
    panic!("no OS/2 table");
}

/// The indicators' rate chart of koho and the handout is a figure of its own, its rates in words,
/// and everything else on its pages stays tagged.
#[test]
fn the_rate_chart_is_a_figure_in_words() {
    let dir = tempdir("accessibility", "rates");
    let plan = seed::write_plan_in(&dir);
    let returned = dir.join("progress");
    std::fs::create_dir_all(&returned).unwrap();
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress_with_indicators(&returned.join(format!("{d}.xlsx")), d);
    }
    let out = dir.join("out");
    let args = ["report", "--kind", "all", "--format", "pdf", "--force", "--plan"];
    let mut args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
    args.extend([plan.into(), "-o".into(), out.clone().into(), returned.into()]);
    let run = kyodo(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for kind in ["koho", "committee"] {
        let file = out.join(format!("{kind}.pdf"));
        let tagged = pdf::tagged(&file);
        assert_accessible(&file, &tagged);
        let alts: Vec<String> = tagged.root.find("Figure").iter().filter_map(|f| f.alt.clone()).collect();
        let rates = alts.iter().find(|a| a.starts_with("達成率の棒グラフ"));
        match kind {
            // 広報 lists the figures as written (a list, tagged as one), no chart of rates.
            "koho" => assert!(rates.is_none() && !tagged.root.find("L").is_empty(), "{alts:?}"),
            _ => {
                let rates = rates.unwrap_or_else(|| panic!("{kind}: {alts:?}"));
                assert!(rates.contains("推進員会議の開催 50.0％"), "{kind}: the rates in words: {rates}");
            }
        }
    }
}
