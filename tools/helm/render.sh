#!/usr/bin/env bash
# Renders or lints the Helm chart with real Helm 3 on the JVM (tools/helm/Render.java), without
# a helm binary or a cluster. The jars come from Maven (tools/helm/pom.xml) into .tools/helm.
# Usage: render.sh template [chart] [-f values.yaml]... [--set key=value]... [--name n] [--namespace ns]
#        render.sh lint [chart] [-f values.yaml]...
# The chart defaults to deploy/helm/switchback.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LIBS="$ROOT/.tools/helm/libs"
POM="$ROOT/tools/helm/pom.xml"
CHART="$ROOT/deploy/helm/switchback"

say() { echo "helm-render: $*" >&2; }
die() { say "$*"; exit 1; }

require_tools() {
  command -v java >/dev/null || die "java not found: install a JDK >= 17 (apt-get install openjdk-17-jdk-headless)"
  command -v mvn >/dev/null || die "mvn not found: install Maven (apt-get install maven)"
  # Render.java runs in source-file mode, which needs the compiler a JRE lacks.
  java --list-modules 2>/dev/null | grep -q '^jdk.compiler' || die "java has no compiler: install a JDK >= 17, not a JRE (apt-get install openjdk-17-jdk-headless)"
}

# Fetch the classpath once per pom version (a stamp holds the pom's hash), as deploy/local/kafka.sh does.
fetch_jars() {
  local stamp="$LIBS/.pom.sha256" want
  want=$(sha256sum "$POM" | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "fetching helm-java jars with Maven (first run only)..."
  rm -rf "$LIBS" && mkdir -p "$LIBS"
  mvn -q -B -f "$POM" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIBS" >&2 \
    || die "Maven could not fetch the helm-java jars (see the output above)"
  echo "$want" > "$stamp"
}

[ $# -ge 1 ] || { echo "usage: $0 template|lint [chart] [options]" >&2; exit 2; }
command="$1"; shift
if [ $# -ge 1 ] && [ "${1#-}" = "$1" ]; then CHART="$1"; shift; fi

require_tools
fetch_jars
# Source-file mode: java compiles Render.java in memory, so there is no build step.
exec java -Xmx256m -cp "$LIBS/*" "$ROOT/tools/helm/Render.java" "$command" "$CHART" "$@"
