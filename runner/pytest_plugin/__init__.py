"""pytest plugin: collections under the paths pytest is given become tests, one item per request.

Registered as the ``pytest11`` entry point ``cdp_runner``. One engine Run per collection file
drives its items in order (requests share variables); items only consume its Executions.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from runner.load.environment import Environment, load_environment, parse_assignments
from runner.errors import InputError
from runner.load import is_collection_file, load_collection
from runner.model.results import AssertionResult, Execution, Summary
from runner.core.secrets import MASK, is_secret_name

#: Folders whose JSON files are fixtures of a run (never collections to collect).
IGNORED_FOLDERS = frozenset({"mocks", "recordings"})
#: How much of a failing response's body the failure report shows.
BODY_SHOWN_CHARS = 2000

_SETTINGS = pytest.StashKey["Settings"]()
_DRIVERS = pytest.StashKey["dict[str, CollectionDriver]"]()


# -- options ---------------------------------------------------------------------------------
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

    def run_options(self, *, bail: bool | None = None) -> Any:
        from runner.load.data import load_data
        from runner.model.options import RunOptions

        env_vars = self._once("_env_vars", lambda: parse_assignments(self.env_vars, option="--cdp-env-var"))
        data = self._once("_data", lambda: load_data(self.data_file)) if self.data_file else None
        return RunOptions(env_vars=dict(env_vars), data=data, offline=self.offline,
                          mocks_dir=self.mocks_dir if self.offline else None,
                          bail=self.bail if bail is None else bail)


def sandbox_environment(rootpath: Path | None = None) -> Environment:
    """The embedded sandbox's values under both naming styles (dotenv and Postman), overlaid with
    ``environments/sandbox.env`` when the project has one, so shipped collections pass as cloned."""
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


# -- configuration, including pytest-xdist ---------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cdp: a request of a cdp-runner collection (native or Postman)")
    config.stash[_SETTINGS] = Settings.from_config(config)
    config.stash[_DRIVERS] = {}
    if hasattr(config, "workerinput"):
        return
    # A collection's requests share variables, so they must stay on one worker: unless the user
    # chose a --dist mode, distribute by group (see pytest_xdist_make_scheduler).
    known = config.known_args_namespace
    chose_dist = getattr(known, "dist", "no") != "no" or getattr(known, "distload", False)
    if getattr(config.option, "dist", "no") == "load" and not chose_dist:
        config.option.dist = "loadgroup"


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist (controller): with loadgroup, keep each collection file's requests on one worker.

    xdist groups by a ``@group`` suffix its workers add to node ids, which pytest >= 9.1's
    structured node ids silently drop; so group collection files by their path here as well."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class CollectionGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            if scope != nodeid:
                return scope  # an xdist_group suffix survived
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".json") and "::" in nodeid else nodeid

    return CollectionGroupScheduling(config, log)


def pytest_unconfigure(config: pytest.Config) -> None:
    for driver in config.stash.get(_DRIVERS, {}).values():
        driver.close()


# -- collection ------------------------------------------------------------------------------
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".json" or IGNORED_FOLDERS & set(file_path.parent.parts):
        return None
    if _ignored(file_path, parent.config) or not is_collection_file(file_path):
        return None
    return CollectionFile.from_parent(parent, path=file_path)


def _ignored(file_path: Path, config: pytest.Config) -> bool:
    """Whether ``cdp_ignore`` excludes the file (a pattern naming a folder excludes what is in it)."""
    try:
        rel = file_path.resolve().relative_to(config.rootpath.resolve()).as_posix()
    except ValueError:
        rel = file_path.as_posix()
    for pattern in config.getini("cdp_ignore"):
        pattern = pattern.strip().rstrip("/")
        if pattern and (fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel, pattern + "/*")):
            return True
    return False


def marker_name(tag: str) -> str:
    """A tag as a marker name usable in ``-m`` expressions."""
    name = re.sub(r"\W", "_", tag).lstrip("_")
    return name or "tag"


class CollectionFile(pytest.File):
    """A native or Postman collection file: yields one RequestItem per request (per iteration)."""

    def collect(self) -> Iterator[RequestItem]:
        settings = self.config.stash[_SETTINGS]
        try:
            collection = load_collection(self.path)
            environment = settings.environment()
            options = settings.run_options()
            from runner.core.engine import Run

            probe = Run(collection, environment, _no_network(options))  # checks variables; sends nothing
            probe.close()
        except InputError as exc:
            raise self.CollectError(f"cdp-runner: {exc}") from None
        rows = len(probe.rows)
        group = self.nodeid
        driver = CollectionDriver(group, collection, environment, options)
        self.config.stash[_DRIVERS][group] = driver
        collection_tags = tuple(collection.tags)
        xdist = self.config.pluginmanager.hasplugin("xdist")
        for iteration in range(rows):
            for req in probe.requests:
                name = req.item if rows == 1 else f"{req.item}[{iteration}]"
                item = RequestItem.from_parent(self, name=name, request=req, iteration=iteration, driver=driver)
                item.add_marker(pytest.mark.cdp)
                for tag in dict.fromkeys((*collection_tags, *req.tags)):
                    marker = marker_name(tag)
                    self.config.addinivalue_line("markers", f"{marker}: cdp-runner tag {tag!r}")
                    item.add_marker(getattr(pytest.mark, marker))
                for folder in req.folders:
                    item.keywords[folder] = True
                if xdist:
                    item.add_marker(pytest.mark.xdist_group(name=group))
                yield item


def _no_network(options: Any) -> Any:
    from dataclasses import replace

    return replace(options, sandbox=False, offline=False)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Tell each collection which of its items survived -k / -m / node-id selection."""
    chosen: dict[str, list[RequestItem]] = {}
    for item in session.items:
        if isinstance(item, RequestItem):
            chosen.setdefault(item.driver.group, []).append(item)
    for driver in session.config.stash.get(_DRIVERS, {}).values():
        driver.select([(i.request.item, i.iteration) for i in chosen.get(driver.group, [])])


