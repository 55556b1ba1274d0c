#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1, starting the machine's own servers when
# they are down, and that the `switchback` database exists. Never stops them.
set -euo pipefail

PGPORT="${PGPORT:-5432}"
REDIS_PORT="${REDIS_PORT:-6379}"

die() { echo "datastores: $*" >&2; exit 1; }
wait_for() { for _ in $(seq 1 30); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done; return 1; }

pg_ready() { pg_isready -q -h 127.0.0.1 -p "$PGPORT"; }
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

command -v pg_isready >/dev/null || die "PostgreSQL client tools missing (apt-get install postgresql)"
if ! pg_ready; then
  command -v pg_ctlcluster >/dev/null || die "PostgreSQL server missing (apt-get install postgresql)"
  echo "datastores: starting PostgreSQL" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  wait_for pg_ready || die "PostgreSQL did not become ready on 127.0.0.1:$PGPORT"
fi
if [ -z "$(psql -h 127.0.0.1 -p "$PGPORT" -U postgres -tAc "select 1 from pg_database where datname='switchback'")" ]; then
  createdb -h 127.0.0.1 -p "$PGPORT" -U postgres switchback
fi

command -v redis-cli >/dev/null || die "Redis tools missing (apt-get install redis-server)"
if ! redis_ready; then
  echo "datastores: starting Redis" >&2
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for redis_ready || die "Redis did not become ready on 127.0.0.1:$REDIS_PORT"
fi
echo "datastores: PostgreSQL on 127.0.0.1:$PGPORT and Redis on 127.0.0.1:$REDIS_PORT are up" >&2
