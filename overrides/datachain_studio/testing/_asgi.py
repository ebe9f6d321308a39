"""The ASGI side of the local Studio: from uvicorn's `scope`/`receive`/`send` to `App.handle`.

`StudioASGI` is a small ASGI application (no framework). For each HTTP request it builds a
`Request` whose `body` is one of:

- `BufferBody`, for everything but multipart: the body is read on the event loop first (up
  to `_MAX_JSON`; a larger one is answered 413 here, after reading and dropping up to
  `DRAIN_LIMIT` more, so the client sees the answer rather than a reset);
- `StreamBody`, for multipart uploads: `read(size)` is called from the worker thread and
  pulls the next piece from the ASGI receive channel on the event loop
  (`asyncio.run_coroutine_threadsafe`), so an upload goes to disk as it arrives.

Either way, a body none of which comes for `body_timeout` seconds (`BODY_TIMEOUT`) is
answered 408 and the connection closed: the wait for each piece is bounded on the event loop
(`StreamBody._next`), so a stalled client holds no worker thread past it.

`App.handle` is synchronous (the state is behind its own lock); it runs in a worker thread of
the server's pool, which also encodes the JSON answer. Whatever part of the body a handler
left unread is drained before the answer (up to `DRAIN_LIMIT`; past it the answer carries
`Connection: close`), so a kept-alive connection can go on.

WebSocket scopes go to `StudioASGI.websocket_routes` (path -> ASGI handler); a path with no
route is refused with 404 and a JSON body (or close code 1008 where the server cannot send
an HTTP answer to a WebSocket handshake).

HTTP requests outside the REST contract (export chunks, log blobs, device approval) go
through the same path to `App.handle`, which routes them by `App.local_routes`.

`JSONErrorH11Protocol` is uvicorn's h11 protocol with its one plain-text answer, the 400 to
a request h11 cannot parse (bad framing, bad headers), turned into JSON like every other
error of the emulator: `{"message": "Invalid HTTP request: <what h11 said>", "detail": <the
same>}`. It also bounds the wait for a request's head (`head_timeout`: the body timeout),
which uvicorn leaves unbounded, so that a client stalling mid-head (or mid-handshake) is
answered 408 and dropped.

Every answer's JSON is strict (RFC 8259: no NaN or infinity; `dump_json`). The request
target is routed by its path: an absolute-form target (`GET http://host/path`) is taken
for its own `Host` only and never repeated in an answer (`_aim_at_path`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import sys
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import Executor
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

from ._app import _MAX_JSON, App
from ._handlers.base import Request, dump_json, error_body

__all__ = [
    "BODY_TIMEOUT",
    "DRAIN_LIMIT",
    "BodyError",
    "BodyTimeout",
    "BodyTooLarge",
    "BufferBody",
    "JSONErrorH11Protocol",
    "StreamBody",
    "StudioASGI",
    "WebSocketHandler",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
WebSocketHandler = Callable[[Scope, Receive, Send], Awaitable[None]]

# uvicorn's own messages ("Invalid HTTP request received.", "Exception in ASGI application")
# go here rather than to "uvicorn.error": not to stderr unless the process configured logging.
logger = logging.getLogger("datachain_studio.testing.server")
logger.addHandler(logging.NullHandler())

# The most of a refused or unread body read and dropped before answering, so that the client,
# still sending, reads the answer instead of a connection reset. Past it: answer and close.
DRAIN_LIMIT = 256 * 1024 * 1024
_CHUNK = 256 * 1024
_POLL = 0.25  # seconds: how often a worker waiting for body bytes checks that the server runs
# Seconds a request may go without sending any of its body (headers sent, then a stall; or a
# Content-Length and never the bytes) before it is answered 408 and its connection closed, so
# that it holds neither a worker thread nor the connection for ever. Assumed: Studio's own
# limit is not known; 30 s is far longer than any client here pauses between two pieces.
BODY_TIMEOUT = 30.0


class BodyError(ConnectionError):
    """The body was cut short (the client left), or the server is stopping."""


class BodyTooLarge(BodyError):
    """A body is larger than the emulator reads (answered 413 by the ASGI layer)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"The request body is larger than {limit} bytes")
        self.limit = limit


class BodyTimeout(BodyError):
    """No part of the body came for `seconds` (answered 408 by the ASGI layer)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"No part of the request body came for {seconds:g} s")
        self.seconds = seconds


class BufferBody:
    """A body read whole before the request is handled."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)

    def read(self, size: int) -> bytes:
        taken, self._data = self._data[:size], self._data[size:]
        return bytes(taken)

    def read_all(self, limit: int) -> bytes:
        if len(self._data) > limit:
            raise BodyTooLarge(limit)
        return self.read(len(self._data))


