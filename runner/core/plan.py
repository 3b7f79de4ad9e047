"""A run's starting point, without a run: which requests, which iterations, the variables and the
secrets they start with. The engine starts from it; ``check`` validates it before anything is sent."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from runner.core.secrets import Masker, is_secret_name
from runner.core.template import stringify
from runner.core.validate import check_variables
from runner.core.variables import Variables
from runner.errors import InputError
from runner.load.environment import Environment
from runner.model.collection import Collection, Request
from runner.model.options import RunOptions


@dataclass(slots=True)
class Plan:
    requests: Sequence[Request]  # in collection order, --folder applied
    rows: list[dict[str, Any]]  # one per iteration: its data row ({} without a data file)
    variables: Variables
    secret_names: set[str]
    masker: Masker


def plan(collection: Collection, environment: Environment | None, options: RunOptions) -> Plan:
    env_values = dict(environment.values) if environment else {}
    env_values.update(options.env_vars)
    variables = Variables(globals=options.globals, collection=collection.variables, environment=env_values)
    rows: list[dict[str, Any]] = options.data or [{}] * (options.iterations or 1)
    if options.data and options.iterations:
        rows = [options.data[i % len(options.data)] for i in range(options.iterations)]
    secret_names = set(collection.secret_names) | set(options.secrets)
    if environment:
        secret_names |= environment.secret_names
    merged = variables.merged()
    secret_names |= {k for k in merged if is_secret_name(k)}
    masker = Masker(names={k: stringify(v) for k, v in merged.items() if k in secret_names})
    for value in merged.values():  # a URL with user info in any variable: its password
        if isinstance(value, str) and "@" in value:
            masker.add_user_info(value)
    return Plan(select(collection, options.folders), rows, variables, secret_names, masker)


def select(collection: Collection, folders: list[str]) -> Sequence[Request]:
    """The requests to run: all, or those under/named by --folder (in collection order)."""
    if not folders:  # as loaded: a native file's requests are built as the run reaches them
        return collection.requests
    wanted = set(folders)
    chosen = [r for r in collection.requests if r.name in wanted or wanted & set(r.folders) or r.item in wanted]
    missing = [f for f in folders if not any(f == r.name or f in r.folders or f == r.item for r in collection.requests)]
    if missing:
        raise InputError(f"--folder {missing[0]!r}: no folder or request of that name", file=collection.path)
    return chosen


def check(collection: Collection, environment: Environment | None, options: RunOptions) -> Plan:
    """The plan, after checking what can be checked before sending: --folder names, and (native
    collections without scripts, whose variables are all known in advance) every variable."""
    p = plan(collection, environment, options)
    if collection.strict_variables and not collection.has_scripts:
        check_variables(collection, p.requests, p.variables, p.rows)
    return p
