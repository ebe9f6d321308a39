# pyright: strict
"""A user's asyncio script against `AsyncStudio`: the twin of `sync_usage.py`, awaited.

Never run by the suite; `test_typing.py` type-checks it with `mypy --strict` and pyright in
strict mode and expects no error.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import Any

from datachain_studio import (
    APIStatusError,
    AsyncStudio,
    AuthenticationError,
    DatasetExportError,
    DownloadProgress,
    NotFoundError,
    RateLimitError,
    RawResponse,
    StudioError,
    WaitTimeoutError,
)
from datachain_studio.types import (
    AccessGroupMemberOutput,
    AccessGroupOutput,
    ComputeClusterOutput,
    Dataset,
    DatasetExportStatus,
    DatasetJobVersion,
    JobLogsOutput,
    JobOutput,
    JobPipelineOutput,
    JobStatus,
    PipelineScheduleItem,
    PipelineScheduleOutput,
    PipelineStatus,
    UploadFileOutput,
)


def on_progress(sent: int, total: int | None) -> None:
    print(f"uploaded {sent} of {total if total is not None else '?'} bytes", file=sys.stderr)


def summary(job: JobOutput) -> str:
    finished: dt.datetime | None = job.finished_at
    code: int | None = job.exit_code
    environment: dict[str, Any] = job.environment or {}
    when = finished.astimezone(dt.UTC).isoformat() if finished is not None else "not yet"
    return f"{job.id} {job.status.value} exit={code} finished={when} env={sorted(environment)}"


def is_success(job: JobOutput) -> bool:
    match job.status:
        case JobStatus.COMPLETE:
            return job.exit_code in (None, 0)
        case _:
            return False


async def run_job(studio: AsyncStudio, script: Path, data: list[Path]) -> JobOutput:
    """Upload the files concurrently, run the script, stream its logs, wait for the end."""
    uploads: list[UploadFileOutput] = list(
        await asyncio.gather(*(studio.jobs.upload(path, progress=on_progress) for path in data))
    )
    job = await studio.jobs.create(
        script.read_text(),
        files=uploads,
        environment={"MODE": "fast"},
        python_version="3.12",
        start_after=dt.datetime.now(dt.UTC),
    )
    job_id: uuid.UUID = job.id
    async for line in studio.jobs.follow(job_id, wait_timeout=3600, poll_interval=0.5):
        print(line)
    logs: JobLogsOutput = await studio.jobs.logs(job_id)
    print(f"{len(logs.logs)} lines, last: {logs.logs[-1].message if logs.logs else '-'}")
    try:
        return await studio.jobs.wait(job_id, wait_timeout=60)
    except WaitTimeoutError as exc:
        print(f"still running after a minute ({exc.last!r}); cancelling", file=sys.stderr)
        feedback = await studio.jobs.cancel(job_id)
        print(feedback.message)
        return await studio.jobs.get(job_id)


async def first_lines(studio: AsyncStudio, job_id: uuid.UUID) -> list[str]:
    """A follow stopped early: closed at once, by hand or by `aclosing`."""
    lines = studio.jobs.follow(job_id)
    first = await anext(lines, "")
    await lines.aclose()
    async with contextlib.aclosing(studio.jobs.follow_events(job_id)) as events:
        async for event in events:
            return [first, str(event)]
    return [first]


async def pipelines(studio: AsyncStudio) -> JobPipelineOutput:
    definition = await studio.pipelines.trigger(["raw-images", "embeddings"])
    run = await studio.pipelines.run(definition.pipeline_id)
    while run.status in (PipelineStatus.PENDING, PipelineStatus.RUNNING):
        await asyncio.sleep(5)
        run = await studio.pipelines.get(pipeline_id=run.pipeline_id)
    failed: list[str] = [step.name for step in run.job_runs if step.status == JobStatus.FAILED]
    print(f"{run.name} {run.status.value}; failed steps: {failed}")
    recent: list[JobPipelineOutput] = await studio.pipelines.list(limit=5, search="embed")
    for pipeline in recent:
        created: dt.datetime | None = pipeline.created_at
        print(pipeline.name, created)
    return run


async def schedules(studio: AsyncStudio, pipeline: JobPipelineOutput) -> None:
    schedule: PipelineScheduleOutput = await studio.schedules.create(
        "*/15 * * * *", pipeline_name=pipeline.name, schedule_name="every-15"
    )
    latest: JobPipelineOutput | None = schedule.latest_run
    print(f"latest run: {latest.status.value if latest else 'none'}")
    await studio.schedules.update(schedule.id, schedule_name="quarter-hourly")
    listed: list[PipelineScheduleItem] = await studio.schedules.list()
    next_runs: list[dt.datetime | None] = [item.next_run for item in listed]
    print(next_runs)
    await studio.schedules.get(schedule.id)
    await studio.schedules.delete(schedule.id)


async def access(studio: AsyncStudio) -> None:
    group: AccessGroupOutput = await studio.access_groups.create("reviewers")
    await studio.access_groups.add_member(group.id, user_id=7, role="viewer")
    members: list[AccessGroupMemberOutput] = await studio.access_groups.list_members(group.id)
    emails: list[str | None] = [member.email for member in members]
    print(emails)
    groups: list[AccessGroupOutput] = await studio.access_groups.list()
    print([g.name for g in groups])
    await studio.access_groups.remove_member(group.id, 7)
    await studio.access_groups.delete(group.id)


async def datasets(studio: AsyncStudio, job: JobOutput) -> list[Path]:
    """The datasets of `sync_usage.py`, awaited."""
    found: list[Dataset] = await studio.datasets.list()
    print([d.name for d in found])
    dogs: Dataset = await studio.datasets.get("dev.animals.dogs", include_removed=True)
    print([v.version for v in dogs.versions])
    await studio.datasets.update("dev.animals.dogs", new_name="puppies")
    await studio.datasets.delete("dev.animals.puppies", version="1.0.1")
    saved: list[DatasetJobVersion] = await studio.datasets.job_versions(str(job.id))
    print(len(saved))
    export = await studio.datasets.export("dev.animals.puppies@v1.0.0")
    status: DatasetExportStatus = await studio.datasets.export_status(export.export_id)
    print(status.status)
    reports: list[DownloadProgress] = []
    try:
        return await studio.datasets.download(
            "dev.animals.puppies",
            version="1.0.0",
            to="out",
            progress=reports.append,
            poll_interval=0.5,
            status_interval=10,
        )
    except DatasetExportError as exc:
        print(f"download failed: {exc}", file=sys.stderr)
        return []


async def unmodelled(studio: AsyncStudio) -> tuple[JobOutput, bytes]:
    job: JobOutput = await studio.post("/api/datachain/jobs/", cast_to=JobOutput, body={})
    raw: bytes = await studio.get("/api/x/", cast_to=bytes, params={"a": 1})
    await studio.clusters.list(extra_query={"verbose": True})
    return job, raw


async def raw_answer(studio: AsyncStudio) -> tuple[int, str]:
    raw: RawResponse[Any] = await studio.with_raw_response.clusters.list()
    clusters: list[ComputeClusterOutput] = raw.parse()
    return raw.status_code, raw.headers.get("content-type", "") + str(len(clusters))


async def main() -> int:
    try:
        async with AsyncStudio(max_retries=5) as studio:
            jobs: list[JobOutput] = await studio.jobs.list(limit=10)
            for job in jobs:
                print(summary(job))
            job = await run_job(studio, Path("sum.py"), [Path("a.csv"), Path("b.csv")])
            print(summary(job))
            print(await datasets(studio, job))
            run = await pipelines(studio.with_options(team="research"))
            await schedules(studio, run)
            await access(studio)
            return 0 if is_success(job) else 1
    except NotFoundError as exc:
        print(f"not found ({exc.status_code}): {exc.message}", file=sys.stderr)
        return 66
    except AuthenticationError:
        print("the token was refused: run `datachain auth login`", file=sys.stderr)
        return 77
    except RateLimitError as exc:
        print(f"rate limited (request {exc.request_id})", file=sys.stderr)
        return 75
    except APIStatusError as exc:
        code: int = exc.status_code
        print(f"Studio answered {code}: {exc.message}", file=sys.stderr)
        return 69 if code >= 500 else 65
    except StudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
