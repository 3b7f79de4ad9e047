"""What the CLI subcommands do, kept apart from argument parsing."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any

from runner.load.environment import Environment, load_environment, parse_assignments
from runner.errors import InputError
from runner.load import expand_paths, load_collection


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
    from runner.transport.http import check_tls_files

    check_tls_files(args.ca_cert, args.client_cert, args.client_key)
    _check_output_paths(args)
    return RunOptions(
        env_vars=parse_assignments(args.env_var, option="--env-var"),
        globals=parse_assignments(args.global_var, option="--global-var"),
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
        secrets=args.secret,
        sandbox=not args.no_sandbox,
        **({"script_time_limit_ms": args.script_timeout} if args.script_timeout is not None else {}),
        **({"script_memory_limit_mb": args.script_memory} if args.script_memory is not None else {}),
    )


def _check_output_paths(args: argparse.Namespace) -> None:
    """Where reports and the exported environment go must be writable, checked before the run, not after."""
    import os

    if any(r != "cli" for r in args.reporter or ()) and os.path.exists(args.report_dir) \
            and not os.path.isdir(args.report_dir):
        raise InputError("--report-dir: exists and is not a folder", file=args.report_dir)
    if args.export_environment:
        parent = os.path.dirname(os.path.abspath(args.export_environment))
        if os.path.isdir(args.export_environment):
            raise InputError("--export-environment: is a folder, expected a file name", file=args.export_environment)
        if not os.path.isdir(parent):
            raise InputError("--export-environment: the folder it goes in does not exist", file=args.export_environment)


def run_command(args: argparse.Namespace) -> int:
    from runner.core.engine import Run
    from runner.reporters import make

    options = options_from_args(args)
    jobs = args.jobs
    environment: Environment | None = load_environment(args.environment) if args.environment else None
    collections = [load_collection(p) for p in expand_paths(args.paths)]
    runs = [Run(c, environment, options) for c in collections]  # validates everything before sending
    reporters = [make(name, report_dir=args.report_dir, verbose=args.verbose, quiet=args.quiet)
                 if name == "cli" else make(name, report_dir=args.report_dir)
                 for name in (args.reporter or ["cli"])]
    failed = False
    started = time.perf_counter()

    def prepare(run: Run) -> None:
        if options.timeout_ms is not None:  # --timeout covers all collections together
            left = options.timeout_ms - (time.perf_counter() - started) * 1000
            run.options = dataclasses.replace(options, timeout_ms=max(left, 0.0))

    from runner.core.jobs import in_order

    streams = in_order(runs, jobs, prepare)  # --jobs N: concurrent runs, reported in collection order
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
            if args.export_environment:
                from runner.cli.export import export_environment

                export_environment(run, args.export_environment, include_secrets=args.export_secrets)
            if run.stopped_early and (options.bail or options.timeout_ms is not None):
                break
    finally:
        streams.close()  # stops collections still running (--bail, --timeout, Ctrl-C)
    for r in reporters:
        r.close()
    return 1 if failed else 0


def validate_command(args: argparse.Namespace) -> int:
    from runner.core.plan import check
    from runner.model.options import RunOptions

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
        collection = load_collection(path)
        note = ""
        if environment is not None:
            check(collection, environment, RunOptions())  # variables and folders; sends nothing
        elif collection.strict_variables:
            note = "; variables not checked: give -e ENV"
        print(f"ok  {path}  ({len(collection.requests)} requests, {collection.format}{note})")
    return 2 if bad else 0
