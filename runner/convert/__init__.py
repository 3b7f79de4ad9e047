"""``cdp-runner import`` / ``export``: Postman v2.0/v2.1 <-> the native format, environments -> dotenv.

Import keeps what Postman means: folders, requests, auth at every level, collection variables,
saved examples (-> ``mock``), message-building pre-request scripts (-> native builders) and
other scripts as JavaScript. Export writes Postman v2.1 whose scripts do what the native
declarative parts do; each generated check carries a ``// cdp-runner:`` line so importing
the export gives the native collection back (normalisations: docs/postman.md).

Modules: ``to_native`` (Postman -> native), ``to_postman`` (native -> Postman), ``checks``
(generated checks and their marker lines), ``pm_tests`` (Postman's own pm.* checks -> native
assertions, with ``json_subjects`` for JSON paths and ``js`` for reading JavaScript),
``jsbuilders`` (message-building scripts), ``dotenv`` (environments), ``notation``
(``${x}`` -> ``{{x}}``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from runner._files import dump_json, read_json
from runner.convert.dotenv import environment_to_dotenv, is_postman_environment
from runner.convert.to_native import postman_to_native
from runner.convert.to_postman import POSTMAN_V21, native_to_postman
from runner.errors import InputError
from runner.load import is_postman_collection
from runner.load.postman import unexpected_structure

__all__ = ["POSTMAN_V21", "convert_command", "environment_to_dotenv", "native_to_postman", "postman_to_native"]


def convert_command(args: Any) -> int:
    """Dispatch ``import`` and ``export``; writes ``-o`` or prints to stdout."""
    data = read_json(args.path)
    if args.command == "import":
        if is_postman_environment(data):
            text = environment_to_dotenv(data, args.path, keep_secrets=getattr(args, "keep_secrets", False))
        elif is_postman_collection(data):
            warnings: list[str] = []
            try:
                native = postman_to_native(data, args.path, warnings)
            except (TypeError, AttributeError, KeyError, ValueError) as exc:
                raise unexpected_structure(data, args.path, exc) from None
            text = _dump(native)
            for warning in warnings:
                print(f"cdp-runner: warning: {warning}", file=sys.stderr)
        else:
            raise InputError("not a Postman collection (info.schema) nor a Postman environment (values list)",
                             file=args.path, place="/info/schema")
    else:
        from runner.load.native import validate

        if is_postman_collection(data):
            raise InputError("already a Postman collection; export takes a native collection", file=args.path,
                             place="/info/schema")
        validate(data, args.path)
        text = _dump(native_to_postman(data, args.path))
    if args.output:
        out = Path(args.output)
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _dump(data: Any) -> str:
    return dump_json(data, indent=2) + "\n"
