//! `kyodo serve`: the year's folder as pages in the browser, on this PC only. A thin view over
//! the library: the folder is read and checked as a drop reads it ([`crate::run::folder`]), the
//! reports are written as a drop writes them ([`crate::run::dropped_reports`]), the forms by
//! [`crate::run::template`], the returns as a drop with errors writes them
//! ([`crate::run::returns_beside`]), each into the year's folder beside the folder
//! (「令和6年度_報告書」, 「令和6年度_差し戻し」, 「令和6年度_様式」); the pages ([`pages`]) show
//! what those give.
//!
//! Security ([`guard`]): the server listens on 127.0.0.1 only, on a free port; every request
//! names it by its Host and carries the per-launch token (URL, then cookie); a POST comes from
//! its own page (Origin); files are served only from inside the folder and the year's folders
//! it writes, each a root of its own.
//!
//! A few workers ([`WORKERS`]) answer requests side by side, so a page, a file or the settings'
//! check answers while the reports are being made; each worker checks each request as above.
//! What writes (the reports, the forms, the returns, the settings, the choice of folder) runs
//! one at a time: a second such request, while one runs, is told so in Japanese and changes
//! nothing ([`Writing`]). The folder's reading is kept until a file in it changes (its names,
//! sizes and modification times).

pub mod choose;
pub mod guard;
pub mod pages;
pub mod settings;

use crate::intake::DropFolder;
use crate::pipeline::Fatal;
use crate::run::{self, Folder, Notice};
use guard::{Asked, Guard, Refused, Shown};
use pages::{Outcome, Tab};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tiny_http::{Header, Method, Request, Response, Server};

/// How many requests are answered at once: one long run (the reports) and pages beside it.
pub const WORKERS: usize = 4;

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

    /// Answers requests, [`WORKERS`] at a time, until the page's 終了 button is pressed; a run
    /// in progress then finishes before this returns.
    pub fn run(self) {
        let state = State {
            guard: self.guard,
            folder: Mutex::new(self.folder),
            settings: self.settings,
            cache: Mutex::new(None),
            outcome: Mutex::new(None),
            writing: Writing::default(),
        };
        let (server, state) = (&self.server, &state);
        let (stop, stopped) = std::sync::mpsc::channel();
        std::thread::scope(|scope| {
            for _ in 0..WORKERS {
                let stop = stop.clone();
                scope.spawn(move || {
                    while let Ok(request) = server.recv() {
                        // A request that fails is answered 500 (tiny_http does so for a request
                        // dropped unanswered); the worker goes on with the next.
                        let answered =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| state.answer(request)));
                        if answered.is_ok_and(|next| next == Next::Stop) {
                            break;
                        }
                    }
                    let _ = stop.send(());
                });
            }
            drop(stop);
            // The first worker to stop (終了, or the server failing) stops the others, each after
            // the request it is answering.
            let _ = stopped.recv();
            for _ in 0..WORKERS {
                server.unblock();
            }
        });
    }
}

/// Locks `mutex`, also after a request that failed while holding it: what it guards is whole
/// at every step (a reading, a folder, an outcome).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The one run that writes at a time, and what it is doing (「報告書を作っている」).
#[derive(Default)]
struct Writing(Mutex<Option<&'static str>>);

/// A run that writes, under way until dropped.
struct Ticket<'w>(&'w Writing);

impl Writing {
    /// Starts the run that is `doing` (「報告書を作っている」).
    ///
    /// # Errors
    /// While another run writes: a message saying which, to try again after it.
    fn start(&self, doing: &'static str) -> Result<Ticket<'_>, String> {
        let mut running = lock(&self.0);
        if let Some(other) = *running {
            return Err(format!("いま{other}ところです。終わってから、もう一度押してください。"));
        }
        *running = Some(doing);
        Ok(Ticket(self))
    }
}

impl Drop for Ticket<'_> {
    fn drop(&mut self) {
        *lock(&self.0 .0) = None;
    }
}

/// Whether to go on after a request.
#[derive(PartialEq, Eq)]
enum Next {
    Go,
    Stop,
}

