#!/usr/bin/env bash
# Server time of the dashboard's overview with many targets: GET / over loopback (server time plus a
# local round trip) and the build-and-render alone, median and p95. The history answers from memory,
# as the history store's summary does; the targets, incidents and audit are made up in memory.
#
#   bench/dashboard-server.sh [TARGETS=1000] [RUNS=50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/bin/lib.sh"
JAVA_HOME="$(medic_find_jdk)" || exit 1
export JAVA_HOME
cd "$root"
./mvnw -q -B -o -DskipTests -Djacoco.skip=true test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
exec "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xmx256m -cp "target/classes:target/test-classes:$(cat "$cp_file")" \
  dev.medic.dashboard.DashboardBench "${1:-1000}" "${2:-50}"
