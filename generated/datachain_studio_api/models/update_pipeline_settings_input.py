from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdatePipelineSettingsInput")


@_attrs_define
class UpdatePipelineSettingsInput:
    """
    Attributes:
        team_name (str):
        pipeline_name (str):
        python_version (None | str | Unset):
        requirements (None | str | Unset):
        repository (None | str | Unset):
        workers (int | None | Unset):
        priority (int | None | Unset):
        environment (None | str | Unset): Environment variables, one `NAME=value` per line.
        files (list[int | str] | None | Unset): Ids of uploaded files; strings or integers, as for `JobInput.files`.
        credentials_names (list[str] | None | Unset):
    """

    team_name: str
    pipeline_name: str
    python_version: None | str | Unset = UNSET
    requirements: None | str | Unset = UNSET
    repository: None | str | Unset = UNSET
    workers: int | None | Unset = UNSET
    priority: int | None | Unset = UNSET
    environment: None | str | Unset = UNSET
    files: list[int | str] | None | Unset = UNSET
    credentials_names: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        team_name = self.team_name

        pipeline_name = self.pipeline_name

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

        environment: None | str | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        else:
            environment = self.environment

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

        credentials_names: list[str] | None | Unset
        if isinstance(self.credentials_names, Unset):
            credentials_names = UNSET
        elif isinstance(self.credentials_names, list):
            credentials_names = self.credentials_names

        else:
            credentials_names = self.credentials_names

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "team_name": team_name,
                "pipeline_name": pipeline_name,
            }
        )
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
        if environment is not UNSET:
            field_dict["environment"] = environment
        if files is not UNSET:
            field_dict["files"] = files
        if credentials_names is not UNSET:
            field_dict["credentials_names"] = credentials_names

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        team_name = d.pop("team_name")

        pipeline_name = d.pop("pipeline_name")

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

        def _parse_environment(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))

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

        def _parse_credentials_names(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                credentials_names_type_0 = cast(list[str], data)

                return credentials_names_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        credentials_names = _parse_credentials_names(d.pop("credentials_names", UNSET))

        update_pipeline_settings_input = cls(
            team_name=team_name,
            pipeline_name=pipeline_name,
            python_version=python_version,
            requirements=requirements,
            repository=repository,
            workers=workers,
            priority=priority,
            environment=environment,
            files=files,
            credentials_names=credentials_names,
        )

        update_pipeline_settings_input.additional_properties = d
        return update_pipeline_settings_input

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
