"""Helpers of the sandbox tests (the fixtures sandbox, client and rest are in tests/conftest.py)."""

from __future__ import annotations

import json

import httpx

from runner.sandbox import CLIENT_KEY, POS, SANDBOX_HOST

BASE = f"https://{SANDBOX_HOST}"


def full_message(browser_id: str, type_: str = "VIEW", **extra) -> dict:
    return {"channel": "WEB", "type": type_, "language": "EN", "currency": "EUR", "page": "home page",
            "pos": POS, "browser_id": browser_id, **extra}


def create_browser(client: httpx.Client) -> dict:
    r = client.get("/v1.2/browser/create.json", params={"client_key": CLIENT_KEY, "message": "{}"})
    assert r.status_code == 200, r.text
    return r.json()


def send(client: httpx.Client, message, key: str = CLIENT_KEY) -> httpx.Response:
    raw = message if isinstance(message, str) else json.dumps(message)
    return client.get("/v1.2/event/create.json", params={"client_key": key, "message": raw})


def show(client: httpx.Client, ref: str, param: str = "client_key") -> httpx.Response:
    return client.get(f"/v1.2/browser/{ref}/show.json", params={param: CLIENT_KEY})


