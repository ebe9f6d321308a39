"""Pipelines: triggering, runs, settings, pausing and resuming, copies, listing (the
pipeline model is `_pipelines`)."""

from __future__ import annotations

from .._pipelines import Pipeline
from .base import (
    ApiError,
    Context,
    Handler,
    Reply,
    environment,
    find_pipeline,
    uploads,
)

__all__ = ["OPERATIONS"]


def trigger_pipeline(ctx: Context) -> Reply:
    datasets = [str(name).strip() for name in ctx.body["datasets"]]
    if not all(datasets):
        raise ApiError(400, "Dataset names must not be empty")
    pipeline = Pipeline.from_datasets(
        datasets,
        name=ctx.state.new_name(ctx.team),
        seq=ctx.state.next_seq(),
        at=ctx.state.now(),
        review=bool(ctx.field("review")),
    )
    ctx.team.pipelines[pipeline.pipeline_id] = pipeline
    return _pipeline_reply(pipeline)


def create_pipeline_run(ctx: Context) -> Reply:
    definition = ctx.team.pipelines.get(ctx.body["definition_id"])
    if definition is None:
        raise ApiError(404, f"Pipeline definition {ctx.body['definition_id']} not found")
    if not definition.is_definition:
        raise ApiError(400, f"Pipeline {definition.name} is a run, not a definition")
    return _pipeline_reply(ctx.state.start_run(ctx.team, definition, via="api"))


def update_pipeline_settings(ctx: Context) -> Reply:
    pipeline = find_pipeline(ctx.team, ctx.body["pipeline_name"], None)
    files = ctx.field("files")
    changes = {
        name: ctx.field(name)
        for name in ("python_version", "requirements", "repository", "workers", "priority")
    }
    if files is not None:
        changes["files"] = [upload.id for upload in uploads(ctx.team, files)]
    if ctx.field("environment") is not None:
        changes["environment_variables"] = environment(ctx.field("environment"))
    changes["credentials_names"] = ctx.field("credentials_names")
    pipeline.update_settings(changes, ctx.state.now())
    return _pipeline_reply(pipeline)


def get_pipeline(ctx: Context) -> Reply:
    pipeline = find_pipeline(ctx.team, ctx.params.get("name"), ctx.params.get("pipeline_id"))
    return Reply(200, pipeline.to_json())


def pause_pipeline(ctx: Context) -> Reply:
    pipeline = find_pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    if not pipeline.can_pause:
        if pipeline.is_definition and pipeline.status == "PENDING":
            raise ApiError(
                400,
                f"Pipeline {pipeline.name} is a definition that is not running: only running "
                "pipelines can be paused",
            )
        raise ApiError(400, f"Pipeline {pipeline.name} is {pipeline.status}: it cannot be paused")
    pipeline.pause(ctx.state.now())
    return _pipeline_reply(pipeline)


def resume_pipeline(ctx: Context) -> Reply:
    pipeline = find_pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    if pipeline.status != "PAUSED":
        raise ApiError(400, f"Pipeline {pipeline.name} is {pipeline.status}, not PAUSED")
    pipeline.resume(ctx.state.now(), ctx.state.step)
    return _pipeline_reply(pipeline)


def duplicate_pipeline(ctx: Context) -> Reply:
    source = find_pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    copy = source.copy(
        name=ctx.state.new_name(ctx.team),
        seq=ctx.state.next_seq(),
        at=ctx.state.now(),
        as_run=False,
        via="duplicate",
    )
    ctx.team.pipelines[copy.pipeline_id] = copy
    return _pipeline_reply(copy)


def remove_job_from_pipeline(ctx: Context) -> Reply:
    pipeline = find_pipeline(ctx.team, ctx.field("name"), ctx.field("pipeline_id"))
    job_id = ctx.body["job_id"]
    run = next(
        (r for r in pipeline.job_runs if job_id in (r.job_id, r.created_job_id)),
        None,
    )
    if run is None:
        raise ApiError(404, f"Pipeline {pipeline.name} has no job {job_id}")
    if pipeline.finished:
        raise ApiError(400, f"Pipeline {pipeline.name} is {pipeline.status}: it cannot change")
    pipeline.remove_job(run.job_id, ctx.state.now())
    return _pipeline_reply(pipeline)


def list_pipelines(ctx: Context) -> Reply:
    pipelines = sorted(ctx.team.pipelines.values(), key=lambda p: p.seq, reverse=True)
    # The status filter comes as repeated query parameters (the official client) or as a
    # JSON array body (the published reference renders it so); both are taken, together.
    # Case-insensitive: the CLI uppercases, other callers may not (assumed, as for jobs).
    statuses = list(ctx.params.get("status") or [])
    if isinstance(ctx.body, list):
        statuses += ctx.body
    wanted = {str(status).strip().upper() for status in statuses}
    if wanted:
        pipelines = [p for p in pipelines if p.status in wanted]
    search = ctx.params.get("search")
    if search:
        pipelines = [p for p in pipelines if search.lower() in p.name.lower()]
    limit = ctx.params.get("limit")
    return Reply(200, [p.to_json() for p in pipelines[:limit]])


def _pipeline_reply(pipeline: Pipeline) -> Reply:
    return Reply(200, {"ok": True, "pipeline": pipeline.to_json()})


OPERATIONS: dict[str, Handler] = {
    "trigger_pipeline": trigger_pipeline,
    "create_pipeline_run": create_pipeline_run,
    "update_pipeline_settings": update_pipeline_settings,
    "get_pipeline": get_pipeline,
    "pause_pipeline": pause_pipeline,
    "resume_pipeline": resume_pipeline,
    "duplicate_pipeline": duplicate_pipeline,
    "remove_job_from_pipeline": remove_job_from_pipeline,
    "list_pipelines": list_pipelines,
}
