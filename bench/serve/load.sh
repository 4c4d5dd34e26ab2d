#!/usr/bin/env bash
# dino serve under load: requests per second and latency percentiles of one request at 1, 8 and 64
# concurrent connections (wrk, one client thread), then a long run at the highest concurrency with the
# heap the server holds after each of its garbage collections (from its GC log), per 30 s. Not run by CI: it takes minutes and its
# numbers depend on the machine. Needs wrk (Debian: apt-get install wrk) and a JDK's jcmd.
#
#   bench/serve/load.sh MODEL.npz [SECONDS_PER_LEVEL] [SOAK_SECONDS]
#   bench/serve/load.sh /tmp/dinos.npz 30 300
#
# Environment: JAVA (the java to serve with; default java on PATH), JAR (default cli/target/dino.jar; another
# build's jar to compare side by side), REQUEST (default /api/sample?count=7), LEVELS (default "1 8 64"),
# SERVE_ARGS (more options for dino serve).
#
# Besides the table it prints the CPU time the server used per request at each level (from /proc, user + system):
# on a machine that others share, requests/s move with their load, CPU per request much less.
set -euo pipefail
cd "$(dirname "$0")/../.."

model=${1:?usage: bench/serve/load.sh MODEL.npz [SECONDS_PER_LEVEL] [SOAK_SECONDS]}
seconds=${2:-30}
soak=${3:-300}
java=${JAVA:-java}
request=${REQUEST:-/api/sample?count=7}
levels=${LEVELS:-1 8 64}
jar=${JAR:-cli/target/dino.jar}
command -v wrk >/dev/null || { echo "load.sh: wrk is missing: apt-get install wrk" >&2; exit 2; }
[ -f "$jar" ] || { echo "load.sh: $jar is missing: run mvn -B -ntp -DskipTests package" >&2; exit 2; }

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
# shellcheck source=bench/serve/server.sh
. bench/serve/server.sh
start_server load.sh -Xlog:gc:file="$work/gc.log":uptime
launched=$(date +%s.%N)

live_heap() { # MiB in use just after a full GC, read while no request runs
  "$jcmd" "$server" GC.run > /dev/null
  heap_used
}

echo "# $("$java" -version 2>&1 | head -n 1); $cpu, $(nproc) CPUs shared by server and client; GET $request"
echo "| connections | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | server CPU µs per request |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; } # user + system, in clock ticks
hz=$(getconf CLK_TCK)
wrk -t1 -c8 -d5s "$url$request" > /dev/null # warm-up, not reported
for c in $levels; do
  before=$(cpu_ticks)
  wrk -t1 -c"$c" -d"${seconds}s" --latency "$url$request" > "$work/wrk"
  used=$(($(cpu_ticks) - before))
  awk -v c="$c" -v used="$used" -v hz="$hz" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +90%/ { p90 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /^ +Latency +[0-9]/ { max = ms($4) }
    /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { gsub(/[^0-9 ]/, " "); errors += $1 + $2 + $3 + $4 }
    / requests in / { n = $1 }
    END { printf "| %d | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %.0f |\n", c, rps, p50, p90, p99, max, errors, used / hz * 1e6 / n }' "$work/wrk"
done

last=${levels##* }
if [ "$soak" -gt 0 ]; then
  echo
  echo "# $soak s at $last connections"
  echo "live heap after a full GC, idle, before: $(live_heap) MiB"
  began=$(awk -v now="$(date +%s.%N)" -v then="$launched" 'BEGIN { print now - then }') # about the server's uptime, as its GC log counts
  wrk -t1 -c"$last" -d"${soak}s" "$url$request" > "$work/soak"
  echo "live heap after a full GC, idle, after: $(live_heap) MiB"
  printf "heap after each GC under load, lowest-highest MiB per 30 s: "
  awk -v from="$began" '
    /Pause Young/ && /->/ {
      t = $1; gsub(/[][s]/, "", t); t -= from
      if (t <= 0) next
      for (i = 1; i <= NF; i++) if ($i ~ /->/) { split($i, a, "->"); after = a[2]; sub(/M.*/, "", after) }
      w = int(t / 30); n[w]++
      if (!(w in lo) || after < lo[w]) lo[w] = after
      if (after > hi[w]) hi[w] = after
      if (w > last) last = w
    }
    END {
      for (w = 0; w <= last; w++) printf "%s%s", (w ? " " : ""), (w in lo) ? lo[w] "-" hi[w] : "none"
      printf " (%d collections)\n", total(n)
    }
    function total(a,   k, s) { for (k in a) s += a[k]; return s }' "$work/gc.log"
  grep -E 'Requests/sec|requests in|Non-2xx|Socket errors' "$work/soak" | sed 's/^ */    /'
fi
logged=$(grep -cE '^[A-Z]+ /' "$work/log" || true)
other=$(grep -E '^[A-Z]+ /' "$work/log" | grep -vE ' (200|499) [0-9]+ ms$' || true)
closed=$(grep -cE '^[A-Z]+ /.* 499 [0-9]+ ms$' "$work/log" || true)
echo "requests logged: $logged; closed by wrk as it stopped (499): $closed; any other status than 200: $(printf '%s' "$other" | grep -c . || true)"
[ -z "$other" ] || printf '%s\n' "$other" | sort | uniq -c | sort -rn | head -n 5
