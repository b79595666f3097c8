//! Japanese era (和暦) labels for fiscal years and dates, as municipal reports print them:
//! `令和6年度（2024年度）`, `令和元年度`, `令和6年4月1日`.
//!
//! A fiscal year runs from April to March and is named after the western year it starts in.
//! Year 1 of an era is written 元年. Only std is used.

/// A calendar day (Gregorian): a report's date of issue, an era's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// The western year.
    pub year: i32,
    /// 1 to 12.
    pub month: u32,
    /// 1 to the month's last day.
    pub day: u32,
}

impl Date {
    /// The day, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let last = match month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => return None,
        };
        (1..=last).contains(&day).then_some(Date { year, month, day })
    }

    /// `2025-06-30` (the settings' `[report] date`).
    ///
    /// # Examples
    ///
    /// ```
    /// use kyodo::text::wareki::Date;
    ///
    /// assert_eq!(Date::parse("2025-06-30"), Date::new(2025, 6, 30));
    /// assert_eq!(Date::parse("2025/06/30"), None);
    /// assert_eq!(Date::parse("2025-02-30"), None);
    /// ```
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        parts.next().is_none().then(|| Date::new(year, month, day)).flatten()
    }

    /// The day `days` after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The last day of fiscal year `fy`: 31 March of the next western year.
    pub fn fiscal_year_end(fy: i32) -> Date {
        Date { year: fy + 1, month: 3, day: 31 }
    }
}

impl Default for Date {
    /// 1970-01-01, the first day of Unix time.
    fn default() -> Date {
        Date::from_unix_days(0)
    }
}

/// Era names with their first day, newest first.
const ERAS: [(&str, Date); 5] = [
    ("令和", Date { year: 2019, month: 5, day: 1 }),
    ("平成", Date { year: 1989, month: 1, day: 8 }),
    ("昭和", Date { year: 1926, month: 12, day: 25 }),
    ("大正", Date { year: 1912, month: 7, day: 30 }),
    ("明治", Date { year: 1868, month: 10, day: 23 }),
];

/// The era in force on a date and its year number; `None` before 明治.
fn era_on(date: Date) -> Option<(&'static str, i32)> {
    ERAS.iter().find(|(_, start)| date >= *start).map(|&(name, start)| (name, date.year - start.year + 1))
}

/// `元` for year 1, the number otherwise.
fn year_text(year: i32) -> String {
    if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    }
}

/// The era and year number of a fiscal year (April–March).
///
/// A fiscal year is named by the era in force on its April 1st (FY1988 is 昭和63, FY1926 is
/// 大正15), except FY2019: it began under 平成 but cities call it 令和元年度. Before 明治
/// (FY1868 and earlier) the era is `""` and the number is the western year.
///
/// # Examples
///
/// The following example looks up the era of two fiscal years.
///
/// ```
/// use kyodo::text::wareki::era_year;
///
/// assert_eq!(era_year(2024), ("令和", 6));
/// assert_eq!(era_year(2019), ("令和", 1));
/// ```
pub fn era_year(fy: i32) -> (&'static str, i32) {
    // The municipal convention renamed all of FY2019 when the era changed on May 1st.
    let month = if fy == 2019 { 5 } else { 4 };
    era_on(Date { year: fy, month, day: 1 }).unwrap_or(("", fy))
}

/// The fiscal year label, e.g. `令和6年度`; `令和元年度` for FY2019 (never `平成31年度`).
///
/// Years before 明治 get the western label, e.g. `1868年度`.
///
/// # Examples
///
/// The following example labels the fiscal years around the last era change.
///
/// ```
/// use kyodo::text::wareki::fiscal_year_label;
///
/// assert_eq!(fiscal_year_label(2018), "平成30年度");
/// assert_eq!(fiscal_year_label(2019), "令和元年度");
/// assert_eq!(fiscal_year_label(2024), "令和6年度");
/// ```
pub fn fiscal_year_label(fy: i32) -> String {
    match era_year(fy) {
        ("", _) => format!("{fy}年度"),
        (era, year) => format!("{era}{}年度", year_text(year)),
    }
}

