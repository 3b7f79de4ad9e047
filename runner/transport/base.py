"""The transport seam: what the engine, auth and scripts send through.

A Sender turns a Prepared request into a response or a reason. Faults are reasons, never
raised: a request that fails is a result, and the run goes on. Implementations: HttpSession
(live, with the sandbox mounted), OfflineSender (answers from mocks), RecordingSender (wraps
another and keeps what it answered). ``runner.transport.sender_for`` picks one from the options.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple, Protocol

from runner.errors import FailureKind

if TYPE_CHECKING:
    import httpx

    from runner.model.collection import Request
    from runner.model.prepared import Prepared
    from runner.model.response import Response
    from runner.model.results import Redirect


class Sent(NamedTuple):
    """What one send gave: a response, or None and the reason; and the request as built for the wire."""

    response: Response | None
    reason: str | None
    wire: httpx.Request | None
    kind: FailureKind = FailureKind.TRANSPORT  # with a reason: TRANSPORT, or TIMEOUT for a time limit
    warnings: tuple[str, ...] = ()  # things worth saying that did not stop the request
    hops: tuple[Redirect, ...] = ()  # redirects followed on the way to `response` (URLs not masked)


class Sender(Protocol):
    def send(self, prepared: Prepared, item: Request | None = None) -> Sent:
        """Send `prepared`; `item` is the collection item it was made for (None: a token or script request)."""
        ...

    def close(self) -> None:
        ...
