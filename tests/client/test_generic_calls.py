"""`studio.get/post/put/patch/delete` for routes the client does not model, and
`with_options(http_client=...)`."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import pytest

from datachain_studio import (
    APIResponseValidationError,
    AsyncStudio,
    ClientClosedError,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
    Studio,
    _base_client,
)
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import ComputeClusterOutput, JobOutput
from tests.support.server import Recorded, Reply, json_reply, scripted_server

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr(_base_client, "_sleep", slept.append)
    return slept


def echo(request: Recorded) -> Reply:
    if request.path == "/api/raw":
        return Reply(body=b"\x00\x01raw", headers={"Content-Type": "application/octet-stream"})
    if request.path == "/api/missing":
        return json_reply({"detail": "no such thing"}, 404)
    return json_reply(
        {"method": request.method, "query": request.query, "body": request.body.decode()}
    )


def studio(url: str, **options: Any) -> Studio:
    return Studio(token="isat_secret", url=url, team="t", **options)


def test_each_verb_goes_through_the_pipeline() -> None:
    with scripted_server(echo) as server, studio(server.url) as s:
        got = s.get("/api/custom/", cast_to=dict[str, Any], params={"a": 1, "b": True, "c": None})
        posted = s.post("/api/custom/", cast_to=dict, body={"x": [1, 2]})
        put = s.put("/api/custom/", cast_to=dict, body={"y": 1})
        patched = s.patch("/api/custom/", cast_to=dict)
        deleted = s.delete("/api/custom/", cast_to=dict, params={"id": "7"})
        raw = s.get("/api/raw", cast_to=bytes)
    assert got == {"method": "GET", "query": {"a": ["1"], "b": ["true"]}, "body": ""}
    assert posted["method"] == "POST" and posted["body"] == '{"x":[1,2]}'
    assert (put["method"], put["body"]) == ("PUT", '{"y":1}')
    assert (patched["method"], patched["body"]) == ("PATCH", "")
    assert (deleted["method"], deleted["query"]) == ("DELETE", {"id": ["7"]})
    assert raw == b"\x00\x01raw"
    assert all(r.header("authorization") == "Bearer isat_secret" for r in server.requests)
    assert server.requests[1].header("content-type") == "application/json"


def test_answers_are_checked_and_errors_typed() -> None:
    with scripted_server(echo) as server, studio(server.url) as s:
        with pytest.raises(APIResponseValidationError, match="expected a JSON array"):
            s.get("/api/custom/", cast_to=list)
        with pytest.raises(NotFoundError, match="no such thing"):
            s.get("/api/missing", cast_to=dict)
        with pytest.raises(APIResponseValidationError, match="expected a list of JobOutput"):
            s.get("/api/custom/", cast_to=list[JobOutput])


@pytest.mark.parametrize(
    "path",
    [
        "https://evil.example/api/x",
        "//evil.example/api/x",
        "@evil.example/api/x",
        "api/x",
        "/api/x?team_name=other",
        "/api/x y",
        "/api\\x",
        "/@evil.example",
    ],
)
def test_only_routes_of_this_studio(path: str) -> None:
    with scripted_server(echo) as server, studio(server.url) as s:
        with pytest.raises(InvalidRequestError, match="path"):
            s.get(path, cast_to=dict)
    assert server.requests == []


def test_cast_to_must_be_readable() -> None:
    with scripted_server(echo) as server, studio(server.url) as s:
        for bad in (str, int, None, tuple, set[str]):
            with pytest.raises(InvalidRequestError, match="cast_to"):
                s.get("/api/custom/", cast_to=bad)
    assert server.requests == []


def test_post_is_not_retried_where_studio_may_have_acted(sleeps: list[float]) -> None:
    def fail(request: Recorded) -> Reply:
        return json_reply({"detail": "boom"}, 500)

    with scripted_server(fail) as server, studio(server.url) as s:
        with pytest.raises(InternalServerError):
            s.post("/api/custom/", cast_to=dict, body={})
        assert len(server.requests) == 1
        with pytest.raises(InternalServerError):
            s.put("/api/custom/", cast_to=dict, body={})
        assert len(server.requests) == 1 + 3  # the first try and two retries
        with pytest.raises(InternalServerError):
            s.delete("/api/custom/", cast_to=dict)
        assert len(server.requests) == 1 + 3 + 3


def test_generic_calls_async() -> None:
    async def run(url: str) -> tuple[Any, bytes]:
        async with AsyncStudio(token="isat_secret", url=url) as s:
            posted = await s.post("/api/custom/", cast_to=dict, body={"x": 1}, params={"q": "v"})
            return posted, await s.get("/api/raw", cast_to=bytes)

    with scripted_server(echo) as server:
        posted, raw = asyncio.run(run(server.url))
    assert posted == {"method": "POST", "query": {"q": ["v"]}, "body": '{"x":1}'}
    assert raw == b"\x00\x01raw"


def test_generic_calls_against_the_local_studio() -> None:
    with StudioEmulator() as emu, Studio(token=emu.token, url=emu.url, team=emu.team) as s:
        clusters = s.get("/api/datachain/clusters/", cast_to=list[ComputeClusterOutput])
        assert clusters == s.clusters.list()
        job = s.post(
            "/api/datachain/jobs/",
            cast_to=JobOutput,
            body={"query": "print(1)", "query_type": "PYTHON", "team_name": emu.team},
        )
        listed = s.get(
            "/api/datachain/jobs/",
            cast_to=list,
            params={"team_name": emu.team, "job_id": str(job.id)},
        )
        assert [entry["id"] for entry in listed] == [str(job.id)]
        with pytest.raises(NotFoundError):
            s.get("/api/datachain/no-such-route/", cast_to=dict)


def test_with_options_http_client_sync() -> None:
    with scripted_server(echo) as server, studio(server.url) as parent:
        mine = httpx2.Client(headers={"X-Mine": "1"})
        child = parent.with_options(http_client=mine)
        child.get("/api/custom/", cast_to=dict)
        parent.get("/api/custom/", cast_to=dict)
        assert [r.header("x-mine") for r in server.requests] == ["1", None]
        child.close()
        assert not mine.is_closed  # the user's: left open
        with pytest.raises(ClientClosedError):
            child.get("/api/custom/", cast_to=dict)
        parent.get("/api/custom/", cast_to=dict)  # the parent keeps its own connections
        mine.close()
        with pytest.raises(InvalidRequestError, match=r"httpx2\.Client"):
            parent.with_options(http_client=httpx2.AsyncClient())


def test_with_options_http_client_async() -> None:
    async def run(url: str) -> None:
        async with AsyncStudio(token="isat_secret", url=url) as parent:
            async with httpx2.AsyncClient(headers={"X-Mine": "1"}) as mine:
                child = parent.with_options(http_client=mine)
                await child.get("/api/custom/", cast_to=dict)
                await child.close()
                assert not mine.is_closed
            await parent.get("/api/custom/", cast_to=dict)
            with pytest.raises(InvalidRequestError, match=r"httpx2\.AsyncClient"):
                parent.with_options(http_client=httpx2.Client())

    with scripted_server(echo) as server:
        asyncio.run(run(server.url))
    assert [r.header("x-mine") for r in server.requests] == ["1", None]
