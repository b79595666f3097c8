//! Tables → [`Plan`]: items placed under their section and goal, progress attached to items.

use super::{DuplicateReport, Goal, Indicator, Item, Plan, Progress, Section, Source, Text};
use crate::config::{Config, Field};
use crate::import::header::GroupKey;
use crate::import::{Cell, FileId, RowKind, SheetOutcome, SourceFile, Table};
use crate::text::{key, Heading};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// Builds the plan. `plan` files define the items; `progress` files (with `--plan`) report on
/// them. Without `--plan`, pass every input as `plan`: rows of progress sheets then both define
/// an item and report on it, and a second department's row for the same item is a report, not a
/// duplicate.
pub fn build(plan: &[SourceFile], progress: &[SourceFile], config: &Config) -> Plan {
    let mut b = Builder {
        plan: Plan::default(),
        index: HashMap::new(),
        section_slots: HashMap::new(),
        goal_slots: HashMap::new(),
        leads: HashMap::new(),
        opinions: Vec::new(),
        notes: Vec::new(),
    };
    for file in plan {
        b.read_file(file, true);
    }
    for file in progress {
        b.read_file(file, false);
    }
    // Opinions sheets may come before the items they are on: attached once all are read.
    for (section, row) in std::mem::take(&mut b.opinions) {
        b.add_opinion(section.as_ref(), row);
    }
    b.place_notes();
    let mut leads = b.leads;
    let mut plan = b.plan;
    if plan.title.is_empty() {
        plan.title = config.title.clone();
    }
    for section in &mut plan.sections {
        section.lead = leads.remove(&section.heading.as_ref().map(Heading::key)).unwrap_or_default();
    }
    plan.reporting_year = agreed_year(&plan.progress_years);
    super::indicator::prorate(&mut plan, config);
    plan
}

/// The year every progress file states; None when they disagree or none states one (the
/// check reports a disagreement).
fn agreed_year(years: &[(String, i32, FileId)]) -> Option<i32> {
    let first = years.first()?.1;
    years.iter().all(|(_, y, _)| *y == first).then_some(first)
}

/// Position of an item: (section, goal, item) indices.
type Slot = (usize, usize, usize);

struct Builder {
    plan: Plan,
    /// Identity → the first item read with it.
    index: HashMap<String, Slot>,
    /// Section key → index in `plan.sections`; (section, goal) key → index in its goals.
    section_slots: HashMap<Option<String>, usize>,
    goal_slots: HashMap<(Option<String>, Option<String>), usize>,
    /// Section key → its lead text, gathered wherever the sheets print it.
    leads: HashMap<Option<String>, Vec<Text>>,
    /// Rows of opinions sheets (with the 施策 they stood under), read as reports holding only
    /// 委員会意見 / 所属長コメント.
    opinions: Vec<(Option<Heading>, Progress)>,
    /// ※ notes of the plan's sheets and what they belong to, placed once every item is.
    notes: Vec<(NoteOf, Text)>,
}

/// What a ※ note belongs to: the goal (section and goal keys) whose items it stands among,
/// a section, or the whole plan.
#[derive(Debug, Clone, PartialEq)]
enum NoteOf {
    Goal(Option<String>, Option<String>),
    Section(Option<String>),
    Plan,
}

/// Where the walk through a table stands.
struct Cursor {
    section: Option<Heading>,
    goal: Option<Text>,
    /// The keys of `section` and `goal`, which place and find every item under them:
    /// normalised once per heading, not once per row.
    section_key: Option<String>,
    goal_key: Option<String>,
    /// The last 施策 and 目標 cell texts read: parsing them again on every row is wasted work.
    section_text: Option<String>,
    goal_text: Option<String>,
}

