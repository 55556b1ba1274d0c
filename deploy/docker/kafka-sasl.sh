#!/bin/bash
# The compose broker (apache/kafka image) with the same security as deploy/local/kafka.sh:
# SASL/SCRAM-SHA-512 on the client listeners, the KRaft StandardAuthorizer, the admin as the only
# super user, and one SCRAM user per principal, created at format time from the compose secrets
# /run/secrets/kafka-<principal>. The topics job then grants each service its ACLs.
set -euo pipefail

PRINCIPALS=(switchback-admin sb-routing sb-rcs-gateway sb-smpp-gateway sb-capability-discovery sb-payload-store sb-audit-sink sb-webhook-dispatcher sb-producer)
DATA=/tmp/kraft-combined-logs
CONFIG=/tmp/server.properties
ADMIN_CONFIG=/tmp/admin.properties
# Controllers cannot check SCRAM (it lives in the metadata they serve): PLAIN with a password
# made for this container's life only.
CONTROLLER_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')

password() { tr -d '\n' < "/run/secrets/kafka-$1"; }
scram_login() { echo "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$1\" password=\"$(password "$1")\";"; }

cat > "$CONFIG" <<PROPS
process.roles=broker,controller
node.id=1
listeners=INTERNAL://:9092,CONTROLLER://:9093,HOST://:9094
advertised.listeners=INTERNAL://kafka:9092,HOST://localhost:9094
listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT,HOST:SASL_PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@localhost:9093
inter.broker.listener.name=INTERNAL
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.internal.scram-sha-512.sasl.jaas.config=$(scram_login switchback-admin)
listener.name.host.scram-sha-512.sasl.jaas.config=$(scram_login switchback-admin)
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="controller" password="$CONTROLLER_PASSWORD" user_controller="$CONTROLLER_PASSWORD";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:switchback-admin;User:controller
allow.everyone.if.no.acl.found=false
log.dirs=$DATA
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS

cat > "$ADMIN_CONFIG" <<ADMIN
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=$(scram_login switchback-admin)
ADMIN

scram=()
for principal in "${PRINCIPALS[@]}"; do scram+=(--add-scram "SCRAM-SHA-512=[name=$principal,password=$(password "$principal")]"); done
/opt/kafka/bin/kafka-storage.sh format --ignore-formatted -t "${CLUSTER_ID:?}" -c "$CONFIG" "${scram[@]}"
exec /opt/kafka/bin/kafka-server-start.sh "$CONFIG"
