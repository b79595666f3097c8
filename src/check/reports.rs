//! Rules on how progress reports meet the plan: every listed department reported (shared
//! items too), no report counted twice, and renamed items linked to the plan's name.

use super::at;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{renamed_from, Item, Placement, Plan, Progress, Source, UNMATCHED_TITLE};
use crate::text::key;

/// `file:sheet!cell`, as messages cite another place.
fn place(s: &Source) -> String {
    format!("{}:{}!{}", s.file, s.sheet, s.cell_ref())
}

/// With `--plan`: a plan item some listed department did not report is `not-reported` for
/// that department ([`Item::unreported_departments`], the rule every report applies); an item
/// listing none is unreported when nobody reported it. Where a row matching no item looks like
/// this one renamed, the message says where.
pub fn not_reported(item: &Item, plan: &Plan, out: &mut Vec<Diagnostic>) {
    let label = item.label();
    let renamed: Vec<&Progress> = plan
        .unknown
        .iter()
        .filter(|p| renamed_from(plan, p).is_some_and(|e| std::ptr::eq(e.item, item)))
        .collect();
    let hint = |department: Option<&str>| {
        renamed
            .iter()
            .find(|p| department.is_none_or(|d| p.is_by(d)))
            .map(|p| format!("。{} の「{}」がこの項目のことかもしれません", place(&p.at), p.label()))
            .unwrap_or_default()
    };
    let missing = item.unreported_departments();
    let mut message = |text: String| {
        out.push(at(&item.at, Severity::Error, Code::NotReported, Some(label.clone()), text));
    };
    if item.departments.is_none() || item.department_list().is_empty() {
        if item.progress.is_empty() {
            message(format!("この項目の進捗報告がありません{}", hint(None)));
        }
        return;
    }
    let listed = item.department_list().join("、");
    if item.progress.is_empty() {
        message(format!("この項目の進捗報告がありません（関係部署：{listed}）{}", hint(None)));
        return;
    }
    for department in &missing {
        message(format!(
            "{department} からこの項目の進捗報告がありません（関係部署：{listed}。ほかの部署は報告済み）{}",
            hint(Some(department))
        ));
    }
}

/// A report found by its No whose 項目 differs from the plan's: accepted, with a warning
/// showing both names so the office can tell a rename from a wrong No.
pub fn renamed(item: &Item, p: &Progress, out: &mut Vec<Diagnostic>) {
    let (Some(no), Some(name), Some(plan_name)) = (&p.no, &p.name, &item.name) else { return };
    if key(&name.value) == key(&plan_name.value) || key(&no.value).is_empty() {
        return;
    }
    out.push(at(
        &name.at,
        Severity::Warning,
        Code::ItemRenamed,
        Some(item.label()),
        format!(
            "No.{} の項目名「{}」が計画の「{}」（{}）と違います。No で照合しました（別の項目なら No を直してください）",
            no.value,
            p.label(),
            item.label(),
            place(&item.at)
        ),
    ));
}

/// The message of a row matching no plan item, with the plan item it probably renames.
pub fn unknown_message(plan: &Plan, p: &Progress) -> String {
    match renamed_from(plan, p) {
        Some(e) => format!(
            "計画にない項目の報告です。計画の「{}」（{}）のことですか（そうなら項目名か No を計画に合わせてください）",
            e.item.label(),
            place(&e.item.at)
        ),
        None => "計画にない項目の報告です（No と項目名を計画と照らしてください）".into(),
    }
}

/// A department's second report on an item: an error naming both rows, and the values that
/// differ if they do.
pub fn duplicates(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for d in &plan.duplicate_reports {
        let differences = d.again.differences(&d.first);
        let what = if differences.is_empty() {
            "内容は同じです。片方の行を削除してください".to_string()
        } else {
            let values: Vec<String> = differences
                .iter()
                .map(|(c, again, first)| format!("{}が「{}」と「{}」", c.label(), short(first), short(again)))
                .collect();
            format!("{}で食い違っています。正しい方を残してください", values.join("、"))
        };
        out.push(at(
            &d.again.at,
            Severity::Error,
            Code::DuplicateReport,
            Some(d.item.clone()),
            format!(
                "{} は同じ項目をすでに {} で報告しています（この行は集計に入れていません）。{what}",
                d.again.department,
                place(&d.first.at)
            ),
        ));
    }
}

/// A value cut to its first 20 characters for a message.
fn short(text: &str) -> String {
    let one_line = text.replace('\n', " ");
    match one_line.char_indices().nth(20) {
        Some((i, _)) => format!("{}…", &one_line[..i]),
        None if one_line.is_empty() => "（空欄）".into(),
        None => one_line,
    }
}

/// What `report --force` did with the rows matching no plan item ([`place_unmatched`]): a
/// warning at each row saying under which item, or in which closing section, it is printed.
///
/// [`place_unmatched`]: crate::model::place_unmatched
pub fn placed(placements: &[Placement]) -> Vec<Diagnostic> {
    placements
        .iter()
        .map(|p| match &p.item {
            Some((item, at_item)) => at(
                &p.at,
                Severity::Warning,
                Code::ItemRenamed,
                Some(item.clone()),
                format!(
                    "「{}」の報告を、計画の「{item}」（{}）の報告として報告書に載せました（名前が似ていて、ほかに当てはまる項目がないためです。違う場合は項目名か No を直してください）",
                    p.label,
                    place(at_item)
                ),
            ),
            None => at(
                &p.at,
                Severity::Warning,
                Code::UnknownItem,
                Some(p.label.clone()),
                format!(
                    "計画のどの項目の報告か決められないため、報告書の最後の「{UNMATCHED_TITLE}」に載せました"
                ),
            ),
        })
        .collect()
}
