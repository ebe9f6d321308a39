from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from ..types import (
    _DATETIME,
    _INT,
    _STR,
    _UUID,
    Model,
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
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _UUID, True, False),
            _Field("name", "name", _STR, True, False),
            _Field("description", "description", _STR, False, True),
            _Field("member_count", "member_count", _INT, False, False),
            _Field("created_at", "created_at", _DATETIME, False, False),
        )

    @property
    def id(self) -> UUID:
        return self._get("id")

    @property
    def name(self) -> str:
        return self._data.get("name")

    @property
    def description(self) -> str | None:
        return self._data.get("description")

    @property
    def member_count(self) -> int | None:
        return self._get("member_count")

    @property
    def created_at(self) -> datetime.datetime | None:
        return self._get("created_at")
