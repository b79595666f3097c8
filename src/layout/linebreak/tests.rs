//! JLReq cases and properties of the line breaker.

use super::*;

/// Full-width characters are one unit, ASCII half a unit, so expectations read as counts.
fn mono(c: char) -> f32 {
    if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

fn texts(text: &str, width: f32) -> Vec<String> {
    break_lines(text, width, &mono).into_iter().map(|line| line.text).collect()
}

fn line(text: &str, width: f32, indent: f32) -> Line {
    Line { text: text.into(), width, indent }
}

#[test]
fn cjk_breaks_between_any_two_characters() {
    assert_eq!(
        texts("協働(共働)に関する条例の周知に取り組みます。", 6.0),
        ["協働(共働)に", "関する条例の", "周知に取り組", "みます。"]
    );
}

#[test]
fn kuten_and_touten_hang_at_the_exact_line_end() {
    let lines = break_lines("市民の声を受け止め、市政に反映する仕組みづくりに努めます。", 9.0, &mono);
    assert_eq!(
        lines,
        [
            line("市民の声を受け止め、", 10.0, 0.0),
            line("市政に反映する仕組", 9.0, 0.0),
            line("みづくりに努めます。", 10.0, 0.0),
        ]
    );
    // ASCII punctuation hangs too.
    assert_eq!(texts("Plan, do.", 2.0), ["Plan,", "do."]);
}

#[test]
fn closing_bracket_pushes_the_previous_character_down() {
    // 「つしま」 would leave 」 at the start of line 2: ま moves down with it.
    assert_eq!(
        texts("広報「つしま」等を利用して公表していきます。", 6.0),
        ["広報「つし", "ま」等を利用", "して公表して", "いきます。"]
    );
    // 。」 cannot hang (only 、。 can), so す moves down with 。」; 「た」 alone at the end
    // takes 「べ」 with it.
    assert_eq!(texts("取り組みます。」と述べた", 6.0), ["取り組みま", "す。」と述", "べた"]);
}

#[test]
fn opening_bracket_never_ends_a_line() {
    assert_eq!(
        texts("広報「つしま」等を利用して公表していきます。", 3.0),
        ["広報", "「つし", "ま」等", "を利用", "して公", "表して", "いき", "ます。"]
    );
    assert_eq!(texts("協働(共働)に関する", 2.5), ["協働", "(共", "働)に", "関す", "る"]);
}

#[test]
fn small_kana_and_prolonged_sound_mark_never_start_a_line() {
    assert_eq!(texts("チャレンジショップの運営", 5.0), ["チャレンジ", "ショップの", "運営"]);
    assert_eq!(
        texts("地域コミュニティのリーダーを育成する", 4.0),
        ["地域コ", "ミュニ", "ティの", "リーダー", "を育成", "する"]
    );
    // Half-width katakana too.
    assert_eq!(texts("ｺﾐｭﾆﾃｨｰ", 3.0), ["ｺﾐｭ", "ﾆ", "ﾃｨｰ"]);
}

#[test]
fn iteration_mark_stays_with_its_kanji() {
    assert_eq!(
        texts("各地域々の自治会と連携します。", 3.0),
        ["各地", "域々の", "自治会", "と連携", "します。"]
    );
}

#[test]
fn middle_dot_question_and_exclamation_never_start_a_line() {
    assert_eq!(texts("市民・事業者・行政", 2.0), ["市", "民・", "事業", "者・", "行政"]);
    assert_eq!(texts("参加しませんか？ぜひ！", 7.0), ["参加しません", "か？ぜひ！"]);
}

#[test]
fn leaders_and_dashes_stay_together() {
    assert_eq!(texts("次は「……」と「——」", 6.0), ["次は「……」", "と「——」"]);
    // UAX #14 also keeps …… with the character before it.
    assert_eq!(texts("検討中……今後", 4.0), ["検討", "中……", "今後"]);
    assert_eq!(texts("あ――い‥‥う", 2.0), ["あ", "――", "い", "‥‥", "う"]);
}

#[test]
fn latin_words_and_urls_stay_whole() {
    assert_eq!(
        texts("SNS、CATV、https://example.jp/a/b を活用します", 6.0),
        ["SNS、CATV、", "https://", "example.jp/", "a/b を活用し", "ます"]
    );
    assert_eq!(texts("Hello world 市民", 3.0), ["Hello", "world", "市民"]);
}

#[test]
fn quotes_break_like_brackets_between_japanese_characters() {
    assert_eq!(texts("これは“協働”の事例", 4.0), ["これは", "“協働”", "の事例"]);
}

#[test]
fn numbers_stay_with_their_units() {
    assert_eq!(texts("2024年度の目標", 3.5), ["2024年", "度の", "目標"]);
    assert_eq!(texts("達成率50%を目指す", 4.0), ["達成率", "50%を目", "指す"]);
    // Full-width digits are ideographs to UAX #14; kept whole anyway.
    assert_eq!(texts("２０２４年度に５０％", 4.0), ["２０２４", "年度に", "５０％"]);
    assert_eq!(texts("令和６年度は２０２４年度", 4.0), ["令和６年", "度は", "２０２４", "年度"]);
}

#[test]
fn hard_breaks_end_lines_and_add_nothing() {
    assert_eq!(texts("一\n二\r\n三\r四", 10.0), ["一", "二", "三", "四"]);
    assert_eq!(texts("一\n\n二", 10.0), ["一", "", "二"]);
    assert_eq!(texts("一\r\n\r\n二", 10.0), ["一", "", "二"]);
    assert_eq!(texts("一\n", 10.0), ["一", ""]);
    assert_eq!(texts("", 10.0), [""]);
    assert_eq!(texts("一\u{2028}二", 10.0), ["一", "二"]);
    let lines = break_lines("市民の声を\n受け止め", 3.0, &mono);
    assert_eq!(
        lines,
        [line("市民の", 3.0, 0.0), line("声を", 2.0, 0.0), line("受け", 2.0, 0.0), line("止め", 2.0, 0.0)]
    );
}

#[test]
fn spaces_at_soft_breaks_are_dropped_and_indentation_kept() {
    assert_eq!(texts("市民 と 行政  が 協働", 3.5), ["市民 と", "行政", "が 協働"]);
    assert_eq!(texts("　市民の声を受け止め、市政に反映", 5.0), ["　市民の声", "を受け止め、", "市政に反映"]);
    assert_eq!(texts("市民　協働", 2.0), ["市民", "協働"]);
    assert_eq!(texts("協働   ", 5.0), ["協働"]);
    assert_eq!(texts("   ", 5.0), [""]);
    let lines = break_lines("ab cd", 1.0, &mono);
    assert_eq!(lines, [line("ab", 1.0, 0.0), line("cd", 1.0, 0.0)]);
}

#[test]
fn bullets_get_a_hanging_indent() {
    let lines = break_lines(
        "・地域人材として、定年退職された方や経営者、主婦等のまちづくりへの参加を促進",
        10.0,
        &mono,
    );
    assert_eq!(
        lines,
        [
            line("・地域人材として、定", 10.0, 0.0),
            line("年退職された方や経", 9.0, 1.0),
            line("営者、主婦等のまち", 9.0, 1.0),
            // 「進」 alone on the last line would read badly: 「促」 comes down with it.
            line("づくりへの参加を", 8.0, 1.0),
            line("促進", 2.0, 1.0),
        ]
    );
    // The space after the mark belongs to the indent.
    let lines = break_lines("- SNS等を活用した情報発信", 6.0, &mono);
    assert_eq!(lines[1], line("用した情報", 5.0, 1.0));
    let lines = break_lines("①市民活動団体の交流の場を設けます", 7.0, &mono);
    assert_eq!(lines.iter().map(|l| l.indent).collect::<Vec<_>>(), [0.0, 1.0, 1.0]);
    let lines = break_lines("※　詳細は別紙のとおり", 5.0, &mono);
    assert_eq!(lines[1], line("別紙の", 3.0, 2.0));
    // Each source line is its own paragraph; a negative number is no bullet.
    let lines = break_lines("本文です\n・箇条\n-5%は未達成", 3.0, &mono);
    let indents: Vec<f32> = lines.iter().map(|l| l.indent).collect();
    assert_eq!(texts("本文です\n・箇条\n-5%は未達成", 3.0), ["本文", "です", "・箇条", "-5%は", "未達成"]);
    assert_eq!(indents, [0.0; 5]);
}

#[test]
fn bullet_mark_is_not_left_alone_on_a_line() {
    assert_eq!(texts("・協働", 2.0), ["・協", "働"]);
    // Too narrow for a hanging indent: the mark is ordinary text.
    let lines = break_lines("・協働", 1.0, &mono);
    assert_eq!(lines, [line("・", 1.0, 0.0), line("協", 1.0, 0.0), line("働", 1.0, 0.0)]);
}

#[test]
fn overlong_runs_get_an_emergency_break() {
    assert_eq!(texts("12345678901234567890", 3.0), ["123456", "789012", "345678", "90"]);
    let url = "https://www.city.example.lg.jp/kyodo/action-plan/2024/index.html";
    let lines = texts(url, 5.0);
    assert_eq!(lines.concat(), url);
    assert_eq!(lines[0], "https://ww");
    assert!(lines.iter().all(|l| l.len() <= 10 && !l.starts_with('.')));
}

#[test]
fn width_below_one_character_gives_one_character_per_line() {
    for width in [0.3, 0.0, -5.0, f32::NAN, f32::NEG_INFINITY] {
        assert_eq!(texts("市民、協働", width), ["市", "民", "、", "協", "働"], "width {width}");
    }
    assert_eq!(texts("ab", 0.25), ["a", "b"]);
}

#[test]
fn strange_advances_do_not_panic() {
    let lines = break_lines("市民と協働", 2.0, &|_| f32::NAN);
    assert_eq!(lines, [line("市民と協働", 0.0, 0.0)]);
    assert_eq!(break_lines("協働", f32::INFINITY, &mono).len(), 1);
}

const SAMPLES: &[&str] = &[
    "協働(共働)に関する条例の周知に取り組みます。",
    "市民の声を受け止め、市政に反映する仕組みづくりに努めます。",
    "広報「つしま」等を利用して公表していきます。",
    "・地域人材として、定年退職された方や経営者、主婦等のまちづくりへの参加を促進",
    "地域コミュニティのリーダーを育成するワークショップやセミナーを開催します。",
    "各地域々の自治会と連携し、「……」や「——」を含む『市民活動』【重点】〔再掲〕を進めます。",
    "SNS、CATV、https://example.jp/a/b 等を活用し、2024年度に達成率50%を目指す（令和６年度）。",
    "①市民活動団体の交流の場を設けます。\n②協働事業提案制度を、より使いやすい制度へ見直します。",
    "　市民と行政が、それぞれの役割と責任を自覚し、対等な立場で協力します！本当ですか？",
    "※　詳細は https://www.city.example.lg.jp/kyodo/action-plan/2024/index.html を参照。",
    "チャレンジショップ・コミュニティカフェ・シェアオフィスの運営（ＮＰＯ法人への委託）",
    "- Review the plan, then publish it.\r\n- 結果を公表する。\r\n\r\n",
    "これは“協働”の事例です。市民活動センター（仮称）の設置を検討する。",
    "ｺﾐｭﾆﾃｨｰ･ｶﾌｪの運営、ウォーキングやジョギング、ちょっとした集いの場。いすゞ、学問のすゝめ、各々の地域。",
];

/// Splits a sample the way `break_lines` does, so each paragraph's first line is known.
fn source_paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n").replace('\r', "\n").split('\n').map(String::from).collect()
}

