"""ntlm: the three-message handshake over one connection, checked by pyspnego as the server."""

from __future__ import annotations

from pathlib import Path

import pytest
from auth_server import checking, send

from runner.core.auth.ntlm import split_user

pytest.importorskip("spnego")


@pytest.fixture(autouse=True)
def users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "users").write_text("CORP:alice:N7lm-pass\n")
    monkeypatch.setenv("NTLM_USER_FILE", str(tmp_path / "users"))


@pytest.mark.parametrize("options", [{"username": "CORP\\alice"}, {"username": "alice@CORP"},
                                     {"username": "alice", "domain": "CORP"}])
def test_handshake_verified(options: dict[str, str]) -> None:
    with checking() as server:
        (status, body), _ = send({"type": "ntlm", "password": "N7lm-pass", **options}, server.url + "/ntlm")
    assert status == 200, body
    assert len(server.log) == 3


def test_wrong_password_is_refused() -> None:
    with checking() as server:
        (status, _), _ = send({"type": "ntlm", "username": "CORP\\alice", "password": "nope"}, server.url + "/ntlm")
    assert status == 401


def test_username_forms() -> None:
    assert split_user("D\\u", "") == ("u", "D") and split_user("u@d.example", "") == ("u", "d.example")
    assert split_user("D\\u@x", "") == ("D\\u@x", "") and split_user("u", "X") == ("u", "X")


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from auth_server import sign

    from runner.core.auth import AuthError

    monkeypatch.setitem(sys.modules, "spnego", None)
    with pytest.raises(AuthError, match=r"cdp-runner\[ntlm\]"):
        sign({"type": "ntlm", "username": "u", "password": "p"}, "http://127.0.0.1:9/")
