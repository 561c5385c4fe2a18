# Functions shared by the bench scripts; sourced, not run.
# Environment: BENCH_JAR and HUB_JAR override the jars; BENCH_JAVA_OPTS and HUB_JAVA_OPTS are passed to the JVMs.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_JAR="${BENCH_JAR:-$ROOT/fleethub-bench/target/fleethub-bench.jar}"
HUB_JAR="${HUB_JAR:-$ROOT/fleethub-server/target/fleethub.jar}"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx2g}"
HUB_JAVA_OPTS="${HUB_JAVA_OPTS:-}"
HUB_HOSTNAME="${HUB_HOSTNAME:-bench.localhost}"
RESERVED_PORTS=" "

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] error: $*" >&2; exit 1; }

# Runs a command as root: directly when already root, else through sudo.
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# As many open files as the hard limit allows: every connection is a file descriptor, in the client and the server.
raise_file_limit() {
  if [[ $(id -u) -eq 0 ]]; then
    ulimit -Hn 1048576 2>/dev/null || true # root may raise the hard limit up to fs.nr_open
  fi
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  log "open files limit: $(ulimit -n)"
}

# Prints a TCP port nothing listens on, below the ephemeral range (so no client socket takes it meanwhile).
free_port() {
  local port used
  used=" $(ss -Htln 2>/dev/null | awk '{n=split($4, a, ":"); print a[n]}' | tr '\n' ' ') "
  for _ in $(seq 500); do
    port=$((20000 + RANDOM % 10000))
    if [[ $used != *" $port "* && $RESERVED_PORTS != *" $port "* ]]; then
      RESERVED_PORTS+="$port "
      echo "$port"
      return
    fi
  done
  die "no free TCP port found between 20000 and 29999"
}

wait_for_port() { # port seconds
  local deadline=$((SECONDS + $2))
  until ss -Htln 2>/dev/null | awk '{print $4}' | grep -q ":$1\$"; do
    ((SECONDS < deadline)) || die "nothing listens on port $1 after $2 s"
    sleep 0.2
  done
}

ensure_bench_jar() {
  if [[ ! -f $BENCH_JAR ]]; then
    log "building $BENCH_JAR"
    (cd "$ROOT" && ./mvnw -B -q package -pl fleethub-bench -DskipTests) \
      || die "cannot build the bench jar; run './mvnw -B install -DskipTests' once, then retry"
  fi
}

ensure_hub_jar() {
  if [[ ! -f $HUB_JAR ]]; then
    log "building $HUB_JAR"
    (cd "$ROOT" && ./mvnw -B -q package -pl fleethub-server -DskipTests) \
      || die "cannot build the hub jar; run './mvnw -B install -DskipTests' once, then retry"
  fi
}

bench() { # fleethub bench, from the bench jar
  # shellcheck disable=SC2086  # options are a list
  java $BENCH_JAVA_OPTS -jar "$BENCH_JAR" "$@"
}

ensure_mosquitto() {
  MOSQUITTO="$(command -v mosquitto || true)"
  [[ -z $MOSQUITTO && -x /usr/sbin/mosquitto ]] && MOSQUITTO=/usr/sbin/mosquitto
  if [[ -z $MOSQUITTO ]]; then
    log "installing mosquitto from the Debian packages"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mosquitto \
      || die "cannot install mosquitto"
    MOSQUITTO=/usr/sbin/mosquitto
  fi
  log "mosquitto: $("$MOSQUITTO" -h 2>/dev/null | head -1)"
}

# A temporary CA and a server certificate for localhost and 127.0.0.1 signed by it, RSA 2048 like the hub's.
make_certificates() { # dir
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=bench temporary CA" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$dir/server-key.pem" \
    -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' > "$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  chmod 644 "$dir"/*.pem
}

# Starts mosquitto with TLS on 127.0.0.1:port, no persistence, anonymous clients; sets MOSQUITTO_PID.
start_mosquitto() { # dir port
  local dir=$1 port=$2
  cat > "$dir/mosquitto.conf" <<CONF
per_listener_settings false
allow_anonymous true
persistence false
log_dest file $dir/mosquitto.log
log_type error
log_type warning
user $(id -un)
max_connections -1
listener $port 127.0.0.1
cafile $dir/ca.pem
certfile $dir/server.pem
keyfile $dir/server-key.pem
CONF
  "$MOSQUITTO" -c "$dir/mosquitto.conf" > "$dir/mosquitto.out" 2>&1 &
  MOSQUITTO_PID=$!
  disown "$MOSQUITTO_PID"
  wait_for_port "$port" 10
  log "mosquitto (pid $MOSQUITTO_PID) serves MQTT over TLS on 127.0.0.1:$port"
}

# Starts a hub on fresh ports with its data in dir, bound to 127.0.0.1, through the fleethub launcher (so with the
# JVM options users get, HUB_JAVA_OPTS after them); sets HUB_PID once hub.json is written.
start_hub() { # dir
  local dir=$1
  rm -f "$dir/hub.json"
  local https mqtt amqp amqp_plain
  https=$(free_port); mqtt=$(free_port); amqp=$(free_port); amqp_plain=$(free_port)
  FLEETHUB_JAR="$HUB_JAR" JAVA_OPTS="$HUB_JAVA_OPTS" "$ROOT/fleethub" serve --data-dir "$dir" \
    --hostname "$HUB_HOSTNAME" --bind 127.0.0.1 --https-port "$https" --mqtt-port "$mqtt" \
    --amqp-port "$amqp" --amqp-plain-port "$amqp_plain" \
    > "$dir.log" 2>&1 &
  HUB_PID=$!
  disown "$HUB_PID"
  local deadline=$((SECONDS + 120))
  until [[ -f $dir/hub.json ]]; do
    kill -0 "$HUB_PID" 2>/dev/null || { tail -20 "$dir.log" >&2; die "the hub did not start; see $dir.log"; }
    ((SECONDS < deadline)) || die "the hub did not write hub.json within 120 s; see $dir.log"
    sleep 0.5
  done
  log "hub (pid $HUB_PID) serves MQTT over TLS on 127.0.0.1:$mqtt, HTTPS on $https; data in $dir"
}

stop_process() { # pid [signal]
  [[ -n ${1:-} ]] || return 0
  kill "-${2:-TERM}" "$1" 2>/dev/null || return 0
  local deadline=$((SECONDS + 30))
  while kill -0 "$1" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
}

# Heap after a full GC and resident set of a JVM, in bytes: "heap rss".
jvm_memory() { # pid
  jcmd "$1" GC.run > /dev/null
  sleep 2
  local heap rss
  heap=$(jcmd "$1" GC.heap_info | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v=$(i+1); sub(/K,?$/, "", v); print v * 1024; exit}}')
  rss=$(awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status")
  echo "$heap $rss"
}

machine_summary() {
  echo "$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB," \
    "$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r), $(java -version 2>&1 | head -1)"
}
