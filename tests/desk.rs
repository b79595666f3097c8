//! At the office's desk: kyodo with nothing given in a terminal prints the command line's help
//! (a double-clicked kyodo.exe, a console of its own on Windows, opens the page instead: see
//! `console::double_clicked`); the city's own names (its magazine) come from its settings.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn in_a_terminal_with_nothing_given_it_prints_the_help_and_does_not_wait() {
    // `script` runs kyodo on a terminal of its own, as in a command prompt; what is written to
    // script's stdin is typed on it. A terminal shared with a shell is no double click.
    let bin = env!("CARGO_BIN_EXE_kyodo");
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &format!("'{bin}'"), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    child.stdin.as_mut().unwrap().write_all(b"\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("コマンド:") && shown.contains("serve"), "the command line's help: {shown}");
    assert!(!shown.contains("Enter キーを押すと閉じます"), "no waiting in a terminal: {shown}");
    assert!(!shown.contains("127.0.0.1"), "no page opened: {shown}");
    assert_eq!(out.status.code(), Some(2), "nothing was read: {shown}");
}

#[test]
fn double_clicked_it_says_the_page_opens_and_that_closing_the_window_stops_it() {
    let said = kyodo::cli_text::double_clicked("C:\\Users\\職員\\Desktop\\令和6年度");
    assert!(said.contains("ブラウザで開きます") && said.contains("令和6年度"), "{said}");
    assert!(said.contains("この画面を閉じると、ページも止まります"), "{said}");
    assert!(said.contains("ドラッグ＆ドロップ"), "the drop still works: {said}");
}

#[test]
fn without_a_console_it_prints_the_command_lines_help() {
    let out = Command::new(env!("CARGO_BIN_EXE_kyodo")).stdin(Stdio::null()).output().unwrap();
    let help = String::from_utf8_lossy(&out.stderr);
    assert!(!help.contains("この画面を閉じると") && help.contains("コマンド:"), "{help}");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_magazine_is_named_from_the_settings() {
    let dir = common::tempdir("desk", "magazine");
    let settings = dir.join("kyodo.toml");
    let config = |toml: &str| {
        std::fs::write(&settings, toml).unwrap();
        let run = common::kyodo(&["--config", settings.to_str().unwrap(), "config"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
    };
    let listed = config("[city]\nname = \"豊田市\"\n");
    assert!(listed.contains("広報豊田市向けの要約"), "「広報」 and the city: {listed}");
    let listed = config("[city]\nname = \"豊田市\"\nmagazine = \"広報とよた\"\n");
    assert!(listed.contains("広報とよた向けの要約"), "the name given: {listed}");
    let listed = config("[city]\nmagazine = \"広報とよた\"\n");
    assert!(listed.contains("広報とよた向けの要約"), "a magazine without a city: {listed}");
    let listed = config("# no city\n");
    assert!(
        listed.contains("「広報」向けの要約") || listed.contains("広報向けの要約"),
        "no built-in city: {listed}"
    );
    assert!(!listed.contains("対馬"), "{listed}");
    let help = common::kyodo(&["report", "--help"]).stdout;
    assert!(help.contains("広報紙向けの要約") && !help.contains("つしま"), "{help}");
}
