#!/usr/bin/env bash
# What analysis costs when many incidents escalate at once: one bundle, one rule analysis, then
# CHAINS escalations analysed together (src/test/java/dev/medic/analyze/AnalysisStormBench.java).
# Environment: TARGETS=1000 (in web -> api -> db chains) CHAINS=200 (outages, 3 incidents each).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
TARGETS="${TARGETS:-1000}"; CHAINS="${CHAINS:-200}"
. "$root/bin/lib.sh"
JAVA_HOME="$(medic_find_jdk)" || { echo "bench: no JDK >= 21 found (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME
work="$(mktemp -d /tmp/medic-analysis-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$root"
./mvnw -o -q -B -DskipTests -Djacoco.skip=true test-compile >&2
./mvnw -o -q -B dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >&2
"$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" \
  dev.medic.analyze.AnalysisStormBench "$work" "$TARGETS" "$CHAINS" 2> "$work/log" | grep -Ev "^[0-9:.]+ (INFO|WARN|DEBUG) "
