from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..models.upload_state import UploadState
from ..types import (
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _to_json,
)


class UploadFileOutput(Model):
    """The `UploadFileOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: int,
        filename: str,
        size: int,
        state: UploadState,
        error: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["filename"] = _to_json(filename)
        _sent["size"] = _to_json(size)
        _sent["state"] = _to_json(state)
        if error is not None:
            _sent["error"] = _to_json(error)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _INT, True, False),
            _Field("filename", "filename", _STR, True, False),
            _Field("size", "size", _INT, True, False),
            _Field("state", "state", _Enum(UploadState, open=False), True, False),
            _Field("error", "error", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> int:
            """Put this id in `JobInput.files`."""

        @property
        def filename(self) -> str: ...

        @property
        def size(self) -> int:
            """Bytes."""

        @property
        def state(self) -> UploadState:
            """Where an uploaded file stands."""

        @property
        def error(self) -> str | None: ...

    else:
        id = _Deferred("Put this id in `JobInput.files`.")
        filename = _Deferred()
        size = _Deferred("Bytes.")
        state = _Deferred("Where an uploaded file stands.")
        error = _Deferred()
