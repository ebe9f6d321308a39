"""Observability: each request names the public call it is part of (`OPERATION_EXTENSION` in
`request.extensions`), and the event hooks of the user's httpx2 client see every request,
pre-signed chunk and archived-log fetches and uploads included.

The tracer here is what a user would write: request and response hooks on their own
`httpx2.Client` / `httpx2.AsyncClient` that record (operation, method, path) per request.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2
import pytest

from datachain_studio import (
    OPERATION_EXTENSION,
    AsyncStudio,
    DownloadProgress,
    Studio,
    StudioError,
    _base_client,
    login,
    logout,
)
from datachain_studio.testing import StudioEmulator
from tests.client.calls import CALLS, JOB, TEAM, Call
from tests.support.config import isolate_config

Span = tuple[str | None, str, str]
"""What the tracer records of a request: its operation, method and path."""

ROWS = [{"id": i, "name": f"dog-{i}"} for i in range(7)]
JOBS = "/api/datachain/jobs/"


class Tracer:
    """Request and response hooks recording a span per request, and per answer."""

    def __init__(self) -> None:
        self.requests: list[Span] = []
        self.responses: list[tuple[Span, int]] = []

    @staticmethod
    def span(request: httpx2.Request) -> Span:
        return request.extensions.get(OPERATION_EXTENSION), request.method, request.url.path

    def on_request(self, request: httpx2.Request) -> None:
        self.requests.append(self.span(request))

    def on_response(self, response: httpx2.Response) -> None:
        self.responses.append((self.span(response.request), response.status_code))

    def hooks(self) -> dict[str, list[Callable[[Any], None]]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    def async_hooks(self) -> dict[str, list[Callable[[Any], Awaitable[None]]]]:
        async def on_request(request: httpx2.Request) -> None:
            self.on_request(request)

        async def on_response(response: httpx2.Response) -> None:
            self.on_response(response)

        return {"request": [on_request], "response": [on_response]}

    def operations(self) -> set[str | None]:
        return {operation for operation, _, _ in self.requests}

    def clear(self) -> None:
        self.requests.clear()
        self.responses.clear()


@contextmanager
def traced(emulator: StudioEmulator, tracer: Tracer) -> Iterator[Studio]:
    """A `Studio` of the local Studio over the user's own httpx2 client, traced."""
    with (
        httpx2.Client(event_hooks=tracer.hooks(), trust_env=False) as http,
        Studio(
            token=emulator.token, url=emulator.url, team=emulator.team, http_client=http
        ) as studio,
    ):
        yield studio


@asynccontextmanager
async def async_traced(emulator: StudioEmulator, tracer: Tracer) -> AsyncIterator[AsyncStudio]:
    """An `AsyncStudio` of the local Studio over the user's own httpx2 client, traced."""
    async with (
        httpx2.AsyncClient(event_hooks=tracer.async_hooks(), trust_env=False) as http,
        AsyncStudio(
            token=emulator.token, url=emulator.url, team=emulator.team, http_client=http
        ) as studio,
    ):
        yield studio


def presigned(spans: list[Span]) -> set[str]:
    """The paths of the GETs of pre-signed URLs (an export's chunks): not API routes."""
    return {path for _, method, path in spans if method == "GET" and not path.startswith("/api/")}


# --- a download ---------------------------------------------------------------------------------


@pytest.mark.studio_emulator(export_chunk_rows=2)
def test_a_tracer_labels_a_download_chunks_included(
    studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions="1.0.0", rows=ROWS)
    tracer = Tracer()
    asked: list[Span] = []
    with traced(studio_emulator, tracer) as studio:

        def progress(report: DownloadProgress) -> None:
            if not asked:  # a call of the user's own, made while the download runs
                studio.clusters.list()
                asked.extend(tracer.requests[-1:])

        paths = studio.datasets.download("dev.animals.dogs@v1.0.0", to=tmp_path, progress=progress)

    assert len(paths) == 4  # 7 rows, 2 a chunk
    assert asked == [("clusters.list", "GET", "/api/datachain/clusters/")]
    downloading = [span for span in tracer.requests if span not in asked]
    assert {operation for operation, _, _ in downloading} == {"datasets.download"}
    chunks = presigned(downloading)
    assert len(chunks) == 4
    answered = {span[2] for span, status in tracer.responses if status == 200}
    assert chunks <= answered  # the response hooks see the chunks' answers too
    assert len(tracer.responses) == len(tracer.requests)


@pytest.mark.studio_emulator(export_chunk_rows=2)
def test_an_async_tracer_labels_a_download_chunks_included(
    studio_emulator: StudioEmulator, tmp_path: Path
) -> None:
    studio_emulator.add_dataset("dev.animals.dogs", versions="1.0.0", rows=ROWS)
    tracer = Tracer()

    async def main() -> list[Path]:
        async with async_traced(studio_emulator, tracer) as studio:
            await studio.datasets.get("dev.animals.dogs")
            return await studio.datasets.download("dev.animals.dogs@v1.0.0", to=tmp_path)

    assert len(asyncio.run(main())) == 4
    first, *downloading = tracer.requests
    assert first[0] == "datasets.get"
    assert {operation for operation, _, _ in downloading} == {"datasets.download"}
    assert len(presigned(downloading)) == 4


