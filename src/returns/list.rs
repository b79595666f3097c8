//! The 要修正一覧 sheet as a worksheet part of the department's own workbook: the same table
//! as the rebuilt copy's (see [`super::list_rows`]), in formats added to the department's
//! styles, strings written inline so the workbook's shared strings stay as they were. Printed
//! like kyodo's own sheets: A4 landscape, one page wide, the header on every page.

use super::styles::{solid_fill, List, Styles};
use super::xml::escape;
use crate::render::xlsx::format::FONT;
use crate::render::xlsx::measure::{line_count, row_height};

/// The header's row (zero-based), repeated on every printed page.
pub(super) const HEADER_ROW: u32 = 2;

/// The sheet's part: `title` on the first row, the header on the third, then `rows`.
pub(super) fn part(title: &str, rows: &[[String; 5]], styles: &mut Styles) -> String {
    let formats = Formats::add(styles);
    let columns = super::LIST_COLUMNS;
    let cols: String = columns
        .iter()
        .enumerate()
        .map(|(i, (_, _, width))| {
            format!(r#"<col min="{n}" max="{n}" width="{:.2}" customWidth="1"/>"#, width + 1.0, n = i + 1)
        })
        .collect();
    let mut data = row(0, &[title], formats.title, Some(24.0));
    let header: Vec<&str> = columns.iter().map(|c| c.0).collect();
    data.push_str(&row(HEADER_ROW, &header, formats.header, Some(row_height(1) + 6.0)));
    for (i, cells) in rows.iter().enumerate() {
        let lines = cells.iter().zip(&columns).map(|(text, (_, _, width))| line_count(text, *width)).max();
        let texts: Vec<&str> = cells.iter().map(String::as_str).collect();
        data.push_str(&row(HEADER_ROW + 1 + i as u32, &texts, formats.body, lines.map(row_height)));
    }
    let last = crate::text::a1(HEADER_ROW + rows.len() as u32, columns.len() as u32 - 1);
    let first_body = crate::text::a1(HEADER_ROW + 1, 0);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1:{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="{split}" topLeftCell="{first_body}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{first_body}" sqref="{first_body}"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{data}</sheetData><printOptions horizontalCentered="1"/><pageMargins left="0.4" right="0.4" top="0.7" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddHeader>&amp;L&amp;"{FONT},標準"&amp;10{header_title}</oddHeader><oddFooter>&amp;C&amp;"{FONT},標準"&amp;10- &amp;P -</oddFooter></headerFooter></worksheet>"#,
        split = HEADER_ROW + 1,
        header_title = escape(&title.replace('&', "&&")),
    )
}

/// A row of inline strings in one format, `height` points tall when given.
fn row(r: u32, texts: &[&str], style: u32, height: Option<f64>) -> String {
    let cells: String = texts
        .iter()
        .enumerate()
        .map(|(c, text)| {
            let at = crate::text::a1(r, c as u32);
            if text.is_empty() {
                return format!(r#"<c r="{at}" s="{style}"/>"#);
            }
            format!(
                r#"<c r="{at}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                escape(&legal(text))
            )
        })
        .collect();
    let height = height.map(|h| format!(r#" ht="{h:.2}" customHeight="1""#)).unwrap_or_default();
    format!(r#"<row r="{}"{height}>{cells}</row>"#, r + 1)
}

/// `text` without the characters XML cannot hold (control characters other than tab and
/// line feed, which a cell may have quoted into a message).
fn legal(text: &str) -> String {
    text.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect()
}

/// The sheet's cell formats, added to the department's styles.
struct Formats {
    title: u32,
    header: u32,
    body: u32,
}

impl Formats {
    fn add(styles: &mut Styles) -> Formats {
        let font = |bold: bool, size: u32| {
            let b = if bold { "<b/>" } else { "" };
            format!(r#"<font>{b}<sz val="{size}"/><name val="{FONT}"/><charset val="128"/></font>"#)
        };
        let [title_font, header_font, body_font] =
            [font(true, 14), font(true, 10), font(false, 10)].map(|f| styles.add(List::Fonts, &f));
        let rgb = |c: crate::color::Color| format!("{:02X}{:02X}{:02X}", c.0, c.1, c.2);
        let header_fill = styles.add(List::Fills, &solid_fill(&rgb(crate::color::Color::HEADER_FILL)));
        let side = |name: &str| {
            format!(r#"<{name} style="thin"><color rgb="FF{}"/></{name}>"#, rgb(crate::color::Color::RULE))
        };
        let border = styles.add(
            List::Borders,
            &format!(
                "<border>{}{}{}{}<diagonal/></border>",
                side("left"),
                side("right"),
                side("top"),
                side("bottom")
            ),
        );
        let xf = |font: u32, fill: u32, border: u32, alignment: &str| {
            format!(
                r#"<xf numFmtId="0" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment {alignment}/></xf>"#
            )
        };
        Formats {
            title: styles.add(List::CellXfs, &xf(title_font, 0, 0, r#"vertical="center""#)),
            header: styles.add(
                List::CellXfs,
                &xf(
                    header_font,
                    header_fill,
                    border,
                    r#"horizontal="center" vertical="center" wrapText="1""#,
                ),
            ),
            body: styles.add(List::CellXfs, &xf(body_font, 0, border, r#"vertical="top" wrapText="1""#)),
        }
    }
}
