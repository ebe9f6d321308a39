"""The request pipeline under `Studio` and `AsyncStudio`.

A resource method turns its arguments into an `APICall` (what to send, how to read the
answer). The client then sends it: it adds the token, applies the timeout and a deadline on
the whole attempt, retries as `RetryPolicy` allows, turns error statuses into typed
exceptions and parses the body into the generated models. Sync and async clients share
everything here but the few lines that do I/O.
"""

from __future__ import annotations

import json
import logging
import math
import time
import zlib
from collections.abc import AsyncIterator, Callable, Coroutine, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

import httpx

from ._deadline import attempt_deadline, deadline_client
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
    mask_secrets,
    redact_url,
)
from ._logging import logger
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._upload import UploadBody

T = TypeVar("T")

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

Timeout = float | httpx.Timeout


@dataclass(frozen=True, slots=True)
class APICall(Generic[T]):
    """One request a resource method wants made, and how to read its answer.

    `result` is the type the JSON body is parsed into (`None`: the answer is not read), and
    `unwrap` names an attribute of it to return instead (`PipelineOutput.pipeline`).
    `idempotent` says whether sending it twice is harmless; a call that is not is retried
    only when the server cannot have acted on it.
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


def call_from_kwargs(
    kwargs: Mapping[str, Any], result: Any, *, idempotent: bool, unwrap: str | None = None
) -> APICall[Any]:
    """An `APICall` from what a generated `_get_kwargs` returned."""
    return APICall(
        method=str(kwargs["method"]).upper(),
        path=str(kwargs["url"]),
        result=result,
        params=kwargs.get("params"),
        json=kwargs.get("json"),
        idempotent=idempotent,
        has_json="json" in kwargs,
        unwrap=unwrap,
    )


@dataclass(frozen=True, slots=True)
class _Attempt:
    """How one attempt is bounded."""

    timeout: httpx.Timeout
    deadline: float


def _seconds(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidRequestError(f"{name} must be a number of seconds, not {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise InvalidRequestError(
            f"{name} must be a positive, finite number of seconds, not {value!r}"
        )
    return float(value)


def check_timeout(timeout: object) -> _Attempt:
    """How an attempt is bounded: `timeout` in seconds, or an `httpx.Timeout` fully set."""
    if isinstance(timeout, httpx.Timeout):
        parts = {
            "connect": timeout.connect,
            "read": timeout.read,
            "write": timeout.write,
            "pool": timeout.pool,
        }
        if any(part is None for part in parts.values()):
            raise InvalidRequestError(
                "every part of an httpx.Timeout must be set: no wait is unbounded"
            )
        total = sum(_seconds(part, f"timeout.{name}") for name, part in parts.items())
        return _Attempt(timeout, total)
    seconds = _seconds(timeout, "timeout")
    return _Attempt(httpx.Timeout(seconds, connect=min(DEFAULT_CONNECT_TIMEOUT, seconds)), seconds)


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

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, call: APICall[Any], attempt: _Attempt
    ) -> httpx.Request:
        headers = {
            "Authorization": self.auth_header,
            "Accept": "application/json",
            "User-Agent": self.user_agent,
        }
        content: Any = None
        if call.upload is not None:
            headers.update(call.upload.headers)
            content = call.upload if isinstance(http, httpx.Client) else call.upload.async_content
        elif call.has_json:
            headers["Content-Type"] = "application/json"
            content = _json_body(call.json)
        request = http.build_request(
            call.method,
            self.base_url + call.path,
            params=_query(call.params),
            content=content,
            headers=headers,
            timeout=attempt.timeout,
        )
        if call.upload is None and call.has_json:
            request.stream = _SentBody(content)
        return request

    def _read(self, response: httpx.Response, chunks: Iterable[bytes]) -> bytes:
        """Feed the raw (still encoded) `chunks` of `response` through a `_BodyReader`."""
        reader = self._reader(response)
        for chunk in chunks:
            reader.feed(chunk)
        return reader.finish()

    def _reader(self, response: httpx.Response) -> _BodyReader:
        return _BodyReader(response, self.max_response_size, self._secret)

    def _too_large(self, request: httpx.Request, exc: Exception) -> None:
        """Raise `RequestTooLargeError` if the server hung up while the body was being sent."""
        body = request.stream
        if (
            isinstance(body, _SentBody)
            and isinstance(exc, httpx.TransportError)
            and not isinstance(exc, httpx.TimeoutException)
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

    def _limits(self) -> _Attempt:
        """The client's own timeout, checked once (and again if `with_options` changed it)."""
        cached = self.__dict__.get("_cached_limits")
        if cached is None or cached[0] is not self.timeout:
            cached = (self.timeout, check_timeout(self.timeout))
            self.__dict__["_cached_limits"] = cached
        return cast(_Attempt, cached[1])

    @property
    def _secret(self) -> str:
        return self.auth_header.partition(" ")[2]

    def _policy(self, max_retries: int | None) -> RetryPolicy:
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

    def _next_delay(
        self,
        call: APICall[Any],
        outcome: httpx.Response | Exception,
        attempt: int,
        policy: RetryPolicy,
    ) -> float:
        """Seconds to wait before the next attempt; raises the error when there is none."""
        replayable = call.upload is None or call.upload.replayable
        delay = None
        if replayable:
            delay = policy.next_delay(call.method, outcome, attempt, idempotent=call.idempotent)
        if delay is None:
            raise _error_for(outcome).hide(self._secret)
        logger.info(
            "retrying %s %s in %.2fs (attempt %d of %d) after %s",
            call.method,
            call.path,
            delay,
            attempt + 1,
            policy.max_retries + 1,
            mask_secrets(_outcome_text(outcome), (self._secret,)),
        )
        return delay

    def _result(self, call: APICall[T], response: httpx.Response, text: str | bytes | None) -> T:
        """The parsed answer. `text` is the body as `_decoded` gives it (None: not read)."""
        from ._parsing import ParseError, is_model, parse

        if call.result is None or text is None:
            return None  # type: ignore[return-value]  # an APICall[None]
        try:
            if isinstance(text, bytes):
                raise ValueError("not text")
            data = json.loads(text)
        except (ValueError, RecursionError):
            body = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
            excerpt = body[:80].decode("utf-8", "replace")
            problem = (
                f"Studio answered {response.status_code} with a body that is not JSON: {excerpt!r}"
            )
            raise APIResponseValidationError(problem, response=response, body=body).hide(
                self._secret
            ) from None
        try:
            parsed = parse(data, call.result, strict=self.strict)
        except (ParseError, RecursionError) as exc:
            problem = f"The response does not match the contract: {exc}"
            raise APIResponseValidationError(problem, response=response, body=data).hide(
                self._secret
            ) from None
        if call.unwrap is None:
            return cast(T, parsed)
        inner = getattr(parsed, call.unwrap, None)
        if not is_model(inner):
            problem = f"The response has no {call.unwrap!r} object"
            raise APIResponseValidationError(problem, response=response, body=data).hide(
                self._secret
            )
        return cast(T, inner)


