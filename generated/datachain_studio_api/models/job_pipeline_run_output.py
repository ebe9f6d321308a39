from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from ..models.job_status import JobStatus
from ..types import (
    _STR,
    _UUID,
    Model,
    _bind,
    _Deferred,
    _Enum,
    _Field,
    _List,
    _to_json,
)


class JobPipelineRunOutput(Model):
    """One job of a pipeline, with the ids of the jobs it waits for.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        job_id: UUID,
        status: JobStatus | str,
        parent_job_ids: list[UUID],
        name: str,
        created_job_id: UUID | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["job_id"] = _to_json(job_id)
        _sent["status"] = _to_json(status)
        _sent["parent_job_ids"] = _to_json(parent_job_ids)
        _sent["name"] = _to_json(name)
        if created_job_id is not None:
            _sent["created_job_id"] = _to_json(created_job_id)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("job_id", "job_id", _UUID, True, False),
            _Field("status", "status", _Enum(JobStatus, open=True), True, False),
            _Field("parent_job_ids", "parent_job_ids", _List(_UUID), True, False),
            _Field("name", "name", _STR, True, False),
            _Field("created_job_id", "created_job_id", _UUID, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def job_id(self) -> UUID: ...

        @property
        def status(self) -> JobStatus:
            """The job's status in the run (a job status, or `string` in the reference)."""

        @property
        def parent_job_ids(self) -> list[UUID]: ...

        @property
        def name(self) -> str: ...

        @property
        def created_job_id(self) -> UUID | None:
            """The job that this run created, once it has started."""

    else:
        job_id = _Deferred()
        status = _Deferred("The job's status in the run (a job status, or `string` in the reference).")
        parent_job_ids = _Deferred()
        name = _Deferred()
        created_job_id = _Deferred("The job that this run created, once it has started.")
