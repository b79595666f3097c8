//! A return in the department's own workbook (.xlsx, .xlsm): its package copied part by part,
//! compressed bytes as they were, and only what a return needs patched or added:
//!
//! - the 要修正一覧 sheet (a new worksheet part with its relationship and content type), first
//!   in the workbook and the one shown on opening; a 要修正一覧 of an earlier return goes;
//! - on each sheet with findings, a note per named cell (the comments part and the VML
//!   drawing, made or added to) and the cell's own format with the warning fill (styles.xml);
//! - sheet-scoped defined names (print titles, filters) renumbered, as the sheets' positions
//!   moved by one.
//!
//! Values and their types, formats, merges, drop-downs and input messages, protection, panes,
//! print setup, macros (vbaProject.bin), defined names: every byte as the department saved it.

use super::notes::{self, Notes};
use super::styles::Styles;
use super::xml::{self, escape, Edits, Kind};
use super::{list, LIST_SHEET};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Why a workbook could not be returned as it is (kyodo then rebuilds it from its values):
/// the words finish 「…ため」.
#[derive(Debug)]
pub(super) struct Unreadable(pub String);

fn unreadable(part: &str) -> Unreadable {
    Unreadable(format!("ブックの構成（{part}）を読み取れなかった"))
}

/// The workbook `original` with the list sheet (`title`, `rows`) first and `notes` (by sheet
/// name) on its cells.
pub(super) fn annotate(
    original: &[u8],
    title: &str,
    rows: &[[String; 5]],
    notes: &BTreeMap<String, Notes>,
) -> Result<Vec<u8>, Unreadable> {
    let mut package = Package::open(original)?;
    let workbook = package.workbook_path()?;
    let dir = parent(&workbook).to_string();
    let rels_path = rels_of(&workbook);
    let mut rels = package.text(&rels_path)?;
    let relations = relationships(&rels, &dir).ok_or_else(|| unreadable(&rels_path))?;
    let mut book = package.text(&workbook)?;
    let sheets = sheets(&book).ok_or_else(|| unreadable(&workbook))?;
    let styles_path = relations
        .iter()
        .find(|r| r.kind.ends_with("/styles"))
        .map(|r| r.target.clone())
        .ok_or_else(|| unreadable("styles.xml"))?;
    let mut styles = Styles::parse(package.text(&styles_path)?).ok_or_else(|| unreadable(&styles_path))?;
    let mut types = package.text(CONTENT_TYPES)?;

    // An earlier return's list goes: its sheet, relationship and part.
    let old_list = sheets.iter().position(|s| s.name == LIST_SHEET);
    if let Some(old) = old_list.map(|i| &sheets[i]) {
        if let Some(r) = relations.iter().find(|r| r.id == old.rel) {
            package.removed.insert(r.target.clone());
            package.removed.insert(rels_of(&r.target));
            types = remove_override(&types, &r.target);
        }
        rels = remove_relationship(&rels, &old.rel);
    }

    let mut next_block = package.drawing_blocks().into_iter().max().unwrap_or(0) + 1;
    for sheet in sheets.iter().filter(|s| s.name != LIST_SHEET) {
        let Some(part) = relations.iter().find(|r| r.id == sheet.rel && r.kind.ends_with("/worksheet"))
        else {
            continue;
        };
        let path = part.target.clone();
        let empty = Notes::new();
        let sheet_notes = notes.get(&sheet.name).unwrap_or(&empty);
        let text = package.text(&path)?;
        if sheet_notes.is_empty() {
            // Only the selection changes: 要修正一覧 is the sheet shown.
            if text.contains("tabSelected") {
                let patched = super::sheet::patch(&text, &BTreeSet::new(), &mut styles, None)
                    .ok_or_else(|| unreadable(&path))?;
                package.replaced.insert(path, patched);
            }
            continue;
        }
        let new_drawing = package.add_notes(&path, sheet_notes, &mut types, &mut next_block)?;
        let cells = sheet_notes.keys().copied().collect();
        let patched = super::sheet::patch(&text, &cells, &mut styles, new_drawing.as_deref())
            .ok_or_else(|| unreadable(&path))?;
        package.replaced.insert(path, patched);
    }

    // The list sheet: a new part, first among the sheets.
    let list_path = package.unused(|n| format!("{dir}/worksheets/sheet{n}.xml"));
    let list_xml = list::part(title, rows, &mut styles);
    let list_rel = unused_id(&rels);
    rels = add_relationship(&rels, &list_rel, WORKSHEET, &relative(&dir, &list_path));
    types = add_override(&types, &list_path, WORKSHEET_TYPE);
    let sheet_id = sheets.iter().map(|s| s.id).max().unwrap_or(0) + 1;
    book = reorder(&book, &sheets, old_list, &list_rel, sheet_id).ok_or_else(|| unreadable(&workbook))?;

    package.replaced.insert(workbook, book);
    package.replaced.insert(rels_path, rels);
    package.replaced.insert(styles_path, styles.finish());
    package.replaced.insert(CONTENT_TYPES.to_string(), types);
    package.added.push((list_path, list_xml));
    package.write()
}

