//! What progress reports hold besides a grade: codes that are not grades (完了, 中止),
//! opinions of the committee, indicators with targets. Each test writes a workbook, runs the
//! built binary and reads every output back.

mod common;

use common::{kyodo, pdf_text, read_workbook, report_with, sheet, tempdir, write_xlsx, Sheet};
use std::path::{Path, PathBuf};

/// A scale with two codes that are not grades.
const SCALE: &str = r##"[grades]
scale = [
  { code = "A", label = "計画どおり実施" },
  { code = "B", label = "おおむね実施" },
  { code = "C", label = "一部実施" },
  { code = "D", label = "未着手" },
  { code = "完了", label = "事業完了", counts = false },
  { code = "中止", label = "事業中止", counts = false },
]
on_track = ["A", "B"]
"##;

/// One department's progress sheet of 令和6年度 with its rows under `header`.
fn progress(dir: &Path, header: &[&str], rows: &[Vec<&str>]) -> PathBuf {
    progress_of(dir, "令和6年度", header, rows)
}

/// One department's progress sheet of `year` in `dir`.
fn progress_of(dir: &Path, year: &str, header: &[&str], rows: &[Vec<&str>]) -> PathBuf {
    let mut s = Sheet::new("進捗状況");
    s.row(&[&format!("{year} 市民協働推進アクションプラン 進捗状況報告")]);
    s.row(&["部署名", "企画課"]);
    s.row(header);
    for r in rows {
        s.row(r);
    }
    let path = dir.join("企画課.xlsx");
    write_xlsx(&path, &[s]);
    path
}

/// `kyodo --config SETTINGS report --kind all --format all -o OUT INPUT`; returns OUT.
fn report_all(dir: &Path, settings: &str, input: &Path) -> PathBuf {
    report_with(dir, settings, input, &[])
}

const HEADER: [&str; 8] = ["No", "施策", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"];

fn graded_rows() -> Vec<Vec<&'static str>> {
    vec![
        vec![
            "1",
            "施策1 参画",
            "広報の充実",
            "広報の充実を進める。",
            "企画課",
            "A",
            "広報紙に毎月掲載した。",
            "継続",
        ],
        vec![
            "2",
            "施策1 参画",
            "窓口の案内",
            "窓口の案内を進める。",
            "企画課",
            "B",
            "案内板を更新した。",
            "継続",
        ],
        vec!["3", "施策1 参画", "講座の開催", "講座の開催を進める。", "企画課", "C", "1回開催した。", "改善"],
        vec![
            "4",
            "施策1 参画",
            "条例の制定",
            "条例の制定を進める。",
            "企画課",
            "完了",
            "条例を制定した。",
            "完了",
        ],
        vec![
            "5",
            "施策1 参画",
            "旧事業の整理",
            "旧事業の整理を進める。",
            "企画課",
            "中止",
            "事業を中止した。",
            "廃止",
        ],
    ]
}

#[test]
fn codes_that_are_not_grades_are_shown_counted_apart_and_left_out_of_rates() {
    let dir = tempdir("fields", "codes");
    let input = progress(&dir, &HEADER, &graded_rows());
    let out = report_all(&dir, SCALE, &input);

    // 順調 = A, B of the three graded items (2/3 = 67%), not of all five (40%).
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(
        koho.contains("評価の対象としない「事業完了」1件、「事業中止」1件の2件を除く3件のうち、「計画どおり実施」または「おおむね実施」と評価した順調な取り組みは2件（67％）です。"),
        "{koho}"
    );
    assert!(
        koho.contains("3件の取り組みのうち、2件が順調に進んでいます。このほか、評価の対象としない「事業完了」1件、「事業中止」1件があります。"),
        "{koho}"
    );

    // In the 広報 chart 完了 is a blue-grey (#78909C), not a colour of the grades' green-to-red.
    let (colours, _) = common::pdf::fills(&out.join("koho.pdf"));
    assert!(colours.contains(&(0x78, 0x90, 0x9C)), "完了's bar");

    let committee = pdf_text(&out.join("committee.pdf"));
    // The counts row of 施策1: A B C D 完了 中止 評価なし 計 順調 (no 未提出: the sheets alone,
    // without a plan, asked no one for a report).
    assert!(committee.contains("施策1参画1110110567％"), "{committee}");
    assert!(committee
        .contains("完了・中止は評価として数えない区分で、順調の割合と前年度との比較には含めません。"));

    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains("（完了・中止は評価として数えない区分）"), "{official}");
    assert!(official.contains("条例の制定") && official.contains("完了"));

    let book = read_workbook(&out.join("official.xlsx"));
    let summary = sheet(&book, "集計");
    let header = summary.iter().find(|r| r.first().is_some_and(|c| c == "施策")).expect("集計 header");
    let col =
        |name: &str| header.iter().position(|c| c.starts_with(name)).unwrap_or_else(|| panic!("{name}"));
    let total = summary.iter().find(|r| r.first().is_some_and(|c| c == "合計")).expect("合計");
    assert_eq!(total[col("完了")], "1");
    assert_eq!(total[col("中止")], "1");
    assert_eq!(total[col("A")], "1");
    assert!(summary.iter().flatten().any(|c| c.contains("完了・中止は評価として数えない区分です")));
}

