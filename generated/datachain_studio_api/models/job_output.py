from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..models.job_status import JobStatus
from ..models.query_type import QueryType
from ..types import (
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
    _Union,
)

if TYPE_CHECKING:
    from ..models.job_step import JobStep


class JobOutput(Model):
    """A job. The ten fields Studio's own document requires (`id`, `url`, `status`,
    `created_at`, `created_by`, `query`, `query_type`, `team`, `name`, `workers`) are
    required here too: Django-Ninja checks each answer against the schema it declares, so
    Studio sends them in every job. The others may be left out or `null`.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: UUID,
        url: str,
        status: JobStatus | str,
        created_at: datetime.datetime,
        created_by: str,
        query: str,
        query_type: QueryType | str,
        team: str,
        name: str,
        workers: int,
        started_at: datetime.datetime | None = None,
        finished_at: datetime.datetime | None = None,
        python_version: str | None = None,
        requirements: str | None = None,
        repository: str | None = None,
        environment: Mapping[str, str] | None = None,
        exit_code: int | None = None,
        error_message: str | None = None,
        error_stack: str | None = None,
        params: Mapping[str, Any] | None = None,
        metrics: Mapping[str, Any] | None = None,
        parent_job_id: UUID | None = None,
        rerun_from_job_id: UUID | None = None,
        run_group_id: UUID | None = None,
        compute_cluster_id: int | str | None = None,
        compute_cluster_name: str | None = None,
        steps: list[JobStep] | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["url"] = _to_json(url)
        _sent["status"] = _to_json(status)
        _sent["created_at"] = _to_json(created_at)
        _sent["created_by"] = _to_json(created_by)
        _sent["query"] = _to_json(query)
        _sent["query_type"] = _to_json(query_type)
        _sent["team"] = _to_json(team)
        _sent["name"] = _to_json(name)
        _sent["workers"] = _to_json(workers)
        if started_at is not None:
            _sent["started_at"] = _to_json(started_at)
        if finished_at is not None:
            _sent["finished_at"] = _to_json(finished_at)
        if python_version is not None:
            _sent["python_version"] = _to_json(python_version)
        if requirements is not None:
            _sent["requirements"] = _to_json(requirements)
        if repository is not None:
            _sent["repository"] = _to_json(repository)
        if environment is not None:
            _sent["environment"] = _to_json(environment)
        if exit_code is not None:
            _sent["exit_code"] = _to_json(exit_code)
        if error_message is not None:
            _sent["error_message"] = _to_json(error_message)
        if error_stack is not None:
            _sent["error_stack"] = _to_json(error_stack)
        if params is not None:
            _sent["params"] = _to_json(params)
        if metrics is not None:
            _sent["metrics"] = _to_json(metrics)
        if parent_job_id is not None:
            _sent["parent_job_id"] = _to_json(parent_job_id)
        if rerun_from_job_id is not None:
            _sent["rerun_from_job_id"] = _to_json(rerun_from_job_id)
        if run_group_id is not None:
            _sent["run_group_id"] = _to_json(run_group_id)
        if compute_cluster_id is not None:
            _sent["compute_cluster_id"] = _to_json(compute_cluster_id)
        if compute_cluster_name is not None:
            _sent["compute_cluster_name"] = _to_json(compute_cluster_name)
        if steps is not None:
            _sent["steps"] = _to_json(steps)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.job_step import JobStep  # noqa: PLC0415

        return (
            _Field("id", "id", _UUID, True, False),
            _Field("url", "url", _STR, True, False),
            _Field("status", "status", _Enum(JobStatus, open=True), True, False),
            _Field("created_at", "created_at", _DATETIME, True, False),
            _Field("created_by", "created_by", _STR, True, False),
            _Field("query", "query", _STR, True, False),
            _Field("query_type", "query_type", _Enum(QueryType, open=True), True, False),
            _Field("team", "team", _STR, True, False),
            _Field("name", "name", _STR, True, False),
            _Field("workers", "workers", _INT, True, False),
            _Field("started_at", "started_at", _DATETIME, False, True),
            _Field("finished_at", "finished_at", _DATETIME, False, True),
            _Field("python_version", "python_version", _STR, False, True),
            _Field("requirements", "requirements", _STR, False, True),
            _Field("repository", "repository", _STR, False, True),
            _Field("environment", "environment", _Mapping(_STR), False, True),
            _Field("exit_code", "exit_code", _INT, False, True),
            _Field("error_message", "error_message", _STR, False, True),
            _Field("error_stack", "error_stack", _STR, False, True),
            _Field("params", "params", _Mapping(None), False, True),
            _Field("metrics", "metrics", _Mapping(None), False, True),
            _Field("parent_job_id", "parent_job_id", _UUID, False, True),
            _Field("rerun_from_job_id", "rerun_from_job_id", _UUID, False, True),
            _Field("run_group_id", "run_group_id", _UUID, False, True),
            _Field("compute_cluster_id", "compute_cluster_id", _Union(_INT, _STR), False, True),
            _Field("compute_cluster_name", "compute_cluster_name", _STR, False, True),
            _Field("steps", "steps", _List(_Model(JobStep)), False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> UUID: ...

        @property
        def url(self) -> str:
            """The job's page in Studio."""

        @property
        def status(self) -> JobStatus: ...

        @property
        def created_at(self) -> datetime.datetime: ...

        @property
        def created_by(self) -> str:
            """The username of who created the job."""

        @property
        def query(self) -> str: ...

        @property
        def query_type(self) -> QueryType: ...

        @property
        def team(self) -> str: ...

        @property
        def name(self) -> str: ...

        @property
        def workers(self) -> int: ...

        @property
        def started_at(self) -> datetime.datetime | None: ...

        @property
        def finished_at(self) -> datetime.datetime | None: ...

        @property
        def python_version(self) -> str | None: ...

        @property
        def requirements(self) -> str | None: ...

        @property
        def repository(self) -> str | None: ...

        @property
        def environment(self) -> dict[str, str] | None: ...

        @property
        def exit_code(self) -> int | None: ...

        @property
        def error_message(self) -> str | None: ...

        @property
        def error_stack(self) -> str | None: ...

        @property
        def params(self) -> dict[str, Any] | None:
            """Parameters the query ran with."""

        @property
        def metrics(self) -> dict[str, Any] | None:
            """Metrics the query recorded."""

        @property
        def parent_job_id(self) -> UUID | None: ...

        @property
        def rerun_from_job_id(self) -> UUID | None: ...

        @property
        def run_group_id(self) -> UUID | None: ...

        @property
        def compute_cluster_id(self) -> int | str | None:
            """The cluster the job runs on (an integer id, or a string id on newer servers)."""

        @property
        def compute_cluster_name(self) -> str | None: ...

        @property
        def steps(self) -> list[JobStep] | None:
            """The job's steps; `null` unless the list was asked to `include_steps`."""

    else:
        id = _Deferred()
        url = _Deferred("The job's page in Studio.")
        status = _Deferred()
        created_at = _Deferred()
        created_by = _Deferred("The username of who created the job.")
        query = _Deferred()
        query_type = _Deferred()
        team = _Deferred()
        name = _Deferred()
        workers = _Deferred()
        started_at = _Deferred()
        finished_at = _Deferred()
        python_version = _Deferred()
        requirements = _Deferred()
        repository = _Deferred()
        environment = _Deferred()
        exit_code = _Deferred()
        error_message = _Deferred()
        error_stack = _Deferred()
        params = _Deferred("Parameters the query ran with.")
        metrics = _Deferred("Metrics the query recorded.")
        parent_job_id = _Deferred()
        rerun_from_job_id = _Deferred()
        run_group_id = _Deferred()
        compute_cluster_id = _Deferred("The cluster the job runs on (an integer id, or a string id on newer servers).")
        compute_cluster_name = _Deferred()
        steps = _Deferred("The job's steps; `null` unless the list was asked to `include_steps`.")
