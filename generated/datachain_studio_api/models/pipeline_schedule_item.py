from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.user_output import UserOutput


T = TypeVar("T", bound="PipelineScheduleItem")


@_attrs_define
class PipelineScheduleItem:
    """A schedule as the list shows it (without its pipeline and runs).

    Attributes:
        id (int):
        schedule_name (str):
        cron_expression (str):
        created_at (datetime.datetime | Unset):
        updated_at (datetime.datetime | Unset):
        start_after (datetime.datetime | None | Unset):
        next_run (datetime.datetime | None | Unset):
        created_by (None | Unset | UserOutput):
    """

    id: int
    schedule_name: str
    cron_expression: str
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    start_after: datetime.datetime | None | Unset = UNSET
    next_run: datetime.datetime | None | Unset = UNSET
    created_by: None | Unset | UserOutput = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.user_output import UserOutput  # noqa: PLC0415

        id = self.id

        schedule_name = self.schedule_name

        cron_expression = self.cron_expression

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        start_after: None | str | Unset
        if isinstance(self.start_after, Unset):
            start_after = UNSET
        elif isinstance(self.start_after, datetime.datetime):
            start_after = self.start_after.isoformat()
        else:
            start_after = self.start_after

        next_run: None | str | Unset
        if isinstance(self.next_run, Unset):
            next_run = UNSET
        elif isinstance(self.next_run, datetime.datetime):
            next_run = self.next_run.isoformat()
        else:
            next_run = self.next_run

        created_by: dict[str, Any] | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        elif isinstance(self.created_by, UserOutput):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "schedule_name": schedule_name,
                "cron_expression": cron_expression,
            }
        )
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if updated_at is not UNSET:
            field_dict["updated_at"] = updated_at
        if start_after is not UNSET:
            field_dict["start_after"] = start_after
        if next_run is not UNSET:
            field_dict["next_run"] = next_run
        if created_by is not UNSET:
            field_dict["created_by"] = created_by

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.user_output import UserOutput  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        schedule_name = d.pop("schedule_name")

        cron_expression = d.pop("cron_expression")

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

        def _parse_next_run(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_run_type_0 = datetime.datetime.fromisoformat(data)

                return next_run_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        next_run = _parse_next_run(d.pop("next_run", UNSET))

        def _parse_created_by(data: object) -> None | Unset | UserOutput:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                created_by_type_0 = UserOutput.from_dict(data)

                return created_by_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UserOutput, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        pipeline_schedule_item = cls(
            id=id,
            schedule_name=schedule_name,
            cron_expression=cron_expression,
            created_at=created_at,
            updated_at=updated_at,
            start_after=start_after,
            next_run=next_run,
            created_by=created_by,
        )

        pipeline_schedule_item.additional_properties = d
        return pipeline_schedule_item

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
