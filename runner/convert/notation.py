"""Variable notation: Postman knows only ``{{name}}``; the native format also reads ``${name}``."""

from __future__ import annotations

import re
from typing import Any

_FREEMARKER = re.compile(r"\$\{\s*([^{}]+?)\s*\}")


def postman_notation(text: str) -> str:
    """``${name}`` -> ``{{name}}``."""
    return _FREEMARKER.sub(lambda m: "{{" + m.group(1) + "}}", text) if "${" in text else text


def postman_notation_deep(value: Any) -> Any:
    """:func:`postman_notation` on every string (keys too) inside a JSON value."""
    if isinstance(value, str):
        return postman_notation(value)
    if isinstance(value, list):
        return [postman_notation_deep(v) for v in value]
    if isinstance(value, dict):
        return {postman_notation(k): postman_notation_deep(v) for k, v in value.items()}
    return value
