//! Names made legal and unique: a sheet name for Excel, a file name for Windows. Department
//! names come as the plan writes them (「企画:財政課」, 「..総務課」, 「CON」); what a kind of
//! name may not hold is a [`NameRules`], and [`legal_name`] applies it.

use std::collections::HashSet;

/// A name no longer than `max` UTF-16 units, unique among `taken` (compared without case):
/// cut to fit, then 「(2)」, 「(3)」… added to a name already taken. The name is recorded.
///
/// ```
/// use std::collections::{HashMap, HashSet};
/// use kyodo::text::names::unique_name;
/// let mut taken = HashSet::new();
/// assert_eq!(unique_name("総務課", 31, &mut taken), "総務課");
/// assert_eq!(unique_name("総務課", 31, &mut taken), "総務課(2)");
/// assert_eq!(unique_name("あいうえお", 4, &mut taken), "あいうえ");
/// ```
pub fn unique_name(name: &str, max: usize, taken: &mut HashSet<String>) -> String {
    let fit = |text: &str, room: usize| -> String {
        let mut used = 0;
        text.chars()
            .take_while(|c| {
                used += c.len_utf16();
                used <= room
            })
            .collect()
    };
    let mut candidate = fit(name, max);
    let mut n = 1;
    while !taken.insert(candidate.to_lowercase()) {
        n += 1;
        let suffix = format!("({n})");
        candidate = fit(name, max.saturating_sub(suffix.len())) + &suffix;
    }
    candidate
}

/// What a kind of name may not hold (sheet names, file names).
pub struct NameRules {
    /// ASCII characters written in their full-width form instead (: → ：).
    pub forbidden: &'static [char],
    /// Characters dropped from the start.
    pub trim_start: fn(char) -> bool,
    /// Characters dropped from the end.
    pub trim_end: fn(char) -> bool,
    /// Names that are taken by the system: they get a `_`.
    pub reserved: fn(&str) -> bool,
    /// Longest name, in UTF-16 units.
    pub max: usize,
}

/// `name` made legal under `rules` and unique among `taken` (compared without case): the
/// forbidden characters become full-width, control characters go, the ends are trimmed, an
/// empty name becomes 「部署」, a reserved one gets `_`; then it is cut and numbered by
/// [`unique_name`].
///
/// ```
/// use std::collections::{HashMap, HashSet};
/// use kyodo::text::names::{legal_name, FILE_NAME};
/// let mut taken = HashSet::new();
/// assert_eq!(legal_name("企画:財政課?", &FILE_NAME, &mut taken), "企画：財政課？");
/// assert_eq!(legal_name(" 総務課. ", &FILE_NAME, &mut taken), "総務課");
/// assert_eq!(legal_name("", &FILE_NAME, &mut taken), "部署");
/// assert_eq!(legal_name("NUL", &FILE_NAME, &mut taken), "NUL_");
/// ```
pub fn legal_name(name: &str, rules: &NameRules, taken: &mut HashSet<String>) -> String {
    let full_width = |c: char| char::from_u32(c as u32 + 0xFEE0).unwrap_or(c);
    let mapped: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if rules.forbidden.contains(&c) { full_width(c) } else { c })
        .collect();
    let mut legal = mapped.trim_start_matches(rules.trim_start).trim_end_matches(rules.trim_end).to_string();
    if legal.is_empty() {
        legal = "部署".into();
    }
    if (rules.reserved)(&legal) {
        legal.push('_');
    }
    unique_name(&legal, rules.max, taken)
}

/// Names every file system keeps as written: none of Windows' `\\ / : * ? " < > |`, no leading
/// dots or `~` (hidden and lock files, which kyodo's import skips), no trailing dots or
/// spaces, no device names (CON, NUL, COM1 …), at most 60 characters.
pub const FILE_NAME: NameRules = NameRules {
    forbidden: &['\\', '/', ':', '*', '?', '"', '<', '>', '|'],
    trim_start: |c| c == '.' || c == '~' || c.is_whitespace(),
    trim_end: |c| c == '.' || c.is_whitespace(),
    reserved: is_device_name,
    max: 60,
};

/// A file name stem for a department, safe on every file system and unique among `taken`
/// (compared without case): see [`FILE_NAME`].
///
/// ```
/// use std::collections::HashSet;
/// use kyodo::text::names::file_stem;
/// let mut taken = HashSet::new();
/// assert_eq!(file_stem("企画:財政課", &mut taken), "企画：財政課");
/// assert_eq!(file_stem("..総務課", &mut taken), "総務課");
/// assert_eq!(file_stem("総務課", &mut taken), "総務課(2)");
/// assert_eq!(file_stem("con", &mut taken), "con_");
/// ```
pub fn file_stem(department: &str, taken: &mut HashSet<String>) -> String {
    legal_name(department, &FILE_NAME, taken)
}

/// CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an extension: Windows will not create
/// such a file.
fn is_device_name(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or("").trim().to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(file_stem("総務課?", &mut taken), "総務課？");
        assert_eq!(file_stem("総務課？", &mut taken), "総務課？(2)");
        assert_eq!(file_stem("<広報>|課", &mut taken), "＜広報＞｜課");
        assert_eq!(file_stem("~$lock", &mut taken), "$lock");
        assert_eq!(file_stem("LPT1", &mut taken), "LPT1_");
        assert_eq!(file_stem("COM0", &mut taken), "COM0");
        assert_eq!(file_stem("...", &mut taken), "部署");
        let long = "長".repeat(100);
        assert_eq!(file_stem(&long, &mut taken).chars().count(), 60);
        assert_eq!(file_stem(&long, &mut taken), format!("{}(2)", "長".repeat(57)));
    }
}
