//! What the import makes of real layouts: the plan model read back through the library.

mod common;

use common::{seed, tempdir, write_xlsx, Sheet};
use kyodo::config::Config;
use kyodo::model::{Item, Plan};
use kyodo::pipeline::{self, Loaded};
use std::io::Write;
use std::path::{Path, PathBuf};

fn load(plan: Option<&Path>, inputs: &[PathBuf]) -> Loaded {
    pipeline::load(plan, inputs, Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn item<'a>(plan: &'a Plan, name: &str) -> &'a Item {
    plan.items()
        .find(|i| i.name.as_ref().is_some_and(|n| n.value == name))
        .unwrap_or_else(|| panic!("no item {name}"))
}

#[test]
fn seed_plan_sections_goals_and_items() {
    let dir = tempdir("model", "seed");
    let path = dir.join("plan.xlsx");
    seed::write_plan(&path);
    let loaded = load(None, &[path]);
    let plan = &loaded.plan;
    assert_eq!(plan.fiscal_year, Some(2024));
    assert_eq!(plan.title, "市民協働(共働)推進アクションプラン");
    let headings: Vec<String> = plan.sections.iter().map(|s| s.heading.as_ref().unwrap().display()).collect();
    assert_eq!(headings, seed::SECTIONS);
    let goals: usize = plan.sections.iter().map(|s| s.goals.len()).sum();
    assert_eq!(goals, seed::GOALS.len(), "the merged 目標 cell applies to every row it spans");
    assert_eq!(plan.items().count(), 15);
    let window = item(plan, "協働窓口担当者の配置");
    assert_eq!(window.department_list(), [seed::HQ, seed::ALL], "a line break separates departments");
    assert_eq!(window.mark.as_ref().unwrap().value, "●");
    assert_eq!(window.no.as_ref().unwrap().value, "1-4");
    assert_eq!(window.at.sheet.as_ref(), "施策1");
    assert_eq!(window.name.as_ref().unwrap().at.cell_ref().to_string(), "D8");
    let second_goal = &plan.sections[0].goals[1];
    assert_eq!(second_goal.items.len(), 2);
    assert_eq!(second_goal.statement.as_ref().unwrap().value, seed::GOALS[1].1);
    assert_eq!(
        second_goal.statement.as_ref().unwrap().at.cell_ref().to_string(),
        "B7",
        "the merge's top-left cell"
    );
}

#[test]
fn progress_is_attached_and_line_breaks_kept() {
    let dir = tempdir("model", "progress");
    let (plan, progress) = seed::write_sample(&dir);
    let loaded = load(Some(&plan), &[progress]);
    let window = item(&loaded.plan, "協働窓口担当者の配置");
    let departments: Vec<&str> = window.progress.iter().map(|p| p.department.as_str()).collect();
    assert_eq!(departments, [seed::HQ, seed::ALL], "files are read in name order");
    let survey = item(&loaded.plan, "自治会、地域での意識の把握");
    let results = survey.progress[0].results.as_ref().unwrap();
    assert_eq!(results.lines().count(), 3, "Alt+Enter breaks stay: {:?}", results.value);
    assert!(results.lines().nth(1).unwrap().starts_with('・'));
    assert_eq!(survey.progress[0].grade.as_ref().unwrap().value, "B");
}

#[test]
fn blank_section_cells_continue_and_rows_are_classified() {
    let dir = tempdir("model", "continue");
    let mut sheet = Sheet::new("一覧");
    sheet.row(&["協働のアクション"]);
    sheet.row(&["施策", "分類", "項目", "主な内容", "主体"]);
    sheet.row(&[
        "アクション1. 人づくりと推進体制 ～学ぶ、育む～",
        "人材育成と意識改革",
        "職員の意識改革",
        "・協働マニュアルを用いた職員研修\n・協働の視点での事業構築",
        "行政",
    ]);
    sheet.row(&[
        "",
        "",
        "若い世代のまちづくりへの参加促進",
        "・若者が学び、実践できる事業の実施",
        "市民、教育・研究機関、行政",
    ]);
    sheet.row(&["", "推進体制の整備", "市民参画・協働推進検討委員会", "・協働施策の推進", "市民・行政"]);
    sheet.row(&[]);
    sheet.row(&["注：主体は主なものを記載"]);
    sheet.row(&[
        "アクション2. 活動基盤の整備 ～支える～",
        "資金の調達",
        "各種補助金等の活用促進",
        "・補助金、助成金情報の提供",
        "行政",
    ]);
    let path = dir.join("actions.xlsx");
    write_xlsx(&path, &[sheet]);
    let loaded = load(None, &[path]);
    let plan = &loaded.plan;
    assert_eq!(plan.sections.len(), 2);
    let first = plan.sections[0].heading.as_ref().unwrap();
    assert_eq!(
        (first.label.as_str(), first.number, first.subtitle.as_deref()),
        ("アクション", Some(1), Some("～学ぶ、育む～"))
    );
    let goals: Vec<(&str, usize)> = plan.sections[0]
        .goals
        .iter()
        .map(|g| (g.statement.as_ref().unwrap().value.as_str(), g.items.len()))
        .collect();
    assert_eq!(goals, [("人材育成と意識改革", 2), ("推進体制の整備", 1)]);
    let known = &loaded.config.actors;
    assert_eq!(
        item(plan, "若い世代のまちづくりへの参加促進").actor_list(known),
        ["市民", "教育・研究機関", "行政"]
    );
    assert_eq!(item(plan, "市民参画・協働推進検討委員会").actor_list(known), ["市民", "行政"]);
    assert_eq!(plan.rows.read, 6);
    assert_eq!((plan.rows.items, plan.rows.other), (4, 2));
}

