#!/usr/bin/env bash
# Makes the pictures of the guide (README.md) again from the sample in input/:
#   docs/report-page.png     a page of the official report (page 4, the first 施策 after the summary)
#   docs/koho-page.png       the 広報 page
#   docs/committee-page.png  the first page of the committee handout
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
  --previous input/令和5年度 --kind all --format pdf -q -o "$out" input/progress >/dev/null
# 90 dpi: an A4 landscape page is about 1,050 pixels wide, legible in the README.
page() { pdftoppm -png -r 90 -f "$2" -l "$2" -singlefile "$out/$1.pdf" "docs/$3"; }
page official 4 report-page
page koho 1 koho-page
page committee 1 committee-page
echo "docs/report-page.png docs/koho-page.png docs/committee-page.png"