class StreamBody:
    """A body read from the ASGI receive channel as it arrives.

    The `read`/`read_all` methods are for a worker thread (they hop to the event loop for
    each piece); the `*_async` ones for the event loop, before or after the handler ran.
    """

    def __init__(
        self,
        receive: Receive,
        loop: asyncio.AbstractEventLoop,
        stopping: Callable[[], bool],
        timeout: float = BODY_TIMEOUT,
    ) -> None:
        self._receive = receive
        self._loop = loop
        self._stopping = stopping
        self._timeout = timeout
        self._piece = memoryview(b"")
        self.more = True  # pieces are still to come
        self.disconnected = False

    def _take(self, message: Message) -> None:
        if message["type"] == "http.disconnect":
            self.disconnected = True
            self.more = False
            raise BodyError("the client closed the connection in the middle of the body")
        self._piece = memoryview(message.get("body", b""))
        self.more = bool(message.get("more_body", False))

    async def _next(self) -> Message:
        """The next message, on the event loop; `BodyTimeout` if none comes in time."""
        try:
            async with asyncio.timeout(self._timeout):
                return await self._receive()
        except TimeoutError:
            raise BodyTimeout(self._timeout) from None

    # --- from a worker thread --------------------------------------------------------------

    def read(self, size: int) -> bytes:
        """Up to `size` bytes of the body; b"" at its end."""
        while not self._piece:
            if not self.more:
                return b""
            self._take(self._wait_for_piece())
        taken, self._piece = self._piece[:size], self._piece[size:]
        return bytes(taken)

    def read_all(self, limit: int) -> bytes:
        parts = []
        total = 0
        while chunk := self.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise BodyTooLarge(limit)
            parts.append(chunk)
        return b"".join(parts)

    def _wait_for_piece(self) -> Message:
        if self._stopping():
            raise BodyError("the emulator is stopping")
        try:
            future = asyncio.run_coroutine_threadsafe(self._next(), self._loop)
        except RuntimeError:  # the loop is closed
            raise BodyError("the emulator is stopping") from None
        while True:
            try:
                return future.result(timeout=_POLL)
            except concurrent.futures.TimeoutError:
                if self._stopping():
                    future.cancel()
                    raise BodyError("the emulator is stopping") from None
            except concurrent.futures.CancelledError:
                raise BodyError("the emulator is stopping") from None

    # --- on the event loop -----------------------------------------------------------------

    async def read_up_to_async(self, limit: int) -> bytes | None:
        """The whole body if it is at most `limit` bytes, else None (the rest left unread)."""
        parts = [bytes(self._piece)]
        total = len(self._piece)
        self._piece = memoryview(b"")
        while self.more and total <= limit:
            self._take(await self._next())
            total += len(self._piece)
            parts.append(bytes(self._piece))
            self._piece = memoryview(b"")
        return None if total > limit else b"".join(parts)

    async def drain_async(self, limit: int | None = None) -> bool:
        """Read and drop the rest of the body, up to `limit` bytes (`DRAIN_LIMIT`): True if
        it all came."""
        limit = DRAIN_LIMIT if limit is None else limit
        dropped = len(self._piece)
        self._piece = memoryview(b"")
        try:
            while self.more and dropped <= limit:
                self._take(await self._next())
                dropped += len(self._piece)
                self._piece = memoryview(b"")
        except BodyError:
            return False
        return not self.more


_Encoded = tuple[int, list[tuple[bytes, bytes]], bytes]


