from __future__ import annotations

from typing import Any

from ..types import (
    _BOOL,
    Model,
    _Field,
    _to_json,
)


class DeletePipelineScheduleOutput(Model):
    """The `DeletePipelineScheduleOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        ok: bool,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["ok"] = _to_json(ok)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (_Field("ok", "ok", _BOOL, True, False),)

    @property
    def ok(self) -> bool:
        return self._data.get("ok")
