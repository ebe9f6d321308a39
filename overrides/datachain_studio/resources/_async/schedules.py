"""`studio.schedules`: start pipeline runs on a cron schedule."""

from __future__ import annotations

import uuid

from datachain_studio_api.models import (
    PipelineScheduleItem,
    PipelineScheduleOutput,
)

from ..._base_client import Timeout
from .._base import RETRIES_ONCE, AsyncResource, Body, Headers, Query, Team, shared_args
from ..schedules import Moment, _SchedulesCalls


class AsyncSchedules(_SchedulesCalls, AsyncResource):
    """`AsyncStudio.schedules`: start pipeline runs on a cron schedule."""

    @shared_args(max_retries=RETRIES_ONCE)
    async def create(
        self,
        cron_expression: str,
        *,
        pipeline_id: str | uuid.UUID | None = None,
        pipeline_name: str | None = None,
        schedule_name: str | None = None,
        start_after: Moment = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> PipelineScheduleOutput:
        """Schedule runs of a pipeline (`pipeline_id` or `pipeline_name`) on a cron expression.

        Args:
            cron_expression: When to start runs: five cron fields, minute hour day month
                weekday (`"0 3 * * *"`: every day at 03:00); runs of spaces are sent as one.
            pipeline_id: The pipeline to run, by id: a `uuid.UUID` or non-empty text. Give
                it or `pipeline_name`, not both.
            pipeline_name: The pipeline to run, by name. Give it or `pipeline_id`, not both.
            schedule_name: A name for the schedule; None leaves it to Studio.
            start_after: No run starts before this moment: an aware `datetime`, or ISO 8601
                text with a zone (`"2030-01-15T14:30:00Z"`); a time without a zone is
                refused rather than guessed. None sends nothing.

        Returns:
            The new schedule, as a `PipelineScheduleOutput`.

        Raises:
            InvalidRequestError: `cron_expression` is missing or not five cron fields,
                neither or both of `pipeline_id` and `pipeline_name` are given, a name is
                not text, `start_after` is not a date-time with a zone, or `team`, `timeout`
                or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._create(
            cron_expression, pipeline_id, pipeline_name, schedule_name, start_after, team
        )
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    async def update(
        self,
        schedule_id: int,
        *,
        schedule_name: str | None = None,
        start_after: Moment = None,
        cron_expression: str | None = None,
        pause_pipeline: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> PipelineScheduleOutput:
        """Change a schedule (`pause_pipeline=True` pauses it); what is left out stays.

        Every argument after `schedule_id` defaults to None, which sends nothing for it:
        Studio keeps its value.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).
            schedule_name: The schedule's new name.
            start_after: No run starts before this moment: an aware `datetime`, or ISO 8601
                text with a zone (`"2030-01-15T14:30:00Z"`); a time without a zone is
                refused rather than guessed. None sends nothing.
            cron_expression: The new cron expression: five fields, minute hour day month
                weekday.
            pause_pipeline: True pauses the schedule (no more runs start), False resumes
                it.

        Returns:
            The schedule as it is now, as a `PipelineScheduleOutput`.

        Raises:
            InvalidRequestError: `schedule_id` is not an integer, `cron_expression` is not
                five cron fields, `start_after` is not a date-time with a zone,
                `pause_pipeline` is not a bool, or `team`, `timeout` or `max_retries` is
                invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such schedule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update(
            schedule_id, schedule_name, start_after, cron_expression, pause_pipeline, team
        )
        return await self._api.execute(
            call,
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    async def delete(
        self,
        schedule_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> None:
        """Delete a schedule.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).

        Raises:
            InvalidRequestError: `schedule_id` is not an integer, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such schedule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._api.execute(
            self._delete(schedule_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    async def get(
        self,
        schedule_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> PipelineScheduleOutput:
        """One schedule, with its pipeline and latest run.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).

        Returns:
            The schedule, as a `PipelineScheduleOutput` (`pipeline` and `latest_run` None when
                Studio sends none).

        Raises:
            InvalidRequestError: `schedule_id` is not an integer, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such schedule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._api.execute(
            self._get(schedule_id, team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )

    @shared_args()
    async def list(
        self,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
        extra_headers: Headers = None,
        extra_query: Query = None,
        extra_body: Body = None,
    ) -> list[PipelineScheduleItem]:
        """The team's schedules.

        Returns:
            The schedules, as `PipelineScheduleItem`s (without their pipelines and runs: `get`
                has those).

        Raises:
            InvalidRequestError: `team`, `timeout` or `max_retries` is invalid (nothing was
                sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._api.execute(
            self._list(team),
            timeout=timeout,
            max_retries=max_retries,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
        )
