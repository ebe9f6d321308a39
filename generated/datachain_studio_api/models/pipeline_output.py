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
    from ..models.job_pipeline_output import JobPipelineOutput


class PipelineOutput(Model):
    """The `PipelineOutput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        ok: bool,
        pipeline: JobPipelineOutput,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["ok"] = _to_json(ok)
        _sent["pipeline"] = _to_json(pipeline)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        from ..models.job_pipeline_output import JobPipelineOutput  # noqa: PLC0415

        return (
            _Field("ok", "ok", _BOOL, True, False),
            _Field("pipeline", "pipeline", _Model(JobPipelineOutput), True, False),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def ok(self) -> bool: ...

        @property
        def pipeline(self) -> JobPipelineOutput:
            """A pipeline, either a definition (`is_definition`) or a run."""

    else:
        ok = _Deferred()
        pipeline = _Deferred("A pipeline, either a definition (`is_definition`) or a run.")
