"""Background work (due schedules, pipeline runs, job progress) cannot poison a team: an
error in it is recorded, the job, run or schedule at fault drops out of the background
work, and every request goes on working."""

from __future__ import annotations

import datetime as dt

import pytest

from datachain_studio import Studio
from datachain_studio.testing import StudioEmulator
from datachain_studio.testing._jobs import Job
from datachain_studio.testing._pipelines import Pipeline
from tests.emulator.helpers import JOBS, Api, Clock

clock = Clock()
fixed = pytest.mark.studio_emulator(clock=clock, job_step_seconds=60, check_on_exit=False)


@pytest.fixture(autouse=True)
def reset_clock() -> None:
    clock.now = dt.datetime(2026, 5, 4, 10, 7, 30, tzinfo=dt.UTC)  # a Monday


def errors(emulator: StudioEmulator) -> list[str]:
    return emulator.state.errors


def keeps_answering(api: Api) -> None:
    for path in (JOBS, "/api/datachain/pipeline/list", "/api/datachain/pipeline/schedules"):
        for _ in range(3):
            response = api("GET", path, params=api.team())
            assert response.status_code == 200, response.text


@fixed
def test_a_schedule_that_fails_to_fire_is_disabled(
    studio: Studio, studio_emulator: StudioEmulator, api: Api
) -> None:
    definition = studio.pipelines.trigger(["a"])
    schedule = studio.schedules.create("*/5 * * * *", pipeline_name=definition.name)
    other = studio.schedules.create("*/5 * * * *", pipeline_name=definition.name)
    with studio_emulator.state.lock:  # break it behind the handlers' back
        team = studio_emulator.state.teams[studio_emulator.team]
        team.schedules[schedule.id].cron_expression = "not a cron"
    clock.advance(minutes=4)
    keeps_answering(api)
    assert studio.schedules.get(schedule.id).next_run is None  # disabled
    assert studio.schedules.get(other.id).latest_run is not None  # the other one fired
    assert len(studio.pipelines.list()) == 2  # the definition and the other's one run
    (error,) = errors(studio_emulator)
    assert f"schedule {schedule.id}" in error and "disabled" in error
    # Updating it puts it back to work; deleting it works as ever.
    fixed_up = studio.schedules.update(schedule.id, cron_expression="0 * * * *")
    assert fixed_up.next_run == dt.datetime(2026, 5, 4, 11, 0, tzinfo=dt.UTC)
    studio.schedules.delete(schedule.id)
    keeps_answering(api)


@fixed
def test_a_job_that_fails_to_move_on_stops_and_the_rest_go_on(
    studio: Studio, studio_emulator: StudioEmulator, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken, fine = studio.jobs.create("print(1)"), studio.jobs.create("print(2)")
    advance = Job.advance

    def crash(self: Job, at: dt.datetime) -> None:
        if self.id == str(broken.id):
            raise RuntimeError("boom")
        advance(self, at)

    monkeypatch.setattr(Job, "advance", crash)
    clock.advance(minutes=5)
    keeps_answering(api)
    statuses = {str(job.id): job.status for job in studio.jobs.list()}
    assert statuses == {str(broken.id): "CREATED", str(fine.id): "COMPLETE"}
    assert len(errors(studio_emulator)) == 1 and "boom" in errors(studio_emulator)[0]
    studio.jobs.cancel(broken.id)  # requests on it still work
    assert studio.jobs.get(broken.id).status == "CANCELED"


@fixed
def test_a_run_that_fails_to_move_on_stops(
    studio: Studio, studio_emulator: StudioEmulator, api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = studio.pipelines.run(str(studio.pipelines.trigger(["a", "b"]).pipeline_id))

    def crash(self: Pipeline, at: dt.datetime) -> None:
        raise RuntimeError("stuck")

    monkeypatch.setattr(Pipeline, "advance", crash)
    clock.advance(minutes=5)
    keeps_answering(api)
    assert studio.pipelines.get(run.name).status == "RUNNING"
    assert len(errors(studio_emulator)) == 1 and "stuck" in errors(studio_emulator)[0]
    monkeypatch.undo()
    assert studio.pipelines.pause(run.name).status == "PAUSED"