# --- a follow -------------------------------------------------------------------------------------


def archived_job(studio: Studio, emulator: StudioEmulator) -> tuple[str, str, list[str]]:
    """A finished job whose log is partly archived: its id, the archive's path, its lines."""
    job = studio.jobs.create("print(1)")
    emulator.write_log(job.id, "old one\nold two")
    archive = urlsplit(emulator.archive_logs(job.id)).path
    emulator.write_log(job.id, "new one")
    emulator.finish_job(job.id)
    lines = [str(line.message) for line in studio.jobs.logs(job.id).logs]
    assert {"old one", "old two", "new one"} <= set(lines)
    return str(job.id), archive, lines


@pytest.mark.studio_emulator(job_step_seconds=None)
def test_a_tracer_labels_a_follow_status_checks_and_archived_logs_included(
    studio_emulator: StudioEmulator,
) -> None:
    tracer = Tracer()
    with traced(studio_emulator, tracer) as studio:
        job_id, archive, lines = archived_job(studio, studio_emulator)
        assert tracer.operations() == {"jobs.create", "jobs.logs"}
        tracer.clear()

        assert list(studio.jobs.follow(job_id)) == lines
        assert tracer.operations() == {"jobs.follow"}
        seen = set(tracer.requests)
        assert ("jobs.follow", "GET", archive) in seen  # the archived log, pre-signed
        assert ("jobs.follow", "GET", JOBS) in seen  # the REST status, the authority
        tracer.clear()

        assert list(studio.jobs.follow(job_id, stream=False)) == lines
        assert ("jobs.follow", "GET", f"{JOBS}{job_id}/logs") in tracer.requests
        assert tracer.operations() == {"jobs.follow"}
        tracer.clear()

        assert list(studio.jobs.follow_events(job_id, stream=False))
        assert tracer.operations() == {"jobs.follow_events"}
        tracer.clear()

        studio.jobs.wait(job_id)
        assert tracer.requests == [("jobs.wait", "GET", JOBS)]


@pytest.mark.studio_emulator(job_step_seconds=None)
def test_an_async_tracer_labels_a_follow_status_checks_and_archived_logs_included(
    studio_emulator: StudioEmulator,
) -> None:
    with Studio(
        token=studio_emulator.token, url=studio_emulator.url, team=studio_emulator.team
    ) as studio:
        job_id, archive, lines = archived_job(studio, studio_emulator)
    tracer = Tracer()

    async def follow(**options: Any) -> list[str]:
        async with async_traced(studio_emulator, tracer) as studio:
            return [line async for line in studio.jobs.follow(job_id, **options)]

    assert asyncio.run(follow()) == lines
    assert tracer.operations() == {"jobs.follow"}
    assert {("jobs.follow", "GET", archive), ("jobs.follow", "GET", JOBS)} <= set(tracer.requests)
    tracer.clear()
    assert asyncio.run(follow(stream=False)) == lines
    assert tracer.operations() == {"jobs.follow"}
    assert ("jobs.follow", "GET", f"{JOBS}{job_id}/logs") in tracer.requests


# --- an upload ------------------------------------------------------------------------------------


def test_an_upload_is_seen_and_labelled(studio_emulator: StudioEmulator, tmp_path: Path) -> None:
    data = tmp_path / "data.csv"
    data.write_bytes(b"a,b\n" * 10_000)
    tracer = Tracer()
    with traced(studio_emulator, tracer) as studio:
        studio.jobs.upload(data)

    async def main() -> None:
        async with async_traced(studio_emulator, tracer) as studio:
            await studio.jobs.upload(data.read_bytes(), filename="again.csv")

    asyncio.run(main())
    assert [(operation, method) for operation, method, _ in tracer.requests] == [
        ("jobs.upload", "POST"),
        ("jobs.upload", "POST"),
    ]
    assert [status for _, status in tracer.responses] == [200, 200]


# --- every call ---------------------------------------------------------------------------------


