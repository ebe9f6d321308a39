"""Raw TCP servers on loopback that misbehave on purpose: silent, trickling, or absent."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress


@contextmanager
def raw_server(serve: Callable[[socket.socket], None]) -> Iterator[tuple[str, list[int]]]:
    """Run `serve(connection)` for each connection; yields the URL and a list counting them."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.05)
    accepted: list[int] = []
    stop = threading.Event()
    connections: list[socket.socket] = []

    def loop() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            accepted.append(1)
            connections.append(connection)
            threading.Thread(target=serve, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}", accepted
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
        for connection in connections:
            with suppress(OSError):
                connection.close()


def read_request(connection: socket.socket) -> bytes:
    """Read up to the end of the request headers (bodies are ignored)."""
    data = b""
    connection.settimeout(5)
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def silent(connection: socket.socket) -> None:
    """Accept the request and never answer."""
    read_request(connection)
    time.sleep(30)


def trickle(connection: socket.socket) -> None:
    """Answer 200 with a long JSON body, one byte every 50 ms."""
    read_request(connection)
    body = b"[" + b" " * 10_000 + b"]"
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    try:
        connection.sendall(head.encode())
        for byte in body:
            connection.sendall(bytes([byte]))
            time.sleep(0.05)
    except OSError:
        pass


def free_port() -> int:
    """A port nothing listens on (connections to it are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
