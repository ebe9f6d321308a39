from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models.dataset_export_state import DatasetExportState
from ..types import (
    _INT,
    Model,
    _bind,
    _Deferred,
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
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("status", "status", _Enum(DatasetExportState, open=True), True, False),
            _Field("files_done", "files_done", _INT, False, True),
            _Field("num_files", "num_files", _INT, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def status(self) -> DatasetExportState:
            """`completed` once every chunk is written; `failed` and `removed` end the export.
            Other values (the export still running) may come."""

        @property
        def files_done(self) -> int | None: ...

        @property
        def num_files(self) -> int | None: ...

    else:
        status = _Deferred(
            "`completed` once every chunk is written; `failed` and `removed` end the export.Other values (the export still running) may come."
        )
        files_done = _Deferred()
        num_files = _Deferred()
