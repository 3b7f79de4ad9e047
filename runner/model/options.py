"""RunOptions: everything a run can be told from the CLI, pytest options or Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class RunOptions:
    """Everything a run can be told from the CLI, pytest options or Python."""

    env_vars: dict[str, str] = field(default_factory=dict)
    globals: dict[str, Any] = field(default_factory=dict)
    data: list[dict[str, Any]] | None = None
    iterations: int | None = None
    folders: list[str] = field(default_factory=list)
    bail: bool = False
    offline: bool = False
    mocks_dir: str | None = None
    record_dir: str | None = None
    timeout_request_ms: float | None = None
    delay_request_ms: float = 0.0
    retry: int = 0
    retry_interval_ms: float = 0.0
    timeout_ms: float | None = None  # the whole run (--timeout): stop and fail when exceeded
    insecure: bool = False
    ca_cert: str | None = None
    client_cert: str | None = None
    client_key: str | None = None
    secrets: list[str] = field(default_factory=list)
    js_engine: str | None = None
    script_time_limit_ms: int = 5000
    script_memory_limit_mb: int = 256
    sandbox: bool = True  # route the sandbox host to the in-process sandbox
    max_body_bytes: int | None = None  # response bodies larger than this fail the request (None: http.MAX_BODY_BYTES)
    jobs: int = 1  # iterations of a collection marked "independentIterations" run this many at once
    # Newman options the CLI accepts; the engine/transport honour them (see each comment)
    follow_redirects: bool = True  # --ignore-redirects: False = a 3xx response is the response
    cookie_jar: str | None = None  # --cookie-jar: tough-cookie JSON file whose cookies the session starts with
    export_cookie_jar: str | None = None  # --export-cookie-jar: write the session's cookies there after the run
    working_dir: str | None = None  # --working-dir: relative body file paths (form-data, binary) resolve here
    insecure_file_read: bool = True  # --no-insecure-file-read: False = refuse body files outside working_dir
    client_key_passphrase: str | None = None  # --ssl-client-passphrase: password of an encrypted client_key
    lint_events: bool = True  # check Stream API event messages against the documented rules (warnings)
    strict_events: bool = False  # ... and refuse to send one that breaks a rule (--strict-events)
