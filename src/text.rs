//! Text helpers shared by import and model: normalising for comparison, cleaning cell text,
//! splitting lists and reading section headings.
//!
//! Spreadsheets mix full-width and half-width forms (Ａ/A, （/(, 　/space). Every comparison goes
//! through [`key`] (NFKC, no spaces); what is printed is always the original text.

pub mod names;
pub mod notation;
pub mod wareki;

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// The comparison key of a text: NFKC, without any white space, ASCII lower-cased.
///
/// ```
/// assert_eq!(kyodo::text::key("Ｎｏ．"), kyodo::text::key("no."));
/// assert_eq!(kyodo::text::key("関係 部署"), "関係部署");
/// ```
pub fn key(text: &str) -> String {
    let kept = |c: &char| !c.is_whitespace();
    // Most texts are NFKC already, and the quick check costs far less than normalising: a
    // grade is looked up this way in every cell of every report.
    if unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        return text.chars().filter(kept).map(|c| c.to_ascii_lowercase()).collect();
    }
    text.nfkc().filter(kept).map(|c| c.to_ascii_lowercase()).collect()
}

/// NFKC of a text, trimmed: the value compared against codes such as ★ or A.
pub fn nfkc_trim(text: &str) -> String {
    text.nfkc().collect::<String>().trim().to_string()
}

/// Cleans the text of a cell: one kind of line break ("\n"), no `_x000D_` escapes left by some
/// writers, no trailing spaces on any line, no blank lines at either end.
///
/// Leading full-width spaces of the first line are kept: they are a deliberate paragraph indent.
pub fn clean_cell(raw: &str) -> String {
    if is_clean(raw) {
        return raw.to_string(); // nearly every cell: one copy, no scan per rule
    }
    clean_thoroughly(raw)
}

/// [`clean_cell`] rule by rule, for the cells that need it.
fn clean_thoroughly(raw: &str) -> String {
    let unified = raw.replace("_x000D_", "").replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    let text = lines.join("\n");
    text.trim_start_matches(['\n', ' ', '\t']).trim_end().to_string()
}

/// Whether [`clean_cell`] would return `raw` unchanged: no carriage return or `_`, no line
/// break, space or tab first, no white space before a line break or last. One pass over the
/// bytes; characters are decoded only before line breaks and at the end. Errs towards false.
fn is_clean(raw: &str) -> bool {
    let b = raw.as_bytes();
    if b.first().is_some_and(|&c| matches!(c, b' ' | b'\t' | b'\n')) {
        return false;
    }
    let ends_blank = |end: usize| raw[..end].chars().next_back().is_some_and(char::is_whitespace);
    for (i, &c) in b.iter().enumerate() {
        if c == b'\r' || c == b'_' || c == b'\n' && ends_blank(i) {
            return false;
        }
    }
    !ends_blank(b.len())
}

/// Splits a list of departments: line breaks, 、 , ， ; and runs of spaces separate names.
///
/// ```
/// assert_eq!(kyodo::text::split_departments("地域再生推進本部\n関係各部"), ["地域再生推進本部", "関係各部"]);
/// assert_eq!(kyodo::text::split_departments("総務課、 企画課"), ["総務課", "企画課"]);
/// ```
pub fn split_departments(text: &str) -> Vec<String> {
    split_on(text, |c| matches!(c, '\n' | '、' | ',' | '，' | ';' | '；' | '/' | '／') || c.is_whitespace())
}

