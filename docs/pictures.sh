#!/usr/bin/env bash
# Makes the pictures of the guide (README.md) again from the sample in input/:
#   docs/report-page.png     a page of the official report (page 4, the first 施策 after the summary)
#   docs/koho-page.png       the 広報 page
#   docs/committee-page.png  the first page of the committee handout
#   docs/web-{official,koho,committee}.png  each kind's web page at 1366×900 (needs chromium)
# Needs pdftoppm (Debian: poppler-utils). Run from anywhere: bash docs/pictures.sh
# The pages of `kyodo serve` (docs/serve-*.png, 1366×768) are taken by its browser test:
#   KYODO_SHOTS=$PWD/docs cargo test --test serve in_a_browser
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A fixed date of issue, so the pictures change only when the reports do.
export SOURCE_DATE_EPOCH=1751241600
# KYODO=path/to/kyodo uses a binary already built; else the release build.
if [ -n "${KYODO:-}" ]; then kyodo=("$KYODO"); else kyodo=(cargo run --release --quiet --); fi
"${kyodo[@]}" report --plan input/plan.xlsx --previous input/令和4年度 \
  --previous input/令和5年度 --kind all --format all -q -o "$out" input/progress >/dev/null
# 90 dpi: an A4 landscape page is about 1,050 pixels wide, legible in the README.
page() { pdftoppm -png -r 90 -f "$2" -l "$2" -singlefile "$out/$1.pdf" "docs/$3"; }
page official 4 report-page
page koho 1 koho-page
page committee 1 committee-page
echo "docs/report-page.png docs/koho-page.png docs/committee-page.png"

# The web pages, in the bundled fonts (fonts/) where the machine has no Japanese font.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "chromium not found: the web pages' pictures are left as they are"
  exit 0
fi
cat >"$out/fonts.conf" <<CONF
<?xml version="1.0"?>
<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>$PWD/fonts</dir><cachedir>$out/cache</cachedir></fontconfig>
CONF
for k in official koho committee; do
  FONTCONFIG_FILE="$out/fonts.conf" "$chromium" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$out/profile" --hide-scrollbars --window-size=1366,900 \
    --screenshot="docs/web-$k.png" "file://$out/$k.html" >/dev/null 2>&1
done
echo "docs/web-official.png docs/web-koho.png docs/web-committee.png"
