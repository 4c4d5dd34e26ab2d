#!/usr/bin/env bash
# dino serve under attack: CONNECTIONS connections that each send the start of a request and stall (reopened when the
# server closes them), while a normal client sends /health and /api/sample?count=7 on new connections and times them
# (bench/serve/Attack.java). Reports the normal client's latency and errors, the server's threads, open files and
# heap during the attack (sampled every 2 s), and when the server closed the stalled connections. Loopback only,
# bounded in connections and time; not run by CI (its numbers depend on the machine).
#
#   bench/serve/attack.sh MODEL.npz [CONNECTIONS] [SECONDS]
#   bench/serve/attack.sh /tmp/dinos.npz 1000 30
#
# Environment: JAVA (the java to serve and attack with; default java on PATH), JAR (default cli/target/dino.jar),
# SERVE_ARGS (more options for dino serve), LOG (a file to keep the server's log in).
set -euo pipefail
cd "$(dirname "$0")/../.."

model=${1:?usage: bench/serve/attack.sh MODEL.npz [CONNECTIONS] [SECONDS]}
connections=${2:-1000}
seconds=${3:-30}
java=${JAVA:-java}
jar=${JAR:-cli/target/dino.jar}
[ -f "$jar" ] || { echo "attack.sh: $jar is missing: run mvn -B -ntp -DskipTests package" >&2; exit 2; }
# Both sides hold a descriptor per connection: raise the soft limit as far as the hard one allows.
want=$((connections * 2 + 512))
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge "$want" ]; then ulimit -n "$want"; else ulimit -n "$hard"; fi

work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; [ -z "${LOG:-}" ] || cp "$work/log" "$LOG"; rm -rf "$work"' EXIT
# shellcheck source=bench/serve/server.sh
. bench/serve/server.sh
start_server attack.sh
port=${url##*:}

sample() { # threads, open files, heap MiB
  printf '%s %s %s\n' "$(awk '/^Threads:/ { print $2 }' "/proc/$server/status")" "$(find "/proc/$server/fd" -mindepth 1 -maxdepth 1 | wc -l)" "$(heap_used)"
}

echo "# $("$java" -version 2>&1 | head -n 1); $cpu, $(nproc) CPUs shared by server and clients; $connections stalled connections for $seconds s"
echo "# server: $(grep -m1 '^dino serve: ' "$work/log" | sed 's/^dino serve: [^;]*; //')"
if command -v wrk > /dev/null; then # warm-up, not reported: the server has run a while when an attack comes
  wrk -t1 -c8 -d5s "$url/api/sample?count=7" > /dev/null
  wrk -t1 -c8 -d2s "$url/health" > /dev/null
fi
idle=$(sample)
from=$(($(wc -l < "$work/log") + 1)) # the server's log from here on is the attack's
echo "server before the attack: threads, open files, heap MiB: $idle"
"$java" bench/serve/Attack.java "$port" "$connections" "$seconds" > "$work/attack" &
client=$!
: > "$work/samples"
while kill -0 "$client" 2>/dev/null; do
  sleep 2
  kill -0 "$client" 2>/dev/null && sample >> "$work/samples"
done
wait "$client"
cat "$work/attack"
awk 'NR == 1 || $1 > t { t = $1 } NR == 1 || $2 > f { f = $2 } NR == 1 || $3 > h { h = $3 } { n++ }
  END { printf "server during the attack (%d samples, 2 s apart): at most %d threads, %d open files, %.1f MiB heap\n", n, t, f, h }' "$work/samples"
closed=$(sed -n 's/^dino serve: closed \([0-9]*\) connections\{0,1\} whose request headers.*/\1/p' "$work/log" | awk '{ s += $1 } END { print s + 0 }')
echo "server log: $closed connections closed by the header timeout; requests logged by status during the attack:" \
  "$(tail -n +"$from" "$work/log" | grep -E '^[A-Z-]+ [^ ]+ [0-9]{3} [0-9]+ ms$' | awk '{ print $3 }' | sort | uniq -c | awk '{ printf "%s%s x %s", (NR > 1 ? ", " : ""), $2, $1 }')"
sleep 1
echo "server after the attack: threads, open files, heap MiB: $(sample)"
