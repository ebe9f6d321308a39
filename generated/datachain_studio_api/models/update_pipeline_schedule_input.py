from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _BOOL,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class UpdatePipelineScheduleInput(Model):
    """The `UpdatePipelineScheduleInput` object of the API.

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
        schedule_name: str | None = None,
        start_after: str | None = None,
        cron_expression: str | None = None,
        pause_pipeline: bool | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["team_name"] = _to_json(team_name)
        _sent["schedule_id"] = _to_json(schedule_id)
        if schedule_name is not None:
            _sent["schedule_name"] = _to_json(schedule_name)
        if start_after is not None:
            _sent["start_after"] = _to_json(start_after)
        if cron_expression is not None:
            _sent["cron_expression"] = _to_json(cron_expression)
        if pause_pipeline is not None:
            _sent["pause_pipeline"] = _to_json(pause_pipeline)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("schedule_id", "schedule_id", _INT, True, False),
            _Field("schedule_name", "schedule_name", _STR, False, True),
            _Field("start_after", "start_after", _STR, False, True),
            _Field("cron_expression", "cron_expression", _STR, False, True),
            _Field("pause_pipeline", "pause_pipeline", _BOOL, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def team_name(self) -> str: ...

        @property
        def schedule_id(self) -> int: ...

        @property
        def schedule_name(self) -> str | None: ...

        @property
        def start_after(self) -> str | None:
            """A moment to start at, in ISO 8601: an RFC 3339 date-time, or the same without an
            offset.
            Beyond the reference: the official client sends the offset-less form for a
            `--start-time` typed without a zone (`2030-01-15T14:30:00`, from `dateparser`), and
            Studio takes it. Assumed here, as nothing shows Studio's zone: an offset-less time
            is UTC. Clients that can should send an offset."""

        @property
        def cron_expression(self) -> str | None: ...

        @property
        def pause_pipeline(self) -> bool | None:
            """`true` pauses the schedule, `false` resumes it."""

    else:
        team_name = _Deferred()
        schedule_id = _Deferred()
        schedule_name = _Deferred()
        start_after = _Deferred(
            "A moment to start at, in ISO 8601: an RFC 3339 date-time, or the same without an offset.Beyond the reference: the official client sends the offset-less form for a`--start-time` typed without a zone (`2030-01-15T14:30:00`, from `dateparser`), andStudio takes it. Assumed here, as nothing shows Studio's zone: an offset-less timeis UTC. Clients that can should send an offset."
        )
        cron_expression = _Deferred()
        pause_pipeline = _Deferred("`true` pauses the schedule, `false` resumes it.")
