//! The plan of seed 002 (対馬市 市民協働(共働)推進アクションプラン, 施策1–5, 15 items), set in
//! 令和6年度, with plausible progress from its two departments.

use super::{write_xlsx, Sheet};
use std::path::Path;

pub const YEAR_TITLE: &str = "令和6年度 市民協働(共働)推進アクションプラン";

pub const SECTIONS: [&str; 5] = [
    "施策1 協働(共働)の意識を高める!!",
    "施策2 情報を共有する!!",
    "施策3 市民活動を活性化する!!",
    "施策4 市と協働(共働)に関する仕組みをつくる!!",
    "施策5 協働(共働)を進行管理する!!",
];

/// (section index, goal statement).
pub const GOALS: [(usize, &str); 11] = [
    (0, "協働(共働)に対する意識高揚を見極めながら、協働(共働)に関する条例の周知に取り組みます。"),
    (0, "職員の協働(共働)に関する理解を深めるための意識の向上に努めます。"),
    (0, "市民が身近に、主体的にまちづくりを進めるために必要な情報を提供します。"),
    (0, "協働(共働)に関する標語を募集します。"),
    (1, "多様な手段で、市政に関する市民からの意見を受け止めるとともに、情報交換を行う仕組みの検討を行います。"),
    (2, "コミュニティの再生と育成強化を図るため、地域・地区からの相談に応じる職員による地域マネージメント制度の導入を検討し、実施に向けた取り組みを行います。"),
    (2, "事業の成果や課題を掘り下げ、実効性のある「協働(共働)のまちづくり」を目指すためのコミュニティ推進モデル事業を検討します。"),
    (3, "職員が協働(共働)を進める際に留意すべき事項や事務処理の基準を定めた協働(共働)に関するマニュアルを作成します。"),
    (3, "市民団体から事業への提案を受ける「事業提案制度」の導入を図ります。"),
    (4, "毎年度、指針に基づいて市民及び市が行う「アクションプラン」を策定します。"),
    (4, "協働(共働)の進捗状況について毎年度公表します。"),
];

pub const HQ: &str = "地域再生推進本部";
pub const ALL: &str = "関係各部";

/// One plan item: No, goal index, mark, 項目, 内容, 関係部署.
pub struct Item {
    pub no: &'static str,
    pub goal: usize,
    pub mark: &'static str,
    pub name: &'static str,
    pub content: &'static str,
    pub departments: &'static [&'static str],
}

pub const ITEMS: [Item; 15] = [
    Item { no: "1-1", goal: 0, mark: "◎", name: "自治会、地域での意識の把握", content: "地域マネージャー制度を通じて、協働に対する市民意識の把握に努めます。", departments: &[ALL] },
    Item { no: "1-2", goal: 0, mark: "●", name: "情報媒体を活用した啓発活動", content: "協働に関する条例の周知に取り組みます。", departments: &[HQ] },
    Item { no: "1-3", goal: 1, mark: "●", name: "職員用マニュアルの作成", content: "協働(共働)の理解度向上に向けて、市民基本条例逐条解説等の作成に着手します。", departments: &[HQ] },
    Item { no: "1-4", goal: 1, mark: "●", name: "協働窓口担当者の配置", content: "各部署に協働(共働)推進員を配置し、全庁的取り組みを進めます。", departments: &[HQ, ALL] },
    Item { no: "1-5", goal: 2, mark: "◎", name: "協働(共働)事例集の作成", content: "市民が身近に、主体的にまちづくりを進めるために必要な情報の提供に向けて、協働(共働)事例集を作成します。", departments: &[HQ, ALL] },
    Item { no: "1-6", goal: 3, mark: "◎", name: "協働(共働)に関する標語の募集", content: "協働(共働)を身近に感じてもらうため、標語の募集に向けた取り組みを行います。", departments: &[HQ] },
    Item { no: "2-1", goal: 4, mark: "●", name: "広報紙、ホームページ、CATV、各種会議資料等", content: "市が抱えている課題や計画について、情報の収集、提供に努めます。", departments: &[HQ, ALL] },
    Item { no: "2-2", goal: 4, mark: "●", name: "市政に対する市民との意見交換を行う仕組みづくり", content: "市民の声を受け止め、市政に反映する仕組みづくりに努めます。", departments: &[HQ, ALL] },
    Item { no: "3-1", goal: 5, mark: "●", name: "地域マネージャー制度の充実", content: "協働についての意識向上を図るため、職員研修、先進地視察等を促し、地域マネージャー制度の充実を図ります。", departments: &[ALL] },
    Item { no: "3-2", goal: 6, mark: "◎", name: "地域コミュニティの組織強化", content: "地区や小学校区等を対象とした地域コミュニティへの積極的参加を通した組織体制の強化を図ります。", departments: &[ALL] },
    Item { no: "3-3", goal: 6, mark: "◎", name: "コミュニティモデル事業に対する支援", content: "コミュニティ推進モデル事業の活動に対する支援を検討します。", departments: &[ALL] },
    Item { no: "4-1", goal: 7, mark: "◎", name: "協働(共働)に係る経費負担に関するルールづくり", content: "協働(共働)に係る経費負担に関するルールづくりの検討を始めます。", departments: &[ALL] },
    Item { no: "4-2", goal: 8, mark: "◎", name: "事業提案制度の導入検討", content: "事業提案制度について制度の内容、仕組み、スケジュール等、導入のための検討を行います。", departments: &[HQ] },
    Item { no: "5-1", goal: 9, mark: "◎", name: "令和6年度アクションプランの策定", content: "令和6年度における市民及び市が行う「アクションプラン」を策定します。", departments: &[HQ, ALL] },
    Item { no: "5-2", goal: 10, mark: "●", name: "広報「つしま」を利用した公表", content: "協働(共働)の進捗状況について、毎年度、広報「つしま」等を利用して公表していきます。", departments: &[ALL] },
];

