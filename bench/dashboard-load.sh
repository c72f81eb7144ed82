#!/usr/bin/env bash
# The dashboard under load: medic (bin/medic) watching N tcp targets, some of whose ports open and
# close all the time; then, in headless Chromium (src/test/.../DashboardLoadBench, tag "bench"):
#   - server time of GET / (20 runs: median, p95)
#   - browser time from navigation start to the grid in the document (5 loads, median)
#   - status changes delivered to an open overview over MINUTES of flipping, and the page's JS heap
#     (after GC, through DevTools) and DOM node count at the start and the end.
#
# Environment: N=1000 MINUTES=2 INTERVAL=1s PORTS=50 (targets share these ports round-robin)
#   FLIP_PORTS=10 (of them open and close) FLIP_MS=2000 (each one's period; with the defaults about
#   N*FLIP_PORTS/PORTS = 200 targets change status about every 2 s, ~100 changes/s). KEEP=1 keeps the work dir.
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
N="${N:-1000}"; MINUTES="${MINUTES:-2}"; INTERVAL="${INTERVAL:-1s}"
PORTS="${PORTS:-50}"; FLIP_PORTS="${FLIP_PORTS:-10}"; FLIP_MS="${FLIP_MS:-2000}"
PY="$(command -v python3)"

say() { printf '%s\n' "$*" >&2; }
. "$root/bin/lib.sh"
JAVA_HOME="$(medic_find_jdk)" || { say "bench: no JDK >= 21"; exit 1; }
export JAVA_HOME

work="$(mktemp -d /tmp/medic-dashboard-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "${KEEP:-}" ]; then say "bench: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

# Ports that accept connections; the first FLIP_PORTS of them close and reopen every FLIP_MS / 2.
"$PY" - "$PORTS" "$FLIP_PORTS" "$FLIP_MS" "$work/ports" <<'PYEOF' &
import socket, sys, time, threading
count, flips, period, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000, sys.argv[4]
def listen(port=0):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(512); s.settimeout(0.2); return s
socks = [listen() for _ in range(count)]
ports = [s.getsockname()[1] for s in socks]
open(out + ".tmp", "w").write("\n".join(map(str, ports))); __import__("os").rename(out + ".tmp", out)
def serve(i):
    while True:
        s = socks[i]
        if s is None: time.sleep(0.05); continue
        try: c, _ = s.accept(); c.close()
        except Exception: pass
for i in range(count): threading.Thread(target=serve, args=(i,), daemon=True).start()
while True:
    time.sleep(period / 2)
    for i in range(flips):
        if socks[i] is None: socks[i] = listen(ports[i])
        else: s, socks[i] = socks[i], None; s.close()
PYEOF
pids+=($!)
for _ in $(seq 100); do [ -f "$work/ports" ] && break; sleep 0.1; done
mapfile -t ports < "$work/ports"
api_port="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"

{
  echo "agent:"
  echo "  mode: observe"
  echo "  interval: $INTERVAL"
  echo "  failures: 1"
  echo "  successes: 1"
  echo "  api: 127.0.0.1:$api_port"
  echo "  store: sqlite:$work/medic.db"
  echo "targets:"
  for i in $(seq 0 $((N - 1))); do
    printf '  - name: t%04d\n    checks: [{type: tcp, port: %s}]\n' "$i" "${ports[$((i % PORTS))]}"
  done
} > "$work/medic.yaml"

say "bench: medic with $N targets ($FLIP_PORTS of $PORTS ports flipping every ${FLIP_MS} ms), api :$api_port"
"$root/bin/medic" run -c "$work/medic.yaml" > "$work/medic.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  curl -fsS "http://127.0.0.1:$api_port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$api_port/health" >/dev/null || { say "bench: medic did not start"; tail "$work/medic.log" >&2; exit 1; }
sleep 3   # every target checked once

cd "$root"
./mvnw -o -B -q -Djacoco.skip=true -Dsurefire.excludedGroups=none -Dgroups=bench -Dtest=DashboardLoadBench \
  -Dsurefire.failIfNoSpecifiedTests=false -Dmedic.bench.url="http://127.0.0.1:$api_port" \
  -Dmedic.bench.minutes="$MINUTES" -Dmedic.bench.targets="$N" test 2>&1 | grep -E "^BENCH|FAIL|ERROR" || true
curl -fsS "http://127.0.0.1:$api_port/api/debug/live" >&2 && echo >&2
