from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.storage_entry import StorageEntry


class StorageListing(Model):
    """The answer to `list_storage` (a msgpack map). `data` null, or absent: Studio is
    still indexing the storage, and the official CLI prints "Error: Indexing in
    progress" for that path; ask again later.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        data: list[StorageEntry] | None = None,
        message: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        if data is not None:
            _sent["data"] = _to_json(data)
        if message is not None:
            _sent["message"] = _to_json(message)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.storage_entry import StorageEntry  # noqa: PLC0415

        return (
            _Field("data", "data", _List(_Model(StorageEntry)), False, True),
            _Field("message", "message", _STR, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def data(self) -> list[StorageEntry] | None: ...

        @property
        def message(self) -> str | None:
            """A note, or on an error what went wrong."""

    else:
        data = _Deferred()
        message = _Deferred("A note, or on an error what went wrong.")
