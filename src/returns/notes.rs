//! Notes (Excel's comments) on the cells a finding names: the comments part that holds their
//! words and the VML drawing that holds their boxes, made new or, where the sheet has notes
//! already, added to. A cell that already has the department's note keeps it, with kyodo's
//! words after it.

use super::xml::{self, escape, Edits, Kind};
use std::collections::{BTreeMap, BTreeSet};

/// Whose notes these are.
const AUTHOR: &str = "kyodo";

/// The notes of one sheet: (zero-based row, column) → the words.
pub(super) type Notes = BTreeMap<(u32, u32), String>;

/// A new comments part holding `notes`.
pub(super) fn new_comments(notes: &Notes) -> String {
    let list: String = notes.iter().map(|(&(r, c), text)| comment(r, c, 0, text)).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>{AUTHOR}</author></authors><commentList>{list}</commentList></comments>"#
    )
}

/// One comment: the words in the workbooks' Japanese face.
fn comment(row: u32, col: u32, author: usize, text: &str) -> String {
    format!(
        r#"<comment ref="{}" authorId="{author}"><text>{}</text></comment>"#,
        crate::text::a1(row, col),
        run(text)
    )
}

/// A run of a note's text, in the face and size the notes are shown in.
fn run(text: &str) -> String {
    let font = crate::render::xlsx::format::FONT;
    format!(
        r#"<r><rPr><sz val="9"/><rFont val="{font}"/><charset val="128"/></rPr><t xml:space="preserve">{}</t></r>"#,
        escape(text)
    )
}

/// An existing comments part with `notes` added: kyodo as one more author, a new comment per
/// cell without one, kyodo's words after the department's in a cell that has one. Gives the
/// part and the cells that got a new comment (their boxes are still to draw); None where the
/// part is not readable.
pub(super) fn add_comments(part: &str, notes: &Notes) -> Option<(String, BTreeSet<(u32, u32)>)> {
    let tags = xml::tags(part)?;
    let prefix = tags.first().map(xml::prefix).unwrap_or_default();
    let p = |s: String| if prefix.is_empty() { s } else { prefixed(&s, &prefix) };
    let mut edits = Edits::default();
    let mut authors = 0usize;
    let mut existing: BTreeSet<(u32, u32)> = BTreeSet::new();
    let mut current: Option<(u32, u32)> = None;
    // Where in a comment's text: 0 outside, 1 right in it, 2 in its plain `t`, 3 past its
    // runs (in the phonetic guides), 4 in a run.
    let mut in_text = 0usize;
    let mut list_end = None;
    for tag in &tags {
        match (tag.local, tag.kind) {
            ("author", Kind::Start | Kind::Empty) => authors += 1,
            ("authors", Kind::End) => edits.insert(tag.at.start, p(format!("<author>{AUTHOR}</author>"))),
            ("authors", Kind::Empty) => {
                edits.replace(tag.at.clone(), p(format!("<authors><author>{AUTHOR}</author></authors>")));
            }
            ("comment", Kind::Start) => {
                current = tag.attr("ref").and_then(|r| parse_a1(&r));
                existing.extend(current);
                // A note already saying it (an earlier return sent back as it was) is not
                // said twice.
                let end = part[tag.at.end..].find("comment>").map_or(part.len(), |i| tag.at.end + i);
                if current
                    .and_then(|at| notes.get(&at))
                    .is_some_and(|n| part[tag.at.end..end].contains(&escape(n)))
                {
                    current = None;
                }
            }
            ("comment", Kind::End) => current = None,
            ("text", Kind::Start) => in_text = 1,
            // A plain text (a `t` right under `text`) becomes a run, so kyodo's run can follow.
            ("t", Kind::Start) if in_text == 1 => {
                edits.insert(tag.at.start, p("<r>".into()));
                in_text = 2;
            }
            ("t", Kind::End) if in_text == 2 => {
                edits.insert(tag.at.end, p("</r>".into()));
                in_text = 1;
            }
            ("r", Kind::Start) if in_text == 1 => in_text = 4,
            ("r", Kind::End) if in_text == 4 => in_text = 1,
            // Phonetic guides come after the runs: kyodo's run goes before them.
            ("rPh" | "phoneticPr", Kind::Start | Kind::Empty) if in_text == 1 => {
                if let Some(note) = current.take().and_then(|at| notes.get(&at)) {
                    edits.insert(tag.at.start, p(run(&format!("\n{note}"))));
                }
                in_text = 3;
            }
            ("text", Kind::End) => {
                if let Some(at) = current.take() {
                    if let Some(note) = notes.get(&at) {
                        edits.insert(tag.at.start, p(run(&format!("\n{note}"))));
                    }
                }
                in_text = 0;
            }
            ("commentList", Kind::End) => list_end = Some((tag.at.clone(), false)),
            ("commentList", Kind::Empty) => list_end = Some((tag.at.clone(), true)),
            _ => {}
        }
    }
    let new: BTreeSet<(u32, u32)> = notes.keys().filter(|at| !existing.contains(at)).copied().collect();
    let comments: String = new.iter().map(|&(r, c)| p(comment(r, c, authors, &notes[&(r, c)]))).collect();
    match list_end? {
        (at, false) => edits.insert(at.start, comments),
        (at, true) => edits
            .replace(at, format!("{}{comments}{}", p("<commentList>".into()), p("</commentList>".into()))),
    }
    Some((edits.apply(part), new))
}