/// Splits a list of actors (主体). Besides the separators of departments, "・" separates names,
/// but only where every part is a known actor: 「市民・行政」 is two actors, 「教育・研究機関」 one.
///
/// ```
/// let known = ["市民".to_string(), "行政".to_string()];
/// assert_eq!(kyodo::text::split_actors("市民・行政", &known), ["市民", "行政"]);
/// assert_eq!(kyodo::text::split_actors("市民、教育・研究機関", &known), ["市民", "教育・研究機関"]);
/// ```
pub fn split_actors(text: &str, known: &[String]) -> Vec<String> {
    let known_keys: Vec<String> = known.iter().map(|k| key(k)).collect();
    let mut out = Vec::new();
    for part in split_departments(text) {
        let pieces = split_on(&part, |c| c == '・' || c == '･');
        if pieces.len() > 1 && pieces.iter().all(|p| known_keys.contains(&key(p))) {
            out.extend(pieces);
        } else {
            out.push(part);
        }
    }
    out
}

fn split_on(text: &str, is_sep: impl Fn(char) -> bool) -> Vec<String> {
    text.split(is_sep).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// A note row: its first text starts with ※ or with 注 used as a label (注：, 注1, (注)).
///
/// ```
/// assert!(kyodo::text::is_note("※ 評価は年度末時点"));
/// assert!(kyodo::text::is_note("（注）関係部署は令和6年4月1日現在"));
/// assert!(!kyodo::text::is_note("注意喚起の取組"));
/// ```
pub fn is_note(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(3).collect();
    let t = nfkc_trim(&head);
    let t = t.strip_prefix('(').unwrap_or(&t);
    if t.starts_with('※') || t.starts_with('*') && !t.starts_with("**") {
        return true;
    }
    match t.strip_prefix('注') {
        Some(rest) => rest
            .chars()
            .next()
            .is_none_or(|c| c.is_ascii_digit() || matches!(c, ':' | ')' | '.' | ' ' | '、')),
        None => false,
    }
}

/// The legend row 「★市民が主体 ●市が主体 ◎市民と市が主体」 printed above tables.
pub fn is_legend(text: &str) -> bool {
    if !text.contains("主体") {
        return false; // cheap test first: this runs on every cell
    }
    let t = key(text);
    t.contains("市民が主体") && (t.contains('★') || t.contains('●') || t.contains('◎'))
}

/// A section heading such as 「施策1 協働(共働)の意識を高める!!」 or
/// 「アクション1. 人づくりと推進体制 ～学ぶ、育む～」, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 施策, アクション or 基本方針, as written (half-width normalised); empty when the text had none.
    pub label: String,
    /// The number after the label, in ASCII digits.
    pub number: Option<u32>,
    /// The heading's own words.
    pub title: String,
    /// A trailing 「～学ぶ、育む～」, kept with its tildes.
    pub subtitle: Option<String>,
}

impl Heading {
    /// Reads a heading; `require_label` accepts only texts that start with 施策/アクション/基本方針.
    ///
    /// ```
    /// use kyodo::text::Heading;
    /// let h = Heading::parse("アクション1. 人づくりと推進体制 ～学ぶ、育む～", true).unwrap();
    /// assert_eq!((h.label.as_str(), h.number, h.title.as_str()), ("アクション", Some(1), "人づくりと推進体制"));
    /// assert_eq!(h.subtitle.as_deref(), Some("～学ぶ、育む～"));
    /// assert_eq!(Heading::parse("施策 ２　情報を共有する!!", true).unwrap().number, Some(2));
    /// assert!(Heading::parse("情報を共有する!!", true).is_none());
    /// ```
    pub fn parse(text: &str, require_label: bool) -> Option<Heading> {
        let text = text.trim();
        let chars: Vec<char> = text.chars().collect();
        let norm: Vec<String> = chars.iter().map(|c| c.to_string().nfkc().collect()).collect();
        let mut i = 0;
        let label = LABELS
            .iter()
            .find(|l| starts_with_norm(&norm, l))
            .map(|l| {
                i = l.chars().count();
                l.to_string()
            })
            .unwrap_or_default();
        if label.is_empty() && require_label {
            return None;
        }
        i += count_while(&norm[i..], |s| s.trim().is_empty());
        let digits = count_while(&norm[i..], |s| s.chars().all(|c| c.is_ascii_digit()));
        let number = norm[i..i + digits].concat().parse().ok();
        i += digits;
        if !label.is_empty() && number.is_none() && !norm.get(i).is_some_and(|s| s.trim().is_empty()) {
            return None; // 「施策体系」 is a word, not a heading
        }
        i += count_while(&norm[i..], |s| s.trim().is_empty() || matches!(s.as_str(), "." | ":" | "、" | "-"));
        let rest: String = chars[i..].iter().collect();
        let (title, subtitle) = split_subtitle(rest.trim());
        Some(Heading { label, number, title, subtitle })
    }

