#!/usr/bin/env bash
# Runs the same QoS 1 telemetry load over TLS against Mosquitto and against Fleethub on this machine, in one run,
# and prints both figures and their ratio. Installs Mosquitto from the Debian packages when it is missing.
#
#   bench/compare-mosquitto.sh [--devices N] [--inflight N] [--payload-bytes B] [--warmup D] [--duration D]
#                              [--rate R] [--out DIR]
#
# Fleethub acknowledges (PUBACK) a message only once it is durable in its event log (fsync); after its run the hub
# is killed with SIGKILL and the bench counts the messages in the event log, which must hold every acknowledged
# one. Mosquitto acknowledges on receipt, in memory. PROFILE=1 records the hub with JDK Flight Recorder.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

devices=1000 inflight=4 payload=256 warmup=30s duration=30s rate=0 out=""
while (($#)); do
  case $1 in
    --devices) devices=$2; shift 2 ;;
    --inflight) inflight=$2; shift 2 ;;
    --payload-bytes) payload=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
out="${out:-$(mktemp -d /tmp/fleethub-bench.XXXXXX)}"
mkdir -p "$out"
MOSQUITTO_PID="" HUB_PID=""
trap 'stop_process "$MOSQUITTO_PID"; stop_process "$HUB_PID" KILL' EXIT

raise_file_limit
ensure_bench_jar
ensure_hub_jar
ensure_mosquitto
log "machine: $(machine_summary)"
log "results in $out"
load=(--devices "$devices" --inflight "$inflight" --payload-bytes "$payload" --qos 1 --rate "$rate"
  --warmup "$warmup" --duration "$duration")

# Mosquitto
mkdir -p "$out/mosquitto"
make_certificates "$out/mosquitto"
port=$(free_port)
start_mosquitto "$out/mosquitto" "$port"
bench telemetry --broker "mqtts://localhost:$port" --ca-file "$out/mosquitto/ca.pem" "${load[@]}" \
  --watch-pid "$MOSQUITTO_PID" --json "$out/mosquitto.json" > "$out/mosquitto.txt"
stop_process "$MOSQUITTO_PID"; MOSQUITTO_PID=""
cat "$out/mosquitto.txt"

# Fleethub
if [[ ${PROFILE:-0} == 1 ]]; then
  HUB_JAVA_OPTS="$HUB_JAVA_OPTS -XX:StartFlightRecording=filename=$out/fleethub.jfr,settings=profile"
fi
start_hub "$out/hub"
since=$(date -u +%Y-%m-%dT%H:%M:%SZ)
bench telemetry --data-dir "$out/hub" "${load[@]}" --watch-pid "$HUB_PID" --json "$out/fleethub.json" \
  > "$out/fleethub.txt"
cat "$out/fleethub.txt"
if [[ ${PROFILE:-0} == 1 ]]; then
  jcmd "$HUB_PID" JFR.dump name=1 filename="$out/fleethub.jfr" > /dev/null
  java "$ROOT/bench/JfrSummary.java" "$out/fleethub.jfr" --from "$(jq -r .load.from "$out/fleethub.json")" \
    --to "$(jq -r .load.to "$out/fleethub.json")" > "$out/fleethub-profile.txt"
  log "profile of the hub in the measured window: $out/fleethub-profile.txt"
fi
stop_process "$HUB_PID" KILL; HUB_PID=""
acknowledged=$(jq '.load.totals.completed' "$out/fleethub.json")
log "hub killed with SIGKILL; counting its event log (every one of the $acknowledged acknowledged messages must be there)"
bench count-events --data-dir "$out/hub" --since "$since" --expect-at-least "$acknowledged" > "$out/fleethub-events.json"
stored=$(jq '.events' "$out/fleethub-events.json")

echo
echo "=== QoS 1 telemetry over TLS: $devices devices, $inflight in flight each, $payload-byte payloads ==="
bench compare --baseline-label mosquitto --candidate-label fleethub "$out/mosquitto.json" "$out/fleethub.json" \
  | tee "$out/comparison.txt"
cat <<TEXT | tee -a "$out/comparison.txt"

Durability: Fleethub acknowledged $acknowledged messages in the whole run, each only once fsync'd to its event log;
after SIGKILL its event log holds $stored of them (sent: $(jq '.load.totals.started' "$out/fleethub.json")).
Mosquitto acknowledged on receipt, in memory (persistence off; with persistence on it saves only periodically):
its acknowledged messages would not survive a crash.
Reports: $out
TEXT
