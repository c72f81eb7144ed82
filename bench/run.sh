#!/usr/bin/env bash
# medic whole-process benchmark. See bench/README.md for what it measures and how to read it.
#
#   bench/run.sh                 throughput: N HTTP targets on a local nginx for DURATION seconds
#   bench/run.sh restart         supervised child SIGKILLed -> serving HTTP again, medic vs a bare loop
#   bench/run.sh startup         launch -> first completed check, STARTS times, fresh and existing store
#   bench/run.sh matrix          the standard set: 100@1s, 100@5s, 1000@5s, 10000@5s, startup, restart
#
# Environment (throughput): N=100 INTERVAL=1s DURATION=60 WARMUP=10 TIMEOUT=2s
#   SCHEME=http|https (https: nginx with a self-signed certificate that medic trusts through
#   javax.net.ssl.trustStore; TLS_VERIFY=false writes tls_verify: false instead)
#   MAX_CONCURRENT= (empty: medic's default) NGINX_WORKERS=1 JFR=/path/x.jfr (record the steady window)
#   EXTRA_JVM_FLAGS="-Xmn16m ..." (appended after bin/medic's flags, for experiments)
# Environment (restart): KILLS=20 PAUSE=1.0 POLL_MS=2
# Environment (startup): N=100 INTERVAL=1s STARTS=5
# Both: QUIET=1 waits before each run until the machine is idle (QUIET_BUSY=10 %, QUIET_MAX=900 s);
#   KEEP=1 keeps the work directory; JAVA_HOME picks the JDK (else the newest >= 21 found);
#   JAR=path/to/medic.jar compares another build (its AppCDS archive goes next to it).
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
mode="${1:-throughput}"

N="${N:-100}"
INTERVAL="${INTERVAL:-1s}"
DURATION="${DURATION:-60}"
WARMUP="${WARMUP:-10}"
TIMEOUT="${TIMEOUT:-2s}"
MAX_CONCURRENT="${MAX_CONCURRENT:-}"
NGINX_WORKERS="${NGINX_WORKERS:-1}"
SCHEME="${SCHEME:-http}"
TLS_VERIFY="${TLS_VERIFY:-true}"
JFR="${JFR:-}"
KILLS="${KILLS:-20}"
STARTS="${STARTS:-5}"
PAUSE="${PAUSE:-1.0}"
POLL_MS="${POLL_MS:-2}"
KEEP="${KEEP:-}"
PY="${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 1; }
now_us() { local t="$EPOCHREALTIME"; echo "${t/./}"; }
lib() { "$PY" "$bench/benchlib.py" "$@"; }

# ---- JDK, jar and the JVM flags of bin/medic ------------------------------------------------

. "$root/bin/lib.sh"   # the same JDK search and JVM flags as bin/medic
JAVA_HOME="$(medic_find_jdk)" || die "no JDK >= 21 found (set JAVA_HOME)"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
jar="$(realpath -m "${JAR:-$root/target/medic.jar}")"
if [ ! -f "$jar" ]; then
  say "bench: building $jar ..."
  (cd "$root" && ./mvnw -q -B -DskipTests package) >&2
fi

# Exactly the flags bin/medic uses, from the same place (bin/lib.sh), with the same start-up cache.
medic_prepare_cache "$jar"
medic_jvm_flags "$jar"
JVM_FLAGS=("${MEDIC_JVM_FLAGS[@]}")

# ---- work directory and cleanup ---------------------------------------------------------

work="$(mktemp -d /tmp/medic-bench.XXXXXX)"
chmod 755 "$work"   # nginx workers run as nobody and must read the static file
pids_to_stop=()
cleanup() {
  local p
  for p in "${pids_to_stop[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
  done
  for p in "${pids_to_stop[@]}"; do
    for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ -n "$KEEP" ]; then say "bench: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

