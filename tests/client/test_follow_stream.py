"""`jobs.follow()` / `follow_events()` over the log stream, against the local Studio.

The local Studio here moves jobs only when told (`job_step_seconds=None`), so each test
writes lines (`write_log`), drops connections (`drop_log_streams`), archives logs and ends
jobs exactly when it wants to.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx2
import pytest

from datachain_studio import (
    AsyncStudio,
    AuthenticationError,
    InvalidRequestError,
    LogLine,
    LogStreamError,
    NotFoundError,
    PermissionDeniedError,
    Reconnect,
    StatusChange,
    Studio,
    WaitTimeoutError,
)
from datachain_studio import _logstream as client_side
from datachain_studio.testing import StudioEmulator
from datachain_studio.testing import _logstream as server_side

pytestmark = pytest.mark.studio_emulator(job_step_seconds=None, tokens={"isat_other": "other"})

FAST = Reconnect(initial_delay=0.01, max_delay=0.05, jitter=0.0)


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def rest_lines(studio: Studio, job_id: object) -> list[str]:
    return [str(line.message) for line in studio.jobs.logs(job_id).logs]


class Follower(threading.Thread):
    """`follow()` in a thread of its own, collecting what it yields."""

    def __init__(self, iterator: Iterator[Any]) -> None:
        super().__init__(daemon=True)
        self.iterator = iterator
        self.got: list[Any] = []
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            for item in self.iterator:
                self.got.append(item)
        except BaseException as exc:
            self.error = exc

    def result(self, timeout: float = 10) -> list[Any]:
        self.join(timeout)
        assert not self.is_alive(), "follow did not end"
        if self.error is not None:
            raise self.error
        return self.got


def no_polling(studio: Studio, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the REST log was polled")

    monkeypatch.setattr(studio.jobs, "logs", refuse)


# --- the stream --------------------------------------------------------------------------------


def test_follow_reads_the_stream_not_the_rest_log(
    studio: Studio, studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.write_log(job.id, "one\ntwo")
    studio_emulator.finish_job(job.id)
    expected = rest_lines(studio, job.id)
    no_polling(studio, monkeypatch)
    assert list(studio.jobs.follow(job.id)) == expected
    assert studio_emulator.log_streams_opened == 1


def test_lines_come_as_they_are_written(studio: Studio, studio_emulator: StudioEmulator) -> None:
    job = studio.jobs.create("print(1)")
    follower = Follower(studio.jobs.follow(job.id))
    wait_until(lambda: len(follower.got) == 1)
    for n in range(5):
        studio_emulator.write_log(job.id, f"line {n}")
        wait_until(lambda n=n: follower.got[-1] == f"line {n}")  # each one, before the next
    studio_emulator.finish_job(job.id)
    assert follower.result() == rest_lines(studio, job.id)


def test_follow_events_yields_lines_with_ids_and_status_changes(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    follower = Follower(studio.jobs.follow_events(job.id))
    wait_until(lambda: len(follower.got) == 2)
    studio_emulator.advance_job(job.id, 2)
    studio_emulator.finish_job(job.id)
    events = follower.result()
    statuses = [e.status for e in events if isinstance(e, StatusChange)]
    assert statuses == ["CREATED", "QUEUED", "RUNNING", "COMPLETE"]
    assert isinstance(events[-1], StatusChange) and events[-1].finished
    ids = [e.id for e in events if isinstance(e, LogLine)]
    assert ids == list(range(1, len(ids) + 1))


def test_no_follow_yields_status_changes_only(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.write_log(job.id, "not shown")
    follower = Follower(studio.jobs.follow_events(job.id, no_follow=True))
    wait_until(lambda: len(follower.got) == 1)
    studio_emulator.finish_job(job.id)
    events = follower.result()
    assert all(isinstance(e, StatusChange) for e in events)
    assert [e.status for e in events] == ["CREATED", "QUEUED", "RUNNING", "COMPLETE"]


# --- reconnects --------------------------------------------------------------------------------


def test_a_dropped_connection_is_resumed_without_duplicates_or_losses(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    follower = Follower(studio.jobs.follow(job.id, reconnect=FAST))
    for n in range(5):
        studio_emulator.write_log(job.id, f"before {n}")
    wait_until(lambda: len(follower.got) == 6)
    assert studio_emulator.drop_log_streams() == 1
    for n in range(5):
        studio_emulator.write_log(job.id, f"during {n}")  # while it reconnects
    wait_until(lambda: studio_emulator.log_streams_opened == 2)
    studio_emulator.write_log(job.id, "after")
    studio_emulator.finish_job(job.id)
    assert follower.result() == rest_lines(studio, job.id)


def test_many_drops_while_lines_pour_in_lose_and_repeat_nothing(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    follower = Follower(studio.jobs.follow(job.id, reconnect=FAST))
    for drops in range(1, 6):
        wait_until(lambda drops=drops: studio_emulator.log_streams_open == 1)
        for n in range(80):
            studio_emulator.write_log(job.id, f"line {drops} {n}")
        studio_emulator.drop_log_streams()  # with lines still on their way
    studio_emulator.finish_job(job.id)
    lines = follower.result()
    assert lines == rest_lines(studio, job.id)
    assert len(lines) == len(set(lines))
    assert studio_emulator.log_streams_opened > 2


def test_the_rest_status_wins_over_the_streams(
    studio: Studio, studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stream says COMPLETE and closes; REST says RUNNING: the follow goes on."""
    real = server_side.LogStreams._collect
    calls = {"n": 0}

    def lying_once(self: Any, connection: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            return server_side._Batch(['{"job":{"status":"COMPLETE"}}'], close=1000)
        return real(self, connection)

    monkeypatch.setattr(server_side.LogStreams, "_collect", lying_once)
    job = studio.jobs.create("print(1)")
    studio_emulator.advance_job(job.id, 2)
    follower = Follower(studio.jobs.follow_events(job.id, reconnect=FAST))
    wait_until(lambda: studio_emulator.log_streams_opened == 2)
    studio_emulator.finish_job(job.id)
    events = follower.result()
    statuses = [e.status for e in events if isinstance(e, StatusChange)]
    assert statuses == ["COMPLETE", "RUNNING", "COMPLETE"]
    lines = [e.message for e in events if isinstance(e, LogLine)]
    assert lines == rest_lines(studio, job.id)


def test_bad_frames_end_the_connection_not_the_follow(
    studio: Studio, studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = server_side.LogStreams._encoded
    bad = iter(["not json", '["a list"]', '{"logs": "not a list"}', '{"logs": [{"id": "7"}]}'])

    def garbled(self: Any, connection: Any, frames: Any) -> list[str]:
        texts = real(self, connection, frames)
        return [next(bad, texts[0]), *texts] if texts else texts

    monkeypatch.setattr(server_side.LogStreams, "_encoded", garbled)
    job = studio.jobs.create("print(1)")
    studio_emulator.write_log(job.id, "one")
    follower = Follower(studio.jobs.follow(job.id, reconnect=FAST))
    wait_until(lambda: len(follower.got) == 2)  # on the fifth connection
    assert studio_emulator.log_streams_opened == 5
    studio_emulator.finish_job(job.id)
    assert follower.result() == rest_lines(studio, job.id)


def test_after_too_many_empty_connections_it_polls(
    studio: Studio, studio_emulator: StudioEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="datachain_studio")
    job = studio.jobs.create("print(1)")
    follower = Follower(
        studio.jobs.follow(job.id, poll_interval=0.02, reconnect=Reconnect(2, 0.01, 0.01, 0))
    )
    wait_until(lambda: len(follower.got) == 1)
    server = studio_emulator._server
    assert server is not None
    del server.asgi.websocket_routes[server_side.PATH]  # reconnects are answered 404 now
    studio_emulator.drop_log_streams()
    studio_emulator.write_log(job.id, "polled")
    wait_until(lambda: follower.got[-1:] == ["polled"])
    studio_emulator.finish_job(job.id)
    assert follower.result() == rest_lines(studio, job.id)
    assert "polling the REST log instead" in caplog.text


# --- archived logs -----------------------------------------------------------------------------


def test_an_archived_log_is_fetched_without_the_token(
    studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The user's own httpx2 client even sends a token by default: not to the blob.
    http = httpx2.Client(headers={"Authorization": "Bearer leaked"}, trust_env=False)
    studio = Studio(
        token=studio_emulator.token,
        url=studio_emulator.url,
        team=studio_emulator.team,
        http_client=http,
    )
    job = studio.jobs.create("print(1)")
    studio_emulator.write_log(job.id, "old one\nold two")
    studio_emulator.archive_logs(job.id)
    studio_emulator.write_log(job.id, "new one")
    studio_emulator.finish_job(job.id)
    expected = rest_lines(studio, job.id)
    no_polling(studio, monkeypatch)
    assert list(studio.jobs.follow(job.id)) == expected
    fetches = studio_emulator.blob_fetches
    assert [(f.status, f.authorization) for f in fetches] == [(200, False)]
    http.close()


def test_an_archive_made_between_two_connections_is_not_shown_twice(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    slow = Reconnect(initial_delay=0.3, max_delay=0.3, jitter=0)  # time to archive meanwhile
    follower = Follower(studio.jobs.follow(job.id, reconnect=slow))
    studio_emulator.write_log(job.id, "live one\nlive two")
    wait_until(lambda: len(follower.got) == 3)
    studio_emulator.drop_log_streams()
    studio_emulator.write_log(job.id, "missed while away")  # in the archive, never seen live
    studio_emulator.archive_logs(job.id)
    wait_until(lambda: studio_emulator.log_streams_opened == 2)
    studio_emulator.write_log(job.id, "after the archive")
    studio_emulator.finish_job(job.id)
    assert follower.result() == rest_lines(studio, job.id)
    assert [f.status for f in studio_emulator.blob_fetches] == [200]


def test_a_blob_that_cannot_be_read_is_tried_again(
    studio: Studio, studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = server_side.LogStreams._blob_text
    calls = {"n": 0}

    def failing_once(self: Any, path: str) -> bytes | None:
        calls["n"] += 1
        return None if calls["n"] == 1 else real(self, path)

    monkeypatch.setattr(server_side.LogStreams, "_blob_text", failing_once)
    job = studio.jobs.create("print(1)")
    studio_emulator.write_log(job.id, "archived")
    studio_emulator.archive_logs(job.id)
    studio_emulator.finish_job(job.id)
    assert list(studio.jobs.follow(job.id, reconnect=FAST)) == rest_lines(studio, job.id)
    assert [f.status for f in studio_emulator.blob_fetches] == [403, 200]


# --- where the stream cannot be had -------------------------------------------------------------


def without_wsproto(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import wsproto` fail, as where it is not installed."""
    monkeypatch.setitem(sys.modules, "wsproto", None)
    for name in ("datachain_studio._sync.websocket", "datachain_studio._async.websocket"):
        monkeypatch.delitem(sys.modules, name, raising=False)


def test_without_wsproto_it_polls_and_says_so(
    studio: Studio,
    studio_emulator: StudioEmulator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    without_wsproto(monkeypatch)
    caplog.set_level(logging.DEBUG, logger="datachain_studio")
    job = studio.jobs.create("print(1)")
    studio_emulator.write_log(job.id, "polled")
    studio_emulator.finish_job(job.id)
    assert list(studio.jobs.follow(job.id, poll_interval=0.01)) == rest_lines(studio, job.id)
    assert studio_emulator.log_streams_opened == 0
    assert "wsproto is not installed" in caplog.text


@pytest.mark.studio_emulator(job_step_seconds=0.02, log_stream=False)
def test_a_studio_without_the_stream_is_polled(
    studio: Studio, studio_emulator: StudioEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="datachain_studio")
    job = studio.jobs.create("print(1)\n# emulator: log from the query")
    lines = list(studio.jobs.follow(job.id, poll_interval=0.01))
    assert lines == rest_lines(studio, job.id)
    assert "from the query" in lines
    assert "unavailable: polling the REST log" in caplog.text
    assert "HTTP 404" in caplog.text


def test_stream_false_polls_from_the_start(studio: Studio, studio_emulator: StudioEmulator) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.finish_job(job.id)
    assert list(studio.jobs.follow(job.id, stream=False)) == rest_lines(studio, job.id)
    assert studio_emulator.log_streams_opened == 0


def test_a_refused_connection_falls_back_to_polling(
    studio: Studio, studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = studio.jobs.create("print(1)")
    studio_emulator.finish_job(job.id)
    # The stream's URL points at a closed port; REST stays where it is.
    real = client_side.stream_url
    monkeypatch.setattr(
        client_side,
        "stream_url",
        lambda base, *args, **kw: real("http://127.0.0.1:9", *args, **kw),
    )
    assert list(studio.jobs.follow(job.id, poll_interval=0.01)) == rest_lines(studio, job.id)


# --- errors --------------------------------------------------------------------------------------


def test_a_bad_token_is_an_authentication_error(studio_emulator: StudioEmulator) -> None:
    studio = Studio(token="isat_wrong_but_long", url=studio_emulator.url, team="emulator")
    with pytest.raises(AuthenticationError) as raised:
        list(studio.jobs.follow(uuid.uuid4()))
    assert raised.value.status_code == 401
    assert "Invalid token" in str(raised.value)
    assert "isat_wrong_but_long" not in str(raised.value) + repr(raised.value)


def test_a_foreign_team_is_a_permission_error(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job = studio.jobs.create("print(1)")
    with pytest.raises(PermissionDeniedError) as raised:
        list(studio.jobs.follow(job.id, team="other"))
    assert raised.value.status_code == 403


def test_a_job_studio_does_not_know_is_not_found_as_for_every_call(studio: Studio) -> None:
    ghost = uuid.uuid4()
    with pytest.raises(NotFoundError) as raised:
        list(studio.jobs.follow(ghost))
    # The stream said it first (a terminal `message` frame); REST confirmed it.
    stream_error = raised.value.__context__
    assert isinstance(stream_error, LogStreamError)
    assert stream_error.message == f"Job {ghost} not found"
    assert stream_error.job_id == str(ghost)


def test_wait_timeout_bounds_the_follow(studio: Studio) -> None:
    job = studio.jobs.create("print(1)")
    started = time.monotonic()
    lines: list[str] = []
    with pytest.raises(WaitTimeoutError):
        for line in studio.jobs.follow(job.id, wait_timeout=0.3):
            lines.append(line)
    assert 0.3 <= time.monotonic() - started < 2
    assert len(lines) == 1  # what came before the deadline was yielded


def test_wait_timeout_0_looks_once(studio: Studio, studio_emulator: StudioEmulator) -> None:
    job = studio.jobs.create("print(1)")
    with pytest.raises(WaitTimeoutError):
        list(studio.jobs.follow(job.id, wait_timeout=0))
    studio_emulator.finish_job(job.id)
    assert list(studio.jobs.follow(job.id, wait_timeout=0)) == rest_lines(studio, job.id)


def test_arguments_are_checked_before_anything_is_sent(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    job_id = uuid.uuid4()
    for bad in (
        {"stream": "yes"},
        {"reconnect": {"max_attempts": 3}},
        {"wait_timeout": -1},
        {"poll_interval": 0},
    ):
        with pytest.raises(InvalidRequestError):
            studio.jobs.follow(job_id, **bad)
    with pytest.raises(InvalidRequestError):
        studio.jobs.follow_events(job_id, no_follow=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError):
        Reconnect(max_attempts=-1)
    with pytest.raises(InvalidRequestError):
        Reconnect(initial_delay=float("inf"))
    assert studio_emulator.log_streams_opened == 0


def test_the_token_never_reaches_a_log_line(
    studio: Studio, studio_emulator: StudioEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    job = studio.jobs.create("print(1)")
    studio_emulator.finish_job(job.id)
    list(studio.jobs.follow(job.id))
    handshakes = [r.getMessage() for r in caplog.records if "/api/logs/follow/" in r.getMessage()]
    assert any("-> 101" in text for text in handshakes), handshakes  # logged as every call is
    assert all(studio_emulator.token not in r.getMessage() for r in caplog.records)


# --- pieces --------------------------------------------------------------------------------------


def test_reconnect_delays_grow_to_a_bound_with_jitter() -> None:
    policy = Reconnect()
    assert [policy.delay(n, 0.0) for n in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert policy.delay(0, 0.999) == pytest.approx(1.999)
    assert Reconnect(initial_delay=0.5, max_delay=3, jitter=0).delay(10, 0.9) == 3


def test_the_stream_url_follows_the_base_url() -> None:
    url = client_side.stream_url("https://studio.example.com/prefix/", "j", "t 1", no_follow=True)
    assert (
        url
        == "wss://studio.example.com/prefix/api/logs/follow/?job_id=j&team_name=t+1&no_follow=true"
    )
    plain = client_side.stream_url("http://127.0.0.1:8765", "j", "t", no_follow=False)
    assert plain == "ws://127.0.0.1:8765/api/logs/follow/?job_id=j&team_name=t"


@pytest.mark.parametrize(
    ("frame", "items"),
    [
        ('{"type": "ping"}', []),
        ('{"something": "new"}', []),
        ('{"logs": [{"id": 3, "message": "a\\r\\n"}]}', [("line", (3, "a"))]),
        ('{"logs": [{"id": 3, "message": "a\\n\\n"}]}', [("line", (3, "a\n"))]),
        ('{"job": {"status": "RUNNING", "extra": 1}}', [("status", "RUNNING")]),
        ('{"log_blobs": ["https://x/y"]}', [("blobs", ["https://x/y"])]),
        (b'{"job": {"status": "QUEUED"}}', [("status", "QUEUED")]),
    ],
)
def test_frames_are_read(frame: str | bytes, items: list[Any]) -> None:
    assert client_side.parse_frame(frame, no_follow=False) == items


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        "[1, 2]",
        '{"logs": {"id": 1}}',
        '{"logs": [{"message": "no id"}]}',
        '{"logs": [{"id": true, "message": "a bool id"}]}',
        '{"job": {"status": 5}}',
        '{"log_blobs": "https://x"}',
        b"\xff\xfe",
    ],
)
def test_bad_frames_are_refused_with_one_exception_type(frame: str | bytes) -> None:
    with pytest.raises(client_side._BadFrame):
        client_side.parse_frame(frame, no_follow=False)


def test_a_frame_with_a_message_is_terminal_whatever_else_it_has() -> None:
    with pytest.raises(LogStreamError, match="gone"):
        client_side.parse_frame('{"logs": [], "message": "gone"}', no_follow=False)


def test_no_follow_ignores_lines_and_blobs() -> None:
    frame = '{"logs": "not even a list", "log_blobs": 5}'
    assert client_side.parse_frame(frame, no_follow=True) == []


# --- async ---------------------------------------------------------------------------------------


def test_async_follow_reads_the_stream(
    async_studio: AsyncStudio, studio_emulator: StudioEmulator
) -> None:
    async def run() -> tuple[list[str], list[str]]:
        job = await async_studio.jobs.create("print(1)")
        got: list[str] = []
        async for line in async_studio.jobs.follow(job.id, reconnect=FAST):
            got.append(line)
            if len(got) == 1:
                studio_emulator.write_log(job.id, "one\ntwo")
            elif line == "two":
                studio_emulator.drop_log_streams()
                studio_emulator.write_log(job.id, "three")
            elif line == "three":
                studio_emulator.finish_job(job.id)
        logs = await async_studio.jobs.logs(job.id)
        return got, [str(line.message) for line in logs.logs]

    got, expected = asyncio.run(run())
    assert got == expected
    assert studio_emulator.log_streams_opened == 2


def test_async_follow_events_with_no_follow(
    async_studio: AsyncStudio, studio_emulator: StudioEmulator
) -> None:
    async def run() -> list[Any]:
        job = await async_studio.jobs.create("print(1)")
        studio_emulator.finish_job(job.id)
        return [e async for e in async_studio.jobs.follow_events(job.id, no_follow=True)]

    events = asyncio.run(run())
    assert [type(e) for e in events] == [StatusChange]
    assert events[0].status == "COMPLETE"


def test_async_errors_are_typed(async_studio: AsyncStudio, studio_emulator: StudioEmulator) -> None:
    async def run() -> None:
        with pytest.raises(NotFoundError):  # the stream's LogStreamError, confirmed by REST
            [line async for line in async_studio.jobs.follow(uuid.uuid4())]
        job = await async_studio.jobs.create("print(1)")
        with pytest.raises(PermissionDeniedError):
            [line async for line in async_studio.jobs.follow(job.id, team="other")]
        with pytest.raises(WaitTimeoutError):
            [line async for line in async_studio.jobs.follow(job.id, wait_timeout=0.2)]
        wrong = AsyncStudio(token="isat_wrong", url=studio_emulator.url, team="emulator")
        with pytest.raises(AuthenticationError):
            [line async for line in wrong.jobs.follow(job.id)]
        await wrong.close()

    asyncio.run(run())


def test_async_without_wsproto_it_polls(
    async_studio: AsyncStudio, studio_emulator: StudioEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_wsproto(monkeypatch)

    async def run() -> tuple[list[str], list[str]]:
        job = await async_studio.jobs.create("print(1)")
        studio_emulator.finish_job(job.id)
        got = [line async for line in async_studio.jobs.follow(job.id, poll_interval=0.01)]
        logs = await async_studio.jobs.logs(job.id)
        return got, [str(line.message) for line in logs.logs]

    got, expected = asyncio.run(run())
    assert got == expected
    assert studio_emulator.log_streams_opened == 0


def test_async_archived_log(async_studio: AsyncStudio, studio_emulator: StudioEmulator) -> None:
    async def run() -> tuple[list[str], list[str]]:
        job = await async_studio.jobs.create("print(1)")
        studio_emulator.write_log(job.id, "archived")
        studio_emulator.archive_logs(job.id)
        studio_emulator.write_log(job.id, "newer")
        studio_emulator.finish_job(job.id)
        got = [line async for line in async_studio.jobs.follow(job.id)]
        logs = await async_studio.jobs.logs(job.id)
        return got, [str(line.message) for line in logs.logs]

    got, expected = asyncio.run(run())
    assert got == expected
    assert [(f.status, f.authorization) for f in studio_emulator.blob_fetches] == [(200, False)]


def test_under_trio_it_streams(async_studio: AsyncStudio, studio_emulator: StudioEmulator) -> None:
    import trio

    async def run() -> tuple[list[str], list[str]]:
        job = await async_studio.jobs.create("print(1)")
        got: list[str] = []
        async for line in async_studio.jobs.follow(job.id, reconnect=FAST):
            got.append(line)
            if len(got) == 1:
                studio_emulator.write_log(job.id, "one")
            elif line == "one":
                studio_emulator.drop_log_streams()  # reconnects, under trio too
                studio_emulator.write_log(job.id, "two")
            elif line == "two":
                studio_emulator.finish_job(job.id)
        logs = await async_studio.jobs.logs(job.id)
        return got, [str(line.message) for line in logs.logs]

    got, expected = trio.run(run)
    assert got == expected
    assert studio_emulator.log_streams_opened == 2
