//! `kyodo serve`: the year's folder as pages in the browser, on this PC only. A thin view over
//! the library: the folder is read and checked as a drop reads it ([`crate::run::folder`]), the
//! reports are written as a drop writes them ([`crate::run::dropped_reports`]), the forms by
//! [`crate::run::template`], the returns by [`crate::returns::write`]; the pages
//! ([`pages`]) show what those give.
//!
//! Security ([`guard`]): the server listens on 127.0.0.1 only, on a free port; every request
//! names it by its Host and carries the per-launch token (URL, then cookie); a POST comes from
//! its own page (Origin); files are served only from inside the folder and the output folder.
//!
//! Requests are answered one at a time, in order: one user, on one PC. The folder's reading
//! is kept until a file in it changes (its names, sizes and modification times).

pub mod guard;
pub mod pages;
pub mod settings;

use crate::pipeline::Fatal;
use crate::run::{self, Folder, Notice};
use guard::{Asked, Guard, Refused, Shown};
use pages::{Outcome, Tab};
use std::path::{Path, PathBuf};
use tiny_http::{Header, Method, Request, Response, Server};

/// What `kyodo serve` is asked.
pub struct Options {
    /// The year's folder.
    pub folder: PathBuf,
    /// Settings files given (`--config`).
    pub settings: Vec<PathBuf>,
}

/// A server bound to 127.0.0.1 on a free port, with its token, not yet answering.
pub struct Bound {
    server: Server,
    guard: Guard,
    folder: PathBuf,
    settings: Vec<PathBuf>,
}

/// Binds 127.0.0.1 on a free port and makes the token.
///
/// # Errors
/// [`Fatal::Command`] when the folder is not one, or no port or no random bytes can be had.
pub fn bind(options: Options) -> Result<Bound, Fatal> {
    let folder = options.folder.canonicalize().ok().filter(|f| f.is_dir()).ok_or_else(|| {
        Fatal::Command(format!("{}: フォルダがありません", crate::text::shown_path(&options.folder)))
    })?;
    let server = Server::http("127.0.0.1:0")
        .map_err(|e| Fatal::Command(format!("ページを開く準備ができません（{e}）")))?;
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or_default();
    let guard = Guard::new(port).map_err(|e| Fatal::Command(format!("鍵を作れません（{e}）")))?;
    Ok(Bound { server, guard, folder, settings: options.settings })
}

impl Bound {
    /// The page's address with its token.
    pub fn address(&self) -> String {
        self.guard.address()
    }

    /// Answers requests until the page's 終了 button is pressed.
    pub fn run(self) {
        let mut state = State {
            guard: self.guard,
            folder: self.folder,
            settings: self.settings,
            cache: None,
            outcome: None,
        };
        for request in self.server.incoming_requests() {
            if state.answer(request) == Next::Stop {
                break;
            }
        }
    }
}

/// Whether to go on after a request.
#[derive(PartialEq, Eq)]
enum Next {
    Go,
    Stop,
}

/// The folder's reading, for the state of its files it was made from.
struct Reading {
    stamp: String,
    folder: Result<Folder, String>,
    notices: Vec<String>,
}

struct State {
    guard: Guard,
    folder: PathBuf,
    settings: Vec<PathBuf>,
    cache: Option<Reading>,
    /// What the last action did, shown once on its page.
    outcome: Option<Outcome>,
}

/// An answer: status, content type, body, and headers beyond the usual.
struct Answer {
    status: u16,
    kind: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
}

impl Answer {
    fn html(status: u16, page: String) -> Answer {
        Answer { status, kind: "text/html; charset=utf-8", body: page.into_bytes(), headers: Vec::new() }
    }

    fn redirect(to: &str) -> Answer {
        Answer {
            status: 303,
            kind: "text/plain; charset=utf-8",
            body: Vec::new(),
            headers: vec![("Location", to.to_string())],
        }
    }

    fn refused(why: &str) -> Answer {
        Answer::html(403, pages::message("お断りしました", why))
    }

    fn not_found() -> Answer {
        Answer::html(404, pages::message("見つかりません", "そのページやファイルはありません。"))
    }
}

/// The security headers of every answer: nothing loaded from elsewhere, no framing by other
/// sites, no address leaked to another site, nothing kept in a cache.
const SECURITY: [(&str, &str); 5] = [
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    // same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the
    // page's own forms, and the Origin check would refuse them.
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
    ("X-Frame-Options", "DENY"),
];

