"""``cdp-runner import`` of a Postman environment: a dotenv file python-dotenv reads back to the same values."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from runner.errors import InputError

_DOTENV_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def is_postman_environment(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("values"), list) and "item" not in data


def environment_to_dotenv(data: dict[str, Any], file: str, *, keep_secrets: bool = False) -> str:
    """A Postman environment as a dotenv file python-dotenv reads back to the same values.

    Values are single-quoted (no ``${}`` interpolation, only ``\\\\`` and ``\\'`` escapes).
    Secret-type values are left empty with a comment unless ``keep_secrets``; disabled
    entries are written as comments.
    """
    lines = [f"# imported from the Postman environment {data.get('name') or Path(file).stem!r}"]
    for i, entry in enumerate(data["values"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str) or not entry["key"]:
            raise InputError("expected {\"key\": ..., \"value\": ...}", file=file, place=f"/values/{i}")
        key = entry["key"]
        if not _DOTENV_KEY.match(key):
            raise InputError(f"variable name {key!r} cannot be written to a dotenv file", file=file,
                             place=f"/values/{i}/key")
        value = entry.get("value", "")
        value = "" if value is None else value if isinstance(value, str) else json.dumps(value)
        if entry.get("enabled", True) is False:
            lines.append(f"# {key}: disabled in Postman")
            continue
        if entry.get("type") == "secret" and not keep_secrets and value:
            lines.append(f"# {key}: a secret in Postman; fill it in here (or import with --keep-secrets)")
            value = ""
        if "${" in value:  # python-dotenv has no escape for it
            lines.append(f"# {key}: check this value: the dotenv reader expands ${{NAME}} in it")
        quoted = value.replace("\\", "\\\\").replace("'", "\\'")
        lines.append(f"{key}='{quoted}'")
    return "\n".join(lines) + "\n"