impl Builder {
    fn read_file(&mut self, file: &SourceFile, defines_items: bool) {
        let path: Arc<str> = file.path.as_str().into();
        // Only progress tables state the progress year: a plan saved among the returned sheets
        // (no progress columns) keeps its own year, often the first of its period.
        let year = file.tables().filter(|t| t.is_progress()).find_map(|t| t.context.fiscal_year);
        if let Some(year) = year {
            self.plan.progress_years.push((file.path.clone(), year, file.id.clone()));
        }
        for (_, outcome) in &file.sheets {
            match outcome {
                SheetOutcome::Table(t) => self.read_table(&path, &file.id, t, defines_items),
                SheetOutcome::NoTable { rows } | SheetOutcome::Example { rows } => {
                    self.plan.rows.read += rows;
                    self.plan.rows.diagnostic_only += rows;
                }
                _ => {}
            }
        }
    }

    fn read_table(&mut self, file: &Arc<str>, input: &FileId, table: &Table, defines_items: bool) {
        let sheet: Arc<str> = table.sheet.as_str().into();
        let source = |c: &Cell| Source {
            file: file.clone(),
            input: input.clone(),
            sheet: sheet.clone(),
            row: c.row,
            col: c.col,
        };
        let text = |c: &Cell| Text { value: c.text.clone(), at: source(c) };
        if table.is_opinions() {
            return self.read_opinions(table, &source);
        }
        if defines_items {
            self.take_context(table);
        } else if !table.is_progress() {
            // A table without progress columns among the progress inputs (the plan itself, or
            // a sheet missing 評価/実績): the check reports it, its rows are read for nothing.
            self.plan.rows.read += table.rows.len();
            self.plan.rows.diagnostic_only += table.rows.len();
            return;
        }
        self.plan.has_progress |= table.is_progress();
        for group in &table.header.groups {
            if let GroupKey::Year(year) = group.key {
                if let Err(at) = self.plan.grouped_years.binary_search(&year) {
                    self.plan.grouped_years.insert(at, year);
                }
            }
        }
        let columns = table.header.columns.clone();
        let mut cursor = Cursor::new(table.context.section.clone());
        cursor.set_goal(table.context.goal.as_ref().map(&text));
        if defines_items {
            for c in &table.context.lead {
                self.add_lead(&cursor, text(c));
            }
        }
        // A department's own sheet's notes are instructions to it (「※ 白い欄に記入」).
        let takes_notes = defines_items && !table.context.department_stated;
        // Notes after the table's last item belong to what the whole sheet is about.
        let sheet_notes = match &cursor.section_key {
            Some(key) => NoteOf::Section(Some(key.clone())),
            None => NoteOf::Plan,
        };
        let last_item = table.rows.iter().rposition(|r| matches!(r.kind, RowKind::Item(_)));
        if takes_notes {
            self.notes.extend(table.context.notes.iter().map(|c| (sheet_notes.clone(), text(c))));
        }
        let mut rows = table.rows.iter().enumerate().peekable();
        while let Some((i, row)) = rows.next() {
            self.plan.rows.read += 1;
            let cells = match &row.kind {
                RowKind::Item(cells) => cells,
                RowKind::Note(c) => {
                    if takes_notes {
                        let of = if last_item.is_some_and(|last| i < last) {
                            NoteOf::Goal(cursor.section_key.clone(), cursor.goal_key.clone())
                        } else {
                            sheet_notes.clone()
                        };
                        self.notes.push((of, text(c)));
                    }
                    self.plan.rows.other += 1;
                    continue;
                }
                RowKind::Section(h) => {
                    cursor = Cursor::new(Some(h.clone()));
                    self.plan.rows.other += 1;
                    continue;
                }
                RowKind::Goal(c) => {
                    cursor.set_goal(Some(text(c)));
                    self.plan.rows.other += 1;
                    continue;
                }
                RowKind::Lead(c) => {
                    if defines_items {
                        self.add_lead(&cursor, text(c));
                    }
                    self.plan.rows.other += 1;
                    continue;
                }
                RowKind::Outside(_) => {
                    self.plan.rows.diagnostic_only += 1;
                    continue;
                }
                _ => {
                    self.plan.rows.other += 1;
                    continue;
                }
            };
            cursor.follow(cells, &text);
            let field = |c: Field| cells.get(&c).map(&text);
            // The import makes a row with no value in the table's columns `Outside`.
            let Some(first) = cells.values().next() else {
                self.plan.rows.diagnostic_only += 1;
                continue;
            };
            let at = Source { row: row.row, ..source(cells.get(&Field::Name).unwrap_or(first)) };
            let in_group = |k: usize, c: Field| row.groups.get(k).and_then(|g| g.get(&c)).map(&text);
            let mut indicators: Vec<Indicator> = Indicator::from_row(field).into_iter().collect();
            let mut earlier = Vec::new();
            for (k, group) in table.header.groups.iter().enumerate() {
                match group.key {
                    GroupKey::Indicator(n) => indicators.extend(
                        Indicator::from_row(|c| in_group(k, c)).map(|i| Indicator { number: Some(n), ..i }),
                    ),
                    GroupKey::Year(year) => {
                        let mut report = Progress::reading(|c| in_group(k, c), &group.columns, at.clone());
                        report.department = table.context.department.clone();
                        if report.says_anything() {
                            earlier.push((year, report));
                        }
                    }
                }
            }
            indicators.extend(self.indicator_rows(&mut rows, &text));
            let (department, listed) = reporter(table, defines_items, field(Field::Departments));
            for (_, report) in &mut earlier {
                report.department.clone_from(&department);
                report.listed = listed;
            }
            let mut progress = table.is_progress().then(|| Progress {
                department,
                listed,
                section: cursor.section_key.clone(),
                earlier,
                ..Progress::reading(field, &columns, at.clone())
            });
            // A report holds the indicators of its rows; a plan row without progress, the item.
            let plan_indicators = match &mut progress {
                Some(p) => {
                    p.indicators = indicators;
                    Vec::new()
                }
                None => indicators,
            };
            if defines_items {
                let item = Item {
                    no: field(Field::No),
                    mark: field(Field::Mark),
                    name: field(Field::Name),
                    content: field(Field::Content),
                    actors: field(Field::Actors),
                    departments: field(Field::Departments),
                    columns: columns.clone(),
                    at,
                    progress: Vec::new(),
                    duplicate_of: None,
                    indicators: plan_indicators,
                    opinions: Vec::new(),
                };
                self.add_item(&cursor, item, progress);
            } else if let Some(progress) = progress {
                self.add_report(&cursor, progress);
            }
        }
    }

