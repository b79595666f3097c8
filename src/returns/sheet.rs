//! A department's worksheet part with what a return changes: each cell a finding names in its
//! own format with the warning fill (the cell written where the sheet had none), the sheet no
//! longer the selected one (要修正一覧 is), and a link to the notes' drawing where it had none.
//! Every other byte — values, formulas, merges, drop-downs, protection, panes, print setup —
//! is the department's.

use super::styles::Styles;
use super::xml::{self, Edits, Kind, Tag};
use std::collections::{BTreeMap, BTreeSet};

/// The worksheet `xml` with `cells` (zero-based row, column) filled through `styles`, its
/// selection cleared and, given `new_drawing` (a relationship id) where it has none, a
/// `legacyDrawing` to it. None where the part is not well-formed XML.
pub(super) fn patch(
    xml: &str,
    cells: &BTreeSet<(u32, u32)>,
    styles: &mut Styles,
    new_drawing: Option<&str>,
) -> Option<String> {
    let tags = xml::tags(xml)?;
    let root = tags.first()?;
    let prefix = xml::prefix(root);
    let mut wanted: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
    for &(row, col) in cells {
        wanted.entry(row).or_default().insert(col);
    }
    let mut edits = Edits::default();
    let mut columns: Vec<(u32, u32, u32)> = Vec::new();
    let mut has_drawing = false;
    let mut drawing_at = None;
    // The row being read: its number, its own format (when it applies to empty cells) and
    // the last column seen.
    let mut row: Option<(u32, Option<u32>, Option<u32>)> = None;
    let mut last_row: Option<u32> = None;
    let mut depth = 0usize;
    for tag in &tags {
        // The tag's depth: the root at 0, sheetData at 1, rows at 2, cells at 3.
        let level = match tag.kind {
            Kind::Start => {
                depth += 1;
                depth - 1
            }
            Kind::End => {
                depth = depth.saturating_sub(1);
                depth
            }
            Kind::Empty => depth,
        };
        match tag.local {
            "sheetView" if tag.kind != Kind::End && tag.attr("tabSelected").is_some() => {
                edits.replace(tag.at.clone(), xml::remove_attr(tag.text, "tabSelected"));
            }
            "col" if tag.kind != Kind::End => {
                let n = |a: &str| tag.attr(a).and_then(|v| v.parse::<u32>().ok());
                if let (Some(min), Some(max), Some(style)) = (n("min"), n("max"), n("style")) {
                    columns.push((min.saturating_sub(1), max.saturating_sub(1), style));
                }
            }
            "sheetData" if tag.kind == Kind::Empty => {
                let rows: String = std::mem::take(&mut wanted)
                    .iter()
                    .map(|(r, cols)| {
                        new_row(&prefix, *r, &new_cells(&prefix, *r, cols, None, &columns, styles))
                    })
                    .collect();
                edits.replace(tag.at.clone(), format!("{}{rows}</{prefix}sheetData>", xml::opened(tag.text)));
            }
            "sheetData" if tag.kind == Kind::End => {
                let rows: String = std::mem::take(&mut wanted)
                    .iter()
                    .map(|(r, cols)| {
                        new_row(&prefix, *r, &new_cells(&prefix, *r, cols, None, &columns, styles))
                    })
                    .collect();
                edits.insert(tag.at.start, rows);
            }
            "row" if level == 2 && tag.kind != Kind::End => {
                let r = tag
                    .attr("r")
                    .and_then(|v| v.parse::<u32>().ok())
                    .map_or(last_row.map_or(0, |l| l + 1), |r| r - 1);
                last_row = Some(r);
                // Rows the sheet lacks, before this one.
                let before: Vec<u32> = wanted.range(..r).map(|(r, _)| *r).collect();
                for b in before {
                    let cols = wanted.remove(&b).unwrap_or_default();
                    let cells = new_cells(&prefix, b, &cols, None, &columns, styles);
                    edits.insert(tag.at.start, new_row(&prefix, b, &cells));
                }
                let own = (tag.attr("customFormat").as_deref() == Some("1"))
                    .then(|| tag.attr("s").and_then(|s| s.parse().ok()))
                    .flatten();
                if tag.kind == Kind::Empty {
                    if let Some(cols) = wanted.remove(&r) {
                        let cells = new_cells(&prefix, r, &cols, own, &columns, styles);
                        edits.replace(
                            tag.at.clone(),
                            format!("{}{cells}</{prefix}row>", xml::opened(tag.text)),
                        );
                    }
                } else {
                    row = Some((r, own, None));
                }
            }
            "row" if level == 2 && tag.kind == Kind::End => {
                if let Some((r, own, _)) = row.take() {
                    if let Some(cols) = wanted.remove(&r) {
                        edits.insert(tag.at.start, new_cells(&prefix, r, &cols, own, &columns, styles));
                    }
                }
            }
            "c" if level == 3 && tag.kind != Kind::End => {
                let Some((r, own, last)) = row.as_mut() else { continue };
                let col = tag.attr("r").and_then(|a| a1_col(&a)).unwrap_or(last.map_or(0, |l| l + 1));
                *last = Some(col);
                let Some(cols) = wanted.get_mut(r) else { continue };
                let before: BTreeSet<u32> = cols.range(..col).copied().collect();
                if !before.is_empty() {
                    edits.insert(tag.at.start, new_cells(&prefix, *r, &before, *own, &columns, styles));
                    cols.retain(|c| *c >= col);
                }
                if cols.remove(&col) {
                    let base = tag.attr("s").and_then(|s| s.parse().ok()).unwrap_or(0);
                    edits.replace(
                        tag.at.clone(),
                        xml::set_attr(tag.text, "s", &styles.marked(base).to_string()),
                    );
                }
                if cols.is_empty() {
                    wanted.remove(r);
                }
            }
            "legacyDrawing" if level == 1 && tag.kind != Kind::End => {
                has_drawing = true;
            }
            local if level == 1 && tag.kind != Kind::End && AFTER_LEGACY_DRAWING.contains(&local) => {
                drawing_at.get_or_insert(tag.at.start);
            }
            _ if level == 0 && tag.kind == Kind::End => {
                drawing_at.get_or_insert(tag.at.start);
            }
            _ => {}
        }
    }
    if let Some(id) = new_drawing.filter(|_| !has_drawing) {
        let at = drawing_at?;
        edits.insert(at, format!(r#"<{prefix}legacyDrawing {}/>"#, relationship_id(root, id)));
    }
    Some(edits.apply(xml))
}

/// The attribute `r:id="id"` as the part's root declares the prefix of relationship ids;
/// declared here where the root does not.
pub(super) fn relationship_id(root: &Tag, id: &str) -> String {
    let declared = root.text.split_whitespace().find_map(|a| {
        let (name, value) = a.split_once('=')?;
        let value = value.trim_end_matches(['>', '/']).trim_matches(['"', '\'']);
        (value == RELATIONSHIPS).then(|| name.strip_prefix("xmlns:").map(str::to_string))?
    });
    match declared {
        Some(prefix) => format!(r#"{prefix}:id="{id}""#),
        None => format!(r#"xmlns:r="{RELATIONSHIPS}" r:id="{id}""#),
    }
}

/// The namespace of relationship ids.
pub(super) const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The elements a worksheet may have after `legacyDrawing` (ECMA-376's order).
const AFTER_LEGACY_DRAWING: [&str; 8] = [
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

/// A row the sheet lacks, holding `cells`.
fn new_row(prefix: &str, row: u32, cells: &str) -> String {
    format!(r#"<{prefix}row r="{}">{cells}</{prefix}row>"#, row + 1)
}

/// Empty marked cells the sheet lacks, each in the format the cell showed: its row's, else
/// its column's, else the default.
fn new_cells(
    prefix: &str,
    row: u32,
    cols: &BTreeSet<u32>,
    own: Option<u32>,
    columns: &[(u32, u32, u32)],
    styles: &mut Styles,
) -> String {
    cols.iter()
        .map(|&col| {
            let column = columns.iter().find(|(min, max, _)| (*min..=*max).contains(&col)).map(|c| c.2);
            let style = styles.marked(own.or(column).unwrap_or(0));
            format!(r#"<{prefix}c r="{}" s="{style}"/>"#, crate::text::a1(row, col))
        })
        .collect()
}

/// The zero-based column of an A1 reference.
fn a1_col(a1: &str) -> Option<u32> {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    if letters.is_empty() {
        return None;
    }
    letters
        .chars()
        .try_fold(0u32, |n, c| n.checked_mul(26)?.checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1))
        .map(|n| n - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<styleSheet><fills count="1"><fill/></fills><cellXfs count="3"><xf fillId="0"/><xf fillId="0"/><xf fillId="0"/></cellXfs></styleSheet>"#;

    fn run(sheet: &str, cells: &[(u32, u32)], drawing: Option<&str>) -> String {
        let mut styles = Styles::parse(STYLES.to_string()).unwrap();
        let cells = cells.iter().copied().collect();
        patch(sheet, &cells, &mut styles, drawing).unwrap()
    }

    #[test]
    fn marked_cells_keep_their_own_format_with_the_fill() {
        let sheet = r#"<worksheet><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><cols><col min="3" max="4" style="2"/></cols><sheetData><row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c r="E2"><v>5</v></c></row><row r="4" s="1" customFormat="1"/></sheetData><pageSetup/><tableParts/></worksheet>"#;
        let out = run(sheet, &[(1, 0), (1, 2), (1, 4), (3, 1), (5, 0)], Some("rId9"));
        assert_eq!(
            out,
            r#"<worksheet><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="3" max="4" style="2"/></cols><sheetData><row r="2"><c r="A2" s="3" t="s"><v>0</v></c><c r="C2" s="4"/><c r="E2" s="5"><v>5</v></c></row><row r="4" s="1" customFormat="1"><c r="B4" s="3"/></row><row r="6"><c r="A6" s="5"/></row></sheetData><pageSetup/><legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId9"/><tableParts/></worksheet>"#
        );
    }

    #[test]
    fn an_existing_drawing_is_kept() {
        let sheet = r#"<worksheet xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData/><legacyDrawing rel:id="rId3"/></worksheet>"#;
        let mut styles = Styles::parse(STYLES.to_string()).unwrap();
        let cells = [(0, 0)].into_iter().collect();
        assert_eq!(
            patch(sheet, &cells, &mut styles, Some("rId9")).unwrap(),
            r#"<worksheet xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="1"><c r="A1" s="3"/></row></sheetData><legacyDrawing rel:id="rId3"/></worksheet>"#
        );
    }
}
