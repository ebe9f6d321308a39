from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreatePipelineScheduleInput")


@_attrs_define
class CreatePipelineScheduleInput:
    """Name the pipeline by `pipeline_id` or by `pipeline_name`.

    Attributes:
        team_name (str):
        cron_expression (str): A five-field cron expression.
        schedule_name (None | str | Unset):
        pipeline_id (None | str | Unset): The pipeline's id (the reference's example is not a UUID, so any string).
        pipeline_name (None | str | Unset):
        start_after (datetime.datetime | None | Unset):
    """

    team_name: str
    cron_expression: str
    schedule_name: None | str | Unset = UNSET
    pipeline_id: None | str | Unset = UNSET
    pipeline_name: None | str | Unset = UNSET
    start_after: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        team_name = self.team_name

        cron_expression = self.cron_expression

        schedule_name: None | str | Unset
        if isinstance(self.schedule_name, Unset):
            schedule_name = UNSET
        else:
            schedule_name = self.schedule_name

        pipeline_id: None | str | Unset
        if isinstance(self.pipeline_id, Unset):
            pipeline_id = UNSET
        else:
            pipeline_id = self.pipeline_id

        pipeline_name: None | str | Unset
        if isinstance(self.pipeline_name, Unset):
            pipeline_name = UNSET
        else:
            pipeline_name = self.pipeline_name

        start_after: None | str | Unset
        if isinstance(self.start_after, Unset):
            start_after = UNSET
        elif isinstance(self.start_after, datetime.datetime):
            start_after = self.start_after.isoformat()
        else:
            start_after = self.start_after

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "team_name": team_name,
                "cron_expression": cron_expression,
            }
        )
        if schedule_name is not UNSET:
            field_dict["schedule_name"] = schedule_name
        if pipeline_id is not UNSET:
            field_dict["pipeline_id"] = pipeline_id
        if pipeline_name is not UNSET:
            field_dict["pipeline_name"] = pipeline_name
        if start_after is not UNSET:
            field_dict["start_after"] = start_after

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        team_name = d.pop("team_name")

        cron_expression = d.pop("cron_expression")

        def _parse_schedule_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        schedule_name = _parse_schedule_name(d.pop("schedule_name", UNSET))

        def _parse_pipeline_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pipeline_id = _parse_pipeline_id(d.pop("pipeline_id", UNSET))

        def _parse_pipeline_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        pipeline_name = _parse_pipeline_name(d.pop("pipeline_name", UNSET))

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

        create_pipeline_schedule_input = cls(
            team_name=team_name,
            cron_expression=cron_expression,
            schedule_name=schedule_name,
            pipeline_id=pipeline_id,
            pipeline_name=pipeline_name,
            start_after=start_after,
        )

        create_pipeline_schedule_input.additional_properties = d
        return create_pipeline_schedule_input

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
