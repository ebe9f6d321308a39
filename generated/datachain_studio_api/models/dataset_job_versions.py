from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.dataset_job_version import DatasetJobVersion


class DatasetJobVersions(Model):
    """The `DatasetJobVersions` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        dataset_versions: list[DatasetJobVersion] | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        if dataset_versions is not None:
            _sent["dataset_versions"] = _to_json(dataset_versions)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.dataset_job_version import DatasetJobVersion  # noqa: PLC0415

        return (_Field("dataset_versions", "dataset_versions", _List(_Model(DatasetJobVersion)), False, False),)

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def dataset_versions(self) -> list[DatasetJobVersion] | None: ...

    else:
        dataset_versions = _Deferred()
