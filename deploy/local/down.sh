#!/usr/bin/env bash
# Stops the Kafka broker we started. PostgreSQL and Redis belong to the machine: left running.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/kafka.sh" down "$@"
