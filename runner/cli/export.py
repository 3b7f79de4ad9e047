"""``--export-environment``, ``--export-globals``, ``--export-collection``: the run's final
variables written to files.

As in Newman the files carry the real values, so the next run can start from them;
``--export-masked`` writes ``*****`` for every secret instead (a copy to share). A file holding
real secrets is created readable by its owner only.
"""

from __future__ import annotations

import os
from typing import Any

from runner._files import dump_json
from runner.core.secrets import MASK, is_secret_name
from runner.core.template import stringify


def _shown(run: Any, key: str, value: Any, masked: bool) -> tuple[str, bool]:
    """The value to write and whether it is a secret."""
    secret = key in run.secret_names or is_secret_name(key)
    text = stringify(value)
    if masked:
        text = (MASK if text else "") if secret else (run.masker(text) or "")  # empty: nothing to hide
    return text, secret


def export_variables(run: Any, scope: str, path: str, *, masked: bool = False) -> None:
    """The ``environment`` or ``globals`` scope as a Postman environment/globals file."""
    values = []
    holds_secrets = False
    for key, value in run.variables.scopes[scope].items():
        shown, secret = _shown(run, key, value, masked)
        holds_secrets = holds_secrets or (secret and not masked)
        values.append({"key": key, "value": shown, "type": "secret" if secret else "default", "enabled": True})
    if scope == "environment":
        name = run.environment.name if run.environment else "cdp-runner"
    else:
        name = "globals"
    _write(path, {"name": name, "values": values, "_postman_variable_scope": scope}, private=holds_secrets)


def export_collection(run: Any, path: str, *, masked: bool = False) -> None:
    """The collection file as run, its variables set to their final values (Newman's
    ``--export-collection``): a Postman collection stays Postman, a native one native."""
    from runner._files import read_json

    document = read_json(run.collection.path)
    final = run.variables.scopes["collection"]
    holds_secrets = False
    if run.collection.format == "postman":
        entries = [v for v in document.get("variable") or [] if isinstance(v, dict)]
        by_key = {v.get("key"): v for v in entries}
        for key, value in final.items():
            shown, secret = _shown(run, key, value, masked)
            holds_secrets = holds_secrets or (secret and not masked)
            if key in by_key:
                by_key[key]["value"] = shown
            else:
                entries.append({"key": key, "value": shown})
        document["variable"] = entries
    else:
        variables = {}
        for key, value in final.items():
            shown, secret = _shown(run, key, value, masked)
            holds_secrets = holds_secrets or (secret and not masked)
            variables[key] = shown if masked or not isinstance(value, (dict, list, int, float, bool)) else value
        document["variables"] = variables
    _write(path, document, private=holds_secrets)


def _write(path: str, document: Any, *, private: bool) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    if private:  # real secrets: owner-only from the first byte
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.chmod(path, 0o600)
        fh = os.fdopen(fd, "w", encoding="utf-8")
    else:
        fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by the with below)
    with fh:
        fh.write(dump_json(document, indent=2))
        fh.write("\n")
