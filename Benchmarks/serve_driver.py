#!/usr/bin/env python3
"""Drives `everyauth serve` like many cookie-less browsers behind a proxy (Benchmarks/serve.sh).

One authorization: GET <instance>/pagerduty (X-Forwarded-User) -> 302 to the fake's authorize
endpoint -> 302 to <public>/pagerduty/callback?code&state -> rerouted to an instance (round robin,
another one than the start when there are two) -> 302 to the finished URL: the identity is stored.
Each thread keeps one keep-alive connection per host. Prints one JSON line: completed, failed,
seconds, per_second, and the RSS (kB) of each serve pid sampled every --sample authorizations.
"""
import argparse
import http.client
import json
import sys
import threading
import time
from urllib.parse import urlsplit


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Browser:
    """Keep-alive connections by host:port, for one thread."""

    def __init__(self):
        self.connections = {}

    def get(self, url, headers=None):
        parts = urlsplit(url)
        key = parts.netloc
        path = parts.path + ("?" + parts.query if parts.query else "")
        for attempt in range(2):
            connection = self.connections.get(key)
            if connection is None:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                self.connections[key] = connection
            try:
                connection.request("GET", path, headers=headers or {})
                response = connection.getresponse()
                response.read()
                return response.status, response.getheader("Location", "")
            except (http.client.HTTPException, ConnectionError, OSError):
                connection.close()
                del self.connections[key]
                if attempt == 1:
                    raise
        raise RuntimeError("unreachable")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--instances", required=True, help="comma-separated origins of serve instances")
    parser.add_argument("--public", required=True, help="the public URL serve puts in redirect_uri")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--users", type=int, default=200, help="distinct user ids, reused round robin")
    parser.add_argument("--pids", default="", help="comma-separated serve pids to sample RSS of")
    parser.add_argument("--sample", type=int, default=1000)
    args = parser.parse_args()

    instances = args.instances.split(",")
    pids = [int(p) for p in args.pids.split(",") if p]
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "failed": 0, "errors": {}}
    samples = []

    def sample():
        samples.append({"done": state["done"], "rss_kb": [rss_kb(pid) for pid in pids]})

    def worker():
        browser = Browser()
        while True:
            with lock:
                index = state["next"]
                if index >= args.count:
                    return
                state["next"] += 1
            user = f"bench-user-{index % args.users}"
            start = instances[index % len(instances)]
            finish = instances[(index + 1) % len(instances)]
            header = {"X-Forwarded-User": user}
            ok = False
            try:
                status, location = browser.get(start + "/pagerduty", header)
                if status == 302:
                    status, location = browser.get(location)
                    if status == 302 and location.startswith(args.public):
                        status, location = browser.get(finish + location[len(args.public):], header)
                        ok = status == 302
                reason = f"status {status}"
            except Exception as error:  # noqa: BLE001 - counted, not fatal
                reason = type(error).__name__
            with lock:
                if ok:
                    state["done"] += 1
                    if pids and state["done"] % args.sample == 0:
                        sample()
                else:
                    state["failed"] += 1
                    state["errors"][reason] = state["errors"].get(reason, 0) + 1

    if pids:
        sample()
    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - began
    result = {
        "instances": len(instances), "threads": args.threads, "completed": state["done"], "failed": state["failed"],
        "errors": state["errors"], "seconds": round(seconds, 2), "per_second": round(state["done"] / seconds, 1),
        "rss_samples": samples, "peak_rss_kb": [rss_kb(pid, "VmHWM") for pid in pids],
    }
    print(json.dumps(result))
    return 0 if state["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
