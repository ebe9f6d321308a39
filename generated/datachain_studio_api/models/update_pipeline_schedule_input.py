from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdatePipelineScheduleInput")


@_attrs_define
class UpdatePipelineScheduleInput:
    """
    Attributes:
        team_name (str):
        schedule_id (int):
        schedule_name (None | str | Unset):
        start_after (datetime.datetime | None | Unset):
        cron_expression (None | str | Unset):
        pause_pipeline (bool | None | Unset): `true` pauses the schedule, `false` resumes it.
    """

    team_name: str
    schedule_id: int
    schedule_name: None | str | Unset = UNSET
    start_after: datetime.datetime | None | Unset = UNSET
    cron_expression: None | str | Unset = UNSET
    pause_pipeline: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        team_name = self.team_name

        schedule_id = self.schedule_id

        schedule_name: None | str | Unset
        if isinstance(self.schedule_name, Unset):
            schedule_name = UNSET
        else:
            schedule_name = self.schedule_name

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

        pause_pipeline: bool | None | Unset
        if isinstance(self.pause_pipeline, Unset):
            pause_pipeline = UNSET
        else:
            pause_pipeline = self.pause_pipeline

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "team_name": team_name,
                "schedule_id": schedule_id,
            }
        )
        if schedule_name is not UNSET:
            field_dict["schedule_name"] = schedule_name
        if start_after is not UNSET:
            field_dict["start_after"] = start_after
        if cron_expression is not UNSET:
            field_dict["cron_expression"] = cron_expression
        if pause_pipeline is not UNSET:
            field_dict["pause_pipeline"] = pause_pipeline

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        team_name = d.pop("team_name")

        schedule_id = d.pop("schedule_id")

        def _parse_schedule_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        schedule_name = _parse_schedule_name(d.pop("schedule_name", UNSET))

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

        def _parse_pause_pipeline(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        pause_pipeline = _parse_pause_pipeline(d.pop("pause_pipeline", UNSET))

        update_pipeline_schedule_input = cls(
            team_name=team_name,
            schedule_id=schedule_id,
            schedule_name=schedule_name,
            start_after=start_after,
            cron_expression=cron_expression,
            pause_pipeline=pause_pipeline,
        )

        update_pipeline_schedule_input.additional_properties = d
        return update_pipeline_schedule_input

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
