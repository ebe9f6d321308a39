from __future__ import annotations

from typing import Any

from ..types import (
    _INT,
    _STR,
    Model,
    _Field,
    _to_json,
)


class DeletePipelineScheduleInput(Model):
    """The `DeletePipelineScheduleInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        team_name: str,
        schedule_id: int,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["team_name"] = _to_json(team_name)
        _sent["schedule_id"] = _to_json(schedule_id)
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("schedule_id", "schedule_id", _INT, True, False),
        )

    @property
    def team_name(self) -> str:
        return self._data.get("team_name")

    @property
    def schedule_id(self) -> int:
        return self._get("schedule_id")
