"""``--export-environment``: the run's final environment as a Postman environment file."""

from __future__ import annotations

import json
from typing import Any

from runner.core.secrets import MASK, is_secret_name
from runner.core.template import stringify


def export_environment(run: Any, path: str, *, include_secrets: bool = False) -> None:
    values = []
    for key, value in run.variables.scopes["environment"].items():
        secret = key in run.secret_names or is_secret_name(key)
        shown = stringify(value)
        if not include_secrets:
            shown = MASK if secret else (run.masker(shown) or "")
        values.append({"key": key, "value": shown, "type": "secret" if secret else "default", "enabled": True})
    name = run.environment.name if run.environment else "cdp-runner"
    document = {"name": name, "values": values, "_postman_variable_scope": "environment"}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(document, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
