"""An Execution masked as a whole, once, when the run hands it out.

Masking a request's result piece by piece as it is built misses what becomes secret later in
the same request: a token that its test script stores (``pm.environment.set('ACCESS_TOKEN',
...)``) is in the response body that was already copied. So the engine builds the Execution
from the values as they are, and masks all of it with the run's Masker after everything that
can add a secret (auth, scripts, captures) has run: URL, headers, bodies, error, console lines,
checks with their expected and actual values.
"""

from __future__ import annotations

from dataclasses import replace

from runner.core.secrets import Masker
from runner.model.results import Execution

#: request and response bodies kept in results for reports, in characters; the rest is cut
BODY_KEEP_CHARS = 64 * 1024
#: what is kept past that until the body is masked, so that a secret cut at the end is still
#: recognised whole (and masked) before the final cut
_MARGIN_CHARS = 8 * 1024


def keep(text: str) -> str:
    """The part of a body an Execution holds until it is masked."""
    return text[:BODY_KEEP_CHARS + _MARGIN_CHARS]


def mask_execution(ex: Execution, masker: Masker) -> Execution:
    """``ex`` with every text in it masked (in place; returned for convenience)."""
    m = masker
    ex.item, ex.name = m(ex.item) or "", m(ex.name) or ""
    if ex.request is not None:
        req = ex.request
        req.url = m(req.url) or ""
        req.headers = m.headers(req.headers)
        req.body = _body(m, req.body)
    if ex.response is not None:
        resp = ex.response
        resp.reason = m(resp.reason) or ""
        resp.headers = m.headers(resp.headers)
        resp.body = _body(m, resp.body) or ""
    ex.error = m(ex.error)
    ex.script_error = m(ex.script_error)
    if ex.console:
        ex.console = [(level, m(text) or "") for level, text in ex.console]
    if ex.warnings:
        ex.warnings = [m(text) or "" for text in ex.warnings]
    if ex.redirects:
        ex.redirects = [replace(hop, url=m(hop.url) or "", location=m(hop.location) or "") for hop in ex.redirects]
    for a in ex.assertions:
        a.name = m(a.name) or ""
        a.message = m(a.message)
        if a.expected is not None:
            a.expected = m.deep(a.expected)
        if a.actual is not None:
            a.actual = m.deep(a.actual)
    return ex


def _body(m: Masker, body: str | None) -> str | None:
    if not body:
        return body
    masked = m(body) or ""
    if len(body) <= BODY_KEEP_CHARS:
        return masked
    if len(body) < BODY_KEEP_CHARS + _MARGIN_CHARS:  # the whole body: every secret in it was seen whole
        return masked[:BODY_KEEP_CHARS]
    # cut by ``keep``: its last characters may hold the start of a secret, not recognised; the
    # last _MARGIN_CHARS of the masked text hold them, whatever masking did before
    return masked[:max(0, min(BODY_KEEP_CHARS, len(masked) - _MARGIN_CHARS))]
