//! The pages of `kyodo serve`, written on the server as HTML: they show what the library read,
//! checked and wrote, in its own words ([`crate::import::inspect`], the findings, the files of
//! [`crate::run`]), and decide nothing. Every word from a file is escaped.
//!
//! Each page is whole without scripts: its links and forms work by themselves. Two small
//! scripts, served from the binary, only add: `poll.js` tells, in a live region, that the
//! folder's files changed; `check.js` checks the settings form as it is typed.

use crate::diag::{Diagnostic, Severity};
use crate::import::grid::Grid;
use crate::import::inspect::{role_label, FileView, SheetView};
use crate::import::FileId;
use crate::intake::DropFolder;
use crate::render::html::escape;
use crate::report::{Format, Kind};
use crate::run::Folder;
use crate::text::{shown_path, CellRef};
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::guard::encode;

/// The pages, in the order of the navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The folder and how each file was read.
    Folder,
    /// Who has reported and what is wrong.
    Findings,
    /// The reports, previewed and downloaded.
    Reports,
    /// Forms, returns and reminders for the departments.
    Handoff,
    /// The city's settings.
    Settings,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Folder, Tab::Findings, Tab::Reports, Tab::Handoff, Tab::Settings];

    /// The page's address.
    pub fn href(self) -> &'static str {
        match self {
            Tab::Folder => "/",
            Tab::Findings => "/findings",
            Tab::Reports => "/reports",
            Tab::Handoff => "/handoff",
            Tab::Settings => "/settings",
        }
    }

    /// The page's title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Folder => "フォルダの内容",
            Tab::Findings => "提出状況と要修正",
            Tab::Reports => "報告書",
            Tab::Handoff => "部署への送付",
            Tab::Settings => "設定",
        }
    }
}

/// The style sheet: the web report's, and what the pages add (navigation, buttons).
const STYLE: &str = include_str!("page.css");

