"""The lowest floor for the benchmark: the standard library's ``http.client`` on one keep-alive
connection, sending the same requests as the collections of bench/run.py and making the same
checks (status 201, ``$.status == "OK"``, a non-empty ``$.ref``). Exit 1 if any check failed.

    python bench/httpclient_loop.py http://127.0.0.1:PORT 300
"""

from __future__ import annotations

import http.client
import json
import sys
from urllib.parse import urlencode, urlsplit


def main() -> int:
    base, count = urlsplit(sys.argv[1]), int(sys.argv[2])
    env = {"clientKey": "bench-client-key-0001", "pos": "bench.example", "browserId": "b-0001"}
    failed = 0
    connection = http.client.HTTPConnection(base.hostname, base.port)
    for i in range(count):
        message = {"channel": "WEB", "type": "FORCE_CLOSE", "language": "EN", "currency": "GBP",
                   "page": f"page {i + 1}", "pos": env["pos"], "browser_id": env["browserId"]}
        query = urlencode({"client_key": env["clientKey"], "message": json.dumps(message, separators=(",", ":"))})
        connection.request("GET", f"/v1.2/event/create.json?{query}")
        response = connection.getresponse()
        body = json.loads(response.read())
        failed += response.status != 201
        failed += not (body.get("status") == "OK" and body.get("ref"))
    connection.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
