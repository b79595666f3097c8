//! The department's styles part with what a return adds: the warning fill, a copy of each
//! marked cell's own cell format with that fill, and the few formats of the 要修正一覧 sheet.
//! Everything is appended: every index the department's sheets use keeps its meaning.

use super::xml::{self, Edits, Kind};
use std::collections::BTreeMap;

/// The lists of styles.xml that a return appends to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum List {
    Fonts,
    Fills,
    Borders,
    CellXfs,
}

impl List {
    fn local(self) -> &'static str {
        match self {
            List::Fonts => "fonts",
            List::Fills => "fills",
            List::Borders => "borders",
            List::CellXfs => "cellXfs",
        }
    }

    fn item(self) -> &'static str {
        match self {
            List::Fonts => "font",
            List::Fills => "fill",
            List::Borders => "border",
            List::CellXfs => "xf",
        }
    }
}

/// Where one list is in the part and what is added to it.
struct Place {
    /// The list's start tag (or its empty tag, `<fills count="0"/>`).
    open: std::ops::Range<usize>,
    empty: bool,
    /// Where its end tag starts.
    close: usize,
    /// Its items as written.
    items: Vec<std::ops::Range<usize>>,
    added: Vec<String>,
}

/// styles.xml, read once and appended to.
pub(super) struct Styles {
    xml: String,
    /// The namespace prefix of the part's elements (`x:` or none).
    prefix: String,
    lists: BTreeMap<List, Place>,
    warning_fill: Option<u32>,
    marked: BTreeMap<u32, u32>,
}

impl Styles {
    /// The part's lists; None when it is not XML or has no cell formats and fills to extend.
    pub fn parse(xml: String) -> Option<Styles> {
        let mut lists = BTreeMap::new();
        let prefix;
        {
            let tags = xml::tags(&xml)?;
            prefix = tags.first().map(xml::prefix).unwrap_or_default();
            // The tags' depth: the root at 0, the lists at 1, their items at 2.
            let mut depth = 0usize;
            let mut open: Option<(List, Place)> = None;
            for tag in &tags {
                if tag.kind == Kind::End {
                    depth = depth.saturating_sub(1);
                }
                let place = |empty: bool, close: usize| Place {
                    open: tag.at.clone(),
                    empty,
                    close,
                    items: Vec::new(),
                    added: Vec::new(),
                };
                if depth == 1 {
                    let list = [List::Fonts, List::Fills, List::Borders, List::CellXfs]
                        .into_iter()
                        .find(|l| l.local() == tag.local);
                    match (list, tag.kind) {
                        (Some(l), Kind::Start) => open = Some((l, place(false, 0))),
                        (Some(l), Kind::Empty) => {
                            lists.insert(l, place(true, tag.at.end));
                        }
                        (Some(_), Kind::End) => {
                            if let Some((l, mut place)) = open.take() {
                                place.close = tag.at.start;
                                lists.insert(l, place);
                            }
                        }
                        _ => {}
                    }
                } else if depth == 2 {
                    if let Some((_, place)) = open.as_mut().filter(|(l, _)| tag.local == l.item()) {
                        match tag.kind {
                            Kind::Empty => place.items.push(tag.at.clone()),
                            Kind::Start => place.items.push(tag.at.start..tag.at.start),
                            // The item's range runs to its end tag.
                            Kind::End => {
                                if let Some(last) = place.items.last_mut() {
                                    last.end = tag.at.end;
                                }
                            }
                        }
                    }
                }
                if tag.kind == Kind::Start {
                    depth += 1;
                }
            }
        }
        if !lists.contains_key(&List::CellXfs) || !lists.contains_key(&List::Fills) {
            return None;
        }
        Some(Styles { xml, prefix, lists, warning_fill: None, marked: BTreeMap::new() })
    }

    /// Appends `element` (written without a prefix; the part's is added) to `list`; gives its
    /// index, or 0 (the default) where the part has no such list.
    pub fn add(&mut self, list: List, element: &str) -> u32 {
        let element = self.prefixed(element);
        let Some(place) = self.lists.get_mut(&list) else { return 0 };
        place.added.push(element);
        (place.items.len() + place.added.len() - 1) as u32
    }