fn joined(lines: &[Line]) -> String {
    lines.iter().map(|l| l.text.as_str()).collect()
}

fn visible(text: &str) -> String {
    text.chars().filter(|&c| !is_space(c)).collect()
}

/// Kinsoku can only hold where the widest unbreakable cluster fits (「……」 is 4 units);
/// in narrower columns width wins and an emergency break may violate it.
const WIDEST_CLUSTER: f32 = 4.0;

#[test]
fn properties_hold_for_all_widths() {
    for sample in SAMPLES {
        for half_units in 2..=80 {
            let width = half_units as f32 / 2.0;
            for paragraph in source_paragraphs(sample) {
                check_paragraph(&paragraph, width, break_lines(&paragraph, width, &mono));
                check_paragraph(&paragraph, width, phrased(&paragraph, width));
            }
            let all = joined(&break_lines(sample, width, &mono));
            assert_eq!(visible(&all), visible(&sample.replace(['\r', '\n'], "")));
        }
    }
}

/// [`break_lines_phrased`] without spacing.
fn phrased(text: &str, width: f32) -> Vec<Line> {
    break_lines_phrased(text, width, &mono, &|_, _| 0.0, false)
}

/// [`phrased`] for a title.
fn titled(text: &str, width: f32) -> Vec<String> {
    break_lines_phrased(text, width, &mono, &|_, _| 0.0, true).into_iter().map(|l| l.text).collect()
}

