"""``cdp-runner connection test|review|export|import``: the wizard's Test Request and Review
steps for connection files, and the connections REST API JSON in and out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from runner._files import dump_json
from runner.core.secrets import MASK, SECRET_HEADERS, is_secret_name
from runner.errors import InputError
from runner.kinds.connection import (
    DEFAULT_HEADERS,
    SECRET_FIELDS,
    ConnectionPreparer,
    body_text,
    effective_headers,
    lint_file,
    names_in,
    templated_texts,
    timeouts_of,
)
from runner.load.environment import Environment, load_environment, parse_assignments

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def connection_command(args: argparse.Namespace, *, ask: Callable[[str], str] | None = None,
                       is_tty: bool | None = None) -> int:
    if args.action == "test":
        return test_command(args, ask=ask, is_tty=sys.stdin.isatty() if is_tty is None else is_tty)
    if args.action == "review":
        return review_command(args)
    if args.action == "export":
        return export_command(args)
    if args.action == "import":
        return import_command(args)
    raise InputError(f"unknown connection action {args.action!r}")


# ---------------------------------------------------------------------------- helpers

def _environment(args: argparse.Namespace) -> Environment | None:
    return load_environment(args.environment) if getattr(args, "environment", None) else None


def connection_nodes(path: str) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """The schema-checked native file and its connection items with their JSON pointers."""
    from runner._files import read_json
    from runner.load import is_postman_collection
    from runner.load.native import item_pointer, validate_file

    data = read_json(path)
    if is_postman_collection(data):
        raise InputError("a Postman collection has no connections; expected a native collection file", file=path)
    data, base = validate_file(data, path)  # a single connection item file is a one-item collection
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(items: list[Any], pointer: str) -> None:
        for i, node in enumerate(items):
            where = item_pointer(pointer, i)
            if "items" in node:
                walk(node["items"], f"{where}/items")
            elif "connection" in node:
                found.append((where, node))

    walk(data["items"], base)
    if not found:
        raise InputError("no connection items in this file", file=path, place="/items")
    return data, found


def _shown(value: Any, field: str = "") -> str:
    """A value for the console: literal secrets masked, variable references shown as written."""
    text = "" if value is None else str(value)
    secret = field in SECRET_FIELDS or field.lower() in SECRET_HEADERS or is_secret_name(field)
    reference = names_in(text) and text.strip().startswith(("${", "{{")) and text.strip().endswith("}")
    if secret and text and not reference:
        return MASK
    return text


def _print_problems(problems: list[Any], out: Any = None) -> bool:
    """Print lint problems; True if any is an error."""
    for p in problems:
        print(str(p), file=out or (sys.stderr if p.severity == "error" else sys.stdout))
    return any(p.severity == "error" for p in problems)


# ---------------------------------------------------------------------------- test

def missing_variables(collection: Any, environment: Environment | None, given: dict[str, str]) -> list[str]:
    """Names a connection uses that nothing defines (environment, --var, testValues, captures)."""
    known = set(collection.variables) | set(given) | set(environment.values if environment else ())
    missing: list[str] = []
    for req in collection.requests:
        known |= set(req.messages)
        if isinstance(req.preparer, ConnectionPreparer):
            for _, text in templated_texts(req.preparer.definition):
                for name in names_in(text):
                    if name not in known and name not in req.preparer.test_values and name not in missing:
                        missing.append(name)
        known |= {c.var for c in req.captures}
    return missing


def settings_problems(collection: Any, settings: dict[str, Any]) -> list[Any]:
    """Empty required settings, missing certificate files, mutual TLS off: for every connection."""
    from runner.kinds.connection.settings import check_settings

    return [p for req in collection.requests if isinstance(req.preparer, ConnectionPreparer)
            for p in check_settings({"connection": req.preparer.definition, "testValues": req.preparer.test_values},
                                    collection.path, pointer=req.pointer, values=settings)]


def test_command(args: argparse.Namespace, *, ask: Callable[[str], str] | None, is_tty: bool) -> int:
    from runner.core.engine import Run
    from runner.load import load_collection
    from runner.model.options import RunOptions

    environment = _environment(args)
    given = parse_assignments(args.var, option="--var")
    collection = load_collection(args.path)
    if not any(r.kind == "connection" for r in collection.requests):
        raise InputError("no connection items in this file", file=args.path, place="/items")
    settings = {**collection.variables, **(environment.values if environment else {}), **given}
    problems = settings_problems(collection, settings)
    if any(p.severity == "error" for p in problems):  # before anything is sent
        _print_problems([p for p in problems if p.severity == "error"])
        return EXIT_BAD_INPUT
    missing = missing_variables(collection, environment, given)
    if missing:
        if not is_tty:
            print(f"cdp-runner: error: {args.path}: no test value for: {', '.join(missing)} "
                  f"(give them with --var NAME=VALUE, the item's testValues or the environment)", file=sys.stderr)
            return EXIT_BAD_INPUT
        for name in missing:
            if ask is not None:
                given[name] = ask(name)
            elif is_secret_name(name):
                import getpass

                given[name] = getpass.getpass(f"Test value for ${{{name}}} (hidden): ")
            else:
                given[name] = input(f"Test value for ${{{name}}}: ")
    options = RunOptions(env_vars=given, insecure=args.insecure, ca_cert=args.ca_cert)
    run = Run(collection, environment, options)
    failed = False
    for ex in run:
        req = next(r for r in collection.requests if r.item == ex.item)
        if req.kind != "connection":
            status = ex.response.status if ex.response else ex.error
            print(f"- {ex.item} (setup request): {status}")
            failed = failed or ex.failed
            continue
        failed = _print_test(ex, req.preparer.definition if isinstance(req.preparer, ConnectionPreparer) else {}) \
            or failed
    return EXIT_FAILED if failed else EXIT_OK


def _print_test(ex: Any, conn: dict[str, Any]) -> bool:
    print(f"Connection: {ex.name}")
    if ex.request is not None:
        print(f"  {ex.request.method} {ex.request.url}")
    if ex.response is None:
        print(f"  Test failed: {ex.error}")
        return True
    resp = ex.response
    print(f"  Status: {resp.status} {resp.reason}  ({resp.time_ms:.0f} ms, {resp.size} B)")
    print("  Headers:")
    for k, v in resp.headers:
        print(f"    {k}: {v}")
    print("  Body:")
    body = resp.body
    try:
        body = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        pass
    for line in (body or "(empty)").splitlines():
        print(f"    {line}")
    _print_outputs(conn.get("outputMappings") or [], resp)
    for a in ex.assertions:
        print(f"  {'✓' if a.passed else '✗'} {a.name}" + (f": {a.message}" if not a.passed and a.message else ""))
    if ex.error:
        print(f"  Error: {ex.error}")
    return ex.failed or resp.status >= 400


def _print_outputs(outputs: list[dict[str, Any]], response: Any) -> None:
    """What Personalize would map from this answer: each output's label and value."""
    from runner.core.query import describe, findall
    from runner.kinds.connection.definition import output_subject

    if not outputs:
        return
    print("  Outputs:")
    try:
        data = json.loads(response.body or "")
    except ValueError:
        print("    (the answer is not JSON: nothing to map)")
        return
    for out in outputs:
        found = findall(output_subject(out["outputReference"]), data)
        shown = describe(found[0]) if found else "(missing)"
        print(f"    {out['label']} = {_shown(shown, out['label'])}")


