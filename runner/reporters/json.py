"""``report.json``: the shape in the CLI contract (one file per run; several collections -> "runs").

Executions are spooled to a temporary file as they come and copied into the report at the end,
so memory stays flat however long the run (the file is the same as ``json.dump(indent=2)``).
Text is written as it came (names and URLs as sent); a lone UTF-16 surrogate that a script left
in a string is written as its ``\\uXXXX`` escape, so the file is valid UTF-8 and reads back the same.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from typing import IO, Any

from runner.model.collection import Collection
from runner.model.results import Execution, Summary
from runner.reporters.display import json_text


class JsonReporter:
    def __init__(self, report_dir: str) -> None:
        self.path = os.path.join(report_dir, "report.json")
        self._runs: list[dict[str, Any]] = []
        self._counts: list[int] = []  # executions spooled per run, in order
        self._count = 0
        self._spool: IO[str] | None = None
        self._marker = f"cdp-runner executions {uuid.uuid4().hex} "

    def start(self, collection: Collection, planned: int) -> None:
        self._count = 0

    def execution(self, ex: Execution) -> None:
        if not ex.skipped:
            if self._spool is None:
                self._spool = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")  # noqa: SIM115 (a spool kept open across calls; closed in close())
            self._spool.write(json_text(json.dumps(ex.to_json(), ensure_ascii=False)) + "\n")  # one line: \n is escaped
            self._count += 1

    def end(self, collection: Collection, summary: Summary) -> None:
        self._runs.append({
            "collection": {"name": collection.name, "path": collection.path},
            "summary": summary.to_json(),
            "executions": [self._marker + str(len(self._runs))],
        })
        self._counts.append(self._count)
        self._count = 0

    def close(self) -> None:
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        if len(self._runs) == 1:
            document: Any = self._runs[0]
        else:  # several collections in one run: the contract's object per collection, in order
            document = {"runs": self._runs}
        text = json_text(json.dumps(document, indent=2, ensure_ascii=False))
        spool = self._spool
        if spool is not None:
            spool.seek(0)
        with open(self.path, "w", encoding="utf-8") as fh:
            pos = 0
            for i, count in enumerate(self._counts):  # put each run's executions where its marker is
                marker = json.dumps(self._marker + str(i))
                at = text.index(marker, pos)
                if count == 0:
                    fh.write(text[pos:text.rindex("[", 0, at)] + "[]")
                    pos = text.index("]", at) + 1
                    continue
                line_start = text.rindex("\n", 0, at) + 1
                pad = " " * (at - line_start)
                fh.write(text[pos:line_start])
                for j in range(count):
                    line = spool.readline()  # type: ignore[union-attr]
                    item = json_text(json.dumps(json.loads(line), indent=2, ensure_ascii=False))
                    fh.write(pad + item.replace("\n", "\n" + pad) + (",\n" if j < count - 1 else ""))
                pos = at + len(marker)
            fh.write(text[pos:])
            fh.write("\n")
        if spool is not None:
            spool.close()
            self._spool = None
