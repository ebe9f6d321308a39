from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TriggerPipelineInput")


@_attrs_define
class TriggerPipelineInput:
    """
    Attributes:
        datasets (list[str]): Datasets to build the pipeline for: `name`, `name@vX.Y.Z`,
            `@namespace.project.name` or `@namespace.project.name@vX.Y.Z`.
        team_name (str):
        review (bool | None | Unset): Wait for review in the UI before the definition can run.
    """

    datasets: list[str]
    team_name: str
    review: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        datasets = self.datasets

        team_name = self.team_name

        review: bool | None | Unset
        if isinstance(self.review, Unset):
            review = UNSET
        else:
            review = self.review

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "datasets": datasets,
                "team_name": team_name,
            }
        )
        if review is not UNSET:
            field_dict["review"] = review

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        datasets = cast(list[str], d.pop("datasets"))

        team_name = d.pop("team_name")

        def _parse_review(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        review = _parse_review(d.pop("review", UNSET))

        trigger_pipeline_input = cls(
            datasets=datasets,
            team_name=team_name,
            review=review,
        )

        trigger_pipeline_input.additional_properties = d
        return trigger_pipeline_input

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
