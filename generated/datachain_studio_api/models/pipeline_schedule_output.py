from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from ..types import (
    _DATETIME,
    _INT,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _Model,
    _to_json,
)

if TYPE_CHECKING:
    from ..models.job_pipeline_output import JobPipelineOutput
    from ..models.user_output import UserOutput


class PipelineScheduleOutput(Model):
    """The `PipelineScheduleOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        id: int,
        schedule_name: str,
        cron_expression: str,
        created_at: datetime.datetime | None = None,
        updated_at: datetime.datetime | None = None,
        start_after: datetime.datetime | None = None,
        next_run: datetime.datetime | None = None,
        latest_run: JobPipelineOutput | None = None,
        pipeline: JobPipelineOutput | None = None,
        created_by: UserOutput | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["id"] = _to_json(id)
        _sent["schedule_name"] = _to_json(schedule_name)
        _sent["cron_expression"] = _to_json(cron_expression)
        if created_at is not None:
            _sent["created_at"] = _to_json(created_at)
        if updated_at is not None:
            _sent["updated_at"] = _to_json(updated_at)
        if start_after is not None:
            _sent["start_after"] = _to_json(start_after)
        if next_run is not None:
            _sent["next_run"] = _to_json(next_run)
        if latest_run is not None:
            _sent["latest_run"] = _to_json(latest_run)
        if pipeline is not None:
            _sent["pipeline"] = _to_json(pipeline)
        if created_by is not None:
            _sent["created_by"] = _to_json(created_by)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.job_pipeline_output import JobPipelineOutput  # noqa: PLC0415
        from ..models.user_output import UserOutput  # noqa: PLC0415

        return (
            _Field("id", "id", _INT, True, False),
            _Field("schedule_name", "schedule_name", _STR, True, False),
            _Field("cron_expression", "cron_expression", _STR, True, False),
            _Field("created_at", "created_at", _DATETIME, False, False),
            _Field("updated_at", "updated_at", _DATETIME, False, False),
            _Field("start_after", "start_after", _DATETIME, False, True),
            _Field("next_run", "next_run", _DATETIME, False, True),
            _Field("latest_run", "latest_run", _Model(JobPipelineOutput), False, True),
            _Field("pipeline", "pipeline", _Model(JobPipelineOutput), False, True),
            _Field("created_by", "created_by", _Model(UserOutput), False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def id(self) -> int: ...

        @property
        def schedule_name(self) -> str: ...

        @property
        def cron_expression(self) -> str: ...

        @property
        def created_at(self) -> datetime.datetime | None: ...

        @property
        def updated_at(self) -> datetime.datetime | None: ...

        @property
        def start_after(self) -> datetime.datetime | None: ...

        @property
        def next_run(self) -> datetime.datetime | None:
            """When the schedule starts its next run; `null` while paused."""

        @property
        def latest_run(self) -> JobPipelineOutput | None:
            """The last run the schedule started, if any."""

        @property
        def pipeline(self) -> JobPipelineOutput | None:
            """The pipeline the schedule runs."""

        @property
        def created_by(self) -> UserOutput | None: ...

    else:
        id = _Deferred()
        schedule_name = _Deferred()
        cron_expression = _Deferred()
        created_at = _Deferred()
        updated_at = _Deferred()
        start_after = _Deferred()
        next_run = _Deferred("When the schedule starts its next run; `null` while paused.")
        latest_run = _Deferred("The last run the schedule started, if any.")
        pipeline = _Deferred("The pipeline the schedule runs.")
        created_by = _Deferred()