/// A department's report on one item.
pub struct Report {
    pub grade: &'static str,
    pub results: &'static str,
    pub issues: &'static str,
    pub next_steps: &'static str,
}

/// Plausible progress of `department` on item `i`, None where it is not involved.
pub fn report(i: usize, department: &str) -> Option<Report> {
    let item = &ITEMS[i];
    if !item.departments.contains(&department) {
        return None;
    }
    let hq = department == HQ;
    let r = |grade, results, issues, next_steps| Some(Report { grade, results, issues, next_steps });
    match item.no {
        "1-1" => r("B", "地域マネージャー12名が自治会長会議(年4回)に出席し、協働に関する意識調査を実施した。\n・回答数 214件(回収率 71%)\n・「協働を知っている」 48%", "若い世代の回答が少ない。", "継続"),
        "1-2" => r("A", "協働のまちづくり条例について、広報つしま5月号・11月号に特集記事を掲載し、ホームページとCATVで周知した。", "", "継続"),
        "1-3" => r("B", "市民基本条例逐条解説(案)を作成し、庁内意見照会を行った。", "職員研修での活用方法の検討が必要。", "改善"),
        "1-4" if hq => r("A", "全28課に協働推進員を配置し、推進員会議を2回開催した。", "", "継続"),
        "1-4" => r("B", "各課の推進員が所管事業の協働の可能性を点検した(点検事業数 146)。", "推進員の異動に伴う引継ぎ。", "継続"),
        "1-5" if hq => r("C", "掲載候補の活動団体(9団体)へ聞き取りを行った。事例集は次年度発行予定。", "取材体制の確保。", "継続"),
        "1-5" => r("C", "各部から協働事例を18件収集した。", "", "継続"),
        "1-6" => r("A", "標語を募集し、応募作品137点から最優秀作品を選定した。\n最優秀:「つながる手 ひろがる島の 協働の輪」", "", "完了"),
        "2-1" if hq => r("A", "広報紙(毎月)、ホームページ、CATV文字放送で市の課題や計画を発信した。", "", "継続"),
        "2-1" => r("B", "各部の会議資料をホームページで公開した(公開件数 63件)。", "公開までに時間がかかる。", "改善"),
        "2-2" if hq => r("B", "市政懇談会を市内6地区で開催し、延べ312名が参加した。", "参加者の固定化。", "拡充"),
        "2-2" => r("B", "市民の声(意見箱・メール)への回答を各部で行った(回答 87件)。", "", "継続"),
        "3-1" => r("B", "地域マネージャー研修を3回実施し、先進地(長崎県内2市)を視察した。", "地区による活動の差。", "継続"),
        "3-2" => r("B", "小学校区単位の地域コミュニティ協議会設立に向け、4地区で準備会を開催した。", "担い手の高齢化。", "拡充"),
        "3-3" => r("C", "コミュニティ推進モデル事業(2地区)への支援内容を協議した。", "財源の確保。", "継続"),
        "4-1" => r("D", "他市の経費負担ルールを収集した。", "ルール案の作成に至らなかった。", "継続"),
        "4-2" => r("C", "事業提案制度の先進事例(3市)を調査し、制度骨子案を作成した。", "審査体制の検討。", "継続"),
        "5-1" if hq => r("A", "令和6年度アクションプランを策定し、市民参画・協働推進検討委員会に報告した。", "", "継続"),
        "5-1" => r("A", "各部の取組内容を取りまとめ、アクションプランに反映した。", "", "継続"),
        "5-2" => r("A", "令和5年度の進捗状況を広報「つしま」8月号に掲載した。", "", "継続"),
        _ => None,
    }
}

