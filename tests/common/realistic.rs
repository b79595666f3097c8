//! The benchmarks' realistic plan: shaped like the sheets departments return (issue 14).
//!
//! 10–20 施策 (more only past 20,000 items), goals of 3–12 items, 1–3 関係部署 per item, 内容 of
//! 40–120 characters, 実績 of 60–200 with an occasional line break, one 課題 and one 今後の方向性
//! sentence per item, and the formatting a sheet made for printing carries: bordered wrapped
//! cells, a bold filled header, column widths, merged 施策 and 目標 cells, a repeated header
//! row, landscape A4 fitted to the page width. A fixed seed makes every run the same file.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::Path;

const HEADER: [&str; 11] =
    ["No", "施策", "目標", "区分", "項目", "内容", "関係部署", "評価", "実績", "課題", "今後の方向性"];
const WIDTHS: [f64; 11] = [5.0, 16.0, 22.0, 5.0, 20.0, 40.0, 16.0, 5.0, 48.0, 26.0, 26.0];

const SECTION_THEMES: [&str; 20] = [
    "協働(共働)の意識を高める!!",
    "情報を共有する!!",
    "市民活動を支援する!!",
    "人材を育てる!!",
    "地域コミュニティを再生する!!",
    "協働の仕組みをつくる!!",
    "市民の参画を広げる!!",
    "交流の場をつくる!!",
    "地域の宝を活かす!!",
    "子どもと若者が関わる!!",
    "高齢者の活躍を支える!!",
    "防災で手を結ぶ!!",
    "環境を共に守る!!",
    "福祉を地域で支える!!",
    "観光と産業で協働する!!",
    "文化を継承する!!",
    "移住者を迎える!!",
    "職員の意識を改革する!!",
    "行政運営を効率化する!!",
    "協働の成果を評価する!!",
];
const GOAL_SUBJECTS: [&str; 12] = [
    "協働(共働)に関する条例の周知",
    "職員の協働(共働)に関する理解",
    "市政に関する市民からの意見の受け止め",
    "地域マネージャー制度の活用",
    "市民活動団体の情報の発信",
    "自治会活動への参加の促進",
    "地域づくり団体への支援",
    "協働推進員の全庁的な配置",
    "市民と行政の意見交換の場",
    "公募委員による審議会への参画",
    "地域の担い手の育成",
    "協働事業の提案制度",
];
const GOAL_VERBS: [&str; 5] =
    ["に取り組みます。", "を進めます。", "に努めます。", "を図ります。", "を目指します。"];
