"""The request pipeline under `Studio` and `AsyncStudio`.

A resource method turns its arguments into an `APICall` (what to send, how to read the
answer). The client then sends it: it adds the token, applies the timeout and a deadline on
the whole attempt, retries as `RetryPolicy` allows, turns error statuses into typed
exceptions and parses the body into the generated models. Sync and async clients share
everything here but the few lines that do I/O.

Every request carries the name of the public call it is part of (`OPERATION_EXTENSION` in
its `extensions`): the public methods are wrapped once (`operations`), and the name travels
to `_request` in a context variable, through whatever the method calls on the way.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import json
import logging
import math
import time
import weakref
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
    Mapping,
)
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx2

from ._bodies import DecodedTooLarge, _BodyReader, _decoded, _SentBody, _size_text, _unbind
from ._deadline import Deadline, attempt_deadline
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    InvalidRequestError,
    PayloadTooLargeError,
    RequestTooLargeError,
    ResponseTooLargeError,
    StudioError,
    make_status_error,
    redact_url,
)
from ._logging import logger
from ._pool import _pooled_connections
from ._retry import RetryPolicy
from ._secrets import mask_secrets

if TYPE_CHECKING:
    from datachain_studio_api.types import Request

    from ._upload import UploadBody

T = TypeVar("T")
U = TypeVar("U")
F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C", bound=type)

OPERATION_EXTENSION = "datachain_studio.operation"
"""The key, in `request.extensions`, of the name of the public call a request is part of,
as a user calls it: `"jobs.get"`, `"datasets.download"`, `"jobs.follow"`, `"storage.ls"`,
`"get"` (the generic calls), `"login"`. Every request of one call carries the same name:
the status checks and archived-log fetches of a `jobs.follow`, the chunk fetches of a
`datasets.download`, each attempt of a retried call. Event hooks of the `http_client` see
it (`request.extensions.get(OPERATION_EXTENSION)`); httpx2 does not send it."""

_operation: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "datachain_studio_operation", default=None
)


def current_operation() -> str | None:
    """The name of the public call running in this context (None outside of one)."""
    return _operation.get()


def operation(name: str) -> Callable[[F], F]:
    """Make a function the public call `name`: the requests sent while it runs, or while
    the iterator it returns is stepped or closed, carry `name` (`OPERATION_EXTENSION`).

    A call made inside another (a user's callback calling the client) is named for itself.
    """

    def wrap(function: F) -> F:
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def named_coroutine(*args: Any, **kwargs: Any) -> Any:
                token = _operation.set(name)
                try:
                    return await function(*args, **kwargs)
                finally:
                    _operation.reset(token)

            return cast(F, named_coroutine)

        @functools.wraps(function)
        def named(*args: Any, **kwargs: Any) -> Any:
            token = _operation.set(name)
            try:
                result = function(*args, **kwargs)
            finally:
                _operation.reset(token)
            if isinstance(result, AsyncIterator):
                return _NamedAsyncGenerator(result, name)
            if isinstance(result, Iterator):
                return _NamedGenerator(result, name)
            return result

        return cast(F, named)

    return wrap


def operations(area: str = "") -> Callable[[C], C]:
    """Make each public method a class defines a public call, named `<area>.<method>`
    (`<method>` without an area): see `operation`."""

    def wrap(cls: C) -> C:
        prefix = f"{area}." if area else ""
        for attribute, value in list(vars(cls).items()):
            if not attribute.startswith("_") and inspect.isfunction(value):
                setattr(cls, attribute, operation(prefix + attribute)(value))
        return cls

    return wrap


class _NamedGenerator(Generator[T, None, None]):
    """A generator whose steps run as the public call `name` (see `operation`): what a
    method such as `follow` returns, still a generator (`send`, `throw`, `close`)."""

    __slots__ = ("_inner", "_name")

    def __init__(self, inner: Iterator[T], name: str) -> None:
        self._inner = inner
        self._name = name

    def send(self, value: None) -> T:
        token = _operation.set(self._name)
        try:
            return next(self._inner)
        finally:
            _operation.reset(token)

    def throw(self, typ: Any, val: Any = None, tb: Any = None) -> T:
        throw = getattr(self._inner, "throw", None)
        if throw is None:
            raise typ if val is None else val
        token = _operation.set(self._name)
        try:
            return cast(T, throw(typ if val is None else val))
        finally:
            _operation.reset(token)

    def close(self) -> None:
        """Close the generator underneath."""
        close = getattr(self._inner, "close", None)
        if close is not None:
            token = _operation.set(self._name)
            try:
                close()
            finally:
                _operation.reset(token)


class _NamedAsyncGenerator(AsyncGenerator[T, None]):
    """The async twin of `_NamedGenerator` (`asend`, `athrow`, `aclose`)."""

    __slots__ = ("_inner", "_name")

    def __init__(self, inner: AsyncIterator[T], name: str) -> None:
        self._inner = inner
        self._name = name

    async def asend(self, value: None) -> T:
        token = _operation.set(self._name)
        try:
            return await self._inner.__anext__()
        finally:
            _operation.reset(token)

    async def athrow(self, typ: Any, val: Any = None, tb: Any = None) -> T:
        athrow = getattr(self._inner, "athrow", None)
        if athrow is None:
            raise typ if val is None else val
        token = _operation.set(self._name)
        try:
            return cast(T, await athrow(typ if val is None else val))
        finally:
            _operation.reset(token)

    async def aclose(self) -> None:
        """Close the async generator underneath."""
        close = getattr(self._inner, "aclose", None)
        if close is not None:
            token = _operation.set(self._name)
            try:
                await close()
            finally:
                _operation.reset(token)


DEFAULT_TIMEOUT = 60.0
"""Seconds one attempt may take, from connecting to the last byte of the answer."""
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_MAX_RETRIES = 2
DEFAULT_MAX_RESPONSE_SIZE = 256 * 1024 * 1024
"""Bytes one answer may have once decompressed (256 MiB). Studio's largest answers (job
listings, logs) are a few megabytes; a body a thousand times that is a broken or hostile
server, and reading it would hold the bytes, their text and the parsed objects at once (about
four times the body). The bound is on what the body inflates to, checked as it inflates, so a
2 MB gzip bomb costs a few megabytes, not gigabytes."""

Timeout = float | httpx2.Timeout


@dataclass(frozen=True, slots=True)
class APICall(Generic[T]):
    """One request a resource method wants made, and how to read its answer.

    `result` is the type the JSON body is parsed into (`None`: the answer is not read), and
    `unwrap` names an attribute of it to return instead (`PipelineOutput.pipeline`).
    `idempotent` says whether sending it twice is harmless; a call that is not is retried
    only when the server cannot have acted on it. `decode` reads a body that is not JSON
    (the storage listing's msgpack), errors included, into the same data `json.loads` would
    give (ValueError for one it cannot read); `accept` is the `Accept` header sent.
    """

    method: str
    path: str
    result: Any
    params: Mapping[str, Any] | None = None
    json: Any = None
    upload: UploadBody | None = None
    idempotent: bool = True
    has_json: bool = False
    unwrap: str | None = None
    decode: Callable[[bytes], Any] | None = None
    accept: str = "application/json"
    presigned: bool = False
    """`path` is a whole pre-signed URL (an export's chunk, an archived log): it is sent as
    given, with nothing of Studio's (the token, the httpx2 client's headers, cookies and
    auth), and nothing its host sets (a cookie) is kept (`_presigned_send`)."""
    extra_headers: Mapping[str, str] | None = None
    """Headers the caller adds (`extra_headers=`), checked by `extended`."""
    extra_query: Mapping[str, Any] | None = None
    """Query parameters the caller adds (`extra_query=`), checked by `extended` and kept as
    they are sent (as `params` is)."""
    post: Callable[[Any], Any] | None = None
    """What the method makes of the parsed answer (`then`): part of `parse()` in raw mode."""

    def then(self, post: Callable[[T], U]) -> APICall[U]:
        """This call, its parsed answer passed through `post` (the method's own reading of
        it: the one job of a list, say), in raw mode too."""
        return cast("APICall[U]", replace(self, post=post))

    def extended(
        self,
        extra_headers: Mapping[str, str] | None,
        extra_query: Mapping[str, Any] | None,
        extra_body: Mapping[str, Any] | None,
    ) -> APICall[T]:
        """This call with the caller's additions, checked: they add, never replace what the
        client or the method sends (the token, the team, a parameter the method has)."""
        headers = check_headers(extra_headers, "extra_headers")
        query = _check_mapping(extra_query, "extra_query")
        for key, value in (query or {}).items():
            if key in _TEAM_KEYS or (self.params and key in self.params):
                raise InvalidRequestError(
                    f"extra_query cannot replace {key!r}, which the method sends: "
                    "use its argument instead"
                )
            _check_query_value(key, value, "extra_query")
        body = _check_mapping(extra_body, "extra_body")
        json_body = self.json
        if body:
            if not self.has_json or not isinstance(self.json, Mapping):
                raise InvalidRequestError(
                    f"extra_body: {self.method} {self.path} sends no JSON object to add to"
                )
            for key in body:
                if key in _TEAM_KEYS or key in self.json:
                    raise InvalidRequestError(
                        f"extra_body cannot replace {key!r}, which the method sends: "
                        "use its argument instead"
                    )
            json_body = {**self.json, **body}
        return replace(
            self,
            json=json_body,
            extra_headers={**(self.extra_headers or {}), **headers} if headers else None,
            extra_query=(
                {**(self.extra_query or {}), **(_query(query) or {})} if query else self.extra_query
            ),
        )

    @classmethod
    def presigned_get(cls, url: str, *, accept: str = "*/*") -> APICall[Any]:
        """A GET of a pre-signed URL, its body read by whoever sends it (`stream`)."""
        return cls("GET", url, None, accept=accept, presigned=True)

    @property
    def where(self) -> str:
        """The path, for log lines: a pre-signed URL without its query (the signature)."""
        return _without_query(self.path) if self.presigned else self.path

    @classmethod
    def of(
        cls,
        request: Request,
        *,
        idempotent: bool,
        unwrap: str | None = None,
        read: bool = True,
        upload: UploadBody | None = None,
        decode: Callable[[bytes], Any] | None = None,
    ) -> APICall[Any]:
        """The call that sends `request`, built by an operation of `datachain_studio_api.api`.

        `read=False`: the answer is not read. `upload` is the body of a multipart request.
        """
        if (upload is not None) != (request.content_type == "multipart/form-data"):
            raise ValueError(f"{request.method} {request.path}: an upload body goes with multipart")
        return cls(
            method=request.method,
            path=request.path,
            result=request.result if read else None,
            params=request.params,
            json=request.json,
            upload=upload,
            idempotent=idempotent,
            has_json=request.content_type == "application/json",
            unwrap=unwrap,
            decode=decode,
            accept=request.accept,
        )


_TEAM_KEYS = frozenset({"team", "team_name"})
_CLIENT_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "user-agent",
        "accept",
        "content-type",
        "content-length",
        "transfer-encoding",
        "host",
    }
)
"""Headers the client sets itself: neither `extra_headers` nor `default_headers` may name them."""


def check_headers(headers: object, name: str) -> dict[str, str]:
    """`headers` as a dict, if every name and value is printable text and no name is one the
    client sets itself (the token above all); `InvalidRequestError` otherwise."""
    checked = _check_mapping(headers, name)
    out: dict[str, str] = {}
    for key, value in (checked or {}).items():
        if not key or not all("!" <= char <= "~" and char != ":" for char in key):
            raise InvalidRequestError(f"{name}: {key!r} is not a header name")
        if key.lower() in _CLIENT_HEADERS:
            raise InvalidRequestError(
                f"{name} cannot set {key!r}: the client sends it itself (the token, its "
                "User-Agent, the media types)"
            )
        if not isinstance(value, str) or not all(" " <= char <= "~" for char in value):
            raise InvalidRequestError(
                f"{name}: the value of {key!r} must be printable ASCII text on one line"
            )
        out[key] = value
    return out


def _check_mapping(value: object, name: str) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InvalidRequestError(f"{name} must be a mapping with str keys, not {value!r}")
    return dict(value)


def generic_call(
    base_url: str,
    method: str,
    path: object,
    cast_to: object,
    params: object,
    body: object,
    has_body: bool,
) -> APICall[Any]:
    """The call of `Studio.get`/`post`/...: a route of `base_url`, never another host."""
    import typing
    from urllib.parse import urlsplit

    from datachain_studio_api.types import Model

    if (
        not isinstance(path, str)
        or not path.startswith("/")
        or path.startswith("//")
        or "://" in path
        or not all("!" <= char <= "~" for char in path)
        or any(char in path for char in "?#\\@")
    ):
        raise InvalidRequestError(
            f"path must be a route of this client's Studio (text starting with '/', no "
            f"spaces, query or host, e.g. '/api/datachain/jobs/'), not {path!r}"
        )
    where = urlsplit(base_url + path)
    if where.netloc != urlsplit(base_url).netloc:
        raise InvalidRequestError(f"path {path!r} would leave {base_url}")
    item = typing.get_args(cast_to)
    model = (isinstance(cast_to, type) and issubclass(cast_to, Model)) or (
        typing.get_origin(cast_to) is list
        and len(item) == 1
        and isinstance(item[0], type)
        and issubclass(item[0], Model)
    )
    result = cast_to
    if not model and typing.get_origin(cast_to) in (dict, list):
        result = typing.get_origin(cast_to)  # `dict[str, Any]`: the arguments are for typing
    if not model and result not in (dict, list, bytes):
        raise InvalidRequestError(
            "cast_to must be a model of datachain_studio.types (or list[Model]), dict, list "
            f"or bytes, not {cast_to!r}"
        )
    query = _check_mapping(params, "params")
    for key, value in (query or {}).items():
        _check_query_value(key, value, "params")
    return APICall(
        method,
        path,
        result,
        params=_query(query),
        json=body,
        idempotent=method != "POST",
        has_json=has_body and body is not None,
        accept="*/*" if cast_to is bytes else "application/json",
    )


def _check_query_value(key: str, value: object, name: str) -> None:
    values = value if isinstance(value, list | tuple) else [value]
    if not all(one is None or isinstance(one, str | int | float) for one in values):
        raise InvalidRequestError(
            f"{name}: the value of {key!r} must be text, a number, a bool, or a list of "
            f"them, not {value!r}"
        )


class RawResponse(Generic[T]):
    """A successful answer as it came, from `studio.with_raw_response.<resource>.<method>()`.

    `parse()` gives what the method itself returns (parsed once, on the first call).

    Args:
        response: The httpx2 response, its body read.
        parse: Reads the body as the method does.

    Raises:
        StudioError: Never raised here: `parse()` raises what the method would.
    """

    __slots__ = ("_parse", "_parsed", "http_response")

    def __init__(self, response: httpx2.Response, parse: Callable[[], T]) -> None:
        self.http_response: httpx2.Response = response
        """The httpx response (its body already read and released)."""
        self._parse = parse
        self._parsed: tuple[T] | None = None

    @property
    def status_code(self) -> int:
        """The HTTP status, e.g. 200."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx2.Headers:
        """The response's headers (case-insensitive)."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The id a gateway or Studio gave the request (`x-request-id` and the like), if it
        sent one (Studio itself documents none)."""
        from ._exceptions import _request_id

        return _request_id(self.http_response)

    @property
    def http_request(self) -> httpx2.Request:
        """The request that was sent (its `Authorization` header holds the token)."""
        return self.http_response.request

    def parse(self) -> T:
        """What the method returns without `with_raw_response` (a model, a list...).

        Returns:
            The parsed answer, as the method gives it.

        Raises:
            APIResponseValidationError: The body is not what the contract promises.
            APIStatusError: The method's own reading of the answer failed (`jobs.get`: no
                such job, `NotFoundError`).
        """
        if self._parsed is None:
            self._parsed = (self._parse(),)
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_request
        return f"<RawResponse {request.method} {redact_url(request.url)} -> {self.status_code}>"


@dataclass(frozen=True, slots=True)
class _Attempt:
    """How one attempt is bounded: httpx2's timeouts, and `deadline` seconds in all."""

    timeout: httpx2.Timeout
    deadline: float

    def capped(self, budget: float | None) -> _Attempt:
        """These bounds, none longer than `budget` seconds (None: unchanged)."""
        if budget is None or budget >= self.deadline:
            return self
        return _Attempt(capped_timeout(self.timeout, budget), budget)


def capped_timeout(timeout: httpx2.Timeout, budget: float) -> httpx2.Timeout:
    """`timeout` with no part longer than `budget` seconds (an unset part becomes it)."""
    return httpx2.Timeout(
        connect=min(timeout.connect or budget, budget),
        read=min(timeout.read or budget, budget),
        write=min(timeout.write or budget, budget),
        pool=min(timeout.pool or budget, budget),
    )


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequestError(f"{name} must be a number of seconds, not {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise InvalidRequestError(
            f"{name} must be a positive, finite number of seconds, not {value!r}"
        )
    return float(value)


def check_timeout(timeout: object) -> _Attempt:
    """How an attempt is bounded: `timeout` in seconds, or an `httpx2.Timeout` fully set."""
    if isinstance(timeout, httpx2.Timeout):
        parts = {
            "connect": timeout.connect,
            "read": timeout.read,
            "write": timeout.write,
            "pool": timeout.pool,
        }
        if any(part is None for part in parts.values()):
            raise InvalidRequestError(
                "every part of an httpx2.Timeout must be set: no wait is unbounded"
            )
        total = sum(_seconds(part, f"timeout.{name}") for name, part in parts.items())
        return _Attempt(timeout, total)
    if type(timeout).__module__.partition(".")[0] == "httpx":
        raise InvalidRequestError(
            "timeout must be a number of seconds or an httpx2.Timeout: the legacy "
            "httpx.Timeout is not supported"
        )
    seconds = _seconds(timeout, "timeout")
    return _Attempt(httpx2.Timeout(seconds, connect=min(DEFAULT_CONNECT_TIMEOUT, seconds)), seconds)


def check_max_response_size(size: object) -> int:
    """`max_response_size` if it is a whole number of bytes from 1 up."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InvalidRequestError(
            f"max_response_size must be a whole number of bytes from 1 up, not {size!r}"
        )
    return size


def check_retries(max_retries: object) -> int:
    """`max_retries` if it is a whole number from 0 up."""
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InvalidRequestError(
            f"max_retries must be a whole number from 0 up, not {max_retries!r}"
        )
    return max_retries


@dataclass
class BaseClient:
    """What the sync and async clients share: where, who, how long, how strict."""

    base_url: str
    auth_header: str = field(repr=False)
    timeout: Timeout = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES
    strict: bool = False
    retry_policy: RetryPolicy = field(default_factory=RetryPolicy)
    user_agent: str = "datachain-studio-client"
    max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE
    default_headers: Mapping[str, str] = field(default_factory=dict)
    """Headers every call sends (`default_headers=`), checked by `check_headers`."""
    raw: bool = False
    """`execute` answers a `RawResponse` (the client of `with_raw_response`)."""

    def _answer(self, call: APICall[T], response: httpx2.Response, text: str | bytes | None) -> T:
        """What `execute` returns for a successful `response`."""
        if self.raw:
            return cast(T, RawResponse(response, lambda: self._result(call, response, text)))
        return self._result(call, response, text)

    def _request(
        self, http: httpx2.Client | httpx2.AsyncClient, call: APICall[Any], attempt: _Attempt
    ) -> httpx2.Request:
        headers = {"Accept": call.accept, "User-Agent": self.user_agent}
        if not call.presigned:
            if self.default_headers:
                headers.update(self.default_headers)
            if call.extra_headers:
                headers.update(call.extra_headers)
        if self.auth_header and not call.presigned:  # none for sign-in, nor a signed URL
            headers["Authorization"] = self.auth_header
        content: Any = None
        if call.upload is not None:
            headers.update(call.upload.headers)
            content = call.upload if isinstance(http, httpx2.Client) else call.upload.async_content
        elif call.has_json:
            headers["Content-Type"] = "application/json"
            content = _json_body(call.json)
        name = _operation.get()
        named = {} if name is None else {OPERATION_EXTENSION: name}
        if call.presigned:  # the URL as given; nothing of the httpx2 client's (headers, cookies)
            return httpx2.Request(
                call.method,
                call.path,
                headers=headers,
                extensions={"timeout": attempt.timeout.as_dict(), **named},
            )
        request = http.build_request(
            call.method,
            self.base_url + call.path,
            params=_sent_query(call),
            content=content,
            headers=headers,
            timeout=attempt.timeout,
            extensions=named or None,
        )
        if call.upload is None and call.has_json:
            request.stream = _SentBody(content)
        return request

    def _read(self, response: httpx2.Response, chunks: Iterable[bytes]) -> bytes:
        """Feed the raw (still encoded) `chunks` of `response` through a `_BodyReader`."""
        reader = self._reader(response)
        for chunk in chunks:
            reader.feed(chunk)
        return reader.finish()

    def _reader(self, response: httpx2.Response) -> _BodyReader:
        return _BodyReader(response, self.max_response_size, self._secret)

    def _too_large(self, request: httpx2.Request, exc: Exception) -> None:
        """Raise `RequestTooLargeError` if the server hung up while the body was being sent."""
        body = request.stream
        if (
            isinstance(body, _SentBody)
            and isinstance(exc, httpx2.TransportError)
            and not isinstance(exc, httpx2.TimeoutException)
            and body.written > 0
            and not body.done
        ):
            size = len(body.data)
            raise RequestTooLargeError(
                f"The request body ({_size_text(size)}) is too large for Studio: the server "
                f"closed the connection, without an answer, after {_size_text(body.written)} "
                f"of it had been sent ({_outcome_text(exc)})",
                request=request,
                size=size,
            ).hide(self._secret) from None

    def _limits(self, timeout: Timeout | None = None) -> _Attempt:
        """How an attempt is bounded: by the call's `timeout`, or else by the client's own
        (checked once, and again if `with_options` changed it)."""
        if timeout is not None:
            return check_timeout(timeout)
        cached = self.__dict__.get("_cached_limits")
        if cached is None or cached[0] is not self.timeout:
            cached = (self.timeout, check_timeout(self.timeout))
            self.__dict__["_cached_limits"] = cached
        return cast(_Attempt, cached[1])

    @property
    def _secret(self) -> str:
        return self.auth_header.partition(" ")[2]

    def _policy(self, max_retries: int | None) -> RetryPolicy:
        if max_retries is None and self.max_retries == self.retry_policy.max_retries:
            return self.retry_policy  # the client's own, checked when it was set
        retries = check_retries(self.max_retries if max_retries is None else max_retries)
        if retries == self.retry_policy.max_retries:
            return self.retry_policy
        return RetryPolicy(
            max_retries=retries,
            initial_delay=self.retry_policy.initial_delay,
            max_delay=self.retry_policy.max_delay,
            max_retry_after=self.retry_policy.max_retry_after,
            jitter=self.retry_policy.jitter,
            random=self.retry_policy.random,
            clock=self.retry_policy.clock,
        )

    def _pause(
        self,
        call: APICall[Any],
        outcome: httpx2.Response | Exception,
        attempt: int,
        policy: RetryPolicy,
        deadline: Deadline | None,
    ) -> float:
        """Seconds to wait before the next attempt. Raises the call's error when there is
        none; the deadline's error when an attempt it cut short timed out, or when the wait
        would outlast it."""
        left = None if deadline is None or deadline.look_once else deadline.remaining()
        spent = deadline is not None and left is not None and left <= 0
        if spent and deadline is not None and isinstance(outcome, httpx2.TimeoutException):
            raise deadline.error() from None
        replayable = call.upload is None or call.upload.replayable
        delay = None
        if replayable:
            delay = policy.next_delay(call.method, outcome, attempt, idempotent=call.idempotent)
        if delay is None:
            raise _error_for(outcome, call.decode).hide(self._secret)
        if deadline is not None and left is not None and delay >= left:
            raise deadline.error() from None
        logger.info(
            "retrying %s %s in %.2fs (attempt %d of %d) after %s",
            call.method,
            call.where,
            delay,
            attempt + 1,
            policy.max_retries + 1,
            mask_secrets(_outcome_text(outcome), (self._secret,)),
        )
        return delay

    def _result(self, call: APICall[T], response: httpx2.Response, text: str | bytes | None) -> T:
        """The parsed answer. `text` is the body as `_decoded` gives it (None: not read)."""
        if call.result is None or text is None:
            return None  # type: ignore[return-value]  # an APICall[None]
        if call.post is not None:
            return cast(T, call.post(self._parsed(call, response, text)))
        return cast(T, self._parsed(call, response, text))

    def _parsed(self, call: APICall[Any], response: httpx2.Response, text: str | bytes) -> Any:
        if call.result is bytes:  # `Studio.get(..., cast_to=bytes)`: the body as it came
            return text
        parsing = _parsing()
        if call.decode is None and isinstance(text, str):
            # models made from their objects' text (None: read it the json way)
            parsed = parsing.read_text(text, call.result, strict=self.strict)
            if parsed is not None:
                return self._unwrapped(call, response, parsed, text)
        try:
            if call.decode is not None:
                data = call.decode(text if isinstance(text, bytes) else text.encode())
            elif isinstance(text, bytes):
                raise ValueError("not text")
            else:
                data = json.loads(text)
        except DecodedTooLarge as exc:
            raise ResponseTooLargeError(
                f"The response is too large for max_response_size "
                f"({_size_text(self.max_response_size)}): {exc}",
                response=response,
                limit=self.max_response_size,
            ).hide(self._secret) from None
        except (ValueError, RecursionError) as exc:
            body = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
            excerpt = body[:80].decode("utf-8", "replace")
            kind = "JSON" if call.decode is None else f"what it should be ({exc})"
            problem = (
                f"Studio answered {response.status_code} with a body that is not {kind}: "
                f"{excerpt!r}"
            )
            raise APIResponseValidationError(problem, response=response, body=body).hide(
                self._secret
            ) from None
        try:
            parsed = parsing.parse(data, call.result, strict=self.strict)
        except (parsing.ParseError, RecursionError) as exc:
            problem = f"The response does not match the contract: {exc}"
            raise APIResponseValidationError(problem, response=response, body=data).hide(
                self._secret
            ) from None
        return self._unwrapped(call, response, parsed, data)

    def _unwrapped(
        self, call: APICall[Any], response: httpx2.Response, parsed: Any, data: Any
    ) -> Any:
        """`parsed`, or its `call.unwrap` object; `data` is the body (decoded, or its text)."""
        if call.unwrap is None:
            return parsed
        inner = getattr(parsed, call.unwrap, None)
        if not _parsing().is_model(inner):
            if isinstance(data, str):
                data = json.loads(data)
            problem = f"The response has no {call.unwrap!r} object"
            raise APIResponseValidationError(problem, response=response, body=data).hide(
                self._secret
            )
        return inner


@functools.cache
def _parsing() -> ModuleType:
    """`_parsing`, imported with the first answer (it loads the generated models' runtime)."""
    from . import _parsing as module

    return module


def _sent_query(call: APICall[Any]) -> Mapping[str, Any] | None:
    """The call's query parameters and the caller's `extra_query`, both already as sent."""
    if call.extra_query:
        return {**(call.params or {}), **call.extra_query}
    return call.params or None


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The query parameters as sent (as the generated operations give theirs): `None` left
    out, booleans as `"true"`/`"false"`."""
    if not params:
        return None
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None:
            continue
        out[key] = ("true" if value else "false") if isinstance(value, bool) else value
    return out


def _json_body(value: Any) -> bytes:
    try:
        return json.dumps(value, separators=(",", ":"), allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        raise InvalidRequestError(f"The request body cannot be sent as JSON: {exc}") from None


def _error_for(
    outcome: httpx2.Response | Exception, decode: Callable[[bytes], Any] | None = None
) -> StudioError:
    if isinstance(outcome, httpx2.Response):
        if outcome.status_code == 413:
            return _payload_too_large(outcome, decode)
        return make_status_error(outcome, decode=decode)
    if isinstance(outcome, httpx2.TimeoutException):
        return APITimeoutError(
            f"Request to Studio timed out ({type(outcome).__name__})", request=outcome.request
        )
    if isinstance(outcome, httpx2.TooManyRedirects):
        return APIConnectionError("Too many redirects", request=outcome.request)
    if isinstance(outcome, httpx2.RequestError):
        return APIConnectionError(
            f"Could not reach Studio: {_outcome_text(outcome)}", request=outcome.request
        )
    raise outcome


def _payload_too_large(
    response: httpx2.Response, decode: Callable[[bytes], Any] | None = None
) -> PayloadTooLargeError:
    """The error for a 413 answer, naming the size of the body that was refused."""
    status = make_status_error(response, decode=decode)
    size = _sent_size(response)
    message = (
        "The request body is too large for Studio"
        if size is None
        else f"The request body ({_size_text(size)}) is too large for Studio"
    )
    if status.message != f"{response.status_code} {response.reason_phrase}".strip():
        message += f": {status.message}"
    return PayloadTooLargeError(message, response=response, body=status.body, size=size)


def _sent_size(response: httpx2.Response) -> int | None:
    try:
        request = response.request
    except RuntimeError:
        return None
    if isinstance(request.stream, _SentBody):
        return len(request.stream.data)
    length = request.headers.get("content-length", "")
    return int(length) if length.isdigit() else None


def _succeeded(response: httpx2.Response) -> bool:
    """`response.is_success` (a 2xx status), without its indirections: on every answer."""
    return 200 <= response.status_code < 300


def _outcome_text(outcome: httpx2.Response | BaseException) -> str:
    if isinstance(outcome, httpx2.Response):
        return f"{outcome.status_code} {outcome.reason_phrase}".strip()
    return type(outcome).__name__ + (f": {outcome}" if str(outcome) else "")


def _open(http: httpx2.Client, request: httpx2.Request, call: APICall[Any]) -> httpx2.Response:
    """The response to `request`, its body unread: a pre-signed URL's by `_presigned_send`."""
    if call.presigned:
        return _presigned_send(http, request)
    return http.send(request, stream=True, follow_redirects=True)


async def _async_open(
    http: httpx2.AsyncClient, request: httpx2.Request, call: APICall[Any]
) -> httpx2.Response:
    """The async twin of `_open`."""
    if call.presigned:
        return await _async_presigned_send(http, request)
    return await http.send(request, stream=True, follow_redirects=True)


def _presigned_send(http: httpx2.Client, request: httpx2.Request) -> httpx2.Response:
    """The response of a pre-signed URL (an export's chunk, an archived log), its redirects
    followed, its body unread.

    A pre-signed URL is another host's: it gets nothing of Studio's. The request goes out
    through the httpx2 client's transport for its URL (its TLS settings, proxies and pool)
    but not through the client itself, whose cookie jar would add Studio's cookies to it
    (on a redirect) and learn the cookies it sets (then sent to Studio), and whose auth is
    Studio's. The client's event hooks still see each request and response, as they see
    every other (tracing). Redirects are followed here, as the client would (at most
    `max_redirects`), each one a bare GET of the new URL.
    """
    route = getattr(http, "_transport_for_url", None)  # httpx2 2.17 internals: not public
    hooks = http.event_hooks
    for _ in range(http.max_redirects + 1):
        _check_presigned(request)
        if route is None:  # no way round the client: it is used as it is
            return http.send(request, stream=True, follow_redirects=False, auth=None)
        for hook in hooks["request"]:
            hook(request)
        try:
            response: httpx2.Response = route(request.url).handle_request(request)
        except httpx2.RequestError as exc:
            exc.request = request
            raise
        response.request = request
        try:
            for hook in hooks["response"]:
                hook(response)
        except BaseException:
            response.close()
            raise
        if not response.has_redirect_location:
            return response
        response.close()  # its body is not wanted
        request = _redirected(request, response)
    raise httpx2.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)


async def _async_presigned_send(
    http: httpx2.AsyncClient, request: httpx2.Request
) -> httpx2.Response:
    """The async twin of `_presigned_send`."""
    route = getattr(http, "_transport_for_url", None)  # httpx2 2.17 internals: not public
    hooks = http.event_hooks
    for _ in range(http.max_redirects + 1):
        _check_presigned(request)
        if route is None:
            return await http.send(request, stream=True, follow_redirects=False, auth=None)
        for hook in hooks["request"]:
            await hook(request)
        try:
            response: httpx2.Response = await route(request.url).handle_async_request(request)
        except httpx2.RequestError as exc:
            exc.request = request
            raise
        response.request = request
        try:
            for hook in hooks["response"]:
                await hook(response)
        except BaseException:
            await response.aclose()
            raise
        if not response.has_redirect_location:
            return response
        await response.aclose()
        request = _redirected(request, response)
    raise httpx2.TooManyRedirects("Exceeded maximum allowed redirects.", request=request)


def _check_presigned(request: httpx2.Request) -> None:
    if request.url.scheme not in ("http", "https") or not request.url.host:
        raise httpx2.UnsupportedProtocol(
            f"a pre-signed URL must be http(s) with a host: {_without_query(str(request.url))}",
            request=request,
        )


def _redirected(request: httpx2.Request, response: httpx2.Response) -> httpx2.Request:
    """The GET a redirect of a pre-signed request leads to: its headers, and nothing more."""
    try:
        url = request.url.join(response.headers["Location"])
    except httpx2.InvalidURL as exc:
        raise httpx2.RemoteProtocolError(
            f"Invalid URL in location header: {exc}.", request=request
        ) from None
    headers = [(name, value) for name, value in request.headers.items() if name != "host"]
    return httpx2.Request("GET", url, headers=headers, extensions=request.extensions)


def _body_budget(deadline: Deadline | None) -> float | None:
    """Seconds a streamed body may still take: the deadline's time left (None: no bound)."""
    return None if deadline is None else deadline.budget()


def _body_deadline(deadline: Deadline | None, bounded: bool) -> Any:
    """Bound every socket read of a sync body by `deadline`, where the client's transport
    honours `attempt_deadline` (elsewhere `_pieces` checks it between reads)."""
    import contextlib

    left = _body_budget(deadline)
    if left is None or not bounded:
        return contextlib.nullcontext()
    return attempt_deadline(time.monotonic() + left)


def _pieces(
    raw: Iterable[bytes], reader: _BodyReader, deadline: Deadline | None
) -> Iterator[bytes]:
    """The body of `raw` decoded by `reader`; the deadline's error once it has passed."""
    for chunk in raw:
        for piece in reader.decode(chunk):
            _body_budget(deadline)
            yield piece
    yield from reader.flush()


async def _async_pieces(
    raw: AsyncIterator[bytes], reader: _BodyReader, deadline: Deadline | None
) -> AsyncIterator[bytes]:
    """The async twin of `_pieces`."""
    async for chunk in raw:
        for piece in reader.decode(chunk):
            _body_budget(deadline)
            yield piece
    for piece in reader.flush():
        yield piece


def _without_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


def _log_response(
    response: httpx2.Response, started: float, attempt: int, call: APICall[Any]
) -> None:
    if logger.isEnabledFor(logging.INFO):
        url = redact_url(response.request.url)
        logger.info(
            "%s %s -> %d in %.0f ms (attempt %d)",
            response.request.method,
            _without_query(url) if call.presigned else url,
            response.status_code,
            (time.monotonic() - started) * 1000,
            attempt,
        )


class _DeadlineStream(httpx2.SyncByteStream):
    """A response body that fails once the attempt's deadline has passed."""

    def __init__(
        self, inner: httpx2.SyncByteStream, deadline: float, request: httpx2.Request
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx2.ReadTimeout(
                    "the response took longer than the timeout", request=self._request
                )
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncDeadlineStream(httpx2.AsyncByteStream):
    """The async twin of `_DeadlineStream`."""

    def __init__(
        self, inner: httpx2.AsyncByteStream, deadline: float, request: httpx2.Request
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx2.ReadTimeout(
                    "the response took longer than the timeout", request=self._request
                )
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


_sleep: Callable[[float], None] = time.sleep


def user_agent() -> str:
    """The `User-Agent` every request sends: this client's version and httpx2's."""
    from ._version import __version__

    return f"datachain-studio-client/{__version__} httpx2/{httpx2.__version__}"


def deadline_client() -> httpx2.Client:
    """The `httpx2.Client` a `Studio` makes: every socket operation bounded by the attempt."""
    from ._deadline_backend import deadline_client as make

    return make()


H = TypeVar("H", httpx2.Client, httpx2.AsyncClient)


def _closed_error() -> StudioError:
    from ._exceptions import ClientClosedError

    return ClientClosedError(
        "This Studio client has been closed, so it cannot send requests: create "
        "a new one (and close it once done, e.g. with `with Studio(...) as studio:`)."
    )


class LazyHTTP(Generic[H]):
    """An httpx2 client made on first use: building one loads the TLS certificates, so a
    client that is created but never used (or only configured) costs nothing.

    Made once even when many threads make their first call at the same moment (a lock,
    checked twice), so no spare client is built and leaked. Once `close`d, or when the
    client handed in was closed, `get` raises `ClientClosedError`. An `httpx2.AsyncClient`
    remembers the event loop it was first used in; in another loop, after that one has
    ended (a second `asyncio.run`), one this object made is replaced by a fresh one (its
    old connections died with their loop), while one the user handed in raises
    `ClientClosedError`: it is theirs to replace. A sync `httpx2.Client` this object made is
    closed when the object is garbage-collected unclosed (or at exit), so a `Studio` dropped
    without `close()` leaves no socket open; an `httpx2.AsyncClient` cannot be (closing it
    needs its event loop).
    """

    def __init__(self, factory: Callable[[], H], given: H | None = None) -> None:
        self._factory: Callable[[], H] = factory
        self.made: H | None = given
        self.owned: bool = given is None
        """Whether this object made the httpx2 client (and so may close or replace it)."""
        self.bounded: bool = given is None and factory is deadline_client
        """Whether every socket operation already honours the attempt's deadline."""
        import threading

        self.closed: bool = False
        self._lock = threading.Lock()
        self._loop: object = None
        self._streams: set[Any] = set()
        """What is open beyond the pool (log streams, chunk downloads): ended by `close`."""
        self._release: weakref.finalize[Any, Any] | None = None
        """Closes the sync httpx2 client this object made if it is dropped unclosed."""

    def track(self, stream: Any) -> None:
        """Note an open stream (a WebSocket, a streamed response) that `close` ends."""
        with self._lock:
            if self.closed:
                raise _closed_error()
            self._streams.add(stream)

    def untrack(self, stream: Any) -> None:
        with self._lock:
            self._streams.discard(stream)

    def ensure_open(self) -> None:
        """`ClientClosedError` once this has been closed: an iterator's check at each step."""
        if self.closed:
            raise _closed_error()

    def take_streams(self) -> list[Any]:
        """The streams still open, forgotten here: the closer ends them."""
        with self._lock:
            streams, self._streams = list(self._streams), set()
        return streams

    def get(self) -> H:
        made = self.made
        if (
            made is not None
            and not self.closed
            and not made.is_closed
            and (not isinstance(made, httpx2.AsyncClient) or self._loop is self._running_loop())
        ):
            return made
        from ._exceptions import ClientClosedError

        with self._lock:
            if self.closed:
                raise _closed_error()
            made = self.made
            if made is not None and made.is_closed:
                raise ClientClosedError(
                    "The httpx2 client passed as http_client has been closed: pass an open "
                    "one (a new Studio or AsyncStudio with a new httpx2 client)."
                )
            if made is None:
                made = self.made = self._factory()
                if isinstance(made, httpx2.Client):
                    # Dropped without `close()`: its connections are closed when this object
                    # is collected (quietly: no ResourceWarning for their sockets), or at exit.
                    self._release = weakref.finalize(self, made.close)
            if isinstance(made, httpx2.AsyncClient):
                loop = self._running_loop()
                if self._loop is None:
                    self._loop = loop
                elif loop is not None and loop is not self._loop:
                    if not getattr(self._loop, "is_closed", lambda: False)():
                        self._loop = loop  # still running elsewhere: httpx2's own rules apply
                    elif self.owned:
                        made = self.made = self._factory()
                        self._loop = loop
                    elif not _pooled_connections(made):
                        self._loop = loop  # nothing of the old loop is left in it (no keep-alive)
                    else:
                        raise ClientClosedError(
                            "The httpx2.AsyncClient passed as http_client was used in an event "
                            "loop that has ended (an earlier asyncio.run), and its connections "
                            "ended with it: make a new httpx2.AsyncClient (and AsyncStudio) in "
                            "this event loop, or let AsyncStudio make its own."
                        )
            return made

    def close(self) -> H | None:
        """Mark this closed; the httpx2 client to close, if this object made one."""
        with self._lock:
            self.closed = True
            made, self.made = (self.made, None) if self.owned else (None, self.made)
            if self._release is not None:
                self._release.detach()  # the caller closes it now
                self._release = None
        if made is not None and isinstance(made, httpx2.AsyncClient):
            loop = self._running_loop()
            if self._loop is not None and loop is not self._loop:
                return None  # its loop has ended or is another one: nothing to close here
        return made

    @staticmethod
    def _running_loop() -> object:
        """The running asyncio event loop, or None (none running, or another async library)."""
        import asyncio

        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None


@dataclass
class SyncAPIClient(BaseClient):
    """Sends `APICall`s over an `httpx2.Client`."""

    http: LazyHTTP[httpx2.Client] = field(
        default_factory=lambda: LazyHTTP(deadline_client), repr=False
    )

    def execute(
        self,
        call: APICall[T],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        deadline: Deadline | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> T:
        """Send `call`, retrying as allowed, and return its parsed result.

        Inside a bounded operation (`deadline`), each attempt gets at most the time left and
        no retry starts once it is spent: the deadline's error is raised instead.
        """
        if extra_headers is not None or extra_query is not None or extra_body is not None:
            call = call.extended(extra_headers, extra_query, extra_body)
        limits, policy = self._limits(timeout), self._policy(max_retries)
        attempt = 0
        while True:
            attempt += 1
            attempt_limits = limits.capped(None if deadline is None else deadline.budget())
            outcome: httpx2.Response | Exception
            http = self.http.get()
            request = self._request(http, call, attempt_limits)
            try:
                response, text = self._send(http, request, call, attempt_limits, attempt)
            except httpx2.HTTPError as exc:
                self._too_large(request, exc)
                outcome = exc
            else:
                if _succeeded(response):
                    return self._answer(call, response, text)
                outcome = response
            _sleep(self._pause(call, outcome, attempt, policy, deadline))

    def stream(
        self,
        call: APICall[Any],
        consume: Callable[[httpx2.Response, Iterator[bytes]], T],
        *,
        sized: bool = True,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        deadline: Deadline | None = None,
    ) -> T:
        """Send `call` as `execute` does (retries, bounds, errors) and hand the successful
        response, with its body, to `consume`, whose result is returned.

        The body is handed over as it arrives, decoded a piece at a time by the bounded
        reader (`_BodyReader`): at most `max_response_size` bytes in all
        (`ResponseTooLargeError` past it), or without a bound on its size with
        `sized=False` (a body written to disk as it comes). The answer's headers must come
        within the timeout; the body may be large (an export's chunk): each read of it is
        bounded by the timeout, and all of it by `deadline`, whose error ends it once passed.
        A transport failure while `consume` reads is retried like any other (so `consume`
        starts over each time); what else it raises ends it.
        """
        limits, policy = self._limits(timeout), self._policy(max_retries)
        attempt = 0
        while True:
            attempt += 1
            attempt_limits = limits.capped(None if deadline is None else deadline.budget())
            http = self.http.get()
            request = self._request(http, call, attempt_limits)
            outcome: httpx2.Response | Exception
            started = time.monotonic()
            try:
                with attempt_deadline(started + attempt_limits.deadline):
                    response = _open(http, request, call)
                try:
                    self.http.track(response)  # closing the client ends it
                    if response.is_success:
                        _log_response(response, started, attempt, call)
                        reader = _BodyReader(
                            response, self.max_response_size if sized else None, self._secret
                        )
                        body = _pieces(response.iter_raw(), reader, deadline)
                        with _body_deadline(deadline, self.http.bounded):
                            return consume(response, body)
                    response._content = self._read(response, response.iter_raw())
                    outcome = response
                finally:
                    self.http.untrack(response)
                    response.close()
            except httpx2.HTTPError as exc:
                outcome = exc
            _sleep(self._pause(call, outcome, attempt, policy, deadline))

    def _send(
        self,
        http: httpx2.Client,
        request: httpx2.Request,
        call: APICall[Any],
        limits: _Attempt,
        attempt: int,
    ) -> tuple[httpx2.Response, str | bytes | None]:
        """The response, and the body of a successful one that `call` reads (see `_decoded`)."""
        started = time.monotonic()
        deadline = started + limits.deadline
        text = None
        with attempt_deadline(deadline):
            response = http.send(request, stream=True, follow_redirects=True)
            try:
                if not self.http.bounded:  # a user's httpx2.Client: bound the body at least
                    assert isinstance(response.stream, httpx2.SyncByteStream)
                    response.stream = _DeadlineStream(response.stream, deadline, request)
                if hasattr(response, "_content"):  # a transport that read the body itself
                    body = response.content
                    self._reader(response).feed(body)  # only checks its size
                else:
                    body = self._read(response, response.iter_raw())
                if _succeeded(response) and call.result is not None:
                    raw = call.decode is not None or call.result is bytes
                    text = body if raw else _decoded(body)
                else:
                    response._content = body  # what `response.read()` would have kept
                del body
            finally:
                response.close()
                _unbind(response)
        _log_response(response, started, attempt, call)
        return response, text


async def _async_sleep(delay: float) -> None:
    import anyio  # as httpx2 does: asyncio or trio, whichever runs the call

    await anyio.sleep(delay)


def _timeout(seconds: float) -> Any:
    import anyio

    return anyio.fail_after(seconds)


@dataclass
class AsyncAPIClient(BaseClient):
    """Sends `APICall`s over an `httpx2.AsyncClient`."""

    http: LazyHTTP[httpx2.AsyncClient] = field(
        default_factory=lambda: LazyHTTP(httpx2.AsyncClient), repr=False
    )

    async def execute(
        self,
        call: APICall[T],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        deadline: Deadline | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, Any] | None = None,
        extra_body: Mapping[str, Any] | None = None,
    ) -> T:
        """Send `call`, retrying as allowed, and return its parsed result (see
        `SyncAPIClient.execute`)."""
        if extra_headers is not None or extra_query is not None or extra_body is not None:
            call = call.extended(extra_headers, extra_query, extra_body)
        limits, policy = self._limits(timeout), self._policy(max_retries)
        attempt = 0
        while True:
            attempt += 1
            attempt_limits = limits.capped(None if deadline is None else deadline.budget())
            outcome: httpx2.Response | Exception
            request = self._request(self.http.get(), call, attempt_limits)
            try:
                response, text = await self._attempt(request, call, attempt_limits, attempt)
            except TimeoutError:
                outcome = httpx2.ReadTimeout(
                    "the response took longer than the timeout", request=request
                )
            except httpx2.HTTPError as exc:
                self._too_large(request, exc)
                outcome = exc
            else:
                if _succeeded(response):
                    return self._answer(call, response, text)
                outcome = response
            await _async_sleep(self._pause(call, outcome, attempt, policy, deadline))

    async def stream(
        self,
        call: APICall[Any],
        consume: Callable[[httpx2.Response, AsyncIterator[bytes]], Awaitable[T]],
        *,
        sized: bool = True,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        deadline: Deadline | None = None,
    ) -> T:
        """Send `call` and hand the successful response, with its body, to `consume` (see
        `SyncAPIClient.stream`)."""
        limits, policy = self._limits(timeout), self._policy(max_retries)
        attempt = 0
        while True:
            attempt += 1
            attempt_limits = limits.capped(None if deadline is None else deadline.budget())
            http = self.http.get()
            request = self._request(http, call, attempt_limits)
            outcome: httpx2.Response | Exception
            started = time.monotonic()
            try:
                try:
                    with _timeout(attempt_limits.deadline):
                        response = await _async_open(http, request, call)
                except TimeoutError:
                    raise httpx2.ReadTimeout(
                        "the response took longer than the timeout", request=request
                    ) from None
                try:
                    self.http.track(response)  # closing the client ends it
                    if response.is_success:
                        _log_response(response, started, attempt, call)
                        reader = _BodyReader(
                            response, self.max_response_size if sized else None, self._secret
                        )
                        body = _async_pieces(response.aiter_raw(), reader, deadline)
                        left = _body_budget(deadline)
                        if left is None:
                            return await consume(response, body)
                        try:
                            with _timeout(left):
                                return await consume(response, body)
                        except TimeoutError as exc:
                            if isinstance(exc, StudioError) or deadline is None:
                                raise
                            raise deadline.error() from None
                    reader = self._reader(response)
                    async for piece in response.aiter_raw():
                        reader.feed(piece)
                    response._content = reader.finish()
                    outcome = response
                finally:
                    self.http.untrack(response)
                    await response.aclose()
            except httpx2.HTTPError as exc:
                outcome = exc
            await _async_sleep(self._pause(call, outcome, attempt, policy, deadline))

    async def _attempt(
        self, request: httpx2.Request, call: APICall[Any], limits: _Attempt, attempt: int
    ) -> tuple[httpx2.Response, str | bytes | None]:
        with _timeout(limits.deadline):
            return await self._send(request, call, limits, attempt)

    async def _send(
        self, request: httpx2.Request, call: APICall[Any], limits: _Attempt, attempt: int
    ) -> tuple[httpx2.Response, str | bytes | None]:
        """The response, and the body of a successful one that `call` reads (see `_decoded`)."""
        started = time.monotonic()
        text = None
        http = self.http.get()
        response = await http.send(request, stream=True, follow_redirects=True)
        try:
            assert isinstance(response.stream, httpx2.AsyncByteStream)
            response.stream = _AsyncDeadlineStream(
                response.stream, started + limits.deadline, request
            )
            if hasattr(response, "_content"):  # a transport that read the body itself
                body = response.content
                self._reader(response).feed(body)  # only checks its size
            else:
                reader = self._reader(response)
                async for chunk in response.aiter_raw():
                    reader.feed(chunk)
                body = reader.finish()
            if _succeeded(response) and call.result is not None:
                raw = call.decode is not None or call.result is bytes
                text = body if raw else _decoded(body)
            else:
                response._content = body  # what `response.aread()` would have kept
            del body
        finally:
            try:
                await response.aclose()
            finally:
                _unbind(response)
        _log_response(response, started, attempt, call)
        return response, text
