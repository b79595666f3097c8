//! The printed result judged as a proofreader reads it, from the glyph positions in the PDF
//! (content streams read back with lopdf), not from the layout's own numbers.

mod common;

use common::pdf::{self, Glyph};
use common::{kyodo, seed, system_tool, tempdir, write_xlsx, Sheet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Lines of glyphs, each with its text.
fn lines_of(path: &Path) -> Vec<(String, Vec<Glyph>)> {
    pdf::lines(&pdf::glyphs(path)).into_iter().map(|l| (pdf::text(&l), l)).collect()
}

/// The line set right under `line` in the same column (same left edge, one line height down).
fn below<'a>(lines: &'a [(String, Vec<Glyph>)], line: &[Glyph]) -> Option<&'a (String, Vec<Glyph>)> {
    let (page, x, y, em) = (line[0].page, line[0].x, line[0].y, line[0].size);
    lines.iter().find(|(_, l)| {
        l[0].page == page && (l[0].x - x).abs() < 0.3 && (y - l[0].y - 1.5 * em).abs() < 0.2 * em
    })
}

/// `report --plan PLAN [--previous DIR]… --kind all -o OUT PROGRESS`: every kind, in PDF.
fn every_kind<'a>(
    plan: &'a Path,
    previous: &'a [PathBuf],
    out: &'a Path,
    progress: &'a Path,
) -> Vec<&'a OsStr> {
    let mut args: Vec<&OsStr> = vec!["report".as_ref(), "--plan".as_ref(), plan.as_os_str()];
    for dir in previous {
        args.extend(["--previous".as_ref(), dir.as_os_str()]);
    }
    args.extend(["--kind", "all", "-o"].map(OsStr::new));
    args.extend([out.as_os_str(), progress.as_os_str()]);
    args
}

fn pages(path: &Path) -> usize {
    pdf::glyphs(path).last().map_or(0, |g| g.page + 1)
}

#[test]
fn the_sample_report_reads_as_a_proofread_publication() {
    let dir = tempdir("typesetting", "sample");
    let (plan, progress) = seed::write_sample(&dir);
    let out = dir.join("out");
    let run = kyodo(&every_kind(&plan, &[], &out, &progress));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let official = out.join("official.pdf");
    let body_pages = pages(&official) - 3;
    assert!(body_pages <= 4, "cover, contents, summary and at most four body pages: {body_pages}");
    for file in ["official.pdf", "committee.pdf"] {
        let lines = lines_of(&out.join(file));
        for (text, line) in &lines {
            // No department name split across lines where the column holds it (the 関係部署
            // column is never narrower than its longest name).
            for name in [seed::HQ, seed::ALL] {
                for cut in name.char_indices().map(|(i, _)| i).skip(1) {
                    let (head, tail) = name.split_at(cut);
                    if text.ends_with(head)
                        && below(&lines, line).is_some_and(|(next, _)| next.starts_with(tail))
                    {
                        panic!("{file}: 「{name}」 split as 「{text}」/「{tail}…」");
                    }
                }
            }
            // No character alone on a paragraph's last line under a line that could give
            // some up.
            let visible: Vec<char> = text.chars().filter(|c| !"、。".contains(*c)).collect();
            if visible.len() == 1 {
                let above = lines.iter().find(|(_, l)| below(&lines, l).is_some_and(|(_, b)| b == line));
                if let Some((above, _)) = above.filter(|(t, _)| t.chars().count() >= 4) {
                    panic!("{file}: 「{text}」 alone under 「{above}」");
                }
            }
        }
    }
    let lines = lines_of(&official);
    assert!(!lines.iter().any(|(t, l)| l[0].page == 0 && t.starts_with("- ")), "no folio on the cover");
    assert!(lines.iter().any(|(t, l)| l[0].page == 1 && t == "- 2 -"), "the contents page is page 2");
    let header_line =
        |(t, l): &&(String, Vec<Glyph>)| l[0].page == 3 && l[0].size < 8.5 && t.starts_with("施策1");
    assert!(lines.iter().any(|l| header_line(&l)), "the running header names the 施策");
    let koho = out.join("koho.pdf");
    assert_eq!(pages(&koho), 1);
    assert!(!lines_of(&koho).iter().any(|(t, _)| t.contains("- 1 -")), "a one-page document has no folio");
}