/// The folder's reading, for the folder and the state of its files it was made from.
struct Reading {
    path: PathBuf,
    stamp: String,
    folder: Result<Folder, String>,
    notices: Vec<String>,
}

/// What the workers share: the guard and the settings as given, and behind locks the folder,
/// its last reading, the last outcome and the run that writes.
struct State {
    guard: Guard,
    folder: Mutex<PathBuf>,
    settings: Vec<PathBuf>,
    cache: Mutex<Option<Arc<Reading>>>,
    /// What the last action did, shown once on its page.
    outcome: Mutex<Option<Outcome>>,
    writing: Writing,
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
    fn answer(&self, mut request: Request) -> Next {
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

    fn get(&self, path: &str, query: &str) -> Answer {
        match path {
            "/" | "/findings" | "/reports" | "/handoff" | "/settings" => self.page(path),
            "/poll.js" => script(POLL),
            "/check.js" => script(CHECK),
            "/stamp" => Answer {
                status: 200,
                kind: "text/plain; charset=utf-8",
                body: stamp(&self.folder()).into_bytes(),
                headers: Vec::new(),
            },
            _ => {
                let download = query_value(query, "download").is_some();
                if let Some(rest) = path.strip_prefix("/files/") {
                    return file(&self.folder(), rest, true);
                }
                // Each of the year's folders beside is a root of its own, under its prefix.
                let served = [DropFolder::Reports, DropFolder::Returns, DropFolder::Forms]
                    .into_iter()
                    .find_map(|which| Some((which, path.strip_prefix(pages::prefix(which))?)));
                match served {
                    Some((which, rest)) => {
                        let root = self.dir(which);
                        file(&root, rest, download)
                    }
                    None => Answer::not_found(),
                }
            }
        }
    }

    /// The folder served now.
    fn folder(&self) -> PathBuf {
        lock(&self.folder).clone()
    }

    fn page(&self, path: &str) -> Answer {
        let tab = match path {
            "/findings" => Tab::Findings,
            "/reports" => Tab::Reports,
            "/handoff" => Tab::Handoff,
            "/settings" => Tab::Settings,
            _ => Tab::Folder,
        };
        let reading = self.reading();
        // The last action's outcome is shown once, on its own page.
        let outcome = lock(&self.outcome).take_if(|o| o.tab == tab);
        let stamp = reading.stamp.clone();
        let mut body = match &reading.folder {
            Err(why) => format!("<p class=\"kyodo-alert\">{}</p>\n", crate::render::html::escape(why)),
            Ok(folder) => match tab {
                Tab::Folder => pages::folder(folder, &reading.notices, &reading.path),
                Tab::Findings => pages::findings(folder, &reading.path),
                Tab::Reports => pages::reports(
                    folder,
                    &folder.output,
                    &pages::out_files(&folder.output),
                    outcome.as_ref(),
                ),
                Tab::Handoff => {
                    let list =
                        folder.dir(DropFolder::Returns).join(format!("{}.txt", crate::returns::REMINDERS));
                    let reminders = std::fs::read_to_string(list).ok();
                    pages::handoff(folder, outcome.as_ref(), reminders)
                }
                Tab::Settings => {
                    let mut body = String::new();
                    pages::outcome_view(&mut body, outcome.as_ref(), Tab::Settings);
                    body + &settings::form(&folder.loaded.config, &reading.path)
                }
            },
        };
        if tab == Tab::Folder {
            // Offered whether or not the folder could be read: a folder with nothing to read
            // (kyodo.exe double-clicked where it was saved) is left from here.
            let mut top = String::new();
            pages::outcome_view(&mut top, outcome.as_ref(), Tab::Folder);
            top.push_str("<p><a href=\"#choose\">別のフォルダを開く</a></p>\n");
            body = top + &body + &choose::form(&reading.path);
        }
        Answer::html(200, pages::page(Some(tab), tab.title(), &reading.path, Some(&stamp), &body))
    }

    /// Where the reports, the returns or the forms go: the year's folder beside the folder, as
    /// a drop writes ([`run::Folder::dir`]); 「報告書」 (…) beside it while the folder cannot be
    /// read.
    fn dir(&self, which: DropFolder) -> PathBuf {
        self.reading();
        self.written_to(which)
    }

    /// [`State::dir`] as of the last reading.
    fn written_to(&self, which: DropFolder) -> PathBuf {
        let cache = lock(&self.cache).clone();
        match cache.as_ref().map(|c| &c.folder) {
            Some(Ok(folder)) if which == DropFolder::Reports => folder.output.clone(),
            Some(Ok(folder)) => folder.dir(which),
            _ => crate::intake::output_beside(std::slice::from_ref(&self.folder()))
                .join(crate::intake::drop_folder(None, which)),
        }
    }

    /// The folder as read and checked, read again only when its files changed or another
    /// folder was chosen.
    fn reading(&self) -> Arc<Reading> {
        let path = self.folder();
        let now = stamp(&path);
        // Held while reading: a request that comes meanwhile waits for this reading rather
        // than making its own.
        let mut cache = lock(&self.cache);
        if let Some(reading) = cache.as_ref().filter(|c| c.path == path && c.stamp == now) {
            return Arc::clone(reading);
        }
        let mut notices = Vec::new();
        let folder =
            run::folder(&self.settings, std::slice::from_ref(&path), &mut notices).map_err(|e| e.to_string());
        let notices = notices.iter().map(Notice::to_string).collect();
        let reading = Arc::new(Reading { path, stamp: now, folder, notices });
        *cache = Some(Arc::clone(&reading));
        reading
    }

    fn post(&self, path: &str, body: &str) -> Answer {
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
            // As typed: the library's message, or nothing when the form reads; nothing saved.
            "/settings/check" => {
                let message = settings::text(&self.folder(), body).err().unwrap_or_default();
                return Answer {
                    status: 200,
                    kind: "text/plain; charset=utf-8",
                    body: message.into_bytes(),
                    headers: Vec::new(),
                };
            }
            "/folder" => (Tab::Folder, self.choose(body)),
            _ => return Answer::not_found(),
        };
        *lock(&self.outcome) = Some(match result {
            Ok(outcome) => outcome,
            Err(why) => Outcome {
                tab,
                message: why,
                notices: Vec::new(),
                root: DropFolder::Reports,
                written: Vec::new(),
            },
        });
        Answer::redirect(tab.href())
    }