/// A whole page: the navigation with `tab` current, then `body` inside `<main>`. `stamp` is
/// the state of the folder's files the page shows, for the script that tells of a change.
pub fn page(tab: Option<Tab>, title: &str, folder: &Path, stamp: Option<&str>, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 8 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} － kyodo</title>\n<style>\n{}{STYLE}</style>\n</head>\n<body>\n\
         <a class=\"serve-skip\" href=\"#main\">本文へ移動</a>\n<header class=\"serve-bar\">\n\
         <p class=\"serve-app\">kyodo <span class=\"serve-folder\">{}</span></p>\n<nav aria-label=\"ページの切り替え\">\n<ul>\n",
        escape(title),
        crate::render::html::STYLE,
        escape(&shown_path(folder)),
    );
    for t in Tab::ALL {
        let current = if Some(t) == tab { " aria-current=\"page\"" } else { "" };
        let _ = writeln!(out, "<li><a href=\"{}\"{current}>{}</a></li>", t.href(), t.title());
    }
    out.push_str(
        "</ul>\n</nav>\n<form method=\"post\" action=\"/quit\" class=\"serve-quit\">\
         <button type=\"submit\">終了</button></form>\n</header>\n",
    );
    let _ = writeln!(out, "<main id=\"main\" class=\"kyodo\">\n<h1>{}</h1>", escape(title));
    if let Some(stamp) = stamp {
        let _ = writeln!(
            out,
            "<p class=\"serve-changed\" id=\"changed\" role=\"status\" data-stamp=\"{stamp}\"></p>\n\
             <p><a href=\"\">最新の状態に更新</a>（フォルダのファイルが変わったときに押してください）</p>"
        );
    }
    out.push_str(body);
    out.push_str("</main>\n");
    if stamp.is_some() {
        out.push_str("<script src=\"/poll.js\"></script>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// The folder's page: every file and how it was read, what was not read and why.
pub fn folder(folder: &Folder, notices: &[String], root: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>このフォルダの表計算ファイルを、kyodo.exe にドロップしたときと同じように読みました。\
         シートごとに、見出しの行、各列をどう読んだか、年度、項目の行数を示します。</p>"
    );
    if !notices.is_empty() {
        out.push_str("<h2>読み込みの結果</h2>\n<ul>\n");
        for n in notices {
            let _ = writeln!(out, "<li>{}</li>", lines(n));
        }
        out.push_str("</ul>\n");
    }
    let _ = writeln!(out, "<h2>読んだファイル（{} 件）</h2>", folder.views.len());
    for (n, view) in folder.views.iter().enumerate() {
        file_view(&mut out, view, n, root);
    }
    if !folder.skipped.is_empty() {
        out.push_str("<h2>読まなかったファイル</h2>\n<p>表計算ファイル（.xlsx .xlsm .xls .xlsb .ods .csv）ではないため読みません。</p>\n<ul>\n");
        for path in &folder.skipped {
            let _ = writeln!(out, "<li>{}</li>", file_link(path, root));
        }
        out.push_str("</ul>\n");
    }
    out
}

/// A link to a file of the folder (downloaded as it is), or its name where it is not inside.
fn file_link(path: &Path, root: &Path) -> String {
    match relative(path, root) {
        Some(rel) => format!("<a href=\"/files/{}\">{}</a>", encode(&rel), escape(&rel)),
        None => escape(&shown_path(path)),
    }
}

/// `path` relative to `root`, `/`-separated.
pub fn relative(path: &Path, root: &Path) -> Option<String> {
    let absolute = std::path::absolute(path).ok()?;
    let canonical = absolute.canonicalize().unwrap_or(absolute);
    let rest = canonical.strip_prefix(root).ok()?;
    let parts: Vec<String> =
        rest.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

fn file_view(out: &mut String, view: &FileView, n: usize, root: &Path) {
    let shown = relative(Path::new(&view.path), root).unwrap_or_else(|| view.path.clone());
    let _ = writeln!(out, "<h3>{}</h3>", escape(&shown));
    if let Some(error) = &view.error {
        let _ = writeln!(out, "<p class=\"kyodo-alert\">読めません：{}</p>", escape(error));
    }
    out.push_str("<ul class=\"serve-sheets\">\n");
    for (s, sheet) in view.sheets.iter().enumerate() {
        out.push_str("<li>");
        sheet_view(out, sheet, &format!("f{n}s{s}"));
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n");
}

fn sheet_view(out: &mut String, sheet: &SheetView, id: &str) {
    let name = escape(&sheet.name);
    if let Some(why) = &sheet.why {
        let _ = writeln!(out, "<p>シート「{name}」：読みませんでした（{}）</p>", escape(why));
        return;
    }
    let rows: Vec<String> = sheet.header_rows.iter().map(u32::to_string).collect();
    let year = sheet.year.as_ref().map(|y| format!("、{}", escape(y))).unwrap_or_default();
    let layout = if sheet.layout == "form" { "個票" } else { "表" };
    let _ = writeln!(
        out,
        "<p>シート「{name}」：{layout}（見出し {} 行目{year}）、項目 {} 行、うち進捗の報告 {} 行</p>",
        rows.join("・"),
        sheet.items,
        sheet.reports
    );
    let _ = writeln!(
        out,
        "<details><summary>列の読み方（{} 列）</summary>\n<div class=\"kyodo-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"{id}\">\n\
         <table>\n<caption id=\"{id}\">シート「{name}」の列</caption>\n<thead><tr><th scope=\"col\">列</th><th scope=\"col\">見出し</th>\
         <th scope=\"col\">読み方</th><th scope=\"col\">年度</th><th scope=\"col\">説明</th></tr></thead>\n<tbody>",
        sheet.columns.len()
    );
    for c in &sheet.columns {
        let header =
            if c.header.is_empty() { "（見出しなし）".to_string() } else { escape(&c.header) };
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{header}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&c.column),
            escape(&role_label(&c.role)),
            escape(c.year.as_deref().unwrap_or("")),
            escape(c.note.as_deref().unwrap_or(""))
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n</details>\n");
}

/// The findings' page: per department, what it owes and has reported; per file, each finding
/// with the rows around its cell as the department wrote them.
pub fn findings(folder: &Folder, root: &Path) -> String {
    let loaded = &folder.loaded;
    let errors = loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = loaded.diagnostics.len() - errors;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p class=\"serve-summary\">エラー <strong>{errors}</strong> 件、注意 <strong>{warnings}</strong> 件。{}</p>",
        if errors == 0 { "報告書を作れます。" } else { "エラーがあるうちは報告書を作りません（「報告書」のページで、明示して作ることもできます）。" }
    );
    departments(&mut out, folder);
    out.push_str("<h2>指摘</h2>\n");
    if loaded.diagnostics.is_empty() {
        out.push_str("<p>指摘はありません。</p>\n");
    }
    // One heading a file: by identity, as two inputs may be shown alike; a finding made
    // before reading (a copy, a folder) by the path it names.
    let mut files: Vec<(Option<&FileId>, &str)> = Vec::new();
    for d in &loaded.diagnostics {
        let file = (d.input.as_ref(), d.file.as_str());
        if !files.contains(&file) {
            files.push(file);
        }
    }
    let read = loaded.json_files();
    let inputs: Vec<&FileId> = loaded.files().map(|f| &f.id).collect();
    for (id, file) in files {
        let shown = relative(Path::new(file), root).unwrap_or_else(|| file.to_string());
        let _ = writeln!(out, "<h3>{}</h3>", escape(&shown));
        let counted = id.and_then(|id| read.get(inputs.iter().position(|i| *i == id)?));
        if let Some(counted) = counted {
            let _ = writeln!(
                out,
                "<p class=\"kyodo-note\">{} 行を項目・報告として読みました。</p>",
                counted.items
            );
        }
        out.push_str("<ol class=\"serve-findings\">\n");
        for d in loaded.diagnostics.iter().filter(|d| (d.input.as_ref(), d.file.as_str()) == (id, file)) {
            finding(&mut out, d, cells_of(folder, d));
        }
        out.push_str("</ol>\n");
    }
    out
}

/// The table of departments: items owed, reported, not yet reported (listed).
fn departments(out: &mut String, folder: &Folder) {
    let loaded = &folder.loaded;
    out.push_str("<h2>部署ごとの提出状況</h2>\n");
    if !loaded.plan.has_progress {
        out.push_str(
            "<p>進捗の報告がまだ一つもありません。部署から届いたシートをこのフォルダに入れてください。</p>\n",
        );
    }
    let missing = crate::returns::unreported(loaded);
    let owed = |d: &str| missing.iter().find(|(m, _)| m == d).map_or(&[][..], |(_, items)| &items[..]);
    out.push_str(
        "<div class=\"kyodo-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"departments\">\n<table class=\"kyodo-wide\">\n\
         <caption id=\"departments\">部署ごとの担当項目と報告</caption>\n<thead><tr><th scope=\"col\">部署</th>\
         <th scope=\"col\" class=\"kyodo-number\">担当の項目</th><th scope=\"col\" class=\"kyodo-number\">報告済み</th>\
         <th scope=\"col\" class=\"kyodo-number\">未提出</th><th scope=\"col\">未提出の項目</th></tr></thead>\n<tbody>\n",
    );
    for (department, entries) in loaded.plan.by_department(false) {
        let items = owed(&department);
        let list: Vec<String> = items
            .iter()
            .map(|(no, name)| match no {
                Some(no) => format!("{} {}", escape(no), escape(name)),
                None => escape(name),
            })
            .collect();
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td class=\"kyodo-number\">{}</td><td class=\"kyodo-number\">{}</td>\
             <td class=\"kyodo-number\">{}</td><td>{}</td></tr>",
            escape(&department),
            entries.len(),
            entries.len() - items.len(),
            items.len(),
            if list.is_empty() { "－".to_string() } else { list.join("<br>") }
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The grid of the sheet a finding names, if the run kept it.
fn cells_of<'a>(folder: &'a Folder, d: &Diagnostic) -> Option<&'a Grid> {
    let sheet = d.sheet.as_deref()?;
    let loaded = &folder.loaded;
    let input = loaded.inputs().find(|i| d.is_in(&i.file.id))?;
    input.cells.iter().find(|(name, _)| name == sheet)?.1.as_ref()
}

/// Rows shown above and below a finding's cell.
const AROUND: u32 = 2;
/// Characters of a cell shown before 「…」.
const CELL_CHARS: usize = 40;

fn finding(out: &mut String, d: &Diagnostic, grid: Option<&Grid>) {
    let (class, severity) = match d.severity {
        Severity::Error => ("serve-error", "エラー"),
        Severity::Warning => ("serve-warning", "注意"),
    };
    let place: Vec<String> = [
        d.sheet.as_ref().map(|s| format!("シート「{}」", escape(s))),
        d.cell.map(|c| format!("セル {c}")),
        d.item.as_ref().map(|i| format!("項目「{}」", escape(i))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let _ = writeln!(
        out,
        "<li class=\"{class}\"><p><strong>{severity}</strong>　{}</p>\n<p>{}</p>",
        place.join("、"),
        lines(&d.message)
    );
    if let (Some(grid), Some(at)) = (grid, d.cell) {
        around(out, grid, at, d);
    }
    out.push_str("</li>\n");
}

/// The rows around `at` as the department wrote them, the cell marked.
fn around(out: &mut String, grid: &Grid, at: CellRef, d: &Diagnostic) {
    let CellRef { row, col } = at;
    let first = row.saturating_sub(AROUND).max(grid.first_row());
    let last = (row + AROUND).min(grid.last_row().unwrap_or(row));
    let cols = grid.origin.1..grid.end_col().max(col + 1);
    let cell = at;
    let _ = writeln!(
        out,
        "<details><summary>セル {cell} の前後の行（部署が書いたとおり）</summary>\n\
         <div class=\"kyodo-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"セル {cell} の前後の行\">\n\
         <table class=\"serve-cells\">\n<caption>シート「{}」{}〜{}行目</caption>\n<thead><tr><th scope=\"col\">行</th>",
        escape(d.sheet.as_deref().unwrap_or("")),
        first + 1,
        last + 1
    );
    for c in cols.clone() {
        let _ = write!(out, "<th scope=\"col\">{}</th>", crate::text::column_letters(c));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in first..=last {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", r + 1);
        for c in cols.clone() {
            let text = short(grid.raw(r, c));
            if (r, c) == (row, col) {
                let _ = write!(out, "<td class=\"serve-here\"><mark>{}</mark><span class=\"serve-sr\">（指摘のセル）</span></td>", escape(&text));
            } else {
                let _ = write!(out, "<td>{}</td>", escape(&text));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</details>\n");
}

/// A cell's text cut to [`CELL_CHARS`] characters.
fn short(text: &str) -> String {
    match text.char_indices().nth(CELL_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// One file of the output folder: its name under the folder and its size.
pub struct OutFile {
    /// The name relative to the output folder, `/`-separated.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What the last action wrote, shown on its page.
pub struct Outcome {
    /// The page it belongs to.
    pub tab: Tab,
    /// What happened, in a sentence or two.
    pub message: String,
    /// The notices of the run.
    pub notices: Vec<String>,
    /// The folder the files were written to.
    pub root: DropFolder,
    /// The files written, relative to that folder.
    pub written: Vec<String>,
}

/// Where the server shows the files of each of the year's folders beside the folder: the
/// reports under `/out/`, the returns under `/out-returns/`, the forms under `/out-forms/`.
pub fn prefix(which: DropFolder) -> &'static str {
    match which {
        DropFolder::Reports => "/out/",
        DropFolder::Returns => "/out-returns/",
        DropFolder::Forms => "/out-forms/",
    }
}

/// The reports' page: make them (or, with errors, make them all the same, saying what that
/// means), preview each kind's web page, download each format.
pub fn reports(folder: &Folder, output: &Path, files: &[OutFile], outcome: Option<&Outcome>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>報告書はフォルダ <strong>{}</strong> に書きます（前回のものは置き換えます）。</p>",
        escape(&shown_path(output))
    );
    outcome_view(&mut out, outcome, Tab::Reports);
    let errors = folder.loaded.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    out.push_str("<h2>報告書を作る</h2>\n");
    if errors == 0 {
        out.push_str(
            "<form method=\"post\" action=\"/make\"><p><button type=\"submit\">すべての報告書を作る</button></p></form>\n",
        );
    } else {
        let _ = writeln!(
            out,
            "<p>エラーが {errors} 件あるため、このままでは作りません（<a href=\"/findings\">提出状況と要修正</a>）。</p>\n\
             <form method=\"post\" action=\"/make\">\n<fieldset>\n<legend>エラーがあっても作る（--force と同じ）</legend>\n\
             <p>報告のない項目は「未提出」、書かれていない欄は「未記入」と明示して作ります。読めなかった値（尺度にない評価など）は載りません。\
             計画のどの項目とも照合できなかった行は、公表用の報告書の最後にまとめて載せます。</p>\n\
             <p><input type=\"checkbox\" id=\"force\" name=\"force\" value=\"1\" required> \
             <label for=\"force\">エラーが {errors} 件あることを承知のうえで作ります</label></p>\n\
             <p><button type=\"submit\">エラーがあっても作る</button></p>\n</fieldset>\n</form>"
        );
    }
    for kind in Kind::ALL {
        kind_view(&mut out, folder, kind, files);
    }
    out
}

fn kind_view(out: &mut String, folder: &Folder, kind: Kind, files: &[OutFile]) {
    let what = crate::run::kinds(&folder.loaded.config)
        .into_iter()
        .find(|(k, _, _)| *k == kind.name())
        // The words without the command line's part in brackets (formats, options).
        .map(|(_, _, what)| what.split('（').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let _ = writeln!(out, "<h2>{}</h2>", escape(&what));
    let made: Vec<(&OutFile, Format)> = Format::ALL
        .iter()
        .filter(|f| crate::report::available(kind, **f))
        .filter_map(|f| {
            let name = crate::run::folders::file_name(kind, *f, true);
            files.iter().find(|o| o.name == name).map(|o| (o, *f))
        })
        .collect();
    if made.is_empty() {
        out.push_str("<p>まだ作っていません。</p>\n");
        return;
    }
    if made.iter().any(|(_, f)| *f == Format::Html) {
        let _ = writeln!(
            out,
            "<p><a class=\"serve-preview\" href=\"/out/{}\">ウェブページで見る（プレビュー）</a></p>",
            encode(&crate::run::folders::file_name(kind, Format::Html, true))
        );
    }
    out.push_str("<ul class=\"serve-downloads\">\n");
    for (file, format) in made {
        let _ = writeln!(
            out,
            "<li><a href=\"/out/{}?download=1\">{}をダウンロード</a>（{}、{}）</li>",
            encode(&file.name),
            format.label(),
            escape(&file.name),
            size_label(file.size)
        );
    }
    out.push_str("</ul>\n");
}

fn size_label(size: u64) -> String {
    match size {
        s if s >= 1024 * 1024 => format!("{:.1} MB", s as f64 / (1024.0 * 1024.0)),
        s => format!("{} KB", s.div_ceil(1024)),
    }
}

/// The last action's outcome, on the page `tab` it belongs to.
pub fn outcome_view(out: &mut String, outcome: Option<&Outcome>, tab: Tab) {
    let Some(outcome) = outcome.filter(|o| o.tab == tab) else { return };
    let _ = writeln!(out, "<section class=\"serve-outcome\" aria-labelledby=\"outcome\">\n<h2 id=\"outcome\">実行の結果</h2>\n<p>{}</p>", lines(&outcome.message));
    if !outcome.notices.is_empty() {
        out.push_str("<ul>\n");
        for n in &outcome.notices {
            let _ = writeln!(out, "<li>{}</li>", lines(n));
        }
        out.push_str("</ul>\n");
    }
    if !outcome.written.is_empty() {
        out.push_str("<p>書いたファイル：</p>\n<ul>\n");
        for name in &outcome.written {
            let _ = writeln!(
                out,
                "<li><a href=\"{}{}?download=1\">{}</a></li>",
                prefix(outcome.root),
                encode(name),
                escape(name)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The hand-offs' page: buttons that write the forms and the returns (with the reminder list),
/// saying where (the year's folders beside the folder, where a drop writes them), the files
/// there to download, and the reminder list's text to paste into a mail.
pub fn handoff(folder: &Folder, outcome: Option<&Outcome>, reminders: Option<String>) -> String {
    let mut out = String::new();
    outcome_view(&mut out, outcome, Tab::Handoff);
    let forms = folder.dir(DropFolder::Forms);
    let returns = folder.dir(DropFolder::Returns);
    out.push_str("<h2>記入用の様式</h2>\n");
    match &folder.plan {
        Some(plan) => {
            let _ = writeln!(
                out,
                "<p>計画（{}）から、部署ごとに担当の項目を記入済みの様式（Excel）を作り、フォルダ <strong>{}</strong> に書きます。</p>\n\
                 <form method=\"post\" action=\"/forms\"><p><button type=\"submit\">様式を作る</button></p></form>",
                escape(&shown_path(plan)),
                escape(&shown_path(&forms))
            );
        }
        None => out.push_str("<p>フォルダの中に計画のファイルが見つからないため、様式は作れません。</p>\n"),
    }
    dir_files(&mut out, &forms, DropFolder::Forms, "作った様式");
    out.push_str("<h2>差し戻しと督促一覧</h2>\n");
    let _ = writeln!(
        out,
        "<p>指摘のある部署のファイルの写し（問題のセルに色とメモ、最初のシートに要修正一覧）と、未提出の部署の督促一覧（.txt と .xlsx）を、\
         フォルダ <strong>{}</strong> に書きます（kyodo.exe にドロップしてエラーがあったときと同じフォルダです。前回のものは置き換えます）。</p>\n\
         <form method=\"post\" action=\"/returns\"><p><button type=\"submit\">差し戻しと督促一覧を作る</button></p></form>",
        escape(&shown_path(&returns))
    );
    dir_files(&mut out, &returns, DropFolder::Returns, "差し戻しのファイル");
    if let Some(text) = reminders {
        let _ = writeln!(
            out,
            "<h2>督促一覧（メールに貼り付ける文）</h2>\n<pre class=\"serve-mail\" tabindex=\"0\" aria-label=\"督促一覧の文\">{}</pre>",
            escape(text.trim_start_matches('\u{feff}'))
        );
    }
    out
}

/// The files of one of the year's folders, each a download, under a `caption` paragraph;
/// nothing while the folder holds none.
fn dir_files(out: &mut String, dir: &Path, which: DropFolder, caption: &str) {
    let files = out_files(dir);
    if files.is_empty() {
        return;
    }
    let _ = writeln!(out, "<p>{caption}（{} 件）：</p>\n<ul>", files.len());
    for file in files {
        let _ = writeln!(
            out,
            "<li><a href=\"{}{}?download=1\">{}</a>（{}）</li>",
            prefix(which),
            encode(&file.name),
            escape(&file.name),
            size_label(file.size)
        );
    }
    out.push_str("</ul>\n");
}

/// Escaped text with its line breaks kept.
fn lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("<br>")
}

/// A page that only says something (a refusal, the end).
pub fn message(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} － kyodo</title>\n<style>\n{}</style>\n</head>\n<body>\n<main class=\"kyodo\">\n<h1>{}</h1>\n<p>{}</p>\n</main>\n</body>\n</html>\n",
        escape(title),
        crate::render::html::STYLE,
        escape(title),
        lines(text)
    )
}

/// The files of the output folder (the reports at its top, the hand-offs one folder down).
pub fn out_files(output: &Path) -> Vec<OutFile> {
    let mut files = Vec::new();
    let mut dirs: Vec<(PathBuf, String)> = vec![(output.to_path_buf(), String::new())];
    while let Some((dir, prefix)) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() && prefix.is_empty() {
                dirs.push((entry.path(), format!("{name}/")));
            } else if meta.is_file() {
                files.push(OutFile { name, size: meta.len() });
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}
