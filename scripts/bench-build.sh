#!/usr/bin/env bash
# Times whole `tiltak build` runs: the seed, and generated archives of 1, 5 and 10 years
# (12, 60 and 120 reports). For each: the median and best wall time of RUNS builds into an
# empty output folder, the peak memory, the pages written and the size of the output.
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

printf '%-10s %8s %10s %10s %10s %8s %10s %10s\n' input reports median_ms best_ms peak_MB pages output_MB pages/s
for input in seed y1 y5 y10; do
  content="$work/$input"
  times=()
  peak=0
  for _ in $(seq "$runs"); do
    rm -rf "$work/out"
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" build --content "$content" --out "$work/out" 2>/dev/null
    read -r seconds kb <"$work/time"
    times+=("$seconds")
    (( kb > peak )) && peak=$kb
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  median=$(echo "$sorted" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print $1 * 1000 }')
  best=$(echo "$sorted" | head -1 | awk '{ print $1 * 1000 }')
  pages=$(find "$work/out" -name '*.html' | wc -l)
  size=$(du -sk "$work/out" | awk '{ printf "%.1f", $1 / 1024 }')
  reports=$(find "$content" -name '*.txt' | wc -l)
  rate=$(awk -v p="$pages" -v m="$median" 'BEGIN { printf "%.0f", m > 0 ? p / (m / 1000) : 0 }')
  printf '%-10s %8s %10s %10s %10.1f %8s %10s %10s\n' "$input" "$reports" "$median" "$best" "$(echo "$peak / 1024" | bc -l)" "$pages" "$size" "$rate"
done
