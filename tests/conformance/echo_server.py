#!/usr/bin/env python3
"""Catch-all postman-echo-like server for the Newman parity cases (stdlib only).

  python3 echo_server.py PORT LOGFILE        (or, from a test: ``with serving() as server: ...``)

Answers ANY path with a postman-echo-shaped JSON echo
({args, data, files, form, headers, json, url, method, path}), plus a few
postman-echo special routes (/status/N, /basic-auth, /digest-auth, /headers,
/response-headers, /cookies[/set|/delete], /delay/N, /gzip, /deflate,
/encoding/utf8, /type/xml, /type/html, /redirect-to, /stream/N, /auth/hawk,
/oauth1).  Every request is logged as one JSON line: method, target (raw
request-target), path, query, headers (ordered pairs), body (latin-1 text).
"""
import base64
import gzip
import hashlib
import json
import re
import sys
import threading
import time
import zlib
from contextlib import AbstractContextManager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

REALM = "Users"
NONCE = "ni1LiL0O37PRRhofWdCLmwFsnEtH1lew"


def parse_multipart(body, ctype):
    m = re.search(r'boundary="?([^";]+)"?', ctype)
    form, files = {}, {}
    if not m:
        return form, files
    b = ("--" + m.group(1)).encode("latin-1")
    for part in body.split(b)[1:]:
        if part.startswith(b"--"):
            break
        part = part.lstrip(b"\r\n")
        if b"\r\n\r\n" not in part:
            continue
        head, content = part.split(b"\r\n\r\n", 1)
        if content.endswith(b"\r\n"):
            content = content[:-2]
        head = head.decode("latin-1")
        nm = re.search(r'name="([^"]*)"', head)
        fn = re.search(r'filename="([^"]*)"', head)
        name = nm.group(1) if nm else ""
        if fn:
            files[fn.group(1)] = "data:application/octet-stream;base64," + base64.b64encode(content).decode()
        else:
            val = content.decode("utf-8", "replace")
            if name in form:
                if not isinstance(form[name], list):
                    form[name] = [form[name]]
                form[name].append(val)
            else:
                form[name] = val
    return form, files


