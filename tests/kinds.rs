//! The 広報 summary, the committee handout and the templates that shape every kind.

mod common;

use common::{pdf, pdf_page_is, pdf_pages, pdf_text, seed, tempdir, write_xlsx, Sheet};
use kyodo::layout::frame::Element;
use kyodo::report::Kind;
use std::path::Path;
use std::process::Command;

fn kyodo(args: &[&str]) -> (i32, String, String) {
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
    assert!((1..=2).contains(&pdf_pages(&pdf)));
    let squashed = pdf_text(&pdf);
    assert!(squashed.contains("施策ごとの評価") && squashed.contains("主な成果（担当部署の報告から）"));
    // The chart's bars: fill operators in the scale's colours (A #2E7D32, D #E53935).
    let (colours, filled) = common::pdf::fills(&pdf);
    assert!(colours.contains(&(0x2E, 0x7D, 0x32)), "A-coloured bars");
    assert!(colours.contains(&(0xE5, 0x39, 0x35)), "D-coloured bars");
    assert!(filled > 0, "filled rectangles");
}

#[test]
fn koho_type_is_large() {
    let dir = tempdir("kinds", "large");
    let loaded = seed::load_sample(&dir);
    let report = seed::report_of(&loaded, Kind::Koho);
    let doc = report.layout();
    let sizes: Vec<f32> = doc
        .pages
        .iter()
        .flat_map(|p| &p.elements)
        .filter_map(|e| match e {
            Element::Text { size, text, .. } if !text.starts_with("- ") && !text.contains("対馬市") => {
                Some(*size)
            }
            _ => None,
        })
        .collect();
    assert!(!sizes.is_empty() && sizes.iter().all(|s| *s >= 11.0), "{sizes:?}");
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
    assert!(text.contains("施策1協働(共働)の意識を高める!!231000683％"), "counts of 施策1");
    assert!(text.contains("合計4731001573％"), "the total row");
    assert!(text.contains("ありません。すべての項目の進捗が報告されています。"));
    for item in &seed::ITEMS {
        let name: String = item.name.chars().filter(|c| !c.is_whitespace()).collect();
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
