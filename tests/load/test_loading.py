"""Loading collections and environments: every bad input names the file and the place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runner.errors import InputError
from runner.load import load_collection
from runner.load.environment import load_environment

ROOT = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(p)


def test_shipped_collections_load() -> None:
    c = load_collection(ROOT / "collections/stream/close-session.json")
    assert [r.name for r in c.requests][:2] == ["Create browser", "Send VIEW event"]
    assert c.format == "native"
    p = load_collection(ROOT / "collections/stream/close-session.postman_collection.json")
    assert p.format == "postman" and len(p.requests) == 4 and p.requests[1].prerequest


def test_json_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.json", '{\n  "name": "x",\n  "items": [,]\n}')
    with pytest.raises(InputError) as info:
        load_collection(path)
    assert info.value.place == "3:13"
    assert str(info.value).startswith(f"{path}:3:13: invalid JSON")


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path, "bin.json", b'{"name": "\xff"}')
    with pytest.raises(InputError, match="not UTF-8") as info:
        load_collection(path)
    assert info.value.place == "1:11"


def test_missing_file() -> None:
    with pytest.raises(InputError, match="file not found"):
        load_collection("nope/missing.json")


@pytest.mark.parametrize(
    ("doc", "pointer", "fragment"),
    [
        ({"name": "x", "items": [{"name": "r", "request": {"method": "FETCH", "url": "u"}}]},
         "/items/0/request/method", "'FETCH' is not one of"),
        ({"name": "x", "items": [{"name": "r", "request": {"url": "u"}}]},
         "/items/0/request", "'method' is required"),
        ({"name": "x", "items": [{"name": "r", "request": {"method": "GET", "url": "u"}, "asert": []}]},
         "/items/0", "'asert' was unexpected"),
        ({"name": "x", "items": [{"name": "r", "request": {"method": "GET", "url": "u"},
                                  "assert": [{"that": "$.a", "equals": 1, "matches": "x"}]}]},
         "/items/0/assert/0", "exactly one operator"),
        ({"name": "x", "items": [{"name": "r", "request": {"method": "GET", "url": "u"},
                                  "assert": [{"that": "$.a[", "equals": 1}]}]},
         "/items/0/assert/0/that", "invalid JSON path"),
        ({"name": "x", "items": [{"name": "r", "request": {"method": "GET", "url": "u",
                                                          "auth": {"type": "basic", "username": "u"}}}]},
         "/items/0/request/auth", "'password' is required"),
    ],
)
def test_schema_errors_name_the_json_pointer(tmp_path: Path, doc: dict, pointer: str, fragment: str) -> None:
    path = write(tmp_path, "c.json", json.dumps(doc))
    with pytest.raises(InputError) as info:
        load_collection(path)
    assert info.value.place == pointer
    assert fragment in info.value.message
    assert str(info.value).startswith(f"{path} at {pointer}: ")


def test_dotenv_values_and_secrets(tmp_path: Path) -> None:
    env = load_environment(write(tmp_path, "a.env", "API_ENDPOINT=h\nCLIENT_KEY=k123\nAPI_TOKEN=t\n# c\nPOS=p\n"))
    assert env.values == {"API_ENDPOINT": "h", "CLIENT_KEY": "k123", "API_TOKEN": "t", "POS": "p"}
    assert env.secret_names == {"CLIENT_KEY", "API_TOKEN"}


def test_unparsable_dotenv_line_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.env", "A=1\nthis is not a pair\nB=2\n")
    with pytest.raises(InputError) as info:
        load_environment(path)
    assert info.value.place == "2:1"
    assert "expected KEY=value" in str(info.value)


def test_postman_environment(tmp_path: Path) -> None:
    doc = {"name": "e", "values": [{"key": "a", "value": "1"}, {"key": "s", "value": "x", "type": "secret"},
                                  {"key": "off", "value": "2", "enabled": False}]}
    env = load_environment(write(tmp_path, "e.postman_environment.json", json.dumps(doc)))
    # "enabled": false does not drop a value: Newman uses it (only "disabled": true is ignored)
    assert env.values == {"a": "1", "s": "x", "off": "2"} and env.secret_names == {"s"}
    with pytest.raises(InputError, match="values") as info:
        load_environment(write(tmp_path, "f.postman_environment.json", '{"name": "x"}'))
    assert info.value.place == "/values"


def test_fast_and_reference_validators_agree() -> None:
    """jsonschema-rs answers "valid?"; python-jsonschema is the reference: they must agree."""
    from runner.load import native

    docs = []
    for path in sorted((ROOT / "collections").rglob("*.json")) + sorted((ROOT / "tests/bad_input").rglob("*.json")):
        if "mocks" in path.parts or "postman" in path.name:
            continue
        try:
            docs.append((path, json.loads(path.read_text("utf-8"))))
        except (ValueError, UnicodeDecodeError):
            continue
    assert len(docs) > 10
    verdicts = {(native._fast_validator().is_valid(d), native._validator().is_valid(d)) for _, d in docs}
    assert verdicts <= {(True, True), (False, False)}
    assert (False, False) in verdicts and (True, True) in verdicts


@pytest.mark.parametrize(("name", "secret"), [
    ("CLIENT_SECRET", True), ("API_TOKEN", True), ("CLIENT_KEY", True), ("db_password", True),
    ("ESP_TOKEN_URL", False), ("TOKEN_ENDPOINT", False), ("KEY_HOST", False), ("POS", False), ("API_ENDPOINT", False),
])
def test_secret_names(name: str, secret: bool) -> None:
    from runner.core.secrets import is_secret_name

    assert is_secret_name(name) is secret
