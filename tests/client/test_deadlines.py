"""One deadline bounds each bounded operation, every request inside it included.

Against a Studio that accepts the connection and never answers, and one that answers 503
with `Retry-After: 1` forever, `jobs.wait`, `jobs.follow`, `jobs.follow_events`,
`datasets.download` and `login` with a bound of 3 s end within 4 s with a `StudioError`,
sync and async. (Before the one deadline, `wait` took 181 s against the silent server: each
poll got the full per-attempt timeout and every retry.)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import datachain_studio
from datachain_studio import AsyncStudio, Studio, StudioError, WaitTimeoutError
from tests.support.config import isolate_config
from tests.support.raw import raw_server, silent
from tests.support.server import Reply, scripted_server

JOB_ID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
BOUND = 3.0
SLACK = 1.0  # the machine may be busy: what matters is a bound kept, not 181 s


@pytest.fixture(autouse=True)
def _config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Sign-in writes the datachain config: keep it in this test's folder."""
    isolate_config(monkeypatch, tmp_path)


@pytest.fixture(params=["silent", "503 forever"])
def studio_url(request: pytest.FixtureRequest) -> Iterator[tuple[str, type[StudioError]]]:
    """The URL of a Studio that misbehaves, and the error a bounded operation ends with:
    the bound's own `WaitTimeoutError` when nothing answers, the 503 once retries are spent
    (or the bound, if it comes first)."""
    if request.param == "silent":
        with raw_server(silent) as (url, _):
            yield url, WaitTimeoutError
    else:
        busy = Reply(503, body={"detail": "busy"}, headers={"Retry-After": "1"})
        with scripted_server(lambda _: busy) as server:
            yield server.url, StudioError


def _sync_operations(tmp: Path) -> dict[str, Callable[[str], object]]:
    def studio(url: str) -> Studio:
        return Studio(token="isat_x", url=url, team="t")

    return {
        "wait": lambda url: studio(url).jobs.wait(JOB_ID, wait_timeout=BOUND),
        "follow": lambda url: list(studio(url).jobs.follow(JOB_ID, wait_timeout=BOUND)),
        "follow_events": lambda url: list(
            studio(url).jobs.follow_events(JOB_ID, wait_timeout=BOUND)
        ),
        "download": lambda url: studio(url).datasets.download(
            "dev.animals.dogs", version="1.0.0", to=tmp / "out", wait_timeout=BOUND
        ),
        "login": lambda url: datachain_studio.login(url, wait_timeout=BOUND, on_code=print),
    }


def _async_operations(tmp: Path) -> dict[str, Callable[[str], Awaitable[object]]]:
    def studio(url: str) -> AsyncStudio:
        return AsyncStudio(token="isat_x", url=url, team="t")

    async def follow(url: str) -> list[str]:
        return [line async for line in studio(url).jobs.follow(JOB_ID, wait_timeout=BOUND)]

    async def follow_events(url: str) -> list[Any]:
        events = studio(url).jobs.follow_events(JOB_ID, wait_timeout=BOUND)
        return [event async for event in events]

    return {
        "wait": lambda url: studio(url).jobs.wait(JOB_ID, wait_timeout=BOUND),
        "follow": follow,
        "follow_events": follow_events,
        "download": lambda url: studio(url).datasets.download(
            "dev.animals.dogs", version="1.0.0", to=tmp / "out", wait_timeout=BOUND
        ),
        "login": lambda url: datachain_studio.alogin(url, wait_timeout=BOUND, on_code=print),
    }


OPERATIONS = ["wait", "follow", "follow_events", "download", "login"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_sync_operation_ends_within_its_bound(
    operation: str, studio_url: tuple[str, type[StudioError]], tmp_path: Path
) -> None:
    url, error = studio_url
    run = _sync_operations(tmp_path)[operation]
    started = time.monotonic()
    with pytest.raises(error):
        run(url)
    assert time.monotonic() - started < BOUND + SLACK


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_async_operation_ends_within_its_bound(
    operation: str, studio_url: tuple[str, type[StudioError]], tmp_path: Path
) -> None:
    url, error = studio_url
    run = _async_operations(tmp_path)[operation]
    started = time.monotonic()
    with pytest.raises(error):
        asyncio.run(run(url))  # type: ignore[arg-type]
    assert time.monotonic() - started < BOUND + SLACK
