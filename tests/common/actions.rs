//! A plan laid out like seed 000 (another city's 協働のアクション): one sheet per アクション, its
//! heading and lead sentence above the table, a category (人材育成と意識改革) heading each
//! table, rows of 項目 | 主な内容 | 主体, no No and no 関係部署.

use super::{write_xlsx, Sheet};
use std::path::Path;

/// (heading, lead sentences, [(category, [(項目, 主な内容, 主体)])]).
type Action =
    (&'static str, &'static [&'static str], &'static [(&'static str, &'static [[&'static str; 3]])]);

pub const LEAD_1: &str =
    "協働という手段が、より有効に機能するためには、多様な主体や推進体制を「育む」視点が重要です。";

pub const ACTIONS: [Action; 2] = [
    (
        "アクション1. 人づくりと推進体制 ～学ぶ、育む～",
        &[LEAD_1],
        &[
            (
                "人材育成と意識改革",
                &[
                    ["職員の意識改革", "・協働マニュアルを用いた職員研修\n・協働の視点での事業構築", "行政"],
                    ["協働を理解するための取り組み促進", "・協働セミナーの開催\n・条例等の周知、学習", "市民、行政"],
                ],
            ),
            ("推進体制の整備", &[["地域担当職員制度の導入", "・地域の会議での市施策の説明及び合意形成", "市民、行政"]]),
        ],
    ),
    (
        "アクション2. 活動基盤の整備 ～支える～",
        &[
            "市民活動の基盤となる「資金・情報・場所」を充実させることは、継続的に活動を進めていくためには重要です。",
            "市民と行政は、安定した市民活動の実現に向けて、活動基盤の整備を行います。",
        ],
        &[("資金の調達", &[["各種補助金等の活用促進", "・補助金、助成金情報の提供", "行政"]])],
    ),
];

/// Every 項目 of the plan, in order.
pub fn item_names() -> Vec<&'static str> {
    ACTIONS
        .iter()
        .flat_map(|(_, _, cats)| cats.iter().flat_map(|(_, rows)| rows.iter().map(|r| r[0])))
        .collect()
}

/// Writes the plan: 「協働のアクション」 on the first sheet, then per アクション its heading,
/// lead, first category, header, rows, and each further category as a row with the header again.
pub fn write_plan(path: &Path) {
    let sheets: Vec<Sheet> = ACTIONS
        .iter()
        .enumerate()
        .map(|(i, (heading, lead, categories))| {
            let mut sheet = Sheet::new(&format!("アクション{}", i + 1));
            if i == 0 {
                sheet.row(&["協働のアクション"]);
                sheet.row(&["～協働によるまちづくりを推進するために～"]);
            }
            sheet.row(&[heading]);
            for sentence in *lead {
                sheet.row(&[sentence]);
            }
            for (c, (category, rows)) in categories.iter().enumerate() {
                if c > 0 {
                    sheet.row(&[]);
                }
                sheet.row(&[category]);
                sheet.row(&["項目", "主な内容", "主体"]);
                for row in *rows {
                    sheet.row(row);
                }
            }
            sheet
        })
        .collect();
    write_xlsx(path, &sheets);
}

/// A progress workbook of `department` (its file name) on every item, graded `grade`.
pub fn write_progress(path: &Path, title: &str, grade: &str) {
    let mut sheet = Sheet::new("進捗状況");
    sheet.row(&[title]);
    sheet.row(&["項目", "評価", "実績", "今後の方向性"]);
    for name in item_names() {
        sheet.row(&[name, grade, "研修を2回開催しました。", "継続"]);
    }
    write_xlsx(path, &[sheet]);
}
