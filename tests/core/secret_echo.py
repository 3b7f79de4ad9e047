"""Helpers of the secret tests: a loopback server that echoes everything it is sent (the worst
case for leaks), a CLI runner that keeps the console, and the forms a secret is written in."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

from conftest import serving

from runner.cli.main import main

#: tokens the server hands out: /login as {"jwt": ...} (not a credential field name), /token as
#: an OAuth2-style answer {"access_token": ..., "session": ...}
LOGIN_JWT = "eyJhbGciOiJIUzI1NiJ9.bG9naW4tand0LXNjcmlwdC1zdG9yZWQ.c2lnbmVk"
TOKEN_ACCESS = "Qa7Zt3Lk9Wm2Xc"
TOKEN_SESSION = "Sx4Rb8Nv1Hy6Jd"


class EchoHandler(BaseHTTPRequestHandler):
    """``/login`` and ``/token`` hand out tokens; ``/json`` answers the JSON body it was sent
    (or ``{"not JSON": body}``);
    anything else answers {path, headers, body} (JSON with ``ensure_ascii``, as most servers)."""

    protocol_version = "HTTP/1.1"
    server: Any

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8", "replace")
        path = self.path.split("?", 1)[0]
        received = {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        self.server.log.append(received)
        if path == "/login":
            answer: Any = {"jwt": LOGIN_JWT, "user": "alice"}
        elif path == "/token":
            answer = {"access_token": TOKEN_ACCESS, "session": TOKEN_SESSION, "token_type": "Bearer"}
        elif path == "/json":
            try:
                answer = json.loads(body or "null")
            except ValueError:  # a secret with a quote put in a raw JSON body as it is breaks it
                answer = {"not JSON": body}
        else:
            answer = received
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def echo_server() -> Iterator[Any]:
    """The echo server on loopback; ``.url`` its base URL, ``.log`` what it received."""
    with serving(EchoHandler, log=[]) as server:
        yield server


def write(path: Path, document: Any) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, ensure_ascii=False) if not isinstance(document, str) else document,
                    encoding="utf-8")
    return str(path)


def cli(capsys: Any, *argv: str) -> tuple[int, str]:
    """``cdp-runner`` with `argv`: the exit code and everything printed (stdout and stderr)."""
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def forms(secret: str, user: str | None = None) -> dict[str, str]:
    """The forms a leak of `secret` would take: raw, JSON-escaped (ASCII and not, and nested
    once), URL-encoded (quote and quote_plus), HTML-escaped; Basic with `user`."""
    out = {
        "raw": secret,
        "json": json.dumps(secret)[1:-1],
        "json (utf-8)": json.dumps(secret, ensure_ascii=False)[1:-1],
        "json in json": json.dumps(json.dumps(secret)[1:-1])[1:-1],
        "url (quote)": quote(secret, safe=""),
        "url (quote_plus)": quote_plus(secret, safe=""),
        "html": html.escape(secret),
    }
    if user is not None:
        out["basic"] = base64.b64encode(f"{user}:{secret}".encode()).decode()
    return out


def leaks(text: str, secrets: dict[str, str], users: dict[str, str] | None = None) -> list[str]:
    """Which secret appears in `text` in which form: ``NAME as FORM``, for assertion messages.

    Besides the whole forms, any run of 4 or more letters and digits of a secret counts: it shows
    a part of the secret in any form that leaves letters and digits as they are (a mix of
    encodings, a message that cut it short)."""
    found = []
    for name, secret in secrets.items():
        for form, written in forms(secret, (users or {}).get(name)).items():
            if written in text:
                found.append(f"{name} as {form}")
        found.extend(f"{name}'s part {part!r}" for part in re.findall("[A-Za-z0-9]{4,}", secret) if part in text)
    return found


def files_text(folder: Path) -> dict[str, str]:
    """Every file under `folder` (reports, recordings): path -> text."""
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*"))
            if p.is_file()}
