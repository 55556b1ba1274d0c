#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, combined broker+controller) for development, tests and
# the demo, without Docker: the jars come from Maven, state lives in .tools/kafka.
# Usage: kafka.sh up | down [--wipe] | status | logs | password <principal>
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HOME_DIR="$ROOT/.tools/kafka"
LIBS="$HOME_DIR/libs"
DATA="$HOME_DIR/data"
PID_FILE="$HOME_DIR/kafka.pid"
LOG_FILE="$HOME_DIR/kafka.log"
PROPS="$HOME_DIR/server.properties"
# One SCRAM password per principal (mode 600), made once; clients read them from here.
CREDENTIALS="$HOME_DIR/credentials"
ADMIN_PROPS="$HOME_DIR/admin.properties"
POM="$ROOT/deploy/local/kafka/pom.xml"
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
BOOTSTRAP="127.0.0.1:$PORT"

# The broker authenticates every client (SASL/SCRAM-SHA-512) and authorizes it with ACLs
# (StandardAuthorizer). The admin is the only super user: it provisions topics and ACLs
# (tools/topics) and runs the tests' fixtures. Every service has a principal of its own, and
# producers of send requests share one. Keep in step with KafkaPrincipals in
# libs/contracts/src/bus-access.ts (a unit test compares the two lists).
ADMIN_PRINCIPAL=switchback-admin
PRINCIPALS=(switchback-admin sb-routing sb-rcs-gateway sb-smpp-gateway sb-capability-discovery sb-payload-store sb-audit-sink sb-webhook-dispatcher sb-producer)

say() { echo "kafka: $*" >&2; }
die() { say "$*"; exit 1; }

require_tools() {
  command -v java >/dev/null || die "java not found: install a JDK >= 17 (apt-get install openjdk-17-jre-headless)"
  command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven)"
  local major
  major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
  [ "${major:-0}" -ge 17 ] || die "Kafka 4.x needs Java >= 17, found ${major:-unknown}"
}

