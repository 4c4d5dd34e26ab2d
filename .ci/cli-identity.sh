#!/usr/bin/env bash
# Proof that a refactor changed nothing a user sees: runs the same ~40 dino commands with two builds of dino.jar and
# compares their stdout, stderr, exit codes and every file they write, byte for byte.
#
#   .ci/cli-identity.sh OLD_JAR NEW_JAR      (e.g. /tmp/old-dino.jar cli/target/dino.jar)
#
# Each case runs in a fresh folder (data/ a link to the repository's data), once per jar, at the same absolute
# path (model files record their data's path), so that messages and files naming paths compare. Masked, because
# they vary from run to run and not with the code: in stderr, the seconds and rates of "trained N iterations in
# X s (N iterations/s, N characters/s)". Nothing in stdout, the exit codes or the files is masked.
# Exit 0 when every case is identical; 1 naming each case that differs, with its diff; 2 on bad usage.
# JAVA (default: java) and NICE (default: nice -n 15) may be set. Takes 4 to 6 minutes on 2 cores.
set -u
[ $# -eq 2 ] || { echo "usage: $0 OLD_JAR NEW_JAR" >&2; exit 2; }
old=$(readlink -f "$1") && [ -f "$old" ] || { echo "no jar at $1" >&2; exit 2; }
new=$(readlink -f "$2") && [ -f "$new" ] || { echo "no jar at $2" >&2; exit 2; }
repo=$(cd "$(dirname "$0")/.." && pwd -P)
JAVA=${JAVA:-java}
NICE=${NICE:-nice -n 15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One case a line: NAME|shell commands, run with `dino` meaning the jar under test. Small iteration counts.
cases=$(cat <<'CASES'
train-default|dino train --iterations 2001
train-scalar|dino train --iterations 2001 --kernels scalar
train-vector|dino train --iterations 1001 --kernels vector --print-every 500
train-f32|dino train --iterations 1001 --precision f32 --print-every 500 --save m.npz
train-lstm|dino train --iterations 201 --cell lstm --hidden 32 --print-every 100 --save m.npz
train-gru|dino train --iterations 201 --cell gru --hidden 32 --print-every 100 --save m.npz
train-rnn-2layers|dino train --iterations 201 --cell rnn --layers 2 --hidden 32 --print-every 100 --save m.npz
train-lstm-2layers-dropout|dino train --iterations 101 --cell lstm --layers 2 --dropout 0.2 --hidden 32 --print-every 50 --save m.npz
train-gru-b16-t2|dino train --iterations 101 --cell gru --batch-size 16 --threads 2 --hidden 64 --print-every 50 --save m.npz
train-rnn-b16-t1-f32|dino train --iterations 101 --batch-size 16 --threads 1 --precision f32 --print-every 50 --save m.npz
train-lstm-b16-t2-f32|dino train --iterations 101 --cell lstm --batch-size 16 --threads 2 --precision f32 --hidden 48 --print-every 50
train-adam|dino train --iterations 501 --optimizer adam --learning-rate 0.005 --print-every 250 --save m.npz
train-adagrad|dino train --iterations 501 --optimizer adagrad --learning-rate 0.1 --print-every 250 --save m.npz
train-products-fma|dino train --iterations 301 --products fma --print-every 150 --save m.npz
train-text|dino train --mode text --data data/dinos.txt --iterations 301 --hidden 32 --seq-length 16 --print-every 100 --save m.npz
train-text-lstm-b8|dino train --mode text --data data/dinos.txt --iterations 101 --cell lstm --batch-size 8 --hidden 32 --print-every 50 --samples 2 --length 40
train-names|dino train --data data/names.txt --iterations 301 --print-every 100 --samples 3 --length 12
train-val-keepbest|dino train --iterations 3001 --val-fraction 0.1 --print-every 500 --keep-best best.npz --save m.npz
train-patience|dino train --iterations 20001 --val-fraction 0.2 --print-every 100 --patience 2 --learning-rate 0.5 --save m.npz
train-save-resume|dino train --iterations 1001 --print-every 500 --save m.npz; dino train --resume m.npz --iterations 2001 --print-every 500 --save m2.npz
train-save-every|dino train --iterations 601 --print-every 200 --save m.npz --save-every 300
train-resume-conflict|dino train --iterations 11 --save m.npz; dino train --resume m.npz --hidden 64 --iterations 21
train-quiet-seed|dino train --iterations 501 --seed 7 --quiet --print-every 250
train-print0|dino train --iterations 301 --print-every 0 --save m.npz
sample-default|dino train --iterations 1001 --print-every 0 --save m.npz; dino sample --model m.npz
sample-options|dino train --iterations 1001 --print-every 0 --save m.npz; dino sample --model m.npz --count 5 --temperature 0.7 --top-k 5 --seed 3 --prefix ty --length 12 --known data/dinos.txt
sample-text|dino train --mode text --data data/dinos.txt --iterations 101 --hidden 32 --print-every 0 --save m.npz; dino sample --model m.npz --count 2 --length 60 --seed 1
eval|dino train --iterations 1001 --print-every 0 --val-fraction 0.1 --save m.npz; dino eval --model m.npz; dino eval --model m.npz --data data/names.txt
info-model|dino train --iterations 101 --cell gru --print-every 0 --val-fraction 0.1 --keep-best b.npz --save m.npz; dino info --model m.npz; dino info --model b.npz
info|dino info
help|dino --help; dino train --help; dino sample --help; dino eval --help; dino info --help; dino serve --help; dino bench --help
bench-list|dino bench --list
version|dino --version
err-missing-data|dino train --data nope.txt --iterations 5
err-missing-model|dino sample --model nope.npz
err-bad-option|dino train --hiden 5
err-bad-values|dino bench --precision f16; dino train --hidden 0; dino train --batch-size 0; dino train --threads 0; dino train --threads 999; dino train --learning-rate -1; dino train --cell cnn; dino train --precision f16; dino train --optimizer rms; dino train --products fast; dino train --mode words
err-rules|dino train --keep-best b.npz; dino train --patience 3; dino train --val-fraction 0.1 --patience 0; dino sample --model x.npz --count -1; dino train --save nodir/m.npz
err-corrupt-model|printf 'not a zip' > bad.npz; dino sample --model bad.npz; dino eval --model bad.npz; dino info --model bad.npz; dino train --resume bad.npz
err-empty-data|: > empty.txt; dino train --data empty.txt
err-unknown-command|dino frobnicate
CASES
)

run_case() { # JAR SIDE NAME CMD: runs in $work/run/NAME (the same absolute path for both jars, which model files
  # record as their data's source), then moves the results to $work/SIDE/NAME.
  local jar=$1 side=$2 name=$3 cmd=$4 dir=$work/run/$3
  rm -rf "$dir"
  mkdir -p "$dir" "$work/$side"
  ln -s "$repo/data" "$dir/data"
  (
    cd "$dir" || exit 1
    dino() {
      $NICE "$JAVA" --add-modules jdk.incubator.vector -jar "$jar" "$@" >>stdout 2>>stderr </dev/null
      echo "exit $? from dino $*" >>exits
    }
    eval "$cmd"
  ) 2>/dev/null
  # stderr: timings vary from run to run.
  sed -E 's/(trained [0-9]+ iterations in )[0-9.]+ s \([0-9.]+ iterations\/s, [0-9.]+ characters\/s\)/\1X s (N iterations\/s, N characters\/s)/' \
      "$dir/stderr" >"$dir/stderr.masked" 2>/dev/null
  rm -f "$dir/stderr" "$dir/data"
  mv "$dir" "$work/$side/$name"
}

start=$(date +%s)
failed=0
count=0
while IFS='|' read -r name cmd; do
  count=$((count + 1))
  run_case "$old" old "$name" "$cmd"
  run_case "$new" new "$name" "$cmd"
  if ! diff -r "$work/old/$name" "$work/new/$name" >"$work/diff" 2>&1; then
    echo "DIFFERS: $name ($cmd)"
    head -n 40 "$work/diff"
    failed=$((failed + 1))
  fi
done <<<"$cases"
echo "$count cases, $failed differ ($(( $(date +%s) - start )) s): old $old, new $new"
[ "$failed" -eq 0 ]
