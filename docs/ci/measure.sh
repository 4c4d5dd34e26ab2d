#!/usr/bin/env bash
# The measurements in docs/ci.md: RUNS (20) dino bench runs of one build, then five runs whose vector column
# times the scalar kernels (--kernels scalar) and five at 128-bit vectors (-Ddino.vectorBits=128); then
# docs/ci/Study.java compares them (false alarms among the 20; sensitivity to the real and to synthetic slowdowns).
# Run from the repository root after building cli/target/dino.jar, under the machine's benchmark lock if it has one.
# Usage: bash docs/ci/measure.sh [DIR]   (RUNS=N, BENCH="options"; COMPARE_ONLY=1 to compare DIR's files again;
# FROM=K to time runs K..RUNS only, so a long study can be timed in several short sittings; SENSITIVITY=0 to skip the
# --kernels scalar and 128-bit runs, whose cases Study.java then leaves out)
set -euo pipefail
dir=${1:-target/ci-study}
runs=${RUNS:-20}
read -r -a bench <<< "${BENCH:---hidden 50,128 --rounds 5 --millis 50}"
mkdir -p "$dir"
report="$dir/report.txt"
from=${FROM:-1}
if [ -z "${COMPARE_ONLY:-}" ]; then
  [ "$from" -gt 1 ] || {
    echo "date: $(date -u +%FT%TZ)"
    echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), family $(lscpu | sed -n 's/^CPU family: *//p'), $(nproc) cpus"
    echo "jdk: $(java -version 2>&1 | head -n 1)"
    echo "bench: ${bench[*]}; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  } > "$report"
  echo "runs $from..$runs from $(date -u +%T) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)" >> "$report"
  start=$(date +%s)
  for i in $(seq "$from" "$runs"); do
    java --add-modules jdk.incubator.vector -jar cli/target/dino.jar bench "${bench[@]}" --json "$dir/run$i.json" \
      > "$dir/run$i.txt" 2> /dev/null
  done
  for i in $(seq 1 5); do
    [ "${SENSITIVITY:-1}" = 1 ] || break
    java --add-modules jdk.incubator.vector -jar cli/target/dino.jar bench "${bench[@]}" --kernels scalar \
      --json "$dir/scalar$i.json" > /dev/null 2>&1
    java -Ddino.vectorBits=128 --add-modules jdk.incubator.vector -jar cli/target/dino.jar bench "${bench[@]}" \
      --json "$dir/bits128-$i.json" > /dev/null 2>&1
  done
  echo "timing took $(( $(date +%s) - start )) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$report"
fi
java -cp cli/target/dino.jar docs/ci/Study.java "$dir" "$runs" | tee -a "$report"
