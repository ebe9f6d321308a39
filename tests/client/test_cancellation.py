"""AsyncStudio calls cancelled mid-flight, thousands of times, at random points.

httpcore 1.0 left a pool connection behind when a request was cancelled after the pool gave
it a new connection and before the request started on it (encode/httpcore#1093): the slot was
never freed, and once all were held every call waited for the pool until it timed out. The
client repaired that pool itself until httpcore2, whose pool survives these cancellations
(without any repair, after these storms 50 calls answer in well under a second, as they
do here). A long-running service cancels calls all the time (`asyncio.wait_for`, task
groups, its own timeouts), so after all of that the client must still answer at once,
holding no more connections, and no more sockets, than its pool allows.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from typing import Any

import httpx2
import pytest

from datachain_studio import AsyncStudio, StudioError
from tests.reliability.fault_server import FaultServer
from tests.reliability.matrix import TOKEN

POOL = 4
CONCURRENCY = 16
CANCELLED = 2000


def _pool(http: httpx2.AsyncClient) -> Any:
    return http._transport._pool  # type: ignore[attr-defined]


def _studio(url: str) -> tuple[AsyncStudio, httpx2.AsyncClient]:
    limits = httpx2.Limits(max_connections=POOL, max_keepalive_connections=POOL)
    http = httpx2.AsyncClient(limits=limits)
    return AsyncStudio(token=TOKEN, url=url, team="t", timeout=5, http_client=http), http


async def _healthy(studio: AsyncStudio, http: httpx2.AsyncClient, server: FaultServer) -> None:
    """50 plain calls answer quickly, and the pool and the sockets are within the limit."""
    started = time.monotonic()
    for _ in range(50):
        assert await studio.clusters.list() is not None
    assert time.monotonic() - started < 10  # ~0.1 s; a full pool times each call out at 5 s
    connections = _pool(http).connections
    assert len(connections) <= POOL
    end = time.monotonic() + 5
    while server.open_connections > POOL and time.monotonic() < end:
        await asyncio.sleep(0.05)  # the server notices closed sockets within its poll
    assert server.open_connections <= POOL


async def _cancelled_after(studio: AsyncStudio, delay: float) -> None:
    with contextlib.suppress(TimeoutError, StudioError):
        await asyncio.wait_for(studio.clusters.list(), delay)


def test_thousands_of_cancelled_calls_leave_the_pool_usable() -> None:
    rnd = random.Random(1093)

    async def main(server: FaultServer) -> None:
        studio, http = _studio(server.url)
        async with http:
            started = time.monotonic()
            for _ in range(CANCELLED // CONCURRENCY):
                delays = [rnd.uniform(0, 0.01) for _ in range(CONCURRENCY)]
                await asyncio.gather(*(_cancelled_after(studio, d) for d in delays))
            assert time.monotonic() - started < 60
            await _healthy(studio, http, server)

    with FaultServer() as server:
        asyncio.run(main(server))


def test_task_groups_cancelled_mid_flight_leave_the_pool_usable() -> None:
    rnd = random.Random(830)

    async def main(server: FaultServer) -> None:
        studio, http = _studio(server.url)
        async with http:
            for _ in range(CANCELLED // CONCURRENCY):
                with pytest.raises(asyncio.CancelledError):
                    async with asyncio.TaskGroup() as group:
                        for _ in range(CONCURRENCY):
                            group.create_task(studio.clusters.list())
                        await asyncio.sleep(rnd.uniform(0, 0.01))
                        raise asyncio.CancelledError
            await _healthy(studio, http, server)

    with FaultServer() as server:
        asyncio.run(main(server))
