//! The web page of a report: one self-contained HTML file written from the report's document
//! ([`Doc`]), never from laid-out pages.
//!
//! - Self-contained: the style sheet is inline, there is no script, no external resource and
//!   no embedded font (BIZ UD first in the font list, the system's Japanese fonts after).
//! - Accessible by construction (JIS X 8341-3:2016 AA, i.e. WCAG 2.0 AA): `lang="ja"`,
//!   headings in the document's order, every table with a `<caption>`, `<th scope>` for
//!   column and row headers (an item reported by several departments is one `<tbody>`, its
//!   own cells spanning its rows under a `scope="rowgroup"` header), every chart an inline
//!   SVG with `<title>` and `<desc>` followed by its numbers as a table, colours of text at a
//!   contrast of 4.5:1 or more, wide tables in a region that scrolls by keyboard.
//! - Pasteable: everything a reader needs is inside `<main>`, marked up so that it reads
//!   right under another site's style sheet (the city's CMS): the charts carry their colours
//!   as attributes, emphasis is `<strong>`.
//! - Text stays text: every word from the inputs is escaped ([`escape`]), so a cell holding
//!   `<script>` shows as those characters.
//!
//! Tables follow the GOV.UK and デジタル庁 design systems: no vertical rules, a rule under
//! each row, bold headers, figures right-aligned in tabular digits.

mod svg;

use crate::report::doc::{Block, Cell, Doc, Role, Table, Tone};
use std::fmt::Write;

/// The page's bytes (UTF-8).
pub fn write(doc: &Doc) -> Vec<u8> {
    let mut page = Page { out: String::with_capacity(64 * 1024), ids: 0 };
    page.document(doc);
    page.out.into_bytes()
}

/// `text` with `& < > " '` as character references: safe in element content and in quoted
/// attribute values alike.
///
/// ```
/// use kyodo::render::html::escape;
/// assert_eq!(escape("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and line breaks are not allowed in HTML text.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with its line breaks kept (`<br>`), as the department wrote them.
fn lines(text: &str) -> String {
    let lines: Vec<String> = text.lines().map(escape).collect();
    lines.join("<br>")
}

/// The page being written, and the last id given (ids tie captions and charts to their words).
struct Page {
    out: String,
    ids: usize,
}

impl Page {
    fn id(&mut self, what: &str) -> String {
        self.ids += 1;
        format!("kyodo-{what}-{}", self.ids)
    }

    fn document(&mut self, doc: &Doc) {
        let title = escape(&doc.title);
        let _ = write!(
            self.out,
            "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{title}</title>\n<meta name=\"author\" content=\"{}\">\n\
             <meta name=\"description\" content=\"{}\">\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
             <main class=\"kyodo\">\n",
            escape(&doc.author),
            escape(&doc.subject),
        );
        self.blocks(&doc.blocks);
        self.out.push_str("</main>\n</body>\n</html>\n");
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { level, text } => self.heading(*level, text),
            Block::Paragraph(text) => self.paragraph(text),
            Block::Note(text) => {
                let _ = writeln!(self.out, "<p class=\"kyodo-note\">{}</p>", lines(text));
            }
            Block::List(items) => {
                self.out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(self.out, "<li>{}</li>", lines(item));
                }
                self.out.push_str("</ul>\n");
            }
            Block::Table(table) => self.table(table),
            Block::Figure(figure) => {
                self.out.push_str("<figure class=\"kyodo-figure\">\n");
                let (title, desc) = (self.id("title"), self.id("desc"));
                let caption = figure.table.caption.trim_end_matches("（件数）").trim_end_matches("（数値）");
                svg::chart(&mut self.out, &figure.chart, (&title, caption), (&desc, &figure.alt));
                self.out.push_str("</figure>\n");
                self.table(&figure.table);
            }
            Block::Group(inner) => self.blocks(inner),
            Block::Section(inner) | Block::Part(inner) => {
                self.out.push_str("<section>\n");
                self.blocks(inner);
                self.out.push_str("</section>\n");
            }
            // The page has room for the heading: the short name is for tighter settings.
            Block::Topic { level, heading, text, .. } => {
                self.heading(*level, heading);
                self.paragraph(text);
            }
        }
    }

    fn heading(&mut self, level: u8, text: &str) {
        let n = level.clamp(1, 6);
        let _ = writeln!(self.out, "<h{n}>{}</h{n}>", lines(text));
    }

    fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.out, "<p>{}</p>", lines(text));
    }

    /// A table in a region that scrolls sideways on a narrow screen (reachable by keyboard,
    /// named by the caption: a `<section>` with a name is a region).
    fn table(&mut self, table: &Table) {
        let caption = self.id("caption");
        let _ = writeln!(
            self.out,
            "<section class=\"kyodo-scroll\" aria-labelledby=\"{caption}\" tabindex=\"0\">"
        );
        // Tables of the plan's words take the page's width; tables of figures their own.
        let wide = table.columns.iter().any(|c| matches!(c.role, Role::Field(_)));
        self.grid(table, if wide { " class=\"kyodo-wide\"" } else { "" }, &caption);
        self.out.push_str("</section>\n");
    }

    /// The `<table>` itself, its class attribute `kind`, its caption's id `caption`.
    fn grid(&mut self, table: &Table, kind: &str, caption: &str) {
        let _ = write!(
            self.out,
            "<table{kind}>\n<caption id=\"{caption}\">{}</caption>\n<thead>\n<tr>",
            lines(&table.caption)
        );
        for column in &table.columns {
            let _ = write!(self.out, "<th scope=\"col\"{}>{}</th>", class(column.role), lines(&column.title));
        }
        self.out.push_str("</tr>\n</thead>\n");
        let grouped = table.rows.iter().any(|r| r.joined);
        let mut start = 0;
        while start < table.rows.len() {
            let end = start + 1 + table.rows[start + 1..].iter().take_while(|r| r.joined).count();
            if grouped || start == 0 {
                self.out.push_str("<tbody>\n");
            }
            self.group(table, &table.rows[start..end], grouped);
            if grouped || end == table.rows.len() {
                self.out.push_str("</tbody>\n");
            }
            start = end;
        }
        self.out.push_str("</table>\n");
    }

    /// A row and the rows joined to it: the item's own cells (No, 区分, 項目, 内容) span them,
    /// down to a row whose inset table takes their column. An inset (an item's indicators) is
    /// a table of its own, with its caption and headers, in a cell across the columns it takes.
    fn group(&mut self, table: &Table, rows: &[crate::report::doc::Row], grouped: bool) {
        let takes = |r: &crate::report::doc::Row, c: usize| r.inset.as_ref().is_some_and(|i| c >= i.from);
        // How many rows the first row's cell in column c spans.
        let spans = |c: usize| {
            let item_own = matches!(
                table.columns[c].role,
                Role::Field(crate::config::Field::No | crate::config::Field::Mark)
                    | Role::Field(crate::config::Field::Name | crate::config::Field::Content)
            );
            let under = rows.iter().skip(1).take_while(|r| !takes(r, c)).count() + 1;
            match item_own && under > 1 && rows[1..under].iter().all(|r| r.cells[c].text.is_empty()) {
                true => under,
                false => 1,
            }
        };
        let spans: Vec<usize> = (0..table.columns.len()).map(spans).collect();
        for (i, row) in rows.iter().enumerate() {
            self.out.push_str("<tr>");
            for (c, cell) in row.cells.iter().enumerate() {
                let span = spans[c];
                if (i > 0 && i < span) || (takes(row, c) && row.inset.as_ref().is_some_and(|t| c > t.from)) {
                    continue;
                }
                if let Some(inset) = row.inset.as_ref().filter(|t| t.from == c) {
                    let _ = write!(self.out, "<td colspan=\"{}\">", table.columns.len() - c);
                    let caption = self.id("caption");
                    self.grid(&inset.table, " class=\"kyodo-inset\"", &caption);
                    self.out.push_str("</td>");
                    continue;
                }
                let rowspan = match span > 1 && i == 0 {
                    true => format!(" rowspan=\"{span}\""),
                    false => String::new(),
                };
                let class = class(table.columns[c].role);
                if c == table.label_col {
                    let scope = if grouped && span > 1 { "rowgroup" } else { "row" };
                    let _ = write!(self.out, "<th scope=\"{scope}\"{rowspan}{class}>{}</th>", content(cell));
                } else {
                    let _ = write!(self.out, "<td{rowspan}{class}>{}</td>", content(cell));
                }
            }
            self.out.push_str("</tr>\n");
        }
    }
}

