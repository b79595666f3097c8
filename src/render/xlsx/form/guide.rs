//! What a form tells the department filling it in: the instruction row above the header and
//! the input messages and drop-down lists of the columns to fill in, in the scale's words.

use super::{FormColumn, Page};
use crate::config::Field;
use crate::report::sheet::Validation;

/// The instruction row above the header: what to write where, in the scale's words.
pub(super) fn instructions(page: &Page) -> String {
    let config = page.config;
    let grades: Vec<String> = config.grades.iter().map(|g| format!("{} {}", g.code, g.label)).collect();
    let mut lines = vec![
        "※ 黄色の見出しの列（評価・実績・課題・今後の方向性）の白い欄に記入してください。灰色の欄は計画の内容で、変更できません。".to_string(),
        format!("※ 評価は {} から選んでください（欄を選ぶと一覧が出ます）。", grades.join("／")),
    ];
    if !config.directions.is_empty() {
        lines.push(format!("※ 今後の方向性は {} から選んでください。", config.directions.join("・")));
    }
    lines.push(
        "※ 実績は回数・人数などの数値を含めて具体的に書いてください。課題はなければ空欄でかまいません。"
            .into(),
    );
    if page.layout.cols.iter().any(|c| matches!(c, FormColumn::Indicator(..))) {
        lines.push(
            "※ 指標の実績値は、今年度の数値を単位なしで記入してください（指標のない項目の欄は灰色です）。"
                .into(),
        );
    }
    // Only the last-year columns the form has: 実績値 where it has indicators.
    let has = |f: fn(&FormColumn) -> bool| page.layout.cols.iter().any(f);
    if has(|c| matches!(c, FormColumn::Previous(_))) {
        let values = if has(|c| matches!(c, FormColumn::PreviousActual(_))) { "・実績値" } else { "" };
        lines.push(format!("※ 前年度の評価・実績{values}は参考です（変更できません）。"));
    }
    lines.push(
        "※ 行の高さ・列の幅は変えられます。表題・部署名・見出しの行とシート名は変えないでください。".into(),
    );
    lines.join("\n")
}

/// Drop-down lists and input messages on the progress columns of every item row.
pub(super) fn validations(page: &Page) -> Vec<Validation> {
    let config = page.config;
    let codes: Vec<String> = config.grades.iter().map(|g| g.code.clone()).collect();
    let scale: Vec<String> = config.grades.iter().map(|g| format!("{}：{}", g.code, g.label)).collect();
    let any = |title: &str, message: &str| Validation {
        column: 0,
        choices: Vec::new(),
        strict: false,
        title: title.into(),
        message: message.into(),
        error: None,
    };
    let grade = Validation {
        choices: codes,
        strict: true,
        error: Some(("評価".into(), format!("評価は {} のいずれかです。", config.grade_codes()))),
        ..any("評価", &format!("次から選んでください。\n{}", scale.join("\n")))
    };
    let next = Validation {
        choices: config.directions.clone(),
        ..any("今後の方向性", &format!("次から選んでください。\n{}", config.directions.join("・")))
    };
    let results = any("実績", "今年度の取組と成果を、回数・人数などの数値を含めて書いてください。");
    let issues = any("課題", "取組を進めるうえでの課題を書いてください（なければ空欄）。");
    let actual = any("実績値", "今年度の実績値を数値で記入してください（単位は不要）。");
    let actuals = (page.layout.cols.iter().enumerate())
        .filter(|(_, c)| matches!(c, FormColumn::Indicator(_, Field::Actual)))
        .map(|(i, _)| Validation { column: i as u16, ..actual.clone() });
    [(Field::Grade, grade), (Field::NextSteps, next), (Field::Results, results), (Field::Issues, issues)]
        .into_iter()
        .filter_map(|(field, v)| {
            Some(Validation { column: page.layout.position(FormColumn::Progress(field))?, ..v })
        })
        .chain(actuals)
        .collect()
}
