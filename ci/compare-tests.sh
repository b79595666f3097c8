#!/usr/bin/env bash
# Runs two kyodo binaries on the tests' own inputs and compares every file they write, and what
# they print, byte for byte (cmp): the part of "before and after the move" that the sample and the
# generated plans of ci/compare.sh do not reach (hostile sheets, CSVs, settings, years, returns,
# dropped folders, ...). `bash ci/compare.sh --tests` calls it; alone, from anywhere:
#
#   bash ci/compare-tests.sh BEFORE_BIN AFTER_BIN WORKDIR
#
# The cases: `cargo test` runs once in this tree (set CARGO_TARGET_DIR) with
# KYODO_KEEP_INPUTS=WORKDIR/tests/cases, and every run of kyodo through the tests' helpers
# (tests/common: `kyodo`, `kyodo_bounded`, and the runners of check.rs, kinds.rs, report.rs) is
# kept as its arguments and a copy of the test's folder just before the run (tests/common/keep.rs).
# Left out: the suites that run a browser, a server, a terminal or the calamine corpus, or that
# time or fuzz (serve, corpus, desk, fuzz, throughput), and runs with their own environment or
# pipes. The cases are kept in WORKDIR and reused: delete WORKDIR/tests/cases to collect again.
# Each case is then run by BEFORE and by AFTER in turn in the same folder
# (WORKDIR/tests/run/<case>, so the paths they print and write agree), with SOURCE_DATE_EPOCH fixed
# and standard input empty, and moved to WORKDIR/tests/{before,after}/<case>: the folder (inputs and
# outputs) with `stdout`, `stderr` and `status` beside it. Cases whose files are all the same are
# removed again (set KEEP_SAME=1 to keep them). Cases run JOBS at a time (default nproc), the
# biggest first.
# Measured (debug builds, 2 cores shared with three other builds, load ~16): 298 cases from 22
# suites, 2,696 files compared of which 722 written by kyodo (the rest stdout, stderr, exit codes
# and the inputs), 83 MB of cases; collecting took 5–10 min wall (the test build already made),
# running the cases twice 3–9½ min wall (load 9–16), but only ~1½ min of CPU each: a few
# minutes on an idle 2-core machine. The slowest case: inputs' 45,000-row check (21 s CPU each run).
# Exit status 0: all the same; 1: some output differs (listed); 2: could not run.
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 BEFORE_BIN AFTER_BIN WORKDIR" >&2
  exit 2
fi
before=$(realpath "$1") after=$(realpath "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$3" && work=$(realpath "$3")/tests
mkdir -p "$work" || exit 2
export SOURCE_DATE_EPOCH=1751241600
unset KYODO_KEEP_INPUTS

cases=$work/cases
if [ ! -d "$cases" ]; then
  rm -rf "$cases.partial"
  suites=$(cd "$repo/tests" && ls ./*.rs | sed 's#^\./##; s#\.rs$##' | grep -vxE 'serve|corpus|desk|fuzz|throughput')
  # Tests that fail still leave their cases; the comparison is of the binaries, not the tests.
  (cd "$repo" && KYODO_KEEP_INPUTS=$cases.partial cargo test -q --no-fail-fast $(printf -- '--test %s ' $suites) \
    >"$work/collect.log" 2>&1) || echo "warning: some tests failed while collecting (see $work/collect.log)"
  [ -d "$cases.partial" ] || { echo "no case kept (see $work/collect.log)" >&2; exit 2; }
  mv "$cases.partial" "$cases"
fi

# One case: BEFORE then AFTER in the same folder, then every file of either side compared.
# Prints a line per file that differs; writes nothing else to stdout.
one() {
  local c=$1 run=$work/run/$1 side bin start=$SECONDS
  for side in before after; do
    bin=$before
    [ $side = after ] && bin=$after
    rm -rf "$run" && mkdir -p "$run" || exit 2
    # Not cp -a: files the store holds once would come out hard-linked to each other.
    [ -d "$cases/$c/root" ] && cp -RP --preserve=mode,timestamps "$cases/$c/root/." "$run/"
    local args=()
    mapfile -d '' args <"$cases/$c/args"
    args=("${args[@]//@ROOT@/$run}")
    # A run still going after 5 minutes is stopped (status 124), the same for both.
    (cd "$run" && timeout 300 "$bin" "${args[@]}" >"$run/stdout" 2>"$run/stderr" </dev/null)
    echo $? >"$run/status"
    rm -rf "$work/$side/$c" && mkdir -p "$(dirname "$work/$side/$c")" && mv "$run" "$work/$side/$c"
  done
  local f same=1 count=0 written=0
  while IFS= read -r f; do
    count=$((count + 1))
    [[ $f == ./kyodo-* && ! -e $cases/$c/root/$f && ! -L $cases/$c/root/$f ]] && written=$((written + 1))
    local b=$work/before/$c/$f a=$work/after/$c/$f
    if [ -L "$b" ] || [ -L "$a" ]; then
      [ "$(readlink "$b")" = "$(readlink "$a")" ] && continue
    elif cmp -s "$b" "$a"; then
      continue
    fi
    same=0
    local parts=""
    # A workbook is a zip: name the parts that differ, as compare.sh does.
    if [[ $f == *.xlsx && -f $b && -f $a ]]; then
      local z=$work/unzip/$c
      rm -rf "$z" && mkdir -p "$z/b" "$z/a"
      unzip -qo "$b" -d "$z/b" && unzip -qo "$a" -d "$z/a" &&
        parts=" ($(cd "$z" && diff -rq b a | sed -E 's#^Files b/([^ ]+) and .*#\1#' | tr '\n' ' ' | sed 's/ $//'))"
      rm -rf "$z"
    fi
    echo "differs: $c/${f#./}$parts"
  done < <( (cd "$work/before/$c" && find . -type f -o -type l) | cat - <(cd "$work/after/$c" && find . -type f -o -type l) | sort -u)
  echo "$count $written $((SECONDS - start)) $c" >>"$work/counts"
  if [ $same = 1 ] && [ "${KEEP_SAME:-}" != 1 ]; then
    rm -rf "${work:?}/before/$c" "${work:?}/after/$c"
  fi
}
export -f one
export before after work cases

# The biggest inputs first, so that the slowest case does not start last.
list=$(cd "$cases" && find . -name args -printf '%h\n' | sed 's#^\./##' | sort |
  while IFS= read -r c; do echo "$(du -sb "$c" | cut -f1) $c"; done | sort -k1,1nr -k2 | cut -d' ' -f2-)
n=$(printf '%s\n' "$list" | grep -c .)
rm -f "$work/counts" "$work/differs.txt"
start=$SECONDS
printf '%s\n' "$list" | tr '\n' '\0' | xargs -0 -n 1 -P "${JOBS:-$(nproc)}" bash -c 'one "$1"' _ | sort >"$work/differs.txt"
rm -rf "$work/run"
find "$work/before" "$work/after" -type d -empty -delete 2>/dev/null
cat "$work/differs.txt"
differ=$(grep -c . "$work/differs.txt")
read -r files written < <(awk '{ f += $1; w += $2 } END { print f + 0, w + 0 }' "$work/counts" 2>/dev/null)
echo "$n test cases run by both in $((SECONDS - start)) s, ${files:-0} files compared" \
  "(${written:-0} written by kyodo; the others its stdout, stderr, exit code and the inputs)" \
  "in $work/before and $work/after, $differ differ"
[ "$differ" -eq 0 ]
