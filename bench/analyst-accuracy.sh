#!/usr/bin/env bash
# An analyst's top-1 accuracy on incident fixtures with known root causes (src/main/resources/
# analyze/fixtures, shipped in the jar): one line per fixture, then "top-1 accuracy: H/N (P %)".
#
#   bench/analyst-accuracy.sh                           the rule analyst on the shipped fixtures
#   bench/analyst-accuracy.sh DIR                       ... on your own fixtures
#   bench/analyst-accuracy.sh --analyst llm -c my.yaml  an analyst from my.yaml's escalation.analysts
#
# Arguments go to `medic analyst score` unchanged. bin/medic finds a JDK >= 21 and builds the jar
# when the sources are newer than it.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
say() { printf '%s\n' "$*" >&2; }
. "$root/bin/lib.sh"
JAVA_HOME="$(medic_find_jdk)" || { say "bench: no JDK >= 21"; exit 1; }
export JAVA_HOME

exec "$root/bin/medic" analyst score "$@"
