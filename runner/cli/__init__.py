"""The ``cdp-runner`` command: argument parsing (``main``) and what each subcommand does."""

from __future__ import annotations

from runner.cli.main import main

__all__ = ["main"]
