#!/usr/bin/env bash
# Local infrastructure for tests and the demo: PostgreSQL, Redis (the machine's own, started if
# down) and a single-node Kafka of our own.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/datastores.sh"
"$here/kafka.sh" up