# ---------------------------------------------------------------------------- review

def review_command(args: argparse.Namespace) -> int:
    environment = _environment(args)
    data, nodes = connection_nodes(args.path)
    settings = None
    if environment is not None:
        settings = {**(data.get("variables") or {}), **environment.values}
    for pointer, node in nodes:
        for line in review_lines(node, pointer, args.path, settings):
            print(line)
        print()
    problems = lint_file(args.path, environment)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"Problems: {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
          if problems else "Problems: none" + ("" if environment else " found without settings (give -e ENV "
                                                                       "to check them too)"))
    for p in problems:
        print(f"  {p}")
    print("After saving in Personalize a connection cannot be edited: fix problems here first.")
    return EXIT_BAD_INPUT if any(p.severity == "error" for p in problems) else EXIT_OK


def review_lines(node: dict[str, Any], pointer: str, path: str,
                 settings: dict[str, Any] | None = None) -> Iterator[str]:
    """The wizard's four steps, secrets masked; with `settings` (an environment), whether mutual
    TLS is on as run and export see it."""
    from runner.kinds.connection.settings import mtls_of

    conn = node["connection"]
    auth = conn.get("auth") or {}
    spec = conn.get("request") or {}
    yield f"Connection {node['name']!r}  ({path} at {pointer or '/'})"
    yield "1. Name & Describe"
    yield f"   Name:        {node['name']}"
    yield f"   Description: {conn.get('description', '')}"
    yield f"   Icon:        {conn.get('icon', '')}"
    yield f"   System type: {conn.get('systemType', 'DESTINATION')}"
    yield "2. Authenticate"
    kind = auth.get("type", "(missing)")
    yield f"   Type: {({'oauth2': 'OAuth 2', 'basic': 'Basic', 'none': 'None'}).get(kind, kind)}"
    if kind == "oauth2":
        yield f"   Access Token URL:      {auth.get('accessTokenUrl', '')}"
        yield f"   Authentication option: {str(auth.get('credentials', 'header')).capitalize()}"
        yield f"   Client ID:             {auth.get('clientId', '')}"
        yield f"   Client Secret:         {_shown(auth.get('clientSecret'), 'clientSecret')}"
        for k, v in (auth.get("headers") or {}).items():
            yield f"   Header:                {k}: {_shown(v, k)}"
        for k, v in (auth.get("form") or {}).items():
            yield f"   URL encoded form:      {k}={_shown(v, k)}"
        mtls = auth.get("mtls")
        state = mtls_of(auth, settings or {}) if settings is not None else None
        if state is not None and state.state == "off":
            yield f"   Mutual TLS:            off ({state.off_reason})"
        elif mtls:
            yield (f"   Mutual TLS:            certificate {mtls.get('clientCert', '')}"
                   + (f", key {mtls['clientKey']}" if mtls.get("clientKey") else "")
                   + (f" ({state.cert}" + (f", {state.key}" if state.key else "") + ")"
                      if state is not None and state.state == "on" else ""))
        else:
            yield "   Mutual TLS:            off"
    elif kind == "basic":
        yield f"   Username: {auth.get('username', '')}"
        yield f"   Password: {_shown(auth.get('password'), 'password')}"
    yield "3. Configure Request"
    yield f"   Method:      {spec.get('method', '')}"
    yield f"   Request URL: {spec.get('url', '')}"
    for k, v in effective_headers(spec):
        default = " (default)" if DEFAULT_HEADERS.get(k) == v else ""
        yield f"   Header:      {k}: {_shown(v, k)}{default}"
    timeouts = timeouts_of(conn)
    yield f"   Connection timeout: {timeouts['connect']:g} ms   Read timeout: {timeouts['read']:g} ms"
    text = body_text(spec)
    if text is not None:
        yield "   Request body:"
        for line in text.splitlines():
            yield f"     {line}"
    variables: list[str] = []
    for _, t in templated_texts({"request": spec}):
        variables += [n for n in names_in(t) if n not in variables]
    tests = node.get("testValues") or {}
    if settings is not None:  # settings are not request variables
        variables = [n for n in variables if n not in settings or n in tests]
    if variables:
        shown = ", ".join(f"{n}={_shown(tests[n], n)!r}" if n in tests else n for n in variables)
        yield f"   Variables:   {shown}"
    for out in conn.get("outputMappings") or []:
        yield f"   Output:      {out['label']} <- {out['outputReference']} ({out.get('type', 'String')})"
    yield "4. Review & Save"