/// How far a line's last character may pass the width (in [`mono`] units): a 、。 all of it,
/// a full-width closing bracket its blank half (when spaced; never more).
fn past_the_end(c: char) -> f32 {
    if hangs(c) {
        1.0
    } else if closes_wide(c) {
        0.5
    } else {
        0.0
    }
}

fn check_paragraph(paragraph: &str, width: f32, lines: Vec<Line>) {
    let context = format!("width {width}: {lines:?}");
    assert_eq!(visible(&joined(&lines)), visible(paragraph), "content lost, {context}");
    for (i, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.text.chars().collect();
        assert!(!chars.is_empty() || lines.len() == 1, "empty line, {context}");
        assert_eq!(line.width, chars.iter().map(|&c| mono(c)).sum::<f32>(), "{context}");
        let hanging = chars.last().map_or(0.0, |&c| past_the_end(c));
        let fits = line.indent + line.width - hanging <= width || chars.len() == 1;
        assert!(fits, "line {i} too wide, {context}");
        assert!(!chars.last().is_some_and(|&c| is_space(c)), "line {i} ends with a space, {context}");
        if i > 0 {
            assert!(!is_space(chars[0]), "line {i} starts with a space, {context}");
        }
        if width >= WIDEST_CLUSTER {
            let ends_badly = chars.last().is_some_and(|&c| ends_prohibited(c));
            assert!(!ends_badly, "line {i} ends with an opening bracket, {context}");
            let starts_badly = i > 0 && starts_prohibited(chars[0]);
            assert!(!starts_badly, "line {i} starts with a prohibited character, {context}");
        }
    }
}

