"""Pipeline schedules: cron schedules that start pipeline runs.

`create` and `update` return the schedule itself (Studio wraps it in `{"ok", "schedule"}`);
`delete` returns None.

Retry policy: `get`, `list`, `update` and `delete` are retried on any transient failure;
`create` only when Studio cannot have acted on the request.
"""

from __future__ import annotations

import datetime as dt
import uuid

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
from .._base_client import APICall, Timeout
from .._exceptions import InvalidRequestError
from ._base import AsyncResource, Resource, SyncResource, Team

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


class Schedules(_SchedulesCalls, SyncResource):
    """`studio.schedules`: start pipeline runs on a cron schedule."""

    def create(
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
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

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
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def update(
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
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

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
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def delete(
        self,
        schedule_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete a schedule.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `schedule_id` is not an integer, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such schedule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        self._client._execute(
            self._delete(schedule_id, team), timeout=timeout, max_retries=max_retries
        )

    def get(
        self,
        schedule_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> PipelineScheduleOutput:
        """One schedule, with its pipeline and latest run.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

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
        return self._client._execute(
            self._get(schedule_id, team), timeout=timeout, max_retries=max_retries
        )

    def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[PipelineScheduleItem]:
        """The team's schedules.

        Args:
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

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
        return self._client._execute(self._list(team), timeout=timeout, max_retries=max_retries)


class AsyncSchedules(_SchedulesCalls, AsyncResource):
    """`AsyncStudio.schedules`: start pipeline runs on a cron schedule."""

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
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

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
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

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
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

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
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def delete(
        self,
        schedule_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> None:
        """Delete a schedule.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Raises:
            InvalidRequestError: `schedule_id` is not an integer, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such schedule).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        await self._client._execute(
            self._delete(schedule_id, team), timeout=timeout, max_retries=max_retries
        )

    async def get(
        self,
        schedule_id: int,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> PipelineScheduleOutput:
        """One schedule, with its pipeline and latest run.

        Args:
            schedule_id: The schedule's id: an integer (`PipelineScheduleOutput.id`).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

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
        return await self._client._execute(
            self._get(schedule_id, team), timeout=timeout, max_retries=max_retries
        )

    async def list(
        self, *, team: Team = None, timeout: Timeout | None = None, max_retries: int | None = None
    ) -> list[PipelineScheduleItem]:
        """The team's schedules.

        Args:
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

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
        return await self._client._execute(
            self._list(team), timeout=timeout, max_retries=max_retries
        )