def refusing(request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(500, json={"detail": "no"})


@contextmanager
def sweep_studio(tracer: Tracer) -> Iterator[Studio]:
    """A `Studio` whose every request is answered 500, traced."""
    transport = httpx2.MockTransport(refusing)
    with (
        httpx2.Client(transport=transport, event_hooks=tracer.hooks()) as http,
        Studio(token="isat_x", url="https://studio.test", team=TEAM, http_client=http) as studio,
    ):
        yield studio


@asynccontextmanager
async def sweep_async_studio(tracer: Tracer) -> AsyncIterator[AsyncStudio]:
    """The async twin of `sweep_studio`."""
    transport = httpx2.MockTransport(refusing)
    async with (
        httpx2.AsyncClient(transport=transport, event_hooks=tracer.async_hooks()) as http,
        AsyncStudio(
            token="isat_x", url="https://studio.test", team=TEAM, http_client=http
        ) as studio,
    ):
        yield studio


def method_of(studio: Studio | AsyncStudio, call: Call) -> Any:
    return getattr(getattr(studio, call.resource), call.method)


@pytest.mark.parametrize("call", [pytest.param(call, id=call.id) for call in CALLS])
def test_every_call_names_its_request_as_the_user_called_it(call: Call) -> None:
    tracer = Tracer()
    with sweep_studio(tracer) as studio, pytest.raises(StudioError):
        method_of(studio, call)(*call.args, **call.kwargs, max_retries=0)
    with sweep_studio(tracer) as studio, pytest.raises(StudioError):
        raw = getattr(studio.with_raw_response, call.resource)
        getattr(raw, call.method)(*call.args, **call.kwargs, max_retries=0)

    async def main() -> None:
        async with sweep_async_studio(tracer) as studio:
            with pytest.raises(StudioError):
                await method_of(studio, call)(*call.args, **call.kwargs, max_retries=0)

    asyncio.run(main())
    assert tracer.requests == [(call.id, call.http_method, call.path)] * 3


def test_each_attempt_of_a_retried_call_carries_the_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_base_client, "_sleep", lambda seconds: None)
    tracer = Tracer()
    with sweep_studio(tracer) as studio, pytest.raises(StudioError):
        studio.jobs.list(max_retries=2)
    assert tracer.requests == [("jobs.list", "GET", JOBS)] * 3


@pytest.mark.parametrize("verb", ["get", "post", "put", "patch", "delete"])
def test_the_generic_calls_are_named_by_their_verb(verb: str) -> None:
    tracer = Tracer()
    with sweep_studio(tracer) as studio, pytest.raises(StudioError):
        getattr(studio, verb)("/api/datachain/new/", cast_to=dict, max_retries=0)

    async def main() -> None:
        async with sweep_async_studio(tracer) as studio:
            with pytest.raises(StudioError):
                await getattr(studio, verb)("/api/datachain/new/", cast_to=dict, max_retries=0)

    asyncio.run(main())
    assert tracer.requests == [(verb, verb.upper(), "/api/datachain/new/")] * 2


def test_a_name_does_not_outlive_its_call() -> None:
    def running(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/logs"):
            logs = [{"id": 1, "message": "one"}, {"id": 2, "message": "two"}]
            return httpx2.Response(200, json={"logs": logs, "status": "RUNNING"})
        return httpx2.Response(200, json=[{"id": JOB, "status": "RUNNING"}])

    tracer = Tracer()
    http = httpx2.Client(transport=httpx2.MockTransport(running), event_hooks=tracer.hooks())
    with (
        http,
        Studio(token="isat_x", url="https://studio.test", team=TEAM, http_client=http) as studio,
    ):
        lines = studio.jobs.follow(JOB, stream=False, poll_interval=0.001)
        assert next(lines) == "one"  # the follow is left open, between two of its steps
        assert _base_client.current_operation() is None
        studio.jobs.list()
        assert next(lines) == "two"
        lines.close()
    logs = f"{JOBS}{JOB}/logs"
    assert tracer.requests == [("jobs.follow", "GET", logs), ("jobs.list", "GET", JOBS)]


def test_wait_names_every_poll() -> None:
    answers = iter(["RUNNING", "RUNNING", "COMPLETE"])

    def jobs(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, json=[{"id": JOB, "status": next(answers)}])

    tracer = Tracer()
    http = httpx2.Client(transport=httpx2.MockTransport(jobs), event_hooks=tracer.hooks())
    with (
        http,
        Studio(token="isat_x", url="https://studio.test", team=TEAM, http_client=http) as studio,
    ):
        studio.jobs.wait(JOB, poll_interval=0.001)
    assert tracer.requests == [("jobs.wait", "GET", JOBS)] * 3


# --- sign-in --------------------------------------------------------------------------------------


def test_login_and_logout_name_their_requests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolate_config(monkeypatch, tmp_path)
    tracer = Tracer()
    # Sign-in makes its own httpx2 client: a traced one here, to see what it sends.
    monkeypatch.setattr(
        _base_client, "deadline_client", lambda: httpx2.Client(event_hooks=tracer.hooks())
    )
    with StudioEmulator() as emulator:
        login(emulator.url, on_code=lambda code: emulator.approve_device(code.user_code))
        assert tracer.operations() == {"login"} and len(tracer.requests) >= 2
        tracer.clear()
        logout()
    assert tracer.operations() == {"logout"} and tracer.requests
