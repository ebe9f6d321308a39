"""`extra_headers`, `extra_query`, `extra_body` and `default_headers`: what they put on the
wire, and what they may not replace (the token, the client's own headers, the team)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from datachain_studio import AsyncStudio, InvalidRequestError, Studio
from tests.support.server import Recorded, Reply, json_reply, scripted_server

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
CLUSTERS = [{"id": 1, "name": "default", "default": True}]


def answer(request: Recorded) -> Reply:
    if request.method == "POST":
        return json_reply({"success": True, "message": "ok"})
    return json_reply(CLUSTERS)


def test_extras_reach_the_wire_sync() -> None:
    with (
        scripted_server(answer) as server,
        Studio(token="isat_secret", url=server.url, team="t", default_headers={"X-A": "1"}) as s,
    ):
        s.clusters.list(extra_headers={"X-B": "2"}, extra_query={"debug": True, "n": 3})
        s.jobs.cancel(JOB, extra_headers={"X-A": "call"}, extra_body={"reason": "r"})
    listed, cancelled = server.requests
    assert listed.header("x-a") == "1" and listed.header("x-b") == "2"
    assert listed.query["debug"] == ["true"] and listed.query["n"] == ["3"]
    assert listed.header("authorization") == "Bearer isat_secret"
    assert cancelled.header("x-a") == "call"  # the call's header wins over the default
    assert cancelled.json() == {"team_name": "t", "reason": "r"}


def test_extras_reach_the_wire_async() -> None:
    async def run(url: str) -> None:
        async with AsyncStudio(
            token="isat_secret", url=url, team="t", default_headers={"X-A": "1"}
        ) as studio:
            await studio.clusters.list(extra_headers={"X-B": "2"}, extra_query={"q": "v"})
            await studio.jobs.cancel(JOB, extra_body={"reason": "r"})

    with scripted_server(answer) as server:
        asyncio.run(run(server.url))
    listed, cancelled = server.requests
    assert (listed.header("x-a"), listed.header("x-b"), listed.query["q"]) == ("1", "2", ["v"])
    assert cancelled.json() == {"team_name": "t", "reason": "r"}


def test_with_options_adds_default_headers() -> None:
    with (
        scripted_server(answer) as server,
        Studio(
            token="isat_secret", url=server.url, default_headers={"X-A": "1", "X-B": "1"}
        ) as studio,
    ):
        studio.with_options(default_headers={"X-B": "2"}).clusters.list()
        studio.clusters.list()
    changed, kept = server.requests
    assert (changed.header("x-a"), changed.header("x-b")) == ("1", "2")
    assert (kept.header("x-a"), kept.header("x-b")) == ("1", "1")


@pytest.mark.parametrize(
    "name", ["Authorization", "authorization", "Cookie", "User-Agent", "Content-Type", "Accept"]
)
def test_the_token_and_the_clients_headers_cannot_be_replaced(name: str) -> None:
    with scripted_server(answer) as server, Studio(token="isat_secret", url=server.url) as s:
        with pytest.raises(InvalidRequestError, match="cannot set"):
            s.clusters.list(extra_headers={name: "Bearer other"})
        with pytest.raises(InvalidRequestError, match="cannot set"):
            s.with_options(default_headers={name: "x"})
        with pytest.raises(InvalidRequestError, match="cannot set"):
            Studio(token="isat_secret", url=server.url, default_headers={name: "x"})
    assert server.requests == []


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"extra_query": {"team_name": "other"}}, "cannot replace 'team_name'"),
        ({"extra_body": {"team_name": "other"}}, "cannot replace 'team_name'"),
        ({"extra_query": {"job_id": "x"}}, "cannot replace 'job_id'"),
        ({"extra_headers": {"X-A": "line\nbreak"}}, "printable ASCII"),
        ({"extra_headers": {"X A": "v"}}, "not a header name"),
        ({"extra_headers": {"X-A": 1}}, "printable ASCII"),
        ({"extra_query": ["a"]}, "mapping"),
        ({"extra_query": {"a": {"b": 1}}}, "must be text, a number"),
    ],
)
def test_extras_do_not_replace_what_the_method_sends(kwargs: dict[str, Any], match: str) -> None:
    with scripted_server(answer) as server, Studio(token="isat_secret", url=server.url) as s:
        with pytest.raises(InvalidRequestError, match=match):
            if "extra_body" in kwargs:
                s.jobs.cancel(JOB, team="t", **kwargs)
            else:
                s.jobs.get(JOB, team="t", **kwargs)
    assert server.requests == []


def test_extra_body_needs_a_json_body() -> None:
    with scripted_server(answer) as server, Studio(token="isat_secret", url=server.url) as s:
        with pytest.raises(InvalidRequestError, match="no JSON object"):
            s.clusters.list(extra_body={"a": 1})
        with pytest.raises(InvalidRequestError, match="no JSON object"):
            s.jobs.upload(b"data", team="t", extra_body={"a": 1})
    assert server.requests == []
