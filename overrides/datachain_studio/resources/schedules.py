"""Pipeline schedules: cron schedules that start pipeline runs.

`create` and `update` return the schedule itself (Studio wraps it in `{"ok", "schedule"}`);
`delete` returns None.

Retry policy: `get`, `list`, `update` and `delete` are retried on any transient failure;
`create` only when Studio cannot have acted on the request.
"""

from __future__ import annotations

import datetime as dt

from datachain_studio_api.api.pipeline_schedules import (
    create_pipeline_schedule,
    delete_pipeline_schedule,
    get_pipeline_schedule,
    list_pipeline_schedules,
    update_pipeline_schedule,
)
from datachain_studio_api.models import (
    CreatePipelineScheduleInput,
    DeletePipelineScheduleInput,
    PipelineScheduleItem,
    PipelineScheduleOutput,
    UpdatePipelineScheduleInput,
)

from .. import _validation as check
from .._base_client import APICall
from .._exceptions import InvalidRequestError
from ._base import Resource, Team

Moment = dt.datetime | str | None
"""A moment: an aware `datetime`, or ISO 8601 text with a zone; None when not given."""


class _SchedulesCalls(Resource):
    def _create(
        self,
        cron_expression: object,
        pipeline_id: object,
        pipeline_name: str | None,
        schedule_name: str | None,
        start_after: Moment,
        team: Team,
    ) -> APICall[PipelineScheduleOutput]:
        check.one_of(pipeline_id=pipeline_id, pipeline_name=pipeline_name)
        if cron_expression is None:
            raise InvalidRequestError("cron_expression is required, e.g. '0 3 * * *'")
        body = CreatePipelineScheduleInput(
            team_name=self._team(team),
            cron_expression=check.cron(cron_expression) or "",
            pipeline_id=(
                None if pipeline_id is None else check.string_id(pipeline_id, "pipeline_id")
            ),
            pipeline_name=check.optional_text(pipeline_name, "pipeline_name"),
            schedule_name=check.optional_text(schedule_name, "schedule_name"),
            start_after=check.timestamp(start_after, "start_after"),
        )
        request = create_pipeline_schedule.request(body=body)
        return APICall.of(request, idempotent=False, unwrap="schedule")

    def _update(
        self,
        schedule_id: object,
        schedule_name: str | None,
        start_after: Moment,
        cron_expression: str | None,
        pause_pipeline: bool | None,
        team: Team,
    ) -> APICall[PipelineScheduleOutput]:
        body = UpdatePipelineScheduleInput(
            team_name=self._team(team),
            schedule_id=check.int_id(schedule_id, "schedule_id"),
            schedule_name=check.optional_text(schedule_name, "schedule_name"),
            start_after=check.timestamp(start_after, "start_after"),
            cron_expression=check.cron(cron_expression),
            pause_pipeline=check.optional_bool(pause_pipeline, "pause_pipeline"),
        )
        request = update_pipeline_schedule.request(body=body)
        return APICall.of(request, idempotent=True, unwrap="schedule")

    def _delete(self, schedule_id: object, team: Team) -> APICall[None]:
        body = DeletePipelineScheduleInput(
            team_name=self._team(team), schedule_id=check.int_id(schedule_id, "schedule_id")
        )
        request = delete_pipeline_schedule.request(body=body)
        return APICall.of(request, idempotent=True, read=False)

    def _get(self, schedule_id: object, team: Team) -> APICall[PipelineScheduleOutput]:
        request = get_pipeline_schedule.request(
            team_name=self._team(team), schedule_id=check.int_id(schedule_id, "schedule_id")
        )
        return APICall.of(request, idempotent=True)

    def _list(self, team: Team) -> APICall[list[PipelineScheduleItem]]:
        request = list_pipeline_schedules.request(team_name=self._team(team))
        return APICall.of(request, idempotent=True)
