"""Issue 11: a client that refuses every mistake before anything is sent.

Ids of the wrong type (None above all), status filters in the wrong case or unknown,
environment values that are not strings, constructor arguments of the wrong type, bad
`wait` / `follow` arguments; ids that the API hands out are taken back as they are.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest

from datachain_studio import (
    APITimeoutError,
    AsyncStudio,
    ConfigurationError,
    InvalidRequestError,
    Studio,
    StudioError,
)
from datachain_studio._validation import parse_env
from datachain_studio.types import JobStatus, JobStatusGroup, PipelineStatus
from tests.support.examples import example_reply
from tests.support.raw import raw_server, silent
from tests.support.server import Recorded, Reply, ScriptedServer, json_reply, scripted_server

JOB = "497f6eca-6276-4993-bfeb-53cbbbba6f08"
PIPELINE = "ec036e81-7903-4e4d-bbfa-ac8516341cf0"
TOKEN = "isat_mistakes_0123456789abcdef"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with scripted_server(example_reply) as running:
        yield running


def _studio(server: ScriptedServer) -> Studio:
    return Studio(token=TOKEN, url=server.url, team="t", max_retries=0)


# --- 1. ids are typed, and None is never "no filter" --------------------------------------

WRONG_IDS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("jobs.get", lambda s, v: s.jobs.get(v)),
    ("jobs.logs", lambda s, v: s.jobs.logs(v)),
    ("jobs.cancel", lambda s, v: s.jobs.cancel(v)),
    ("jobs.wait", lambda s, v: s.jobs.wait(v, poll_interval=0.01)),
    ("jobs.follow", lambda s, v: s.jobs.follow(v, poll_interval=0.01)),
    ("jobs.create rerun", lambda s, v: s.jobs.create("q", rerun_from_job_id=v or 1.5)),
    ("pipelines.run", lambda s, v: s.pipelines.run(v)),
    ("pipelines.remove_job", lambda s, v: s.pipelines.remove_job("p", job_id=v)),
    ("pipelines.get id", lambda s, v: s.pipelines.get(pipeline_id=v or 1.5)),
    ("pipelines.get name", lambda s, v: s.pipelines.get(v or 1.5)),
    ("pipelines.update_settings", lambda s, v: s.pipelines.update_settings(v, workers=1)),
    ("schedules.get", lambda s, v: s.schedules.get(v)),
    ("schedules.update", lambda s, v: s.schedules.update(v, schedule_name="x")),
    ("schedules.delete", lambda s, v: s.schedules.delete(v)),
    ("access_groups.update", lambda s, v: s.access_groups.update(v, name="x")),
    ("access_groups.delete", lambda s, v: s.access_groups.delete(v)),
    ("access_groups.list_members", lambda s, v: s.access_groups.list_members(v)),
    ("access_groups.add_member", lambda s, v: s.access_groups.add_member(v, user_id=1, role="r")),
    ("access_groups.update_member", lambda s, v: s.access_groups.update_member(JOB, v, role="r")),
    ("access_groups.remove_member", lambda s, v: s.access_groups.remove_member(JOB, v)),
    ("access_rules.update", lambda s, v: s.access_rules.update(v, permission="read")),
    ("access_rules.delete", lambda s, v: s.access_rules.delete(v)),
]
WRONG_VALUES = [None, b"497f6eca-6276-4993-bfeb-53cbbbba6f08", 3.5, True, object(), ["x"]]


@pytest.mark.parametrize("value", WRONG_VALUES, ids=lambda v: type(v).__name__)
@pytest.mark.parametrize(("name", "call"), WRONG_IDS, ids=[n for n, _ in WRONG_IDS])
def test_an_id_of_the_wrong_type_is_refused_before_sending(
    server: ScriptedServer, name: str, call: Callable[[Any, Any], Any], value: object
) -> None:
    studio = _studio(server)
    with pytest.raises(InvalidRequestError):
        result = call(studio, value)
        if isinstance(result, Iterator):
            next(result)

    async def run() -> None:
        async with AsyncStudio(token=TOKEN, url=server.url, team="t") as async_studio:
            with pytest.raises(InvalidRequestError):
                result = call(async_studio, value)
                if hasattr(result, "__anext__"):
                    await result.__anext__()
                else:
                    await result

    asyncio.run(run())
    studio.close()
    assert server.requests == []


def test_get_none_does_not_return_the_newest_job(server: ScriptedServer) -> None:
    with _studio(server) as studio, pytest.raises(InvalidRequestError, match="job_id"):
        studio.jobs.get(None)  # type: ignore[arg-type]
    assert server.requests == []


def test_schedule_and_user_ids_are_whole_numbers_not_text(server: ScriptedServer) -> None:
    with _studio(server) as studio:
        for value in ("7", 7.0, None):
            with pytest.raises(InvalidRequestError, match="schedule_id must be an integer"):
                studio.schedules.get(value)  # type: ignore[arg-type]
    assert server.requests == []


# --- 2. ids the API hands out are taken back ---------------------------------------------


def test_uuids_the_api_returns_are_accepted_everywhere(server: ScriptedServer) -> None:
    job, pipeline = uuid.UUID(JOB), uuid.UUID(PIPELINE)
    with _studio(server) as studio:
        studio.pipelines.run(pipeline)
        studio.pipelines.run(PIPELINE.upper())
        studio.schedules.create("0 3 * * *", pipeline_id=pipeline)
        studio.schedules.update(1, schedule_name="nightly")
        studio.pipelines.remove_job("p", job_id=job)
        studio.pipelines.remove_job(pipeline_id=pipeline, job_id=job)
        studio.jobs.get(job)
        studio.access_rules.create(
            resource_type="dataset", resource_id=job, permission="read", group_id=job
        )
    run, run_upper, schedule, update, remove, remove_by_id, get, rule = (
        r.json() if r.body else r.query for r in server.requests
    )
    assert run["definition_id"] == PIPELINE
    assert run_upper["definition_id"] == PIPELINE
    assert schedule["pipeline_id"] == PIPELINE
    assert update["schedule_id"] == 1
    assert remove["job_id"] == JOB
    assert remove_by_id == {"team_name": "t", "pipeline_id": PIPELINE, "job_id": JOB}
    assert get["job_id"] == [JOB]
    assert rule["resource_id"] == JOB and rule["group_id"] == JOB


def test_run_by_name_is_refused_saying_how_to_get_the_id(server: ScriptedServer) -> None:
    with _studio(server) as studio:
        with pytest.raises(InvalidRequestError) as raised:
            studio.pipelines.run("calm-comet")
    text = str(raised.value)
    assert "pipeline_id" in text and "pipelines.get('calm-comet').pipeline_id" in text
    assert server.requests == []


# --- 3. status filters ---------------------------------------------------------------------

JOB_STATUSES = [
    ("complete", "COMPLETE"),
    (" Running ", "RUNNING"),
    ("active", "ACTIVE"),
    ("INACTIVE", "INACTIVE"),
    (JobStatus.FAILED, "FAILED"),
    (JobStatusGroup.ACTIVE, "ACTIVE"),
]


@pytest.mark.parametrize(("given", "sent"), JOB_STATUSES)
def test_job_status_filters_are_normalised(
    server: ScriptedServer, given: object, sent: str
) -> None:
    with _studio(server) as studio:
        studio.jobs.list(status=given)  # type: ignore[arg-type]
    assert server.requests[0].query["status"] == [sent]


@pytest.mark.parametrize(
    "given", ["DONE", "complete!", "", PipelineStatus.COMPLETED, 3, b"RUNNING"]
)
def test_an_unknown_job_status_is_refused_listing_the_valid_ones(
    server: ScriptedServer, given: object
) -> None:
    with _studio(server) as studio, pytest.raises(InvalidRequestError) as raised:
        studio.jobs.list(status=given)  # type: ignore[arg-type]
    assert "COMPLETE" in str(raised.value) and "ACTIVE" in str(raised.value)
    assert server.requests == []


def test_pipeline_status_filters_are_normalised_and_checked(server: ScriptedServer) -> None:
    with _studio(server) as studio:
        studio.pipelines.list(status="completed")
        studio.pipelines.list(status=["running", PipelineStatus.PAUSED])
        with pytest.raises(InvalidRequestError, match="COMPLETED"):
            studio.pipelines.list(status="complete")  # jobs say COMPLETE, pipelines COMPLETED
        with pytest.raises(InvalidRequestError):
            studio.pipelines.list(status=[])
    first, second = server.requests
    assert first.query["status"] == ["COMPLETED"]
    assert second.query["status"] == ["RUNNING", "PAUSED"]


def test_async_status_filters_are_normalised_too(server: ScriptedServer) -> None:
    async def run() -> None:
        async with AsyncStudio(token=TOKEN, url=server.url, team="t") as studio:
            await studio.jobs.list(status="complete")
            with pytest.raises(InvalidRequestError):
                await studio.jobs.list(status="DONE")

    asyncio.run(run())
    assert [r.query["status"] for r in server.requests] == [["COMPLETE"]]


# --- 4. environment --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [b"raw", False, None, object(), ["a"]], ids=repr)
def test_an_environment_value_that_is_not_a_string_is_refused_naming_its_key(
    server: ScriptedServer, value: object
) -> None:
    with _studio(server) as studio:
        with pytest.raises(InvalidRequestError, match="SECRET_KEY"):
            studio.jobs.create("q", environment={"SECRET_KEY": value})  # type: ignore[dict-item]
        with pytest.raises(InvalidRequestError, match="SECRET_KEY"):
            studio.pipelines.update_settings("p", environment={"SECRET_KEY": value})  # type: ignore[dict-item]
    assert server.requests == []


def test_numbers_in_an_environment_are_sent_as_text(server: ScriptedServer) -> None:
    with _studio(server) as studio:
        studio.jobs.create("q", environment={"WORKERS": 4, "RATE": 0.5, "MODE": "fast"})
    assert server.requests[0].json()["environment"] == "WORKERS=4\nRATE=0.5\nMODE=fast"


ENV_TEXT = """\
# settings
export A=1