    /// Keeps the rows of an opinions sheet until every item is read.
    fn read_opinions(&mut self, table: &Table, source: &impl Fn(&Cell) -> Source) {
        let mut cursor = Cursor::new(table.context.section.clone());
        for row in &table.rows {
            self.plan.rows.read += 1;
            let RowKind::Item(cells) = &row.kind else {
                let outside = matches!(row.kind, RowKind::Outside(_));
                *if outside { &mut self.plan.rows.diagnostic_only } else { &mut self.plan.rows.other } += 1;
                continue;
            };
            let text = |c: &Cell| Text { value: c.text.clone(), at: source(c) };
            cursor.follow(cells, &text);
            let field = |c: Field| cells.get(&c).map(text);
            let Some(first) = cells.values().next() else { continue };
            let at = Source { row: row.row, ..source(cells.get(&Field::Name).unwrap_or(first)) };
            let mut p = Progress::reading(field, &table.header.columns, at);
            // Whose comment it is: the row's 関係部署, else the sheet's department.
            p.department = field(Field::Departments).map_or(table.context.department.clone(), |t| t.value);
            if p.comment.is_none() && p.opinion.is_none() {
                self.plan.rows.other += 1;
                continue;
            }
            self.opinions.push((cursor.section.clone(), p));
        }
    }