    /// The cell format of a marked cell: the cell's own format `base` with the warning fill.
    pub fn marked(&mut self, base: u32) -> u32 {
        if let Some(&id) = self.marked.get(&base) {
            return id;
        }
        let fill = match self.warning_fill {
            Some(f) => f,
            None => {
                let f = self.add(List::Fills, &solid_fill(WARNING));
                self.warning_fill = Some(f);
                f
            }
        };
        let xfs = &self.lists[&List::CellXfs];
        let source = xfs.items.get(base as usize).or(xfs.items.first()).cloned();
        let copy = match source {
            Some(range) => {
                let text = &self.xml[range];
                let end = text.find('>').map_or(text.len(), |i| i + 1);
                let tag = xml::set_attr(&text[..end], "fillId", &fill.to_string());
                format!("{}{}", xml::set_attr(&tag, "applyFill", "1"), &text[end..])
            }
            None => self.prefixed(&format!(
                r#"<xf numFmtId="0" fontId="0" fillId="{fill}" borderId="0" xfId="0" applyFill="1"/>"#
            )),
        };
        let place = self.lists.get_mut(&List::CellXfs).expect("checked in parse");
        place.added.push(copy);
        let id = (place.items.len() + place.added.len() - 1) as u32;
        self.marked.insert(base, id);
        id
    }

    /// The part with everything added and the lists' counts updated.
    pub fn finish(self) -> String {
        let mut edits = Edits::default();
        let prefix = self.prefix.clone();
        for (list, place) in &self.lists {
            if place.added.is_empty() {
                continue;
            }
            let count = (place.items.len() + place.added.len()).to_string();
            let open = xml::set_attr(&self.xml[place.open.clone()], "count", &count);
            let added = place.added.concat();
            if place.empty {
                let tag = xml::opened(&open);
                edits.replace(place.open.clone(), format!("{tag}{added}</{prefix}{}>", list.local()));
            } else {
                edits.replace(place.open.clone(), open);
                edits.insert(place.close, added);
            }
        }
        edits.apply(&self.xml)
    }

    /// `element`'s tags with the part's namespace prefix.
    fn prefixed(&self, element: &str) -> String {
        if self.prefix.is_empty() {
            return element.to_string();
        }
        element
            .replace("</", "\u{0}")
            .replace('<', &format!("<{}", self.prefix))
            .replace('\u{0}', &format!("</{}", self.prefix))
    }
}

/// The fill of a cell a finding names: a light orange that prints as a grey.
pub(super) const WARNING: &str = "FFCC80";

/// A solid fill of `rgb` (6 hex digits).
pub(super) fn solid_fill(rgb: &str) -> String {
    format!(
        r#"<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/><bgColor indexed="64"/></patternFill></fill>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PART: &str = r#"<?xml version="1.0"?><styleSheet xmlns="m"><fonts count="1"><font><sz val="11"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyProtection="1"><protection locked="0"/></xf></cellXfs></styleSheet>"#;

    #[test]
    fn a_marked_format_is_the_cells_own_with_the_fill() {
        let mut styles = Styles::parse(PART.to_string()).unwrap();
        assert_eq!(styles.marked(1), 2);
        assert_eq!(styles.marked(1), 2, "made once");
        assert_eq!(styles.marked(0), 3);
        let out = styles.finish();
        assert!(out.contains(r#"<fills count="3">"#), "{out}");
        assert!(out.contains(r#"<cellXfs count="4">"#), "{out}");
        assert!(
            out.contains(r#"<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyProtection="1" applyFill="1"><protection locked="0"/></xf><xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/></cellXfs>"#),
            "{out}"
        );
        // The department's own formats are where they were, unchanged.
        assert!(out.contains(r#"<fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFFFCC80"/>"#), "{out}");
    }

    #[test]
    fn prefixed_parts_get_prefixed_elements() {
        let part = PART.replace("<", "<x:").replace("<x:/", "</x:").replace("<x:?xml", "<?xml");
        let mut styles = Styles::parse(part).unwrap();
        assert_eq!(styles.add(List::Fonts, "<font><b/></font>"), 1);
        assert!(styles.finish().contains("<x:font><x:b/></x:font></x:fonts>"));
    }
}