const CONTENT_TYPES: &str = "[Content_Types].xml";
const WORKSHEET: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const WORKSHEET_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const COMMENTS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const VML: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const VML_TYPE: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

/// The largest part read: the guard has let the file through, this is the net under it.
const MAX_PART: u64 = 512 << 20;

/// The department's package and what the return changes in it.
struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    names: Vec<String>,
    /// Parts written anew, by name.
    replaced: BTreeMap<String, String>,
    /// Parts left out.
    removed: BTreeSet<String>,
    /// New parts, in the order written.
    added: Vec<(String, String)>,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, Unreadable> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable("ZIP"))?;
        // In the archive's order, which the copy keeps.
        let names = zip
            .file_names()
            .map(|n| n.map(|n| n.into_owned()))
            .collect::<Result<_, _>>()
            .map_err(|_| unreadable("ZIP"))?;
        Ok(Package { zip, names, replaced: BTreeMap::new(), removed: BTreeSet::new(), added: Vec::new() })
    }

    /// A part's text as it now stands.
    fn text(&mut self, name: &str) -> Result<String, Unreadable> {
        if let Some(text) = self.replaced.get(name) {
            return Ok(text.clone());
        }
        let mut file = self.zip.by_name(name).map_err(|_| unreadable(name))?;
        let mut bytes = Vec::new();
        (&mut file).take(MAX_PART).read_to_end(&mut bytes).map_err(|_| unreadable(name))?;
        String::from_utf8(bytes).map_err(|_| unreadable(name))
    }

    fn has(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name) || self.added.iter().any(|(n, _)| n == name)
    }

    /// The first name `pattern(n)` (n = 1, 2, …) no part has.
    fn unused(&self, pattern: impl Fn(u32) -> String) -> String {
        (1..).map(pattern).find(|name| !self.has(name)).expect("some number is free")
    }

    /// The main part (the workbook), as the package's relationships name it.
    fn workbook_path(&mut self) -> Result<String, Unreadable> {
        let rels = self.text("_rels/.rels")?;
        let relations = relationships(&rels, "").ok_or_else(|| unreadable("_rels/.rels"))?;
        relations
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.target)
            .ok_or_else(|| unreadable("_rels/.rels"))
    }

    /// The blocks of shape ids the package's VML drawings claim.
    fn drawing_blocks(&mut self) -> Vec<u32> {
        let vml: Vec<String> =
            self.names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".vml")).cloned().collect();
        vml.iter().filter_map(|n| self.text(n).ok()).flat_map(|t| notes::blocks(&t)).collect()
    }

    /// The notes of the sheet part `sheet`: its comments and drawing made or added to, its
    /// relationships updated. Gives the relationship id of a new drawing, which the sheet
    /// must then point to.
    fn add_notes(
        &mut self,
        sheet: &str,
        notes: &Notes,
        types: &mut String,
        next_block: &mut u32,
    ) -> Result<Option<String>, Unreadable> {
        let dir = parent(sheet).to_string();
        let rels_path = rels_of(sheet);
        let mut rels = if self.has(&rels_path) { self.text(&rels_path)? } else { EMPTY_RELS.to_string() };
        let relations = relationships(&rels, &dir).ok_or_else(|| unreadable(&rels_path))?;
        let comments = relations.iter().find(|r| r.kind.ends_with("/comments")).map(|r| r.target.clone());
        let drawing = relations.iter().find(|r| r.kind.ends_with("/vmlDrawing")).map(|r| r.target.clone());
        let boxes = match comments {
            Some(path) => {
                let (text, new) =
                    notes::add_comments(&self.text(&path)?, notes).ok_or_else(|| unreadable(&path))?;
                self.replaced.insert(path, text);
                new
            }
            None => {
                let (path, _) = self.relate_new(&mut rels, &dir, |n| format!("comments{n}.xml"), COMMENTS);
                *types = add_override(types, &path, COMMENTS_TYPE);
                self.added.push((path, notes::new_comments(notes)));
                notes.keys().copied().collect()
            }
        };
        let new_drawing = match drawing {
            Some(path) => {
                let text =
                    notes::add_to_drawing(&self.text(&path)?, &boxes).ok_or_else(|| unreadable(&path))?;
                self.replaced.insert(path, text);
                None
            }
            None => {
                let (path, id) =
                    self.relate_new(&mut rels, &dir, |n| format!("drawings/vmlDrawing{n}.vml"), VML);
                *types = add_default(types, "vml", VML_TYPE);
                self.added.push((path, notes::new_drawing(&boxes, *next_block)));
                *next_block += 1;
                Some(id)
            }
        };
        if self.has(&rels_path) {
            self.replaced.insert(rels_path, rels);
        } else {
            self.added.push((rels_path, rels));
        }
        Ok(new_drawing)
    }

    /// A new part of the workbook's folder, its name `name(n)` for the first free n, related
    /// as `kind` in `rels` (of a part in `dir`): its path and the relationship's id.
    fn relate_new(
        &self,
        rels: &mut String,
        dir: &str,
        name: impl Fn(u32) -> String,
        kind: &str,
    ) -> (String, String) {
        let book_dir = parent(dir).to_string();
        let path = self.unused(|n| format!("{book_dir}/{}", name(n)));
        let id = unused_id(rels);
        *rels = add_relationship(rels, &id, kind, &relative(dir, &path));
        (path, id)
    }

    /// The new package: every part in its place (unchanged ones as their compressed bytes),
    /// the new ones after them.
    fn write(mut self) -> Result<Vec<u8>, Unreadable> {
        let failed = |_| Unreadable("ブックを書き出せなかった".into());
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for i in 0..self.zip.len() {
            let name = self.names[i].clone();
            if self.removed.contains(&name) {
                continue;
            }
            match self.replaced.remove(&name) {
                Some(text) => {
                    out.start_file(name, options).map_err(failed)?;
                    out.write_all(text.as_bytes())
                        .map_err(|_| Unreadable("ブックを書き出せなかった".into()))?;
                }
                None => {
                    let file = self.zip.by_index_raw(i).map_err(|_| unreadable(&name))?;
                    out.raw_copy_file(file).map_err(failed)?;
                }
            }
        }
        for (name, text) in &self.added {
            out.start_file(name.as_str(), options).map_err(failed)?;
            out.write_all(text.as_bytes()).map_err(|_| Unreadable("ブックを書き出せなかった".into()))?;
        }
        Ok(out.finish().map_err(failed)?.into_inner())
    }
}

