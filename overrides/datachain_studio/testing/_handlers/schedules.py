"""Pipeline schedules: create, update, delete, get, list (a schedule starts runs when the
emulator's clock passes its `next_run`: `State.catch_up`)."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import _when
from .._state import Schedule, Team
from .base import ApiError, Context, Handler, Reply, check_cron, find_pipeline, time_field

__all__ = ["OPERATIONS"]


def create_pipeline_schedule(ctx: Context) -> Reply:
    pipeline_id, name = ctx.field("pipeline_id"), ctx.field("pipeline_name")
    if pipeline_id is None and name is None:
        raise ApiError(400, "Name the pipeline by pipeline_id or pipeline_name")
    pipeline = find_pipeline(ctx.team, name, pipeline_id)
    expression = _when.normalize_cron(ctx.body["cron_expression"])
    check_cron(expression)
    start_after = time_field(ctx, "start_after")
    now = ctx.state.now()
    schedule = Schedule(
        id=0,
        name=ctx.field("schedule_name") or f"{pipeline.name}-schedule",
        pipeline_id=pipeline.pipeline_id,
        cron_expression=expression,
        start_after=start_after,
        created_at=now,
        updated_at=now,
        created_by=ctx.user,
    )
    schedule.plan(now)
    schedule.id = ctx.state.next_id()
    pipeline.schedule_name = schedule.name
    ctx.team.schedules[schedule.id] = schedule
    return Reply(200, {"ok": True, "schedule": _schedule_json(ctx.team, schedule)})


def update_pipeline_schedule(ctx: Context) -> Reply:
    schedule = _schedule(ctx.team, ctx.body["schedule_id"])
    # Work on a copy; only once all of it holds does it replace the schedule.
    changed = dataclasses.replace(schedule)
    if ctx.field("cron_expression") is not None:
        changed.cron_expression = _when.normalize_cron(ctx.field("cron_expression"))
        check_cron(changed.cron_expression)
    if ctx.field("schedule_name") is not None:
        changed.name = ctx.field("schedule_name")
    if ctx.field("start_after") is not None:
        changed.start_after = time_field(ctx, "start_after")
    if ctx.field("pause_pipeline") is not None:
        changed.paused = bool(ctx.field("pause_pipeline"))
    now = ctx.state.now()
    changed.updated_at = now
    changed.plan(now)
    ctx.team.schedules[schedule.id] = schedule = changed
    return Reply(200, {"ok": True, "schedule": _schedule_json(ctx.team, schedule)})


def delete_pipeline_schedule(ctx: Context) -> Reply:
    schedule = _schedule(ctx.team, ctx.body["schedule_id"])
    del ctx.team.schedules[schedule.id]
    pipeline = ctx.team.pipelines.get(schedule.pipeline_id)
    if pipeline is not None and pipeline.schedule_name == schedule.name:
        pipeline.schedule_name = None
    return Reply(200, {"ok": True})


def get_pipeline_schedule(ctx: Context) -> Reply:
    return Reply(200, _schedule_json(ctx.team, _schedule(ctx.team, ctx.params["schedule_id"])))


def list_pipeline_schedules(ctx: Context) -> Reply:
    return Reply(200, [s.item_json() for s in sorted(ctx.team.schedules.values(), key=_by_id)])


def _by_id(schedule: Schedule) -> int:
    return schedule.id


def _schedule(team: Team, schedule_id: int) -> Schedule:
    schedule = team.schedules.get(schedule_id)
    if schedule is None:
        raise ApiError(404, f"Schedule {schedule_id} not found")
    return schedule


def _schedule_json(team: Team, schedule: Schedule) -> dict[str, Any]:
    pipeline = team.pipelines.get(schedule.pipeline_id)
    latest = team.pipelines.get(schedule.latest_run_id or "")
    return {
        **schedule.item_json(),
        "pipeline": pipeline.to_json() if pipeline else None,
        "latest_run": latest.to_json() if latest else None,
    }


OPERATIONS: dict[str, Handler] = {
    "create_pipeline_schedule": create_pipeline_schedule,
    "update_pipeline_schedule": update_pipeline_schedule,
    "delete_pipeline_schedule": delete_pipeline_schedule,
    "get_pipeline_schedule": get_pipeline_schedule,
    "list_pipeline_schedules": list_pipeline_schedules,
}
