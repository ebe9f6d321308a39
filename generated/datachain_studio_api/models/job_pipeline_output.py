from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..models.pipeline_status import PipelineStatus
from ..types import (
    _BOOL,
    _DATETIME,
    _INT,
    _STR,
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _List,
    _Mapping,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.job_pipeline_run_output import JobPipelineRunOutput


class JobPipelineOutput(Model):
    """A pipeline, either a definition (`is_definition`) or a run.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        pipeline_id: UUID,
        status: PipelineStatus | str,
        job_runs: list[JobPipelineRunOutput],
        name: str,
        completed: int | None = None,
        total: int | None = None,
        error_message: str | None = None,
        error_stack: str | None = None,
        triggered_from: str | None = None,
        created_at: datetime.datetime | None = None,
        updated_at: datetime.datetime | None = None,
        is_definition: bool | None = None,
        schedule_name: str | None = None,
        python_version: str | None = None,
        requirements: str | None = None,
        repository: str | None = None,
        workers: int | None = None,
        priority: int | None = None,
        environment_variables: Mapping[str, str] | None = None,
        created_via: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["pipeline_id"] = _to_json(pipeline_id)
        _sent["status"] = _to_json(status)
        _sent["job_runs"] = _to_json(job_runs)
        _sent["name"] = _to_json(name)
        if completed is not None:
            _sent["completed"] = _to_json(completed)
        if total is not None:
            _sent["total"] = _to_json(total)
        if error_message is not None:
            _sent["error_message"] = _to_json(error_message)
        if error_stack is not None:
            _sent["error_stack"] = _to_json(error_stack)
        if triggered_from is not None:
            _sent["triggered_from"] = _to_json(triggered_from)
        if created_at is not None:
            _sent["created_at"] = _to_json(created_at)
        if updated_at is not None:
            _sent["updated_at"] = _to_json(updated_at)
        if is_definition is not None:
            _sent["is_definition"] = _to_json(is_definition)
        if schedule_name is not None:
            _sent["schedule_name"] = _to_json(schedule_name)
        if python_version is not None:
            _sent["python_version"] = _to_json(python_version)
        if requirements is not None:
            _sent["requirements"] = _to_json(requirements)
        if repository is not None:
            _sent["repository"] = _to_json(repository)
        if workers is not None:
            _sent["workers"] = _to_json(workers)
        if priority is not None:
            _sent["priority"] = _to_json(priority)
        if environment_variables is not None:
            _sent["environment_variables"] = _to_json(environment_variables)
        if created_via is not None:
            _sent["created_via"] = _to_json(created_via)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.job_pipeline_run_output import JobPipelineRunOutput  # noqa: PLC0415

        return (
            _Field("pipeline_id", "pipeline_id", _UUID, True, False),
            _Field("status", "status", _Enum(PipelineStatus, open=True), True, False),
            _Field("job_runs", "job_runs", _List(_Model(JobPipelineRunOutput)), True, False),
            _Field("name", "name", _STR, True, False),
            _Field("completed", "completed", _INT, False, False),
            _Field("total", "total", _INT, False, False),
            _Field("error_message", "error_message", _STR, False, True),
            _Field("error_stack", "error_stack", _STR, False, True),
            _Field("triggered_from", "triggered_from", _STR, False, True),
            _Field("created_at", "created_at", _DATETIME, False, False),
            _Field("updated_at", "updated_at", _DATETIME, False, False),
            _Field("is_definition", "is_definition", _BOOL, False, False),
            _Field("schedule_name", "schedule_name", _STR, False, True),
            _Field("python_version", "python_version", _STR, False, True),
            _Field("requirements", "requirements", _STR, False, True),
            _Field("repository", "repository", _STR, False, True),
            _Field("workers", "workers", _INT, False, True),
            _Field("priority", "priority", _INT, False, True),
            _Field("environment_variables", "environment_variables", _Mapping(_STR), False, True),
            _Field("created_via", "created_via", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def pipeline_id(self) -> UUID: ...

        @property
        def status(self) -> PipelineStatus: ...

        @property
        def job_runs(self) -> list[JobPipelineRunOutput]: ...

        @property
        def name(self) -> str: ...

        @property
        def completed(self) -> int | None:
            """Jobs finished."""

        @property
        def total(self) -> int | None:
            """Jobs in all."""

        @property
        def error_message(self) -> str | None: ...

        @property
        def error_stack(self) -> str | None: ...

        @property
        def triggered_from(self) -> str | None:
            """The dataset the pipeline was built from."""

        @property
        def created_at(self) -> datetime.datetime | None: ...

        @property
        def updated_at(self) -> datetime.datetime | None: ...

        @property
        def is_definition(self) -> bool | None: ...

        @property
        def schedule_name(self) -> str | None: ...

        @property
        def python_version(self) -> str | None: ...

        @property
        def requirements(self) -> str | None: ...

        @property
        def repository(self) -> str | None: ...

        @property
        def workers(self) -> int | None: ...

        @property
        def priority(self) -> int | None: ...

        @property
        def environment_variables(self) -> dict[str, str] | None: ...

        @property
        def created_via(self) -> str | None:
            """How the pipeline came to be, e.g. `manual`."""

    else:
        pipeline_id = _Deferred()
        status = _Deferred()
        job_runs = _Deferred()
        name = _Deferred()
        completed = _Deferred("Jobs finished.")
        total = _Deferred("Jobs in all.")
        error_message = _Deferred()
        error_stack = _Deferred()
        triggered_from = _Deferred("The dataset the pipeline was built from.")
        created_at = _Deferred()
        updated_at = _Deferred()
        is_definition = _Deferred()
        schedule_name = _Deferred()
        python_version = _Deferred()
        requirements = _Deferred()
        repository = _Deferred()
        workers = _Deferred()
        priority = _Deferred()
        environment_variables = _Deferred()
        created_via = _Deferred("How the pipeline came to be, e.g. `manual`.")
