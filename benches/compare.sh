#!/usr/bin/env bash
# Before/after on one workload, in the same run: builds the release binary
# of another revision (default: the parent of HEAD) and of the working
# tree, then alternates builds of SIZE (default L) with each, RUNS times
# (default 5; which goes first alternates too), and prints each run and
# the medians as a ratio new/old.
# It also says whether the two sites of the first run are byte-identical.
# Workloads come from benches/bench.sh's cache (run it once first).
#
#   benches/compare.sh                 # HEAD~1 against the working tree, L
#   SIZE=M RUNS=7 benches/compare.sh e366ad0
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/yardstick/target}"
OLD_REV="${1:-HEAD~1}"
SIZE="${SIZE:-L}"
RUNS="${RUNS:-5}"
DATA="${BENCH_CACHE:-$CARGO_TARGET_DIR/bench-data}/$SIZE"
[ -f "$DATA/.complete" ] || { echo "no $SIZE workload in $DATA: run SIZES=$SIZE benches/bench.sh first" >&2; exit 1; }
WORK="$(mktemp -d)"
trap 'git worktree remove --force "$WORK/old" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT

git worktree add --detach "$WORK/old" "$OLD_REV" >/dev/null 2>&1
(cd "$WORK/old" && cargo build --release --locked --bin yardstick >&2)
cp "$CARGO_TARGET_DIR/release/yardstick" "$WORK/yardstick-old"
# Both builds share the target folder: cargo may find the working tree's
# build fresh and leave the other revision's binary in place, unless the
# crate roots are touched.
touch src/lib.rs src/main.rs
cargo build --release --locked --bin yardstick >&2
cp "$CARGO_TARGET_DIR/release/yardstick" "$WORK/yardstick-new"
cmp -s "$WORK/yardstick-old" "$WORK/yardstick-new" && { echo "both builds gave the same binary" >&2; exit 1; }

echo "| run | old s | old MB | new s | new MB |"
echo "|---|---|---|---|---|"
for run in $(seq "$RUNS"); do
  line="| $run"
  # Which goes first alternates: on this VM the second of two builds in a
  # row ran ~4 % slower (the same binary twice, five times), which a fixed
  # order charged to the working tree every time.
  order="old new"
  [ $((run % 2)) -eq 0 ] && order="new old"
  for which in $order; do
    # From an empty folder: the checkout's yardstick.toml and templates/
    # would otherwise override both binaries' embedded templates.
    # A new folder each run, all deleted at the end (see bench.sh: on a
    # file system without a journal, creating files soon after deleting
    # thousands costs the kernel a scan past each freed inode).
    (cd "$WORK" && /usr/bin/time -f "%e %M" -o "$WORK/time" "$WORK/yardstick-$which" build "$DATA" --out "$WORK/site-$which-$run" --quiet)
    read -r s kb < "$WORK/time"
    echo "$which $s $kb" >> "$WORK/all"
    if [ "$which" = old ]; then old_cell="$s | $((kb / 1024))"; else new_cell="$s | $((kb / 1024))"; fi
  done
  echo "$line | $old_cell | $new_cell |"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
old_s=$(awk '$1=="old" {print $2}' "$WORK/all" | median)
new_s=$(awk '$1=="new" {print $2}' "$WORK/all" | median)
old_kb=$(awk '$1=="old" {print $3}' "$WORK/all" | median)
new_kb=$(awk '$1=="new" {print $3}' "$WORK/all" | median)
awk -v os="$old_s" -v ns="$new_s" -v ok="$old_kb" -v nk="$new_kb" -v rev="$OLD_REV" 'BEGIN {
  printf "\nmedians: %s %.2f s, %.0f MB; working tree %.2f s, %.0f MB; new/old time %.2f, memory %.2f\n",
    rev, os, ok / 1024, ns, nk / 1024, ns / os, nk / ok }'
if diff -rq "$WORK/site-old-1" "$WORK/site-new-1" > "$WORK/diff"; then
  echo "sites: byte-identical"
else
  echo "sites differ in $(wc -l < "$WORK/diff") file(s):"; head -5 "$WORK/diff"
fi