impl State {
    fn answer(&mut self, mut request: Request) -> Next {
        let (path, query) = split_url(request.url());
        let header = |name: &'static str| {
            request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string())
        };
        let (host, origin, cookie) = (header("Host"), header("Origin"), header("Cookie"));
        let method = request.method().clone();
        let token = query_value(&query, "token");
        let asked = Asked {
            host: host.as_deref(),
            origin: origin.as_deref(),
            cookie: cookie.as_deref(),
            token: token.as_deref(),
            changes: method != Method::Get && method != Method::Head,
        };
        let mut next = Next::Go;
        let answer = match self.guard.check(&asked) {
            Err(refused) => Answer::refused(refused.message()),
            // The token leaves the address bar (and the history) for the cookie.
            Ok(Shown::Url) if method == Method::Get => {
                let mut answer = Answer::redirect(guard::local(&path));
                answer.headers.push(("Set-Cookie", self.guard.set_cookie()));
                answer
            }
            Ok(_) if method == Method::Post => {
                let mut body = String::new();
                let reader = request.as_reader();
                let mut limited = <&mut dyn std::io::Read as std::io::Read>::take(reader, 64 * 1024);
                let _ = std::io::Read::read_to_string(&mut limited, &mut body);
                if path == "/quit" {
                    next = Next::Stop;
                }
                self.post(&path, &body)
            }
            Ok(_) if method == Method::Get || method == Method::Head => self.get(&path, &query),
            Ok(_) => Answer::refused(Refused::Origin.message()),
        };
        respond(request, answer);
        next
    }

    fn get(&mut self, path: &str, query: &str) -> Answer {
        match path {
            "/" | "/findings" | "/reports" | "/handoff" | "/settings" => self.page(path),
            "/poll.js" => Answer {
                status: 200,
                kind: "text/javascript; charset=utf-8",
                body: POLL.as_bytes().to_vec(),
                headers: Vec::new(),
            },
            "/stamp" => Answer {
                status: 200,
                kind: "text/plain; charset=utf-8",
                body: stamp(&self.folder).into_bytes(),
                headers: Vec::new(),
            },
            _ => {
                let download = query_value(query, "download").is_some();
                if let Some(rest) = path.strip_prefix("/files/") {
                    file(&self.folder, rest, true)
                } else if let Some(rest) = path.strip_prefix("/out/") {
                    file(&self.output(), rest, download)
                } else {
                    Answer::not_found()
                }
            }
        }
    }

    fn page(&mut self, path: &str) -> Answer {
        let tab = match path {
            "/findings" => Tab::Findings,
            "/reports" => Tab::Reports,
            "/handoff" => Tab::Handoff,
            "/settings" => Tab::Settings,
            _ => Tab::Folder,
        };
        self.refresh();
        // The last action's outcome is shown once, on its own page.
        let outcome = self.outcome.take_if(|o| o.tab == tab);
        let reading = self.cache.as_ref().expect("read just now");
        let stamp = reading.stamp.clone();
        let body = match &reading.folder {
            Err(why) => format!("<p class=\"kyodo-alert\">{}</p>\n", crate::render::html::escape(why)),
            Ok(folder) => match tab {
                Tab::Folder => pages::folder(folder, &reading.notices, &self.folder),
                Tab::Findings => pages::findings(folder, &self.folder),
                Tab::Reports => {
                    pages::reports(folder, &folder.output, &pages::out_files(&folder.output), outcome.as_ref())
                }
                Tab::Handoff => {
                    let list =
                        folder.output.join(pages::RETURNS).join(format!("{}.txt", crate::returns::REMINDERS));
                    let reminders = std::fs::read_to_string(list).ok();
                    pages::handoff(folder, &folder.output, outcome.as_ref(), reminders)
                }
                Tab::Settings => {
                    let mut body = String::new();
                    pages::outcome_view(&mut body, outcome.as_ref(), Tab::Settings);
                    body + &settings::form(&folder.loaded.config, &self.folder)
                }
            },
        };
        Answer::html(200, pages::page(Some(tab), tab.title(), &self.folder, Some(&stamp), &body))
    }

    /// Where the reports and the hand-offs go: the year's folder beside the folder, as a drop
    /// writes ([`run::Folder::output`]); 「報告書」 beside it while the folder cannot be read.
    fn output(&mut self) -> PathBuf {
        self.refresh();
        self.written_to()
    }

    /// [`State::output`] as of the last reading.
    fn written_to(&self) -> PathBuf {
        match self.cache.as_ref().map(|c| &c.folder) {
            Some(Ok(folder)) => folder.output.clone(),
            _ => crate::intake::output_beside(std::slice::from_ref(&self.folder))
                .join(crate::intake::drop_folder(None, crate::intake::DropFolder::Reports)),
        }
    }

    /// The folder as read and checked, read again only when its files changed.
    fn reading(&mut self) -> &Reading {
        self.refresh();
        self.cache.as_ref().expect("read just now")
    }

    /// Reads the folder again if its files changed since the last reading.
    fn refresh(&mut self) {
        let now = stamp(&self.folder);
        if self.cache.as_ref().is_none_or(|c| c.stamp != now) {
            let mut notices = Vec::new();
            let folder = run::folder(&self.settings, std::slice::from_ref(&self.folder), &mut notices)
                .map_err(|e| e.to_string());
            let notices = notices.iter().map(Notice::to_string).collect();
            self.cache = Some(Reading { stamp: now, folder, notices });
        }
    }

    fn post(&mut self, path: &str, body: &str) -> Answer {
        let (tab, result) = match path {
            "/quit" => {
                return Answer::html(
                    200,
                    pages::message(
                        "終了しました",
                        "kyodo のページを終了しました。このタブは閉じてかまいません。",
                    ),
                )
            }
            "/make" => (Tab::Reports, self.make(query_value(body, "force").is_some())),
            "/forms" => (Tab::Handoff, self.forms()),
            "/returns" => (Tab::Handoff, self.returns()),
            "/settings" => (Tab::Settings, self.save_settings(body)),
            _ => return Answer::not_found(),
        };
        self.outcome = Some(match result {
            Ok(outcome) => outcome,
            Err(why) => Outcome { tab, message: why, notices: Vec::new(), written: Vec::new() },
        });
        Answer::redirect(tab.href())
    }

    /// The reports, as a drop of the folder writes them.
    fn make(&mut self, force: bool) -> Result<Outcome, String> {
        let mut notices = Vec::new();
        let done =
            run::dropped_reports(&self.settings, std::slice::from_ref(&self.folder), force, &mut notices)
                .map_err(|e| e.to_string())?;
        let message = match (done.written.is_empty(), force) {
            (true, _) => "エラーがあるため、報告書は作りませんでした。",
            (false, true) => "エラーがありますが、明示して報告書を作りました。",
            (false, false) => "報告書を作りました。",
        };
        Ok(self.outcome(Tab::Reports, message, &notices, done.written.iter().map(|w| w.path.as_path())))
    }

    /// Each department's form, from the plan found in the folder.
    fn forms(&mut self) -> Result<Outcome, String> {
        let plan = match &self.reading().folder {
            Ok(folder) => folder.plan.clone(),
            Err(why) => return Err(why.clone()),
        };
        let plan = plan.ok_or("フォルダの中に計画のファイルが見つからないため、様式は作れません。")?;
        let request = run::TemplateRequest {
            settings: self.settings.clone(),
            plan,
            output: self.output().join(pages::FORMS),
            ..run::TemplateRequest::default()
        };
        let mut notices = Vec::new();
        let done = run::template(&request, &mut notices).map_err(|e| e.to_string())?;
        Ok(self.outcome(
            Tab::Handoff,
            "様式を作りました。",
            &notices,
            done.written.iter().map(|w| w.path.as_path()),
        ))
    }

    /// The returns with their 要修正一覧, and the reminder list.
    fn returns(&mut self) -> Result<Outcome, String> {
        let dir = self.output().join(pages::RETURNS);
        let written = match &self.reading().folder {
            Ok(folder) => crate::returns::write(&folder.loaded, &dir).map_err(|e| e.to_string())?,
            Err(why) => return Err(why.clone()),
        };
        let message = match written.is_empty() {
            true => "指摘も未提出もないため、差し戻すものはありません。",
            false => "差し戻しと督促一覧を作りました。",
        };
        Ok(self.outcome(Tab::Handoff, message, &[], written.iter().map(PathBuf::as_path)))
    }

    /// The form's settings, checked as every command reads them, saved as the folder's file.
    fn save_settings(&mut self, body: &str) -> Result<Outcome, String> {
        let text = settings::text(&self.folder, body)?;
        let out = crate::output::OutputDir::lock(&self.folder).map_err(|e| e.to_string())?;
        out.write_all(&[(settings::FILE.to_string(), text.into_bytes())]).map_err(|e| e.to_string())?;
        let message = format!(
            "{} に保存しました。このフォルダの点検と報告書は、この設定で作ります。",
            crate::text::shown_path(self.folder.join(settings::FILE))
        );
        Ok(Outcome { tab: Tab::Settings, message, notices: Vec::new(), written: Vec::new() })
    }

    fn outcome<'p>(
        &self,
        tab: Tab,
        message: &str,
        notices: &[Notice],
        written: impl Iterator<Item = &'p Path>,
    ) -> Outcome {
        let output = self.written_to();
        let output = output.canonicalize().unwrap_or(output);
        Outcome {
            tab,
            message: message.to_string(),
            notices: notices.iter().map(Notice::to_string).collect(),
            written: written.filter_map(|p| pages::relative(p, &output)).collect(),
        }
    }
}