#[test]
fn random_text_keeps_content_and_width() {
    const ALPHABET: &[char] = &[
        '市', '民', 'の', '、', '。', '」', '「', '（', '）', 'ー', 'ッ', '々', '・', '…', '—', '２', '％',
        'a', 'b', '1', '%', '.', ',', '(', ')', '/', '-', ' ', ' ', '　', '\n', '\r', '※', '①', '\u{20e3}',
    ];
    let mut seed = 0x2024_u64;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n
    };
    for _ in 0..3000 {
        let text: String = (0..next(40)).map(|_| ALPHABET[next(ALPHABET.len())]).collect();
        let width = next(48) as f32 / 4.0;
        for lines in [break_lines(&text, width, &mono), phrased(&text, width)] {
            let context = format!("{text:?} at {width}: {lines:?}");
            assert_eq!(visible(&joined(&lines)), visible(&text.replace(['\r', '\n'], "")), "{context}");
            for line in &lines {
                let chars: Vec<char> = line.text.chars().collect();
                let hanging = chars.last().map_or(0.0, |&c| past_the_end(c));
                let single = chars.iter().filter(|&&c| c != '\u{20e3}').count() <= 1;
                assert!(line.indent + line.width - hanging <= width || single, "{context}");
            }
        }
    }
}

