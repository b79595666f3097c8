//! Choosing another folder from the page: the folders beside the one shown, those inside it,
//! the user's desktop and documents, or a path typed in. The choice is a POST (token and
//! Origin checked by [`super::guard`]) and is checked here: a folder that exists, made
//! canonical; the served roots then follow it (its files, the year's folders beside it).

use crate::render::html::escape;
use crate::text::shown_path;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Folders offered in one group, at most.
const MAX_IN_GROUP: usize = 60;

/// A group of folders offered: its heading and the folders, each with the name shown.
struct Group {
    legend: String,
    folders: Vec<(PathBuf, String)>,
}

/// The folders inside `dir`, by name, without hidden ones and the year's folders kyodo writes
/// (「令和6年度_報告書」 is no year's folder to read).
fn subfolders(dir: &Path) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut found: Vec<(PathBuf, String)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.path(), e.file_name().to_string_lossy().into_owned()))
        .filter(|(_, name)| !name.starts_with('.') && !crate::intake::is_drop_folder(name))
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1));
    found.truncate(MAX_IN_GROUP);
    found
}

/// The user's desktop and documents (also under OneDrive, where Windows often keeps them).
fn usual_places() -> Vec<(PathBuf, String)> {
    let home = std::env::var_os("USERPROFILE").or_else(|| std::env::var_os("HOME")).map(PathBuf::from);
    let Some(home) = home else { return Vec::new() };
    let mut places = Vec::new();
    for base in [home.clone(), home.join("OneDrive")] {
        for (name, label) in [("Desktop", "デスクトップ"), ("Documents", "ドキュメント")] {
            let path = base.join(name);
            if path.is_dir() {
                places.push((path.clone(), format!("{label}（{}）", shown_path(&path))));
            }
        }
    }
    places
}

fn groups(current: &Path) -> Vec<Group> {
    let mut groups = Vec::new();
    if let Some(parent) = current.parent() {
        let mut beside = subfolders(parent);
        beside.retain(|(p, _)| p != current);
        groups
            .push(Group {
                legend: format!("同じ場所のフォルダ（{}）", shown_path(parent)), folders: beside
            });
    }
    groups.push(Group {
        legend: "このフォルダの中のフォルダ".into(), folders: subfolders(current)
    });
    let mut usual = usual_places();
    if let Some(parent) = current.parent() {
        usual.insert(0, (parent.to_path_buf(), format!("一つ上のフォルダ（{}）", shown_path(parent))));
    }
    groups.push(Group { legend: "よく使う場所".into(), folders: usual });
    groups.retain(|g| !g.folders.is_empty());
    groups
}

/// The chooser: a form of folders to pick (radio buttons grouped by where they are) and a
/// field for a path, sent to `/folder`.
pub fn form(current: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h2 id=\"choose\">別のフォルダを開く</h2>\n<p>いま開いているフォルダ：<strong>{}</strong></p>\n\
         <form method=\"post\" action=\"/folder\">",
        escape(&shown_path(current))
    );
    let mut n = 0;
    for group in groups(current) {
        let _ = writeln!(
            out,
            "<fieldset>\n<legend>{}</legend>\n<ul class=\"serve-choices\">",
            escape(&group.legend)
        );
        for (path, name) in group.folders {
            let _ = writeln!(
                out,
                "<li><input type=\"radio\" name=\"folder\" id=\"folder{n}\" value=\"{}\"> <label for=\"folder{n}\">{}</label></li>",
                escape(&path.to_string_lossy()),
                escape(&name)
            );
            n += 1;
        }
        out.push_str("</ul>\n</fieldset>\n");
    }
    out.push_str(
        "<p><label for=\"path\">または、フォルダの場所を入力（エクスプローラーの「パスのコピー」を貼り付けてもかまいません）</label><br>\
         <input type=\"text\" id=\"path\" name=\"path\" size=\"60\"></p>\n\
         <p><button type=\"submit\">このフォルダを開く</button></p>\n</form>\n",
    );
    out
}

/// The folder a chooser's form names (the typed path first, else the folder picked), made
/// canonical.
///
/// # Errors
/// A Japanese sentence when nothing was chosen, or the path names no folder.
pub fn chosen(body: &str) -> Result<PathBuf, String> {
    let typed = super::query_value(body, "path").map(|p| p.trim().trim_matches('"').to_string());
    let text = typed
        .filter(|p| !p.is_empty())
        .or_else(|| super::query_value(body, "folder"))
        .ok_or("フォルダを選ぶか、フォルダの場所を入力してください。")?;
    let path = PathBuf::from(&text);
    match path.canonicalize() {
        Ok(folder) if folder.is_dir() => Ok(folder),
        Ok(_) => Err(format!(
            "「{text}」はフォルダではありません（ファイルの入っているフォルダを選んでください）。"
        )),
        Err(_) => Err(format!("「{text}」というフォルダは見つかりません。")),
    }
}