    /// The key that identifies the section: its number where it has one, else its title.
    pub fn key(&self) -> String {
        match self.number {
            Some(n) => n.to_string(),
            None => key(&self.title),
        }
    }

    /// The heading as printed: 「施策1 協働(共働)の意識を高める!!」.
    pub fn display(&self) -> String {
        let mut s = match (self.label.is_empty(), self.number) {
            (false, Some(n)) => format!("{}{} ", self.label, n),
            (false, None) => format!("{} ", self.label),
            (true, Some(n)) => format!("{n} "),
            (true, None) => String::new(),
        };
        s.push_str(&self.title);
        if let Some(sub) = &self.subtitle {
            s.push(' ');
            s.push_str(sub);
        }
        s.trim().to_string()
    }
}

const LABELS: [&str; 3] = ["施策", "アクション", "基本方針"];

fn starts_with_norm(norm: &[String], word: &str) -> bool {
    let n = word.chars().count();
    norm.len() >= n && norm[..n].concat() == word
}

fn count_while(norm: &[String], pred: impl Fn(&String) -> bool) -> usize {
    norm.iter().take_while(|s| pred(s)).count()
}

/// Splits 「人づくりと推進体制 ～学ぶ、育む～」 into title and subtitle.
fn split_subtitle(text: &str) -> (String, Option<String>) {
    const TILDES: [char; 3] = ['～', '〜', '~'];
    let Some(start) = text.find(TILDES) else {
        return (text.to_string(), None);
    };
    let (title, sub) = text.split_at(start);
    if title.trim().is_empty() {
        return (text.to_string(), None);
    }
    (title.trim().to_string(), Some(sub.trim().to_string()))
}

/// A1 reference of a zero-based (row, column): `a1(5, 4)` is "E6".
///
/// ```
/// assert_eq!(kyodo::text::a1(5, 4), "E6");
/// assert_eq!(kyodo::text::a1(0, 27), "AB1");
/// ```
pub fn a1(row: u32, col: u32) -> String {
    CellRef { row, col }.to_string()
}

/// A cell's position in a sheet, zero-based; shown as its A1 reference, and read back from it
/// ([`CellRef::parse`]). Ordered by row, then column.
///
/// ```
/// use kyodo::text::CellRef;
/// assert_eq!(CellRef { row: 5, col: 4 }.to_string(), "E6");
/// assert_eq!(CellRef::parse("AB1"), Some(CellRef { row: 0, col: 27 }));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// Zero-based row.
    pub row: u32,
    /// Zero-based column.
    pub col: u32,
}

impl CellRef {
    /// 「E6」 → row 5, column 4; None for anything else (lower-case letters, no row, row 0, a
    /// reference too large to count: a department's file may hold any text where a reference
    /// is expected).
    pub fn parse(a1: &str) -> Option<CellRef> {
        let split = a1.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = a1.split_at(split);
        if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let col =
            letters.bytes().try_fold(0u32, |n, b| n.checked_mul(26)?.checked_add(u32::from(b - b'A' + 1)))?;
        let row: u32 = digits.parse().ok()?;
        Some(CellRef { row: row.checked_sub(1)?, col: col - 1 })
    }
}

/// As its A1 reference (`check --format json`, `inspect --format json`).
impl serde::Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", column_letters(self.col), u64::from(self.row) + 1)
    }
}