def _query(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
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


def _error_for(outcome: httpx.Response | Exception) -> StudioError:
    if isinstance(outcome, httpx.Response):
        if outcome.status_code == 413:
            return _payload_too_large(outcome)
        return make_status_error(outcome)
    if isinstance(outcome, httpx.TimeoutException):
        return APITimeoutError(
            f"Request to Studio timed out ({type(outcome).__name__})", request=outcome.request
        )
    if isinstance(outcome, httpx.TooManyRedirects):
        return APIConnectionError("Too many redirects", request=outcome.request)
    if isinstance(outcome, httpx.RequestError):
        return APIConnectionError(
            f"Could not reach Studio: {_outcome_text(outcome)}", request=outcome.request
        )
    raise outcome


def _payload_too_large(response: httpx.Response) -> PayloadTooLargeError:
    """The error for a 413 answer, naming the size of the body that was refused."""
    status = make_status_error(response)
    size = _sent_size(response)
    message = (
        "The request body is too large for Studio"
        if size is None
        else f"The request body ({_size_text(size)}) is too large for Studio"
    )
    if status.message != f"{response.status_code} {response.reason_phrase}".strip():
        message += f": {status.message}"
    return PayloadTooLargeError(message, response=response, body=status.body, size=size)


def _sent_size(response: httpx.Response) -> int | None:
    try:
        request = response.request
    except RuntimeError:
        return None
    if isinstance(request.stream, _SentBody):
        return len(request.stream.data)
    length = request.headers.get("content-length", "")
    return int(length) if length.isdigit() else None


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):,.1f} MiB ({size:,} bytes)"


