//! Indicators in numbered columns (指標1, 単位1, …, 指標2, …) and 達成率 pro-rated by year of
//! the plan period (`[indicators] prorate`).

mod common;

use common::{kyodo, pdf_text, read_workbook, report_with, sheet, tempdir, write_xlsx, Sheet};
use std::path::{Path, PathBuf};

/// A progress sheet of 令和4年度 in a plan period of 令和3〜7年度, each item with two indicators
/// in numbered column groups.
fn numbered_sample(dir: &Path) -> PathBuf {
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&["令和4年度 市民協働推進アクションプラン 進捗状況報告"]);
    sheet.row(&["計画期間 令和3〜7年度"]);
    sheet.row(&["部署名：企画課"]);
    sheet.row(&[
        "No",
        "施策",
        "項目",
        "内容",
        "評価",
        "実績",
        "今後の方向性",
        "指標1",
        "単位1",
        "基準値1",
        "目標値1",
        "実績値1",
        "指標２",
        "単位２",
        "基準値２",
        "目標値２",
        "実績値２",
    ]);
    sheet.row(&[
        "1",
        "施策1 参画",
        "広報の充実",
        "広報紙で知らせます。",
        "B",
        "掲載した。",
        "継続",
        "協働事業数",
        "件",
        "0",
        "100",
        "30",
        "参加者数",
        "人",
        "1,000",
        "2,000",
        "1,500",
    ]);
    sheet.row(&[
        "2",
        "施策1 参画",
        "窓口の案内",
        "窓口で案内します。",
        "A",
        "案内した。",
        "継続",
        "相談件数",
        "件",
        "0",
        "50",
        "10",
        "",
        "",
        "",
        "",
        "",
    ]);
    let path = dir.join("企画課.xlsx");
    write_xlsx(&path, &[sheet]);
    path
}

#[test]
fn numbered_columns_are_indicators_of_the_item() {
    let dir = tempdir("indicator-columns", "numbered");
    let input = numbered_sample(&dir);
    let check = kyodo(&["check".as_ref(), input.as_os_str()]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.contains("項目 2 件"), "{}", check.stdout);
    let out = report_with(&dir, "", &input, &[]);
    let official = pdf_text(&out.join("official.pdf"));
    // A row each under the header cells 指標 | 基準値 | 目標値 | 実績値 | 達成率 | 目標の達成.
    for line in [
        "協働事業数0件100件30件30.0％未達成",
        "参加者数1,000人2,000人1,500人50.0％未達成",
        "相談件数0件50件10件20.0％未達成",
    ] {
        assert!(official.contains(line), "{line} missing in {official}");
    }
    let book = read_workbook(&out.join("official.xlsx"));
    let rows = sheet(&book, "指標");
    let names: Vec<&str> = rows.iter().skip(3).map(|r| r[4].as_str()).collect();
    assert_eq!(names, ["協働事業数", "参加者数", "相談件数"], "{rows:?}");
}

#[test]
fn rates_pro_rated_by_year_of_the_period() {
    let dir = tempdir("indicator-columns", "prorate");
    let input = numbered_sample(&dir);
    // 令和4年度 is year 2 of 令和3〜7年度: 40% of the way to the target is due.
    let out = report_with(&dir, "[indicators]\nprorate = true\n", &input, &[]);
    let official = pdf_text(&out.join("official.pdf"));
    // The year's share of the target under the target, in its cell.
    for line in [
        "協働事業数0件100件令和4年度の目標40件30件75.0％未達成",
        "参加者数1,000人2,000人令和4年度の目標1,400人1,500人125.0％達成",
        "相談件数0件50件令和4年度の目標20件10件50.0％未達成",
    ] {
        assert!(official.contains(line), "{line} missing in {official}");
    }
    let book = read_workbook(&out.join("official.xlsx"));
    let rows = sheet(&book, "指標");
    let header = &rows[2];
    let col = header.iter().position(|c| c == "達成率").unwrap();
    let rates: Vec<&str> = rows.iter().skip(3).map(|r| r[col].as_str()).collect();
    assert_eq!(rates, ["0.75", "1.25", "0.5"]);
    // The indicator's own 達成, beside its rate (not the item's 評価: one indicator of several
    // does not decide it).
    let reached = header.iter().position(|c| c == "目標の達成").expect("a 目標の達成 column");
    let reached: Vec<&str> = rows.iter().skip(3).map(|r| r[reached].as_str()).collect();
    assert_eq!(reached, ["未達成", "達成", "未達成"]);
    assert!(!header.iter().any(|c| c == "評価"), "{header:?}");
    // The handout's chart of the rates against the target; 広報 says the figures as people
    // read them, against the year's target, with no normalised rate.
    let koho = pdf_text(&out.join("koho.pdf"));
    assert!(
        koho.contains("数値目標の達成状況")
            && koho.contains("参加者数1,500人（令和4年度の目標1,400人・達成）"),
        "{koho}"
    );
    assert!(!koho.contains("125.0％"), "{koho}");
    let committee = pdf_text(&out.join("committee.pdf"));
    assert!(committee.contains("広報の充実：協働事業数75.0％"), "{committee}");
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(koho.contains("数値目標を掲げた3つの指標のうち、1つが目標に達しました。"), "{koho}");
    // The text says what the page says.
    let chart = "【数値目標の達成状況】\r\n・協働事業数 30件（令和4年度の目標 40件）\r\n・参加者数 1,500人（令和4年度の目標 1,400人・達成）\r\n・相談件数 10件（令和4年度の目標 20件）\r\n";
    assert!(koho.contains(chart), "{koho}");
    assert!(koho.find(chart) < koho.find("【主な成果"), "in the PDF's order: {koho}");
}

#[test]
fn the_year_given_with_year_pro_rates_the_target() {
    let dir = tempdir("indicator-columns", "prorate-year");
    let input = numbered_sample(&dir);
    // --year 令和5: year 3 of 5, 60% of the way due (the sheets say 令和4年度: a warning says so).
    let out =
        report_with(&dir, "[indicators]\nprorate = true\n", &input, &[Path::new("--year"), Path::new("R5")]);
    let official = pdf_text(&out.join("official.pdf"));
    let line = "協働事業数0件100件令和5年度の目標60件30件50.0％未達成";
    assert!(official.contains(line), "{line} missing in {official}");
}

#[test]
fn grades_are_checked_against_the_target_of_the_year_given() {
    let dir = tempdir("indicator-columns", "prorate-year-check");
    let input = numbered_sample(&dir);
    let settings = dir.join("settings.toml");
    let steps = "from_indicator = [{ code = \"A\", min = 100 }, { code = \"B\", min = 60 }, { code = \"C\", min = 0 }]";
    std::fs::write(&settings, format!("[indicators]\nprorate = true\n[grades]\n{steps}\n")).unwrap();
    let out = dir.join("out");
    let args =
        ["--config", settings.to_str().unwrap(), "report", "--year", "R5", "-o", out.to_str().unwrap()];
    let run = kyodo(&[&args[..], &[input.to_str().unwrap()]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);
    // 窓口の案内, graded A: in 令和5年度, year 3 of 5, 30 of 50 相談件数 are due and 10 done,
    // 33.3% (令和4年度's 20 due would give 50.0%).
    let line = run.stderr.lines().find(|l| l.contains("評価「A」は")).expect(&run.stderr);
    assert!(line.contains("達成率 33.3％"), "the rate of 令和5年度: {line}");
}
