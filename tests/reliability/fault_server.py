"""A scriptable fault server on loopback: every way a server or network can misbehave.

`FaultServer` listens on 127.0.0.1 and a free port, reads each HTTP/1.1 request off the raw
socket (so it can also *not* answer, answer slowly, or cut the connection with a RST), records
it, and serves it with the next `Behaviour` of its script; once the script is used up, with
`then` (by default the contract's example answer for the operation).

    with FaultServer([status(503), status(503)]) as server:
        Studio(url=server.url, ...).jobs.list()       # third attempt gets the example
    assert len(server.requests) == 3
    assert server.wait_idle()                          # no connection left open

It counts the connections it accepted and those still open, so a test can check that a call
leaves nothing behind. Each recorded request notes the behaviour that served it and whether
that behaviour means the server *may have acted* on it (anything but a refusal: 429, 503 or a
redirect), which is what "a create is never sent twice" is checked against.

An `ssl_context` makes it a TLS server; handshakes that fail are counted in `tls_failures`.
"""

from __future__ import annotations

import contextlib
import json
import select
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.support.examples import operation_for, success_example

_REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    301: "Moved Permanently",
    302: "Found",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    408: "Request Timeout",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_POLL = 0.05
"""How often blocked server threads look at the stop flag."""


@dataclass
class Request:
    """One request as the server read it off the socket."""

    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    connection: int
    served_by: str = ""
    may_have_acted: bool = True

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


class Conn:
    """What a behaviour works with: the socket, the request, and the server."""

    def __init__(self, server: FaultServer, sock: socket.socket, request: Request) -> None:
        self.server = server
        self.sock = sock
        self.request = request

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def pause(self, seconds: float) -> bool:
        """Wait up to `seconds`; False if the client hung up (or the server stops) meanwhile."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.server.stopping:
                return False
            readable, _, _ = select.select([self.sock], [], [], min(left, _POLL))
            if readable:
                try:
                    if not self.sock.recv(65536, socket.MSG_PEEK):
                        return False
                except OSError:
                    return False
                # The client sent more (a pipelined request): not ours to read here.
                time.sleep(min(left, _POLL))
        return True

    def wait_for_hangup(self) -> None:
        """Block until the client closes the connection (or the server stops)."""
        while self.pause(1.0):
            pass

    def reset(self) -> None:
        """Close the connection with a TCP RST instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


@dataclass
class Behaviour:
    """How the server serves one request; `run` returns whether to keep the connection."""

    name: str
    run: Callable[[Conn], bool]
    may_have_acted: bool = True

    def __call__(self, conn: Conn) -> bool:
        return self.run(conn)


def head(
    status: int, headers: dict[str, str] | None = None, reason: str | None = None, length: int = 0
) -> bytes:
    """The status line and headers of a response whose body is `length` bytes."""
    phrase = _REASONS.get(status, "") if reason is None else reason
    lines = [f"HTTP/1.1 {status} {phrase}".rstrip()]
    given = {k.lower() for k in (headers or {})}
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if "content-length" not in given and "transfer-encoding" not in given:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def example_body(request: Request) -> tuple[int, bytes]:
    """The contract's success status and example body for the request's operation."""
    op = operation_for(request.method, request.path)
    if op is None:
        return 404, json.dumps({"detail": "Not Found"}).encode()
    code, body = success_example(op)
    return code, b"" if body is None else json.dumps(body).encode()


# --- behaviours -------------------------------------------------------------------------


def reply(
    code: int,
    body: bytes | str | Any = b"",
    headers: dict[str, str] | None = None,
    *,
    reason: str | None = None,
    close: bool = False,
) -> Behaviour:
    """Answer `code` with `body` (bytes as they are, str as text, anything else as JSON)."""
    extra = dict(headers or {})
    if isinstance(body, bytes):
        data = body
    elif isinstance(body, str):
        data = body.encode()
        extra.setdefault("Content-Type", "text/plain; charset=utf-8")
    else:
        data = json.dumps(body).encode()
        extra.setdefault("Content-Type", "application/json")
    if close:
        extra["Connection"] = "close"

    def run(conn: Conn) -> bool:
        conn.send(head(code, extra, reason, len(data)) + data)
        return not close

    refused = code in (429, 503) or 300 <= code < 400
    return Behaviour(f"reply {code}", run, may_have_acted=not refused)


