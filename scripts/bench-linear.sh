#!/usr/bin/env bash
# Shows that checking a report costs time in proportion to its rows: `tiltak check` on the
# seed with N extra rows put into its first table, for N = 1,000, 8,000 and 100,000, and
# three kinds of row:
#   duplicate  copies of the `Oslo` row: one error each, drawn with its line (the rendering)
#   bad-cell   `Oslo` rows with `4O3` in every cell: twelve errors each
#   unknown    rows of labels no county has: a warning each, and an area for every sum check
# For each, the median and best wall time of RUNS runs (process start to exit), and the
# ratio of the 8,000-row time to the 1,000-row time: linear work gives at most 8 plus the
# fixed cost, quadratic work 64.
# Usage: scripts/bench-linear.sh [RUNS]   (default 5).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
bin=target/release/tiltak
seed=content/tiltaksdeltakere-2022.txt

# The seed with `n` rows of `kind` after line 29 (the first table's `Oslo` row).
make_input() {
  local kind=$1 n=$2 dir=$3
  mkdir -p "$dir"
  awk -v kind="$kind" -v n="$n" '
    { print }
    NR == 29 {
      for (i = 1; i <= n; i++) {
        if (kind == "duplicate") print
        else if (kind == "bad-cell") print "Oslo\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3\t4O3"
        else print "Område " i "\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1\t1"
      }
    }' "$seed" > "$dir/tiltaksdeltakere-2022.txt"
}

# The median and best of `runs` timed `tiltak check` runs, in ms.
time_check() {
  local dir=$1 times=()
  for _ in $(seq "$runs"); do
    start=$EPOCHREALTIME
    "$bin" check --content "$dir" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
  done
  sorted=$(printf '%s\n' "${times[@]}" | sort -g)
  echo "$(echo "$sorted" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print $1 }') $(echo "$sorted" | head -1)"
}

printf '%-10s %8s %10s %10s\n' kind rows median_ms best_ms
for kind in duplicate bad-cell unknown; do
  declare -A median=()
  for n in 1000 8000 100000; do
    make_input "$kind" "$n" "$work/$kind-$n"
    read -r med best < <(time_check "$work/$kind-$n")
    median[$n]=$med
    printf '%-10s %8s %10s %10s\n' "$kind" "$n" "$med" "$best"
  done
  awk -v a="${median[1000]}" -v b="${median[8000]}" -v k="$kind" \
    'BEGIN { printf "%-10s 8,000 / 1,000 rows: %.1f×\n", k, b / a }'
  unset median
done