/// The letters naming a zero-based column, as in a cell's A1 reference.
///
/// ```
/// assert_eq!(kyodo::text::column_letters(0), "A");
/// assert_eq!(kyodo::text::column_letters(27), "AB");
/// ```
pub fn column_letters(col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.into_iter().rev().collect()
}

/// The text cut to at most `max` characters, ending in … when cut; line breaks become spaces.
/// For places that name a text rather than show it: messages, PDF bookmarks.
///
/// ```
/// assert_eq!(kyodo::text::shorten("施策1 意識を高める", 20), "施策1 意識を高める");
/// assert_eq!(kyodo::text::shorten("あいうえおかきくけこ", 5), "あいうえ…");
/// assert_eq!(kyodo::text::shorten("一行目\n二行目", 20), "一行目 二行目");
/// ```
pub fn shorten(text: &str, max: usize) -> String {
    let mut chars = text.trim().chars().map(|c| if c == '\n' { ' ' } else { c });
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.pop();
        out.push('…');
    }
    out
}

/// What a system error on a file or folder means, in the office's words: the system's own
/// ("Permission denied (os error 13)") are English.
pub fn io_message(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "ファイルもフォルダもありません",
        ErrorKind::PermissionDenied => "権限がありません（読み取り専用か、ほかの人のフォルダかもしれません）",
        ErrorKind::ReadOnlyFilesystem => "読み取り専用の場所です",
        ErrorKind::StorageFull => "ディスクの空きがありません",
        ErrorKind::InvalidFilename => "パスまたはファイル名が長すぎます（フォルダを浅くするか、名前を短くしてください）",
        ErrorKind::NotADirectory => "途中にフォルダでないものがあります",
        ErrorKind::IsADirectory => "ファイルではなくフォルダです",
        ErrorKind::ResourceBusy => "ほかのアプリが使用中です（Excel などで開いていれば閉じてください）",
        _ => "開けないか、読み書きの途中で失敗しました（ほかのアプリで開いていれば閉じ、もう一度試してください）",
    }
}

/// A path as every message shows it: with the separators of the system kyodo runs on, never
/// mixed. Windows accepts `input/sub` on the command line and joins the files found in it
/// with `\`, so a path would print as `input/sub\関係各部.xlsx`; there every separator is
/// shown as `\`, without the `\\?\` prefix a canonical path carries. Elsewhere `/` is the only
/// separator and a `\` is part of a name, kept as it is.
pub fn shown_path(path: impl AsRef<std::path::Path>) -> String {
    path_for(&path.as_ref().to_string_lossy(), std::path::MAIN_SEPARATOR)
}

/// [`shown_path`] for a system whose separator is `separator`.
///
/// ```
/// use kyodo::text::path_for;
/// assert_eq!(path_for("input/sub\\関係各部.xlsx", '\\'), "input\\sub\\関係各部.xlsx");
/// assert_eq!(path_for("input/sub/関係各部.xlsx", '/'), "input/sub/関係各部.xlsx");
/// ```
pub fn path_for(path: &str, separator: char) -> String {
    if separator != '\\' {
        return path.to_string();
    }
    let path = path.replace('/', "\\");
    match path.strip_prefix(r"\\?\") {
        Some(rest) => match rest.strip_prefix(r"UNC\") {
            Some(share) => format!(r"\\{share}"),
            None => rest.to_string(),
        },
        None => path,
    }
}

