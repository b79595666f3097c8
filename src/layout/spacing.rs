//! Spacing between neighbouring characters, as JLReq sets Japanese text: 約物 pairs closed up
//! to half an em (3.1.4), a quarter-em 和欧間 between Japanese and Latin letters (3.3.2,
//! configurable) but digits set solid, as 公用文 sets dates and counts (「令和6年度」,
//! 「12名」: a gap there reads as a typed space), half-width `!!` / `!?` drawn close as one unit, and no extra gap
//! where a typed space meets a bracket's blank half.
//!
//! The line breaker measures with these spaces and the renderer draws them, so both agree;
//! they never become characters, so copied text stays the source text.

/// Extra space in ems before `c` when it follows `before` on a line (negative: closer).
/// `latin_gap` is the 和欧間 in ems (0 turns it off). Full-width punctuation is assumed to
/// sit in an em box with its ink on one side, as in BIZ UDゴシック and every JIS font.
///
/// ```
/// use kyodo::layout::spacing::space;
/// assert_eq!(space('、', '「', 0.25), -0.5);
/// assert_eq!(space('）', '（', 0.25), -0.5);
/// assert_eq!(space('S', 'に', 0.25), 0.25);
/// assert_eq!(space('協', '働', 0.25), 0.0);
/// assert_eq!(space('6', '年', 0.25), 0.0);
/// ```
pub fn space(before: char, c: char, latin_gap: f32) -> f32 {
    match (class(before), class(c)) {
        // Two halves of blank side by side: one of them goes (JLReq 3.1.4, table 3).
        (Class::Closing, Class::Opening | Class::Closing | Class::Middle)
        | (Class::Opening | Class::Middle, Class::Opening) => -0.5,
        // A typed space next to a bracket's blank half would leave a gap of an em or more
        // (「（2012年度） 市民協働」): the bracket's blank takes its place.
        (Class::Closing, Class::Space) | (Class::Space, Class::Opening) => -0.5,
        (Class::Japanese, Class::Latin) if !c.is_ascii_digit() => latin_gap,
        (Class::Latin, Class::Japanese) if !before.is_ascii_digit() => latin_gap,
        (Class::Bang, Class::Bang) => -0.12,
        _ => 0.0,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// 「（ …: ink on the right half of the em.
    Opening,
    /// 」）、。 …: ink on the left half.
    Closing,
    /// ・：；: ink in the middle, a quarter em blank each side.
    Middle,
    /// Kanji, kana.
    Japanese,
    /// ASCII letters and digits.
    Latin,
    /// Half-width ! and ?.
    Bang,
    /// A half-width space (half an em in a JIS font).
    Space,
    Other,
}

fn class(c: char) -> Class {
    match c {
        '（' | '「' | '『' | '【' | '〔' | '［' | '｛' | '〈' | '《' | '〘' | '〖' | '｟' => {
            Class::Opening
        }
        '）' | '」' | '』' | '】' | '〕' | '］' | '｝' | '〉' | '》' | '〙' | '〗' | '｠' | '、' | '。'
        | '，' | '．' => Class::Closing,
        '・' | '：' | '；' => Class::Middle,
        '!' | '?' => Class::Bang,
        ' ' => Class::Space,
        c if c.is_ascii_alphanumeric() => Class::Latin,
        '\u{3041}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | 'ー'
        | '々'
        | '〆'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}' => Class::Japanese,
        _ => Class::Other,
    }
}

/// Where a line drawn by itself takes extra space: (character index, space in ems) for every
/// character with a non-zero space before it. The first character never has one.
pub fn line_spaces(text: &str, latin_gap: f32) -> Vec<(u32, f32)> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    let Some(mut before) = chars.next() else {
        return out;
    };
    for (i, c) in chars.enumerate() {
        let s = space(before, c, latin_gap);
        if s != 0.0 {
            out.push((i as u32 + 1, s));
        }
        before = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_pairs_close_to_half_an_em() {
        for pair in ["、「", "。」", "）（", "」「", "・「", "、・", "「（", "））"] {
            let mut c = pair.chars();
            assert_eq!(space(c.next().unwrap(), c.next().unwrap(), 0.25), -0.5, "{pair}");
        }
        for pair in ["「協", "協」", "・協", "「・"] {
            let mut c = pair.chars();
            assert_eq!(space(c.next().unwrap(), c.next().unwrap(), 0.25), 0.0, "{pair}");
        }
    }

    #[test]
    fn latin_letters_get_the_configured_gap_and_digits_are_set_solid() {
        assert_eq!(line_spaces("SNSによる", 0.25), [(3, 0.25)]);
        assert_eq!(line_spaces("のNPO法人", 0.25), [(1, 0.25), (4, 0.25)]);
        assert!(line_spaces("第1回", 0.25).is_empty(), "公用文: digits solid");
        assert!(line_spaces("令和6年度（2024年度）", 0.25).is_empty());
        assert!(line_spaces("参加者12名", 0.25).is_empty());
        assert!(line_spaces("SNSによる", 0.0).is_empty());
        assert_eq!(line_spaces("!!", 0.25), [(1, -0.12)]);
        assert_eq!(line_spaces("度） 市", 0.25), [(2, -0.5)], "the space after ） takes no room");
        assert_eq!(line_spaces("市 （", 0.25), [(2, -0.5)]);
        assert!(line_spaces("", 0.25).is_empty());
    }
}