clk_tck="$(getconf CLK_TCK)"
# utime + stime of a process (all its threads), in clock ticks.
cpu_ticks() {
  local line rest
  read -r line < "/proc/$1/stat" || { echo 0; return; }
  rest="${line##*) }"
  # shellcheck disable=SC2086
  set -- $rest
  echo $(( ${12} + ${13} ))
}
# Context switches (voluntary + involuntary) summed over the live threads of a process.
ctx_switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches/ { n += $2 } END { print n + 0 }'
}
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
metric() { awk -v m="$2" '$1 == m { print $2; exit }' <<< "$1"; }
to_ms() {
  case "$1" in
    *ms) echo "${1%ms}" ;;
    *s) echo $(( ${1%s} * 1000 )) ;;
    *m) echo $(( ${1%m} * 60000 )) ;;
    *) echo $(( $1 * 1000 )) ;;
  esac
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
# Busy jiffies of the whole machine (all CPUs: user+nice+system+irq+softirq+steal).
machine_busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# QUIET=1: wait (up to QUIET_MAX s) until the machine is idle, i.e. under QUIET_BUSY percent of all
# CPUs busy over 3 s, so that other jobs do not distort the figures. Prints the busy percentage seen.
wait_quiet() {
  local ncpu waited=0 a b pct
  ncpu="$(nproc)"
  while true; do
    a="$(machine_busy)"; sleep 3; b="$(machine_busy)"
    pct=$(( (b - a) * 100 / (3 * clk_tck * ncpu) ))
    if [ -z "${QUIET:-}" ] || [ "$pct" -lt "${QUIET_BUSY:-10}" ] || [ "$waited" -ge "${QUIET_MAX:-900}" ]; then
      echo "$pct"; return
    fi
    [ $(( waited % 60 )) -eq 0 ] && say "bench: waiting for a quiet machine ($pct% busy) ..."
    waited=$(( waited + 3 ))
  done
}

# Start-up is measured warm, as users see it: bin/lib.sh built the class cache above.
prime_cds() { :; }

wait_http() {  # url, seconds
  local i
  for i in $(seq $(( $2 * 50 ))); do
    curl -fsk -m 1 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.02
  done
  return 1
}

stop_pid() {  # pid: SIGTERM, wait up to 60 s, then SIGKILL
  local p="$1"
  kill -TERM "$p" 2>/dev/null || return 0
  for _ in $(seq 600); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}

# ---- nginx ------------------------------------------------------------------------------

start_nginx() {
  if ! command -v nginx > /dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    say "bench: installing nginx-light ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light) >&2 \
      || die "could not install nginx (apt-get install nginx-light)"
  fi
  local nginx; nginx="$(command -v nginx || echo /usr/sbin/nginx)"
  nginx_port="$(lib freeport)"
  local d="$work/nginx"
  mkdir -p "$d/www" "$d/tmp" "$d/logs"
  chmod 755 "$d" "$d/www"
  printf 'ok\n' > "$d/www/health"
  chmod 644 "$d/www/health"
  local listen="listen 127.0.0.1:$nginx_port backlog=4096;"
  if [ "$SCHEME" = https ]; then
    tls_setup "$d"
    listen="listen 127.0.0.1:$nginx_port ssl backlog=4096;
    ssl_certificate $d/cert.pem;
    ssl_certificate_key $d/key.pem;
    ssl_session_cache shared:SSL:10m;"
  fi
  cat > "$d/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
daemon off;
pid $d/nginx.pid;
error_log $d/logs/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; multi_accept on; }
http {
  access_log off;
  sendfile on;
  tcp_nodelay on;
  keepalive_timeout 300s;
  keepalive_requests 100000000;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  default_type text/plain;
  server {
    $listen
    root $d/www;
    # /health?t=i: one static 3-byte file whatever the query string.
    location / { try_files \$uri =404; }
  }
}
EOF
  "$nginx" -p "$d" -c "$d/nginx.conf" -e "$d/logs/error.log" &
  nginx_pid=$!
  pids_to_stop+=("$nginx_pid")
  wait_http "$SCHEME://127.0.0.1:$nginx_port/health?t=0" 10 || { cat "$d/logs/error.log" >&2; die "nginx did not start"; }
  nginx_workers="$(pgrep -P "$nginx_pid" | tr '\n' ' ')"
}

