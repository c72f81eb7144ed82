#!/usr/bin/env python3
"""Helpers for bench/run.sh: free ports, reading medic's store after a run, the restart driver.

Only the standard library; run with any Python 3.8+.

  benchlib.py freeport
  benchlib.py waithttp PORT PATH TIMEOUT_S
  benchlib.py dbstats DB T0_MS WIN_START_MS WIN_END_MS INTERVAL_MS
  benchlib.py restart --label medic|loop --port P --parent PID --kills 20 [--api HOST:PORT]
"""
import argparse
import json
import os
import signal
import socket
import sqlite3
import statistics
import sys
import time
import urllib.request


def freeport():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    print(port)


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    xs = sorted(values)
    if not xs:
        return None
    k = max(0, min(len(xs) - 1, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def dbstats(db, t0_ms, win_start_ms, win_end_ms, interval_ms):
    """What the store says about a run.

    first_check_ms: launch of the JVM -> completion of the first check (its observation's `at`).
    rows/non_up: observations completed inside the steady window, and how many were not UP.
    jitter: per check, each run's completion time minus its slot (k * interval from the check's
      first run in the window), minus the best such offset of that check. It is how much later than
      its best run a run completed: scheduling lag plus probe-time variation, measured from the
      store, independent of medic's own lag metric. Millisecond resolution.
    """
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    first = con.execute("SELECT min(at) FROM observations").fetchone()[0]
    rows = con.execute(
        "SELECT target, check_name, at, status FROM observations WHERE at >= ? AND at < ? ORDER BY target, check_name, at",
        (win_start_ms, win_end_ms),
    ).fetchall()
    total_rows = con.execute("SELECT count(*) FROM observations").fetchone()[0]
    con.close()
    non_up = sum(1 for r in rows if r[3] != "UP")
    by_check = {}
    for target, check, at, _ in rows:
        by_check.setdefault((target, check), []).append(at)
    jitter = []
    for ats in by_check.values():
        if len(ats) < 2:
            continue
        a0 = ats[0]
        offsets = [a - round((a - a0) / interval_ms) * interval_ms for a in ats]
        best = min(offsets)
        jitter.extend(o - best for o in offsets)
    out = {
        "first_check_ms": None if first is None else first - t0_ms,
        "rows_in_window": len(rows),
        "rows_total": total_rows,
        "non_up_in_window": non_up,
        "checks_seen": len(by_check),
        "jitter_p50_ms": percentile(jitter, 50),
        "jitter_p99_ms": percentile(jitter, 99),
        "jitter_max_ms": max(jitter) if jitter else None,
    }
    print(json.dumps(out))


# ---- restart driver ------------------------------------------------------------------------


def children(parent, name):
    """PIDs of live (non-zombie) processes whose parent is `parent` and whose comm is `name`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        rest = stat[stat.rindex(")") + 2 :].split()
        if comm == name and int(rest[1]) == parent and rest[0] != "Z":
            found.append(int(entry))
    return found


def dead(pid):
    """True once the process has exited (zombie or reaped): its sockets are closed by then."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2 :].split()[0] in ("Z", "X")


def http_ok(port, timeout=0.5):
    """One GET on a fresh connection; True on a 200 status line."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = s.recv(64)
            return data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.0 200")
    except OSError:
        return False


def open_incidents(api):
    try:
        with urllib.request.urlopen(f"http://{api}/health", timeout=2) as r:
            return json.load(r)["open_incidents"]
    except (OSError, ValueError, KeyError):
        return None


def restart(args):
    results = []
    new_pids = []
    for i in range(args.kills):
        # Settle: server answering, one child, and (for medic) the previous incident closed.
        deadline = time.monotonic() + 30
        while True:
            kids = children(args.parent, args.name)
            settled = len(kids) == 1 and http_ok(args.port)
            if settled and args.api:
                settled = open_incidents(args.api) == 0
            if settled:
                break
            if time.monotonic() > deadline:
                print(f"restart[{args.label}]: not settled after 30 s (children {kids})", file=sys.stderr)
                sys.exit(1)
            time.sleep(0.05)
        time.sleep(args.pause)
        kids = children(args.parent, args.name)
        if len(kids) != 1:
            continue
        victim = kids[0]
        t0 = time.perf_counter()
        os.kill(victim, signal.SIGKILL)
        while not dead(victim):
            time.sleep(0.0002)
        while not http_ok(args.port):
            time.sleep(args.poll)
            if time.perf_counter() - t0 > 30:
                print(f"restart[{args.label}]: not serving 30 s after kill {i + 1}", file=sys.stderr)
                sys.exit(1)
        ms = (time.perf_counter() - t0) * 1000
        results.append(ms)
        new_pids.extend(children(args.parent, args.name))
        print(f"  {args.label} kill {i + 1:2d}: pid {victim} -> serving again after {ms:7.1f} ms", file=sys.stderr)
    out = {
        "label": args.label,
        "kills": len(results),
        "median_ms": round(statistics.median(results), 1),
        "p90_ms": round(percentile(results, 90), 1),
        "min_ms": round(min(results), 1),
        "max_ms": round(max(results), 1),
        "all_ms": [round(x, 1) for x in results],
    }
    print(json.dumps(out))


def waithttp(port, path, timeout_s):
    """Polls 127.0.0.1:port every 10 ms (a refused connect costs microseconds, unlike spawning curl
    at the same rate, which would compete with the JVM start-up being measured); prints the epoch
    time in ms of the first 200, or exits 1 after timeout_s."""
    deadline = time.monotonic() + timeout_s
    req = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(req)
                if s.recv(16).startswith(b"HTTP/1.1 200"):
                    print(int(time.time() * 1000))
                    return
        except OSError:
            pass
        time.sleep(0.01)
    sys.exit(1)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cmd = sys.argv[1]
    if cmd == "freeport":
        freeport()
    elif cmd == "dbstats":
        db, t0, a, b, iv = sys.argv[2:7]
        dbstats(db, int(t0), int(a), int(b), int(iv))
    elif cmd == "waithttp":
        waithttp(int(sys.argv[2]), sys.argv[3], float(sys.argv[4]))
    elif cmd == "restart":
        p = argparse.ArgumentParser(prog="benchlib.py restart")
        p.add_argument("--label", required=True)
        p.add_argument("--port", type=int, required=True)
        p.add_argument("--parent", type=int, required=True, help="PID whose child is killed")
        p.add_argument("--name", default="tinyhttpd", help="comm of the child to kill")
        p.add_argument("--kills", type=int, default=20)
        p.add_argument("--pause", type=float, default=1.0, help="seconds to wait after settling")
        p.add_argument("--poll", type=float, default=0.002, help="seconds between probes")
        p.add_argument("--api", help="medic API host:port: wait for open_incidents == 0 between kills")
        restart(p.parse_args(sys.argv[2:]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
