#!/bin/bash
# Reproduces issue 19's JDK 17 fault and shows its cure (docs/jit-notes.md, "The JDK 17 fault").
# usage: bench/jit/jdk17-fault.sh [RUNS] [JAVA] [JVM_OPTION...]   (defaults: 3, java; e.g. -XX:UseAVX=2 for AVX2)
# Each round trains a text-mode GRU (n_a 256, B 32, f32, one thread, 150 steps) without the product warm-up, once
# with dino.operatorProfiles=off (the fault: C2 compiles the product tiles with virtual-call fallbacks, several times
# slower) and once as shipped, and prints the characters per second of each. Needs cli/target/dino.jar (mvn package).
set -euo pipefail
runs=${1:-3}
java=${2:-java}
shift $(( $# < 2 ? $# : 2 ))
options=("$@")
cd "$(dirname "$0")/../.."
jar=cli/target/dino.jar
[ -f "$jar" ] || { echo "jdk17-fault.sh: $jar is missing: run mvn -q -DskipTests package first" >&2; exit 2; }
train() {
  "$java" ${options[@]+"${options[@]}"} -Ddino.productWarmup=off "$@" --add-modules jdk.incubator.vector -jar "$jar" train --mode text \
    --data data/tinyshakespeare.txt --cell gru --hidden 256 --batch-size 32 --precision f32 --threads 1 \
    --iterations 150 --print-every 1000 --samples 0 2>&1 >/dev/null | grep -o '[0-9]* characters/s'
}
"$java" -version 2>&1 | head -n 1
for i in $(seq 1 "$runs"); do
  echo "round $i: operatorProfiles=off $(train -Ddino.operatorProfiles=off), as shipped $(train)"
done