/// The script that tells of a change in the folder: it asks `/stamp` every few seconds and,
/// when the files changed, says so in the page's live region with a link to read them again.
const POLL: &str = include_str!("poll.js");

/// The state of the folder's files: names, sizes and modification times, hashed.
fn stamp(folder: &Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let mut dirs = vec![folder.to_path_buf()];
    let mut seen = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            // Links are not followed: a link to a parent folder would never end.
            let Ok(meta) = entry.path().symlink_metadata() else { continue };
            if meta.is_dir() {
                dirs.push(entry.path());
            } else {
                seen.push((entry.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    seen.sort();
    seen.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// A file inside `root`, or a refusal.
fn file(root: &Path, rest: &str, download: bool) -> Answer {
    let Some(relative) = guard::decode(rest) else {
        return Answer::refused("そのパスは読めません。");
    };
    let Some(path) = guard::inside(root, &relative) else {
        // A path that climbs out, or names something that leads out (a link), is refused; one
        // that names nothing is not found.
        let escapes =
            relative.split('/').any(|p| p.is_empty() || p == "..") || relative.contains(['\\', ':']);
        return if escapes || root.join(&relative).symlink_metadata().is_ok() {
            Answer::refused("フォルダの外のファイルはお見せできません。")
        } else {
            Answer::not_found()
        };
    };
    let Ok(body) = std::fs::read(&path) else { return Answer::not_found() };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut headers = Vec::new();
    if download {
        headers
            .push(("Content-Disposition", format!("attachment; filename*=UTF-8''{}", guard::encode(&name))));
    }
    Answer { status: 200, kind: content_type(&name), body, headers }
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn respond(request: Request, answer: Answer) {
    // Sent with its length, never chunked: a download shows its progress, and a script
    // reading the answer needs no decoding.
    let mut response =
        Response::from_data(answer.body).with_status_code(answer.status).with_chunked_threshold(usize::MAX);
    let mut add = |name: &str, value: &str| {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    };
    add("Content-Type", answer.kind);
    for (name, value) in SECURITY {
        add(name, value);
    }
    for (name, value) in &answer.headers {
        add(name, value);
    }
    // A browser gone away is no reason to stop.
    let _ = request.respond(response);
}

/// The path and the query of a request's URL.
fn split_url(url: &str) -> (String, String) {
    match url.split_once('?') {
        Some((path, query)) => (path.to_string(), query.to_string()),
        None => (url.to_string(), String::new()),
    }
}

/// The value of `name` in a query or a form's body (`a=1&b=2`), decoded.
fn query_value(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(n, _)| *n == name)
        .and_then(|(_, v)| guard::decode(&v.replace('+', " ")))
}

/// Opens `address` in the default browser, without waiting for it.
///
/// # Errors
/// When the system's opener cannot be started.
pub fn open_browser(address: &str) -> std::io::Result<()> {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        // `start`'s first quoted argument is the window's title.
        c.args(["/C", "start", "", address]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(address);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(address);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command.spawn().map(drop)
}