#[test]
fn a_scale_of_only_codes_that_are_not_grades_is_refused() {
    let dir = tempdir("fields", "only-codes");
    let input = progress(&dir, &HEADER, &graded_rows());
    let toml = dir.join("settings.toml");
    std::fs::write(&toml, "[grades]\nscale = [{ code = \"完了\", label = \"完了\", counts = false }]\n")
        .unwrap();
    let out = dir.join("out");
    let args = ["--config".as_ref(), toml.as_os_str(), "report".as_ref(), "-o".as_ref(), out.as_os_str()];
    let run = kyodo(&[&args[..], &[input.as_os_str()]].concat());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("counts = false でないもの"), "{}", run.stderr);
}

#[test]
fn codes_that_are_not_grades_are_not_compared_with_last_year() {
    let dir = tempdir("fields", "codes-trend");
    let before = dir.join("r5");
    std::fs::create_dir_all(&before).unwrap();
    let mut last = graded_rows();
    for row in &mut last {
        row[5] = "B";
    }
    progress_of(&before, "令和5年度", &HEADER, &last);
    let input = progress(&dir, &HEADER, &graded_rows());
    let out = report_with(&dir, SCALE, &input, &[Path::new("--previous"), &before]);
    let committee = pdf_text(&out.join("committee.pdf"));
    // B → A, B → B, B → C compared; B → 完了 and B → 中止 are not.
    assert!(committee.contains("改善↑1件変化なし→1件低下↓1件"), "{committee}");
    assert!(committee.contains("B→A↑") && !committee.contains("B→完了"), "{committee}");
}

#[test]
fn opinions_are_printed_under_the_item_and_listed_in_the_workbook() {
    let dir = tempdir("fields", "opinions");
    let mut header = HEADER.to_vec();
    header.extend(["所属長コメント", "委員会意見（外部評価）"]);
    let mut rows = graded_rows();
    rows[0].extend(["周知の効果を確かめたい。", "紙面の読者調査を勧める。"]);
    rows[2].extend(["", "開催回数を増やすべきである。"]);
    let input = progress(&dir, &header, &rows);
    let out = report_all(&dir, SCALE, &input);

    let official = pdf_text(&out.join("official.pdf"));
    // Under 広報の充実: its 実績, then the comment, then the committee's opinion, before the next item.
    let at = |s: &str| official.find(s).unwrap_or_else(|| panic!("{s} missing in {official}"));
    let item = at("広報の充実");
    let results = at("広報紙に毎月掲載した。");
    let comment = at("所属長コメント周知の効果を確かめたい。");
    let opinion = at("委員会意見紙面の読者調査を勧める。");
    let next = at("窓口の案内");
    assert!(item < results && results < comment && comment < opinion && opinion < next, "{official}");
    assert!(official.contains("委員会意見開催回数を増やすべきである。"));
    assert_eq!(official.matches("所属長コメント").count(), 1, "no comment row for items without one");

    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    let header = list.iter().find(|r| r.iter().any(|c| c == "項目")).expect("一覧 header");
    let col = |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}"));
    let row = list.iter().find(|r| r.iter().any(|c| c == "講座の開催")).expect("講座の開催");
    assert_eq!(row[col("委員会意見")], "開催回数を増やすべきである。");
    assert_eq!(row[col("所属長コメント")], "");
    let row = list.iter().find(|r| r.iter().any(|c| c == "広報の充実")).unwrap();
    assert_eq!(row[col("所属長コメント")], "周知の効果を確かめたい。");
}

