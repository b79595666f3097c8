//! Several years (経年): `--previous` once per earlier year, or one column group per year on
//! the progress sheets; the committee handout and the official report show the trend.

mod common;

use common::{kyodo, pdf_text, read_workbook, seed, sheet, tempdir, write_small_plan, write_xlsx, Sheet};
use std::path::{Path, PathBuf};

/// An earlier year's progress folder holding one sheet of (No, 項目, 評価) rows.
fn year_folder(dir: &Path, title: &str, rows: &[[&str; 3]]) -> PathBuf {
    let folder = dir.join(title);
    std::fs::create_dir_all(&folder).unwrap();
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&[&format!("{title} 進捗状況報告")]);
    sheet.row(&["No", "項目", "評価", "実績", "今後の方向性"]);
    for [no, name, grade] in rows {
        sheet.row(&[no, name, grade, "取り組んだ。", "継続"]);
    }
    write_xlsx(&folder.join("進捗.xlsx"), &[sheet]);
    folder
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn three_years_from_two_previous_folders() {
    let dir = tempdir("years", "folders");
    let (plan, progress) = seed::write_sample(&dir);
    // Given newest first: kyodo orders the years itself.
    let r5 = year_folder(
        &dir,
        "令和5年度",
        &[["1-2", "情報媒体を活用した啓発活動", "B"], ["1-3", "職員用マニュアルの作成", "C"]],
    );
    let r4 = year_folder(
        &dir,
        "令和4年度",
        &[["1-2", "情報媒体を活用した啓発活動", "B"], ["1-3", "職員用マニュアルの作成", "D"]],
    );
    let out = dir.join("out");
    let run = kyodo(&[
        "report",
        "--kind",
        "all",
        "--format",
        "all",
        "--plan",
        s(&plan),
        "--previous",
        s(&r5),
        "--previous",
        s(&r4),
        "-o",
        s(&out),
        s(&progress),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&out.join("committee.pdf"));
    assert!(text.contains("令和4B→令和5B→令和6A"), "1-2 over three years: {text}");
    assert!(text.contains("令和4D→令和5C→令和6B"), "1-3 over three years");
    assert!(text.contains("令和5年度との比較"), "last year named in 和暦");
    assert!(text.contains("経年の評価（施策別の順調の割合）"));
    // 施策1 in 令和4: 1-2 B on track, 1-3 D not: 1 of 2; this year 6 items, all A or B but 1-5 (C).
    assert!(text.contains("50％（1/2件）"), "施策1's share in 令和4年度");
    assert!(text.contains("83％（5/6件）"), "施策1's share this year");
    // The official report keeps this year's columns and last year's grade beside the grade.
    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains("B→A↑"), "1-2: last year's B beside this year's A");
    assert!(!official.contains("令和4B"), "the official report shows last year only");
    // Each 「B → A ↑」 on one line: the grade column is as wide as its longest such run.
    let glyphs: Vec<common::pdf::Glyph> =
        common::pdf::glyphs(&out.join("official.pdf")).into_iter().filter(|g| g.c != ' ').collect();
    // The legend's 「B → A ↑」 in quotes apart, once in the report.
    assert_eq!(official.matches("「B→A↑」は、前年度の評価→今年度の評価").count(), 1, "{official}");
    let grades: Vec<&[common::pdf::Glyph]> = glyphs
        .windows(5)
        .filter(|w| w[0].c != '「' && w[2].c == '→' && matches!(w[4].c, '↑' | '→' | '↓'))
        .map(|w| &w[1..])
        .collect();
    assert_eq!(grades.len(), 2, "1-2 and 1-3 have last year's grade");
    for w in grades {
        assert!(w.iter().all(|g| g.y == w[0].y && g.page == w[0].page), "a trend broken over lines: {w:?}");
    }
    // The workbook: counts per 施策 and year, each item's grades year by year, a chart per 施策.
    let xlsx = out.join("official.xlsx");
    let book = read_workbook(&xlsx);
    let years = sheet(&book, "経年");
    let header = &years[3];
    let col =
        |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}: {header:?}"));
    let row = |section: &str, year: &str| {
        years
            .iter()
            .find(|r| r[0].starts_with(section) && r[1] == year)
            .unwrap_or_else(|| panic!("{section} {year}"))
    };
    assert_eq!(row("施策1", "令和4年度")[col("項目数")], "2", "the items 令和4年度 had");
    assert_eq!(row("施策1", "令和4年度")[col("D")], "1");
    assert_eq!(row("施策1", "令和4年度")[col("順調の割合")], "0.5");
    assert_eq!(row("施策1", "令和6年度")[col("項目数")], "6");
    assert_eq!(row("施策2", "令和5年度")[col("順調の割合")], "－", "no item of 施策2 in 令和5年度");
    // Where the earlier grades come from, over each table and as wide as it (merged), in the
    // office's words: no command-line option in a published workbook.
    for name in ["経年", "経年（項目別）"] {
        let note = &sheet(&book, name)[2][0];
        assert!(note.starts_with("※ 前年度以前の評価は") && !note.contains("--"), "{name}: {note}");
        let position = book.iter().position(|(n, _)| n == name).unwrap();
        let xml = common::xlsx_part(&xlsx, &format!("xl/worksheets/sheet{}.xml", position + 1));
        let last = (b'A' + sheet(&book, name)[3].len() as u8 - 1) as char;
        assert!(xml.contains(&format!("<mergeCell ref=\"A3:{last}3\"/>")), "{name}: {xml}");
    }
    // Printed, no chart is cut by a page: a row of charts that would run over the page starts
    // the next one (a manual break above it), and no chart spans a break.
    let position = book.iter().position(|(n, _)| n == "経年").unwrap() + 1;
    let xml = common::xlsx_part(&xlsx, &format!("xl/worksheets/sheet{position}.xml"));
    let breaks: Vec<u32> =
        xml.split("<brk id=\"").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect();
    assert!(!breaks.is_empty(), "five 施策' charts need more than one page");
    let rels = common::xlsx_part(&xlsx, &format!("xl/worksheets/_rels/sheet{position}.xml.rels"));
    let target = rels.split("Target=\"../drawings/").nth(1).and_then(|s| s.split('"').next()).unwrap();
    let drawing = common::xlsx_part(&xlsx, &format!("xl/drawings/{target}"));
    let row_of = |anchor: &str, tag: &str| -> u32 {
        let after = anchor.split(tag).nth(1).and_then(|s| s.split("<xdr:row>").nth(1));
        after.and_then(|s| s.split('<').next()).and_then(|n| n.parse().ok()).unwrap()
    };
    let anchors: Vec<&str> = drawing.split("<xdr:twoCellAnchor").skip(1).collect();
    assert_eq!(anchors.len(), 5, "{drawing}");
    for anchor in anchors {
        let (from, to) = (row_of(anchor, "<xdr:from>"), row_of(anchor, "<xdr:to>"));
        // A break's id is the last row (from 1) of its page: the zero-based first of the next.
        assert!(!breaks.iter().any(|b| from < *b && *b <= to), "rows {from}–{to} across {breaks:?}");
    }
    let items = sheet(&book, "経年（項目別）");
    let header = &items[3];
    let col =
        |name: &str| header.iter().position(|c| c == name).unwrap_or_else(|| panic!("{name}: {header:?}"));
    let item = items.iter().find(|r| r[col("項目")] == "職員用マニュアルの作成").unwrap();
    assert_eq!([&item[col("令和4年度")], &item[col("令和5年度")], &item[col("令和6年度")]], ["D", "C", "B"]);
    assert_eq!(item[col("評価の推移")], "令和4 D → 令和5 C → 令和6 B");
    let item = items.iter().find(|r| r[col("項目")] == "自治会、地域での意識の把握").unwrap();
    assert_eq!(item[col("令和4年度")], "－", "an item the year did not have");
    let zip = zip::ZipArchive::new(std::fs::File::open(&xlsx).unwrap()).unwrap();
    let parts: Vec<String> = (0..zip.len())
        .filter_map(|k| Some(zip.name_for_index(k)?.ok()?.to_string()))
        .filter(|n| n.starts_with("xl/charts/chart"))
        .collect();
    let mut charts: Vec<String> = parts.iter().map(|n| common::xlsx_part(&xlsx, n)).collect();
    charts
        .sort_by_key(|c| c.find("経年!$B$").and_then(|i| c[i + 11..].split(':').next()?.parse::<u32>().ok()));
    let small: Vec<&String> = charts.iter().filter(|c| c.contains("経年!$B$")).collect();
    assert_eq!(small.len(), 5, "one chart per 施策");
    assert!(small[1].contains("経年!$B$8:$B$10") && small[1].contains("施策2"), "施策2's three years");
    // One axis for every 施策, in whole steps: 施策1's six items and 施策2's two compare at a glance.
    for chart in &small {
        assert!(
            chart.contains("<c:max val=\"6\"/>") && chart.contains("<c:majorUnit val=\"1\"/>"),
            "{chart}"
        );
    }
}