#[test]
fn long_cell_is_laid_out_in_linear_time() {
    let cell = SAMPLES.concat().repeat(20);
    assert!(cell.chars().count() > 10_000);
    let start = std::time::Instant::now();
    let lines = break_lines(&cell, 20.0, &mono);
    let elapsed = start.elapsed();
    assert_eq!(visible(&joined(&lines)), visible(&cell.replace(['\r', '\n'], "")));
    // Generous even for an unoptimised build on a busy machine; release takes ~0.3 ms.
    assert!(elapsed.as_millis() < 200, "{elapsed:?}");
}

#[test]
fn a_last_line_of_one_character_takes_company_from_the_line_above() {
    assert_eq!(texts("市民の声を受け止めるよ", 5.0), ["市民の声を", "受け止め", "るよ"]);
    // The line above keeps two characters at least: 「受け／止め」, not 「受／け止め」.
    assert_eq!(texts("受け止め", 3.0), ["受け", "止め"]);
    assert_eq!(texts("受け止", 2.0), ["受け", "止"]);
    // A one-line paragraph is not touched.
    assert_eq!(texts("る。", 5.0), ["る。"]);
}

#[test]
fn numbers_stay_with_their_counters() {
    assert_eq!(texts("延べ312名が参加", 4.0), ["延べ", "312名が", "参加"]);
    assert_eq!(texts("第1回会議", 3.0), ["第1回", "会議"]);
}

#[test]
fn spacing_is_measured_and_not_applied_at_a_line_start() {
    let tight = |a: char, b: char| if a == '、' && b == '「' { -0.5 } else { 0.0 };
    let lines = break_lines_spaced("あい、「う」", 5.5, &mono, &tight);
    assert_eq!(lines, [line("あい、「う」", 5.5, 0.0)]);
    // Broken between 、 and 「, the second line starts with 「 at its full width.
    let lines = break_lines_spaced("あい、「う」", 3.0, &mono, &tight);
    assert_eq!(lines, [line("あい、", 3.0, 0.0), line("「う」", 3.0, 0.0)]);
}

#[test]
fn counting_lines_gives_as_many_as_breaking_them() {
    let texts = [
        "",
        "   ",
        "一\n\n二\r\n三\n",
        "協働(共働)に関する条例の周知に取り組みます。",
        "・定年退職された方の参加を促進し、地域の担い手を育てます。",
        "  字下げのある段落が、狭い欄でも読めるようにします。",
        "https://www.city.tsushima.lg.jp/kyodo/plan/2024/index.html を参照",
        "延べ312名が参加し、第1回会議では「市民協働」について話し合った。る。",
        "受け止め",
    ];
    for text in texts {
        for width in [0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 6.0, 9.0, 17.5, 40.0, f32::NAN] {
            let lines = break_lines(text, width, &mono);
            assert_eq!(count_lines(text, width, &mono), lines.len(), "{text:?} at {width}");
        }
    }
}

/// Every line of `lines` as text.
fn phrased_texts(text: &str, width: f32) -> Vec<String> {
    phrased(text, width).into_iter().map(|l| l.text).collect()
}

