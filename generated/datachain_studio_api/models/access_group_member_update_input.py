from __future__ import annotations

from typing import Any

from ..types import (
    _STR,
    Model,
    _Field,
    _to_json,
)


class AccessGroupMemberUpdateInput(Model):
    """The `AccessGroupMemberUpdateInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        role: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["role"] = _to_json(role)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (_Field("role", "role", _STR, True, False),)

    @property
    def role(self) -> str:
        return self._data.get("role")
