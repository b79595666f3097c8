//! The web page (HTML) and the open data (CSV) that cities publish beside the PDF, driven as a
//! user runs `kyodo report`: every kind's page passes axe-core in headless Chromium with no
//! violation and html-validate with no error (tests/browser/check.mjs), the CSV is one value
//! per cell under Japanese headers in UTF-8 with a BOM and CRLF, and whatever a department
//! typed stays text in the page, the CSV and the workbook.
//!
//! The browser check needs Debian's `chromium` and `npm ci` in tests/browser (`.ci/run` installs
//! both): where either is missing it says so and skips, and under `CI=true` it fails.

mod common;

use common::{kyodo, read_workbook, seed, sheet, tempdir, write_csv, xlsx_part};
use std::path::{Path, PathBuf};

/// `kyodo report --kind all --format all` with `args` before the inputs; the output folder.
fn report_all(dir: &Path, args: &[&Path]) -> PathBuf {
    let out = dir.join("out");
    let p = Path::new;
    let mut all: Vec<&Path> =
        vec![p("report"), p("--kind"), p("all"), p("--format"), p("all"), p("-o"), &out];
    all.extend(args);
    let run = kyodo(&all);
    assert!(run.code <= 1, "report ran: {}", run.stderr);
    out
}

/// The seed sample with indicators (so every kind has its charts) and two earlier years (so
/// the handout has its trends).
fn sample(name: &str) -> PathBuf {
    let dir = tempdir("web", name);
    let plan = seed::write_plan_in(&dir);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress_with_indicators(&progress.join(format!("{d}.xlsx")), d);
    }
    let earlier = seed::write_earlier_years(&dir);
    let p = Path::new;
    let mut args: Vec<&Path> = vec![p("--plan"), &plan];
    for year in &earlier {
        args.extend([p("--previous"), year.as_path()]);
    }
    args.push(&progress);
    report_all(&dir, &args)
}

/// A plan whose departments typed markup and formulas.
fn hostile(name: &str) -> PathBuf {
    let dir = tempdir("web", name);
    let rows = vec![
        ["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"].map(String::from).to_vec(),
        ["1", SCRIPT, "=1+1", "総務課", "A", "@SUM(A1:A2)", "-5"].map(String::from).to_vec(),
        ["2", "=HYPERLINK(\"http://example.com\")", "<b>太字</b>&amp;", "<i>課</i>", "B", "+81-3", "\t=2"]
            .map(String::from)
            .to_vec(),
        ["3", "普通の項目", "説明", "総務課", "<img src=x onerror=alert(1)>", SCRIPT, "継続"]
            .map(String::from)
            .to_vec(),
    ];
    let input = dir.join("plan.csv");
    write_csv(&input, &rows, false);
    // Nothing in the sheet states the year: the command line does.
    report_all(&dir, &[Path::new("--force"), Path::new("--year"), Path::new("令和6"), &input])
}

const SCRIPT: &str = "<script>alert(\"x\")</script>";
const KINDS: [&str; 3] = ["official", "koho", "committee"];

#[test]
fn every_kind_has_a_page_that_passes_axe_and_the_validator() {
    let out = sample("sample");
    let pages: Vec<PathBuf> = KINDS.iter().map(|k| out.join(format!("{k}.html"))).collect();
    for page in &pages {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"), "{}", page.display());
        for absent in ["<script", "<link", "@font-face", "src=\"http", "href=\"http", "url("] {
            assert!(!html.contains(absent), "{}: self-contained, no {absent}", page.display());
        }
        assert_eq!(html.matches("<main").count(), 1);
        assert_eq!(html.matches("<table").count(), html.matches("<caption").count(), "a caption per table");
        assert!(!html.contains("<th>"), "every header has its scope");
        assert!(html.contains("@media print"), "a print style sheet");
        // Headings in order: never a level skipped on the way down.
        let mut level = 0;
        for (at, _) in html.match_indices("<h") {
            if let Some(n) = html[at + 2..].chars().next().and_then(|c| c.to_digit(10)) {
                assert!(n <= level + 1, "{}: h{n} after h{level}", page.display());
                level = n;
            }
        }
    }
    let official = std::fs::read_to_string(&pages[0]).unwrap();
    assert!(official.contains("<th scope=\"rowgroup\" rowspan=\"2\""), "an item two departments report on");
    assert!(official.contains("協働推進員を配置した課"), "the indicators under their item");
    // An item's indicators: a table of their own, captioned, with its header cells, in a cell
    // across the columns right of the item's name (区分 and 項目 span the item's rows).
    let inset = "<tr><td colspan=\"6\"><table class=\"kyodo-inset\">\n<caption id=\"kyodo-caption-";
    assert!(official.contains(inset), "{official}");
    assert!(official.contains(
        "\">自治会、地域での意識の把握の指標</caption>\n<thead>\n<tr><th scope=\"col\">指標</th>\
        <th scope=\"col\">基準値</th><th scope=\"col\">目標値</th><th scope=\"col\">実績値</th>"
    ));
    assert!(official
        .contains("<tr><th scope=\"row\">意識調査の回収率</th><td>60％</td><td>80％（令和7年度）</td>"));
    assert!(
        !official.contains(">指標<br>") && !official.contains("kyodo-label\">指標"),
        "関係部署 says no 指標"
    );
    for page in &pages[1..] {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(
            html.contains("<svg") && html.contains("<title id=") && html.contains("<desc id="),
            "a chart"
        );
        assert!(html.contains("role=\"img\" aria-labelledby="), "the chart is named by its title and words");
    }
    browser_check(&pages);
}

