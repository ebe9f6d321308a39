"""Pipelines: trigger, run, pause, resume, duplicate, remove-job, settings, status, list."""

from __future__ import annotations

import re
import time

import pytest

from datachain_studio import BadRequestError, NotFoundError, Studio
from datachain_studio.testing import StudioEmulator
from tests.emulator.helpers import Api, detail

manual = pytest.mark.studio_emulator(job_step_seconds=None)
DATASETS = ["@ns.project.raw@v1.0.0", "@ns.project.clean", "features"]


def test_trigger_makes_a_definition_from_the_datasets(studio: Studio) -> None:
    definition = studio.pipelines.trigger(DATASETS)
    assert definition.is_definition is True
    assert definition.status == "PENDING"
    assert re.fullmatch(r"[a-z]+-[a-z]+", definition.name)
    assert definition.triggered_from == DATASETS[0]
    runs = definition.job_runs
    assert [run.name for run in runs] == DATASETS
    assert [run.parent_job_ids for run in runs] == [[], [runs[0].job_id], [runs[1].job_id]]
    assert all(run.status == "PENDING" and run.created_job_id is None for run in runs)
    assert (definition.completed, definition.total) == (0, 3)
    names = {studio.pipelines.trigger(["x"]).name for _ in range(20)} | {definition.name}
    assert len(names) == 21


def test_a_run_progresses_to_completed(studio: Studio) -> None:
    definition = studio.pipelines.trigger(DATASETS)
    run = studio.pipelines.run(str(definition.pipeline_id))
    assert run.is_definition is False
    assert run.status == "RUNNING"
    assert run.pipeline_id != definition.pipeline_id and run.name != definition.name
    assert [r.status for r in run.job_runs] == ["RUNNING", "PENDING", "PENDING"]
    assert run.job_runs[0].created_job_id is not None
    deadline = time.monotonic() + 10
    while (current := studio.pipelines.get(run.name)).status != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert [r.status for r in current.job_runs] == ["COMPLETE"] * 3
    assert (current.completed, current.total) == (3, 3)
    assert studio.pipelines.get(pipeline_id=definition.pipeline_id).status == "PENDING"


def test_run_needs_a_definition(studio: Studio) -> None:
    with pytest.raises(NotFoundError):
        studio.pipelines.run("6e9f2a40-d7a4-4d2a-9d6b-6c0f4d0e8a11")
    run = studio.pipelines.run(str(studio.pipelines.trigger(["a"]).pipeline_id))
    with pytest.raises(BadRequestError, match="is a run, not a definition"):
        studio.pipelines.run(str(run.pipeline_id))


@manual
def test_pause_and_resume_a_run(studio: Studio) -> None:
    definition = studio.pipelines.trigger(DATASETS)
    run = studio.pipelines.run(str(definition.pipeline_id))
    assert studio.pipelines.pause(run.name).status == "PAUSED"
    assert studio.pipelines.get(run.name).status == "PAUSED"
    with pytest.raises(BadRequestError, match="PAUSED"):
        studio.pipelines.pause(run.name)
    assert studio.pipelines.resume(pipeline_id=run.pipeline_id).status == "RUNNING"
    with pytest.raises(BadRequestError, match="not PAUSED"):
        studio.pipelines.resume(run.name)
    with pytest.raises(BadRequestError, match="definition"):
        studio.pipelines.pause(definition.name)
    with pytest.raises(NotFoundError):
        studio.pipelines.pause("no-such-pipeline")


def test_a_paused_run_does_not_move(studio: Studio) -> None:
    run = studio.pipelines.run(str(studio.pipelines.trigger(DATASETS).pipeline_id))
    paused = studio.pipelines.pause(run.name)
    time.sleep(0.2)  # four steps' worth
    assert studio.pipelines.get(run.name).completed == paused.completed
    studio.pipelines.resume(run.name)
    deadline = time.monotonic() + 10
    while studio.pipelines.get(run.name).status != "COMPLETED":
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_duplicate_copies_into_a_new_definition(studio: Studio) -> None:
    definition = studio.pipelines.trigger(DATASETS)
    run = studio.pipelines.run(str(definition.pipeline_id))
    for source in (definition.name, run.name):
        copy = studio.pipelines.duplicate(source)
        assert copy.is_definition is True and copy.status == "PENDING"
        assert copy.name not in (definition.name, run.name)
        assert [r.name for r in copy.job_runs] == DATASETS
        assert not {r.job_id for r in copy.job_runs} & {r.job_id for r in definition.job_runs}
        assert copy.job_runs[2].parent_job_ids == [copy.job_runs[1].job_id]
        assert copy.created_via == "duplicate"


