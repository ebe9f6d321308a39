from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="JobPipelineRunOutput")


@_attrs_define
class JobPipelineRunOutput:
    """One job of a pipeline, with the ids of the jobs it waits for.

    Attributes:
        job_id (UUID):
        status (JobStatus | str): The job's status in the run (a job status, or `string` in the reference).
        parent_job_ids (list[UUID]):
        name (str):
        created_job_id (None | Unset | UUID): The job that this run created, once it has started.
    """

    job_id: UUID
    status: JobStatus | str
    parent_job_ids: list[UUID]
    name: str
    created_job_id: None | Unset | UUID = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        job_id = str(self.job_id)

        status: str
        if isinstance(self.status, JobStatus):
            status = self.status.value
        else:
            status = self.status

        parent_job_ids = []
        for parent_job_ids_item_data in self.parent_job_ids:
            parent_job_ids_item = str(parent_job_ids_item_data)
            parent_job_ids.append(parent_job_ids_item)

        name = self.name

        created_job_id: None | str | Unset
        if isinstance(self.created_job_id, Unset):
            created_job_id = UNSET
        elif isinstance(self.created_job_id, UUID):
            created_job_id = str(self.created_job_id)
        else:
            created_job_id = self.created_job_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "job_id": job_id,
                "status": status,
                "parent_job_ids": parent_job_ids,
                "name": name,
            }
        )
        if created_job_id is not UNSET:
            field_dict["created_job_id"] = created_job_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        job_id = UUID(d.pop("job_id"))

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

        parent_job_ids = []
        _parent_job_ids = d.pop("parent_job_ids")
        for parent_job_ids_item_data in _parent_job_ids:
            parent_job_ids_item = UUID(parent_job_ids_item_data)

            parent_job_ids.append(parent_job_ids_item)

        name = d.pop("name")

        def _parse_created_job_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_job_id_type_0 = UUID(data)

                return created_job_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        created_job_id = _parse_created_job_id(d.pop("created_job_id", UNSET))

        job_pipeline_run_output = cls(
            job_id=job_id,
            status=status,
            parent_job_ids=parent_job_ids,
            name=name,
            created_job_id=created_job_id,
        )

        job_pipeline_run_output.additional_properties = d
        return job_pipeline_run_output

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
