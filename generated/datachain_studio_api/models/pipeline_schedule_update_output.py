from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _BOOL,
    Model,
    _bind,
    _Deferred,
    _Field,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.pipeline_schedule_output import PipelineScheduleOutput


class PipelineScheduleUpdateOutput(Model):
    """The `PipelineScheduleUpdateOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        ok: bool,
        schedule: PipelineScheduleOutput,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["ok"] = _to_json(ok)
        _sent["schedule"] = _to_json(schedule)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.pipeline_schedule_output import PipelineScheduleOutput  # noqa: PLC0415

        return (
            _Field("ok", "ok", _BOOL, True, False),
            _Field("schedule", "schedule", _Model(PipelineScheduleOutput), True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def ok(self) -> bool: ...

        @property
        def schedule(self) -> PipelineScheduleOutput: ...

    else:
        ok = _Deferred()
        schedule = _Deferred()
