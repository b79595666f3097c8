//! `kyodo report --format xlsx` driven as a user runs it; the workbook is read back with
//! calamine (values per sheet) and as a zip (print setup, properties, no formulas). That
//! `--format all` gives the same bytes again is tested with the PDF in report.rs.

mod common;

use common::{kyodo, read_workbook, seed, sheet, tempdir, write_csv};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// `kyodo report --format FORMAT [--plan PLAN] -o OUT INPUTS…`; returns the exit code.
fn report(format: &str, plan: Option<&Path>, out: &Path, inputs: &[&Path], force: bool) -> i32 {
    let p = Path::new;
    let mut args: Vec<&Path> = vec![p("report"), p("--format"), p(format), p("-o"), out];
    if let Some(plan) = plan {
        args.extend([p("--plan"), plan]);
    }
    if force {
        args.push(p("--force"));
    }
    args.extend(inputs);
    kyodo(&args).code
}

/// The report workbook of the seed sample, written in a fresh folder named `name`.
fn sample_workbook(name: &str) -> PathBuf {
    let dir = tempdir("xlsx", name);
    let (plan, progress) = seed::write_sample(&dir);
    // As in input/: the settings beside the plan name the city.
    seed::write_settings(&dir);
    let out = dir.join("out");
    assert_eq!(report("xlsx", Some(&plan), &out, &[&progress], false), 0);
    out.join("official.xlsx")
}

/// The text of a named column in a row of a sheet whose header is its first row.
fn col<'a>(rows: &'a [Vec<String>], row: &'a [String], name: &str) -> &'a str {
    let c = rows[0].iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
    row.get(c).map_or("", String::as_str)
}

