"""The run's cookie jar: carried between requests, loaded from and written to the JSON that Newman's
``--cookie-jar`` / ``--export-cookie-jar`` use (tough-cookie's serialised jar), and shown to
scripts (``pm.cookies``) for one URL."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from http.cookiejar import Cookie, CookieJar
from typing import Any
from urllib.parse import urlsplit
from urllib.request import Request as _UrlRequest

from runner.errors import InputError

TOUGH_COOKIE_VERSION = "tough-cookie@4.1.3-postman.1"  # what Newman 6.2 writes


def _expires(value: Any) -> int | None:
    if value in (None, "Infinity") or not isinstance(value, str):
        return None
    try:
        return int(datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def load_jar(path: str, jar: CookieJar) -> None:
    """Add the cookies of a tough-cookie JSON file (``{"cookies": [...]}``) to `jar`."""
    from runner._files import read_json

    data = read_json(path)
    cookies = data.get("cookies") if isinstance(data, dict) else None
    if not isinstance(cookies, list):
        raise InputError("--cookie-jar: expected a cookie jar as Newman writes it ({\"cookies\": [...]})",
                         file=path, place="/cookies")
    for i, c in enumerate(cookies):
        if not isinstance(c, dict) or not isinstance(c.get("key"), str) or not isinstance(c.get("domain"), str):
            raise InputError("expected a cookie with \"key\" and \"domain\"", file=path, place=f"/cookies/{i}")
        host_only = bool(c.get("hostOnly"))
        domain = c["domain"].lstrip(".")
        jar.set_cookie(Cookie(
            version=0, name=c["key"], value=str(c.get("value", "")), port=None, port_specified=False,
            domain=domain if host_only else "." + domain, domain_specified=not host_only,
            domain_initial_dot=not host_only, path=str(c.get("path") or "/"), path_specified=bool(c.get("path")),
            secure=bool(c.get("secure")), expires=_expires(c.get("expires")), discard=c.get("expires") is None,
            comment=None, comment_url=None, rest={"HttpOnly": ""} if c.get("httpOnly") else {},
        ))


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_tough_cookie(cookie: Cookie) -> dict[str, Any]:
    out: dict[str, Any] = {"key": cookie.name, "value": cookie.value or "", "domain": cookie.domain.lstrip("."),
                           "path": cookie.path or "/"}
    if cookie.expires is not None:
        out["expires"] = _iso(cookie.expires)
    if cookie.secure:
        out["secure"] = True
    if cookie.has_nonstandard_attr("HttpOnly"):
        out["httpOnly"] = True
    out["hostOnly"] = not cookie.domain_specified
    return out


def save_jar(path: str, jar: CookieJar) -> None:
    """Write `jar` as tough-cookie JSON (the file Newman's ``--export-cookie-jar`` writes)."""
    import os

    jar.clear_expired_cookies()
    data = {"version": TOUGH_COOKIE_VERSION, "storeType": "MemoryCookieStore", "rejectPublicSuffixes": True,
            "cookies": [to_tough_cookie(c) for c in jar]}
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)


def as_script_cookie(cookie: Cookie) -> dict[str, Any]:
    """A cookie as scripts see it (postman-collection's Cookie fields)."""
    return {"name": cookie.name, "value": cookie.value or "", "domain": cookie.domain.lstrip("."),
            "path": cookie.path or "/", "expires": _iso(cookie.expires) if cookie.expires is not None else None,
            "httpOnly": cookie.has_nonstandard_attr("HttpOnly"), "secure": bool(cookie.secure),
            "hostOnly": not cookie.domain_specified}


def cookies_for(jar: CookieJar, url: str) -> list[dict[str, Any]]:
    """The jar's cookies that a request to `url` sends, in order (scripts' ``pm.cookies``)."""
    probe = _UrlRequest(url)
    try:
        jar.add_cookie_header(probe)
    except ValueError:
        return []
    header = probe.unredirected_hdrs.get("Cookie", "")
    names = [part.partition("=")[0] for part in header.split("; ") if part]
    host = (urlsplit(url).hostname or "").lower()
    by_name = {c.name: c for c in jar if _domain_matches(c, host)}
    return [as_script_cookie(by_name[n]) for n in names if n in by_name]


def _domain_matches(cookie: Cookie, host: str) -> bool:
    domain = cookie.domain.lower()
    return host == domain.lstrip(".") or (domain.startswith(".") and host.endswith(domain))


def apply_script_ops(jar: CookieJar, ops: list[tuple[Any, ...]]) -> None:
    """What a script did through ``pm.cookies.jar()``: ``(op, url, name, value)`` with op set, unset
    or clear, applied to the run's jar (host-only cookies of the URL's host, path ``/``)."""
    for op, url, name, value in ops:
        host = (urlsplit(str(url)).hostname or "").lower()
        if not host:
            continue
        if op in ("unset", "clear"):
            for cookie in [c for c in jar if _domain_matches(c, host) and (op == "clear" or c.name == name)]:
                jar.clear(cookie.domain, cookie.path, cookie.name)
        elif op == "set" and name:
            jar.set_cookie(Cookie(
                version=0, name=str(name), value=str(value or ""), port=None, port_specified=False, domain=host,
                domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False,
                expires=None, discard=True, comment=None, comment_url=None, rest={}))
