#!/usr/bin/env python3
"""`identity add` latency, quiet and during a flood of `GET /pagerduty` (Benchmarks/serve-flood.sh).

Quiet: RUNS runs of `everyauth identity add pagerduty --user-id add-N --token -`, one after the
other, timed from spawn to exit. Flood: THREADS threads send `GET /pagerduty` to serve as fast as
it answers (keep-alive, X-Forwarded-User set as the proxy would; a new user id for each request
unless --users bounds them, so the per-user cap does not keep the pending state small), and after
--warmup seconds the same RUNS runs are timed again. Prints one JSON line: median and p95 of both
(ms), their ratio, and the flood's requests per second and statuses.
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit


def timed_adds(binary, runs, prefix, environment):
    times = []
    for index in range(runs):
        began = time.monotonic()
        done = subprocess.run([binary, "identity", "add", "pagerduty", "--user-id", f"{prefix}-{index}", "--token", "-"],
                              input=b"pd-bench-key\n", env=environment, capture_output=True)
        times.append((time.monotonic() - began) * 1000)
        if done.returncode != 0:
            sys.exit(f"identity add failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return times


def summary(times):
    ordered = sorted(times)
    return {"median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
            "max_ms": round(ordered[-1], 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--origin", required=True, help="the serve instance, http://127.0.0.1:PORT")
    parser.add_argument("--everyauth", required=True, help="the everyauth binary")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--users", type=int, default=0, help="distinct flood user ids, 0: a new one per request")
    parser.add_argument("--warmup", type=float, default=3.0)
    args = parser.parse_args()
    environment = dict(os.environ)

    quiet = timed_adds(args.everyauth, args.runs, "quiet", environment)

    parts = urlsplit(args.origin)
    stop = threading.Event()
    lock = threading.Lock()
    counts = {"requests": 0, "statuses": {}}

    def flood(thread):
        connection = None
        sent = 0
        while not stop.is_set():
            sent += 1
            user = f"flood-{thread}-{sent % args.users if args.users else sent}"
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                connection.request("GET", "/pagerduty", headers={"X-Forwarded-User": user})
                response = connection.getresponse()
                response.read()
                status = response.status
            except (http.client.HTTPException, OSError) as error:
                status = type(error).__name__
                if connection is not None:
                    connection.close()
                connection = None
            with lock:
                counts["requests"] += 1
                counts["statuses"][str(status)] = counts["statuses"].get(str(status), 0) + 1

    threads = [threading.Thread(target=flood, args=(index,)) for index in range(args.threads)]
    for thread in threads:
        thread.start()
    time.sleep(args.warmup)
    with lock:
        before = counts["requests"]
    began = time.monotonic()
    during = timed_adds(args.everyauth, args.runs, "flood", environment)
    elapsed = time.monotonic() - began
    with lock:
        flood_requests = counts["requests"] - before
    stop.set()
    for thread in threads:
        thread.join()

    quiet_summary, flood_summary = summary(quiet), summary(during)
    print(json.dumps({
        "runs": args.runs, "threads": args.threads, "quiet": quiet_summary, "flood": flood_summary,
        "median_ratio": round(flood_summary["median_ms"] / quiet_summary["median_ms"], 2),
        "p95_ratio": round(flood_summary["p95_ms"] / quiet_summary["p95_ms"], 2),
        "flood_requests_per_second": round(flood_requests / elapsed, 1), "flood_statuses": counts["statuses"],
    }))


if __name__ == "__main__":
    main()
