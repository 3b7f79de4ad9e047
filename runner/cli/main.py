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
    from runner.cli.run_parser import add_run_parser

    p = _Parser(prog="cdp-runner", description="Run Sitecore CDP / Personalize API collections (native or Postman).")
    p.add_argument("--version", action="version", version=f"cdp-runner {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    add_run_parser(sub)
    val = sub.add_parser("validate", help="check files without sending anything")
    val.add_argument("paths", nargs="+", metavar="PATH")
    val.add_argument("-e", "--environment", metavar="ENV")
    val.add_argument("--strict-events", action="store_true",
                     help="a Stream API event message that breaks a documented rule is an error (default: a warning)")

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

    ini = sub.add_parser("init", help="lay out a new project: collections/, environments/, pytest, CI workflow")
    ini.add_argument("directory", nargs="?", default=".", metavar="DIR", help="where (default: here)")
    ini.add_argument("--from-postman", nargs="+", default=[], metavar="FILE",
                     help="Postman collections/environments to import into the project")
    sub.add_parser("schema", help="print the JSON Schema of native collection files")
    for parser in sub.choices.values():
        parser.allow_abbrev = False  # a misspelt option gets a did-you-mean, never a silent guess
    return p


def _subcommand(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the (sub)subcommand that ``args`` came from, for its usage line."""
    found = parser
    for dest in ("command", "action"):
        name = getattr(args, dest, None)
        subs = [a for a in found._actions if isinstance(a, argparse._SubParsersAction)]
        if not name or not subs or name not in subs[0].choices:
            break
        found = subs[0].choices[name]
    return found


def parse(argv: list[str]) -> argparse.Namespace:
    """Parse the command line; mistakes exit 2 with the usage of the subcommand they belong to."""
    from runner.cli.newman import UsageError, choose_reporters, did_you_mean, split_bail, split_reporter_options

    parser = build_parser()
    reporter_options: list[Any] = []
    if argv[:1] == ["run"]:
        run_parser = _subcommand(parser, argparse.Namespace(command="run"))
        try:
            rest, reporter_options = split_reporter_options(argv[1:])
            argv = ["run", *split_bail(rest)]
        except UsageError as exc:
            run_parser.error(str(exc))
        # paths may come before and after options (``run a.json -e env b.json``), as in Newman
        args, extras = run_parser.parse_known_intermixed_args(argv[1:], argparse.Namespace(command="run"))
    else:
        args, extras = parser.parse_known_args(argv)
    here = _subcommand(parser, args)
    if extras:
        first = next((e for e in extras if e.startswith("-")), extras[0])
        if first.startswith("-"):
            name = first.partition("=")[0]
            options = [o for a in here._actions for o in a.option_strings if a.help != argparse.SUPPRESS]
            here.error(f"unknown option {name}{did_you_mean(name, options)}")
        here.error(f"unexpected argument {first!r}")
    if args.command == "run":
        try:
            args.reports = choose_reporters(args.reporter, args.reporters, reporter_options)
        except UsageError as exc:
            here.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(list(sys.argv[1:] if argv is None else argv))
    if "httpx" not in sys.modules:
        # httpx imports its own command line (click, pygments, rich.syntax: ~40 ms) unless this
        # is None; it falls back to a stub. cdp-runner never uses httpx's command line.
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
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
        if args.command in ("init", "schema"):
            from runner.cli.init import init_command, schema_command

            return init_command(args) if args.command == "init" else schema_command(args)
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
