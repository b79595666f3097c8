//! One notation for the published reports (表記の統一): the departments write 「(共働)!!」,
//! 「（共働）！！」, 「71%」, 「60％」, 「1000件」 and 「1,000件」 side by side; a proofreader
//! wants one form on every page. [`normalise`] gives it, the way 公用文 sets Japanese text:
//!
//! - brackets and marks in Japanese text full-width: 「(共働)!!」 → 「（共働）！！」; in Latin
//!   text they stay (「SNS (Twitter)」, 「10:00」);
//! - digits half-width: 「１２名」 → 「12名」;
//! - thousands separated in a count: 「1000件」 → 「1,000件」 (never in a year, 「2024年度」,
//!   nor in a code, a decimal's fraction or a number without its counter);
//! - the percent sign full-width everywhere: 「71%」 → 「71％」;
//! - half-width katakana full-width: 「ｾﾐﾅｰ」 → 「セミナー」.
//!
//! The report applies it to the plan's words once, before any page, web page or text is made
//! from them ([`crate::model::Plan::normalised`]); the workbook and the open data keep the
//! words as the departments wrote them (they are data), and `[report] normalise = false`
//! turns it off.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The text in the report's one notation (see the module).
///
/// ```
/// use kyodo::text::notation::normalise;
/// assert_eq!(normalise("協働(共働)の意識を高める!!"), "協働（共働）の意識を高める！！");
/// assert_eq!(normalise("回収率71%、相談１０００件"), "回収率71％、相談1,000件");
/// assert_eq!(normalise("令和6年度（2024年度）"), "令和6年度（2024年度）");
/// assert_eq!(normalise("SNS (Twitter) 10:00"), "SNS (Twitter) 10:00");
/// ```
pub fn normalise(text: &str) -> Cow<'_, str> {
    if !text.chars().any(concerned) {
        return Cow::Borrowed(text); // nearly every cell: no copy
    }
    let chars: Vec<char> = katakana_full_width(text).chars().map(half_width_digit).collect();
    let chars = full_width_marks(&chars);
    Cow::Owned(separate_thousands(&chars))
}

/// A number written alone (an indicator's 基準値, 目標値 or 実績値) with its thousands
/// separated: 「12000」 → 「12,000」, 「１２３４.５」 → 「1,234.5」; anything else as
/// [`normalise`] sets it.
///
/// ```
/// assert_eq!(kyodo::text::notation::number("12000"), "12,000");
/// assert_eq!(kyodo::text::notation::number("0.75"), "0.75");
/// ```
pub fn number(text: &str) -> Cow<'_, str> {
    let text = normalise(text);
    let t = text.trim();
    let int_end = t.find('.').unwrap_or(t.len());
    let (int, frac) = t.split_at(int_end);
    let digits = int.strip_prefix(['-', '+']).unwrap_or(int);
    let is_number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let frac_ok = frac.is_empty() || is_number(&frac[1..]);
    if digits.len() < 4 || !is_number(digits) || !frac_ok {
        return text;
    }
    Cow::Owned(format!("{}{}{}", &int[..int.len() - digits.len()], grouped(digits), frac))
}

/// Whether `c` is one the notation may change.
fn concerned(c: char) -> bool {
    matches!(c, '(' | ')' | '!' | '?' | ':' | ';' | '%' | '０'..='９' | '\u{FF65}'..='\u{FF9F}')
        || c.is_ascii_digit()
}

fn half_width_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        c => c,
    }
}

/// Half-width katakana (and its sound marks, which NFKC joins to the kana before them) in
/// full width; nothing else of NFKC, which would also turn 「（」 half-width.
fn katakana_full_width(text: &str) -> Cow<'_, str> {
    let half = |c: char| ('\u{FF65}'..='\u{FF9F}').contains(&c);
    if !text.chars().any(half) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars() {
        if half(c) {
            run.push(c);
            continue;
        }
        out.extend(run.nfkc());
        run.clear();
        out.push(c);
    }
    out.extend(run.nfkc());
    out.into()
}

/// A character of Japanese text: kana, kanji, the prolonged sound mark and full-width
/// punctuation and brackets.
fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}' // punctuation, kana
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF01}'..='\u{FF0F}' // ！（）＊，．／
        | '\u{FF1A}'..='\u{FF20}' // ：；＜＝＞？＠
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// ( ) ! ? : ; in full width where they belong to Japanese text, % everywhere.
fn full_width_marks(chars: &[char]) -> Vec<char> {
    let mut out = chars.to_vec();
    let japanese_at =
        |out: &[char], i: Option<usize>| i.and_then(|i| out.get(i)).is_some_and(|&c| is_japanese(c));
    for i in 0..out.len() {
        let before = i.checked_sub(1);
        match out[i] {
            '(' => {
                let close = matching_close(&out, i);
                let inner_japanese = close.is_some_and(|j| out[i + 1..j].iter().any(|&c| is_japanese(c)));
                let outside =
                    japanese_at(&out, before) || close.is_some_and(|j| japanese_at(&out, Some(j + 1)));
                if inner_japanese || outside {
                    out[i] = '（';
                    if let Some(j) = close {
                        out[j] = '）';
                    }
                }
            }
            ')' if japanese_at(&out, before) || japanese_at(&out, Some(i + 1)) => out[i] = '）',
            // A run of !? goes with the text before it, or after it when it opens the text.
            // 「進捗状況!C10」 names a cell: the ! of a reference stays.
            '!' | '?' if out.get(i + 1).is_some_and(char::is_ascii_alphanumeric) => {}
            '!' | '?' => {
                let run_start = (0..i).rev().find(|&k| !matches!(out[k], '!' | '?' | '！' | '？'));
                let run_end = (i..out.len()).find(|&k| !matches!(out[k], '!' | '?'));
                if japanese_at(&out, run_start) || (run_start.is_none() && japanese_at(&out, run_end)) {
                    out[i] = if out[i] == '!' { '！' } else { '？' };
                }
            }
            ':' | ';' if japanese_at(&out, before) => out[i] = if out[i] == ':' { '：' } else { '；' },
            '%' if !is_escape(&out[i + 1..]) => out[i] = '％',
            _ => {}
        }
    }
    out
}