B='x y'
C = "quoted # not a comment"
D=a=b
E=
"""
ENV_PARSED = {"A": "1", "B": "x y", "C": "quoted # not a comment", "D": "a=b", "E": ""}


def test_environment_text_is_parsed_the_dotenv_way() -> None:
    assert parse_env(ENV_TEXT) == ENV_PARSED
    with pytest.raises(InvalidRequestError, match="line 2"):
        parse_env("A=1\nnot a pair")
    with pytest.raises(InvalidRequestError, match="1BAD"):
        parse_env("1BAD=x")


def test_jobs_and_pipelines_and_the_cli_parse_environment_text_one_way(
    server: ScriptedServer, tmp_path: Path
) -> None:
    from datachain_studio.cli.jobs import env_file_values

    expected = "\n".join(f"{k}={v}" for k, v in ENV_PARSED.items())
    with _studio(server) as studio:
        studio.jobs.create("q", environment=ENV_TEXT)
        studio.pipelines.update_settings("p", environment=ENV_TEXT)
        studio.jobs.create("q", environment=ENV_TEXT.splitlines())
    assert [r.json()["environment"] for r in server.requests] == [expected] * 3
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_TEXT)
    assert env_file_values(env_file) == ENV_PARSED


# --- 5. constructor arguments and wait / follow arguments ----------------------------------

BAD_CONSTRUCTORS: list[tuple[str, dict[str, Any]]] = [
    ("team int", {"team": 5}),
    ("token int", {"token": 12345}),
    ("token bytes", {"token": b"isat_x"}),
    ("url int", {"url": 8080}),
    ("url httpx2.URL", {"url": httpx2.URL("https://studio.example.com")}),
    ("timeout text", {"timeout": "60"}),
    ("timeout zero", {"timeout": 0}),
    ("max_retries text", {"max_retries": "2"}),
    ("max_retries negative", {"max_retries": -1}),
    ("strict text", {"strict": "yes"}),
    ("allow_insecure int", {"allow_insecure": 1}),
    ("auth_scheme int", {"auth_scheme": 1}),
    ("http_client wrong", {"http_client": object()}),
]


@pytest.mark.parametrize("client", [Studio, AsyncStudio])
@pytest.mark.parametrize(("name", "kwargs"), BAD_CONSTRUCTORS, ids=[n for n, _ in BAD_CONSTRUCTORS])
def test_constructor_arguments_are_type_checked(
    client: type[Studio | AsyncStudio], name: str, kwargs: dict[str, Any]
) -> None:
    arguments = {"token": TOKEN, "url": "http://127.0.0.1:9", "team": "t", **kwargs}
    with pytest.raises(InvalidRequestError) as raised:
        client(**arguments)
    assert TOKEN not in str(raised.value)


def test_the_other_flavour_of_httpx_client_is_refused() -> None:
    with httpx2.Client() as sync_client:
        with pytest.raises(InvalidRequestError, match="AsyncClient"):
            AsyncStudio(token=TOKEN, url="http://127.0.0.1:9", http_client=sync_client)  # type: ignore[arg-type]


def test_a_legacy_httpx_client_is_refused_with_the_httpx2_one_named() -> None:
    import httpx

    with httpx.Client() as sync_client:
        with pytest.raises(InvalidRequestError, match=r"pass an httpx2\.Client\b"):
            Studio(token=TOKEN, url="http://127.0.0.1:9", http_client=sync_client)  # type: ignore[arg-type]
    async_client = httpx.AsyncClient()
    with pytest.raises(InvalidRequestError, match=r"pass an httpx2\.AsyncClient\b"):
        AsyncStudio(token=TOKEN, url="http://127.0.0.1:9", http_client=async_client)  # type: ignore[arg-type]


def test_a_legacy_httpx_timeout_is_refused_and_an_httpx2_one_taken() -> None:
    import httpx

    with pytest.raises(InvalidRequestError, match=r"httpx2\.Timeout"):
        Studio(token=TOKEN, url="http://127.0.0.1:9", timeout=httpx.Timeout(5.0))  # type: ignore[arg-type]
    bound = httpx2.Timeout(0.5, connect=1)  # the read of an answer that never comes: 0.5 s
    with raw_server(silent) as (url, _):
        studio = Studio(token=TOKEN, url=url, team="t", timeout=bound, max_retries=0)
        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            studio.jobs.list()
        assert time.monotonic() - started < 5  # not the default timeout (60 s)

        async def one() -> None:
            async with AsyncStudio(token=TOKEN, url=url, team="t", max_retries=0) as studio:
                await studio.jobs.list(timeout=bound)

        started = time.monotonic()
        with pytest.raises(APITimeoutError):
            asyncio.run(one())
        assert time.monotonic() - started < 5


def test_a_bad_auth_scheme_value_stays_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        Studio(token=TOKEN, url="http://127.0.0.1:9", auth_scheme="basic")  # type: ignore[arg-type]


def test_with_options_checks_its_arguments_too() -> None:
    studio = Studio(token=TOKEN, url="http://127.0.0.1:9", team="t")
    for kwargs in ({"team": 5}, {"timeout": -1}, {"max_retries": 1.5}, {"strict": "no"}):
        with pytest.raises(InvalidRequestError):
            studio.with_options(**kwargs)  # type: ignore[arg-type]


def _finished_job_server() -> Any:
    return scripted_server(example_reply)  # the example job is COMPLETE


BAD_WAITS: list[tuple[str, dict[str, Any]]] = [
    ("poll zero", {"poll_interval": 0}),
    ("poll negative", {"poll_interval": -1}),
    ("poll nan", {"poll_interval": float("nan")}),
    ("poll text", {"poll_interval": "1"}),
    ("wait_timeout negative", {"wait_timeout": -1}),
    ("wait_timeout text", {"wait_timeout": "10"}),
    ("wait_timeout inf", {"wait_timeout": float("inf")}),
    ("timeout zero", {"timeout": 0}),
    ("max_retries negative", {"max_retries": -1}),
    ("team int", {"team": 3}),
]


@pytest.mark.parametrize(("name", "kwargs"), BAD_WAITS, ids=[n for n, _ in BAD_WAITS])
def test_wait_and_follow_check_their_arguments_before_the_first_request(
    name: str, kwargs: dict[str, Any]
) -> None:
    with _finished_job_server() as server:
        with _studio(server) as studio:
            with pytest.raises(InvalidRequestError):
                studio.jobs.wait(JOB, **kwargs)
            with pytest.raises(InvalidRequestError):
                studio.jobs.follow(JOB, **kwargs)  # raises when called, not when iterated

        async def run() -> None:
            async with AsyncStudio(token=TOKEN, url=server.url, team="t") as async_studio:
                with pytest.raises(InvalidRequestError):
                    await async_studio.jobs.wait(JOB, **kwargs)
                with pytest.raises(InvalidRequestError):
                    await async_studio.jobs.follow(JOB, **kwargs).__anext__()

        asyncio.run(run())
        assert server.requests == []


# --- 10. wait / follow take timeout= and max_retries= per request, wait_timeout= for all ---


def _slow_finished_job(request: Recorded) -> Reply:
    if request.path == "/api/logs/follow/":
        return Reply(status=404)  # no log stream here: `follow` polls
    time.sleep(0.5)
    if request.path.endswith("/logs"):
        return json_reply({"job_id": JOB, "status": "COMPLETE", "logs": []})
    reply = example_reply(request)
    job = json.loads(reply.body)[0]
    job.update(id=JOB, status="COMPLETE")
    return json_reply([job])


@pytest.mark.parametrize("method", ["wait", "follow"])
def test_wait_and_follow_pass_timeout_and_max_retries_to_each_request(method: str) -> None:
    with scripted_server(_slow_finished_job) as server, _studio(server) as studio:
        call = getattr(studio.jobs, method)
        with pytest.raises(APITimeoutError):  # each request is bounded, not only the wait
            list(call(JOB, wait_timeout=30, timeout=0.2, max_retries=0))
        polls = [r for r in server.requests if r.path != "/api/logs/follow/"]
        assert len(polls) == 1  # max_retries=0: no second attempt
        finished = call(JOB, wait_timeout=30, timeout=5, max_retries=0)
        assert finished.status == "COMPLETE" if method == "wait" else list(finished) == []


@pytest.mark.parametrize("method", ["wait", "follow"])
@pytest.mark.parametrize("client", [Studio, AsyncStudio])
def test_wait_and_follow_name_their_limits_like_every_other_method(
    client: type[Studio | AsyncStudio], method: str
) -> None:
    import inspect

    studio = client(token=TOKEN, url="http://127.0.0.1:9", team="t")
    parameters = inspect.signature(getattr(studio.jobs, method)).parameters
    assert {"timeout", "max_retries", "wait_timeout", "poll_interval", "team"} <= set(parameters)
    assert parameters["timeout"].default is None and parameters["wait_timeout"].default is None


def test_an_invalid_request_error_is_a_studio_error_and_a_value_error() -> None:
    error = InvalidRequestError("x")
    assert isinstance(error, StudioError) and isinstance(error, ValueError)
