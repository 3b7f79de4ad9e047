"""The ``cdp-runner run`` options: cdp-runner's own names and Newman's, side by side.

Newman's spellings are aliases of the same option where the meaning is the same (``-k`` and
``--insecure``); options with no meaning here are kept so that using one is an error that says
what to use instead, never an "unrecognized argument".
"""

from __future__ import annotations

import argparse
from typing import Any

#: Newman options with no meaning in cdp-runner -> what to use instead
NO_MEANING: dict[str, str] = {
    "--postman-api-key": "collections and environments are read from files here, nothing is fetched: export "
                         "them from Postman (or download them once) and pass the file paths",
    "--ssl-client-cert-list": "there is one client certificate per run: use --ssl-client-cert FILE "
                              "--ssl-client-key FILE (Personalize connections carry their own in auth.mtls)",
}


class _NoMeaning(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, values: Any,
                 option_string: str | None = None) -> None:
        parser.error(f"{option_string} has no meaning in cdp-runner: {NO_MEANING[str(option_string)]}")


def add_run_parser(sub: Any) -> argparse.ArgumentParser:
    run = sub.add_parser("run", help="run collections and report",
                         epilog="Newman's `newman run` options work as they are; see docs/migrating-from-newman.md.")
    run.add_argument("paths", nargs="+", metavar="PATH", help="collection file(s) or folder(s)")

    g = run.add_argument_group("variables and data")
    g.add_argument("-e", "--environment", metavar="ENV", help="dotenv file or Postman environment")
    g.add_argument("-g", "--globals", metavar="FILE", help="Postman globals file (or a dotenv file)")
    g.add_argument("--env-var", action="append", default=[], metavar="KEY=VALUE")
    g.add_argument("--global-var", action="append", default=[], metavar="KEY=VALUE")
    g.add_argument("-d", "--iteration-data", metavar="DATA", help="CSV or JSON data file: one iteration per row")
    g.add_argument("-n", "--iteration-count", type=int, metavar="N")
    g.add_argument("--secret", action="append", default=[], metavar="NAME", help="mask this variable's value")

    g = run.add_argument_group("what runs and when")
    g.add_argument("--folder", action="append", default=[], metavar="NAME")
    g.add_argument("--bail", action="store_true",
                   help="stop at the first failure (Newman's modifiers folder,failure are accepted)")
    g.add_argument("--bail-modifiers", help=argparse.SUPPRESS)
    g.add_argument("--offline", action="store_true", help="answer only from mocks; send nothing")
    g.add_argument("--mocks", metavar="DIR", help="mock files (written by --record) for --offline")
    g.add_argument("--record", metavar="DIR", help="save live responses as mock files (secrets scrubbed)")
    g.add_argument("--jobs", type=int, default=1, metavar="N", help="collections run concurrently")
    g.add_argument("--timeout", type=float, metavar="MS", help="time limit for the whole run; exceeded -> failure")
    g.add_argument("--timeout-request", type=float, metavar="MS")
    g.add_argument("--delay-request", type=float, default=0.0, metavar="MS")
    g.add_argument("--retry", type=int, default=0, metavar="N")
    g.add_argument("--retry-interval", type=float, default=0.0, metavar="MS")
    g.add_argument("--script-timeout", "--timeout-script", dest="script_timeout", type=int, metavar="MS",
                   help="time limit for each JavaScript script (default 5000); exceeded -> script error")
    g.add_argument("--script-memory", type=int, metavar="MB",
                   help="memory limit for the JavaScript engine (default 256); exceeded -> script error")
    g.add_argument("--ignore-redirects", action="store_true", help="do not follow 3xx redirects")
    g.add_argument("--cookie-jar", metavar="FILE", help="start with these cookies (tough-cookie JSON, as Newman)")
    g.add_argument("--export-cookie-jar", metavar="FILE", help="write the cookies after the run")
    g.add_argument("--working-dir", metavar="DIR", help="where relative file paths of request bodies are read")
    g.add_argument("--no-insecure-file-read", dest="insecure_file_read", action="store_false",
                   help="refuse body files outside the working directory")
    g.add_argument("--no-sandbox", action="store_true", help="do not route the sandbox host in-process")
    g.add_argument("--strict-events", action="store_true",
                   help="a Stream API event message that breaks a documented rule is not sent (default: a warning)")

    g = run.add_argument_group("TLS")
    g.add_argument("-k", "--insecure", action="store_true", help="do not verify TLS certificates")
    g.add_argument("--ca-cert", metavar="FILE", help="trust only this CA bundle (PEM)")
    g.add_argument("--ssl-extra-ca-certs", metavar="FILE", help="trust this CA bundle too (PEM), as Newman")
    g.add_argument("--client-cert", "--ssl-client-cert", dest="client_cert", metavar="FILE")
    g.add_argument("--client-key", "--ssl-client-key", dest="client_key", metavar="FILE")
    g.add_argument("--ssl-client-passphrase", dest="client_key_passphrase", metavar="PASSPHRASE",
                   help="passphrase of an encrypted client key")

    g = run.add_argument_group("output")
    g.add_argument("-r", "--reporter", action="append", metavar="NAME",
                   help="cli, json, junit, html (repeatable; default cli); a comma list as in Newman")
    g.add_argument("--reporters", action="append", metavar="LIST", help="Newman's spelling: cli,junit,html")
    g.add_argument("--report-dir", default="reports", metavar="DIR")
    g.add_argument("--report-overwrite", action="store_true",
                   help="Newman spelling: use the fixed names report.json/.xml/.html instead of timestamped ones")
    g.add_argument("--verbose", action="store_true")
    g.add_argument("--quiet", action="store_true", help="console: only the failures")
    g.add_argument("--silent", action="store_true", help="no console output at all (reports are still written)")
    g.add_argument("--color", choices=["on", "off", "auto"], default="auto", help="console colours (default auto)")
    g.add_argument("--disable-unicode", action="store_true", help="console: plain ASCII symbols")
    g.add_argument("-x", "--suppress-exit-code", action="store_true",
                   help="exit 0 even when checks or requests fail (bad input is still exit 2)")
    g.add_argument("--export-environment", metavar="FILE", help="the final environment, real values (as Newman)")
    g.add_argument("--export-globals", metavar="FILE", help="the final globals, real values (as Newman)")
    g.add_argument("--export-collection", metavar="FILE", help="the collection with its final variables")
    g.add_argument("--export-masked", action="store_true", help="exported files: secret values as ***** (shareable)")
    g.add_argument("--export-secrets", action="store_true", help=argparse.SUPPRESS)  # the default now; kept

    for option in NO_MEANING:
        run.add_argument(option, action=_NoMeaning, metavar="VALUE", help=argparse.SUPPRESS)
    return run
