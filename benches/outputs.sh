#!/usr/bin/env bash
# Everything a user reads, from two revisions, diffed: on data/, every
# fixture under tests/fixtures and every dataset in ../shared/datasets,
# `check`, `build` (default window and Jan–Feb 2024), `init --data` then
# `build` and `check` with what it wrote, three errors and a small `demo`.
# Sites, metrics, stdout, stderr (seconds masked), exit codes and init
# tomls must match, or the differences are listed.
#
#   benches/outputs.sh 69af811            # that revision against the working tree
set -uo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/yardstick/target}"
OLD_REV="${1:-HEAD~1}"
WORK="$(mktemp -d)"
trap 'git worktree remove --force "$WORK/old" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git worktree add --detach "$WORK/old" "$OLD_REV" >/dev/null 2>&1
(cd "$WORK/old" && cargo build --locked --bin yardstick >&2) || exit 1
cp "$CARGO_TARGET_DIR/debug/yardstick" "$WORK/yardstick-old"
touch src/lib.rs src/main.rs
cargo build --locked --bin yardstick >&2 || exit 1
cp "$CARGO_TARGET_DIR/debug/yardstick" "$WORK/yardstick-new"

snapshot() { # BIN OUT
  local bin="$1" out="$2" w n d
  mkdir -p "$out"
  run() { # name cwd args...
    local name="$1" cwd="$2"; shift 2
    (cd "$cwd" && "$bin" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"; echo $? >"$out/$name.rc")
    sed -i -E 's/ in [0-9]+\.[0-9] s,/ in X s,/' "$out/$name.stderr"
  }
  w=$(mktemp -d); cp -r "$REPO/data" "$REPO/yardstick.toml" "$w/"
  run sample-build "$w" build data --out site; mv "$w/site" "$out/sample-site" 2>/dev/null
  run sample-check "$w" check data; rm -rf "$w"
  for d in "$REPO"/tests/fixtures/full "$REPO"/tests/fixtures/tiny "$REPO"/tests/fixtures/crm/*/ "$REPO"/../shared/datasets/*/; do
    [ -d "$d" ] || continue
    n=$(echo "$d" | sed -E 's#/$##; s#.*/(fixtures|datasets)/##; s#/#_#g')
    w=$(mktemp -d)
    run "$n-check" "$w" check "$d"
    run "$n-build" "$w" build "$d" --out site; mv "$w/site" "$out/$n-site" 2>/dev/null
    run "$n-buildjf" "$w" build "$d" --out site --from 2024-01 --to 2024-02; mv "$w/site" "$out/$n-site-jf" 2>/dev/null
    mkdir "$w/i"
    run "$n-init" "$w/i" init . --data "$d"; cp "$w/i/yardstick.toml" "$out/$n-init.toml" 2>/dev/null
    run "$n-initbuild" "$w/i" build "$d" --out site; mv "$w/i/site" "$out/$n-init-site" 2>/dev/null
    run "$n-initcheck" "$w/i" check "$d"
    rm -rf "$w"
  done
  w=$(mktemp -d)
  run err-nodir "$w" build nowhere
  run err-window "$w" build "$REPO/tests/fixtures/tiny" --from 2024-05 --to 2024-01
  run demo "$w" demo d --reps 3 --months 2 --seed 1 --end 2024-06
  (cd "$w" && find d -type f | sort | xargs md5sum > "$out/demo.md5"); rm -rf "$w"
}
snapshot "$WORK/yardstick-old" "$WORK/old-out"
snapshot "$WORK/yardstick-new" "$WORK/new-out"
runs=$(ls "$WORK/new-out"/*.rc | wc -l)
if diff -r "$WORK/old-out" "$WORK/new-out" > "$WORK/diff"; then
  echo "$runs runs: everything byte-identical"
else
  echo "$runs runs; differences:"; grep -E '^(diff|Only)' "$WORK/diff" | sed "s#$WORK/##g" | head -40
  echo "metrics.csv files that differ:"
  (cd "$WORK/old-out" && find . -name metrics.csv) | while read -r f; do cmp -s "$WORK/old-out/$f" "$WORK/new-out/$f" || echo "  $f"; done
fi