/// The plan workbook: one sheet per 施策, title rows above the header, goals merged vertically.
pub fn write_plan(path: &Path) {
    write_plan_titled(path, YEAR_TITLE);
}

/// The plan workbook under another title row (「平成24年度 …」).
pub fn write_plan_titled(path: &Path, title: &str) {
    let sheets: Vec<Sheet> = (0..SECTIONS.len()).map(|s| plan_sheet(s, title)).collect();
    write_xlsx(path, &sheets);
}

fn plan_sheet(section: usize, title: &str) -> Sheet {
    let mut sheet = Sheet::new(&format!("施策{}", section + 1));
    sheet.row(&[title]);
    sheet.row(&[SECTIONS[section]]);
    sheet.row(&["★市民が主体 ●市が主体 ◎市民と市が主体"]);
    sheet.row(&["No", "目標", "区分", "項目", "アクションプランの内容", "関係部署"]);
    for (g, (_, statement)) in GOALS.iter().enumerate().filter(|(_, (s, _))| *s == section) {
        let first = sheet.rows.len() as u32;
        for item in ITEMS.iter().filter(|i| i.goal == g) {
            let depts = item.departments.join("\n");
            let goal =
                if sheet.rows.len() as u32 == first { format!("■{statement}") } else { String::new() };
            sheet.row(&[item.no, &goal, item.mark, item.name, item.content, &depts]);
        }
        let last = sheet.rows.len() as u32 - 1;
        if last > first {
            sheet.merges.push((first, 1, last, 1));
        }
    }
    sheet.row(&[]);
    sheet.row(&["※ 関係部署は令和6年4月1日現在の組織名です。"]);
    sheet
}

/// A department's progress workbook with its items and reports.
pub fn write_progress(path: &Path, department: &str) {
    write_progress_with(path, department, YEAR_TITLE, &[]);
}

/// A department's progress workbook under `title`, with the grades of some items (by No)
/// written otherwise: 「済」, 「Ａ」.
pub fn write_progress_with(path: &Path, department: &str, title: &str, grades: &[(&str, &str)]) {
    write_xlsx(path, &[progress_sheet_with(department, title, grades, false)]);
}

/// The sample's progress workbook of `department`: the seed's, with the indicators of
/// [`INDICATORS`] (指標, 単位, 基準値, 目標値, 目標年度, 実績値), a second one on the row below.
pub fn write_progress_with_indicators(path: &Path, department: &str) {
    write_xlsx(path, &[progress_sheet_with(department, YEAR_TITLE, &[], true)]);
}

/// Indicators of the sample: (No, department, 指標, 単位, 基準値, 目標値, 目標年度, 実績値).
pub const INDICATORS: [[&str; 8]; 3] = [
    ["1-1", ALL, "意識調査の回収率", "%", "60", "80", "令和7年度", "71%"],
    ["1-4", HQ, "協働推進員を配置した課", "課", "0", "28", "令和7年度", "28"],
    ["1-4", HQ, "推進員会議の開催", "回", "0", "4", "令和7年度", "2"],
];

/// The sample's two earlier years: (folder and title year, grade per No for every department).
pub const EARLIER_YEARS: [(&str, [(&str, &str); 15]); 2] = [
    (
        "令和4年度",
        [
            ("1-1", "C"),
            ("1-2", "B"),
            ("1-3", "C"),
            ("1-4", "B"),
            ("1-5", "D"),
            ("1-6", "B"),
            ("2-1", "B"),
            ("2-2", "C"),
            ("3-1", "C"),
            ("3-2", "C"),
            ("3-3", "D"),
            ("4-1", "D"),
            ("4-2", "D"),
            ("5-1", "A"),
            ("5-2", "B"),
        ],
    ),
    (
        "令和5年度",
        [
            ("1-1", "B"),
            ("1-2", "B"),
            ("1-3", "B"),
            ("1-4", "B"),
            ("1-5", "C"),
            ("1-6", "A"),
            ("2-1", "B"),
            ("2-2", "B"),
            ("3-1", "B"),
            ("3-2", "C"),
            ("3-3", "C"),
            ("4-1", "C"),
            ("4-2", "C"),
            ("5-1", "A"),
            ("5-2", "A"),
        ],
    ),
];

