#!/usr/bin/env bash
# What idle TLS device connections cost the hub: heap after a full GC and resident set (RSS), with no device
# connected and then with each count of idle SAS-authenticated MQTT connections held by the bench.
#
#   bench/idle-memory.sh [--counts "10000 19000"] [--out DIR]
#
# Every connection is a file descriptor in the hub and in the bench, so the largest count must stay below the
# open-files limit. Run as root, the script raises the hard limit where the kernel lets it; in a sandbox that does
# not (the hard limit here is 20,000), pass counts below it. The hub runs with Native Memory Tracking (summary) so
# its RSS can be explained; a class histogram of its heap is kept beside each NMT summary.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

counts="10000 19000" out=""
while (($#)); do
  case $1 in
    --counts) counts=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
out="${out:-$(mktemp -d /tmp/fleethub-memory.XXXXXX)}"
mkdir -p "$out"
HUB_PID="" BENCH_PID=""
trap 'stop_process "$BENCH_PID"; stop_process "$HUB_PID"' EXIT

# File descriptors the hub holds: one per connection, plus its files and listeners.
hub_fds() { find "/proc/$HUB_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }

# Waits until the hub has closed the connections of a bench that ended (it records each disconnect in the
# registry, which takes a while for thousands), so that a measurement is not of connections still closing.
wait_for_disconnects() {
  local deadline=$((SECONDS + 300)) fds
  while fds=$(hub_fds); ((fds > idle_fds + 20 && SECONDS < deadline)); do sleep 1; done
  ((fds <= idle_fds + 20)) || die "the hub still holds $fds file descriptors ($idle_fds idle) after 300 s"
  sleep 15 # the connections' objects go a few seconds after their sockets
}

raise_file_limit
limit=$(ulimit -n)
max=0
for n in $counts; do ((n > max)) && max=$n; done
((max + 500 <= limit)) || die "holding $max connections needs more than the $limit open files allowed here"
ensure_bench_jar
ensure_hub_jar
log "machine: $(machine_summary)"
log "results in $out"
HUB_JAVA_OPTS="$HUB_JAVA_OPTS -XX:NativeMemoryTracking=summary"
start_hub "$out/hub"
idle_fds=$(hub_fds)
idle=(--data-dir "$out/hub" --connect-rate 2000 --max-pending-connects 100 --keep-alive 600 --quiet)

log "creating $max devices and connecting each once (warms the hub up)"
bench idle "${idle[@]}" --devices "$max" --hold 0 --json "$out/warmup.json" > "$out/warmup.txt"
wait_for_disconnects
read -r heap0 rss0 < <(jvm_memory "$HUB_PID")
jcmd "$HUB_PID" VM.native_memory summary > "$out/nmt-0.txt"
jcmd "$HUB_PID" GC.class_histogram > "$out/histogram-0.txt"
log "no connection: heap after GC $((heap0 / 1024)) KiB, RSS $((rss0 / 1024)) KiB"
printf 'connections,heap_after_gc_bytes,rss_bytes\n0,%s,%s\n' "$heap0" "$rss0" > "$out/memory.csv"

for n in $counts; do
  rm -f "$out/ready-$n.json"
  # Started directly, not through the bench function, so that $! is the JVM's pid: stopping it must end the
  # connections, and its RSS is the client's.
  # shellcheck disable=SC2086  # options are a list
  java $BENCH_JAVA_OPTS -jar "$BENCH_JAR" idle "${idle[@]}" --devices "$n" --hold forever \
    --ready-file "$out/ready-$n.json" --watch-pid "$HUB_PID" --json "$out/idle-$n.json" > "$out/idle-$n.txt" 2> "$out/idle-$n.err" &
  BENCH_PID=$!
  until [[ -f $out/ready-$n.json ]]; do
    kill -0 "$BENCH_PID" 2>/dev/null || die "the bench ended before its connections were up; see $out/idle-$n.err"
    sleep 1
  done
  connected=$(jq .connected "$out/ready-$n.json")
  sleep 10
  read -r heap rss < <(jvm_memory "$HUB_PID")
  jcmd "$HUB_PID" VM.native_memory summary > "$out/nmt-$n.txt"
  jcmd "$HUB_PID" GC.class_histogram > "$out/histogram-$n.txt"
  client_rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$BENCH_PID/status")
  printf '%s,%s,%s\n' "$connected" "$heap" "$rss" >> "$out/memory.csv"
  log "$connected connections: heap after GC $((heap / 1024)) KiB ($(((heap - heap0) / connected)) B each)," \
    "RSS $((rss / 1024)) KiB ($(((rss - rss0) / connected)) B each); bench client RSS $((client_rss / 1048576)) MiB"
  stop_process "$BENCH_PID"; BENCH_PID=""
  wait_for_disconnects
done

echo
echo "=== Hub memory per idle TLS connection (SAS devices, MQTT keep-alive 600 s) ==="
awk -F, 'NR == 2 {h0 = $2; r0 = $3}
  NR > 2 {printf "%7d connections: heap after GC %8.1f MiB (+%6.0f B each), RSS %8.1f MiB (+%6.0f B each)",
            $1, $2 / 1048576, ($2 - h0) / $1, $3 / 1048576, ($3 - r0) / $1
          if (pn) printf ", marginal %+6.0f B heap, %+6.0f B RSS per connection", ($2 - ph) / ($1 - pn), ($3 - pr) / ($1 - pn)
          printf "\n"; pn = $1; ph = $2; pr = $3}
  NR == 2 {printf "%7d connections: heap after GC %8.1f MiB, RSS %8.1f MiB\n", 0, $2 / 1048576, $3 / 1048576}' \
  "$out/memory.csv" | tee "$out/memory.txt"
echo "Reports and NMT summaries: $out"
