from __future__ import annotations

import datetime
from typing import Any

from ..types import (
    _BOOL,
    _DATETIME,
    _INT,
    _STR,
    UNSET,
    Model,
    Unset,
    _Field,
    _to_json,
)


class UpdatePipelineScheduleInput(Model):
    """The `UpdatePipelineScheduleInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out is not sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        team_name: str,
        schedule_id: int,
        schedule_name: str | None | Unset = UNSET,
        start_after: datetime.datetime | None | Unset = UNSET,
        cron_expression: str | None | Unset = UNSET,
        pause_pipeline: bool | None | Unset = UNSET,
    ) -> None:
        data: dict[str, Any] = {}
        data["team_name"] = _to_json(team_name)
        data["schedule_id"] = _to_json(schedule_id)
        if not isinstance(schedule_name, Unset):
            data["schedule_name"] = _to_json(schedule_name)
        if not isinstance(start_after, Unset):
            data["start_after"] = _to_json(start_after)
        if not isinstance(cron_expression, Unset):
            data["cron_expression"] = _to_json(cron_expression)
        if not isinstance(pause_pipeline, Unset):
            data["pause_pipeline"] = _to_json(pause_pipeline)
        self._data = data
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("schedule_id", "schedule_id", _INT, True, False),
            _Field("schedule_name", "schedule_name", _STR, False, True),
            _Field("start_after", "start_after", _DATETIME, False, True),
            _Field("cron_expression", "cron_expression", _STR, False, True),
            _Field("pause_pipeline", "pause_pipeline", _BOOL, False, True),
        )

    @property
    def team_name(self) -> str:
        return self._data.get("team_name")

    @property
    def schedule_id(self) -> int:
        return self._get("schedule_id")

    @property
    def schedule_name(self) -> str | None:
        return self._data.get("schedule_name")

    @property
    def start_after(self) -> datetime.datetime | None:
        return self._get("start_after")

    @property
    def cron_expression(self) -> str | None:
        return self._data.get("cron_expression")

    @property
    def pause_pipeline(self) -> bool | None:
        """`true` pauses the schedule, `false` resumes it."""
        return self._data.get("pause_pipeline")
