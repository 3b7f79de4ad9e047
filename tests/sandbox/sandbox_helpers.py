"""Shared fixtures and helpers of the sandbox tests (imported by each test module)."""

from __future__ import annotations

import json

import httpx
import pytest

from runner.sandbox import API_TOKEN, CLIENT_KEY, POS, SANDBOX_HOST, Sandbox

BASE = f"https://{SANDBOX_HOST}"



@pytest.fixture
def sandbox() -> Sandbox:
    return Sandbox(seed=7)


@pytest.fixture
def client(sandbox: Sandbox):
    with httpx.Client(transport=sandbox.transport(), base_url=BASE) as c:
        yield c


@pytest.fixture
def rest(sandbox: Sandbox):
    with httpx.Client(transport=sandbox.transport(), base_url=BASE, auth=(CLIENT_KEY, API_TOKEN)) as c:
        yield c


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