const INDICATOR_HEADER: [&str; 14] = [
    "No",
    "施策",
    "項目",
    "内容",
    "関係部署",
    "評価",
    "実績",
    "今後の方向性",
    "指標",
    "単位",
    "基準値",
    "目標値（令和7年度）",
    "目標年度",
    "実績値",
];

/// Three items with indicators; the first has a second one on the row below it.
fn indicator_rows() -> Vec<Vec<&'static str>> {
    let item = |no, name, grade| {
        vec![no, "施策1 参画", name, "取り組みを進める。", "企画課", grade, "実施した。", "継続"]
    };
    let with = |mut row: Vec<&'static str>, rest: [&'static str; 6]| {
        row.extend(rest);
        row
    };
    vec![
        with(item("1", "広報の充実", "A"), ["協働事業数", "件", "10", "20", "令和7年度", "15"]),
        with(vec![""; 8], ["参加者数", "人", "１，０００人", "2,000人", "令和7年度", "1,800人"]),
        with(item("2", "窓口の案内", "B"), ["満足度", "%", "12.5%", "20%", "令和7年度", "未集計"]),
        with(item("3", "講座の開催", "C"), ["講座数", "回", "0", "3", "令和7年度", "1"]),
    ]
}

const THRESHOLDS: &str = "\n[grades]\nfrom_indicator = [{ code = \"A\", min = 100 }, { code = \"B\", min = 60 }, { code = \"C\", min = 0 }]\n";

