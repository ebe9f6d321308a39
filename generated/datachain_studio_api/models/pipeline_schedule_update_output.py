from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.pipeline_schedule_output import PipelineScheduleOutput


T = TypeVar("T", bound="PipelineScheduleUpdateOutput")


@_attrs_define
class PipelineScheduleUpdateOutput:
    """
    Attributes:
        ok (bool):
        schedule (PipelineScheduleOutput):
    """

    ok: bool
    schedule: PipelineScheduleOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        schedule = self.schedule.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "schedule": schedule,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.pipeline_schedule_output import PipelineScheduleOutput  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        schedule = PipelineScheduleOutput.from_dict(d.pop("schedule"))

        pipeline_schedule_update_output = cls(
            ok=ok,
            schedule=schedule,
        )

        pipeline_schedule_update_output.additional_properties = d
        return pipeline_schedule_update_output

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
