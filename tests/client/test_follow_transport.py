"""The live log stream rides the httpx2 client: its hooks, mounts and redirect rules apply to
the handshake, and a hostile stream never outlasts the follow's bound.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
import wsproto.utilities

from datachain_studio import AsyncStudio, Reconnect, Studio, WaitTimeoutError
from datachain_studio.testing import StudioEmulator

pytestmark = pytest.mark.studio_emulator(job_step_seconds=None)

FAST = Reconnect(initial_delay=0.01, max_delay=0.05, jitter=0.0)
FOLLOW = "/api/logs/follow/"
JOB = "6f1c1a52-6d0c-4d7e-9a7a-2c4f0b0d1e11"


def finished_job_with_lines(studio: Studio, emulator: StudioEmulator) -> Any:
    job = studio.jobs.create("print(1)")
    emulator.write_log(job.id, "one\ntwo")
    emulator.finish_job(job.id)
    return job


# --- the client's configuration applies --------------------------------------------------------


def test_an_event_hook_sees_the_handshake(studio_emulator: StudioEmulator) -> None:
    seen: list[tuple[str, str, str | None, str | None]] = []

    def on_response(response: httpx2.Response) -> None:
        request = response.request
        seen.append(
            (
                request.url.path,
                str(response.status_code),
                request.headers.get("upgrade"),
                request.extensions.get("datachain_studio.operation"),
            )
        )

    http = httpx2.Client(event_hooks={"response": [on_response]})
    with Studio(
        token=studio_emulator.token, url=studio_emulator.url, team="emulator", http_client=http
    ) as studio:
        job = finished_job_with_lines(studio, studio_emulator)
        lines = list(studio.jobs.follow(job.id))
    http.close()
    assert lines[1:3] == ["one", "two"]
    assert (FOLLOW, "101", "websocket", "jobs.follow") in seen, seen
    assert studio_emulator.log_streams_opened == 1


def test_an_async_event_hook_sees_the_handshake(studio_emulator: StudioEmulator) -> None:
    seen: list[tuple[str, int]] = []

    async def on_response(response: httpx2.Response) -> None:
        seen.append((response.request.url.path, response.status_code))

    async def run() -> list[str]:
        http = httpx2.AsyncClient(event_hooks={"response": [on_response]})
        async with AsyncStudio(
            token=studio_emulator.token, url=studio_emulator.url, team="emulator", http_client=http
        ) as studio:
            job = await studio.jobs.create("print(1)")
            studio_emulator.write_log(job.id, "one")
            studio_emulator.finish_job(job.id)
            lines = [line async for line in studio.jobs.follow(job.id)]
        await http.aclose()
        return lines

    assert "one" in asyncio.run(run())
    assert (FOLLOW, 101) in seen, seen


class Counting(httpx2.BaseTransport):
    """A transport mounted on the client, handing each request on to a real one."""

    def __init__(self) -> None:
        self.inner = httpx2.HTTPTransport()
        self.paths: list[str] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        self.paths.append(request.url.path)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


def test_a_mounted_transport_carries_the_stream(studio_emulator: StudioEmulator) -> None:
    mounted = Counting()
    host = httpx2.URL(studio_emulator.url).host
    http = httpx2.Client(mounts={f"all://{host}": mounted})
    with Studio(
        token=studio_emulator.token, url=studio_emulator.url, team="emulator", http_client=http
    ) as studio:
        job = finished_job_with_lines(studio, studio_emulator)
        lines = list(studio.jobs.follow(job.id))
    http.close()
    assert lines[1:3] == ["one", "two"]
    assert FOLLOW in mounted.paths
    assert studio_emulator.log_streams_opened == 1


class Elsewhere(httpx2.BaseTransport):
    """Studio's transport, except that the handshake is redirected to another host, whose
    requests are recorded and answered 404."""

    def __init__(self) -> None:
        self.inner = httpx2.HTTPTransport()
        self.elsewhere: list[httpx2.Request] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        if request.url.host == "elsewhere.invalid":
            self.elsewhere.append(request)
            return httpx2.Response(404, json={"detail": "not here"})
        if request.url.path == FOLLOW:
            target = request.url.copy_with(scheme="http", host="elsewhere.invalid", port=None)
            return httpx2.Response(307, headers={"Location": str(target)})
        return self.inner.handle_request(request)


def test_a_redirected_handshake_does_not_carry_the_token_away(
    studio_emulator: StudioEmulator,
) -> None:
    transport = Elsewhere()
    http = httpx2.Client(transport=transport)
    http.cookies.set("session", "studio-cookie", domain=httpx2.URL(studio_emulator.url).host)
    with Studio(
        token=studio_emulator.token, url=studio_emulator.url, team="emulator", http_client=http
    ) as studio:
        job = finished_job_with_lines(studio, studio_emulator)
        lines = list(studio.jobs.follow(job.id, poll_interval=0.01))  # then polled: it is a 404
    http.close()
    assert lines[1:3] == ["one", "two"]
    (request,) = transport.elsewhere
    assert "authorization" not in request.headers
    assert "cookie" not in request.headers
    assert studio_emulator.log_streams_opened == 0


# --- a hostile stream ---------------------------------------------------------------------------


class HostileStream:
    """A server on loopback that accepts the WebSocket handshake, then either stays silent
    (`silent`) or sends pings as fast as it can and never reads (`pings`)."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.connections: list[socket.socket] = []
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            piece = conn.recv(4096)
            if not piece:
                return
            head += piece
        lines = head.decode("latin-1").split("\r\n")
        if FOLLOW not in lines[0]:  # anything else (the REST status check): never answered
            self.stop.wait()
            return
        key = next(
            line.split(":", 1)[1].strip()
            for line in lines
            if line.lower().startswith("sec-websocket-key:")
        )
        accept = wsproto.utilities.generate_accept_token(key.encode()).decode()
        conn.sendall(
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        if self.behaviour == "pings":
            conn.setblocking(True)
            try:
                while not self.stop.is_set():
                    conn.sendall(b"\x89\x04ping" * 256)  # unmasked Ping frames, 6 bytes each
            except OSError:
                return
        self.stop.wait()

    def close(self) -> None:
        self.stop.set()
        self.listener.close()
        for conn in self.connections:
            conn.close()


@pytest.fixture(params=["silent", "pings"])
def hostile(request: pytest.FixtureRequest) -> Iterator[HostileStream]:
    server = HostileStream(request.param)
    yield server
    server.close()


def test_a_hostile_stream_ends_within_the_bound(hostile: HostileStream) -> None:
    with Studio(token="isat_x", url=hostile.url, team="t", max_retries=0) as studio:
        started = time.monotonic()
        with pytest.raises(WaitTimeoutError):
            list(studio.jobs.follow(JOB, wait_timeout=1.5, reconnect=FAST))
        elapsed = time.monotonic() - started
    assert elapsed < 2.5, elapsed


def test_an_async_hostile_stream_ends_within_the_bound(hostile: HostileStream) -> None:
    async def run() -> float:
        async with AsyncStudio(token="isat_x", url=hostile.url, team="t", max_retries=0) as studio:
            started = time.monotonic()
            with pytest.raises(WaitTimeoutError):
                [line async for line in studio.jobs.follow(JOB, wait_timeout=1.5, reconnect=FAST)]
            return time.monotonic() - started

    elapsed = asyncio.run(run())
    assert elapsed < 2.5, elapsed


def test_follow_returns_generators_as_typed(studio: Studio) -> None:
    """`follow`/`follow_events` are generators (typed so): `close()`, `contextlib.closing`."""
    import collections.abc
    import contextlib

    lines = studio.jobs.follow(JOB)
    assert isinstance(lines, collections.abc.Generator)
    lines.close()
    with contextlib.closing(studio.jobs.follow_events(JOB)) as events:
        assert isinstance(events, collections.abc.Generator)


def test_async_follow_returns_async_generators_as_typed() -> None:
    import collections.abc

    async def run() -> None:
        async with AsyncStudio(token="isat_x", url="http://127.0.0.1:9", team="t") as studio:
            lines = studio.jobs.follow(JOB)
            assert isinstance(lines, collections.abc.AsyncGenerator)
            await lines.aclose()

    asyncio.run(run())
