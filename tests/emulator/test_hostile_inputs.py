"""Odd, malformed and out-of-range inputs: a 4xx with a JSON body each, never a 500, and a
request that fails changes nothing. Sent over raw HTTP, as a client that checks less would."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import httpx2
import pytest

from datachain_studio import Studio
from datachain_studio.testing import StudioEmulator
from datachain_studio.testing._contract import load_contract
from datachain_studio.testing._handlers.base import Reply
from datachain_studio.testing._handlers.signin import APPROVE_PATH
from tests.emulator.helpers import JOBS, Api, Clock

clock = Clock()
fixed = pytest.mark.studio_emulator(clock=clock, job_step_seconds=60)
END_OF_TIME = ["9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59Z", "9999-01-01T00:00:00Z"]
BEFORE_TIME = ["0001-01-01T00:00:00+01:00", "0001-01-01T00:59:59+01:00"]
ODD_FILES: list[Any] = ["²", "1" * 5000, "٣", "-1", "1.0", " ", "", "0x10", 10**30, -5]
ODD_CRONS = ["² * * * *", "* * * * ²", "*/² * * * *", "1-² * * * *", "\u0660 * * * *", "* " * 3000]
SCHEDULES = "/api/datachain/pipeline/"


@pytest.fixture(autouse=True)
def reset_clock() -> None:
    clock.now = dt.datetime(2026, 5, 4, 10, 7, 30, tzinfo=dt.UTC)  # a Monday


def refused(response: httpx2.Response) -> Any:
    """The JSON body of a 4xx answer, in one of the two error shapes."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    if response.status_code == 422:
        assert isinstance(body["detail"], list) and body["detail"], body
        assert {"loc", "msg", "type"} <= set(body["detail"][0]), body
    else:
        assert isinstance(body["message"], str) and body["message"], body
    return body


def job(api: Api, **fields: Any) -> httpx2.Response:
    return api("POST", JOBS, json=api.team(query="print(1)", query_type="PYTHON", **fields))


@pytest.mark.parametrize("item", ODD_FILES, ids=lambda v: repr(v)[:12])
def test_odd_file_ids_are_refused(studio: Studio, api: Api, item: Any) -> None:
    assert job(api, files=[item]).status_code in (400, 422)
    refused(job(api, files=[item]))
    definition = studio.pipelines.trigger(["a"])
    response = api(
        "POST",
        SCHEDULES + "settings",
        json=api.team(pipeline_name=definition.name, files=[item], workers=3),
    )
    refused(response)
    assert studio.pipelines.get(definition.name).workers is None  # nothing changed
    assert studio.jobs.list() == []


@pytest.mark.parametrize("moment", END_OF_TIME + BEFORE_TIME)
def test_start_after_out_of_range_is_refused(studio: Studio, api: Api, moment: str) -> None:
    body = refused(job(api, start_after=moment))
    assert body["detail"][0]["loc"] == ["body", "start_after"]
    assert "range" in body["detail"][0]["msg"]
    assert "range" in body["message"]  # what the official client shows
    assert studio.jobs.list() == []
    definition = studio.pipelines.trigger(["a"])
    create = api.team(pipeline_name=definition.name, cron_expression="0 * * * *")
    refused(api("POST", SCHEDULES + "create-schedule", json={**create, "start_after": moment}))
    assert studio.schedules.list() == []


def test_the_latest_and_earliest_times_taken(studio: Studio, api: Api) -> None:
    late = job(api, start_after="9998-12-31T23:59:59.999999Z")
    assert late.status_code == 200, late.text
    early = job(api, start_after="0001-01-01T01:00:00+01:00")
    assert early.status_code == 200, early.text
    statuses = {str(j.id): j.status for j in studio.jobs.list()}
    assert statuses[late.json()["id"]] == "CREATED"  # it waits for its time: ever


@pytest.mark.parametrize("cron", ODD_CRONS, ids=lambda v: repr(v)[:12])
def test_odd_cron_expressions_are_refused(studio: Studio, api: Api, cron: str) -> None:
    refused(job(api, cron_expression=cron))
    definition = studio.pipelines.trigger(["a"])
    create = api.team(pipeline_name=definition.name, cron_expression=cron)
    refused(api("POST", SCHEDULES + "create-schedule", json=create))
    assert studio.schedules.list() == [] and studio.jobs.list() == []


@pytest.mark.parametrize(
    ("path", "params"),
    [
        (JOBS, {"limit": "²"}),
        (JOBS, {"limit": "1" * 5000}),
        (JOBS, {"limit": "0"}),
        (JOBS, {"job_id": "²"}),
        (JOBS, {"include_steps": "maybe"}),
        (SCHEDULES + "list", {"limit": "-1"}),
        (SCHEDULES + "status", {"pipeline_id": "1" * 5000}),
        (SCHEDULES + "schedule", {"schedule_id": "²"}),
        (SCHEDULES + "schedule", {"schedule_id": "9" * 5000}),
        ("/api/datachain/rbac/access-groups/²/members/", {}),
        ("/api/datachain/rbac/access-groups/" + "a" * 5000 + "/members/", {}),
    ],
)
def test_odd_query_and_path_values_are_refused(api: Api, path: str, params: dict[str, str]) -> None:
    refused(api("GET", path, params=api.team(**params)))


@pytest.mark.parametrize(
    "body",
    [
        {"schedule_id": 10**30},
        {"schedule_id": "²"},
        {"schedule_id": 1, "cron_expression": "² * * * *"},
        {"schedule_id": 1, "start_after": "9999-12-31T23:59:59Z"},
        {"schedule_id": 1, "start_after": "0001-01-01T00:00:00+01:00"},
    ],
    ids=repr,
)
def test_odd_schedule_updates_are_refused(api: Api, body: dict[str, Any]) -> None:
    refused(api("POST", SCHEDULES + "update-schedule", json=api.team(**body)))


