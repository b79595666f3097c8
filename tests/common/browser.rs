//! Node in tests/browser with headless Chromium and the bundled fonts, for the tests that check
//! pages in a real browser (tests/web.rs, tests/serve.rs).

use std::path::{Path, PathBuf};
use std::process::Command;

/// `node` run in tests/browser with Chromium (KYODO_CHROMIUM, else /usr/bin/chromium) and the
/// bundled fonts, so a page is drawn (and its contrast measured) in BIZ UD where the system has
/// no Japanese font; None, with a message saying what is missing, where Chromium, node or the
/// node modules are missing, unless `CI=true`, where that fails the test.
pub fn node(what: &str) -> Option<Command> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium =
        std::env::var_os("KYODO_CHROMIUM").map_or(PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!chromium.exists()).then_some("chromium (apt-get install chromium)"),
        (!node).then_some("node"),
        (!folder.join("node_modules").exists()).then_some("the node modules (npm ci in tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI needs {}", missing.join(", "));
        eprintln!("skipped: {what} needs {}", missing.join(", "));
        return None;
    }
    let fonts = super::tempdir("browser", what.split_whitespace().last().unwrap_or("fonts"));
    let conf = fonts.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\
             <dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts").display(),
            fonts.join("cache").display()
        ),
    )
    .unwrap();
    let mut command = Command::new("node");
    command.current_dir(&folder).env("KYODO_CHROMIUM", &chromium).env("FONTCONFIG_FILE", &conf);
    Some(command)
}