const ITEM_NAMES: [&str; 16] = [
    "情報媒体を活用した啓発活動",
    "自治会、地域での意識の把握",
    "職員用マニュアルの作成",
    "協働窓口担当者の配置",
    "協働(共働)事例集の作成",
    "協働(共働)に関する標語の募集",
    "市政懇談会の開催",
    "パブリックコメントの実施",
    "市民活動センターの運営",
    "地域おこし協力隊の受入れ",
    "まちづくり出前講座",
    "ボランティア登録制度",
    "審議会委員の公募",
    "協働事業提案制度の創設",
    "地域づくり補助金の交付",
    "協働推進員会議の開催",
];
const CONTENT_PHRASES: [&str; 14] = [
    "地域マネージャー制度を通じて、協働に対する市民意識の把握に努めます。",
    "協働に関する条例の周知に取り組みます。",
    "協働(共働)の理解度向上に向けて、市民基本条例逐条解説等の作成に着手します。",
    "各部署に協働(共働)推進員を配置し、全庁的取り組みを進めます。",
    "市民が身近に、主体的にまちづくりを進めるために必要な情報を提供します。",
    "広報紙、ホームページ、CATV等の多様な媒体を活用し、情報を発信します。",
    "市民の声を受け止め、市政に反映する仕組みづくりに努めます。",
    "地域の課題を住民と共有し、解決に向けた話し合いの場を設けます。",
    "市民活動団体の情報を集約し、団体同士の交流を促します。",
    "若い世代が地域活動に参加しやすい環境を整えます。",
    "審議会等の委員に公募枠を設け、幅広い市民の参画を図ります。",
    "地域づくり団体の自主的な活動に対し、補助金による支援を行います。",
    "職員研修を実施し、協働(共働)に対する理解を深めます。",
    "協働事業の成果を検証し、次年度の取組に反映させます。",
];
const RESULT_PHRASES: [&str; 14] = [
    "市政懇談会を市内6地区で開催し、延べ312名が参加した。",
    "広報つしま5月号及び11月号に特集記事を掲載した。",
    "ホームページに協働(共働)の専用ページを開設し、年間2,450件の閲覧があった。",
    "職員研修を2回実施し、新規採用職員を含む延べ84名が受講した。",
    "協働推進員会議を年4回開催し、各課の取組状況を共有した。",
    "パブリックコメントを3件実施し、計27件の意見が寄せられた。",
    "市民活動センターの登録団体は前年度から8団体増え、118団体となった。",
    "地域おこし協力隊員3名を新たに受け入れ、集落支援に従事している。",
    "出前講座を15回実施し、自治会や学校から延べ420名の参加があった。",
    "審議会委員の公募を行い、4つの審議会で計9名の市民委員が就任した。",
    "地域づくり補助金を12団体に交付し、事業報告会を開催した。",
    "事例集を500部作成し、各自治会及び公民館に配布した。",
    "標語の募集に小中学生を中心に186点の応募があり、最優秀作品を表彰した。",
    "アンケート調査を実施し、回収率は前年度比4.2ポイント増の38.6%であった。",
];
const ISSUES: [&str; 10] = [
    "参加者の固定化が見られ、若い世代の参加が少ない。",
    "各課の取組状況に差があり、全庁的な意識の共有が十分でない。",
    "周知の効果を測る指標が定まっていない。",
    "担い手の高齢化が進み、活動の継続が難しい団体がある。",
    "離島地区への情報の行き届きに課題がある。",
    "事業の成果が市民に十分伝わっていない。",
    "予算の確保が難しく、事業の拡充に至っていない。",
    "団体間の連携が一部にとどまっている。",
    "応募者が少なく、制度の認知度が低い。",
    "新型感染症対策のため、開催方法の見直しが必要である。",
];
const DIRECTIONS: [&str; 10] = [
    "引き続き、多様な媒体を活用した周知に努める。",
    "オンライン参加を取り入れ、参加しやすい環境を整える。",
    "成果指標を設定し、進捗を検証しながら継続する。",
    "関係団体と連携し、担い手の育成に取り組む。",
    "地区ごとの説明会を開催し、情報の共有を図る。",
    "事業内容を見直したうえで継続する。",
    "先進自治体の事例を調査し、制度の改善を検討する。",
    "各課の推進員を通じて全庁的な取組を強化する。",
    "広報つしまで成果を紹介し、市民の関心を高める。",
    "令和7年度も同規模で実施する。",
];
const DEPARTMENTS: [&str; 14] = [
    "地域再生推進本部",
    "関係各部",
    "総務部",
    "総合政策部",
    "市民生活部",
    "福祉保健部",
    "観光交流商工部",
    "農林水産部",
    "建設部",
    "教育委員会",
    "美津島地域活性化センター",
    "豊玉地域活性化センター",
    "峰地域活性化センター",
    "上対馬地域活性化センター",
];
const MARKS: [&str; 3] = ["★", "●", "◎"];
const GRADES: [&str; 5] = ["A", "B", "B", "C", "D"];

/// The plan's choices, from the shared seeded generator: the same seed gives the same plan.
struct Rng(super::Rng);

impl Rng {
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.0.below(hi - lo + 1)
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.range(0, from.len() - 1)]
    }

    /// Sentences from `from` until the text is `lo..=hi` characters long (cut at `hi`, a final
    /// 。 kept); `breaks` is the chance in 100 of a line break between two sentences.
    fn text(&mut self, from: &[&str], lo: usize, hi: usize, breaks: usize) -> String {
        let target = self.range(lo, hi);
        let mut text = String::new();
        while text.chars().count() < target {
            if !text.is_empty() && self.range(1, 100) <= breaks {
                text.push('\n');
            }
            text.push_str(self.pick(from));
        }
        if text.chars().count() > hi {
            text = text.chars().take(hi - 1).collect();
            text.push('。');
        }
        text
    }
}

/// One generated item row, in the order of [`HEADER`] after 施策 and 目標.
struct Row {
    mark: &'static str,
    name: String,
    content: String,
    departments: String,
    grade: &'static str,
    results: String,
    issue: &'static str,
    direction: &'static str,
}

fn item_row(rng: &mut Rng, i: usize) -> Row {
    let count = rng.range(1, 3);
    let mut departments: Vec<&str> = Vec::new();
    while departments.len() < count {
        let d = rng.pick(&DEPARTMENTS);
        if !departments.contains(&d) {
            departments.push(d);
        }
    }
    Row {
        mark: rng.pick(&MARKS),
        name: format!("{}（{}）", rng.pick(&ITEM_NAMES), i + 1),
        content: rng.text(&CONTENT_PHRASES, 40, 120, 10),
        departments: departments.join("\n"),
        grade: rng.pick(&GRADES),
        results: rng.text(&RESULT_PHRASES, 60, 200, 30),
        issue: rng.pick(&ISSUES),
        direction: rng.pick(&DIRECTIONS),
    }
}