# https: a self-signed RSA 2048 certificate for 127.0.0.1, and a trust store holding it that
# medic's JVM is given (javax.net.ssl.trustStore), so that certificates are verified as in production.
tls_setup() {  # dir
  local d="$1"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/key.pem" -out "$d/cert.pem" -days 2 \
    -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null || die "openssl could not make a certificate"
  chmod 644 "$d/key.pem" "$d/cert.pem"
  "$JAVA_HOME/bin/keytool" -importcert -noprompt -alias nginx -file "$d/cert.pem" -keystore "$d/trust.p12" \
    -storetype PKCS12 -storepass changeit > /dev/null || die "keytool could not make a trust store"
  JVM_FLAGS+=("-Djavax.net.ssl.trustStore=$d/trust.p12" -Djavax.net.ssl.trustStorePassword=changeit)
}

nginx_ticks() {
  local t=0 p
  for p in $nginx_pid $nginx_workers; do t=$(( t + $(cpu_ticks "$p") )); done
  echo "$t"
}

# N HTTP targets on the local nginx, every INTERVAL; store in the work dir.
write_http_config() {  # file api_port
  local cfg="$1" api_port="$2" i
  {
    echo "# generated by bench/run.sh: $N $SCHEME targets every $INTERVAL on a local nginx"
    echo "agent:"
    echo "  mode: observe"
    echo "  interval: $INTERVAL"
    echo "  timeout: $TIMEOUT"
    echo "  api: 127.0.0.1:$api_port"
    echo "  store: sqlite:$work/medic.db"
    [ -n "$MAX_CONCURRENT" ] && echo "  max_concurrent_checks: $MAX_CONCURRENT"
    echo "targets:"
    for (( i = 0; i < N; i++ )); do
      printf '  - name: t%d\n    checks:\n      - type: http\n        url: %s://127.0.0.1:%d/health?t=%d\n' \
        "$i" "$SCHEME" "$nginx_port" "$i"
      if [ "$TLS_VERIFY" = false ]; then echo "        tls_verify: false"; fi
    done
  } > "$cfg"
}

# ---- throughput -------------------------------------------------------------------------

