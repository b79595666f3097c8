#!/usr/bin/env bash
# Windows: cross-build kyodo.exe (x86_64-pc-windows-gnu, Debian's MinGW-w64) and run it under
# Wine on the sample: its PDFs must be byte for byte the Linux build's, and the drop path
# (`kyodo.exe FOLDER`) and `template` must work. Called by .ci/run after the tests, which built
# the Linux binary in the same (dev) profile; works on a fresh Debian machine as root.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

if command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq gcc-mingw-w64-x86-64 wine wine64 >/dev/null
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
trap 'wineserver -k >/dev/null 2>&1 || true; sleep 1; rm -rf "$work" || true' EXIT
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

ended=$(date +%s)
echo "windows: cross-build $((built - started)) s, runs under Wine $((ended - built)) s"