/// The formats of a sheet made for printing.
struct Formats {
    header: Format,
    cell: Format,
    centre: Format,
}

fn formats() -> Formats {
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_font_name("BIZ UDゴシック")
        .set_font_size(10);
    Formats {
        header: cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_align(FormatAlign::Center),
        centre: cell.clone().set_align(FormatAlign::Center),
        cell,
    }
}

fn print_setup(ws: &mut Worksheet) {
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w).unwrap();
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(1, 1).unwrap();
    ws.set_freeze_panes(2, 0).unwrap();
}

/// How many 施策: 10–20 up to 20,000 items (14 at 10,000), one per 1,000 items beyond (a
/// roll-up of several plans).
fn sections(n: usize) -> usize {
    if n > 20_000 {
        n / 1000
    } else {
        (n / 700).clamp(10, 20).min(n.max(1))
    }
}

/// One 施策 of the realistic plan: its heading and its goals, each with its items (No, row).
struct Section {
    title: String,
    goals: Vec<(String, Vec<(usize, Row)>)>,
}

/// The plan of `n` items, drawn from the fixed seed: the same items whether written as one
/// workbook or as one per 施策.
fn generate(n: usize) -> Vec<Section> {
    let mut rng = Rng(super::Rng(0x006B_796F_646F_3134));
    let per_section = n.div_ceil(sections(n)).max(1);
    let (mut sections, mut i, mut goal) = (Vec::new(), 0usize, 0usize);
    while i < n {
        let s = i / per_section;
        let title = format!("施策{} {}", s + 1, SECTION_THEMES[s % SECTION_THEMES.len()]);
        let end = ((s + 1) * per_section).min(n);
        let mut goals = Vec::new();
        while i < end {
            goal += 1;
            let size = rng.range(3, 12).min(end - i);
            let text = format!("■{}{}（{goal}）", rng.pick(&GOAL_SUBJECTS), rng.pick(&GOAL_VERBS));
            let items = (i..i + size).map(|k| (k, item_row(&mut rng, k))).collect();
            goals.push((text, items));
            i += size;
        }
        sections.push(Section { title, goals });
    }
    sections
}

/// Writes the realistic plan of `n` items with progress to `path` (one sheet, 計画).
pub fn write_realistic_plan(path: &Path, n: usize) {
    write_book(path, &generate(n));
}

/// Writes the same plan as [`write_realistic_plan`] as a folder of returns: one workbook per
/// 施策 in `dir` (施策01.xlsx, …), as offices collect them from the sections' departments.
pub fn write_realistic_folder(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for (k, section) in generate(n).iter().enumerate() {
        write_book(&dir.join(format!("施策{:02}.xlsx", k + 1)), std::slice::from_ref(section));
    }
}

fn write_book(path: &Path, sections: &[Section]) {
    let f = formats();
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("計画").unwrap();
    print_setup(ws);
    ws.write_string(0, 0, "令和6年度 市民協働(共働)推進アクションプラン 進捗状況").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &f.header).unwrap();
    }
    let mut row = 2u32;
    for section in sections {
        let section_top = row;
        for (goal, items) in &section.goals {
            merge_or_write(ws, row, 2, items.len() as u32, goal, &f.cell);
            for (i, item) in items {
                write_item(ws, row, *i, item, &f);
                row += 1;
            }
        }
        merge_or_write(ws, section_top, 1, row - section_top, &section.title, &f.cell);
    }
    book.save(path).unwrap();
}

/// A value over `rows` rows of column `col` from `top`: merged as printed sheets do.
fn merge_or_write(ws: &mut Worksheet, top: u32, col: u16, rows: u32, text: &str, format: &Format) {
    if rows > 1 {
        ws.merge_range(top, col, top + rows - 1, col, text, format).unwrap();
    } else {
        ws.write_string_with_format(top, col, text, format).unwrap();
    }
}

fn write_item(ws: &mut Worksheet, r: u32, i: usize, row: &Row, f: &Formats) {
    ws.write_number_with_format(r, 0, (i + 1) as f64, &f.centre).unwrap();
    let cells: [(u16, &str, &Format); 8] = [
        (3, row.mark, &f.centre),
        (4, &row.name, &f.cell),
        (5, &row.content, &f.cell),
        (6, &row.departments, &f.cell),
        (7, row.grade, &f.centre),
        (8, &row.results, &f.cell),
        (9, row.issue, &f.cell),
        (10, row.direction, &f.cell),
    ];
    for (c, text, format) in cells {
        ws.write_string_with_format(r, c, text, format).unwrap();
    }
}
