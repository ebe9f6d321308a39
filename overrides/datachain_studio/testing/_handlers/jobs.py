"""Jobs and their uploads: `list_jobs`, `create_job`, `get_job_logs`, `cancel_job`,
`upload_job_file` (the job model is `_jobs`)."""

from __future__ import annotations

import shutil
import uuid
from typing import Any

from .. import _when
from .._jobs import FINISHED, Job
from .._state import Team, Upload
from .base import (
    ApiError,
    Context,
    Handler,
    Reply,
    canonical,
    check_cron,
    environment,
    time_field,
    uploads,
)

__all__ = ["OPERATIONS"]


def list_jobs(ctx: Context) -> Reply:
    jobs = sorted(ctx.team.jobs.values(), key=lambda job: job.seq, reverse=True)
    # Case-insensitive: the official CLI forwards `--status` as typed ("`status` (passed
    # exactly as typed, e.g. `running`)", official-client-beyond-reference.md 9.3; its docs'
    # example is `--status complete`). The groups, as the client's docs define them (ibid.
    # 12): ACTIVE = CREATED, SCHEDULED, QUEUED, INIT, RUNNING, CANCELING_SCHEDULED,
    # CANCELING, i.e. every listed status but the finished COMPLETE, FAILED, CANCELED;
    # INACTIVE = finished (TASK counts as finished, as for the CLI). Statuses the docs do not
    # list (PROVISIONING, PENDING) count as active: they are not finished (assumed).
    status = ctx.params.get("status")
    status = status.strip().upper() if isinstance(status, str) else None
    if status == "ACTIVE":
        jobs = [job for job in jobs if job.status not in FINISHED]
    elif status == "INACTIVE":
        jobs = [job for job in jobs if job.status in FINISHED]
    elif status is not None:
        jobs = [job for job in jobs if job.status == status]
    if "job_id" in ctx.params:
        wanted = str(uuid.UUID(ctx.params["job_id"]))
        jobs = [job for job in jobs if job.id == wanted]
    steps = bool(ctx.params.get("include_steps", False))
    limit = ctx.params.get("limit", 20)
    return Reply(200, [job.to_json(ctx.base_url, include_steps=steps) for job in jobs[:limit]])


def create_job(ctx: Context) -> Reply:
    cluster = _cluster(ctx.team, ctx.field("compute_cluster_name"), ctx.field("compute_cluster_id"))
    workers = ctx.field("workers") or 1
    if workers > cluster["max_workers"]:
        raise ApiError(
            400, f"Cluster {cluster['name']} runs at most {cluster['max_workers']} workers"
        )
    rerun = ctx.field("rerun_from_job_id")
    if rerun is not None:
        rerun = _job(ctx.team, rerun).id
    cron = ctx.field("cron_expression")
    if cron is not None:
        cron = _when.normalize_cron(cron)
        check_cron(cron)
    files = [(upload.id, upload.filename) for upload in uploads(ctx.team, ctx.field("files"))]
    variables = environment(ctx.field("environment"))
    start_after = time_field(ctx, "start_after")
    job = Job(
        id=str(uuid.uuid4()),
        seq=ctx.state.next_seq(),
        team=ctx.team.name,
        created_by=ctx.user.username,
        created_at=ctx.state.now(),
        query=ctx.body["query"],
        query_type=ctx.body["query_type"],
        name=ctx.field("query_name") or "untitled",
        cluster=cluster,
        workers=workers,
        priority=ctx.field("priority"),
        python_version=ctx.field("python_version"),
        requirements=ctx.field("requirements"),
        repository=ctx.field("repository"),
        environment=variables,
        files=files,
        start_after=start_after,
        cron_expression=cron,
        credentials_name=ctx.field("credentials_name"),
        rerun_from_job_id=rerun,
    )
    if rerun is not None:
        job.run_group_id = ctx.team.jobs[rerun].run_group_id
    job.schedule(ctx.state.step)
    ctx.team.jobs[job.id] = job
    return Reply(200, job.to_json(ctx.base_url, include_steps=False))


def get_job_logs(ctx: Context) -> Reply:
    return Reply(200, _job(ctx.team, ctx.params["job_id"]).logs_json())


def cancel_job(ctx: Context) -> Reply:
    job = _job(ctx.team, ctx.params["job_id"])
    if job.finished:
        raise ApiError(
            400,
            f"Job {job.id} has already finished ({job.status}): only queued or "
            "running jobs can be canceled",
        )
    job.cancel(ctx.state.now())
    return Reply(200, {"message": "Successfully canceled"})


def upload_job_file(ctx: Context) -> Reply:
    assert ctx.form is not None
    received = ctx.form.files["file"]
    upload_id = ctx.state.next_id()
    path = ctx.state.files_dir / f"file-{upload_id}"
    shutil.move(received.path, path)
    upload = Upload(
        upload_id, received.filename, received.size, path, received.sha256, ctx.state.now()
    )
    ctx.team.uploads[upload_id] = upload
    return Reply(200, upload.to_json())


def _job(team: Team, job_id: str) -> Job:
    job = team.jobs.get(canonical(job_id, "Job"))
    if job is None:
        raise ApiError(404, f"Job {job_id} not found")
    return job


def _cluster(team: Team, name: str | None, cluster_id: int | str | None) -> dict[str, Any]:
    if name is not None and cluster_id is not None:
        raise ApiError(400, "compute_cluster_name and compute_cluster_id are mutually exclusive")
    for cluster in team.clusters:
        if name is not None and cluster["name"] == name:
            return cluster
        if cluster_id is not None and str(cluster["id"]) == str(cluster_id):
            return cluster
        if name is None and cluster_id is None and cluster["default"]:
            return cluster
    if name is None and cluster_id is None:
        return team.clusters[0]
    raise ApiError(404, f"Compute cluster {name if name is not None else cluster_id} not found")


OPERATIONS: dict[str, Handler] = {
    "list_jobs": list_jobs,
    "create_job": create_job,
    "get_job_logs": get_job_logs,
    "cancel_job": cancel_job,
    "upload_job_file": upload_job_file,
}
