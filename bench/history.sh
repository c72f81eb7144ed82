#!/usr/bin/env bash
# History at scale: fills a SQLite store with TARGETS targets x DAYS days of 5-minute and hourly
# aggregates plus RAW_HOURS of raw runs (one every 30 s per target), then prints the time of one
# 5-minute roll-up (and of the in-memory summary refresh that follows it), of uptime()+latency()
# for every target over 24 h / 7 d / 30 d (what a dashboard load asks), and of one target's series
# over the whole span. See docs/history.md.
#
#   bench/history.sh                 # 1000 targets, 30 days, 2 h raw
#   TARGETS=100 DAYS=7 bench/history.sh
#
# Environment: TARGETS=1000 DAYS=30 RAW_HOURS=2 KEEP=1 (keep the work directory)
#   REUSE=DIR (measure again on the store a KEEP=1 run left in DIR, without filling)
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
TARGETS="${TARGETS:-1000}"
DAYS="${DAYS:-30}"
RAW_HOURS="${RAW_HOURS:-2}"

. "$root/bin/lib.sh"
JAVA_HOME="$(medic_find_jdk)" || { echo "bench: no JDK >= 21 found (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME

if [ -n "${REUSE:-}" ]; then
  work="$REUSE"
else
  work="$(mktemp -d /tmp/medic-history-bench.XXXXXX)"
  [ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fi

cd "$root"
./mvnw -o -q -B -DskipTests -Djacoco.skip=true test-compile >&2
./mvnw -o -q -B dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >&2
"$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" \
  dev.medic.store.HistoryBench "$work" "$TARGETS" "$DAYS" "$RAW_HOURS" ${REUSE:+reuse}