    /// Puts an opinions row's 委員会意見 on every report of its item that has none, and its
    /// 所属長コメント on the report of its department (or the item's only report); what no
    /// report can hold stays with the item. A row matching no item is kept for the check.
    fn add_opinion(&mut self, section: Option<&Heading>, row: Progress) {
        let Some(slot) = self.find(section.map(Heading::key).as_deref(), &row) else {
            self.plan.rows.diagnostic_only += 1;
            self.plan.unknown_opinions.push(row);
            return;
        };
        self.plan.rows.opinions += 1;
        let item = self.item_mut(slot);
        if let Some(opinion) = row.opinion {
            let open: Vec<&mut Progress> = item.progress.iter_mut().filter(|p| p.opinion.is_none()).collect();
            if open.is_empty() {
                item.opinions.push((Field::Opinion, opinion));
            } else {
                open.into_iter().for_each(|p| p.opinion = Some(opinion.clone()));
            }
        }
        if let Some(comment) = row.comment {
            let only = item.progress.len() == 1;
            let by =
                item.progress.iter_mut().find(|p| p.comment.is_none() && (only || p.is_by(&row.department)));
            match by {
                Some(p) => p.comment = Some(comment),
                None => item.opinions.push((Field::Comment, comment)),
            }
        }
    }

