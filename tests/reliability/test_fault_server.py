"""The fault server itself: it does what the matrix relies on it to do."""

from __future__ import annotations

import socket
import time

import httpx2
import pytest

from tests.reliability import fault_server as fs
from tests.reliability.fault_server import FaultServer


def _raw_get(port: int, request: bytes = b"GET /x HTTP/1.1\r\nHost: h\r\n\r\n") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=2)
    sock.sendall(request)
    return sock


def test_reset_before_response_is_a_tcp_reset() -> None:
    with FaultServer([fs.reset_before_response()]) as server:
        sock = _raw_get(server.port)
        with pytest.raises(ConnectionResetError):
            sock.recv(10)
        sock.close()
        assert server.wait_idle()
    assert [r.served_by for r in server.requests] == ["reset before response"]


def test_reset_mid_body_sends_half_the_body_then_resets() -> None:
    with FaultServer([fs.reset_mid_body()]) as server:
        sock = _raw_get(server.port, b"GET /api/datachain/clusters/ HTTP/1.1\r\nHost: h\r\n\r\n")
        received = b""
        with pytest.raises(ConnectionResetError):
            while chunk := sock.recv(65536):
                received += chunk
        sock.close()
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    assert 0 < len(body) < length


def test_silent_holds_the_connection_until_the_client_hangs_up() -> None:
    with FaultServer([fs.silent()]) as server:
        sock = _raw_get(server.port)
        time.sleep(0.2)
        assert server.open_connections == 1
        sock.close()
        assert server.wait_idle(1)


def test_trickle_paces_the_body_and_stops_when_the_client_leaves() -> None:
    with FaultServer([fs.trickle(0.05, size=100)]) as server:
        sock = _raw_get(server.port)
        started = time.monotonic()
        received = b""
        while time.monotonic() - started < 0.3:
            received += sock.recv(65536)
        sock.close()
        assert server.wait_idle(1)
    body = received.partition(b"\r\n\r\n")[2]
    assert 2 <= len(body) <= 10


def test_requests_bodies_and_keep_alive_are_read_like_a_server_would() -> None:
    script = [fs.status(503), fs.reply(201, {"ok": True})]
    with FaultServer(script) as server, httpx2.Client() as http:
        first = http.post(server.url + "/a", content=b"12345")
        second = http.post(server.url + "/b", content=iter([b"ab", b"cd"]))  # chunked
        third = http.get(server.url + "/api/datachain/clusters/")
    assert (first.status_code, second.status_code, third.status_code) == (503, 201, 200)
    assert [r.body for r in server.requests] == [b"12345", b"abcd", b""]
    assert server.accepted == 1  # one keep-alive connection for all three
    assert [r.may_have_acted for r in server.requests] == [False, True, True]
