//! `kyodo report` driven as a user runs it; the PDF is read back in Rust (lopdf), and with
//! poppler and qpdf where they are installed (always in CI).

mod common;

use common::{
    pdf, pdf_page_is, pdf_pages, pdf_text, qpdf_check, seed, system_tool, tempdir, write_xlsx, Sheet,
};
use kyodo::layout::frame::Element;
use kyodo::report::Kind;
use std::path::Path;
use std::process::Command;

const EPOCH: &str = "1751241600"; // 2025-06-30

/// Runs `kyodo report ARGS`; returns the exit code and stderr.
fn report(args: &[&Path]) -> (i32, String) {
    common::keep::inputs(&[&[Path::new("report")], args].concat());
    let out = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .arg("report")
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), stderr)
}

/// The text as the report prints it, without white space: in the one notation
/// (kyodo::text::notation), as the departments' words are set on the pages.
fn squash(text: &str) -> String {
    kyodo::text::notation::normalise(text).chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn sample_report_holds_every_item_and_is_a_clean_pdf() {
    let dir = tempdir("report", "sample");
    let (plan, progress) = seed::write_sample(&dir);
    let out = dir.join("out");
    let (code, stderr) = report(&[Path::new("--plan"), &plan, Path::new("-o"), &out, &progress]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = out.join("official.pdf");
    let text = pdf_text(&pdf);
    for (i, item) in seed::ITEMS.iter().enumerate() {
        assert!(text.contains(&squash(item.name)), "項目 {} missing", item.name);
        assert!(text.contains(&squash(item.content)), "内容 of {} missing", item.name);
        for d in [seed::HQ, seed::ALL] {
            if let Some(r) = seed::report(i, d) {
                assert!(text.contains(&squash(r.results)), "実績 of {} ({d}) missing", item.name);
            }
        }
    }
    for heading in seed::SECTIONS {
        assert!(text.contains(&squash(heading)), "{heading}");
    }
    assert!(text.contains("令和6年度（2024年度）"));
    assert!(text.contains("令和7年6月30日"), "date of issue from SOURCE_DATE_EPOCH");
    assert!(text.contains("-3-"), "page numbers");
    assert!(text.contains("★市民が主体●市が主体◎市民と市が主体"));

    // Two subset fonts (regular and bold), each with a ToUnicode map.
    let fonts = pdf::tagged(&pdf).fonts;
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    for (name, to_unicode) in &fonts {
        let tag = name.split('+').next().unwrap();
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "subset tag: {name}");
        assert!(to_unicode, "{name} has no ToUnicode map");
    }
    // pdffonts, where installed, also sees each font embedded.
    if let Some(listed) = system_tool("pdffonts", &[], &pdf, &[]) {
        let rows: Vec<&str> = listed.lines().skip(2).collect();
        assert_eq!(rows.len(), 2, "{listed}");
        for row in rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "emb sub uni: {row}");
        }
    }
    qpdf_check(&pdf);
    assert!(pdf_page_is(&pdf, 841.89, 595.276), "A4 landscape with progress");
    assert!(std::fs::metadata(&pdf).unwrap().len() < 400_000);
}

/// `--format all` writes the PDF, the workbook, the page and the CSVs from one import, each the
/// same bytes again.
#[test]
fn same_input_gives_the_same_bytes() {
    let dir = tempdir("report", "same");
    let (plan, progress) = seed::write_sample(&dir);
    let (a, b) = (dir.join("a"), dir.join("b"));
    let p = Path::new;
    for out in [&a, &b] {
        assert_eq!(report(&[p("--format"), p("all"), p("--plan"), &plan, p("-o"), out, &progress]).0, 0);
    }
    let mut files: Vec<String> =
        a.read_dir().unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.sort();
    assert_eq!(
        files,
        ["official.csv", "official.html", "official.indicators.csv", "official.pdf", "official.xlsx"],
        "no temporary file left"
    );
    for file in files {
        assert_eq!(std::fs::read(a.join(&file)).unwrap(), std::fs::read(b.join(&file)).unwrap(), "{file}");
    }
}

#[test]
fn plan_only_report_is_portrait_with_plan_columns() {
    let dir = tempdir("report", "portrait");
    let plan = dir.join("plan.xlsx");
    seed::write_plan(&plan);
    let out = dir.join("out");
    assert_eq!(report(&[Path::new("-o"), &out, &plan]).0, 0);
    let pdf = out.join("official.pdf");
    assert!(pdf_page_is(&pdf, 595.276, 841.89), "A4 portrait");
    let text = pdf_text(&pdf);
    assert!(text.contains("区分項目内容関係部署"), "the header row");
    assert!(!text.contains("実績"), "no progress columns");
}

#[test]
fn errors_stop_the_report_unless_forced_and_then_show_every_gap() {
    let dir = tempdir("report", "force");
    let (plan, _) = seed::write_sample(&dir);
    let progress = dir.join("partial");
    std::fs::create_dir_all(&progress).unwrap();
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    sheet.row(&["1-1", "自治会、地域での意識の把握", "B", "", "継続"]);
    sheet.row(&["1-2", "情報媒体を活用した啓発活動", "A", "周知した。", "🎌継続"]);
    write_xlsx(&progress.join("関係各部.xlsx"), &[sheet]);
    let out = dir.join("out");
    let (code, stderr) = report(&[Path::new("--plan"), &plan, Path::new("-o"), &out, &progress]);
    assert_eq!(code, 1);
    assert!(stderr.contains("実績が空欄です") && stderr.contains("--force"), "{stderr}");
    assert!(!out.join("official.pdf").exists(), "nothing written");
    let (code, _) =
        report(&[Path::new("--force"), Path::new("--plan"), &plan, Path::new("-o"), &out, &progress]);
    assert_eq!(code, 1, "problems were found, even if the report was made");
    let text = pdf_text(&out.join("official.pdf"));
    // Once per item in its row, and twice in the summary at the front: its column and its sentence.
    assert_eq!(text.matches("未提出").count(), 13 + 2, "13 of 15 items not reported");
    assert!(text.contains("未提出は13項目です。"), "{text}");
    assert!(text.contains("（未記入）"));
    assert!(text.contains("〓継続"), "a character the font lacks prints as 〓");
}

