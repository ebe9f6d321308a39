from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.query_type import QueryType
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobInput")


@_attrs_define
class JobInput:
    """What a job runs and how. Optional fields may be `null` (the official client sends them
    all). `compute_cluster_name` and `compute_cluster_id` are mutually exclusive.

        Attributes:
            query (str): The Python script or shell commands to run.
            query_type (QueryType): How Studio runs a job's query.
            team_name (None | str | Unset):
            environment (None | str | Unset): Environment variables, one `NAME=value` per line.
            workers (int | None | Unset):
            query_name (None | str | Unset): A name for the job (the official client uses the script's file name).
            rerun_from_job_id (None | Unset | UUID):
            reset (bool | None | Unset): With `rerun_from_job_id`, start over instead of reusing finished steps.
            files (list[int | str] | None | Unset): Ids of uploaded files (`UploadFileOutput.id`). The reference's example
                gives them as
                strings (`["2", "3"]`), as the official client sends them, while uploads return
                integer ids (`"id": 1`): both forms are accepted.
            python_version (None | str | Unset):
            requirements (None | str | Unset): pip requirements, one per line.
            repository (None | str | Unset): A git repository to check out for the job.
            priority (int | None | Unset): 0 (lowest) to 5 (highest).
            compute_cluster_name (None | str | Unset):
            compute_cluster_id (int | None | str | Unset): An integer id, or a string id on newer servers.
            start_after (datetime.datetime | None | Unset): Do not start before this time.
            cron_expression (None | str | Unset): Run repeatedly on this five-field cron expression.
            credentials_name (None | str | Unset): Named cloud credentials for the job to use.
    """

    query: str
    query_type: QueryType
    team_name: None | str | Unset = UNSET
    environment: None | str | Unset = UNSET
    workers: int | None | Unset = UNSET
    query_name: None | str | Unset = UNSET
    rerun_from_job_id: None | Unset | UUID = UNSET
    reset: bool | None | Unset = UNSET
    files: list[int | str] | None | Unset = UNSET
    python_version: None | str | Unset = UNSET
    requirements: None | str | Unset = UNSET
    repository: None | str | Unset = UNSET
    priority: int | None | Unset = UNSET
    compute_cluster_name: None | str | Unset = UNSET
    compute_cluster_id: int | None | str | Unset = UNSET
    start_after: datetime.datetime | None | Unset = UNSET
    cron_expression: None | str | Unset = UNSET
    credentials_name: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query = self.query

        query_type = self.query_type.value

        team_name: None | str | Unset
        if isinstance(self.team_name, Unset):
            team_name = UNSET
        else:
            team_name = self.team_name

        environment: None | str | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        else:
            environment = self.environment

        workers: int | None | Unset
        if isinstance(self.workers, Unset):
            workers = UNSET
        else:
            workers = self.workers

        query_name: None | str | Unset
        if isinstance(self.query_name, Unset):
            query_name = UNSET
        else:
            query_name = self.query_name

        rerun_from_job_id: None | str | Unset
        if isinstance(self.rerun_from_job_id, Unset):
            rerun_from_job_id = UNSET
        elif isinstance(self.rerun_from_job_id, UUID):
            rerun_from_job_id = str(self.rerun_from_job_id)
        else:
            rerun_from_job_id = self.rerun_from_job_id

        reset: bool | None | Unset
        if isinstance(self.reset, Unset):
            reset = UNSET
        else:
            reset = self.reset

        files: list[int | str] | None | Unset
        if isinstance(self.files, Unset):
            files = UNSET
        elif isinstance(self.files, list):
            files = []
            for files_type_0_item_data in self.files:
                files_type_0_item: int | str
                files_type_0_item = files_type_0_item_data
                files.append(files_type_0_item)

        else:
            files = self.files

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

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

        compute_cluster_name: None | str | Unset
        if isinstance(self.compute_cluster_name, Unset):
            compute_cluster_name = UNSET
        else:
            compute_cluster_name = self.compute_cluster_name

        compute_cluster_id: int | None | str | Unset
        if isinstance(self.compute_cluster_id, Unset):
            compute_cluster_id = UNSET
        else:
            compute_cluster_id = self.compute_cluster_id

        start_after: None | str | Unset
        if isinstance(self.start_after, Unset):
            start_after = UNSET
        elif isinstance(self.start_after, datetime.datetime):
            start_after = self.start_after.isoformat()
        else:
            start_after = self.start_after

        cron_expression: None | str | Unset
        if isinstance(self.cron_expression, Unset):
            cron_expression = UNSET
        else:
            cron_expression = self.cron_expression

        credentials_name: None | str | Unset
        if isinstance(self.credentials_name, Unset):
            credentials_name = UNSET
        else:
            credentials_name = self.credentials_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "query": query,
                "query_type": query_type,
            }
        )
        if team_name is not UNSET:
            field_dict["team_name"] = team_name
        if environment is not UNSET:
            field_dict["environment"] = environment
        if workers is not UNSET:
            field_dict["workers"] = workers
        if query_name is not UNSET:
            field_dict["query_name"] = query_name
        if rerun_from_job_id is not UNSET:
            field_dict["rerun_from_job_id"] = rerun_from_job_id
        if reset is not UNSET:
            field_dict["reset"] = reset
        if files is not UNSET:
            field_dict["files"] = files
        if python_version is not UNSET:
            field_dict["python_version"] = python_version
        if requirements is not UNSET:
            field_dict["requirements"] = requirements
        if repository is not UNSET:
            field_dict["repository"] = repository
        if priority is not UNSET:
            field_dict["priority"] = priority
        if compute_cluster_name is not UNSET:
            field_dict["compute_cluster_name"] = compute_cluster_name
        if compute_cluster_id is not UNSET:
            field_dict["compute_cluster_id"] = compute_cluster_id
        if start_after is not UNSET:
            field_dict["start_after"] = start_after
        if cron_expression is not UNSET:
            field_dict["cron_expression"] = cron_expression
        if credentials_name is not UNSET:
            field_dict["credentials_name"] = credentials_name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        query = d.pop("query")

        query_type = QueryType(d.pop("query_type"))

        def _parse_team_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        team_name = _parse_team_name(d.pop("team_name", UNSET))

        def _parse_environment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))

        def _parse_workers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        workers = _parse_workers(d.pop("workers", UNSET))

        def _parse_query_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        query_name = _parse_query_name(d.pop("query_name", UNSET))

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

        def _parse_reset(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        reset = _parse_reset(d.pop("reset", UNSET))

        def _parse_files(data: object) -> list[int | str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                files_type_0 = []
                _files_type_0 = data
                for files_type_0_item_data in _files_type_0:

                    def _parse_files_type_0_item(data: object) -> int | str:
                        return cast(int | str, data)

                    files_type_0_item = _parse_files_type_0_item(files_type_0_item_data)

                    files_type_0.append(files_type_0_item)

                return files_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int | str] | None | Unset, data)

        files = _parse_files(d.pop("files", UNSET))

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

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

        def _parse_compute_cluster_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        compute_cluster_name = _parse_compute_cluster_name(d.pop("compute_cluster_name", UNSET))

        def _parse_compute_cluster_id(data: object) -> int | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | str | Unset, data)

        compute_cluster_id = _parse_compute_cluster_id(d.pop("compute_cluster_id", UNSET))

        def _parse_start_after(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                start_after_type_0 = datetime.datetime.fromisoformat(data)

                return start_after_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        start_after = _parse_start_after(d.pop("start_after", UNSET))

        def _parse_cron_expression(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cron_expression = _parse_cron_expression(d.pop("cron_expression", UNSET))

        def _parse_credentials_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        credentials_name = _parse_credentials_name(d.pop("credentials_name", UNSET))

        job_input = cls(
            query=query,
            query_type=query_type,
            team_name=team_name,
            environment=environment,
            workers=workers,
            query_name=query_name,
            rerun_from_job_id=rerun_from_job_id,
            reset=reset,
            files=files,
            python_version=python_version,
            requirements=requirements,
            repository=repository,
            priority=priority,
            compute_cluster_name=compute_cluster_name,
            compute_cluster_id=compute_cluster_id,
            start_after=start_after,
            cron_expression=cron_expression,
            credentials_name=credentials_name,
        )

        job_input.additional_properties = d
        return job_input

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
