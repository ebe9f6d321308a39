"""Pipelines: definitions built from datasets, their runs, and their settings.

A pipeline is named by its `name` or by `pipeline_id`. Methods that Studio answers with
`{"ok": true, "pipeline": {...}}` return the pipeline itself.

Retry policy: `get`, `list`, `update_settings`, `pause`, `resume` and `remove_job` are
retried on any transient failure; `trigger`, `run` and `duplicate` create something and are
retried only when Studio cannot have acted on the request.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeAlias

from datachain_studio_api.api.pipelines import (
    create_pipeline_run,
    get_pipeline,
    list_pipelines,
    remove_job_from_pipeline,
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
)

from .. import _validation as check
from .._base_client import APICall
from .._exceptions import InvalidRequestError
from ._base import Resource, Team

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
