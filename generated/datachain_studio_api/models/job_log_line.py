from __future__ import annotations

from typing import Any

from ..types import (
    _INT,
    _STR,
    Model,
    _Field,
    _to_json,
    _Union,
)


class JobLogLine(Model):
    """One log line; `id`s increase through a job's log.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: int | str,
        message: str,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["message"] = _to_json(message)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("id", "id", _Union(_INT, _STR), True, False),
            _Field("message", "message", _STR, True, False),
        )

    @property
    def id(self) -> int | str:
        return self._get("id")

    @property
    def message(self) -> str:
        return self._data.get("message")
