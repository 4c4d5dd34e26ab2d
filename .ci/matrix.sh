#!/usr/bin/env bash
# The CPU matrix: the same set of runs (.ci/MatrixRuns.java) on every instruction set this machine can give, native
# or emulated, each compared byte for byte with the x86 run of the same kernel set. Exit 1 names every broken identity.
# Needs cli/target/dino.jar; for AArch64, qemu-aarch64-static and Debian's arm64 OpenJDK 17 (.ci/run installs both).
# Usage: bash .ci/matrix.sh   (MATRIX_ITERATIONS: the default run's iterations, 1001; MATRIX_JOBS: parallel JVMs, nproc;
# MATRIX_ONLY: an extended regex, only the runs whose name matches, e.g. 'x86|sve256'; the x86-native ones always run)
set -euo pipefail
cd "$(dirname "$0")/.."

iterations=${MATRIX_ITERATIONS:-1001}
jobs=${MATRIX_JOBS:-$(nproc)}
out=target/matrix
jar=cli/target/dino.jar
jdk25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
arm64=/usr/lib/jvm/java-17-openjdk-arm64/bin/java
[ -f "$jar" ] || { echo "matrix: $jar is missing: build it first (mvn -B -ntp -DskipTests package)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/classes"
cp "$jar" "$out/dino.jar"   # a copy: a rebuild while the matrix runs must not change its classes
javac -d "$out/classes" -cp "$out/dino.jar" .ci/MatrixRuns.java
vm=(--add-modules jdk.incubator.vector -cp "$out/dino.jar:$out/classes" MatrixRuns)

# name|kernels|threads|command: the x86 native runs are the references, one per kernel set. Emulated runs use one thread
# (emulation costs 10-40x; the thread identity is a property of the code, checked natively at 1 and 2 threads).
configs=()
skipped=()
add() {
  if [ "$1" = x86-native ] || [[ "$1" =~ ${MATRIX_ONLY:-.} ]]; then
    configs+=("$1|$2|${threads:-1,2}|$3")
  else
    skipped+=("$1 $2 (not in MATRIX_ONLY)")
  fi
}
if [ "$(uname -m)" = x86_64 ]; then
  flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
  add x86-native vector "java"
  add x86-native scalar "java"
  if [[ " $flags " == *" avx512f "* ]]; then
    add x86-avx2 vector "java -XX:UseAVX=2"
  else
    skipped+=("x86 -XX:UseAVX=2 (no AVX-512 here: native is AVX2 or less)")
  fi
  add x86-sse vector "java -XX:UseAVX=0"
  if [ -x "$jdk25" ]; then
    add jdk25 vector "$jdk25"
    add jdk25 scalar "$jdk25"
    if [[ " $flags " == *" avx512f "* ]]; then
      # JDK 25 with 16 registers has products of its own (four-row packed tiles, PACKED_SIX in the vector kernels).
      add jdk25-avx2 vector "$jdk25 -XX:UseAVX=2"
    fi
  else
    skipped+=("JDK 25 (not installed at $jdk25)")
  fi
  if command -v qemu-aarch64-static >/dev/null 2>&1 && [ -x "$arm64" ]; then
    # qemu-user's -cpu max has SVE; sve=off leaves NEON, sve-max-vq=N gives N x 128-bit SVE vectors.
    # -Xbatch: a method waits for its compilation, so the emulated runs (40-1000 steps, 10-40x slower) reach C2's
    # vector code instead of ending in the interpreter or C1 while the compiler is still at work.
    qemu="qemu-aarch64-static -L /"
    threads=1
    add aarch64-neon vector "$qemu -cpu max,sve=off $arm64 -Xbatch"
    add aarch64-neon scalar "$qemu -cpu max,sve=off $arm64 -Xbatch"
    add aarch64-sve128 vector "$qemu -cpu max,sve-max-vq=1 $arm64 -Xbatch"
    add aarch64-sve256 vector "$qemu -cpu max,sve-max-vq=2 $arm64 -Xbatch"
    add aarch64-sve512 vector "$qemu -cpu max,sve-max-vq=4 $arm64 -Xbatch"
  else
    skipped+=("AArch64 NEON and SVE 128/256/512 (needs qemu-aarch64-static and $arm64)")
  fi
else
  echo "matrix: this script's references are x86 runs; on $(uname -m) it has nothing to compare with" >&2
  exit 1
fi

echo "== CPU matrix: ${#configs[@]} JVMs, $jobs at a time, default run at $iterations iterations =="
start=$(date +%s)
# Emulated configurations last in the list take longest: start them first.
for ((i = ${#configs[@]} - 1; i >= 0; i--)); do
  IFS='|' read -r name kernels threads command <<< "${configs[$i]}"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  (
    t0=$(date +%s)
    # shellcheck disable=SC2086
    if $command "${vm[@]}" "$out/$name-$kernels" "$kernels" "$iterations" "$threads" > "$out/$name-$kernels.log" 2>&1; then
      echo "ok $(( $(date +%s) - t0 ))" > "$out/$name-$kernels.status"
    else
      echo "failed $(( $(date +%s) - t0 ))" > "$out/$name-$kernels.status"
    fi
  ) &
done
wait

# Compare. The default run's model file is compared within an architecture only: its initial weights come from numpy's
# randn, whose log is Math.log (nearer glibc's than StrictMath.log, docs/faithfulness.md), an intrinsic on x86 and
# fdlibm on AArch64, an ulp apart on some inputs; its stdout is compared everywhere (docs/kernels.md).
broken=()
printf '%-16s %-7s %-7s %5s  %-26s %s\n' "run" "kernels" "threads" "s" "kernels line (default run)" "result"
for config in "${configs[@]}"; do
  IFS='|' read -r name kernels threads command <<< "$config"
  dir="$out/$name-$kernels"
  ref="$out/x86-native-$kernels"
  read -r status seconds < "$dir.status"
  line=$(grep -m1 '^kernels:' "$dir/default-t1.err" 2>/dev/null || echo "-")
  result="reference"
  # Within each JVM, 2 threads must give the bytes of 1 (the partition does not depend on the thread count).
  for f in "$dir"/*-t2.out "$dir"/*-t2.npz; do
    [ -e "$f" ] || continue
    cmp -s "$f" "${f/-t2./-t1.}" || broken+=("$name $kernels: $(basename "$f") differs from $(basename "${f/-t2./-t1.}")")
  done
  if [ "$status" != ok ]; then
    broken+=("$name $kernels: the runs failed (see $dir.log)")
    result="FAILED to run"
  elif [ "$dir" != "$ref" ]; then
    diffs=()
    compared=0
    for f in "$dir"/*.out "$dir"/*.npz; do
      b=$(basename "$f")
      case "$b" in
        info.out) continue ;;
        default-t*.npz) [[ "$name" == aarch64-* ]] && continue ;;
      esac
      compared=$((compared + 1))
      cmp -s "$f" "$ref/$b" || diffs+=("$b")
    done
    if [ "$compared" -lt 5 ]; then
      result="FAILED: only $compared files to compare"
      broken+=("$name $kernels: only $compared files written (see $dir.log)")
    elif [ "${#diffs[@]}" -eq 0 ]; then
      result="$compared files: same bytes as x86-native $kernels"
    else
      result="DIFFERS: ${diffs[*]}"
      broken+=("$name $kernels: ${diffs[*]} differ from x86-native $kernels")
    fi
  fi
  printf '%-16s %-7s %-7s %5s  %-26s %s\n' "$name" "$kernels" "$threads" "$seconds" "${line#kernels: }" "$result"
done
for s in "${skipped[@]+"${skipped[@]}"}"; do
  echo "skipped: $s"
done
echo "CPU matrix took $(( $(date +%s) - start )) s"
if [ "${#broken[@]}" -gt 0 ]; then
  for b in "${broken[@]}"; do
    echo "matrix: broken identity: $b" >&2
  done
  exit 1
fi