class StudioASGI:
    """The emulated API as an ASGI application, running `App.handle` in `executor`."""

    def __init__(
        self,
        app: App,
        executor: Executor,
        *,
        stopping: Callable[[], bool],
        verbose: bool = False,
        body_timeout: float = BODY_TIMEOUT,
    ) -> None:
        self.app = app
        self.executor = executor
        self.stopping = stopping
        self.verbose = verbose
        self.body_timeout = body_timeout
        # WebSocket endpoints, by path (the log stream at /api/logs/follow/, see
        # `_logstream`). A handler gets the scope after nothing was received from the client.
        self.websocket_routes: dict[str, WebSocketHandler] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            started = False

            async def tracked(message: Message) -> None:
                nonlocal started
                started = True
                await send(message)

            try:
                await self._http(scope, receive, tracked)
            except Exception:
                text = traceback.format_exc()
                self.app.on_error(f"{scope['method']} {scope['path']}: {text}")
                if not started:
                    detail = f"Internal error in the emulator: {text.splitlines()[-1]}"
                    await self._answer(scope, send, _error(500, detail), close=True)
        elif kind == "websocket":
            await self._websocket(scope, receive, send)
        elif kind == "lifespan":
            await _lifespan(receive, send)

    # --- HTTP ------------------------------------------------------------------------------

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = _aim_at_path(scope)
        if refusal is not None:
            await self._answer(scope, send, _error(*refusal), close=True)
            return
        raw_headers: list[tuple[bytes, bytes]] = scope["headers"]
        names = {name for name, _ in raw_headers}
        if b"content-length" in names and b"transfer-encoding" in names:
            # h11 would take Transfer-Encoding over Content-Length; a proxy in front might
            # not (request smuggling). Refuse, and close so nothing behind it is read.
            detail = "Invalid HTTP request: both Content-Length and Transfer-Encoding"
            await self._answer(scope, send, _error(400, detail), close=True)
            return
        headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in raw_headers}
        loop = asyncio.get_running_loop()
        stream = StreamBody(receive, loop, self.stopping, self.body_timeout)
        try:
            if _is_multipart(headers.get("content-type", "")):
                body: StreamBody | BufferBody = stream
            else:
                data = await stream.read_up_to_async(_MAX_JSON)
                if data is None:
                    raise BodyTooLarge(_MAX_JSON)
                body = BufferBody(data)
            request = Request(
                method=scope["method"],
                path=scope["path"],
                query=parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True),
                headers=headers,
                body=body,
            )
            answer = await loop.run_in_executor(self.executor, self._handle, request)
        except BodyTooLarge as exc:
            answer = _error(413, str(exc))
        except BodyTimeout as exc:  # the worker, if any, has let go: answer, and close
            await self._answer(scope, send, _error(408, str(exc)), close=True)
            return
        except BodyError:
            if stream.disconnected:
                return  # nobody to answer
            answer = _error(503, "The emulator is stopping")
            await self._answer(scope, send, answer, close=True)
            return
        drained = await stream.drain_async()
        await self._answer(scope, send, answer, close=not drained)

    def _handle(self, request: Request) -> _Encoded:
        """In a worker thread: the App's answer, encoded."""
        try:
            reply = self.app.handle(request)
        except ConnectionError:
            raise
        except Exception:
            text = traceback.format_exc()
            self.app.on_error(f"{request.method} {request.path}: {text}")
            return _error(500, f"Internal error in the emulator: {text.splitlines()[-1]}")
        headers = []
        if isinstance(reply.body, bytes):  # encoded already, with its Content-Type
            data = reply.body
        elif reply.body is None:
            data = b""
        else:
            try:
                data = dump_json(reply.body)
            except ValueError:  # a NaN or an infinity: not JSON, so not sent
                text = traceback.format_exc()
                self.app.on_error(f"{request.method} {request.path}: {text}")
                return _error(500, "Internal error in the emulator: an answer that is not JSON")
            headers.append((b"content-type", b"application/json"))
        headers.insert(0, (b"content-length", str(len(data)).encode()))
        headers += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers.items()]
        return reply.status, headers, data

    async def _answer(self, scope: Scope, send: Send, answer: _Encoded, *, close: bool) -> None:
        status, headers, data = answer
        if close:
            headers = [*headers, (b"connection", b"close")]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": data, "more_body": False})
        if self.verbose:
            client = scope.get("client") or ("-", 0)
            target = scope["path"] + ("?" if scope["query_string"] else "")
            target += scope["query_string"].decode("latin-1")
            print(f'{client[0]} - "{scope["method"]} {target}" {status}', file=sys.stderr)

    # --- WebSocket -------------------------------------------------------------------------

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        refusal = _aim_at_path(scope)
        if refusal is not None:
            await reject_websocket(scope, receive, send, *refusal)
            return
        handler = self.websocket_routes.get(scope["path"])
        if handler is not None:
            await handler(scope, receive, send)
            return
        await reject_websocket(scope, receive, send, 404, f"Not found: {scope['path']}")


