"""The event lint before a run: every Stream API event message a native collection's message
builders make, checked against the documented rules without sending anything."""

from __future__ import annotations

from typing import Any

from runner.core.template import render_json
from runner.core.variables import Variables
from runner.model.collection import Collection
from runner.sitecore.events import Problem, is_event_url, lint_message


def lint_builders(collection: Collection, variables: Variables) -> list[tuple[str, Problem]]:
    """(JSON pointer of the builder, problem) for each builder feeding an event request's URL.

    A value still holding a ``{{variable}}`` (no environment given) is taken as present and is not
    judged; the first event of a browser must carry the session fields, later ones need not.
    """
    found: list[tuple[str, Problem]] = []
    opened: set[str] = set()
    for req in collection.requests:
        if not is_event_url(req.url):
            continue
        for name, builder in req.messages.items():
            if not any("{{" + name + "}}" in v for _, v in req.query) and "{{" + name + "}}" not in req.url:
                continue
            message = render_json(builder, variables, where=f"{collection.path}#{req.pointer}", strict=False)
            if not isinstance(message, dict):
                continue
            browser = str(message.get("browser_id") or "")
            for problem in lint_message(message, session_fields=browser not in opened):
                if not _templated(message, problem.field):
                    found.append((f"{req.pointer}/prerequest/messages/{name}", problem))
            if str(message.get("type", "")).upper() == "FORCE_CLOSE":
                opened.discard(browser)
            elif browser:
                opened.add(browser)
    return found


def _templated(message: dict[str, Any], field: str) -> bool:
    value: Any = message
    for part in field.split(".") if field else ():
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return False
    return isinstance(value, str) and "{{" in value