def test_remove_job_removes_it_and_what_depends_on_it(studio: Studio, api: Api) -> None:
    definition = studio.pipelines.trigger(DATASETS)
    first, second, _ = definition.job_runs
    left = studio.pipelines.remove_job(definition.name, job_id=str(second.job_id))
    assert [r.job_id for r in left.job_runs] == [first.job_id]
    assert studio.pipelines.get(definition.name).total == 1
    with pytest.raises(NotFoundError):
        studio.pipelines.remove_job(definition.name, job_id=str(second.job_id))
    response = api(
        "POST",
        "/api/datachain/pipeline/remove-job",
        json=api.team(job_id=str(first.job_id)),
    )
    assert response.status_code == 400
    assert "name or pipeline_id" in detail(response)


def test_settings_change_what_the_pipeline_runs_with(studio: Studio) -> None:
    definition = studio.pipelines.trigger(["a"])
    upload = studio.jobs.upload(b"x", filename="x.txt")
    changed = studio.pipelines.update_settings(
        definition.name,
        python_version="3.12",
        requirements=["pandas==2.0.0", "numpy"],
        workers=4,
        priority=5,
        environment={"TEST_ENV": "1"},
        files=[upload],
    )
    assert (changed.python_version, changed.workers, changed.priority) == ("3.12", 4, 5)
    assert changed.requirements == "pandas==2.0.0\nnumpy"
    assert changed.environment_variables == {"TEST_ENV": "1"}
    kept = studio.pipelines.update_settings(definition.name, repository="git@github.com:u/r.git")
    assert kept.python_version == "3.12" and kept.repository == "git@github.com:u/r.git"
    with pytest.raises(NotFoundError):
        studio.pipelines.update_settings("no-such-pipeline", workers=1)
    with pytest.raises(BadRequestError, match="upload"):
        studio.pipelines.update_settings(definition.name, files=[12345])


def test_status_by_name_or_id(studio: Studio, api: Api) -> None:
    definition = studio.pipelines.trigger(["a"])
    assert studio.pipelines.get(definition.name).pipeline_id == definition.pipeline_id
    assert studio.pipelines.get(pipeline_id=definition.pipeline_id).name == definition.name
    with pytest.raises(NotFoundError):
        studio.pipelines.get("no-such-pipeline")
    with pytest.raises(NotFoundError):
        studio.pipelines.get(pipeline_id="6e9f2a40-d7a4-4d2a-9d6b-6c0f4d0e8a11")
    response = api("GET", "/api/datachain/pipeline/status", params=api.team())
    assert response.status_code == 400


@manual
def test_list_filters_by_status_search_and_limit(studio: Studio, api: Api) -> None:
    first = studio.pipelines.trigger(["a"])
    second = studio.pipelines.trigger(["b"])
    run = studio.pipelines.run(str(first.pipeline_id))
    paused = studio.pipelines.pause(studio.pipelines.run(str(second.pipeline_id)).name)
    everything = studio.pipelines.list()
    assert [p.name for p in everything] == [paused.name, run.name, second.name, first.name]
    assert [p.name for p in studio.pipelines.list(status="RUNNING")] == [run.name]
    both = studio.pipelines.list(status=["RUNNING", "PAUSED"])
    assert [p.name for p in both] == [paused.name, run.name]
    assert [p.name for p in studio.pipelines.list(limit=1)] == [paused.name]
    assert [p.name for p in studio.pipelines.list(search=first.name.upper())] == [first.name]
    raw = api(
        "GET",
        "/api/datachain/pipeline/list",
        params=[("team_name", "emulator"), ("status", "PENDING"), ("status", "PAUSED")],
    )
    assert {p["name"] for p in raw.json()} == {first.name, second.name, paused.name}


def test_a_schedule_name_shows_on_its_pipeline(
    studio: Studio, studio_emulator: StudioEmulator
) -> None:
    definition = studio.pipelines.trigger(["a"])
    studio.schedules.create("0 * * * *", pipeline_name=definition.name, schedule_name="hourly")
    assert studio.pipelines.get(definition.name).schedule_name == "hourly"
