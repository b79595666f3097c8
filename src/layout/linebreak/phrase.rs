//! Where a short text may break without splitting a word: phrase (文節) boundaries from
//! BudouX's Japanese model, and inside a phrase too long for the measure, the joins between
//! words of a compound that a reader sees by their script (「推進｜アクションプラン」).

use budoux_phf_rs::Parser;
use std::sync::LazyLock;

/// The model's tables are static; the parser only points at them.
static PARSER: LazyLock<Parser> = LazyLock::new(Parser::japanese_parser);

/// Char indices (never 0) where a new phrase of `text` starts: BudouX's boundaries, and after
/// a run of spaces (Latin words, or the space a title sets between its parts).
pub(super) fn phrase_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    PARSER.parse_with(text, |chunk| {
        at += chunk.chars().count();
        starts.push(at);
    });
    starts.pop(); // the end of the text
    let chars: Vec<char> = text.chars().collect();
    starts.retain(|&at| !splits_kept_word(&chars, at));
    starts.extend((1..chars.len()).filter(|&i| is_space(chars[i - 1]) && !is_space(chars[i])));
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// Whether a word of a compound may end between `before` and `after`: where kanji start after
/// kana (「参加者の｜固定化」「センター｜運営」), where katakana start after kanji or hiragana
/// (「推進｜アクションプラン」), before an opening bracket and after a closing one. Never
/// between kanji and the hiragana after them (okurigana, particles: 「見｜られる」).
/// Words of municipal plans that BudouX's model splits although no reader would: it breaks
/// every 「…地域活性化センター」 of the Tsushima plan as 「美津島地／域活性化センター」.
const KEPT: [&str; 1] = ["地域"];

/// Whether a break before `chars[at]` falls inside one of the [`KEPT`] words.
fn splits_kept_word(chars: &[char], at: usize) -> bool {
    KEPT.iter().any(|word| {
        let word: Vec<char> = word.chars().collect();
        (1..word.len()).any(|k| at >= k && chars.get(at - k..at - k + word.len()) == Some(&word[..]))
    })
}

pub(super) fn word_join(before: char, after: char) -> bool {
    use Script::*;
    matches!(
        (script(before), script(after)),
        (_, Open) | (Close, _) | (Hiragana | Katakana, Han) | (Han | Hiragana, Katakana)
    )
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Hiragana,
    Katakana,
    Open,
    Close,
    Other,
}

fn script(c: char) -> Script {
    match c {
        '々' | '〆' | 'ヶ' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' => {
            Script::Han
        }
        '\u{3041}'..='\u{309F}' => Script::Hiragana,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9F}' => Script::Katakana,
        '（' | '「' | '『' | '【' | '〔' | '〈' | '《' | '［' | '(' | '[' => Script::Open,
        '）' | '」' | '』' | '】' | '〕' | '〉' | '》' | '］' | ')' | ']' => Script::Close,
        _ => Script::Other,
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut bounds = vec![0];
        bounds.extend(phrase_starts(text));
        bounds.push(chars.len());
        bounds.windows(2).map(|w| chars[w[0]..w[1]].iter().collect()).collect()
    }

    #[test]
    fn the_plans_own_words_stay_whole() {
        for word in [
            "延べ",
            "つしま",
            "協働推進検討委員会",
            "発掘及び育成",
            "活動センター",
            "地域マネージャー制",
            "峰地域活性化センター",
        ] {
            assert_eq!(phrases(word), [word], "{word}");
        }
        assert_eq!(phrases("参加者の固定化が見られる。"), ["参加者の", "固定化が", "見られる。"]);
        assert_eq!(phrases("広報紙「つしま」で周知する"), ["広報紙", "「つしま」で", "周知する"]);
        assert_eq!(
            phrases("市民協働(共働)推進アクションプラン 進捗状況報告書"),
            ["市民協働(共働)推進アクションプラン ", "進捗状況報告書"]
        );
    }

    #[test]
    fn words_of_a_compound_join_by_script() {
        let joins = |text: &str| -> Vec<usize> {
            let c: Vec<char> = text.chars().collect();
            (1..c.len()).filter(|&i| word_join(c[i - 1], c[i])).collect()
        };
        assert_eq!(joins("市民協働(共働)推進アクションプラン"), [4, 8, 10]);
        assert_eq!(joins("見られる"), Vec::<usize>::new());
        assert_eq!(joins("マネージャー制"), [6]);
    }
}
