from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
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
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("schedule_id", "schedule_id", _INT, True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def team_name(self) -> str: ...

        @property
        def schedule_id(self) -> int: ...

    else:
        team_name = _Deferred()
        schedule_id = _Deferred()
