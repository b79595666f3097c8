//! The settings page of `kyodo serve`: a form for what a city changes (its name, the plan's
//! title, the grading scale with its colours, codes that are not grades, the names its sheets
//! give the columns), saved as the folder's `kyodo.toml`. The form is checked on the server by
//! the library's own reading of settings ([`Config::with_files`]), so a file the page saves is
//! one every command reads; whatever else the file held (marks, PDF, fonts) is kept.

use crate::config::{Config, Field};
use crate::render::html::escape;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// The settings file's name in the folder.
pub const FILE: &str = "kyodo.toml";

/// Empty rows of the scale offered below the steps there are.
const SPARE_ROWS: usize = 2;

/// The form, filled in from the settings in force, with the file's text below it.
pub fn form(config: &Config, folder: &Path) -> String {
    let path = folder.join(FILE);
    let text = std::fs::read_to_string(&path).ok();
    let columns =
        text.as_deref().and_then(|t| t.parse::<toml::Table>().ok()).and_then(|t| t.get("columns").cloned());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>市が変える設定を、このフォルダの <strong>{FILE}</strong> に保存します。保存すると、このフォルダの点検と報告書はこの設定で作ります\
         （ファイルにある、ここにない設定はそのまま残します）。</p>\n\
         <form method=\"post\" action=\"/settings\" data-check=\"/settings/check\">\n<h2>市と計画</h2>\n\
         <p><label for=\"city\">市の名前（表紙・PDF の作成者）</label><br><input type=\"text\" id=\"city\" name=\"city\" value=\"{}\" size=\"30\"></p>\n\
         <p><label for=\"title\">計画の名前（シートに書かれていないとき）</label><br><input type=\"text\" id=\"title\" name=\"title\" value=\"{}\" size=\"50\"></p>",
        escape(&config.city),
        escape(&config.title)
    );
    scale(&mut out, config);
    out.push_str(
        "<h2>列の名前</h2>\n<p>シートの列の名前が既定の名前と違うときに、市の書き方を読点（、）か「,」で区切って足します（既定の名前に加わります）。</p>\n\
         <div class=\"serve-columns\">\n",
    );
    for field in Field::ALL {
        let key = field.config_key();
        let value = columns
            .as_ref()
            .and_then(|c| c.get(key))
            .and_then(toml::Value::as_array)
            .map(|names| names.iter().filter_map(toml::Value::as_str).collect::<Vec<_>>().join("、"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "<p><label for=\"col-{key}\">{}</label><br><input type=\"text\" id=\"col-{key}\" name=\"col-{key}\" value=\"{}\" size=\"40\"></p>",
            escape(field.label()),
            escape(&value)
        );
    }
    // The live region where check.js says what the library makes of the form as it is typed.
    out.push_str(
        "</div>\n<p class=\"serve-check\" id=\"settings-check\" role=\"status\"></p>\n\
         <p><button type=\"submit\">確かめて保存する</button></p>\n</form>\n<script src=\"/check.js\"></script>\n",
    );
    let _ = writeln!(out, "<h2>{FILE} の中身</h2>");
    match text {
        Some(text) => {
            let _ = writeln!(
                out,
                "<pre class=\"serve-mail\" tabindex=\"0\" aria-label=\"{FILE} の中身\">{}</pre>",
                escape(&text)
            );
        }
        None => out.push_str("<p>このフォルダにはまだありません（組み込みの既定値で読んでいます）。</p>\n"),
    }
    out
}

/// The grading scale: one row per step (code, words, colour, counted, on track), each colour
/// shown beside its grey as a black-and-white printer prints it.
fn scale(out: &mut String, config: &Config) {
    out.push_str(
        "<h2>評価の尺度</h2>\n<p>上から良い順に並べます。コードを空にした行は使いません。「数える」を外したコード（完了・中止など）は評価として数えません。</p>\n\
         <div class=\"kyodo-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"scale\">\n<table>\n<caption id=\"scale\">評価の尺度と色</caption>\n\
         <thead><tr><th scope=\"col\">段階</th><th scope=\"col\">コード</th><th scope=\"col\">説明</th><th scope=\"col\">色</th>\
         <th scope=\"col\">白黒印刷</th><th scope=\"col\">評価として数える</th><th scope=\"col\">順調と数える</th></tr></thead>\n<tbody>\n",
    );
    let rows = config.grades.len() + SPARE_ROWS;
    for i in 0..rows {
        let grade = config.grades.get(i);
        let code = grade.map_or("", |g| g.code.as_str());
        let label = grade.map_or("", |g| g.label.as_str());
        let color = grade.map_or((128, 128, 128), |g| (g.color.0, g.color.1, g.color.2));
        let hex = format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2);
        let grey = grey(color);
        let counts = grade.is_none_or(|g| g.counts);
        let on_track = grade.is_some_and(|g| config.on_track.contains(&g.code));
        let checked = |on: bool| if on { " checked" } else { "" };
        let n = i + 1;
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{n}</th>\
             <td><input type=\"text\" name=\"code{i}\" value=\"{}\" size=\"6\" aria-label=\"{n}段目のコード\"></td>\
             <td><input type=\"text\" name=\"label{i}\" value=\"{}\" size=\"16\" aria-label=\"{n}段目の説明\"></td>\
             <td><input type=\"color\" name=\"color{i}\" value=\"{hex}\" aria-label=\"{n}段目の色\"> <span class=\"serve-swatch\" style=\"background:{hex}\"></span> {hex}</td>\
             <td><span class=\"serve-swatch\" style=\"background:rgb({grey},{grey},{grey})\"></span> 灰色 {}％</td>\
             <td><input type=\"checkbox\" name=\"counts{i}\" value=\"1\"{} aria-label=\"{n}段目を評価として数える\"></td>\
             <td><input type=\"checkbox\" name=\"ontrack{i}\" value=\"1\"{} aria-label=\"{n}段目を順調と数える\"></td></tr>",
            escape(code),
            escape(label),
            (100 - u32::from(grey) * 100 / 255),
            checked(counts),
            checked(on_track),
        );
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