#[test]
fn indicators_are_read_rated_checked_and_shown() {
    let dir = tempdir("fields", "indicators");
    let input = progress(&dir, &INDICATOR_HEADER, &indicator_rows());
    let toml = dir.join("settings.toml");
    std::fs::write(&toml, THRESHOLDS).unwrap();
    let check = kyodo(&["--config".as_ref(), toml.as_os_str(), "check".as_ref(), input.as_os_str()]);
    let out = &check.stdout;
    // The unreadable 実績値 named by its cell (N6), the grade against the lowest rate (50.0%).
    assert!(
        out.contains("企画課.xlsx:進捗状況!N6: 警告：指標「満足度」の実績値「未集計」は数として読めません"),
        "{out}{}",
        check.stderr
    );
    assert!(
        out.contains("進捗状況!F4: 警告：評価「A」は、指標「協働事業数」の達成率 50.0％ から見ると「C」です"),
        "{out}"
    );
    assert_eq!(out.matches("から見ると").count(), 1, "講座の開催 (C at 33.3%) agrees: {out}");
    assert!(out.contains("項目 3 件") && out.contains("指標の行 1"), "{out}");

    let out = report_all(&dir, THRESHOLDS, &input);
    let official = pdf_text(&out.join("official.pdf"));
    // Under each item its indicators, a row each under their header cells.
    for line in [
        "指標基準値目標値実績値達成率目標の達成協働事業数10件20件（令和7年度）15件50.0％未達成\
         参加者数1,000人2,000人（令和7年度）1,800人80.0％未達成",
        "指標基準値目標値実績値達成率目標の達成満足度12.5％20％（令和7年度）未集計－",
        "指標基準値目標値実績値達成率目標の達成講座数0回3回（令和7年度）1回33.3％未達成",
    ] {
        assert!(official.contains(line), "{line} missing in {official}");
    }
    let book = read_workbook(&out.join("official.xlsx"));
    let sheet = sheet(&book, "指標");
    let header = &sheet[2];
    let col =
        |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}: {header:?}"));
    let row = |name: &str| sheet.iter().find(|r| r[col("指標")] == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(row("参加者数")[col("基準値")], "1000");
    assert_eq!(row("参加者数")[col("実績値")], "1800");
    assert_eq!(row("参加者数")[col("達成率")], "0.8");
    assert_eq!(row("参加者数")[col("項目")], "広報の充実");
    assert_eq!(row("講座数")[col("達成率")], "0.333");
    // The indicator's own 達成 (its rate is under 100％), not the item's 評価.
    assert_eq!(row("協働事業数")[col("目標の達成")], "未達成");
    assert_eq!(row("協働事業数")[col("指標からの評価")], "C");
    assert_eq!(row("満足度")[col("実績値")], "未集計");
    assert_eq!(row("満足度")[col("達成率")], "－");
    // Shown as the report prints them: 1,000 with its separator, 12.5 as written.
    let xlsx = out.join("official.xlsx");
    let position = book.iter().position(|(n, _)| n == "指標").unwrap() + 1;
    let xml = common::xlsx_part(&xlsx, &format!("xl/worksheets/sheet{position}.xml"));
    let styles = common::xlsx_part(&xlsx, "xl/styles.xml");
    let xfs: Vec<&str> = styles.split("<cellXfs").nth(1).unwrap().split("<xf ").skip(1).collect();
    let format_of = |name: &str, column: &str| -> String {
        let r = sheet.iter().position(|r| r[col("指標")] == name).unwrap() + 1;
        let a1 = format!("{}{r}", (b'A' + col(column) as u8) as char);
        let cell = xml.split(&format!("<c r=\"{a1}\" s=\"")).nth(1).unwrap_or_else(|| panic!("{a1}"));
        let style: usize = cell.split('"').next().unwrap().parse().unwrap();
        let id = xfs[style].split("numFmtId=\"").nth(1).unwrap().split('"').next().unwrap();
        let custom = styles.split(&format!("<numFmt numFmtId=\"{id}\" formatCode=\"")).nth(1);
        custom.map_or(format!("built-in {id}"), |c| c.split('"').next().unwrap().to_string())
    };
    assert_eq!(format_of("参加者数", "基準値"), "#,##0");
    assert_eq!(format_of("満足度", "基準値"), "built-in 0", "General for 12.5");
    // The chart of the rates: the 達成率 column (K) of the four indicator rows (4–7).
    let charts: String = (1..=2)
        .map(|n| common::xlsx_part(&out.join("official.xlsx"), &format!("xl/charts/chart{n}.xml")))
        .collect();
    assert!(charts.contains("指標の達成率") && charts.contains("指標!$K$4:$K$7"), "{charts}");
}

#[test]
fn the_rate_is_rounded_as_the_settings_say() {
    let dir = tempdir("fields", "rounding");
    let input = progress(&dir, &INDICATOR_HEADER, &indicator_rows());
    let out = report_all(&dir, "[indicators]\nrate_decimals = 0\n", &input);
    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains("1回33％未達成"), "{official}");
    let book = read_workbook(&out.join("official.xlsx"));
    let sheet = sheet(&book, "指標");
    assert!(sheet.iter().any(|r| r.iter().any(|c| c == "0.33")), "33% stored as 0.33");
    assert!(!sheet[2].iter().any(|c| c == "指標からの評価"), "no proposal column without from_indicator");
}

