#!/usr/bin/env bash
# Offers QoS 1 telemetry over TLS at a series of rates, to Mosquitto and to Fleethub, plus one flat-out run each,
# and draws throughput and latency against offered load (docs/benchmarks-telemetry.png by default).
#
#   bench/sweep.sh [--rates "10000 20000 ..."] [--devices N] [--inflight N] [--payload-bytes B]
#                  [--warmup D] [--duration D] [--targets "mosquitto fleethub"] [--out DIR] [--png FILE]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rates="5000 10000 20000 30000 40000 50000 60000 70000 80000"
devices=1000 inflight=4 payload=256 warmup=5s duration=15s targets="mosquitto fleethub" out="" png=""
while (($#)); do
  case $1 in
    --rates) rates=$2; shift 2 ;;
    --devices) devices=$2; shift 2 ;;
    --inflight) inflight=$2; shift 2 ;;
    --payload-bytes) payload=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --png) png=$2; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
out="${out:-$(mktemp -d /tmp/fleethub-sweep.XXXXXX)}"
png="${png:-$ROOT/docs/benchmarks-telemetry.png}"
mkdir -p "$out"
MOSQUITTO_PID="" HUB_PID=""
trap 'stop_process "$MOSQUITTO_PID"; stop_process "$HUB_PID"' EXIT

raise_file_limit
ensure_bench_jar
log "machine: $(machine_summary)"
log "results in $out"
load=(--devices "$devices" --inflight "$inflight" --payload-bytes "$payload" --qos 1 --warmup "$warmup"
  --duration "$duration" --quiet)

run_rates() { # name pid target-options...
  local name=$1 pid=$2
  shift 2
  for rate in 0 $rates; do
    if ((rate == 0)); then log "$name flat out"; else log "$name at $rate/s"; fi
    bench telemetry "$@" "${load[@]}" --rate "$rate" --watch-pid "$pid" --json "$out/$name-$rate.json" \
      > "$out/$name-$rate.txt"
    grep -E "throughput|latency" "$out/$name-$rate.txt" >&2
  done
}

for target in $targets; do
  case $target in
    mosquitto)
      ensure_mosquitto
      mkdir -p "$out/mosquitto"
      make_certificates "$out/mosquitto"
      port=$(free_port)
      start_mosquitto "$out/mosquitto" "$port"
      run_rates mosquitto "$MOSQUITTO_PID" --broker "mqtts://localhost:$port" --ca-file "$out/mosquitto/ca.pem"
      stop_process "$MOSQUITTO_PID"; MOSQUITTO_PID="" ;;
    fleethub)
      ensure_hub_jar
      start_hub "$out/hub"
      run_rates fleethub "$HUB_PID" --data-dir "$out/hub"
      stop_process "$HUB_PID"; HUB_PID="" ;;
    *) die "unknown target $target (mosquitto or fleethub)" ;;
  esac
done

java -Djava.awt.headless=true -cp "$BENCH_JAR" "$ROOT/bench/Plot.java" --out "$png" \
  --title "QoS 1 telemetry over TLS: $devices devices, $inflight in flight each, $payload-byte payloads" \
  "$out"/*.json
