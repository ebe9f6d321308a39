"""Pipelines: definitions built from datasets, their runs, and their settings.

A pipeline is named by its `name` or by `pipeline_id`. Methods that Studio answers with
`{"ok": true, "pipeline": {...}}` return the pipeline itself.

Retry policy: `get`, `list`, `update_settings`, `pause`, `resume` and `remove_job` are
retried on any transient failure; `trigger`, `run` and `duplicate` create something and are
retried only when Studio cannot have acted on the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from datachain_studio_api.api.pipelines import (
    create_pipeline_run,
    duplicate_pipeline,
    get_pipeline,
    list_pipelines,
    pause_pipeline,
    remove_job_from_pipeline,
    resume_pipeline,
    trigger_pipeline,
    update_pipeline_settings,
)
from datachain_studio_api.models import (
    CreatePipelineRunInput,
    JobPipelineOutput,
    PipelineInput,
    PipelineStatus,
    RemoveJobFromPipelineInput,
    TriggerPipelineInput,
    UpdatePipelineSettingsInput,
    UploadFileOutput,
)

from .. import _validation as check
from .._base_client import APICall, Timeout
from .._exceptions import InvalidRequestError
from ._base import AsyncResource, Resource, SyncResource, Team

_Pipeline = APICall[JobPipelineOutput]

PipelineId: TypeAlias = str | uuid.UUID
"""A pipeline's id: a `uuid.UUID` (as `JobPipelineOutput.pipeline_id` is) or its text."""
JobId: TypeAlias = str | uuid.UUID
"""A job's id: a `uuid.UUID` (as `JobOutput.id` is) or its text."""
StatusFilter: TypeAlias = PipelineStatus | str
"""A pipeline status to filter by: a `PipelineStatus`, or its name in any case."""


class _PipelinesCalls(Resource):
    def _post(self, module: Any, body: Any, *, idempotent: bool) -> _Pipeline:
        request = module.request(body=body)
        return APICall.of(request, idempotent=idempotent, unwrap="pipeline")

    def _named(self, name: object, pipeline_id: object, team: Team) -> PipelineInput:
        checked_name, checked_id = check.name_or_id(name, pipeline_id)
        return PipelineInput(team_name=self._team(team), name=checked_name, pipeline_id=checked_id)

    def _trigger(self, datasets: Iterable[str], review: bool | None, team: Team) -> _Pipeline:
        names = [datasets] if isinstance(datasets, str) else check.strings(datasets, "datasets")
        if not names or not all(name.strip() for name in names):
            raise InvalidRequestError("datasets must be one or more dataset names")
        body = TriggerPipelineInput(
            datasets=names,
            team_name=self._team(team),
            review=check.optional_bool(review, "review"),
        )
        return self._post(trigger_pipeline, body, idempotent=False)

    def _run(self, definition_id: object, team: Team) -> _Pipeline:
        if isinstance(definition_id, str) and not _is_uuid(definition_id):
            raise InvalidRequestError(
                f"definition_id must be the definition's pipeline_id (a UUID), got "
                f"{definition_id!r}: run does not take a name. Get the id with "
                f"studio.pipelines.get({definition_id!r}).pipeline_id, or from the "
                "definition pipelines.trigger(...) returned."
            )
        body = CreatePipelineRunInput(
            team_name=self._team(team),
            definition_id=str(check.uuid_id(definition_id, "definition_id")),
        )
        return self._post(create_pipeline_run, body, idempotent=False)

    def _update_settings(
        self, pipeline_name: str, team: Team, settings: dict[str, Any]
    ) -> _Pipeline:
        body = UpdatePipelineSettingsInput(
            team_name=self._team(team),
            pipeline_name=_pipeline_name(pipeline_name),
            python_version=check.optional_text(settings["python_version"], "python_version"),
            requirements=check.lines(settings["requirements"], "requirements"),
            repository=check.optional_text(settings["repository"], "repository"),
            workers=check.in_range(settings["workers"], "workers", 1),
            priority=check.in_range(settings["priority"], "priority", 0, 5),
            environment=check.environment(settings["environment"]),
            files=check.file_ids(settings["files"]),
            credentials_names=(
                None
                if settings["credentials_names"] is None
                else check.strings(settings["credentials_names"], "credentials_names")
            ),
        )
        return self._post(update_pipeline_settings, body, idempotent=True)

    def _get(self, name: object, pipeline_id: object, team: Team) -> _Pipeline:
        checked_name, checked_id = check.name_or_id(name, pipeline_id)
        request = get_pipeline.request(
            team_name=self._team(team), name=checked_name, pipeline_id=checked_id
        )
        return APICall.of(request, idempotent=True)

    def _remove_job(
        self, name: object, pipeline_id: object, job_id: object, team: Team
    ) -> _Pipeline:
        checked_name, checked_id = check.name_or_id(name, pipeline_id)
        body = RemoveJobFromPipelineInput(
            team_name=self._team(team),
            name=checked_name,
            pipeline_id=checked_id,
            job_id=check.string_id(job_id, "job_id"),
        )
        return self._post(remove_job_from_pipeline, body, idempotent=True)

    def _list(
        self, status: object, limit: int | None, search: str | None, team: Team
    ) -> APICall[list[JobPipelineOutput]]:
        statuses = None
        if status is not None:
            given_statuses = [status] if isinstance(status, str) else _iterable(status)
            if not given_statuses:
                raise InvalidRequestError("status must name at least one pipeline status")
            statuses = [check.status_filter(s, "status", PipelineStatus) for s in given_statuses]
        request = list_pipelines.request(
            team_name=self._team(team),
            status=statuses,
            limit=check.in_range(limit, "limit", 1),
            search=check.optional_text(search, "search"),
        )
        return APICall.of(request, idempotent=True)


