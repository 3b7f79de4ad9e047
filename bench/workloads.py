"""The generated inputs of bench/run.py: Postman and native collections of N requests that do the
same work (build a Stream API FORCE_CLOSE message, send it, check status 201, ``$.status == "OK"``
and a non-empty ``$.ref``), environments for both, written to a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CLIENT_KEY = "bench-client-key-0001"  # a made-up key: masked in output like a real one
POS, BROWSER_ID = "bench.example", "b-0001"


def prerequest_source(i: int) -> list[str]:
    return [
        "var message = {",
        '    "channel": "WEB",',
        '    "type": "FORCE_CLOSE",',
        '    "language": "EN",',
        '    "currency": "GBP",',
        f'    "page": "page {i}",',
        '    "pos": pm.environment.get("pos"),',
        '    "browser_id": pm.environment.get("browserId")',
        "};",
        'pm.environment.set("message", JSON.stringify(message));',
    ]


TEST_SOURCE = [
    'pm.test("Status code is 201", function () {',
    "    pm.response.to.have.status(201);",
    "});",
    'pm.test("session closed", function () {',
    "    var body = pm.response.json();",
    '    pm.expect(body).to.have.property("status", "OK");',
    "    pm.expect(body.ref).to.not.be.empty;",
    "});",
]


def postman_collection(count: int) -> dict[str, Any]:
    """N requests, each with a message-building pre-request script and two tests."""
    items = []
    for i in range(1, count + 1):
        items.append({
            "name": f"FORCE_CLOSE {i:05d}",
            "event": [
                {"listen": "prerequest", "script": {"type": "text/javascript", "exec": prerequest_source(i)}},
                {"listen": "test", "script": {"type": "text/javascript", "exec": TEST_SOURCE}},
            ],
            "request": {
                "method": "GET",
                "header": [],
                "url": {
                    "raw": "{{baseUrl}}/v1.2/event/create.json?client_key={{clientKey}}&message={{message}}",
                    "host": ["{{baseUrl}}"],
                    "path": ["v1.2", "event", "create.json"],
                    "query": [{"key": "client_key", "value": "{{clientKey}}"},
                              {"key": "message", "value": "{{message}}"}],
                },
            },
            "response": [],
        })
    return {
        "info": {"name": f"bench postman {count}",
                 "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    }


def native_collection(count: int) -> dict[str, Any]:
    """N requests, each with a message builder and three declarative checks (no JavaScript)."""
    items = []
    for i in range(1, count + 1):
        items.append({
            "name": f"FORCE_CLOSE {i:05d}",
            "prerequest": {"messages": {"message": {
                "channel": "WEB", "type": "FORCE_CLOSE", "language": "EN", "currency": "GBP",
                "page": f"page {i}", "pos": "{{POS}}", "browser_id": "{{BROWSER_ID}}"}}},
            "request": {"method": "GET", "url": "{{BASE_URL}}/v1.2/event/create.json",
                        "query": {"client_key": "{{CLIENT_KEY}}", "message": "{{message}}"}},
            "assert": [{"status": 201}, {"that": "$.status", "equals": "OK", "name": "session closed"},
                       {"that": "$.ref", "exists": True}],
        })
    return {"name": f"bench native {count}", "items": items}


class Files:
    """The generated inputs, in ``folder``: one native and one Postman file per size asked for."""

    def __init__(self, folder: Path, base_url: str, sizes: set[int], memory_block: int) -> None:
        self.folder = folder
        self.native: dict[int, Path] = {}
        self.postman: dict[int, Path] = {}
        for n in sorted(sizes | {1}):
            self.native[n] = self._dump(f"native-{n}.json", native_collection(n))
            self.postman[n] = self._dump(f"postman-{n}.postman_collection.json", postman_collection(n))
        self.native_block = self._dump("block.json", native_collection(memory_block))
        self.postman_env = self._dump("bench.postman_environment.json", {"name": "bench", "values": [
            {"key": "baseUrl", "value": base_url, "enabled": True},
            {"key": "clientKey", "value": CLIENT_KEY, "enabled": True},
            {"key": "pos", "value": POS, "enabled": True},
            {"key": "browserId", "value": BROWSER_ID, "enabled": True}]})
        self.native_env = folder / "bench.env"
        self.native_env.write_text(f"BASE_URL={base_url}\nCLIENT_KEY={CLIENT_KEY}\nPOS={POS}\nBROWSER_ID={BROWSER_ID}\n",
                                   encoding="utf-8")
        self.output = folder / "output.log"
        self.reports = folder / "reports"

    def _dump(self, name: str, data: Any) -> Path:
        path = self.folder / name
        path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return path
