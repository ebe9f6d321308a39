# pyright: strict
"""A user's script against `Studio`, as they would write it: no casts, no isinstance checks.

It is never run by the suite (it would need a Studio): `test_typing.py` type-checks it with
`mypy --strict` and pyright in strict mode, and expects no error. Every annotation below is
what the public API promises, so a change that loosens a result type (an `Unset`, a bare
`str` where an enum is promised, an `Any` leaking out) or narrows an argument fails there.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import uuid
from pathlib import Path
from typing import Any

from datachain_studio import (
    APIStatusError,
    AuthenticationError,
    DatasetExportError,
    DownloadProgress,
    NotFoundError,
    RateLimitError,
    RawResponse,
    Studio,
    StudioError,
    WaitTimeoutError,
)
from datachain_studio.types import (
    AccessGroupMemberOutput,
    AccessGroupOutput,
    ComputeClusterOutput,
    Dataset,
    DatasetExportOutput,
    DatasetExportStatus,
    DatasetJobVersion,
    DatasetVersion,
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


def describe(job: JobOutput) -> str:
    """One line about a job, reading its fields with the types the models promise."""
    job_id: uuid.UUID = job.id
    created: dt.datetime = job.created_at
    started: dt.datetime | None = job.started_at
    finished: dt.datetime | None = job.finished_at
    code: int | None = job.exit_code
    error: str | None = job.error_message
    status: JobStatus = job.status
    environment: dict[str, Any] = job.environment or {}
    params: dict[str, Any] = job.params or {}
    metrics: dict[str, Any] = job.metrics or {}
    took = f"{(finished - started).total_seconds():.1f}s" if finished and started else "-"
    line = f"{job_id} {job.name} {status.value} created {created:%Y-%m-%d %H:%M} took {took}"
    if code is not None:
        line += f" exit {code}"
    if error is not None:
        line += f": {error}"
    line += f" ({len(environment)} env vars, {len(params)} params, {len(metrics)} metrics)"
    return line


def outcome(job: JobOutput) -> int:
    """The exit status a CI step should end with for a finished job."""
    match job.status:
        case JobStatus.COMPLETE:
            return 0
        case JobStatus.FAILED:
            return 1
        case JobStatus.CANCELED | JobStatus.CANCELING:
            return 2
        case _:
            return 3


def raw(job: JobOutput) -> dict[str, Any]:
    """What Studio sent: the JSON, the fields it set, and the keys the contract does not know."""
    data: dict[str, Any] = job.to_dict()
    present = "exit_code" in job.model_fields_set
    extra: dict[str, Any] = dict(job.model_extra or {})
    return {"json": data, "has_exit_code": present, "extra": extra}


def run_job(studio: Studio, script: Path, data: Path) -> JobOutput:
    """Upload the data, run the script on it, print its logs and return the finished job."""
    upload: UploadFileOutput = studio.jobs.upload(data, progress=on_progress)
    upload_id: int = upload.id
    print(f"uploaded {upload.filename} ({upload.size} bytes) as {upload_id}")
    job = studio.jobs.create(
        script.read_text(),
        files=[upload],
        environment={"MODE": "fast", "ROWS": 1000},
        requirements=["pandas>=2"],
        priority=3,
        query_name=script.name,
        timeout=30,
    )
    if job.url:
        print(f"created {job.url}")
    for line in studio.jobs.follow(job.id, wait_timeout=3600):
        print(line)
    logs = studio.jobs.logs(job.id)
    messages: list[str] = [entry.message for entry in logs.logs]
    print(f"{len(messages)} log lines")
    return studio.jobs.wait(job.id, wait_timeout=600, poll_interval=1.0)


def first_lines(studio: Studio, job_id: uuid.UUID) -> list[str]:
    """A follow stopped early: closed at once, by hand or by `closing`."""
    lines = studio.jobs.follow(job_id)
    first = next(lines, "")
    lines.close()
    with contextlib.closing(studio.jobs.follow_events(job_id)) as events:
        for event in events:
            return [first, str(event)]
    return [first]


def recent_failures(studio: Studio) -> list[JobOutput]:
    jobs: list[JobOutput] = studio.jobs.list(limit=50, status=JobStatus.FAILED)
    return [job for job in jobs if job.status == JobStatus.FAILED and job.exit_code != 0]


def pipelines(studio: Studio) -> None:
    definition: JobPipelineOutput = studio.pipelines.trigger(["embeddings"], review=False)
    run = studio.pipelines.run(definition.pipeline_id)
    run = studio.pipelines.get(pipeline_id=run.pipeline_id)
    completed: int | None = run.completed
    total: int | None = run.total
    print(f"{run.name}: {run.status.value} {completed}/{total}")
    for step in run.job_runs:
        waits_for: list[uuid.UUID] = step.parent_job_ids
        step_status: JobStatus = step.status
        print(f"  {step.name} {step_status.value} after {len(waits_for)} jobs")
    match run.status:
        case PipelineStatus.RUNNING | PipelineStatus.PENDING:
            studio.pipelines.pause(run.name)
        case PipelineStatus.PAUSED:
            studio.pipelines.resume(pipeline_id=run.pipeline_id)
        case _:
            pass
    if run.job_runs:
        studio.pipelines.remove_job(run.name, job_id=run.job_runs[-1].job_id)
    copy = studio.pipelines.duplicate(run.name)
    studio.pipelines.update_settings(
        copy.name, workers=2, environment={"MODE": "slow"}, requirements="numpy\n"
    )
    running: list[JobPipelineOutput] = studio.pipelines.list(
        status=[PipelineStatus.RUNNING, PipelineStatus.PAUSED], limit=20
    )
    print(", ".join(pipeline.name for pipeline in running))


def schedules(studio: Studio, pipeline: JobPipelineOutput) -> None:
    schedule: PipelineScheduleOutput = studio.schedules.create(
        "0 3 * * *",
        pipeline_id=pipeline.pipeline_id,
        schedule_name="nightly",
        start_after=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
    )
    schedule_id: int = schedule.id
    next_run: dt.datetime | None = schedule.next_run
    latest: JobPipelineOutput | None = schedule.latest_run
    print(f"{schedule.schedule_name} next at {next_run}, last run {latest.name if latest else '-'}")
    schedule = studio.schedules.update(
        schedule_id, pause_pipeline=True, cron_expression="0 4 * * *"
    )
    schedule = studio.schedules.get(schedule.id)
    items: list[PipelineScheduleItem] = studio.schedules.list()
    for item in items:
        print(f"{item.id} {item.schedule_name} {item.cron_expression}")
    studio.schedules.delete(schedule.id)


def access(studio: Studio) -> None:
    group: AccessGroupOutput = studio.access_groups.create("analysts", description="Read only")
    group_id: uuid.UUID = group.id
    count: int | None = group.member_count
    print(f"{group.name}: {count} members")
    member: AccessGroupMemberOutput = studio.access_groups.add_member(
        group_id, user_id=42, role="viewer"
    )
    studio.access_groups.update_member(group_id, member.user_id, role="editor")
    members: list[AccessGroupMemberOutput] = studio.access_groups.list_members(group_id)
    usernames: list[str | None] = [m.username for m in members]
    print(usernames)
    studio.access_groups.update(group_id, name="data-analysts")
    for other in studio.access_groups.list():
        print(other.name, other.description)
    studio.access_groups.remove_member(group_id, member.user_id)
    studio.access_groups.delete(group_id)


def datasets(studio: Studio, job: JobOutput) -> list[Path]:
    """List, inspect, edit, export and download datasets."""
    found: list[Dataset] = studio.datasets.list(prefix="do", include_removed=False)
    for dataset in found:
        namespace: str = dataset.project.namespace.name
        versions: list[DatasetVersion] = dataset.versions
        rows: list[int | None] = [version.num_objects for version in versions]
        print(f"{namespace}.{dataset.project.name}.{dataset.name}", rows, dataset.attrs or [])
    dogs: Dataset = studio.datasets.get("dogs", namespace="dev", project="animals")
    created: dt.datetime | None = dogs.versions[0].created_at if dogs.versions else None
    print(created, dogs.description)
    studio.datasets.update("dev.animals.dogs", description="Dogs", attrs=["a", "b=c"])
    studio.datasets.delete("dev.animals.dogs@v1.0.1", force=False, max_retries=0)
    saved: list[DatasetJobVersion] = studio.datasets.job_versions(job.id)
    print([f"{v.dataset_name}@v{v.version}" for v in saved])
    export: DatasetExportOutput = studio.datasets.export("dev.animals.dogs", version="1.0.0")
    export_id: int = export.export_id
    urls: list[str] = export.signed_urls
    status: DatasetExportStatus = studio.datasets.export_status(export_id, timeout=10)
    print(urls, status.status, status.files_done, status.num_files)

    def report(progress: DownloadProgress) -> None:
        done: int = progress.chunks_done
        written: int = progress.bytes_written
        print(f"{done}/{progress.chunks_total} chunks, {written} bytes", file=sys.stderr)

    try:
        return studio.datasets.download(
            "dev.animals.dogs@v1.0.0", to=Path("out"), progress=report, wait_timeout=600
        )
    except DatasetExportError as exc:
        ended: str | None = exc.status
        print(f"export {exc.export_id} ended: {ended}, chunk {exc.chunk}", file=sys.stderr)
        return []


def clusters(studio: Studio) -> ComputeClusterOutput | None:
    for cluster in studio.clusters.list():
        if cluster.default:
            return cluster
    return None


def unmodelled(studio: Studio) -> tuple[list[ComputeClusterOutput], dict[str, Any], bytes]:
    custom = studio.with_options(default_headers={"X-Trace": "1"})
    listed: list[ComputeClusterOutput] = custom.get(
        "/api/datachain/clusters/", cast_to=list[ComputeClusterOutput]
    )
    made: dict[str, Any] = custom.post("/api/x/", cast_to=dict[str, Any], body={"a": 1})
    raw: bytes = custom.delete("/api/x/1", cast_to=bytes, extra_headers={"X-Why": "test"})
    studio.jobs.cancel("497f6eca-6276-4993-bfeb-53cbbbba6f08", extra_body={"reason": "r"})
    return listed, made, raw


def raw_answer(studio: Studio, job_id: str) -> tuple[int, str | None, str]:
    raw: RawResponse[Any] = studio.with_raw_response.jobs.get(job_id)
    job: JobOutput = raw.parse()
    return raw.status_code, raw.request_id, f"{raw.http_request.url} {job.id}"


def main() -> int:
    try:
        with Studio(timeout=30, max_retries=3) as studio:
            print(f"{studio.url} team {studio.team}")
            for job in recent_failures(studio):
                print(describe(job), raw(job)["extra"])
            job = run_job(studio, Path("sum.py"), Path("numbers.csv"))
            print(describe(job))
            other_team = studio.with_options(team="research", timeout=10)
            pipelines(other_team)
            schedules(studio, studio.pipelines.get("nightly-embeddings"))
            access(studio)
            print(datasets(studio, job))
            default = clusters(studio)
            print(f"default cluster: {default.name if default else 'none'}")
            return outcome(job)
    except NotFoundError as exc:
        print(f"not found: {exc.message}", file=sys.stderr)
        return 66
    except AuthenticationError as exc:
        print(f"check DATACHAIN_STUDIO_TOKEN: {exc}", file=sys.stderr)
        return 77
    except RateLimitError as exc:
        retry_after: str | None = exc.response.headers.get("retry-after")
        print(f"rate limited, retry after {retry_after or '?'}s", file=sys.stderr)
        return 75
    except APIStatusError as exc:
        status: int = exc.status_code
        request_id: str | None = exc.request_id
        body: object = exc.body
        print(f"Studio answered {status} (request {request_id}): {body!r}", file=sys.stderr)
        return 69
    except WaitTimeoutError as exc:
        last: object = exc.last
        print(f"gave up waiting; last seen: {last!r}", file=sys.stderr)
        return 75
    except StudioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
