#!/usr/bin/env bash
# Runs two kyodo binaries on the same inputs and compares every file they write, byte for byte
# (cmp), and what they print: the check that a change meant to move code ("before and after the
# move") changes no output. Usage, from anywhere:
#
#   bash ci/compare.sh [--tests] BEFORE_BIN AFTER_BIN [WORKDIR]
#
# The inputs: the sample in input/ (with its earlier years), a plan of 1,000 generated items and
# a realistic one of 1,000 items in one file per 施策 (`make_sample`, built with cargo in this
# tree), and the sample's progress with a CSV whose findings make returns. The runs: every kind
# in every format, the departments' forms, `check --format json` with `--returns`, `inspect
# --format json` and a dropped folder. SOURCE_DATE_EPOCH is fixed, so the dates agree.
# With --tests, also every run of kyodo in the integration tests, on the tests' own inputs
# (ci/compare-tests.sh: it runs `cargo test` once to keep them; minutes more, see its header).
# Exit status 0: all the same; 1: some output differs (listed); 2: could not run.
set -uo pipefail
tests=0
if [ "${1:-}" = --tests ]; then
  tests=1
  shift
fi
if [ $# -lt 2 ]; then
  echo "usage: $0 [--tests] BEFORE_BIN AFTER_BIN [WORKDIR]" >&2
  exit 2
fi
before=$(realpath "$1") after=$(realpath "$2")
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${3:-$(mktemp -d)}
mkdir -p "$work"
work=$(realpath "$work")
export SOURCE_DATE_EPOCH=1751241600

# The inputs, made once and shared by both runs.
in=$work/inputs
if [ ! -d "$in" ]; then
  mkdir -p "$in/bad" || exit 2
  (cd "$repo" && cargo run -q --example make_sample -- "$in/sample" >/dev/null &&
    cargo run -q --example make_sample -- --items 1000 "$in/items1000.xlsx" >/dev/null &&
    cargo run -q --example make_sample -- --realistic-folder 1000 "$in/realistic1000" >/dev/null) || exit 2
  cp "$in"/sample/progress/*.xlsx "$in/bad/"
  # A department's CSV with a grade outside the scale, blanks and a full-width number.
  printf '部署名：総務課\nNo,項目,評価,実績,課題,今後の方向性\n1-1,自治会、地域での意識の把握,Z,,,\n1-4,協働窓口担当者の配置,A,１，０００件,,継続\n' \
    >"$in/bad/総務課.csv"
  mkdir -p "$in/drop" && cp -r "$in"/sample/plan.xlsx "$in"/sample/progress/*.xlsx "$in/bad/総務課.csv" "$in/drop/"
fi

# Every run of one binary, in its own folder; outputs named relative to it so the printed
# paths agree too. Each command's stdout, stderr and exit code are kept as files.
runs() {
  local kyodo=$1 dir=$2 s=$in/sample
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir" || exit 2
  cp -r "$in/drop" drop
  run() {
    local name=$1
    shift
    "$kyodo" "$@" >"$name.stdout" 2>"$name.stderr"
    echo $? >"$name.status"
    # A drop prints where it wrote, absolute: the same for both once its own folder is ".".
    sed -i "s#$dir#.#g" "$name.stdout" "$name.stderr"
  }
  run sample report --plan "$s/plan.xlsx" --previous "$s/令和4年度" --previous "$s/令和5年度" \
    --kind all --format all -q -o sample "$s/progress"
  run sample-forced report --plan "$s/plan.xlsx" --kind all --format all --force -q -o sample-forced "$in/bad"
  run forms template --plan "$s/plan.xlsx" --previous "$s/令和5年度" -q -o forms
  run check check --plan "$s/plan.xlsx" --format json --returns returns -q "$in/bad"
  run inspect inspect --format json -q "$in/bad"
  run items1000 report --kind all --format all -q -o items1000 "$in/items1000.xlsx"
  run realistic1000 report --kind all --format all -q -o realistic1000 "$in/realistic1000"
  run drop -q drop
}
runs "$before" "$work/before"
runs "$after" "$work/after"

# Every file of either side, compared.
cd "$work" || exit 2
differ=0 files=0
while IFS= read -r f; do
  files=$((files + 1))
  if ! cmp -s "before/$f" "after/$f"; then
    differ=$((differ + 1))
    parts=""
    # A workbook is a zip: name the parts that differ.
    if [[ $f == *.xlsx && -f before/$f && -f after/$f ]]; then
      rm -rf "$work/unzip" && mkdir -p "$work/unzip/b" "$work/unzip/a"
      unzip -qo "before/$f" -d "$work/unzip/b" && unzip -qo "after/$f" -d "$work/unzip/a" &&
        parts=" ($(cd "$work/unzip" && diff -rq b a | sed -E 's#^Files b/([^ ]+) and .*#\1#' | tr '\n' ' ' | sed 's/ $//'))"
    fi
    echo "differs: $f$parts"
  fi
done < <( (cd before && find . -type f) | cat - <(cd after && find . -type f) | sort -u)
echo "$files files compared in $work/before and $work/after, $differ differ"
status=0
[ "$differ" -eq 0 ] || status=1
if [ $tests = 1 ]; then
  bash "$repo/ci/compare-tests.sh" "$before" "$after" "$work"
  case $? in
    0) ;;
    1) status=1 ;;
    *) exit 2 ;;
  esac
fi
exit $status
