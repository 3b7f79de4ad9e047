"""The plugin's options: command line (``--cdp-*``) and ini (``cdp_*``), resolved once per session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from runner.errors import InputError
from runner.load.environment import Environment, load_environment, parse_assignments
from runner.model.options import RunOptions


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cdp", "cdp-runner collections (native and Postman collections as tests)")
    group.addoption("--cdp-env", dest="cdp_env", metavar="FILE", default=None,
                    help="environment for collections: dotenv or Postman environment file "
                         "(default: the embedded sandbox)")
    group.addoption("--cdp-env-var", dest="cdp_env_var", metavar="KEY=VALUE", action="append", default=[],
                    help="set an environment variable for collections (repeatable; wins over --cdp-env)")
    group.addoption("--cdp-offline", dest="cdp_offline", action="store_true", default=None,
                    help="answer requests from mocks instead of the network")
    group.addoption("--cdp-mocks", dest="cdp_mocks", metavar="DIR", default=None,
                    help="folder of recorded mocks used with --cdp-offline")
    group.addoption("--cdp-bail", dest="cdp_bail", action="store_true", default=None,
                    help="after a request fails, skip the rest of its collection")
    group.addoption("--cdp-data", dest="cdp_data", metavar="FILE", default=None,
                    help="iteration data (CSV or JSON array): one item per request per row")
    parser.addini("cdp_env", "environment file for collections (relative to the ini file)", default=None)
    parser.addini("cdp_env_vars", "KEY=VALUE lines set in the collections' environment", type="linelist",
                  default=[])
    parser.addini("cdp_offline", "answer collection requests from mocks", type="bool", default=False)
    parser.addini("cdp_mocks", "folder of recorded mocks for offline runs (relative to the ini file)",
                  default=None)
    parser.addini("cdp_bail", "after a request fails, skip the rest of its collection", type="bool",
                  default=False)
    parser.addini("cdp_ignore", "paths or glob patterns (relative to the rootdir) whose JSON files are not "
                  "collected as collections, e.g. fixtures of bad input", type="linelist", default=[])


@dataclass
class Settings:
    """The plugin's options, resolved once; the environment and run options are built lazily so a
    bad file only fails the collections (as a collection error), never unrelated tests."""

    env_file: str | None
    env_vars: list[str]
    offline: bool
    mocks_dir: str | None
    bail: bool
    data_file: str | None
    rootpath: Path
    _environment: Environment | InputError | None = None
    _env_vars: dict[str, str] | InputError | None = None
    _data: list[dict[str, Any]] | InputError | None = None

    @classmethod
    def from_config(cls, config: pytest.Config) -> Settings:
        here = Path(config.invocation_params.dir)
        ini_dir = config.inipath.parent if config.inipath else config.rootpath

        def path(cli: str | None, ini: str | None) -> str | None:
            if cli:
                return str(here / cli)
            return str(ini_dir / ini) if ini else None

        offline = config.getoption("cdp_offline")
        bail = config.getoption("cdp_bail")
        data = config.getoption("cdp_data")
        return cls(
            env_file=path(config.getoption("cdp_env"), config.getini("cdp_env")),
            env_vars=[*config.getini("cdp_env_vars"), *config.getoption("cdp_env_var")],
            offline=bool(config.getini("cdp_offline") if offline is None else offline),
            mocks_dir=path(config.getoption("cdp_mocks"), config.getini("cdp_mocks")),
            bail=bool(config.getini("cdp_bail") if bail is None else bail),
            data_file=str(here / data) if data else None,
            rootpath=config.rootpath,
        )

    def _once(self, name: str, load: Callable[[], Any]) -> Any:
        """Load a setting once; a bad-input error is kept and raised again for every collection."""
        value = getattr(self, name)
        if value is None:
            try:
                value = load()
            except InputError as exc:
                value = exc
            setattr(self, name, value)
        if isinstance(value, InputError):
            raise value
        return value

    def environment(self) -> Environment:
        """The configured environment, else the embedded sandbox's (raises InputError)."""
        return self._once("_environment", lambda: load_environment(self.env_file) if self.env_file
                          else sandbox_environment(self.rootpath))

    def run_options(self, *, bail: bool | None = None) -> RunOptions:
        from runner.load.data import load_data

        env_vars = self._once("_env_vars", lambda: parse_assignments(self.env_vars, option="--cdp-env-var"))
        data_file = self.data_file
        data = self._once("_data", lambda: load_data(data_file)) if data_file else None
        return RunOptions(env_vars=dict(env_vars), data=data, offline=self.offline,
                          mocks_dir=self.mocks_dir if self.offline else None,
                          bail=self.bail if bail is None else bail)


SETTINGS = pytest.StashKey[Settings]()


def settings_of(config: pytest.Config) -> Settings:
    """The session's Settings (made by pytest_configure)."""
    return config.stash[SETTINGS]


def sandbox_environment(rootpath: Path | None = None) -> Environment:
    """The embedded sandbox's values under both naming styles (dotenv and Postman), overlaid with
    ``environments/sandbox.env`` when the project has one, so shipped collections pass as cloned."""
    from runner.core.secrets import is_secret_name
    from runner.sandbox import API_TOKEN, CLIENT_KEY, POS, SANDBOX_HOST

    values: dict[str, Any] = {
        "API_ENDPOINT": SANDBOX_HOST, "CLIENT_KEY": CLIENT_KEY, "API_TOKEN": API_TOKEN, "POS": POS,
        "CHANNEL": "WEB", "LANGUAGE": "EN", "CURRENCY": "EUR",
        "apiEndpoint": SANDBOX_HOST, "clientKey": CLIENT_KEY, "PointOfSale": POS,
    }
    secret_names = {k for k in values if is_secret_name(k)}
    path = None
    if rootpath is not None and (rootpath / "environments" / "sandbox.env").is_file():
        path = str(rootpath / "environments" / "sandbox.env")
        from_file = load_environment(path)
        values.update(from_file.values)
        secret_names |= from_file.secret_names
    return Environment(name="sandbox", values=values, secret_names=secret_names, path=path)
