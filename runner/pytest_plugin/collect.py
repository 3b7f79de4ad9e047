"""Collection files as pytest Files: one RequestItem per request (per iteration), and the session
wiring around them (settings, markers, which items were selected, pytest-xdist grouping)."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runner._files import json_text
from runner.core.plan import check
from runner.errors import InputError
from runner.load import examine_collection_file, load_collection
from runner.model.collection import Collection
from runner.pytest_plugin._compat import (
    collection_group_scheduler,
    is_xdist_worker,
    prefer_loadgroup,
    writes_junit,
)
from runner.pytest_plugin.driver import CollectionDriver
from runner.pytest_plugin.fixture import SECRETS, SecretsInReports
from runner.pytest_plugin.item import JunitNames, RequestItem
from runner.pytest_plugin.settings import SETTINGS, Settings, settings_of
from runner.transport.offline import load_mock_dir

#: Folders whose JSON files are fixtures of a run (never collections to collect).
IGNORED_FOLDERS = frozenset({"mocks", "recordings"})

_DRIVERS = pytest.StashKey["dict[str, CollectionDriver]"]()
_TAG_MARKERS = pytest.StashKey["set[tuple[str, str]]"]()


# -- the session -----------------------------------------------------------------------------
def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "cdp: a request of a cdp-runner collection (native or Postman)")
    config.stash[SETTINGS] = Settings.from_config(config)
    config.stash[_DRIVERS] = {}
    config.stash[SECRETS] = SecretsInReports()  # registered as a plugin by the first cdp_run
    if writes_junit(config):
        config.pluginmanager.register(JunitNames(config), "cdp_runner_junit")
    if not is_xdist_worker(config):
        # A collection's requests share variables, so they should stay on one worker: unless the
        # user chose a --dist mode, distribute by group (see pytest_xdist_make_scheduler).
        prefer_loadgroup(config)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist (controller): with loadgroup, keep each collection file's requests on one worker."""
    if config.getvalue("dist") != "loadgroup":
        return None
    return collection_group_scheduler(config, log)


def pytest_unconfigure(config: pytest.Config) -> None:
    for driver in config.stash.get(_DRIVERS, {}).values():
        driver.close()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Tell each collection how many of its items survived -k / -m / node ids / --lf: its run is
    closed (nothing more is sent) once they have all run."""
    chosen: dict[str, list[RequestItem]] = {}
    for item in session.items:
        if isinstance(item, RequestItem):
            chosen.setdefault(item.driver.group, []).append(item)
    for driver in session.config.stash.get(_DRIVERS, {}).values():
        driver.select(i.key for i in chosen.get(driver.group, []))


# -- collection ------------------------------------------------------------------------------
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".json" or IGNORED_FOLDERS & set(file_path.parent.parts):
        return None
    if not _asked_for(file_path, parent.session) or _ignored(file_path, parent.config):
        return None
    found, loaded = examine_collection_file(file_path)  # one read: a native file is loaded as it is told
    if not found:
        return None
    node = CollectionFile.from_parent(parent, path=file_path)
    node.loaded = loaded
    return node


def _asked_for(file_path: Path, session: pytest.Session) -> bool:
    """Whether the file is, or is inside, a path pytest was given (its initial paths). pytest (8+)
    offers the plugins every file of each folder on the way to a path it was given, and keeps only
    what is on that path: a file beside it is never collected, so it is not read to say what it is."""
    return session.isinitpath(file_path) or any(session.isinitpath(folder) for folder in file_path.parents)


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

    loaded: Collection | None = None  # the collection, when it was loaded as the file was found

    def collect(self) -> Iterator[RequestItem]:
        settings = settings_of(self.config)
        try:
            collection = self.loaded if self.loaded is not None else load_collection(self.path)
            self.loaded = None  # the driver holds it from here
            environment = settings.environment()
            options = settings.run_options()
            start = check(collection, environment, options)  # bad input stops here; sends nothing
            if options.offline and options.mocks_dir:
                load_mock_dir(options.mocks_dir, collection.path)  # bad mocks too, before any test runs
        except InputError as exc:
            raise self.CollectError(f"cdp-runner: {exc}") from None
        rows = len(start.rows)
        # Each request built once, here, for its items and for the run (a native file's requests are
        # built on demand: the items' copies and the run's would be two builds of each); the engine
        # treats a Request as read-only, as it does a Postman file's list, shared by the iterations.
        start.requests = requests = list(start.requests)
        group = self.nodeid
        driver = CollectionDriver(group, collection, environment, options, start)
        self.config.stash[_DRIVERS][group] = driver
        # One mark object per marker, shared by the items (marks are immutable): building them per
        # item costs every item a few objects, kept for the whole session.
        cdp = pytest.mark.cdp
        xdist_group = pytest.mark.xdist_group(name=group) if self.config.pluginmanager.hasplugin("xdist") else None
        tag_marks: dict[str, pytest.MarkDecorator] = {}
        for iteration in range(rows):
            for req in requests:
                # a lone UTF-16 surrogate as its escape: pytest puts the node id in the environment
                name = json_text(req.item) if rows == 1 else f"{json_text(req.item)}[{iteration}]"
                item = RequestItem.from_parent(self, name=name, request=req, iteration=iteration, driver=driver)
                item.add_marker(cdp)
                for tag in dict.fromkeys((*collection.tags, *req.tags)):
                    mark = tag_marks.get(tag)
                    if mark is None:
                        mark = tag_marks[tag] = self._tag_mark(tag)
                    item.add_marker(mark)
                for folder in req.folders:
                    item.keywords[folder] = True
                if xdist_group is not None:
                    item.add_marker(xdist_group)
                yield item

    def _tag_mark(self, tag: str) -> pytest.MarkDecorator:
        """The marker of a tag, declared once per session (so ``--strict-markers`` accepts it)."""
        marker = marker_name(tag)
        declared = self.config.stash.setdefault(_TAG_MARKERS, set())
        if (marker, tag) not in declared:
            declared.add((marker, tag))
            self.config.addinivalue_line("markers", f"{marker}: cdp-runner tag {tag!r}")
        return getattr(pytest.mark, marker)