throughput() {
  [ "$DURATION" -gt $(( WARMUP + 5 )) ] || die "DURATION must exceed WARMUP + 5 s"
  local interval_ms; interval_ms="$(to_ms "$INTERVAL")"
  start_nginx
  local api_port; api_port="$(lib freeport)"
  local cfg="$work/medic.yaml"
  write_http_config "$cfg" "$api_port"
  prime_cds "$cfg" "127.0.0.1:$api_port"

  local extra=()
  # shellcheck disable=SC2206
  [ -n "${EXTRA_JVM_FLAGS:-}" ] && extra+=($EXTRA_JVM_FLAGS)
  if [ -n "$JFR" ]; then
    local rec="delay=${WARMUP}s,duration=$(( DURATION - WARMUP ))s,filename=$JFR,settings=profile"
    # JDK 25+: also sample CPU time (JEP 509), which sees native and kernel time, not just Java frames.
    [ "$(java_major "$JAVA")" -ge 25 ] && rec="$rec,jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms"
    extra+=("-XX:StartFlightRecording=$rec")
  fi
  local busy_before; busy_before="$(wait_quiet)"
  local load_before; load_before="$(load)"
  say "bench: $SCHEME N=$N interval=$INTERVAL duration=${DURATION}s warmup=${WARMUP}s nginx :$nginx_port load $load_before, machine ${busy_before}% busy"
  local t0_us; t0_us="$(now_us)"
  "$JAVA" "${JVM_FLAGS[@]}" "${extra[@]}" -jar "$jar" run -c "$cfg" > "$work/medic.log" 2>&1 &
  local pid=$!
  pids_to_stop+=("$pid")

  local api_up_epoch_ms
  api_up_epoch_ms="$(lib waithttp "$api_port" /health 60)" || { tail -n 30 "$work/medic.log" >&2; die "medic API did not come up"; }
  local api_up_ms=$(( api_up_epoch_ms - t0_us / 1000 ))

  sleep "$(awk -v t0="$t0_us" -v n="$(now_us)" -v w="$WARMUP" 'BEGIN { s = w - (n - t0) / 1e6; print (s > 0 ? s : 0) }')"
  # Sample A (start of the steady window) and B (end). The counter is read inside a scrape, so the
  # rate uses the midpoints of the scrapes; CPU is read between the scrapes, so serving /metrics
  # (costly at 10,000 targets) is not charged to the checks.
  local s1 a_us a_checks a_cpu a_ng a_cs a_mb scrape_a_ms
  s1="$(now_us)"
  local m; m="$(curl -fs -m 30 "http://127.0.0.1:$api_port/metrics")"
  a_us="$(now_us)"; a_cpu="$(cpu_ticks "$pid")"; a_ng="$(nginx_ticks)"; a_cs="$(ctx_switches "$pid")"; a_mb="$(machine_busy)"
  a_checks="$(metric "$m" medic_checks_total)"
  scrape_a_ms=$(( (a_us - s1) / 1000 ))

  sleep "$(awk -v t0="$t0_us" -v n="$(now_us)" -v d="$DURATION" 'BEGIN { s = d - (n - t0) / 1e6; print (s > 0 ? s : 0) }')"
  local b_us b_checks b_cpu b_ng b_cs b_mb scrape_b_ms
  b_mb="$(machine_busy)"; b_cs="$(ctx_switches "$pid")"; b_cpu="$(cpu_ticks "$pid")"; b_ng="$(nginx_ticks)"; b_us="$(now_us)"
  m="$(curl -fs -m 30 "http://127.0.0.1:$api_port/metrics")"
  local e2; e2="$(now_us)"
  scrape_b_ms=$(( (e2 - b_us) / 1000 ))
  b_checks="$(metric "$m" medic_checks_total)"
  local hwm rss threads total_cpu
  hwm="$(status_kb "$pid" VmHWM)"; rss="$(status_kb "$pid" VmRSS)"; threads="$(status_kb "$pid" Threads)"
  total_cpu="$(cpu_ticks "$pid")"
  local lag50 lag99 lagmax dsum dcount
  lag50="$(metric "$m" 'medic_schedule_lag_seconds{quantile="0.5"}')"
  lag99="$(metric "$m" 'medic_schedule_lag_seconds{quantile="0.99"}')"
  lagmax="$(metric "$m" medic_schedule_lag_seconds_max)"
  dsum="$(metric "$m" 'medic_check_duration_seconds_sum{kind="http"}')"
  dcount="$(metric "$m" 'medic_check_duration_seconds_count{kind="http"}')"
  local load_after; load_after="$(load)"
  stop_pid "$pid"
  cp "$cfg" "$work/medic.log" "$work/nginx/nginx.conf" "${OUT_DIR:-$work}/" 2>/dev/null || true

  local db; db="$(lib dbstats "$work/medic.db" $(( t0_us / 1000 )) $(( a_us / 1000 )) $(( b_us / 1000 )) "$interval_ms")"
  BENCH_SCHEME="$SCHEME" BENCH_TLS_VERIFY="$TLS_VERIFY" "$PY" - "$N" "$interval_ms" "$a_us" "$b_us" "$a_checks" "$b_checks" "$a_cpu" "$b_cpu" "$a_ng" "$b_ng" \
    "$clk_tck" "$hwm" "$rss" "$threads" "$total_cpu" "$lag50" "$lag99" "$lagmax" "$dsum" "$dcount" \
    "$api_up_ms" "$scrape_a_ms" "$scrape_b_ms" "$load_before" "$load_after" "$db" "$INTERVAL" "$a_cs" "$b_cs" "$s1" "$e2" "$a_mb" "$b_mb" "$(nproc)" "$busy_before" <<'EOF'
import json, os, sys
(n, iv_ms, a_us, b_us, a_c, b_c, a_cpu, b_cpu, a_ng, b_ng, tck, hwm, rss, threads, total_cpu,
 lag50, lag99, lagmax, dsum, dcount, api_up_ms, scr_a, scr_b, load_before, load_after, db, interval,
 a_cs, b_cs, s1, e2, a_mb, b_mb, ncpu, busy_before) = sys.argv[1:]
db = json.loads(db)
f = lambda x: float(x) if x not in ("", "NaN") else float("nan")
win = (int(b_us) - int(a_us)) / 1e6                      # CPU window: between the scrapes
rate = (f(b_c) - f(a_c)) / ((int(b_us) + int(e2) - int(s1) - int(a_us)) / 2e6)  # scrape midpoints
checks = rate * win                                        # checks completed in the CPU window
cpu = (int(b_cpu) - int(a_cpu)) / int(tck)
ng = (int(b_ng) - int(a_ng)) / int(tck)
# CPU used by everything else on the machine during the window, as % of all CPUs: interference.
other = ((int(b_mb) - int(a_mb)) / int(tck) - cpu - ng) / (win * int(ncpu)) * 100
r = {
    "mode": "throughput", "scheme": os.environ["BENCH_SCHEME"], "n": int(n), "interval": interval,
    "window_s": round(win, 1),
    "scheduled_per_s": round(int(n) * 1000 / int(iv_ms), 1),
    "achieved_per_s": round(rate, 1),
    "store_rows_per_s": round(db["rows_in_window"] / win, 1),
    "cpu_s_per_1000": round(cpu / checks * 1000, 3) if checks else None,
    "cpu_pct_of_core": round(cpu / win * 100, 1),
    "nginx_cpu_s_per_1000": round(ng / checks * 1000, 3) if checks else None,
    "ctx_switches_per_check": round((int(b_cs) - int(a_cs)) / checks, 1) if checks else None,
    "not_up_in_window": db["non_up_in_window"],
    "lag_p50_ms": round(f(lag50) * 1000, 2), "lag_p99_ms": round(f(lag99) * 1000, 2),
    "lag_max_ms": round(f(lagmax) * 1000, 2),
    "jitter_p50_ms": db["jitter_p50_ms"], "jitter_p99_ms": db["jitter_p99_ms"], "jitter_max_ms": db["jitter_max_ms"],
    "http_mean_ms": round(f(dsum) / f(dcount) * 1000, 2) if f(dcount) else None,
    "peak_rss_mib": round(int(hwm) / 1024, 1), "rss_end_mib": round(int(rss) / 1024, 1),
    "threads_end": int(threads), "cpu_total_s": round(int(total_cpu) / int(tck), 2),
    "start_to_first_check_ms": db["first_check_ms"], "start_to_api_ms": int(api_up_ms),
    "db_rows_in_window": db["rows_in_window"],
    "scrape_ms": [int(scr_a), int(scr_b)], "load_before": load_before, "load_after": load_after,
    "machine_busy_before_pct": int(busy_before), "other_cpu_pct_in_window": round(other, 1),
}
w = sys.stderr.write
if r["scheme"] == "https":
    r["tls_verify"] = os.environ["BENCH_TLS_VERIFY"] != "false"
w(f"\n  {r['scheme']} N={n} every {interval}: steady window {r['window_s']} s after warm-up\n")
w(f"  checks/s           {r['achieved_per_s']} achieved / {r['scheduled_per_s']} scheduled"
  f"  (store: {r['store_rows_per_s']}/s, {db['non_up_in_window']} not UP)\n")
w(f"  CPU                {r['cpu_s_per_1000']} s per 1,000 checks ({r['cpu_pct_of_core']}% of one core);"
  f" nginx {r['nginx_cpu_s_per_1000']} s per 1,000; {r['ctx_switches_per_check']} context switches per check\n")
w(f"  schedule lag       p50 {r['lag_p50_ms']} ms, p99 {r['lag_p99_ms']} ms, max {r['lag_max_ms']} ms (medic's metric)\n")
w(f"  completion jitter  p50 {r['jitter_p50_ms']} ms, p99 {r['jitter_p99_ms']} ms, max {r['jitter_max_ms']} ms (from the store)\n")
w(f"  http check mean    {r['http_mean_ms']} ms\n")
w(f"  peak RSS           {r['peak_rss_mib']} MiB (end {r['rss_end_mib']} MiB, {r['threads_end']} threads)\n")
w(f"  start -> first check {r['start_to_first_check_ms']} ms, start -> API {r['start_to_api_ms']} ms\n")
w(f"  /metrics scrape    {r['scrape_ms'][0]} / {r['scrape_ms'][1]} ms; load {load_before} -> {load_after}\n")
w(f"  interference       machine {busy_before}% busy before the run; other processes used {r['other_cpu_pct_in_window']}%"
  f" of all CPUs during the window\n\n")
print("RESULT " + json.dumps(r))
EOF
}

