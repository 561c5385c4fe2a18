#!/usr/bin/env bash
# What a back end waits for: direct-method round trips (REST call to the device's answer) and cloud-to-device
# send-to-receive latency (AMQP send to the device's MQTT delivery), each at a fixed rate, against one hub.
#
#   bench/service-latency.sh [--devices N] [--method-rate R] [--c2d-rate R] [--warmup D] [--duration D] [--out DIR]
#
# The bench and the hub share this machine's cores; the bench's own HTTP, AMQP and MQTT clients are in the figures.
# A rate of 0 skips that scenario. PROFILE=1 records the hub and the bench with JDK Flight Recorder and summarises
# both recordings over each measured window.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

devices=100 method_rate=1000 c2d_rate=1000 warmup=10s duration=30s out=""
while (($#)); do
  case $1 in
    --devices) devices=$2; shift 2 ;;
    --method-rate) method_rate=$2; shift 2 ;;
    --c2d-rate) c2d_rate=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
out="${out:-$(mktemp -d /tmp/fleethub-latency.XXXXXX)}"
mkdir -p "$out"
HUB_PID=""
trap 'stop_process "$HUB_PID"' EXIT

raise_file_limit
ensure_bench_jar
ensure_hub_jar
log "machine: $(machine_summary)"
log "results in $out"
log "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
if [[ ${PROFILE:-0} == 1 ]]; then
  HUB_JAVA_OPTS="$HUB_JAVA_OPTS -XX:StartFlightRecording=filename=$out/hub.jfr,settings=profile"
fi
start_hub "$out/hub"
common=(--data-dir "$out/hub" --devices "$devices" --warmup "$warmup" --duration "$duration" --watch-pid "$HUB_PID")

scenarios=()
run_scenario() { # name command rate
  local name=$1 command=$2 rate=$3 saved_opts=$BENCH_JAVA_OPTS
  [[ $rate == 0 ]] && return 0
  if [[ ${PROFILE:-0} == 1 ]]; then
    BENCH_JAVA_OPTS="$BENCH_JAVA_OPTS -XX:StartFlightRecording=filename=$out/bench-$name.jfr,settings=profile,dumponexit=true"
  fi
  bench "$command" "${common[@]}" --rate "$rate" --json "$out/$name.json" > "$out/$name.txt"
  BENCH_JAVA_OPTS=$saved_opts
  cat "$out/$name.txt"
  scenarios+=("$name")
  if [[ ${PROFILE:-0} == 1 ]]; then
    local window=(--from "$(jq -r .load.from "$out/$name.json")" --to "$(jq -r .load.to "$out/$name.json")")
    jcmd "$HUB_PID" JFR.dump name=1 filename="$out/hub-$name.jfr" > /dev/null
    java "$ROOT/bench/JfrSummary.java" "$out/hub-$name.jfr" "${window[@]}" > "$out/hub-$name-profile.txt"
    java "$ROOT/bench/JfrSummary.java" "$out/bench-$name.jfr" "${window[@]}" > "$out/bench-$name-profile.txt"
    log "profiles of the hub and the bench in the measured window: $out/{hub,bench}-$name-profile.txt"
  fi
}
run_scenario methods methods "$method_rate"
run_scenario c2d c2d "$c2d_rate"
log "load: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

echo
echo "=== Service-side latency: $devices devices over MQTT/TLS ==="
for scenario in "${scenarios[@]}"; do
  jq -r --arg s "$scenario" '"\($s): offered \(.load.offeredPerSecond)/s, completed \(.load.completedPerSecond)/s,"
    + " failed \(.load.failed), p50 \(.load.latencyMs.p50) ms, p99 \(.load.latencyMs.p99) ms"' "$out/$scenario.json"
done | tee "$out/summary.txt"
echo "Reports: $out"