def test_no_handler_crashed(studio_emulator: StudioEmulator, api: Api) -> None:
    for item in ODD_FILES:
        job(api, files=[item])
    for moment in END_OF_TIME + BEFORE_TIME:
        job(api, start_after=moment)
    for cron in ODD_CRONS:
        job(api, cron_expression=cron)
    assert studio_emulator.errors == [] and studio_emulator.contract_violations == []


# --- a request that fails changes nothing --------------------------------------------------


@fixed
def test_a_refused_schedule_update_keeps_the_schedule(studio: Studio, api: Api) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create("*/5 * * * *", pipeline_name=definition.name)
    for change in (
        {"start_after": "9999-12-31T23:59:59Z", "schedule_name": "later"},
        {"start_after": "0001-01-01T00:00:00+01:00", "schedule_name": "earlier"},
        {"cron_expression": "² * * * *", "schedule_name": "odd"},
        {"cron_expression": "0 0 30 2 *", "pause_pipeline": True},
    ):
        body = api.team(schedule_id=schedule.id, **change)
        refused(api("POST", SCHEDULES + "update-schedule", json=body))
        kept = studio.schedules.get(schedule.id)
        assert (kept.schedule_name, kept.cron_expression, kept.start_after, kept.next_run) == (
            schedule.schedule_name,
            "*/5 * * * *",
            None,
            schedule.next_run,
        )
    # The old next run comes due: it fires once, and requests go on working.
    clock.advance(minutes=4)
    fired = studio.schedules.get(schedule.id)
    assert fired.latest_run is not None
    assert fired.next_run == dt.datetime(2026, 5, 4, 10, 15, tzinfo=dt.UTC)
    for _ in range(3):
        assert len(studio.pipelines.list()) == 2  # the definition and one run, no more
    studio.schedules.delete(schedule.id)
    assert studio.schedules.list() == []


def test_a_refused_job_leaves_no_job(studio: Studio, api: Api) -> None:
    upload = studio.jobs.upload(b"x", filename="x.txt")
    for fields in (
        {"files": [str(upload.id)], "start_after": "0001-01-01T00:00:00+01:00"},
        {"files": [str(upload.id)], "cron_expression": "² * * * *"},
        {"files": [str(upload.id), "²"]},
        {"files": [str(upload.id)], "environment": "not a variable"},
    ):
        refused(job(api, **fields))
    assert studio.jobs.list() == []
    assert job(api, files=[str(upload.id)]).status_code == 200  # the upload is still there


# --- bodies that are not JSON as RFC 8259 has it -----------------------------------------------


def strict_json(text: str) -> Any:
    """`text` decoded as RFC 8259 JSON: NaN and the infinities are refused."""

    def refuse(name: str) -> Any:
        raise AssertionError(f"{name} in an answer: not JSON")

    return json.loads(text, parse_constant=refuse)


def json_routes() -> list[tuple[str, str, bool]]:
    """Every route that reads a JSON body: method, path (any path parameter filled in) and
    whether it answers msgpack; the approval of a sign-in, outside the contract, too."""
    routes = [
        (op.method, re.sub(r"\{[^}]+\}", "1", op.path), op.media_type != "application/json")
        for op in load_contract().operations
        if op.body_type in ("json", "optional-json")
    ]
    return [*routes, ("POST", APPROVE_PATH, False)]


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(("method", "path", "packed"), json_routes(), ids=lambda v: str(v))
def test_a_body_nested_100000_deep_is_a_4xx_on_every_route(
    studio_emulator: StudioEmulator, api: Api, method: str, path: str, packed: bool
) -> None:
    for body in (DEEP, b'{"a": ' * 101 + b"1" + b"}" * 101):
        response = api(method, path, content=body, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
        if packed:  # the storage listing answers its errors in msgpack too
            assert response.headers["content-type"] == "application/msgpack"
        else:
            answer = strict_json(response.text)
            assert isinstance(answer, dict) and answer.get("message"), answer
    assert studio_emulator.errors == []


def test_the_deepest_body_taken_is_100_levels(api: Api) -> None:
    params = {"k": 1}
    for _ in range(98):  # 100 levels with the body around them
        params = {"k": params}
    response = job(api, params=params)
    assert response.status_code != 500
    assert "nested deeper" not in response.text
    params = {"k": params}
    assert "nested deeper than 100 levels" in refused(job(api, params=params))["message"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_and_never_echoed(api: Api, constant: str) -> None:
    bodies = [
        f'{{"query": {constant}, "query_type": "PYTHON"}}',
        f'{{"query": "print(1)", "query_type": "PYTHON", "priority": {constant}}}',
        f'{{"query": "print(1)", "query_type": "PYTHON", "params": {{"x": [{constant}]}}}}',
    ]
    for body in bodies:
        response = api("POST", JOBS, content=body, headers={"Content-Type": "application/json"})
        answer = refused(response)
        strict_json(response.text)
        assert answer["detail"][0]["type"] == "json_invalid"
        assert f"{constant.lstrip('-')} is not a JSON number" in answer["message"]
    response = api(
        "POST", APPROVE_PATH, content=f'{{"user_code": {constant}}}',
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 422
    strict_json(response.text)


def test_an_answer_that_would_not_be_json_is_a_recorded_500(
    studio_emulator: StudioEmulator, api: Api
) -> None:
    studio_emulator.check_on_exit = False
    studio_emulator._app.local_routes["/_local/nan"] = lambda _: Reply(200, {"x": float("nan")})
    response = api("GET", "/_local/nan")
    assert response.status_code == 500
    assert "not JSON" in strict_json(response.text)["message"]
    assert len(studio_emulator.errors) == 1