# ---- startup ----------------------------------------------------------------------------

# Launch -> first completed check (the `at` of the first observation in the store) and launch ->
# API answering, STARTS times with a fresh store (first start: schema migrations run) and STARTS
# times with the store left by the previous start (a restart of medic).
startup() {
  start_nginx
  local api_port; api_port="$(lib freeport)"
  local cfg="$work/medic.yaml"
  write_http_config "$cfg" "$api_port"
  prime_cds "$cfg" "127.0.0.1:$api_port"
  local busy; busy="$(wait_quiet)"
  say "bench: startup: N=$N, $STARTS starts each with a fresh and an existing store; load $(load), machine ${busy}% busy"
  local kind i t0_us pid up first out=()
  for kind in fresh existing; do
    rm -f "$work/medic.db"*
    [ "$kind" = existing ] && { "$JAVA" "${JVM_FLAGS[@]}" -jar "$jar" run -c "$cfg" > /dev/null 2>&1 & pid=$!;
      lib waithttp "$api_port" /health 60 > /dev/null; sleep 1; stop_pid "$pid"; }
    for (( i = 0; i < STARTS; i++ )); do
      [ "$kind" = fresh ] && rm -f "$work/medic.db"*
      # Rows of earlier starts must not count: remember the newest one.
      local before=0
      [ -f "$work/medic.db" ] && before="$("$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select coalesce(max(at),0) from observations").fetchone()[0])' "$work/medic.db")"
      sleep 1
      t0_us="$(now_us)"
      "$JAVA" "${JVM_FLAGS[@]}" -jar "$jar" run -c "$cfg" > "$work/startup.log" 2>&1 &
      pid=$!
      pids_to_stop+=("$pid")
      up="$(lib waithttp "$api_port" /health 60)" || { tail -n 20 "$work/startup.log" >&2; die "medic did not start"; }
      sleep 1
      stop_pid "$pid"
      first="$("$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select min(at) from observations where at > ?", (int(sys.argv[2]),)).fetchone()[0])' "$work/medic.db" "$before")"
      say "  $kind store, start $(( i + 1 )): first check $(( first - t0_us / 1000 )) ms, API $(( up - t0_us / 1000 )) ms"
      out+=("$kind $(( first - t0_us / 1000 )) $(( up - t0_us / 1000 ))")
    done
  done
  printf '%s\n' "${out[@]}" | "$PY" -c '
import json, statistics, sys
rows = [l.split() for l in sys.stdin if l.strip()]
r = {"mode": "startup", "n": int(sys.argv[1]), "machine_busy_before_pct": int(sys.argv[2])}
for kind in ("fresh", "existing"):
    f = [int(x[1]) for x in rows if x[0] == kind]; a = [int(x[2]) for x in rows if x[0] == kind]
    r[kind] = {"first_check_median_ms": statistics.median(f), "first_check_min_ms": min(f), "first_check_max_ms": max(f),
               "api_median_ms": statistics.median(a)}
    fm, am = statistics.median(f), statistics.median(a)
    sys.stderr.write(f"  {kind:8s} store: start -> first check median {fm} ms (min {min(f)}, max {max(f)}),"
                     f" start -> API median {am} ms\n")
print("RESULT " + json.dumps(r))' "$N" "$busy"
}

