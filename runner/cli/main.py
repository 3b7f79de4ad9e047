"""The ``cdp-runner`` command. Imports are lazy so ``--version`` and ``--help`` start fast."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from runner._version import __version__

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
ISSUES_URL = "https://github.com/cdp-runner/cdp-runner/issues"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's own exit code is 2 too, keep its wording
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="cdp-runner", description="Run Sitecore CDP / Personalize API collections (native or Postman).")
    p.add_argument("--version", action="version", version=f"cdp-runner {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run collections and report")
    run.add_argument("paths", nargs="+", metavar="PATH", help="collection file(s) or folder(s)")
    run.add_argument("-e", "--environment", metavar="ENV", help="dotenv file or Postman environment")
    run.add_argument("--env-var", action="append", default=[], metavar="KEY=VALUE")
    run.add_argument("--global-var", action="append", default=[], metavar="KEY=VALUE")
    run.add_argument("-d", "--iteration-data", metavar="DATA", help="CSV or JSON data file: one iteration per row")
    run.add_argument("-n", "--iteration-count", type=int, metavar="N")
    run.add_argument("--folder", action="append", default=[], metavar="NAME")
    run.add_argument("--bail", action="store_true", help="stop at the first failure")
    run.add_argument("--offline", action="store_true", help="answer only from mocks; send nothing")
    run.add_argument("--mocks", metavar="DIR", help="mock files (written by --record) for --offline")
    run.add_argument("--record", metavar="DIR", help="save live responses as mock files (secrets scrubbed)")
    run.add_argument("--jobs", type=int, default=1, metavar="N", help="collections run concurrently")
    run.add_argument("-r", "--reporter", action="append", choices=["cli", "json", "junit", "html"], metavar="NAME",
                     help="cli, json, junit, html (repeatable; default cli)")
    run.add_argument("--report-dir", default="reports", metavar="DIR")
    run.add_argument("--verbose", action="store_true")
    run.add_argument("--quiet", action="store_true")
    run.add_argument("--timeout", type=float, metavar="MS", help="time limit for the whole run; exceeded -> failure")
    run.add_argument("--timeout-request", type=float, metavar="MS")
    run.add_argument("--delay-request", type=float, default=0.0, metavar="MS")
    run.add_argument("--retry", type=int, default=0, metavar="N")
    run.add_argument("--retry-interval", type=float, default=0.0, metavar="MS")
    run.add_argument("--secret", action="append", default=[], metavar="NAME", help="mask this variable's value")
    run.add_argument("--export-environment", metavar="FILE")
    run.add_argument("--export-secrets", action="store_true")
    run.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    run.add_argument("--ca-cert", metavar="FILE")
    run.add_argument("--client-cert", metavar="FILE")
    run.add_argument("--client-key", metavar="FILE")
    run.add_argument("--no-sandbox", action="store_true", help="do not route the sandbox host in-process")
    run.add_argument("--script-timeout", type=int, metavar="MS",
                     help="time limit for each JavaScript script (default 5000); exceeded -> script error")
    run.add_argument("--script-memory", type=int, metavar="MB",
                     help="memory limit for the JavaScript engine (default 256); exceeded -> script error")

    val = sub.add_parser("validate", help="check files without sending anything")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.add_argument("-e", "--environment", metavar="ENV")

    imp = sub.add_parser("import", help="Postman v2.0/v2.1 collection or environment -> native")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("-o", "--output", metavar="OUT")
    imp.add_argument("--keep-secrets", action="store_true",
                     help="environments: write secret-type values too (default: left empty with a comment)")
    exp = sub.add_parser("export", help="native collection -> Postman v2.1")
    exp.add_argument("path", metavar="PATH")
    exp.add_argument("-o", "--output", metavar="OUT")

    conn = sub.add_parser("connection", help="Personalize connections: test, review, export, import")
    csub = conn.add_subparsers(dest="action", required=True, parser_class=_Parser)
    ct = csub.add_parser("test", help="send a connection with test values (asks for missing ones on a TTY)")
    ct.add_argument("path", metavar="PATH")
    ct.add_argument("-e", "--environment", metavar="ENV")
    ct.add_argument("--var", action="append", default=[], metavar="NAME=VALUE")
    ct.add_argument("--insecure", action="store_true")
    ct.add_argument("--ca-cert", metavar="FILE")
    crev = csub.add_parser("review", help="the consolidated view of a connection (secrets masked)")
    crev.add_argument("path", metavar="PATH")
    crev.add_argument("-e", "--environment", metavar="ENV")
    cexp = csub.add_parser("export", help="print the connection as Personalize connections-API JSON")
    cexp.add_argument("path", metavar="PATH")
    cexp.add_argument("-e", "--environment", metavar="ENV")
    cimp = csub.add_parser("import", help="Personalize connections-API JSON -> a connection file")
    cimp.add_argument("path", metavar="PATH")
    cimp.add_argument("-o", "--output", metavar="OUT")

    sb = sub.add_parser("sandbox", help="serve the Sitecore sandbox on loopback")
    sb.add_argument("--host", default="127.0.0.1")
    sb.add_argument("--port", type=int, default=8787)
    sb.add_argument("--certfile", metavar="PEM")
    sb.add_argument("--keyfile", metavar="PEM")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if "httpx" not in sys.modules:
        # httpx imports its own command line (click, pygments, rich.syntax: ~40 ms) unless this
        # is None; it falls back to a stub. cdp-runner never uses httpx's command line.
        sys.modules.setdefault("httpx._main", None)  # type: ignore[assignment]
    from runner.errors import InputError

    try:
        if args.command == "run":
            from runner.cli.commands import run_command

            return run_command(args)
        if args.command == "validate":
            from runner.cli.commands import validate_command

            return validate_command(args)
        if args.command in ("import", "export"):
            from runner.convert import convert_command

            return convert_command(args)
        if args.command == "connection":
            from runner.cli.connection import connection_command

            return connection_command(args)
        if args.command == "sandbox":
            from runner.sandbox import serve

            serve(args.host, args.port, certfile=args.certfile, keyfile=args.keyfile)
            return EXIT_OK
    except InputError as exc:
        print(f"cdp-runner: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into `head` and the like: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("cdp-runner: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - exit code 3 means a bug in cdp-runner
        import traceback

        traceback.print_exc()
        print(f"cdp-runner: internal error ({exc.__class__.__name__}); this is a bug, please report it at {ISSUES_URL}",
              file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