/// A file inside the xlsx zip.
fn part(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

fn worksheet_parts(xlsx: &Path) -> Vec<String> {
    let zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .map(String::from)
        .collect();
    names.iter().map(|n| part(xlsx, n)).collect()
}

/// Every (item, department) report of the seed: (item index, department).
fn seed_reports() -> Vec<(usize, &'static str)> {
    (0..seed::ITEMS.len())
        .flat_map(|i| {
            [seed::HQ, seed::ALL]
                .into_iter()
                .filter(move |d| seed::report(i, d).is_some())
                .map(move |d| (i, d))
        })
        .collect()
}

#[test]
fn list_holds_one_row_per_item_and_report() {
    let book = read_workbook(&sample_workbook("list"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["集計", "一覧", "要確認", seed::ALL, seed::HQ],
        "departments in order of first mention"
    );
    let list = sheet(&book, "一覧");
    assert_eq!(
        list[0].join(","),
        "No,施策,目標,区分,項目,内容,関係部署,報告部署,評価,実績,課題,今後の方向性"
    );
    // The table ends at the first empty row: the plan's ※ note stands below it.
    let table = list.iter().take_while(|r| r.iter().any(|c| !c.is_empty())).count();
    assert_eq!(list[table + 1][0], "※ 関係部署は令和6年4月1日現在の組織名です。");
    let rows = &list[1..table];
    assert_eq!(rows.len(), seed_reports().len(), "one row per (item, report): 20 reports on 15 items");
    let found: BTreeSet<Vec<String>> = rows.iter().cloned().collect();
    for (i, d) in seed_reports() {
        let item = &seed::ITEMS[i];
        let r = seed::report(i, d).unwrap();
        let (section, goal) = (seed::SECTIONS[seed::GOALS[item.goal].0], seed::GOALS[item.goal].1);
        let expected: Vec<String> = [
            item.no,
            section,
            goal,
            item.mark,
            item.name,
            item.content,
            &item.departments.join("\n"),
            d,
            r.grade,
            r.results,
            r.issues,
            r.next_steps,
        ]
        .map(String::from)
        .to_vec();
        assert!(found.contains(&expected), "row of {} by {d} missing: {expected:?}", item.no);
    }
    let review = sheet(&book, "要確認");
    assert_eq!(review.len(), 2, "header and one line");
    assert_eq!(col(review, &review[1], "内容"), "確認が必要な点はありません。");
}

/// The lowest grade the seed's departments gave item `i` (D is lowest).
fn lowest_grade(i: usize) -> &'static str {
    [seed::HQ, seed::ALL].iter().filter_map(|d| seed::report(i, d)).map(|r| r.grade).max().unwrap()
}

#[test]
fn summary_counts_each_grade_per_section_and_in_total() {
    let book = read_workbook(&sample_workbook("summary"));
    let summary = sheet(&book, "集計");
    assert!(summary[0][0].starts_with("令和6年度（2024年度） "), "{:?}", summary[0]);
    let header = &summary[3];
    assert_eq!(header[..2], ["施策", "項目数"]);
    assert_eq!(header[2], "A\n計画どおり実施");
    assert_eq!(header[6..], ["未提出", "報告のあった\n項目", "報告完了率"]);
    let mut total = [0usize; 4];
    for (s, section) in seed::SECTIONS.iter().enumerate() {
        let row = &summary[4 + s];
        assert_eq!(row[0], *section);
        let items = seed::ITEMS.iter().filter(|i| seed::GOALS[i.goal].0 == s).count();
        assert_eq!(row[1], items.to_string());
        for (g, code) in ["A", "B", "C", "D"].iter().enumerate() {
            // An item counts once, with the lowest grade of its reports.
            let n = (0..seed::ITEMS.len())
                .filter(|i| seed::GOALS[seed::ITEMS[*i].goal].0 == s && lowest_grade(*i) == *code)
                .count();
            assert_eq!(row[2 + g], n.to_string(), "{section} {code}");
            total[g] += n;
        }
        assert_eq!(row[6..], ["0".to_string(), items.to_string(), "1".to_string()], "{section}");
    }
    let sum = &summary[4 + seed::SECTIONS.len()];
    assert_eq!(sum[0], "合計");
    assert_eq!(
        sum[1..6],
        ["15", &total[0].to_string(), &total[1].to_string(), &total[2].to_string(), &total[3].to_string()]
    );
    let notes: String = summary.iter().flatten().cloned().collect();
    assert!(notes.contains("報告完了率 ＝ 進捗報告が1件以上ある項目の数 ÷ 項目数"), "the rate is defined");
    // Every item has a grade: no 評価なし column, and the notes explain none.
    assert!(!header.iter().any(|h| h == "評価なし") && !notes.contains("評価なし"), "{notes}");
    assert!(total.iter().sum::<usize>() == 15, "each item counted once: {total:?}");
    let drawing = part(&sample_workbook("chart"), "xl/charts/chart1.xml");
    assert!(drawing.contains("<c:grouping val=\"stacked\"/>") && drawing.contains("施策別の評価の件数"));
    assert!(drawing.contains("B1F3AA") && drawing.contains("791E20"), "the scale's colours");
    // Items come whole: the axis of counts steps by whole numbers, from 0 to a whole end.
    assert!(
        drawing.contains("<c:majorUnit val=\"1\"/>") && drawing.contains("<c:max val=\"6\"/>"),
        "{drawing}"
    );
    // The cached values a viewer shows without computing: the 施策 names and their counts.
    assert!(drawing.contains("<c:strCache>") && drawing.contains("<c:numCache>"), "{drawing}");
    let first = &summary[4];
    assert!(drawing.contains(&format!("<c:v>{}</c:v>", first[0])), "{} cached", first[0]);
}

/// With --force and one department missing: 未提出 counted, department sheets show each
/// department's own reports, 要確認 lists exactly what `kyodo check` finds.
#[test]
fn gaps_are_counted_and_every_diagnostic_is_listed() {
    let dir = tempdir("xlsx", "gaps");
    let plan = seed::write_plan_in(&dir);
    let progress = dir.join("partial");
    std::fs::create_dir_all(&progress).unwrap();
    seed::write_progress(&progress.join(format!("{}.xlsx", seed::HQ)), seed::HQ);
    let out = dir.join("out");
    assert_eq!(report("xlsx", Some(&plan), &out, &[&progress], true), 1, "関係各部 did not report");
    let book = read_workbook(&out.join("official.xlsx"));
    let by_hq: Vec<usize> = (0..seed::ITEMS.len()).filter(|i| seed::report(*i, seed::HQ).is_some()).collect();
    let grades = ["A", "B", "C", "D"]
        .map(|g| by_hq.iter().filter(|i| seed::report(**i, seed::HQ).unwrap().grade == g).count());
    let rate = by_hq.len() as f64 / 15.0;
    let mut expected = vec!["15".to_string()];
    expected.extend(grades.iter().map(|n| n.to_string()));
    expected.extend([(15 - by_hq.len()).to_string(), by_hq.len().to_string(), rate.to_string()]);
    let summary = sheet(&book, "集計");
    let total = summary.iter().find(|r| r[0] == "合計").unwrap();
    assert_eq!(total[1..], expected);
    let list = sheet(&book, "一覧");
    let grade_of = |no: &str| {
        let row = list.iter().find(|r| r[0] == no).unwrap();
        col(list, row, "評価").to_string()
    };
    assert_eq!(grade_of("3-1"), "未提出", "関係各部 only");
    // A shared item: the report it has, and a 未提出 row for the department that sent none, as
    // the check names it, so a filter on 評価 finds every gap.
    let rows_14: Vec<[&str; 2]> = list
        .iter()
        .filter(|r| r[0] == "1-4")
        .map(|r| [col(list, r, "報告部署"), col(list, r, "評価")])
        .collect();
    assert_eq!(rows_14, [[seed::HQ, "A"], [seed::ALL, "未提出"]]);
    let all = sheet(&book, seed::ALL);
    assert!(!all[0].contains(&"報告部署".to_string()));
    let row_14 = all.iter().find(|r| r[0] == "1-4").unwrap();
    assert_eq!(col(all, row_14, "評価"), "未提出", "its own report is missing, whoever else reported");
    let hq = sheet(&book, seed::HQ);
    let row_14 = hq.iter().find(|r| r[0] == "1-4").unwrap();
    assert_eq!(col(hq, row_14, "評価"), "A");

    let p = Path::new;
    let check = kyodo(&[p("check"), p("--format"), p("json"), p("--plan"), &plan, &progress]);
    let json: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let expected: Vec<Vec<String>> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap_or("").to_string();
            let severity = if s("severity") == "error" { "エラー" } else { "警告" };
            vec![severity.to_string(), s("file"), s("sheet"), s("cell"), s("item"), s("message"), s("code")]
        })
        .collect();
    let review = sheet(&book, "要確認");
    assert_eq!(review[0], ["重要度", "ファイル", "シート", "セル", "項目", "内容", "コード"]);
    // One not-reported error per item 関係各部 is listed on, shared items included.
    let listing_all = seed::ITEMS.iter().filter(|i| i.departments.contains(&seed::ALL)).count();
    assert_eq!(expected.len(), listing_all, "{expected:?}");
    assert_eq!(review[1..].to_vec(), expected);
}

