"""What the plugin costs beyond the run itself: each request of a native file is built no more often
under pytest than by ``cdp-runner run`` of the same file, a native file is read once, and JSON files
pytest walks past (beside the file it was given) are not read."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from plugin_helpers import request, run, write

import runner.load
from runner.core.engine import Run
from runner.load import load_collection, native
from runner.model.options import RunOptions

pytest_plugins = ["pytester", "plugin_fixtures"]  # plugin_fixtures: the `api` fixture


@pytest.mark.parametrize("args", [[], ["-k", "r3"], ["--cdp-data", "rows.csv"]])
def test_each_request_is_built_no_more_often_than_by_a_plain_run(
        pytester: pytest.Pytester, api: Any, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    path = write(pytester, "flow.json", {"name": "flow", "items": [request(f"r{i}", f"{api.url}/ok") for i in range(6)]})
    write(pytester, "rows.csv", "x\n1\n2\n3\n")
    built: Counter[str] = Counter()
    build = native._request

    def counting(node: dict[str, Any], *rest: Any, **kwargs: Any) -> Any:
        built[node["name"]] += 1
        return build(node, *rest, **kwargs)

    monkeypatch.setattr(native, "_request", counting)
    rows = [{"x": "1"}, {"x": "2"}, {"x": "3"}] if args[:1] == ["--cdp-data"] else None
    list(Run(load_collection(path), None, RunOptions(data=rows)))  # as `cdp-runner run`: checked on load, then run
    by_run = Counter(built)
    assert set(by_run) == {f"r{i}" for i in range(6)}
    built.clear()
    result = run(pytester, "-q", *args)
    assert result.ret == 0
    assert built <= by_run, f"built under pytest {dict(built)}, by a plain run {dict(by_run)}"


def test_files_beside_the_paths_pytest_was_given_are_not_read(pytester: pytest.Pytester, api: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest offers every file of a folder it walks through to the plugins, to keep only the one it
    # was given: the others (here a collection and a big fixture) are never collected, so never read
    write(pytester, "tests/flow.json", {"name": "flow", "items": [request("r", f"{api.url}/ok")]})
    write(pytester, "tests/beside.json", {"name": "beside", "items": [request("b", f"{api.url}/ok")]})
    write(pytester, "tests/fixture.json", {"rows": [{"a": i} for i in range(10_000)]})
    write(pytester, "top.json", {"name": "top", "items": [request("t", f"{api.url}/ok")]})
    checked: list[str] = []
    read = runner.load.read_text

    def counting(path: Any, **kwargs: Any) -> str:
        checked.append(Path(path).relative_to(pytester.path).as_posix())
        return read(path, **kwargs)

    monkeypatch.setattr(runner.load, "read_text", counting)
    run(pytester, "--collect-only", "-q", "tests/flow.json").stdout.fnmatch_lines(["tests/flow.json::r", "1 test*"])
    assert set(checked) == {"tests/flow.json"}

    checked.clear()  # a folder given: everything in it is looked at, as before
    run(pytester, "--collect-only", "-q", "tests").stdout.fnmatch_lines(["tests/beside.json::b", "tests/flow.json::r",
                                                                         "2 tests*"])
    assert set(checked) == {"tests/beside.json", "tests/fixture.json", "tests/flow.json"}


def test_a_native_collection_is_told_and_loaded_from_one_read(pytester: pytest.Pytester, api: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    write(pytester, "flow.json", {"name": "flow", "items": [request(f"r{i}", f"{api.url}/ok") for i in range(3)]})
    reads: list[str] = []
    read = runner.load.read_text

    def counting(path: Any, **kwargs: Any) -> str:
        reads.append(Path(path).name)
        return read(path, **kwargs)

    monkeypatch.setattr(runner.load, "read_text", counting)
    run(pytester, "-q", "flow.json").assert_outcomes(passed=3)
    assert reads == ["flow.json"]