    /// The reports, as a drop of the folder writes them.
    fn make(&self, force: bool) -> Result<Outcome, String> {
        let _writing = self.writing.start("報告書を作っている")?;
        let mut notices = Vec::new();
        let folder = self.folder();
        let done = run::dropped_reports(&self.settings, std::slice::from_ref(&folder), force, &mut notices)
            .map_err(|e| e.to_string())?;
        let message = match (done.written.is_empty(), force) {
            (true, _) => "エラーがあるため、報告書は作りませんでした。",
            (false, true) => "エラーがありますが、明示して報告書を作りました。",
            (false, false) => "報告書を作りました。",
        };
        let written = done.written.iter().map(|w| w.path.as_path());
        Ok(self.outcome(Tab::Reports, DropFolder::Reports, message, &notices, written))
    }

    /// Each department's form, from the plan found in the folder.
    fn forms(&self) -> Result<Outcome, String> {
        let _writing = self.writing.start("様式を作っている")?;
        let plan = match &self.reading().folder {
            Ok(folder) => folder.plan.clone(),
            Err(why) => return Err(why.clone()),
        };
        let plan = plan.ok_or("フォルダの中に計画のファイルが見つからないため、様式は作れません。")?;
        let request = run::TemplateRequest {
            settings: self.settings.clone(),
            plan,
            output: self.dir(DropFolder::Forms),
            ..run::TemplateRequest::default()
        };
        let mut notices = Vec::new();
        let done = run::template(&request, &mut notices).map_err(|e| e.to_string())?;
        Ok(self.outcome(
            Tab::Handoff,
            DropFolder::Forms,
            "様式を作りました。",
            &notices,
            done.written.iter().map(|w| w.path.as_path()),
        ))
    }

