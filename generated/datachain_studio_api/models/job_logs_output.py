from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..models.job_status import JobStatus
from ..types import (
    _UUID,
    Model,
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
        self._data = _sent
        self._cache = None

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.job_log_line import JobLogLine  # noqa: PLC0415

        return (
            _Field("logs", "logs", _List(_Model(JobLogLine)), True, False),
            _Field("job_id", "job_id", _UUID, False, False),
            _Field("status", "status", _Enum(JobStatus, open=True), False, False),
        )

    @property
    def logs(self) -> list[JobLogLine]:
        """Log lines, oldest first."""
        return self._get("logs")

    @property
    def job_id(self) -> UUID | None:
        return self._get("job_id")

    @property
    def status(self) -> JobStatus | None:
        """The job's status when the log was read."""
        return self._get("status")
