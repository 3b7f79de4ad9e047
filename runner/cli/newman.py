"""Newman's ``run`` command line, accepted as it is: the parts argparse cannot take directly.

- ``--reporter-<name>-<option> [VALUE]`` (Newman's nested reporter options) are taken out of the
  arguments before argparse sees them, the way Newman itself does it;
- ``--bail folder,failure`` (an optional value that must not swallow the collection path);
- reporter names, Newman's own and community ones (``htmlextra``, ``teamcity``...), mapped to
  the reports cdp-runner writes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

REPORTER_PREFIX = "--reporter-"
REPORTS = ("cli", "json", "junit", "html")  # what cdp-runner writes

#: Newman's own and community reporter names -> (our report, why it is the closest)
SIMILAR_REPORTERS: dict[str, tuple[str, str]] = {
    "htmlextra": ("html", "the built-in HTML report (no newman-reporter-htmlextra needed)"),
    "htmlfull": ("html", "the built-in HTML report"),
    "html-full": ("html", "the built-in HTML report"),
    "junitfull": ("junit", "the built-in JUnit report"),
    "junitxray": ("junit", "the built-in JUnit report (Xray imports JUnit XML)"),
    "junit-xray": ("junit", "the built-in JUnit report (Xray imports JUnit XML)"),
    "teamcity": ("junit", "the JUnit report (TeamCity imports it with its XML report processing)"),
    "allure": ("junit", "the JUnit report (Allure reads JUnit XML results)"),
    "sonarqube": ("junit", "the JUnit report (SonarQube imports JUnit XML)"),
    "progress": ("cli", "the console reporter (a live progress bar on a terminal)"),
    "emojitrain": ("cli", "the console reporter"),
    "json-summary": ("json", "the JSON report (summary first)"),
    "csv": ("json", "the JSON report (one execution per request)"),
}

#: Newman ``--reporter-cli-*`` options, and what each becomes here (None: no switch for it here)
CLI_REPORTER_OPTIONS: dict[str, str | None] = {
    "silent": "silent",
    "no-summary": None, "no-failures": None, "no-assertions": None, "no-success-assertions": None,
    "no-console": None, "no-banner": None, "show-timestamps": None,
}

_BAIL_MODIFIERS = re.compile(r"^(folder|failure)(,(folder|failure))*$")


class UsageError(Exception):
    """A command-line mistake reported with the subcommand's usage (exit 2)."""


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


@dataclass(slots=True)
class ReporterOption:
    reporter: str  # as written: "junit", "htmlextra", "cli"
    option: str  # "export", "no-summary", ...
    value: str | bool
    spelled: str  # the argument as written, for messages


def split_reporter_options(argv: list[str]) -> tuple[list[str], list[ReporterOption]]:
    """``argv`` without ``--reporter-<name>-<option> [VALUE]``, and those options.

    As in Newman, the option's value is the next argument unless that starts with ``-`` (or
    ``--opt=value``); the console reporter's switches (``--reporter-cli-no-summary``) never take one.
    """
    rest: list[str] = []
    found: list[ReporterOption] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith(REPORTER_PREFIX) or arg == REPORTER_PREFIX:
            rest.append(arg)
            i += 1
            continue
        spelled, eq, value = arg.partition("=")
        name, _, option = spelled[len(REPORTER_PREFIX):].partition("-")
        taken: str | bool = value if eq else True
        flag = name == "cli" and option in CLI_REPORTER_OPTIONS
        if not eq and not flag and i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            taken = argv[i + 1]
            i += 1
        found.append(ReporterOption(name, option, taken, spelled))
        i += 1
    return rest, found


