"""Everything that reaches into pytest's or pytest-xdist's internals, in one place.

Each function says which internal it relies on, so a new pytest or xdist release that moves one
breaks here and nowhere else.
"""

from __future__ import annotations

from typing import Any

import pytest


def is_xdist_worker(config: pytest.Config) -> bool:
    """Whether this process is a pytest-xdist worker (xdist sets ``config.workerinput``)."""
    return hasattr(config, "workerinput")


def prefer_loadgroup(config: pytest.Config) -> None:
    """Switch xdist's implicit ``--dist load`` (what ``-n`` alone gives) to ``loadgroup``.

    Relies on xdist's option names: ``dist`` (``load`` is implied by ``-n``, ``no`` otherwise)
    and the ``distload`` flag of ``-d``; a ``--dist`` the user wrote is left alone."""
    known = config.known_args_namespace
    chose_dist = getattr(known, "dist", "no") != "no" or getattr(known, "distload", False)
    if getattr(config.option, "dist", "no") == "load" and not chose_dist:
        config.option.dist = "loadgroup"


def collection_group_scheduler(config: pytest.Config, log: Any) -> Any:
    """An xdist loadgroup scheduler that also groups the items of one collection file.

    xdist groups by a ``@group`` suffix its workers add to node ids, which pytest >= 9.1's
    structured node ids silently drop; so collection files are grouped by their path here as well.
    Relies on ``LoadGroupScheduling._split_scope``."""
    from xdist.scheduler import LoadGroupScheduling

    class CollectionGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            scope = super()._split_scope(nodeid)
            if scope != nodeid:
                return scope  # an xdist_group suffix survived
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".json") and "::" in nodeid else nodeid

    return CollectionGroupScheduling(config, log)


class OwnSetupErrors(pytest.Item):
    """A pytest Item whose setup errors of the types in ``own_errors`` are shown by its own
    ``repr_failure``, as when its test raises them (pytest shows a traceback for a setup error).

    Relies on pytest rendering a setup (or teardown) error with ``Node._repr_failure_py`` and a
    call's with ``repr_failure`` (``_pytest.reports._format_failed_longrepr``). Done in the item,
    not in a ``pytest_runtest_makereport`` wrapper, so that no hook runs for every report."""

    own_errors: tuple[type[BaseException], ...] = ()

    def _repr_failure_py(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, self.own_errors):
            return self.repr_failure(excinfo)
        return super()._repr_failure_py(excinfo, style)


def writes_junit(config: pytest.Config) -> bool:
    """Whether this session writes a JUnit XML file (``--junitxml``; xdist workers get the option
    too and send their reports to the controller, which writes it). Relies on junitxml's option
    ``xmlpath``."""
    return bool(getattr(config.option, "xmlpath", None))


def set_junit_testcase(config: pytest.Config, report: pytest.TestReport, **attrs: str) -> None:
    """Set attributes (``classname``, ``name``) of the JUnit ``<testcase>`` of ``report``.

    pytest's junitxml derives them from the node id and keeps attributes added to its node
    reporter (what the ``record_xml_attribute`` fixture does); this does the same from a hook,
    in the process that writes the XML (the xdist controller, which gets the workers' reports).
    Relies on ``_pytest.junitxml.xml_key`` and ``LogXML.node_reporter``."""
    try:
        from _pytest.junitxml import xml_key
    except ImportError:  # pragma: no cover - a pytest without it keeps its own names
        return
    xml = config.stash.get(xml_key, None)
    if xml is None:
        return
    reporter = xml.node_reporter(report)
    for name, value in attrs.items():
        reporter.add_attribute(name, value)


def crash_location(path: str, message: str, lineno: int = 0) -> Any:
    """What pytest shows on the short summary line (and JUnit as the failure message): a
    ``ReprFileLocation``, the type of ``reprcrash`` in pytest's own failure reprs."""
    from _pytest._code.code import ReprFileLocation

    return ReprFileLocation(path, lineno, message)
