from __future__ import annotations

from typing import Any

from ..types import (
    _STR,
    Model,
    _Field,
    _to_json,
)


class AccessRuleUpdateInput(Model):
    """The `AccessRuleUpdateInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        permission: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["permission"] = _to_json(permission)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (_Field("permission", "permission", _STR, True, False),)

    @property
    def permission(self) -> str:
        return self._data.get("permission")
