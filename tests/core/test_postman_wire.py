"""What a Postman request puts on the wire, as Newman does: multipart bodies (text and file parts,
per-part content types, a missing file left out with a warning), GET/HEAD bodies pruned unless
disableBodyPruning, comments stripped from raw JSON, urlencoded spaces as %20, Newman's default
headers (each overridable, each disabled by disabledSystemHeaders); native collections keep theirs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from wire_server import header, header_count, postman, wire_server, write

from runner.core.engine import Run
from runner.load import load_collection
from runner.model.options import RunOptions
from runner.model.results import Execution


def run(tmp_path: Path, items: list[dict[str, Any]], options: RunOptions | None = None) -> list[Execution]:
    return list(Run(load_collection(write(tmp_path, postman(items))), None, options or RunOptions()))


def test_multipart_text_and_file_parts_are_sent(tmp_path: Path) -> None:
    upload = tmp_path / "note.txt"
    upload.write_text("file body")
    form = [{"key": "a", "value": "1", "type": "text"},
            {"key": "meta", "value": "{\"x\": 1}", "type": "text", "contentType": "application/json"},
            {"key": "skip", "value": "no", "type": "text", "disabled": True},
            {"key": "f", "type": "file", "src": str(upload)}]
    with wire_server() as server:
        [ex] = run(tmp_path, [{"name": "form", "request": {"method": "POST", "url": f"{server.url}/post",
                                                           "body": {"mode": "formdata", "formdata": form}}}])
    assert ex.error is None
    body = server.log[0]["body"].decode()
    assert header(server.log[0], "Content-Type").startswith("multipart/form-data; boundary=")
    parts = body.split("\r\n--")
    assert 'name="a"\r\n\r\n1' in parts[0]
    assert 'name="meta"\r\nContent-Type: application/json\r\n\r\n{"x": 1}' in parts[1]
    assert 'name="f"; filename="note.txt"\r\nContent-Type: text/plain\r\n\r\nfile body' in parts[2]
    assert "skip" not in body
    assert "file body" in (ex.request.body or "")  # the sent body is kept for reports


def test_native_multipart_does_not_crash(tmp_path: Path) -> None:
    with wire_server() as server:
        path = tmp_path / "n.json"
        path.write_text(json.dumps({"name": "n", "items": [{"name": "m", "request": {
            "method": "POST", "url": f"{server.url}/post", "body": {"multipart": [{"name": "a", "value": "1"}]}}}]}))
        [ex] = list(Run(load_collection(path), None, RunOptions()))
    assert ex.error is None and b'name="a"' in server.log[0]["body"]


def test_a_missing_form_file_is_a_warning_and_the_request_goes_without_it(tmp_path: Path) -> None:
    form = [{"key": "t", "value": "kept", "type": "text"}, {"key": "f", "type": "file", "src": "no-such-file.json"}]
    with wire_server() as server:
        [ex] = run(tmp_path, [{"name": "form", "request": {"method": "POST", "url": f"{server.url}/post",
                                                           "body": {"mode": "formdata", "formdata": form}}}])
    assert ex.error is None
    assert len(ex.warnings) == 1 and "no-such-file.json" in ex.warnings[0]  # the console shows warnings
    assert b"kept" in server.log[0]["body"] and b'name="f"' not in server.log[0]["body"]


def test_form_files_resolve_against_the_working_dir_and_may_be_confined_to_it(tmp_path: Path) -> None:
    inside = tmp_path / "work"
    inside.mkdir()
    (inside / "in.txt").write_text("inside")
    (tmp_path / "out.txt").write_text("outside")
    items = [{"name": n, "request": {"method": "POST", "url": "URL/post", "body": {
        "mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": src}]}}}
        for n, src in (("relative", "in.txt"), ("escape", "../out.txt"))]
    with wire_server() as server:
        for item in items:
            item["request"]["url"] = f"{server.url}/post"
        relative, escape = run(tmp_path, items, RunOptions(working_dir=str(inside)))
        _, allowed = run(tmp_path, items, RunOptions(working_dir=str(inside), insecure_file_read=True))
        _, refused = run(tmp_path, items, RunOptions(working_dir=str(inside), insecure_file_read=False))
    assert relative.error is None and b"inside" in server.log[0]["body"]
    assert allowed.error is None and b"outside" in server.log[3]["body"]
    assert refused.response is None
    assert "outside the working directory" in (refused.error or "")
    assert "--no-insecure-file-read" in (refused.error or "")


def test_get_and_head_bodies_are_pruned_unless_disabled(tmp_path: Path) -> None:
    raw = {"mode": "raw", "raw": "hello"}
    with wire_server() as server:
        run(tmp_path, [
            {"name": "get", "request": {"method": "GET", "url": f"{server.url}/g", "body": raw}},
            {"name": "head", "request": {"method": "HEAD", "url": f"{server.url}/h", "body": raw}},
            {"name": "kept", "request": {"method": "GET", "url": f"{server.url}/k", "body": raw},
             "protocolProfileBehavior": {"disableBodyPruning": True}},
            {"name": "post", "request": {"method": "POST", "url": f"{server.url}/p", "body": raw}},
        ])
    assert [(e["target"], e["body"]) for e in server.log] == [
        ("/g", b""), ("/h", b""), ("/k", b"hello"), ("/p", b"hello")]
    assert header(server.log[0], "Content-Type") is None


def test_json_comments_are_stripped_and_urlencoded_spaces_are_percent_20(tmp_path: Path) -> None:
    raw = '{\n  "a": 1, // the a\n  /* block */ "url": "http://x//y", "c": "/* kept */"\n}\n// end'
    with wire_server() as server:
        run(tmp_path, [
            {"name": "json", "request": {"method": "POST", "url": f"{server.url}/j", "body": {
                "mode": "raw", "raw": raw, "options": {"raw": {"language": "json"}}}}},
            {"name": "header json", "request": {"method": "POST", "url": f"{server.url}/h",
                                                "header": [{"key": "Content-Type", "value": "application/json"}],
                                                "body": {"mode": "raw", "raw": "{\"b\": 2 /* c */}"}}},
            {"name": "text", "request": {"method": "POST", "url": f"{server.url}/t", "body": {
                "mode": "raw", "raw": "a // b", "options": {"raw": {"language": "text"}}}}},
            {"name": "form", "request": {"method": "POST", "url": f"{server.url}/f", "body": {
                "mode": "urlencoded", "urlencoded": [{"key": "a b", "value": "c d&e"}, {"key": "n", "value": "1"},
                                                     {"key": "a b", "value": "2"}]}}},
        ])
    sent = {e["target"]: e for e in server.log}
    assert json.loads(sent["/j"]["body"]) == {"a": 1, "url": "http://x//y", "c": "/* kept */"}
    assert sent["/h"]["body"] == b'{"b": 2 }'
    assert sent["/t"]["body"] == b"a // b"
    assert sent["/f"]["body"] == b"a%20b=c%20d%26e&a%20b=2&n=1"
    assert header(sent["/f"], "Content-Type") == "application/x-www-form-urlencoded"


def test_strip_json_comments_leaves_strings_and_escapes_alone() -> None:
    from runner.core.bodies import strip_json_comments

    assert strip_json_comments('{"a": "\\" // not a comment"} // gone') == '{"a": "\\" // not a comment"} '
    assert strip_json_comments("[1, /* unterminated") == "[1, "
    assert strip_json_comments("no comments") == "no comments"


def test_newman_default_headers_overridable_and_disableable(tmp_path: Path) -> None:
    with wire_server() as server:
        native = tmp_path / "n.json"  # native collections keep httpx's defaults: nothing in them asks for Postman's
        native.write_text(json.dumps({"name": "n", "items": [{"name": "r", "request": {
            "method": "GET", "url": f"{server.url}/n"}}]}))
        list(Run(load_collection(native), None, RunOptions()))
        run(tmp_path, [
            {"name": "defaults", "request": {"method": "GET", "url": f"{server.url}/d"}},
            {"name": "own", "request": {"method": "GET", "url": f"{server.url}/o", "header": [
                {"key": "user-agent", "value": "mine/1"}, {"key": "Accept-Encoding", "value": "identity"}]}},
            {"name": "disabled", "request": {"method": "GET", "url": f"{server.url}/x"},
             "protocolProfileBehavior": {"disabledSystemHeaders": {"user-agent": True, "postman-token": True,
                                                                   "accept": True, "cache-control": True}}},
        ])
    native, defaults, own, disabled = server.log
    assert header(native, "Postman-Token") is None and header(native, "User-Agent").startswith("python-httpx/")
    assert header(defaults, "User-Agent") == "PostmanRuntime/7.39.1"
    assert header(defaults, "Accept") == "*/*"
    assert header(defaults, "Cache-Control") == "no-cache"
    assert header(defaults, "Accept-Encoding") == "gzip, deflate, br"
    assert header(defaults, "Connection") == "keep-alive"
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", header(defaults, "Postman-Token"))
    assert (header(own, "User-Agent"), header(own, "Accept-Encoding")) == ("mine/1", "identity")
    assert header_count(own, "User-Agent") == 1
    assert [header(disabled, h) for h in ("User-Agent", "Postman-Token", "Accept", "Cache-Control")] == [None] * 4


def test_brotli_responses_are_decoded() -> None:
    import brotli
    import httpx

    from runner.model.prepared import Prepared
    from runner.transport.http import HttpSession

    data = json.dumps({"ok": True}).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(
        200, content=brotli.compress(data), headers={"Content-Encoding": "br"}))
    session = HttpSession(transport=transport)
    try:
        sent = session.send(Prepared("GET", "http://example.test/"))
    finally:
        session.close()
    assert sent.response is not None and sent.response.content == data


def test_postman_tokens_are_version_4_uuids_and_new_each_time() -> None:
    import uuid

    from runner.core.postman_wire import postman_token

    tokens = [postman_token() for _ in range(500)]
    assert len(set(tokens)) == 500
    for token in tokens:
        parsed = uuid.UUID(token)
        assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, token)


def test_system_headers_come_in_newmans_order_after_the_requests_own() -> None:
    from runner.core.postman_wire import add_system_headers
    from runner.model.prepared import Prepared

    expected = ["X-Own", "User-Agent", "Accept", "Cache-Control", "Postman-Token", "Accept-Encoding", "Connection"]
    for behavior in ({}, {"disabledSystemHeaders": {"x-other": True}}):  # the usual path and the checked one
        prepared = Prepared("GET", "http://127.0.0.1:9/", headers=[("X-Own", "1")])
        add_system_headers(prepared, behavior)
        assert [name for name, _ in prepared.headers] == expected
