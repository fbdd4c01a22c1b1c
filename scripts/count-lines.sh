#!/usr/bin/env bash
# Counts the production lines of the modules that read the content folder, run the build,
# watch for changes and write the output folder: every line of each file up to its
# `#[cfg(test)]` module (comments and blank lines included), without the tests.
#
#   scripts/count-lines.sh            # the four modules and their total
#   scripts/count-lines.sh src/*.rs   # any files
set -euo pipefail
cd "$(dirname "$0")/.."
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(src/write.rs src/build.rs src/watch.rs src/source.rs)
fi
total=0
for file in "${files[@]}"; do
  lines=$(awk '/^#\[cfg\(test\)\]/ { exit } { n++ } END { print n + 0 }' "$file")
  printf '%6d  %s\n' "$lines" "$file"
  total=$((total + lines))
done
printf '%6d  total\n' "$total"