/// The grey a black-and-white printer gives a colour (ITU-R BT.601 luma).
fn grey((r, g, b): (u8, u8, u8)) -> u8 {
    ((299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000) as u8
}

/// The form's fields as sent (`application/x-www-form-urlencoded`), decoded.
fn fields(body: &str) -> Vec<(String, String)> {
    body.split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter_map(|(k, v)| Some((super::guard::decode(k)?, super::guard::decode(&v.replace('+', " "))?)))
        .collect()
}

/// The settings file's text with the form's values in place of what it held.
///
/// # Errors
/// A Japanese sentence when the folder's file cannot be read as settings, or the form's values
/// are not settings the library reads (an unknown colour, a scale without a grade that counts).
pub fn text(folder: &Path, body: &str) -> Result<String, String> {
    let form = fields(body);
    let get = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string());
    let path = folder.join(FILE);
    let mut table = match std::fs::read_to_string(&path) {
        Ok(text) => text
            .trim_start_matches('\u{feff}')
            .parse::<toml::Table>()
            .map_err(|e| format!("{FILE} が設定として読めません（{e}）"))?,
        Err(_) => toml::Table::new(),
    };
    let mut set = |section: &str, key: &str, value: Option<toml::Value>| {
        let entry = table.entry(section).or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if let (Some(t), Some(v)) = (entry.as_table_mut(), value) {
            t.insert(key.to_string(), v);
        }
    };
    set("city", "name", get("city").filter(|c| !c.is_empty()).map(toml::Value::String));
    set("report", "title", get("title").filter(|t| !t.is_empty()).map(toml::Value::String));
    let mut steps = Vec::new();
    let mut on_track = Vec::new();
    for i in 0.. {
        let Some(code) = get(&format!("code{i}")) else { break };
        if code.is_empty() {
            continue;
        }
        let mut step = toml::Table::new();
        step.insert("code".into(), code.clone().into());
        step.insert("label".into(), get(&format!("label{i}")).unwrap_or_default().into());
        if let Some(color) = get(&format!("color{i}")) {
            step.insert("color".into(), color.to_ascii_uppercase().into());
        }
        if get(&format!("counts{i}")).is_none() {
            step.insert("counts".into(), false.into());
        }
        if get(&format!("ontrack{i}")).is_some() {
            on_track.push(toml::Value::String(code));
        }
        steps.push(toml::Value::Table(step));
    }
    if steps.is_empty() {
        return Err("評価の尺度に、コードのある段が一つもありません。".into());
    }
    set("grades", "scale", Some(toml::Value::Array(steps)));
    set("grades", "on_track", Some(toml::Value::Array(on_track)));
    let mut columns = toml::Table::new();
    for field in Field::ALL {
        let names: Vec<toml::Value> = get(&format!("col-{}", field.config_key()))
            .unwrap_or_default()
            .split(['、', ','])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| toml::Value::String(n.to_string()))
            .collect();
        if !names.is_empty() {
            columns.insert(field.config_key().to_string(), toml::Value::Array(names));
        }
    }
    table.remove("columns");
    if !columns.is_empty() {
        table.insert("columns".into(), toml::Value::Table(columns));
    }
    let text = toml::to_string(&table).map_err(|e| e.to_string())?;
    check(folder, &text)?;
    Ok(text)
}

/// Reads `text` as every command will read the folder's file: a file beside it in the folder,
/// so its relative paths (fonts) are the folder's; removed after.
fn check(folder: &Path, text: &str) -> Result<(), String> {
    let trial: PathBuf = folder.join(format!(".{FILE}.{}.check", std::process::id()));
    std::fs::write(&trial, text).map_err(|e| crate::text::io_message(&e).to_string())?;
    let read = Config::with_files(&[trial.as_path()]);
    let _ = std::fs::remove_file(&trial);
    read.map(drop).map_err(|e| e.to_string().replace(&crate::text::shown_path(&trial), FILE))
}