# ---- restart ----------------------------------------------------------------------------

restart() {
  if ! command -v cc > /dev/null 2>&1; then
    say "bench: installing gcc ..."
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev) >&2 || die "no C compiler"
  fi
  local bin="$work/tinyhttpd"
  cc -O2 -o "$bin" "$bench/tinyhttpd.c"
  local port api_port cfg="$work/restart.yaml"
  port="$(lib freeport)"; api_port="$(lib freeport)"
  cat > "$cfg" <<EOF
# generated by bench/run.sh restart: one supervised tiny HTTP server, restarted when it exits
agent:
  mode: heal
  interval: 1s
  timeout: 1s
  api: 127.0.0.1:$api_port
  store: sqlite:$work/restart.db
  max_heals_per_hour: 1000
  verify_timeout: 5s
  breaker: {min_actions: 1000}
targets:
  - name: svc
    process:
      command: ["$bin", "$port"]
      stop_grace: 1s
    checks:
      - type: process
      - type: http
        url: http://127.0.0.1:$port/health
strategies:
  - name: restart
    conditions: [process_exited]
    action: {type: restart}
    cooldown: 0s
    max_attempts: 100
EOF
  prime_cds "$cfg" "127.0.0.1:$api_port"
  local busy_medic; busy_medic="$(wait_quiet)"
  say "bench: restart: medic supervising $bin on :$port, $KILLS kills; load $(load), machine ${busy_medic}% busy"
  "$JAVA" "${JVM_FLAGS[@]}" -jar "$jar" run -c "$cfg" > "$work/restart-medic.log" 2>&1 &
  local pid=$!
  pids_to_stop+=("$pid")
  wait_http "http://127.0.0.1:$api_port/health" 60 || { tail -n 30 "$work/restart-medic.log" >&2; die "medic did not start"; }
  local medic_json
  medic_json="$(lib restart --label medic --port "$port" --parent "$pid" --kills "$KILLS" --pause "$PAUSE" \
    --poll "$(awk -v p="$POLL_MS" 'BEGIN { print p / 1000 }')" --api "127.0.0.1:$api_port")" \
    || { tail -n 40 "$work/restart-medic.log" >&2; die "restart run failed"; }
  stop_pid "$pid"
  cp "$work/restart-medic.log" "${OUT_DIR:-$work}/" 2>/dev/null || true

  # The same server under the simplest supervisor there is.
  local busy_loop; busy_loop="$(wait_quiet)"
  local port2; port2="$(lib freeport)"
  bash -c 'while [ ! -e "$2" ]; do "$0" "$1"; done' "$bin" "$port2" "$work/loop.stop" > /dev/null 2>&1 &
  local loop=$!
  pids_to_stop+=("$loop")
  wait_http "http://127.0.0.1:$port2/health" 10 || die "bare loop server did not start"
  local loop_json
  loop_json="$(lib restart --label loop --port "$port2" --parent "$loop" --kills "$KILLS" --pause "$PAUSE" \
    --poll "$(awk -v p="$POLL_MS" 'BEGIN { print p / 1000 }')")"
  # Stop the loop from within, so that it reaps its last child itself.
  touch "$work/loop.stop"
  local child; child="$(pgrep -P "$loop" || true)"
  [ -n "$child" ] && kill -TERM $child 2>/dev/null || true
  wait "$loop" 2>/dev/null || true

  "$PY" - "$medic_json" "$loop_json" "$(load)" "$busy_medic" "$busy_loop" <<'EOF'
