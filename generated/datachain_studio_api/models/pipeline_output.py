from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.job_pipeline_output import JobPipelineOutput


T = TypeVar("T", bound="PipelineOutput")


@_attrs_define
class PipelineOutput:
    """
    Attributes:
        ok (bool):
        pipeline (JobPipelineOutput): A pipeline, either a definition (`is_definition`) or a run.
    """

    ok: bool
    pipeline: JobPipelineOutput
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        ok = self.ok

        pipeline = self.pipeline.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "ok": ok,
                "pipeline": pipeline,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_pipeline_output import JobPipelineOutput  # noqa: PLC0415

        d = dict(src_dict)
        ok = d.pop("ok")

        pipeline = JobPipelineOutput.from_dict(d.pop("pipeline"))

        pipeline_output = cls(
            ok=ok,
            pipeline=pipeline,
        )

        pipeline_output.additional_properties = d
        return pipeline_output

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
