"""AsyncStudio under trio, as httpx2 runs under it (through anyio): a call, a timeout, a
retry, a wait, and cancellations, against the loopback fault server."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
import trio

from datachain_studio import APITimeoutError, AsyncStudio
from tests.reliability import fault_server as fs
from tests.reliability.fault_server import FaultServer
from tests.reliability.matrix import TOKEN

CLUSTERS = "/api/datachain/clusters/"
JOBS = "/api/datachain/jobs/"


def _run(main: Callable[[], Any]) -> Any:
    return trio.run(main)


def test_a_list_call_under_trio() -> None:
    with FaultServer() as server:

        async def main() -> Any:
            async with AsyncStudio(token=TOKEN, url=server.url, team="t") as studio:
                return await studio.clusters.list()

        clusters = _run(main)
        assert server.wait_idle()
    assert isinstance(clusters, list)
    assert len(server.requests_to("GET", CLUSTERS)) == 1


def test_a_timeout_under_trio() -> None:
    with FaultServer([fs.silent()]) as server:

        async def main() -> float:
            studio = AsyncStudio(token=TOKEN, url=server.url, team="t", timeout=0.3)
            async with studio:
                started = time.monotonic()
                with pytest.raises(APITimeoutError):
                    await studio.clusters.list(max_retries=0)
                return time.monotonic() - started

        took = _run(main)
        assert server.wait_idle()
    assert took < 0.3 + 0.5


def test_a_retry_under_trio_sleeps_with_trio() -> None:
    with FaultServer([fs.status(503)]) as server:

        async def main() -> tuple[Any, float]:
            async with AsyncStudio(token=TOKEN, url=server.url, team="t") as studio:
                started = trio.current_time()
                clusters = await studio.clusters.list()
                return clusters, trio.current_time() - started

        clusters, took = _run(main)
    assert isinstance(clusters, list)
    assert [r.served_by for r in server.requests] == ["reply 503", "example"]
    assert took > 0  # the backoff was slept on trio's clock


def _job_list(status: str) -> fs.Behaviour:
    def body(data: bytes) -> bytes:
        jobs = json.loads(data)
        jobs[0]["status"] = status
        return json.dumps(jobs[:1]).encode()

    return fs.example(body=body)


def test_jobs_wait_polls_under_trio() -> None:
    script = [_job_list("RUNNING"), _job_list("RUNNING"), _job_list("COMPLETE")]
    with FaultServer(script) as server:

        async def main() -> Any:
            async with AsyncStudio(token=TOKEN, url=server.url, team="t") as studio:
                return await studio.jobs.wait(
                    "3fa85f64-5717-4562-b3fc-2c963f66afa6", poll_interval=0.05
                )

        job = _run(main)
    assert str(getattr(job.status, "value", job.status)) == "COMPLETE"
    assert len(server.requests_to("GET", JOBS)) == 3


def test_cancelled_calls_under_trio_leave_the_pool_usable() -> None:
    rnd = random.Random(785)
    with FaultServer() as server:

        async def main() -> None:
            limits = httpx2.Limits(max_connections=4, max_keepalive_connections=4)
            async with httpx2.AsyncClient(limits=limits) as http:
                studio = AsyncStudio(token=TOKEN, url=server.url, team="t", http_client=http)

                async def one() -> None:
                    with trio.move_on_after(rnd.uniform(0, 0.01)):
                        await studio.clusters.list(timeout=5)

                for _ in range(1000 // 16):
                    async with trio.open_nursery() as nursery:
                        for _ in range(16):
                            nursery.start_soon(one)
                started = time.monotonic()
                for _ in range(50):
                    await studio.clusters.list(timeout=5)
                assert time.monotonic() - started < 10
                pool = http._transport._pool  # type: ignore[attr-defined]
                assert len(pool.connections) <= 4
                assert all(c.is_idle() for c in pool.connections), pool.connections

        _run(main)


def test_an_upload_from_a_path_under_trio(tmp_path: Any) -> None:
    from datachain_studio.testing import StudioEmulator

    path = tmp_path / "data.csv"
    path.write_bytes(b"a,b\n" * 100_000)
    with StudioEmulator() as emulator:

        async def main() -> Any:
            async with AsyncStudio(
                token=emulator.token, url=emulator.url, team=emulator.team
            ) as studio:
                return await studio.jobs.upload(path)

        upload = _run(main)
        assert emulator.upload_path(upload.id).read_bytes() == path.read_bytes()
    assert upload.size == path.stat().st_size
