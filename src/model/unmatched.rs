//! `report --force` with progress rows that match no plan item: no department's text may drop
//! out of the report, and none may land under an item it may not be about. A row that surely
//! renames one plan item ([`sure_rename`]) is reported under that item; every other row goes
//! to a closing section of its own, 「計画の項目と対応しない報告」: the official report and its
//! workbook, where the office reviews, print it like any other section; the summary for
//! residents and the committee's handout, which count the plan's items, leave it out.

use super::{sure_rename, Goal, Item, Plan, Progress, Section, Source, Text};
use crate::text::Heading;

/// The title of the closing section of rows matching no plan item.
pub const UNMATCHED_TITLE: &str = "計画の項目と対応しない報告";

impl Section {
    /// Whether this is the closing section of rows matching no plan item: the counts of the
    /// plan's items (the workbook's 集計 and 経年, like the handout) leave it out.
    pub fn is_unmatched(&self) -> bool {
        self.heading
            .as_ref()
            .is_some_and(|h| h.label.is_empty() && h.number.is_none() && h.title == UNMATCHED_TITLE)
    }
}

/// Where an unmatched row was put.
#[derive(Debug, Clone)]
pub struct Placement {
    /// The row as it names its item.
    pub label: String,
    /// Where the row was read.
    pub at: Source,
    /// The plan item it was reported under (label and row), or None for the closing section.
    pub item: Option<(String, Source)>,
}

/// The closing section of rows matching no plan item: data beside the plan, which a report
/// kind that prints it shows at the plan's end ([`Closing::shown_with`]); the plan itself never
/// changes while reports are made from it.
#[derive(Debug, Default)]
pub struct Closing {
    section: Option<Section>,
}

impl Closing {
    /// The plan with this section as its last one, for a kind that prints it; None when no row
    /// went here (every kind then reads the plan as it is). A copy, made only in that case:
    /// reports made at the same time read the plan without it.
    pub fn shown_with(&self, plan: &Plan) -> Option<Plan> {
        let section = self.section.as_ref()?;
        let mut shown = plan.clone();
        shown.sections.push(section.clone());
        Some(shown)
    }
}

/// Takes [`Plan::unknown`] out of the plan: each row that surely renames an item goes under
/// it, the others into the [`Closing`] section. Returns what became of each row, in input
/// order, and that section.
pub fn place_unmatched(plan: &mut Plan) -> (Vec<Placement>, Closing) {
    let rows = std::mem::take(&mut plan.unknown);
    let mut targets: Vec<Option<(String, Source)>> =
        rows.iter().map(|row| sure_rename(plan, row).map(|e| (e.item.label(), e.item.at.clone()))).collect();
    forget_contested(&rows, &mut targets);
    let mut placements = Vec::new();
    let mut unmatched = Vec::new();
    for (row, target) in rows.into_iter().zip(targets) {
        let (label, at) = (row.label(), row.at.clone());
        let item = match target.as_ref().and_then(|(_, item)| item_at(plan, item)) {
            Some(item) => {
                item.add_progress(row);
                target
            }
            None => {
                unmatched.push(closing_item(row));
                None
            }
        };
        placements.push(Placement { label, at, item });
    }
    let section = (!unmatched.is_empty()).then(|| {
        let title = UNMATCHED_TITLE.to_string();
        let heading = Heading { label: String::new(), number: None, title, subtitle: None };
        let goal = Goal { statement: None, items: unmatched, notes: Vec::new() };
        Section { heading: Some(heading), lead: Vec::new(), goals: vec![goal], notes: Vec::new() }
    });
    (placements, Closing { section })
}

/// Two rows of one department taken for the same item: which one it is cannot be told, so
/// neither is put under it.
fn forget_contested(rows: &[Progress], targets: &mut [Option<(String, Source)>]) {
    let claims: Vec<Option<(Source, String)>> = rows
        .iter()
        .zip(targets.iter())
        .map(|(row, t)| t.as_ref().map(|(_, at)| (at.clone(), crate::text::key(&row.department))))
        .collect();
    for (i, target) in targets.iter_mut().enumerate() {
        let contested = claims.iter().enumerate().any(|(j, c)| j != i && c.is_some() && *c == claims[i]);
        if contested {
            *target = None;
        }
    }
}

/// The plan item read at `at`.
fn item_at<'a>(plan: &'a mut Plan, at: &Source) -> Option<&'a mut Item> {
    plan.sections
        .iter_mut()
        .flat_map(|s| s.goals.iter_mut().flat_map(|g| g.items.iter_mut()))
        .find(|item| item.at == *at)
}

/// A row of the closing section: the row's own No and 項目, its department, and in place of
/// the plan's 内容 where the report came from, so a reader sees it is no plan item.
fn closing_item(row: Progress) -> Item {
    // The file's name only: the report is published, the office's folders are not.
    let file = std::path::Path::new(&*row.at.file).file_name().map(|n| n.to_string_lossy().into_owned());
    let content = format!(
        "計画に対応する項目がない報告です（{}:{}!{}）",
        file.as_deref().unwrap_or(&row.at.file),
        row.at.sheet,
        row.at.cell_ref()
    );
    Item {
        no: row.no.clone(),
        mark: None,
        name: Some(row.name.clone().unwrap_or_else(|| Text { value: row.label(), at: row.at.clone() })),
        content: Some(Text { value: content, at: row.at.clone() }),
        actors: None,
        departments: Some(Text { value: row.department.clone(), at: row.at.clone() }),
        columns: row.columns.clone(),
        at: row.at.clone(),
        progress: vec![row],
        duplicate_of: None,
        indicators: Vec::new(),
        opinions: Vec::new(),
    }
}
