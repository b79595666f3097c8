//! What the reports say, checked on the built binary with workbooks written here: the reporting
//! year, the title and lead text, invalid grades, comparisons and empty furniture; the pages
//! and the web page saying the same.

mod common;

use common::{actions, kyodo, pdf_text, pdf_title, read_workbook, seed, sheet, tempdir, xlsx_part, Run};
use std::path::{Path, PathBuf};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `kyodo report --plan PLAN -o OUT EXTRA… PROGRESS`.
fn report(plan: &Path, progress: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["report", "--plan", s(plan), "-o", s(out)];
    args.extend(extra);
    args.push(s(progress));
    kyodo(&args)
}

/// The seed plan titled `plan_title`, and both departments' progress under `progress_title`,
/// with some grades written otherwise.
fn sample(dir: &Path, plan_title: &str, progress_title: &str, grades: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let plan = dir.join("plan.xlsx");
    seed::write_plan_titled(&plan, plan_title);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress_with(&progress.join(format!("{d}.xlsx")), d, progress_title, grades);
    }
    (plan, progress)
}

#[test]
fn every_output_is_on_the_progress_year() {
    let dir = tempdir("content", "year");
    let (plan, progress) = sample(
        &dir,
        "平成24年度 市民協働(共働)推進アクションプラン",
        "令和6年度 市民協働(共働)推進アクションプラン",
        &[],
    );
    let run = kyodo(&["check", "--plan", s(&plan), s(&progress)]);
    assert_eq!(run.code, 0, "a warning only: {}", run.stdout);
    let mismatch: Vec<&str> = run.stdout.lines().filter(|l| l.contains("計画は平成24年度")).collect();
    assert_eq!(mismatch.len(), 1, "said once: {}", run.stdout);
    assert!(mismatch[0].contains("警告") && mismatch[0].contains("令和6年度"), "{}", mismatch[0]);
    let json = kyodo(&["check", "--format", "json", "--plan", s(&plan), s(&progress)]);
    assert!(json.stdout.contains("\"year-mismatch\""), "{}", json.stdout);

    let out = dir.join("out");
    let run = report(&plan, &progress, &out, &["--kind", "all", "--format", "all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for pdf in ["official.pdf", "koho.pdf", "committee.pdf"] {
        let text = pdf_text(&out.join(pdf));
        assert!(text.contains("令和6年度"), "{pdf}: {text}");
        assert!(!text.contains("平成24年度"), "{pdf} names the plan's year");
        assert!(pdf_title(&out.join(pdf)).contains("令和6年度"), "{pdf} title");
    }
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(koho.contains("令和6年度は、") && !koho.contains("平成24"), "{koho}");
    let xlsx = out.join("official.xlsx");
    let book = read_workbook(&xlsx);
    assert!(sheet(&book, "集計")[0][0].starts_with("令和6年度"), "workbook title");
    assert!(xlsx_part(&xlsx, "docProps/core.xml").contains("<dc:title>令和6年度"), "workbook properties");
    assert!(!xlsx_part(&xlsx, "xl/worksheets/sheet2.xml").contains("平成24"), "running header");

    // --year names the year outright.
    let out = dir.join("out-year");
    let run = report(&plan, &progress, &out, &["--kind", "official", "--year", "令和5"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(pdf_text(&out.join("official.pdf")).contains("令和5年度（2023年度）"));
    assert!(
        run.stderr.contains("進捗報告は令和6年度ですが、--year のとおり令和5年度の報告書を作ります"),
        "{}",
        run.stderr
    );
    let run = report(&plan, &progress, &out, &["--year", "来年"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--year「来年」は年度として読めません"), "{}", run.stderr);
}

#[test]
fn progress_files_of_different_years_are_an_error_naming_them() {
    let dir = tempdir("content", "conflict");
    let (plan, progress) = sample(&dir, seed::YEAR_TITLE, "令和6年度", &[]);
    seed::write_progress_with(&progress.join(format!("{}.xlsx", seed::ALL)), seed::ALL, "令和5年度", &[]);
    let run = kyodo(&["check", "--plan", s(&plan), s(&progress)]);
    assert_eq!(run.code, 1);
    let line = run.stdout.lines().find(|l| l.contains("年度が食い違っています")).expect(&run.stdout);
    assert!(
        line.contains("地域再生推進本部.xlsx は令和6年度") && line.contains("関係各部.xlsx は令和5年度"),
        "{line}"
    );
}

#[test]
fn lead_sentence_goes_under_its_section_and_is_not_the_title() {
    let dir = tempdir("content", "lead");
    let plan = dir.join("actions.xlsx");
    actions::write_plan(&plan);
    let run = kyodo(&["check", s(&plan)]);
    assert_eq!(run.code, 0, "categories are goals, not items: {}", run.stdout);
    assert!(run.stdout.contains("項目 4 件"), "{}", run.stdout);

    let out = dir.join("out");
    let run = kyodo(&["report", "--year", "令和6", "--kind", "all", "-o", s(&out), s(&plan)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("進捗報告が必要です"), "koho is left out: {}", run.stderr);
    assert!(!out.join("koho.pdf").exists());
    let pdf = out.join("official.pdf");
    let text = pdf_text(&pdf);
    let lead: String = actions::LEAD_1.chars().filter(|c| !c.is_whitespace()).collect();
    // The heading stands in the contents and in running headers too: one of its places has
    // the lead right under it.
    let heading = "アクション1人づくりと推進体制";
    let under = text.match_indices(heading).filter_map(|(at, _)| text[at..].find(&lead)).min();
    assert!(under.expect("the lead under its heading") < 200, "right under the heading");
    assert_eq!(text.matches(&lead).count(), 1, "printed once, not in running headers");
    assert!(text.contains("アクション2活動基盤の整備") && text.contains("市民と行政は、安定した市民活動"));
    let title = pdf_title(&pdf);
    assert!(title.starts_with("令和6年度（2024年度）") && title.contains("協働のアクション"), "{title}");
    assert!(!title.contains("視点"), "{title}");
    // Another city's plan, no settings: no built-in city or plan title leaks into it.
    for pdf in [pdf.clone(), out.join("committee.pdf")] {
        let text = pdf_text(&pdf);
        assert!(
            !text.contains("対馬") && !text.contains("推進アクションプラン"),
            "{}: {text}",
            pdf.display()
        );
    }
    // Categories head their tables; the plan's word for its sections is used.
    assert!(text.contains("■人材育成と意識改革") && text.contains("■推進体制の整備"), "{text}");

    // No No column, 主体 not 関係部署, no 部署別 section without departments.
    let committee = pdf_text(&out.join("committee.pdf"));
    for text in [&text, &committee] {
        assert!(text.contains("主体") && !text.contains("関係部署"), "{text}");
        assert!(!text.contains("No項目"), "an empty No column: {text}");
    }
    // A plan alone (issue 26): one line says no progress is reported, then the plan; no
    // counts of grades, no 未提出 list.
    assert!(committee.contains("進捗の報告はまだありません。"), "{committee}");
    assert!(!committee.contains("アクション別の評価") && !committee.contains("未提出"), "{committee}");

    let run = kyodo(&["report", "--kind", "koho", "-o", s(&out), s(&plan)]);
    assert_eq!(run.code, 2, "koho needs progress");
    assert!(run.stderr.contains("進捗報告が必要です"), "{}", run.stderr);
}

#[test]
fn koho_speaks_the_plans_word_and_counts_what_it_says() {
    let dir = tempdir("content", "word");
    let plan = dir.join("actions.xlsx");
    actions::write_plan(&plan);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    actions::write_progress(&progress.join("市民協働課.xlsx"), "令和6年度 進捗状況", "B");
    let out = dir.join("out");
    let run = report(&plan, &progress, &out, &["--kind", "all", "--format", "all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(koho.contains("2つのアクションに掲げた4件の取り組みすべて"), "{koho}");
    assert!(koho.contains("【アクションごとの評価】") && !koho.contains("施策"), "{koho}");
    assert!(koho.contains("おおむね実施 3件") && !koho.contains("B 3件"), "{koho}");
    assert!(koho.contains("・職員の意識改革：「研修を2回開催しました」"), "{koho}");
    let committee = pdf_text(&out.join("committee.pdf"));
    assert!(
        committee.contains("部署別の評価") && committee.contains("市民協働課"),
        "reports name departments"
    );
    assert!(koho.contains("1件の取り組みが順調に進んでいます。"), "{koho}");
    // The progress sheets have no 課題: no column of blanks.
    let official = pdf_text(&out.join("official.pdf"));
    assert!(!official.contains("課題") && !committee.contains("課題"), "{official}");
    assert!(official.contains("評価実績今後の方向性"), "{official}");
    let book = read_workbook(&out.join("official.xlsx"));
    let header = &sheet(&book, "一覧")[0];
    assert!(header.contains(&"主体".to_string()), "{header:?}");
    assert!(!header.iter().any(|h| h == "関係部署" || h == "区分"), "no empty columns: {header:?}");
    assert!(
        sheet(&book, "集計").iter().any(|r| r.first().is_some_and(|c| c == "アクション")),
        "the plan's word"
    );
}

#[test]
fn an_invalid_grade_is_marked_and_counted_the_same_everywhere() {
    let dir = tempdir("content", "invalid");
    // 3-2 is reported by 関係各部 alone: 「済」 is off the scale; 1-2 (地域再生推進本部) 「Ａ」 is A.
    let (plan, progress) = sample(&dir, seed::YEAR_TITLE, seed::YEAR_TITLE, &[("3-2", "済"), ("1-2", "Ａ")]);
    let out = dir.join("out");
    let run = report(&plan, &progress, &out, &["--kind", "all", "--format", "all", "--force"]);
    assert_eq!(run.code, 1, "an invalid grade is an error: {}", run.stderr);
    assert!(run.stderr.contains("評価「済」は A・B・C・D のいずれでもありません"), "{}", run.stderr);

    let official = pdf_text(&out.join("official.pdf"));
    assert!(official.contains("済※") && official.contains("※評価の区分にない記入"), "{official}");
    assert!(!official.contains('Ａ'), "Ａ prints as A");

    let committee = pdf_text(&out.join("committee.pdf"));
    assert!(committee.contains("済※"));
    assert!(
        committee.contains("関係各部：評価「済」は評価の区分にない記入"),
        "in the missing list: {committee}"
    );
    // 施策3 (3 items): 3-2 is 評価なし; total: 1 評価なし, 0 未提出.
    assert!(committee.contains("施策3市民活動を活性化する！！011001333％"), "{committee}");
    assert!(committee.contains("合計4631011567％"), "{committee}");

    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(koho.contains("評価の記入がない取り組みが1件あります。"), "{koho}");
    assert!(!koho.contains("まだ報告がない"), "every item was reported: {koho}");
    let section3 = koho.lines().skip_while(|l| !l.starts_with("施策3")).nth(1).unwrap();
    assert!(
        section3.contains("1件は、評価の記入がありません。") && section3.contains("報告・評価なし 1件"),
        "{section3}"
    );

    let book = read_workbook(&out.join("official.xlsx"));
    let list = sheet(&book, "一覧");
    let grade_col = list[0].iter().position(|h| h == "評価").unwrap();
    let grades: Vec<&str> = list.iter().map(|r| r[grade_col].as_str()).collect();
    assert!(grades.contains(&"済※") && !grades.contains(&"Ａ"), "{grades:?}");
    let summary = sheet(&book, "集計");
    let header = summary.iter().position(|r| r.first().is_some_and(|c| c == "施策")).unwrap();
    let ungraded = summary[header].iter().position(|h| h == "評価なし").unwrap();
    let total = summary.iter().find(|r| r.first().is_some_and(|c| c == "合計")).unwrap();
    assert_eq!(total[ungraded], "1");
    assert!(summary.iter().flatten().any(|c| c.starts_with("※評価の区分にない記入")), "the note");
}

#[test]
fn previous_year_must_be_an_earlier_year() {
    let dir = tempdir("content", "previous");
    let (plan, progress) = sample(&dir, seed::YEAR_TITLE, seed::YEAR_TITLE, &[]);
    let out = dir.join("out");
    let run = report(&plan, &progress, &out, &["--kind", "committee", "--previous", s(&progress)]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("今年度の入力と同じファイル"), "{}", run.stderr);
    assert!(!out.join("committee.pdf").exists());

    let copy = dir.join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    seed::write_progress(&copy.join("写し.xlsx"), seed::HQ);
    let run = report(&plan, &progress, &out, &["--kind", "committee", "--previous", s(&copy)]);
    assert_eq!(run.code, 2, "the same year: {}", run.stderr);
    assert!(
        run.stderr.contains("令和6年度の報告で、今年度（令和6年度）より前の年度ではありません"),
        "{}",
        run.stderr
    );
}

/// The official report opens with 進捗の概要 (the overall sentence, the counts per 施策 as
/// the handout counts them, the targets reached) in the PDF and on the web page, not in the
/// open data; each notation is explained once where it is first met; `summary = false` and a
/// plan alone have no summary.
#[test]
fn the_official_report_opens_with_a_summary_and_explains_its_notation() {
    let dir = tempdir("content", "summary");
    let plan = dir.join("plan.xlsx");
    seed::write_plan(&plan);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for d in [seed::HQ, seed::ALL] {
        seed::write_progress_with_indicators(&progress.join(format!("{d}.xlsx")), d);
    }
    let out = dir.join("out");
    let run = report(&plan, &progress, &out, &["--kind", "all", "--format", "all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let official = pdf_text(&out.join("official.pdf"));
    let sentence = "全15項目のうち11項目（73％）が順調（A・B）でした。";
    let at = official.find(sentence).unwrap_or_else(|| panic!("the overall sentence: {official}"));
    assert!(at < official.find("■協働（共働）に対する").unwrap(), "before the first goal's table");
    // One computation: the 合計 row is the handout's.
    let total = "合計4731001573％";
    assert!(official.contains(total) && pdf_text(&out.join("committee.pdf")).contains(total), "{official}");
    assert!(official.contains("数値目標を掲げた3つの指標のうち、1つが目標に達しました。"));
    // 達成率 explained once, with the first indicator; no arrows without an earlier year.
    let rule = "※達成率＝基準値から目標値までの伸びに対する実績の割合。（実績値−基準値）÷（目標値−基準値）で求めます。";
    assert_eq!(official.matches(rule).count(), 1, "{official}");
    assert!(official.find(rule).unwrap() < official.find("55.0％未達成").unwrap(), "before the first rate");
    assert!(!official.contains("前年度の評価→今年度の評価"), "no arrows, no legend for them");
    let html = std::fs::read_to_string(out.join("official.html")).unwrap();
    assert!(html.contains("<h2>進捗の概要</h2>"), "{html}");
    assert!(
        html.contains("施策別の評価（件数）</caption>") && html.contains("\">順調</th>"),
        "a table with headers"
    );
    assert!(html.contains(sentence));
    let csv = std::fs::read_to_string(out.join("official.csv")).unwrap();
    assert!(!csv.contains("順調"), "open data holds the items, not the summary");

    let settings = dir.join("settings.toml");
    std::fs::write(&settings, "[official]\nsummary = false\n").unwrap();
    let off = dir.join("off");
    let run = report(&plan, &progress, &off, &["--config", s(&settings), "--format", "all"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&off.join("official.pdf"));
    assert!(!text.contains("進捗の概要") && !text.contains(sentence), "turned off: {text}");
    assert!(!std::fs::read_to_string(off.join("official.html")).unwrap().contains("進捗の概要"));
    assert_eq!(text.matches(rule).count(), 1, "the legend stays with the items");

    let alone = dir.join("alone");
    let run = kyodo(&["report", "-o", s(&alone), s(&plan)]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!pdf_text(&alone.join("official.pdf")).contains("進捗の概要"), "a plan alone has no summary");
}

/// The words of the web page's headings and notes, in order (the pages are set from the same
/// content, so each must be on them, in the same order).
fn headings_and_notes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let open = ["<h1>", "<h2>", "<h3>", "<h4>", "<p class=\"kyodo-note\">"]
            .into_iter()
            .find(|o| rest.starts_with(o));
        let Some(open) = open else {
            rest = &rest[1..];
            continue;
        };
        let end = rest.find("</").unwrap();
        let words = rest[open.len()..end]
            .replace("<br>", "")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'");
        out.push(words.chars().filter(|c| !c.is_whitespace()).collect());
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_pages_show_every_heading_and_note_of_the_web_page_in_its_order() {
    let dir = tempdir("content", "same");
    let (plan, progress) = sample(
        &dir,
        "令和6年度 市民協働(共働)推進アクションプラン",
        "令和6年度 市民協働(共働)推進アクションプラン",
        &[("1-1", "済")],
    );
    let out = dir.join("out");
    let run = report(&plan, &progress, &out, &["--kind", "all", "--format", "all", "--force"]);
    assert!(run.code <= 1, "{}", run.stderr);
    for kind in ["official", "committee"] {
        let pdf = pdf_text(&out.join(format!("{kind}.pdf")));
        let html = std::fs::read_to_string(out.join(format!("{kind}.html"))).unwrap();
        let expected = headings_and_notes(&html);
        assert!(expected.len() > 5, "{kind}: {expected:?}");
        let mut from = 0;
        for words in expected {
            // The legends share a line on the pages where it holds them: each is still there.
            let at =
                pdf[from..].find(&words).unwrap_or_else(|| panic!("{kind}: 「{words}」 after {from}: {pdf}"));
            from += at + words.len();
        }
    }
}