def status(code: int, headers: dict[str, str] | None = None) -> Behaviour:
    """An error status with a small JSON body, as Studio sends them."""
    return reply(code, {"detail": f"status {code}"}, headers)


def example(
    content_type: str = "application/json", body: Callable[[bytes], bytes] | None = None
) -> Behaviour:
    """The contract's example answer for the request (optionally changed by `body`)."""

    def run(conn: Conn) -> bool:
        code, data = example_body(conn.request)
        if body is not None:
            data = body(data)
        headers = {"Content-Type": content_type} if data else {}
        conn.send(head(code, headers, length=len(data)) + data)
        return True

    return Behaviour("example", run)


def reset_before_response() -> Behaviour:
    """Read the request, then reset the connection without a byte of answer."""

    def run(conn: Conn) -> bool:
        conn.reset()
        return False

    return Behaviour("reset before response", run)


def _cut_mid_body(name: str, graceful: bool) -> Behaviour:
    def run(conn: Conn) -> bool:
        code, data = example_body(conn.request)
        data = data or b'{"detail": "x"}'
        conn.send(head(code, {"Content-Type": "application/json"}, length=len(data)))
        conn.send(data[: len(data) // 2])
        time.sleep(0.02)  # let the half body arrive before the connection goes
        if graceful:
            conn.sock.shutdown(socket.SHUT_RDWR)
            conn.sock.close()
        else:
            conn.reset()
        return False

    return Behaviour(name, run)


def reset_mid_body() -> Behaviour:
    """Send the headers and half the body, then reset the connection."""
    return _cut_mid_body("reset mid-body", graceful=False)


def close_mid_body() -> Behaviour:
    """Send the headers and half the body, then close the connection cleanly (FIN)."""
    return _cut_mid_body("close mid-body", graceful=True)


def silent() -> Behaviour:
    """Read the request and never answer; hang up only when the client does."""

    def run(conn: Conn) -> bool:
        conn.wait_for_hangup()
        return False

    return Behaviour("silent", run)


def trickle(interval: float, size: int = 1000) -> Behaviour:
    """Answer 200 with a JSON body of `size` bytes, sending one byte every `interval` s."""

    def run(conn: Conn) -> bool:
        data = b"[" + b" " * (size - 2) + b"]"
        conn.send(head(200, {"Content-Type": "application/json"}, length=len(data)))
        for byte in data:
            conn.send(bytes([byte]))
            if not conn.pause(interval):
                return False
        return True

    return Behaviour(f"trickle body 1 B/{interval}s", run)


def trickle_headers(interval: float, padding: int = 0) -> Behaviour:
    """Send the status line and headers one byte every `interval` s, then the example body."""

    def run(conn: Conn) -> bool:
        code, data = example_body(conn.request)
        headers = {"Content-Type": "application/json"}
        if padding:
            headers["X-Padding"] = "p" * padding
        for byte in head(code, headers, length=len(data)):
            conn.send(bytes([byte]))
            if not conn.pause(interval):
                return False
        conn.send(data)
        return True

    return Behaviour(f"trickle headers 1 B/{interval}s", run)


def redirect(location: str | Callable[[Request], str], code: int = 307) -> Behaviour:
    """Answer `code` with a `Location` (a URL, or a function of the request)."""

    def run(conn: Conn) -> bool:
        where = location(conn.request) if callable(location) else location
        conn.send(head(code, {"Location": where}))
        return True

    return Behaviour(f"redirect {code}", run, may_have_acted=False)


def echo_token(code: int, where: str = "body") -> Behaviour:
    """Answer `code` echoing the request's Authorization header back, in the JSON body's
    `detail`, the reason phrase or an `X-Request-ID` header, as some servers and gateways
    do in their "invalid token" answers."""

    def run(conn: Conn) -> bool:
        token = conn.request.header("authorization") or ""
        body = {"detail": f"Invalid token {token}" if where == "body" else "Invalid token"}
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if where == "header":
            headers["X-Request-ID"] = token
        reason = f"Bad token {token}" if where == "reason" else None
        conn.send(head(code, headers, reason, len(data)) + data)
        return True

    refused = code in (429, 503)
    return Behaviour(f"reply {code} echoing the token", run, may_have_acted=not refused)


def times(count: int, behaviour: Callable[[], Behaviour]) -> list[Behaviour]:
    """`count` fresh copies of a behaviour, for a script."""
    return [behaviour() for _ in range(count)]


# --- the server -------------------------------------------------------------------------


class _Closed(Exception):
    """The client closed the connection before a whole request arrived."""


class FaultServer:
    """A loopback server that serves each request with the next behaviour of its script."""

    def __init__(
        self,
        script: Iterable[Behaviour] = (),
        then: Behaviour | None = None,
        *,
        ssl_context: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.script = list(script)
        self.then = then or example()
        self.requests: list[Request] = []
        self.accepted = 0
        self.open_connections = 0
        self.tls_failures = 0
        self.stopping = False
        self._ssl = ssl_context
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((host, 0))
        self._listener.listen(64)
        self._listener.settimeout(_POLL)
        self.port: int = self._listener.getsockname()[1]
        scheme = "https" if ssl_context else "http"
        self.url = f"{scheme}://{host}:{self.port}"
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)

    # lifecycle

    def start(self) -> FaultServer:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        self.stopping = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes a blocked accept() at once
        self._acceptor.join(timeout=2)
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()
        for thread in list(self._threads):
            thread.join(timeout=2)

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def wait_idle(self, timeout: float = 3.0) -> bool:
        """Wait until no connection is open; True if that happened within `timeout`."""
        end = time.monotonic() + timeout
        while self.open_connections and time.monotonic() < end:
            time.sleep(0.01)
        return self.open_connections == 0

    # what tests look at

    def requests_to(self, method: str, path: str) -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # internals

    def _next(self) -> Behaviour:
        with self._lock:
            return self.script.pop(0) if self.script else self.then

    def _accept_loop(self) -> None:
        while not self.stopping:
            try:
                sock, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            with self._lock:
                self.accepted += 1
                self.open_connections += 1
                self._sockets.append(sock)
                index = self.accepted
            thread = threading.Thread(target=self._serve, args=(sock, index), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, index: int) -> None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._ssl is not None:
                sock.settimeout(5)
                try:
                    sock = self._ssl.wrap_socket(sock, server_side=True)
                except (ssl.SSLError, OSError):
                    with self._lock:
                        self.tls_failures += 1
                    return
            sock.settimeout(_POLL)
            buffer = b""
            while not self.stopping:
                request, buffer = self._read_request(sock, buffer, index)
                behaviour = self._next()
                request.served_by = behaviour.name
                request.may_have_acted = behaviour.may_have_acted
                with self._lock:
                    self.requests.append(request)
                if not behaviour(Conn(self, sock, request)):
                    break
        except (_Closed, OSError):
            pass
        finally:
            with contextlib.suppress(OSError):
                sock.close()
            with self._lock:
                self.open_connections -= 1

    def _recv(self, sock: socket.socket) -> bytes:
        while not self.stopping:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ssl.SSLWantReadError):
                continue
            if not chunk:
                raise _Closed
            return chunk
        raise _Closed

    def _read_request(
        self, sock: socket.socket, buffer: bytes, index: int
    ) -> tuple[Request, bytes]:
        while b"\r\n\r\n" not in buffer:
            buffer += self._recv(sock)
        head_bytes, buffer = buffer.split(b"\r\n\r\n", 1)
        request_line, *header_lines = head_bytes.decode("latin-1").split("\r\n")
        method, target, _ = request_line.split(" ", 2)
        headers: dict[str, str] = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body, buffer = self._read_chunked(sock, buffer)
        else:
            length = int(headers.get("content-length") or 0)
            while len(buffer) < length:
                buffer += self._recv(sock)
            body, buffer = buffer[:length], buffer[length:]
        return Request(method, target, headers, body, index), buffer

    def _read_chunked(self, sock: socket.socket, buffer: bytes) -> tuple[bytes, bytes]:
        parts = []
        while True:
            while b"\r\n" not in buffer:
                buffer += self._recv(sock)
            size_line, buffer = buffer.split(b"\r\n", 1)
            size = int(size_line.split(b";")[0], 16)
            while len(buffer) < size + 2:
                buffer += self._recv(sock)
            parts.append(buffer[:size])
            buffer = buffer[size + 2 :]
            if size == 0:
                return b"".join(parts), buffer
