//! Rules of a 個票 ([`crate::import::form`]): a blank value is named at the cell it is to be
//! written in (right of its label, or below it), so the returned copy marks that cell; a label
//! the record needs and does not have is said once for the sheet.

use super::at;
use crate::config::Field;
use crate::diag::{Code, Diagnostic, Severity};
use crate::import::form::{Form, Label, Role};
use crate::import::{SourceFile, Table};
use crate::model::{label, Source, Text};

/// Columns whose blank value is a finding wherever the 個票 has their label, as in a table.
const PLAN_FIELDS: [Field; 5] = [Field::Name, Field::Content, Field::Mark, Field::Actors, Field::Departments];

/// Columns a report must fill in.
const PROGRESS_FIELDS: [Field; 3] = [Field::Grade, Field::Results, Field::NextSteps];

/// The findings of one 個票: `defines_items` as for a table (the plan's, or a report read
/// without `--plan`).
pub fn rules(file: &SourceFile, table: &Table, form: &Form, defines_items: bool, out: &mut Vec<Diagnostic>) {
    let path = &file.path;
    let source = |(row, col): (u32, u32)| Source {
        file: path.as_str().into(),
        input: file.id.clone(),
        sheet: table.sheet.as_str().into(),
        row,
        col,
    };
    let read: Vec<&Label> = form.labels.iter().filter(|l| l.read).collect();
    // The grade's label is 評価, or a 進捗状況 standing for it.
    let find = |field: Field| {
        read.iter().find(|l| l.role == Role::Field(field)).or_else(|| {
            (field == Field::Grade)
                .then(|| read.iter().find(|l| l.role == Role::Field(Field::Status)))
                .flatten()
        })
    };
    let text = |field: Field| {
        let l = find(field)?;
        Some(Text { value: l.value.clone()?, at: source(l.at) })
    };
    let item = label(
        text(Field::Name).as_ref(),
        text(Field::No).as_ref(),
        text(Field::Content).as_ref(),
        &source((table.header.row, 0)),
    );
    let progress = table.is_progress() || !defines_items;
    let mut required = Vec::new();
    let names_item = |f: Field| find(f).is_some();
    if defines_items {
        required.push(Field::Content);
    }
    if !names_item(Field::No) && !names_item(Field::Content) {
        required.push(Field::Name);
    }
    let mut checked: Vec<Field> = PLAN_FIELDS.to_vec();
    if progress {
        required.extend(PROGRESS_FIELDS);
        checked.extend(PROGRESS_FIELDS);
    }
    for field in checked {
        match find(field) {
            Some(l) if l.value.is_none() => out.push(at(
                &source(l.at),
                Severity::Error,
                Code::MissingField,
                Some(item.clone()),
                format!("{}が空欄です", l.role.label()),
            )),
            Some(_) => {}
            None if required.contains(&field) => out.push(missing_label(path, table, form, field)),
            None => {}
        }
    }
}

/// A label the record needs and does not have, named at the 個票's first label.
fn missing_label(path: &str, table: &Table, form: &Form, field: Field) -> Diagnostic {
    let message = format!(
        "個票に「{}」の欄がありません。各欄をどう読んだかは kyodo inspect {path} で確かめられます",
        field.label()
    );
    let mut d = Diagnostic::file(Severity::Error, Code::MissingColumn, path, message).in_sheet(&table.sheet);
    d.cell = form.labels.first().map(|l| l.label.cell_ref());
    d
}
