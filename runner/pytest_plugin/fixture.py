"""The ``cdp_run`` fixture (run a collection from a Python test) and the assertion messages of
its masked results."""

from __future__ import annotations

import reprlib
from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from runner.load import load_collection
from runner.load.environment import Environment, load_environment
from runner.pytest_plugin._compat import crash_location
from runner.pytest_plugin.result import (
    MASKED_TYPES,
    CdpRunResult,
    MaskedVariables,
    SecretStr,
)
from runner.pytest_plugin.settings import settings_of


class SecretsInReports:
    """Plugin object (registered by the first ``cdp_run`` of the session): the secrets of every
    ``cdp_run`` of the session are masked in the reports of failed tests (failure text, captured
    output), so a value a test derives from a secret (a slice, a split) never shows either. Until
    then it is not registered: a session without ``cdp_run`` does not pay its hook for every report."""

    def __init__(self) -> None:
        self.maskers: list[Callable[[str], str | None]] = []

    def watch(self, masker: Callable[[str], str | None], config: pytest.Config) -> None:
        """Mask ``masker``'s secrets in the reports from now on (this test's included)."""
        if not config.pluginmanager.is_registered(self):
            config.pluginmanager.register(self, "cdp_runner_secrets")
        self.maskers.append(masker)

    def mask(self, text: str) -> str:
        for masker in self.maskers:
            text = masker(text) or text
        return text

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        report = yield
        if self.maskers:
            report.sections = [(title, self.mask(content)) for title, content in report.sections]
            longrepr = report.longrepr
            if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
                report.longrepr = (*longrepr[:2], self.mask(longrepr[2]))
            elif longrepr is not None and self.mask(str(longrepr)) != str(longrepr):
                report.longrepr = _MaskedRepr(self.mask(str(longrepr)), getattr(longrepr, "reprcrash", None), self)
        return report


class _MaskedRepr:
    """A failure's text with the secrets masked (plain text: pytest's colours are lost)."""

    def __init__(self, text: str, crash: Any, secrets: SecretsInReports) -> None:
        self.text = text
        self.reprcrash = None if crash is None else crash_location(
            crash.path, secrets.mask(crash.message), crash.lineno)

    def toterminal(self, tw: Any) -> None:
        for line in self.text.splitlines():
            tw.line(line)

    def __str__(self) -> str:
        return self.text


SECRETS = pytest.StashKey[SecretsInReports]()


@pytest.fixture
def cdp_run(pytestconfig: pytest.Config) -> Callable[..., CdpRunResult]:
    """Run a collection from a Python test: ``cdp_run(path, env=None, env_vars=None, offline=None,
    mocks=None, bail=False, data=None, iterations=None)``. Relative paths are tried from the
    current directory, then from the rootdir. ``env`` defaults to the plugin's environment."""
    settings = settings_of(pytestconfig)

    def where(p: str | Path) -> str:
        path = Path(p)
        if path.is_absolute() or path.exists():
            return str(path)
        return str(settings.rootpath / path)

    def run(path: str | Path, *, env: str | Path | Environment | None = None,
            env_vars: dict[str, str] | None = None, offline: bool | None = None, mocks: str | None = None,
            bail: bool = False, data: list[dict[str, Any]] | str | None = None,
            iterations: int | None = None) -> CdpRunResult:
        from runner.core.engine import Run

        collection = load_collection(where(path))
        if isinstance(env, Environment):
            environment = env
        elif env is not None:
            environment = load_environment(where(env))
        else:
            environment = settings.environment()
        options = settings.run_options(bail=bail)
        if env_vars:
            options.env_vars.update({k: str(v) for k, v in env_vars.items()})
        if offline is not None:
            options = replace(options, offline=offline, mocks_dir=where(mocks) if mocks else options.mocks_dir)
        if isinstance(data, str):
            from runner.load.data import load_data

            data = load_data(where(data))
        if data is not None or iterations is not None:
            options = replace(options, data=data if data is not None else options.data, iterations=iterations)
        runner = Run(collection, environment, options)
        executions = list(runner)
        pytestconfig.stash[SECRETS].watch(runner.masker, pytestconfig)
        variables = MaskedVariables.of(runner.variables.merged(), runner.secret_names, runner.masker)
        return CdpRunResult(executions, runner.summary, variables, runner.stopped_early, collection)

    return run


def pytest_assertrepr_compare(config: pytest.Config, op: str, left: Any, right: Any) -> list[str] | None:
    """A comparison with a secret of a ``cdp_run`` result: both sides masked, no character diff
    (pytest's own diff of two strings would print them). Other comparisons: pytest's message,
    in which the secrets of a result show masked through their repr."""
    secret = left if isinstance(left, MASKED_TYPES) else right if isinstance(right, MASKED_TYPES) else None
    if secret is None:
        return None

    def shown(value: Any) -> str:
        if isinstance(value, str) and not isinstance(value, SecretStr) and isinstance(secret, SecretStr):
            value = secret.mask(value) or value  # the other side may hold the secret too
        return reprlib.repr(value)

    return [f"{shown(left)} {op} {shown(right)}", "a secret of the run: its value is masked and no diff is shown"]
