# Sourced by load.sh and attack.sh: starts `dino serve` on a free port and reads the server's heap and the CPU's name.
# Needs java, jar, model and work set; sets server (its pid) and url; jcmd is the JDK's next to java.

# start_server SCRIPT [JVM OPTIONS...]: starts the server (SERVE_ARGS: more options for it), waits for its address.
start_server() {
  local script=$1
  shift
  # shellcheck disable=SC2086
  "$java" "$@" --add-modules jdk.incubator.vector -jar "$jar" serve --model "$model" --port 0 ${SERVE_ARGS:-} \
    > "$work/address" 2> "$work/log" &
  server=$!
  for _ in $(seq 100); do
    grep -q '^serving ' "$work/address" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
    sleep 0.2
  done
  url=$(sed -n 's/^serving \(http[^ ]*\)\/$/\1/p' "$work/address")
  [ -n "$url" ] || { echo "$script: the server printed no address" >&2; cat "$work/log" >&2; exit 1; }
}

jcmd="$(dirname "$(command -v "$java")")/jcmd"
[ -x "$jcmd" ] || jcmd=jcmd

heap_used() { # MiB of heap in use now, as the collector reports it
  "$jcmd" "$server" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f", v / 1024; exit } }'
}

cpu="$(lscpu | sed -n 's/^Model name: *//p') (family $(lscpu | sed -n 's/^CPU family: *//p'), model $(lscpu | sed -n 's/^Model: *//p'))"
