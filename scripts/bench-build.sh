#!/usr/bin/env bash
# Times whole `tiltak build` runs: the seed, and generated archives of 1, 5 and 10 years
# (12, 60 and 120 reports), and of 2011–2026 across the county reforms (192 reports). For each: the median and best wall time of RUNS builds (process
# start to exit) into a new output folder, the peak memory, the pages written, the size of
# the output and pages per second. Each run writes into a folder of its own and nothing is
# deleted until the end: on ext4, creating thousands of files right after deleting thousands
# is several times slower than either alone, and would measure the file system.
# Usage: scripts/bench-build.sh [RUNS]   (default 5). Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
cargo build --release --quiet --example corpus
bin=target/release/tiltak

mkdir -p "$work/seed" && cp content/*.txt "$work/seed/"
for years in 1 5 10; do
  target/release/examples/corpus --years "$years" --start-year $((2025 - years)) --seed 42 --out "$work/y$years" >/dev/null
done
target/release/examples/corpus --from 2011 --to 2026 --seed 42 --out "$work/y16" >/dev/null

printf '%-10s %8s %10s %10s %10s %8s %10s %10s\n' input reports median_ms best_ms peak_MB pages output_MB pages/s
for input in seed y1 y5 y10 y16; do
  content="$work/$input"
  times=()
  peak=0
  for run in $(seq "$runs"); do
    out="$work/out-$input-$run"
    start=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/time" "$bin" build --content "$content" --out "$out" 2>/dev/null
    end=$EPOCHREALTIME
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
    kb=$(cat "$work/time")
    if (( kb > peak )); then peak=$kb; fi
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  median=$(echo "$sorted" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print $1 }')
  best=$(echo "$sorted" | head -1)
  pages=$(find "$out" -name '*.html' | wc -l)
  size=$(du -sk "$out" | awk '{ printf "%.1f", $1 / 1024 }')
  reports=$(find "$content" -name '*.txt' | wc -l)
  rate=$(awk -v p="$pages" -v m="$median" 'BEGIN { printf "%.0f", (m > 0 ? p / (m / 1000) : 0) }')
  printf '%-10s %8s %10s %10s %10.1f %8s %10s %10s\n' "$input" "$reports" "$median" "$best" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$pages" "$size" "$rate"
done
