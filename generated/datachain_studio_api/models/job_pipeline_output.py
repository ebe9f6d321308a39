from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.pipeline_status import PipelineStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_pipeline_output_environment_variables_type_0 import JobPipelineOutputEnvironmentVariablesType0
    from ..models.job_pipeline_run_output import JobPipelineRunOutput


T = TypeVar("T", bound="JobPipelineOutput")


@_attrs_define
class JobPipelineOutput:
    """A pipeline, either a definition (`is_definition`) or a run.

    Attributes:
        pipeline_id (UUID):
        status (PipelineStatus | str):
        job_runs (list[JobPipelineRunOutput]):
        name (str):
        completed (int | Unset): Jobs finished.
        total (int | Unset): Jobs in all.
        error_message (None | str | Unset):
        error_stack (None | str | Unset):
        triggered_from (None | str | Unset): The dataset the pipeline was built from.
        created_at (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
        is_definition (bool | Unset):
        schedule_name (None | str | Unset):
        python_version (None | str | Unset):
        requirements (None | str | Unset):
        repository (None | str | Unset):
        workers (int | None | Unset):
        priority (int | None | Unset):
        environment_variables (JobPipelineOutputEnvironmentVariablesType0 | None | Unset):
        created_via (None | str | Unset): How the pipeline came to be, e.g. `manual`.
    """

    pipeline_id: UUID
    status: PipelineStatus | str
    job_runs: list[JobPipelineRunOutput]
    name: str
    completed: int | Unset = UNSET
    total: int | Unset = UNSET
    error_message: None | str | Unset = UNSET
    error_stack: None | str | Unset = UNSET
    triggered_from: None | str | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    is_definition: bool | Unset = UNSET
    schedule_name: None | str | Unset = UNSET
    python_version: None | str | Unset = UNSET
    requirements: None | str | Unset = UNSET
    repository: None | str | Unset = UNSET
    workers: int | None | Unset = UNSET
    priority: int | None | Unset = UNSET
    environment_variables: JobPipelineOutputEnvironmentVariablesType0 | None | Unset = UNSET
    created_via: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_pipeline_output_environment_variables_type_0 import JobPipelineOutputEnvironmentVariablesType0  # noqa: PLC0415

        pipeline_id = str(self.pipeline_id)

        status: str
        if isinstance(self.status, PipelineStatus):
            status = self.status.value
        else:
            status = self.status

        job_runs = []
        for job_runs_item_data in self.job_runs:
            job_runs_item = job_runs_item_data.to_dict()
            job_runs.append(job_runs_item)

        name = self.name

        completed = self.completed

        total = self.total

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        error_stack: None | str | Unset
        if isinstance(self.error_stack, Unset):
            error_stack = UNSET
        else:
            error_stack = self.error_stack

        triggered_from: None | str | Unset
        if isinstance(self.triggered_from, Unset):
            triggered_from = UNSET
        else:
            triggered_from = self.triggered_from

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        is_definition = self.is_definition

        schedule_name: None | str | Unset
        if isinstance(self.schedule_name, Unset):
            schedule_name = UNSET
        else:
            schedule_name = self.schedule_name

        python_version: None | str | Unset
        if isinstance(self.python_version, Unset):
            python_version = UNSET
        else:
            python_version = self.python_version

        requirements: None | str | Unset
        if isinstance(self.requirements, Unset):
            requirements = UNSET
        else:
            requirements = self.requirements

        repository: None | str | Unset
        if isinstance(self.repository, Unset):
            repository = UNSET
        else:
            repository = self.repository

        workers: int | None | Unset
        if isinstance(self.workers, Unset):
            workers = UNSET
        else:
            workers = self.workers

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        environment_variables: dict[str, Any] | None | Unset
        if isinstance(self.environment_variables, Unset):
            environment_variables = UNSET
        elif isinstance(self.environment_variables, JobPipelineOutputEnvironmentVariablesType0):
            environment_variables = self.environment_variables.to_dict()
        else:
            environment_variables = self.environment_variables

        created_via: None | str | Unset
        if isinstance(self.created_via, Unset):
            created_via = UNSET
        else:
            created_via = self.created_via

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "pipeline_id": pipeline_id,
                "status": status,
                "job_runs": job_runs,
                "name": name,
            }
        )
        if completed is not UNSET:
            field_dict["completed"] = completed
        if total is not UNSET:
            field_dict["total"] = total
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if error_stack is not UNSET:
            field_dict["error_stack"] = error_stack
        if triggered_from is not UNSET:
            field_dict["triggered_from"] = triggered_from
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if is_definition is not UNSET:
            field_dict["is_definition"] = is_definition
        if schedule_name is not UNSET:
            field_dict["schedule_name"] = schedule_name
        if python_version is not UNSET:
            field_dict["python_version"] = python_version
        if requirements is not UNSET:
            field_dict["requirements"] = requirements
        if repository is not UNSET:
            field_dict["repository"] = repository
        if workers is not UNSET:
            field_dict["workers"] = workers
        if priority is not UNSET:
            field_dict["priority"] = priority
        if environment_variables is not UNSET:
            field_dict["environment_variables"] = environment_variables
        if created_via is not UNSET:
            field_dict["created_via"] = created_via

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_pipeline_output_environment_variables_type_0 import JobPipelineOutputEnvironmentVariablesType0  # noqa: PLC0415
        from ..models.job_pipeline_run_output import JobPipelineRunOutput  # noqa: PLC0415

        d = dict(src_dict)
        pipeline_id = UUID(d.pop("pipeline_id"))

        def _parse_status(data: object) -> PipelineStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = PipelineStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(PipelineStatus | str, data)

        status = _parse_status(d.pop("status"))

        job_runs = []
        _job_runs = d.pop("job_runs")
        for job_runs_item_data in _job_runs:
            job_runs_item = JobPipelineRunOutput.from_dict(job_runs_item_data)

            job_runs.append(job_runs_item)

        name = d.pop("name")

        completed = d.pop("completed", UNSET)

        total = d.pop("total", UNSET)

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        def _parse_error_stack(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_stack = _parse_error_stack(d.pop("error_stack", UNSET))

        def _parse_triggered_from(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        triggered_from = _parse_triggered_from(d.pop("triggered_from", UNSET))

        _created_at = d.pop("created_at", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updated_at", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        is_definition = d.pop("is_definition", UNSET)

        def _parse_schedule_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        schedule_name = _parse_schedule_name(d.pop("schedule_name", UNSET))

        def _parse_python_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        python_version = _parse_python_version(d.pop("python_version", UNSET))

        def _parse_requirements(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        requirements = _parse_requirements(d.pop("requirements", UNSET))

        def _parse_repository(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        repository = _parse_repository(d.pop("repository", UNSET))

        def _parse_workers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workers = _parse_workers(d.pop("workers", UNSET))

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        def _parse_environment_variables(data: object) -> JobPipelineOutputEnvironmentVariablesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                environment_variables_type_0 = JobPipelineOutputEnvironmentVariablesType0.from_dict(data)

                return environment_variables_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobPipelineOutputEnvironmentVariablesType0 | None | Unset, data)

        environment_variables = _parse_environment_variables(d.pop("environment_variables", UNSET))

        def _parse_created_via(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_via = _parse_created_via(d.pop("created_via", UNSET))

        job_pipeline_output = cls(
            pipeline_id=pipeline_id,
            status=status,
            job_runs=job_runs,
            name=name,
            completed=completed,
            total=total,
            error_message=error_message,
            error_stack=error_stack,
            triggered_from=triggered_from,
            created_at=created_at,
            updated_at=updated_at,
            is_definition=is_definition,
            schedule_name=schedule_name,
            python_version=python_version,
            requirements=requirements,
            repository=repository,
            workers=workers,
            priority=priority,
            environment_variables=environment_variables,
            created_via=created_via,
        )

        job_pipeline_output.additional_properties = d
        return job_pipeline_output

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
