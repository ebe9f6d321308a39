"""Retries, backoff, Retry-After, timeouts, and never creating anything twice."""

from __future__ import annotations

import asyncio
import email.utils
import time
from typing import Any

import httpx2
import pytest

from datachain_studio import (
    APIConnectionError,
    APITimeoutError,
    AsyncStudio,
    InternalServerError,
    RateLimitError,
    Studio,
    _base_client,
)
from tests.support.examples import example_reply
from tests.support.raw import free_port, raw_server, silent, trickle
from tests.support.server import Recorded, Reply, json_reply, scripted_server

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the client waits between attempts, recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(_base_client, "_sleep", slept.append)

    async def no_wait(delay: float) -> None:
        slept.append(delay)

    monkeypatch.setattr(_base_client, "_async_sleep", no_wait)
    return slept


def script(*statuses: int, headers: dict[str, str] | None = None) -> Any:
    """A handler answering the given statuses in turn, then the contract's example."""
    queue = list(statuses)

    def reply(request: Recorded) -> Reply:
        if queue:
            status = queue.pop(0)
            return json_reply({"detail": f"status {status}"}, status, **(headers or {}))
        return example_reply(request)

    return reply


def _studio(url: str, **options: Any) -> Studio:
    return Studio(token="isat_secret", url=url, team="t", **options)


def test_a_read_is_retried_with_growing_backoff_until_it_succeeds(sleeps: list[float]) -> None:
    with scripted_server(script(503, 502)) as server, _studio(server.url) as studio:
        jobs = studio.jobs.list()
    assert len(jobs) == 1
    assert len(server.requests) == 3
    assert len(sleeps) == 2
    assert 0.25 <= sleeps[0] <= 0.5
    assert 0.5 <= sleeps[1] <= 1.0


def test_retries_stop_at_the_budget(sleeps: list[float]) -> None:
    with scripted_server(script(500, 500, 500, 500)) as server, _studio(server.url) as studio:
        with pytest.raises(InternalServerError):
            studio.jobs.list()
    assert len(server.requests) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    ("client_retries", "call_retries", "expected"), [(5, None, 6), (5, 0, 1), (0, 3, 4)]
)
def test_retry_budget_per_client_and_per_call(
    sleeps: list[float], client_retries: int, call_retries: int | None, expected: int
) -> None:
    with (
        scripted_server(script(*[504] * 10)) as server,
        _studio(server.url, max_retries=client_retries) as studio,
        pytest.raises(InternalServerError),
    ):
        studio.clusters.list(max_retries=call_retries)
    assert len(server.requests) == expected


@pytest.mark.parametrize("status", [520, 522, 524, 529, 599])
def test_a_read_is_retried_after_any_5xx(sleeps: list[float], status: int) -> None:
    with scripted_server(script(status, status)) as server, _studio(server.url) as studio:
        jobs = studio.jobs.list()
    assert len(jobs) == 1
    assert [r.method for r in server.requests] == ["GET"] * 3
    assert len(sleeps) == 2


def test_an_async_read_is_retried_after_a_529(sleeps: list[float]) -> None:
    async def run(url: str) -> int:
        async with AsyncStudio(token="isat_x", url=url, team="t") as studio:
            return len(await studio.jobs.list())

    with scripted_server(script(529)) as server:
        assert asyncio.run(run(server.url)) == 1
    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [500, 502, 504, 520, 522, 524, 529, 599])
def test_a_create_is_never_retried_after_the_server_may_have_acted(
    sleeps: list[float], status: int
) -> None:
    with scripted_server(script(status)) as server, _studio(server.url) as studio:
        with pytest.raises(InternalServerError):
            studio.jobs.create("print(1)")
    assert len(server.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [429, 503])
def test_a_create_is_retried_when_the_server_refused_it(sleeps: list[float], status: int) -> None:
    with scripted_server(script(status)) as server, _studio(server.url) as studio:
        job = studio.jobs.create("print(1)")
    assert job.query
    assert [r.method for r in server.requests] == ["POST", "POST"]


def test_retry_after_in_seconds_and_as_a_date(sleeps: list[float]) -> None:
    with (
        scripted_server(script(429, headers={"Retry-After": "3"})) as server,
        _studio(server.url) as studio,
    ):
        studio.jobs.list()
    assert sleeps == [3.0]
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    with (
        scripted_server(script(503, headers={"Retry-After": when})) as server,
        _studio(server.url) as studio,
    ):
        studio.jobs.list()
    assert 15 <= sleeps[1] <= 21


def test_retry_after_ms_wins_over_retry_after(sleeps: list[float]) -> None:
    both = {"Retry-After": "2", "retry-after-ms": "1250"}
    with scripted_server(script(503, headers=both)) as server, _studio(server.url) as studio:
        studio.jobs.list()
    assert sleeps == [1.25]
    assert len(server.requests) == 2


