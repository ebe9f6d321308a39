"""The server under the emulator: start-up time, free ports, a clean stop, WebSocket."""

from __future__ import annotations

import base64
import gc
import json
import os
import socket
import threading
import time
import warnings

import httpx2
import pytest

from datachain_studio.testing import StudioEmulator
from datachain_studio.testing._server import BACKLOG, WORKERS


def emulator_threads(before: set[threading.Thread] = frozenset()) -> list[str]:  # type: ignore[assignment]
    """The emulator threads alive now that were not alive in `before` (other tests' emulators
    that are still running, e.g. a module-scoped one, are not this test's to judge)."""
    return [
        t.name
        for t in threading.enumerate()
        if t.name.startswith("studio-emulator") and t not in before
    ]


def test_start_is_fast_and_port_0_picks_a_free_port() -> None:
    StudioEmulator().start().stop()  # the imports and the contract, loaded once per process
    times = []
    ports = set()
    for _ in range(5):
        emulator = StudioEmulator()
        began = time.perf_counter()
        emulator.start()
        times.append(time.perf_counter() - began)
        try:
            ports.add(emulator.port)
            assert emulator.url == f"http://127.0.0.1:{emulator.port}"
            # Ready means answering: no wait, no retry.
            response = httpx2.get(emulator.url + "/api/datachain/clusters/", timeout=5)
            assert response.status_code == 401
        finally:
            emulator.stop()
    print(f"\nstart: best {min(times) * 1e3:.1f} ms, worst {max(times) * 1e3:.1f} ms")
    assert max(times) <= 0.3
    assert len(ports) == 5 and all(port > 0 for port in ports)


def test_stop_leaves_no_thread_socket_or_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceWarning)
        before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
        alive = set(threading.enumerate())
        emulator = StudioEmulator().start()
        with httpx2.Client(base_url=emulator.url) as http:
            for _ in range(3):  # a kept-alive connection, open at stop()
                http.get("/api/datachain/clusters/")
            idle = socket.create_connection(("127.0.0.1", emulator.port))  # never sends
            stopped = time.perf_counter()
            emulator.stop()
            took = time.perf_counter() - stopped
            idle.settimeout(5)
            assert idle.recv(1) == b""  # closed by the server, not left hanging
            idle.close()
        gc.collect()
        assert emulator_threads(alive) == []
        if before is not None:
            assert len(os.listdir("/proc/self/fd")) <= before
    assert took < 0.5, f"stop took {took:.2f} s"
    with pytest.raises(RuntimeError, match="not running"):
        _ = emulator.url


def test_a_request_in_flight_at_stop_does_not_keep_it_waiting() -> None:
    alive = set(threading.enumerate())
    emulator = StudioEmulator().start()
    sock = socket.create_connection(("127.0.0.1", emulator.port), timeout=5)
    # An upload that never finishes: its worker waits for bytes that will not come.
    sock.sendall(
        b"POST /api/datachain/jobs/files?team_name=emulator HTTP/1.1\r\nHost: studio\r\n"
        b"Authorization: Bearer isat_emulator\r\nContent-Length: 1000000\r\n"
        b"Content-Type: multipart/form-data; boundary=XYZ\r\n\r\n--XYZ\r\n"
        b'Content-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc'
    )
    time.sleep(0.1)
    began = time.perf_counter()
    emulator.stop()
    assert time.perf_counter() - began < 3
    assert emulator_threads(alive) == []
    sock.close()


def test_the_listen_backlog_and_the_workers() -> None:
    assert BACKLOG >= 1024
    assert WORKERS >= 64


def websocket_handshake(port: int, path: str, until: bytes | None = None) -> bytes:
    """The server's bytes after a handshake for `path`: until it closes, or `until` is seen."""
    key = base64.b64encode(os.urandom(16))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: studio\r\nUpgrade: websocket\r\n".encode()
            + b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + b"Sec-WebSocket-Key: "
            + key
            + b"\r\n\r\n"
        )
        raw = b""
        while (until is None or until not in raw) and (chunk := sock.recv(65536)):
            raw += chunk
    return raw


def test_websocket_upgrades_reach_the_app_on_the_same_port_and_unrouted_ones_are_refused(
    studio_emulator: StudioEmulator,
) -> None:
    # /api/logs/follow/ is routed (the log stream: tests/emulator/test_log_stream.py).
    raw = websocket_handshake(studio_emulator.port, "/api/logs/nothing/?job_id=1")
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 404")
    assert b"content-type: application/json" in head.lower()
    text = "Not found: /api/logs/nothing/"
    assert json.loads(body) == {"message": text, "detail": text}


def test_a_websocket_route_can_be_added(studio_emulator: StudioEmulator) -> None:
    """The hook the log stream will use: a path in `websocket_routes` gets the socket."""
    from datachain_studio.testing._asgi import Message, Receive, Scope, Send

    async def hello(scope: Scope, receive: Receive, send: Send) -> None:
        message: Message = await receive()
        assert message["type"] == "websocket.connect"
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": "hi"})
        await send({"type": "websocket.close", "code": 1000})

    server = studio_emulator._server
    assert server is not None
    server.asgi.websocket_routes["/hello/"] = hello
    raw = websocket_handshake(studio_emulator.port, "/hello/", until=b"\x88\x02\x03\xe8")
    assert raw.startswith(b"HTTP/1.1 101")
    assert b"\x81\x02hi\x88\x02\x03\xe8" in raw  # a text frame "hi", then close 1000
