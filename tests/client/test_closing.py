"""Closing a client ends what it started: a follow's log stream, a download.

After `close()` an iterator of the client stops at its next step with `ClientClosedError`,
and its WebSocket is closed at once: the local Studio sees the stream end within a second.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest

from datachain_studio import AsyncStudio, ClientClosedError, DownloadProgress, Studio
from datachain_studio.testing import StudioEmulator

pytestmark = pytest.mark.studio_emulator(job_step_seconds=None)

ROWS = [{"name": f"dog {n}"} for n in range(7)]


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def _studio(emulator: StudioEmulator) -> Studio:
    return Studio(
        token=emulator.token,
        url=emulator.url,
        team=emulator.team,
        http_client=httpx2.Client(trust_env=False),
    )


def _async_studio(emulator: StudioEmulator) -> AsyncStudio:
    return AsyncStudio(
        token=emulator.token,
        url=emulator.url,
        team=emulator.team,
        http_client=httpx2.AsyncClient(trust_env=False),
    )


def test_a_follow_of_a_closed_client_stops_and_its_stream_ends(
    studio_emulator: StudioEmulator,
) -> None:
    with _studio(studio_emulator) as studio:
        job = studio.jobs.create("print(1)")
        lines = studio.jobs.follow(job.id)
        studio_emulator.write_log(job.id, "one")
        first = next(lines)
        assert studio_emulator.log_streams_open == 1
    wait_until(lambda: studio_emulator.log_streams_open == 0, timeout=1.0)
    studio_emulator.write_log(job.id, "two")  # more lines: none of them comes
    with pytest.raises(ClientClosedError):
        next(lines)
    assert first


def test_closing_from_another_thread_ends_a_follow_waiting_for_lines(
    studio_emulator: StudioEmulator,
) -> None:
    studio = _studio(studio_emulator)
    job = studio.jobs.create("print(1)")
    got: list[str] = []
    ended: list[BaseException] = []

    def follow() -> None:
        try:
            got.extend(studio.jobs.follow(job.id))
        except BaseException as exc:
            ended.append(exc)

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    wait_until(lambda: studio_emulator.log_streams_open == 1)
    studio.close()
    follower.join(timeout=1.0)
    assert not follower.is_alive(), "the follow went on after close()"
    assert len(ended) == 1 and isinstance(ended[0], ClientClosedError)
    wait_until(lambda: studio_emulator.log_streams_open == 0, timeout=1.0)


def test_an_async_follow_of_a_closed_client_stops_and_its_stream_ends(
    studio_emulator: StudioEmulator,
) -> None:
    async def main() -> None:
        async with _async_studio(studio_emulator) as studio:
            job = await studio.jobs.create("print(1)")
            lines = studio.jobs.follow(job.id)
            studio_emulator.write_log(job.id, "one")
            assert await anext(lines)
            assert studio_emulator.log_streams_open == 1
        started = time.monotonic()
        while studio_emulator.log_streams_open and time.monotonic() - started < 1.0:
            await asyncio.sleep(0.005)
        assert studio_emulator.log_streams_open == 0
        studio_emulator.write_log(job.id, "two")
        with pytest.raises(ClientClosedError):
            await anext(lines)

    asyncio.run(main())


def test_closing_an_async_client_ends_a_follow_in_another_task(
    studio_emulator: StudioEmulator,
) -> None:
    async def main() -> None:
        studio = _async_studio(studio_emulator)
        job = await studio.jobs.create("print(1)")

        async def follow() -> list[str]:
            return [line async for line in studio.jobs.follow(job.id)]

        task = asyncio.create_task(follow())
        while studio_emulator.log_streams_open != 1:
            await asyncio.sleep(0.005)
        await studio.close()
        with pytest.raises(ClientClosedError):
            await asyncio.wait_for(task, 1.0)

    asyncio.run(main())
    wait_until(lambda: studio_emulator.log_streams_open == 0, timeout=1.0)


@pytest.mark.studio_emulator(export_delay=None, export_chunk_rows=2)
def test_closing_the_client_ends_a_download_and_leaves_nothing(
    studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions="1.0.0", rows=ROWS)
    studio = _studio(studio_emulator)
    out = tmp_path / "out"

    def progress(report: DownloadProgress) -> None:
        if report.waiting and report.chunks_done == 2:
            studio.close()  # half-way: the next step stops
        elif report.waiting:
            studio_emulator.advance_export(report.export_id)

    with pytest.raises(ClientClosedError):
        studio.datasets.download(
            "dev.animals.dogs@v1.0.0", to=out, progress=progress, poll_interval=0.01
        )
    assert not out.exists()


@pytest.mark.studio_emulator(export_delay=None, export_chunk_rows=2)
def test_closing_an_async_client_ends_its_download(
    studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions="1.0.0", rows=ROWS)
    out = tmp_path / "out"

    async def main() -> None:
        studio = _async_studio(studio_emulator)
        half_way = asyncio.Event()

        def progress(report: DownloadProgress) -> None:
            if report.waiting and report.chunks_done == 2:
                half_way.set()  # the chunk is not written yet: the download keeps waiting
            elif report.waiting:
                studio_emulator.advance_export(report.export_id)

        download = asyncio.create_task(
            studio.datasets.download(
                "dev.animals.dogs@v1.0.0", to=out, progress=progress, poll_interval=0.01
            )
        )
        await half_way.wait()
        await studio.close()
        with pytest.raises(ClientClosedError):
            await asyncio.wait_for(download, 1.0)

    asyncio.run(main())
    assert not out.exists()
