//! `kyodo serve --no-browser FOLDER`, driven as a script or a browser drives it: the address
//! with its token on the first line of stdout, then plain HTTP over a TcpStream for what the
//! server must refuse (no token, a foreign Host, a POST from another page, a path outside the
//! folder) and for what it shows (the findings of a sheet with an error, the reports made as
//! `kyodo report` makes them); then headless Chromium (tests/browser/serve.mjs) opens the page
//! with its token, makes the reports with the page's own button, downloads the PDF, writes the
//! returns and runs axe-core on every page.
//!
//! The browser part needs Debian's `chromium` and `npm ci` in tests/browser: where either is
//! missing it says so and skips, and under `CI=true` it fails.

mod common;

use common::{every_report, kyodo, seed, tempdir};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `kyodo serve --no-browser`, stopped when dropped.
struct Served {
    child: Child,
    address: String,
    port: u16,
    token: String,
}

impl Served {
    fn start(folder: &Path) -> Served {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kyodo"))
            .args(["serve", "--no-browser"])
            .arg(folder)
            .env("SOURCE_DATE_EPOCH", "1751241600")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("kyodo serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let address = first.trim().to_string();
        let rest =
            address.strip_prefix("http://127.0.0.1:").unwrap_or_else(|| panic!("first line: {first:?}"));
        let (port, token) = rest.split_once("/?token=").expect("the token in the address");
        assert!(token.len() >= 32 && token.chars().all(|c| c.is_ascii_hexdigit()), "{token}");
        Served { port: port.parse().unwrap(), token: token.to_string(), address, child }
    }

    fn cookie(&self) -> String {
        format!("kyodo-{}={}", self.port, self.token)
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A request as written, with `headers` (each `Name: value`).
    fn send(&self, method: &str, path: &str, headers: &[String]) -> Reply {
        self.send_body(method, path, headers, "")
    }

    /// A request as written, with `headers` and a form's `body`.
    fn send_body(&self, method: &str, path: &str, headers: &[String], body: &str) -> Reply {
        self.send_within(method, path, headers, body, None)
    }

    /// [`Served::send_body`], failing when no answer has come after `patience` (a hang guard).
    fn send_within(
        &self,
        method: &str,
        path: &str,
        headers: &[String],
        body: &str,
        patience: Option<Duration>,
    ) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(patience).unwrap();
        let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        for h in headers {
            request.push_str(&format!("{h}\r\n"));
        }
        if method == "POST" {
            request.push_str(&format!(
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).unwrap_or_else(|e| panic!("{method} {path}: no answer ({e})"));
        Reply::from(bytes)
    }

    /// GET with the cookie and the right Host.
    fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[format!("Host: {}", self.host()), format!("Cookie: {}", self.cookie())])
    }

    /// POST from the page itself: cookie, Host and Origin right.
    fn post(&self, path: &str) -> Reply {
        self.post_form(path, "")
    }

    /// POST of a form's `body` from the page itself.
    fn post_form(&self, path: &str, body: &str) -> Reply {
        let headers = [
            format!("Host: {}", self.host()),
            format!("Cookie: {}", self.cookie()),
            format!("Origin: {}", self.origin()),
        ];
        self.send_body("POST", path, &headers, body)
    }

    /// Whether the server has stopped, waiting a while for it.
    fn stopped(&mut self) -> bool {
        for _ in 0..100 {
            if self.child.try_wait().unwrap().is_some() {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        false
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    /// An answer as read from the socket: status line and headers, then the body.
    fn from(bytes: Vec<u8>) -> Reply {
        let split = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a header");
        let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Reply { status, head, body: bytes[split + 4..].to_vec() }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The seed sample as a year's folder (`DIR/year`: the plan, progress/ with both departments'
/// sheets); with `bad`, the HQ's sheet grades item 1-2 「済」, which is on no scale.
/// A file name as the pages put it in a link (percent-encoded UTF-8).
fn encode(name: &str) -> String {
    name.bytes()
        .map(|b| match b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            true => (b as char).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect()
}

fn year_folder(name: &str, bad: bool) -> PathBuf {
    let dir = tempdir("serve", name);
    let year = dir.join("year");
    std::fs::create_dir_all(year.join("progress")).unwrap();
    seed::write_plan(&year.join("plan.xlsx"));
    let grades: &[(&str, &str)] = if bad { &[("1-2", "済")] } else { &[] };
    seed::write_progress_with(
        &year.join("progress").join(format!("{}.xlsx", seed::HQ)),
        seed::HQ,
        seed::YEAR_TITLE,
        grades,
    );
    seed::write_progress(&year.join("progress").join(format!("{}.xlsx", seed::ALL)), seed::ALL);
    year
}

#[test]
fn the_token_becomes_a_cookie_and_nothing_is_served_without_it() {
    let folder = year_folder("token", false);
    let served = Served::start(&folder);
    let host = format!("Host: {}", served.host());
    assert_eq!(served.send("GET", "/", std::slice::from_ref(&host)).status, 403, "no token");
    let wrong = format!("/?token={}", "0".repeat(64));
    assert_eq!(served.send("GET", &wrong, std::slice::from_ref(&host)).status, 403, "a wrong token");
    let other_port = format!("Cookie: kyodo-1={}", served.token);
    assert_eq!(served.send("GET", "/", &[host.clone(), other_port]).status, 403, "another launch's cookie");
    for path in ["/findings", "/reports", "/files/plan.xlsx", "/stamp"] {
        assert_eq!(
            served.send("GET", path, std::slice::from_ref(&host)).status,
            403,
            "{path} without the token"
        );
    }

    let first = served.send("GET", &format!("/?token={}", served.token), std::slice::from_ref(&host));
    assert_eq!(first.status, 303, "{}", first.head);
    assert!(first.head.contains("Location: /\r\n"), "the token leaves the address: {}", first.head);
    let cookie = first.head.lines().find(|l| l.starts_with("Set-Cookie:")).expect("a cookie");
    assert!(
        cookie.contains(&served.cookie())
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
    );

    let page = served.get("/");
    assert_eq!(page.status, 200);
    assert!(page.head.contains("Content-Security-Policy: default-src 'none'"), "{}", page.head);
    let html = page.text();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert!(
        html.contains("plan.xlsx") && html.contains(&format!("progress/{}.xlsx", seed::HQ)),
        "every file"
    );
    assert!(html.contains("見出し") && html.contains("評価"), "how each column was read");
}

#[test]
fn a_foreign_host_or_origin_is_refused() {
    let folder = year_folder("host", false);
    let mut served = Served::start(&folder);
    let cookie = format!("Cookie: {}", served.cookie());
    for host in [
        format!("evil.example:{}", served.port),
        format!("127.0.0.1.evil.example:{}", served.port),
        "127.0.0.1".into(),
    ] {
        let reply = served.send("GET", "/", &[format!("Host: {host}"), cookie.clone()]);
        assert_eq!(reply.status, 403, "Host {host}");
    }
    assert_eq!(served.send("GET", "/", std::slice::from_ref(&cookie)).status, 403, "no Host");
    assert_eq!(
        served.send("GET", "/", &[format!("Host: localhost:{}", served.port), cookie.clone()]).status,
        200
    );

    let host = format!("Host: {}", served.host());
    for origin in
        [None, Some("http://evil.example".to_string()), Some(format!("http://evil.example:{}", served.port))]
    {
        let mut headers = vec![host.clone(), cookie.clone()];
        headers.extend(origin.iter().map(|o| format!("Origin: {o}")));
        assert_eq!(served.send("POST", "/quit", &headers).status, 403, "Origin {origin:?}");
        assert_eq!(served.send("POST", "/make", &headers).status, 403, "Origin {origin:?}");
    }
    let beside: Vec<_> =
        std::fs::read_dir(folder.parent().unwrap()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(beside, ["year"], "a refused POST wrote nothing beside the folder");
    assert_eq!(served.get("/").status, 200, "still serving");
    let quit = served.post("/quit");
    assert_eq!(quit.status, 200);
    assert!(quit.text().contains("終了しました"));
    assert!(served.stopped(), "the page's 終了 stops the server");
}

#[test]
fn nothing_outside_the_folder_is_served() {
    let folder = year_folder("paths", false);
    std::fs::write(folder.parent().unwrap().join("secret.txt"), "秘密").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", folder.join("link.txt")).unwrap();
    let served = Served::start(&folder);
    assert_eq!(served.get("/files/plan.xlsx").body, std::fs::read(folder.join("plan.xlsx")).unwrap());
    let encoded = format!("/files/progress/{}.xlsx", utf8_percent(seed::HQ));
    assert_eq!(served.get(&encoded).status, 200, "a Japanese name, encoded");
    for path in [
        "/files/../../etc/passwd",
        "/files/%2e%2e/%2e%2e/etc/passwd",
        "/files/..%2f..%2fetc%2fpasswd",
        "/files/%2E%2E%5C..%5Csecret.txt",
        "/files//etc/passwd",
        "/files/%2fetc%2fpasswd",
        "/files/../secret.txt",
        "/files/progress/../../secret.txt",
        "/out/../year/plan.xlsx",
        "/out/%2e%2e/secret.txt",
        "/files/link.txt",
    ] {
        let reply = served.get(path);
        assert_eq!(reply.status, 403, "{path}");
        let body = reply.text();
        assert!(!body.contains("root:") && !body.contains("秘密"), "{path}");
    }
    assert_eq!(served.get("/files/none.xlsx").status, 404);
}

/// `text` with every non-ASCII byte as %XX.
fn utf8_percent(text: &str) -> String {
    text.bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

#[test]
fn it_listens_on_127_0_0_1_only() {
    let folder = year_folder("loopback", false);
    let served = Served::start(&folder);
    assert!(served.address.starts_with("http://127.0.0.1:"));
    assert!(TcpStream::connect(("::1", served.port)).is_err(), "not on IPv6's loopback");
    // The machine's own address toward the outside (a UDP socket's choice; nothing is sent).
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
    if socket.connect("192.0.2.1:9").is_ok() {
        let ip = socket.local_addr().unwrap().ip();
        if !ip.is_loopback() && !ip.is_unspecified() {
            assert!(TcpStream::connect((ip, served.port)).is_err(), "not on {ip}");
        }
    }
}

#[test]
fn the_findings_show_the_cell_and_the_rows_around_it() {
    let folder = year_folder("findings", true);
    let served = Served::start(&folder);
    let html = served.get("/findings").text();
    assert!(html.contains("<h2>部署ごとの提出状況</h2>") && html.contains(seed::HQ), "{html}");
    assert!(html.contains(&format!("<h3>progress/{}.xlsx</h3>", seed::HQ)), "the file of the finding");
    assert!(html.contains("<strong>エラー</strong>"), "its severity");
    assert!(html.contains("<mark>済</mark>"), "the cell as the department wrote it, marked");
    assert!(html.contains("の前後の行（部署が書いたとおり）"));
    // The same finding as `kyodo check` gives, in its words.
    let check = kyodo(&[
        Path::new("check"),
        Path::new("--plan"),
        &folder.join("plan.xlsx"),
        &folder.join("progress"),
    ]);
    let line = check.stdout.lines().find(|l| l.contains("済")).expect("check names the grade");
    let message = line.split_once(": ").unwrap().1.split("（項目：").next().unwrap();
    assert!(html.contains(&escape(message).to_string()) || html.contains(message), "{message}");
    let reports = served.get("/reports").text();
    assert!(
        reports.contains("エラーがあっても作る（--force と同じ）") && reports.contains("未提出"),
        "force says what it does"
    );
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn the_reports_are_those_of_kyodo_report() {
    let folder = year_folder("reports", false);
    let served = Served::start(&folder);
    assert!(served.get("/reports").text().contains("まだ作っていません"));
    let made = served.post("/make");
    assert_eq!(made.status, 303);
    let page = served.get("/reports").text();
    // A drop's names, in the year's folder beside.
    let link = format!("/out/{}?download=1", encode("進捗状況報告書.pdf"));
    assert!(page.contains("報告書を作りました") && page.contains(&link), "{page}");
    assert!(folder.parent().unwrap().join("令和6年度_報告書/進捗状況報告書.pdf").is_file());
    let pdf = served.get(&link);
    assert!(pdf.head.contains("Content-Type: application/pdf"));
    assert!(pdf.head.contains("Content-Disposition: attachment"));
    let preview = served.get(&format!("/out/{}", encode("進捗状況報告書.html")));
    assert!(preview.text().contains("<main class=\"kyodo\">"), "the web page previewed as it is");

    let out = folder.parent().unwrap().join("cli");
    let plan = folder.join("plan.xlsx");
    let progress = folder.join("progress");
    let args = every_report(&out, &[Path::new("--plan"), &plan, &progress]);
    assert_eq!(kyodo(&args).code, 0);
    assert!(pdf.body == std::fs::read(out.join("official.pdf")).unwrap(), "the served PDF is kyodo report's");
    for (served_as, name) in [
        ("進捗状況一覧.xlsx", "official.xlsx"),
        ("進捗状況一覧.csv", "official.csv"),
        ("広報原稿.pdf", "koho.pdf"),
        ("委員会資料.pdf", "committee.pdf"),
    ] {
        let body = served.get(&format!("/out/{}", encode(served_as))).body;
        assert!(body == std::fs::read(out.join(name)).unwrap(), "{name}");
    }

    let returns = served.post("/returns");
    assert_eq!(returns.status, 303);
    let handoff = served.get("/handoff").text();
    assert!(handoff.contains("差し戻し") && handoff.contains("督促一覧"), "{handoff}");
    let forms = served.post("/forms");
    assert_eq!(forms.status, 303);
    let handoff = served.get("/handoff").text();
    assert!(handoff.contains("様式を作りました") && handoff.contains("/out-forms/"), "{handoff}");
}

#[test]
fn the_hand_offs_go_where_a_drop_writes_them_and_are_served_from_there() {
    let folder = year_folder("handoffs", true);
    let beside = folder.parent().unwrap().to_path_buf();
    let served = Served::start(&folder);
    let returns = beside.join("令和6年度_差し戻し");
    let page = served.get("/handoff").text();
    assert!(page.contains("令和6年度_差し戻し") && page.contains("令和6年度_様式"), "says where: {page}");

    assert_eq!(served.post("/returns").status, 303);
    let mut names: Vec<String> = std::fs::read_dir(&returns)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    names.sort();
    assert!(names.iter().any(|n| n.starts_with("督促一覧")), "{names:?}");
    assert!(!beside.join("令和6年度_報告書").exists(), "nothing under the reports' folder");
    let handoff = served.get("/handoff").text();
    for name in &names {
        let link = format!("/out-returns/{}?download=1", encode(name));
        assert!(handoff.contains(&link), "{link} in {handoff}");
        let reply = served.get(&link);
        assert_eq!(reply.status, 200, "{name}");
        assert_eq!(reply.body, std::fs::read(returns.join(name)).unwrap(), "{name}");
    }
    assert!(handoff.contains("メールに貼り付ける文"), "the reminder list's text");

    // A drop of the folder with errors writes the same files into the same folder (the
    // workbooks' ZIP entries carry the time they were written; the reminder text is the same).
    let reminders = format!("{}.txt", kyodo::returns::REMINDERS);
    let served_text = std::fs::read(returns.join(&reminders)).unwrap();
    std::fs::remove_dir_all(&returns).unwrap();
    assert_eq!(kyodo(&[&folder]).code, 1);
    let mut dropped: Vec<String> = std::fs::read_dir(&returns)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into())
        .collect();
    dropped.sort();
    assert_eq!(dropped, names, "the drop's returns");
    assert!(std::fs::read(returns.join(&reminders)).unwrap() == served_text, "the reminder list");

    assert_eq!(served.post("/forms").status, 303);
    let forms = beside.join("令和6年度_様式");
    let form = std::fs::read_dir(&forms).unwrap().flatten().next().expect("a form").file_name();
    let form = form.to_string_lossy();
    assert_eq!(served.get(&format!("/out-forms/{}", encode(&form))).status, 200, "{form}");
    // A drop of the folder holding the year's folders never reads a blank form as a report.
    let (files, skipped) = kyodo::intake::list_dropped(std::slice::from_ref(&beside)).unwrap();
    assert!(files.iter().chain(&skipped).all(|f| !f.starts_with(&forms)), "{files:?}");
    assert!(files.iter().any(|f| f.starts_with(&folder)), "the year's own files are read: {files:?}");
    // Each folder is a root of its own: nothing climbs from one to the other or out.
    for path in
        ["/out-returns/..%2Fyear%2Fplan.xlsx", "/out-forms/../year/plan.xlsx", "/out-returns/%2e%2e/secret"]
    {
        assert_eq!(served.get(path).status, 403, "{path}");
    }
}

#[test]
fn the_settings_form_saves_kyodo_toml_and_the_reports_follow() {
    let folder = year_folder("settings", false);
    std::fs::write(folder.join("kyodo.toml"), "[indicators]\nrate_decimals = 0\n").unwrap();
    let served = Served::start(&folder);
    let page = served.get("/settings").text();
    assert!(page.contains("name=\"city\"") && page.contains("name=\"code0\" value=\"A\""), "{page}");
    assert!(page.contains("白黒印刷") && page.contains("rate_decimals = 0"), "greyscale and the file's text");

    // A colour the settings cannot read is refused, in Japanese, and nothing is saved.
    let bad = "city=%E5%AE%87%E4%BD%90%E5%B8%82&title=&code0=A&label0=x&color0=red&counts0=1&code1=&label1=&color1=%23808080";
    assert_eq!(served.post_form("/settings", bad).status, 303);
    let refused = served.get("/settings").text();
    assert!(refused.contains("実行の結果") && !refused.contains("に保存しました"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(folder.join("kyodo.toml")).unwrap(),
        "[indicators]\nrate_decimals = 0\n"
    );

    let form = "city=%E5%AE%87%E4%BD%90%E5%B8%82&title=&code0=A&label0=%E9%A0%86%E8%AA%BF&color0=%23112233&counts0=1&ontrack0=1\
                &code1=B&label1=%E3%81%8A%E3%81%8A%E3%82%80%E3%81%AD&color1=%23445566&counts1=1\
                &code2=C&label2=c&color2=%23778899&counts2=1&code3=D&label3=d&color3=%23aabbcc&counts3=1\
                &code4=%E5%AE%8C%E4%BA%86&label4=%E5%AE%8C%E4%BA%86&color4=%23808080\
                &col-grade=%E8%87%AA%E5%B7%B1%E5%88%A4%E5%AE%9A%E3%80%81%E5%88%A4%E5%AE%9A";
    assert_eq!(served.post_form("/settings", form).status, 303);
    let saved = std::fs::read_to_string(folder.join("kyodo.toml")).unwrap();
    assert!(saved.contains("name = \"宇佐市\"") && saved.contains("rate_decimals = 0"), "{saved}");
    assert!(
        saved.contains("\"#112233\"") && saved.contains("counts = false") && saved.contains("\"自己判定\""),
        "{saved}"
    );
    assert!(served.get("/settings").text().contains("に保存しました"));
    // The next report is the new settings': the city is the page's author.
    assert_eq!(served.post("/make").status, 303);
    let html = served.get(&format!("/out/{}", encode("進捗状況報告書.html"))).text();
    assert!(html.contains("<meta name=\"author\" content=\"宇佐市\">"), "{}", &html[..600.min(html.len())]);
}

#[test]
fn in_a_browser_every_page_passes_axe_and_the_pdf_downloads() {
    let folder = year_folder("browser", true);
    let Some(mut node) = common::browser::node("the browser test of kyodo serve") else { return };
    let served = Served::start(&folder);
    let downloads = folder.parent().unwrap().join("downloads");
    let shots = std::env::var_os("KYODO_SHOTS").map_or(folder.parent().unwrap().join("shots"), PathBuf::from);
    std::fs::create_dir_all(&shots).unwrap();
    let run = node
        .arg("serve.mjs")
        .arg(&served.address)
        .arg(&downloads)
        .arg(&shots)
        .arg("<mark>済</mark>")
        .output()
        .expect("node runs");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{report}\n{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(report.lines().filter(|l| l.contains("\"ok\":true")).count(), 5, "{report}");

    // The PDF the browser downloaded is `kyodo report --force`'s.
    let out = folder.parent().unwrap().join("cli");
    let plan = folder.join("plan.xlsx");
    let progress = folder.join("progress");
    let p = Path::new;
    let args = [p("report"), p("--force"), p("-o"), &out, p("--plan"), &plan, &progress];
    assert_eq!(kyodo(&args).code, 1);
    let downloaded =
        std::fs::read(downloads.join("進捗状況報告書.pdf")).expect("the browser downloaded the PDF");
    assert!(
        downloaded == std::fs::read(out.join("official.pdf")).unwrap(),
        "the downloaded PDF is kyodo report's"
    );
}

#[test]
fn another_folder_can_be_chosen_and_the_served_files_follow_it() {
    let folder = year_folder("choose", false);
    let beside = folder.parent().unwrap();
    let other = beside.join("令和5年度");
    std::fs::create_dir_all(&other).unwrap();
    seed::write_plan(&other.join("計画.xlsx"));
    std::fs::create_dir_all(beside.join("令和6年度_報告書")).unwrap();
    let served = Served::start(&folder);
    let page = served.get("/").text();
    assert!(page.contains("別のフォルダを開く") && page.contains("action=\"/folder\""), "{page}");
    assert!(page.contains(&escape(&other.to_string_lossy())), "the folder beside is offered: {page}");
    assert!(!page.contains(">令和6年度_報告書<"), "kyodo's own output folders are not offered");

    // A path that is no folder, or nothing, is refused in Japanese; the folder stays.
    for (body, said) in [
        ("path=%2Fno%2Fsuch%2Ffolder", "見つかりません"),
        (
            &format!("path={}", utf8_percent(&folder.join("plan.xlsx").to_string_lossy()))[..],
            "フォルダではありません",
        ),
        ("path=", "フォルダを選ぶか"),
    ] {
        assert_eq!(served.post_form("/folder", body).status, 303);
        let page = served.get("/").text();
        assert!(page.contains(said) && page.contains("plan.xlsx"), "{body}: {page}");
    }
    // Only from the page itself.
    let chosen = format!("folder={}", utf8_percent(&other.to_string_lossy()));
    let headers = [format!("Host: {}", served.host()), format!("Cookie: {}", served.cookie())];
    assert_eq!(served.send_body("POST", "/folder", &headers, &chosen).status, 403, "no Origin");
    assert!(served.get("/").text().contains("progress/"), "still the first folder");

    assert_eq!(served.post_form("/folder", &chosen).status, 303);
    let page = served.get("/").text();
    assert!(page.contains("を開きました") && page.contains("計画.xlsx"), "{page}");
    let plan = served.get(&format!("/files/{}", encode("計画.xlsx")));
    assert_eq!(plan.body, std::fs::read(other.join("計画.xlsx")).unwrap(), "the new folder's files");
    assert_eq!(served.get("/files/plan.xlsx").status, 404, "not the last folder's any more");
    // A path typed in, quoted as Explorer's 「パスのコピー」 gives it, goes back.
    let typed = format!(
        "path=%22{}%22&folder={}",
        utf8_percent(&folder.to_string_lossy()),
        utf8_percent(&other.to_string_lossy())
    );
    assert_eq!(served.post_form("/folder", &typed).status, 303);
    assert_eq!(served.get("/files/plan.xlsx").status, 200, "the typed path wins over the picked one");
}

#[test]
fn the_settings_are_checked_as_typed_without_saving() {
    let folder = year_folder("check", false);
    let served = Served::start(&folder);
    let page = served.get("/settings").text();
    assert!(
        page.contains("data-check=\"/settings/check\"")
            && page.contains("<script src=\"/check.js\"></script>"),
        "{page}"
    );
    assert!(page.contains("id=\"settings-check\" role=\"status\""), "a live region for the message");
    let script = served.get("/check.js");
    assert!(script.head.contains("Content-Type: text/javascript"), "{}", script.head);
    assert!(script.text().contains("data-check") && script.text().contains("aria-invalid"));

    let good = "city=%E5%AE%87%E4%BD%90%E5%B8%82&code0=A&label0=a&color0=%23112233&counts0=1";
    let reply = served.post_form("/settings/check", good);
    assert_eq!((reply.status, reply.text()), (200, String::new()), "a form that reads: no message");
    let bad = "city=&code0=A&label0=a&color0=%E8%B5%A4&counts0=1";
    let reply = served.post_form("/settings/check", bad);
    assert_eq!(reply.status, 200);
    let message = reply.text();
    assert!(message.contains("赤") && message.contains("kyodo.toml"), "the library's message: {message}");
    assert!(!message.contains(".check"), "the trial file is not named: {message}");
    let none = served.post_form("/settings/check", "code0=&label0=");
    assert!(none.text().contains("コードのある段が一つもありません"), "{}", none.text());
    assert!(!folder.join("kyodo.toml").exists(), "nothing saved");
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 2, "no trial file left: {left:?}");
    let headers = [format!("Host: {}", served.host()), format!("Cookie: {}", served.cookie())];
    assert_eq!(served.send_body("POST", "/settings/check", &headers, bad).status, 403, "no Origin");
}

#[test]
fn a_page_answers_while_another_request_is_under_way() {
    let folder = year_folder("workers", false);
    let served = Served::start(&folder);
    // A settings check whose form waits for the server's 100 Continue: once that comes, a
    // worker is reading the form, and holds the request until the form is sent.
    let form = "city=&code0=A&label0=a&color0=%E8%B5%A4&counts0=1";
    let mut held = TcpStream::connect(("127.0.0.1", served.port)).unwrap();
    let head = format!(
        "POST /settings/check HTTP/1.1\r\nConnection: close\r\nHost: {}\r\nCookie: {}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
        served.host(),
        served.cookie(),
        served.origin(),
        form.len()
    );
    held.write_all(head.as_bytes()).unwrap();
    // Hang guards only: nothing here is timed.
    let patience = Some(Duration::from_secs(120));
    held.set_read_timeout(patience).unwrap();
    let mut continued = Vec::new();
    while !continued.ends_with(b"\r\n\r\n") {
        let mut byte = [0];
        held.read_exact(&mut byte).expect("100 Continue: the check is under way");
        continued.push(byte[0]);
    }
    assert!(continued.starts_with(b"HTTP/1.1 100"), "{}", String::from_utf8_lossy(&continued));

    // Meanwhile, the pages answer: one worker is held, the others are not.
    let cookie = [format!("Host: {}", served.host()), format!("Cookie: {}", served.cookie())];
    for path in ["/", "/stamp", "/findings"] {
        let page = served.send_within("GET", path, &cookie, "", patience);
        assert_eq!(page.status, 200, "{path} while a request is under way");
    }
    assert!(served.send_within("GET", "/", &cookie, "", patience).text().contains("フォルダの内容"));
    let refused = served.send_within("GET", "/", std::slice::from_ref(&cookie[0]), "", patience);
    assert_eq!(refused.status, 403, "each worker checks the token");

    // The held check answers once its form comes.
    held.write_all(form.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    held.read_to_end(&mut bytes).expect("the held check answers");
    let reply = Reply::from(bytes);
    assert_eq!(reply.status, 200, "{}", reply.head);
    assert!(reply.text().contains("赤"), "the library's message: {}", reply.text());
}