# ---------------------------------------------------------------------------- export / import

def export_command(args: argparse.Namespace) -> int:
    from runner.kinds.connection import lint
    from runner.kinds.connection.api import to_personalize

    environment = _environment(args)
    data, nodes = connection_nodes(args.path)
    problems = [p for pointer, node in nodes for p in lint(node, args.path, pointer=pointer)]
    if _print_problems([p for p in problems if p.severity == "error"]):
        return EXIT_BAD_INPUT
    settings = dict(data.get("variables") or {})
    secret_names = set(data.get("secrets") or ())
    if environment is not None:
        settings.update(environment.values)
        secret_names |= environment.secret_names
    out = [to_personalize(node, settings, secret_names) for _, node in nodes]
    print(dump_json(out[0] if len(out) == 1 else out, indent=2))
    return EXIT_OK


def import_command(args: argparse.Namespace) -> int:
    from runner._files import read_json
    from runner.kinds.connection.api import from_personalize
    from runner.load.native import validate

    data = read_json(args.path)
    if isinstance(data, dict) and isinstance(data.get("connection"), dict):
        data = data["connection"]  # the body of POST /v2/connections/testConnection
    if isinstance(data, dict) and isinstance(data.get("items"), list) and "name" not in data:
        data = data["items"]  # a GET /v2/connections listing
    entries = data if isinstance(data, list) else [data]
    if not entries or not all(isinstance(e, dict) for e in entries):
        raise InputError("expected a connection object (or a list of them) from the connections API", file=args.path)
    notes: list[str] = []
    items = [from_personalize(e, notes) for e in entries]
    name = items[0]["name"] if len(items) == 1 else Path(args.path).stem
    collection = {"name": name, "tags": ["connection"], "items": items}
    validate(collection, args.path)
    text = dump_json(collection, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({len(items)} connection{'s' if len(items) != 1 else ''})", file=sys.stderr)
    else:
        sys.stdout.write(text)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK
