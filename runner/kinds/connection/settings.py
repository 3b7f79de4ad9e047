"""A connection against the settings a run gives it (environment, --var, collection variables):
empty required settings, client certificate files, and whether mutual TLS is on.

One rule for every command: an empty ``clientCert`` after resolving the settings (e.g.
``ESP_CLIENT_CERT=`` in the environment) turns mutual TLS off; ``run`` and ``connection test``
then send no client certificate, ``connection export`` writes ``"mutualTls": false`` and
``connection review`` and ``validate`` say that it is off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from runner.core.template import stringify
from runner.kinds.connection.definition import VARIABLE, Problem, as_object, is_pkcs12, names_in

#: The fields each auth type cannot do without, as the lint names them.
REQUIRED_AUTH = {"oauth2": ("accessTokenUrl", "clientId", "clientSecret"), "basic": ("username", "password")}


def resolve(text: str, values: Mapping[str, Any]) -> tuple[str, list[str]]:
    """`text` with the variables `values` defines put in; the names left unresolved."""
    unresolved: list[str] = []

    def one(m: re.Match[str]) -> str:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        if name in values:
            return stringify(values[name])
        unresolved.append(name)
        return m.group(0)

    return VARIABLE.sub(one, text), unresolved


@dataclass(frozen=True, slots=True)
class Mtls:
    """Mutual TLS of a connection once its settings are resolved."""

    state: str  # "none" (not configured) | "off" (empty clientCert) | "on" | "unknown" (unresolved names)
    cert: str = ""
    key: str = ""
    empty: tuple[str, ...] = ()  # the settings that made clientCert empty

    @property
    def off_reason(self) -> str:
        names = ", ".join(f"{n}=" for n in self.empty)
        return "auth.mtls.clientCert is empty" + (f": {names}" if names else "")


def mtls_of(auth: Any, values: Mapping[str, Any]) -> Mtls:
    """Whether a connection's mutual TLS is on with these settings, and its resolved file paths."""
    mtls = auth.get("mtls") if isinstance(auth, Mapping) else None
    if not isinstance(mtls, Mapping):
        return Mtls("none")
    raw = str(mtls.get("clientCert", ""))
    cert, unresolved = resolve(raw, values)
    if unresolved:
        return Mtls("unknown")
    if not cert.strip():
        return Mtls("off", empty=tuple(n for n in names_in(raw) if not stringify(values.get(n, "")).strip()))
    key, unresolved = resolve(str(mtls.get("clientKey", "")), values)
    return Mtls("on", cert.strip(), "" if unresolved else key.strip())


def check_settings(item: Mapping[str, Any], file: str, *, pointer: str = "", values: Mapping[str, Any],
                   environment: bool = True) -> list[Problem]:
    """Problems the settings make: an empty value where the connection needs one (named with the
    field that uses it), a client certificate or key file that does not exist, and mutual TLS
    turned off by an empty clientCert (a warning). Without an environment (`environment` False)
    only what is written in the file itself is checked: literal certificate paths."""
    conn = item.get("connection")
    if not isinstance(conn, Mapping):
        return []
    problems: list[Problem] = []
    test_values = as_object(item.get("testValues"))
    known = {**test_values, **values}
    c = pointer + "/connection"
    auth = as_object(conn.get("auth"))
    request = as_object(conn.get("request"))
    if environment:
        required = REQUIRED_AUTH.get(str(auth.get("type")), ())
        needed = [(f"/auth/{key}", f"auth.{key}", auth.get(key)) for key in required]
        needed.append(("/request/url", "request.url", request.get("url")))
        for place, field, text in needed:
            if not isinstance(text, str):
                continue
            for name in names_in(text):
                if name in known and stringify(known[name]) == "":
                    problems.append(Problem(file, c + place, (
                        f"{name} is empty ({name}= in the environment or --var), but {field} needs a "
                        f"value: give {name} one")))
    mtls = mtls_of(auth, known if environment else {})
    if mtls.state == "off" and environment:
        problems.append(Problem(file, c + "/auth/mtls", (
            f"mutual TLS is off: {mtls.off_reason}; the token call and the request are sent without "
            "a client certificate (set the certificate to turn it on)"), "warning"))
    elif mtls.state == "on" and (auth["mtls"].get("clientKey") or is_pkcs12(mtls.cert)):  # else the lint says why
        problems += _missing_files(auth["mtls"], mtls, file, c + "/auth/mtls")
    return problems


def _missing_files(spec: Mapping[str, Any], mtls: Mtls, file: str, where: str) -> list[Problem]:
    out = []
    files = [("clientCert", "client certificate", mtls.cert)]
    if mtls.key and not is_pkcs12(mtls.cert):
        files.append(("clientKey", "client key", mtls.key))
    for key, what, path in files:
        if not os.path.isfile(path):
            source = ", ".join(names_in(str(spec.get(key, ""))))
            reason = "no such file" if not os.path.exists(path) else "not a file"
            origin = f" (from {source})" if source else ""
            out.append(Problem(file, f"{where}/{key}",
                               f"{what} {path!r}{origin}: {reason} (paths are relative to the current folder)"))
    return out