/// The ) that closes the ( at `open`, on the same text.
fn matching_close(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    for (k, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            '\n' => return None,
            _ => {}
        }
    }
    None
}

/// 「%20」 in an address: a percent sign that escapes a byte, kept as it is.
fn is_escape(after: &[char]) -> bool {
    after.len() >= 2
        && after[..2].iter().all(|c| c.is_ascii_hexdigit())
        && after[..2].iter().any(|c| c.is_ascii_alphabetic())
        || after.first().is_some_and(|&c| c.is_ascii_alphanumeric() && !c.is_ascii_digit())
}

/// Counters after which a number is a count or an amount and takes separators.
const COUNTERS: [&str; 31] = [
    "件", "人", "名", "円", "回", "部", "枚", "個", "世帯", "団体", "時間", "本", "冊", "通", "箇所", "か所",
    "カ所", "ヶ所", "ケ所", "社", "校", "点", "戸", "台", "食", "千", "万", "億", "余", "超", "平方",
];

/// Every run of four or more digits that counts something (a counter follows) with its
/// thousands separated; runs in a code (after a letter, ., -, / or :) or a year stay.
fn separate_thousands(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = (i..chars.len()).find(|&k| !chars[k].is_ascii_digit()).unwrap_or(chars.len());
        let run: String = chars[i..end].iter().collect();
        let in_code = i.checked_sub(1).is_some_and(|b| {
            let c = chars[b];
            c.is_ascii_alphabetic()
                || matches!(c, '.' | ',' | '-' | '/' | ':' | '_' | '#' | '＃' | '－' | '／' | '．')
        });
        let rest: String = chars[end..chars.len().min(end + 3)].iter().collect();
        let decimal = rest.starts_with('.') && rest[1..].starts_with(|c: char| c.is_ascii_digit());
        let after: String = if decimal {
            let frac_end =
                (end + 1..chars.len()).find(|&k| !chars[k].is_ascii_digit()).unwrap_or(chars.len());
            chars[frac_end..chars.len().min(frac_end + 3)].iter().collect()
        } else {
            rest
        };
        let counted = COUNTERS.iter().any(|c| after.starts_with(c));
        if run.len() >= 4 && !in_code && counted && !run.starts_with('0') {
            out.push_str(&grouped(&run));
        } else {
            out.push_str(&run);
        }
        i = end;
    }
    out
}

/// ASCII digits grouped by three with commas: 「1234567」 → 「1,234,567」.
pub fn grouped(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (n - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn brackets_and_marks_of_japanese_text_are_full_width() {
        assert_eq!(normalise("施策1 協働(共働)の意識を高める!!"), "施策1 協働（共働）の意識を高める！！");
        assert_eq!(normalise("(1)地域の担い手"), "（1）地域の担い手");
        assert_eq!(normalise("できるか?"), "できるか？");
        assert_eq!(normalise("目標:80%"), "目標：80％");
        assert_eq!(normalise("（共働）！！"), "（共働）！！", "already full-width");
        // Latin text keeps its own marks.
        assert_eq!(normalise("SNS (Twitter)"), "SNS (Twitter)");
        assert_eq!(normalise("Hello!"), "Hello!");
        assert_eq!(normalise("9:30〜12:00"), "9:30〜12:00");
        assert_eq!(normalise("（関係各部.xlsx:進捗状況!C10）"), "（関係各部.xlsx:進捗状況!C10）", "a cell");
    }

    #[test]
    fn digits_are_half_width_and_counts_take_separators() {
        assert_eq!(normalise("参加者１２名"), "参加者12名");
        assert_eq!(normalise("相談1000件、10000人"), "相談1,000件、10,000人");
        assert_eq!(normalise("予算1234567円"), "予算1,234,567円");
        assert_eq!(normalise("1234.5時間"), "1,234.5時間");
        // Years, codes and bare numbers stay.
        assert_eq!(normalise("令和6年度（2024年度）"), "令和6年度（2024年度）");
        assert_eq!(normalise("2024年4月"), "2024年4月");
        assert_eq!(normalise("No.1234件"), "No.1234件");
        assert_eq!(normalise("電話0920-1234"), "電話0920-1234");
        assert_eq!(normalise("番号12345"), "番号12345");
        assert_eq!(normalise("3.1415人"), "3.1415人", "no separators in a fraction");
    }

    #[test]
    fn percent_is_full_width_and_katakana_too() {
        assert_eq!(normalise("回収率71%"), "回収率71％");
        assert_eq!(normalise("60％"), "60％");
        assert_eq!(normalise("https://example.jp/%E5"), "https://example.jp/%E5");
        assert_eq!(normalise("ｾﾐﾅｰを開催"), "セミナーを開催");
        assert_eq!(normalise("ﾎﾞﾗﾝﾃｨｱ"), "ボランティア");
    }

    #[test]
    fn lone_numbers_take_separators() {
        use super::number;
        assert_eq!(number("12000"), "12,000");
        assert_eq!(number("１２３４.５"), "1,234.5");
        assert_eq!(number("-1500"), "-1,500");
        assert_eq!(number("999"), "999");
        assert_eq!(number("80%"), "80％");
        assert_eq!(number("約1200"), "約1200");
    }
}
