from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..types import (
    _DATETIME,
    _INT,
    _STR,
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class AccessGroupOutput(Model):
    """The `AccessGroupOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: UUID,
        name: str,
        description: str | None = None,
        member_count: int | None = None,
        created_at: datetime.datetime | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["name"] = _to_json(name)
        if description is not None:
            _sent["description"] = _to_json(description)
        if member_count is not None:
            _sent["member_count"] = _to_json(member_count)
        if created_at is not None:
            _sent["created_at"] = _to_json(created_at)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _UUID, True, False),
            _Field("name", "name", _STR, True, False),
            _Field("description", "description", _STR, False, True),
            _Field("member_count", "member_count", _INT, False, False),
            _Field("created_at", "created_at", _DATETIME, False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> UUID: ...

        @property
        def name(self) -> str: ...

        @property
        def description(self) -> str | None: ...

        @property
        def member_count(self) -> int | None: ...

        @property
        def created_at(self) -> datetime.datetime | None: ...

    else:
        id = _Deferred()
        name = _Deferred()
        description = _Deferred()
        member_count = _Deferred()
        created_at = _Deferred()