    /// The returns with their 要修正一覧, and the reminder list: where and as a drop with
    /// errors writes them ([`run::returns_beside`]), replacing the earlier ones.
    fn returns(&self) -> Result<Outcome, String> {
        let _writing = self.writing.start("差し戻しを作っている")?;
        let mut notices = Vec::new();
        let reading = self.reading();
        let written = match &reading.folder {
            Ok(folder) => run::returns_beside(&folder.loaded, &folder.beside, &mut notices)
                .map_err(|e| e.to_string())?,
            Err(why) => return Err(why.clone()),
        };
        let message = match written.is_empty() {
            true => "指摘も未提出もないため、差し戻すものはありません。",
            false => "差し戻しと督促一覧を作りました。",
        };
        let paths = written.iter().map(|w| w.path.as_path());
        Ok(self.outcome(Tab::Handoff, DropFolder::Returns, message, &notices, paths))
    }

    /// Another folder, chosen on the page: read from now on, its files and the year's folders
    /// beside it served instead of the last one's.
    /// Not while a run writes: its outcome is shown for the folder it wrote for.
    fn choose(&self, body: &str) -> Result<Outcome, String> {
        let _writing = self.writing.start("フォルダを切り替えている")?;
        let chosen = choose::chosen(body)?;
        let message = format!("フォルダ {} を開きました。", crate::text::shown_path(&chosen));
        // The reading kept is the last folder's; the next page reads the chosen one.
        *lock(&self.folder) = chosen;
        Ok(Outcome {
            tab: Tab::Folder,
            message,
            notices: Vec::new(),
            root: DropFolder::Reports,
            written: Vec::new(),
        })
    }

    /// The form's settings, checked as every command reads them, saved as the folder's file.
    fn save_settings(&self, body: &str) -> Result<Outcome, String> {
        let _writing = self.writing.start("設定を保存している")?;
        let folder = self.folder();
        let text = settings::text(&folder, body)?;
        let out = crate::output::OutputDir::lock(&folder).map_err(|e| e.to_string())?;
        out.write_all(&[(settings::FILE.to_string(), text.into_bytes())]).map_err(|e| e.to_string())?;
        let message = format!(
            "{} に保存しました。このフォルダの点検と報告書は、この設定で作ります。",
            crate::text::shown_path(folder.join(settings::FILE))
        );
        Ok(Outcome {
            tab: Tab::Settings,
            message,
            notices: Vec::new(),
            root: DropFolder::Reports,
            written: Vec::new(),
        })
    }

    fn outcome<'p>(
        &self,
        tab: Tab,
        root: DropFolder,
        message: &str,
        notices: &[Notice],
        written: impl Iterator<Item = &'p Path>,
    ) -> Outcome {
        let dir = self.written_to(root);
        let dir = dir.canonicalize().unwrap_or(dir);
        Outcome {
            tab,
            message: message.to_string(),
            notices: notices.iter().map(Notice::to_string).collect(),
            root,
            written: written.filter_map(|p| pages::relative(p, &dir)).collect(),
        }
    }
}

/// The script that tells of a change in the folder: it asks `/stamp` every few seconds and,
/// when the files changed, says so in the page's live region with a link to read them again.
const POLL: &str = include_str!("poll.js");

/// The script that checks the settings form as it is typed, against `/settings/check`.
const CHECK: &str = include_str!("check.js");

fn script(text: &str) -> Answer {
    Answer {
        status: 200,
        kind: "text/javascript; charset=utf-8",
        body: text.as_bytes().to_vec(),
        headers: Vec::new(),
    }
}

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

#[cfg(test)]
mod tests {
    use super::Writing;

    #[test]
    fn one_run_writes_at_a_time_and_a_second_is_told_which() {
        let writing = Writing::default();
        let first = writing.start("報告書を作っている").unwrap();
        let second = writing.start("様式を作っている").err().expect("refused while the reports are made");
        assert_eq!(second, "いま報告書を作っているところです。終わってから、もう一度押してください。");
        drop(first);
        assert!(writing.start("様式を作っている").is_ok(), "free again once the reports are made");
    }
}
