from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class CreatePipelineScheduleInput(Model):
    """Name the pipeline by `pipeline_id` or by `pipeline_name`.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        team_name: str,
        cron_expression: str,
        schedule_name: str | None = None,
        pipeline_id: str | None = None,
        pipeline_name: str | None = None,
        start_after: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["team_name"] = _to_json(team_name)
        _sent["cron_expression"] = _to_json(cron_expression)
        if schedule_name is not None:
            _sent["schedule_name"] = _to_json(schedule_name)
        if pipeline_id is not None:
            _sent["pipeline_id"] = _to_json(pipeline_id)
        if pipeline_name is not None:
            _sent["pipeline_name"] = _to_json(pipeline_name)
        if start_after is not None:
            _sent["start_after"] = _to_json(start_after)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("cron_expression", "cron_expression", _STR, True, False),
            _Field("schedule_name", "schedule_name", _STR, False, True),
            _Field("pipeline_id", "pipeline_id", _STR, False, True),
            _Field("pipeline_name", "pipeline_name", _STR, False, True),
            _Field("start_after", "start_after", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def team_name(self) -> str: ...

        @property
        def cron_expression(self) -> str:
            """A five-field cron expression."""

        @property
        def schedule_name(self) -> str | None: ...

        @property
        def pipeline_id(self) -> str | None:
            """The pipeline's id (the reference's example is not a UUID, so any string)."""

        @property
        def pipeline_name(self) -> str | None: ...

        @property
        def start_after(self) -> str | None:
            """A moment to start at, in ISO 8601: an RFC 3339 date-time, or the same without an
            offset.
            Beyond the reference: the official client sends the offset-less form for a
            `--start-time` typed without a zone (`2030-01-15T14:30:00`, from `dateparser`), and
            Studio takes it. Assumed here, as nothing shows Studio's zone: an offset-less time
            is UTC. Clients that can should send an offset."""

    else:
        team_name = _Deferred()
        cron_expression = _Deferred("A five-field cron expression.")
        schedule_name = _Deferred()
        pipeline_id = _Deferred("The pipeline's id (the reference's example is not a UUID, so any string).")
        pipeline_name = _Deferred()
        start_after = _Deferred(
            "A moment to start at, in ISO 8601: an RFC 3339 date-time, or the same without an offset.Beyond the reference: the official client sends the offset-less form for a`--start-time` typed without a zone (`2030-01-15T14:30:00`, from `dateparser`), andStudio takes it. Assumed here, as nothing shows Studio's zone: an offset-less timeis UTC. Clients that can should send an offset."
        )
