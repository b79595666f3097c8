#!/usr/bin/env bash
# Windows: cross-build kyodo.exe (x86_64-pc-windows-gnu, Debian's MinGW-w64) and run it under
# Wine on the sample: its PDFs must be byte for byte the Linux build's, and the drop path
# (`kyodo.exe FOLDER`), `template` and `serve` (its folder page, fetched with curl) must work.
# Called by .ci/run after the tests, which built the Linux binary in the same (dev) profile;
# works on a fresh Debian machine as root.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

if command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq gcc-mingw-w64-x86-64 wine wine64 curl >/dev/null
fi
rustup target add x86_64-pc-windows-gnu >/dev/null
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
cargo build --bin kyodo
cargo build --bin kyodo --target x86_64-pc-windows-gnu
target_dir=${CARGO_TARGET_DIR:-target}
linux="$target_dir/debug/kyodo"
exe_dir="$target_dir/x86_64-pc-windows-gnu/debug"
built=$(date +%s)

work=$(mktemp -d)
serve_pid=""
trap '[ -z "$serve_pid" ] || kill "$serve_pid" 2>/dev/null; wineserver -k >/dev/null 2>&1 || true; sleep 1; rm -rf "$work" || true' EXIT
cp "$exe_dir/kyodo.exe" "$work/"
export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wineboot --init >/dev/null 2>&1 || true
# Rust's std needs bcryptprimitives.dll (ProcessPrng), which Windows 10/11 have and older Wine
# lacks: a stand-in built from ci/bcryptprimitives.c goes beside kyodo.exe, only there.
if [ ! -e "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" ci/bcryptprimitives.c
  echo "windows: Wine has no bcryptprimitives.dll; using the stand-in built from ci/bcryptprimitives.c"
fi
exe="$work/kyodo.exe"
run_windows() { wine "$exe" "$@" </dev/null; }

export SOURCE_DATE_EPOCH=1751241600
sample=(report --kind all --format all --plan input/plan.xlsx --previous input/令和4年度 --previous input/令和5年度)
"$linux" "${sample[@]}" -o "$work/linux" input/progress >/dev/null 2>&1
run_windows "${sample[@]}" -o "$work/windows" input/progress >/dev/null 2>&1
pdfs=0
for pdf in "$work"/linux/*.pdf; do
  cmp "$pdf" "$work/windows/$(basename "$pdf")"
  pdfs=$((pdfs + 1))
done
[ "$pdfs" -gt 0 ] || { echo "windows: the Linux build wrote no PDF"; exit 1; }
echo "windows: $pdfs PDFs of kyodo.exe byte for byte the Linux build's"

# `template`: the department forms, the same files as Linux's (their ZIP entries' times differ).
"$linux" template --plan input/plan.xlsx -o "$work/forms-linux" >/dev/null 2>&1
run_windows template --plan input/plan.xlsx -o "$work/forms-windows" >/dev/null 2>&1
diff <(ls "$work/forms-linux") <(ls "$work/forms-windows")
echo "windows: template wrote $(ls "$work/forms-windows" | wc -l) forms, the same files as Linux's"

# The drop: a folder given alone, as when it is dropped onto kyodo.exe; the reports land
# beside it.
mkdir -p "$work/drop"
cp -r input "$work/drop/sample"
code=0
run_windows "$work/drop/sample" 2>"$work/drop.log" || code=$?
if [ "$code" -gt 1 ] || ! find "$work/drop" -name '*.pdf' -not -path '*/sample/*' | grep -q .; then
  cat "$work/drop.log"
  echo "windows: the drop wrote no report (exit $code)"
  exit 1
fi
echo "windows: the drop wrote $(find "$work/drop" -name '*.pdf' -not -path '*/sample/*' | wc -l) PDFs (exit $code)"

# `serve`: the page on the sample folder, as kyodo.exe double-clicked shows it. The address
# (first line of stdout) is opened as a browser does: its token becomes a cookie, the redirect
# is followed to the folder's page; then the page's 終了 stops it (exit 0).
mkdir -p "$work/serve"
cp -r input "$work/serve/sample"
wine "$exe" serve --no-browser "$work/serve/sample" </dev/null >"$work/serve/out" 2>"$work/serve/log" &
serve_pid=$!
address=""
for _ in $(seq 120); do
  address=$(head -n 1 "$work/serve/out" | tr -d '\r')
  [ -z "$address" ] && kill -0 "$serve_pid" 2>/dev/null && { sleep 0.5; continue; }
  break
done
case "$address" in
  http://127.0.0.1:*/\?token=*) ;;
  *) cat "$work/serve/log"; echo "windows: serve printed no address: '$address'"; exit 1 ;;
esac
origin=${address%%/\?token=*}
jar="$work/serve/cookies"
curl -sS --max-time 120 -c "$jar" -b "$jar" -L -o "$work/serve/page.html" "$address"
if ! grep -q 'フォルダの内容' "$work/serve/page.html" || ! grep -q 'plan.xlsx' "$work/serve/page.html"; then
  head -c 2000 "$work/serve/page.html"; cat "$work/serve/log"
  echo "windows: serve's folder page is not the folder's"
  exit 1
fi
curl -sS --max-time 60 -b "$jar" -H "Origin: $origin" -d '' -o "$work/serve/quit.html" "$origin/quit"
grep -q '終了しました' "$work/serve/quit.html" || { echo "windows: serve did not stop on 終了"; exit 1; }
for _ in $(seq 60); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$serve_pid" 2>/dev/null; then
  cat "$work/serve/log"; echo "windows: serve still running 30 s after 終了"; exit 1
fi
code=0
wait "$serve_pid" || code=$?
serve_pid=""
[ "$code" -eq 0 ] || { cat "$work/serve/log"; echo "windows: serve exited $code after 終了"; exit 1; }
echo "windows: serve answered the folder's page ($(wc -c <"$work/serve/page.html") bytes) and stopped on 終了"

ended=$(date +%s)
echo "windows: cross-build $((built - started)) s, runs under Wine $((ended - built)) s"
