//! What the package patch needs of XML: the tags of a part with their byte ranges (quick-xml
//! tokenises), a tag's attributes read and rewritten in place, and edits spliced into the
//! original text, so every byte not edited stays as the department's program wrote it.

use quick_xml::events::Event;
use quick_xml::Reader;
use std::ops::Range;

/// A tag of a part: start, empty (`<x/>`) or end, by its local name (without a prefix).
pub(super) struct Tag<'a> {
    /// Start, Empty or End.
    pub kind: Kind,
    /// The name without its namespace prefix.
    pub local: &'a str,
    /// The tag's text, `<` to `>`.
    pub text: &'a str,
    /// Where the tag is in the part.
    pub at: Range<usize>,
}

/// What a [`Tag`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Start,
    Empty,
    End,
}

impl Tag<'_> {
    /// Whether this opens (or is) an element named `local`.
    pub fn opens(&self, local: &str) -> bool {
        self.kind != Kind::End && self.local == local
    }

    /// The value of attribute `name` (with its prefix, if any, as written), unescaped.
    pub fn attr(&self, name: &str) -> Option<String> {
        attr(self.text, name)
    }
}

/// Every tag of `xml`, in order; None where the part is not well-formed XML.
pub(super) fn tags(xml: &str) -> Option<Vec<Tag<'_>>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let end = reader.buffer_position() as usize;
        let kind = match &event {
            Event::Start(_) => Kind::Start,
            Event::Empty(_) => Kind::Empty,
            Event::End(_) => Kind::End,
            Event::Eof => return Some(out),
            _ => continue,
        };
        let text = xml.get(start..end)?;
        let name = text.trim_start_matches(['<', '/']);
        let name = &name[..name.find(|c: char| c.is_whitespace() || c == '/' || c == '>')?];
        let local = name.rsplit(':').next().unwrap_or(name);
        out.push(Tag { kind, local, text, at: start..end });
    }
}

/// The namespace prefix of a tag's name (`x` of `<x:row>`), with its colon; empty for none.
pub(super) fn prefix(tag: &Tag) -> String {
    let name = tag.text.trim_start_matches(['<', '/']);
    name.split_once(':')
        .filter(|(p, _)| !p.contains(|c: char| c.is_whitespace() || c == '>' || c == '/'))
        .map(|(p, _)| format!("{p}:"))
        .unwrap_or_default()
}

/// The attributes of a tag's text: (name, range of the value inside the quotes).
fn attr_spans(tag: &str) -> Vec<(&str, Range<usize>)> {
    let bytes = tag.as_bytes();
    let mut i = tag.find(|c: char| c.is_whitespace()).unwrap_or(tag.len());
    let mut out = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        if i == name_start {
            return out;
        }
        let name = &tag[name_start..i];
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'=') {
            i += 1;
        }
        let Some(&quote) = bytes.get(i).filter(|q| matches!(q, b'"' | b'\'')) else { return out };
        let value_start = i + 1;
        let Some(len) = tag[value_start..].find(quote as char) else { return out };
        out.push((name, value_start..value_start + len));
        i = value_start + len + 1;
    }
}

/// The value of attribute `name` in a tag's text, unescaped.
pub(super) fn attr(tag: &str, name: &str) -> Option<String> {
    let (_, range) = attr_spans(tag).into_iter().find(|(n, _)| *n == name)?;
    let raw = &tag[range];
    Some(quick_xml::escape::unescape(raw).map_or_else(|_| raw.to_string(), |v| v.into_owned()))
}

/// The tag with attribute `name` set to `value` (escaped here), added before the tag's end
/// where it was not there.
pub(super) fn set_attr(tag: &str, name: &str, value: &str) -> String {
    let value = escape(value);
    match attr_spans(tag).into_iter().find(|(n, _)| *n == name) {
        Some((_, range)) => format!("{}{value}{}", &tag[..range.start], &tag[range.end..]),
        None => {
            let end = if tag.ends_with("/>") { tag.len() - 2 } else { tag.len() - 1 };
            let before = tag[..end].trim_end();
            format!("{before} {name}=\"{value}\"{}", &tag[end..])
        }
    }
}

/// The tag without attribute `name`.
pub(super) fn remove_attr(tag: &str, name: &str) -> String {
    match attr_spans(tag).into_iter().find(|(n, _)| *n == name) {
        Some((_, range)) => {
            let start = tag[..range.start].rfind(name).unwrap_or(range.start);
            let start = tag[..start].trim_end().len();
            format!("{}{}", &tag[..start], &tag[range.end + 1..])
        }
        None => tag.to_string(),
    }
}

/// An empty element's tag (`<x/>`) as a start tag (`<x>`).
pub(super) fn opened(tag: &str) -> String {
    format!("{}>", tag.trim_end_matches('>').trim_end_matches('/').trim_end())
}

/// Text for element content or an attribute value.
pub(super) fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Insertions and replacements on a part's text, applied together in order of position (at
/// one position, in the order they were made).
#[derive(Default)]
pub(super) struct Edits {
    edits: Vec<(Range<usize>, String)>,
}

impl Edits {
    /// Replaces `range` with `text`.
    pub fn replace(&mut self, range: Range<usize>, text: impl Into<String>) {
        self.edits.push((range, text.into()));
    }

    /// Inserts `text` at `at`.
    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.edits.push((at..at, text.into()));
    }

    /// The edited text.
    pub fn apply(mut self, text: &str) -> String {
        self.edits.sort_by_key(|(r, _)| (r.start, r.end));
        let mut out = String::with_capacity(text.len() + 1024);
        let mut at = 0;
        for (range, new) in &self.edits {
            if range.start >= at {
                out.push_str(&text[at..range.start]);
                at = range.start;
            }
            out.push_str(new);
            at = at.max(range.end);
        }
        out.push_str(&text[at..]);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_and_rewritten_in_place() {
        let tag = r#"<c r="B2" s='3' t="s">"#;
        assert_eq!(attr(tag, "s").as_deref(), Some("3"));
        assert_eq!(attr(tag, "x"), None);
        assert_eq!(set_attr(tag, "s", "9"), r#"<c r="B2" s='9' t="s">"#);
        assert_eq!(set_attr(r#"<c r="B2"/>"#, "s", "9"), r#"<c r="B2" s="9"/>"#);
        assert_eq!(remove_attr(r#"<v a="1" tabSelected="1" b="2"/>"#, "tabSelected"), r#"<v a="1" b="2"/>"#);
        assert_eq!(opened(r#"<row r="3"/>"#), r#"<row r="3">"#);
    }

    #[test]
    fn tags_know_their_place_and_prefix() {
        let xml = r#"<?xml version="1.0"?><x:a b="1"><x:c/>text</x:a>"#;
        let tags = tags(xml).unwrap();
        assert_eq!(tags.len(), 3);
        assert_eq!((tags[1].local, tags[1].kind), ("c", Kind::Empty));
        assert_eq!(&xml[tags[1].at.clone()], "<x:c/>");
        assert_eq!(prefix(&tags[0]), "x:");
        let mut edits = Edits::default();
        edits.insert(tags[2].at.start, "<x:d/>");
        edits.replace(tags[1].at.clone(), "");
        assert_eq!(edits.apply(xml), r#"<?xml version="1.0"?><x:a b="1">text<x:d/></x:a>"#);
    }
}
