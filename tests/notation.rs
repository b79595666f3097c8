//! One notation for what readers read (`[report] normalise`): the pages, the web page and the
//! 広報 text set the departments' words the way 公用文 writes them, and the workbook and the
//! open data keep them as written.

mod common;

use common::{pdf_text, read_workbook, report_with, sheet, tempdir};
use std::path::{Path, PathBuf};

/// A plan of one item under a heading typed with half-width marks, and its department's
/// report with a count, a percent sign and full-width digits as departments type them.
fn write_inputs(dir: &Path) -> (PathBuf, PathBuf) {
    let plan = dir.join("plan.csv");
    let rows = "No,施策,項目,内容,関係部署\n1,施策1 協働(共働)の意識を高める!!,広報紙(年4回)の充実,広報紙で知らせます。,企画課\n";
    std::fs::write(&plan, rows).unwrap();
    let progress = dir.join("企画課.csv");
    let rows = "No,項目,評価,実績,今後の方向性\n1,広報紙(年4回)の充実,A,相談1000件、回収率71%、１２名が参加。令和6年度（2024年度）に実施。,継続\n";
    std::fs::write(&progress, rows).unwrap();
    (plan, progress)
}

const AS_WRITTEN: [&str; 4] =
    ["協働(共働)の意識を高める!!", "広報紙(年4回)の充実", "相談1000件", "回収率71%"];
const NORMALISED: [&str; 6] = [
    "協働（共働）の意識を高める！！",
    "広報紙（年4回）の充実",
    "相談1,000件",
    "回収率71％",
    "12名が参加",
    "令和6年度（2024年度）に実施",
];

#[test]
fn every_output_for_readers_sets_one_notation_and_the_data_keeps_the_words() {
    let dir = tempdir("notation", "on");
    let (plan, progress) = write_inputs(&dir);
    let out = report_with(
        &dir,
        "",
        &progress,
        &[Path::new("--plan"), &plan, Path::new("--year"), Path::new("令和6")],
    );
    let squashed = |t: &str| -> String { t.chars().filter(|c| !c.is_whitespace()).collect() };
    for pdf in ["official.pdf", "committee.pdf"] {
        let text = pdf_text(&out.join(pdf));
        for form in NORMALISED {
            assert!(text.contains(&squashed(form)), "{pdf}: 「{form}」 in {text}");
        }
        for form in AS_WRITTEN {
            assert!(!text.contains(&squashed(form)), "{pdf}: 「{form}」 as written in {text}");
        }
    }
    for page in ["official.html", "committee.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        for form in NORMALISED {
            assert!(html.contains(form), "{page}: 「{form}」");
        }
        assert!(!html.contains("(共働)") && !html.contains("71%"), "{page}");
    }
    let koho = std::fs::read_to_string(out.join("koho.txt")).unwrap();
    assert!(koho.contains("協働（共働）の意識を高める！！") && !koho.contains("!!"), "{koho}");
    assert!(pdf_text(&out.join("koho.pdf")).contains("協働（共働）の意識を高める！！"));
    // Data as the departments wrote it: the open data and the workbook.
    let csv = std::fs::read_to_string(out.join("official.csv")).unwrap();
    for form in AS_WRITTEN {
        assert!(csv.contains(form), "official.csv: 「{form}」 as written in {csv}");
    }
    let book = read_workbook(&out.join("official.xlsx"));
    let list: String = sheet(&book, "一覧").iter().flatten().cloned().collect();
    for form in AS_WRITTEN {
        assert!(list.contains(form), "一覧: 「{form}」 as written in {list}");
    }
}

#[test]
fn the_notation_can_be_turned_off() {
    let dir = tempdir("notation", "off");
    let (plan, progress) = write_inputs(&dir);
    let out = report_with(
        &dir,
        "[report]\nnormalise = false\n",
        &progress,
        &[Path::new("--plan"), &plan, Path::new("--year"), Path::new("令和6")],
    );
    let text = pdf_text(&out.join("official.pdf"));
    for form in AS_WRITTEN {
        assert!(text.contains(form), "「{form}」 as written in {text}");
    }
    let html = std::fs::read_to_string(out.join("official.html")).unwrap();
    assert!(html.contains("協働(共働)の意識を高める!!"), "{html}");
}
