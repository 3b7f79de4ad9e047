"""``cdp-runner init [DIR] [--from-postman FILE...]`` lays out a new project;
``cdp-runner schema`` prints the native collection schema (its ``$id`` is stable)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from runner._files import dump_json
from runner.errors import InputError

EXIT_OK = 0


def schema_text() -> str:
    from importlib import resources

    return resources.files("runner.load").joinpath("schema/collection.schema.json").read_text("utf-8")


def schema_command(args: argparse.Namespace) -> int:
    text = schema_text()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _imported(paths: list[str]) -> tuple[dict[str, str], list[str]]:
    """Postman collections -> ``collections/NAME.json`` (native), environments -> ``environments/NAME.env``."""

    from runner._files import read_json
    from runner.convert import environment_to_dotenv, postman_to_native
    from runner.load import is_postman_collection

    files: dict[str, str] = {}
    notes: list[str] = []
    for path in paths:
        data = read_json(path)
        stem = Path(path).name.removesuffix(".json")
        for suffix in (".postman_collection", ".postman_environment", ".postman_globals"):
            stem = stem.removesuffix(suffix)
        target = f"collections/{stem}.json" if is_postman_collection(data) else f"environments/{stem}.env"
        if target in files:
            raise InputError(f"init: two files would become {target}; rename one", file=path)
        if is_postman_collection(data):
            files[target] = dump_json(postman_to_native(data, path), indent=2) + "\n"
        elif isinstance(data, dict) and isinstance(data.get("values"), list):
            files[target] = environment_to_dotenv(data, path)
            notes.append(f"{target}: git-ignored; secret values were left empty, fill them in")
        else:
            raise InputError("not a Postman collection (info.schema) nor a Postman environment (values list)",
                             file=path)
    return files, notes


def init_command(args: argparse.Namespace) -> int:
    from runner.cli.project_files import project_files

    root = Path(args.directory)
    if root.exists() and not root.is_dir():
        raise InputError("init: exists and is not a folder", file=str(root))
    imported, notes = _imported(args.from_postman)
    has_collection = any(p.startswith("collections/") for p in imported)
    files = project_files(sample=not has_collection, schema_text=schema_text())
    clash = sorted(set(files) & set(imported))
    if clash:
        raise InputError(f"init: an imported file would replace the project's own {clash[0]}; rename it")
    files.update(imported)
    for relative in sorted(files):  # everything checked before anything is written
        target = root / relative
        if target.exists() or target.is_symlink():
            raise InputError("init: already exists; cdp-runner init never overwrites a file (move it away or "
                             "pick another folder)", file=str(target))
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    shown = root if str(root) != "." else Path.cwd()
    print(f"cdp-runner: created a project in {shown}:")
    for relative in sorted(files):
        print(f"  {relative}")
    for note in notes:
        print(f"  note: {note}")
    first = next((p for p in sorted(files) if p.startswith("collections/")), "collections/")
    print("Next:\n"
          f"  cdp-runner run {first} -e environments/sandbox.env   # against the embedded sandbox\n"
          "  pytest collections/                                      # the same, as pytest tests\n"
          "  fill in environments/.env (git-ignored), then: cdp-runner run collections/ -e environments/.env")
    return EXIT_OK