def split_bail(argv: list[str]) -> list[str]:
    """``--bail folder,failure`` -> ``--bail --bail-modifiers folder,failure``; a plain ``--bail``
    followed by anything else (the collection path, another option) stays a plain switch."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--bail="):
            value = arg.partition("=")[2]
            if not _BAIL_MODIFIERS.match(value):
                raise UsageError(f"--bail: unknown modifier {value!r} (Newman's modifiers: folder, failure)")
            out += ["--bail", "--bail-modifiers", value]
        elif arg == "--bail" and i + 1 < len(argv) and _BAIL_MODIFIERS.match(argv[i + 1]):
            out += ["--bail", "--bail-modifiers", argv[i + 1]]
            i += 1
        else:
            out.append(arg)
        i += 1
    return out


@dataclass(slots=True)
class ReporterChoice:
    """The reports to write, how they were asked for, and what to tell the user about it."""

    names: list[str] = field(default_factory=list)  # ours, in order, no repeats
    newman_spelling: bool = False  # a comma list or --reporters: Newman's timestamped file names
    exports: dict[str, str] = field(default_factory=dict)  # our name -> --reporter-<name>-export path
    silent: bool = False  # --reporter-cli-silent
    notes: list[str] = field(default_factory=list)


def choose_reporters(native: list[str] | None, newman: list[str] | None,
                     options: list[ReporterOption]) -> ReporterChoice:
    """``-r/--reporter`` (one name each, repeatable) and ``--reporters`` / ``-r a,b`` (Newman's
    comma list) with the ``--reporter-<name>-<option>`` options, checked and mapped."""
    choice = ReporterChoice(newman_spelling=bool(newman) or any("," in v for v in native or ()))
    written: dict[str, str] = {}  # as written -> ours
    for value in [*(native or ()), *(newman or ())]:
        for name in (n.strip() for n in value.split(",")):
            if not name:
                continue
            ours = _our_report(name)
            if ours != name:
                choice.notes.append(f"-r {name}: writing {SIMILAR_REPORTERS[name][1]}")
            written[name] = ours
            if ours not in choice.names:
                choice.names.append(ours)
    if not choice.names:
        choice.names = ["cli"]
        written["cli"] = "cli"
    for opt in options:
        _apply_reporter_option(opt, written, choice)
    return choice


def _our_report(name: str) -> str:
    if name in REPORTS:
        return name
    if name in SIMILAR_REPORTERS:
        return SIMILAR_REPORTERS[name][0]
    known = [*REPORTS, *SIMILAR_REPORTERS]
    raise UsageError(f"-r {name}: no such reporter{did_you_mean(name, known)}; cdp-runner writes "
                     f"{', '.join(REPORTS)} (-r cli,junit,html); for anything else use -r json and "
                     "convert report.json")


def _apply_reporter_option(opt: ReporterOption, written: dict[str, str], choice: ReporterChoice) -> None:
    if opt.reporter == "export" and not opt.option:  # Newman's generic --reporter-export PATH
        files = [n for n in choice.names if n != "cli"]
        if len(files) != 1:
            raise UsageError("--reporter-export: give the reporter's name, e.g. --reporter-junit-export PATH")
        opt = ReporterOption(files[0], "export", opt.value, opt.spelled)
        written.setdefault(files[0], files[0])
    if opt.reporter not in written:
        if opt.reporter not in (*REPORTS, *SIMILAR_REPORTERS):
            raise UsageError(f"{opt.spelled}: no reporter named {opt.reporter!r}"
                             f"{did_you_mean(opt.reporter, [*REPORTS, *SIMILAR_REPORTERS])}")
        choice.notes.append(f"{opt.spelled}: ignored, as by Newman, because {opt.reporter} is not among the "
                            f"reporters (add -r {opt.reporter} to write it)")
        return
    ours = written[opt.reporter]
    if opt.option == "export":
        if ours == "cli" or not isinstance(opt.value, str) or not opt.value:
            raise UsageError(f"{opt.spelled}: expects a file path" if ours != "cli"
                             else f"{opt.spelled}: the console reporter writes no file")
        choice.exports[ours] = opt.value
        return
    if ours == "cli" and opt.option in CLI_REPORTER_OPTIONS:
        if CLI_REPORTER_OPTIONS[opt.option] == "silent":
            choice.silent = True
        else:
            choice.notes.append(f"{opt.spelled}: ignored (the console reporter has no such switch; "
                                "--quiet shows only the failures)")
        return
    if difflib.get_close_matches(opt.option, ["export"], n=1, cutoff=0.7):
        raise UsageError(f"{opt.spelled}: unknown reporter option "
                         f"(did you mean {REPORTER_PREFIX}{opt.reporter}-export?)")
    choice.notes.append(f"{opt.spelled}: ignored (only -export is used for the {ours} report)")
