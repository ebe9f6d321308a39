"""Fuzzing the arguments of every `Studio` method: only success or a documented error.

Each call of `tests/client/calls.py` is made with one to three of its arguments replaced by
hostile values (wrong types, huge numbers, path escapes, control characters, ...). The
outcome must be success or a `StudioError` (an `InvalidRequestError` before anything is
sent, or an error status from the server); never a bare TypeError, AttributeError or
ValueError. Whatever is sent must reach the method's own endpoint, with only the query
parameters the contract declares and a body that is strict JSON.

Three families, so each known bug is marked where it lives:
- values JSON can carry, in every argument but the call options;
- values JSON cannot carry (NaN, bytes, objects), which a body must refuse;
- the call options `timeout` and `max_retries`.
The `test_bug_*` tables are the smallest reproductions, for whoever fixes them.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import json
import math
from collections.abc import Callable, Iterable
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from datachain_studio import AsyncStudio, InvalidRequestError, Studio, StudioError
from tests.client.calls import CALLS, JOB, Call
from tests.reliability.mocking import Wire, call_method, examples_answer, operation_of, raised
from tests.reliability.strategies import HOSTILE_JSON, NON_JSON
from tests.spec import SPEC
from tests.support.examples import operation_for

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure would spend seconds shrinking on every run.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
CALL_OPTIONS = ("timeout", "max_retries")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _declared_query(call: Call) -> set[str]:
    parameters = [_resolve(p) for p in operation_of(call).spec.get("parameters", [])]
    return {p["name"] for p in parameters if p.get("in") == "query"}


def wire_problems(
    call: Call, requests: list[httpx2.Request], added: Iterable[str] = ()
) -> list[str]:
    """How the requests sent for `call` strayed: another endpoint, undeclared query
    parameters (but those the caller `added` with `extra_query=`), a body that is not strict
    JSON."""
    problems = []
    wanted = operation_of(call)
    declared = _declared_query(call) | set(added)
    for request in requests:
        if operation_for(request.method, request.url.path) != wanted:
            problems.append(f"{request.method} {request.url.path} is not {call.path}")
        extra = set(request.url.params) - declared
        if extra:
            problems.append(f"undeclared query parameters {sorted(extra)}")
        if request.headers.get("content-type") == "application/json":
            try:
                json.loads(request.content, parse_constant=_no_constant)
            except ValueError as error:
                problems.append(f"the body is not strict JSON: {error}")
    return problems


WIRE = Wire(examples_answer)


@functools.cache
def _studio() -> Studio:
    """One client for every example (made once: the fuzz runs thousands of calls)."""
    return WIRE.studio()


def _attack(call: Call, data: st.DataObject, values: Any, names: Callable[[str], bool]) -> None:
    WIRE.requests.clear()
    method = call_method(_studio(), call)
    arguments = dict(inspect.signature(method).bind(*call.args, **call.kwargs).arguments)
    targets = [name for name in inspect.signature(method).parameters if names(name)]
    chosen = data.draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True))
    for name in chosen:
        arguments[name] = data.draw(values, label=name)
    error = raised(lambda: method(**arguments))
    assert error is None or isinstance(error, StudioError), (
        f"{type(error).__name__}: {str(error)[:300]}"
    )
    if isinstance(error, InvalidRequestError):
        assert WIRE.requests == [], "an InvalidRequestError after a request was sent"
    added = arguments.get("extra_query")
    assert wire_problems(call, WIRE.requests, added if isinstance(added, dict) else ()) == []


CALL_PARAMS = [pytest.param(call, id=call.id) for call in CALLS]


@pytest.mark.parametrize("call", CALL_PARAMS)
@FUZZ
@given(data=st.data())
def test_any_json_value_in_any_argument(call: Call, data: st.DataObject) -> None:
    _attack(call, data, HOSTILE_JSON, lambda name: name not in CALL_OPTIONS)


@pytest.mark.parametrize("call", CALL_PARAMS)
@FUZZ
@given(data=st.data())
def test_values_json_cannot_carry(call: Call, data: st.DataObject) -> None:
    # `file` and `progress` are the upload's own (bytes, callables); tested below.
    _attack(call, data, NON_JSON, lambda name: name not in (*CALL_OPTIONS, "file", "progress"))


@pytest.mark.parametrize("call", CALL_PARAMS)
@FUZZ
@given(data=st.data())
def test_any_call_options(call: Call, data: st.DataObject) -> None:
    _attack(call, data, st.one_of(HOSTILE_JSON, NON_JSON), lambda name: name in CALL_OPTIONS)


# --- the smallest reproductions, sync and async ----------------------------------------

Attempt = Callable[[Any], Any]

OPTIONS_CASES: list[tuple[str, Attempt]] = [
    ("timeout='x'", lambda s: s.jobs.list(timeout="x")),
    ("timeout=0", lambda s: s.jobs.list(timeout=0)),
    ("timeout=nan", lambda s: s.jobs.list(timeout=math.nan)),
    ("timeout=inf", lambda s: s.jobs.list(timeout=math.inf)),
    ("max_retries='x'", lambda s: s.jobs.list(max_retries="x")),
    ("max_retries=-1", lambda s: s.jobs.list(max_retries=-1)),
]
ITERABLES_CASES: list[tuple[str, Attempt]] = [
    ("environment=5", lambda s: s.jobs.create("q", environment=5)),
    ("environment=[1]", lambda s: s.jobs.create("q", environment=[1])),
    ("requirements=5", lambda s: s.jobs.create("q", requirements=5)),
    ("files=1.5", lambda s: s.jobs.create("q", files=1.5)),
    ("trigger(5)", lambda s: s.pipelines.trigger(5)),
    ("pipelines.list(status=5)", lambda s: s.pipelines.list(status=5)),
    ("credentials_names=5", lambda s: s.pipelines.update_settings("p", credentials_names=5)),
    ("upload filename=5", lambda s: s.jobs.upload(b"x", filename=5)),
    ("upload progress='x'", lambda s: s.jobs.upload(b"x", progress="x")),
]
BODY_CASES: list[tuple[str, Attempt]] = [
    ("query_name=object()", lambda s: s.jobs.create("q", query_name=object())),
    ("query_name=nan", lambda s: s.jobs.create("q", query_name=math.nan)),
    ("cancel team=b'x'", lambda s: s.jobs.cancel(JOB, team=b"x")),
    ("resume name=inf", lambda s: s.pipelines.resume(name=math.inf)),
    ("group description=set()", lambda s: s.access_groups.create("g", description={1})),
]


def _refused_before_sending(attempt: Attempt, mode: str) -> None:
    wire = Wire(examples_answer)
    if mode == "sync":
        with wire.studio() as studio:
            error = raised(lambda: attempt(studio))
    else:

        async def run(studio: AsyncStudio) -> BaseException | None:
            try:
                await attempt(studio)
            except Exception as exc:
                return exc
            return None

        async def main() -> BaseException | None:
            async with wire.async_studio() as studio:
                return await run(studio)

        error = asyncio.run(main())
    assert isinstance(error, InvalidRequestError), f"{type(error).__name__}: {error}"
    assert wire.requests == []


@pytest.mark.parametrize(
    ("attempt", "mode"),
    [
        pytest.param(attempt, mode, id=f"{name}-{mode}")
        for name, attempt in OPTIONS_CASES + ITERABLES_CASES + BODY_CASES
        for mode in ("sync", "async")
    ],
)
def test_the_smallest_bad_arguments_are_refused_before_sending(attempt: Attempt, mode: str) -> None:
    _refused_before_sending(attempt, mode)
