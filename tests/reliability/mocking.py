"""Clients on an in-memory transport, for fuzzing what is parsed and what is sent.

The fuzz tests run thousands of calls; a loopback server would make them slow without
testing anything more (the fault matrix covers the wire). `httpx2.MockTransport` in an
`httpx2.Client` passed as `http_client=` goes through the same request pipeline, retry
policy, error mapping and parsing as a real connection.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2

from datachain_studio import AsyncStudio, Studio
from tests.client.calls import CALLS, Call
from tests.spec import Operation
from tests.support.examples import operation_for, success_example

TOKEN = "isat_FUZZ_s3cr3t_token_value"
URL = "http://127.0.0.1:9"
"""Never connected to: the mock transport answers instead."""


def operation_of(call: Call) -> Operation:
    op = operation_for(call.http_method, call.path)
    assert op is not None, call.id
    return op


def example_of(call: Call) -> tuple[int, Any]:
    return success_example(operation_of(call))


def call_method(studio: Studio | AsyncStudio, call: Call) -> Any:
    return getattr(getattr(studio, call.resource), call.method)


@dataclass
class Wire:
    """What the mock answers (`answer(request) -> response`) and what it saw."""

    answer: Callable[[httpx2.Request], httpx2.Response]
    requests: list[httpx2.Request] = field(default_factory=list)

    def handle(self, request: httpx2.Request) -> httpx2.Response:
        request.read()
        self.requests.append(request)
        return self.answer(request)

    def studio(self, **options: Any) -> Studio:
        http = httpx2.Client(transport=httpx2.MockTransport(self.handle))
        options.setdefault("max_retries", 0)
        return Studio(token=TOKEN, url=URL, team="my-team", http_client=http, **options)

    def async_studio(self, **options: Any) -> AsyncStudio:
        http = httpx2.AsyncClient(transport=httpx2.MockTransport(self.handle))
        options.setdefault("max_retries", 0)
        return AsyncStudio(token=TOKEN, url=URL, team="my-team", http_client=http, **options)


def examples_answer(request: httpx2.Request) -> httpx2.Response:
    """The contract's example for whatever operation the request reaches (404 if none)."""
    op = operation_for(request.method, request.url.path)
    if op is None:
        return httpx2.Response(404, json={"detail": "Not Found"})
    status, body = success_example(op)
    if body is None:
        return httpx2.Response(status)
    return httpx2.Response(status, content=json.dumps(body).encode())


def raised(function: Callable[[], Any]) -> BaseException | None:
    """The exception `function()` raises, or None (its traceback dropped: some, like a
    RecursionError's, take pytest seconds to render)."""
    try:
        function()
    except Exception as error:
        return error.with_traceback(None)
    return None


def body_answer(status: int, content: bytes) -> Callable[[httpx2.Request], httpx2.Response]:
    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(status, content=content)

    return answer


__all__ = ["CALLS", "TOKEN", "URL", "Call", "Wire", "call_method", "example_of", "raised"]
