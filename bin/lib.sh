# Shared by bin/medic, bin/test and bench/run.sh: finding a JDK and the JVM flags medic runs with.
# Source it; it defines functions and sets nothing else.

java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

# Prints the newest JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm.
medic_find_jdk() {
  local candidates=() best="" best_major=0 home m
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for home in /usr/lib/jvm/*; do [ -d "$home" ] && candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    m="$(java_major "$home/bin/java")"
    if [ -n "$m" ] && [ "$m" -ge 21 ] && [ "$m" -gt "$best_major" ]; then best="$home"; best_major="$m"; fi
  done
  [ -n "$best" ] || { echo "medic: no JDK 21 or newer found (looked at \$JAVA_HOME and /usr/lib/jvm/*). Install one, or set JAVA_HOME." >&2; return 1; }
  echo "$best"
}

# Sets MEDIC_JVM_FLAGS for running JAR ($1) with $JAVA_HOME. Serial GC with a small initial heap
# keeps the resident set small (the heap grows only when many targets need it); C1 only, because
# medic's work is short and I/O-bound. Start-up comes from a class cache: JDK 25's AOT cache when
# medic_prepare_cache has built one, AppCDS (recorded on first use) on older JDKs.
medic_jvm_flags() {
  local jar="$1" major
  major="$(java_major "$JAVA_HOME/bin/java")"
  MEDIC_JVM_FLAGS=(-XX:+UseSerialGC -Xms16m -Xmx256m -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED)
  if [ "$major" -ge 25 ]; then
    local aot="${jar%.jar}.aot"
    if [ -f "$aot" ] && [ "$aot" -nt "$jar" ]; then
      MEDIC_JVM_FLAGS+=("-XX:AOTCache=$aot" -Xlog:aot*=off -Xlog:cds*=off)
    fi
  else
    local cds="${jar%.jar}.jsa"
    [ -f "$cds" ] && [ ! "$cds" -nt "$jar" ] && rm -f "$cds"   # a stale archive is silently ignored
    MEDIC_JVM_FLAGS+=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$cds" -Xlog:cds=off -Xlog:cds+dynamic=off)
  fi
}

# On JDK 25+, builds the AOT cache for JAR ($1) once per build of the jar: a short training run of
# the demo (config, scheduler, HTTP checks, supervised processes, store, API), about 15 s. It runs on
# free ports, never the demo's fixed ones: a demo or a test suite running beside it keeps its ports.
medic_prepare_cache() {
  local jar="$1" aot="${1%.jar}.aot" major tmp
  major="$(java_major "$JAVA_HOME/bin/java")"
  [ "$major" -ge 25 ] || return 0
  [ -f "$aot" ] && [ "$aot" -nt "$jar" ] && return 0
  echo "medic: preparing the start-up cache for this build (once, about 15 s)..." >&2
  rm -f "$aot"
  tmp="$(mktemp -d)"
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Xms16m -Xmx256m -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -XX:AOTCacheOutput="$aot" -Xlog:aot*=off -Xlog:cds*=off \
    -jar "$jar" demo --duration 3s --api 127.0.0.1:0 --service-ports free --store "sqlite:$tmp/train.db" > "$tmp/train.log" 2>&1 \
    || { echo "medic: start-up cache not built (see $tmp/train.log); running without it" >&2; rm -f "$aot"; return 0; }
  rm -rf "$tmp"
}

# Sets MEDIC_SIGNAL_RESET to the command prefix that starts java with SIGHUP at its default
# disposition: under nohup (or a service manager that ignores SIGHUP) the JVM would keep the
# inherited "ignore" and `kill -HUP` would never reload. Needs `env --default-signal` (GNU coreutils
# 8.31 or later); elsewhere the prefix is empty and medic says at start if SIGHUP reload is unavailable.
medic_signal_reset() {
  MEDIC_SIGNAL_RESET=()
  if env --default-signal=HUP true >/dev/null 2>&1; then
    MEDIC_SIGNAL_RESET=(env --default-signal=HUP)
  fi
}
