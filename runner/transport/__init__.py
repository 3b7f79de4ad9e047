"""Sending a prepared request: live HTTP (with the sandbox mounted), offline replay, recording.

``sender_for`` is the one place that picks a Sender from the run's options; the engine only
ever calls ``sender.send(prepared, item)``.
"""

from __future__ import annotations

from http.cookiejar import CookieJar

import httpx

from runner.core.secrets import Masker
from runner.core.variables import Variables
from runner.model.collection import Collection
from runner.model.options import RunOptions
from runner.transport.base import Sender, Sent

__all__ = ["Sender", "Sent", "sender_for"]


def sender_for(options: RunOptions, collection: Collection, variables: Variables, masker: Masker,
               secret_names: set[str], base: Sender | None = None, cookie_jar: CookieJar | None = None) -> Sender:
    """The Sender a run uses: `base` if given, else offline mocks or a live session (the sandbox
    host answered in process unless ``options.sandbox`` is off); wrapped for ``--record``, and by
    the Stream API event lint."""
    sender = base
    if sender is None and options.offline:  # nothing over the network, OAuth2 token requests included
        from runner.transport.offline import OfflineSender

        sender = OfflineSender(collection, variables, masker, options.mocks_dir)
    if sender is None:
        sender = live_session(options, collection, cookie_jar)
    if options.record_dir:
        from runner.transport.record import RecordingSender

        sender = RecordingSender(sender, options.record_dir, collection, masker, secret_names)
    if options.lint_events:
        from runner.transport.events import EventLintSender

        sender = EventLintSender(sender, strict=options.strict_events)
    return sender


def live_session(options: RunOptions, collection: Collection | None = None,
                 cookie_jar: CookieJar | None = None) -> Sender:
    """An HttpSession with the run's TLS and redirect options and cookie jar, the sandbox host mounted
    in process (set up as the collection's ``sandbox`` block declares: canned callFlows answers)."""
    from runner.transport.http import HttpSession

    mounts: dict[str, httpx.BaseTransport] = {}
    if options.sandbox:
        from runner.sandbox import SANDBOX_HOST, Sandbox

        declared = collection.sandbox if collection is not None else {}
        transport = Sandbox(flow_responses=dict(declared.get("flows") or {})).transport()
        mounts = {f"https://{SANDBOX_HOST}": transport, f"http://{SANDBOX_HOST}": transport}
    verify: bool | str = False if options.insecure else (options.ca_cert or True)
    cert = (options.client_cert, options.client_key or options.client_cert) if options.client_cert else None
    return HttpSession(verify=verify, cert=cert, mounts=mounts, max_body_bytes=options.max_body_bytes,
                       key_password=options.client_key_passphrase, follow_redirects=options.follow_redirects,
                       cookie_jar=cookie_jar)
