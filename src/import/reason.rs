//! Why a file or a sheet could not be read: the Japanese sentence the office is told, and,
//! where a library refused it, the library's own words. Those are English and mean nothing
//! to a clerk, so the text output never shows them; `check --format json` keeps them in each
//! diagnostic's `detail` for whoever fixes the file or kyodo.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A reason a file or sheet is unreadable. Serialised with the sheets a child process reads
/// ([`super::isolated`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// What is wrong and what to do, in Japanese.
    pub message: String,
    /// The library's original text, if a library gave one.
    pub detail: Option<String>,
}

impl Reason {
    /// A reason kyodo found itself.
    pub fn new(message: impl Into<String>) -> Reason {
        Reason { message: message.into(), detail: None }
    }

    /// A reason a library gave: told as `message`, its own words kept as the detail.
    pub fn from_library(message: impl Into<String>, library: &impl fmt::Display) -> Reason {
        Reason { message: message.into(), detail: Some(library.to_string()) }
    }

    /// Why a file cannot be opened or read, from the system's error.
    pub fn io(e: &std::io::Error) -> Reason {
        Reason::from_library(crate::text::io_message(e), e)
    }
}

impl From<String> for Reason {
    fn from(message: String) -> Reason {
        Reason::new(message)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_are_told_in_japanese_and_kept_as_detail() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let reason = Reason::io(&e);
        assert!(reason.message.starts_with("権限がありません"), "{}", reason.message);
        assert_eq!(reason.detail.as_deref(), Some(e.to_string().as_str()));
        assert_eq!(reason.to_string(), reason.message, "Display is the Japanese only");
        let other = Reason::io(&std::io::Error::other("disk on fire"));
        assert!(!other.message.contains("disk"), "{}", other.message);
    }
}
