//! Who may ask `kyodo serve` for what. The page is served on 127.0.0.1 only, but any web page
//! the user opens in the same browser can send requests there, and a name the attacker
//! controls can be pointed at 127.0.0.1 (DNS rebinding). So, as Jupyter does:
//!
//! - every request names this server by its Host (`127.0.0.1:PORT` or `localhost:PORT`): a
//!   page reached through another name is refused before anything is read;
//! - every request carries the per-launch token, in the URL (`?token=`) the first time, then in
//!   an `HttpOnly; SameSite=Strict` cookie that other sites' pages never send;
//! - a request that changes anything (POST) comes from this server's own page (its Origin);
//! - a file is served only from inside the chosen folder or the year's folders kyodo writes beside
//!   it (reports, returns, forms; each a root of its own): no `..`,
//!   no absolute path, no symbolic link leading out (the path is made canonical and compared).

use std::path::{Path, PathBuf};

/// The checks of one launch: its port and its token.
pub struct Guard {
    port: u16,
    token: String,
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// The Host is not this server's own name.
    Host,
    /// No token, or a wrong one.
    Token,
    /// A POST from another page than this server's.
    Origin,
}

impl Refused {
    /// What the refusal page says.
    pub fn message(&self) -> &'static str {
        match self {
            Refused::Host => "このアドレスからの要求には応じません（kyodo のページは 127.0.0.1 または localhost で開いてください）。",
            Refused::Token => "鍵（token）がないか、違います。kyodo serve が表示したアドレスをそのまま開いてください。",
            Refused::Origin => "このページ以外からの操作は受け付けません。",
        }
    }
}

/// How the request showed its token.
#[derive(Debug, PartialEq, Eq)]
pub enum Shown {
    /// In the URL: the answer sets the cookie and sends the browser to the same page without it.
    Url,
    /// In the cookie.
    Cookie,
}

/// What a request carries that the guard reads.
pub struct Asked<'a> {
    /// The Host header.
    pub host: Option<&'a str>,
    /// The Origin header.
    pub origin: Option<&'a str>,
    /// The Cookie header.
    pub cookie: Option<&'a str>,
    /// The `token` of the URL's query.
    pub token: Option<&'a str>,
    /// Whether the request would change something (POST).
    pub changes: bool,
}

impl Guard {
    /// A guard for `port` with a new random token.
    ///
    /// # Errors
    /// When the operating system gives no random bytes.
    pub fn new(port: u16) -> std::io::Result<Guard> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Guard { port, token })
    }

    /// A guard with a given token (tests).
    pub fn with_token(port: u16, token: &str) -> Guard {
        Guard { port, token: token.to_string() }
    }

    /// The page's address with its token: what the user opens.
    pub fn address(&self) -> String {
        format!("http://127.0.0.1:{}/?token={}", self.port, self.token)
    }

    /// The cookie's name: one per port, so two launches never replace each other's.
    pub fn cookie_name(&self) -> String {
        format!("kyodo-{}", self.port)
    }

    /// The Set-Cookie value once the token came in the URL.
    pub fn set_cookie(&self) -> String {
        format!("{}={}; Path=/; HttpOnly; SameSite=Strict", self.cookie_name(), self.token)
    }

    /// Whether the request may go on, and how it showed the token.
    ///
    /// # Errors
    /// [`Refused`] saying which check failed, Host first: a rebound name learns nothing more.
    pub fn check(&self, asked: &Asked) -> Result<Shown, Refused> {
        if !asked.host.is_some_and(|h| self.own(h, "")) {
            return Err(Refused::Host);
        }
        let shown = if asked.token.is_some_and(|t| same(t, &self.token)) {
            Shown::Url
        } else if asked.cookie.is_some_and(|c| self.cookie_token(c).is_some_and(|t| same(t, &self.token))) {
            Shown::Cookie
        } else {
            return Err(Refused::Token);
        };
        if asked.changes && !asked.origin.is_some_and(|o| self.own(o, "http://")) {
            return Err(Refused::Origin);
        }
        Ok(shown)
    }

    /// Whether `name` is `PREFIX127.0.0.1:PORT` or `PREFIXlocalhost:PORT`.
    fn own(&self, name: &str, prefix: &str) -> bool {
        let name = name.trim().to_ascii_lowercase();
        ["127.0.0.1", "localhost"].iter().any(|host| name == format!("{prefix}{host}:{}", self.port))
    }

    /// This launch's cookie among those of the header.
    fn cookie_token<'c>(&self, header: &'c str) -> Option<&'c str> {
        let name = self.cookie_name();
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