#[test]
fn short_texts_break_between_phrases_where_a_phrase_fits() {
    assert_eq!(phrased_texts("参加者の固定化が見られる。", 5.0), ["参加者の", "固定化が", "見られる。"]);
    assert_eq!(titled("広報紙「つしま」で周知する", 7.0), ["広報紙", "「つしま」で", "周知する"]);
    // Not at the cost of a line, unless asked (a cell shorter than its row may).
    assert_eq!(phrased_texts("広報紙「つしま」で周知する", 7.0), ["広報紙「つし", "ま」で周知する"]);
    assert_eq!(phrased_texts("人材の発掘及び育成", 6.0), ["人材の", "発掘及び育成"]);
    // The cover title: no 「アクションプ／ラン」 and no 「進／捗状況報告書」 at any width that
    // holds its longest word.
    let title = "市民協働(共働)推進アクションプラン 進捗状況報告書";
    for half_units in 16..=60 {
        let width = half_units as f32 / 2.0;
        let lines = titled(title, width);
        for (a, b) in lines.iter().zip(lines.iter().skip(1)) {
            let inside = |word: &str| {
                (1..word.chars().count()).any(|cut| {
                    let (head, tail): (String, String) =
                        (word.chars().take(cut).collect(), word.chars().skip(cut).collect());
                    a.ends_with(&head) && b.starts_with(&tail)
                })
            };
            for word in ["アクションプラン", "進捗状況報告書", "市民協働", "推進"] {
                assert!(!inside(word), "「{word}」 broken at {width}: {lines:?}");
            }
        }
    }
}

#[test]
fn words_of_short_cells_break_only_between_phrases_or_words() {
    // Each word with where it may break, in characters from its start, when its phrase does
    // not fit: 「発掘及び／育成」 are two phrases, 「活動／センター」 two words; never
    // 「延／べ」「つし／ま」「協働推進検／討委員会」「発掘及／び育成」「活動セン／ター」.
    let words: [(&str, &[usize]); 6] = [
        ("延べ", &[]),
        ("つしま", &[]),
        ("協働推進検討委員会", &[]),
        ("発掘及び育成", &[4]),
        ("活動センター", &[2]),
        ("地域マネージャー制", &[2, 8]),
    ];
    for (word, cuts) in words {
        let len = word.chars().count();
        for (before, after) in [("", "を行う"), ("市民の", ""), ("", "の推進を図る")] {
            let cell = format!("{before}{word}{after}");
            let at = before.chars().count();
            for width in len..len + 6 {
                let lines = phrased_texts(&cell, width as f32);
                let mut end = 0;
                for line in &lines[..lines.len() - 1] {
                    end += line.chars().count();
                    let inside = end > at && end < at + len;
                    assert!(!inside || cuts.contains(&(end - at)), "「{word}」 broken at {width}: {lines:?}");
                }
            }
        }
    }
}

#[test]
fn long_prose_keeps_its_character_breaks() {
    let text = "協働(共働)に関する条例の周知に取り組みます。".repeat(2);
    assert_eq!(phrased_texts(&text, 6.0), texts(&text, 6.0));
}

#[test]
fn a_line_end_closing_bracket_passes_the_width_by_its_blank_half_when_spaced() {
    let none = |_: char, _: char| 0.0;
    // 「協働（共働）」 is 6 ems: in 5.5 ems its ） passes by its blank half, spaced.
    let lines = break_lines_spaced("協働（共働）が進む", 5.5, &mono, &none);
    assert_eq!(lines[0].text, "協働（共働）", "{lines:?}");
    // Not by more: in 5.4 ems 働） moves down together.
    let lines = break_lines_spaced("協働（共働）が進む", 5.4, &mono, &none);
    assert_eq!(lines[0].text, "協働（共", "{lines:?}");
    // Without spacing (a measure only), as before.
    assert_eq!(texts("協働（共働）が進む", 5.5)[0], "協働（共");
}

#[test]
fn a_phrase_broken_by_characters_leaves_no_character_alone() {
    let lines = break_lines_phrased("まちづくり出前講座", 4.0, &|_| 1.0, &|_, _| 0.0, false);
    let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, ["まちづ", "くり", "出前講座"]);
}
