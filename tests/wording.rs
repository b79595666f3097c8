//! The words a proofreader signs off: counters that Japanese allows, whatever the counts.

mod common;

use common::{kyodo, tempdir, write_xlsx, Sheet};

/// A plan with progress of `sections` 施策, one item each graded A, with a reached indicator.
fn plan_of(dir: &std::path::Path, sections: usize) -> std::path::PathBuf {
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&["令和6年度 市民協働(共働)推進アクションプラン 進捗状況"]);
    let header = "No 施策 項目 内容 関係部署 評価 実績 今後の方向性 指標 目標値 実績値";
    sheet.row(&header.split(' ').collect::<Vec<_>>());
    let rows: Vec<[String; 11]> = (1..=sections)
        .map(|s| {
            let cells = [
                &s.to_string(),
                &format!("施策{s} 協働の推進"),
                &format!("取組{s}"),
                "取り組みを進めます。",
                "企画課",
                "A",
                "実施した。",
                "継続",
                &format!("指標{s}"),
                "10",
                "10",
            ];
            cells.map(str::to_string)
        })
        .collect();
    for row in &rows {
        sheet.row(&row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let path = dir.join("plan.xlsx");
    write_xlsx(&path, &[sheet]);
    path
}

#[test]
fn counts_of_ten_and_more_take_no_tsu_counter() {
    for (sections, says) in [
        (3, ["3つの施策に掲げた3件", "数値目標を掲げた3つの指標すべてが"]),
        (12, ["12の施策に掲げた12件", "数値目標を掲げた12の指標すべてが"]),
    ] {
        let dir = tempdir("wording", &format!("tsu-{sections}"));
        let plan = plan_of(&dir, sections);
        let out = dir.join("out");
        let run = kyodo(&[
            "report".as_ref(),
            "--kind".as_ref(),
            "koho".as_ref(),
            "--format".as_ref(),
            "txt".as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
            plan.as_os_str(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
        for words in says {
            assert!(koho.contains(words), "{words} missing in {koho}");
        }
        assert!(!koho.contains("12つ"), "{koho}");
    }
}