def _outcome_text(outcome: httpx.Response | BaseException) -> str:
    if isinstance(outcome, httpx.Response):
        return f"{outcome.status_code} {outcome.reason_phrase}".strip()
    return type(outcome).__name__ + (f": {outcome}" if str(outcome) else "")


def _log_response(response: httpx.Response, started: float, attempt: int) -> None:
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "%s %s -> %d in %.0f ms (attempt %d)",
            response.request.method,
            redact_url(response.request.url),
            response.status_code,
            (time.monotonic() - started) * 1000,
            attempt,
        )


class _DeadlineStream(httpx.SyncByteStream):
    """A response body that fails once the attempt's deadline has passed."""

    def __init__(
        self, inner: httpx.SyncByteStream, deadline: float, request: httpx.Request
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(
                    "the response took longer than the timeout", request=self._request
                )
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncDeadlineStream(httpx.AsyncByteStream):
    """The async twin of `_DeadlineStream`."""

    def __init__(
        self, inner: httpx.AsyncByteStream, deadline: float, request: httpx.Request
    ) -> None:
        self._inner = inner
        self._deadline = deadline
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._inner:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(
                    "the response took longer than the timeout", request=self._request
                )
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


_SEND_CHUNK = 64 * 1024
"""Bytes of a JSON request body handed to the connection at a time (see `_SentBody`)."""


class _SentBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A JSON request body that knows how much of it the connection has taken.

    It is handed out `_SEND_CHUNK` bytes at a time, and the connection asks for the next
    piece only once it has written the previous one: so when a send fails, `written` is how
    much had gone out and `done` whether all of it had. A server that hangs up after taking
    part of a body (`written > 0`, not `done`) and without an answer has refused its size.
    """

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.written = 0
        self.done = False

    def _pieces(self) -> Iterator[bytes]:
        self.written, self.done = 0, False  # a redirect (307, 308) sends it again
        data = self.data
        for start in range(0, len(data), _SEND_CHUNK):
            yield data[start : start + _SEND_CHUNK]
            self.written = min(start + _SEND_CHUNK, len(data))
        self.done = True

    def __iter__(self) -> Iterator[bytes]:
        yield from self._pieces()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self._pieces():
            yield piece


_PIECE = 64 * 1024
"""The most bytes one step of decompression may produce."""
_FOREIGN_SLICE = 64
"""Compressed bytes given at once to a decoder that cannot bound its output (br, zstd)."""
_MAX_ENCODINGS = 4


class _Zlib:
    """A gzip or deflate decoder whose every step yields at most `_PIECE` bytes."""

    def __init__(self, wbits: int, fallback: int | None = None) -> None:
        self._inflate = zlib.decompressobj(wbits)
        self._fallback = fallback  # deflate: zlib-wrapped, else raw (as httpx does)

    def decode(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                out = self._inflate.decompress(data, _PIECE)
            except zlib.error as exc:
                if self._fallback is None:
                    raise httpx.DecodingError(f"the body is not valid {exc}") from None
                self._inflate, self._fallback = zlib.decompressobj(self._fallback), None
                continue
            self._fallback = None
            if out:
                yield out
            data = self._inflate.unconsumed_tail
            if self._inflate.eof or (not data and len(out) < _PIECE):
                return

    def flush(self) -> Iterator[bytes]:
        return self.decode(b"")


class _Sliced:
    """One of httpx's own decoders (brotli, zstd) fed a few bytes at a time, so that one step
    inflates at most `_FOREIGN_SLICE` times the codec's ratio."""

    def __init__(self, decoder: Any) -> None:
        self._decoder = decoder

    def decode(self, data: bytes) -> Iterator[bytes]:
        for start in range(0, len(data), _FOREIGN_SLICE):
            if out := self._decoder.decode(data[start : start + _FOREIGN_SLICE]):
                yield out

    def flush(self) -> Iterator[bytes]:
        if out := self._decoder.flush():
            yield out


def _decoders(response: httpx.Response) -> list[_Zlib | _Sliced]:
    """The decoders for the body's `Content-Encoding`, the last one applied first."""
    from httpx._decoders import SUPPORTED_DECODERS

    found: list[_Zlib | _Sliced] = []
    for value in response.headers.get_list("content-encoding", split_commas=True):
        name = value.strip().lower()
        if name == "gzip":
            found.append(_Zlib(zlib.MAX_WBITS | 16))
        elif name == "deflate":
            found.append(_Zlib(zlib.MAX_WBITS, fallback=-zlib.MAX_WBITS))
        elif name in SUPPORTED_DECODERS and name != "identity":
            found.append(_Sliced(SUPPORTED_DECODERS[name]()))
        # anything else is passed through as it is, as httpx does
    if len(found) > _MAX_ENCODINGS:
        raise httpx.DecodingError(f"the body has {len(found)} content encodings")
    return found[::-1]


class _BodyReader:
    """Decodes a body as its raw chunks arrive, and stops at `limit` decoded bytes.

    httpx inflates each 64 KiB it reads at once: 64 MiB for a chunk of a gzip bomb. Here each
    step of decompression yields at most `_PIECE` bytes and is counted before the next, so
    the memory a body takes is bounded by `limit`, whatever its compression ratio.
    """

    def __init__(self, response: httpx.Response, limit: int, secret: str) -> None:
        self._response = response
        self._limit = limit
        self._secret = secret
        self._parts: list[bytes] = []
        self.size = 0
        self._decoders = _decoders(response)
        length = response.headers.get("content-length", "")
        if not self._decoders and length.isdigit() and int(length) > limit:
            self._refuse(int(length))

    def feed(self, chunk: bytes) -> None:
        try:
            self._push(0, chunk)
        except httpx.DecodingError as exc:
            exc.request = self._response.request
            raise

    def finish(self) -> bytes:
        try:
            for index, decoder in enumerate(self._decoders):
                for piece in decoder.flush():
                    self._push(index + 1, piece)
        except httpx.DecodingError as exc:
            exc.request = self._response.request
            raise
        body = b"".join(self._parts)
        self._parts = []
        return body

    def _push(self, index: int, data: bytes) -> None:
        if index == len(self._decoders):
            self.size += len(data)
            if self.size > self._limit:
                self._refuse(None)
            self._parts.append(data)
            return
        for piece in self._decoders[index].decode(data):
            self._push(index + 1, piece)

    def _refuse(self, length: int | None) -> None:
        self._parts = []
        limit = _size_text(self._limit)
        said = (
            f"its Content-Length is {_size_text(length)}"
            if length is not None
            else f"it grew past that{' once decompressed' if self._decoders else ''}"
        )
        raise ResponseTooLargeError(
            f"The response is larger than max_response_size ({limit}): {said}",
            response=self._response,
            limit=self._limit,
        ).hide(self._secret)


def _decoded(body: bytes) -> str | bytes:
    """A JSON body as text (`json.loads` would decode it the same way), or the bytes when
    they are not text. The body of a successful call is read this way, not into
    `response.content`, so that the bytes are freed once decoded: parsing a large answer then
    holds the text and the objects, not the bytes as well (a third less peak memory)."""
    try:
        return body.decode(json.detect_encoding(body), "surrogatepass")
    except UnicodeDecodeError:
        return body


def _unbind(response: httpx.Response) -> None:
    """Drop the closed body stream, which refers back to the response: without that cycle the
    response (and its whole body) is freed as soon as the call returns, not at the next full
    garbage collection, which for a large answer came long after (+1 body of resident memory).
    """
    response.stream = _CLOSED


_CLOSED = httpx.ByteStream(b"")
_sleep: Callable[[float], None] = time.sleep

H = TypeVar("H", httpx.Client, httpx.AsyncClient)


class LazyHTTP(Generic[H]):
    """An httpx client made on first use: building one loads the TLS certificates, so a
    client that is created but never used (or only configured) costs nothing.

    Made once even when many threads make their first call at the same moment (a lock,
    checked twice), so no spare client is built and leaked. Once `close`d, or when the
    client handed in was closed, `get` raises `ClientClosedError`. An `httpx.AsyncClient`
    remembers the event loop it was first used in; in another loop, after that one has
    ended (a second `asyncio.run`), one this object made is replaced by a fresh one (its
    old connections died with their loop), while one the user handed in raises
    `ClientClosedError`: it is theirs to replace.
    """

    def __init__(self, factory: Callable[[], H], given: H | None = None) -> None:
        self._factory: Callable[[], H] = factory
        self.made: H | None = given
        self.owned: bool = given is None
        """Whether this object made the httpx client (and so may close or replace it)."""
        self.bounded: bool = given is None and factory is deadline_client
        """Whether every socket operation already honours the attempt's deadline."""
        import threading

        self.closed: bool = False
        self._lock = threading.Lock()
        self._loop: object = None

    def get(self) -> H:
        made = self.made
        if (
            made is not None
            and not self.closed
            and not made.is_closed
            and (not isinstance(made, httpx.AsyncClient) or self._loop is self._running_loop())
        ):
            return made
        from ._exceptions import ClientClosedError

        with self._lock:
            if self.closed:
                raise ClientClosedError(
                    "This Studio client has been closed, so it cannot send requests: create "
                    "a new one (and close it once done, e.g. with `with Studio(...) as studio:`)."
                )
            made = self.made
            if made is not None and made.is_closed:
                raise ClientClosedError(
                    "The httpx client passed as http_client has been closed: pass an open "
                    "one (a new Studio or AsyncStudio with a new httpx client)."
                )
            if made is None:
                made = self.made = self._factory()
            if isinstance(made, httpx.AsyncClient):
                loop = self._running_loop()
                if self._loop is None:
                    self._loop = loop
                elif loop is not None and loop is not self._loop:
                    if not getattr(self._loop, "is_closed", lambda: False)():
                        self._loop = loop  # still running elsewhere: httpx's own rules apply
                    elif self.owned:
                        made = self.made = self._factory()
                        self._loop = loop
                    elif not _pooled_connections(made):
                        self._loop = loop  # nothing of the old loop is left in it (no keep-alive)
                    else:
                        raise ClientClosedError(
                            "The httpx.AsyncClient passed as http_client was used in an event "
                            "loop that has ended (an earlier asyncio.run), and its connections "
                            "ended with it: make a new httpx.AsyncClient (and AsyncStudio) in "
                            "this event loop, or let AsyncStudio make its own."
                        )
            return made

    def close(self) -> H | None:
        """Mark this closed; the httpx client to close, if this object made one."""
        with self._lock:
            self.closed = True
            made, self.made = (self.made, None) if self.owned else (None, self.made)
        if made is not None and isinstance(made, httpx.AsyncClient):
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
    """Sends `APICall`s over an `httpx.Client`."""

    http: LazyHTTP[httpx.Client] = field(
        default_factory=lambda: LazyHTTP(deadline_client), repr=False
    )

    def execute(
        self, call: APICall[T], *, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> T:
        """Send `call`, retrying as allowed, and return its parsed result."""
        attempt_limits = self._limits() if timeout is None else check_timeout(timeout)
        policy = self._policy(max_retries)
        attempt = 0
        while True:
            attempt += 1
            outcome: httpx.Response | Exception
            request = self._request(self.http.get(), call, attempt_limits)
            try:
                response, text = self._send(request, call, attempt_limits, attempt)
            except httpx.HTTPError as exc:
                self._too_large(request, exc)
                outcome = exc
            else:
                if response.is_success:
                    return self._result(call, response, text)
                outcome = response
            _sleep(self._next_delay(call, outcome, attempt, policy))

    def _send(
        self, request: httpx.Request, call: APICall[Any], limits: _Attempt, attempt: int
    ) -> tuple[httpx.Response, str | bytes | None]:
        """The response, and the body of a successful one that `call` reads (see `_decoded`)."""
        started = time.monotonic()
        deadline = started + limits.deadline
        text = None
        with attempt_deadline(deadline):
            response = self.http.get().send(request, stream=True, follow_redirects=True)
            try:
                if not self.http.bounded:  # a user's httpx.Client: bound the body at least
                    assert isinstance(response.stream, httpx.SyncByteStream)
                    response.stream = _DeadlineStream(response.stream, deadline, request)
                if hasattr(response, "_content"):  # a transport that read the body itself
                    body = response.content
                    self._reader(response).feed(body)  # only checks its size
                else:
                    body = self._read(response, response.iter_raw())
                if response.is_success and call.result is not None:
                    text = _decoded(body)
                else:
                    response._content = body  # what `response.read()` would have kept
                del body
            finally:
                response.close()
                _unbind(response)
        _log_response(response, started, attempt)
        return response, text


async def _async_sleep(delay: float) -> None:
    import anyio  # as httpx does: asyncio or trio, whichever runs the call

    await anyio.sleep(delay)


def _pooled_connections(http: httpx.AsyncClient) -> int:
    """How many connections the client's pool holds (-1: cannot tell, an unknown transport)."""
    pool = getattr(getattr(http, "_transport", None), "_pool", None)  # httpx 0.28 internals
    connections = getattr(pool, "connections", None)
    return len(connections) if isinstance(connections, list) else -1


_ABANDONED: set[Any] = set()
"""Attempts whose caller was cancelled, left to end on their own (see `_uncancelled`)."""


async def _uncancelled(attempt: Coroutine[Any, Any, T]) -> T:
    """Await `attempt` so that cancelling the caller does not cancel it (under asyncio).

    httpcore 1.0's connection pool does not survive a request cancelled at some points
    (encode/httpcore#1093): a connection stays assigned to a request nobody waits for, and
    once the pool is full of those every call times out. So under asyncio an attempt runs as
    a task of its own, shielded: a cancelled caller gets its `CancelledError` at once, and
    the attempt goes on to its end (at most the attempt's timeout), releasing its connection
    as a finished request does. Only the attempt's own timeout cancels it. Under trio (no
    such leak seen there, and no task without a nursery) the attempt is awaited directly.
    """
    import sniffio

    if sniffio.current_async_library() != "asyncio":
        return await attempt
    import asyncio

    task = asyncio.ensure_future(attempt)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        if not task.done():
            _ABANDONED.add(task)
            task.add_done_callback(_forget)
        raise


def _forget(task: Any) -> None:
    _ABANDONED.discard(task)
    if not task.cancelled():
        task.exception()  # retrieved: the caller is gone, nobody else wants it


def _timeout(seconds: float) -> Any:
    import anyio

    return anyio.fail_after(seconds)


_CLOSE_GRACE = 1.0
"""Seconds a reclaimed connection may take to close (a TLS goodbye to a silent peer)."""


def _pool_of(http: httpx.AsyncClient) -> Any:
    """The httpcore 1.0 connection pool under `http`, or None if it is not one this knows."""
    import httpcore

    pool = getattr(getattr(http, "_transport", None), "_pool", None)
    if not isinstance(pool, httpcore.AsyncConnectionPool):
        return None
    known = ("_connections", "_requests", "_assign_requests_to_connections")
    if not all(hasattr(pool, name) for name in known):
        return None
    return pool


async def _close_all(pool: Any, connections: list[Any]) -> None:
    """Close `connections`, and those the pool lets go once told that slots came free."""
    closing = [*connections, *pool._assign_requests_to_connections()]
    import anyio

    with anyio.move_on_after(_CLOSE_GRACE, shield=True):
        for connection in closing:
            await connection.aclose()


async def _release(http: httpx.AsyncClient, request: httpx.Request) -> None:
    """Free the pool slots a failed, timed-out or cancelled `request` may have left held.

    Called once the request is over (its send raised, or closing its response did), so no
    code of httpcore's will touch its pool entry again. httpcore closes a response under an
    anyio shield, which holds against anyio's and trio's cancellation but not against
    asyncio's own (`Task.cancel`, as `asyncio.wait_for` and task groups do): cancelled there,
    the close stops half-way, marked done, with the request still listed by the pool and its
    connection busy for good. Such entries are found by the request's `extensions`, which
    httpx hands to httpcore as the same dict, and let go; then `_reclaim_orphans`.
    """
    pool = _pool_of(http)
    if pool is None:
        return
    left = [r for r in pool._requests if getattr(r, "request", None) is not None]
    stuck = [r for r in left if r.request.extensions is request.extensions]
    connections = []
    for pool_request in stuck:
        pool._requests.remove(pool_request)
        connection = getattr(pool_request, "connection", None)
        busy = connection is not None and not (connection.is_idle() or connection.is_closed())
        if busy and connection in pool._connections:
            pool._connections.remove(connection)
            connections.append(connection)
    if connections:
        await _close_all(pool, connections)
    await _reclaim_orphans(http)


async def _reclaim_orphans(http: httpx.AsyncClient) -> None:
    """Close and drop the pool connections that no request owns.

    httpcore 1.0 (encode/httpcore#1093) leaves a connection behind when a request is
    cancelled after the pool gave it a new connection and before the request started on it
    (waiting for its turn in a full pool, or for the connection's lock). That connection is
    neither idle, closed nor expired, so the pool never reaps it, and never reuses it: it holds
    its slot (and, when it had connected, its socket) for good, and once every slot is held so
    every call waits for the pool until it times out. A request that the pool still lists
    owns its connection until its response is closed, so a connection no listed request
    owns that is not idle or closed is one of these, and nothing else. This runs after every
    send that fails or is cancelled, which is when they are made. Then the pool is told that
    slots came free, so the requests queued for one get it.
    """
    pool = _pool_of(http)
    if pool is None:
        return
    owned = {id(getattr(request, "connection", None)) for request in pool._requests}
    orphans = [
        connection
        for connection in pool._connections
        if id(connection) not in owned and not (connection.is_idle() or connection.is_closed())
    ]
    if not orphans:
        return
    for connection in orphans:
        pool._connections.remove(connection)
    await _close_all(pool, orphans)


@dataclass
class AsyncAPIClient(BaseClient):
    """Sends `APICall`s over an `httpx.AsyncClient`."""

    http: LazyHTTP[httpx.AsyncClient] = field(
        default_factory=lambda: LazyHTTP(httpx.AsyncClient), repr=False
    )

    async def execute(
        self, call: APICall[T], *, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> T:
        """Send `call`, retrying as allowed, and return its parsed result."""
        attempt_limits = self._limits() if timeout is None else check_timeout(timeout)
        policy = self._policy(max_retries)
        attempt = 0
        while True:
            attempt += 1
            outcome: httpx.Response | Exception
            request = self._request(self.http.get(), call, attempt_limits)
            try:
                response, text = await _uncancelled(
                    self._attempt(request, call, attempt_limits, attempt)
                )
            except TimeoutError:
                outcome = httpx.ReadTimeout(
                    "the response took longer than the timeout", request=request
                )
            except httpx.HTTPError as exc:
                self._too_large(request, exc)
                outcome = exc
            else:
                if response.is_success:
                    return self._result(call, response, text)
                outcome = response
            await _async_sleep(self._next_delay(call, outcome, attempt, policy))

    async def _attempt(
        self, request: httpx.Request, call: APICall[Any], limits: _Attempt, attempt: int
    ) -> tuple[httpx.Response, str | bytes | None]:
        with _timeout(limits.deadline):
            return await self._send(request, call, limits, attempt)

    async def _send(
        self, request: httpx.Request, call: APICall[Any], limits: _Attempt, attempt: int
    ) -> tuple[httpx.Response, str | bytes | None]:
        """The response, and the body of a successful one that `call` reads (see `_decoded`)."""
        started = time.monotonic()
        text = None
        http = self.http.get()
        try:
            response = await http.send(request, stream=True, follow_redirects=True)
        except BaseException:  # failed, timed out or cancelled: see `_release`
            await _release(http, request)
            raise
        try:
            assert isinstance(response.stream, httpx.AsyncByteStream)
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
            if response.is_success and call.result is not None:
                text = _decoded(body)
            else:
                response._content = body  # what `response.aread()` would have kept
            del body
        finally:
            try:
                await response.aclose()
            except BaseException:  # cancelled while closing: see `_release`
                await _release(http, request)
                raise
            finally:
                _unbind(response)
        _log_response(response, started, attempt)
        return response, text
