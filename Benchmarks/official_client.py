#!/usr/bin/env python3
"""The same listing through PagerDuty's official Python client (`pip install pagerduty`), one
incident per line on stdout as everyauth's `-o ndjson` writes them.

  official_client.py BASE_URL TOKEN SINCE UNTIL [--history]
  official_client.py BASE_URL TOKEN all all          (date_range=all, as everyauth's --all-time)

No status filter, as everyauth's `--status all` sends none. Without --history: `iter_all` over the one window (the client's classic pagination, which
stops at PagerDuty's 10,000 offset ceiling). With --history: `iter_history`, the client's own
bisection of the window, for listings beyond that ceiling. The CA bundle comes from
SSL_CERT_FILE (httpx) or REQUESTS_CA_BUNDLE (older, requests-based versions).
"""
import datetime
import json
import sys

import pagerduty

base_url, token, since, until = sys.argv[1:5]
history = "--history" in sys.argv[5:]
client = pagerduty.RestApiV2Client(token, base_url=base_url)
out = sys.stdout
if history:
    def parse(text):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    incidents = client.iter_history(
        "incidents", parse(since), parse(until), params={})
elif since == "all":
    incidents = client.iter_all("incidents", params={"date_range": "all"})
else:
    incidents = client.iter_all(
        "incidents", params={"since": since, "until": until})
for incident in incidents:
    out.write(json.dumps(incident, separators=(",", ":")))
    out.write("\n")
