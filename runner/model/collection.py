"""The loaded collection: what both loaders (native, Postman) produce and the engine consumes."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, overload

from runner.model.prepared import Prepared


class Preparer(Protocol):
    """How a plug-in request kind (e.g. a Personalize connection) builds what is sent.

    The engine calls it in place of its own templating for requests that carry one; it never
    names the kind. `ctx` is a ``runner.core.prepare.PrepareContext``.
    """

    def prepare(self, req: Request, ctx: Any) -> Prepared:
        """The request ready to send: templated by the kind's rules, auth applied."""
        ...

    def check_names(self, req: Request, known: set[str], file: str) -> None:
        """Before anything is sent: raise InputError for a variable the kind cannot resolve."""
        ...


@dataclass(frozen=True, slots=True)
class Script:
    """A Postman script. ``name`` is used in messages only (e.g. ``"Folder/Req [test]"``).

    Engines compile a script once and cache it by ``source``.
    """

    source: str
    name: str = "<script>"


@dataclass(slots=True)
class Body:
    """A request body. kind: json | text | form | multipart | graphql."""

    kind: str
    value: Any
    content_type: str | None = None


@dataclass(slots=True)
class Assertion:
    """A declarative check on the response, e.g. ``$.status == "OK"``."""

    subject: str  # status | body | durationMs | header NAME | $.json.path
    op: str  # equals, notEquals, exists, matches, contains, in, greaterThan, lessThan, type, length
    expected: Any
    name: str
    pointer: str


@dataclass(slots=True)
class Capture:
    """Store a value of the response into a (local) variable for later requests."""

    var: str
    subject: str
    regex: str | None
    pointer: str


@dataclass(slots=True)
class Request:
    """One runnable item, flattened out of its folders with inherited settings applied."""

    id: str
    name: str
    item: str  # "Folder/Sub/Request": unique path used by reports, --folder and pytest ids
    folders: tuple[str, ...]
    method: str
    url: str
    pointer: str  # JSON pointer of the item in its file
    query: list[tuple[str, str]] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: Body | None = None
    auth: dict[str, Any] | None = None
    timeout_ms: dict[str, float] | None = None  # {"connect": ms, "read": ms}
    # Postman's protocolProfileBehavior (collection < folders < request): disableBodyPruning,
    # followRedirects, followOriginalHttpMethod, maxRedirects, strictSSL, disableUrlEncoding,
    # disabledSystemHeaders, disableCookies
    behavior: dict[str, Any] = field(default_factory=dict)
    messages: dict[str, Any] = field(default_factory=dict)
    prerequest: list[Script] = field(default_factory=list)
    tests: list[Script] = field(default_factory=list)
    assertions: list[Assertion] = field(default_factory=list)
    captures: list[Capture] = field(default_factory=list)
    mocks: list[dict[str, Any]] = field(default_factory=list)
    tags: tuple[str, ...] = ()
    kind: str = "request"  # "request", or the name of the plug-in kind that prepares it
    preparer: Preparer | None = None  # a plug-in kind's own preparation (None: a plain HTTP request)


class LazyRequests(Sequence[Request]):
    """A loader's requests, each built when asked for (``build(index)``, a new Request every time)
    from a compact form the loader keeps, so a big file is never held as objects all at once."""

    __slots__ = ("_build", "_count", "_names", "has_scripts", "uses")

    def __init__(self, build: Callable[[int], Request], count: int, has_scripts: bool,
                 names: Sequence[str] | None = None, uses: Sequence[Any] | None = None) -> None:
        self._build, self._count, self._names = build, count, names
        self.has_scripts = has_scripts  # known from loading: asking it builds nothing
        #: per request, the variables it sets and reads (runner.core.usage.Uses), noted while loading:
        #: the check before a run reads these instead of building every request again
        self.uses = uses

    def find(self, target: Any) -> int | None:
        """The position of the first request named `target` or with that id (the id of a request
        built here is its position), building none when the loader gave the names."""
        if self._names is None:
            return next((i for i, r in enumerate(self) if r.name == target or r.id == target), None)
        return next((i for i, name in enumerate(self._names) if name == target or str(i) == target), None)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Request: ...

    @overload
    def __getitem__(self, index: slice) -> list[Request]: ...

    def __getitem__(self, index: int | slice) -> Request | list[Request]:
        if isinstance(index, slice):
            return [self._build(i) for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("request index out of range")
        return self._build(index)

    def __iter__(self) -> Iterator[Request]:
        return (self._build(i) for i in range(self._count))

    def __repr__(self) -> str:
        return f"<{self._count} requests, built on demand>"


def find_request(requests: Sequence[Request], target: Any) -> int | None:
    """The position of the first request named `target` or with that id (``setNextRequest``), or None."""
    if isinstance(requests, LazyRequests):
        return requests.find(target)
    return next((i for i, r in enumerate(requests) if r.name == target or r.id == target), None)


@dataclass(slots=True)
class Collection:
    name: str
    path: str
    format: str  # native | postman
    requests: Sequence[Request]  # a list, or LazyRequests (native files: built as the run reaches each)
    variables: dict[str, Any] = field(default_factory=dict)
    secret_names: set[str] = field(default_factory=set)
    tags: tuple[str, ...] = ()
    description: str = ""
    independent_iterations: bool = False  # data iterations share nothing: --jobs may run them at once
    mocks: list[dict[str, Any]] = field(default_factory=list)  # collection-level: {method, url, response}
    #: What the collection declares for the embedded sandbox's runs (native ``"sandbox"`` block),
    #: e.g. ``{"flows": {friendlyId: response}}``; read by the transport that mounts the sandbox.
    sandbox: dict[str, Any] = field(default_factory=dict)
    #: Postman files: whether the data loaded met the Postman collection schema (None: not checked), so
    #: ``run`` reads a file again for its schema warnings only when there are some
    schema_valid: bool | None = None

    @property
    def has_scripts(self) -> bool:
        if isinstance(self.requests, LazyRequests):
            return self.requests.has_scripts
        return any(r.prerequest or r.tests for r in self.requests)

    @property
    def strict_variables(self) -> bool:
        """Native collections report unknown variables; Postman leaves them as written."""
        return self.format == "native"

    @property
    def missing_files_warn(self) -> bool:
        """A form-data file that cannot be read is a warning and the part is left out (Postman, as
        Newman does), not a failure of the request (native)."""
        return self.format == "postman"

    @property
    def braces_only(self) -> bool:
        """Templates are ``{{x}}`` only (Postman); native collections also take ``${x}``."""
        return self.format == "postman"
