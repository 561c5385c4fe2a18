#!/usr/bin/env bash
# What a back end waits for: direct-method round trips (REST call to the device's answer) and cloud-to-device
# send-to-receive latency (AMQP send to the device's MQTT delivery), each at a fixed rate, against one hub.
#
#   bench/service-latency.sh [--devices N] [--method-rate R] [--c2d-rate R] [--warmup D] [--duration D] [--out DIR]
#
# The bench and the hub share this machine's cores; the bench's own HTTP, AMQP and MQTT clients are in the figures.
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
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
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
start_hub "$out/hub"
common=(--data-dir "$out/hub" --devices "$devices" --warmup "$warmup" --duration "$duration" --watch-pid "$HUB_PID")

bench methods "${common[@]}" --rate "$method_rate" --json "$out/methods.json" > "$out/methods.txt"
cat "$out/methods.txt"
bench c2d "${common[@]}" --rate "$c2d_rate" --json "$out/c2d.json" > "$out/c2d.txt"
cat "$out/c2d.txt"

echo
echo "=== Service-side latency: $devices devices over MQTT/TLS ==="
for scenario in methods c2d; do
  jq -r --arg s "$scenario" '"\($s): offered \(.load.offeredPerSecond)/s, completed \(.load.completedPerSecond)/s,"
    + " failed \(.load.failed), p50 \(.load.latencyMs.p50) ms, p99 \(.load.latencyMs.p99) ms"' "$out/$scenario.json"
done | tee "$out/summary.txt"
echo "Reports: $out"