#[test]
fn previous_folders_of_the_same_year_are_refused() {
    let dir = tempdir("years", "same");
    let (plan, progress) = seed::write_sample(&dir);
    let a = year_folder(&dir, "令和5年度", &[["1-2", "情報媒体を活用した啓発活動", "B"]]);
    let b = dir.join("copy");
    std::fs::create_dir_all(&b).unwrap();
    year_folder(&b, "令和5年度", &[["1-2", "情報媒体を活用した啓発活動", "C"]]);
    let b = b.join("令和5年度");
    let out = dir.join("out");
    let run = kyodo(&[
        "report",
        "--kind",
        "committee",
        "--plan",
        s(&plan),
        "--previous",
        s(&a),
        "--previous",
        s(&b),
        "-o",
        s(&out),
        s(&progress),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("どちらも令和5年度の報告です"), "{}", run.stderr);
    assert!(!out.join("committee.pdf").exists());
}

/// A plan of three items of 企画課 and its progress sheet with one column group per year:
/// 令和4年度, 令和5年度 and 令和6年度 written across 評価 | 実績 in the row above.
fn grouped_sample(dir: &Path) -> (PathBuf, PathBuf) {
    let plan_path = write_small_plan(dir, "市民協働推進アクションプラン（計画期間 令和4〜8年度）");
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&["部署名", "企画課"]);
    let top = sheet.row(&["No", "項目", "令和4年度", "", "令和5年度", "", "令和6年度", "", "今後の方向性"]);
    sheet.row(&["", "", "評価", "実績", "評価", "実績", "評価", "実績", ""]);
    sheet.row(&["1", "広報の充実", "B", "4回掲載", "B", "6回掲載", "A", "毎月掲載", "継続"]);
    sheet.row(&["2", "窓口の案内", "C", "準備", "B", "開設", "B", "案内", "継続"]);
    sheet.row(&["3", "協働事業の募集", "", "", "済", "検討", "A", "3件採択", "拡充"]);
    for c in [0, 1, 8] {
        sheet.merges.push((top, c, top + 1, c));
    }
    for c in [2, 4, 6] {
        sheet.merges.push((top, c, top, c + 1));
    }
    let progress = dir.join("企画課.xlsx");
    write_xlsx(&progress, &[sheet]);
    (plan_path, progress)
}

