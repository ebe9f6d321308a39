"""Every method of both clients sends the right request, and every operation is reachable."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from datachain_studio import AsyncStudio, Studio
from datachain_studio.types import Model
from tests.client.calls import CALLS, TEAM, Call
from tests.spec import (
    REFERENCE_OPERATION_COUNT,
    SIGN_IN_OPERATIONS,
    operations,
    reference_operations,
)
from tests.support.examples import example_reply, operation_for
from tests.support.server import ScriptedServer, scripted_server

RESOURCES = (
    "jobs",
    "clusters",
    "pipelines",
    "schedules",
    "access_groups",
    "access_rules",
    "datasets",
    "storage",
)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(example_reply) as running:
        yield running


def _check_request(server: ScriptedServer, call: Call, result: Any) -> None:
    assert len(server.requests) == 1, [r.target for r in server.requests]
    sent = server.requests[0]
    assert sent.method == call.http_method
    assert sent.path == call.path
    assert sent.query == call.query
    assert sent.header("authorization") == "Bearer isat_secret"
    if call.body is not None:
        assert sent.header("content-type") == "application/json"
        assert sent.json() == call.body
    elif call.method != "upload":
        assert sent.body == b""
    op = operation_for(sent.method, sent.path)
    assert op is not None
    if call.method in ("delete", "remove_member") or call.id == "datasets.update":
        assert result is None
    elif isinstance(result, list):
        assert result and all(isinstance(item, Model) for item in result)
    else:
        assert isinstance(result, Model), result


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.id)
def test_sync_method_sends_the_documented_request(server: ScriptedServer, call: Call) -> None:
    with Studio(token="isat_secret", url=server.url, team=TEAM) as studio:
        method = getattr(getattr(studio, call.resource), call.method)
        result = method(*call.args, **call.kwargs)
    _check_request(server, call, result)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.id)
def test_async_method_sends_the_documented_request(server: ScriptedServer, call: Call) -> None:
    async def run() -> Any:
        async with AsyncStudio(token="isat_secret", url=server.url, team=TEAM) as studio:
            method = getattr(getattr(studio, call.resource), call.method)
            return await method(*call.args, **call.kwargs)

    _check_request(server, call, asyncio.run(run()))


def test_every_operation_in_the_contract_is_reachable_from_studio(server: ScriptedServer) -> None:
    with Studio(token="isat_secret", url=server.url, team=TEAM) as studio:
        for call in CALLS:
            getattr(getattr(studio, call.resource), call.method)(*call.args, **call.kwargs)
    reached = set()
    for sent in server.requests:
        op = operation_for(sent.method, sent.path)
        assert op is not None, sent.target
        reached.add(op.operation_id)
    # Signing in needs no Studio object (it makes the token): `login` and `logout` reach
    # those three, as tests/emulator/test_contract.py shows.
    assert reached == {op.operation_id for op in operations()} - SIGN_IN_OPERATIONS
    assert len(reference_operations()) == REFERENCE_OPERATION_COUNT


def _public_methods(resource: object) -> dict[str, Any]:
    return {
        name: getattr(resource, name)
        for name in dir(resource)
        if not name.startswith("_") and callable(getattr(resource, name))
    }


def _shape(function: Any) -> list[tuple[str, Any, Any, str]]:
    signature = inspect.signature(function)
    return [(p.name, p.kind, p.default, str(p.annotation)) for p in signature.parameters.values()]


def _returns(function: Any) -> str:
    annotation = str(inspect.signature(function).return_annotation)
    return annotation.replace("AsyncIterator", "Iterator").replace("AsyncGenerator", "Generator")


@pytest.mark.parametrize("resource", RESOURCES)
def test_sync_and_async_clients_mirror_each_other(resource: str) -> None:
    studio = Studio(token="isat_secret", url="http://127.0.0.1:9", team=TEAM)
    async_studio = AsyncStudio(token="isat_secret", url="http://127.0.0.1:9", team=TEAM)
    sync_methods = _public_methods(getattr(studio, resource))
    async_methods = _public_methods(getattr(async_studio, resource))
    assert sync_methods.keys() == async_methods.keys()
    for name, sync_method in sync_methods.items():
        async_method = async_methods[name]
        assert _shape(sync_method) == _shape(async_method), name
        assert _returns(sync_method) == _returns(async_method), name
        # Awaited, or (the follows) an async iterator made when called, arguments checked.
        streams = str(inspect.signature(async_method).return_annotation).startswith("Async")
        assert inspect.iscoroutinefunction(async_method) != streams, name
        assert not inspect.iscoroutinefunction(sync_method)
        assert not inspect.isasyncgenfunction(async_method), name


@pytest.mark.parametrize("resource", RESOURCES)
def test_arguments_after_the_id_are_keyword_only_and_team_is_everywhere(resource: str) -> None:
    studio = Studio(token="isat_secret", url="http://127.0.0.1:9", team=TEAM)
    for name, method in _public_methods(getattr(studio, resource)).items():
        parameters = list(inspect.signature(method).parameters.values())
        positional = [p for p in parameters if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        assert len(positional) <= 2, (
            f"{resource}.{name} takes {len(positional)} positional arguments"
        )
        assert "team" in {p.name for p in parameters}, f"{resource}.{name} has no team="


def test_clients_expose_the_six_resources() -> None:
    studio = Studio(token="isat_secret", url="http://127.0.0.1:9", team=TEAM)
    for resource in RESOURCES:
        assert getattr(studio, resource) is getattr(studio, resource)