/// Inputs that look like formulas stay text, and a cell longer than Excel allows goes on in the
/// row below with nothing lost.
#[test]
fn text_stays_text_and_a_long_cell_is_split_whole() {
    let dir = tempdir("xlsx", "text");
    let paragraphs: Vec<String> = (1..=520).map(|i| format!("第{i:03}段落：地区や小学校区等を対象とした地域コミュニティへの積極的参加を通した組織体制の強化を図ります。市民と行政がともに考え、ともに行動する協働のまちづくりを進めます。")).collect();
    let long = paragraphs.join("\n");
    assert!(long.chars().count() > 40_000);
    let rows = vec![
        ["No", "項目", "内容", "関係部署", "評価", "実績", "今後の方向性"].map(String::from).to_vec(),
        ["1", "=1+1", "+81-3-1234-5678", "総務課", "A", "@SUM(A1:A2)", "-5"].map(String::from).to_vec(),
        ["2", "長い項目", &long, "総務課", "Ｂ", "短い実績", "継続"].map(String::from).to_vec(),
        ["3", "最後の項目", "=HYPERLINK(\"http://example.com\")", "総務課", "C", "+", "継続"]
            .map(String::from)
            .to_vec(),
    ];
    // The file's name states the year reported on (a report on progress needs one).
    let input = dir.join("plan_令和6年度.csv");
    write_csv(&input, &rows, false);
    let out = dir.join("out");
    assert_eq!(report("xlsx", None, &out, &[&input], false), 0);
    let xlsx = out.join("official.xlsx");
    let book = read_workbook(&xlsx);
    let list = sheet(&book, "一覧");
    let first = list.iter().find(|r| r[0] == "1").unwrap();
    assert_eq!(col(list, first, "項目"), "=1+1");
    assert_eq!(col(list, first, "内容"), "+81-3-1234-5678");
    assert_eq!(col(list, first, "実績"), "@SUM(A1:A2)");
    assert_eq!(col(list, first, "今後の方向性"), "-5");
    let third = list.iter().find(|r| r[0] == "3").unwrap();
    assert_eq!(col(list, third, "内容"), "=HYPERLINK(\"http://example.com\")");
    for xml in worksheet_parts(&xlsx) {
        assert!(!xml.contains("<f>") && !xml.contains("<f "), "no formula anywhere");
    }

    let at = list.iter().position(|r| r[0] == "2").unwrap();
    assert_eq!(col(list, &list[at], "評価"), "B", "a grade is written as the scale's code");
    assert_eq!(list[at + 1][0], "※続き", "the continuation row is marked");
    let joined = format!("{}{}", col(list, &list[at], "内容"), col(list, &list[at + 1], "内容"));
    assert_eq!(joined, long, "nothing lost");
    assert_eq!(col(list, &list[at + 1], "項目"), "");
    assert_eq!(list[at + 2][0], "3");
    let review = sheet(&book, "要確認");
    let note = review.iter().find(|r| r[0] == "参考" && r[2] == "一覧").expect("a note on the split");
    // 目標 and 区分 are left out (no item has one): 内容 is where the header says.
    let content = char::from(b'A' + list[0].iter().position(|h| h == "内容").unwrap() as u8);
    assert_eq!(note[3], format!("{content}{}:{content}{}", at + 1, at + 2));
    assert_eq!(note[4], "長い項目");
    assert!(note[5].contains("32,767") && note[6] == "split-cell", "{note:?}");
}