def multi_dict(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            if not isinstance(d[k], list):
                d[k] = [d[k]]
            d[k].append(v)
        else:
            d[k] = v
    return d


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                line = self.rfile.readline().strip()
                n = int(line.split(b";")[0] or b"0", 16)
                if n == 0:
                    self.rfile.readline()
                    break
                data += self.rfile.read(n)
                self.rfile.readline()
            return data
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def send(self, status, body, ctype="application/json; charset=utf-8", extra=None, encoding=None):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        if encoding == "gzip":
            body = gzip.compress(body)
        elif encoding == "deflate":
            body = zlib.compress(body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for k, v in (extra or []):
            self.send_header(k, v)
        if self.command == "HEAD":
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        body = self._body()
        sp = urlsplit(self.path)
        path, query = sp.path, sp.query
        hdrs = [(k, v) for k, v in self.headers.items()]
        self.server.record({"t": time.time(), "method": self.command, "target": self.path, "path": path,
                            "query": query, "headers": hdrs, "body": body.decode("latin-1")})
        args = multi_dict(parse_qsl(query, keep_blank_values=True))
        h = {k.lower(): v for k, v in hdrs}
        ctype = h.get("content-type", "")
        form, files, js = {}, {}, None
        data = ""
        if "application/x-www-form-urlencoded" in ctype:
            form = multi_dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        elif "multipart/form-data" in ctype:
            form, files = parse_multipart(body, ctype)
        else:
            data = body.decode("utf-8", "replace")
            if "json" in ctype:
                try:
                    js = json.loads(data)
                    data = js
                except Exception:
                    js = None
        echo = {"args": args, "data": data, "files": files, "form": form, "headers": h, "json": js,
                "url": f"http://{h.get('host', '127.0.0.1')}{self.path}", "method": self.command, "path": path}
        seg = [s for s in path.split("/") if s]
        first = seg[0] if seg else ""
        cookies = {}
        for c in h.get("cookie", "").split(";"):
            if "=" in c:
                k, v = c.strip().split("=", 1)
                cookies[k] = v
        if first == "status" and len(seg) > 1 and seg[1].isdigit():
            return self.send(int(seg[1]), {"status": int(seg[1])})
        if first == "basic-auth":
            ok = h.get("authorization", "") == "Basic " + base64.b64encode(b"postman:password").decode()
            return self.send(200 if ok else 401, {"authenticated": ok} if ok else "Unauthorized",
                             ctype="application/json" if ok else "text/plain")
        if first == "digest-auth":
            a = h.get("authorization", "")
            if a.startswith("Digest "):
                p = dict(re.findall(r'(\w+)="?([^",]*)"?', a))
                ha1 = hashlib.md5(f"{p.get('username')}:{p.get('realm')}:password".encode()).hexdigest()
                ha2 = hashlib.md5(f"{self.command}:{p.get('uri')}".encode()).hexdigest()
                if p.get("qop"):
                    exp = hashlib.md5(":".join([ha1, p.get("nonce", ""), p.get("nc", ""), p.get("cnonce", ""),
                                                p.get("qop"), ha2]).encode()).hexdigest()
                else:
                    exp = hashlib.md5(":".join([ha1, p.get("nonce", ""), ha2]).encode()).hexdigest()
                if exp == p.get("response") and p.get("username") == "postman":
                    return self.send(200, {"authenticated": True})
            return self.send(401, "Unauthorized", ctype="text/plain", extra=[
                ("WWW-Authenticate", f'Digest realm="{REALM}", nonce="{NONCE}", qop="auth"')])
        if first == "auth" and len(seg) > 1 and seg[1] == "hawk":
            ok = h.get("authorization", "").startswith("Hawk ")
            return self.send(200 if ok else 401, {"message": "Hawk Authentication Successful"} if ok else
                             {"statusCode": 401, "error": "Unauthorized"})
        if first == "oauth1":
            ok = "oauth_signature" in h.get("authorization", "") or "oauth_signature" in query \
                or b"oauth_signature" in body
            return self.send(200 if ok else 401, {"status": "pass" if ok else "fail",
                                                  "message": "OAuth-1.0a signature verification was successful"})
        if first == "headers":
            return self.send(200, {"headers": h})
        if first == "response-headers":  # like postman-echo: a Content-Type given in the query replaces ours
            hv = parse_qsl(query, keep_blank_values=True)
            ct = [v for k, v in hv if k.lower() == "content-type"]
            return self.send(200, args, ctype=ct[-1] if ct else "application/json; charset=utf-8",
                             extra=[(k, v) for k, v in hv if k.lower() != "content-type"])
        if first == "cookies":
            if len(seg) > 1 and seg[1] == "set":
                ex = [("Set-Cookie", f"{k}={v}; Path=/") for k, v in parse_qsl(query, keep_blank_values=True)]
                return self.send(302, "Found. Redirecting to /cookies", ctype="text/plain",
                                 extra=ex + [("Location", "/cookies")])
            if len(seg) > 1 and seg[1] == "delete":
                ex = [("Set-Cookie", f"{k}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
                      for k, v in parse_qsl(query, keep_blank_values=True)]
                return self.send(302, "Found. Redirecting to /cookies", ctype="text/plain",
                                 extra=ex + [("Location", "/cookies")])
            return self.send(200, {"cookies": cookies})
        if first == "delay" and len(seg) > 1:
            try:
                time.sleep(min(float(seg[1]), 5))
            except ValueError:
                pass
            return self.send(200, {"delay": seg[1]})
        if first == "gzip":
            return self.send(200, {"gzipped": True, "headers": h, "method": self.command}, encoding="gzip")
        if first == "deflate":
            return self.send(200, {"deflated": True, "headers": h, "method": self.command}, encoding="deflate")
        if first == "encoding":
            return self.send(200, "<html><body>∮ E⋅da = Q UTF-8 ✓ ü</body></html>", ctype="text/html; charset=utf-8")
        if first == "type" and len(seg) > 1 and seg[1] == "xml":
            return self.send(200, '<?xml version="1.0" encoding="utf-8"?><_><foo>bar</foo></_>',
                             ctype="application/xml; charset=utf-8")
        if first == "type" and len(seg) > 1 and seg[1] == "html":
            return self.send(200, "<html><head><title>echo</title></head><body>hi</body></html>",
                             ctype="text/html; charset=utf-8")
        if first == "redirect-to":
            loc = args.get("url", "/get")
            if isinstance(loc, list):
                loc = loc[0]
            code = int(args.get("status_code", 302)) if str(args.get("status_code", "302")).isdigit() else 302
            return self.send(code, "", ctype="text/plain", extra=[("Location", loc)])
        if first == "stream" and len(seg) > 1 and seg[1].isdigit():
            lines = "\n".join(json.dumps(dict(echo, id=i)) for i in range(int(seg[1])))
            return self.send(200, lines)
        return self.send(200, echo)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_HEAD = handle_any
    do_PROPFIND = do_COPY = do_LINK = do_UNLINK = do_PURGE = do_LOCK = do_UNLOCK = do_VIEW = handle_any
    do_MKCOL = do_MOVE = do_PROPPATCH = do_REPORT = do_SEARCH = do_TRACE = do_CONNECT = handle_any

    def __getattr__(self, name):
        if name.startswith("do_"):
            return self.handle_any
        raise AttributeError(name)


class S(ThreadingHTTPServer):
    """Keeps every request it got in ``log`` (in arrival order) and, if given, appends it to a JSON-lines file."""
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler] | None = None,
                 logfile: Any = None) -> None:
        super().__init__(address, handler or H)
        self.log: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._logfile = logfile

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            self.log.append(entry)
            if self._logfile is not None:
                self._logfile.write(json.dumps(entry) + "\n")


def serving() -> AbstractContextManager[S]:
    """The echo server on 127.0.0.1 and a free port, in a thread, stopped on exit (for tests: run as a
    script, this file starts the server on the port it is given)."""
    from conftest import serving as serve  # the tests' one way to serve a handler

    return serve(H, S)


if __name__ == "__main__":
    srv = S(("127.0.0.1", int(sys.argv[1])), logfile=open(sys.argv[2], "a", buffering=1))  # noqa: SIM115 (open until killed)
    print(srv.server_address[1], flush=True)
    srv.serve_forever()
