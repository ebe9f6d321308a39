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
    PipelineScheduleUpdateOutput,
    UpdatePipelineScheduleInput,
)

from .. import _validation as check
from .._base_client import APICall, call_from_kwargs
from .._exceptions import InvalidRequestError
from ._base import Resource, Team, given

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
            pipeline_id=given(
                None if pipeline_id is None else check.string_id(pipeline_id, "pipeline_id")
            ),
            pipeline_name=given(check.optional_text(pipeline_name, "pipeline_name")),
            schedule_name=given(check.optional_text(schedule_name, "schedule_name")),
            start_after=given(check.timestamp(start_after, "start_after")),
        )
        kwargs = create_pipeline_schedule._get_kwargs(body=body)
        return call_from_kwargs(
            kwargs, PipelineScheduleUpdateOutput, idempotent=False, unwrap="schedule"
        )

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
            schedule_name=given(check.optional_text(schedule_name, "schedule_name")),
            start_after=given(check.timestamp(start_after, "start_after")),
            cron_expression=given(check.cron(cron_expression)),
            pause_pipeline=given(check.optional_bool(pause_pipeline, "pause_pipeline")),
        )
        kwargs = update_pipeline_schedule._get_kwargs(body=body)
        return call_from_kwargs(
            kwargs, PipelineScheduleUpdateOutput, idempotent=True, unwrap="schedule"
        )

    def _delete(self, schedule_id: object, team: Team) -> APICall[None]:
        body = DeletePipelineScheduleInput(
            team_name=self._team(team), schedule_id=check.int_id(schedule_id, "schedule_id")
        )
        return call_from_kwargs(
            delete_pipeline_schedule._get_kwargs(body=body), None, idempotent=True
        )

    def _get(self, schedule_id: object, team: Team) -> APICall[PipelineScheduleOutput]:
        kwargs = get_pipeline_schedule._get_kwargs(
            team_name=self._team(team), schedule_id=check.int_id(schedule_id, "schedule_id")
        )
        return call_from_kwargs(kwargs, PipelineScheduleOutput, idempotent=True)

    def _list(self, team: Team) -> APICall[list[PipelineScheduleItem]]:
        kwargs = list_pipeline_schedules._get_kwargs(team_name=self._team(team))
        return call_from_kwargs(kwargs, list[PipelineScheduleItem], idempotent=True)
