"""A loopback server that checks credentials as real servers do (the signature recomputed from what
arrived, never compared with what the client computed), and ``send`` to put one authenticated request
through cdp-runner's auth and transport. Helper of the tests/core/test_auth_*.py files."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from conftest import serving

from runner.core import auth
from runner.model.prepared import Prepared
from runner.transport.http import HttpSession


def enc(value: str) -> str:
    return quote(value, safe="-._~")


def _params(header: str) -> dict[str, str]:
    """k="v" and k=v pairs of an auth header."""
    return {k: v1 or v2 for k, v1, v2 in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s"]*))', header)}


class Checker(BaseHTTPRequestHandler):
    """Each path's first segment names the scheme to check; the expected credentials are in server.creds.
    200 with ``{"ok": true}`` when the credential checks out; 401 with the reason otherwise."""

    protocol_version = "HTTP/1.1"
    server: Any

    def log_message(self, *args: Any) -> None:
        pass

    def _reply(self, status: int, body: Any, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.server.log[-1]["status"] = status
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _any(self) -> None:
        self.body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        self.query = parse_qsl(url.query, keep_blank_values=True)
        self.server.log.append({"method": self.command, "target": self.path, "headers": list(self.headers.items()),
                                "body": self.body.decode("latin-1")})
        scheme = url.path.strip("/").split("/")[0]
        check = getattr(self, f"check_{scheme}", None)
        try:
            problem = check() if check else None
        except Exception as exc:  # a malformed credential is a refusal, not a server crash
            problem = f"{exc.__class__.__name__}: {exc}"
        if problem == "challenged":
            return
        if problem:
            return self._reply(401, {"ok": False, "why": problem})
        self._reply(200, {"ok": True, "headers": {k.lower(): v for k, v in self.headers.items()},
                          "query": self.query, "body": self.body.decode("latin-1")})

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _any

    @property
    def creds(self) -> dict[str, Any]:
        return self.server.creds

    @property
    def authorization(self) -> str:
        values = self.headers.get_all("Authorization") or []
        if len(values) > 1:
            raise ValueError(f"{len(values)} Authorization headers")
        return values[0] if values else ""

    # -- digest (RFC 7616) ---------------------------------------------------------------------
    def check_digest(self) -> str | None:
        algorithm = dict(self.query).get("alg", "MD5")
        name = {"MD5": "md5", "MD5-sess": "md5", "SHA-256": "sha256", "SHA-512-256": "sha512_256"}[algorithm]
        header = self.authorization
        if not header.startswith("Digest "):
            nonce = secrets.token_hex(8)
            self.server.nonces.add(nonce)
            self._reply(401, {"ok": False}, (("WWW-Authenticate", f'Digest realm="{self.creds["realm"]}", '
                                              f'nonce="{nonce}", qop="auth", algorithm={algorithm}, opaque="op42"'),))
            return "challenged"
        p = _params(header[7:])

        def h(text: str) -> str:
            return hashlib.new(name, text.encode()).hexdigest()

        if p.get("nonce") not in self.server.nonces or p.get("uri") != self.path or p.get("opaque") != "op42":
            return "stale nonce, wrong uri or opaque"
        a1 = f'{self.creds["username"]}:{self.creds["realm"]}:{self.creds["password"]}'
        if algorithm.endswith("-sess"):
            a1 = f'{h(a1)}:{p["nonce"]}:{p["cnonce"]}'
        expected = h(":".join([h(a1), p["nonce"], p["nc"], p["cnonce"], "auth", h(f"{self.command}:{self.path}")]))
        return None if hmac.compare_digest(expected, p.get("response", "")) else "digest response does not match"

    # -- OAuth 1.0a (RFC 5849) -----------------------------------------------------------------
    def check_oauth1(self) -> str | None:
        url = urlsplit(self.path)
        params = list(self.query)
        if self.authorization.startswith("OAuth "):
            params += [(unquote(k), unquote(v)) for k, v in _params(self.authorization[6:]).items() if k != "realm"]
        if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            params += parse_qsl(self.body.decode(), keep_blank_values=True)
        given = dict(params)
        signature = given.get("oauth_signature")
        if not signature:
            return "no oauth_signature"
        if given.get("oauth_consumer_key") != self.creds["consumerKey"]:
            return "unknown consumer"
        if "oauth_body_hash" in given:
            algo = given["oauth_signature_method"].split("-")[1].lower()
            if given["oauth_body_hash"] != base64.b64encode(hashlib.new(algo, self.body).digest()).decode():
                return "body hash does not match"
        normalized = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in params
                                                            if k != "oauth_signature"))
        host = self.headers["Host"].lower().removesuffix(":80")
        base = "&".join([self.command, enc(f"http://{host}{url.path}"), enc(normalized)])
        method = given["oauth_signature_method"]
        key = f'{enc(self.creds["consumerSecret"])}&{enc(self.creds.get("tokenSecret", ""))}'
        if method == "PLAINTEXT":
            return None if signature == key else "PLAINTEXT signature does not match"
        digest = method.split("-")[1].lower()
        if method.startswith("RSA"):
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import padding

            public = serialization.load_pem_public_key(self.creds["publicKey"].encode())
            public.verify(base64.b64decode(signature), base.encode(), padding.PKCS1v15(),
                          {"sha1": hashes.SHA1(), "sha256": hashes.SHA256(), "sha512": hashes.SHA512()}[digest])
            return None
        expected = base64.b64encode(hmac.new(key.encode(), base.encode(), digest).digest()).decode()
        return None if hmac.compare_digest(expected, signature) else "oauth1 signature does not match"

    # -- Hawk ----------------------------------------------------------------------------------
    def check_hawk(self) -> str | None:
        if not self.authorization.startswith("Hawk "):
            return "no Hawk header"
        p = _params(self.authorization[5:])
        if p["id"] != self.creds["authId"] or abs(int(p["ts"]) - time.time()) > 60 and not self.creds.get("anyTime"):
            return "unknown id or stale timestamp"
        algo = self.creds["algorithm"]
        if "hash" in p:
            mime = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            payload = f"hawk.1.payload\n{mime}\n".encode() + self.body + b"\n"
            if p["hash"] != base64.b64encode(hashlib.new(algo, payload).digest()).decode():
                return "payload hash does not match"
        elif self.creds.get("requireHash"):
            return "payload hash missing"
        host, _, port = self.headers["Host"].partition(":")
        ext = p.get("ext", "").replace("\\\\", "\\").replace("\\", "\\\\").replace("\n", "\\n")
        lines = ["hawk.1.header", p["ts"], p["nonce"], self.command, self.path, host.lower(), port or "80",
                 p.get("hash", ""), ext]
        normalized = "\n".join(lines) + "\n" + (f'{p["app"]}\n{p.get("dlg", "")}\n' if "app" in p else "")
        expected = base64.b64encode(hmac.new(self.creds["authKey"].encode(), normalized.encode(), algo).digest())
        return None if hmac.compare_digest(expected.decode(), p["mac"]) else "hawk mac does not match"

    # -- AWS Signature Version 4 ---------------------------------------------------------------
    def check_aws(self) -> str | None:
        url = urlsplit(self.path)
        query = list(self.query)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if self.authorization:
            m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=(\w+)",
                             self.authorization)
            if not m:
                return "malformed AWS4 Authorization"
            credential, signed, signature = m.groups()
            stamp = headers["x-amz-date"]
            payload_hash = headers.get("x-amz-content-sha256") or hashlib.sha256(self.body).hexdigest()
            if headers.get("x-amz-content-sha256") and payload_hash != hashlib.sha256(self.body).hexdigest():
                return "x-amz-content-sha256 does not match the body"
        else:
            q = dict(query)
            credential, signed, signature, stamp = (q["X-Amz-Credential"], q["X-Amz-SignedHeaders"],
                                                    q["X-Amz-Signature"], q["X-Amz-Date"])
            query = [(k, v) for k, v in query if k != "X-Amz-Signature"]
            payload_hash = "UNSIGNED-PAYLOAD" if "/s3/" in credential else hashlib.sha256(b"").hexdigest()
        access, date, region, service, _ = credential.split("/")
        if access != self.creds["accessKey"] or (self.creds.get("sessionToken") and
                                                 headers.get("x-amz-security-token", dict(query).get(
                                                     "X-Amz-Security-Token")) != self.creds["sessionToken"]):
            return "unknown access key or session token"
        path = url.path if service == "s3" else "/".join(enc(piece) for piece in url.path.split("/"))
        canonical = "\n".join([
            self.command, path, "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in query)),
            "".join(f"{name}:{' '.join(headers[name].split())}\n" for name in signed.split(";")), signed,
            payload_hash])
        scope = f"{date}/{region}/{service}/aws4_request"
        to_sign = f"AWS4-HMAC-SHA256\n{stamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
        key = ("AWS4" + self.creds["secretKey"]).encode()
        for part in (date, region, service, "aws4_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        return None if hmac.compare_digest(expected, signature) else "aws signature does not match"

    # -- Akamai EdgeGrid -----------------------------------------------------------------------
    def check_edgegrid(self) -> str | None:
        header = self.authorization
        if not header.startswith("EG1-HMAC-SHA256 "):
            return "no EG1 header"
        fields = dict(part.split("=", 1) for part in header[16:].split(";") if part)
        if (fields["client_token"], fields["access_token"]) != (self.creds["clientToken"], self.creds["accessToken"]):
            return "unknown tokens"
        body_hash = base64.b64encode(hashlib.sha256(self.body).digest()).decode() \
            if self.command == "POST" and self.body else ""
        wanted = self.creds.get("headersToSign", [])
        canonical = "\t".join(f"{n}:{' '.join(self.headers[n].split())}" for n in wanted if self.headers.get(n))
        prefix = header[:header.index("signature=")]
        data = "\t".join([self.command, "http", self.headers["Host"], self.path, canonical, body_hash, prefix])

        def b64hmac(key: str, text: str) -> str:
            return base64.b64encode(hmac.new(key.encode(), text.encode(), hashlib.sha256).digest()).decode()

        expected = b64hmac(b64hmac(self.creds["clientSecret"], fields["timestamp"]), data)
        return None if hmac.compare_digest(expected, fields["signature"]) else "edgegrid signature does not match"

    # -- JWT -----------------------------------------------------------------------------------
    def check_jwt(self) -> str | None:
        import jwt

        token = dict(self.query).get(self.creds.get("queryParamKey", "")) or \
            self.authorization.removeprefix(self.creds.get("prefix", "Bearer") + " ")
        claims = jwt.decode(token, self.creds["key"], algorithms=[self.creds["algorithm"]],
                            options={"verify_aud": False})
        return None if claims == self.creds["claims"] else f"claims {claims}"

    # -- NTLM (pyspnego as the server, users in NTLM_USER_FILE) --------------------------------
    def check_ntlm(self) -> str | None:
        import spnego

        header = self.authorization
        if not header.startswith("NTLM "):
            self._reply(401, {"ok": False}, (("WWW-Authenticate", "NTLM"),))
            return "challenged"
        token = base64.b64decode(header[5:])
        if token[8:12] == b"\x01\x00\x00\x00":  # negotiate message: a new handshake on this connection
            self.ntlm = spnego.server(protocol="ntlm")
            answer = self.ntlm.step(token)
            self._reply(401, {"ok": False}, (("WWW-Authenticate", "NTLM " + base64.b64encode(answer).decode()),))
            return "challenged"
        self.ntlm.step(token)  # raises for a wrong password
        return None if self.ntlm.complete else "handshake not complete"

    # -- the simple ones -----------------------------------------------------------------------
    def check_basic(self) -> str | None:
        expected = "Basic " + base64.b64encode(f'{self.creds["username"]}:{self.creds["password"]}'.encode()).decode()
        return None if self.authorization == expected else "wrong basic credentials"

    def check_echo(self) -> str | None:
        return None


@contextmanager
def checking(**creds: Any) -> Iterator[Any]:
    with serving(Checker, creds=creds, log=[], nonces=set()) as server:
        yield server


def send(spec: dict[str, Any], url: str, method: str = "GET", *, headers: list[tuple[str, str]] | None = None,
         content: bytes | None = None, data: list[tuple[str, str]] | None = None,
         tokens: auth.TokenCache | None = None) -> tuple[Any, Prepared]:
    """Authenticate one request with cdp-runner's auth and send it; (status, JSON answer), Prepared."""
    session = HttpSession()
    try:
        prepared = Prepared(method, url, headers=list(headers or []), content=content, data=data)
        auth.apply(spec, prepared, tokens or auth.TokenCache(session))
        response, reason, *_ = session.send(prepared)
        assert response is not None, reason
        return (response.status, response.json_or_error()), prepared
    finally:
        session.close()


def sign(spec: dict[str, Any], url: str, method: str = "GET", *, headers: list[tuple[str, str]] | None = None,
         content: bytes | None = None, data: list[tuple[str, str]] | None = None) -> Prepared:
    """Only apply the auth (nothing sent): the Prepared request as the transport would get it."""
    session = HttpSession()
    prepared = Prepared(method, url, headers=list(headers or []), content=content, data=data)
    auth.apply(spec, prepared, auth.TokenCache(session))
    return prepared