/// A plan of one 施策 and one goal whose cells hold the pairs JLReq sets close and Japanese
/// next to Latin letters and digits.
fn write_spacing_plan(path: &Path, items: usize) -> Vec<&'static str> {
    let texts = vec![
        "広報紙、「つしま」で周知する",
        "（2012年度）（2013年度）の実績",
        "（2012年度） 市民協働の推進",
        "「協働」「共働」を使い分ける",
        "資料・「市民の声」を配布する",
        "SNSによる情報発信を行う",
        "NPO法人と協働で開催する",
        "協働の意識を高める!!",
    ];
    let mut sheet = Sheet::new("計画");
    sheet.row(&["施策1 協働(共働)の意識を高める!!"]);
    sheet.row(&["目標", "区分", "項目", "内容", "関係部署"]);
    for i in 0..items {
        let name = format!("項目{}", i + 1);
        let goal =
            if i == 0 { "協働(共働)に関する条例の周知に取り組みます。" } else { "" };
        sheet.row(&[goal, "◎", &name, texts[i % texts.len()], "地域再生推進本部"]);
    }
    write_xlsx(path, &[sheet]);
    texts
}

#[test]
fn punctuation_pairs_are_set_close_and_latin_spaced_with_text_unchanged() {
    let dir = tempdir("typesetting", "spacing");
    let plan = dir.join("plan.xlsx");
    let texts = write_spacing_plan(&plan, 8);
    // The spacing of the marks as the departments typed them (!!): the one notation, which
    // would set them full-width, is off.
    std::fs::write(dir.join("kyodo.toml"), "[report]\nnormalise = false\n").unwrap();
    let out = dir.join("out");
    let run = kyodo(&["report".as_ref(), "-o".as_ref(), out.as_os_str(), plan.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = out.join("official.pdf");
    let glyphs = pdf::glyphs(&pdf);
    let mut pairs = 0;
    for w in glyphs.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.page != b.page || (a.y - b.y).abs() > 0.01 {
            continue;
        }
        let pair: String = [a.c, b.c].iter().collect();
        if ["、「", "）（", "」「", "・「"].contains(&pair.as_str()) {
            pairs += 1;
            let advance = b.x + b.advance - a.x;
            assert!(advance <= 1.5 * a.size + 0.01, "「{pair}」 takes {} em", advance / a.size);
        }
        if ["Sに", "O法"].contains(&pair.as_str()) {
            let gap = b.x - (a.x + a.advance);
            assert!((gap / a.size - 0.25).abs() < 0.01, "和欧間 in 「{pair}」: {} em", gap / a.size);
        }
        // Digits in dates and counts are set solid, as 公用文 sets them.
        if ["2年", "3年"].contains(&pair.as_str()) {
            let gap = b.x - (a.x + a.advance);
            assert!(gap.abs() < 0.01 * a.size, "「{pair}」 set solid: {} em", gap / a.size);
        }
        if pair == "!!" {
            assert!(b.x - a.x < a.advance - 0.05 * a.size, "!! drawn close as one unit");
        }
    }
    assert!(pairs >= 4, "{pairs} pairs checked");
    // A typed space after ） adds nothing to the bracket's blank half: 市 starts an em after ）.
    let spaced =
        glyphs.windows(3).find(|w| w[0].c == '）' && w[1].c == ' ' && w[2].c == '市').expect("「） 市」");
    assert!((spaced[2].x - spaced[0].x - spaced[0].size).abs() < 0.01, "「） 市」: {:?}", spaced);
    // Text extraction gives the source back: no space where the 和欧間 is, nothing broken
    // where punctuation is closed up. The characters drawn hold it; poppler's extraction,
    // which also infers spaces from the positions, must too where it is installed.
    let drawn: String = glyphs.iter().map(|g| g.c).collect();
    for t in &texts {
        assert!(drawn.contains(t), "the glyphs lost 「{t}」:\n{drawn}");
    }
    for mode in [&[][..], &["-raw"][..]] {
        let Some(text) = system_tool("pdftotext", mode, &pdf, &["-"]) else { continue };
        for t in &texts {
            assert!(text.contains(t), "pdftotext {mode:?} lost 「{t}」:\n{text}");
        }
    }
}

#[test]
fn a_table_continued_on_a_later_page_carries_its_caption() {
    let dir = tempdir("typesetting", "caption");
    let plan = dir.join("plan.xlsx");
    write_spacing_plan(&plan, 90);
    let out = dir.join("out");
    let run = kyodo(&["report".as_ref(), "-o".as_ref(), out.as_os_str(), plan.as_os_str()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = out.join("official.pdf");
    let lines = lines_of(&pdf);
    let total = pages(&pdf);
    assert!(total >= 2 + 3, "three body pages at least: {total}");
    // In the one notation: brackets and marks of Japanese text full-width.
    let caption =
        "施策1 協働（共働）の意識を高める！！／■協働（共働）に関する条例の周知に取り組みます。（続き）";
    for page in 3..total {
        let on_page: Vec<&(String, Vec<Glyph>)> = lines.iter().filter(|(_, l)| l[0].page == page).collect();
        let header = on_page.iter().find(|(t, _)| t == "区分").expect("the repeated header");
        let above: String = on_page
            .iter()
            .filter(|(_, l)| l[0].size > 8.5 && l[0].y > header.1[0].y)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(above, caption, "page {}: the caption above the repeated header", page + 1);
        assert!(
            on_page.iter().any(|(t, l)| l[0].size < 8.5 && t == "施策1 協働（共働）の意識を高める！！"),
            "page {}: the running header names the 施策",
            page + 1
        );
    }
}

/// What a proofreader marks in a PDF, counted over every pair of lines set one under the
/// other in the same column (a break inside a paragraph), each with where it was seen.
#[derive(Debug, Default)]
struct Stumbles {
    /// A line starting with what may not start one (、。）ー small kana …) or ending with an
    /// opening bracket.
    kinsoku: Vec<String>,
    /// A line holding one character (perhaps with 、。) under a line of its column: a
    /// paragraph's last line, or a phrase's (「まちづく／り／出前講座」).
    lone: Vec<String>,
    /// A department name broken across lines.
    names: Vec<String>,
    /// A word broken: inside a katakana word, or inside one of the plan's words a reader
    /// stumbles on, in a title or heading (set larger than body text) or in a cell.
    titles: Vec<String>,
    words: Vec<String>,
}

/// Words of the plans a break must not enter (the list and the cover title's).
const WORDS: [&str; 12] = [
    "アクションプラン",
    "進捗状況報告書",
    "延べ",
    "つしま",
    "協働推進検討委員会",
    "発掘及び",
    "活動センター",
    "マネージャー",
    "参加者",
    "固定化",
    "見られる",
    "市民協働",
];

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

fn starts_prohibited(c: char) -> bool {
    "、。，．）」』】〕〉》］｝)]}・：；？！:;?!ーゝゞヽヾ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
        .contains(c)
}

/// Whether the break between `above` and `below` falls inside `word`.
fn splits(word: &str, above: &str, below: &str) -> bool {
    word.char_indices().skip(1).any(|(i, _)| above.ends_with(&word[..i]) && below.starts_with(&word[i..]))
}

fn stumbles(path: &Path, names: &[&str], body_pt: f32) -> Stumbles {
    let lines = lines_of(path);
    let file = path.file_name().unwrap().to_string_lossy();
    let mut found = Stumbles::default();
    for (text, line) in &lines {
        let Some((next, _)) = below(&lines, line) else { continue };
        let at = format!("{file} p.{}: 「{text}／{next}」", line[0].page + 1);
        let (last, first) = (text.chars().last().unwrap_or(' '), next.chars().next().unwrap_or(' '));
        // A line opening with ・ is a bullet: a paragraph of its own.
        if (starts_prohibited(first) && first != '・') || "（「『【〔〈《［([{".contains(last) {
            found.kinsoku.push(at.clone());
        }
        let visible = next.chars().filter(|c| !"、。".contains(*c)).count();
        if visible == 1 {
            found.lone.push(at.clone());
        }
        if names.iter().any(|name| splits(name, text, next)) {
            found.names.push(at.clone());
        }
        if (is_katakana(last) && is_katakana(first)) || WORDS.iter().any(|w| splits(w, text, next)) {
            match line[0].size > body_pt + 0.5 {
                true => found.titles.push(at),
                false => found.words.push(at),
            }
        }
    }
    found
}

/// Runs `kyodo ARGS` and counts the stumbles of every PDF written to `out`.
fn stumbles_of_run(args: &[&OsStr], out: &Path, names: &[&str]) -> Vec<(String, Stumbles)> {
    let run = kyodo(args);
    assert!(run.code <= 1, "{}", run.stderr);
    let mut pdfs: Vec<_> = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    pdfs.sort();
    assert!(pdfs.len() >= 3, "official, committee and koho: {pdfs:?}");
    pdfs.iter()
        .map(|p| {
            let body = if p.ends_with("koho.pdf") { 12.0 } else { 9.0 };
            (p.file_name().unwrap().to_string_lossy().into_owned(), stumbles(p, names, body))
        })
        .collect()
}

#[test]
fn every_output_of_the_sample_and_the_seed_plan_is_free_of_stumbles() {
    let names = [seed::HQ, seed::ALL];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = root.join("input");
    let dir = tempdir("typesetting", "stumbles");
    // The README's main command, every kind.
    let out = dir.join("sample");
    let (plan, previous) = (input.join("plan.xlsx"), [input.join("令和4年度"), input.join("令和5年度")]);
    let progress = input.join("progress");
    let args = every_kind(&plan, &previous, &out, &progress);
    let mut all = stumbles_of_run(&args, &out, &names);
    // The Tsushima seed plan with its departments' progress.
    let (plan, progress) = seed::write_sample(&dir);
    let out = dir.join("seed");
    all.extend(stumbles_of_run(&every_kind(&plan, &[], &out, &progress), &out, &names));
    let mut report = String::new();
    for (file, s) in &all {
        let counts = [s.kinsoku.len(), s.lone.len(), s.names.len(), s.titles.len(), s.words.len()];
        report += &format!(
            "{file}: kinsoku {} lone {} names {} titles {} words {}\n",
            counts[0], counts[1], counts[2], counts[3], counts[4]
        );
        for seen in s.kinsoku.iter().chain(&s.lone).chain(&s.names).chain(&s.titles).chain(&s.words) {
            report += &format!("  {seen}\n");
        }
    }
    eprintln!("{report}");
    for (file, s) in &all {
        assert!(s.kinsoku.is_empty(), "{file}: a kinsoku break\n{report}");
        assert!(s.lone.is_empty(), "{file}: a character alone on a last line\n{report}");
        assert!(s.names.is_empty(), "{file}: a name split\n{report}");
        assert!(s.titles.is_empty(), "{file}: a title broken inside a word\n{report}");
    }
    // Left: katakana words in long prose (「ホームペー／ジ」 in a cell of more than three lines,
    // 「アクショ／ンプラン」 in a sentence of 実績), which breaks where the measure ends. A short
    // cell's katakana word is held whole by its column (「コミュニティモデル」). Main had 16
    // (「延／べ」「アク／ションプラン」「参加者の固／定化」「つし／ま」…), then 4.
    let words: usize = all.iter().map(|(_, s)| s.words.len()).sum();
    assert!(words <= 2, "{words} words broken, more than before\n{report}");
}

/// Katakana words broken across two lines of a short cell (at most 40 characters, a name or
/// a note: long prose breaks where it must) although its column is as wide as the whole word
/// (「パブリッ／クコメン／トの実施」 in a 項目 of four characters), each with where it was seen.
/// A column's width is that of its widest line on the page.
fn katakana_splits(path: &Path) -> Vec<String> {
    let lines = lines_of(path);
    let column = |line: &[Glyph]| -> f32 {
        let (page, x) = (line[0].page, line[0].x);
        let same = lines.iter().filter(|(_, l)| l[0].page == page && (l[0].x - x).abs() < 0.3);
        same.map(|(_, l)| l.last().map_or(0.0, |g| g.x + g.advance) - x).fold(0.0, f32::max)
    };
    let mut found = Vec::new();
    for (text, line) in &lines {
        let Some((next, under)) = below(&lines, line) else { continue };
        let head: Vec<&Glyph> = line.iter().rev().take_while(|g| is_katakana(g.c)).collect();
        let tail: Vec<&Glyph> = under.iter().take_while(|g| is_katakana(g.c)).collect();
        if head.is_empty() || tail.is_empty() {
            continue;
        }
        let word: f32 = head.iter().chain(&tail).map(|g| g.advance).sum();
        if word <= column(line) + 0.1 && cell_chars(&lines, line) <= 40 {
            found.push(format!("p.{}: 「{text}／{next}」", line[0].page + 1));
        }
    }
    found
}

/// Characters of the cell that holds `line`: the lines set one under another with it.
fn cell_chars(lines: &[(String, Vec<Glyph>)], line: &[Glyph]) -> usize {
    let above = |l: &[Glyph]| lines.iter().find(|(_, a)| below(lines, a).is_some_and(|(_, b)| b[..] == *l));
    let mut top = line.to_vec();
    while let Some((_, a)) = above(&top) {
        top = a.clone();
    }
    let mut count = top.len();
    while let Some((_, b)) = below(lines, &top) {
        count += b.len();
        top = b.clone();
    }
    count
}

#[test]
fn a_narrow_item_column_holds_its_katakana_words_whole() {
    // Eleven columns of a department's return, as the benchmarks' plan: 項目 was given four
    // characters, and 「パブリックコメントの実施」 read 「パブリッ／クコメン／トの実施」.
    let dir = tempdir("typesetting", "katakana");
    let plan = dir.join("plan.xlsx");
    common::realistic::write_realistic_plan(&plan, 80);
    let out = dir.join("out");
    let args = ["report", "--kind", "official", "-o"].map(OsStr::new);
    let run = kyodo(&[&args[..], &[out.as_os_str(), plan.as_os_str()]].concat());
    assert!(run.code <= 1, "{}", run.stderr);
    let pdf = out.join("official.pdf");
    let text: String = lines_of(&pdf).into_iter().map(|(t, _)| t).collect();
    assert!(text.contains("パブリックコメントの"), "the item's name is set: {text}");
    let found = katakana_splits(&pdf);
    assert!(found.is_empty(), "katakana words split where their column holds them:\n{}", found.join("\n"));
}

/// A plan of one 施策 whose first goal has `first` items of one line and whose second has
/// ten items of two lines: a table short enough to be kept whole, nearly half a page tall.
fn write_two_goals(path: &Path, first: usize) {
    let mut sheet = Sheet::new("計画");
    sheet.row(&["施策1 協働(共働)の意識を高める!!"]);
    sheet.row(&["目標", "区分", "項目", "内容", "関係部署"]);
    let long = "市民が身近に、主体的にまちづくりを進めるために必要な情報を提供し、地域の課題を住民と共有して解決に向けた話し合いの場を設けます。";
    for i in 0..first + 10 {
        let goal = match i {
            0 => "協働(共働)に関する条例の周知に取り組みます。",
            i if i == first => "市民活動団体の情報の発信を進めます。",
            _ => "",
        };
        let name = format!("項目{}", i + 1);
        let content: String = long.chars().take(if i < first { 32 } else { 64 }).collect();
        sheet.row(&[goal, "◎", &name, &content, "地域再生推進本部"]);
    }
    write_xlsx(path, &[sheet]);
}

#[test]
fn a_short_table_moves_whole_only_where_little_of_the_page_is_left() {
    // Wherever the first goal ends, the second goal's short table either fits under it, moves
    // from the foot of a page with less than a quarter of it left, or starts there and
    // continues: no page before it is left more than 40 % empty.
    let dir = tempdir("typesetting", "keep");
    let mut continued = 0;
    for first in (4..40).step_by(3) {
        let plan = dir.join(format!("plan{first}.xlsx"));
        write_two_goals(&plan, first);
        let out = dir.join(format!("out{first}"));
        let args = ["report", "--kind", "official", "-o"].map(OsStr::new);
        let run = kyodo(&[&args[..], &[out.as_os_str(), plan.as_os_str()]].concat());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let lines = lines_of(&out.join("official.pdf"));
        let folio = |(t, _): &(String, Vec<Glyph>)| t.starts_with("- ") && t.ends_with(" -");
        let first_body =
            lines.iter().find(|(t, _)| t.contains("条例の周知に取り組みます")).unwrap().1[0].page;
        let last = lines.iter().map(|(_, l)| l[0].page).max().unwrap();
        for page in first_body..last {
            let on_page: Vec<&(String, Vec<Glyph>)> =
                lines.iter().filter(|(_, l)| l[0].page == page).collect();
            // From the running header (the page's top line) down to the folio.
            let top = on_page.iter().map(|(_, l)| l[0].y).fold(f32::MIN, f32::max);
            let bottom = on_page.iter().find(|l| folio(l)).expect("a folio").1[0].y;
            let lowest = on_page.iter().filter(|l| !folio(l)).map(|(_, l)| l[0].y).fold(f32::MAX, f32::min);
            let empty = (lowest - bottom) / (top - bottom);
            assert!(empty <= 0.4, "{first} items before: page {} is {:.0} % empty", page + 1, empty * 100.0);
        }
        continued += usize::from(
            lines.iter().any(|(t, _)| t.contains("市民活動団体の情報の発信を進めます。（続き）")),
        );
    }
    assert!(continued > 0, "the second goal's table starts at the foot of a page and continues");
}
