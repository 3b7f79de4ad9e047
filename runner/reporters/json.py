"""``report.json``: the shape in the CLI contract (one file per run; several collections -> "runs")."""

from __future__ import annotations

import json
import os
from typing import Any

from ..model import Collection
from ..results import Execution, Summary


class JsonReporter:
    def __init__(self, report_dir: str) -> None:
        self.path = os.path.join(report_dir, "report.json")
        self._runs: list[dict[str, Any]] = []
        self._executions: list[dict[str, Any]] = []

    def start(self, collection: Collection, planned: int) -> None:
        self._executions = []

    def execution(self, ex: Execution) -> None:
        if not ex.skipped:
            self._executions.append(ex.to_json())

    def end(self, collection: Collection, summary: Summary) -> None:
        self._runs.append({
            "collection": {"name": collection.name, "path": collection.path},
            "summary": summary.to_json(),
            "executions": self._executions,
        })

    def close(self) -> None:
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        if len(self._runs) == 1:
            document: Any = self._runs[0]
        else:  # several collections in one run: the contract's object per collection, in order
            document = {"runs": self._runs}
        with open(self.path, "w", encoding="utf-8") as fh:
            json.dump(document, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
