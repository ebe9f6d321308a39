"""Pipeline schedules, on a clock that moves only when the test says so."""

from __future__ import annotations

import datetime as dt

import pytest

from datachain_studio import BadRequestError, NotFoundError, Studio
from tests.emulator.helpers import Api, Clock, detail

clock = Clock()
fixed = pytest.mark.studio_emulator(clock=clock, job_step_seconds=60)


@pytest.fixture(autouse=True)
def reset_clock() -> None:
    clock.now = dt.datetime(2026, 5, 4, 10, 7, 30, tzinfo=dt.UTC)  # a Monday


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@fixed
@pytest.mark.parametrize(
    ("cron", "start_after", "next_run"),
    [
        ("*/15 * * * *", None, "2026-05-04 10:15"),
        ("0 0 * * *", None, "2026-05-05 00:00"),
        ("0 9 * * MON", "2026-06-01 00:00", "2026-06-01 09:00"),
        ("0 9 * * MON", "2026-06-01 09:00", "2026-06-08 09:00"),  # strictly after start_after
        ("30 6 1 * *", "2026-01-01 00:00", "2026-06-01 06:30"),  # start_after in the past
    ],
)
def test_next_run_follows_the_cron_expression_and_start_after(
    studio: Studio, cron: str, start_after: str | None, next_run: str
) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create(
        cron,
        pipeline_name=definition.name,
        start_after=None if start_after is None else utc(start_after),
    )
    assert schedule.next_run == utc(next_run)
    assert schedule.cron_expression == cron
    assert studio.schedules.get(schedule.id).next_run == utc(next_run)


@fixed
def test_create_get_list_and_delete(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    first = studio.schedules.create("0 * * * *", pipeline_id=str(definition.pipeline_id))
    second = studio.schedules.create(
        "0 0 * * *", pipeline_name=definition.name, schedule_name="nightly"
    )
    assert first.schedule_name == f"{definition.name}-schedule"
    assert first.created_by.username == "user1"
    assert first.pipeline.pipeline_id == definition.pipeline_id
    assert first.latest_run is None
    assert isinstance(first.id, int) and second.id != first.id
    assert [s.schedule_name for s in studio.schedules.list()] == [first.schedule_name, "nightly"]
    assert studio.schedules.get(second.id).pipeline.name == definition.name
    assert studio.schedules.delete(second.id) is None
    with pytest.raises(NotFoundError):
        studio.schedules.get(second.id)
    with pytest.raises(NotFoundError):
        studio.schedules.delete(second.id)
    assert [s.id for s in studio.schedules.list()] == [first.id]


def test_create_needs_a_known_pipeline_and_a_valid_expression(studio: Studio, api: Api) -> None:
    with pytest.raises(NotFoundError):
        studio.schedules.create("0 * * * *", pipeline_name="no-such-pipeline")
    with pytest.raises(NotFoundError):
        studio.schedules.create("0 * * * *", pipeline_id="42")
    definition = studio.pipelines.trigger(["a"])
    with pytest.raises(BadRequestError, match="out of range"):
        studio.schedules.create("0 25 * * *", pipeline_name=definition.name)
    response = api(
        "POST",
        "/api/datachain/pipeline/create-schedule",
        json=api.team(cron_expression="0 * * * *"),
    )
    assert response.status_code == 400
    assert "pipeline_id or pipeline_name" in detail(response)


@fixed
def test_update_pauses_renames_and_reschedules(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create("0 * * * *", pipeline_name=definition.name)
    paused = studio.schedules.update(schedule.id, pause_pipeline=True)
    assert paused.next_run is None
    assert studio.schedules.list()[0].next_run is None
    resumed = studio.schedules.update(schedule.id, pause_pipeline=False)
    assert resumed.next_run == utc("2026-05-04 11:00")
    changed = studio.schedules.update(
        schedule.id, cron_expression="0 12 * * *", schedule_name="noon"
    )
    assert (changed.schedule_name, changed.cron_expression) == ("noon", "0 12 * * *")
    assert changed.next_run == utc("2026-05-04 12:00")
    later = studio.schedules.update(schedule.id, start_after=utc("2026-07-01 00:00"))
    assert later.next_run == utc("2026-07-01 12:00")
    assert later.cron_expression == "0 12 * * *"  # what was left out stays
    with pytest.raises(NotFoundError):
        studio.schedules.update(9999, pause_pipeline=True)
    with pytest.raises(BadRequestError):
        studio.schedules.update(schedule.id, cron_expression="0 0 * * 9")


@fixed
def test_a_due_schedule_starts_a_run(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a", "b"])
    schedule = studio.schedules.create("*/5 * * * *", pipeline_name=definition.name)
    assert schedule.next_run == utc("2026-05-04 10:10")
    clock.advance(minutes=2)  # 10:09:30
    assert studio.schedules.get(schedule.id).latest_run is None
    clock.advance(minutes=2)  # 10:11:30
    fired = studio.schedules.get(schedule.id)
    assert fired.next_run == utc("2026-05-04 10:15")
    run = fired.latest_run
    assert run is not None and run.is_definition is False and run.status == "RUNNING"
    assert run.created_via == "schedule" and run.schedule_name == schedule.schedule_name
    clock.advance(minutes=2)  # two steps of 60 s: both jobs complete
    assert studio.pipelines.get(run.name).status == "COMPLETED"


@fixed
def test_a_paused_schedule_does_not_fire(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create("* * * * *", pipeline_name=definition.name)
    studio.schedules.update(schedule.id, pause_pipeline=True)
    clock.advance(hours=1)
    assert studio.schedules.get(schedule.id).latest_run is None
    assert [p.name for p in studio.pipelines.list()] == [definition.name]