/// A cell three pages tall is split with the header repeated and the rest marked （続き）.
#[test]
fn a_very_tall_cell_is_split_across_pages() {
    let dir = tempdir("report", "tall");
    let paragraphs: Vec<String> = (1..=150).map(|i| format!("第{i}段落：地区や小学校区等を対象とした地域コミュニティへの積極的参加を通した組織体制の強化を図ります。")).collect();
    let long = paragraphs.join("\n");
    let mut sheet = Sheet::new("計画");
    sheet.row(&["施策1 協働(共働)の意識を高める!!"]);
    sheet.row(&["区分", "項目", "内容", "関係部署"]);
    sheet.row(&["◎", "短い項目", "短い内容", "総務課"]);
    sheet.row(&["◎", "長い項目", &long, "総務課"]);
    sheet.row(&["●", "最後の項目", "最後の内容", "総務課"]);
    let plan = dir.join("plan.xlsx");
    write_xlsx(&plan, &[sheet]);
    let out = dir.join("out");
    assert_eq!(report(&[Path::new("-o"), &out, &plan]).0, 0);
    let pdf = out.join("official.pdf");
    let pages = pdf_pages(&pdf);
    assert!(pages >= 2 + 3, "cover, contents and at least three pages of table: {pages}");
    // The 内容 column, read from the glyphs drawn at its left edge page after page.
    let lines = pdf::lines(&pdf::glyphs(&pdf));
    let first = lines.iter().find(|l| pdf::text(l).starts_with("第1段落")).expect("the long cell");
    let left = first[0].x;
    let column: String = lines.iter().filter(|l| (l[0].x - left).abs() < 0.5).map(|l| pdf::text(l)).collect();
    assert!(column.contains(&squash(&long)), "the split cell reads on, page after page, with nothing lost");
    let text = pdf_text(&pdf);
    assert!(
        text.matches("（続き）長い項目").count() >= 2 || text.matches("（続き）").count() >= 2,
        "continuations are marked"
    );
    assert_eq!(text.matches("区分項目内容関係部署").count(), pages - 2, "the header row on every table page");
    assert!(text.contains("最後の項目最後の内容"));
}

/// No line of the laid-out report breaks a kinsoku rule (JLReq): checked on the document the
/// PDF is drawn from, every text run being one visual line.
#[test]
fn no_line_breaks_kinsoku() {
    let dir = tempdir("report", "kinsoku");
    let loaded = seed::load_sample(&dir);
    let report = seed::report_of(&loaded, Kind::Official);
    const NOT_AT_START: &str =
        "）」』】〕〉》］｝)]}’”、。，．,.：；？！ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ";
    const NOT_AT_END: &str = "（「『【〔〈《［｛([{‘“";
    let mut lines = 0;
    for page in report.layout().pages {
        for e in page.elements {
            // Empty runs hold a blank table cell's place in the structure: no line.
            let Element::Text { text, .. } = e else {
                continue;
            };
            if text.is_empty() {
                continue;
            }
            lines += 1;
            let first = text.chars().next().unwrap();
            let last = text.chars().last().unwrap();
            assert!(!NOT_AT_START.contains(first), "line starts with {first}: {text}");
            assert!(!NOT_AT_END.contains(last), "line ends with {last}: {text}");
        }
    }
    assert!(lines > 200, "{lines} lines checked");
}

/// The handout's list of what is missing, longer than its page, continues under its caption
/// marked 「（続き）」 (a continued table always says what it continues).
#[test]
fn a_list_continued_on_the_next_page_repeats_its_caption() {
    let dir = tempdir("report", "continued-list");
    let mut plan = Sheet::new("計画");
    plan.row(&["施策", "項目", "内容", "関係部署"]);
    for i in 1..=40 {
        plan.row(&["施策1 協働の意識を高める", &format!("取組{i}"), "市民の声を受け止めます。", "企画課"]);
    }
    let plan_file = dir.join("plan.xlsx");
    write_xlsx(&plan_file, &[plan]);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&["項目", "評価", "実績", "今後の方向性"]);
    sheet.row(&["取組1", "A", "実施した。", "継続"]);
    write_xlsx(&progress.join("企画課.xlsx"), &[sheet]);
    let out = dir.join("out");
    let args = [
        Path::new("--force"),
        Path::new("--year"),
        Path::new("令和6"),
        Path::new("--kind"),
        Path::new("committee"),
        Path::new("--plan"),
    ];
    let (code, stderr) =
        report(&[&args[..], &[plan_file.as_path(), Path::new("-o"), &out, &progress]].concat());
    assert!(code <= 1, "{stderr}");
    let text = pdf_text(&out.join("committee.pdf"));
    // Page 2 opens with the caption and the header again.
    assert!(text.contains("-1-未提出・記入漏れの項目（続き）項目関係部署状況取組"), "{text}");
    assert!(text.contains("取組40企画課未提出"), "every missing item listed: {text}");
}
