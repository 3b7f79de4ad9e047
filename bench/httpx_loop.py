"""The floor for the benchmark: a plain ``httpx.Client`` loop sending the same requests as the
collections of bench/run.py and making the same checks (status 201, ``$.status == "OK"``, a
non-empty ``$.ref``). Exit 1 if any check failed.

    python bench/httpx_loop.py http://127.0.0.1:PORT 300
"""

from __future__ import annotations

import json
import sys

import httpx


def main() -> int:
    base, count = sys.argv[1], int(sys.argv[2])
    env = {"clientKey": "bench-client-key-0001", "pos": "bench.example", "browserId": "b-0001"}
    failed = 0
    with httpx.Client() as client:
        for i in range(count):
            message = {"channel": "WEB", "type": "FORCE_CLOSE", "language": "EN", "currency": "GBP",
                       "page": f"page {i + 1}", "pos": env["pos"], "browser_id": env["browserId"]}
            response = client.get(f"{base}/v1.2/event/create.json", params={
                "client_key": env["clientKey"], "message": json.dumps(message, separators=(",", ":"))})
            body = response.json()
            failed += response.status_code != 201
            failed += not (body.get("status") == "OK" and body.get("ref"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