#[test]
fn plan_targets_and_reported_actuals_meet_by_indicator_name_under_a_merged_item() {
    let dir = tempdir("fields", "plan-indicators");
    let mut plan = Sheet::new("計画");
    plan.row(&["市民協働推進アクションプラン 計画期間 令和3〜7年度"]);
    plan.row(&["No", "施策", "項目", "内容", "関係部署", "指標", "単位", "基準値", "目標値", "目標年度"]);
    plan.row(&[
        "1",
        "施策1 参画",
        "広報の充実",
        "広報を充実する。",
        "企画課",
        "掲載回数",
        "回",
        "6",
        "12",
        "令和7年度",
    ]);
    plan.row(&["", "", "", "", "", "読者数", "人", "100", "300", "令和7年度"]);
    // 項目 and 内容 merged down over the second indicator's row, as plans print them.
    plan.merges = vec![(2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 3, 3, 3), (2, 4, 3, 4)];
    let plan_path = dir.join("plan.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let returned = dir.join("progress");
    std::fs::create_dir_all(&returned).unwrap();
    progress(
        &returned,
        &["No", "項目", "評価", "実績", "今後の方向性", "指標", "実績値"],
        &[
            vec!["1", "広報の充実", "B", "毎月掲載した。", "継続", "読者数", "250人"],
            vec!["", "", "", "", "", "掲載回数", "12"],
        ],
    );
    let out = dir.join("out");
    let run = kyodo(&[
        "report".as_ref(),
        "--plan".as_ref(),
        plan_path.as_os_str(),
        "--kind".as_ref(),
        "all".as_ref(),
        "--format".as_ref(),
        "all".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
        returned.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains("掲載回数6回12回（令和7年度）12回100.0％達成"), "{official}");
    assert!(official.contains("読者数100人300人（令和7年度）250人75.0％未達成"), "{official}");
    assert_eq!(
        official.matches("広報の充実").count(),
        1,
        "one item, not a duplicate per indicator row: {official}"
    );
    let committee = pdf_text(&out.join("committee.pdf"));
    assert!(committee.contains("読者数100人300人（令和7年度）250人75.0％未達成"), "{committee}");
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(koho.contains("数値目標を掲げた2つの指標のうち、1つが目標に達しました。"), "{koho}");
    let book = read_workbook(&out.join("official.xlsx"));
    let rows = sheet(&book, "指標");
    assert_eq!(rows.iter().filter(|r| r.iter().any(|c| c == "広報の充実")).count(), 2, "{rows:?}");
}

/// `kyodo check ARGS…`.
fn check(args: &[&std::ffi::OsStr]) -> common::Run {
    kyodo(&[&["check".as_ref()][..], args].concat())
}

#[test]
fn returns_mark_exactly_the_cells_check_names_and_keep_every_value() {
    let dir = tempdir("fields", "returns");
    let mut plan = Sheet::new("計画");
    plan.row(&["No", "施策", "項目", "内容", "関係部署"]);
    plan.row(&["1", "施策1 参画", "広報の充実", "広報を充実する。", "企画課"]);
    plan.row(&["2", "施策1 参画", "窓口の案内", "案内を整える。", "企画課"]);
    plan.row(&["3", "施策1 参画", "講座の開催", "講座を開く。", "総務課"]);
    let plan_path = dir.join("plan.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let header = ["No", "項目", "評価", "実績", "今後の方向性"];
    let planning = progress(&inbox, &header, &[vec!["1", "広報の充実", "済", "", "継続"]]);
    let mut general = Sheet::new("進捗状況");
    general.row(&["令和6年度 進捗状況報告"]);
    general.row(&["部署名", "総務課"]);
    general.row(&header);
    general.row(&["3", "講座の開催", "A", "2回開催した。", "継続"]);
    write_xlsx(&inbox.join("総務課.xlsx"), &[general]);

    let returns = dir.join("returns");
    let run = check(&[
        "--plan".as_ref(),
        plan_path.as_os_str(),
        "--returns".as_ref(),
        returns.as_os_str(),
        inbox.as_os_str(),
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let prefix = format!("{}:進捗状況!", planning.display());
    let named: std::collections::BTreeSet<String> = run
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|l| l.split(':').next().map(str::to_string))
        .collect();
    assert_eq!(named.iter().map(String::as_str).collect::<Vec<_>>(), ["C4", "D4"], "{}", run.stdout);

    let returned = returns.join("企画課.xlsx");
    assert!(!returns.join("総務課.xlsx").exists(), "no return for a department without problems");
    let book = read_workbook(&returned);
    assert_eq!(book[0].0, "要修正一覧");
    let list = &book[0].1;
    assert!(list.iter().any(|r| r.iter().any(|c| c.contains("評価「済」"))), "{list:?}");
    // Every value of the original, where it was.
    let original = read_workbook(&planning);
    assert_eq!(sheet(&book, "進捗状況"), sheet(&original, "進捗状況"));
    // A note on exactly the cells check named.
    let comments = common::xlsx_part(&returned, "xl/comments1.xml");
    let refs: std::collections::BTreeSet<String> =
        comments.split("ref=\"").skip(1).filter_map(|s| s.split('"').next().map(str::to_string)).collect();
    assert_eq!(refs, named, "{comments}");
    assert!(comments.contains("評価「済」"), "{comments}");

    let reminders = std::fs::read_to_string(returns.join("督促一覧.txt")).unwrap();
    assert!(reminders.starts_with('\u{feff}') && reminders.contains("\r\n"));
    assert!(reminders.contains("■企画課（未提出 1件）\r\n・No.2　窓口の案内"), "{reminders}");
    assert!(!reminders.contains("総務課"), "{reminders}");
    let list = read_workbook(&returns.join("督促一覧.xlsx"));
    assert_eq!(list[0].1[0][0], "令和6年度　進捗状況報告　督促一覧", "{:?}", list[0].1);
    assert_eq!(list[0].1[2..], [vec!["部署", "No", "項目"], vec!["企画課", "2", "窓口の案内"]]);
    // Both of kyodo's own sheets print like the report's: A4 landscape, one page wide, the
    // header on every page, and rows as tall as their wrapped text (not Excel's one line).
    // (The returned workbook is the department's own: its list sheet is a part added after the
    // department's sheet1.xml.)
    for (book, part) in [
        (&returned, "xl/worksheets/sheet2.xml"),
        (&returns.join("督促一覧.xlsx"), "xl/worksheets/sheet1.xml"),
    ] {
        let xml = common::xlsx_part(book, part);
        assert!(xml.contains("orientation=\"landscape\"") && xml.contains("fitToHeight=\"0\""), "{xml}");
        assert!(xml.contains("customHeight=\"1\""), "{xml}");
        let workbook = common::xlsx_part(book, "xl/workbook.xml");
        assert!(workbook.contains("_xlnm.Print_Titles"), "{workbook}");
    }

    // Returns into the inbox itself would overwrite the department's file: refused, file intact.
    let before = std::fs::read(&planning).unwrap();
    let run = check(&[
        "--plan".as_ref(),
        plan_path.as_os_str(),
        "--returns".as_ref(),
        inbox.as_os_str(),
        inbox.as_os_str(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("同じフォルダで、上書きや二重の読み込みになります"), "{}", run.stderr);
    assert_eq!(std::fs::read(&planning).unwrap(), before);

    // Sent back as it is, the returned workbook reads as the original did.
    let again = dir.join("again");
    std::fs::create_dir_all(&again).unwrap();
    std::fs::copy(&returned, again.join("企画課.xlsx")).unwrap();
    std::fs::copy(inbox.join("総務課.xlsx"), again.join("総務課.xlsx")).unwrap();
    let rerun = check(&["--plan".as_ref(), plan_path.as_os_str(), again.as_os_str()]);
    let strip = |text: &str, dir: &Path| text.replace(&dir.display().to_string(), "DIR");
    assert_eq!(strip(&rerun.stdout, &again), strip(&run.stdout, &inbox));
}

#[test]
fn the_sample_shows_its_indicators_and_whose_they_are() {
    let dir = tempdir("fields", "sample");
    let plan = common::seed::write_plan_in(&dir);
    let returned = dir.join("progress");
    std::fs::create_dir_all(&returned).unwrap();
    for d in [common::seed::HQ, common::seed::ALL] {
        common::seed::write_progress_with_indicators(&returned.join(format!("{d}.xlsx")), d);
    }
    let out = dir.join("out");
    let args = ["report".as_ref(), "--plan".as_ref(), plan.as_os_str(), "-o".as_ref(), out.as_os_str()];
    let run = kyodo(&[&args[..], &[returned.as_os_str()]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let official = pdf_text(&out.join("official.pdf"));
    // Each item's indicators are a table of their own under it: its header cells, then a row
    // per indicator. 協働窓口担当者の配置 is reported by two departments: whose they are.
    let header = "指標報告部署基準値目標値実績値達成率目標の達成";
    let rows = "協働推進員を配置した課地域再生推進本部0課28課（令和7年度）28課100.0％達成\
                推進員会議の開催地域再生推進本部0回4回（令和7年度）2回50.0％未達成";
    assert!(official.contains(&format!("{header}{rows}")), "{official}");
    let own = "指標基準値目標値実績値達成率目標の達成意識調査の回収率60％80％（令和7年度）71％55.0％未達成";
    assert!(official.contains(own), "{official}");
    assert!(
        !official.contains("指標（") && !official.contains("回収率："),
        "no longer a note in 実績: {official}"
    );
    // On the page: the header cells on a line, the values on the next, under the item's row.
    let glyphs = common::pdf::glyphs(&out.join("official.pdf"));
    let all = |text: &str| {
        let chars: Vec<char> = text.chars().collect();
        let at = glyphs.windows(chars.len()).filter(|w| w.iter().zip(&chars).all(|(g, c)| g.c == *c));
        at.map(|w| (w[0].page, w[0].y, w[0].x)).collect::<Vec<_>>()
    };
    let line = |text: &str| *all(text).first().unwrap_or_else(|| panic!("{text} on a page"));
    let (item, header, values) =
        (line("地域マネージャー制度"), line("基準値目標値"), line("意識調査の回収率"));
    assert!(item.0 == header.0 && header.0 == values.0, "on one page: {item:?} {header:?} {values:?}");
    // PDF space: y grows upwards.
    assert!(item.1 > header.1 && header.1 > values.1, "item, header, values downwards");
    for value in ["60％", "71％", "55.0％", "未達成"] {
        let in_row = |&(page, y, x): &(usize, f32, f32)| {
            page == values.0 && (y - values.1).abs() < 0.5 && x > values.2
        };
        assert!(all(value).iter().any(in_row), "{value} in the row");
    }
}

#[test]
fn reminders_chase_the_silent_department_of_a_shared_item() {
    let dir = tempdir("fields", "reminders-shared");
    let mut plan = Sheet::new("計画");
    plan.row(&["No", "施策", "項目", "内容", "関係部署"]);
    plan.row(&["1", "施策1 参画", "広報の充実", "広報を充実する。", "企画課"]);
    plan.row(&["2", "施策1 参画", "講座の開催", "講座を開く。", "企画課\n総務課"]);
    let plan_path = dir.join("plan.xlsx");
    write_xlsx(&plan_path, &[plan]);
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let header = ["No", "項目", "評価", "実績", "今後の方向性"];
    progress(&inbox, &header, &[vec!["1", "広報の充実", "A", "毎月発行した。", "継続"]]);
    let mut general = Sheet::new("進捗状況");
    general.row(&["令和6年度 進捗状況報告"]);
    general.row(&["部署名", "総務課"]);
    general.row(&header);
    general.row(&["2", "講座の開催", "A", "2回開催した。", "継続"]);
    write_xlsx(&inbox.join("総務課.xlsx"), &[general]);

    let returns = dir.join("returns");
    let args = [
        "--plan".as_ref(),
        plan_path.as_os_str(),
        "--returns".as_ref(),
        returns.as_os_str(),
        inbox.as_os_str(),
    ];
    let run = check(&args);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("企画課 からこの項目の進捗報告がありません"), "{}", run.stdout);
    // The list chases whom the check names: 企画課 for its share of No.2, 総務課 for nothing.
    let reminders = std::fs::read_to_string(returns.join("督促一覧.txt")).unwrap();
    assert!(reminders.contains("■企画課（未提出 1件）\r\n・No.2　講座の開催"), "{reminders}");
    assert!(!reminders.contains("総務課") && !reminders.contains("ありません"), "{reminders}");
    let list = read_workbook(&returns.join("督促一覧.xlsx"));
    assert_eq!(list[0].1[2..], [vec!["部署", "No", "項目"], vec!["企画課", "2", "講座の開催"]]);
}

/// A plan checked alone: its own return, but no reminder list calling every item 未提出, since
/// no department has been asked yet.
#[test]
fn a_plan_checked_alone_has_no_reminder_list() {
    let dir = tempdir("fields", "returns-plan-alone");
    let mut plan = Sheet::new("計画");
    plan.row(&["No", "施策", "区分", "項目", "内容", "関係部署"]);
    plan.row(&["1", "施策1 参画", "▲", "広報の充実", "広報を充実する。", "企画課"]);
    let long = "市役所本庁舎と各支所の窓口で、協働に関する相談を受け付ける案内板と手引きを整え、職員が同じ説明をできるようにします。";
    plan.row(&["2", "施策1 参画", "●", "窓口の案内", long, "総務課"]);
    let inbox = dir.join("plan");
    std::fs::create_dir_all(&inbox).unwrap();
    write_xlsx(&inbox.join("plan.xlsx"), &[plan]);
    let returns = dir.join("returns");
    let run = check(&["--returns".as_ref(), returns.as_os_str(), inbox.as_os_str()]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(returns.join("plan.xlsx").exists(), "the plan's own return: {}", run.stderr);
    // The copy is the office's own workbook, its sheet as it was but for the marked cells; the
    // list sheet added before it prints A4 landscape one page wide, its rows as tall as their
    // wrapped text.
    let list = common::xlsx_part(&returns.join("plan.xlsx"), "xl/worksheets/sheet2.xml");
    assert!(list.contains("orientation=\"landscape\"") && list.contains("fitToHeight=\"0\""), "{list}");
    let row = list.split("<row r=\"4\"").nth(1).and_then(|r| r.split('>').next()).unwrap_or_default();
    assert!(row.contains("customHeight=\"1\""), "the wrapped row: {row}");
    let copy = common::xlsx_part(&returns.join("plan.xlsx"), "xl/worksheets/sheet1.xml");
    let original = common::xlsx_part(&inbox.join("plan.xlsx"), "xl/worksheets/sheet1.xml");
    let between = |xml: &str, from: &str, to: &str| {
        xml.split(from).nth(1).and_then(|rest| rest.split(to).next()).map(str::to_string)
    };
    for (from, to) in [("<cols>", "</cols>"), ("<pageMargins", "/>")] {
        assert_eq!(between(&copy, from, to), between(&original, from, to), "{from}");
        assert!(between(&copy, from, to).is_some(), "{copy}");
    }
    let book = read_workbook(&returns.join("plan.xlsx"));
    assert_eq!(sheet(&book, "計画")[2][4], long, "the value as read");
    assert!(!returns.join("督促一覧.txt").exists() && !returns.join("督促一覧.xlsx").exists());
}

#[test]
fn an_item_with_many_indicators_has_them_in_parts_that_each_fit_a_page() {
    let dir = tempdir("fields", "many-indicators");
    let names: Vec<String> = (1..=25).map(|k| format!("活動指標その{k}")).collect();
    let rows: Vec<Vec<&str>> = names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let mut row = match k {
                0 => vec![
                    "1",
                    "施策1 参画",
                    "広報の充実",
                    "取り組みを進める。",
                    "企画課",
                    "A",
                    "実施した。",
                    "継続",
                ],
                _ => vec![""; 8],
            };
            row.extend([name.as_str(), "件", "0", "10", "令和7年度", "5"]);
            row
        })
        .collect();
    let input = progress(&dir, &INDICATOR_HEADER, &rows);
    let out = report_all(&dir, "", &input);
    let official = pdf_text(&out.join("official.pdf"));
    // 25 indicators: three parts of ten rows at most, each under its header cells.
    let head = "指標基準値目標値実績値達成率目標の達成";
    assert_eq!(official.matches(head).count(), 3, "{official}");
    assert!(official.contains(&format!("{head}活動指標その21")), "{official}");
    // Nothing runs into the foot of a page.
    let glyphs = common::pdf::glyphs(&out.join("official.pdf"));
    let lowest = glyphs.iter().filter(|g| g.c == '活').map(|g| g.y).fold(f32::MAX, f32::min);
    assert!(lowest > 50.0, "the last indicator is above the page's foot: {lowest}");
}
