"""What the CLI subcommands do, kept apart from argument parsing."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import os
import sys
import time
from typing import Any

from runner._files import read_bytes
from runner.errors import InputError
from runner.load import expand_paths, load_collection
from runner.load.environment import Environment, load_environment, parse_assignments

TLS_FILE_LIMIT = 10 * 1024 * 1024  # certificate bundles are a few hundred KB


def options_from_args(args: argparse.Namespace) -> Any:
    from runner.load.data import load_data
    from runner.model.options import RunOptions

    if args.quiet and args.verbose:
        raise InputError("--quiet and --verbose cannot be used together")
    if args.offline and args.record:
        raise InputError("--offline and --record cannot be used together (recording needs live responses)")
    if args.mocks and not args.offline:
        raise InputError("--mocks DIR is only used with --offline")
    if (args.client_key and not args.client_cert):
        raise InputError("--client-key needs --client-cert")
    for option, value in (("--timeout", args.timeout), ("--timeout-request", args.timeout_request)):
        if value is not None and value <= 0:
            raise InputError(f"{option} must be a positive number of milliseconds, got {value:g}")
    if args.iteration_count is not None and args.iteration_count < 1:
        raise InputError(f"-n/--iteration-count must be at least 1, got {args.iteration_count}")
    for option, number in (("--delay-request", args.delay_request), ("--retry", args.retry),
                           ("--retry-interval", args.retry_interval)):
        if number < 0:
            raise InputError(f"{option} must not be negative, got {number:g}")
    if args.jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {args.jobs}")
    for option, limit in (("--script-timeout", args.script_timeout), ("--script-memory", args.script_memory)):
        if limit is not None and limit < 1:
            raise InputError(f"{option} must be at least 1, got {limit}")
    if args.export_masked and args.export_secrets:
        raise InputError("--export-masked and --export-secrets cannot be used together")
    if args.client_key_passphrase and not args.client_key:
        raise InputError("--ssl-client-passphrase needs --ssl-client-key (the encrypted key it opens)")
    from runner.transport.http import check_tls_files

    for option, path in (("--ca-cert", args.ca_cert), ("--client-cert", args.client_cert),
                         ("--client-key", args.client_key), ("--ssl-extra-ca-certs", args.ssl_extra_ca_certs)):
        if path is not None:  # a regular file of sensible size (a FIFO or device would hang the TLS loader)
            read_bytes(path, what=f"{option}: file", expected="a PEM file", limit=TLS_FILE_LIMIT)
    check_tls_files(args.ca_cert, args.client_cert, args.client_key, args.client_key_passphrase)
    if args.ssl_extra_ca_certs:
        check_tls_files(args.ssl_extra_ca_certs, None, None)
    for option, folder in (("--working-dir", args.working_dir),):
        if folder is not None and not os.path.isdir(folder):
            raise InputError(f"{option}: no such folder", file=folder)
    if args.cookie_jar is not None and not os.path.isfile(args.cookie_jar):
        raise InputError("--cookie-jar: file not found", file=args.cookie_jar)
    _check_output_paths(args)
    global_values, global_secrets = _globals(args)
    return RunOptions(
        env_vars=parse_assignments(args.env_var, option="--env-var"),
        globals={**global_values, **parse_assignments(args.global_var, option="--global-var")},
        data=load_data(args.iteration_data) if args.iteration_data else None,
        iterations=args.iteration_count,
        folders=args.folder,
        bail=args.bail,
        offline=args.offline,
        mocks_dir=args.mocks,
        record_dir=args.record,
        timeout_request_ms=args.timeout_request,
        timeout_ms=args.timeout,
        delay_request_ms=args.delay_request,
        retry=args.retry,
        retry_interval_ms=args.retry_interval,
        jobs=args.jobs,
        insecure=args.insecure,
        ca_cert=args.ca_cert,
        client_cert=args.client_cert,
        client_key=args.client_key,
        secrets=[*args.secret, *sorted(global_secrets)],
        sandbox=not args.no_sandbox,
        strict_events=args.strict_events,
        follow_redirects=not args.ignore_redirects,
        cookie_jar=args.cookie_jar,
        export_cookie_jar=args.export_cookie_jar,
        working_dir=args.working_dir,
        insecure_file_read=args.insecure_file_read,
        client_key_passphrase=args.client_key_passphrase,
        **({"script_time_limit_ms": args.script_timeout} if args.script_timeout is not None else {}),
        **({"script_memory_limit_mb": args.script_memory} if args.script_memory is not None else {}),
    )


def _check_output_paths(args: argparse.Namespace) -> None:
    """Where reports, recordings and exported files go must be writable, checked before the run, not after."""
    if any(r != "cli" for r in args.reports.names):
        _check_folder("--report-dir", args.report_dir)
    if args.record:
        _check_folder("--record", args.record)
    for option in ("export_environment", "export_globals", "export_collection", "export_cookie_jar"):
        target = getattr(args, option)
        if not target:
            continue
        flag = "--" + option.replace("_", "-")
        if os.path.isdir(target):
            raise InputError(f"{flag}: is a folder, expected a file name", file=target)
        _check_folder(flag, os.path.dirname(os.path.abspath(target)), file=target)


def _check_folder(flag: str, folder: str, *, file: str | None = None) -> None:
    """`folder` is one, or can be made (missing folders are made, as by Newman), and can be written in."""
    what = "the folder it goes in" if file else "the folder"
    if file is None and os.path.exists(folder) and not os.path.isdir(folder):
        raise InputError(f"{flag}: exists and is not a folder", file=folder)
    existing = os.path.abspath(folder)
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise InputError(f"{flag}: {what} cannot be made ({existing} is a file)", file=file or folder)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{flag}: {what} cannot be written ({existing}: permission denied)", file=file or folder)


def _globals(args: argparse.Namespace) -> tuple[dict[str, Any], set[str]]:
    """``-g/--globals FILE``: a Postman globals file (or dotenv); its values and secret names."""
    if not args.globals:
        return {}, set()
    loaded = load_environment(args.globals)
    warn_masked_values(loaded)
    return dict(loaded.values), set(loaded.secret_names)


def warn_masked_values(environment: Environment) -> None:
    """A file holding ``*****`` was exported masked: those requests would send the mask itself."""
    from runner.core.secrets import MASK

    masked = [k for k, v in environment.values.items() if isinstance(v, str) and v.strip() == MASK]
    if masked:
        print(f"cdp-runner: warning: {environment.path}: {', '.join(masked)} "
              f"{'holds' if len(masked) == 1 else 'hold'} the mask {MASK} instead of a value (a masked export?); "
              f"requests using {'it' if len(masked) == 1 else 'them'} will send {MASK}", file=sys.stderr)


def postman_violations(path: str) -> list[Any]:
    """Where a Postman collection file breaks the published Postman schema (none for native files)."""
    from runner._files import read_json
    from runner.load import is_postman_collection
    from runner.load.postman_schema import violations

    data = read_json(path, what="collection file")
    return violations(data) if is_postman_collection(data) else []


#: how many schema warnings ``run`` prints per file (``validate`` lists them all)
SCHEMA_WARNINGS_SHOWN = 10


def warn_postman_violations(path: str) -> None:
    """``run``: a Postman file that breaks the schema still runs as Newman runs it; say where."""
    violations = postman_violations(path)
    for v in violations[:SCHEMA_WARNINGS_SHOWN]:
        print(f"cdp-runner: warning: {path} at {v.pointer}: {v.message} (Postman collection schema; run as "
              "Newman runs it)", file=sys.stderr)
    if len(violations) > SCHEMA_WARNINGS_SHOWN:
        print(f"cdp-runner: warning: {path}: {len(violations) - SCHEMA_WARNINGS_SHOWN} more schema violations; "
              f"'cdp-runner validate {path}' lists them all", file=sys.stderr)


def _refuse_urls(args: argparse.Namespace) -> None:
    """Newman fetches collections and environments by URL; cdp-runner reads files only."""
    given = [("collection", p) for p in args.paths] + [
        (what, getattr(args, attr)) for what, attr in (("environment", "environment"), ("globals", "globals"),
                                                         ("iteration data", "iteration_data"))]
    for what, value in given:
        if value and value.lower().startswith(("http://", "https://")):
            # the URL itself is not shown: Postman API URLs carry the API key
            raise InputError(f"a {what} given as a URL: cdp-runner reads files only and fetches nothing; "
                             f"download it once (curl -o file.json URL) and pass the file")


#: options the CLI accepts and passes on, that this version's engine does not apply yet
NOT_APPLIED_YET: dict[str, str] = {}  # Newman options parsed but not applied by the engine (none left)


def run_command(args: argparse.Namespace) -> int:
    import contextlib

    from runner.cli.reports import make_reporters, report_paths
    from runner.core.engine import Run

    for note in args.reports.notes:
        print(f"cdp-runner: note: {note}", file=sys.stderr)
    if args.export_secrets:
        print("cdp-runner: note: --export-secrets is the default now (exports carry real values, as in Newman); "
              "--export-masked writes a shareable copy", file=sys.stderr)
    _refuse_urls(args)
    options = options_from_args(args)
    for attr, flag in NOT_APPLIED_YET.items():
        if getattr(args, attr) not in (None, False):
            print(f"cdp-runner: note: {flag} is accepted but not applied by this version yet", file=sys.stderr)
    environment: Environment | None = load_environment(args.environment) if args.environment else None
    if environment is not None:
        warn_masked_values(environment)
    paths = expand_paths(args.paths)
    with contextlib.ExitStack() as cleanup:
        # What loading and planning make lives as long as the run: frozen, the garbage collector does
        # not walk it again and again (loading 3,000 items: 0.01 ms an item; the run: ~0.02 ms a request)
        cleanup.callback(gc.unfreeze)  # in-process callers (tests, embedding): a collector that sees all again
        gc.disable()  # loading makes no cycles to collect
        try:
            collections = [load_collection(p) for p in paths]
            gc.freeze()
        finally:
            gc.enable()
        for path, collection in zip(paths, collections, strict=True):  # files that load but break the Postman
            if collection.format == "postman" and collection.schema_valid is not True:  # schema run as in Newman:
                warn_postman_violations(path)  # warned about (read again only then: a valid file is not read twice)
        if args.export_collection and len(collections) > 1:
            raise InputError(f"--export-collection writes one collection; {len(collections)} were given",
                             file=args.export_collection)
        if args.ssl_extra_ca_certs:
            options.ca_cert = cleanup.enter_context(_trust_also(args.ssl_extra_ca_certs, args.ca_cert))
        runs = [Run(c, environment, options) for c in collections]  # validates everything before sending
        reports = report_paths(args)
        reporters = make_reporters(args, reports)
        gc.freeze()
        failed = _run_all(args, options, runs, reporters)
    if failed and args.suppress_exit_code:
        return 0
    return 1 if failed else 0


def _run_all(args: argparse.Namespace, options: Any, runs: list[Any], reporters: list[Any]) -> bool:
    from runner.cli.export import export_collection, export_variables
    from runner.core.jobs import in_order

    failed = False
    started = time.perf_counter()

    def prepare(run: Any) -> None:
        if options.timeout_ms is not None:  # --timeout covers all collections together
            left = options.timeout_ms - (time.perf_counter() - started) * 1000
            run.options = dataclasses.replace(options, timeout_ms=max(left, 0.0))

    streams = in_order(runs, args.jobs, prepare)  # --jobs N: concurrent runs, reported in collection order
    try:
        for run, executions in streams:
            for r in reporters:
                r.start(run.collection, len(run.requests) * len(run.rows))
            for ex in executions:
                for r in reporters:
                    r.execution(ex)
            for r in reporters:
                r.end(run.collection, run.summary)
            failed = failed or run.summary.failed
            masked = args.export_masked
            if args.export_environment:
                export_variables(run, "environment", args.export_environment, masked=masked)
            if args.export_globals:
                export_variables(run, "globals", args.export_globals, masked=masked)
            if args.export_collection:
                export_collection(run, args.export_collection, masked=masked)
            if run.stopped_early and (options.bail or options.timeout_ms is not None):
                break
    finally:
        streams.close()  # stops collections still running (--bail, --timeout, Ctrl-C)
    for r in reporters:
        r.close()
    return failed


def _trust_also(extra: str, ca_cert: str | None) -> Any:
    """``--ssl-extra-ca-certs``: a temporary bundle of the usual trust (or --ca-cert) plus ``extra``."""
    import contextlib
    import tempfile

    @contextlib.contextmanager
    def bundle() -> Any:
        import certifi

        with tempfile.TemporaryDirectory(prefix="cdp-runner-ca-") as folder:
            path = os.path.join(folder, "trusted.pem")
            with open(path, "wb") as out:
                for source in (ca_cert or certifi.where(), extra):
                    with open(source, "rb") as fh:
                        out.write(fh.read().rstrip(b"\n") + b"\n")
            yield path

    return bundle()


def validate_command(args: argparse.Namespace) -> int:
    from runner.core.plan import check, plan
    from runner.core.validate import empty_values
    from runner.model.options import RunOptions
    from runner.sitecore.builders import lint_builders
    from runner.transport.events import describe

    environment = load_environment(args.environment) if args.environment else None
    paths = expand_paths(args.paths)
    bad = False
    for path in paths:
        from runner.kinds.connection import lint_file

        problems = lint_file(path, environment)  # Personalize connections: every problem at once
        for p in problems:
            print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
        if any(p.severity == "error" for p in problems):
            bad = True
            continue
        violations = postman_violations(path)  # every one, with its JSON pointer
        for v in violations:
            print(f"error: {path} at {v.pointer}: {v.message} (Postman collection schema)", file=sys.stderr)
        if violations:
            bad = True
            continue
        collection = load_collection(path)
        note = ""
        # with an environment: every variable is checked (sends nothing); without: the rest only
        start = (check if environment is not None else plan)(collection, environment, RunOptions())
        if environment is None and collection.strict_variables:
            note = "; variables not checked: give -e ENV"
        events = lint_builders(collection, start.variables)  # Stream API event rules (message builders)
        for pointer, problem in events:
            severity = "error" if args.strict_events else "warning"
            print(f"{severity}: {path} at {pointer}: event lint: {describe(problem)}",
                  file=sys.stderr if args.strict_events else sys.stdout)
        if events and args.strict_events:
            bad = True
            continue
        if environment is not None:  # empty values a request uses (CLIENT_KEY=): warned, not refused
            for name, pointer in empty_values(collection, start.requests, start.variables, start.rows):
                print(f"warning: {path} at {pointer}: variable {name} is empty in {environment.path} ({name}=); "
                      "the request sends an empty value")
        print(f"ok  {path}  ({len(collection.requests)} requests, {collection.format}{note})")
    return 2 if bad else 0