def _pipeline_name(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidRequestError(
            f"pipeline_name must be the pipeline's name (a string), got {value!r}: for an id, "
            "get the name with studio.pipelines.get(pipeline_id=...).name"
        )
    return check.text_id(value, "pipeline_name")


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text.strip())
    except ValueError:
        return False
    return True


def _iterable(value: object) -> list[object]:
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise InvalidRequestError(
            f"status must be a pipeline status or a list of them, got {value!r}"
        )
    return list(value)


class Pipelines(_PipelinesCalls, SyncResource):
    """`studio.pipelines`: build, run and steer pipelines."""

    def trigger(
        self,
        datasets: Iterable[str],
        *,
        review: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Create a pipeline definition from the dependencies of `datasets` (does not run it).

        Studio builds the definition's graph of jobs after answering; start a run of it with
        `run(definition.pipeline_id)`, or, with `review=True`, with `resume`.

        Args:
            datasets: The datasets to build the pipeline for: one name, or an iterable of
                names (at least one, none blank). Each is `name`, `name@vX.Y.Z`,
                `@namespace.project.name` or `@namespace.project.name@vX.Y.Z`.
            review: True: make the pipeline `PAUSED`, waiting for review, so that `resume`
                starts it (what the official CLI's `pipeline create` sends); None (the
                default) leaves it to Studio.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new definition, as a `JobPipelineOutput`; its `pipeline_id` is what `run` takes.

        Raises:
            InvalidRequestError: `datasets` is empty or holds a blank name or a non-string,
                `review` is not a bool, or `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(
            self._trigger(datasets, review, team), timeout=timeout, max_retries=max_retries
        )

    def run(
        self,
        definition_id: PipelineId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Start a run of a pipeline definition, named by its `pipeline_id` (a UUID).

        A name is refused (`InvalidRequestError`) rather than looked up: resolving it would
        be a second request, and a name can be shared by a definition and its runs. Pass
        `studio.pipelines.get(name).pipeline_id`, or the `pipeline_id` of the definition
        `trigger` returned.

        Args:
            definition_id: The definition's `pipeline_id`: a `uuid.UUID` or its text (not
                a name).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The run that was started, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: `definition_id` is not a UUID (a name, say), or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such definition).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(
            self._run(definition_id, team), timeout=timeout, max_retries=max_retries
        )

    def update_settings(
        self,
        pipeline_name: str,
        *,
        python_version: str | None = None,
        requirements: str | Iterable[str] | None = None,
        repository: str | None = None,
        workers: int | None = None,
        priority: int | None = None,
        environment: Mapping[str, str | int | float] | str | Iterable[str] | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        credentials_names: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Change the settings a pipeline's jobs run with; arguments left out keep their value.

        Every setting defaults to None, which sends nothing for it: Studio keeps its value.

        Args:
            pipeline_name: The pipeline's name (non-empty text; not its id: get the name with
                `get(pipeline_id=...).name`).
            python_version: The Python version the jobs run on, e.g. `"3.12"`.
            requirements: pip requirements for the jobs: text, one requirement a line, or
                an iterable of single-line strings (joined with newlines).
            repository: A git repository to check out for the jobs (its URL).
            workers: How many workers each job runs with: an integer from 1 up.
            priority: The jobs' priority: an integer from 0 (lowest) to 5 (highest).
            environment: Environment variables for the jobs: a mapping of names to strings
                (an int or float is sent as `str()`; bytes, bools and None are refused),
                dotenv text (`"A=1\\nB='x y'"`: `KEY=VALUE` lines, `#` comments, optional
                `export `, quotes stripped, a later line wins), or an iterable of such lines.
                Names must be valid variable names; values cannot hold a line break.
            files: Uploaded files the jobs use: what `jobs.upload` returned
                (`UploadFileOutput`), or upload ids (int or str).
            credentials_names: Names of the cloud credentials the jobs may use (an iterable
                of strings).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipeline with its new settings, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: `pipeline_name` is not a name, a setting has the wrong
                type or is out of range (`workers` below 1, `priority` outside 0-5), an
                environment name or line is malformed, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update_settings(pipeline_name, team, dict(locals()))
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def get(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """A pipeline (a definition or a run) with the status of each of its jobs.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipeline, as a `JobPipelineOutput` (its `jobs` each with a status).

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return self._client._execute(
            self._get(name, pipeline_id, team), timeout=timeout, max_retries=max_retries
        )

    def pause(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Pause a pipeline run: jobs that have not started wait until it is resumed.

        A definition that never ran cannot be paused (Studio refuses it).

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The paused pipeline, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline; an error when it cannot be paused).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(pause_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def resume(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Resume a paused pipeline run.

        A pipeline waiting for review (`trigger(..., review=True)`) starts running here.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The resumed pipeline, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(resume_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def duplicate(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Copy a run (a snapshot of it) or a definition into a new definition.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new definition, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(
            duplicate_pipeline, self._named(name, pipeline_id, team), idempotent=False
        )
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def remove_job(
        self,
        name: str | None = None,
        *,
        job_id: JobId,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Remove a job (and the jobs that depend on it) from a pipeline.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            job_id: The job to remove: its id, a `uuid.UUID` or non-empty text.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipeline without that job, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, `job_id` is empty, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline, or the pipeline no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._remove_job(name, pipeline_id, job_id, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def list(
        self,
        *,
        status: StatusFilter | Iterable[StatusFilter] | None = None,
        limit: int | None = None,
        search: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[JobPipelineOutput]:
        """The team's pipelines, newest first, optionally only those in the given status(es).

        Args:
            status: Only pipelines in this status, or in any of these: a `PipelineStatus`
                or its name in any case (`"completed"` sends `COMPLETED`), or an iterable
                of them (at least one). None (the default): every status.
            limit: The most pipelines to return: an integer from 1 up; None leaves it to
                Studio.
            search: Only pipelines whose name contains this text.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipelines, as `JobPipelineOutput`s.

        Raises:
            InvalidRequestError: A status is unknown (the message lists the valid ones),
                `status` is an empty iterable, `limit` is below 1 or not an integer,
                `search` is not text, or `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._list(status, limit, search, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)


class AsyncPipelines(_PipelinesCalls, AsyncResource):
    """`AsyncStudio.pipelines`: build, run and steer pipelines."""

    async def trigger(
        self,
        datasets: Iterable[str],
        *,
        review: bool | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Create a pipeline definition from the dependencies of `datasets` (does not run it).

        Studio builds the definition's graph of jobs after answering; start a run of it with
        `run(definition.pipeline_id)`, or, with `review=True`, with `resume`.

        Args:
            datasets: The datasets to build the pipeline for: one name, or an iterable of
                names (at least one, none blank). Each is `name`, `name@vX.Y.Z`,
                `@namespace.project.name` or `@namespace.project.name@vX.Y.Z`.
            review: True: make the pipeline `PAUSED`, waiting for review, so that `resume`
                starts it (what the official CLI's `pipeline create` sends); None (the
                default) leaves it to Studio.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new definition, as a `JobPipelineOutput`; its `pipeline_id` is what `run` takes.

        Raises:
            InvalidRequestError: `datasets` is empty or holds a blank name or a non-string,
                `review` is not a bool, or `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._trigger(datasets, review, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def run(
        self,
        definition_id: PipelineId,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Start a run of a pipeline definition, named by its `pipeline_id` (a UUID).

        A name is refused (`InvalidRequestError`) rather than looked up: resolving it would
        be a second request, and a name can be shared by a definition and its runs. Pass
        `studio.pipelines.get(name).pipeline_id`, or the `pipeline_id` of the definition
        `trigger` returned.

        Args:
            definition_id: The definition's `pipeline_id`: a `uuid.UUID` or its text (not
                a name).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The run that was started, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: `definition_id` is not a UUID (a name, say), or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such definition).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        return await self._client._execute(
            self._run(definition_id, team), timeout=timeout, max_retries=max_retries
        )

    async def update_settings(
        self,
        pipeline_name: str,
        *,
        python_version: str | None = None,
        requirements: str | Iterable[str] | None = None,
        repository: str | None = None,
        workers: int | None = None,
        priority: int | None = None,
        environment: Mapping[str, str | int | float] | str | Iterable[str] | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        credentials_names: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Change the settings a pipeline's jobs run with; arguments left out keep their value.

        Every setting defaults to None, which sends nothing for it: Studio keeps its value.

        Args:
            pipeline_name: The pipeline's name (non-empty text; not its id: get the name with
                `get(pipeline_id=...).name`).
            python_version: The Python version the jobs run on, e.g. `"3.12"`.
            requirements: pip requirements for the jobs: text, one requirement a line, or
                an iterable of single-line strings (joined with newlines).
            repository: A git repository to check out for the jobs (its URL).
            workers: How many workers each job runs with: an integer from 1 up.
            priority: The jobs' priority: an integer from 0 (lowest) to 5 (highest).
            environment: Environment variables for the jobs: a mapping of names to strings
                (an int or float is sent as `str()`; bytes, bools and None are refused),
                dotenv text (`"A=1\\nB='x y'"`: `KEY=VALUE` lines, `#` comments, optional
                `export `, quotes stripped, a later line wins), or an iterable of such lines.
                Names must be valid variable names; values cannot hold a line break.
            files: Uploaded files the jobs use: what `jobs.upload` returned
                (`UploadFileOutput`), or upload ids (int or str).
            credentials_names: Names of the cloud credentials the jobs may use (an iterable
                of strings).
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipeline with its new settings, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: `pipeline_name` is not a name, a setting has the wrong
                type or is out of range (`workers` below 1, `priority` outside 0-5), an
                environment name or line is malformed, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._update_settings(pipeline_name, team, dict(locals()))
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def get(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """A pipeline (a definition or a run) with the status of each of its jobs.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipeline, as a `JobPipelineOutput` (its `jobs` each with a status).

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._get(name, pipeline_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def pause(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Pause a pipeline run: jobs that have not started wait until it is resumed.

        A definition that never ran cannot be paused (Studio refuses it).

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The paused pipeline, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline; an error when it cannot be paused).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(pause_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def resume(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Resume a paused pipeline run.

        A pipeline waiting for review (`trigger(..., review=True)`) starts running here.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The resumed pipeline, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(resume_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def duplicate(
        self,
        name: str | None = None,
        *,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Copy a run (a snapshot of it) or a definition into a new definition.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a failure is retried (a whole number from 0 up);
                by default the client's. Only failures where Studio cannot have acted on
                the request are retried, so it is never done twice.

        Returns:
            The new definition, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, or `team`, `timeout` or
                `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._post(
            duplicate_pipeline, self._named(name, pipeline_id, team), idempotent=False
        )
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def remove_job(
        self,
        name: str | None = None,
        *,
        job_id: JobId,
        pipeline_id: PipelineId | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Remove a job (and the jobs that depend on it) from a pipeline.

        Args:
            name: The pipeline's name (text). Give it or `pipeline_id`, not both.
            pipeline_id: The pipeline's id: a `uuid.UUID` or its text. Give it or `name`,
                not both.
            job_id: The job to remove: its id, a `uuid.UUID` or non-empty text.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipeline without that job, as a `JobPipelineOutput`.

        Raises:
            InvalidRequestError: Neither or both of `name` and `pipeline_id` are given, `name`
                is not text, `pipeline_id` is not a UUID, `job_id` is empty, or `team`,
                `timeout` or `max_retries` is invalid (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (`NotFoundError` when the team
                has no such pipeline, or the pipeline no such job).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._remove_job(name, pipeline_id, job_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def list(
        self,
        *,
        status: StatusFilter | Iterable[StatusFilter] | None = None,
        limit: int | None = None,
        search: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[JobPipelineOutput]:
        """The team's pipelines, newest first, optionally only those in the given status(es).

        Args:
            status: Only pipelines in this status, or in any of these: a `PipelineStatus`
                or its name in any case (`"completed"` sends `COMPLETED`), or an iterable
                of them (at least one). None (the default): every status.
            limit: The most pipelines to return: an integer from 1 up; None leaves it to
                Studio.
            search: Only pipelines whose name contains this text.
            team: The team to act for; by default the client's `team`.
            timeout: Seconds one attempt may take (a positive number, or an `httpx.Timeout`
                with every part set); by default the client's.
            max_retries: How many times a transient failure is retried (a whole number
                from 0 up); by default the client's.

        Returns:
            The pipelines, as `JobPipelineOutput`s.

        Raises:
            InvalidRequestError: A status is unknown (the message lists the valid ones),
                `status` is an empty iterable, `limit` is below 1 or not an integer,
                `search` is not text, or `team`, `timeout` or `max_retries` is invalid
                (nothing was sent).
            ConfigurationError: No `team` was given and the client has none.
            APIStatusError: Studio answered with an error status (a subclass per status).
            APIConnectionError: Studio could not be reached, or did not answer in time,
                after the retries.
        """
        call = self._list(status, limit, search, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)
