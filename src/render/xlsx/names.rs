//! Sheet names as Excel takes them: the report names a department's sheet after the
//! department, and here the name becomes legal and unique in its workbook.

use crate::text::names::{legal_name, NameRules};
use std::collections::HashSet;

/// Excel's rules for worksheet names: no `[ ] : * ? / \`, no apostrophe at either end, not
/// 「History」, at most 31 characters.
///
/// ```
/// use std::collections::HashSet;
/// use kyodo::render::xlsx::names::SHEET_NAME;
/// use kyodo::text::names::legal_name;
/// let mut taken = HashSet::new();
/// assert_eq!(legal_name("企画:財政[課]", &SHEET_NAME, &mut taken), "企画：財政［課］");
/// assert_eq!(legal_name("'総務課'", &SHEET_NAME, &mut taken), "総務課");
/// assert_eq!(legal_name("", &SHEET_NAME, &mut taken), "部署");
/// assert_eq!(legal_name("History", &SHEET_NAME, &mut taken), "History_");
/// ```
pub const SHEET_NAME: NameRules = NameRules {
    forbidden: &['[', ']', ':', '*', '?', '/', '\\'],
    trim_start: |c| c.is_whitespace() || c == '\'',
    trim_end: |c| c.is_whitespace() || c == '\'',
    reserved: |name| name.eq_ignore_ascii_case("history"),
    max: 31,
};

/// The sheets' names in order, each legal and unique in the workbook (compared without case):
/// a second 「総務課」 becomes 「総務課(2)」.
pub(crate) fn sheet_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = HashSet::new();
    names.map(|name| legal_name(name, &SHEET_NAME, &mut taken)).collect()
}
