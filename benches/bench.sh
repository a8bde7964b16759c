#!/usr/bin/env bash
# End-to-end benchmark of `yardstick build` (release) on synthetic exports
# made by `yardstick demo`, against the read-only floor: polars reading the
# same CSV files into memory, in the same run. Reports wall time, peak RSS,
# rows and pages per second. Workloads are cached between runs.
#
#   benches/bench.sh            # S, M and L, median of 3 builds each
#   SIZES="L XL" RUNS=5 benches/bench.sh
#   SIZES="L LT" benches/bench.sh   # LT: L with ISO 8601 `T` timestamps
#   SIZES=XXL benches/bench.sh      # 5×XL, 50,000 reps: no floor (20 GB)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/yardstick/target}"
SIZES="${SIZES:-S M L}"
CACHE="${BENCH_CACHE:-$CARGO_TARGET_DIR/bench-data}"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

cargo build --release --locked --bin yardstick --example floor >&2
BIN="$CARGO_TARGET_DIR/release/yardstick"
FLOOR="$CARGO_TARGET_DIR/release/examples/floor"
OUT="$(mktemp -d)"
mkdir "$OUT/cwd"
trap 'rm -rf "$OUT"' EXIT

# Runs a command under /usr/bin/time; prints "seconds peak_MB".
measure() {
  /usr/bin/time -v "$@" > "$OUT/stdout" 2> "$OUT/time" || { cat "$OUT/time" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$OUT/time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$OUT/time")
  echo "$wall $rss"
}

printf '| size | reps × months | rows | CSV MB | floor s | build s | reading s | reading/floor | ingest+compute s | (ingest+compute)/floor | peak RSS MB | rows/s | pages/s |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for size in $SIZES; do
  case "$size" in
    S) reps=40; months=12 ;;
    M) reps=400; months=24 ;;
    L) reps=2000; months=24 ;;
    XL) reps=10000; months=36 ;;
    # 5×XL: 20 GB of CSV, ~7 min to write. No floor: it would hold every
    # file's text, more than 24 GB.
    XXL) reps=50000; months=36 ;;
    # L as most CRMs write timestamps: ISO 8601 with a `T` (2025-11-13T12:54:04).
    LT) reps=2000; months=24 ;;
    *) echo "unknown size $size" >&2; exit 2 ;;
  esac
  data="$CACHE/$size"
  if [ ! -f "$data/.complete" ]; then
    rm -rf "$data"
    if [ "$size" = LT ]; then
      "$BIN" demo "$data" --reps "$reps" --months "$months" --seed 1 --end 2025-12 >&2
      for f in "$data"/*.csv; do
        sed -E -i 's/([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}(:[0-9]{2})?)/\1T\2/g' "$f"
      done
    else
      "$BIN" demo "$data" --reps "$reps" --months "$months" --seed 1 --end 2025-12 >&2
    fi
    touch "$data/.complete"
  fi
  csv_mb=$(du -sm --exclude=.complete "$data" | cut -f1)
  # RUNS floor-then-build pairs (default 3, XL 1); the median of each is
  # reported, the machine being shared and noisy.
  runs="${RUNS:-3}"
  case "$size" in XL|XXL) runs="${RUNS:-1}" ;; esac
  : > "$OUT/runs"
  : > "$OUT/floors"
  for run in $(seq "$runs"); do
    if [ "$size" = XXL ]; then
      echo 0 >> "$OUT/floors"
      rows=0
    else
      read -r floor_s _ < <(measure "$FLOOR" "$data")
      echo "$floor_s" >> "$OUT/floors"
      rows=$(awk '{print $1}' "$OUT/stdout")
    fi
    # From an empty folder, so the checkout's yardstick.toml does not apply.
    # Each run writes a new folder, all deleted when the script ends: on a
    # file system without a journal (this VM's ext4), files created within
    # a minute or more of deleting thousands of others cost the kernel a
    # scan past every recently freed inode (perf: `recently_deleted`,
    # `find_get_block_common`) — a third of the pages stage's CPU at L
    # when the previous run's site had just been deleted, a cost of the
    # harness, which the floor (writing nothing) never pays.
    site="$OUT/site-$size-$run"
    read -r build_s rss < <(cd "$OUT/cwd" && measure "$BIN" build "$data" --out "$site" --quiet --timings)
    # Reading alone, and reading plus every standard, from the build's own
    # --timings (stage lines only; the indented parts below them overlap).
    # The milliseconds are the field before "ms" (memory may follow).
    ms='for (i = 2; i <= NF; i++) if ($i == "ms") {v = $(i-1); break}'
    read_s=$(awk "/^  reading and checking files/ {$ms}"' END {printf "%.2f", v/1000}' "$OUT/time")
    compute_s=$(awk "/^  (reading and checking files|standards:)/ {$ms; s += v}"' END {printf "%.2f", s/1000}' "$OUT/time")
    pages=$(find "$site" -name '*.html' | wc -l)
    echo "$build_s $rss $read_s $compute_s $pages" >> "$OUT/runs"
  done
  read -r build_s rss read_s compute_s pages < <(sort -n "$OUT/runs" | sed -n "$(( (runs + 1) / 2 ))p")
  floor_s=$(sort -n "$OUT/floors" | sed -n "$(( (runs + 1) / 2 ))p")
  awk -v size="$size" -v rm="$reps × $months" -v rows="$rows" -v mb="$csv_mb" -v f="$floor_s" -v b="$build_s" \
      -v r="$read_s" -v c="$compute_s" -v rss="$rss" -v pages="$pages" 'BEGIN {
    if (f == 0) {  # no floor measured (XXL)
      printf "| %s | %s | – | %d | – | %.2f | %.2f | – | %.2f | – | %d | – | %.0f |\n",
        size, rm, mb, b, r, c, rss, pages / b
    } else {
      printf "| %s | %s | %d | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %d | %.0f | %.0f |\n",
        size, rm, rows, mb, f, b, r, r / f, c, c / f, rss, rows / b, pages / b
    }
  }'
done