/// A count with the native counter つ, which runs only to nine (ここのつ): 「5つの施策」, and from
/// ten on the bare number, 「12の施策」 (never 「12つ」).
///
/// ```
/// assert_eq!(kyodo::text::tsu(3), "3つ");
/// assert_eq!(kyodo::text::tsu(12), "12");
/// ```
pub fn tsu(n: usize) -> String {
    if n < 10 {
        format!("{n}つ")
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_refs_round_trip() {
        for (row, col) in [(0, 0), (5, 4), (99, 26), (3, 701)] {
            let cell = CellRef { row, col };
            assert_eq!(CellRef::parse(&cell.to_string()), Some(cell));
        }
        assert_eq!(CellRef::parse("6E"), None);
        // A department's file may hold any text where a reference is expected.
        assert_eq!(CellRef::parse("ZZZZZZZZZZ1"), None);
        assert_eq!(CellRef::parse("A0"), None);
    }

    #[test]
    fn cleans_cell_breaks_and_escapes() {
        assert_eq!(clean_cell("  一行目_x000D_\r\n二行目  \r\n\n"), "一行目\n二行目");
        assert_eq!(clean_cell("　字下げ"), "　字下げ");
        assert_eq!(clean_cell("一行目　\n\n二行目\u{a0}"), "一行目\n\n二行目");
        assert_eq!(clean_cell("\n\n三行目\n"), "三行目");
        assert_eq!(clean_cell("協働 の\n推進"), "協働 の\n推進");
    }

    #[test]
    fn clean_cells_pass_unchanged_as_cleaning_would_leave_them() {
        let samples = [
            "",
            "a",
            " a",
            "a ",
            "\ta",
            "a\t",
            "\na",
            "a\n",
            "a\n\nb",
            "a \nb",
            "a\u{3000}\nb",
            "\u{3000}a",
            "a\u{3000}",
            "a\u{a0}",
            "a\u{2028}b",
            "a\r\nb",
            "a\rb",
            "x_x000D_y",
            "snake_case",
            "協働\n・推進",
            "\u{3000}\n協働",
            "協\u{85}",
            "  ",
            "\n",
        ];
        for raw in samples {
            assert_eq!(clean_cell(raw), clean_thoroughly(raw), "{raw:?}");
        }
    }

    #[test]
    fn parses_headings() {
        let h = Heading::parse("施策1 協働(共働)の意識を高める!!", true).unwrap();
        assert_eq!(h.display(), "施策1 協働(共働)の意識を高める!!");
        assert_eq!(h.key(), "1");
        let h = Heading::parse("施策５：市と協働(共働)に関する仕組みをつくる!!", true).unwrap();
        assert_eq!((h.number, h.title.as_str()), (Some(5), "市と協働(共働)に関する仕組みをつくる!!"));
        assert!(Heading::parse("施策体系", true).is_none());
        let plain = Heading::parse("協働(共働)の意識を高める!!", false).unwrap();
        assert_eq!((plain.label.as_str(), plain.number), ("", None));
    }

    #[test]
    fn notes_and_legends() {
        assert!(is_note("注：評価の基準"));
        assert!(is_note("注1 関係部署"));
        assert!(!is_note("注目の事業"));
        assert!(is_legend("★市民が主体 ●市が主体 ◎市民と市が主体"));
    }

    #[test]
    fn paths_use_one_separator() {
        // Windows: a folder given with / and the files kyodo found in it joined with \.
        assert_eq!(path_for(r"input/sub\関係各部 (1).xlsx", '\\'), r"input\sub\関係各部 (1).xlsx");
        assert_eq!(path_for(r"C:/Users/office\報告書", '\\'), r"C:\Users\office\報告書");
        assert_eq!(path_for(r"\\?\C:\計画\plan.xlsx", '\\'), r"C:\計画\plan.xlsx");
        assert_eq!(path_for(r"\\?\UNC\server\共有\plan.xlsx", '\\'), r"\\server\共有\plan.xlsx");
        // Elsewhere: / separates, and a \ is a character of the name.
        assert_eq!(path_for("input/sub/関係各部.xlsx", '/'), "input/sub/関係各部.xlsx");
        assert_eq!(path_for(r"input/a\b.xlsx", '/'), r"input/a\b.xlsx");
        let here = std::path::Path::new("input").join("sub").join("関係各部.xlsx");
        let sep = std::path::MAIN_SEPARATOR;
        assert_eq!(shown_path(&here), format!("input{sep}sub{sep}関係各部.xlsx"));
    }
}
