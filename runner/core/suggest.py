"""Did-you-mean for variable names: the known name a mistyped one most likely meant.

Names are compared folded (case, ``_``, ``-``, ``.`` and spaces ignored), so ``clientkey`` finds
``CLIENT_KEY`` and ``baseUrl`` finds ``base_url``; otherwise the closest folded name by difflib's
ratio, when it is close enough (``CLIENT_KY`` -> ``CLIENT_KEY``, but ``POS`` suggests nothing
from ``PORT``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

CUTOFF = 0.75  # difflib ratio a name must reach to be suggested
_SEPARATORS = re.compile(r"[\s_.\-]+")


def _fold(name: str) -> str:
    return _SEPARATORS.sub("", name).casefold()


def similar(name: str, known: Iterable[str]) -> str | None:
    """The known name `name` most likely meant, or None when none is close enough."""
    folded: dict[str, str] = {}
    for k in sorted(set(known)):
        if k != name:
            folded.setdefault(_fold(k), k)
    key = _fold(name)
    if not key or not folded:
        return None
    if key in folded:  # the same name but for case and separators
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=CUTOFF)
    return folded[close[0]] if close else None


def did_you_mean(name: str, known: Iterable[str], *, quote: str = "'{}'") -> str:
    """``"; did you mean 'X'?"`` for the closest known name, else ``""``. `quote` shows the name."""
    match = similar(name, known)
    return f"; did you mean {quote.format(match)}?" if match else ""