# -- running ---------------------------------------------------------------------------------
class CollectionDriver:
    """One engine Run per collection file, created on first use in the process (the xdist worker)
    that runs the collection's items, and iterated lazily: each item takes its own Execution."""

    def __init__(self, group: str, collection: Any, environment: Environment, options: Any) -> None:
        self.group = group
        self.collection = collection
        self.environment = environment
        self.options = options
        self.selected: set[tuple[str, int]] = set()
        self.remaining = 0
        self.run: Any = None
        self._stream: Iterator[Execution] | None = None
        self._arrived: dict[tuple[str, int], list[Execution]] = {}
        self._crash: BaseException | None = None
        self.failed_before: Execution | None = None

    def select(self, keys: list[tuple[str, int]]) -> None:
        self.selected = set(keys)
        self.remaining = len(keys)

    def _start(self) -> None:
        from runner.core.engine import Run

        self.run = Run(self.collection, self.environment, self.options)
        wanted = {item for item, _ in self.selected}
        self.run.requests = [r for r in self.run.requests if r.item in wanted]  # deselected never run
        self._stream = iter(self.run)

    def execution(self, key: tuple[str, int]) -> Execution | None:
        """The Execution of one request in one iteration; None if the run ended without it."""
        if self.run is None:
            self._start()
        while key not in self._arrived and self._stream is not None:
            try:
                ex = next(self._stream)
            except StopIteration:
                self._stream = None
                break
            except Exception as exc:  # an engine bug: fail the remaining items, not the session
                self._crash = exc
                self._stream = None
                break
            if (ex.item, ex.iteration) not in self.selected:
                continue  # same request in a deselected iteration
            self._arrived.setdefault((ex.item, ex.iteration), []).append(ex)
            if ex.failed and self.failed_before is None:
                self.failed_before = ex
        found = self._arrived.get(key)
        return found.pop(0) if found else None

    def done_one(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.close()

    def close(self) -> None:
        if self._stream is not None:
            close = getattr(self._stream, "close", None)
            if close:
                close()
            self._stream = None
        elif self.run is not None and self._crash is not None:
            self.run.close()


class CdpFailure(Exception):
    """Raised by a RequestItem whose request failed; rendered by repr_failure (no traceback)."""

    def __init__(self, execution: Execution, text: str, headline: str) -> None:
        super().__init__(headline)
        self.execution = execution
        self.text = text
        self.headline = headline


class RequestItem(pytest.Item):
    """One request of a collection (in one iteration)."""

    def __init__(self, *, request: Any, iteration: int, driver: CollectionDriver, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.request = request
        self.iteration = iteration
        self.driver = driver

    def runtest(self) -> None:
        driver = self.driver
        key = (self.request.item, self.iteration)
        try:
            ex = driver.execution(key)
        finally:
            driver.done_one()
        if ex is None:
            if driver._crash is not None:
                raise driver._crash
            if driver.run is not None and driver.run.stopped_early and driver.failed_before is not None:
                pytest.skip(f"--cdp-bail: {driver.failed_before.item!r} failed earlier in this collection")
            pytest.skip("not run: the collection's scripts moved on without it (postman.setNextRequest)")
        self.user_properties.append(("iteration", ex.iteration))
        if ex.request is not None:
            self.user_properties.extend([("method", ex.request.method), ("url", ex.request.url)])
        if ex.response is not None:
            self.user_properties.extend([("status", ex.response.status), ("time_ms", round(ex.response.time_ms, 1))])
        for level, text in ex.console:
            self.add_report_section("call", "console", f"{level}: {text}")
        if ex.skipped:
            pytest.skip("skipped by its pre-request script (pm.execution.skipRequest)")
        if ex.failed:
            masker = driver.run.masker if driver.run is not None else None
            raise CdpFailure(ex, describe_failure(ex, masker), headline(ex))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CdpFailure):
            return FailureRepr(excinfo.value.text, excinfo.value.headline, str(self.path))
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class FailureRepr:
    """A failure as readable text; ``reprcrash`` gives pytest's one-line summary and JUnit's message."""

    def __init__(self, text: str, headline: str, path: str) -> None:
        from _pytest._code.code import ReprFileLocation

        self.text = text
        self.reprcrash = ReprFileLocation(path, 0, headline)

    def toterminal(self, tw: Any) -> None:
        for line in self.text.splitlines():
            marked = line.lstrip().startswith(("FAIL", "-", "+", "request error", "script error"))
            tw.line(line, red=marked and not line.startswith(("---", "+++")), bold=line.lstrip().startswith("FAIL"))

    def __str__(self) -> str:
        return self.text


# -- failure text ----------------------------------------------------------------------------
def headline(ex: Execution) -> str:
    failed = [a for a in ex.assertions if not a.passed]
    if ex.error and not failed:
        return ex.error.splitlines()[0]
    names = ", ".join(a.name for a in failed[:3]) + (", ..." if len(failed) > 3 else "")
    return f"{len(failed)} of {len(ex.assertions)} checks failed: {names}"


def describe_failure(ex: Execution, masker: Callable[[str], str] | Any = None) -> str:
    """The failing request as a pytest failure: request line, status, each failing check with
    expected vs actual (a diff for JSON objects/arrays), script and request errors."""
    deep = getattr(masker, "deep", lambda v: v)
    lines: list[str] = []
    req, resp = ex.request, ex.response
    if req is not None:
        status = f"{resp.status} {resp.reason} ({resp.time_ms:.0f} ms, {resp.size} B)" if resp else "no response"
        lines.append(f"{req.method} {req.url}")
        lines.append(f"  -> {status}")
    if ex.iteration:
        lines.append(f"iteration {ex.iteration}")
    if ex.script_error:
        lines.append(ex.script_error)
    if ex.error and ex.error != ex.script_error:
        lines.append(("request error: " if resp is None and req is not None else "error: ") + ex.error)
    if ex.assertions:
        failed = sum(1 for a in ex.assertions if not a.passed)
        lines.append(f"checks: {failed} of {len(ex.assertions)} failed")
        for a in ex.assertions:
            if a.passed:
                lines.append(f"  {'skip' if a.skipped else 'ok'}    {a.name}")
                continue
            lines.append(f"  FAIL  {a.name}")
            lines.extend(_assertion_details(a, deep))
    if resp is not None and (ex.assertions or ex.error):
        body = resp.body if len(resp.body) <= BODY_SHOWN_CHARS else resp.body[:BODY_SHOWN_CHARS] + " ..."
        if body:
            lines.append("response body:")
            lines.extend(f"  {line}" for line in body.splitlines() or [body])
    return "\n".join(lines)


def _assertion_details(a: AssertionResult, deep: Callable[[Any], Any]) -> list[str]:
    out = []
    if a.message:
        out.extend(f"        {line}" for line in a.message.splitlines())
    expected, actual = deep(a.expected), deep(a.actual)
    if isinstance(expected, (dict, list)) and isinstance(actual, (dict, list)):
        diff = difflib.unified_diff(_pretty(expected), _pretty(actual), "expected", "actual", lineterm="")
        out.extend(f"        {line}" for line in diff)
    elif a.expected is not None or a.actual is not None:
        if not (a.message and "expected" in a.message):
            out.append(f"        expected: {_show(expected)}")
            out.append(f"        actual:   {_show(actual)}")
    return out


def _pretty(value: Any) -> list[str]:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False).splitlines()


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else json.dumps(value)