#[test]
fn every_sheet_prints_on_a4_landscape_one_page_wide() {
    let xlsx = sample_workbook("print");
    let sheets = worksheet_parts(&xlsx);
    assert_eq!(sheets.len(), 5);
    for xml in &sheets {
        common::assert_prints_legibly(xml);
        assert!(xml.contains("paperSize=\"9\"") && xml.contains("orientation=\"landscape\""), "{xml:.300}");
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>") && xml.contains("fitToHeight=\"0\""));
        assert!(xml.contains("- &amp;P -"), "page number footer");
        assert!(xml.contains("令和6年度（2024年度） 市民協働(共働)推進アクションプラン 進捗状況報告書"));
    }
    // 集計's table and chart pass one page: the chart starts the next page whole, never cut.
    assert!(sheets[0].contains("<rowBreaks count=\"1\""), "{:.300}", sheets[0]);
    let list = &sheets[1];
    assert!(list.contains("<pane ySplit=\"1\"") && list.contains("<autoFilter ref=\"A1:L21\"/>"));
    assert!(list.contains("<conditionalFormatting sqref=\"I2:I21\">"), "grade fills on 評価");
    let workbook = part(&xlsx, "xl/workbook.xml");
    assert_eq!(
        workbook.matches("_xlnm.Print_Titles").count(),
        4,
        "the header row repeats on item sheets and 要確認"
    );
    let core = part(&xlsx, "docProps/core.xml");
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-06-30T00:00:00Z</dcterms:created>")
    );
    assert!(core.contains("<dc:creator>対馬市</dc:creator>"));
}

