"""Connections across calls: a server closing idle keep-alive connections, and many faults
in a row through a one-connection pool.

A client reuses a pooled connection for the next call. If the server closed it meanwhile
(idle timeout, restart), the next call must not fail for that, and a create must still
reach the server once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import httpx2
import pytest

from datachain_studio import AsyncStudio, Studio, StudioError
from tests.reliability import fault_server as fs
from tests.reliability.fault_server import Behaviour, Conn, FaultServer
from tests.reliability.matrix import TOKEN, recorded_sleeps

JOBS = "/api/datachain/jobs/"


def _answer_then_drop(reset: bool) -> Behaviour:
    """Answer with the example, then close the idle connection soon after (FIN or RST)."""
    answer = fs.example()

    def run(conn: Conn) -> bool:
        answer(conn)
        if conn.pause(0.05):
            if reset:
                conn.reset()
            else:
                conn.sock.close()
        return False

    return Behaviour("example, then drop the idle connection", run)


@pytest.mark.parametrize("reset", [False, True], ids=["fin", "rst"])
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_connection_the_server_dropped_while_idle_is_not_reused(reset: bool, mode: str) -> None:
    script = [_answer_then_drop(reset), _answer_then_drop(reset)]
    with recorded_sleeps() as sleeps, FaultServer(script) as server:
        if mode == "sync":
            with Studio(token=TOKEN, url=server.url, team="t", timeout=0.5) as studio:
                studio.jobs.create("print(1)")
                time.sleep(0.5)
                studio.jobs.create("print(2)")
        else:

            async def run() -> None:
                async with AsyncStudio(token=TOKEN, url=server.url, team="t", timeout=0.5) as s:
                    await s.jobs.create("print(1)")
                    await asyncio.sleep(0.5)
                    await s.jobs.create("print(2)")

            asyncio.run(run())
        assert server.wait_idle()
    assert len(server.requests_to("POST", JOBS)) == 2
    assert server.accepted == 2
    assert sleeps == []


FAULTS: list[Callable[[], Behaviour]] = [
    fs.reset_before_response,
    fs.reset_mid_body,
    fs.close_mid_body,
    fs.silent,
    lambda: fs.trickle(0.05),
    lambda: fs.status(503),
    lambda: fs.reply(200, b"{oops", {"Content-Type": "application/json"}),
]


def test_faults_in_a_row_never_exhaust_a_one_connection_pool() -> None:
    script = [make() for make in FAULTS for _ in range(3)]
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    with recorded_sleeps(), FaultServer(script) as server:
        with httpx2.Client(limits=limits) as http:
            studio = Studio(
                token=TOKEN, url=server.url, team="t", timeout=0.3, http_client=http, max_retries=0
            )
            for _ in script:
                with pytest.raises(StudioError):
                    studio.jobs.list()
            assert len(studio.jobs.list()) == 1
        assert server.wait_idle()
    assert len(server.requests) == len(script) + 1


def test_async_faults_in_a_row_never_exhaust_a_one_connection_pool() -> None:
    script = [make() for make in FAULTS for _ in range(3)]
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)

    async def run(url: str) -> None:
        async with httpx2.AsyncClient(limits=limits) as http:
            studio = AsyncStudio(
                token=TOKEN, url=url, team="t", timeout=0.3, http_client=http, max_retries=0
            )
            for _ in script:
                with pytest.raises(StudioError):
                    await studio.jobs.list()
            assert len(await studio.jobs.list()) == 1

    with recorded_sleeps(), FaultServer(script) as server:
        asyncio.run(run(server.url))
        assert server.wait_idle()
    assert len(server.requests) == len(script) + 1