import json, sys
m, l = json.loads(sys.argv[1]), json.loads(sys.argv[2])
m["machine_busy_before_pct"], l["machine_busy_before_pct"] = int(sys.argv[4]), int(sys.argv[5])
for r in (m, l):
    sys.stderr.write(f"  {r['label']:5s}: killed -> serving again: median {r['median_ms']} ms, p90 {r['p90_ms']} ms,"
                     f" min {r['min_ms']} ms, max {r['max_ms']} ms over {r['kills']} kills\n")
print("RESULT " + json.dumps({"mode": "restart", "medic": m, "loop": l, "load_after": sys.argv[3]}))
EOF
}

# ---- matrix -----------------------------------------------------------------------------

matrix() {
  local out="${OUT_DIR:-$root/bench/results}"
  mkdir -p "$out"
  local results="$out/results.jsonl"
  : > "$results"
  say "bench: matrix, results in $results; $(nproc) cores, load $(load)"
  local spec n iv d
  for spec in "100 1s 60" "100 5s 60" "1000 5s 60" "10000 5s ${DURATION_10K:-60}"; do
    read -r n iv d <<< "$spec"
    N="$n" INTERVAL="$iv" DURATION="$d" OUT_DIR="" "$0" throughput | sed -n 's/^RESULT //p' >> "$results"
  done
  N=100 INTERVAL=1s "$0" startup | sed -n 's/^RESULT //p' >> "$results"
  "$0" restart | sed -n 's/^RESULT //p' >> "$results"
  "$PY" - "$results" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| N | interval | checks/s achieved / scheduled | CPU s per 1,000 checks | ctx switches per check | lag p50 / p99 (ms) | completion jitter p50 / p99 (ms) | peak RSS (MiB) | start -> first check (ms) | busy before / others during (% of CPUs) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    if r["mode"] == "throughput":
        print(f"| {r['n']} | {r['interval']} | {r['achieved_per_s']} / {r['scheduled_per_s']} | {r['cpu_s_per_1000']} |"
              f" {r['ctx_switches_per_check']} | {r['lag_p50_ms']} / {r['lag_p99_ms']} | {r['jitter_p50_ms']} / {r['jitter_p99_ms']} |"
              f" {r['peak_rss_mib']} | {r['start_to_first_check_ms']} | {r['machine_busy_before_pct']} / {r['other_cpu_pct_in_window']} |")
for r in rows:
    if r["mode"] == "startup":
        print()
        print(f"| start -> first check, N={r['n']} | median (ms) | min / max (ms) | start -> API median (ms) |")
        print("|---|---|---|---|")
        for kind in ("fresh", "existing"):
            k = r[kind]
            print(f"| {kind} store | {k['first_check_median_ms']} | {k['first_check_min_ms']} / {k['first_check_max_ms']} | {k['api_median_ms']} |")
for r in rows:
    if r["mode"] == "restart":
        print()
        print("| supervisor | killed -> serving again, median (ms) | p90 (ms) | min / max (ms) | kills | machine busy before (%) |")
        print("|---|---|---|---|---|---|")
        for s in (r["medic"], r["loop"]):
            print(f"| {s['label']} | {s['median_ms']} | {s['p90_ms']} | {s['min_ms']} / {s['max_ms']} | {s['kills']} | {s['machine_busy_before_pct']} |")
EOF
}

case "$mode" in
  throughput|"") throughput ;;
  restart) restart ;;
  startup) startup ;;
  matrix) matrix ;;
  -h|--help|help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" ;;
  *) die "unknown mode '$mode' (throughput, restart, matrix)" ;;
esac