async def reject_websocket(
    scope: Scope, receive: Receive, send: Send, status: int, detail: str
) -> None:
    """Refuse a WebSocket handshake: an HTTP answer with a JSON body where the server can
    send one (the `websocket.http.response` extension), else close code 1008 (HTTP 403)."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    if "websocket.http.response" in scope.get("extensions", {}):
        status, headers, data = _error(status, detail)
        await send({"type": "websocket.http.response.start", "status": status, "headers": headers})
        await send({"type": "websocket.http.response.body", "body": data, "more_body": False})
    else:
        await send({"type": "websocket.close", "code": 1008, "reason": detail[:120]})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def _error(status: int, detail: str) -> _Encoded:
    """An error answer with a JSON body: `{"message", "detail"}` (`_handlers.base.error_body`), or
    `{"detail"}` alone for a 401, as Studio sends it."""
    body = {"detail": detail} if status == 401 else error_body(detail)
    data = dump_json(body)
    headers = [(b"content-length", str(len(data)).encode()), (b"content-type", b"application/json")]
    return status, headers, data


def _aim_at_path(scope: Scope) -> tuple[int, str] | None:
    """None when the request target is a path of this server, else the status and text of
    the error answer.

    A target in absolute form (`GET http://host/path`, RFC 9112 section 3.2.2) is taken when
    its authority is the request's `Host`, as a client talking through a proxy sends it:
    `scope["path"]` becomes its path. One naming another host is answered 421 Misdirected
    Request, any other target (authority or asterisk form) 400; neither repeats the target.
    """
    path: str = scope["path"]
    if path.startswith("/"):
        return None
    target = urlsplit(path)
    if target.scheme.lower() in ("http", "https", "ws", "wss") and target.netloc:
        host = next((value for name, value in scope["headers"] if name == b"host"), b"")
        if target.netloc.lower() == host.decode("latin-1").strip().lower():
            scope["path"] = target.path or "/"
            return None
        return 421, "Misdirected request: the request target names another host"
    return 400, "Invalid HTTP request: the request target must be a path"


def _is_multipart(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower().startswith("multipart/")


# --- the HTTP/1.1 protocol -----------------------------------------------------------------


class _RecordingConnection(h11.Connection):
    """An h11 connection that remembers why it last refused the peer's bytes."""

    refusal = ""

    def next_event(self) -> Any:
        try:
            return super().next_event()
        except h11.RemoteProtocolError as exc:
            self.refusal = str(exc)
            raise


class JSONErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering unparseable requests 400 with a JSON body, and
    bounding the wait for a request's head.

    uvicorn waits for a request line and headers without end. Here a head (a WebSocket
    handshake's included: it is an HTTP request until it is upgraded) that has not all come
    `head_timeout` seconds after its first byte is answered 408 with a JSON body, and the
    connection closed; a new connection that sends nothing is closed after the keep-alive
    time, as an idle one is between two requests.
    """

    head_timeout: float = BODY_TIMEOUT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.logger = logger
        size = self.config.h11_max_incomplete_event_size
        self.conn = _RecordingConnection(
            h11.SERVER, DEFAULT_MAX_INCOMPLETE_EVENT_SIZE if size is None else size
        )
        self._head_timer: asyncio.TimerHandle | None = None

    @classmethod
    def with_head_timeout(cls, seconds: float) -> type[JSONErrorH11Protocol]:
        """This protocol, waiting `seconds` for a request's head."""
        bounded = type(cls.__name__, (cls,), {"head_timeout": seconds})
        return cast(type[JSONErrorH11Protocol], bounded)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # Cancelled by the first byte, as uvicorn cancels it between requests.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def data_received(self, data: bytes) -> None:
        if data and self._head_timer is None and self.conn.their_state is h11.IDLE:
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_timed_out)
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the head came (or was refused)
            self._stop_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_head_timer()
        super().connection_lost(exc)

    def _stop_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        # h11 has no request to answer yet: the answer is written as bytes.
        _, headers, data = _error(
            408, f"The request head did not all come within {self.head_timeout:g} s"
        )
        head = [b"HTTP/1.1 408 Request Timeout"]
        head += [name + b": " + value for name, value in headers]
        head.append(b"connection: close")
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + data)
        self.transport.close()

    def send_400_response(self, msg: str) -> None:
        refusal = getattr(self.conn, "refusal", "") or msg
        data = dump_json(error_body(f"Invalid HTTP request: {refusal}"))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(data)).encode()),
            (b"connection", b"close"),
        ]
        try:
            output = self.conn.send(
                h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
            )
            output = (output or b"") + (self.conn.send(h11.Data(data=data)) or b"")
            output += self.conn.send(h11.EndOfMessage()) or b""
            self.transport.write(output)
        except h11.LocalProtocolError:
            pass  # an answer had started already: nothing more can be said on this connection
        self.transport.close()