/// Writes the progress sheets of both departments for each of [`EARLIER_YEARS`] into
/// `dir/<year>/`; returns those folders, oldest first.
pub fn write_earlier_years(dir: &Path) -> Vec<std::path::PathBuf> {
    EARLIER_YEARS
        .iter()
        .map(|(year, grades)| {
            let folder = dir.join(year);
            std::fs::create_dir_all(&folder).expect("create the earlier years' folders");
            let title = format!("{year} 市民協働(共働)推進アクションプラン");
            for department in [HQ, ALL] {
                write_progress_with(&folder.join(format!("{department}.xlsx")), department, &title, grades);
            }
            folder
        })
        .collect()
}

/// A department's progress sheet: title, 部署名, header (No 施策 項目 評価 実績 課題 今後の方向性) in
/// row 3, then one row per item it reports on.
pub fn progress_sheet(department: &str) -> Sheet {
    progress_sheet_with(department, YEAR_TITLE, &[], false)
}

fn progress_sheet_with(department: &str, title: &str, grades: &[(&str, &str)], indicators: bool) -> Sheet {
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&[&format!("{title} 進捗状況報告")]);
    sheet.row(&["部署名", department]);
    let mut header = vec!["No", "施策", "項目", "評価", "実績", "課題", "今後の方向性"];
    if indicators {
        header.extend(["指標", "単位", "基準値", "目標値", "目標年度", "実績値"]);
    }
    sheet.row(&header);
    for (i, item) in ITEMS.iter().enumerate() {
        let Some(rep) = report(i, department) else {
            continue;
        };
        let section = SECTIONS[GOALS[item.goal].0];
        let grade = grades.iter().find(|(no, _)| *no == item.no).map_or(rep.grade, |(_, g)| *g);
        let own = INDICATORS.iter().filter(|i| indicators && i[0] == item.no && i[1] == department);
        let mut first = vec![item.no, section, item.name, grade, rep.results, rep.issues, rep.next_steps];
        let mut below = Vec::new();
        for (k, ind) in own.enumerate() {
            match k {
                0 => first.extend(&ind[2..]),
                _ => below.push([&[""; 7][..], &ind[2..]].concat()),
            }
        }
        sheet.row(&first);
        for row in below {
            sheet.row(&row);
        }
    }
    sheet
}

/// The seed city's settings, `input/kyodo.toml`: its name (kyodo has no built-in city).
pub const SETTINGS: &str = "# 対馬市の設定。書いていないものは kyodo の既定値（kyodo config で確かめられます）。\n[city]\nname = \"対馬市\"\n";

/// Writes [`SETTINGS`] as `dir/kyodo.toml`.
pub fn write_settings(dir: &Path) {
    std::fs::write(dir.join("kyodo.toml"), SETTINGS).unwrap();
}

/// Writes the plan as `dir/plan.xlsx`; returns that path.
pub fn write_plan_in(dir: &Path) -> std::path::PathBuf {
    let plan = dir.join("plan.xlsx");
    write_plan(&plan);
    plan
}

/// Writes the seed plan and both departments' progress workbooks into `dir`; returns the plan
/// file and the progress folder.
pub fn write_sample(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let plan = write_plan_in(dir);
    let progress = dir.join("progress");
    std::fs::create_dir_all(&progress).unwrap();
    for d in [HQ, ALL] {
        write_progress(&progress.join(format!("{d}.xlsx")), d);
    }
    (plan, progress)
}

/// The seed sample in `dir`, loaded with `--plan` as the command line does, with the city of
/// its settings ([`SETTINGS`]).
pub fn load_sample(dir: &Path) -> kyodo::pipeline::Loaded {
    let (plan, progress) = write_sample(dir);
    let mut config = kyodo::config::Config::default();
    config.city = "対馬市".into();
    kyodo::pipeline::load(Some(&plan), &[progress], config).unwrap_or_else(|e| panic!("{e}"))
}

/// A report of `kind` on loaded inputs, issued 2025-06-30, progress expected.
pub fn report_of(loaded: &kyodo::pipeline::Loaded, kind: kyodo::report::Kind) -> kyodo::report::Report<'_> {
    kyodo::report::Report {
        kind,
        plan: &loaded.plan,
        config: &loaded.config,
        diagnostics: &loaded.diagnostics,
        issued: kyodo::text::wareki::Date::new(2025, 6, 30).expect("a day"),
        progress_expected: true,
        earlier: &[],
    }
}
