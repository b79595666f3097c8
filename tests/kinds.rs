//! The 広報 summary, the committee handout and the templates that shape every kind.

mod common;

use common::{pdf, pdf_page_is, pdf_pages, pdf_text, read_workbook, seed, sheet, tempdir, write_xlsx, Sheet};
use kyodo::layout::frame::Element;
use kyodo::report::Kind;
use std::path::Path;
use std::process::Command;

fn kyodo(args: &[&str]) -> (i32, String, String) {
    common::keep::inputs(args);
    let out = Command::new(env!("CARGO_BIN_EXE_kyodo"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1751241600")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), stderr)
}

/// The seed sample, as the string arguments the command line takes.
fn sample(dir: &Path) -> (String, String) {
    let (plan, progress) = seed::write_sample(dir);
    (plan.display().to_string(), progress.display().to_string())
}

/// `kyodo report EXTRA… --plan PLAN -o OUT PROGRESS`.
fn run_report(plan: &str, progress: &str, out: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["report"];
    args.extend(extra);
    args.extend(["--plan", plan, "-o", out.to_str().unwrap(), progress]);
    kyodo(&args)
}

#[test]
fn koho_summary_counts_chart_and_text() {
    let dir = tempdir("kinds", "koho");
    let (plan, progress) = sample(&dir);
    let out = dir.join("out");
    let (code, stdout, stderr) = run_report(&plan, &progress, &out, &["--kind", "koho", "--format", "all"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("koho.pdf") && stdout.contains("koho.txt"));
    let text = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"), "BOM and CRLF for Windows editors");
    for expected in [
        "令和6年度（2024年度）",
        "5つの施策に掲げた15件の取り組みすべてについて",
        "15件のうち、「計画どおり実施」または「おおむね実施」と評価した順調な取り組みは11件（73％）です。",
        "6件の取り組みのうち、5件が順調に進んでいます。（計画どおり実施 2件、おおむね実施 3件、一部実施 1件）",
        "2件の取り組みすべてが順調に進んでいます。",
        "2件の取り組みのうち、順調に進んでいるものはまだありません。（一部実施 1件、未着手 1件）",
        "・情報媒体を活用した啓発活動：「協働のまちづくり条例について",
        "ホームページとCATVで周知した」",
    ] {
        assert!(text.contains(expected), "{expected} missing in\n{text}");
    }
    // For residents: no grade codes, no ASCII brackets in Japanese text, no plain-form lead.
    for unwanted in ["（A ", "A 2件", "概ね", "(", "ませんでした。0件"] {
        assert!(!text.contains(unwanted), "{unwanted} in\n{text}");
    }
    let pdf = out.join("koho.pdf");
    assert_eq!(pdf_pages(&pdf), 1, "one A4 page for the magazine");
    let squashed = pdf_text(&pdf);
    assert!(squashed.contains("施策ごとの評価") && squashed.contains("主な成果（担当部署の報告から）"));
    // The chart's bars: fill operators in the scale's colours (A #B1F3AA, D #791E20).
    let (colours, filled) = common::pdf::fills(&pdf);
    assert!(colours.contains(&(0xB1, 0xF3, 0xAA)), "A-coloured bars");
    assert!(colours.contains(&(0x79, 0x1E, 0x20)), "D-coloured bars");
    assert!(filled > 0, "filled rectangles");
}

/// The sizes of the page's text: (size in points, text) of every run but the folio.
fn koho_sizes(report: &kyodo::report::Report) -> Vec<(f32, String)> {
    report
        .layout()
        .pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text { size, text, .. } if !text.starts_with("- ") && !text.contains("対馬市") => {
                Some((*size, text.clone()))
            }
            _ => None,
        })
        .collect()
}

/// A plan of `sections` 施策 whose item counts vary from 1 to `most` (a 施策 of one item beside
/// one of many: no sliver without its number), every item reported and graded, with long
/// names and long reports where `long`: `dir/plan.xlsx`, progress in the plan's own columns.
fn write_koho_plan(dir: &Path, sections: usize, most: usize, long: bool) -> std::path::PathBuf {
    let mut sheet = Sheet::new("計画");
    sheet.row(&["令和6年度 市民協働(共働)推進アクションプラン 進捗状況"]);
    sheet.row(&["No", "施策", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
    let mut no = 0;
    for s in 1..=sections {
        let title = if long {
            format!("施策{s} 地域の担い手となる人材の発掘及び育成と市民活動団体の自立に向けた支援の充実")
        } else {
            format!("施策{s} 協働の意識を高める")
        };
        let items = 1 + (s * 7) % most;
        for i in 0..items {
            no += 1;
            let grade = ["A", "B", "C", "D"][grade_of(s, i, items)];
            let results = if long {
                "市政懇談会を市内6地区で開催し、延べ312名の市民が参加して地域の課題と協働のあり方について意見を交わし、出された意見を各課に伝えて翌年度の事業計画に反映させる仕組みを整えた。".to_string()
            } else {
                "説明会を開催した。".to_string()
            };
            sheet.row(&[
                &no.to_string(),
                &title,
                &format!("取組{no} 情報媒体を活用した啓発活動"),
                "広報紙、ホームページ、CATV等を活用して周知します。",
                "地域再生推進本部",
                grade,
                &results,
                "継続",
            ]);
        }
    }
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[sheet]);
    path
}

/// The grade (0 = A … 3 = D) of item `i` of the `items` of 施策 `s`: A B B C in turn, and one
/// 未着手 last in a 施策 of more than 20 items (a segment too narrow for its count).
fn grade_of(s: usize, i: usize, items: usize) -> usize {
    if items > 20 && i + 1 == items {
        3
    } else {
        [0, 1, 1, 2][(s + i) % 4]
    }
}

/// `kyodo report --kind koho --format FORMAT -o DIR/out PLAN`, succeeding: the output folder.
fn koho_of(dir: &Path, plan: &Path, format: &str) -> std::path::PathBuf {
    let out = dir.join("out");
    let (code, _, stderr) = kyodo(&[
        "report",
        "--kind",
        "koho",
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
        plan.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{}: {stderr}", plan.display());
    out
}

/// The 広報 page is one A4 page whatever the plan: the sample, twelve 施策 of 1 to 40 items,
/// and a plan of long names and long reports. The chart names every 施策 by number and title
/// without 「…」, and every segment's count is on the page.
#[test]
fn koho_is_one_page_whatever_the_plan() {
    let dir = tempdir("kinds", "onepage");
    for (name, sections, most, long) in
        [("twelve", 12, 40, false), ("long", 6, 12, true), ("few", 2, 3, true)]
    {
        let sub = dir.join(name);
        std::fs::create_dir_all(&sub).unwrap();
        let plan = write_koho_plan(&sub, sections, most, long);
        let out = koho_of(&sub, &plan, "all");
        let pdf = out.join("koho.pdf");
        assert_eq!(pdf_pages(&pdf), 1, "{name}: one page");
        let text = pdf_text(&pdf);
        assert!(!text.contains('…'), "{name}: no label cut short: {text}");
        for s in 1..=sections {
            assert!(text.contains(&format!("施策{s}")), "{name}: 施策{s} named: {text}");
        }
        // The text and the web page say what the page says: the same highlights.
        let txt = std::fs::read_to_string(out.join("koho.txt")).unwrap();
        let html = std::fs::read_to_string(out.join("koho.html")).unwrap();
        let shown = txt.lines().filter(|l| l.starts_with("・取組")).count();
        assert_eq!(html.matches("<li>取組").count(), shown, "{name}: {txt}");
        if name == "few" {
            assert!(shown > 0, "a short plan keeps its highlights: {txt}");
        }
    }
}

/// A city's own colours that print as one grey are kept, and the run says which two steps a
/// grey print cannot tell apart by lightness (the chart's patterns still can); the built-in
/// colours say nothing.
#[test]
fn colours_too_close_in_grey_are_named() {
    let dir = tempdir("kinds", "grey");
    let plan = write_koho_plan(&dir, 2, 3, false);
    // Named so that it is read only when given (a kyodo.toml beside the plan is found).
    let settings = dir.join("city.toml");
    let old = r##"[grades]
scale = [
  { code = "A", label = "計画どおり実施", color = "#2E7D32" },
  { code = "B", label = "おおむね実施", color = "#9CCC65" },
  { code = "C", label = "一部実施", color = "#FFB300" },
  { code = "D", label = "未着手", color = "#E53935" },
]
"##;
    std::fs::write(&settings, old).unwrap();
    let out = dir.join("out");
    let (o, p, c) = (out.to_str().unwrap(), plan.to_str().unwrap(), settings.to_str().unwrap());
    let (code, _, stderr) = kyodo(&["--config", c, "report", "--kind", "koho", "-o", o, p]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("警告：評価の色「計画どおり実施」と「おおむね実施」は、白黒で刷ると明るさで見分けられません（明るさ L* 46 と 77）"), "{stderr}");
    let (colours, _) = common::pdf::fills(&out.join("koho.pdf"));
    assert!(colours.contains(&(0x9C, 0xCC, 0x65)), "the city's colours kept");
    let (code, _, stderr) = kyodo(&["report", "--kind", "koho", "-o", o, p]);
    assert!(code == 0 && !stderr.contains("評価の色"), "{stderr}");
}

/// Every count of the twelve-施策 chart is drawn: in its segment where it fits, beside the
/// bar where it does not (the one 未着手 of a 施策 of 38 items), on the bar's line.
#[test]
fn every_segment_has_its_count() {
    let dir = tempdir("kinds", "counts");
    let plan = write_koho_plan(&dir, 12, 40, false);
    let out = koho_of(&dir, &plan, "pdf");
    let lines = pdf::lines(&pdf::glyphs(&out.join("koho.pdf")));
    // 施策 s has 1 + 7s mod 40 items (all different), graded as grade_of says.
    for s in 1..=12usize {
        let items = 1 + (s * 7) % 40;
        let mut counts = [0usize; 4];
        for i in 0..items {
            counts[grade_of(s, i, items)] += 1;
        }
        let mut expected: Vec<String> = counts.iter().filter(|n| **n > 0).map(|n| n.to_string()).collect();
        // The figures on the baseline of the bar's total 「N件」.
        let total =
            lines.iter().find(|l| pdf::text(l) == format!("{items}件")).unwrap_or_else(|| panic!("施策{s}"));
        let mut shown: Vec<String> = lines
            .iter()
            .filter(|l| l[0].page == total[0].page && (l[0].y - total[0].y).abs() < 0.01)
            .map(|l| pdf::text(l))
            .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
            .collect();
        expected.sort();
        shown.sort();
        assert_eq!(shown, expected, "施策{s}");
        // The lone 未着手 of a long bar: too narrow for its figure, which follows the total.
        let after = |l: &&Vec<pdf::Glyph>| {
            (l[0].y - total[0].y).abs() < 0.01 && l[0].x > total[0].x && pdf::text(l) == "1"
        };
        assert_eq!(lines.iter().filter(after).count(), usize::from(items > 20), "施策{s}");
    }
}

/// Type for older readers (UD guidance for print): body 12 pt or more, headings larger — the
/// parts 16 pt, the headline larger still — read from the laid-out page.
#[test]
fn koho_type_is_large() {
    let dir = tempdir("kinds", "large");
    let loaded = seed::load_sample(&dir);
    let report = seed::report_of(&loaded, Kind::Koho);
    let sizes = koho_sizes(&report);
    assert!(!sizes.is_empty() && sizes.iter().all(|(s, _)| *s >= 12.0), "{sizes:?}");
    let size_of = |words: &str| sizes.iter().find(|(_, t)| t.contains(words)).map(|(s, _)| *s);
    assert_eq!(size_of("施策ごとの評価"), Some(16.0), "{sizes:?}");
    assert_eq!(size_of("主な成果"), Some(16.0), "{sizes:?}");
    assert!(size_of("取り組みの進み具合").is_some_and(|s| s > 16.0), "the headline: {sizes:?}");
    assert_eq!(size_of("件の取り組みのうち"), Some(12.0), "the body: {sizes:?}");
}

#[test]
fn committee_handout_holds_counts_and_every_item() {
    let dir = tempdir("kinds", "committee");
    let (plan, progress) = sample(&dir);
    let out = dir.join("out");
    let (code, _, stderr) = run_report(&plan, &progress, &out, &["--kind", "committee"]);
    assert_eq!(code, 0, "{stderr}");
    let pdf = out.join("committee.pdf");
    let text = pdf_text(&pdf);
    assert!(text.contains("施策1協働（共働）の意識を高める！！231000683％"), "counts of 施策1");
    assert!(text.contains("合計4731001573％"), "the total row");
    assert!(text.contains("ありません。すべての項目の進捗が報告されています。"));
    for item in &seed::ITEMS {
        // As the pages set it, in the one notation (「協働（共働）事例集の作成」).
        let name = kyodo::text::notation::normalise(item.name);
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&name), "{} missing", item.name);
    }
    assert!(pdf_page_is(&pdf, 841.89, 595.276), "A4 landscape");
}

#[test]
fn committee_compares_with_last_year() {
    let dir = tempdir("kinds", "previous");
    let (plan, progress) = sample(&dir);
    let previous = dir.join("previous");
    std::fs::create_dir_all(&previous).unwrap();
    let mut sheet = Sheet::new("令和5年度");
    sheet.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    sheet.row(&["1-1", "自治会、地域での意識の把握", "C", "調査の準備", "継続"]); // now B: ↑
    sheet.row(&["1-2", "情報媒体を活用した啓発活動", "A", "周知", "継続"]); // now A: →
    sheet.row(&["5-2", "広報「つしま」を利用した公表", "A", "掲載", "継続"]); // now A: →
    sheet.row(&["4-1", "協働(共働)に係る経費負担に関するルールづくり", "B", "検討", "継続"]); // now D: ↓
    write_xlsx(&previous.join("令和5年度.xlsx"), &[sheet]);
    let out = dir.join("out");
    let (code, _, stderr) = run_report(
        &plan,
        &progress,
        &out,
        &["--kind", "committee", "--previous", previous.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    let text = pdf_text(&out.join("committee.pdf"));
    assert!(text.contains("改善↑1件変化なし→2件低下↓1件"), "first-page counts");
    assert!(text.contains("C→B↑"), "1-1 improved: last year → this year, on one line");
    assert!(text.contains("B→D↓"), "4-1 worse");
    assert_eq!(text.matches("A→A→").count(), 2);
    assert!(!text.contains("前年A"), "the old notation is gone");
}

#[test]
fn every_kind_in_every_format_from_one_import() {
    let dir = tempdir("kinds", "all");
    let (plan, progress) = sample(&dir);
    let out = dir.join("out");
    let (code, _, stderr) = run_report(&plan, &progress, &out, &["--kind", "all", "--format", "all"]);
    assert_eq!(code, 0, "{stderr}");
    for file in ["official.pdf", "koho.pdf", "koho.txt", "committee.pdf"] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let (code, _, stderr) = run_report(&plan, &progress, &out, &["--kind", "official", "--format", "txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("official は txt 形式では出力できません"), "{stderr}");
}

#[test]
fn templates_are_listed_written_and_override_any_part() {
    let dir = tempdir("kinds", "templates");
    let (code, stdout, _) = kyodo(&["config", "-o", dir.join("tpl").to_str().unwrap()]);
    assert_eq!(code, 0);
    for kind in ["official", "koho", "committee"] {
        assert!(stdout.contains(kind));
    }
    let (plan, progress) = sample(&dir);
    // An edited copy: official in portrait on B4 even with progress.
    let official = dir.join("tpl/official.toml");
    let edited = std::fs::read_to_string(&official)
        .unwrap()
        .replace("orientation = \"auto\"", "orientation = \"portrait\"")
        .replace("paper = \"A4\"", "paper = \"B4\"");
    std::fs::write(&official, edited).unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run_report(&plan, &progress, &out, &["--config", official.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(pdf_page_is(&out.join("official.pdf"), 728.504, 1031.81), "B4 portrait");
}

/// Layout keys of a kind template: a new page per 施策, a pinned column width.
#[test]
fn a_template_may_start_each_section_on_a_new_page_and_pin_a_column() {
    let dir = tempdir("kinds", "layout-keys");
    let (plan, progress) = sample(&dir);
    let run_on = dir.join("run-on");
    assert_eq!(run_report(&plan, &progress, &run_on, &[]).0, 0);
    let file = dir.join("layout.toml");
    std::fs::write(&file, "[official]\nsection_new_page = true\ncolumns = [{ field = \"name\", width_mm = 60 }, { field = \"content\" }, { field = \"grade\" }]\n").unwrap();
    let paged = dir.join("paged");
    let (code, _, stderr) = run_report(&plan, &progress, &paged, &["--config", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(pdf_pages(&paged.join("official.pdf")) >= 3 + 5, "cover, contents, summary and a page per 施策");
    assert!(pdf_pages(&run_on.join("official.pdf")) < 3 + 5, "施策 run on by default");
    // The 項目 column is 60 mm wide: its header is centred 30 mm from the left margin.
    let glyphs = common::pdf::glyphs(&paged.join("official.pdf"));
    let header = glyphs.iter().find(|g| g.page == 3 && g.c == '項').expect("the header 項目");
    let centre = header.x + header.advance; // 項目 is two ems, centred
    let expected = (20.0 + 30.0) * 72.0 / 25.4;
    assert!((centre - expected).abs() < 0.5, "項目 centred at {centre} pt, not {expected}");
}

#[test]
fn broken_templates_name_file_line_and_key() {
    let dir = tempdir("kinds", "broken");
    let (plan, progress) = sample(&dir);
    let cases = [
        ("[koho]\nbody_pt = 8\n", "[koho] body_pt"),
        ("[official]\ntitle = \"x\"\ncolour = 3\n", "bad.toml:3:"),
        ("[committee]\ncolumns = [{ field = \"budget\", width = 3 }]\n", "「budget」は知らない列です"),
        ("[grades]\nscale = [{ code = \"A\", label = \"良\", color = \"green\" }]\n", "#RRGGBB"),
        ("[official]\npaper = \"Letter\"\n", "[official] paper"),
        ("[grades]\non_track = [\"S\"]\n", "on_track の「S」"),
        ("[official]\ncolumns = [{ field = \"name\", width_mm = -4 }]\n", "width_mm は正の数"),
        ("[official]\nlatin_gap_em = 2\n", "[official] latin_gap_em"),
    ];
    for (text, expected) in cases {
        let file = dir.join("bad.toml");
        std::fs::write(&file, text).unwrap();
        let (code, _, stderr) =
            run_report(&plan, &progress, &dir.join("o"), &["--config", file.to_str().unwrap()]);
        assert_eq!(code, 2, "{text}");
        assert!(stderr.contains(expected) && stderr.contains("bad.toml"), "{text}: {stderr}");
    }
}

#[test]
fn a_city_may_name_its_own_fonts() {
    let dir = tempdir("kinds", "fonts");
    let (plan, progress) = sample(&dir);
    let bold = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/BIZUDGothic-Bold.ttf");
    std::fs::copy(&bold, dir.join("city-font.ttf")).unwrap();
    let settings = dir.join("city.toml");
    std::fs::write(&settings, "[fonts]\nregular = \"city-font.ttf\"\nbold = \"city-font.ttf\"\n").unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = run_report(&plan, &progress, &out, &["--config", settings.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let fonts: Vec<String> =
        pdf::tagged(&out.join("official.pdf")).fonts.into_iter().map(|(f, _)| f).collect();
    // Both faces are the one configured file: it alone is embedded, the bundled Regular not.
    assert!(
        fonts.iter().any(|f| f.contains("+BIZUDGothic-Bold"))
            && !fonts.iter().any(|f| f.contains("BIZUDGothic-Regular")),
        "the configured file is the regular face: {fonts:?}"
    );
    std::fs::write(dir.join("city-font.ttf"), "not a font").unwrap();
    let (code, _, stderr) = run_report(&plan, &progress, &out, &["--config", settings.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("city-font.ttf") && stderr.contains("TrueType"), "{stderr}");
}

#[test]
fn a_plan_alone_is_listed_as_a_plan_in_the_handout_and_the_workbook() {
    let dir = tempdir("kinds", "plan-alone");
    let plan = common::write_small_plan(&dir, "令和6年度 市民協働推進アクションプラン");
    let out = dir.join("out");
    let plan = plan.to_str().unwrap();
    let (code, _, stderr) =
        kyodo(&["report", "--kind", "all", "--format", "all", "-o", out.to_str().unwrap(), plan]);
    assert_eq!(code, 0, "{stderr}");
    // The handout: one line says so, then the plan; no 未提出 rows, no 順調 rate.
    let handout = pdf_text(&out.join("committee.pdf"));
    assert!(handout.contains("進捗の報告はまだありません。"), "{handout}");
    assert!(handout.contains("計画の項目") && handout.contains("協働事業の募集"), "{handout}");
    assert!(handout.contains("協働事業を募ります。"), "the plan's 内容, as the plan prints it: {handout}");
    assert!(!handout.contains("未提出") && !handout.contains("順調"), "{handout}");
    let page = std::fs::read_to_string(out.join("committee.html")).unwrap();
    assert!(page.contains("進捗の報告はまだありません。") && !page.contains("未提出"), "the web page too");
    // The workbook: the same line on 集計, the plan's columns on 一覧.
    let book = read_workbook(&out.join("official.xlsx"));
    let summary = sheet(&book, "集計");
    assert_eq!(summary[2][0], "進捗の報告はまだありません。");
    assert_eq!(summary[3], ["施策", "項目数"], "no grade, 未提出 or rate column");
    let list = sheet(&book, "一覧");
    assert!(!list[0].iter().any(|h| ["評価", "報告部署", "実績"].contains(&h.as_str())), "{:?}", list[0]);
    let everything: String = book.iter().flat_map(|(_, rows)| rows.iter().flatten()).cloned().collect();
    assert!(!everything.contains("未提出"), "{everything}");
}
