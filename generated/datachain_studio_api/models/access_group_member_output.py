from __future__ import annotations

from typing import Any

from ..types import (
    _INT,
    _STR,
    Model,
    _Field,
    _to_json,
)


class AccessGroupMemberOutput(Model):
    """The `AccessGroupMemberOutput` object of the API.

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
        username: str | None = None,
        email: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["user_id"] = _to_json(user_id)
        _sent["role"] = _to_json(role)
        if username is not None:
            _sent["username"] = _to_json(username)
        if email is not None:
            _sent["email"] = _to_json(email)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("user_id", "user_id", _INT, True, False),
            _Field("role", "role", _STR, True, False),
            _Field("username", "username", _STR, False, True),
            _Field("email", "email", _STR, False, True),
        )

    @property
    def user_id(self) -> int:
        return self._get("user_id")

    @property
    def role(self) -> str:
        """The member's role in the group, e.g. `read`, `write`, `admin`."""
        return self._data.get("role")

    @property
    def username(self) -> str | None:
        return self._data.get("username")

    @property
    def email(self) -> str | None:
        return self._data.get("email")
