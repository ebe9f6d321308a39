from __future__ import annotations

from typing import Any

from ..types import (
    _STR,
    Model,
    _Field,
    _to_json,
)


class AccessGroupInput(Model):
    """The `AccessGroupInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        description: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        if description is not None:
            _sent["description"] = _to_json(description)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, True, False),
            _Field("description", "description", _STR, False, True),
        )

    @property
    def name(self) -> str:
        return self._data.get("name")

    @property
    def description(self) -> str | None:
        return self._data.get("description")
