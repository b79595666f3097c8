//! The run as one driver (`kyodo::run`): the year settled before the check, returns made from
//! the files as read, one rule for 未提出, each input read once, the settings found by one
//! rule. Each test pins a defect the command line had when the run lived in `main.rs` (the
//! year given and the indicators' targets: `tests/indicator_columns.rs`).

mod common;

use common::{kyodo, pdf_text, read_workbook, seed, sheet, tempdir, write_csv, write_xlsx, Sheet};
use std::path::Path;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn year_settles_progress_files_that_disagree_on_their_year() {
    let dir = tempdir("run", "year-conflict");
    let plan = dir.join("plan.xlsx");
    seed::write_plan_titled(&plan, seed::YEAR_TITLE);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    seed::write_progress_with(&progress.join(format!("{}.xlsx", seed::HQ)), seed::HQ, "令和6年度", &[]);
    seed::write_progress_with(&progress.join(format!("{}.xlsx", seed::ALL)), seed::ALL, "令和5年度", &[]);
    let out = dir.join("out");
    // Without --year the conflict stops the report, and the message says --year settles it.
    let run = kyodo(&["report", "--plan", s(&plan), "-o", s(&out), s(&progress)]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("--year で指定できます"), "{}", run.stderr);
    let run = kyodo(&["report", "--plan", s(&plan), "--year", "令和6", "-o", s(&out), s(&progress)]);
    assert_eq!(run.code, 0, "--year settles the conflict: {}", run.stderr);
    assert!(run.stderr.contains("指定のとおり令和6年度の報告書を作ります"), "{}", run.stderr);
    assert!(pdf_text(&out.join("official.pdf")).contains("令和6年度"));
}

#[test]
fn returns_are_made_from_the_file_as_read_whatever_its_name() {
    let dir = tempdir("run", "returns-csv-as-xls");
    let inputs = dir.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let rows: Vec<Vec<String>> = [
        vec!["No", "施策", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"],
        vec!["1", "施策1 参画", "広報の充実", "広報紙で知らせます。", "企画課", "S", "掲載した。", "継続"],
        // Long texts in every column: the copy still prints one page wide at 8 pt or more.
        vec![
            "2",
            "施策1 市民参画の推進と協働の意識を高めるための取組",
            "市民参加の手続きに関する条例の周知",
            "条例の内容を広報紙、ホームページ、ケーブルテレビで繰り返し知らせます。",
            "企画課・総務課・市民協働推進課・地域振興課",
            "A",
            "広報紙に三回掲載し、ホームページに特設ページを設けた。説明会を市内六地区で開いた。",
            "継続して周知し、説明会の参加者を増やす工夫を考えます。",
        ],
    ]
    .iter()
    .map(|r| r.iter().map(|c| c.to_string()).collect())
    .collect();
    // A system's export: CSV text saved under a workbook's name, with a grade off the scale.
    write_csv(&inputs.join("企画課.xls"), &rows, false);
    let returns = dir.join("returns");
    let run = kyodo(&["check", "--returns", s(&returns), s(&inputs)]);
    assert_eq!(run.code, 1, "a finding, not a failed run: {}{}", run.stdout, run.stderr);
    let book = read_workbook(&returns.join("企画課.xlsx"));
    let list = sheet(&book, "要修正一覧");
    assert!(list.iter().flatten().any(|c| c.contains("評価「S」")), "{list:?}");
    let copy = &book[1].1;
    assert!(copy.iter().any(|r| r.iter().any(|c| c == "広報の充実")), "the values as read: {copy:?}");
    for part in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        common::assert_prints_legibly(&common::xlsx_part(&returns.join("企画課.xlsx"), part));
    }
    // Dated as the reports are (here SOURCE_DATE_EPOCH), never by the clock: the same inputs
    // make the same files.
    for book in ["企画課.xlsx", "督促一覧.xlsx"] {
        let core = common::xlsx_part(&returns.join(book), "docProps/core.xml");
        assert!(core.contains(">2025-06-30T00:00:00Z</dcterms:created>"), "{book}: {core}");
    }
}