/// Compares in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Where to send the browser once the token has become a cookie: `path` itself when it is a
/// path of this server, else `/` (`//host` and `/\\host` name another site in a browser).
pub fn local(path: &str) -> &str {
    let other = !path.starts_with('/') || path.starts_with("//") || path.contains('\\');
    if other {
        "/"
    } else {
        path
    }
}

/// `%XX` sequences decoded; None when one is malformed or the result is not UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `text` with every byte other than unreserved ASCII and `/` as `%XX`: a path in a link.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The file `relative` (as decoded from the URL, `/`-separated) names inside `root`, or None
/// when it is not a file there: an empty part (an absolute path, `//`), `.`, `..`, a
/// backslash or a drive's colon is refused as it stands, and the canonical path, symbolic
/// links followed, must still be inside `root`'s.
pub fn inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = relative.split('/').collect();
    let bad = |p: &&str| p.is_empty() || *p == "." || *p == ".." || p.contains(['\\', ':', '\0']);
    if parts.iter().any(bad) {
        return None;
    }
    let root = root.canonicalize().ok()?;
    let path = root.join(parts.iter().collect::<PathBuf>()).canonicalize().ok()?;
    (path.starts_with(&root) && path.is_file()).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked<'a>(host: &'a str, token: Option<&'a str>, cookie: Option<&'a str>) -> Asked<'a> {
        Asked { host: Some(host), origin: None, cookie, token, changes: false }
    }

    #[test]
    fn host_token_and_origin() {
        let g = Guard::with_token(8123, "abc");
        assert_eq!(g.check(&asked("127.0.0.1:8123", Some("abc"), None)), Ok(Shown::Url));
        assert_eq!(g.check(&asked("LOCALHOST:8123", None, Some("x=1; kyodo-8123=abc"))), Ok(Shown::Cookie));
        assert_eq!(g.check(&asked("evil.example:8123", Some("abc"), None)), Err(Refused::Host));
        assert_eq!(g.check(&asked("127.0.0.1:8124", Some("abc"), None)), Err(Refused::Host));
        assert_eq!(g.check(&asked("127.0.0.1:8123", Some("abd"), None)), Err(Refused::Token));
        assert_eq!(g.check(&asked("127.0.0.1:8123", None, Some("kyodo-9999=abc"))), Err(Refused::Token));
        let post =
            |origin| Asked { origin, changes: true, ..asked("127.0.0.1:8123", None, Some("kyodo-8123=abc")) };
        assert_eq!(g.check(&post(None)), Err(Refused::Origin));
        assert_eq!(g.check(&post(Some("http://evil.example"))), Err(Refused::Origin));
        assert_eq!(g.check(&post(Some("http://localhost:8123"))), Ok(Shown::Cookie));
    }

    #[test]
    fn paths_stay_inside() {
        let root = std::env::temp_dir().join(format!("kyodo-guard-{}", std::process::id()));
        std::fs::create_dir_all(root.join("課")).unwrap();
        std::fs::write(root.join("課/a.xlsx"), b"x").unwrap();
        assert!(inside(&root, "課/a.xlsx").is_some());
        for bad in ["../a.xlsx", "課/../課/a.xlsx", "/etc/passwd", "課//a.xlsx", "..\\a", "C:/x", "課/none"]
        {
            assert_eq!(inside(&root, bad), None, "{bad}");
        }
        assert_eq!(decode("%E8%AA%B2/a.xlsx").as_deref(), Some("課/a.xlsx"));
        assert_eq!(decode("%2e%2e/x").as_deref(), Some("../x"));
        assert_eq!(decode("%zz"), None);
        assert_eq!(encode("課/a b.xlsx"), "%E8%AA%B2/a%20b.xlsx");
        assert_eq!(local("/findings"), "/findings");
        assert_eq!(local("//evil.example/"), "/");
        assert_eq!(local("/\\evil.example/"), "/");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
