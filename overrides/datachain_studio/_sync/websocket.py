# Generated from _async/websocket.py by codegen/unasync.py: do not edit.
# Change the async source and run `python codegen/unasync.py`.
"""One WebSocket connection opened through the httpx2 client: what the live log stream reads.

The handshake is an ordinary request sent by the httpx2 client the `Studio` uses (the user's
own, when one was given), so its proxies, certificates, mounts, event hooks and redirect rules
apply to it as to every other call. After `101 Switching Protocols`, the frames travel on that
request's network stream, parsed and built by wsproto, the WebSocket library httpx2's own
sessions use.

Why not httpx2's `client.websocket()` sessions themselves:
- the async session holds an anyio task group open for as long as it is connected, and
  `follow` is an async generator that yields while connected: a task group cannot stay open
  across the yields of a generator (PEP 789: the wrong task gets cancelled, timeouts are
  missed, and a generator dropped half-way fails when it is finalized in another task);
- the sync session reads on background threads and answers pings with writes that wait
  without bound, so a server that sends pings and never reads holds it open for ever;
- neither takes the follow's deadline.
Here every read and write is made by the caller's own thread or task, each bounded by the
time the caller gives. The sync twin (`_sync/websocket.py`) is generated from this module.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any, Final

import httpcore2
import httpx2
import wsproto.events as ws_events
import wsproto.utilities as ws_utilities
from wsproto.connection import Connection, ConnectionState, ConnectionType
from wsproto.extensions import Extension, PerMessageDeflate

from .._bodies import _BodyReader
from .._logstream import HandshakeRefused, WebSocketEnded, _abort, _handshake_bound

READ_SIZE: Final = 64 * 1024
"""Bytes read from the socket at once. Compressed (permessage-deflate), they inflate to at
most about a thousand times as much before the message's size is checked."""
REFUSAL_BYTES: Final = 64 * 1024
"""At most this much of the body of a refused handshake is read (its error message)."""
CLOSE_WAIT: Final = 1.0
"""Seconds a closing connection may spend sending its close frame."""
_NORMAL: Final = 1000
_TOO_BIG: Final = 1009


