#!/usr/bin/env bash
# docs/sweep.md's figures: the same 12-trial grid on names and on tinyshakespeare, locally at --parallel 1 and 2 and
# on Spark local[2]; the wall time of each whole command (JVM and Spark start included) and of its trials (the
# "trials run in" line), and whether the three tables' losses agree bit for bit. Needs cli/target/dino.jar and
# spark/target/dino-spark.jar with spark/target/spark-classpath.txt (mvn -pl spark -am -DskipTests package).
# Usage: bench/sweep/measure.sh [OUT_DIR]   (each run under nice and the machine's CPU lock, one at a time)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-target/sweep-measure}
rm -rf "$out"
mkdir -p "$out"
lock=(nice -n 15 flock /tmp/dino-cpu.lock)
vector=(--add-modules jdk.incubator.vector)
# What Spark's launcher gives its JVMs (spark/pom.xml's spark.jvm.options), for a plain java command.
spark_opts=$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' spark/pom.xml)
spark_cp="spark/target/dino-spark.jar:$(cat spark/target/spark-classpath.txt)"

names=(--data data/names.txt --grid "cell=rnn,lstm,gru hidden=64,128 lr=0.002,0.01"
  --set "optimizer=adam batch-size=16" --iterations 3000 --print-every 250 --patience 4)
text=(--mode text --data data/tinyshakespeare.txt --grid "cell=rnn,lstm,gru hidden=64,128 lr=0.002,0.01"
  --set "optimizer=adam batch-size=16" --iterations 1000 --print-every 100 --patience 4)

run() { # NAME ARGS...: one run, timed inside the lock (waiting for it is not counted), its stderr kept
  local name=$1; shift
  "${lock[@]}" bash -c 'start=$(date +%s%N); "$@"; echo $(( $(date +%s%N) - start )) > "$0.ns"' \
    "$out/$name" "$@" > "$out/$name.md" 2> "$out/$name.err" || { echo "$name FAILED: $out/$name.err" >&2; return 0; }
  printf '%s: %.1f s in all; %s\n' "$name" "$(echo "$(cat "$out/$name.ns") / 1000000000" | bc -l)" \
    "$(grep -o 'trials run in [0-9.]* s' "$out/$name.err")"
}

for corpus in names text; do
  if [ $corpus = names ]; then args=("${names[@]}"); else args=("${text[@]}"); fi
  run "$corpus-p1" java "${vector[@]}" -jar cli/target/dino.jar sweep --out "$out/$corpus-p1" --parallel 1 "${args[@]}"
  run "$corpus-p2" java "${vector[@]}" -jar cli/target/dino.jar sweep --out "$out/$corpus-p2" --parallel 2 "${args[@]}"
  # shellcheck disable=SC2086
  run "$corpus-spark" java "${vector[@]}" $spark_opts -cp "$spark_cp" dino.cli.Main sweep --out "$out/$corpus-spark" \
    --spark 'local[2]' "${args[@]}"
  # The losses, best iterations and stops: every column but the last three (characters/s, wall s, kernels).
  for other in p2 spark; do
    if cmp -s <(awk -F, -v OFS=, '{NF -= 3; print}' "$out/$corpus-p1/results.csv") \
        <(awk -F, -v OFS=, '{NF -= 3; print}' "$out/$corpus-$other/results.csv"); then
      echo "$corpus: p1 and $other tables agree bit for bit"
    else
      echo "$corpus: p1 and $other tables DIFFER" >&2
    fi
  done
  head -n 4 "$out/$corpus-p1.md"
done