/// `element`'s tags with `prefix`.
fn prefixed(element: &str, prefix: &str) -> String {
    element
        .replace("</", "\u{0}")
        .replace('<', &format!("<{prefix}"))
        .replace('\u{0}', &format!("</{prefix}"))
}

/// A new VML drawing with a box for each note, its shape ids in block `block` (each drawing of
/// a workbook has its own).
pub(super) fn new_drawing(cells: &BTreeSet<(u32, u32)>, block: u32) -> String {
    let shapes: String =
        cells.iter().enumerate().map(|(i, &(r, c))| shape(block * 1024 + 1 + i as u32, r, c)).collect();
    format!(
        r#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
 <o:shapelayout v:ext="edit">
  <o:idmap v:ext="edit" data="{block}"/>
 </o:shapelayout>{SHAPE_TYPE}{shapes}
</xml>"#
    )
}

/// The shape type of notes' boxes, which every note's shape names.
const SHAPE_TYPE: &str = r##"<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">
  <v:stroke joinstyle="miter"/>
  <v:path gradientshapeok="t" o:connecttype="rect"/>
 </v:shapetype>"##;

/// An existing VML drawing (not always well-formed XML: Excel writes `<br>`) with a box for
/// each cell of `cells`, numbered after its highest shape id; None without its closing tag.
pub(super) fn add_to_drawing(vml: &str, cells: &BTreeSet<(u32, u32)>) -> Option<String> {
    let close = vml.rfind("</xml>")?;
    let highest = vml
        .match_indices("_x0000_s")
        .filter_map(|(at, m)| {
            let digits: String = vml[at + m.len()..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(1024);
    let shape_type = if vml.contains("id=\"_x0000_t202\"") { "" } else { SHAPE_TYPE };
    let shapes: String =
        cells.iter().enumerate().map(|(i, &(r, c))| shape(highest + 1 + i as u32, r, c)).collect();
    Some(format!("{}{shape_type}{shapes}\n{}", &vml[..close], &vml[close..]))
}

/// The blocks of shape ids a VML drawing claims (`<o:idmap data="1,2">`).
pub(super) fn blocks(vml: &str) -> Vec<u32> {
    vml.match_indices("data=\"")
        .flat_map(|(at, m)| {
            let rest = &vml[at + m.len()..];
            rest[..rest.find('"').unwrap_or(0)]
                .split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A note's box, hidden until the cell is pointed at, beside the cell.
fn shape(id: u32, row: u32, col: u32) -> String {
    let top = row.saturating_sub(1);
    format!(
        r##"
 <v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:270pt;height:90pt;z-index:{id};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">
  <v:fill color2="#ffffe1"/>
  <v:shadow on="t" color="black" obscured="t"/>
  <v:path o:connecttype="none"/>
  <v:textbox style="mso-direction-alt:auto">
   <div style="text-align:left"></div>
  </v:textbox>
  <x:ClientData ObjectType="Note">
   <x:MoveWithCells/>
   <x:SizeWithCells/>
   <x:Anchor>{}, 15, {top}, 10, {}, 15, {}, 4</x:Anchor>
   <x:AutoFill>False</x:AutoFill>
   <x:Row>{row}</x:Row>
   <x:Column>{col}</x:Column>
  </x:ClientData>
 </v:shape>"##,
        col + 1,
        col + 4,
        top + 6
    )
}

/// A note's 「E6」 → (5, 4), zero-based; None for anything else (the package is the
/// department's: it may hold any text).
fn parse_a1(a1: &str) -> Option<(u32, u32)> {
    crate::text::CellRef::parse(a1).map(|c| (c.row, c.col))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes() -> Notes {
        [((1, 2), "評価を選んでください".to_string()), ((4, 0), "A&B".to_string())].into_iter().collect()
    }

    #[test]
    fn kyodo_joins_the_authors_and_adds_to_a_cells_note() {
        let part = r#"<comments xmlns="m"><authors><author>山田</author></authors><commentList><comment ref="C2" authorId="0"><text><t>確認中</t></text></comment></commentList></comments>"#;
        let (out, new) = add_comments(part, &notes()).unwrap();
        assert_eq!(new.into_iter().collect::<Vec<_>>(), [(4, 0)]);
        assert!(out.contains("<author>山田</author><author>kyodo</author>"), "{out}");
        assert!(out.contains("<text><r><t>確認中</t></r><r><rPr>"), "{out}");
        assert!(
            out.contains(
                "\n評価を選んでください</t></r></text></comment><comment ref=\"A5\" authorId=\"1\">"
            ),
            "{out}"
        );
        assert!(out.contains("A&amp;B"), "{out}");
        xml::tags(&out).expect("well-formed");
    }

    #[test]
    fn shapes_are_numbered_after_the_drawings_own() {
        let cells = notes().keys().copied().collect();
        let made = new_drawing(&cells, 3);
        assert_eq!(blocks(&made), [3]);
        assert!(made.contains("_x0000_s3073") && made.contains("_x0000_s3074"));
        let old = "<xml><o:idmap v:ext=\"edit\" data=\"1\"/><v:shape id=\"_x0000_s1025\" type=\"#_x0000_t202\"><br></v:shape></xml>";
        let added = add_to_drawing(old, &cells).unwrap();
        assert!(
            added.contains("_x0000_s1026") && added.contains("_x0000_s1027") && added.ends_with("</xml>")
        );
        assert!(added.contains("<v:shapetype"), "the box's type where the drawing had none");
    }
}
