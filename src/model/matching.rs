//! Which plan item a progress row meant when it matches none: departments rename items.

use super::{Entry, Plan, Progress};
use crate::text::key;

/// Normalised edit similarity (1 − Levenshtein distance ÷ the longer length, after NFKC
/// without spaces) from which a row's 項目 is taken for a renamed plan item. 0.7 accepts
/// 「協働窓口担当者の配置」 for 「協働窓口担当者を配置」 and refuses unrelated names of similar length.
pub const RENAME_SIMILARITY: f64 = 0.7;

/// The plan item an unmatched progress row most likely renames: among the items of the same
/// 施策 that list the reporting department and have no report from it, the one whose 項目 is
/// most similar, if at least [`RENAME_SIMILARITY`]. A department the plan lists nowhere (its
/// name came from a file name) is compared with the items nobody reported.
pub fn renamed_from<'a>(plan: &'a Plan, row: &Progress) -> Option<Entry<'a>> {
    candidates(plan, row).into_iter().max_by(|a, b| a.0.total_cmp(&b.0)).map(|(_, e)| e)
}

/// The plan item an unmatched row renames when nothing else could be meant: the only item
/// that [`renamed_from`] would consider at all. With two similar items open, a guess could
/// put a department's text under the wrong one, so there is none.
pub fn sure_rename<'a>(plan: &'a Plan, row: &Progress) -> Option<Entry<'a>> {
    match candidates(plan, row).as_slice() {
        [(_, only)] => Some(*only),
        _ => None,
    }
}

/// The open items of the row's 施策 and department similar enough to its 項目, with their
/// similarity.
fn candidates<'a>(plan: &'a Plan, row: &Progress) -> Vec<(f64, Entry<'a>)> {
    let Some(name) = row.name.as_ref().map(|n| key(&n.value)) else { return Vec::new() };
    let lists = |e: &Entry| e.item.department_list().iter().any(|d| key(d) == key(&row.department));
    let known = plan.entries().any(|e| lists(&e));
    let open = |e: &Entry| {
        let section = e.section.heading.as_ref().map(|h| h.key());
        let in_section = row.section.is_none() || section == row.section;
        let unreported = if known {
            lists(e) && !e.item.progress.iter().any(|p| p.is_by(&row.department))
        } else {
            e.item.progress.is_empty()
        };
        in_section && unreported
    };
    plan.entries()
        .filter(open)
        .filter_map(|e| {
            let similarity = strsim::normalized_levenshtein(&name, &key(&e.item.name.as_ref()?.value));
            (similarity >= RENAME_SIMILARITY).then_some((similarity, e))
        })
        .collect()
}
