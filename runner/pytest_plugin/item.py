"""The test of one request (in one iteration): its setup runs the flow up to it, its call shows it."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from runner.errors import InputError
from runner.model.collection import Request
from runner.model.results import Execution
from runner.pytest_plugin._compat import OwnSetupErrors, set_junit_testcase
from runner.pytest_plugin.driver import CollectionDriver, Step
from runner.pytest_plugin.failure import (
    CdpFailure,
    FailureRepr,
    dependency_headline,
    describe_dependencies,
    describe_failure,
    headline,
)
from runner.reporters.display import printable


class RequestItem(OwnSetupErrors):
    """One request of a collection (in one iteration). A failed dependency (a setup error) reads
    like a failure of its own (``repr_failure``), not as a traceback."""

    own_errors = (CdpFailure,)

    def __init__(self, *, request: Request, iteration: int, driver: CollectionDriver, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.request = request
        self.iteration = iteration
        self.driver = driver
        self._step: Step | None = None

    @property
    def junit(self) -> dict[str, str]:
        """JUnit's classname and name: "<collection>.<folder>" and the request's name (made when a
        report asks, not kept per item)."""
        request = self.request
        suffix = "" if self.name == request.item else self.name[len(request.item):]  # "[1]" per iteration
        return {"classname": ".".join([self.driver.collection.name, *request.folders]),
                "name": request.name + suffix}

    @property
    def key(self) -> tuple[str, int]:
        return self.request.item, self.iteration

    def setup(self) -> None:
        """Run the flow up to this request: the earlier requests of its iteration that no test of
        their own showed (deselected, or not run yet) run here, and their failures are this
        test's setup errors."""
        self._step = step = self.driver.take(self.key)
        for ex in step.dependencies:
            for level, text in ex.console:
                self.add_report_section("setup", "console", printable(f"{ex.item}: {level}: {text}"))
        failed = step.failed_dependencies
        if failed:
            masker = self.driver.masker
            raise CdpFailure(describe_dependencies(failed, masker), dependency_headline(failed))

    def runtest(self) -> None:
        driver = self.driver
        ex = self._step.execution if self._step is not None else None
        if ex is None:
            if isinstance(driver.crash, InputError):
                pytest.fail(f"cdp-runner: {driver.crash}", pytrace=False)
            if driver.crash is not None:
                raise driver.crash
            if driver.stopped_early and driver.failed_before is not None:
                pytest.skip(f"--cdp-bail: {driver.failed_before.item!r} failed earlier in this collection")
            pytest.skip("not run: the collection's scripts moved on without it (postman.setNextRequest)")
        self._record(ex)
        if ex.skipped:
            pytest.skip("skipped by its pre-request script (pm.execution.skipRequest)")
        if ex.failed:
            raise CdpFailure(describe_failure(ex, driver.masker), headline(ex))

    def teardown(self) -> None:
        self._step = None
        self.driver.done_one()

    def _record(self, ex: Execution) -> None:
        self.user_properties.append(("iteration", ex.iteration))
        if ex.request is not None:
            self.user_properties.extend([("method", ex.request.method), ("url", ex.request.url)])
        if ex.response is not None:
            self.user_properties.extend([("status", ex.response.status),
                                         ("time_ms", round(ex.response.time_ms, 1))])
        for level, text in ex.console:
            self.add_report_section("call", "console", printable(f"{level}: {text}"))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CdpFailure):
            return FailureRepr(excinfo.value.lines, excinfo.value.headline, str(self.path))
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


class JunitNames:
    """Plugin object (registered by pytest_configure when a JUnit file is written): JUnit classname
    ``<collection>.<folder>`` and name ``<request>`` for requests' testcases, carried by their
    reports and set in the process that writes the XML."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
        report = yield
        if isinstance(item, RequestItem):
            report.cdp_junit = item.junit  # plain strings: travels with the report to the xdist controller
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        names = getattr(report, "cdp_junit", None)
        if names:
            set_junit_testcase(self.config, report, **names)
