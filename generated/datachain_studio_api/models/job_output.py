from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..models.query_type import QueryType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_output_environment_type_0 import JobOutputEnvironmentType0
    from ..models.job_output_metrics_type_0 import JobOutputMetricsType0
    from ..models.job_output_params_type_0 import JobOutputParamsType0
    from ..models.job_step import JobStep


T = TypeVar("T", bound="JobOutput")


@_attrs_define
class JobOutput:
    """A job. `url` is required by the server's own declaration but missing from some real
    responses, so it is optional here.

        Attributes:
            id (UUID):
            status (JobStatus | str):
            created_at (datetime.datetime):
            created_by (str): The username of who created the job.
            query (str):
            query_type (QueryType | str):
            team (str):
            name (str):
            workers (int):
            url (str | Unset): The job's page in Studio.
            started_at (datetime.datetime | None | Unset):
            finished_at (datetime.datetime | None | Unset):
            python_version (None | str | Unset):
            requirements (None | str | Unset):
            repository (None | str | Unset):
            environment (JobOutputEnvironmentType0 | None | Unset):
            exit_code (int | None | Unset):
            error_message (None | str | Unset):
            error_stack (None | str | Unset):
            params (JobOutputParamsType0 | None | Unset): Parameters the query ran with.
            metrics (JobOutputMetricsType0 | None | Unset): Metrics the query recorded.
            parent_job_id (None | Unset | UUID):
            rerun_from_job_id (None | Unset | UUID):
            run_group_id (None | Unset | UUID):
            compute_cluster_id (int | None | str | Unset): The cluster the job runs on (an integer id, or a string id on
                newer servers).
            compute_cluster_name (None | str | Unset):
            steps (list[JobStep] | None | Unset): The job's steps; `null` unless the list was asked to `include_steps`.
    """

    id: UUID
    status: JobStatus | str
    created_at: datetime.datetime
    created_by: str
    query: str
    query_type: QueryType | str
    team: str
    name: str
    workers: int
    url: str | Unset = UNSET
    started_at: datetime.datetime | None | Unset = UNSET
    finished_at: datetime.datetime | None | Unset = UNSET
    python_version: None | str | Unset = UNSET
    requirements: None | str | Unset = UNSET
    repository: None | str | Unset = UNSET
    environment: JobOutputEnvironmentType0 | None | Unset = UNSET
    exit_code: int | None | Unset = UNSET
    error_message: None | str | Unset = UNSET
    error_stack: None | str | Unset = UNSET
    params: JobOutputParamsType0 | None | Unset = UNSET
    metrics: JobOutputMetricsType0 | None | Unset = UNSET
    parent_job_id: None | Unset | UUID = UNSET
    rerun_from_job_id: None | Unset | UUID = UNSET
    run_group_id: None | Unset | UUID = UNSET
    compute_cluster_id: int | None | str | Unset = UNSET
    compute_cluster_name: None | str | Unset = UNSET
    steps: list[JobStep] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_output_environment_type_0 import JobOutputEnvironmentType0  # noqa: PLC0415
        from ..models.job_output_metrics_type_0 import JobOutputMetricsType0  # noqa: PLC0415
        from ..models.job_output_params_type_0 import JobOutputParamsType0  # noqa: PLC0415

        id = str(self.id)

        status: str
        if isinstance(self.status, JobStatus):
            status = self.status.value
        else:
            status = self.status

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        query = self.query

        query_type: str
        if isinstance(self.query_type, QueryType):
            query_type = self.query_type.value
        else:
            query_type = self.query_type

        team = self.team

        name = self.name

        workers = self.workers

        url = self.url

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        finished_at: None | str | Unset
        if isinstance(self.finished_at, Unset):
            finished_at = UNSET
        elif isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

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

        environment: dict[str, Any] | None | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        elif isinstance(self.environment, JobOutputEnvironmentType0):
            environment = self.environment.to_dict()
        else:
            environment = self.environment

        exit_code: int | None | Unset
        if isinstance(self.exit_code, Unset):
            exit_code = UNSET
        else:
            exit_code = self.exit_code

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

        params: dict[str, Any] | None | Unset
        if isinstance(self.params, Unset):
            params = UNSET
        elif isinstance(self.params, JobOutputParamsType0):
            params = self.params.to_dict()
        else:
            params = self.params

        metrics: dict[str, Any] | None | Unset
        if isinstance(self.metrics, Unset):
            metrics = UNSET
        elif isinstance(self.metrics, JobOutputMetricsType0):
            metrics = self.metrics.to_dict()
        else:
            metrics = self.metrics

        parent_job_id: None | str | Unset
        if isinstance(self.parent_job_id, Unset):
            parent_job_id = UNSET
        elif isinstance(self.parent_job_id, UUID):
            parent_job_id = str(self.parent_job_id)
        else:
            parent_job_id = self.parent_job_id

        rerun_from_job_id: None | str | Unset
        if isinstance(self.rerun_from_job_id, Unset):
            rerun_from_job_id = UNSET
        elif isinstance(self.rerun_from_job_id, UUID):
            rerun_from_job_id = str(self.rerun_from_job_id)
        else:
            rerun_from_job_id = self.rerun_from_job_id

        run_group_id: None | str | Unset
        if isinstance(self.run_group_id, Unset):
            run_group_id = UNSET
        elif isinstance(self.run_group_id, UUID):
            run_group_id = str(self.run_group_id)
        else:
            run_group_id = self.run_group_id

        compute_cluster_id: int | None | str | Unset
        if isinstance(self.compute_cluster_id, Unset):
            compute_cluster_id = UNSET
        else:
            compute_cluster_id = self.compute_cluster_id

        compute_cluster_name: None | str | Unset
        if isinstance(self.compute_cluster_name, Unset):
            compute_cluster_name = UNSET
        else:
            compute_cluster_name = self.compute_cluster_name

        steps: list[dict[str, Any]] | None | Unset
        if isinstance(self.steps, Unset):
            steps = UNSET
        elif isinstance(self.steps, list):
            steps = []
            for steps_type_0_item_data in self.steps:
                steps_type_0_item = steps_type_0_item_data.to_dict()
                steps.append(steps_type_0_item)

        else:
            steps = self.steps

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "status": status,
                "created_at": created_at,
                "created_by": created_by,
                "query": query,
                "query_type": query_type,
                "team": team,
                "name": name,
                "workers": workers,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if started_at is not UNSET:
            field_dict["started_at"] = started_at
        if finished_at is not UNSET:
            field_dict["finished_at"] = finished_at
        if python_version is not UNSET:
            field_dict["python_version"] = python_version
        if requirements is not UNSET:
            field_dict["requirements"] = requirements
        if repository is not UNSET:
            field_dict["repository"] = repository
        if environment is not UNSET:
            field_dict["environment"] = environment
        if exit_code is not UNSET:
            field_dict["exit_code"] = exit_code
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if error_stack is not UNSET:
            field_dict["error_stack"] = error_stack
        if params is not UNSET:
            field_dict["params"] = params
        if metrics is not UNSET:
            field_dict["metrics"] = metrics
        if parent_job_id is not UNSET:
            field_dict["parent_job_id"] = parent_job_id
        if rerun_from_job_id is not UNSET:
            field_dict["rerun_from_job_id"] = rerun_from_job_id
        if run_group_id is not UNSET:
            field_dict["run_group_id"] = run_group_id
        if compute_cluster_id is not UNSET:
            field_dict["compute_cluster_id"] = compute_cluster_id
        if compute_cluster_name is not UNSET:
            field_dict["compute_cluster_name"] = compute_cluster_name
        if steps is not UNSET:
            field_dict["steps"] = steps

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_output_environment_type_0 import JobOutputEnvironmentType0  # noqa: PLC0415
        from ..models.job_output_metrics_type_0 import JobOutputMetricsType0  # noqa: PLC0415
        from ..models.job_output_params_type_0 import JobOutputParamsType0  # noqa: PLC0415
        from ..models.job_step import JobStep  # noqa: PLC0415

        d = dict(src_dict)
        id = UUID(d.pop("id"))

        def _parse_status(data: object) -> JobStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = JobStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobStatus | str, data)

        status = _parse_status(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        query = d.pop("query")

        def _parse_query_type(data: object) -> QueryType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                query_type_type_0 = QueryType(data)

                return query_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(QueryType | str, data)

        query_type = _parse_query_type(d.pop("query_type"))

        team = d.pop("team")

        name = d.pop("name")

        workers = d.pop("workers")

        url = d.pop("url", UNSET)

        def _parse_started_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)

                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        started_at = _parse_started_at(d.pop("started_at", UNSET))

        def _parse_finished_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)

                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        finished_at = _parse_finished_at(d.pop("finished_at", UNSET))

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

        def _parse_environment(data: object) -> JobOutputEnvironmentType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                environment_type_0 = JobOutputEnvironmentType0.from_dict(data)

                return environment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobOutputEnvironmentType0 | None | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))

        def _parse_exit_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        exit_code = _parse_exit_code(d.pop("exit_code", UNSET))

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

        def _parse_params(data: object) -> JobOutputParamsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                params_type_0 = JobOutputParamsType0.from_dict(data)

                return params_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobOutputParamsType0 | None | Unset, data)

        params = _parse_params(d.pop("params", UNSET))

        def _parse_metrics(data: object) -> JobOutputMetricsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metrics_type_0 = JobOutputMetricsType0.from_dict(data)

                return metrics_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobOutputMetricsType0 | None | Unset, data)

        metrics = _parse_metrics(d.pop("metrics", UNSET))

        def _parse_parent_job_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                parent_job_id_type_0 = UUID(data)

                return parent_job_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        parent_job_id = _parse_parent_job_id(d.pop("parent_job_id", UNSET))

        def _parse_rerun_from_job_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                rerun_from_job_id_type_0 = UUID(data)

                return rerun_from_job_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        rerun_from_job_id = _parse_rerun_from_job_id(d.pop("rerun_from_job_id", UNSET))

        def _parse_run_group_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                run_group_id_type_0 = UUID(data)

                return run_group_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        run_group_id = _parse_run_group_id(d.pop("run_group_id", UNSET))

        def _parse_compute_cluster_id(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        compute_cluster_id = _parse_compute_cluster_id(d.pop("compute_cluster_id", UNSET))

        def _parse_compute_cluster_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        compute_cluster_name = _parse_compute_cluster_name(d.pop("compute_cluster_name", UNSET))

        def _parse_steps(data: object) -> list[JobStep] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                steps_type_0 = []
                _steps_type_0 = data
                for steps_type_0_item_data in _steps_type_0:
                    steps_type_0_item = JobStep.from_dict(steps_type_0_item_data)

                    steps_type_0.append(steps_type_0_item)

                return steps_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[JobStep] | None | Unset, data)

        steps = _parse_steps(d.pop("steps", UNSET))

        job_output = cls(
            id=id,
            status=status,
            created_at=created_at,
            created_by=created_by,
            query=query,
            query_type=query_type,
            team=team,
            name=name,
            workers=workers,
            url=url,
            started_at=started_at,
            finished_at=finished_at,
            python_version=python_version,
            requirements=requirements,
            repository=repository,
            environment=environment,
            exit_code=exit_code,
            error_message=error_message,
            error_stack=error_stack,
            params=params,
            metrics=metrics,
            parent_job_id=parent_job_id,
            rerun_from_job_id=rerun_from_job_id,
            run_group_id=run_group_id,
            compute_cluster_id=compute_cluster_id,
            compute_cluster_name=compute_cluster_name,
            steps=steps,
        )

        job_output.additional_properties = d
        return job_output

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
