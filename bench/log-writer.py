#!/usr/bin/env python3
"""Appends log lines to a file at a steady rate, for bench/log-tail.sh.

  log-writer.py FILE RATE SECONDS

Lines are about 120 bytes, like an application's access or worker log. Line i is a warning
(matches "retry|timeout") when i % 100 == 50 (1 %), critical (matches "FATAL:.*database") when
i % 10000 == 5000 (0.01 %). Written in batches every 10 ms, each flushed at once, so medic sees a
file that grows continuously. Prints the number of lines written on exit. Standard library only.
"""
import sys
import time

WIDTH = 120


def line(i, now):
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + ".%06dZ" % int((now % 1) * 1e6)
    if i % 10000 == 5000:
        body = "ERROR [db-pool] FATAL: database connection lost, host=db-%d.internal" % (i % 7)
    elif i % 100 == 50:
        body = "WARN  [http-%02d] upstream timeout, retry 1/3 req=%012d" % (i % 16, i)
    else:
        body = "INFO  [http-%02d] GET /api/v1/orders/%012d status=200 took=%dms" % (i % 16, i, i % 97)
    text = stamp + " " + body
    return text[:WIDTH - 1].ljust(WIDTH - 1) + "\n"


def main():
    path, rate, seconds = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    written = 0
    start = time.monotonic()
    with open(path, "a", buffering=1 << 20) as f:
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= seconds:
                break
            due = int(rate * elapsed)
            now = time.time()
            if due > written:
                f.write("".join(line(i, now) for i in range(written, due)))
                f.flush()
                written = due
            time.sleep(0.01)
    print(written)


if __name__ == "__main__":
    main()
