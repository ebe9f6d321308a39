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
from typing import Any

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
    PipelineOutput,
    RemoveJobFromPipelineInput,
    TriggerPipelineInput,
    UpdatePipelineSettingsInput,
    UploadFileOutput,
)

from .. import _validation as check
from .._base_client import APICall, Timeout, call_from_kwargs
from .._exceptions import InvalidRequestError
from ._base import AsyncResource, Resource, SyncResource, Team, given

_Pipeline = APICall[JobPipelineOutput]


class _PipelinesCalls(Resource):
    def _post(self, module: Any, body: Any, *, idempotent: bool) -> _Pipeline:
        kwargs = module._get_kwargs(body=body)
        return call_from_kwargs(kwargs, PipelineOutput, idempotent=idempotent, unwrap="pipeline")

    def _named(self, name: str | None, pipeline_id: object | None, team: Team) -> PipelineInput:
        check.one_of(name=name, pipeline_id=pipeline_id)
        return PipelineInput(
            team_name=self._team(team),
            name=given(name),
            pipeline_id=given(
                None if pipeline_id is None else check.uuid_id(pipeline_id, "pipeline_id")
            ),
        )

    def _trigger(self, datasets: Iterable[str], review: bool | None, team: Team) -> _Pipeline:
        names = [datasets] if isinstance(datasets, str) else check.strings(datasets, "datasets")
        if not names or not all(name.strip() for name in names):
            raise InvalidRequestError("datasets must be one or more dataset names")
        body = TriggerPipelineInput(
            datasets=names, team_name=self._team(team), review=given(review)
        )
        return self._post(trigger_pipeline, body, idempotent=False)

    def _run(self, definition_id: object, team: Team) -> _Pipeline:
        body = CreatePipelineRunInput(
            team_name=self._team(team), definition_id=check.text_id(definition_id, "definition_id")
        )
        return self._post(create_pipeline_run, body, idempotent=False)

    def _update_settings(
        self, pipeline_name: str, team: Team, settings: dict[str, Any]
    ) -> _Pipeline:
        body = UpdatePipelineSettingsInput(
            team_name=self._team(team),
            pipeline_name=check.text_id(pipeline_name, "pipeline_name"),
            python_version=given(settings["python_version"]),
            requirements=given(check.lines(settings["requirements"], "requirements")),
            repository=given(settings["repository"]),
            workers=given(check.in_range(settings["workers"], "workers", 1)),
            priority=given(check.in_range(settings["priority"], "priority", 0, 5)),
            environment=given(check.environment(settings["environment"])),
            files=given(check.file_ids(settings["files"])),
            credentials_names=given(
                None
                if settings["credentials_names"] is None
                else check.strings(settings["credentials_names"], "credentials_names")
            ),
        )
        return self._post(update_pipeline_settings, body, idempotent=True)

    def _get(self, name: str | None, pipeline_id: object | None, team: Team) -> _Pipeline:
        check.one_of(name=name, pipeline_id=pipeline_id)
        kwargs = get_pipeline._get_kwargs(
            team_name=self._team(team),
            name=given(name),
            pipeline_id=given(
                None if pipeline_id is None else check.uuid_id(pipeline_id, "pipeline_id")
            ),
        )
        return call_from_kwargs(kwargs, JobPipelineOutput, idempotent=True)

    def _remove_job(
        self, name: str | None, pipeline_id: object | None, job_id: object, team: Team
    ) -> _Pipeline:
        check.one_of(name=name, pipeline_id=pipeline_id)
        body = RemoveJobFromPipelineInput(
            team_name=self._team(team),
            name=given(name),
            pipeline_id=given(
                None if pipeline_id is None else check.uuid_id(pipeline_id, "pipeline_id")
            ),
            job_id=check.text_id(job_id, "job_id"),
        )
        return self._post(remove_job_from_pipeline, body, idempotent=True)

    def _list(
        self, status: str | Iterable[str] | None, limit: int | None, search: str | None, team: Team
    ) -> APICall[list[JobPipelineOutput]]:
        statuses = None
        if status is not None:
            statuses = [status] if isinstance(status, str) else check.strings(status, "status")
        kwargs = list_pipelines._get_kwargs(
            team_name=self._team(team),
            status=given(statuses),
            limit=given(check.in_range(limit, "limit", 1)),
            search=given(search),
        )
        return call_from_kwargs(kwargs, list[JobPipelineOutput], idempotent=True)


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
        """Create a pipeline definition from the dependencies of `datasets` (does not run it)."""
        return self._client._execute(
            self._trigger(datasets, review, team), timeout=timeout, max_retries=max_retries
        )

    def run(
        self,
        definition_id: str | uuid.UUID,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Start a run of a pipeline definition."""
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
        environment: Mapping[str, object] | str | Iterable[str] | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        credentials_names: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Change the settings a pipeline's jobs run with; arguments left out keep their value."""
        call = self._update_settings(pipeline_name, team, dict(locals()))
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def get(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """A pipeline with the status of each of its jobs."""
        return self._client._execute(
            self._get(name, pipeline_id, team), timeout=timeout, max_retries=max_retries
        )

    def pause(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Pause a pipeline run."""
        call = self._post(pause_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def resume(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Resume a paused pipeline run."""
        call = self._post(resume_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def duplicate(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Copy a run or a definition into a new definition."""
        call = self._post(
            duplicate_pipeline, self._named(name, pipeline_id, team), idempotent=False
        )
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def remove_job(
        self,
        name: str | None = None,
        *,
        job_id: str | uuid.UUID,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Remove a job from a pipeline."""
        call = self._remove_job(name, pipeline_id, job_id, team)
        return self._client._execute(call, timeout=timeout, max_retries=max_retries)

    def list(
        self,
        *,
        status: str | Iterable[str] | None = None,
        limit: int | None = None,
        search: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[JobPipelineOutput]:
        """The team's pipelines, optionally only those in the given status(es)."""
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
        """Create a pipeline definition from the dependencies of `datasets` (does not run it)."""
        call = self._trigger(datasets, review, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def run(
        self,
        definition_id: str | uuid.UUID,
        *,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Start a run of a pipeline definition."""
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
        environment: Mapping[str, object] | str | Iterable[str] | None = None,
        files: Iterable[UploadFileOutput | int | str] | None = None,
        credentials_names: Iterable[str] | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Change the settings a pipeline's jobs run with; arguments left out keep their value."""
        call = self._update_settings(pipeline_name, team, dict(locals()))
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def get(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """A pipeline with the status of each of its jobs."""
        call = self._get(name, pipeline_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def pause(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Pause a pipeline run."""
        call = self._post(pause_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def resume(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Resume a paused pipeline run."""
        call = self._post(resume_pipeline, self._named(name, pipeline_id, team), idempotent=True)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def duplicate(
        self,
        name: str | None = None,
        *,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Copy a run or a definition into a new definition."""
        call = self._post(
            duplicate_pipeline, self._named(name, pipeline_id, team), idempotent=False
        )
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def remove_job(
        self,
        name: str | None = None,
        *,
        job_id: str | uuid.UUID,
        pipeline_id: object | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> JobPipelineOutput:
        """Remove a job from a pipeline."""
        call = self._remove_job(name, pipeline_id, job_id, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)

    async def list(
        self,
        *,
        status: str | Iterable[str] | None = None,
        limit: int | None = None,
        search: str | None = None,
        team: Team = None,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> list[JobPipelineOutput]:
        """The team's pipelines, optionally only those in the given status(es)."""
        call = self._list(status, limit, search, team)
        return await self._client._execute(call, timeout=timeout, max_retries=max_retries)