    /// The rows right below an item that only add an indicator to it, taken from `rows`.
    fn indicator_rows<'t>(
        &mut self,
        rows: &mut std::iter::Peekable<std::iter::Enumerate<std::slice::Iter<'t, crate::import::Row>>>,
        text: &impl Fn(&Cell) -> Text,
    ) -> Vec<Indicator> {
        let mut out = Vec::new();
        while let Some((_, next)) = rows.peek() {
            let RowKind::Item(cells) = &next.kind else { break };
            if !super::indicator::continues_item(cells, next.row) {
                break;
            }
            // A merged 単位 or 目標年度 carried down belongs to this indicator too.
            out.extend(Indicator::from_row(|c| cells.get(&c).map(text)));
            self.plan.rows.read += 1;
            self.plan.rows.indicators += 1;
            rows.next();
        }
        out
    }

    /// The plan's title, city and year come from the first plan sheet that states them.
    fn take_context(&mut self, table: &Table) {
        if self.plan.title.is_empty() {
            self.plan.title = table.context.title.clone().unwrap_or_default();
        }
        if self.plan.city.is_none() {
            self.plan.city.clone_from(&table.context.city);
        }
        self.plan.fiscal_year = self.plan.fiscal_year.or(table.context.fiscal_year);
        self.plan.period = self.plan.period.or(table.context.period);
    }

    /// Keeps a paragraph of the cursor's section's lead text, once however often it is read.
    fn add_lead(&mut self, cursor: &Cursor, lead: Text) {
        let list = self.leads.entry(cursor.section_key.clone()).or_default();
        if !list.iter().any(|t| t.value == lead.value) {
            list.push(lead);
        }
    }

    /// Puts every ※ note under its goal, else its section, else the plan (a note before any
    /// item of its goal), once however often the sheets repeat it.
    fn place_notes(&mut self) {
        for (of, note) in std::mem::take(&mut self.notes) {
            let goal = match &of {
                NoteOf::Goal(s, g) => {
                    self.goal_slots.get(&(s.clone(), g.clone())).zip(self.section_slots.get(s))
                }
                _ => None,
            };
            let section = match &of {
                NoteOf::Goal(s, _) | NoteOf::Section(s) => self.section_slots.get(s),
                NoteOf::Plan => None,
            };
            let list = match (goal, section) {
                (Some((&gi, &si)), _) => &mut self.plan.sections[si].goals[gi].notes,
                (None, Some(&si)) => &mut self.plan.sections[si].notes,
                (None, None) => &mut self.plan.notes,
            };
            if !list.iter().any(|n| n.value == note.value) {
                list.push(note);
            }
        }
        self.hoist_common_notes();
    }

    /// A note every 施策 carries (written under each sheet of a plan of a sheet per 施策) is
    /// the whole plan's: said once.
    fn hoist_common_notes(&mut self) {
        let sections = &mut self.plan.sections;
        if sections.len() < 2 {
            return;
        }
        let common: Vec<Text> = sections[0]
            .notes
            .iter()
            .filter(|n| sections[1..].iter().all(|s| s.notes.iter().any(|m| m.value == n.value)))
            .cloned()
            .collect();
        for section in sections.iter_mut() {
            section.notes.retain(|n| !common.iter().any(|c| c.value == n.value));
        }
        for note in common {
            if !self.plan.notes.iter().any(|n| n.value == note.value) {
                self.plan.notes.push(note);
            }
        }
    }

    /// Adds a plan row. A row repeating a known item is that item's report by another
    /// department when it carries progress; otherwise it is a duplicate, kept and flagged.
    fn add_item(&mut self, cursor: &Cursor, mut item: Item, progress: Option<Progress>) {
        let section = cursor.section_key.as_deref();
        let primary = identity(section, item.no.as_ref(), item.name.as_ref(), item.content.as_ref());
        if let Some(&slot) = primary.as_ref().and_then(|id| self.index.get(id)) {
            let first = self.item_mut(slot);
            match progress {
                Some(p) if !first.progress.iter().any(|q| q.is_by(&p.department)) => {
                    first.add_progress(p);
                    self.plan.rows.reports += 1;
                    return;
                }
                Some(p) => return self.add_duplicate(slot, p),
                None => item.duplicate_of = Some(first.at.clone()),
            }
        }
        if let Some(p) = progress {
            item.add_progress(p);
        }
        // Indexed by name and 内容 too, so a report that gives no No still finds an item that
        // has one.
        let by_name = identity(section, None, item.name.as_ref(), None);
        let by_content = identity(section, None, None, item.content.as_ref());
        let slot = self.place(cursor, item);
        for id in primary.into_iter().chain(by_name).chain(by_content) {
            self.index.entry(id).or_insert(slot);
        }
        self.plan.rows.items += 1;
    }

    /// Attaches a progress row (read with `--plan`) to its plan item, or keeps it as unknown.
    fn add_report(&mut self, cursor: &Cursor, progress: Progress) {
        match self.find(cursor.section_key.as_deref(), &progress) {
            Some(slot) if self.item(slot).progress.iter().any(|q| q.is_by(&progress.department)) => {
                self.add_duplicate(slot, progress)
            }
            Some(slot) => {
                self.item_mut(slot).add_progress(progress);
                self.plan.rows.reports += 1;
            }
            None => {
                self.plan.unknown.push(progress);
                self.plan.rows.diagnostic_only += 1;
            }
        }
    }

    /// Sets aside a department's second report on an item: counting it would double the item.
    fn add_duplicate(&mut self, slot: Slot, again: Progress) {
        let item = self.item(slot);
        let first = item.progress.iter().find(|q| q.is_by(&again.department)).cloned();
        if let Some(first) = first {
            let item = item.label();
            self.plan.duplicate_reports.push(DuplicateReport { item, first, again });
        }
        self.plan.rows.diagnostic_only += 1;
    }

    /// The plan item a report is about: by No, else by section and name, else by name alone
    /// when only one item has it, else by section and 内容.
    fn find(&self, section: Option<&str>, p: &Progress) -> Option<Slot> {
        let by_no = p.no.as_ref().and_then(|no| self.index.get(&no_key(&no.value)));
        let by_name =
            || identity(section, None, p.name.as_ref(), None).and_then(|id| self.index.get(&id).copied());
        let by_content =
            || identity(section, None, None, p.content.as_ref()).and_then(|id| self.index.get(&id).copied());
        let by_name_alone = || {
            let name = key(&p.name.as_ref()?.value);
            let mut hits = self.slots().filter(|&s| {
                let item = self.item(s);
                item.duplicate_of.is_none() && item.name.as_ref().is_some_and(|n| key(&n.value) == name)
            });
            let hit = hits.next()?;
            hits.next().is_none().then_some(hit)
        };
        by_no.copied().or_else(by_name).or_else(by_name_alone).or_else(by_content)
    }

    /// Puts an item under its section and goal, creating them on first sight.
    fn place(&mut self, cursor: &Cursor, item: Item) -> Slot {
        let (section_key, goal_key) = (cursor.section_key.clone(), cursor.goal_key.clone());
        let sections = &mut self.plan.sections;
        let si = *self.section_slots.entry(section_key.clone()).or_insert_with(|| {
            sections.push(Section {
                heading: cursor.section.clone(),
                lead: Vec::new(),
                goals: Vec::new(),
                notes: Vec::new(),
            });
            sections.len() - 1
        });
        let goals = &mut sections[si].goals;
        let gi = *self.goal_slots.entry((section_key, goal_key)).or_insert_with(|| {
            goals.push(Goal { statement: cursor.goal.clone(), items: Vec::new(), notes: Vec::new() });
            goals.len() - 1
        });
        goals[gi].items.push(item);
        (si, gi, goals[gi].items.len() - 1)
    }

    fn item(&self, (s, g, i): Slot) -> &Item {
        &self.plan.sections[s].goals[g].items[i]
    }

    fn item_mut(&mut self, (s, g, i): Slot) -> &mut Item {
        &mut self.plan.sections[s].goals[g].items[i]
    }

    fn slots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.plan.sections.iter().enumerate().flat_map(|(s, sec)| {
            sec.goals
                .iter()
                .enumerate()
                .flat_map(move |(g, goal)| (0..goal.items.len()).map(move |i| (s, g, i)))
        })
    }
}

