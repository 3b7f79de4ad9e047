"""pytest plugin: collections under the paths pytest is given become tests, one item per request.

Registered as the ``pytest11`` entry point ``cdp_runner``; this module only gathers the hooks:

- ``settings``: the ``--cdp-*`` options and ``cdp_*`` ini settings;
- ``collect``: collection files as pytest Files, the session wiring (markers, selection, xdist);
- ``item``: the test of one request; its setup runs the requests it depends on (``driver``);
- ``failure``: how a failed request reads in pytest's output;
- ``fixture``: ``cdp_run`` and the masked assertion messages of its results (``result``);
- ``sharding``: pytest-split keeps collections whole (its own entry point);
- ``_compat``: everything that reaches into pytest's or xdist's internals.
"""

from runner.pytest_plugin.collect import (
    pytest_collect_file,
    pytest_collection_finish,
    pytest_configure,
    pytest_unconfigure,
    pytest_xdist_make_scheduler,
)
from runner.pytest_plugin.fixture import cdp_run, pytest_assertrepr_compare
from runner.pytest_plugin.settings import pytest_addoption

__all__ = [
    "cdp_run", "pytest_addoption", "pytest_assertrepr_compare", "pytest_collect_file",
    "pytest_collection_finish", "pytest_configure", "pytest_unconfigure",
    "pytest_xdist_make_scheduler",
]