class WebSocket:
    """A client WebSocket connection: `recv` the next message, `close` to end it."""

    def __init__(
        self, response: httpx2.Response, max_message: int, extensions: list[Extension]
    ) -> None:
        self.response = response
        """The handshake's `101` response (its request went through the client's hooks)."""
        self._stream: Any = response.extensions["network_stream"]
        self._protocol = Connection(ConnectionType.CLIENT, extensions)
        self._max_message = max_message
        self._messages: deque[str | bytes] = deque()
        self._parts: list[Any] = []
        self._size = 0
        self._ended: WebSocketEnded | None = None

    @classmethod
    def open(
        cls,
        http: httpx2.Client,
        request: httpx2.Request,
        *,
        seconds: float,
        max_message: int,
        secret: str,
    ) -> WebSocket:
        """Send `request` (a GET of the stream's http(s) URL) as a WebSocket handshake, all of
        it within `seconds`. `HandshakeRefused` for an answer that is not a valid `101`
        (its body read, at most `REFUSAL_BYTES`); httpx2's errors, or `TimeoutError`, when
        no answer comes."""
        key = ws_utilities.generate_nonce().decode()
        deflate = PerMessageDeflate()
        request.headers.update(
            {
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Key": key,
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Extensions": f"{deflate.name}; {deflate.offer()}",
            }
        )
        with _handshake_bound(seconds):
            response = http.send(request, stream=True, follow_redirects=True)
            try:
                if "network_stream" not in response.extensions:
                    problem = "the transport gives no connection to upgrade"
                elif response.status_code == 101:
                    accepted = response.headers.get("sec-websocket-accept", "")
                    extensions = _agreed(response, deflate)
                    if accepted != ws_utilities.generate_accept_token(key.encode()).decode():
                        problem = "its 101 answer does not accept the handshake's key"
                    elif extensions is None:
                        problem = "its 101 answer names an extension that was not offered"
                    else:
                        return cls(response, max_message, extensions)
                else:
                    problem = f"HTTP {response.status_code}"
                    reader = _BodyReader(response, REFUSAL_BYTES, secret)
                    try:
                        for chunk in response.iter_raw():
                            reader.feed(chunk)
                        response._content = reader.finish()
                    except Exception:  # too long, or not decodable: the status says enough
                        response._content = b""
            except BaseException:
                response.close()
                raise
        response.close()
        raise HandshakeRefused(problem, response)

    def recv(self, timeout: float | None) -> str | bytes:
        """The next message. `TimeoutError` when none is whole within `timeout` seconds (None:
        no bound), however much else (pings, pieces) arrives meanwhile; `WebSocketEnded` once
        the connection is over (its `normal` tells a clean close from a broken one)."""
        end = None if timeout is None else time.monotonic() + timeout
        while not self._messages:
            if self._ended is not None:
                raise self._ended
            left = None if end is None else end - time.monotonic()
            if left is not None and left <= 0:
                raise TimeoutError
            try:
                data = self._stream.read(READ_SIZE, timeout=left)
            except httpcore2.ReadTimeout:
                raise TimeoutError from None
            except Exception as exc:  # httpcore2's ReadError, a stream closed meanwhile...
                self._end(WebSocketEnded(1006, f"the connection broke ({exc!r})"))
                continue
            try:
                self._protocol.receive_data(data or None)  # b"": the peer hung up
                events = list(self._protocol.events())
            except ws_utilities.ProtocolError as exc:  # closed meanwhile, from another thread
                self._end(WebSocketEnded(1006, f"the connection broke ({exc})"))
                continue
            ping = None
            for index, event in enumerate(events):
                if isinstance(event, ws_events.Ping):
                    ping = event  # only the last of a batch is answered (RFC 6455, 5.5.3)
                else:
                    self._take(event)
                if end is not None and index % 1024 == 1023 and time.monotonic() >= end:
                    raise TimeoutError  # a flood of frames: the bound comes first
            if ping is not None and self._ended is None:
                self._send(ping.response(), left)
        return self._messages.popleft()

    def _take(self, event: ws_events.Event) -> None:
        if isinstance(event, ws_events.Message):
            self._size += len(event.data)
            if self._size > self._max_message:
                self._send(ws_events.CloseConnection(_TOO_BIG), CLOSE_WAIT)
                self._end(WebSocketEnded(_TOO_BIG, "a message over the size limit"))
                return
            self._parts.append(event.data)
            if event.message_finished:
                parts, self._parts, self._size = self._parts, [], 0
                self._messages.append(parts[0] if len(parts) == 1 else parts[0][:0].join(parts))
        elif isinstance(event, ws_events.CloseConnection):
            if self._protocol.state is ConnectionState.REMOTE_CLOSING:
                self._send(event.response(), CLOSE_WAIT)
            self._end(WebSocketEnded(event.code, event.reason or ""))

    def _send(self, event: ws_events.Event, seconds: float | None) -> None:
        """Send `event`, waiting at most `seconds` for the socket to take it (a peer that never
        reads ends the connection instead of stalling it)."""
        try:
            data = self._protocol.send(event)
            self._stream.write(data, timeout=seconds)
        except Exception as exc:  # a closed connection, or one that takes nothing
            self._end(WebSocketEnded(1006, f"the connection broke ({exc!r})"))

    def _end(self, ended: WebSocketEnded) -> None:
        if self._ended is None:
            self._ended = ended
            self._close_stream()

    def close(self) -> None:
        """End the connection: a close frame if it is still open (sent within `CLOSE_WAIT`
        seconds, the peer's answer not awaited), then the socket. Safe to call from another
        thread or task, where it ends a `recv` that is waiting."""
        if self._ended is not None:
            return
        self._ended = WebSocketEnded(_NORMAL, "closed by the client")
        if self._protocol.state is ConnectionState.OPEN:
            try:
                data = self._protocol.send(ws_events.CloseConnection(_NORMAL))
                self._stream.write(data, timeout=CLOSE_WAIT)
            except Exception:  # the socket goes next whatever happened
                pass
        self._close_stream()

    def _close_stream(self) -> None:
        _abort(self._stream)
        try:
            self._stream.close()
        finally:
            self.response.close()


def _agreed(response: httpx2.Response, deflate: PerMessageDeflate) -> list[Extension] | None:
    """The extensions the `101` answer takes up: permessage-deflate (RFC 7692: the log is
    text, and compresses several times over) or none; None if it names any other."""
    agreed: list[Extension] = []
    for value in response.headers.get_list("sec-websocket-extensions", split_commas=True):
        if value.split(";", 1)[0].strip() != deflate.name or agreed:
            return None
        try:
            deflate.finalize(value)
        except ValueError:  # window bits out of range, or not a number
            return None
        agreed.append(deflate)
    return agreed
