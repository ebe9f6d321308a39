from __future__ import annotations

from typing import Any

from ..models.dataset_export_state import DatasetExportState
from ..types import (
    _INT,
    Model,
    _Enum,
    _Field,
    _to_json,
)


class DatasetExportStatus(Model):
    """The `DatasetExportStatus` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        status: DatasetExportState | str,
        files_done: int | None = None,
        num_files: int | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["status"] = _to_json(status)
        if files_done is not None:
            _sent["files_done"] = _to_json(files_done)
        if num_files is not None:
            _sent["num_files"] = _to_json(num_files)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("status", "status", _Enum(DatasetExportState, open=True), True, False),
            _Field("files_done", "files_done", _INT, False, True),
            _Field("num_files", "num_files", _INT, False, True),
        )

    @property
    def status(self) -> DatasetExportState:
        """`completed` once every chunk is written; `failed` and `removed` end the export.
        Other values (the export still running) may come."""
        return self._get("status")

    @property
    def files_done(self) -> int | None:
        return self._get("files_done")

    @property
    def num_files(self) -> int | None:
        return self._get("num_files")
