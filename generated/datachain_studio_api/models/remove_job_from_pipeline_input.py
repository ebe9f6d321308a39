from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..types import (
    _STR,
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Field,
    _to_json,
)


class RemoveJobFromPipelineInput(Model):
    """Names a pipeline (by `pipeline_id` or `name`) and one of its jobs.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        team_name: str,
        job_id: str,
        pipeline_id: UUID | None = None,
        name: str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["team_name"] = _to_json(team_name)
        _sent["job_id"] = _to_json(job_id)
        if pipeline_id is not None:
            _sent["pipeline_id"] = _to_json(pipeline_id)
        if name is not None:
            _sent["name"] = _to_json(name)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("team_name", "team_name", _STR, True, False),
            _Field("job_id", "job_id", _STR, True, False),
            _Field("pipeline_id", "pipeline_id", _UUID, False, True),
            _Field("name", "name", _STR, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def team_name(self) -> str: ...

        @property
        def job_id(self) -> str:
            """The job's id (the reference's example is not a UUID, so any string)."""

        @property
        def pipeline_id(self) -> UUID | None: ...

        @property
        def name(self) -> str | None: ...

    else:
        team_name = _Deferred()
        job_id = _Deferred("The job's id (the reference's example is not a UUID, so any string).")
        pipeline_id = _Deferred()
        name = _Deferred()
