//! The character classes of Japanese line breaking (W3C JLReq): which characters may not start
//! or end a line (kinsoku), which hang past the measure, which stay together (a number and its
//! counter, doubled dashes), and which are wide. The breaker in the parent module asks these
//! questions; this file only answers them.

use unicode_linebreak::{break_property, BreakClass};

/// Spaces dropped at a soft break and trimmed from line ends.
pub(super) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

/// A bullet mark at the start of a paragraph. `-5` is a negative number, not a bullet.
pub(super) fn is_bullet(c: char, next: Option<&char>) -> bool {
    match c {
        '-' | '－' => !next.is_some_and(|n| n.is_ascii_digit() || is_fullwidth_digit(*n)),
        '・' | '●' | '○' | '◆' | '◇' | '■' | '□' | '◎' | '※' | '•' | '★' | '☆' => true,
        '①'..='⑳' => true,
        _ => false,
    }
}

/// 行頭禁則: characters that may not start a line.
pub(super) fn starts_prohibited(c: char) -> bool {
    matches!(c,
        // closing brackets and quotes
        '）' | '」' | '』' | '】' | '〕' | '〉' | '》' | '］' | '｝' | ')' | ']' | '}' | '’' | '”'
        | '〙' | '〗' | '｠' | '»' | '〛' | '〟' | '｣'
        // punctuation
        | '、' | '。' | '，' | '．' | ',' | '.' | '・' | '：' | '；' | '？' | '！' | ':' | ';'
        | '?' | '!' | '‼' | '⁇' | '⁈' | '⁉' | '､' | '｡' | '･'
        // prolonged sound mark and iteration marks
        | 'ー' | 'ｰ' | 'ゝ' | 'ゞ' | 'ヽ' | 'ヾ' | '々' | '〻'
        // small kana
        | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
        | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
        | 'ㇰ'..='ㇿ' | 'ｧ'..='ｯ'
    )
}

/// 行末禁則: characters that may not end a line.
pub(super) fn ends_prohibited(c: char) -> bool {
    matches!(
        c,
        '（' | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '《'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
            | '‘'
            | '“'
            | '〘'
            | '〖'
            | '｟'
            | '«'
            | '〚'
            | '〝'
            | '｢'
    )
}

/// A full-width closing bracket: its ink on the left half of its em, the right half blank.
pub(super) fn closes_wide(c: char) -> bool {
    matches!(c, '）' | '」' | '』' | '】' | '〕' | '〉' | '》' | '］' | '｝')
}

/// Punctuation that may hang past the line end (ぶら下げ) instead of starting the next line.
pub(super) fn hangs(c: char) -> bool {
    matches!(c, '、' | '。' | '，' | '．' | ',' | '.' | '､' | '｡')
}

/// Pairs never split, even by an emergency break when avoidable.
pub(super) fn kept_together(before: char, after: char) -> bool {
    let dash = |c| matches!(c, '—' | '―');
    let unit = |c| matches!(c, '%' | '％' | '‰' | '℃' | '°' | '′' | '″');
    (dash(before) && dash(after))
        || (before == after && matches!(before, '…' | '‥'))
        // UAX #14 classes full-width digits and letters as ideographs; JLReq keeps them whole.
        || (is_fullwidth_alnum(before) && is_fullwidth_alnum(after))
        || ((before.is_ascii_digit() || is_fullwidth_digit(before)) && (unit(after) || is_counter(after)))
        || (before == '第' && (after.is_ascii_digit() || is_fullwidth_digit(after)))
        // Combining marks, variation selectors and ZWJ sequences stay with their base.
        || matches!(break_property(after as u32), BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner)
        || break_property(before as u32) == BreakClass::ZeroWidthJoiner
}

/// Unicode 15.0 (the version unicode-linebreak implements) forbids any break next to `“”‘’`;
/// Unicode 15.1 allows it between wide characters, as Japanese text needs.
pub(super) fn quote_break(before: char, after: char) -> bool {
    (matches!(after, '“' | '‘') && is_wide(before)) || (matches!(before, '”' | '’') && is_wide(after))
}

pub(super) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD
    )
}

/// Counters and units written after a number: 「1件」「10回」「312名」「5月」 stay whole.
pub(super) fn is_counter(c: char) -> bool {
    matches!(
        c,
        '件' | '回'
            | '名'
            | '人'
            | '年'
            | '月'
            | '日'
            | '時'
            | '分'
            | '秒'
            | '歳'
            | '才'
            | '個'
            | '枚'
            | '冊'
            | '台'
            | '本'
            | '部'
            | '課'
            | '校'
            | 'か'
            | 'ヶ'
            | 'ケ'
            | 'カ'
            | '箇'
            | '所'
            | '円'
            | '万'
            | '億'
            | '千'
            | '倍'
            | '週'
            | '期'
            | '点'
            | '団'
            | '組'
            | '社'
            | '戸'
            | '割'
            | '号'
            | '種'
            | '章'
            | '条'
            | '項'
            | '級'
            | '位'
            | '番'
            | '席'
            | '地'
            | '区'
            | '世'
            | '度'
            | '次'
    )
}

pub(super) fn is_fullwidth_digit(c: char) -> bool {
    matches!(c, '０'..='９')
}

pub(super) fn is_fullwidth_alnum(c: char) -> bool {
    matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ')
}
