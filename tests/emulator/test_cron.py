"""Cron expressions, seen through the emulator: the `next_run` of a schedule made now.

The clock stands at Monday 2026-05-04 10:07:30 UTC unless a test moves it. Schedules are made
over raw HTTP: the client checks expressions itself and would refuse some of these first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx2
import pytest

from datachain_studio import Studio
from tests.emulator.helpers import Api, Clock

clock = Clock()
fixed = pytest.mark.studio_emulator(clock=clock, job_step_seconds=None)
SCHEDULE = "/api/datachain/pipeline/create-schedule"


@pytest.fixture(autouse=True)
def reset_clock() -> None:
    clock.now = dt.datetime(2026, 5, 4, 10, 7, 30, tzinfo=dt.UTC)  # a Monday


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def create(studio: Studio, api: Api, expression: str, **fields: Any) -> httpx2.Response:
    definition = studio.pipelines.trigger(["a"])
    body = api.team(pipeline_name=definition.name, cron_expression=expression, **fields)
    return api("POST", SCHEDULE, json=body)


def next_run(studio: Studio, api: Api, expression: str, after: str) -> dt.datetime | None:
    clock.now = at(after)
    response = create(studio, api, expression)
    assert response.status_code == 200, response.text
    found = response.json()["schedule"]["next_run"]
    return None if found is None else dt.datetime.fromisoformat(found)


@fixed
@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("* * * * *", "2026-05-04 10:07:30", "2026-05-04 10:08"),
        ("* * * * *", "2026-05-04 10:07:00", "2026-05-04 10:08"),  # strictly after
        ("*/15 * * * *", "2026-05-04 10:07:30", "2026-05-04 10:15"),
        ("*/15 * * * *", "2026-05-04 10:45:00", "2026-05-04 11:00"),
        ("0 0 * * *", "2026-12-31 23:59:59", "2027-01-01 00:00"),
        ("30 2 1 JAN *", "2026-05-04 10:07:30", "2027-01-01 02:30"),
        ("0 9 * * MON-FRI", "2026-05-08 09:00:00", "2026-05-11 09:00"),  # Fri -> Mon
        ("0 9 * * 1-5", "2026-05-09 12:00:00", "2026-05-11 09:00"),
        ("0 12 * * 7", "2026-05-04 10:07:30", "2026-05-10 12:00"),  # 7 is Sunday
        ("0 12 * * 0", "2026-05-04 10:07:30", "2026-05-10 12:00"),
        ("5-10/2 * * * *", "2026-05-04 10:07:30", "2026-05-04 10:09"),
        ("5/20 * * * *", "2026-05-04 10:30:00", "2026-05-04 10:45"),  # 5,25,45
        ("0,30 8-9 * * *", "2026-05-04 09:30:00", "2026-05-05 08:00"),
        ("0 0 29 2 *", "2026-05-04 10:07:30", "2028-02-29 00:00"),
        ("0 0 31 * *", "2026-04-15 00:00:00", "2026-05-31 00:00"),
        ("@hourly", "2026-05-04 10:07:30", "2026-05-04 11:00"),
        ("@daily", "2026-05-04 10:07:30", "2026-05-05 00:00"),
        ("@weekly", "2026-05-04 10:07:30", "2026-05-10 00:00"),
        ("@monthly", "2026-05-04 10:07:30", "2026-06-01 00:00"),
        ("@yearly", "2026-05-04 10:07:30", "2027-01-01 00:00"),
        ("0 0 ? * SUN", "2026-05-04 10:07:30", "2026-05-10 00:00"),
        ("0 0 13 * 5", "2026-05-04 10:07:30", "2026-05-08 00:00"),  # the 13th OR a Friday
        ("0 0 13 * *", "2026-05-04 10:07:30", "2026-05-13 00:00"),
        ("0 0 */10 * 1", "2026-05-04 10:07:30", "2026-05-11 00:00"),  # '*...': AND
    ],
)
def test_next_run(studio: Studio, api: Api, expression: str, after: str, expected: str) -> None:
    assert next_run(studio, api, expression, after) == at(expected)


@fixed
def test_a_start_after_in_another_zone_counts_in_utc(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    paris = dt.timezone(dt.timedelta(hours=2))
    schedule = studio.schedules.create(
        "0 * * * *",
        pipeline_name=definition.name,
        start_after=dt.datetime(2026, 6, 4, 12, 30, tzinfo=paris),
    )
    assert schedule.next_run == at("2026-06-04 11:00")


@fixed
def test_whitespace_is_collapsed(studio: Studio, api: Api) -> None:
    schedule = create(studio, api, "  0   9 * *  MON ").json()["schedule"]
    assert schedule["cron_expression"] == "0 9 * * MON"
    assert schedule["next_run"] == "2026-05-11T09:00:00Z"


@fixed
def test_no_next_run_before_the_end_of_time(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create(
        "0 0 29 2 *", pipeline_name=definition.name, start_after=at("9998-06-01 00:00")
    )
    assert schedule.next_run is None


@fixed
@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * * *", "five"),
        ("* * * * * *", "five"),  # no seconds field: Studio takes five fields
        ("60 * * * *", "out of range"),
        ("* 24 * * *", "out of range"),
        ("* * 0 * *", "out of range"),
        ("* * * 13 *", "out of range"),
        ("* * * * 8", "out of range"),
        ("*/0 * * * *", "step of 0"),
        ("10-5 * * * *", "backwards"),
        ("a * * * *", "Bad minute"),
        ("* * L * *", "L, W and #"),
        ("* * * * MON#2", "L, W and #"),
        ("* * 15W * *", "L, W and #"),
        ("1,,2 * * * *", "Bad minute"),
        ("0 0 30 2 *", "impossible date"),
        ("² * * * *", "not a valid cron field"),
        ("@reboot", "five"),
        ("", "five"),
        ("1 " * 200, "at most"),
    ],
)
def test_invalid_expressions_are_refused(
    studio: Studio, api: Api, expression: str, message: str
) -> None:
    response = create(studio, api, expression)
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert studio.schedules.list() == []


@fixed
def test_a_job_cron_is_checked_the_same_way(studio: Studio, api: Api) -> None:
    response = api(
        "POST",
        "/api/datachain/jobs/",
        json=api.team(query="print(1)", query_type="PYTHON", cron_expression="² * * * *"),
    )
    assert response.status_code == 400
    assert "cron" in response.json()["message"]
    assert studio.jobs.list() == []
