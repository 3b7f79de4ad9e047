"""Which folder of ``--record DIR`` / ``--mocks DIR`` holds a collection's mock files.

``DIR/<collection stem>/``: ``close-session.json`` records into ``DIR/close-session/``. Two
collections of the same file name in one process (``a/flow.json`` and ``b/flow.json``) do not share
a folder: the second one to record gets ``DIR/flow-<hash>/``, the hash a short digest of its path,
and replay looks for that folder first. A folder is always inside DIR (a collection named
``...json`` cannot write next to it), checked on the resolved paths.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

from runner.errors import InputError

_claimed: dict[Path, str] = {}  # recording folder -> the collection recording into it (this process)
_lock = threading.Lock()


def collection_stem(path: str) -> str:
    """``close-session.json`` -> ``close-session``; ``x.postman_collection.json`` -> ``x.postman``.

    A native collection and a Postman one of the same name keep their recordings apart. Dots at
    either end are dropped (``...json`` would name the parent folder).
    """
    name = Path(path).name
    if name.endswith(".json"):
        name = name[: -len(".json")]
    if name.endswith(".postman_collection"):
        name = name[: -len("_collection")]
    return name.strip(". ") or "collection"


def path_hash(path: str) -> str:
    """A short digest of a collection's path as given (``/`` separators), the same on every machine
    that runs the project from the same place."""
    normal = os.path.normpath(path).replace(os.sep, "/")
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def recording_folder(record_dir: str, collection_path: str) -> Path:
    """The folder a collection records into (see the module docstring); InputError if it would
    leave ``record_dir`` or is not a folder."""
    base = Path(record_dir)
    stem = collection_stem(collection_path)
    me = os.path.abspath(collection_path)
    with _lock:
        folder = base / stem
        owner = _claimed.get(_key(folder))
        if owner is not None and owner != me:
            folder = base / f"{stem}-{path_hash(collection_path)}"
        _inside(base, folder, "--record")
        _claimed[_key(folder)] = me
    if folder.exists() and not folder.is_dir():
        raise InputError("--record: a file stands where this collection's recordings go", file=str(folder))
    return folder


def replay_folder(mocks_dir: str, collection_path: str) -> Path:
    """Where ``--mocks DIR`` keeps a collection's mock files: ``DIR/<stem>-<hash>/``, ``DIR/<stem>/``,
    else DIR itself."""
    base = Path(mocks_dir)
    stem = collection_stem(collection_path)
    for folder in (base / f"{stem}-{path_hash(collection_path)}", base / stem):
        if folder.is_dir():
            _inside(base, folder, "--mocks")
            return folder
    return base


def _key(folder: Path) -> Path:
    return Path(os.path.abspath(folder))


def _inside(base: Path, folder: Path, flag: str) -> None:
    root, target = base.resolve(), folder.resolve()
    if target == root or root not in target.parents:
        raise InputError(f"{flag}: this collection's folder {folder.name!r} leads outside {base} "
                         f"(to {target}); rename the collection file or the link", file=str(folder))
