"""Every method of `Studio` and `AsyncStudio`, end to end against the local Studio.

One scenario per client walks the whole API the way a user would: upload a file, run a job
that uses it, follow its logs to the end, wait for it, cancel another; clusters; a pipeline
from trigger to remove-job; a schedule's life; a group with members and a rule. The
emulator checks each request and response against openapi.yaml as it goes, and the fixture
fails the test if anything broke the contract.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from datachain_studio import (
    AsyncStudio,
    InvalidRequestError,
    NotFoundError,
    PermissionDeniedError,
    Studio,
)
from datachain_studio.testing import StudioEmulator
from datachain_studio.types import JobOutput

QUERY = "import csv\nprint(sum(int(r['n']) for r in csv.DictReader(open('numbers.csv'))))\n"
FAILING = "raise SystemExit(1)\n# emulator: fail the numbers did not add up\n"


@pytest.fixture
def numbers(tmp_path: Path) -> Path:
    path = tmp_path / "numbers.csv"
    path.write_text("n\n" + "\n".join(map(str, range(1, 101))) + "\n")
    return path


def test_the_sync_client_end_to_end(
    studio: Studio, studio_emulator: StudioEmulator, numbers: Path
) -> None:
    # Jobs: upload, create with the upload, follow to the end, wait, list, get, logs.
    sent: list[int] = []
    upload = studio.jobs.upload(numbers, progress=lambda done, total: sent.append(done))
    assert (upload.filename, upload.size, upload.state) == (
        "numbers.csv",
        numbers.stat().st_size,
        "uploaded",
    )
    assert sent[-1] == upload.size
    assert studio_emulator.upload_path(upload.id).read_bytes() == numbers.read_bytes()

    job = studio.jobs.create(
        QUERY, query_name="sum.py", files=[upload], environment={"MODE": "fast"}
    )
    assert job.status == "CREATED"
    lines = list(studio.jobs.follow(job.id, poll_interval=0.02, wait_timeout=30))
    assert lines and "numbers.csv" in "\n".join(lines)
    finished = studio.jobs.wait(job.id, poll_interval=0.02, wait_timeout=30)
    assert finished.status == "COMPLETE"
    assert finished.exit_code == 0
    assert [line.message for line in studio.jobs.logs(job.id).logs] == lines
    assert studio.jobs.get(job.id, include_steps=True).steps
    assert [j.id for j in studio.jobs.list(status="COMPLETE")] == [job.id]

    failing = studio.jobs.create(FAILING, query_type="PYTHON")
    assert studio.jobs.wait(failing.id, poll_interval=0.02, wait_timeout=30).status == "FAILED"

    slow = studio.jobs.create(
        "print('slow')", start_after=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    )
    assert studio.jobs.cancel(slow.id).message
    assert studio.jobs.get(slow.id).status == "CANCELED"
    assert {j.id for j in studio.jobs.list(status="INACTIVE", limit=10)} == {
        job.id,
        failing.id,
        slow.id,
    }

    # Clusters.
    clusters = studio.clusters.list()
    assert any(c.default for c in clusters)
    assert {type(c.id) for c in clusters} == {int, str}

    # Pipelines: trigger a definition, run it, steer the run, copy it, edit it, list them.
    definition = studio.pipelines.trigger(["numbers", "@team.project.totals@v1.0.0"])
    assert definition.is_definition
    run = studio.pipelines.run(str(definition.pipeline_id))
    assert not run.is_definition
    assert studio.pipelines.get(run.name).pipeline_id == run.pipeline_id
    assert studio.pipelines.pause(run.name).status == "PAUSED"
    assert studio.pipelines.resume(pipeline_id=run.pipeline_id).status == "RUNNING"
    copy = studio.pipelines.duplicate(run.name)
    assert copy.is_definition and copy.pipeline_id != definition.pipeline_id
    last_job = copy.job_runs[-1]
    trimmed = studio.pipelines.remove_job(copy.name, job_id=str(last_job.job_id))
    assert len(trimmed.job_runs) == len(copy.job_runs) - 1
    settings = studio.pipelines.update_settings(
        copy.name, workers=2, priority=4, requirements=["pandas"]
    )
    assert (settings.workers, settings.priority) == (2, 4)
    assert {p.name for p in studio.pipelines.list(search=copy.name)} == {copy.name}
    assert run.name in {p.name for p in studio.pipelines.list(status=["RUNNING", "PAUSED"])}

    # Schedules.
    schedule = studio.schedules.create(
        "30 4 * * *", pipeline_name=definition.name, schedule_name="nightly"
    )
    assert schedule.next_run is not None and schedule.next_run.hour == 4
    assert studio.schedules.update(schedule.id, pause_pipeline=True).next_run is None
    assert studio.schedules.update(
        schedule.id, pause_pipeline=False, cron_expression="0 * * * *"
    ).next_run
    assert studio.schedules.get(schedule.id).schedule_name == "nightly"
    assert [s.id for s in studio.schedules.list()] == [schedule.id]
    assert studio.schedules.delete(schedule.id) is None
    assert studio.schedules.list() == []

    # Access groups, members and rules.
    group = studio.access_groups.create("analysts", description="people who read")
    assert studio.access_groups.update(group.id, name="readers").name == "readers"
    member = studio.access_groups.add_member(group.id, user_id=7, role="read")
    assert (
        studio.access_groups.update_member(group.id, member.user_id, role="write").role == "write"
    )
    assert [m.user_id for m in studio.access_groups.list_members(group.id)] == [7]
    rule = studio.access_rules.create(
        resource_type="namespace", resource_id="dev", permission="read", group_id=group.id
    )
    assert studio.access_rules.update(rule.id, permission="write").permission == "write"
    assert [r.id for r in studio.access_rules.list()] == [rule.id]
    assert studio.access_rules.delete(rule.id) is None
    assert studio.access_groups.remove_member(group.id, 7) is None
    assert studio.access_groups.list_members(group.id) == []
    assert [g.name for g in studio.access_groups.list()] == ["readers"]
    assert studio.access_groups.delete(group.id) is None
    with pytest.raises(NotFoundError):
        studio.access_groups.delete(group.id)


def test_the_async_client_end_to_end(
    async_studio: AsyncStudio, studio_emulator: StudioEmulator, numbers: Path
) -> None:
    async def scenario() -> None:
        studio = async_studio
        upload = await studio.jobs.upload(numbers)
        job = await studio.jobs.create(QUERY, files=[upload])
        lines = [
            line async for line in studio.jobs.follow(job.id, poll_interval=0.02, wait_timeout=30)
        ]
        assert lines
        assert (await studio.jobs.wait(job.id, poll_interval=0.02)).status == "COMPLETE"
        assert len((await studio.jobs.logs(job.id)).logs) == len(lines)
        assert (await studio.jobs.get(job.id)).id == job.id
        assert [j.id for j in await studio.jobs.list()] == [job.id]
        queued = await studio.jobs.create("print(2)", start_after="2099-01-01T00:00:00Z")
        await studio.jobs.cancel(queued.id)
        assert len(await studio.clusters.list()) >= 1

        # Independent calls at once: the client is safe to use concurrently.
        definition, other, clusters = await asyncio.gather(
            studio.pipelines.trigger(["numbers"]),
            studio.pipelines.trigger(["letters"]),
            studio.clusters.list(),
        )
        assert definition.pipeline_id != other.pipeline_id and clusters
        run = await studio.pipelines.run(str(definition.pipeline_id))
        assert (await studio.pipelines.get(pipeline_id=run.pipeline_id)).name == run.name
        await studio.pipelines.pause(run.name)
        await studio.pipelines.resume(run.name)
        copy = await studio.pipelines.duplicate(run.name)
        await studio.pipelines.remove_job(copy.name, job_id=str(copy.job_runs[0].job_id))
        await studio.pipelines.update_settings(copy.name, python_version="3.12")
        assert len(await studio.pipelines.list(limit=2)) == 2

        schedule = await studio.schedules.create(
            "0 0 * * 1", pipeline_id=str(definition.pipeline_id)
        )
        await studio.schedules.update(schedule.id, schedule_name="weekly")
        assert (await studio.schedules.get(schedule.id)).schedule_name == "weekly"
        assert len(await studio.schedules.list()) == 1
        await studio.schedules.delete(schedule.id)

        group = await studio.access_groups.create("ops")
        await studio.access_groups.update(group.id, description="on call")
        await studio.access_groups.add_member(group.id, user_id=3, role="admin")
        await studio.access_groups.update_member(group.id, 3, role="read")
        assert len(await studio.access_groups.list_members(group.id)) == 1
        rule = await studio.access_rules.create(
            resource_type="dataset", resource_id=12, permission="read", user_id=3
        )
        await studio.access_rules.update(rule.id, permission="write")
        assert len(await studio.access_rules.list()) == 1
        await studio.access_rules.delete(rule.id)
        await studio.access_groups.remove_member(group.id, 3)
        assert len(await studio.access_groups.list()) == 1
        await studio.access_groups.delete(group.id)

    asyncio.run(scenario())


def test_teams_do_not_see_each_others_jobs(numbers: Path) -> None:
    with StudioEmulator(tokens={"isat_other": "other-team"}) as emulator:
        mine = Studio(token=emulator.token, url=emulator.url, team=emulator.team)
        theirs = Studio(token="isat_other", url=emulator.url, team="other-team")
        job = mine.jobs.create("print(1)")
        assert theirs.jobs.list() == []
        with pytest.raises(NotFoundError):
            theirs.jobs.get(job.id)
        with pytest.raises(InvalidRequestError):
            theirs.jobs.get("not-a-job-id")


def test_a_read_only_token_can_read_but_not_write() -> None:
    with StudioEmulator(
        read_only_tokens=["isat_reader"], tokens={"isat_reader": "emulator"}
    ) as emulator:
        reader = Studio(token="isat_reader", url=emulator.url, team=emulator.team)
        assert reader.jobs.list() == []
        with pytest.raises(PermissionDeniedError):
            reader.jobs.create("print(1)")


def test_loose_models_are_returned_for_real_payloads(studio: Studio) -> None:
    job = studio.jobs.create("print(1)")
    assert isinstance(job, JobOutput)
    assert job.url and job.team == "emulator"