impl Cursor {
    fn new(section: Option<Heading>) -> Cursor {
        let section_key = section.as_ref().map(Heading::key);
        Cursor { section, goal: None, section_key, goal_key: None, section_text: None, goal_text: None }
    }

    /// The goal from here on (a ■ row, or the table's context), not read from a 目標 cell.
    fn set_goal(&mut self, goal: Option<Text>) {
        self.goal_key = goal.as_ref().map(|g| key(&g.value));
        self.goal = goal;
        self.goal_text = None;
    }

    /// A row's own 施策 / 目標 cells move the cursor; blank ones continue the value above.
    fn follow(&mut self, cells: &BTreeMap<Field, Cell>, text: &impl Fn(&Cell) -> Text) {
        if let Some(c) = cells.get(&Field::Section).filter(|c| Some(&c.text) != self.section_text.as_ref()) {
            self.section_text = Some(c.text.clone());
            let heading = Heading::parse(&c.text, false);
            let heading_key = heading.as_ref().map(Heading::key);
            if heading_key != self.section_key {
                self.section = heading;
                self.section_key = heading_key;
                self.set_goal(None);
            }
        }
        // A merged 目標 cell gives every row of the goal the same text.
        if let Some(c) = cells.get(&Field::Goal).filter(|c| Some(&c.text) != self.goal_text.as_ref()) {
            let mut goal = text(c);
            goal.value = goal.value.trim_start_matches(['■', '□', '◆']).trim().to_string();
            self.set_goal(Some(goal));
            self.goal_text = Some(c.text.clone());
        }
    }
}

/// Who reports a row: the sheet's department, stated in its titles; where the plan itself
/// carries progress (the office's master sheet) and names no department above its table, the
/// row's own 関係部署 (the file name is never a department), else the file name.
/// Whether it is that list is the second value.
fn reporter(table: &Table, defines_items: bool, departments: Option<Text>) -> (String, bool) {
    let master = defines_items && !table.context.department_stated;
    match departments {
        Some(d) if master => (d.value, true),
        _ => (table.context.department.clone(), false),
    }
}

/// How an item is known: its No where it has one, else its section and normalised name, else
/// its section and 内容 (sheets without 項目).
fn identity(
    section: Option<&str>,
    no: Option<&Text>,
    name: Option<&Text>,
    content: Option<&Text>,
) -> Option<String> {
    if let Some(no) = no {
        return Some(no_key(&no.value));
    }
    let section = section.unwrap_or_default();
    match (name, content) {
        (Some(n), _) => Some(format!("name:{section}:{}", key(&n.value))),
        (None, Some(c)) => Some(format!("content:{section}:{}", key(&c.value))),
        (None, None) => None,
    }
}

fn no_key(no: &str) -> String {
    format!("no:{}", key(no).trim_end_matches('.'))
}
