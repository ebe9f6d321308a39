from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ..types import (
    _DATETIME,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class DatasetNamespace(Model):
    """The namespace a project belongs to.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        id: int | None = None,
        uuid: str | None = None,
        descr: str | None = None,
        created_at: datetime.datetime | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        if id is not None:
            _sent["id"] = _to_json(id)
        if uuid is not None:
            _sent["uuid"] = _to_json(uuid)
        if descr is not None:
            _sent["descr"] = _to_json(descr)
        if created_at is not None:
            _sent["created_at"] = _to_json(created_at)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, True, False),
            _Field("id", "id", _INT, False, False),
            _Field("uuid", "uuid", _STR, False, False),
            _Field("descr", "descr", _STR, False, True),
            _Field("created_at", "created_at", _DATETIME, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str: ...

        @property
        def id(self) -> int | None: ...

        @property
        def uuid(self) -> str | None: ...

        @property
        def descr(self) -> str | None: ...

        @property
        def created_at(self) -> datetime.datetime | None: ...

    else:
        name = _Deferred()
        id = _Deferred()
        uuid = _Deferred()
        descr = _Deferred()
        created_at = _Deferred()
