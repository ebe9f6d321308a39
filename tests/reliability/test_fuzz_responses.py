"""Fuzzing what every operation's parser is fed: only success or a validation error comes out.

Each operation's contract example is broken at random (see `strategies.mutate`) and served
as a success response. Strict clients must return well-typed models or raise
`APIResponseValidationError`; loose clients must return (keeping what they cannot type),
except where the shape leaves nothing to return (an answer that is not an object, or not a
list of objects, where one is expected; a wrapper without its object), where
`APIResponseValidationError` is the only other way out. Never another exception.
Bounded and derandomized, so every run tries the same bodies.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
from typing import Any

import httpx2
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from datachain_studio import (
    APIResponseValidationError,
    IndexingInProgressError,
    NotFoundError,
    Studio,
    WaitTimeoutError,
)
from datachain_studio.types import Model
from tests.client.calls import CALLS, JOB, Call
from tests.reliability.mocking import Wire, body_answer, call_method, example_of, raised
from tests.reliability.strategies import JSON_VALUES, mutate

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    # No shrinking: a failure would spend seconds shrinking on every run.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Calls whose answer is a wrapper (`{"ok", "pipeline"}`, `{"ok", "schedule"}`, a listing's
# `{"data": [...]}`) or a list the client picks from: with the wrapper or list broken, even a
# loose client has nothing to return.
LOOSE_MAY_REFUSE = {
    "storage.ls",
    "jobs.get",
    "pipelines.trigger",
    "pipelines.run",
    "pipelines.update_settings",
    "pipelines.pause",
    "pipelines.resume",
    "pipelines.duplicate",
    "pipelines.remove_job",
    "schedules.create",
    "schedules.update",
}


def _right_shape(body: Any, example: Any) -> bool:
    """Whether the answer is an object where the contract has one, a list of objects where
    it has a list of them: the least a loose client needs to return anything."""
    if isinstance(example, dict):
        return isinstance(body, dict)
    if isinstance(example, list):
        return isinstance(body, list) and all(isinstance(item, dict) for item in body)
    return True


def _well_typed(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, list):
        return all(isinstance(item, Model) for item in value)
    return isinstance(value, Model)


class _Served:
    """The answer of the shared mock transport: set per example (clients are made once)."""

    status = 200
    content = b""

    def answer(self, request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(self.status, content=self.content)


SERVED = _Served()


@functools.cache
def _studio(strict: bool) -> Studio:
    """A client answered by `SERVED`, made once (the fuzz runs hundreds of calls)."""
    return Wire(SERVED.answer).studio(strict=strict)


def _outcome(call: Call, strict: bool) -> tuple[Any, BaseException | None]:
    try:
        return call_method(_studio(strict), call)(*call.args, **call.kwargs), None
    except APIResponseValidationError as error:
        return None, error
    except NotFoundError:  # `jobs.get` of an empty list: no such job, as documented
        assert call.id == "jobs.get"
        return None, None
    except IndexingInProgressError:  # a listing whose `data` is null, as documented
        assert call.id == "storage.ls"
        return None, None


def _encoded(call: Call, body: Any) -> bytes:
    """The body as the operation's answers are encoded: JSON, or msgpack (storage listing)."""
    if call.id != "storage.ls":
        return json.dumps(body).encode()
    import msgpack

    try:
        return bytes(msgpack.packb(body))
    except OverflowError:  # an integer msgpack cannot hold: Studio could not send it either
        assume(False)
        raise


@pytest.mark.parametrize("call", [pytest.param(call, id=call.id) for call in CALLS])
@FUZZ
@given(data=st.data())
def test_any_body_is_parsed_or_refused_as_invalid(call: Call, data: st.DataObject) -> None:
    status, example = example_of(call)
    body = mutate(data, example) if example is not None else data.draw(JSON_VALUES)
    SERVED.status, SERVED.content = status, _encoded(call, body)
    result, error = _outcome(call, strict=True)
    if error is None:
        assert _well_typed(result), f"strict returned {result!r}"
    result, error = _outcome(call, strict=False)
    if error is not None:
        refusable = call.id in LOOSE_MAY_REFUSE or not _right_shape(body, example)
        assert refusable, f"loose refused {body!r}: {error}"


