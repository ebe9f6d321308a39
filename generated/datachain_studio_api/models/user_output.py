from __future__ import annotations

from typing import Any

from ..types import (
    _STR,
    Model,
    _Field,
    _to_json,
)


class UserOutput(Model):
    """The `UserOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        username: str,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["username"] = _to_json(username)
        if first_name is not None:
            _sent["first_name"] = _to_json(first_name)
        if last_name is not None:
            _sent["last_name"] = _to_json(last_name)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("username", "username", _STR, True, False),
            _Field("first_name", "first_name", _STR, False, True),
            _Field("last_name", "last_name", _STR, False, True),
        )

    @property
    def username(self) -> str:
        return self._data.get("username")

    @property
    def first_name(self) -> str | None:
        return self._data.get("first_name")

    @property
    def last_name(self) -> str | None:
        return self._data.get("last_name")
