"""HTTP plumbing: a threaded HTTP/1.1 server on the standard library that hands each request
to the `App` and writes its `Reply` back as JSON.

Bodies are read as they arrive (`Content-Length` or chunked), never all at once for uploads,
and whatever a handler left unread is drained before the answer so the connection can be
reused.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from ._app import App, Request
from ._handlers import Reply

__all__ = ["BodyError", "BodyReader", "StudioHTTPServer"]

_CHUNK = 256 * 1024


class _Input(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

    def readline(self, size: int = ..., /) -> bytes: ...


class BodyError(ConnectionError):
    """The request body is cut short or badly framed: the connection cannot go on."""


class BodyReader:
    """Reads a request body framed by Content-Length or chunked transfer encoding."""

    def __init__(self, rfile: _Input, headers: Mapping[str, str]) -> None:
        self._rfile = rfile
        self._chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        self._left = 0  # bytes left: of the body, or of the current chunk
        self._done = False
        if not self._chunked:
            length = headers.get("content-length", "0").strip() or "0"
            if not length.isdigit():
                raise BodyError(f"invalid Content-Length {length!r}")
            self._left = int(length)
            self._done = self._left == 0

    def read(self, size: int) -> bytes:
        """Up to `size` bytes of the body; b"" at its end."""
        if self._done:
            return b""
        if self._chunked and self._left == 0:
            self._left = self._chunk_size()
            if self._left == 0:
                self._trailers()
                self._done = True
                return b""
        data = self._rfile.read(min(size, self._left))
        if not data:
            raise BodyError("the client closed the connection in the middle of the body")
        self._left -= len(data)
        if self._left == 0:
            if self._chunked:
                self._line()  # the CRLF after a chunk
            else:
                self._done = True
        return data

    def read_all(self, limit: int) -> bytes:
        parts = []
        total = 0
        while chunk := self.read(_CHUNK):
            total += len(chunk)
            if total > limit:
                raise BodyError(f"the body is larger than {limit} bytes")
            parts.append(chunk)
        return b"".join(parts)

    def drain(self) -> None:
        while self.read(_CHUNK):
            pass

    def _line(self) -> bytes:
        line = self._rfile.readline(1024)
        if not line.endswith(b"\n"):
            raise BodyError("badly framed chunked body")
        return line

    def _chunk_size(self) -> int:
        text = self._line().split(b";", 1)[0].strip()
        try:
            return int(text, 16)
        except ValueError:
            raise BodyError(f"bad chunk size {text!r}") from None

    def _trailers(self) -> None:
        while self._line().strip():
            pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: StudioHTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def __getattr__(self, name: str) -> Any:
        # Every method (TRACE, QUERY, ...) goes to the router, which answers 405 with `Allow`
        # where the contract has no such operation, as Studio does.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        headers = {name.lower(): value for name, value in self.headers.items()}
        try:
            body = BodyReader(self.rfile, headers)
            request = Request(
                method=self.command,
                path=unquote(parts.path),
                query=parse_qs(parts.query, keep_blank_values=True),
                headers=headers,
                body=body,
            )
            reply = self.server.app.handle(request)
            body.drain()
            self._send(reply)
        except OSError:  # BodyError, or the client went away
            self.close_connection = True

    def _send(self, reply: Reply) -> None:
        data = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        if reply.body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class StudioHTTPServer(ThreadingHTTPServer):
    """A threaded server for the `App`, on IPv4 or IPv6."""

    daemon_threads = True

    def __init__(self, host: str, port: int, app: App, *, verbose: bool = False) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        self.verbose = verbose
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """Shut the open (keep-alive) connections, so their threads end."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