/// The fiscal year label followed by the western year in full-width parentheses, e.g.
/// `令和6年度（2024年度）`. Years before 明治 get only the western label.
///
/// # Examples
///
/// The following example labels FY2024 for a report title.
///
/// ```
/// use kyodo::text::wareki::fiscal_year_label_with_western;
///
/// assert_eq!(fiscal_year_label_with_western(2024), "令和6年度（2024年度）");
/// ```
pub fn fiscal_year_label_with_western(fy: i32) -> String {
    match era_year(fy) {
        ("", _) => format!("{fy}年度"),
        _ => format!("{}（{fy}年度）", fiscal_year_label(fy)),
    }
}

/// The western fiscal year of the first year expression in `text`, which may be a longer
/// title such as `令和６年度 市民協働推進アクションプラン進捗状況`.
///
/// Accepts an era name (`明治 大正 昭和 平成 令和`) or its initial (`M T S H R`) followed by a
/// number or `元`, then `年度` or `年` (`平成24年度`, `令和元年度`, `Ｒ６年度`, `H24年度`,
/// `令和6年`), or a four-digit western year followed by `年度` (`2024年度`, `２０２４年度`).
/// Full-width digits and letters and spaces around the number are accepted. An era year
/// followed by a month (`令和7年3月`) is a date, not a fiscal year, and is skipped. Era years
/// past the era's end are converted as written (`平成32年度` is 2020: plans written before
/// 2019 use them).
///
/// # Examples
///
/// The following example finds the fiscal year in sheet titles.
///
/// ```
/// use kyodo::text::wareki::parse_fiscal_year;
///
/// assert_eq!(parse_fiscal_year("令和６年度 進捗状況"), Some(2024));
/// assert_eq!(parse_fiscal_year("H24年度実績"), Some(2012));
/// assert_eq!(parse_fiscal_year("第2次計画"), None);
/// ```
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().map(to_halfwidth).collect();
    (0..chars.len()).find_map(|i| era_year_at(&chars, i).or_else(|| western_year_at(&chars, i)))
}

/// A date in the era in force on that day, e.g. `令和6年4月1日` (`令和元年5月1日`,
/// `平成31年4月30日`). Before 明治 the western year is used. The date is not validated.
///
/// # Examples
///
/// The following example labels the first day of 令和.
///
/// ```
/// use kyodo::text::wareki::{date_label, Date};
///
/// let day = |y, m, d| Date::new(y, m, d).unwrap();
/// assert_eq!(date_label(day(2019, 5, 1)), "令和元年5月1日");
/// assert_eq!(date_label(day(2024, 4, 1)), "令和6年4月1日");
/// ```
pub fn date_label(date: Date) -> String {
    let Date { year: y, month: m, day: d } = date;
    match era_on(date) {
        Some((era, year)) => format!("{era}{}年{m}月{d}日", year_text(year)),
        None => format!("{y}年{m}月{d}日"),
    }
}

/// Full-width digits and Latin letters to ASCII, so `Ｒ６` reads like `R6`.
fn to_halfwidth(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// `令和6年度` or `R6年` starting at `i`, as a western fiscal year.
fn era_year_at(chars: &[char], i: usize) -> Option<i32> {
    let (first_year, mut j) = era_at(chars, i)?;
    j = skip_spaces(chars, j);
    let (year, mut k) = if chars.get(j) == Some(&'元') { (1, j + 1) } else { number_at(chars, j, 2)? };
    k = skip_spaces(chars, k);
    if year == 0 || chars.get(k) != Some(&'年') {
        return None;
    }
    if chars.get(k + 1) != Some(&'度') && is_month_at(chars, skip_spaces(chars, k + 1)) {
        return None;
    }
    Some(first_year + year - 1)
}

/// An era name or initial at `i`: the western year of its year 1, and where it ends.
fn era_at(chars: &[char], i: usize) -> Option<(i32, usize)> {
    const NAMES: [([char; 2], char, i32); 5] = [
        (['明', '治'], 'M', 1868),
        (['大', '正'], 'T', 1912),
        (['昭', '和'], 'S', 1926),
        (['平', '成'], 'H', 1989),
        (['令', '和'], 'R', 2019),
    ];
    for (name, initial, first_year) in NAMES {
        if chars.get(i..i + 2) == Some(&name[..]) {
            return Some((first_year, i + 2));
        }
        // An initial inside a word (`FY24`, `SDGs`) is not an era.
        let in_word = i > 0 && chars[i - 1].is_ascii_alphanumeric();
        if chars[i].to_ascii_uppercase() == initial && !in_word {
            return Some((first_year, i + 1));
        }
    }
    None
}

/// `2024年度` starting at `i`.
fn western_year_at(chars: &[char], i: usize) -> Option<i32> {
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None; // inside a longer number
    }
    let (year, j) = number_at(chars, i, 4)?;
    let k = skip_spaces(chars, j);
    let nendo = chars.get(k) == Some(&'年') && chars.get(k + 1) == Some(&'度');
    (j - i == 4 && nendo).then_some(year)
}

