#!/bin/bash
# Launch-to-launch spread (issue 27, item 5): each run below launched N times in fresh JVMs, its training time read from
# dino's stderr ("trained ... in S s") and the whole process timed; prints the median, min, max and max/min of each.
# usage: bench/jit/launches.sh [N] [JAVA] [JVM_OPTION...]     (defaults: 12, java; e.g. -XX:UseAVX=2 for AVX2)
#   LAUNCHER=./dino bench/jit/launches.sh ...   launches through ./dino (its JVM options) instead of java -jar
#   JAR=/tmp/old/dino.jar bench/jit/launches.sh ...   another build side by side
# The runs: the default run (35000 iterations), the batch-1 tanh RNN at n_a 256 (3000 iterations), and the LSTM at
# n_a 512 on tinyshakespeare (B 32, f32, 2 threads, LSTM_ITERATIONS, default 60). Needs cli/target/dino.jar.
set -euo pipefail
n=${1:-12}
java=${2:-java}
shift $(( $# < 2 ? $# : 2 ))
options=("$@")
cd "$(dirname "$0")/../.."
jar=${JAR:-cli/target/dino.jar}
[ -f "$jar" ] || { echo "launches.sh: $jar is missing: run mvn -q -DskipTests package first" >&2; exit 2; }
case $n in ''|*[!0-9]*|0) echo "launches.sh: N must be a positive whole number, got '$n'" >&2; exit 2 ;; esac
lstm_iterations=${LSTM_ITERATIONS:-60}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

launch() { # args: dino arguments; prints "train_seconds wall_seconds"
  local start end
  start=$(date +%s.%N)
  if [ -n "${LAUNCHER:-}" ]; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")") \
      DINO_JAVA_OPTS="${options[*]:-}" "$LAUNCHER" "$@" >/dev/null 2>"$tmp/err"
  else
    "$java" ${options[@]+"${options[@]}"} --add-modules jdk.incubator.vector -jar "$jar" "$@" >/dev/null 2>"$tmp/err"
  fi
  end=$(date +%s.%N)
  local train
  train=$(sed -n 's/^trained [0-9]* iterations in \([0-9.]*\) s.*/\1/p' "$tmp/err")
  [ -n "$train" ] || { echo "launches.sh: no 'trained ... in S s' line from dino $*:" >&2; cat "$tmp/err" >&2; exit 1; }
  awk -v t="$train" -v a="$start" -v b="$end" 'BEGIN {printf "%s %.3f\n", t, b - a}'
}

summary() { # stdin: one number a line
  sort -g | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
    printf "%8.3f %8.3f %8.3f %7.2f", m, v[1], v[NR], v[NR] / v[1]}'
}

"$java" -version 2>&1 | head -n 1
echo "options: ${options[*]:-none}; launcher: ${LAUNCHER:-java -jar}; $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores"
printf '%-22s %3s | %-35s | %-35s\n' run N "train s: median min max max/min" "process s: median min max max/min"
run() { # name, dino arguments
  local name=$1
  shift
  : >"$tmp/times"
  for _ in $(seq 1 "$n"); do
    launch "$@" >>"$tmp/times"
  done
  printf '%-22s %3d | %s | %s\n' "$name" "$n" "$(cut -d' ' -f1 "$tmp/times" | summary)" "$(cut -d' ' -f2 "$tmp/times" | summary)"
}
run default train
run "rnn 256, batch 1" train --hidden 256 --iterations 3000
run "lstm 512, B 32, f32" train --mode text --data data/tinyshakespeare.txt --cell lstm --hidden 512 --batch-size 32 \
  --precision f32 --threads 2 --iterations "$lstm_iterations" --print-every 0