/// Department names Excel cannot use as sheet names get legal, unique ones; nothing is lost.
#[test]
fn department_sheet_names_are_legal_and_unique() {
    let dir = tempdir("xlsx", "names");
    let long_a = format!("{}第一係", "とても長い名前の部署".repeat(3));
    let long_b = format!("{}第二係", "とても長い名前の部署".repeat(3));
    let departments = ["企画[財政]課:予算係", &long_a, &long_b, "集計", "'総務課'"];
    let mut rows = vec![["No", "項目", "内容", "関係部署"].map(String::from).to_vec()];
    for (i, d) in departments.iter().enumerate() {
        rows.push(vec![(i + 1).to_string(), format!("項目{i}"), "内容".into(), d.to_string()]);
    }
    let input = dir.join("plan.csv");
    write_csv(&input, &rows, false);
    let out = dir.join("out");
    assert_eq!(report("xlsx", None, &out, &[&input], false), 0);
    let book = read_workbook(&out.join("official.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).skip(3).collect();
    assert_eq!(names.len(), departments.len());
    assert_eq!(names[0], "企画［財政］課：予算係");
    assert_eq!(names[1].encode_utf16().count(), 31);
    let base: String = long_b.chars().take(28).collect();
    assert_eq!(names[2], format!("{base}(2)"), "cut to the same name: made unique");
    assert_eq!(names[3], "集計(2)");
    assert_eq!(names[4], "総務課");
    for (name, department) in names.iter().zip(departments) {
        let rows = sheet(&book, name);
        assert_eq!(rows.len(), 2, "{name}");
        assert_eq!(col(rows, &rows[1], "関係部署"), department, "{name} holds {department}'s item");
    }
}

/// The workbook is a sheet model before it is bytes: the report decides its sheets and rows
/// (未提出 included) without any renderer, and the renderer writes that model alone, the same
/// bytes each time, with the sheets the model names.
#[test]
fn the_report_decides_the_sheets_and_the_renderer_writes_them() {
    let dir = tempdir("xlsx", "model");
    let plan = seed::write_plan_in(&dir);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    seed::write_progress(&progress.join("hq.xlsx"), seed::HQ);
    let config = kyodo::Config::default();
    let loaded = kyodo::pipeline::load(Some(&plan), &[progress], config).unwrap_or_else(|e| panic!("{e}"));
    let report = seed::report_of(&loaded, kyodo::Kind::Official);
    let Some(content) = report.content(kyodo::Format::Xlsx) else { panic!("official comes as a workbook") };
    let kyodo::Content::Sheets(book) = &content else { panic!("a workbook is sheets") };
    let names: Vec<String> = book.sheets.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names[..3], ["集計", "一覧", "要確認"], "{names:?}");
    assert!(
        names[3..].iter().any(|n| n == seed::HQ) && names[3..].iter().any(|n| n == seed::ALL),
        "{names:?}"
    );
    assert_eq!(book.findings.as_ref().map(|f| f.sheet), Some(2), "the writer's findings go to 要確認");
    let list = &book.sheets[1].table;
    let grade = list.columns.iter().position(|c| c.title == "評価").expect("a 評価 column");
    let unreported = loaded.plan.items().filter(|i| i.progress.is_empty()).count();
    assert!(unreported > 0, "関係各部 sent nothing");
    let silent: usize = loaded
        .plan
        .items()
        .filter(|i| !i.progress.is_empty())
        .map(|i| i.unreported_departments().len())
        .sum();
    assert!(silent > 0, "関係各部 is silent on shared items too");
    let shown = list.rows.iter().filter(|r| r[grade].value.text() == "未提出").count();
    assert_eq!(
        shown,
        unreported + silent,
        "one 未提出 row per item nobody reported and per silent department of a shared item"
    );
    assert_eq!(list.rows.len(), list.subjects.len(), "every row names its item");
    let bytes = kyodo::render::render(content).unwrap();
    let again = report.content(kyodo::Format::Xlsx).expect("a workbook");
    assert_eq!(bytes, kyodo::render::render(again).unwrap(), "the same model, the same bytes");
    let path = dir.join("model.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let written: Vec<String> = read_workbook(&path).into_iter().map(|(name, _)| name).collect();
    assert_eq!(written, names, "the sheets the model names, in its order");
}

#[test]
fn a_sheet_written_row_by_row_has_each_row_once() {
    // Over 2,000 rows a sheet goes row by row to a temporary file, where rust_xlsxwriter wrote
    // a last row with a height of its own twice.
    let dir = tempdir("xlsx", "low-memory");
    let plan = dir.join("plan.xlsx");
    common::write_generated_plan(&plan, 2_100);
    let out = dir.join("out");
    assert_eq!(report("xlsx", None, &out, &[&plan], false), 0);
    let xlsx = out.join("official.xlsx");
    let sheets = worksheet_parts(&xlsx);
    let long = sheets.iter().filter(|xml| xml.matches("<row ").count() > 2_000).count();
    assert!(long >= 2, "一覧 and the department sheets: {long}");
    for xml in &sheets {
        common::assert_prints_legibly(xml);
    }
}

#[test]
fn a_workbook_prints_on_a3_when_the_settings_say_so() {
    let dir = tempdir("xlsx", "a3");
    let (plan, progress) = seed::write_sample(&dir);
    let out =
        common::report_with(&dir, "[official]\npaper = \"A3\"\n", &progress, &[Path::new("--plan"), &plan]);
    let a4 = worksheet_parts(&sample_workbook("a3-against-a4"));
    let a3 = worksheet_parts(&out.join("official.xlsx"));
    for xml in &a3 {
        common::assert_prints_legibly_on(xml, 8, 420.0);
    }
    // The wide 一覧 takes the room A3 gives: wider columns, fewer wrapped lines.
    let (on_a4, on_a3) =
        (common::assert_prints_legibly(&a4[1]), common::assert_prints_legibly_on(&a3[1], 8, 420.0));
    assert!(on_a3 > on_a4 * 1.1, "{on_a3} against {on_a4}");
}

/// One column rule for every item table: a plan that names its items by No and 内容 only,
/// reported without any 課題, has neither column in the pages, the workbook or the CSV; the
/// departments' forms leave out 項目 too, and keep 課題 for the department to fill in.
#[test]
fn every_item_table_leaves_out_the_same_blank_columns() {
    let dir = tempdir("xlsx", "one-column-rule");
    let mut plan = common::Sheet::new("計画");
    plan.row(&["No", "施策", "内容", "関係部署"]);
    plan.row(&["1", "施策1 参画", "広報紙で知らせます。", "企画課"]);
    plan.row(&["2", "施策1 参画", "窓口で案内します。", "企画課"]);
    let plan_path = dir.join("plan.xlsx");
    common::write_xlsx(&plan_path, &[plan]);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    let rows = [
        vec!["部署名：企画課"],
        vec!["No", "内容", "評価", "実績", "今後の方向性"],
        vec!["1", "広報紙で知らせます。", "A", "年4回発行した。", "継続"],
        vec!["2", "窓口で案内します。", "B", "案内を続けた。", "継続"],
    ];
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    write_csv(&progress.join("企画課.csv"), &rows, false);
    let out = dir.join("out");
    let p = Path::new;
    let args =
        [p("report"), p("--plan"), &plan_path, p("--year"), p("令和6"), p("--format"), p("all"), p("-o")];
    let run = kyodo(&[&args[..], &[&out, &progress]].concat());
    assert_eq!(run.code, 0, "{}", run.stderr);

    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    let header = list.iter().find(|r| r.iter().any(|c| c == "内容")).expect("一覧's header");
    assert!(header.iter().any(|c| c == "実績"), "{header:?}");
    assert!(!header.iter().any(|c| c == "課題" || c == "項目"), "no blank column: {header:?}");
    let csv = std::fs::read_to_string(out.join("official.csv")).unwrap();
    let csv_header = csv.lines().next().unwrap();
    assert!(csv_header.contains("実績") && !csv_header.contains("課題"), "{csv_header}");
    let pdf = common::pdf_text(&out.join("official.pdf"));
    assert!(pdf.contains("実績") && !pdf.contains("課題"), "the pages' table has no 課題 column");

    let forms = dir.join("forms");
    let run = kyodo(&[p("template"), p("--plan"), &plan_path, p("-o"), &forms]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form = std::fs::read_dir(&forms)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|f| f.extension().is_some_and(|e| e == "xlsx"));
    let form = read_workbook(&form.expect("a form"));
    let header = form[0].1.iter().find(|r| r.iter().any(|c| c == "内容")).expect("the form's header");
    assert!(header.iter().any(|c| c == "課題"), "a column to fill in stands: {header:?}");
    assert!(!header.iter().any(|c| c == "項目"), "no blank 項目: {header:?}");
}
