from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..types import (
    _BOOL,
    _STR,
    Model,
    _bind,
    _Deferred,
    _Field,
    _List,
    _to_json,
)


class TriggerPipelineInput(Model):
    """The `TriggerPipelineInput` object of the API.

    Read-only: a field reads `None` when Studio left it out or sent `null`.
    Build one with keyword arguments (a request body): an argument left out or `None` is not
    sent.
    """

    __slots__ = ()

    def __init__(
        self,
        *,
        datasets: list[str],
        team_name: str,
        review: bool | None = None,
    ) -> None:
        # `_sent`: no field of the contract gets a Python name with a leading underscore
        _sent: dict[str, Any] = {}
        _sent["datasets"] = _to_json(datasets)
        _sent["team_name"] = _to_json(team_name)
        if review is not None:
            _sent["review"] = _to_json(review)
        _bind(self, _sent)

    @staticmethod
    def _declare() -> tuple[_Field, ...]:
        return (
            _Field("datasets", "datasets", _List(_STR), True, False),
            _Field("team_name", "team_name", _STR, True, False),
            _Field("review", "review", _BOOL, False, True),
        )

    # The fields: read-only properties for the type checkers; at run time a `_Deferred` each,
    # and the first read of any of them puts them all in the model's `__dict__` (converted),
    # where later reads find them.
    if TYPE_CHECKING:

        @property
        def datasets(self) -> list[str]:
            """Datasets to build the pipeline for: `name`, `name@vX.Y.Z`,
            `@namespace.project.name` or `@namespace.project.name@vX.Y.Z`."""

        @property
        def team_name(self) -> str: ...

        @property
        def review(self) -> bool | None:
            """Wait for review: the pipeline is made `PAUSED`, and starts when it is resumed."""

    else:
        datasets = _Deferred(
            "Datasets to build the pipeline for: `name`, `name@vX.Y.Z`,`@namespace.project.name` or `@namespace.project.name@vX.Y.Z`."
        )
        team_name = _Deferred()
        review = _Deferred("Wait for review: the pipeline is made `PAUSED`, and starts when it is resumed.")