#[test]
fn hostile_text_stays_text() {
    let out = hostile("hostile");
    let pages: Vec<PathBuf> = KINDS.iter().map(|k| out.join(format!("{k}.html"))).collect();
    let official = std::fs::read_to_string(&pages[0]).unwrap();
    assert!(!official.contains("<script") && !official.contains("<img") && !official.contains("<b>"));
    assert!(official.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"), "shown as written");
    assert!(official.contains("&lt;b&gt;太字&lt;/b&gt;&amp;amp;"));
    for page in &pages[1..] {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(!html.contains("<script") && !html.contains("<img"), "{}", page.display());
    }

    // The CSV: what would run as a formula starts with '; numbers and words as they are.
    let rows = read_csv(&out.join("official.csv"));
    let find = |no: &str| rows.iter().find(|r| r[0] == no).unwrap_or_else(|| panic!("row {no}"));
    let value = |row: &[String], name: &str| row[rows[0].iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(value(find("1"), "項目"), SCRIPT);
    assert_eq!(value(find("1"), "内容"), "'=1+1");
    assert_eq!(value(find("1"), "実績"), "'@SUM(A1:A2)");
    assert_eq!(value(find("1"), "今後の方向性"), "-5", "a number is data");
    assert_eq!(value(find("2"), "項目"), "'=HYPERLINK(\"http://example.com\")");
    assert_eq!(value(find("2"), "実績"), "'+81-3");
    for row in &rows {
        for cell in row {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "{cell:?} would run as a formula");
        }
    }

    // The workbook: the same words as text cells, no formula anywhere.
    let xlsx = out.join("official.xlsx");
    let book = read_workbook(&xlsx);
    let list = sheet(&book, "一覧");
    assert!(list.iter().any(|r| r.iter().any(|c| c == "=1+1")), "written as typed");
    assert!(list.iter().any(|r| r.iter().any(|c| c == SCRIPT)));
    let sheets = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap().len();
    for n in 1..sheets {
        let name = format!("xl/worksheets/sheet{n}.xml");
        let zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
        if zip.index_for_name(&name).is_some() {
            let xml = xlsx_part(&xlsx, &name);
            assert!(!xml.contains("<f>") && !xml.contains("<f "), "{name}: no formula");
        }
    }
    browser_check(&pages);
}

#[test]
fn open_data_is_one_value_per_cell() {
    let out = sample("csv");
    let bytes = std::fs::read(out.join("official.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.ends_with("\r\n"));
    let rows = read_csv(&out.join("official.csv"));
    assert_eq!(
        rows[0],
        ["No", "施策", "目標", "区分", "項目", "内容", "報告部署", "評価", "実績", "課題", "今後の方向性"],
        "Japanese headers, 関係部署 as one department a row (報告部署)"
    );
    assert!(rows.iter().all(|r| r.len() == rows[0].len()), "every row has every column");
    // One row per item and reporting department: the seed's reports, nothing else.
    let reports: usize = (0..seed::ITEMS.len())
        .map(|i| [seed::HQ, seed::ALL].iter().filter(|d| seed::report(i, d).is_some()).count().max(1))
        .sum();
    assert_eq!(rows.len() - 1, reports);
    for row in &rows[1..] {
        assert!(!row[6].contains('\n') && !row[6].is_empty(), "one department a row: {row:?}");
        assert!(["A", "B", "C", "D"].contains(&row[7].as_str()), "a grade as its code: {row:?}");
    }
    // Only the records' ends are CRLF; a cell's own line breaks stay inside its quotes.
    let records = text.matches("\r\n").count();
    assert_eq!(records, rows.len());

    let indicators = read_csv(&out.join("official.indicators.csv"));
    assert_eq!(
        indicators[0][4..12],
        ["指標", "単位", "基準値", "目標値", "目標年度", "実績値", "達成率（％）", "目標の達成"]
    );
    assert_eq!(indicators.len() - 1, seed::INDICATORS.len());
    let rate = indicators.iter().find(|r| r[4] == "意識調査の回収率").unwrap();
    assert_eq!((rate[6].as_str(), rate[9].as_str(), rate[10].as_str()), ("60", "71%", "55.0"));
}

/// The records of a CSV file kyodo wrote (BOM dropped), each the same length.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM");
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(body);
    reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect()
}

/// Runs tests/browser/check.mjs on `pages`: axe-core in headless Chromium and html-validate,
/// zero violations and zero errors. Skips (saying so) where Chromium or the node modules are
/// missing, unless `CI=true`.
fn browser_check(pages: &[PathBuf]) {
    let Some(mut node) = common::browser::node("the browser check of the HTML") else { return };
    let run = node.arg("check.mjs").args(pages).output().expect("node runs");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "axe-core or html-validate found problems:\n{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(report.lines().filter(|l| l.contains("\"ok\":true")).count(), pages.len(), "{report}");
}

#[test]
fn a_workbook_page_and_csv_agree_on_the_items() {
    // The same rows reach the workbook's 一覧 and the CSV (one rule): every reported 実績 of
    // the workbook is a 実績 of the CSV.
    let dir = tempdir("web", "agree");
    let (plan, progress) = seed::write_sample(&dir);
    let out = report_all(&dir, &[Path::new("--plan"), &plan, &progress]);
    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    let results = |rows: &[Vec<String>]| {
        let c = rows[0].iter().position(|h| h == "実績").unwrap();
        let mut v: Vec<String> = rows[1..].iter().map(|r| r[c].clone()).filter(|t| !t.is_empty()).collect();
        v.sort();
        v
    };
    assert_eq!(results(list), results(&read_csv(&out.join("official.csv"))));
}
