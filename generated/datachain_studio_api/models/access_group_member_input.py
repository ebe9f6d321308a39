from __future__ import annotations

from typing import Any

from ..types import (
    _INT,
    _STR,
    Model,
    _Field,
    _to_json,
)


class AccessGroupMemberInput(Model):
    """The `AccessGroupMemberInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        user_id: int,
        role: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["user_id"] = _to_json(user_id)
        _sent["role"] = _to_json(role)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("user_id", "user_id", _INT, True, False),
            _Field("role", "role", _STR, True, False),
        )

    @property
    def user_id(self) -> int:
        return self._get("user_id")

    @property
    def role(self) -> str:
        """The role to give, e.g. `read`, `write`, `admin`."""
        return self._data.get("role")