/// A ■ row between items moves them to its goal, and a 目標 cell naming the goal before moves
/// them back, though its text is the one last read from a 目標 cell.
#[test]
fn a_goal_row_between_cells_of_the_same_goal() {
    let dir = tempdir("model", "goal-row");
    let mut sheet = Sheet::new("一覧");
    sheet.row(&["施策", "分類", "項目", "主な内容", "主体"]);
    sheet.row(&["アクション1. 人づくり", "人材育成", "職員研修", "・協働マニュアルによる研修", "行政"]);
    sheet.row(&["", "■協働委託を広げます。"]);
    sheet.row(&["", "", "委託事業の公募", "・公募型委託の試行", "行政"]);
    sheet.row(&["", "人材育成", "若者の参加促進", "・若者が学ぶ事業", "市民・行政"]);
    let path = dir.join("goals.xlsx");
    write_xlsx(&path, &[sheet]);
    let loaded = load(None, &[path]);
    let goals: Vec<(&str, Vec<&str>)> = loaded.plan.sections[0]
        .goals
        .iter()
        .map(|g| {
            let items = g.items.iter().map(|i| i.name.as_ref().unwrap().value.as_str()).collect();
            (g.statement.as_ref().unwrap().value.as_str(), items)
        })
        .collect();
    assert_eq!(
        goals,
        [("人材育成", vec!["職員研修", "若者の参加促進"]), ("協働委託を広げます。", vec!["委託事業の公募"])]
    );
}

/// ODS has no merge data in calamine: a blank 施策 continues the one above.
#[test]
fn ods_is_read() {
    let dir = tempdir("model", "ods");
    let path = dir.join("plan.ods");
    write_ods(
        &path,
        &[
            &["施策", "項目", "内容"],
            &["施策1 意識を高める", "啓発活動", "条例の周知"],
            &["", "標語の募集", "標語を募集します。"],
            &["施策2 情報を共有する", "広報紙", "情報の提供"],
        ],
    );
    let loaded = load(None, &[path]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let sizes: Vec<usize> =
        loaded.plan.sections.iter().map(|s| s.goals.iter().map(|g| g.items.len()).sum()).collect();
    assert_eq!(sizes, [2, 1]);
}

/// Merged regions of .xls files come through calamine too (a corpus file, when present).
#[test]
fn xls_merges_are_read() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine/merge_cells.xls");
    if !path.exists() {
        return;
    }
    let sheets = kyodo::import::workbook::read(&path).unwrap();
    let grid = sheets[0].grid.as_ref().unwrap();
    assert!(grid.has_merge_data);
}

/// A minimal OpenDocument spreadsheet: mimetype, manifest and content.
fn write_ods(path: &Path, rows: &[&[&str]]) {
    let mut table = String::new();
    for row in rows {
        table.push_str("<table:table-row>");
        for cell in *row {
            if cell.is_empty() {
                table.push_str("<table:table-cell/>");
            } else {
                table.push_str(&format!("<table:table-cell office:value-type=\"string\"><text:p>{cell}</text:p></table:table-cell>"));
            }
        }
        table.push_str("</table:table-row>");
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"計画\">{table}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
        <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
        <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
        <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
        </manifest:manifest>";
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    let deflated = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", deflated).unwrap();
    zip.write_all(manifest.as_bytes()).unwrap();
    zip.start_file("content.xml", deflated).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap();
}