@pytest.mark.parametrize("body", [b"null", b"5", b'"job"', b"true", b'{"jobs": []}'])
@pytest.mark.parametrize("strict", [False, True])
def test_jobs_get_with_an_answer_that_is_not_a_list(body: bytes, strict: bool) -> None:
    wire = Wire(body_answer(200, body))
    with wire.studio(strict=strict) as studio, pytest.raises(APIResponseValidationError):
        studio.jobs.get(JOB)

    async def run() -> None:
        async with wire.async_studio(strict=strict) as studio:
            with pytest.raises(APIResponseValidationError):
                await studio.jobs.get(JOB)

    asyncio.run(run())


@FUZZ
@given(data=st.data())
def test_follow_and_wait_survive_any_logs_and_job_bodies(data: st.DataObject) -> None:
    logs_status, logs_example = example_of(CALLS[3])  # jobs.logs
    list_status, list_example = example_of(CALLS[0])  # jobs.list
    logs = json.dumps(mutate(data, logs_example)).encode()
    jobs = json.dumps(mutate(data, list_example)).encode()

    def answer(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/logs"):
            return httpx2.Response(logs_status, content=logs)
        return httpx2.Response(list_status, content=jobs)

    allowed = (APIResponseValidationError, WaitTimeoutError, NotFoundError)
    for strict in (False, True):
        with Wire(answer).studio(strict=strict) as studio:
            with contextlib.suppress(allowed):
                list(studio.jobs.follow(JOB, wait_timeout=0.02, poll_interval=0.005))
            with contextlib.suppress(allowed):
                studio.jobs.wait(JOB, wait_timeout=0.02, poll_interval=0.005)


def test_follow_with_a_log_that_is_not_a_list_yields_nothing_and_ends() -> None:
    def answer(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=b'{"logs": 5, "status": "COMPLETE"}')

    with Wire(answer).studio() as studio:
        assert list(studio.jobs.follow(JOB, wait_timeout=1, poll_interval=0.01)) == []


@pytest.mark.parametrize(
    ("logs", "jobs"),
    [
        (b"[]", None),
        (b"null", None),
        (None, b"[5]"),
        (None, b'["COMPLETE"]'),
    ],
)
def test_follow_and_wait_with_misshapen_answers(logs: bytes | None, jobs: bytes | None) -> None:
    def answer(request: httpx2.Request) -> httpx2.Response:
        if request.url.path.endswith("/logs"):
            return httpx2.Response(200, content=logs or b'{"logs": [], "status": "COMPLETE"}')
        return httpx2.Response(200, content=jobs or b'[{"status": "COMPLETE"}]')

    with Wire(answer).studio() as studio, pytest.raises(APIResponseValidationError):
        if logs is not None:
            list(studio.jobs.follow(JOB, wait_timeout=1, poll_interval=0.01))
        else:
            studio.jobs.wait(JOB, wait_timeout=1, poll_interval=0.01)


def _nested_detail(depth: int) -> bytes:
    text = '"too deep"'
    for _ in range(depth):
        text = '{"detail": ' + text + "}"
    return text.encode()


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (200, b"[" * 3_000 + b"]" * 3_000, APIResponseValidationError),
        (200, b'[{"id": 1, "steps": ' + b"[" * 3_000 + b"]" * 3_000 + b"}]", None),
        (500, b"[" * 3_000 + b"]" * 3_000, "InternalServerError"),
        (400, _nested_detail(900), "BadRequestError"),
    ],
    ids=["200-deep-list", "200-deep-field", "500-deep-list", "400-deep-detail"],
)
@pytest.mark.parametrize("strict", [False, True])
def test_deeply_nested_json_is_a_documented_error(
    status: int, body: bytes, expected: Any, strict: bool
) -> None:
    import datachain_studio

    wanted = expected or APIResponseValidationError
    if isinstance(wanted, str):
        wanted = getattr(datachain_studio, wanted)
    with Wire(body_answer(status, body)).studio(strict=strict) as studio:
        error = raised(studio.jobs.list)
    # Compared here, not under pytest.raises: a RecursionError's traceback takes pytest
    # seconds to render.
    assert type(error) is wanted, f"{type(error).__name__}: {str(error)[:200]}"