/// The class of a column's cells: figures and codes apart from running text.
fn class(role: Role) -> &'static str {
    match role {
        Role::Count | Role::Share => " class=\"kyodo-number\"",
        r if r.is_short() => " class=\"kyodo-code\"",
        _ => "",
    }
}

/// A cell's words in their tone.
fn content(cell: &Cell) -> String {
    let text = lines(&cell.text);
    match cell.tone {
        Tone::Plain => text,
        Tone::Strong => format!("<strong>{text}</strong>"),
        Tone::Label => format!("<strong class=\"kyodo-label\">{text}</strong>"),
        Tone::Alert => format!("<strong class=\"kyodo-alert\">{text}</strong>"),
        Tone::Caution => format!("<span class=\"kyodo-alert\">{text}</span>"),
        Tone::Missing => format!("<span class=\"kyodo-missing\">{text}</span>"),
    }
}

/// The style sheet: screen and print. Colours meet 4.5:1 on white (text #1a1a1a, accent
/// #1f4e79, alert #c62828, grey #595959).
/// The pages' style sheet (also the base of `kyodo serve`'s pages).
pub const STYLE: &str = include_str!("style.css");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::doc::{Column, Row};

    #[test]
    fn hostile_text_stays_text() {
        let hostile = "<script>alert(\"x\")</script>&amp;";
        let table = Table {
            caption: hostile.into(),
            columns: vec![Column::new(hostile, Role::Words)],
            rows: vec![Row {
                cells: vec![Cell::plain(hostile)],
                joined: false,
                label: String::new(),
                inset: None,
            }],
            label_col: 0,
        };
        let doc = Doc {
            title: hostile.into(),
            blocks: vec![Block::Paragraph(hostile.into()), Block::Table(table)],
            ..Doc::default()
        };
        let page = String::from_utf8(write(&doc)).unwrap();
        assert!(!page.contains("<script"), "{page}");
        assert_eq!(page.matches("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;").count(), 5);
    }

    #[test]
    fn joined_rows_share_the_items_cells() {
        let field = |f| Column::new("x", Role::Field(f));
        let table = Table {
            caption: "表".into(),
            columns: vec![field(crate::config::Field::Name), field(crate::config::Field::Departments)],
            rows: vec![
                Row {
                    cells: vec![Cell::plain("項目"), Cell::plain("A課")],
                    joined: false,
                    label: "項目".into(),
                    inset: None,
                },
                Row {
                    cells: vec![Cell::plain(""), Cell::plain("B課")],
                    joined: true,
                    label: "項目".into(),
                    inset: None,
                },
            ],
            label_col: 0,
        };
        let mut page = Page { out: String::new(), ids: 0 };
        page.table(&table);
        assert!(page
            .out
            .contains("<th scope=\"rowgroup\" rowspan=\"2\">項目</th><td>A課</td></tr>\n<tr><td>B課</td>"));
    }
}
