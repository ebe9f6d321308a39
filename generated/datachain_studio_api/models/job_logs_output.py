from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..models.job_status import JobStatus
from ..types import (
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _List,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.job_log_line import JobLogLine


class JobLogsOutput(Model):
    """A job's log so far. Decided by this contract (the reference leaves the body open): the
    shape of Studio's log-follow WebSocket frames, flattened.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        logs: list[JobLogLine],
        job_id: UUID | None = None,
        status: JobStatus | str | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["logs"] = _to_json(logs)
        if job_id is not None:
            _sent["job_id"] = _to_json(job_id)
        if status is not None:
            _sent["status"] = _to_json(status)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.job_log_line import JobLogLine  # noqa: PLC0415

        return (
            _Field("logs", "logs", _List(_Model(JobLogLine)), True, False),
            _Field("job_id", "job_id", _UUID, False, False),
            _Field("status", "status", _Enum(JobStatus, open=True), False, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def logs(self) -> list[JobLogLine]:
            """Log lines, oldest first."""

        @property
        def job_id(self) -> UUID | None: ...

        @property
        def status(self) -> JobStatus | None:
            """The job's status when the log was read."""

    else:
        logs = _Deferred("Log lines, oldest first.")
        job_id = _Deferred()
        status = _Deferred("The job's status when the log was read.")
