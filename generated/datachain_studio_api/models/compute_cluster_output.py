from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ComputeClusterOutput")


@_attrs_define
class ComputeClusterOutput:
    """A compute cluster. Newer servers send string ids (`"k3f9x2mq7a"`) and the extra
    fields `active_workers`, `busy_workers`, `cloud_region`, `instance_type`,
    `compute_class` and `disk_size`.

        Attributes:
            id (int | str):
            name (str):
            status (str): The cluster's status; `ACTIVE` is the one known value, others may come.
            cloud_provider (str):
            is_active (bool):
            default (bool): Jobs that name no cluster run on the default one.
            max_workers (int):
            cloud_credentials (None | str | Unset):
            active_workers (int | None | Unset):
            busy_workers (int | None | Unset):
            cloud_region (None | str | Unset):
            instance_type (None | str | Unset):
            compute_class (None | str | Unset):
            disk_size (int | None | Unset): Disk size of a worker, in GB.
    """

    id: int | str
    name: str
    status: str
    cloud_provider: str
    is_active: bool
    default: bool
    max_workers: int
    cloud_credentials: None | str | Unset = UNSET
    active_workers: int | None | Unset = UNSET
    busy_workers: int | None | Unset = UNSET
    cloud_region: None | str | Unset = UNSET
    instance_type: None | str | Unset = UNSET
    compute_class: None | str | Unset = UNSET
    disk_size: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str
        id = self.id

        name = self.name

        status = self.status

        cloud_provider = self.cloud_provider

        is_active = self.is_active

        default = self.default

        max_workers = self.max_workers

        cloud_credentials: None | str | Unset
        if isinstance(self.cloud_credentials, Unset):
            cloud_credentials = UNSET
        else:
            cloud_credentials = self.cloud_credentials

        active_workers: int | None | Unset
        if isinstance(self.active_workers, Unset):
            active_workers = UNSET
        else:
            active_workers = self.active_workers

        busy_workers: int | None | Unset
        if isinstance(self.busy_workers, Unset):
            busy_workers = UNSET
        else:
            busy_workers = self.busy_workers

        cloud_region: None | str | Unset
        if isinstance(self.cloud_region, Unset):
            cloud_region = UNSET
        else:
            cloud_region = self.cloud_region

        instance_type: None | str | Unset
        if isinstance(self.instance_type, Unset):
            instance_type = UNSET
        else:
            instance_type = self.instance_type

        compute_class: None | str | Unset
        if isinstance(self.compute_class, Unset):
            compute_class = UNSET
        else:
            compute_class = self.compute_class

        disk_size: int | None | Unset
        if isinstance(self.disk_size, Unset):
            disk_size = UNSET
        else:
            disk_size = self.disk_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "status": status,
                "cloud_provider": cloud_provider,
                "is_active": is_active,
                "default": default,
                "max_workers": max_workers,
            }
        )
        if cloud_credentials is not UNSET:
            field_dict["cloud_credentials"] = cloud_credentials
        if active_workers is not UNSET:
            field_dict["active_workers"] = active_workers
        if busy_workers is not UNSET:
            field_dict["busy_workers"] = busy_workers
        if cloud_region is not UNSET:
            field_dict["cloud_region"] = cloud_region
        if instance_type is not UNSET:
            field_dict["instance_type"] = instance_type
        if compute_class is not UNSET:
            field_dict["compute_class"] = compute_class
        if disk_size is not UNSET:
            field_dict["disk_size"] = disk_size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> int | str:
            return cast(int | str, data)

        id = _parse_id(d.pop("id"))

        name = d.pop("name")

        status = d.pop("status")

        cloud_provider = d.pop("cloud_provider")

        is_active = d.pop("is_active")

        default = d.pop("default")

        max_workers = d.pop("max_workers")

        def _parse_cloud_credentials(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cloud_credentials = _parse_cloud_credentials(d.pop("cloud_credentials", UNSET))

        def _parse_active_workers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        active_workers = _parse_active_workers(d.pop("active_workers", UNSET))

        def _parse_busy_workers(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        busy_workers = _parse_busy_workers(d.pop("busy_workers", UNSET))

        def _parse_cloud_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cloud_region = _parse_cloud_region(d.pop("cloud_region", UNSET))

        def _parse_instance_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instance_type = _parse_instance_type(d.pop("instance_type", UNSET))

        def _parse_compute_class(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        compute_class = _parse_compute_class(d.pop("compute_class", UNSET))

        def _parse_disk_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        disk_size = _parse_disk_size(d.pop("disk_size", UNSET))

        compute_cluster_output = cls(
            id=id,
            name=name,
            status=status,
            cloud_provider=cloud_provider,
            is_active=is_active,
            default=default,
            max_workers=max_workers,
            cloud_credentials=cloud_credentials,
            active_workers=active_workers,
            busy_workers=busy_workers,
            cloud_region=cloud_region,
            instance_type=instance_type,
            compute_class=compute_class,
            disk_size=disk_size,
        )

        compute_cluster_output.additional_properties = d
        return compute_cluster_output

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
