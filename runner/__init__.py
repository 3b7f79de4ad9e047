"""cdp-runner: run Sitecore CDP / Personalize API collections (native or Postman) from Python."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runner._version import __version__

__all__ = [
    "Collection", "Environment", "Execution", "InputError", "Run", "RunOptions", "Summary",
    "load_collection", "load_environment", "run_collection", "__version__",
]

if TYPE_CHECKING:
    from runner.core.engine import Run
    from runner.errors import InputError
    from runner.load import load_collection
    from runner.load.environment import Environment, load_environment
    from runner.model.collection import Collection
    from runner.model.options import RunOptions
    from runner.model.results import Execution, Summary

_LAZY = {
    "Run": "core.engine", "RunOptions": "model.options", "Environment": "load.environment",
    "load_environment": "load.environment", "InputError": "errors", "load_collection": "load",
    "Collection": "model.collection", "Execution": "model.results", "Summary": "model.results",
}


def __getattr__(name: str) -> Any:
    # Lazy re-exports keep `import runner` (and the CLI's --version) cheap.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(name)


def run_collection(path: str, environment: str | None = None, **options: Any) -> Run:
    """Load `path` (and an environment file) and return a Run; iterate it to execute."""
    from runner.core.engine import Run
    from runner.load import load_collection
    from runner.load.environment import load_environment
    from runner.model.options import RunOptions

    env = load_environment(environment) if environment else None
    return Run(load_collection(path), env, RunOptions(**options))
