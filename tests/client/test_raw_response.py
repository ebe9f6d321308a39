"""`studio.with_raw_response`: the answer's status, headers and request, and `parse()`."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from datachain_studio import (
    AsyncStudio,
    InvalidRequestError,
    NotFoundError,
    RawResponse,
    Studio,
)
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import ComputeClusterOutput, JobOutput
from tests.support.server import Recorded, Reply, json_reply, scripted_server

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
OTHER = "306db4e0-7449-4501-b76f-075576fe2d8f"
CLUSTERS = [{"id": 1, "name": "default", "default": True}]
A_JOB = {"id": JOB, "status": "COMPLETE", "query": "print(1)", "created_at": "2026-12-01T00:00:00Z"}


def answer(request: Recorded) -> Reply:
    ids = {"x-request-id": "req-123"}
    if request.path == "/api/datachain/clusters/":
        return json_reply(CLUSTERS, **ids)
    if request.path == "/api/datachain/jobs/":
        return json_reply([A_JOB] if request.query.get("job_id") == [JOB] else [], **ids)
    if request.method == "DELETE":
        return Reply(status=204)
    return json_reply({"detail": "no"}, 404)


def studio(url: str) -> Studio:
    return Studio(token="isat_secret", url=url, team="t")


def test_the_answer_as_it_came_and_parsed() -> None:
    with scripted_server(answer) as server, studio(server.url) as s:
        raw = s.with_raw_response.clusters.list(extra_headers={"X-Trace": "1"})
        assert isinstance(raw, RawResponse)
        assert (raw.status_code, raw.request_id) == (200, "req-123")
        assert raw.headers["content-type"] == "application/json"
        assert raw.http_request.method == "GET"
        assert raw.http_request.url.path == "/api/datachain/clusters/"
        assert raw.http_request.headers["x-trace"] == "1"
        clusters = raw.parse()
        assert [c.name for c in clusters] == ["default"]
        assert isinstance(clusters[0], ComputeClusterOutput)
        assert raw.parse() is clusters  # parsed once
        assert "isat_secret" not in repr(raw)
        assert s.clusters.list() == clusters  # the client itself is unchanged
    assert len(server.requests) == 2


def test_parse_gives_what_the_method_gives() -> None:
    with scripted_server(answer) as server, studio(server.url) as s:
        job = s.with_raw_response.jobs.get(JOB).parse()
        assert isinstance(job, JobOutput) and str(job.id) == JOB
        missing = s.with_raw_response.jobs.get(OTHER)  # the list came back: empty
        assert missing.status_code == 200
        with pytest.raises(NotFoundError):
            missing.parse()
        deleted = s.with_raw_response.access_groups.delete(OTHER)
        assert deleted.status_code == 204 and deleted.parse() is None
        with pytest.raises(NotFoundError):  # an error status raises as usual
            s.with_raw_response.jobs.cancel(JOB)


@pytest.mark.parametrize(
    ("resource", "method"),
    [("jobs", "wait"), ("jobs", "follow"), ("jobs", "follow_events"), ("datasets", "download")],
)
def test_methods_of_many_requests_are_refused(resource: str, method: str) -> None:
    with scripted_server(answer) as server, studio(server.url) as s:
        with pytest.raises(InvalidRequestError, match=f"{resource}.{method} sends many"):
            getattr(getattr(s.with_raw_response, resource), method)
        with pytest.raises(AttributeError):
            s.with_raw_response.no_such_resource  # noqa: B018
    assert server.requests == []


def test_raw_response_async() -> None:
    async def run(url: str) -> tuple[RawResponse[Any], Any]:
        async with AsyncStudio(token="isat_secret", url=url, team="t") as s:
            raw = await s.with_raw_response.jobs.get(JOB)
            return raw, raw.parse()

    with scripted_server(answer) as server:
        raw, job = asyncio.run(run(server.url))
    assert (raw.status_code, raw.request_id, str(job.id)) == (200, "req-123", JOB)


def test_raw_response_against_the_local_studio() -> None:
    with StudioEmulator() as emu, Studio(token=emu.token, url=emu.url, team=emu.team) as s:
        created = s.with_raw_response.jobs.create("print(1)")
        job = created.parse()
        assert created.status_code in (200, 201)
        assert created.http_request.url.path == "/api/datachain/jobs/"
        assert created.request_id is None  # the local Studio, like Studio, sends none
        assert s.with_raw_response.jobs.get(job.id).parse().id == job.id
