"""`jobs.wait` and `jobs.follow` poll until the job has finished, within a deadline."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Iterator
from typing import Any

import pytest

from datachain_studio import AsyncStudio, InvalidRequestError, Studio, WaitTimeoutError
from tests.spec import SPEC
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

JOB_ID = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
STATUSES = ["CREATED", "QUEUED", "RUNNING", "RUNNING", "COMPLETE"]


class FakeJob:
    """A job that moves one status further each time it is read."""

    def __init__(self, statuses: list[str]) -> None:
        self.statuses = list(statuses)
        self.reads = 0

    @property
    def status(self) -> str:
        return self.statuses[min(self.reads, len(self.statuses) - 1)]

    def reply(self, request: Recorded) -> Reply:
        if request.path.endswith("/logs"):
            self.reads += 1
            lines = [{"id": i, "message": f"line {i}"} for i in range(1, self.reads * 2 + 1)]
            return json_reply({"job_id": JOB_ID, "status": self.status, "logs": lines})
        job = copy.deepcopy(SPEC["components"]["schemas"]["JobOutput"]["examples"][0])
        job.update(id=JOB_ID, status=self.status)
        self.reads += 1
        return json_reply([job])


@pytest.fixture
def job() -> Iterator[tuple[FakeJob, ScriptedServer]]:
    fake = FakeJob(STATUSES)
    with scripted_server(fake.reply) as server:
        yield fake, server


def _studio(server: ScriptedServer) -> Studio:
    return Studio(token="isat_x", url=server.url, team="t")


def test_wait_returns_the_finished_job(job: tuple[FakeJob, ScriptedServer]) -> None:
    fake, server = job
    finished = _studio(server).jobs.wait(JOB_ID, poll_interval=0.01)
    assert finished.status == "COMPLETE"
    assert fake.reads == 5
    assert all(r.query["job_id"] == [JOB_ID] for r in server.requests)


def test_wait_gives_up_at_its_deadline() -> None:
    fake = FakeJob(["RUNNING"])
    with scripted_server(fake.reply) as server:
        started = time.monotonic()
        with pytest.raises(WaitTimeoutError) as raised:
            _studio(server).jobs.wait(JOB_ID, wait_timeout=0.3, poll_interval=0.05)
        elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.5
    assert isinstance(raised.value, TimeoutError)
    assert raised.value.last is not None


def test_follow_yields_each_line_once_until_the_job_ends(
    job: tuple[FakeJob, ScriptedServer],
) -> None:
    fake, server = job
    lines = list(_studio(server).jobs.follow(JOB_ID, poll_interval=0.01))
    assert lines == [f"line {i}" for i in range(1, len(lines) + 1)]
    assert fake.status == "COMPLETE"
    assert len(lines) == fake.reads * 2


def test_follow_has_a_deadline_too() -> None:
    fake = FakeJob(["RUNNING"])
    with scripted_server(fake.reply) as server:
        seen: list[str] = []
        with pytest.raises(WaitTimeoutError):
            for line in _studio(server).jobs.follow(JOB_ID, wait_timeout=0.2, poll_interval=0.05):
                seen.append(line)
    assert seen[:2] == ["line 1", "line 2"]


def test_async_wait_and_follow(job: tuple[FakeJob, ScriptedServer]) -> None:
    fake, server = job

    async def run() -> tuple[Any, list[str]]:
        async with AsyncStudio(token="isat_x", url=server.url, team="t") as studio:
            lines = [line async for line in studio.jobs.follow(JOB_ID, poll_interval=0.01)]
            fake.reads = 0
            finished = await studio.jobs.wait(JOB_ID, poll_interval=0.01)
            return finished, lines

    finished, lines = asyncio.run(run())
    assert finished.status == "COMPLETE"
    assert lines[0] == "line 1"
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize("method", ["follow", "follow_events"])
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [(("not-a-uuid",), {}), ((JOB_ID,), {"wait_timeout": -1}), ((JOB_ID,), {"stream": "yes"})],
)
def test_both_flavours_of_follow_check_their_arguments_when_called(
    flavour: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """No iteration, no event loop: the call itself refuses a bad argument, sync and async."""
    client = Studio if flavour == "sync" else AsyncStudio
    studio = client(token="isat_x", url="http://127.0.0.1:9", team="t")
    with pytest.raises(InvalidRequestError):
        getattr(studio.jobs, method)(*args, **kwargs)