# Fetch the broker's runtime classpath once per pom version (a stamp holds the pom's hash).
fetch_jars() {
  local stamp="$LIBS/.pom.sha256" want
  want=$(sha256sum "$POM" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "fetching Kafka jars with Maven (first run only)..."
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" \
    || die "Maven could not fetch the Kafka jars (see the output above)"
  echo "$want" > "$stamp"
}

kafka_java() { java -Xms128m -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$LIBS/*" "$@"; }

# True when the admin can log in and list topics: the readiness test the tests depend on.
answering() {
  [ -f "$ADMIN_PROPS" ] || return 1
  timeout 20 java -Xmx128m -cp "$LIBS/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --command-config "$ADMIN_PROPS" --list >/dev/null 2>&1
}

password_of() { cat "$CREDENTIALS/$1"; }

# A random password per principal, kept across restarts (clients and tests read the files).
ensure_credentials() {
  mkdir -p "$CREDENTIALS" && chmod 700 "$CREDENTIALS"
  local principal
  for principal in "${PRINCIPALS[@]}" controller; do
    [ -s "$CREDENTIALS/$principal" ] && continue
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$CREDENTIALS/$principal")
  done
  (umask 077 && cat > "$ADMIN_PROPS" <<ADMIN
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$ADMIN_PRINCIPAL" password="$(password_of "$ADMIN_PRINCIPAL")";
ADMIN
)
}

# The principals whose SCRAM credentials the data directory was formatted with.
users_stamp() { printf '%s\n' "${PRINCIPALS[@]}" | sha256sum | cut -d' ' -f1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

our_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid; pid=$(cat "$PID_FILE")
  kill -0 "$pid" 2>/dev/null && grep -q kafka.Kafka "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

write_properties() {
  mkdir -p "$DATA"
  cat > "$PROPS" <<PROPS
process.roles=broker,controller
node.id=1
listeners=SASL_PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT
# Clients and the broker itself log in with SCRAM-SHA-512 (users live in the cluster metadata).
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$ADMIN_PRINCIPAL" password="$(password_of "$ADMIN_PRINCIPAL")";
# KRaft controllers cannot check SCRAM (it lives in the metadata they serve): PLAIN, one user.
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$(password_of controller)" user_controller="$(password_of controller)";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:$ADMIN_PRINCIPAL;User:controller
allow.everyone.if.no.acl.found=false
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
log.dirs=$DATA
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Topics are provisioned by the application from one declaration, never by a typo.
auto.create.topics.enable=false
PROPS
}

# Formats fresh data with every principal's SCRAM credentials in the first metadata. Data
# formatted for another list of principals (or before the broker authenticated) is disposable
# test data: start over on a fresh directory.
format_storage() {
  local stamp="$DATA/.scram-users"
  if [ -f "$DATA/meta.properties" ]; then
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(users_stamp)" ] && return
    say "the data was formatted for other SCRAM users: starting on fresh data"
    rm -rf "$DATA" && mkdir -p "$DATA"
  fi
  local cluster_id principal scram=()
  cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
  for principal in "${PRINCIPALS[@]}"; do
    scram+=(--add-scram "SCRAM-SHA-512=[name=$principal,password=$(password_of "$principal")]")
  done
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$PROPS" "${scram[@]}" >/dev/null \
    || die "formatting the storage in $DATA failed"
  users_stamp > "$stamp"
}

# Every test run creates topics under a prefix of its own, so a long-lived local broker piles
# up partitions; past a few thousand it runs out of file descriptors and stops. The data of
# this test broker is disposable: start a new broker on a fresh directory once it gets large.
MAX_PARTITION_DIRS=${KAFKA_MAX_PARTITION_DIRS:-6000}
partition_dirs() {
  if [ -d "$DATA" ]; then find "$DATA" -mindepth 1 -maxdepth 1 -type d -name '*-[0-9]*' | wc -l; else echo 0; fi
}
prune_when_large() {
  local dirs
  dirs=$(partition_dirs)
  if [ "$dirs" -gt "$MAX_PARTITION_DIRS" ]; then
    say "$dirs partition directories (over $MAX_PARTITION_DIRS): starting on fresh data"
    rm -rf "$DATA"
  fi
}

# A running broker is never pruned under its users' feet; past the limit it gets slow and
# answers NOT_LEADER_FOR_PARTITION for fresh topics, so say how to restart it on fresh data.
warn_when_large() {
  local dirs
  dirs=$(partition_dirs)
  if [ "$dirs" -gt "$MAX_PARTITION_DIRS" ]; then
    say "warning: $dirs partition directories (over $MAX_PARTITION_DIRS); run 'deploy/local/kafka.sh down' then 'up' to start on fresh data"
  fi
}

up() {
  require_tools
  fetch_jars
  ensure_credentials
  # A broker started by an older version of this script, without authentication: replace it.
  if our_pid >/dev/null && ! grep -q '^authorizer.class.name=' "$PROPS" 2>/dev/null; then
    say "the running broker does not authenticate clients: restarting it"
    down
  fi
  if pid=$(our_pid) && answering; then
    say "already up on $BOOTSTRAP (pid $pid)"
    warn_when_large
    return
  fi
  if ! our_pid >/dev/null && port_open; then
    answering || die "port $PORT is taken by something that is not this project's Kafka (or it does not know the credentials in $CREDENTIALS)"
    say "reusing the broker already answering on $BOOTSTRAP"; return
  fi
  our_pid >/dev/null || write_properties
  our_pid >/dev/null || prune_when_large
  our_pid >/dev/null || format_storage
  if ! our_pid >/dev/null; then
    # Each partition holds open files: take the hard limit, not a lower soft one.
    ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    nohup java -Xms256m -Xmx768m -XX:+UseG1GC -cp "$LIBS/*" \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info \
      kafka.Kafka "$PROPS" >"$LOG_FILE" 2>&1 &
    echo $! > "$PID_FILE"
  fi
  for _ in $(seq 1 90); do
    if answering; then
      say "up on $BOOTSTRAP (pid $(cat "$PID_FILE"), Kafka $(ls "$LIBS" | sed -n 's/^kafka_2.13-\(.*\)\.jar$/\1/p'))"
      return
    fi
    our_pid >/dev/null || break
    sleep 1
  done
  tail -n 40 "$LOG_FILE" >&2 || true
  die "the broker did not become ready"
}

down() {
  local pid
  if pid=$(our_pid); then
    kill -TERM "$pid"
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    say "stopped (pid $pid)"
  else
    say "not running"
  fi
  rm -f "$PID_FILE"
  if [ "${1:-}" = "--wipe" ]; then rm -rf "$DATA"; say "data wiped"; fi
}

case "${1:-}" in
  up) up ;;
  down) shift; down "${1:-}" ;;
  status) if pid=$(our_pid) || port_open; then say "up on $BOOTSTRAP"; else say "down"; exit 1; fi ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  # For scripts and people: the SCRAM password of one principal of the local broker.
  password) [ -s "$CREDENTIALS/${2:-}" ] || die "no credentials for '${2:-}' (run 'kafka.sh up' first)"; password_of "$2" ;;
  *) echo "usage: $0 up | down [--wipe] | status | logs [lines] | password <principal>" >&2; exit 2 ;;
esac