def test_retry_after_ms_on_a_refused_create(sleeps: list[float]) -> None:
    with (
        scripted_server(script(429, headers={"retry-after-ms": "750"})) as server,
        _studio(server.url) as studio,
    ):
        studio.jobs.create("print(1)")
    assert sleeps == [0.75]
    assert [r.method for r in server.requests] == ["POST", "POST"]


def test_a_retry_after_beyond_the_cap_surfaces_the_error(sleeps: list[float]) -> None:
    with (
        scripted_server(script(429, headers={"Retry-After": "3600"})) as server,
        _studio(server.url) as studio,
        pytest.raises(RateLimitError),
    ):
        studio.jobs.list()
    assert len(server.requests) == 1
    assert sleeps == []


def test_garbage_retry_after_falls_back_to_backoff(sleeps: list[float]) -> None:
    with (
        scripted_server(script(429, headers={"Retry-After": "soon"})) as server,
        _studio(server.url) as studio,
    ):
        studio.jobs.list()
    assert 0.25 <= sleeps[0] <= 0.5


def test_refused_connections_are_retried_even_for_a_create(sleeps: list[float]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with _studio(url) as studio, pytest.raises(APIConnectionError) as raised:
        studio.jobs.create("print(1)")
    assert len(sleeps) == 2
    assert "isat_secret" not in str(raised.value)


def test_a_server_that_never_answers_times_out(sleeps: list[float]) -> None:
    with raw_server(silent) as (url, accepted), _studio(url, timeout=0.3) as studio:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            studio.jobs.create("print(1)")
        assert time.monotonic() - started < 2
        assert len(accepted) == 1  # a create that timed out may have been acted on: not resent
        with pytest.raises(APITimeoutError):
            studio.jobs.list(max_retries=1)
        assert len(accepted) == 3


def test_a_trickling_answer_cannot_outlast_the_timeout(sleeps: list[float]) -> None:
    with raw_server(trickle) as (url, _), _studio(url, timeout=0.5, max_retries=0) as studio:
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            studio.jobs.list()
        assert time.monotonic() - started < 1.5


def test_async_trickle_and_retries(sleeps: list[float]) -> None:
    async def run(url: str) -> None:
        async with AsyncStudio(
            token="isat_x", url=url, team="t", timeout=0.5, max_retries=1
        ) as studio:
            with pytest.raises(APITimeoutError):
                await studio.jobs.list()

    with raw_server(trickle) as (url, accepted):
        started = time.monotonic()
        asyncio.run(run(url))
        assert time.monotonic() - started < 2.5
        assert len(accepted) == 2


def test_upload_is_resent_whole_after_a_503(sleeps: list[float], tmp_path: Any) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"x" * 300_000)
    with scripted_server(script(503)) as server, _studio(server.url) as studio:
        studio.jobs.upload(path)
    first, second = server.requests
    assert first.body == second.body
    assert len(first.body) > 300_000


def test_a_users_httpx_client_keeps_auth_retries_and_timeouts(sleeps: list[float]) -> None:
    with scripted_server(script(503)) as server:
        with httpx2.Client(headers={"X-Extra": "1"}) as http:
            studio = Studio(token="isat_secret", url=server.url, team="t", http_client=http)
            studio.jobs.list()
            studio.close()
            assert not http.is_closed
        assert len(server.requests) == 2
        assert server.requests[1].header("authorization") == "Bearer isat_secret"
        assert server.requests[1].header("x-extra") == "1"
    with raw_server(silent) as (url, _), httpx2.Client() as http:
        studio = Studio(
            token="isat_secret", url=url, team="t", http_client=http, timeout=0.2, max_retries=0
        )
        with pytest.raises(APITimeoutError):
            studio.jobs.list()


def test_no_connection_leaks_after_retries_are_exhausted(sleeps: list[float]) -> None:
    with scripted_server(script(*[503] * 30)) as server:
        limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
        with httpx2.Client(limits=limits, timeout=2) as http:
            studio = Studio(
                token="isat_secret", url=server.url, team="t", http_client=http, timeout=2
            )
            for _ in range(10):
                with pytest.raises(InternalServerError):
                    studio.jobs.list()
            assert len(studio.jobs.list(max_retries=0)) == 1  # the one connection is free again


def test_timeouts_are_checked_before_sending() -> None:
    with pytest.raises(ValueError, match="timeout"):
        Studio(token="x", url="http://127.0.0.1:1", team="t", timeout=0).jobs.list()
    with pytest.raises(ValueError, match="unbounded"):
        Studio(
            token="x", url="http://127.0.0.1:1", team="t", timeout=httpx2.Timeout(None)
        ).jobs.list()
