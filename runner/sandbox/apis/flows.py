"""Personalize flow execution: ``POST /v2/callFlows``.

Source: personalize/en/developers/api/personalize-api-flow-execution.html and
call-the-personalize-api.html: exactly one of ``browserId``, ``email`` or ``identifiers``
(``{"provider", "id"}``) names the guest; ``clientKey`` identifies the tenant; optional ``params``.

The answer of a real flow is whatever its experience returns; the sandbox answers with a canned
response when one is declared for the ``friendlyId`` (``SandboxConfig.flow_responses``, which a
collection's ``"sandbox": {"flows": ...}`` block fills for its runs, or the JSON file named by the
``SANDBOX_FLOWS`` environment variable: ``{"friendlyId": response, ...}``), else with a made-up
deterministic decision."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from typing import Any

import httpx

from ..auth import rest_auth
from ..constants import FLOWS_ENV, SANDBOX_HOST
from ..responses import HttpError, json_body, json_response, rest_error
from ..router import Routes
from ..state import Guest, State

routes = Routes()

_LOCATORS = ("browserId", "email", "identifiers")


def flows_from_env() -> dict[str, Any]:
    """Canned answers from the file named by ``SANDBOX_FLOWS`` (none when unset); a file that
    cannot be read or is not a JSON object is answered 500 naming the file and place."""
    path = os.environ.get(FLOWS_ENV)
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise rest_error(500, f"{FLOWS_ENV}={path}: cannot read the file ({e.strerror})") from None
    except ValueError as e:
        where = f" at {e.lineno}:{e.colno}" if isinstance(e, json.JSONDecodeError) else ""
        raise rest_error(500, f"{FLOWS_ENV}={path}{where}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise rest_error(500, f"{FLOWS_ENV}={path}: must hold a JSON object of friendlyId -> response")
    return data


def _locate(sb: State, body: dict[str, Any]) -> Guest:
    given = [k for k in _LOCATORS if body.get(k) not in (None, "", [], {})]
    if len(given) != 1:
        raise rest_error(400, "exactly one of browserId, email or identifiers is required"
                              + (f" (got {', '.join(given)})" if given else ""))
    if given[0] == "browserId":
        browser = sb.browsers.get(body["browserId"]) if isinstance(body["browserId"], str) else None
        if browser is None:
            raise rest_error(404, f"unknown browserId {body['browserId']}")
        return sb.guests[browser.guest_ref]
    if given[0] == "email":
        matches = sb.find_guests(email=str(body["email"]))
        if not matches:
            raise rest_error(404, f"no guest with email {body['email']}")
        return matches[0]
    ident = body["identifiers"]
    if isinstance(ident, list) and len(ident) == 1:  # lenient: a one-element list is read as the object
        ident = ident[0]
    if not isinstance(ident, dict) or not ident.get("provider") or not ident.get("id"):
        raise rest_error(400, "identifiers must be an object with provider and id")
    matches = sb.find_guests(provider=str(ident["provider"]), ident=str(ident["id"]))
    if not matches:
        raise rest_error(404, f"no guest with identifier {ident['provider']}:{ident['id']}")
    return matches[0]


@routes("POST", r"/v2/callFlows")
def call_flows(sb: State, request: httpx.Request) -> httpx.Response:
    body = json_body(request)
    if body.get("clientKey") != sb.config.client_key:
        try:  # lenient: Basic auth also identifies the tenant
            rest_auth(sb, request)
        except HttpError:
            raise rest_error(sb.config.wrong_key_status, "missing or invalid clientKey") from None
    friendly_id = body.get("friendlyId")
    if not friendly_id or not isinstance(friendly_id, str):
        raise rest_error(400, "friendlyId is required")
    guest = _locate(sb, body)

    canned = sb.config.flow_responses.get(friendly_id)
    if canned is None:
        canned = flows_from_env().get(friendly_id)
    if canned is not None:
        out = canned(body, guest.ref) if callable(canned) else canned
        return json_response(200, out)
    if sb.config.strict_flows:
        raise rest_error(404, f"no flow with friendlyId {friendly_id!r}")
    return json_response(200, _made_up(friendly_id, guest.ref, body))


def _made_up(friendly_id: str, guest_ref: str, body: dict[str, Any]) -> dict[str, Any]:
    digest = hashlib.sha256(f"{friendly_id}|{guest_ref}".encode()).hexdigest()
    variant = "A" if int(digest[0], 16) % 2 == 0 else "B"
    execution_ref = str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://{SANDBOX_HOST}/flows/{friendly_id}/{guest_ref}"))
    return {
        "friendlyId": friendly_id,
        "flowExecutionRef": execution_ref,
        "guestRef": guest_ref,
        "browserId": body.get("browserId"),
        "channel": body.get("channel"),
        "language": body.get("language"),
        "currencyCode": body.get("currencyCode"),
        "pointOfSale": body.get("pointOfSale"),
        "variant": variant,
        "decision": {
            "offers": [
                {"ref": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{execution_ref}/offer/{i}")),
                 "name": f"{friendly_id} offer {i}", "rank": i, "score": round(1 - i / 10, 2)}
                for i in (1, 2)
            ],
        },
        "sandbox": True,
    }