const EMPTY_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;

/// A relationship: its id, type and target part (resolved to a path in the package).
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// The relationships of a part in folder `dir`.
fn relationships(xml: &str, dir: &str) -> Option<Vec<Relationship>> {
    let tags = xml::tags(xml)?;
    Some(
        tags.iter()
            .filter(|t| t.opens("Relationship") && t.attr("TargetMode").as_deref() != Some("External"))
            .filter_map(|t| {
                Some(Relationship {
                    id: t.attr("Id")?,
                    kind: t.attr("Type")?,
                    target: resolve(dir, &t.attr("Target")?),
                })
            })
            .collect(),
    )
}

/// An id no relationship of the part has.
fn unused_id(xml: &str) -> String {
    (1..).map(|n| format!("rId{n}")).find(|id| !xml.contains(&format!("\"{id}\""))).expect("some id is free")
}

fn add_relationship(xml: &str, id: &str, kind: &str, target: &str) -> String {
    let element = format!(r#"<Relationship Id="{id}" Type="{kind}" Target="{}"/>"#, escape(target));
    insert_before_end(xml, "Relationships", &element)
}

fn remove_relationship(xml: &str, id: &str) -> String {
    remove_tags(xml, |t| t.opens("Relationship") && t.attr("Id").as_deref() == Some(id))
}

fn add_override(xml: &str, part: &str, content_type: &str) -> String {
    let element = format!(r#"<Override PartName="/{}" ContentType="{content_type}"/>"#, escape(part));
    insert_before_end(xml, "Types", &element)
}

fn remove_override(xml: &str, part: &str) -> String {
    let name = format!("/{part}");
    remove_tags(xml, |t| {
        t.opens("Override") && t.attr("PartName").is_some_and(|p| p.eq_ignore_ascii_case(&name))
    })
}

/// The content types with a default for `extension`, unless they have one.
fn add_default(xml: &str, extension: &str, content_type: &str) -> String {
    let tags = xml::tags(xml).unwrap_or_default();
    if tags
        .iter()
        .any(|t| t.opens("Default") && t.attr("Extension").is_some_and(|e| e.eq_ignore_ascii_case(extension)))
    {
        return xml.to_string();
    }
    insert_before_end(
        xml,
        "Types",
        &format!(r#"<Default Extension="{extension}" ContentType="{content_type}"/>"#),
    )
}

/// `element` (with the root's prefix) inserted before the end tag of the root `root`.
fn insert_before_end(xml: &str, root: &str, element: &str) -> String {
    let Some(at) = xml.rfind(&format!("{root}>")).and_then(|i| xml[..i].rfind("</")) else {
        return xml.to_string();
    };
    format!("{}{element}{}", &xml[..at], &xml[at..])
}

/// `xml` without the empty elements `which` picks.
fn remove_tags(xml: &str, which: impl Fn(&xml::Tag) -> bool) -> String {
    let mut edits = Edits::default();
    for tag in xml::tags(xml).unwrap_or_default().iter().filter(|t| t.kind == Kind::Empty && which(t)) {
        edits.replace(tag.at.clone(), "");
    }
    edits.apply(xml)
}

/// A sheet of the workbook part.
struct Sheet {
    name: String,
    id: u32,
    rel: String,
    at: std::ops::Range<usize>,
}

fn sheets(xml: &str) -> Option<Vec<Sheet>> {
    let tags = xml::tags(xml)?;
    Some(
        tags.iter()
            .filter(|t| t.opens("sheet"))
            .filter_map(|t| {
                let rel = t.attr("r:id").or_else(|| {
                    let name = t.text.split_whitespace().find_map(|a| {
                        let (n, _) = a.split_once('=')?;
                        n.ends_with(":id").then(|| n.to_string())
                    })?;
                    t.attr(&name)
                })?;
                Some(Sheet {
                    name: t.attr("name")?,
                    id: t.attr("sheetId").and_then(|v| v.parse().ok()).unwrap_or(0),
                    rel,
                    at: t.at.clone(),
                })
            })
            .collect(),
    )
}

/// The workbook part with the list sheet first (and shown), an earlier list (`old`) gone,
/// sheet-scoped names following their sheets, and the list's header printed on every page.
fn reorder(xml: &str, sheets: &[Sheet], old: Option<usize>, rel: &str, sheet_id: u32) -> Option<String> {
    let tags = xml::tags(xml)?;
    let root = tags.first()?;
    let prefix = xml::prefix(root);
    let mut edits = Edits::default();
    let sheets_open = tags.iter().find(|t| t.kind == Kind::Start && t.local == "sheets")?;
    let id = super::sheet::relationship_id(root, rel);
    edits.insert(
        sheets_open.at.end,
        format!(r#"<{prefix}sheet name="{LIST_SHEET}" sheetId="{sheet_id}" {id}/>"#),
    );
    if let Some(old) = old.map(|i| &sheets[i]) {
        edits.replace(old.at.clone(), "");
    }
    // A position before the list's insertion → after it.
    let moved = |index: usize| -> Option<usize> {
        match old {
            Some(o) if index == o => None,
            Some(o) if index > o => Some(index),
            _ => Some(index + 1),
        }
    };
    let mut names_end = None;
    let mut open_name: Option<(usize, bool)> = None;
    for tag in &tags {
        match (tag.local, tag.kind) {
            ("workbookView", Kind::Start | Kind::Empty) => {
                let view = xml::set_attr(&xml::remove_attr(tag.text, "firstSheet"), "activeTab", "0");
                edits.replace(tag.at.clone(), view);
            }
            ("definedName", Kind::Start) => {
                let local = tag.attr("localSheetId").and_then(|v| v.parse::<usize>().ok());
                match local.map(moved) {
                    Some(Some(n)) => {
                        edits
                            .replace(tag.at.clone(), xml::set_attr(tag.text, "localSheetId", &n.to_string()));
                        open_name = Some((tag.at.start, false));
                    }
                    Some(None) => open_name = Some((tag.at.start, true)),
                    None => open_name = Some((tag.at.start, false)),
                }
            }
            ("definedName", Kind::End) => {
                if let Some((start, true)) = open_name.take() {
                    edits.replace(start..tag.at.end, "");
                }
            }
            ("definedNames", Kind::End) => names_end = Some(tag.at.start),
            _ => {}
        }
    }
    let titles = format!(
        r#"<{prefix}definedName name="_xlnm.Print_Titles" localSheetId="0">{LIST_SHEET}!${row}:${row}</{prefix}definedName>"#,
        row = list::HEADER_ROW + 1
    );
    match names_end {
        Some(at) => edits.insert(at, titles),
        None => {
            // A new definedNames after the sheets (and what may stand between: function
            // groups, external references).
            let after = tags.iter().rev().find(|t| {
                t.kind != Kind::Start && matches!(t.local, "sheets" | "functionGroups" | "externalReferences")
            })?;
            edits.insert(after.at.end, format!("<{prefix}definedNames>{titles}</{prefix}definedNames>"));
        }
    }
    Some(edits.apply(xml))
}

/// The folder of a part (`xl` of `xl/workbook.xml`).
fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The relationships part of `part`.
fn rels_of(part: &str) -> String {
    let (dir, file) = path_split(part);
    if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    }
}

fn path_split(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

/// A relationship's target, from the folder `dir` of its source, as a path in the package.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { dir.split('/').filter(|p| !p.is_empty()).collect() };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// `path` as a target from the folder `dir`.
fn relative(dir: &str, path: &str) -> String {
    let from: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = path.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let up = std::iter::repeat_n("..", from.len() - common);
    up.chain(to[common..].iter().copied()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_and_relate() {
        assert_eq!(resolve("xl/worksheets", "../comments1.xml"), "xl/comments1.xml");
        assert_eq!(resolve("xl", "/xl/styles.xml"), "xl/styles.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(relative("xl/worksheets", "xl/drawings/vmlDrawing1.vml"), "../drawings/vmlDrawing1.vml");
        assert_eq!(relative("xl", "xl/worksheets/sheet2.xml"), "worksheets/sheet2.xml");
        assert_eq!(rels_of("xl/worksheets/sheet1.xml"), "xl/worksheets/_rels/sheet1.xml.rels");
    }

    #[test]
    fn the_list_comes_first_and_names_follow_their_sheets() {
        let book = r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="1" firstSheet="1"/></bookViews><sheets><sheet name="要修正一覧" sheetId="3" r:id="rId3"/><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">要修正一覧!$3:$3</definedName><definedName name="_xlnm.Print_Titles" localSheetId="2">B!$4:$4</definedName></definedNames></workbook>"#;
        let list = sheets(book).unwrap();
        assert_eq!(list.iter().map(|s| s.rel.as_str()).collect::<Vec<_>>(), ["rId3", "rId1", "rId2"]);
        let out = reorder(book, &list, Some(0), "rId9", 4).unwrap();
        assert_eq!(
            out,
            r#"<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="0"/></bookViews><sheets><sheet name="要修正一覧" sheetId="4" r:id="rId9"/><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="2">B!$4:$4</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">要修正一覧!$3:$3</definedName></definedNames></workbook>"#
        );
    }
}