#[test]
fn a_silent_department_is_unreported_by_one_rule_in_the_pages_and_the_workbook() {
    let dir = tempdir("run", "silent");
    let mut form = Sheet::new("進捗状況");
    form.row(&["令和6年度 進捗状況報告"]);
    form.row(&["部署名：企画課"]);
    form.row(&["No", "施策", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"]);
    form.row(&[
        "1",
        "施策1 参画",
        "広報の充実",
        "広報紙で知らせます。",
        "企画課、総務課",
        "A",
        "掲載した。",
        "継続",
    ]);
    let input = dir.join("企画課.xlsx");
    write_xlsx(&input, &[form]);
    let out = dir.join("out");
    // Without a plan nothing was asked of 総務課: neither output calls it 未提出.
    let run = kyodo(&["report", "--format", "all", "-o", s(&out), s(&input)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = pdf_text(&out.join("official.pdf"));
    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    assert!(!pages.contains("未提出"), "{pages}");
    assert!(!list.iter().flatten().any(|c| c == "未提出"), "{list:?}");
}

#[test]
fn a_cell_shows_the_same_value_in_the_pages_the_web_page_the_workbook_and_the_csv() {
    let dir = tempdir("run", "one-value");
    let mut plan = Sheet { numbers: true, ..Sheet::new("計画") };
    plan.row(&["No", "施策", "項目", "内容", "関係部署"]);
    plan.row(&["1", "施策1 参画", "広報の充実", "広報紙で知らせます。", "企画課"]);
    plan.row(&["2", "施策1 参画", "窓口の設置", "窓口を設けます。", "企画課、総務課"]);
    let plan_path = dir.join("計画.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let mut form = Sheet { numbers: true, ..Sheet::new("進捗状況") };
    form.row(&["令和6年度 進捗状況報告"]);
    form.row(&["部署名：企画課"]);
    form.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    // A grade off the scale, and 実績 typed as a number.
    form.row(&["1", "広報の充実", "S", "1500", "継続"]);
    form.row(&["2", "窓口の設置", "A", "設けた。", "継続"]);
    let inputs = dir.join("progress");
    std::fs::create_dir_all(&inputs).unwrap();
    write_xlsx(&inputs.join("企画課.xlsx"), &[form]);
    let out = dir.join("out");
    let run =
        kyodo(&["report", "--force", "--format", "all", "--plan", s(&plan_path), "-o", s(&out), s(&inputs)]);
    assert_eq!(run.code, 1, "written with the finding: {}", run.stderr);
    let pages = pdf_text(&out.join("official.pdf"));
    let html = std::fs::read_to_string(out.join("official.html")).unwrap();
    let csv = std::fs::read_to_string(out.join("official.csv")).unwrap();
    let book = read_workbook(&out.join("official.xlsx"));
    let list: Vec<&String> = sheet(&book, "一覧").iter().flatten().collect();
    // ※ marks the grade off the scale, 未提出 the listed department that sent nothing, and the
    // number stands as typed: the same in every output.
    for value in ["S※", "未提出", "1500"] {
        assert!(pages.contains(value), "PDF {value}: {pages}");
        assert!(html.contains(&format!(">{value}<")), "HTML {value}: {html}");
        assert!(csv.contains(&format!(",{value},")), "CSV {value}: {csv}");
        assert!(list.iter().any(|c| *c == value), "workbook {value}: {list:?}");
    }
}

#[test]
fn a_dropped_folder_reads_each_file_once() {
    let dir = tempdir("run", "drop-once");
    let folder = dir.join("届いたもの");
    std::fs::create_dir_all(&folder).unwrap();
    seed::write_sample(&folder);
    seed::write_earlier_years(&folder);
    let files = kyodo::import::expand(std::slice::from_ref(&folder)).unwrap().len();
    assert_eq!(files, 7, "the plan, two departments, two earlier years of two");
    let before = kyodo::pipeline::files_read();
    let mut notices = Vec::new();
    let done = kyodo::run::dropped(&[], &[folder], &mut notices).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(kyodo::pipeline::files_read() - before, files, "{notices:?}");
    assert_eq!(done.status, kyodo::run::Status::Clean, "{notices:?}");
    let names: Vec<String> =
        done.written.iter().map(|w| w.path.file_name().unwrap().to_string_lossy().into()).collect();
    let expected = [
        "進捗状況報告書.pdf",
        "進捗状況一覧.xlsx",
        "進捗状況報告書.html",
        "進捗状況一覧.csv",
        "指標一覧.csv",
        "広報原稿.pdf",
        "広報原稿.txt",
        "広報原稿.html",
        "委員会資料.pdf",
        "委員会資料.html",
    ];
    assert_eq!(names, expected);
    assert!(done.written.iter().all(|w| w.path.parent() == Some(&dir.join("令和6年度_報告書"))));
    let earlier = notices.iter().filter(|n| matches!(n, kyodo::run::Notice::EarlierInDrop { .. })).count();
    assert_eq!(earlier, 2, "{notices:?}");
}

/// The seed sample with the plan and the returns each in a subfolder of `top`, as an office
/// keeps them: `top/計画/plan.xlsx`, `top/progress/`.
fn office_folder(top: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    std::fs::create_dir_all(top).unwrap();
    let (plan, progress) = seed::write_sample(top);
    let plans = top.join("計画");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::rename(&plan, plans.join("plan.xlsx")).unwrap();
    (plans.join("plan.xlsx"), progress)
}

const CITY: &str = "[city]\nname = \"架空市\"\n";

#[test]
fn settings_at_the_top_of_a_dropped_folder_are_read_and_named() {
    let dir = tempdir("run", "settings-drop");
    let top = dir.join("令和6年度");
    office_folder(&top);
    std::fs::write(top.join("kyodo.toml"), CITY).unwrap();
    let run = kyodo(&[s(&top)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("設定: {}", s(&top.join("kyodo.toml")))), "{}", run.stderr);
    assert!(
        !run.stderr.contains("読まなかったファイル"),
        "settings are no skipped spreadsheet: {}",
        run.stderr
    );
    assert!(pdf_text(&dir.join("令和6年度_報告書").join("進捗状況報告書.pdf")).contains("架空市"));
}

#[test]
fn settings_beside_the_plan_are_read_for_report_as_for_template() {
    let dir = tempdir("run", "settings-plan");
    let (plan, progress) = office_folder(&dir);
    std::fs::write(plan.with_file_name("kyodo.toml"), CITY).unwrap();
    let out = dir.join("out");
    let run = kyodo(&["report", "--plan", s(&plan), "-o", s(&out), s(&progress)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("設定: ") && run.stderr.contains("kyodo.toml"), "{}", run.stderr);
    assert!(pdf_text(&out.join("official.pdf")).contains("架空市"));
    let forms = dir.join("forms");
    let run = kyodo(&["template", "--plan", s(&plan), "-o", s(&forms)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("設定: ") && run.stderr.contains("kyodo.toml"), "{}", run.stderr);
}

#[test]
fn settings_saved_in_shift_jis_are_told_to_be_saved_as_utf8() {
    let dir = tempdir("run", "settings-sjis");
    let (plan, progress) = office_folder(&dir);
    let sjis = encoding_rs::SHIFT_JIS.encode(CITY).0.into_owned();
    std::fs::write(progress.join("kyodo.toml"), sjis).unwrap();
    let run = kyodo(&["check", "--plan", s(&plan), s(&progress)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("UTF-8 ではありません") && run.stderr.contains("保存し直してください"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("ほかのアプリで開いて"), "{}", run.stderr);
}

#[test]
fn settings_beside_the_plan_in_a_dropped_folder_are_read() {
    let dir = tempdir("run", "settings-drop-plan");
    let top = dir.join("届いたもの");
    let (plan, _) = office_folder(&top);
    std::fs::write(plan.with_file_name("kyodo.toml"), CITY).unwrap();
    let run = kyodo(&[s(&top)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("設定: {}", s(&plan.with_file_name("kyodo.toml")))),
        "{}",
        run.stderr
    );
    assert!(pdf_text(&dir.join("令和6年度_報告書").join("進捗状況報告書.pdf")).contains("架空市"));
}