/// The whole run of ASCII digits at `i`, if it has 1 to `max_digits` digits.
fn number_at(chars: &[char], i: usize, max_digits: usize) -> Option<(i32, usize)> {
    let len = chars[i.min(chars.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    if len == 0 || len > max_digits {
        return None;
    }
    let digits: String = chars[i..i + len].iter().collect();
    Some((digits.parse().ok()?, i + len))
}

/// `3月` at `i`: the year before it was part of a date.
fn is_month_at(chars: &[char], i: usize) -> bool {
    number_at(chars, i, 2).is_some_and(|(_, j)| chars.get(j) == Some(&'月'))
}

fn skip_spaces(chars: &[char], i: usize) -> usize {
    i + chars[i.min(chars.len())..].iter().take_while(|&&c| c == ' ' || c == '\u{3000}').count()
}

/// The fiscal year a `--year` argument names: 令和7, R7, 2025, 令和7年度 are all FY2025.
///
/// ```
/// use kyodo::text::wareki::parse_year;
/// assert_eq!(parse_year("令和7"), Some(2025));
/// assert_eq!(parse_year("R7"), Some(2025));
/// assert_eq!(parse_year("2025"), Some(2025));
/// assert_eq!(parse_year("令和7年度"), Some(2025));
/// assert_eq!(parse_year("来年"), None);
/// assert_eq!(parse_year("平成31"), Some(2019));
/// assert_eq!(parse_year("平成32"), None, "平成 ended in its 31st year");
/// assert_eq!(parse_year("R99"), None, "no plan is made for 2117");
/// assert_eq!(parse_year("1985"), None, "before the plans kyodo reads");
/// ```
pub fn parse_year(text: &str) -> Option<i32> {
    let year = parse_fiscal_year(text).or_else(|| parse_fiscal_year(&format!("{}年度", text.trim())))?;
    let upper = crate::text::nfkc_trim(text).to_uppercase();
    let heisei = upper.starts_with('平') || upper.starts_with('H');
    let range = if heisei { HEISEI } else { YEARS };
    range.contains(&year).then_some(year)
}

/// FY of 平成元年 to 平成31年 (its last, 2019, shared with 令和元年).
const HEISEI: std::ops::RangeInclusive<i32> = 1989..=2019;
/// The fiscal years a `--year` may name: from 平成元年; 令和 from 2019 up to 2100, beyond any
/// plan (「R99」 is a typing slip, not a year).
const YEARS: std::ops::RangeInclusive<i32> = 1989..=2100;

/// What a `--year` may be, for the message refusing one.
pub const YEAR_HINT: &str = "令和7、R7、2025 など。平成は元〜31年、令和は元年（2019年）から";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_year_is_named_by_the_era_on_april_first() {
        assert_eq!(era_year(2024), ("令和", 6));
        assert_eq!(era_year(2020), ("令和", 2));
        assert_eq!(era_year(2018), ("平成", 30));
        assert_eq!(era_year(1989), ("平成", 1));
        assert_eq!(era_year(1988), ("昭和", 63));
        assert_eq!(era_year(1927), ("昭和", 2));
        assert_eq!(era_year(1926), ("大正", 15));
        assert_eq!(era_year(1913), ("大正", 2));
        assert_eq!(era_year(1912), ("明治", 45));
        assert_eq!(era_year(1869), ("明治", 2));
        assert_eq!(era_year(1868), ("", 1868));
    }

    #[test]
    fn fiscal_2019_is_reiwa_gannen() {
        assert_eq!(era_year(2019), ("令和", 1));
        assert_eq!(fiscal_year_label(2019), "令和元年度");
        assert_eq!(fiscal_year_label_with_western(2019), "令和元年度（2019年度）");
    }

    #[test]
    fn labels() {
        assert_eq!(fiscal_year_label(2024), "令和6年度");
        assert_eq!(fiscal_year_label(1989), "平成元年度");
        assert_eq!(fiscal_year_label(1988), "昭和63年度");
        assert_eq!(fiscal_year_label(1867), "1867年度");
        assert_eq!(fiscal_year_label_with_western(2024), "令和6年度（2024年度）");
        assert_eq!(fiscal_year_label_with_western(2012), "平成24年度（2012年度）");
        assert_eq!(fiscal_year_label_with_western(1800), "1800年度");
    }

    #[test]
    fn dates_use_the_era_in_force_that_day() {
        assert_eq!(date_label(Date::new(2024, 4, 1).unwrap()), "令和6年4月1日");
        assert_eq!(date_label(Date::new(2019, 4, 30).unwrap()), "平成31年4月30日");
        assert_eq!(date_label(Date::new(2019, 5, 1).unwrap()), "令和元年5月1日");
        assert_eq!(date_label(Date::new(1989, 1, 7).unwrap()), "昭和64年1月7日");
        assert_eq!(date_label(Date::new(1989, 1, 8).unwrap()), "平成元年1月8日");
        assert_eq!(date_label(Date::new(1926, 12, 24).unwrap()), "大正15年12月24日");
        assert_eq!(date_label(Date::new(1926, 12, 25).unwrap()), "昭和元年12月25日");
        assert_eq!(date_label(Date::new(1912, 7, 29).unwrap()), "明治45年7月29日");
        assert_eq!(date_label(Date::new(1912, 7, 30).unwrap()), "大正元年7月30日");
        assert_eq!(date_label(Date::new(1868, 10, 23).unwrap()), "明治元年10月23日");
        assert_eq!(date_label(Date::new(1868, 10, 22).unwrap()), "1868年10月22日");
    }

    #[test]
    fn parses_every_written_form() {
        let cases = [
            ("平成24年度", 2012),
            ("令和元年度", 2019),
            ("令和６年度", 2024),
            ("Ｒ６年度", 2024),
            ("R6年度", 2024),
            ("r6年度", 2024),
            ("H24年度", 2012),
            ("S63年度", 1988),
            ("昭和63年度", 1988),
            ("大正15年度", 1926),
            ("明治45年度", 1912),
            ("2024年度", 2024),
            ("２０２４年度", 2024),
            ("令和6年", 2024),
            ("令和 6 年度", 2024),
            ("令和　元　年度", 2019),
            ("平成31年度", 2019),
            ("平成32年度", 2020),
        ];
        for (text, fy) in cases {
            assert_eq!(parse_fiscal_year(text), Some(fy), "{text}");
        }
    }

    #[test]
    fn finds_the_first_year_inside_a_title() {
        assert_eq!(parse_fiscal_year("令和６年度 市民協働推進アクションプラン進捗状況"), Some(2024));
        assert_eq!(parse_fiscal_year("【様式1】R5年度実績・R6年度計画"), Some(2023));
        assert_eq!(parse_fiscal_year("第2次計画（2020年度～2024年度）"), Some(2020));
        assert_eq!(parse_fiscal_year("令和6年度（2024年度）"), Some(2024));
        // A date is not a fiscal year.
        assert_eq!(parse_fiscal_year("令和7年3月策定 令和6年度進捗"), Some(2024));
    }

    #[test]
    fn rejects_what_is_not_a_year() {
        for text in [
            "",
            "第2次計画",
            "令和年度",
            "令和0年度",
            "令和123年度",
            "12345年度",
            "224年度",
            "2024年",
            "FY24年度",
            "SDGs2030",
            "令和6月",
            "R",
        ] {
            assert_eq!(parse_fiscal_year(text), None, "{text}");
        }
    }

    #[test]
    fn labels_parse_back() {
        for fy in 1869..=2100 {
            assert_eq!(parse_fiscal_year(&fiscal_year_label(fy)), Some(fy));
            assert_eq!(parse_fiscal_year(&fiscal_year_label_with_western(fy)), Some(fy));
        }
    }
}