#[test]
fn one_column_group_per_year_on_the_progress_sheet() {
    let dir = tempdir("years", "groups");
    let (plan, progress) = grouped_sample(&dir);
    let check = kyodo(&["check", "--plan", s(&plan), s(&progress)]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains(
            "企画課.xlsx:進捗状況!E6: 警告：令和5年度の評価「済」は A・B・C・D のいずれでもありません"
        ),
        "{}",
        check.stdout
    );
    let out = dir.join("out");
    let run = kyodo(&["report", "--kind", "all", "--plan", s(&plan), "-o", s(&out), s(&progress)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&out.join("committee.pdf"));
    assert!(text.contains("令和6年度"), "the sheet reports on its latest year");
    assert!(text.contains("令和4B→令和5B→令和6A"), "広報の充実 over three years: {text}");
    assert!(text.contains("令和4C→令和5B→令和6B"), "窓口の案内");
    assert!(
        text.contains("協働事業の募集令和5済※→令和6A"),
        "a year without a report is left out, one off the scale marked"
    );
    assert!(text.contains("改善↑1件変化なし→1件低下↓0件"), "this year against 令和5年度, 済 not compared");
    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains("毎月掲載"), "this year's 実績");
    assert!(!official.contains("6回掲載"), "earlier years' 実績 stay out of the official report");
}

#[test]
fn the_samples_earlier_years_give_the_trend_without_noise() {
    let dir = tempdir("years", "sample");
    let (plan, progress) = seed::write_sample(&dir);
    let folders = seed::write_earlier_years(&dir);
    let out = dir.join("out");
    let mut args = vec!["report", "--kind", "committee", "--plan", s(&plan), "-o", s(&out)];
    for f in &folders {
        args.extend(["--previous", s(f)]);
    }
    args.push(s(&progress));
    let run = kyodo(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("問題があります"), "sheets read for their grades only: {}", run.stderr);
    let text = pdf_text(&out.join("committee.pdf"));
    assert!(text.contains("自治会、地域での意識の把握令和4C→令和5B→令和6B"), "{text}");
    assert!(text.contains("改善↑2件変化なし→12件低下↓1件"));
}

#[test]
fn a_dropped_folder_of_three_years_compares_them() {
    let dir = tempdir("years", "dropped");
    let folder = dir.join("進捗");
    std::fs::create_dir_all(&folder).unwrap();
    seed::write_sample(&folder);
    seed::write_earlier_years(&folder);
    let run = kyodo(&[s(&folder)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("令和4年度の進捗報告（2 ファイル）は前年度以前の報告として比べます"),
        "{}",
        run.stderr
    );
    let text = pdf_text(&dir.join("令和6年度_報告書").join("委員会資料.pdf"));
    assert!(text.contains("自治会、地域での意識の把握令和4C→令和5B→令和6B"), "{text}");
}