# -- the cdp_run fixture ---------------------------------------------------------------------
class MaskedVariables(dict):  # type: ignore[type-arg]
    """Variables after a run; secret values are hidden from repr (assertion introspection)."""

    secret_names: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        return repr({k: (MASK if k in self.secret_names else v) for k, v in self.items()})


@dataclass
class CdpRunResult:
    """What ``cdp_run`` returns: the executions, the summary and the variables at the end."""

    executions: list[Execution]
    summary: Summary
    variables: dict[str, Any]
    stopped_early: bool = False
    collection: Any = field(default=None, repr=False)

    @property
    def passed(self) -> bool:
        return not self.summary.failed

    @property
    def failures(self) -> list[str]:
        """One line per failed request, for assertion messages."""
        return [f"{ex.item}: {headline(ex)}" for ex in self.executions if ex.failed]


@pytest.fixture
def cdp_run(pytestconfig: pytest.Config) -> Callable[..., CdpRunResult]:
    """Run a collection from a Python test: ``cdp_run(path, env=None, env_vars=None, offline=None,
    mocks=None, bail=False, data=None, iterations=None)``. Relative paths are tried from the
    current directory, then from the rootdir. ``env`` defaults to the plugin's environment."""
    settings: Settings = pytestconfig.stash[_SETTINGS]

    def where(p: str | Path) -> str:
        path = Path(p)
        if path.is_absolute() or path.exists():
            return str(path)
        return str(settings.rootpath / path)

    def run(path: str | Path, *, env: str | Path | Environment | None = None,
            env_vars: dict[str, str] | None = None, offline: bool | None = None, mocks: str | None = None,
            bail: bool = False, data: list[dict[str, Any]] | str | None = None,
            iterations: int | None = None) -> CdpRunResult:
        from dataclasses import replace

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
        variables = MaskedVariables(runner.variables.merged())
        variables.secret_names = frozenset(runner.secret_names)
        return CdpRunResult(executions, runner.summary, variables, runner.stopped_early, collection)

    return run
