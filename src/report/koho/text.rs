//! The 広報 content ([`Doc`]) as plain text for the editor's layout program: the year and the
//! headline, the lead, each part's heading in 【】, each 施策 with its sentence and its counts
//! in words (the text has no chart), the lists as ・ lines.

use super::super::doc::{Block, Chart, Doc};

/// The text of `doc`, `\n` line ends (the file's are made CRLF by [`crate::render::txt`]).
pub(super) fn write(doc: &Doc) -> String {
    // The chart's bars, one per 施策 in the order of the topics: their counts follow each
    // topic's sentence.
    let (series, bars) = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Figure(f) => match &f.chart {
                Chart::Stacked { series, bars } => Some((series.as_slice(), bars.as_slice())),
                Chart::Rates(_) => None,
            },
            _ => None,
        })
        .unwrap_or_default();
    let mut topics = bars.iter();
    let mut out = String::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        match block {
            // The year, on the line above the headline.
            Block::Paragraph(text)
                if matches!(doc.blocks.get(i + 1), Some(Block::Heading { level: 1, .. })) =>
            {
                out.push_str(&format!("{text}\n"));
            }
            Block::Heading { level: 1, text } | Block::Paragraph(text) => {
                out.push_str(&format!("{text}\n\n"))
            }
            Block::Heading { text, .. } => {
                if !out.is_empty() && !out.ends_with("\n\n") {
                    out.push('\n');
                }
                out.push_str(&format!("【{text}】\n"));
            }
            Block::Topic { heading, text, .. } => {
                let counts: Vec<String> = topics
                    .next()
                    .map(|(_, counts)| {
                        series
                            .iter()
                            .zip(counts)
                            .filter(|(_, n)| **n > 0)
                            .map(|((label, _), n)| format!("{label} {n}件"))
                            .collect()
                    })
                    .unwrap_or_default();
                out.push_str(&format!("{heading}\n　{text}（{}）\n", counts.join("、")));
            }
            Block::List(items) => {
                for item in items {
                    out.push_str(&format!("・{item}\n"));
                }
            }
            // The chart's numbers go with each 施策 above; the 広報 content holds no tables,
            // notes, sections or parts.
            Block::Figure(_)
            | Block::Table(_)
            | Block::Note(_)
            | Block::Section(_)
            | Block::Part(_)
            | Block::Group(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::Color;
    use crate::report::doc::{Figure, Table};

    /// The text follows the Doc: the year glued to the headline, a blank line after each
    /// paragraph, the headings in 【】 apart from what is above, each topic with its bar's
    /// non-zero counts, the list's points as ・ lines.
    #[test]
    fn text_is_written_from_the_doc() {
        let paragraph = |t: &str| Block::Paragraph(t.into());
        let heading = |level: u8, t: &str| Block::Heading { level, text: t.into() };
        let topic = |h: &str, s: &str| Block::Topic {
            level: 3,
            heading: h.into(),
            short: "施策".into(),
            text: s.into(),
        };
        let series = vec![("順調".to_string(), Color::BLACK), ("遅れ".to_string(), Color::BLACK)];
        let bars = vec![("施策1".to_string(), vec![2, 0]), ("施策2".to_string(), vec![1, 3])];
        let chart = Chart::Stacked { series, bars };
        let doc = Doc {
            blocks: vec![
                paragraph("令和6年度"),
                heading(1, "見出し"),
                paragraph("前文。"),
                heading(2, "施策ごとの評価"),
                Block::Figure(Figure { chart, alt: String::new(), table: Table::default() }),
                topic("施策1 まち", "順調です。"),
                topic("施策2 ひと", "遅れています。"),
                heading(2, "主な成果"),
                Block::List(vec!["取組：「広報に載せた」".into()]),
            ],
            ..Doc::default()
        };
        assert_eq!(
            write(&doc),
            "令和6年度\n見出し\n\n前文。\n\n【施策ごとの評価】\n施策1 まち\n　順調です。（順調 2件）\n\
             施策2 ひと\n　遅れています。（順調 1件、遅れ 3件）\n\n【主な成果】\n・取組：「広報に載せた」\n"
        );
    }
}
