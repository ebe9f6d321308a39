from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ..models.job_step_status import JobStepStatus
from ..types import (
    _DATETIME,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _to_json,
)


class JobStep(Model):
    """One step of a job's run (only filled when the list asks for `include_steps`).

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        name: str,
        status: JobStepStatus | str,
        label: str | None = None,
        started_at: datetime.datetime | None = None,
        finished_at: datetime.datetime | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["name"] = _to_json(name)
        _sent["status"] = _to_json(status)
        if label is not None:
            _sent["label"] = _to_json(label)
        if started_at is not None:
            _sent["started_at"] = _to_json(started_at)
        if finished_at is not None:
            _sent["finished_at"] = _to_json(finished_at)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("name", "name", _STR, True, False),
            _Field("status", "status", _Enum(JobStepStatus, open=True), True, False),
            _Field("label", "label", _STR, False, True),
            _Field("started_at", "started_at", _DATETIME, False, True),
            _Field("finished_at", "finished_at", _DATETIME, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def name(self) -> str:
            """Known: waiting, downloading_files, dw_wake_up, virtualenv, running_query."""

        @property
        def status(self) -> JobStepStatus: ...

        @property
        def label(self) -> str | None:
            """The step's name for people."""

        @property
        def started_at(self) -> datetime.datetime | None: ...

        @property
        def finished_at(self) -> datetime.datetime | None: ...

    else:
        name = _Deferred("Known: waiting, downloading_files, dw_wake_up, virtualenv, running_query.")
        status = _Deferred()
        label = _Deferred("The step's name for people.")
        started_at = _Deferred()
        finished_at = _Deferred()
