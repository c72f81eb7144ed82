#!/usr/bin/env bash
# medic log-check benchmark: what following a busy log file costs. See bench/README.md ("Log tail").
#
#   bench/log-tail.sh
#
# One medic with one `log` check (INTERVAL, default 1s) on a file that bench/log-writer.py appends
# RATE lines/s to (default 10,000; ~120-byte lines, 1 % warnings, 0.01 % critical). medic's CPU
# (utime+stime from /proc/PID/stat, all threads) is measured over IDLE seconds with the file quiet
# (the baseline), then over DURATION seconds of steady writing, after WARMUP seconds of each.
# Prints the extra CPU as % of one core and as µs per line, plus a RESULT {json} line on stdout.
#
# Environment: RATE=10000 INTERVAL=1s DURATION=60 IDLE=20 WARMUP=10 PATTERNS=3 (critical patterns;
#   as many warning ones) KEEP=1 (keep the work directory) JAR=path/to/medic.jar
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
RATE="${RATE:-10000}"
INTERVAL="${INTERVAL:-1s}"
DURATION="${DURATION:-60}"
IDLE="${IDLE:-20}"
WARMUP="${WARMUP:-10}"
KEEP="${KEEP:-}"
PY="${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }

. "$root/bin/lib.sh"   # the same JDK search and JVM flags as bin/medic
JAVA_HOME="$(medic_find_jdk)" || die "no JDK >= 21 found (set JAVA_HOME)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
jar="$(realpath -m "${JAR:-$root/target/medic.jar}")"
if [ ! -f "$jar" ]; then
  say "bench: building $jar ..."
  (cd "$root" && ./mvnw -q -B -DskipTests -Djacoco.skip=true package) >&2
fi
medic_prepare_cache "$jar"
medic_jvm_flags "$jar"

work="$(mktemp -d /tmp/medic-bench-log.XXXXXX)"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ -n "$KEEP" ]; then say "bench: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

clk_tck="$(getconf CLK_TCK)"
cpu_ticks() {  # utime + stime of a process, all threads, in clock ticks
  local line rest
  read -r line < "/proc/$1/stat"
  rest="${line##*) }"
  # shellcheck disable=SC2086
  set -- $rest
  echo $(( ${12} + ${13} ))
}

log="$work/app.log"
: > "$log"
cat > "$work/medic.yaml" <<YAML
agent:
  interval: $INTERVAL
  timeout: 5s
  mode: observe
  api: "off"
  store: sqlite:$work/medic.db
targets:
  - name: app
    checks:
      - type: log
        path: $log
        critical: ["/FATAL:.*database/i", "/OOM killer/i", "/PANIC:.*corruption/i"]
        warning: [retry, "/timeout/i", memory_high_watermark]
        max_warnings_per_minute: 5000
YAML

say "bench: medic on $log, check every $INTERVAL; writer at $RATE lines/s for ${DURATION}s"
"$JAVA" "${MEDIC_JVM_FLAGS[@]}" -jar "$jar" run -c "$work/medic.yaml" > "$work/medic.log" 2>&1 &
medic=$!
pids+=("$medic")

sleep "$WARMUP"
kill -0 "$medic" 2>/dev/null || { cat "$work/medic.log" >&2; die "medic exited"; }
a="$(cpu_ticks "$medic")"; ta="$EPOCHREALTIME"
sleep "$IDLE"
b="$(cpu_ticks "$medic")"; tb="$EPOCHREALTIME"

"$PY" "$bench/log-writer.py" "$log" "$RATE" "$((WARMUP + DURATION + 2))" > "$work/written" &
writer=$!
pids+=("$writer")
sleep "$WARMUP"
c="$(cpu_ticks "$medic")"; tc="$EPOCHREALTIME"; bytes_c="$(stat -c %s "$log")"
sleep "$DURATION"
d="$(cpu_ticks "$medic")"; td="$EPOCHREALTIME"; bytes_d="$(stat -c %s "$log")"
wait "$writer" || true
written="$(cat "$work/written")"
kill -TERM "$medic"; wait "$medic" 2>/dev/null || true

"$PY" - "$work/medic.db" "$a" "$b" "$ta" "$tb" "$c" "$d" "$tc" "$td" "$bytes_c" "$bytes_d" "$clk_tck" \
  "$written" "$RATE" "$INTERVAL" <<'PYEOF'
import json, sqlite3, sys
db, a, b, ta, tb, c, d, tc, td, bc, bd, hz, written, rate, interval = sys.argv[1:]
a, b, c, d, bc, bd, hz = int(a), int(b), int(c), int(d), int(bc), int(bd), int(hz)
ta, tb, tc, td = float(ta), float(tb), float(tc), float(td)
idle_cpu = (b - a) / hz / (tb - ta)          # cores busy while the file was quiet
busy_cpu = (d - c) / hz / (td - tc)          # cores busy while it grew
extra = busy_cpu - idle_cpu
lines = (bd - bc) / 120.0                    # lines appended in the window (fixed 120-byte lines)
per_line_us = extra * (td - tc) / lines * 1e6 if lines else float("nan")
con = sqlite3.connect(db)
rows = con.execute("SELECT status, condition, metrics FROM observations WHERE check_name = 'log'").fetchall()
read = sum(json.loads(m).get("lines_read", 0) for _, _, m in rows)
critical = sum(json.loads(m).get("critical_lines", 0) for _, _, m in rows)
warning = sum(json.loads(m).get("warning_lines", 0) for _, _, m in rows)
incidents = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
res = {"rate": float(rate), "interval": interval, "idle_cpu_pct": round(idle_cpu * 100, 3),
       "busy_cpu_pct": round(busy_cpu * 100, 3), "extra_cpu_pct": round(extra * 100, 3),
       "us_per_line": round(per_line_us, 3), "lines_in_window": int(lines),
       "lines_written": int(written), "lines_read_by_medic": int(read),
       "critical_lines": int(critical), "warning_lines": int(warning), "incidents": incidents}
sys.stderr.write(
    "idle medic: %.2f %% of a core; while following %d lines/s: %.2f %%; the log check costs %.2f %% of a core"
    " = %.2f us per line\n" % (idle_cpu * 100, float(rate), busy_cpu * 100, extra * 100, per_line_us))
sys.stderr.write("written %d lines, medic read %d (%d critical, %d warning), %d incidents\n"
                 % (int(written), int(read), int(critical), int(warning), incidents))
print("RESULT " + json.dumps(res))
PYEOF
